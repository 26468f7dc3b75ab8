//! The app's root: shared state, the header, and which screen shows.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pq_core::PRODUCT_NAME;
use pq_core::records::LocalRecord;

use crate::catalog::Catalog;
use crate::i18n::{Lang, Text};
use crate::screens::{DoneScreen, FormScreen, HomeScreen, SettingsScreen};
use crate::storage::{StorageError, Store};

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

/// State every screen reaches through the context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub screen: RwSignal<Screen>,
    /// Every local record, newest edit first (reloaded after each change of status).
    pub records: RwSignal<Vec<LocalRecord>>,
    /// Set once the database is open.
    pub store: RwSignal<Option<Store>, LocalStorage>,
    pub catalog: StoredValue<Catalog>,
    /// A storage problem to tell the person about.
    pub storage_error: RwSignal<Option<StorageError>>,
    pub persisted: RwSignal<Option<bool>>,
}

impl AppState {
    /// Words of the interface in the current language.
    pub fn t(&self, text: Text) -> &'static str {
        text.get(self.lang.get())
    }

    /// Reloads the record list from storage.
    pub fn reload_records(self) {
        let Some(store) = self.store.get_untracked() else {
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

/// The root of the app.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState {
        lang: RwSignal::new(Lang::default()),
        screen: RwSignal::new(Screen::Home),
        records: RwSignal::new(Vec::new()),
        store: RwSignal::new_local(None),
        catalog: StoredValue::new(Catalog::bundled()),
        storage_error: RwSignal::new(None),
        persisted: RwSignal::new(None),
    };
    provide_context(state);
    spawn_local(async move {
        match Store::open().await {
            Ok(store) => {
                state.store.set(Some(store));
                state.reload_records();
            }
            Err(error) => state.storage_error.set(Some(error)),
        }
        state
            .persisted
            .set(Some(crate::browser::request_persistence().await));
    });
    Effect::new(move |_| {
        let code = state.lang.get().code();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", code);
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
fn StorageProblem() -> impl IntoView {
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
