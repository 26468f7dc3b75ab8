//! Who may see the dashboard: an admin token, given once on the sign-in page (or sent as
//! `Authorization: Bearer`). Signing in opens a session: a random id in an HTTP-only,
//! same-site cookie scoped to `/admin` (`Secure` unless the server runs on loopback or with
//! `--insecure-cookies`); the server keeps only the id's SHA-256, with the token, for 8 hours
//! — the session ends with them, or when the token is revoked. The cookie never holds the
//! token. Forms posted to `/admin` must come from this server's own pages (`Origin`).
//! Pages that fail say why in the reader's language.

use axum::Form;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use pq_core::sync::Role;
use serde::Deserialize;

use super::markup::{escape, page_response};
use super::words::Lang;
use std::time::Duration;

use crate::ServerError;
use crate::clock::{now_rfc3339, rfc3339_in};
use crate::http::AppState;
use crate::tokens::{AuthFailure, authenticate, random_hex, sha256_hex};

/// The cookie that keeps the session id.
const COOKIE: &str = "pq_admin";
/// Eight hours: a working day.
const SESSION_SECONDS: u32 = 8 * 60 * 60;
/// Random bytes in a session id.
const SESSION_BYTES: usize = 32;

/// An admin is reading the page.
#[derive(Debug)]
pub struct Admin {
    pub token_id: String,
}

/// Why a dashboard page is not shown.
#[derive(Debug)]
pub enum PageFailure {
    /// No token, or one that is unknown or revoked: the sign-in page.
    SignIn {
        lang: Lang,
        reason: Option<String>,
    },
    /// A valid token that is not an admin's.
    NotAdmin {
        lang: Lang,
    },
    NotFound {
        lang: Lang,
        what: String,
    },
    BadRequest {
        lang: Lang,
        message: String,
    },
    /// A form posted from another site's page.
    ForeignOrigin {
        lang: Lang,
    },
    Server {
        lang: Lang,
    },
    /// The database is unavailable for now: `503` with `Retry-After`.
    Unavailable {
        lang: Lang,
    },
}

impl PageFailure {
    pub fn server(lang: Lang, error: ServerError) -> Self {
        tracing::error!(%error, "dashboard page failed");
        if error.is_unavailable() {
            PageFailure::Unavailable { lang }
        } else {
            PageFailure::Server { lang }
        }
    }
}

impl IntoResponse for PageFailure {
    fn into_response(self) -> Response {
        let (status, lang, body) = match self {
            PageFailure::SignIn { lang, reason } => {
                (StatusCode::UNAUTHORIZED, lang, sign_in_form(lang, reason.as_deref()))
            }
            PageFailure::NotAdmin { lang } => (
                StatusCode::FORBIDDEN,
                lang,
                sign_in_form(
                    lang,
                    Some(lang.pick(
                        "Mã này không phải mã quản trị. Bảng theo dõi cần mã quản trị (pq token create --role admin).",
                        "This token is not an admin token. The dashboard needs one (pq token create --role admin).",
                    )),
                ),
            ),
            PageFailure::NotFound { lang, what } => (
                StatusCode::NOT_FOUND,
                lang,
                message(lang, &format!("{} {what}", lang.pick("Không tìm thấy", "Not found:"))),
            ),
            PageFailure::BadRequest { lang, message: text } => {
                (StatusCode::BAD_REQUEST, lang, message(lang, &text))
            }
            PageFailure::ForeignOrigin { lang } => (
                StatusCode::FORBIDDEN,
                lang,
                message(
                    lang,
                    lang.pick(
                        "Biểu mẫu này được gửi từ một trang của nơi khác nên bị từ chối. Hãy mở bảng theo dõi trực tiếp rồi thử lại.",
                        "This form was sent from another site's page and is refused. Open the dashboard directly and try again.",
                    ),
                ),
            ),
            PageFailure::Server { lang } => (
                StatusCode::INTERNAL_SERVER_ERROR,
                lang,
                message(
                    lang,
                    lang.pick(
                        "Máy chủ chưa làm được việc này; hãy thử lại sau. Chi tiết ở nhật ký máy chủ.",
                        "The server could not do this; try again later. The server log has the details.",
                    ),
                ),
            ),
            PageFailure::Unavailable { lang } => (
                StatusCode::SERVICE_UNAVAILABLE,
                lang,
                message(
                    lang,
                    lang.pick(
                        "Cơ sở dữ liệu của máy chủ tạm thời không dùng được; hãy tải lại trang sau ít phút.",
                        "The server's database is unavailable for now; reload the page in a few minutes.",
                    ),
                ),
            ),
        };
        let title = lang.pick("Bảng theo dõi", "Dashboard");
        let switch = format!("/admin?lang={}", lang.other().code());
        let mut response = page_response(status, lang, title, &switch, &body);
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(crate::http::auth::RETRY_AFTER_SECONDS),
            );
        }
        response
    }
}

fn message(lang: Lang, text: &str) -> String {
    format!(
        r#"<p class="error" role="alert">{}</p><p><a href="/admin?lang={}">{}</a></p>"#,
        escape(text),
        lang.code(),
        lang.pick("Về bảng theo dõi", "Back to the dashboard")
    )
}

fn sign_in_form(lang: Lang, reason: Option<&str>) -> String {
    let alert = reason
        .map(|r| format!(r#"<p class="error" role="alert">{}</p>"#, escape(r)))
        .unwrap_or_default();
    format!(
        r#"<h1>{heading}</h1>{alert}<form class="login" method="post" action="/admin/login">
<input type="hidden" name="lang" value="{code}">
<label>{label}<input type="password" name="token" autocomplete="current-password" required></label>
<button type="submit">{button}</button></form><p>{hint}</p>"#,
        heading = lang.pick("Đăng nhập bảng theo dõi", "Sign in to the dashboard"),
        code = lang.code(),
        label = lang.pick("Mã quản trị", "Admin token"),
        button = lang.pick("Đăng nhập", "Sign in"),
        hint = lang.pick(
            "Mã quản trị được tạo trên máy chủ bằng lệnh pq token create --role admin.",
            "Admin tokens are made on the server with pq token create --role admin."
        ),
    )
}

/// The `lang` of a query string.
pub fn lang_of_query(query: Option<&str>) -> Lang {
    let code = query.and_then(|q| {
        q.split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == "lang")
            .map(|(_, value)| value)
    });
    Lang::from_code(code)
}

/// The session id of the `pq_admin` cookie.
fn cookie_session(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, token)| token.trim().to_owned())
        .filter(|token| !token.is_empty())
}

/// Checks a token; the page to show when it is not an admin's.
async fn admin_of(state: &AppState, token: &str, lang: Lang) -> Result<Admin, PageFailure> {
    let header = format!("Bearer {token}");
    let caller = authenticate(state.database(), Some(&header))
        .await
        .map_err(|e| PageFailure::server(lang, e))?
        .map_err(|failure| PageFailure::SignIn {
            lang,
            reason: Some(failure_text(&failure, lang).to_owned()),
        })?;
    if caller.principal.role != Role::Admin {
        return Err(PageFailure::NotAdmin { lang });
    }
    Ok(Admin {
        token_id: caller.token_id,
    })
}

fn failure_text(failure: &AuthFailure, lang: Lang) -> &'static str {
    match failure {
        AuthFailure::Revoked => lang.pick("Mã này đã bị thu hồi.", "This token was revoked."),
        _ => lang.pick("Mã không đúng.", "The token is not valid."),
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = PageFailure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageFailure> {
        let lang = lang_of_query(parts.uri.query());
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim().to_owned());
        if let Some(token) = bearer {
            return admin_of(state, &token, lang).await;
        }
        let Some(session) = cookie_session(&parts.headers) else {
            return Err(PageFailure::SignIn { lang, reason: None });
        };
        let now = now_rfc3339().map_err(|e| PageFailure::server(lang, e))?;
        let record = state
            .database()
            .session_token(&sha256_hex(session.as_bytes()), &now)
            .await
            .map_err(|e| PageFailure::server(lang, e))?;
        match record {
            Some(token) if token.role == Role::Admin.as_str() => Ok(Admin { token_id: token.id }),
            Some(_) => Err(PageFailure::NotAdmin { lang }),
            None => Err(PageFailure::SignIn {
                lang,
                reason: Some(
                    lang.pick(
                        "Phiên làm việc đã hết hạn hoặc đã kết thúc; hãy đăng nhập lại.",
                        "The session has ended; sign in again.",
                    )
                    .to_owned(),
                ),
            }),
        }
    }
}

/// True when a form post comes from this server's own pages. Browsers say where a post
/// comes from in `Sec-Fetch-Site` (which pages cannot forge) and `Origin`; the pages here
/// send no referrer (`Referrer-Policy: no-referrer`), so their posts carry `Origin: null`
/// and are recognised by `Sec-Fetch-Site: same-origin`. Otherwise `Origin` must name the
/// host the request was sent to. A request with neither is not a browser's cross-site post.
fn from_own_page(headers: &HeaderMap) -> bool {
    let text = |name: header::HeaderName| {
        headers
            .get(name)
            .map(|value| value.to_str().unwrap_or_default())
    };
    let site = text(header::HeaderName::from_static("sec-fetch-site"));
    if site.is_some_and(|site| site != "same-origin") {
        return false;
    }
    match text(header::ORIGIN) {
        None => true,
        Some("null") => site.is_some(),
        Some(origin) => {
            let origin_host = origin
                .split_once("://")
                .map(|(_, rest)| rest.trim_end_matches('/'));
            let host = text(header::HOST);
            matches!((origin_host, host), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
        }
    }
}

/// The `Set-Cookie` value that keeps `session` (or, with `None`, forgets it).
fn session_cookie(session: Option<&str>, secure: bool) -> String {
    let (value, age) = match session {
        Some(id) => (id, SESSION_SECONDS),
        None => ("", 0),
    };
    format!(
        "{COOKIE}={value}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age={age}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The sign-in form's fields.
#[derive(Debug, Deserialize)]
pub struct SignIn {
    token: String,
    lang: Option<String>,
}

/// `POST /admin/login`: an admin token sets the cookie and opens the dashboard.
pub async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SignIn>,
) -> Result<Response, PageFailure> {
    let lang = Lang::from_code(form.lang.as_deref());
    if !from_own_page(&headers) {
        return Err(PageFailure::ForeignOrigin { lang });
    }
    let token = form.token.trim();
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(PageFailure::SignIn {
            lang,
            reason: Some(failure_text(&AuthFailure::Malformed, lang).to_owned()),
        });
    }
    let admin = admin_of(&state, token, lang).await?;
    let session = random_hex(SESSION_BYTES).map_err(|e| PageFailure::server(lang, e))?;
    let now = now_rfc3339().map_err(|e| PageFailure::server(lang, e))?;
    let ends = rfc3339_in(Duration::from_secs(u64::from(SESSION_SECONDS)))
        .map_err(|e| PageFailure::server(lang, e))?;
    state
        .database()
        .insert_session(
            &sha256_hex(session.as_bytes()),
            &admin.token_id,
            &now,
            &ends,
        )
        .await
        .map_err(|e| PageFailure::server(lang, e))?;
    tracing::info!(token = %admin.token_id, "dashboard sign-in");
    let mut response = Redirect::to(&format!("/admin?lang={}", lang.code())).into_response();
    let value = HeaderValue::from_str(&session_cookie(Some(&session), state.secure_cookies()))
        .map_err(|_| PageFailure::SignIn {
            lang,
            reason: Some(failure_text(&AuthFailure::Malformed, lang).to_owned()),
        })?;
    response.headers_mut().insert(header::SET_COOKIE, value);
    Ok(response)
}

/// `POST /admin/logout`: ends the session and forgets the cookie.
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageFailure> {
    let lang = Lang::from_code(None);
    if !from_own_page(&headers) {
        return Err(PageFailure::ForeignOrigin { lang });
    }
    if let Some(session) = cookie_session(&headers) {
        state
            .database()
            .delete_session(&sha256_hex(session.as_bytes()))
            .await
            .map_err(|e| PageFailure::server(lang, e))?;
    }
    let mut response = Redirect::to("/admin").into_response();
    if let Ok(value) = HeaderValue::from_str(&session_cookie(None, state.secure_cookies())) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_and_the_language_are_read_from_the_request() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; pq_admin=pq_abc123 ; x=1"),
        );
        assert_eq!(cookie_session(&headers).as_deref(), Some("pq_abc123"));
        headers.insert(header::COOKIE, HeaderValue::from_static("pq_admin="));
        assert_eq!(cookie_session(&headers), None);
        assert_eq!(lang_of_query(Some("year=2024&lang=en")), Lang::En);
        assert_eq!(lang_of_query(Some("lang=fr")), Lang::Vi);
        assert_eq!(lang_of_query(None), Lang::Vi);
    }

    #[test]
    fn posts_are_from_own_pages_when_the_origin_names_the_host() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("pq.example.vn:8080"));
        assert!(
            from_own_page(&headers),
            "no Origin: not a browser's cross-site post"
        );
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://pq.example.vn:8080"),
        );
        assert!(from_own_page(&headers));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!from_own_page(&headers));
        headers.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(!from_own_page(&headers));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://pq.example.vn"),
        );
        assert!(!from_own_page(&headers), "another port is another origin");
    }

    #[test]
    fn the_cookie_is_secure_unless_told_otherwise() {
        assert_eq!(
            session_cookie(Some("abc"), true),
            "pq_admin=abc; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=28800; Secure"
        );
        assert_eq!(
            session_cookie(None, false),
            "pq_admin=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0"
        );
    }
}
