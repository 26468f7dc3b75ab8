//! Security headers on every response, and the dashboard's session: an opaque id stored
//! hashed, ended by sign-out, revocation or 8 hours; posts only from the server's own pages.
//! On SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used)]

mod support;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use base64::Engine;
use pq_core::sync::Role;
use pq_server::http::ApiConfig;
use sha2::{Digest, Sha256};
use sqlx::Row;
use support::{Answer, Backend, TestServer};

on_both_backends!(
    every_response_carries_the_security_headers,
    the_app_policy_allows_exactly_the_pages_inline_scripts,
    embed_page_framing_follows_allow_origin,
    the_admin_cookie_holds_an_opaque_session_stored_hashed,
    sessions_end_after_eight_hours,
    admin_posts_from_other_sites_are_refused,
);

/// trunk's page as it builds it: a module script that starts the wasm, and the page's own
/// service-worker script.
const INDEX: &str = r#"<!DOCTYPE html><html><head>
<link rel="modulepreload" href="/pq_app-0123456789abcdef.js" crossorigin="anonymous" integrity="sha384-x">
<link rel="stylesheet" href="/main-0123456789abcdef.css" integrity="sha384-y"/>
<script>
  if ('serviceWorker' in navigator) { navigator.serviceWorker.register('/sw.js'); }
</script>
<script type="module">
import init, * as bindings from '/pq_app-0123456789abcdef.js';
const wasm = await init({ module_or_path: '/pq_app-0123456789abcdef_bg.wasm' });
window.wasmBindings = bindings;
</script></head><body></body></html>"#;

fn hash_source(text: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

fn csp(answer: &Answer) -> String {
    answer
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("no CSP: {:?}", answer.headers))
        .to_owned()
}

async fn write_app(server: &TestServer) {
    let dist = server.dist();
    std::fs::write(dist.join("index.html"), INDEX).unwrap();
    std::fs::write(
        dist.join("sw.js"),
        "self.addEventListener('fetch', () => {});",
    )
    .unwrap();
    std::fs::write(dist.join("embed.html"), "<p>embed</p>").unwrap();
    std::fs::write(dist.join("pq_app-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
}

async fn every_response_carries_the_security_headers(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    write_app(&server).await;
    let admin = server.token(Role::Admin, None).await;
    let answers = [
        server.request(Method::GET, "/", &[], Body::empty()).await,
        server
            .request(Method::GET, "/drafts/42", &[], Body::empty())
            .await,
        server
            .request(Method::GET, "/sw.js", &[], Body::empty())
            .await,
        server
            .request(
                Method::GET,
                "/pq_app-0123456789abcdef_bg.wasm",
                &[],
                Body::empty(),
            )
            .await,
        server
            .request(Method::GET, "/embed.html", &[], Body::empty())
            .await,
        server
            .request(Method::GET, "/healthz", &[], Body::empty())
            .await,
        server
            .request(Method::GET, "/api/v1/forms", &[], Body::empty())
            .await,
        server.get("/api/v1/forms", &admin).await,
        server.get("/api/v1/nothing", &admin).await,
        server
            .request(Method::GET, "/admin", &[], Body::empty())
            .await,
        server.get("/admin?lang=en", &admin).await,
    ];
    for answer in &answers {
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(answer.header("referrer-policy"), Some("no-referrer"));
        let policy = csp(answer);
        assert!(policy.contains("object-src 'none'") || policy.starts_with("default-src 'none'"));
        assert!(!policy.contains("'unsafe-eval'"), "{policy}");
    }
    // The API and health: nothing may run or frame them.
    for answer in &answers[5..9] {
        assert_eq!(
            csp(answer),
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
        );
    }
    // The dashboard: its own style sheet by hash, never framed.
    let page = &answers[10];
    assert_eq!(page.status, StatusCode::OK);
    let html = String::from_utf8_lossy(&page.bytes);
    let style = html
        .split("<style>")
        .nth(1)
        .and_then(|rest| rest.split("</style>").next())
        .unwrap();
    let policy = csp(page);
    assert!(
        policy.starts_with(&format!(
            "default-src 'none'; style-src {};",
            hash_source(style)
        )),
        "{policy}"
    );
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("form-action 'self'"), "{policy}");
    assert!(
        !html.contains(" style=\""),
        "no inline style attribute the policy would block"
    );
    assert!(!html.contains("<script"), "the dashboard has no script");
}

async fn the_app_policy_allows_exactly_the_pages_inline_scripts(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    write_app(&server).await;
    let page = server.request(Method::GET, "/", &[], Body::empty()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        String::from_utf8_lossy(&page.bytes),
        INDEX,
        "the page is served whole"
    );
    let policy = csp(&page);
    let scripts: Vec<&str> = INDEX
        .split("<script")
        .skip(1)
        .map(|part| {
            part.split_once('>')
                .unwrap()
                .1
                .split("</script>")
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(scripts.len(), 2);
    let expected = format!(
        "script-src 'self' 'wasm-unsafe-eval' {} {};",
        hash_source(scripts[0]),
        hash_source(scripts[1])
    );
    assert!(policy.contains(&expected), "{policy}\n{expected}");
    assert!(policy.contains("default-src 'self'"), "{policy}");
    assert!(
        policy.contains("connect-src 'self' https: http:"),
        "{policy}"
    );
    assert!(policy.contains("worker-src 'self'"), "{policy}");
    assert!(policy.ends_with("frame-ancestors 'self'"), "{policy}");
    // Revalidating the page (`304`) must not replace its policy with one without the hashes.
    let modified = page.header("last-modified").unwrap().to_owned();
    let fresh = server
        .request(
            Method::GET,
            "/",
            &[("if-modified-since", &modified)],
            Body::empty(),
        )
        .await;
    assert_eq!(fresh.status, StatusCode::NOT_MODIFIED);
    assert_eq!(fresh.header("content-security-policy"), None);
    assert_eq!(fresh.header("x-content-type-options"), Some("nosniff"));
    // A page the app answers for its own routes has the same policy.
    let route = server
        .request(Method::GET, "/drafts/42", &[], Body::empty())
        .await;
    assert_eq!(csp(&route), policy);
    // Another script in the page is another hash: a changed build is covered as served.
    std::fs::write(
        server.dist().join("index.html"),
        INDEX.replace("window.wasmBindings", "globalThis.wasmBindings"),
    )
    .unwrap();
    let rebuilt = server.request(Method::GET, "/", &[], Body::empty()).await;
    assert_ne!(csp(&rebuilt), policy);
    assert!(!csp(&rebuilt).contains(&hash_source(scripts[1])));
}

async fn embed_page_framing_follows_allow_origin(backend: Backend) {
    let config = ApiConfig {
        allowed_origins: vec!["https://portal.bacninh.gov.vn".into()],
        ..ApiConfig::default()
    };
    let Some(server) = TestServer::with_config(backend, config).await else {
        return;
    };
    write_app(&server).await;
    let embed = server
        .request(Method::GET, "/embed.html", &[], Body::empty())
        .await;
    assert!(
        csp(&embed).ends_with("frame-ancestors 'self' https://portal.bacninh.gov.vn"),
        "{}",
        csp(&embed)
    );
    let Some(open) = TestServer::start(backend).await else {
        return;
    };
    write_app(&open).await;
    let embed = open
        .request(Method::GET, "/embed.html", &[], Body::empty())
        .await;
    assert!(
        !csp(&embed).contains("frame-ancestors"),
        "any page may frame it"
    );
    assert!(csp(&embed).contains("'wasm-unsafe-eval'"));
}

async fn sign_in(server: &TestServer, token: &str, extra: &[(&str, &str)]) -> Answer {
    let mut headers = vec![("content-type", "application/x-www-form-urlencoded")];
    headers.extend_from_slice(extra);
    server
        .request(
            Method::POST,
            "/admin/login",
            &headers,
            format!("token={token}&lang=en"),
        )
        .await
}

fn cookie_pair(answer: &Answer) -> String {
    answer
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

async fn admin_page(server: &TestServer, pair: &str) -> StatusCode {
    server
        .request(Method::GET, "/admin", &[("cookie", pair)], Body::empty())
        .await
        .status
}

async fn the_admin_cookie_holds_an_opaque_session_stored_hashed(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let admin = server.token(Role::Admin, None).await;
    let signed = sign_in(&server, &admin, &[]).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    let cookie = signed.header("set-cookie").unwrap().to_owned();
    assert!(cookie.ends_with("; Secure"), "{cookie}");
    assert!(cookie.contains("Max-Age=28800"), "{cookie}");
    let pair = cookie_pair(&signed);
    let session = pair.strip_prefix("pq_admin=").unwrap().to_owned();
    assert!(
        !session.contains(&admin[3..]),
        "the cookie never holds the token"
    );
    assert_eq!(session.len(), 64);
    assert!(session.bytes().all(|b| b.is_ascii_hexdigit()));
    // Only the id's hash is stored, with the token's id.
    let rows = sqlx::query("SELECT hash, token_id, created_at, expires_at FROM admin_sessions")
        .fetch_all(server.db().pool())
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let hash: String = rows[0].get("hash");
    assert_eq!(hash, pq_server::tokens::sha256_hex(session.as_bytes()));
    assert_ne!(hash, session);
    let token_id: String = rows[0].get("token_id");
    assert_eq!(
        token_id,
        pq_server::tokens::sha256_hex(admin.as_bytes())[..12]
    );
    let created: String = rows[0].get("created_at");
    let expires: String = rows[0].get("expires_at");
    let at = |t: &str| pq_server::clock::seconds_of_timestamp(t).unwrap();
    assert_eq!(at(&expires) - at(&created), 8 * 3600);
    assert_eq!(admin_page(&server, &pair).await, StatusCode::OK);
    // A made-up session id, or the token itself in the cookie, opens nothing.
    for forged in [
        format!("pq_admin={}", "0".repeat(64)),
        format!("pq_admin={admin}"),
    ] {
        assert_eq!(admin_page(&server, &forged).await, StatusCode::UNAUTHORIZED);
    }
    // Revoking the token ends its sessions.
    pq_server::tokens::revoke(server.db(), &admin)
        .await
        .unwrap();
    assert_eq!(admin_page(&server, &pair).await, StatusCode::UNAUTHORIZED);

    // A server told so (`--insecure-cookies`, or on loopback) sends no `Secure`.
    let config = ApiConfig {
        insecure_cookies: true,
        ..ApiConfig::default()
    };
    let Some(plain) = TestServer::with_config(backend, config).await else {
        return;
    };
    let admin = plain.token(Role::Admin, None).await;
    let signed = sign_in(&plain, &admin, &[]).await;
    assert!(!signed.header("set-cookie").unwrap().contains("Secure"));
}

async fn sessions_end_after_eight_hours(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let admin = server.token(Role::Admin, None).await;
    let pair = cookie_pair(&sign_in(&server, &admin, &[]).await);
    assert_eq!(admin_page(&server, &pair).await, StatusCode::OK);
    // Nine hours later, as far as the session knows.
    sqlx::query("UPDATE admin_sessions SET expires_at = '2020-01-01T00:00:00.000Z'")
        .execute(server.db().pool())
        .await
        .unwrap();
    let ended = server
        .request(
            Method::GET,
            "/admin?lang=en",
            &[("cookie", &pair)],
            Body::empty(),
        )
        .await;
    assert_eq!(ended.status, StatusCode::UNAUTHORIZED);
    assert!(String::from_utf8_lossy(&ended.bytes).contains("The session has ended"));
    // A new sign-in clears ended sessions away.
    sign_in(&server, &admin, &[]).await;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM admin_sessions")
        .fetch_one(server.db().pool())
        .await
        .unwrap();
    assert_eq!(count, 1);
}

async fn admin_posts_from_other_sites_are_refused(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let admin = server.token(Role::Admin, None).await;
    let foreign = [
        ("host", "pq.example.vn"),
        ("origin", "https://evil.example"),
    ];
    let refused = sign_in(&server, &admin, &foreign).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.header("set-cookie").is_none());
    assert!(String::from_utf8_lossy(&refused.bytes).contains("another site"));
    // What Chromium sends from a page with `Referrer-Policy: no-referrer` on another site…
    let null_elsewhere = [("origin", "null"), ("sec-fetch-site", "cross-site")];
    assert_eq!(
        sign_in(&server, &admin, &null_elsewhere).await.status,
        StatusCode::FORBIDDEN
    );
    // … and from the dashboard's own sign-in page.
    let null_here = [("origin", "null"), ("sec-fetch-site", "same-origin")];
    assert_eq!(
        sign_in(&server, &admin, &null_here).await.status,
        StatusCode::SEE_OTHER
    );
    let own = [
        ("host", "pq.example.vn"),
        ("origin", "https://pq.example.vn"),
    ];
    let signed = sign_in(&server, &admin, &own).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    let pair = cookie_pair(&signed);
    // Signing out from another site is refused too: the session stays.
    let out = server
        .request(
            Method::POST,
            "/admin/logout",
            &[("cookie", &pair), foreign[0], foreign[1]],
            Body::empty(),
        )
        .await;
    assert_eq!(out.status, StatusCode::FORBIDDEN);
    assert_eq!(admin_page(&server, &pair).await, StatusCode::OK);
    let out = server
        .request(
            Method::POST,
            "/admin/logout",
            &[("cookie", &pair), own[0], own[1]],
            Body::empty(),
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(admin_page(&server, &pair).await, StatusCode::UNAUTHORIZED);
}
