//! The HTTP side of `pq serve`: the collector API under `/api/v1`, the app's static files,
//! health.

mod api;
mod app_files;
mod auth;
mod dashboard;
mod health;
pub mod listener;
mod security_headers;
pub mod slow_body;
mod url_guard;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::routing::get;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;

use crate::ServerError;
use crate::storage::Database;
use crate::sync::Limits;
use slow_body::BodyPace;

/// How the API behaves: batch limits and the origins allowed by CORS.
#[derive(Debug, Clone, Default)]
pub struct ApiConfig {
    pub limits: Limits,
    /// The slowest a request body may arrive.
    pub body_pace: BodyPace,
    /// Dashboard cookies without `Secure` (`pq serve --insecure-cookies`, or a server
    /// listening on loopback, which browsers reach over plain HTTP).
    pub insecure_cookies: bool,
    /// Origins (`https://portal.example.vn`) whose pages may call the API; `*` allows any.
    /// Empty: only the app served here (same origin).
    pub allowed_origins: Vec<String>,
}

/// What every handler can reach. The server keeps no state beyond the database.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<StateInner>,
}

#[derive(Debug)]
struct StateInner {
    database: Database,
    dist: PathBuf,
    config: ApiConfig,
}

impl AppState {
    /// Default limits, no other origin allowed.
    pub fn new(database: Database, dist: PathBuf) -> Self {
        Self::with_config(database, dist, ApiConfig::default())
    }

    pub fn with_config(database: Database, dist: PathBuf, config: ApiConfig) -> Self {
        AppState {
            inner: Arc::new(StateInner {
                database,
                dist,
                config,
            }),
        }
    }

    pub fn database(&self) -> &Database {
        &self.inner.database
    }

    pub fn limits(&self) -> Limits {
        self.inner.config.limits
    }

    /// True when dashboard cookies carry `Secure`.
    pub fn secure_cookies(&self) -> bool {
        !self.inner.config.insecure_cookies
    }
}

/// The CORS policy for `origins` (see [`ApiConfig::allowed_origins`]); `None` when empty.
pub fn cors(origins: &[String]) -> Result<Option<CorsLayer>, ServerError> {
    if origins.is_empty() {
        return Ok(None);
    }
    let allow = if origins.iter().any(|o| o.trim() == "*") {
        AllowOrigin::any()
    } else {
        let values = origins
            .iter()
            .map(|origin| {
                let origin = origin.trim().trim_end_matches('/');
                let rest = origin
                    .strip_prefix("https://")
                    .or_else(|| origin.strip_prefix("http://"));
                let shaped = rest.is_some_and(|r| !r.is_empty() && !r.contains(['/', '?', '#']));
                if !shaped {
                    return Err(ServerError::Origin {
                        origin: origin.to_owned(),
                        reason: "an origin is scheme://host[:port], e.g. https://portal.example.vn"
                            .into(),
                    });
                }
                HeaderValue::from_str(origin).map_err(|e| ServerError::Origin {
                    origin: origin.to_owned(),
                    reason: e.to_string(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        AllowOrigin::list(values)
    };
    Ok(Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::IF_NONE_MATCH,
            ])
            .expose_headers([header::ETAG, HeaderName::from_static("x-pq-repeat-tables")])
            .max_age(std::time::Duration::from_secs(3600)),
    ))
}

/// The whole application: the API and health first, then the app's files.
pub fn router(state: AppState) -> Router {
    let files = app_files::service(&state.inner.dist);
    // Origins were checked when the server started; a bad one here only loses CORS.
    let cors = cors(&state.inner.config.allowed_origins).unwrap_or_else(|error| {
        tracing::error!(%error, "CORS disabled");
        None
    });
    let policies = Arc::new(security_headers::SecurityPolicies::new(
        &state.inner.config.allowed_origins,
        dashboard::STYLE,
    ));
    let state_pace = state.inner.config.body_pace;
    let mut api = api::routes().with_state(state.clone());
    if let Some(cors) = cors {
        api = api.layer(cors);
    }
    Router::new()
        .nest(pq_core::sync::API_PREFIX, api)
        .route("/healthz", get(health::healthz))
        .merge(dashboard::routes())
        .with_state(state)
        .fallback_service(files)
        .layer(axum::middleware::from_fn(app_files::cache_headers))
        .layer(axum::middleware::from_fn(app_files::embedding_headers))
        .layer(axum::middleware::from_fn_with_state(
            policies,
            security_headers::add_security_headers,
        ))
        .layer(axum::middleware::from_fn(url_guard::refuse_unstorable_urls))
        .layer(axum::middleware::from_fn_with_state(
            state_pace,
            slow_body::pace_bodies,
        ))
        .layer(TraceLayer::new_for_http())
}
