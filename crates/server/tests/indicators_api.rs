//! `GET /api/v1/indicators[.csv]`: the Plan-285 figures over the fixture submissions of
//! `tests/fixtures/indicators/` (hand-computed in `crates/core/tests/indicators.rs`), admin
//! only, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use pq_core::sync::Role;
use serde_json::Value;
use support::{Backend, TAX_CODE, TestServer, answers, submission, uuid};

on_both_backends!(
    json_figures_match_the_fixtures_newest_revisions_only,
    filters_and_no_data,
    csv_has_a_bom_and_one_row_per_target,
    only_admin_tokens_read_indicators,
);

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The server with the three Plan-285 forms published and every fixture submission of a
/// published form sent, one at a time in file order (revision 1 before revision 2), plus one
/// submission of the support's non-Plan `enterprise` form.
async fn loaded(backend: Backend) -> Option<(TestServer, String)> {
    let server = TestServer::start(backend).await?;
    for name in ["enterprise", "hospital", "school"] {
        let text =
            std::fs::read_to_string(repository().join(format!("forms/{name}.json"))).unwrap();
        pq_server::forms::publish(server.db(), &text).await.unwrap();
    }
    let fixtures: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(repository().join("tests/fixtures/indicators/submissions.json"))
            .unwrap(),
    )
    .unwrap();
    let surveyor = server.token(Role::Surveyor, None).await;
    for item in fixtures.iter().filter(|s| {
        s["form_id"].as_str().unwrap().starts_with("pq-bn285-") && s["form_version"] == "1"
    }) {
        let answer = server.send(&surveyor, std::slice::from_ref(item)).await;
        assert_eq!(answer.status, StatusCode::OK);
        let expected = if item["revision"] == 1 {
            "accepted"
        } else {
            "revised"
        };
        assert_eq!(answer.statuses(), [expected], "{}", item["id"]);
    }
    let other = server
        .send(&surveyor, &[submission(&uuid(99), 1, answers(TAX_CODE, 4))])
        .await;
    assert_eq!(other.statuses(), ["accepted"]);
    let admin = server.token(Role::Admin, None).await;
    Some((server, admin))
}

fn fixture_id(n: u8) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn target<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == name)
        .unwrap()
}

fn value(report: &Value, name: &str) -> Option<f64> {
    let value = &target(report, name)["value"];
    if value.is_null() {
        None
    } else {
        Some(value.as_f64().unwrap())
    }
}

fn assert_close(report: &Value, name: &str, expected: Option<f64>) {
    match (value(report, name), expected) {
        (Some(a), Some(e)) => assert!((a - e).abs() < 1e-9, "{name}: {a}, expected {e}"),
        (actual, expected) => assert_eq!(actual, expected, "{name}"),
    }
}

async fn json_figures_match_the_fixtures_newest_revisions_only(backend: Backend) {
    let Some((server, admin)) = loaded(backend).await else {
        return;
    };
    let answer = server.get("/api/v1/indicators", &admin).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    let report = answer.json();
    // 9 newest revisions of Plan-285 forms; the `enterprise` form's submission is skipped.
    assert_eq!(report["submissions"], 9);
    assert_eq!(report["skipped"][0]["id"], uuid(99));
    assert_eq!(report["targets"].as_array().unwrap().len(), 12);
    // The hand computations are in crates/core/tests/indicators.rs.
    assert_close(&report, "T1", Some((650.0 / 10_150.0 * 100.0 + 22.0) / 3.0));
    assert_close(&report, "T2", Some(74.25));
    assert_close(&report, "T3", Some(10.0));
    assert_close(&report, "T4", Some(600.0));
    assert_close(&report, "T5", Some(1.0));
    assert_close(&report, "T6", Some(3.0));
    assert_close(&report, "T7", Some(2.0));
    assert_close(&report, "T8", Some(50.0));
    assert_close(&report, "T9", Some(1.0));
    assert_close(&report, "T10", Some(4.0));
    assert_close(&report, "T11", Some(2.0));
    assert_close(&report, "T12", Some(2.0));
    // Every figure names its submissions; revision 1 of #02 and #06 never counts.
    let t11 = target(&report, "T11");
    assert_eq!(
        t11["counted"],
        serde_json::json!([fixture_id(2), fixture_id(3)])
    );
    assert_eq!(
        target(&report, "T8")["counted"],
        serde_json::json!([fixture_id(5)])
    );
    let five_s = target(&report, "T6")["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "five_s")
        .unwrap();
    assert_eq!(five_s["value"], 2.0);
    // The plan's numbers and wording come along.
    let t2 = target(&report, "T2");
    assert_eq!(t2["plan"][0]["min"], 45.0);
    assert_eq!(t2["plan"][1]["bound"], "more_than");
    assert!(t2["source"].as_str().unwrap().contains("45-47%"));
    assert_eq!(target(&report, "T3")["by_year"][1]["year"], 2024);
    assert_eq!(target(&report, "T3")["by_year"][1]["value"], 9.0);
}

async fn filters_and_no_data(backend: Backend) {
    let Some((server, admin)) = loaded(backend).await else {
        return;
    };
    let report = server
        .get("/api/v1/indicators?year=2024", &admin)
        .await
        .json();
    assert_eq!(report["filter"]["year"], 2024);
    assert_eq!(report["submissions"], 6);
    assert_close(&report, "T2", Some(61.375));
    assert_close(&report, "T4", Some(545.0));

    let report = server
        .get("/api/v1/indicators?district=tu_son", &admin)
        .await
        .json();
    assert_eq!(report["submissions"], 3);
    assert_close(&report, "T3", Some(5.0));
    assert_close(&report, "T5", Some(0.0));
    // No public medical facility there: null, not 0.
    assert!(target(&report, "T8")["value"].is_null());

    let report = server
        .get("/api/v1/indicators?sector=Q&year=&district=", &admin)
        .await
        .json();
    assert_eq!(report["submissions"], 3);
    assert_close(&report, "T1", None);
    assert_close(&report, "T7", Some(2.0));

    let bad = server.get("/api/v1/indicators?year=last", &admin).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.json()["error"].as_str().unwrap().contains("year"));
}

async fn csv_has_a_bom_and_one_row_per_target(backend: Backend) {
    let Some((server, admin)) = loaded(backend).await else {
        return;
    };
    let answer = server
        .get("/api/v1/indicators.csv?district=tu_son", &admin)
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert!(answer.bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = std::str::from_utf8(&answer.bytes[3..]).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "target");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 12);
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][column("target")], "T1");
    assert_eq!(&rows[0][column("plan")], "≈ 12.5");
    assert_eq!(&rows[0][column("value")], "10");
    assert_eq!(&rows[2][column("value")], "5");
    assert_eq!(&rows[2][column("submissions")], "3");
    assert!(rows[2][column("title_vi")].starts_with("Chuyên gia"));
    // T8: no data.
    assert_eq!(&rows[7][column("value")], "");
    assert_eq!(&rows[7][column("note")], "no data");
    assert_eq!(&rows[7][column("plan")], "> 60 (by 2025); ≥ 90 (by 2030)");
}

async fn only_admin_tokens_read_indicators(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    for path in ["/api/v1/indicators", "/api/v1/indicators.csv"] {
        let none = server.request(Method::GET, path, &[], Body::empty()).await;
        assert_eq!(none.status, StatusCode::UNAUTHORIZED, "{path}");
        let bad = server.get(path, "not-a-token").await;
        assert_eq!(bad.status, StatusCode::UNAUTHORIZED, "{path}");
        let surveyor = server.token(Role::Surveyor, None).await;
        let answer = server.get(path, &surveyor).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path}");
        assert!(
            answer.json()["error"]
                .as_str()
                .unwrap()
                .contains("admin only")
        );
        let enterprise = server.token(Role::Enterprise, Some(TAX_CODE)).await;
        assert_eq!(
            server.get(path, &enterprise).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
        let admin = server.token(Role::Admin, None).await;
        let answer = server.get(path, &admin).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
    }
    // With nothing stored every figure is "no data".
    let admin = server.token(Role::Admin, None).await;
    let report = server.get("/api/v1/indicators", &admin).await.json();
    assert_eq!(report["submissions"], 0);
    for t in report["targets"].as_array().unwrap() {
        assert!(t["value"].is_null(), "{}", t["target"]);
    }
}
