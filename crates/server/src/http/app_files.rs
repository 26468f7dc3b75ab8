//! The app's build (trunk's `dist/`), served with the right caching.
//!
//! Files whose names carry trunk's content hash never change: browsers may keep them for a
//! year. Everything else — `index.html`, the service worker, the web manifest — must be
//! revalidated on every load, or a tablet would keep running an old app.
//!
//! Other sites embed the survey (`pq-survey.js`, `embed.html`; docs/embedding.md): the build's
//! files are public and carry no credentials, so any page may fetch them (CORS `*`); the
//! iframe entry `embed.html` may be framed only by the origins `--allow-origin` names, when
//! it names any (its Content-Security-Policy, set with the others' in `security_headers`).

use std::path::Path;

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::services::{ServeDir, ServeFile};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// Serves `dist`, answering unknown paths with `index.html` so the app's own routes work.
pub(super) fn service(dist: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(dist).fallback(ServeFile::new(dist.join("index.html")))
}

/// Sets `Cache-Control` on every successful response that has none.
pub(super) async fn cache_headers(request: Request, next: Next) -> Response {
    let immutable = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() && !response.headers().contains_key(CACHE_CONTROL) {
        let policy = if immutable { IMMUTABLE } else { REVALIDATE };
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// The path of the iframe entry.
pub const EMBED_PAGE: &str = "/embed.html";

/// Who may frame `embed.html`: `frame-ancestors 'self' <origins>` for the origins allowed to use
/// this collector; `None` (any page) when none are named or `*` is.
pub fn frame_ancestors(origins: &[String]) -> Option<String> {
    let origins: Vec<&str> = origins
        .iter()
        .map(|o| o.trim().trim_end_matches('/'))
        .filter(|o| !o.is_empty())
        .collect();
    if origins.is_empty() || origins.contains(&"*") {
        return None;
    }
    Some(format!("frame-ancestors 'self' {}", origins.join(" ")))
}

/// Lets other sites' pages load the build's files (not the API, which has its own CORS
/// policy, nor the dashboard).
pub(super) async fn embedding_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let app_file = !path.starts_with(pq_core::sync::API_PREFIX)
        && path != "/healthz"
        && path != "/admin"
        && !path.starts_with("/admin/");
    if app_file && response.status().is_success() {
        let headers = response.headers_mut();
        if !headers.contains_key(ACCESS_CONTROL_ALLOW_ORIGIN) {
            headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        }
    }
    response
}

/// True when the file name holds a content hash of 10 or more hex digits, as trunk writes
/// them (`pq_app-0f3a9c1d2b4e5f60_bg.wasm`, `main-9a8b7c6d5e4f3a2b.css`).
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.split(['-', '_', '.'])
        .any(|part| part.len() >= 10 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::{frame_ancestors, is_hashed_asset};

    #[test]
    fn embed_page_framing_follows_the_allowed_origins() {
        assert_eq!(frame_ancestors(&[]), None);
        assert_eq!(frame_ancestors(&["*".into()]), None);
        assert_eq!(
            frame_ancestors(&[
                "https://portal.example.vn/".into(),
                "http://localhost:8080".into()
            ]),
            Some("frame-ancestors 'self' https://portal.example.vn http://localhost:8080".into())
        );
    }

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed_asset("/pq_app-0f3a9c1d2b4e5f60_bg.wasm"));
        assert!(is_hashed_asset("/main-9a8b7c6d5e4f3a2b.css"));
        // Trunk prints its 64-bit hash without leading zeros: 15 digits one time in 16.
        assert!(is_hashed_asset("/pq_app-5f9bca0fc004adf_bg.wasm"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/sw.js"));
        assert!(!is_hashed_asset("/"));
        assert!(!is_hashed_asset("/forms/enterprise-survey-2025.json"));
    }
}
