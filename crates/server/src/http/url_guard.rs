//! Refuses, with `400`, a request whose URL (path or query, once percent-decoded) holds what
//! no database column can: NUL and other control characters, or bytes that are not UTF-8.
//! Without this, `%00` in an id reached PostgreSQL and failed as a server error.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::auth::ApiFailure;

pub(super) async fn refuse_unstorable_urls(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let parts = [Some(uri.path()), uri.query()];
    if let Some(problem) = parts.into_iter().flatten().find_map(problem_of) {
        return ApiFailure::new(StatusCode::BAD_REQUEST, format!("the URL {problem}"))
            .into_response();
    }
    next.run(request).await
}

/// What is wrong with one part of a URL, once percent-decoded (a `%` not followed by two hex
/// digits is kept as it is).
fn problem_of(part: &str) -> Option<&'static str> {
    let bytes = part.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let escaped = (byte == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(value) => {
                decoded.push(value);
                i += 3;
            }
            None => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    match String::from_utf8(decoded) {
        Err(_) => Some("holds bytes that are not UTF-8 text"),
        Ok(text) if text.chars().any(char::is_control) => {
            Some("holds a control character (such as %00)")
        }
        Ok(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::problem_of;

    #[test]
    fn control_characters_and_broken_utf8_are_found_once_decoded() {
        assert_eq!(problem_of("/api/v1/submissions/abc"), None);
        assert_eq!(problem_of("year=2024&district=T%E1%BB%AB%20S%C6%A1n"), None);
        assert_eq!(problem_of("q=100%"), None);
        assert_eq!(problem_of("q=%zz"), None);
        assert!(problem_of("/api/v1/forms/a%00b").is_some());
        assert!(problem_of("form_id=%1b").is_some());
        assert!(problem_of("x=%7F").is_some());
        assert!(problem_of("/api/v1/forms/%C3").is_some());
        assert!(problem_of("/api/v1/forms/%ff%fe").is_some());
    }
}
