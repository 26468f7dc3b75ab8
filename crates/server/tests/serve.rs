//! `pq serve`'s HTTP behaviour and storage set-up, in process.
#![allow(clippy::unwrap_used)]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use pq_server::http::{AppState, router};
use pq_server::storage::{Database, latest_version};
use tower::ServiceExt;

async fn fixture() -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<h1>app</h1>").unwrap();
    std::fs::write(dist.join("pq_app-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    std::fs::write(dist.join("pq-survey.js"), "// loader").unwrap();
    std::fs::write(dist.join("embed.html"), "<p>embed</p>").unwrap();
    let location = dir.path().join("data").join("pq.db");
    let database = Database::open(location.to_str().unwrap()).await.unwrap();
    (dir, AppState::new(database, dist))
}

async fn get(state: &AppState, path: &str) -> (StatusCode, Option<String>, String) {
    let response = router(state.clone())
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let cache = response
        .headers()
        .get(header::CACHE_CONTROL)
        .map(|v| v.to_str().unwrap().to_owned());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, cache, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn a_fresh_sqlite_file_is_created_in_its_folder_and_migrated() {
    let (dir, state) = fixture().await;
    assert!(dir.path().join("data").join("pq.db").is_file());
    assert_eq!(
        state.database().schema_version().await.unwrap(),
        latest_version()
    );
    // Opening again applies nothing twice.
    let again = Database::open(dir.path().join("data").join("pq.db").to_str().unwrap())
        .await
        .unwrap();
    assert_eq!(again.schema_version().await.unwrap(), latest_version());
}

#[tokio::test]
async fn healthz_reports_the_database() {
    let (_dir, state) = fixture().await;
    let (status, _, body) = get(&state, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, r#"{"status":"ok","database":"ok"}"#);
}

#[tokio::test]
async fn index_is_revalidated_and_hashed_assets_are_immutable() {
    let (_dir, state) = fixture().await;
    let (status, cache, body) = get(&state, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cache.as_deref(), Some("no-cache"));
    assert_eq!(body, "<h1>app</h1>");
    let (status, cache, _) = get(&state, "/pq_app-0123456789abcdef_bg.wasm").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        cache.as_deref(),
        Some("public, max-age=31536000, immutable")
    );
}

#[tokio::test]
async fn unknown_paths_fall_back_to_the_app() {
    let (_dir, state) = fixture().await;
    let (status, cache, body) = get(&state, "/drafts/42").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cache.as_deref(), Some("no-cache"));
    assert_eq!(body, "<h1>app</h1>");
}

async fn headers(state: AppState, path: &str) -> axum::http::HeaderMap {
    router(state)
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap()
        .headers()
        .clone()
}

#[tokio::test]
async fn other_sites_may_load_the_loader_which_is_revalidated() {
    let (_dir, state) = fixture().await;
    let (status, cache, body) = get(&state, "/pq-survey.js").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cache.as_deref(), Some("no-cache"));
    assert_eq!(body, "// loader");
    for path in [
        "/pq-survey.js",
        "/pq_app-0123456789abcdef_bg.wasm",
        "/index.html",
    ] {
        let headers = headers(state.clone(), path).await;
        assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*", "{path}");
    }
    // The API keeps its own policy: none without --allow-origin.
    let api = headers(state.clone(), "/api/v1/forms").await;
    assert!(!api.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
}

#[tokio::test]
async fn embed_page_may_be_framed_only_by_the_allowed_origins() {
    let (dir, state) = fixture().await;
    let open = headers(state, "/embed.html").await;
    let policy = |headers: &axum::http::HeaderMap| {
        headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned()
    };
    assert!(
        !policy(&open).contains("frame-ancestors"),
        "any page may frame it"
    );
    let location = dir.path().join("data").join("pq.db");
    let database = Database::open(location.to_str().unwrap()).await.unwrap();
    let config = pq_server::http::ApiConfig {
        allowed_origins: vec!["http://localhost:8080".into()],
        ..Default::default()
    };
    let limited = AppState::with_config(database, dir.path().join("dist"), config);
    let framed = headers(limited.clone(), "/embed.html").await;
    assert!(
        policy(&framed).ends_with("; frame-ancestors 'self' http://localhost:8080"),
        "{}",
        policy(&framed)
    );
    // The app itself is framed only by its own pages.
    assert!(policy(&headers(limited, "/").await).ends_with("; frame-ancestors 'self'"));
}
