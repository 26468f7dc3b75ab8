//! Talking to the collector: one `POST` of a batch, with a time limit.

use pq_core::sync::{BatchRequest, BatchResponse, Submission};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How long one request may take before it counts as failed.
const TIMEOUT_MS: i32 = 30_000;

/// Why a batch did not get its results.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SendError {
    #[error("no connection to the server ({0})")]
    Network(String),
    #[error("the server refused the token (HTTP {0}): check the token in Settings")]
    Unauthorized(u16),
    #[error("the server answered HTTP {0}: {1}")]
    Status(u16, String),
    #[error("the server's answer could not be read: {0}")]
    BadAnswer(String),
}

fn js_text(value: &JsValue) -> String {
    value
        .as_string()
        .or_else(|| js_sys::JSON::stringify(value).ok().map(String::from))
        .unwrap_or_default()
}

/// Sends one batch to `{server}/api/v1/submissions`.
pub async fn send_batch(
    server: &str,
    token: &str,
    submissions: Vec<Submission>,
) -> Result<BatchResponse, SendError> {
    let body = serde_json::to_string(&BatchRequest { submissions })
        .map_err(|e| SendError::BadAnswer(e.to_string()))?;
    let url = format!("{}/api/v1/submissions", server.trim_end_matches('/'));
    let controller =
        web_sys::AbortController::new().map_err(|e| SendError::Network(js_text(&e)))?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&body));
    init.set_signal(Some(&controller.signal()));
    let headers = web_sys::Headers::new().map_err(|e| SendError::Network(js_text(&e)))?;
    headers
        .set("Content-Type", "application/json")
        .map_err(|e| SendError::Network(js_text(&e)))?;
    headers
        .set("Authorization", &format!("Bearer {token}"))
        .map_err(|e| SendError::Network(js_text(&e)))?;
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(&url, &init)
        .map_err(|e| SendError::Network(js_text(&e)))?;
    let window = leptos::prelude::window();
    let abort = wasm_bindgen::closure::Closure::once_into_js(move || controller.abort());
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), TIMEOUT_MS);
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|e| SendError::Network(js_text(&e)))?
        .unchecked_into();
    let status = response.status();
    let text = JsFuture::from(
        response
            .text()
            .map_err(|e| SendError::Network(js_text(&e)))?,
    )
    .await
    .map_err(|e| SendError::Network(js_text(&e)))?
    .as_string()
    .unwrap_or_default();
    match status {
        200 => serde_json::from_str(&text).map_err(|e| SendError::BadAnswer(e.to_string())),
        401 | 403 => Err(SendError::Unauthorized(status)),
        _ => Err(SendError::Status(status, text.chars().take(200).collect())),
    }
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = leptos::prelude::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}
