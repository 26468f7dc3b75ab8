//! Shared by the server's integration tests: a fresh database on SQLite or PostgreSQL, the
//! in-process app, tokens and a published form.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use pq_core::sync::Role;
use pq_server::http::{ApiConfig, AppState, router};
use pq_server::storage::Database;
use pq_server::tokens::{self, TokenRequest};
use serde_json::{Value, json};
use sqlx::Connection;
use tower::ServiceExt;

/// Where the tests find a PostgreSQL server (`cargo xtask test` always sets it).
pub const POSTGRES_URL_VAR: &str = "PQ_TEST_POSTGRES_URL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each named `async fn name(backend: Backend)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::support::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::support::Backend::Postgres).await;
                }
            )*
        }
    };
}

/// A fresh, empty database; a PostgreSQL one is dropped when this is.
pub struct TestDatabase {
    pub location: String,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TestDatabase {
    /// `None` (after saying so) when PostgreSQL is asked for but `PQ_TEST_POSTGRES_URL` is
    /// not set.
    pub async fn new(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let location = dir.path().join("data").join("pq.db");
                Some(TestDatabase {
                    location: location.to_str().unwrap().to_owned(),
                    _dir: Some(dir),
                    postgres: None,
                })
            }
            Backend::Postgres => {
                let Ok(admin_url) = std::env::var(POSTGRES_URL_VAR) else {
                    // Straight to the process's stderr: the test harness does not capture it.
                    let _ = writeln!(
                        std::io::stderr(),
                        "skipped on PostgreSQL: {POSTGRES_URL_VAR} is not set \
                         (`cargo xtask test` starts a server and sets it)"
                    );
                    return None;
                };
                let name = format!(
                    "pq_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::Relaxed),
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .unwrap()
                        .subsec_nanos()
                );
                sqlx::any::install_default_drivers();
                let mut admin = sqlx::AnyConnection::connect(&admin_url)
                    .await
                    .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {admin_url}: {e}"));
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .await
                    .unwrap();
                admin.close().await.unwrap();
                Some(TestDatabase {
                    location: with_database(&admin_url, &name),
                    _dir: None,
                    postgres: Some((admin_url, name)),
                })
            }
        }
    }

    pub async fn open(&self) -> Database {
        Database::open(&self.location).await.unwrap()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.take() else {
            return;
        };
        // Best effort, on a thread of its own: Drop cannot await.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                if let Ok(mut admin) = sqlx::AnyConnection::connect(&admin_url).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut admin)
                        .await;
                    let _ = admin.close().await;
                }
            });
        })
        .join();
    }
}

/// `url` naming database `name` instead of its own.
fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (rest, query) = match rest.split_once('?') {
        Some((rest, query)) => (rest, format!("?{query}")),
        None => (rest, String::new()),
    };
    let authority = rest.split('/').next().unwrap();
    format!("{scheme}://{authority}/{name}{query}")
}

/// The enterprise survey every test publishes (version 1): a tax code with its check digit,
/// a required name, a number of employees (≥ 0), a sector and a dynamic panel of products.
pub fn enterprise_form(version: u64) -> Value {
    json!({
        "id": "enterprise",
        "version": version,
        "title": {"default": "Phiếu khảo sát doanh nghiệp", "en": "Enterprise survey"},
        "pages": [{"name": "p1", "elements": [
            {"type": "text", "name": "tax_code", "title": "Mã số thuế", "isRequired": true,
             "validators": [{"type": "expression", "expression": "isValidTaxCode({tax_code})",
                             "text": {"default": "Mã số thuế không hợp lệ.", "en": "Invalid tax code."}}]},
            {"type": "text", "name": "enterprise_name", "title": "Tên doanh nghiệp", "isRequired": true},
            {"type": "text", "name": "employees", "inputType": "number", "min": 0, "isRequired": true},
            {"type": "radiogroup", "name": "sector", "choices": [
                {"value": "agri", "text": {"default": "Nông nghiệp", "en": "Agriculture"}},
                {"value": "ind", "text": {"default": "Công nghiệp", "en": "Industry"}}
            ]},
            {"type": "paneldynamic", "name": "products", "templateElements": [
                {"type": "text", "name": "product", "isRequired": true},
                {"type": "text", "name": "output", "inputType": "number", "min": 0}
            ]}
        ]}]
    })
}

/// A tax code with a good check digit, and another one.
pub const TAX_CODE: &str = "2300325764";
pub const OTHER_TAX_CODE: &str = "0100109106";

/// A valid submission of the enterprise form.
pub fn submission(id: &str, revision: u32, answers: Value) -> Value {
    json!({
        "id": id,
        "form_id": "enterprise",
        "form_version": "1",
        "revision": revision,
        "answers": answers,
        "locale": "vi",
        "started_at": "2025-06-01T08:30:00Z",
        "updated_at": "2025-06-01T09:05:00+07:00",
        "device_id": "tablet-07"
    })
}

/// Valid answers for `tax_code`.
pub fn answers(tax_code: &str, employees: i64) -> Value {
    json!({
        "tax_code": tax_code,
        "enterprise_name": "Công ty TNHH Đồng Tiến Bắc Ninh",
        "employees": employees,
        "sector": "ind",
        "products": [{"product": "Gạch men", "output": 1200}, {"product": "Ngói"}]
    })
}

/// Submission ids, one per letter.
pub fn uuid(n: u8) -> String {
    format!("{n:08x}-8d1a-4f2b-9c3d-5e6f7a8b9c0d")
}

/// One HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.bytes)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    /// The statuses of a batch answer, in order.
    pub fn statuses(&self) -> Vec<String> {
        self.json()["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["status"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// The app in process, over a fresh database with the enterprise form published.
pub struct TestServer {
    pub database: TestDatabase,
    pub state: AppState,
    _dist: tempfile::TempDir,
}

impl TestServer {
    pub async fn start(backend: Backend) -> Option<Self> {
        Self::with_config(backend, ApiConfig::default()).await
    }

    pub async fn with_config(backend: Backend, config: ApiConfig) -> Option<Self> {
        let database = TestDatabase::new(backend).await?;
        let dist = tempfile::tempdir().unwrap();
        let opened = database.open().await;
        pq_server::forms::publish(&opened, &enterprise_form(1).to_string())
            .await
            .unwrap();
        let state = AppState::with_config(opened, dist.path().to_path_buf(), config);
        Some(TestServer {
            database,
            state,
            _dist: dist,
        })
    }

    pub fn db(&self) -> &Database {
        self.state.database()
    }

    /// The folder served as the app's build (empty until a test writes into it).
    pub fn dist(&self) -> &std::path::Path {
        self._dist.path()
    }

    /// A new token; enterprise tokens get `tax_code`.
    pub async fn token(&self, role: Role, tax_code: Option<&str>) -> String {
        let (token, _) = tokens::create(
            self.db(),
            TokenRequest {
                role,
                tax_code: tax_code.map(str::to_owned),
                name: Some("test".into()),
                form_id: None,
            },
        )
        .await
        .unwrap();
        token
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: impl Into<Body>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = router(self.state.clone())
            .oneshot(request.body(body.into()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        let auth = format!("Bearer {token}");
        self.request(
            Method::GET,
            path,
            &[("authorization", &auth)],
            Body::empty(),
        )
        .await
    }

    /// `POST /api/v1/submissions` with `{"submissions": items}`.
    pub async fn send(&self, token: &str, items: &[Value]) -> Answer {
        let body = json!({ "submissions": items }).to_string();
        self.post_raw(token, body).await
    }

    pub async fn post_raw(&self, token: &str, body: impl Into<Body>) -> Answer {
        let auth = format!("Bearer {token}");
        self.request(
            Method::POST,
            "/api/v1/submissions",
            &[
                ("authorization", &auth),
                (header::CONTENT_TYPE.as_str(), "application/json"),
            ],
            body,
        )
        .await
    }
}
