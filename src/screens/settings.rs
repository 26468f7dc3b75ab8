//! Settings: language, storage used, persistence, export and import of local data.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pq_core::records::{ExportFile, plan_import};
use wasm_bindgen::JsCast;

use crate::app::AppState;
use crate::browser::{download, now, read_file, storage_estimate};
use crate::i18n::Text;
use crate::storage::StorageError;
use crate::sync::SyncSettings;

/// Downloads every local record as one JSON file (also offered when a save fails).
pub fn export_all(state: AppState) {
    let Some(store) = state.store.get_untracked() else {
        return;
    };
    spawn_local(async move {
        let result = match store.all_for_rescue().await {
            Ok(records) => ExportFile::new(records, &now())
                .to_json()
                .map_err(|e| e.to_string())
                .and_then(|text| {
                    let name = format!(
                        "pq-survey-{}.json",
                        now().chars().take(10).collect::<String>()
                    );
                    download(&name, &text, "application/json")
                }),
            Err(error) => Err(error.to_string()),
        };
        if let Err(error) = result {
            state.storage_error.set(Some(StorageError::Failed(error)));
        }
    });
}

#[component]
pub fn SettingsScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    let estimate = LocalResource::new(storage_estimate);
    let import_result = RwSignal::new(None::<String>);
    let on_import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        // Picking the same file again must import again (and find nothing new).
        input.set_value("");
        let Some(store) = state.store.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let outcome = async {
                let text = read_file(file).await?;
                let export = ExportFile::parse(&text).map_err(|e| e.to_string())?;
                let existing = store.all().await.map_err(|e| e.to_string())?;
                let plan = plan_import(&existing, export.records);
                store.import(&plan).await.map_err(|e| e.to_string())?;
                Ok::<_, String>(format!(
                    "+{} ↻{} ={}",
                    plan.add.len(),
                    plan.update.len(),
                    plan.unchanged
                ))
            }
            .await;
            import_result.set(Some(match outcome {
                Ok(summary) => format!("{} {summary}", state.t(Text::Imported)),
                Err(error) => error,
            }));
            state.reload_records();
        });
    };
    let settings = SyncSettings::load();
    let server = RwSignal::new(settings.server);
    let token = RwSignal::new(settings.token);
    let save_settings = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        SyncSettings {
            server: server.get_untracked(),
            token: token.get_untracked(),
        }
        .save();
        state.sync.wake_up();
    };
    let megabytes = |bytes: f64| format!("{:.1} MB", bytes / 1_048_576.0);
    view! {
        <section class="pq-settings">
            <h2>{move || state.t(Text::Settings)}</h2>
            <h3>{move || state.t(Text::Sync)}</h3>
            <form class="pq-sync-settings" on:submit=save_settings>
                <label for="pq-server">{move || state.t(Text::ServerAddress)}</label>
                <input
                    id="pq-server"
                    type="url"
                    inputmode="url"
                    prop:value=move || server.get()
                    on:change=move |ev| server.set(event_target_value(&ev))
                />
                <label for="pq-token">{move || state.t(Text::Token)}</label>
                <input
                    id="pq-token"
                    type="text"
                    autocomplete="off"
                    prop:value=move || token.get()
                    on:change=move |ev| token.set(event_target_value(&ev))
                />
                <button class="pq-primary" type="submit">{move || state.t(Text::SaveSettings)}</button>
            </form>
            <h3>{move || state.t(Text::Storage)}</h3>
            <p>
                {move || state.t(Text::StorageUsed)} ": "
                {move || {
                    estimate
                        .get()
                        .flatten()
                        .map(|(used, quota)| format!("{} / {}", megabytes(used), megabytes(quota)))
                        .unwrap_or_default()
                }}
            </p>
            <h3>{move || state.t(Text::Persistence)}</h3>
            <p>
                {move || match state.persisted.get() {
                    Some(true) => state.t(Text::PersistenceGranted),
                    Some(false) => state.t(Text::PersistenceDenied),
                    None => state.t(Text::Loading),
                }}
            </p>
            <button class="pq-primary" on:click=move |_| export_all(state)>
                {move || state.t(Text::ExportData)}
            </button>
            <label class="pq-file">
                {move || state.t(Text::ImportData)}
                <input type="file" accept="application/json,.json" on:change=on_import />
            </label>
            <p role="status">{move || import_result.get()}</p>
        </section>
    }
}
