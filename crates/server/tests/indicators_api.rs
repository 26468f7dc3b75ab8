//! `GET /api/v1/indicators[.csv]` and the `/admin` dashboard: the Plan-285 figures over the
//! fixture submissions of `tests/fixtures/indicators/` (hand-computed in
//! `crates/core/tests/indicators.rs`), admin only, on SQLite and on PostgreSQL.
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
    the_dashboard_shows_every_target_with_the_fixture_numbers,
    every_figure_links_to_its_submissions,
    the_dashboard_needs_an_admin_sign_in,
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

fn html(answer: &support::Answer) -> String {
    String::from_utf8(answer.bytes.clone()).unwrap()
}

/// The headline paragraph of target `name` in a dashboard page.
fn headline(page: &str, name: &str) -> String {
    let card = &page[page
        .find(&format!("<li class=\"target\" id=\"{name}\">"))
        .unwrap()..];
    let start = card.find("<p class=\"headline").unwrap();
    let text = &card[start..];
    let open = text.find('>').unwrap() + 1;
    text[open..text.find("</p>").unwrap()].to_owned()
}

async fn the_dashboard_shows_every_target_with_the_fixture_numbers(backend: Backend) {
    let Some((server, admin)) = loaded(backend).await else {
        return;
    };
    let answer = server.get("/admin", &admin).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    let page = html(&answer);
    assert!(page.contains("<html lang=\"vi\">"));
    // The same hand-computed numbers as the JSON, as Vietnamese readers write them.
    for (name, shown) in [
        ("T1", "9,47 %/năm"),
        ("T2", "74,25 %"),
        ("T3", "10 người"),
        ("T4", "600 người"),
        ("T5", "1 câu lạc bộ"),
        ("T6", "3 doanh nghiệp"),
        ("T7", "2 cơ sở"),
        ("T8", "50 %"),
        ("T9", "1 cơ sở giáo dục"),
        ("T10", "4 doanh nghiệp"),
        ("T11", "2 lượt tham dự"),
        ("T12", "2 tổ chức"),
    ] {
        assert_eq!(headline(&page, name), shown, "{name}");
    }
    // Charts with text alternatives: one against the plan per target, plus parts and years.
    assert!(page.matches("role=\"img\" aria-labelledby=").count() >= 24);
    assert!(page.contains("<desc id=\"t2-plan-desc\">Đo được: 74,25 %; Kế hoạch 2023–2025: ≈ 45–47 %; Kế hoạch 2026–2030: &gt; 50 %</desc>"), "{page}");
    // Parts are named with the forms' choice texts; the year filter offers the data's years.
    assert!(
        page.contains(">5S</text>") || page.contains("5S"),
        "five_s named"
    );
    assert!(page.contains("<option value=\"2024\">2024</option>"));
    assert!(page.contains("<option value=\"tu_son\">"));

    // English, filtered: T8 has no public facility in Từ Sơn — "No data", never 0.
    let page = html(&server.get("/admin?district=tu_son&lang=en", &admin).await);
    assert!(page.contains("<html lang=\"en\">"));
    assert_eq!(headline(&page, "T8"), "No data");
    assert!(page.contains("<p class=\"headline nodata\">No data</p>"));
    assert_eq!(headline(&page, "T3"), "5 people");
    assert!(page.contains("<option value=\"tu_son\" selected>"));
    assert!(page.contains("3 submissions counted"));

    let bad = server.get("/admin?year=last", &admin).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(html(&bad).contains("year must be a year"));
}

async fn every_figure_links_to_its_submissions(backend: Backend) {
    let Some((server, admin)) = loaded(backend).await else {
        return;
    };
    let page = html(&server.get("/admin?year=2024", &admin).await);
    assert!(
        page.contains("href=\"/admin/submissions?year=2024&amp;target=T11&amp;lang=vi\""),
        "{page}"
    );
    assert!(page.contains(
        "href=\"/admin/submissions?year=2024&amp;target=T6&amp;part=five_s&amp;lang=vi\""
    ));

    let list = html(&server.get("/admin/submissions?target=T11", &admin).await);
    for id in [fixture_id(2), fixture_id(3)] {
        assert!(
            list.contains(&format!(
                "<a href=\"/admin/submissions/{id}?lang=vi\">{id}</a>"
            )),
            "{id}: {list}"
        );
    }
    // Counted rows say so; revision 1 of #02 is not listed twice.
    assert_eq!(list.matches(&fixture_id(2)).count(), 2);
    assert!(list.contains("<td>Có</td>"));

    let years = html(
        &server
            .get("/admin/submissions?target=T3&in_year=2024&lang=en", &admin)
            .await,
    );
    assert!(years.contains("T3 · "));
    assert!(years.contains("Year 2024"));

    let detail = server
        .get(&format!("/admin/submissions/{}", fixture_id(2)), &admin)
        .await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(html(&detail).contains("quality_award"));
    let missing = server.get("/admin/submissions/nope", &admin).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let unknown = server.get("/admin/submissions?target=T99", &admin).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

async fn the_dashboard_needs_an_admin_sign_in(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let none = server
        .request(Method::GET, "/admin", &[], Body::empty())
        .await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert!(html(&none).contains("type=\"password\" name=\"token\""));
    let surveyor = server.token(Role::Surveyor, None).await;
    let answer = server.get("/admin/submissions?target=T1", &surveyor).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(html(&answer).contains("không phải mã quản trị"));

    let login = |token: String| {
        let server = &server;
        async move {
            server
                .request(
                    Method::POST,
                    "/admin/login",
                    &[("content-type", "application/x-www-form-urlencoded")],
                    format!("token={token}&lang=en"),
                )
                .await
        }
    };
    let wrong = login("pq_wrong".into()).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(html(&wrong).contains("The token is not valid."));
    assert!(wrong.header("set-cookie").is_none());

    let admin = server.token(Role::Admin, None).await;
    let signed = login(admin.clone()).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    assert_eq!(signed.header("location"), Some("/admin?lang=en"));
    let cookie = signed.header("set-cookie").unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Path=/admin")
    );
    let pair = cookie.split(';').next().unwrap().to_owned();
    let page = server
        .request(
            Method::GET,
            "/admin?lang=en",
            &[("cookie", &pair)],
            Body::empty(),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(html(&page).contains("No data"));

    let out = server
        .request(
            Method::POST,
            "/admin/logout",
            &[("cookie", &pair)],
            Body::empty(),
        )
        .await;
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    // Signed out: the old cookie opens nothing any more.
    let after = server
        .request(Method::GET, "/admin", &[("cookie", &pair)], Body::empty())
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert!(html(&after).contains("Phiên làm việc đã hết hạn hoặc đã kết thúc"));
    // A new session ends when its token is revoked.
    let again = login(admin.clone()).await;
    let pair = again
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let page = server
        .request(Method::GET, "/admin", &[("cookie", &pair)], Body::empty())
        .await;
    assert_eq!(page.status, StatusCode::OK);
    pq_server::tokens::revoke(server.db(), &admin)
        .await
        .unwrap();
    let revoked = server
        .request(Method::GET, "/admin", &[("cookie", &pair)], Body::empty())
        .await;
    assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);
    // The token itself, given again, is refused as revoked.
    let bearer = server.get("/admin", &admin).await;
    assert!(html(&bearer).contains("Mã này đã bị thu hồi."));
}
