//! Security headers on every response: `X-Content-Type-Options: nosniff`,
//! `Referrer-Policy: no-referrer`, and a Content-Security-Policy fit for what is answered.
//!
//! - The app's files (trunk's build): scripts only from this server, plus the inline scripts
//!   of the HTML page itself, each allowed by its SHA-256 (taken from the page as served, so a
//!   rebuild never needs a change here); WebAssembly compiled (`'wasm-unsafe-eval'`); styles
//!   from this server and inline (the app and `pq-survey.js` set styles at run time); network
//!   access to this server and to any `http(s)` collector (the app sends to the server its
//!   user sets, which may be another origin). The app may be framed only by itself;
//!   `embed.html` by the origins `--allow-origin` names (by any page when it names none or
//!   `*`: it is the page other sites frame).
//! - `/admin`: nothing but its own inline style sheet (by hash) and forms to itself; never
//!   framed.
//! - The API and `/healthz`: nothing at all (`default-src 'none'`); never framed.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use http_body_util::BodyExt;
use sha2::{Digest, Sha256};

use super::app_files::EMBED_PAGE;

/// The policies of one server (its `--allow-origin` decides who frames `embed.html`).
#[derive(Debug, Clone)]
pub struct SecurityPolicies {
    admin: String,
    api: String,
    /// `frame-ancestors` of `embed.html`; `None`: any page may frame it.
    embed_frames: Option<String>,
}

/// The largest HTML page whose inline scripts are hashed (trunk's `index.html` is ~2 kB).
const MAX_HASHED_PAGE: usize = 1024 * 1024;

impl SecurityPolicies {
    /// `admin_style` is the dashboard's inline style sheet.
    pub fn new(allowed_origins: &[String], admin_style: &str) -> Self {
        let admin = format!(
            "default-src 'none'; style-src '{}'; img-src 'self' data:; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
            sha256_source(admin_style.as_bytes())
        );
        let embed_frames = super::app_files::frame_ancestors(allowed_origins);
        Self {
            admin,
            api: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'".into(),
            embed_frames,
        }
    }

    /// The policy of an app file at `path`; `page` is its HTML when it is a page.
    pub fn app(&self, path: &str, page: Option<&str>) -> String {
        let mut scripts = String::from("'self' 'wasm-unsafe-eval'");
        for script in page.map(inline_scripts).unwrap_or_default() {
            scripts.push_str(&format!(" '{}'", sha256_source(script.as_bytes())));
        }
        let frames = if path == EMBED_PAGE {
            self.embed_frames
                .as_ref()
                .map(|policy| format!("; {policy}"))
                .unwrap_or_default()
        } else {
            "; frame-ancestors 'self'".to_owned()
        };
        format!(
            "default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' https: http:; \
             worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'{frames}"
        )
    }
}

/// `sha256-…` of `bytes`, as a CSP source expression (without its quotes).
fn sha256_source(bytes: &[u8]) -> String {
    format!("sha256-{}", BASE64.encode(Sha256::digest(bytes)))
}

/// The text of every inline `<script>` of `html` (those without `src`), exactly as written.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut scripts = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find("<script") {
        let tag_start = from + found;
        let Some(tag_len) = lower[tag_start..].find('>') else {
            break;
        };
        let body_start = tag_start + tag_len + 1;
        let Some(body_len) = lower[body_start..].find("</script") else {
            break;
        };
        let tag = &lower[tag_start..body_start];
        let external = tag
            .split(|c: char| c.is_ascii_whitespace())
            .any(|attribute| attribute.starts_with("src="));
        if !external {
            scripts.push(&html[body_start..body_start + body_len]);
        }
        from = body_start + body_len;
    }
    scripts
}

/// Adds the headers to every response.
pub(super) async fn add_security_headers(
    State(policies): State<Arc<SecurityPolicies>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let (mut response, policy) = if path == "/admin" || path.starts_with("/admin/") {
        (response, policies.admin.clone())
    } else if path.starts_with(pq_core::sync::API_PREFIX) || path == "/healthz" {
        (response, policies.api.clone())
    } else if is_html(&response) {
        let (parts, body) = response.into_parts();
        let bytes = match http_body_util::Limited::new(body, MAX_HASHED_PAGE)
            .collect()
            .await
        {
            Ok(collected) => collected.to_bytes(),
            Err(error) => {
                tracing::error!(%error, path, "an app page could not be read");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        };
        let policy = policies.app(&path, Some(&String::from_utf8_lossy(&bytes)));
        (Response::from_parts(parts, Body::from(bytes)), policy)
    } else {
        (response, policies.app(&path, None))
    };
    // A `304` has no page to hash, and a browser updates the kept answer's headers with
    // the `304`'s: it keeps the policy that came with the page.
    let revalidated = response.status() == StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    if !revalidated && let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_external_ones_left_out() {
        let html = r#"<head><script src="/a.js"></script>
<SCRIPT type="module">import init from '/x.js';await init();</SCRIPT>
<script>
  navigator.serviceWorker.register('/sw.js');
</script></head>"#;
        assert_eq!(
            inline_scripts(html),
            [
                "import init from '/x.js';await init();",
                "\n  navigator.serviceWorker.register('/sw.js');\n"
            ]
        );
        assert!(inline_scripts("<p>no script</p>").is_empty());
    }

    #[test]
    fn the_app_policy_allows_its_inline_scripts_by_hash_and_wasm() {
        let policies = SecurityPolicies::new(&["https://portal.example.vn".into()], "p{}");
        let policy = policies.app("/", Some("<script>alert(1)</script>"));
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert!(
            policy.contains(
                "script-src 'self' 'wasm-unsafe-eval' \
                 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
            ),
            "{policy}"
        );
        assert!(policy.contains("object-src 'none'"));
        assert!(policy.ends_with("frame-ancestors 'self'"), "{policy}");
        let embed = policies.app("/embed.html", Some(""));
        assert!(
            embed.ends_with("frame-ancestors 'self' https://portal.example.vn"),
            "{embed}"
        );
        assert!(!policy.contains("unsafe-eval'") || policy.contains("wasm-unsafe-eval"));
        assert!(!policy.contains("script-src 'self' 'unsafe-inline'"));
    }
}
