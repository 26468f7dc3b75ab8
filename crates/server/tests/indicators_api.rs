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
    a_loaded_deflator_table_puts_t1_and_t2_at_constant_prices,
    csv_has_a_bom_and_one_row_per_target,
    only_admin_tokens_read_indicators,
    the_dashboard_shows_every_target_with_the_fixture_numbers,
    every_figure_links_to_its_submissions,
    the_dashboard_needs_an_admin_sign_in,
);

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The server with the three Plan-285 forms published (version 1, then version 2) and every
/// fixture submission of a published form sent, one at a time in file order, plus one
/// submission of the support's non-Plan `enterprise` form.
async fn loaded(backend: Backend) -> Option<(TestServer, String)> {
    let server = TestServer::start(backend).await?;
    for folder in ["forms/v1", "forms"] {
        for name in ["enterprise", "hospital", "school"] {
            let text = std::fs::read_to_string(repository().join(format!("{folder}/{name}.json")))
                .unwrap();
            pq_server::forms::publish(server.db(), &text).await.unwrap();
        }
    }
    let fixtures: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(repository().join("tests/fixtures/indicators/submissions.json"))
            .unwrap(),
    )
    .unwrap();
    let surveyor = server.token(Role::Surveyor, None).await;
    for item in fixtures.iter().filter(|s| {
        s["form_id"].as_str().unwrap().starts_with("pq-bn285-")
            && (s["form_version"] == "1" || s["form_version"] == "2")
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

/// The hand computations (crates/core/tests/indicators.rs), current prices, α = 0.4.
mod hand {
    pub fn g(now: f64, before: f64) -> f64 {
        (now / before - 1.0) * 100.0
    }
    pub fn average(growths: &[f64]) -> f64 {
        let product: f64 = growths.iter().map(|g| 1.0 + g / 100.0).product();
        (product.powf(1.0 / growths.len() as f64) - 1.0) * 100.0
    }
    /// T1 per year: 2023 12; 2024 (106 800/1 020) ÷ (101 000/1 000); 2025 (113 400/1 030) ÷
    /// (105 000/1 010); 2026 10.
    pub fn t1() -> [f64; 4] {
        [
            12.0,
            g(106_800.0 / 1_020.0, 101_000.0 / 1_000.0),
            g(113_400.0 / 1_030.0, 105_000.0 / 1_010.0),
            10.0,
        ]
    }
    /// (g_Y, g_A) per year: 2023 (12, 12); 2024 g_Y 580/101, g_K 5, g_L 2; 2025 g_Y 8,
    /// g_K 215/205, g_L 1 030/1 010; 2026 (10, 10).
    pub fn t2(alpha: f64) -> [(f64, f64); 4] {
        let gy = g(106_800.0, 101_000.0);
        [
            (12.0, 12.0),
            (gy, gy - alpha * 5.0 - (1.0 - alpha) * 2.0),
            (
                8.0,
                8.0 - alpha * g(215_000.0, 205_000.0) - (1.0 - alpha) * g(1_030.0, 1_010.0),
            ),
            (10.0, 10.0),
        ]
    }
    pub fn share(years: &[(f64, f64)]) -> f64 {
        let (y, a) = years
            .iter()
            .fold((0.0, 0.0), |(y, a), (gy, ga)| (y + gy, a + ga));
        a / y * 100.0
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
    // 13 records: one per unit and year (#04 is an older survey of #01's firm and year); the
    // `enterprise` form's submission is skipped.
    assert_eq!(report["submissions"], 13);
    assert_eq!(report["superseded"], serde_json::json!([fixture_id(4)]));
    assert_eq!(report["skipped"][0]["id"], uuid(99));
    assert_eq!(report["targets"].as_array().unwrap().len(), 12);
    assert_eq!(report["capital_share"], 0.4);
    assert_eq!(report["prices"]["basis"], "current");
    assert_eq!(report["prices"]["label_vi"], "giá hiện hành (danh nghĩa)");
    assert_close(&report, "T1", Some(hand::average(&hand::t1())));
    assert_close(&report, "T2", Some(hand::share(&hand::t2(0.4))));
    assert_close(&report, "T3", Some(5.0));
    assert_close(&report, "T4", Some(265.0));
    assert_close(&report, "T5", Some(1.0));
    assert_close(&report, "T6", Some(2.0));
    assert_close(&report, "T7", Some(2.0));
    assert_close(&report, "T8", Some(75.0));
    assert_close(&report, "T9", Some(1.0));
    assert_close(&report, "T10", Some(2.0));
    assert_close(&report, "T11", Some(3.0));
    assert_close(&report, "T12", Some(1.0));
    // T1's periods and coverage.
    let t1 = target(&report, "T1");
    let period = t1["periods"][0]["value"].as_f64().unwrap();
    assert!((period - hand::average(&hand::t1()[..3])).abs() < 1e-9);
    assert!((t1["periods"][1]["value"].as_f64().unwrap() - 10.0).abs() < 1e-9);
    assert_eq!(t1["coverage"]["firms"], 5);
    assert!(t1["money_based"].as_bool().unwrap());
    // Every figure names its submissions.
    assert_eq!(
        target(&report, "T11")["counted"],
        serde_json::json!([fixture_id(1), fixture_id(3), fixture_id(5)])
    );
    assert_eq!(
        target(&report, "T8")["counted"],
        serde_json::json!([fixture_id(20), fixture_id(21), fixture_id(23)])
    );
    let part = |name: &str, key: &str| -> Value {
        target(&report, name)["parts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == key)
            .unwrap()["value"]
            .clone()
    };
    assert_eq!(part("T6", "any_practice"), 4.0);
    // "none" in standards_applied is never a standard.
    assert_eq!(part("T10", "any_standard"), 3.0);
    // The plan's numbers and wording come along.
    let t2 = target(&report, "T2");
    assert_eq!(t2["plan"][0]["min"], 45.0);
    assert_eq!(t2["plan"][1]["bound"], "more_than");
    assert!(t2["source"].as_str().unwrap().contains("45-47%"));
    assert_eq!(target(&report, "T3")["by_year"][2]["year"], 2024);
    assert_eq!(target(&report, "T3")["by_year"][2]["value"], 4.0);
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
    assert_eq!(report["submissions"], 7);
    assert_close(&report, "T2", Some(hand::share(&hand::t2(0.4)[1..2])));
    assert_close(&report, "T4", Some(215.0));
    // α is the reader's: 0.35.
    let report = server
        .get("/api/v1/indicators?year=2024&alpha=0.35", &admin)
        .await
        .json();
    assert_eq!(report["capital_share"], 0.35);
    assert_close(&report, "T2", Some(hand::share(&hand::t2(0.35)[1..2])));

    // The former Bắc Giang province: #02, #06 and #22.
    let report = server
        .get("/api/v1/indicators?former_province=bac_giang", &admin)
        .await
        .json();
    assert_eq!(report["filter"]["former_province"], "bac_giang");
    assert_eq!(report["submissions"], 3);
    assert_close(&report, "T1", Some(hand::average(&[80.0, 10.0])));
    assert_close(&report, "T8", Some(0.0));
    // One ward of it.
    let report = server
        .get("/api/v1/indicators?commune=07210", &admin)
        .await
        .json();
    assert_eq!(report["submissions"], 1);
    assert_close(&report, "T1", Some(80.0));

    // A pre-2025 district (a version-1 record): no public medical facility there: null, not 0.
    let report = server
        .get("/api/v1/indicators?district=que_vo", &admin)
        .await
        .json();
    assert_eq!(report["submissions"], 1);
    assert_close(&report, "T1", Some(12.0));
    assert!(target(&report, "T8")["value"].is_null());

    let report = server
        .get(
            "/api/v1/indicators?sector=Q&year=&district=&commune=&alpha=",
            &admin,
        )
        .await
        .json();
    assert_eq!(report["submissions"], 4);
    assert_close(&report, "T1", None);
    assert_close(&report, "T7", Some(2.0));

    for (query, word) in [
        ("year=last", "year"),
        ("alpha=1.5", "alpha"),
        ("commune=12345", "commune"),
        ("former_province=ha_noi", "former_province"),
    ] {
        let bad = server
            .get(&format!("/api/v1/indicators?{query}"), &admin)
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(
            bad.json()["error"].as_str().unwrap().contains(word),
            "{query}"
        );
    }
}

fn deflator_table() -> pq_core::indicators::DeflatorTable {
    pq_server::deflators::parse(
        "source,Cục Thống kê (Bộ Tài chính) – bảng thử\nbase_year,2020\nyear,section,value_added,capital\n2023,*,100,\n2024,C,102,101\n",
    )
    .unwrap()
}

async fn a_loaded_deflator_table_puts_t1_and_t2_at_constant_prices(backend: Backend) {
    let Some((server, admin)) = loaded(backend).await else {
        return;
    };
    server
        .db()
        .replace_deflators(&deflator_table(), "2026-06-01T00:00:00Z")
        .await
        .unwrap();
    let stored = server.db().deflators().await.unwrap().unwrap();
    assert_eq!(stored.table, deflator_table());
    let report = server
        .get("/api/v1/indicators?year=2024", &admin)
        .await
        .json();
    assert_eq!(report["prices"]["basis"], "constant");
    assert_eq!(report["prices"]["base_year"], 2020);
    // T1 = (106 800/1.02/1 020) ÷ (101 000/1 000) − 1 = 1.636 % (3.669 % at current prices);
    // T2: g_Y = 106 800/1.02 ÷ 101 000 − 1, g_K = 210 000/1.01 ÷ 200 000 − 1, g_L 2.
    assert_close(
        &report,
        "T1",
        Some(hand::g(106_800.0 / 1.02 / 1_020.0, 101_000.0 / 1_000.0)),
    );
    let gy = hand::g(106_800.0 / 1.02, 101_000.0);
    let gk = hand::g(210_000.0 / 1.01, 200_000.0);
    assert_close(&report, "T2", Some((gy - 0.4 * gk - 1.2) / gy * 100.0));
    // The dashboard names the prices and the table's source line.
    let page = html(&server.get("/admin?year=2024", &admin).await);
    assert!(page.contains("giá so sánh năm 2020"), "{page}");
    assert!(page.contains("Cục Thống kê (Bộ Tài chính) – bảng thử"));
    assert!(!page.contains("giá hiện hành (danh nghĩa)"));
    // Loading another table replaces it whole.
    let mut other = deflator_table();
    other.rows.truncate(1);
    server
        .db()
        .replace_deflators(&other, "2026-06-02T00:00:00Z")
        .await
        .unwrap();
    let stored = server.db().deflators().await.unwrap().unwrap();
    assert_eq!(stored.table.rows.len(), 1);
    assert_eq!(stored.loaded_at, "2026-06-02T00:00:00Z");
}

async fn csv_has_a_bom_and_one_row_per_target(backend: Backend) {
    let Some((server, admin)) = loaded(backend).await else {
        return;
    };
    let answer = server
        .get("/api/v1/indicators.csv?commune=07210", &admin)
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
    // #02 alone: VA 1 000 → 1 800 with 10 employees both years.
    assert_eq!(&rows[0][column("value")], "80");
    assert_eq!(&rows[0][column("prices")], "current prices (nominal)");
    assert_eq!(&rows[0][column("coverage_firms")], "1");
    assert_eq!(&rows[0][column("coverage_value_added_share")], "100");
    assert_eq!(&rows[2][column("prices")], "");
    assert_eq!(&rows[3][column("value")], "5");
    assert_eq!(&rows[3][column("submissions")], "1");
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
        ("T1", "7,84 %/năm"),
        ("T2", "82,26 %"),
        ("T3", "5 người"),
        ("T4", "265 lượt người"),
        ("T5", "1 câu lạc bộ"),
        ("T6", "2 doanh nghiệp"),
        ("T7", "2 cơ sở"),
        ("T8", "75 %"),
        ("T9", "1 cơ sở giáo dục"),
        ("T10", "2 doanh nghiệp"),
        ("T11", "3 lượt tham dự"),
        ("T12", "1 tổ chức"),
    ] {
        assert_eq!(headline(&page, name), shown, "{name}");
    }
    // No deflator table: the money-based figures say they are nominal, and never claim the
    // GSO method.
    assert!(page.contains("Chưa nạp bảng chỉ số giảm phát"));
    assert_eq!(
        page.matches("<p class=\"prices\">giá hiện hành (danh nghĩa)</p>")
            .count(),
        2
    );
    assert!(!page.contains("Tổng cục Thống kê") && !page.contains("GSO"));
    // The T6 parts chart and T4's bars (tests/e2e/dashboard.test.mjs checks them in a browser).
    assert!(page.contains("5S: 1"), "{page}");
    // T2 by plan period in its chart: 2023–2025 = (12 + 2.5426 + 4.8607) ÷ (12 + 5.7426 + 8).
    assert!(page.contains("Kế hoạch 2026–2030: &gt; 50 %; Đo được 2023–2025: 75,37 %; Đo được 2026–2030: 100 %</desc>"), "{page}");
    // T1 and T2 by plan period, with their coverage.
    assert!(page.contains("Giai đoạn 2023–2025"));
    assert!(
        page.contains("<p class=\"coverage\">Độ bao phủ: 5 doanh nghiệp-năm trong mẫu cố định")
    );
    // Filters: former province, commune or ward, α.
    assert!(page.contains("<option value=\"bac_giang\">Tỉnh Bắc Giang (cũ)</option>"));
    assert!(page.contains("<option value=\"07210\">Phường Bắc Giang</option>"));
    assert!(page.contains("name=\"alpha\""));
    // Charts with text alternatives: one against the plan per target, plus parts and years.
    assert!(page.matches("role=\"img\" aria-labelledby=").count() >= 24);
    assert!(page.contains("<desc id=\"t2-plan-desc\">Đo được: 82,26 %; Kế hoạch 2023–2025: ≈ 45–47 %; Kế hoạch 2026–2030: &gt; 50 %"), "{page}");
    // Parts are named with the forms' choice texts; the year filter offers the data's years.
    assert!(
        page.contains(">5S</text>") || page.contains("5S"),
        "five_s named"
    );
    assert!(page.contains("<option value=\"2024\">2024</option>"));
    assert!(page.contains("<option value=\"que_vo\">"));

    // English, filtered: T8 has no public facility in Quế Võ — "No data", never 0.
    let page = html(&server.get("/admin?district=que_vo&lang=en", &admin).await);
    assert!(page.contains("<html lang=\"en\">"));
    assert_eq!(headline(&page, "T8"), "No data");
    assert!(page.contains("<p class=\"headline nodata\">No data</p>"));
    assert_eq!(headline(&page, "T1"), "12 %/year");
    assert_eq!(headline(&page, "T11"), "1 entries");
    assert!(page.contains("<option value=\"que_vo\" selected>"));
    assert!(page.contains("1 submissions counted"));
    assert!(page.contains("<p class=\"prices\">current prices (nominal)</p>"));
    // Former Bắc Giang, in English: #02 and #06.
    let page = html(
        &server
            .get("/admin?former_province=bac_giang&lang=en", &admin)
            .await,
    );
    assert!(page.contains("<option value=\"bac_giang\" selected>"));
    assert_eq!(headline(&page, "T1"), "40.71 %/year");
    // (tests/e2e/dashboard.test.mjs reads the same three through the controls.)
    assert_eq!(headline(&page, "T9"), "No data");
    assert_eq!(headline(&page, "T8"), "0 %");
    assert!(
        page.contains(
            "<label>Former province (before 1 July 2025)<select name=\"former_province\">"
        )
    );

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
    for id in [fixture_id(1), fixture_id(3), fixture_id(5)] {
        assert!(
            list.contains(&format!(
                "<a href=\"/admin/submissions/{id}?lang=vi\">{id}</a>"
            )),
            "{id}: {list}"
        );
    }
    // Each row names its place: the 2025 commune or ward, else the pre-2025 district.
    assert!(list.contains("<td>Phường Vũ Ninh</td>"), "{list}");
    assert!(list.contains("<td>Thị xã Quế Võ</td>"), "{list}");
    // Counted rows say so; #04, superseded by #01, is not listed.
    assert_eq!(list.matches(&fixture_id(2)).count(), 2);
    assert!(!list.contains(&fixture_id(4)));
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
