//! Sending finished surveys: the outbox empties by itself whenever the server can be reached
//! — at start, when the browser comes back online, after a survey is finished, and on a
//! timer — with growing waits while the server fails. What each result does to a record is
//! decided in `pq_core::sync`; this module only moves data.

mod http;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pq_core::embed::{EmbedEvent, ErrorCode};
use pq_core::records::RecordStatus;
use pq_core::sync::{BATCH_SIZE, apply_response, pending, retry_delay_ms, submission_of};

use crate::app::AppState;
use crate::browser::{new_id, now};
use crate::catalog::Catalog;
use crate::storage::CachedForm;

pub use http::{SendError, download_definition, published_form, sleep};

const SERVER_KEY: &str = "pq-server";
const TOKEN_KEY: &str = "pq-token";
const DEVICE_KEY: &str = "pq-device";
/// How often an idle app looks for records to send, in milliseconds.
const IDLE_POLL_MS: u64 = 60_000;
/// The slice the waiting loop sleeps in, to react to wake-ups quickly.
const TICK_MS: i32 = 250;

/// Where to send, and with which token (kept on the device).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncSettings {
    pub server: String,
    pub token: String,
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

impl SyncSettings {
    /// The saved settings; the server defaults to the address the app came from.
    pub fn load() -> Self {
        let stored = |key| local_storage().and_then(|s| s.get_item(key).ok().flatten());
        SyncSettings {
            server: stored(SERVER_KEY)
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| window().location().origin().unwrap_or_default()),
            token: stored(TOKEN_KEY).unwrap_or_default(),
        }
    }

    pub fn save(&self) {
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(SERVER_KEY, self.server.trim());
            let _ = storage.set_item(TOKEN_KEY, self.token.trim());
        }
    }
}

/// This installation's id, made once.
pub fn device_id() -> String {
    let storage = local_storage();
    if let Some(id) = storage
        .as_ref()
        .and_then(|s| s.get_item(DEVICE_KEY).ok().flatten())
    {
        return id;
    }
    let id = new_id();
    if let Some(storage) = storage {
        let _ = storage.set_item(DEVICE_KEY, &id);
    }
    id
}

/// Where this app sends: the standalone app's saved settings; an embedded survey's collector
/// from its host (`None`: an embedded survey without a collector sends nothing).
fn target(state: AppState) -> Option<SyncSettings> {
    match state.embedding.try_get_value() {
        Some(Some(embedding)) => embedding.collector,
        Some(None) => Some(SyncSettings::load()),
        None => None,
    }
}

/// Whether the app this loop serves is still there (an embedded survey can be destroyed).
fn alive(state: AppState) -> bool {
    state.sync.wake.try_get_untracked().is_some()
}

/// What the person sees of syncing.
#[derive(Clone, Copy)]
pub struct SyncStatus {
    /// `(sent, total)` while sending.
    pub sending: RwSignal<Option<(usize, usize)>>,
    pub last_success: RwSignal<Option<String>>,
    pub last_error: RwSignal<Option<String>>,
    /// Bumped to wake the loop now (online again, a survey finished, "send now").
    pub wake: RwSignal<u64>,
}

impl SyncStatus {
    pub fn new() -> Self {
        SyncStatus {
            sending: RwSignal::new(None),
            last_success: RwSignal::new(None),
            last_error: RwSignal::new(None),
            wake: RwSignal::new(0),
        }
    }

    /// Asks the loop to try now.
    pub fn wake_up(&self) {
        self.wake.update(|n| *n += 1);
    }
}

impl Default for SyncStatus {
    fn default() -> Self {
        Self::new()
    }
}

/// Starts the loop that empties the outbox, for the life of the app (of an embedded survey:
/// until it is destroyed).
pub fn start(state: AppState) {
    let status = state.sync;
    let on_online = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || status.wake_up());
    let _ = window().add_event_listener_with_callback(
        "online",
        wasm_bindgen::JsCast::unchecked_ref(on_online.as_ref()),
    );
    on_online.forget();
    spawn_local(async move {
        let mut failures: u32 = 0;
        show_cached_forms(state).await;
        while alive(state) {
            // Forms first (cheap with ETags); a failure shows in the outbox's attempt below.
            if refresh_forms(state).await.is_ok() {
                show_cached_forms(state).await;
            }
            let wait = match send_outbox(state).await {
                Ok(()) => {
                    failures = 0;
                    IDLE_POLL_MS
                }
                Err(error) => {
                    status.last_error.set(Some(error.to_string()));
                    state.events.emit(EmbedEvent::Error {
                        code: ErrorCode::SyncFailed,
                        message: error.to_string(),
                    });
                    failures = failures.saturating_add(1);
                    retry_delay_ms(failures - 1, js_sys::Math::random())
                }
            };
            wait_or_wake(status, wait).await;
        }
    });
}

/// Sleeps `ms`, or less when woken.
async fn wait_or_wake(status: SyncStatus, ms: u64) {
    let Some(woken_at) = status.wake.try_get_untracked() else {
        return;
    };
    let mut waited: u64 = 0;
    while waited < ms && status.wake.try_get_untracked() == Some(woken_at) {
        sleep(TICK_MS).await;
        waited += TICK_MS as u64;
    }
}

/// Sends every outbox record (of an embedded survey: its own), batch by batch, saving each
/// result as it comes.
async fn send_outbox(state: AppState) -> Result<(), SendError> {
    let status = state.sync;
    let Some(store) = state.store.try_get_untracked().flatten() else {
        return Ok(());
    };
    let Some(settings) = target(state) else {
        return Ok(());
    };
    let outbox = store
        .with_status(RecordStatus::Outbox)
        .await
        .map_err(|e| SendError::BadAnswer(e.to_string()))?;
    let mut waiting = pending(&outbox);
    if let Some(Some(embedding)) = state.embedding.try_get_value() {
        waiting.retain(|r| embedding.owns(r));
    }
    if waiting.is_empty() {
        return Ok(());
    }
    if settings.token.trim().is_empty() {
        return Err(SendError::Unauthorized(401));
    }
    let device = device_id();
    let total = waiting.len();
    let mut done = 0;
    status.sending.set(Some((done, total)));
    let outcome = async {
        for batch in waiting.chunks(BATCH_SIZE) {
            let submissions = batch.iter().map(|r| submission_of(r, &device)).collect();
            let response = http::send_batch(&settings.server, &settings.token, submissions).await?;
            // One transaction for the batch's results: all kept, or none (the batch is then
            // sent again, and the server keeps one copy).
            let results = apply_response(batch, &response);
            store
                .save_all(&results)
                .await
                .map_err(|e| SendError::BadAnswer(e.to_string()))?;
            for record in results.iter().filter(|r| r.status == RecordStatus::Sent) {
                state.events.emit(EmbedEvent::Synced {
                    record_id: record.id.clone(),
                    status: "sent".to_owned(),
                });
            }
            done += batch.len();
            status.sending.set(Some((done, total)));
        }
        Ok(())
    }
    .await;
    status.sending.set(None);
    if outcome.is_ok() {
        status.last_success.set(Some(now()));
        status.last_error.set(None);
    }
    state.reload_records();
    outcome
}

/// Downloads the published forms that changed since they were cached (ETags), for use offline.
async fn refresh_forms(state: AppState) -> Result<(), SendError> {
    let Some(store) = state.store.try_get_untracked().flatten() else {
        return Ok(());
    };
    let Some(settings) = target(state) else {
        return Ok(());
    };
    if settings.token.trim().is_empty() {
        return Ok(());
    }
    let list = http::published_forms(&settings.server, &settings.token).await?;
    let cached = store.forms().await.unwrap_or_default();
    for summary in list.forms {
        let known = cached.iter().find(|c| c.id == summary.id);
        if known.is_some_and(|c| c.etag == summary.etag) {
            continue;
        }
        let etag = known.map(|c| c.etag.as_str());
        if let Some(form) =
            http::published_form(&settings.server, &settings.token, &summary.id, etag).await?
        {
            store
                .save_form(&CachedForm::from(form))
                .await
                .map_err(|e| SendError::BadAnswer(e.to_string()))?;
        }
    }
    Ok(())
}

/// Lists the bundled forms plus those cached from the server.
pub async fn show_cached_forms(state: AppState) {
    let Some(store) = state.store.try_get_untracked().flatten() else {
        return;
    };
    let Ok(cached) = store.forms().await else {
        return;
    };
    let definitions: Vec<serde_json::Value> = cached.into_iter().map(|c| c.definition).collect();
    // A survey destroyed meanwhile has no catalog any more: nothing to show.
    let Some(catalog) = state
        .catalog
        .try_with_untracked(|current| current.with_published(definitions))
    else {
        return;
    };
    if state.catalog.try_with_untracked(Catalog::versions) != Some(catalog.versions()) {
        state.catalog.set(catalog);
    }
}
