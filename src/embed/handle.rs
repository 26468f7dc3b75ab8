//! The JavaScript side of an embedded survey: [`mount_survey`] starts one in an element, and
//! the [`EmbeddedSurvey`] it returns is what `pq-survey.js` turns into `getData()`,
//! `setData()`, `validate()`, `submit()` and `destroy()`.

use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use pq_core::embed::{EmbedEvent, EmbedOptions, ErrorCode};
use pq_core::session::FormSession;
use pq_core::validation::ValidationError;
use serde_json::{Map, Value, json};
use wasm_bindgen::prelude::*;

use crate::app::{AppState, Screen};
use crate::events::Events;
use crate::i18n::Lang;
use crate::screens::{OpenForm, OpenFormSlot, complete};
use crate::storage::StorageError;
use crate::sync::SyncSettings;

use super::root::{EmbeddedRoot, storage_code};
use super::scope::Embedding;

/// Why a call on the handle did not do what it asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HandleError {
    #[error("{0}")]
    Options(#[from] pq_core::embed::OptionsError),
    #[error("the survey was destroyed")]
    Destroyed,
    #[error("the form is not shown yet (wait for pq-ready)")]
    NotReady,
    #[error("the survey is shown read-only")]
    ReadOnly,
    #[error("{} answer(s) are missing or wrong", .0.len())]
    Invalid(Vec<ValidationError>),
    #[error("setData expects an object of answers by question name: {0}")]
    BadData(String),
    #[error("{0}")]
    Storage(#[from] StorageError),
}

impl HandleError {
    fn code(&self) -> ErrorCode {
        match self {
            HandleError::Options(_) | HandleError::BadData(_) => ErrorCode::BadOptions,
            HandleError::Destroyed | HandleError::NotReady => ErrorCode::NotReady,
            HandleError::ReadOnly => ErrorCode::ReadOnly,
            HandleError::Invalid(_) => ErrorCode::Invalid,
            HandleError::Storage(error) => storage_code(error),
        }
    }

    /// What JavaScript receives (thrown, or a rejected promise): `{code, message, errors?}`.
    fn into_js(self) -> JsValue {
        let mut detail = json!({ "code": self.code().as_str(), "message": self.to_string() });
        if let HandleError::Invalid(errors) = &self {
            detail["errors"] = serde_json::to_value(errors).unwrap_or(Value::Null);
        }
        to_js(&detail)
    }
}

/// A JSON value as a JavaScript value.
fn to_js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

/// One embedded survey, as JavaScript holds it.
#[wasm_bindgen]
pub struct EmbeddedSurvey {
    state: AppState,
    slot: OpenFormSlot,
    /// The mounted view; dropping it unmounts the survey and disposes its state.
    mounted: Option<Box<dyn Any>>,
}

/// Starts a survey inside `container` (an element in the `<pq-survey>` shadow root).
/// `options` is JSON (`form`, `server`, `token`, `lang`, `draft-key`, `readonly`); `emit` is
/// called with each event's type and detail.
#[wasm_bindgen(js_name = mountSurvey)]
pub fn mount_survey(
    container: web_sys::HtmlElement,
    options: &str,
    emit: js_sys::Function,
) -> Result<EmbeddedSurvey, JsValue> {
    console_error_panic_hook::set_once();
    let options = EmbedOptions::from_json(options).map_err(|e| HandleError::from(e).into_js())?;
    let embedding = Embedding {
        form_id: String::new(),
        draft_key: options.draft_key.clone(),
        collector: options.collector().map(|(server, token)| SyncSettings {
            server: server.to_owned(),
            token: token.to_owned(),
        }),
    };
    let lang = options
        .lang
        .as_deref()
        .map_or_else(Lang::default, Lang::from_code);
    // The state is made inside the mount, so unmounting disposes it.
    let made = Rc::new(Cell::new(None::<(AppState, OpenFormSlot)>));
    let mounted = leptos::mount::mount_to(container, {
        let made = Rc::clone(&made);
        move || {
            let events = Events::to(move |event: &EmbedEvent| {
                let _ = emit.call2(
                    &JsValue::NULL,
                    &JsValue::from_str(event.name()),
                    &to_js(&event.detail()),
                );
            });
            let state = AppState::new(lang, Screen::Home, events, Some(embedding));
            let slot = OpenFormSlot(RwSignal::new_local(None));
            made.set(Some((state, slot)));
            view! { <EmbeddedRoot state open_form=slot options /> }
        }
    });
    let (state, slot) = made
        .take()
        .ok_or_else(|| JsValue::from_str("the survey did not mount"))?;
    Ok(EmbeddedSurvey {
        state,
        slot,
        mounted: Some(Box::new(mounted)),
    })
}

#[wasm_bindgen]
impl EmbeddedSurvey {
    /// The answers now, by question name.
    #[wasm_bindgen(js_name = getData)]
    pub fn get_data(&self) -> Result<JsValue, JsValue> {
        let open = self.open().map_err(HandleError::into_js)?;
        let answers = open
            .ctx
            .session
            .try_with_untracked(|s| Value::Object(s.state().answers().clone()))
            .ok_or_else(|| HandleError::Destroyed.into_js())?;
        Ok(to_js(&answers))
    }

    /// Sets answers (an object by question name; `null` clears one) and saves them.
    #[wasm_bindgen(js_name = setData)]
    pub fn set_data(&self, data: JsValue) -> Result<(), JsValue> {
        let open = self.open().map_err(HandleError::into_js)?;
        if open.ctx.read_only {
            return Err(HandleError::ReadOnly.into_js());
        }
        let text = js_sys::JSON::stringify(&data)
            .map(String::from)
            .map_err(|_| HandleError::BadData("not JSON".into()).into_js())?;
        let answers: Map<String, Value> = serde_json::from_str(&text)
            .map_err(|e| HandleError::BadData(e.to_string()).into_js())?;
        open.ctx.set_many(answers);
        Ok(())
    }

    /// Checks every answer: `{valid, errors: [{path, element, message}]}`.
    pub fn validate(&self) -> Result<JsValue, JsValue> {
        let errors = self.blocking_errors().map_err(HandleError::into_js)?;
        let errors = serde_json::to_value(&errors).unwrap_or(Value::Null);
        let valid = errors.as_array().is_some_and(Vec::is_empty);
        Ok(to_js(&json!({ "valid": valid, "errors": errors })))
    }

    /// Finishes the survey as its "finish" button does. Resolves to the submission (the
    /// detail of `pq-complete`); rejects with `{code: "invalid", errors}` when answers are
    /// missing or wrong (they are then shown), or with the storage problem.
    pub fn submit(&self) -> js_sys::Promise {
        let state = self.state;
        let outcome = self.open().and_then(|open| {
            if open.ctx.read_only {
                return Err(HandleError::ReadOnly);
            }
            let errors = self.blocking_errors()?;
            if !errors.is_empty() {
                open.finish.run(());
                return Err(HandleError::Invalid(errors));
            }
            open.record_id.try_get_value().ok_or(HandleError::Destroyed)
        });
        wasm_bindgen_futures::future_to_promise(async move {
            let id = outcome.map_err(HandleError::into_js)?;
            let record = complete(state, id)
                .await
                .map_err(|e| HandleError::from(e).into_js())?;
            let submission = pq_core::sync::submission_of(&record, &crate::sync::device_id());
            Ok(to_js(
                &serde_json::to_value(submission).unwrap_or(Value::Null),
            ))
        })
    }

    /// Switches the interface language (`vi`, `en`) in place.
    #[wasm_bindgen(js_name = setLang)]
    pub fn set_lang(&self, code: &str) {
        self.state.lang.set(Lang::from_code(code));
    }

    /// Unmounts the survey and gives back its draft's lock; the handle is then spent.
    pub fn destroy(&mut self) {
        self.mounted = None;
    }
}

impl EmbeddedSurvey {
    fn open(&self) -> Result<OpenForm, HandleError> {
        if self.mounted.is_none() {
            return Err(HandleError::Destroyed);
        }
        self.slot
            .0
            .try_get_untracked()
            .ok_or(HandleError::Destroyed)?
            .ok_or(HandleError::NotReady)
    }

    fn blocking_errors(&self) -> Result<Vec<ValidationError>, HandleError> {
        self.open()?
            .ctx
            .session
            .try_with_untracked(FormSession::blocking_errors)
            .ok_or(HandleError::Destroyed)
    }
}
