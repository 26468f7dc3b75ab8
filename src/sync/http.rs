//! Talking to the collector: `POST` a batch of submissions, `GET` the published forms, each
//! with a time limit.

use pq_core::sync::{BatchRequest, BatchResponse, FormList, PublishedForm, Submission};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How long one request may take before it counts as failed.
const TIMEOUT_MS: i32 = 30_000;

/// Why a request did not get its answer.
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

fn network(error: JsValue) -> SendError {
    SendError::Network(js_text(&error))
}

/// What came back: the status and the body.
struct Answer {
    status: u16,
    body: String,
}

/// One request to `{server}/api/v1{path}` with the token; aborted after [`TIMEOUT_MS`].
async fn request(
    server: &str,
    token: &str,
    path: &str,
    body: Option<&str>,
    if_none_match: Option<&str>,
) -> Result<Answer, SendError> {
    let url = format!("{}/api/v1{path}", server.trim_end_matches('/'));
    let controller = web_sys::AbortController::new().map_err(network)?;
    let init = web_sys::RequestInit::new();
    let headers = web_sys::Headers::new().map_err(network)?;
    headers
        .set("Authorization", &format!("Bearer {token}"))
        .map_err(network)?;
    if let Some(body) = body {
        init.set_method("POST");
        init.set_body(&JsValue::from_str(body));
        headers
            .set("Content-Type", "application/json")
            .map_err(network)?;
    }
    if let Some(etag) = if_none_match {
        headers.set("If-None-Match", etag).map_err(network)?;
    }
    init.set_headers(&headers);
    init.set_signal(Some(&controller.signal()));
    let request = web_sys::Request::new_with_str_and_init(&url, &init).map_err(network)?;
    let window = leptos::prelude::window();
    let abort = wasm_bindgen::closure::Closure::once_into_js(move || controller.abort());
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), TIMEOUT_MS)
        .ok();
    let (status, body) = status_and_text(window.fetch_with_request(&request)).await?;
    if let Some(timer) = timer {
        window.clear_timeout_with_handle(timer);
    }
    match status {
        401 | 403 => Err(SendError::Unauthorized(status)),
        200 | 304 => Ok(Answer { status, body }),
        _ => Err(SendError::Status(status, body.chars().take(200).collect())),
    }
}

/// Sends one batch to `POST /api/v1/submissions`.
pub async fn send_batch(
    server: &str,
    token: &str,
    submissions: Vec<Submission>,
) -> Result<BatchResponse, SendError> {
    let body = serde_json::to_string(&BatchRequest { submissions })
        .map_err(|e| SendError::BadAnswer(e.to_string()))?;
    let answer = request(server, token, "/submissions", Some(&body), None).await?;
    serde_json::from_str(&answer.body).map_err(|e| SendError::BadAnswer(e.to_string()))
}

/// The published forms (`GET /api/v1/forms`).
pub async fn published_forms(server: &str, token: &str) -> Result<FormList, SendError> {
    let answer = request(server, token, "/forms", None, None).await?;
    serde_json::from_str(&answer.body).map_err(|e| SendError::BadAnswer(e.to_string()))
}

/// One published form (`GET /api/v1/forms/{id}`); `None` when `etag` is still current (304).
pub async fn published_form(
    server: &str,
    token: &str,
    id: &str,
    etag: Option<&str>,
) -> Result<Option<PublishedForm>, SendError> {
    let path = format!("/forms/{}", pq_core::sync::percent_encode(id));
    let answer = request(server, token, &path, None, etag).await?;
    if answer.status == 304 {
        return Ok(None);
    }
    serde_json::from_str(&answer.body)
        .map(Some)
        .map_err(|e| SendError::BadAnswer(e.to_string()))
}

/// A form definition (JSON) from any address, e.g. one a host page names in `form`.
pub async fn download_definition(url: &str) -> Result<serde_json::Value, SendError> {
    let (status, body) = status_and_text(leptos::prelude::window().fetch_with_str(url)).await?;
    if status != 200 {
        return Err(SendError::Status(status, body.chars().take(200).collect()));
    }
    serde_json::from_str(&body).map_err(|e| SendError::BadAnswer(e.to_string()))
}

/// The status and the body text of a `fetch`.
async fn status_and_text(fetch: js_sys::Promise) -> Result<(u16, String), SendError> {
    let response: web_sys::Response = JsFuture::from(fetch)
        .await
        .map_err(network)?
        .unchecked_into();
    let status = response.status();
    let body = JsFuture::from(response.text().map_err(network)?)
        .await
        .map_err(network)?
        .as_string()
        .unwrap_or_default();
    Ok((status, body))
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = leptos::prelude::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}
