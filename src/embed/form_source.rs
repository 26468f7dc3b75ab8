//! Finding the form an embedded survey shows: by id among the bundled and cached forms, then
//! from its collector; or by address, downloaded and kept for the next visit.

use std::sync::Arc;

use leptos::prelude::*;

use pq_core::compile::{CompiledForm, compile_json};
use pq_core::embed::FormRef;

use crate::app::AppState;
use crate::catalog::{form_id, form_version};
use crate::storage::{CachedForm, Store};
use crate::sync::{
    SendError, SyncSettings, download_definition, published_form, show_cached_forms,
};

/// Why the form cannot be shown.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FormSourceError {
    #[error("no form with id `{0}` is bundled, cached or published")]
    NotFound(String),
    #[error("the form could not be downloaded from {0}: {1}")]
    Download(String, SendError),
    #[error("the form definition is not valid: {0}")]
    Invalid(String),
}

/// The form `form` names, from the catalog, the collector, or its address.
pub async fn resolve_form(
    state: AppState,
    store: &Store,
    form: &FormRef,
    collector: Option<&SyncSettings>,
) -> Result<Arc<CompiledForm>, FormSourceError> {
    show_cached_forms(state).await;
    match form {
        FormRef::Id(id) => {
            if let Some(found) = find(state, id) {
                return Ok(found);
            }
            let Some(collector) = collector else {
                return Err(FormSourceError::NotFound(id.clone()));
            };
            let published = published_form(&collector.server, &collector.token, id, None)
                .await
                .map_err(|e| FormSourceError::Download(collector.server.clone(), e))?
                .ok_or_else(|| FormSourceError::NotFound(id.clone()))?;
            keep(state, store, CachedForm::from(published)).await;
            find(state, id).ok_or_else(|| FormSourceError::NotFound(id.clone()))
        }
        FormRef::Url(address) => {
            let url = absolute(address);
            let definition = download_definition(&url)
                .await
                .map_err(|e| FormSourceError::Download(url.clone(), e))?;
            let compiled = compile_json(&definition.to_string())
                .map_err(|e| FormSourceError::Invalid(e.to_string()))?;
            let id = form_id(&compiled);
            if id.is_empty() {
                return Err(FormSourceError::Invalid(
                    "the definition has no `id`".into(),
                ));
            }
            let cached = CachedForm {
                id: id.clone(),
                version: form_version(&compiled),
                etag: String::new(),
                definition,
            };
            keep(state, store, cached).await;
            Ok(find(state, &id).unwrap_or_else(|| Arc::new(compiled)))
        }
    }
}

fn find(state: AppState, id: &str) -> Option<Arc<CompiledForm>> {
    state
        .catalog
        .try_with_untracked(|c| c.find(id, ""))
        .flatten()
}

/// Keeps a definition on the device (a draft of it reopens offline) and lists it.
async fn keep(state: AppState, store: &Store, form: CachedForm) {
    if let Err(error) = store.save_form(&form).await {
        leptos::logging::warn!("the form {} is not kept on the device: {error}", form.id);
    }
    show_cached_forms(state).await;
}

/// `address` resolved against the host page's address.
fn absolute(address: &str) -> String {
    let base = leptos::prelude::document()
        .base_uri()
        .ok()
        .flatten()
        .unwrap_or_default();
    web_sys::Url::new_with_base(address, &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| address.to_owned())
}
