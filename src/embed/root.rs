//! The view of an embedded survey: one form, its draft, and what went wrong when it cannot
//! be shown.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pq_core::embed::{EmbedEvent, EmbedOptions, ErrorCode, find_draft, find_latest};
use pq_core::records::LocalRecord;

use crate::app::{AppState, Screen, StorageProblem};
use crate::browser::{new_id, now};
use crate::catalog::{form_id, form_version};
use crate::i18n::Text;
use crate::screens::{FormScreen, OpenFormSlot};
use crate::storage::{StorageError, Store};

use super::form_source::{FormSourceError, resolve_form};

/// How far an embedded survey got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Loading,
    /// The form is shown (the screen says which record).
    Shown,
    /// It cannot be shown: why, in the interface's words.
    Failed(Text),
}

/// The error code a host receives for a storage problem.
pub fn storage_code(error: &StorageError) -> ErrorCode {
    match error {
        StorageError::Unavailable => ErrorCode::StorageUnavailable,
        StorageError::QuotaExceeded => ErrorCode::StorageFull,
        StorageError::NotFound | StorageError::Failed(_) => ErrorCode::StorageFailed,
    }
}

#[component]
pub fn EmbeddedRoot(
    state: AppState,
    open_form: OpenFormSlot,
    options: EmbedOptions,
) -> impl IntoView {
    let slot = open_form;
    provide_context(state);
    provide_context(slot);
    let phase = RwSignal::new(Phase::Loading);
    let read_only = options.read_only;
    spawn_local(open(state, options, phase));
    // Every storage problem reaches the host too.
    Effect::new(move |_| {
        if let Some(error) = state.storage_error.get() {
            state.events.emit(EmbedEvent::Error {
                code: storage_code(&error),
                message: error.to_string(),
            });
        }
    });
    // Ready once the form is on screen (its handle then answers getData, setData, …).
    let announced = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let Some(open) = slot.0.get() else {
            return;
        };
        let record_id = open.record_id.get_value();
        if announced.get_value().as_deref() == Some(record_id.as_str()) {
            return;
        }
        announced.set_value(Some(record_id.clone()));
        let form_id = state
            .embedding
            .with_value(|e| e.as_ref().map(|e| e.form_id.clone()))
            .unwrap_or_default();
        state.events.emit(EmbedEvent::Ready {
            form_id,
            record_id,
            read_only: open.ctx.read_only,
        });
    });
    view! {
        <div class="pq-app pq-embedded" lang=move || state.lang.get().code()>
            <StorageProblem />
            <main class="pq-main">
                {move || match (phase.get(), state.screen.get()) {
                    (Phase::Loading, _) => {
                        view! { <p role="status">{move || state.t(Text::Loading)}</p> }.into_any()
                    }
                    (Phase::Failed(text), _) => {
                        view! {
                            <p class="pq-alert pq-embed-problem" role="alert">
                                {move || state.t(text)}
                            </p>
                        }
                            .into_any()
                    }
                    (Phase::Shown, Screen::Done(_)) => view! { <EmbeddedDone /> }.into_any(),
                    (Phase::Shown, Screen::Form(id)) => {
                        view! { <FormScreen record_id=id read_only /> }.into_any()
                    }
                    (Phase::Shown, _) => ().into_any(),
                }}
            </main>
        </div>
    }
}

/// Opens storage, finds the form and the host user's draft, and shows it.
async fn open(state: AppState, options: EmbedOptions, phase: RwSignal<Phase>) {
    let fail = move |text: Text, code: ErrorCode, message: String| {
        phase.set(Phase::Failed(text));
        state.events.emit(EmbedEvent::Error { code, message });
    };
    let store = match Store::open().await {
        Ok(store) => store,
        Err(error) => {
            // Nothing can be saved here (e.g. IndexedDB blocked in a third-party frame, where
            // browsers fail the open in various ways): say so rather than show a form whose
            // answers would be lost.
            fail(
                Text::StorageBlocked,
                ErrorCode::StorageUnavailable,
                error.to_string(),
            );
            return;
        }
    };
    state.store.set(Some(store.clone()));
    let collector = state
        .embedding
        .try_get_value()
        .flatten()
        .and_then(|e| e.collector);
    let form = match resolve_form(state, &store, &options.form, collector.as_ref()).await {
        Ok(form) => form,
        Err(error) => {
            let code = match error {
                FormSourceError::NotFound(_) | FormSourceError::Download(..) => {
                    ErrorCode::FormNotFound
                }
                FormSourceError::Invalid(_) => ErrorCode::BadOptions,
            };
            fail(Text::FormMissing, code, error.to_string());
            return;
        }
    };
    let id = form_id(&form);
    state.embedding.update_value(|e| {
        if let Some(e) = e {
            e.form_id = id.clone();
        }
    });
    let records = match store.all().await {
        Ok(records) => records,
        Err(error) => {
            fail(
                Text::StorageBlocked,
                storage_code(&error),
                error.to_string(),
            );
            return;
        }
    };
    let key = options.draft_key.as_deref();
    let existing = if options.read_only {
        find_latest(&records, &id, key)
    } else {
        find_draft(&records, &id, key)
    };
    let record = match existing {
        Some(record) => record.clone(),
        None => {
            let lang = state.lang.try_get_untracked().unwrap_or_default();
            let mut record =
                LocalRecord::draft(new_id(), id, form_version(&form), lang.code(), &now());
            record.draft_key = options.draft_key.clone();
            if let Err(error) = store.save(&record).await {
                fail(
                    Text::StorageBlocked,
                    storage_code(&error),
                    error.to_string(),
                );
                return;
            }
            record
        }
    };
    state.reload_records();
    state.screen.set(Screen::Form(record.id));
    phase.set(Phase::Shown);
    crate::sync::start(state);
}

/// After finishing: the survey is in the outbox (the host heard `pq-complete`).
#[component]
fn EmbeddedDone() -> impl IntoView {
    let state = expect_context::<AppState>();
    state.sync.wake_up();
    view! {
        <section class="pq-done" role="status">
            <h2>{move || state.t(Text::Done)}</h2>
            <p>{move || state.t(Text::DoneHint)}</p>
        </section>
    }
}
