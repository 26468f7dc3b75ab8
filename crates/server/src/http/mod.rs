//! The HTTP side of `pq serve`: routes, the app's static files, health.

mod app_files;
mod health;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use tower_http::trace::TraceLayer;

use crate::storage::Database;

/// What every handler can reach. The server keeps no state beyond the database.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<StateInner>,
}

#[derive(Debug)]
struct StateInner {
    database: Database,
    dist: PathBuf,
}

impl AppState {
    pub fn new(database: Database, dist: PathBuf) -> Self {
        AppState {
            inner: Arc::new(StateInner { database, dist }),
        }
    }

    pub fn database(&self) -> &Database {
        &self.inner.database
    }
}

/// The whole application: API routes first, then the app's files.
pub fn router(state: AppState) -> Router {
    let files = app_files::service(&state.inner.dist);
    Router::new()
        .route("/healthz", get(health::healthz))
        .with_state(state)
        .fallback_service(files)
        .layer(axum::middleware::from_fn(app_files::cache_headers))
        .layer(TraceLayer::new_for_http())
}
