//! `GET /healthz`: is the server up and its database reachable.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::AppState;

pub(super) async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    if state.database().is_healthy().await {
        (
            StatusCode::OK,
            Json(json!({"status": "ok", "database": "ok"})),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "degraded", "database": "unreachable"})),
        )
    }
}
