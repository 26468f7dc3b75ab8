//! The app's root: shared state, the header, and which screen shows.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pq_core::PRODUCT_NAME;
use pq_core::records::LocalRecord;

use crate::catalog::Catalog;
use crate::embed::Embedding;
use crate::events::Events;
use crate::i18n::{Lang, Text};
use crate::screens::{DoneScreen, FormScreen, HomeScreen, SettingsScreen};
use crate::storage::{StorageError, Store};
use crate::sync::{SyncSettings, SyncStatus};

/// Which screen is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Home,
    /// Filling in a record (by id).
    Form(String),
    /// A record was just finished.
    Done(String),
    Settings,
}

impl Screen {
    /// The screen a location hash names (`#/form/ID`, `#/done/ID`, `#/settings`); home
    /// otherwise. Reloading the page therefore reopens the screen it showed.
    pub fn from_hash(hash: &str) -> Screen {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        match path.split_once('/') {
            Some(("form", id)) if !id.is_empty() => Screen::Form(id.to_owned()),
            Some(("done", id)) if !id.is_empty() => Screen::Done(id.to_owned()),
            _ if path == "settings" => Screen::Settings,
            _ => Screen::Home,
        }
    }

    /// The location hash for this screen.
    pub fn to_hash(&self) -> String {
        match self {
            Screen::Home => "#/".to_owned(),
            Screen::Form(id) => format!("#/form/{id}"),
            Screen::Done(id) => format!("#/done/{id}"),
            Screen::Settings => "#/settings".to_owned(),
        }
    }
}

/// State every screen reaches through the context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub screen: RwSignal<Screen>,
    /// Every local record, newest edit first (reloaded after each change of status).
    pub records: RwSignal<Vec<LocalRecord>>,
    /// Set once the database is open.
    pub store: RwSignal<Option<Store>, LocalStorage>,
    /// The forms that can be started: bundled, plus the server's published ones.
    pub catalog: RwSignal<Catalog>,
    /// A storage problem to tell the person about.
    pub storage_error: RwSignal<Option<StorageError>>,
    pub persisted: RwSignal<Option<bool>>,
    /// Sending finished surveys.
    pub sync: SyncStatus,
    /// Where the survey's events go (nowhere in the standalone app).
    pub events: Events,
    /// Set when the app is embedded in another site's page; `None`: the standalone app.
    pub embedding: StoredValue<Option<Embedding>, LocalStorage>,
}

impl AppState {
    /// Fresh state, before the database is open.
    pub fn new(lang: Lang, screen: Screen, events: Events, embedding: Option<Embedding>) -> Self {
        AppState {
            lang: RwSignal::new(lang),
            screen: RwSignal::new(screen),
            records: RwSignal::new(Vec::new()),
            store: RwSignal::new_local(None),
            catalog: RwSignal::new(Catalog::bundled()),
            storage_error: RwSignal::new(None),
            persisted: RwSignal::new(None),
            sync: SyncStatus::new(),
            events,
            embedding: StoredValue::new_local(embedding),
        }
    }

    /// Whether this is a survey embedded in another site's page.
    pub fn is_embedded(&self) -> bool {
        self.embedding
            .try_with_value(Option::is_some)
            .unwrap_or(false)
    }

    /// Words of the interface in the current language.
    pub fn t(&self, text: Text) -> &'static str {
        text.get(self.lang.get())
    }

    /// Reloads the record list from storage.
    pub fn reload_records(self) {
        let Some(store) = self.store.try_get_untracked().flatten() else {
            return;
        };
        spawn_local(async move {
            match store.all().await {
                Ok(records) => self.records.set(records),
                Err(error) => self.storage_error.set(Some(error)),
            }
        });
    }
}

/// Where the chosen language is remembered between visits.
const LANG_KEY: &str = "pq-lang";

fn saved_lang() -> Lang {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .map_or_else(Lang::default, |code| Lang::from_code(&code))
}

/// The root of the app.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(
        saved_lang(),
        Screen::from_hash(&window().location().hash().unwrap_or_default()),
        Events::none(),
        None,
    );
    provide_context(state);
    // Read before the router rewrites the address.
    let invitation = invitation_href();
    spawn_local(async move {
        match Store::open().await {
            Ok(store) => {
                state.store.set(Some(store));
                state.reload_records();
                accept_invitation(state, invitation).await;
                crate::sync::start(state);
            }
            Err(error) => state.storage_error.set(Some(error)),
        }
        state
            .persisted
            .set(Some(crate::browser::request_persistence().await));
    });
    // The screen and the address bar follow each other (reload, back button).
    Effect::new(move |_| {
        let hash = state.screen.get().to_hash();
        let location = window().location();
        if location.hash().unwrap_or_default() != hash {
            let _ = location.set_hash(&hash);
        }
    });
    let on_hash = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        let screen = Screen::from_hash(&window().location().hash().unwrap_or_default());
        if state.screen.get_untracked() != screen {
            state.screen.set(screen);
        }
    });
    window().set_onhashchange(Some(wasm_bindgen::JsCast::unchecked_ref(on_hash.as_ref())));
    on_hash.forget();
    Effect::new(move |_| {
        let code = state.lang.get().code();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", code);
        }
        if let Ok(Some(storage)) = window().local_storage() {
            let _ = storage.set_item(LANG_KEY, code);
        }
    });
    view! {
        <div class="pq-app">
            <header class="pq-header">
                <button class="pq-brand" on:click=move |_| state.screen.set(Screen::Home)>
                    <h1 class="pq-title">{PRODUCT_NAME}</h1>
                </button>
                <p class="pq-subtitle">{move || state.t(Text::Tagline)}</p>
                <nav class="pq-nav" aria-label="PQ Survey">
                    <button on:click=move |_| state.screen.set(Screen::Home)>
                        {move || state.t(Text::Home)}
                    </button>
                    <button on:click=move |_| state.screen.set(Screen::Settings)>
                        {move || state.t(Text::Settings)}
                    </button>
                    <LanguageSwitch />
                </nav>
            </header>
            <StorageProblem />
            <main class="pq-main">
                {move || match state.screen.get() {
                    Screen::Home => view! { <HomeScreen /> }.into_any(),
                    Screen::Form(id) => view! { <FormScreen record_id=id /> }.into_any(),
                    Screen::Done(id) => view! { <DoneScreen record_id=id /> }.into_any(),
                    Screen::Settings => view! { <SettingsScreen /> }.into_any(),
                }}
            </main>
        </div>
    }
}

/// The address, when the app was opened through an invitation link.
fn invitation_href() -> Option<String> {
    let location = window().location();
    let path = location.pathname().ok()?;
    (path.trim_end_matches('/').rsplit('/').next() == Some(pq_core::sync::INVITATION_PATH))
        .then(|| location.href().ok())
        .flatten()
}

/// An invitation link (`/invite#server=…&token=…&form=…&tax_code=…`): keeps the server and
/// token, then opens that form — the respondent's existing draft when there is one, else a new
/// one with the tax code filled in.
async fn accept_invitation(state: AppState, href: Option<String>) {
    let Some(Ok(invitation)) = href.map(|h| pq_core::sync::Invitation::from_url(&h)) else {
        return;
    };
    SyncSettings {
        server: invitation.server.clone(),
        token: invitation.token.clone(),
    }
    .save();
    // The token must not stay in the address bar (nor in history).
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/#/"));
    }
    let Some(form_id) = invitation.form_id else {
        state.screen.set(Screen::Home);
        return;
    };
    let (Some(store), Some(form)) = (
        state.store.get_untracked(),
        state.catalog.with_untracked(|c| c.find(&form_id, "")),
    ) else {
        state.screen.set(Screen::Home);
        return;
    };
    let existing = store.all().await.unwrap_or_default().into_iter().find(|r| {
        r.form_id == form_id
            && r.status == pq_core::records::RecordStatus::Draft
            && r.answers.get("tax_code").and_then(|v| v.as_str()) == invitation.tax_code.as_deref()
    });
    let record = match existing {
        Some(record) => record,
        None => {
            let mut record = LocalRecord::draft(
                crate::browser::new_id(),
                form_id.clone(),
                crate::catalog::form_version(&form),
                state.lang.get_untracked().code(),
                &crate::browser::now(),
            );
            if let Some(code) = &invitation.tax_code {
                record
                    .answers
                    .insert("tax_code".into(), code.clone().into());
            }
            if let Err(error) = store.save(&record).await {
                state.storage_error.set(Some(error));
                return;
            }
            record
        }
    };
    state.reload_records();
    state.screen.set(Screen::Form(record.id));
}

/// Vietnamese / English.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="pq-lang" role="group" aria-label=move || state.t(Text::Language)>
            <button
                aria-pressed=move || (state.lang.get() == Lang::Vi).to_string()
                on:click=move |_| state.lang.set(Lang::Vi)
            >
                "Tiếng Việt"
            </button>
            <button
                aria-pressed=move || (state.lang.get() == Lang::En).to_string()
                on:click=move |_| state.lang.set(Lang::En)
            >
                "English"
            </button>
        </div>
    }
}

/// A plain message when storage fails, with the way out: export.
#[component]
pub fn StorageProblem() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.storage_error.get().map(|error| {
            let detail = error.to_string();
            view! {
                <div class="pq-alert" role="alert">
                    <p>{move || state.t(Text::SaveFailed)}</p>
                    <p class="pq-detail">{detail}</p>
                    <button on:click=move |_| crate::screens::export_all(state)>
                        {move || state.t(Text::ExportMyData)}
                    </button>
                </div>
            }
        })
    }
}
