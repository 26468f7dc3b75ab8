//! The collector API (`/api/v1`), in process, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used)]

mod support;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use pq_core::sync::{Role, Submission};
use pq_server::http::ApiConfig;
use pq_server::storage::{Inserted, NewRevision};
use pq_server::sync::Limits;
use serde_json::{Value, json};
use support::{
    Backend, OTHER_TAX_CODE, TAX_CODE, TestServer, answers, enterprise_form, submission, uuid,
};

on_both_backends!(
    forms_are_listed_and_revalidated_with_etags,
    accepted_duplicate_revised_and_conflict,
    one_batch_holding_several_revisions_of_an_id_stores_them_in_order,
    the_same_batch_sent_twice_is_all_duplicates,
    resending_after_a_lost_answer_stores_one_copy,
    tampered_answers_are_rejected_with_paths_in_the_submissions_language,
    one_bad_item_never_blocks_the_others,
    oversize_batches_answer_413,
    malformed_bodies_answer_400_naming_the_problem,
    no_or_bad_token_answers_401,
    enterprise_tokens_keep_to_their_tax_code,
    reading_submissions_by_role,
    exports_over_http_are_admin_only_and_hold_the_newest_revision,
    only_a_hash_of_each_token_is_stored,
    storing_the_same_revision_twice_writes_once,
    concurrent_copies_of_one_batch_store_each_item_once,
    cors_answers_only_listed_origins,
);

async fn forms_are_listed_and_revalidated_with_etags(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    let list = server.get("/api/v1/forms", &token).await;
    assert_eq!(list.status, StatusCode::OK);
    let forms = list.json()["forms"].clone();
    assert_eq!(forms.as_array().unwrap().len(), 1);
    assert_eq!(forms[0]["id"], "enterprise");
    assert_eq!(forms[0]["version"], "1");
    assert_eq!(forms[0]["title"]["default"], "Phiếu khảo sát doanh nghiệp");
    let list_etag = list.header("etag").unwrap().to_owned();

    let form = server.get("/api/v1/forms/enterprise", &token).await;
    assert_eq!(form.status, StatusCode::OK);
    let etag = form.header("etag").unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
    assert_eq!(form.header("cache-control"), Some("private, no-cache"));
    let body = form.json();
    assert_eq!(body["etag"], etag);
    assert_eq!(body["version"], "1");
    assert_eq!(body["definition"], enterprise_form(1));
    assert_eq!(forms[0]["etag"], etag);

    // The app's copy is current: 304, no body, same ETag.
    let auth = format!("Bearer {token}");
    let again = server
        .request(
            Method::GET,
            "/api/v1/forms/enterprise",
            &[("authorization", &auth), ("if-none-match", &etag)],
            Body::empty(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.bytes.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    let list_again = server
        .request(
            Method::GET,
            "/api/v1/forms",
            &[("authorization", &auth), ("if-none-match", &list_etag)],
            Body::empty(),
        )
        .await;
    assert_eq!(list_again.status, StatusCode::NOT_MODIFIED);

    // A new version changes both tags; the old version stays reachable.
    pq_server::forms::publish(server.db(), &enterprise_form(2).to_string())
        .await
        .unwrap();
    let changed = server
        .request(
            Method::GET,
            "/api/v1/forms/enterprise",
            &[("authorization", &auth), ("if-none-match", &etag)],
            Body::empty(),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_eq!(changed.json()["version"], "2");
    assert_ne!(changed.header("etag"), Some(etag.as_str()));
    let list_changed = server
        .request(
            Method::GET,
            "/api/v1/forms",
            &[("authorization", &auth), ("if-none-match", &list_etag)],
            Body::empty(),
        )
        .await;
    assert_eq!(list_changed.status, StatusCode::OK);
    assert_eq!(list_changed.json()["forms"][0]["version"], "2");
    let old = server
        .get("/api/v1/forms/enterprise/versions/1", &token)
        .await;
    assert_eq!(old.status, StatusCode::OK);
    assert_eq!(old.header("etag"), Some(etag.as_str()));

    let missing = server.get("/api/v1/forms/nope", &token).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["error"], "no form 'nope' is published");
    let no_version = server
        .get("/api/v1/forms/enterprise/versions/9", &token)
        .await;
    assert_eq!(no_version.status, StatusCode::NOT_FOUND);
    let unknown = server.get("/api/v1/nothing-here", &token).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.json()["error"].is_string());
    let wrong_method = server
        .request(Method::DELETE, "/api/v1/forms", &[], Body::empty())
        .await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(wrong_method.json()["error"].is_string());
}

async fn accepted_duplicate_revised_and_conflict(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    let first = submission(&uuid(1), 1, answers(TAX_CODE, 10));
    let answer = server.send(&token, std::slice::from_ref(&first)).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        json!({"results": [{"id": uuid(1), "status": "accepted", "errors": []}]})
    );

    // Same id, revision and content: nothing written.
    let again = server.send(&token, std::slice::from_ref(&first)).await;
    assert_eq!(again.statuses(), ["duplicate"]);

    // Same id and revision, other content: nothing overwritten.
    let changed = submission(&uuid(1), 1, answers(TAX_CODE, 11));
    let conflict = server.send(&token, std::slice::from_ref(&changed)).await;
    let result = &conflict.json()["results"][0];
    assert_eq!(result["status"], "conflict");
    assert_eq!(result["errors"][0]["field"], "revision");
    assert_eq!(
        result["errors"][0]["message"],
        "Lần sửa 1 của bản ghi này đã được lưu với nội dung khác; không có gì bị ghi đè. Hãy \
         gửi thay đổi dưới dạng lần sửa 2."
    );

    // Higher revision: stored, the older one kept.
    let second = submission(&uuid(1), 2, answers(TAX_CODE, 11));
    let revised = server.send(&token, std::slice::from_ref(&second)).await;
    assert_eq!(revised.statuses(), ["revised"]);
    assert_eq!(server.db().revision_count(&uuid(1)).await.unwrap(), 2);
    let latest = server
        .db()
        .latest_submission(&uuid(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(latest.submission.revision, 2);
    assert_eq!(latest.submission.answers["employees"], 11);
    assert_eq!(latest.tax_code.as_deref(), Some(TAX_CODE));

    // The old revision resent unchanged is still a duplicate; changed, a conflict.
    let old_again = server.send(&token, &[first, changed]).await;
    assert_eq!(old_again.statuses(), ["duplicate", "conflict"]);

    // Stored first at revision 3 (edited before the first send), then an older revision.
    let later = server
        .send(&token, &[submission(&uuid(2), 3, answers(TAX_CODE, 5))])
        .await;
    assert_eq!(later.statuses(), ["accepted"]);
    let stale = server
        .send(&token, &[submission(&uuid(2), 2, answers(TAX_CODE, 5))])
        .await;
    assert_eq!(stale.statuses(), ["conflict"]);
    assert_eq!(server.db().revision_count(&uuid(2)).await.unwrap(), 1);
    assert_eq!(server.db().revision_count(&uuid(1)).await.unwrap(), 2);
}

/// A batch is stored in one transaction, but an item sees the items before it as stored:
/// revision 2 after revision 1 is `revised`, a copy of revision 1 a `duplicate`, a changed
/// revision 1 a `conflict`.
async fn one_batch_holding_several_revisions_of_an_id_stores_them_in_order(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    let first = submission(&uuid(7), 1, answers(TAX_CODE, 10));
    let batch = [
        first.clone(),
        submission(&uuid(8), 1, answers(TAX_CODE, 3)),
        submission(&uuid(7), 2, answers(TAX_CODE, 12)),
        first,
        submission(&uuid(7), 1, answers(TAX_CODE, 99)),
        submission(&uuid(9), 1, answers(TAX_CODE, 4)),
    ];
    let answer = server.send(&token, &batch).await;
    assert_eq!(
        answer.statuses(),
        [
            "accepted",
            "accepted",
            "revised",
            "duplicate",
            "conflict",
            "accepted"
        ]
    );
    assert_eq!(server.db().revision_count(&uuid(7)).await.unwrap(), 2);
    let latest = server
        .db()
        .latest_submission(&uuid(7))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(latest.submission.answers["employees"], 12);
    for id in [uuid(8), uuid(9)] {
        assert_eq!(server.db().revision_count(&id).await.unwrap(), 1);
    }
}

async fn the_same_batch_sent_twice_is_all_duplicates(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    let batch: Vec<Value> = (1..=5)
        .map(|n| submission(&uuid(n), 1, answers(TAX_CODE, i64::from(n))))
        .collect();
    let first = server.send(&token, &batch).await;
    assert_eq!(first.statuses(), ["accepted"; 5]);
    let second = server.send(&token, &batch).await;
    assert_eq!(second.statuses(), ["duplicate"; 5]);
    let ids: Vec<Value> = second.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    let expected: Vec<Value> = (1..=5).map(|n| json!(uuid(n))).collect();
    assert_eq!(ids, expected);
    let stored = server
        .db()
        .latest_submissions(Some("enterprise"), None)
        .await
        .unwrap();
    assert_eq!(stored.len(), 5);
}

/// The server half of "the server stores, then the connection drops": the app never saw the
/// result, so it sends again — and gets `duplicate`, with one copy stored.
async fn resending_after_a_lost_answer_stores_one_copy(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    let item = submission(&uuid(7), 1, answers(TAX_CODE, 3));
    // Stored, but the answer is lost on the way back.
    let _lost = server.send(&token, std::slice::from_ref(&item)).await;
    let retry = server.send(&token, std::slice::from_ref(&item)).await;
    assert_eq!(retry.statuses(), ["duplicate"]);
    assert_eq!(server.db().revision_count(&uuid(7)).await.unwrap(), 1);
    // The id in any case: upper-case ids are the same submission.
    let mut shouted = item.clone();
    shouted["id"] = json!(uuid(7).to_uppercase());
    let retry = server.send(&token, &[shouted]).await;
    assert_eq!(retry.statuses(), ["duplicate"]);
    assert_eq!(retry.json()["results"][0]["id"], uuid(7));
}

async fn tampered_answers_are_rejected_with_paths_in_the_submissions_language(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    let mut tampered = answers("2300325765", -4);
    tampered["products"][0]["output"] = json!(-1);
    tampered["products"][1] = json!({"output": 2});
    let mut english = submission(&uuid(3), 1, tampered.clone());
    english["locale"] = json!("en");
    let vietnamese = submission(&uuid(4), 1, tampered);
    let answer = server.send(&token, &[english, vietnamese]).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.statuses(), ["rejected", "rejected"]);
    let body = answer.json();
    let errors = |i: usize| body["results"][i]["errors"].as_array().unwrap().clone();
    let paths: Vec<String> = errors(0)
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "tax_code",
            "employees",
            "products[0].output",
            "products[1].product"
        ]
    );
    assert_eq!(errors(0)[0]["message"], "Invalid tax code.");
    assert_eq!(errors(0)[0]["element"], "pages[0].elements[0]");
    assert_eq!(errors(0)[3]["message"], "Response required.");
    assert_eq!(errors(1)[0]["message"], "Mã số thuế không hợp lệ.");
    assert_eq!(errors(1)[3]["message"], "Vui lòng trả lời câu hỏi này.");
    assert!(errors(1).iter().all(|e| e.get("field").is_none()));
    // Nothing of either was stored.
    assert_eq!(server.db().revision_count(&uuid(3)).await.unwrap(), 0);
    assert_eq!(server.db().revision_count(&uuid(4)).await.unwrap(), 0);
}

async fn one_bad_item_never_blocks_the_others(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    let mut unknown_form = submission(&uuid(12), 1, answers(TAX_CODE, 1));
    unknown_form["form_id"] = json!("household");
    unknown_form["locale"] = json!("en");
    let mut unknown_version = submission(&uuid(13), 1, answers(TAX_CODE, 1));
    unknown_version["form_version"] = json!(7);
    unknown_version["locale"] = json!("en");
    let mut missing = submission(&uuid(11), 1, answers(TAX_CODE, 1));
    missing.as_object_mut().unwrap().remove("device_id");
    missing["revision"] = json!("1");
    missing["locale"] = json!("en");
    let batch = [
        submission(&uuid(10), 1, answers(TAX_CODE, 1)),
        json!("not a submission"),
        missing,
        unknown_form,
        unknown_version,
        submission(&uuid(14), 1, answers(TAX_CODE, 2)),
    ];
    let answer = server.send(&token, &batch).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.statuses(),
        [
            "accepted", "rejected", "rejected", "rejected", "rejected", "accepted"
        ]
    );
    let body = answer.json();
    let results = body["results"].as_array().unwrap();
    assert_eq!(results[1]["id"], Value::Null);
    assert_eq!(
        results[1]["errors"][0]["message"],
        "Mỗi bản ghi phải là một đối tượng JSON."
    );
    assert_eq!(results[2]["id"], uuid(11));
    assert_eq!(
        results[2]["errors"],
        json!([
            {"field": "device_id", "path": "", "element": "", "message": "The field 'device_id' is missing."},
            {"field": "revision", "path": "", "element": "",
             "message": "The field 'revision' must be a whole number from 1 to 4294967295."}
        ])
    );
    assert_eq!(
        results[3]["errors"][0],
        json!({"field": "form_id", "path": "", "element": "",
               "message": "The form 'household' is not published on this server."})
    );
    assert_eq!(
        results[4]["errors"][0]["message"],
        "The form 'enterprise' has no published version '7' (published: 1)."
    );
    assert_eq!(results[4]["errors"][0]["field"], "form_version");
    let stored = server.db().latest_submissions(None, None).await.unwrap();
    let ids: Vec<&str> = stored.iter().map(|s| s.submission.id.as_str()).collect();
    assert_eq!(ids, [uuid(10), uuid(14)]);
}

async fn oversize_batches_answer_413(backend: Backend) {
    let config = ApiConfig {
        limits: Limits {
            max_items: 2,
            max_bytes: 4000,
        },
        allowed_origins: Vec::new(),
        ..ApiConfig::default()
    };
    let Some(server) = TestServer::with_config(backend, config).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    let items: Vec<Value> = (1..=3)
        .map(|n| submission(&uuid(n), 1, answers(TAX_CODE, 1)))
        .collect();
    let too_many = server.send(&token, &items).await;
    assert_eq!(too_many.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        too_many.json()["error"],
        "the batch has 3 submissions; at most 2 are accepted at once: send fewer"
    );
    let mut big = submission(&uuid(1), 1, answers(TAX_CODE, 1));
    big["answers"]["enterprise_name"] = json!("Đ".repeat(3000));
    let too_big = server.send(&token, &[big]).await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        too_big.json()["error"],
        "the batch is larger than 4000 bytes: send fewer submissions at once"
    );
    // A body announcing its size is refused before it is read.
    let auth = format!("Bearer {token}");
    let announced = server
        .request(
            Method::POST,
            "/api/v1/submissions",
            &[("authorization", &auth), ("content-length", "4001")],
            "x".repeat(4001),
        )
        .await;
    assert_eq!(announced.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        server
            .db()
            .latest_submissions(None, None)
            .await
            .unwrap()
            .len(),
        0
    );
    let fine = server.send(&token, &items[..2]).await;
    assert_eq!(fine.statuses(), ["accepted", "accepted"]);
}

async fn malformed_bodies_answer_400_naming_the_problem(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    let cases = [
        (
            "{\"submissions\": [",
            "the request body is not valid JSON: EOF while parsing a list at line 1 column 17",
        ),
        (
            "[1, 2]",
            "the request body must be a JSON object {\"submissions\": [...]}, not a list",
        ),
        ("{}", "the request body has no \"submissions\" list"),
        (
            "{\"submissions\": \"all\"}",
            "\"submissions\" must be a list of submissions, not a string",
        ),
    ];
    for (body, message) in cases {
        let answer = server.post_raw(&token, body).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer.json(), json!({ "error": message }), "{body}");
    }
}

async fn no_or_bad_token_answers_401(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let batch = json!({"submissions": [submission(&uuid(1), 1, answers(TAX_CODE, 1))]}).to_string();
    let none = server
        .request(Method::POST, "/api/v1/submissions", &[], batch.clone())
        .await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert_eq!(none.header("www-authenticate"), Some("Bearer realm=\"pq\""));
    assert_eq!(
        none.json()["error"],
        "this API needs a token: send the header 'Authorization: Bearer <token>'"
    );
    let basic = server
        .request(
            Method::GET,
            "/api/v1/forms",
            &[("authorization", "Basic dXNlcjpwYXNz")],
            Body::empty(),
        )
        .await;
    assert_eq!(basic.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        basic.json()["error"],
        "the Authorization header must be 'Bearer <token>'"
    );
    let wrong = server.get("/api/v1/forms", "pq_000000").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.json()["error"], "unknown token");
    let token = server.token(Role::Admin, None).await;
    assert_eq!(
        server.get("/api/v1/forms", &token).await.status,
        StatusCode::OK
    );
    pq_server::tokens::revoke(server.db(), &token)
        .await
        .unwrap();
    let revoked = server.get("/api/v1/forms", &token).await;
    assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);
    assert_eq!(revoked.json()["error"], "this token was revoked");
    let export = server
        .request(
            Method::GET,
            "/api/v1/exports/enterprise.csv",
            &[],
            Body::empty(),
        )
        .await;
    assert_eq!(export.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        server
            .db()
            .latest_submissions(None, None)
            .await
            .unwrap()
            .len(),
        0
    );
    // The app's files and health need no token.
    let health = server
        .request(Method::GET, "/healthz", &[], Body::empty())
        .await;
    assert_eq!(health.status, StatusCode::OK);
}

async fn enterprise_tokens_keep_to_their_tax_code(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let mine = server.token(Role::Enterprise, Some(TAX_CODE)).await;
    let own = submission(&uuid(1), 1, answers(TAX_CODE, 4));
    let other = submission(&uuid(2), 1, answers(OTHER_TAX_CODE, 4));
    let refused = server.send(&mine, &[own.clone(), other]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        refused.json()["error"],
        format!(
            "an enterprise token submits only its own tax code's records: submission 1 has \
             tax_code '{OTHER_TAX_CODE}', not '{TAX_CODE}'"
        )
    );
    // Nothing of a refused batch is stored, not even the enterprise's own item.
    assert_eq!(
        server
            .db()
            .latest_submissions(None, None)
            .await
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        server
            .send(&mine, std::slice::from_ref(&own))
            .await
            .statuses(),
        ["accepted"]
    );
    // Another enterprise cannot take over that id, even with its own tax code.
    let theirs = server.token(Role::Enterprise, Some(OTHER_TAX_CODE)).await;
    let takeover = server
        .send(
            &theirs,
            &[submission(&uuid(1), 2, answers(OTHER_TAX_CODE, 9))],
        )
        .await;
    assert_eq!(takeover.statuses(), ["rejected"]);
    assert_eq!(takeover.json()["results"][0]["errors"][0]["field"], "id");
    assert_eq!(server.db().revision_count(&uuid(1)).await.unwrap(), 1);
    // Exports are the province's.
    let export = server.get("/api/v1/exports/enterprise.csv", &mine).await;
    assert_eq!(export.status, StatusCode::FORBIDDEN);
    assert_eq!(
        export.json()["error"],
        "enterprise tokens cannot download exports (admin only)"
    );
}

async fn reading_submissions_by_role(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let surveyor = server.token(Role::Surveyor, None).await;
    let admin = server.token(Role::Admin, None).await;
    let mine = server.token(Role::Enterprise, Some(TAX_CODE)).await;
    server
        .send(
            &surveyor,
            &[
                submission(&uuid(1), 1, answers(TAX_CODE, 4)),
                submission(&uuid(2), 1, answers(OTHER_TAX_CODE, 5)),
            ],
        )
        .await;
    let own = server
        .get(&format!("/api/v1/submissions/{}", uuid(1)), &mine)
        .await;
    assert_eq!(own.status, StatusCode::OK);
    let body = own.json();
    assert_eq!(body["submission"]["answers"]["employees"], 4);
    assert!(body["received_at"].is_string());
    let theirs = server
        .get(&format!("/api/v1/submissions/{}", uuid(2)), &mine)
        .await;
    // Another enterprise's record looks like a missing one.
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(
        theirs.json()["error"],
        format!("no submission '{}'", uuid(2))
    );
    let listed = server
        .get("/api/v1/submissions?form_id=enterprise", &mine)
        .await;
    let ids: Vec<Value> = listed.json()["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].clone())
        .collect();
    assert_eq!(ids, [json!(uuid(1))]);
    let all = server.get("/api/v1/submissions", &admin).await;
    assert_eq!(all.json()["submissions"].as_array().unwrap().len(), 2);
    let by_admin = server
        .get(&format!("/api/v1/submissions/{}", uuid(2)), &admin)
        .await;
    assert_eq!(by_admin.status, StatusCode::OK);
    let by_surveyor = server
        .get(&format!("/api/v1/submissions/{}", uuid(1)), &surveyor)
        .await;
    assert_eq!(by_surveyor.status, StatusCode::FORBIDDEN);
    let listing = server.get("/api/v1/submissions", &surveyor).await;
    assert_eq!(listing.status, StatusCode::FORBIDDEN);
    let missing = server
        .get(&format!("/api/v1/submissions/{}", uuid(9)), &admin)
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

async fn exports_over_http_are_admin_only_and_hold_the_newest_revision(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let surveyor = server.token(Role::Surveyor, None).await;
    let admin = server.token(Role::Admin, None).await;
    server
        .send(
            &surveyor,
            &[
                submission(&uuid(1), 1, answers(TAX_CODE, 4)),
                submission(&uuid(2), 1, answers(OTHER_TAX_CODE, 5)),
            ],
        )
        .await;
    let mut edited = answers(TAX_CODE, 40);
    edited["enterprise_name"] = json!("Hợp tác xã Gốm sứ Phù Lãng");
    edited["products"] = json!([{"product": "Chum gốm", "output": 7}]);
    let revised = server
        .send(&surveyor, &[submission(&uuid(1), 2, edited)])
        .await;
    assert_eq!(revised.statuses(), ["revised"]);

    let csv = server.get("/api/v1/exports/enterprise.csv", &admin).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(
        csv.header("content-disposition"),
        Some("attachment; filename=\"enterprise.csv\"")
    );
    assert_eq!(csv.header("cache-control"), Some("no-store"));
    assert_eq!(
        csv.header("x-pq-repeat-tables"),
        Some("enterprise.products.csv")
    );
    assert!(
        csv.bytes.starts_with(b"\xEF\xBB\xBF"),
        "CSV starts with a BOM"
    );
    let text = std::str::from_utf8(&csv.bytes[3..]).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "submission_id,revision,form_version,locale,device_id,started_at,updated_at,received_at,\
         tax_code,enterprise_name,employees,sector,sector.label"
    );
    assert_eq!(lines.len(), 3, "one row per submission: {text}");
    assert!(
        lines[1].starts_with(&format!("{},2,1,vi,tablet-07,", uuid(1))),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].ends_with(",2300325764,Hợp tác xã Gốm sứ Phù Lãng,40,ind,Công nghiệp"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains("Công ty TNHH Đồng Tiến Bắc Ninh"),
        "{}",
        lines[2]
    );

    let products = server
        .get("/api/v1/exports/enterprise.products.csv", &admin)
        .await;
    assert_eq!(products.status, StatusCode::OK);
    let text = String::from_utf8(products.bytes[3..].to_vec()).unwrap();
    assert_eq!(
        text,
        format!(
            "submission_id,entry,product,output\n{a},1,Chum gốm,7\n{b},1,Gạch men,1200\n{b},2,Ngói,\n",
            a = uuid(1),
            b = uuid(2)
        )
    );
    let english = server
        .get("/api/v1/exports/enterprise.csv?locale=en", &admin)
        .await;
    assert!(String::from_utf8_lossy(&english.bytes).contains(",ind,Industry"));

    let xlsx = server.get("/api/v1/exports/enterprise.xlsx", &admin).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(
        xlsx.header("content-type"),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    check_workbook(&xlsx.bytes);

    let json = server.get("/api/v1/exports/enterprise.json", &admin).await;
    assert_eq!(json.status, StatusCode::OK);
    let document = json.json();
    assert_eq!(document["form_id"], "enterprise");
    let submissions = document["submissions"].as_array().unwrap();
    assert_eq!(submissions.len(), 2);
    assert_eq!(submissions[0]["revision"], 2);
    assert_eq!(
        submissions[0]["answers"]["enterprise_name"],
        "Hợp tác xã Gốm sứ Phù Lãng"
    );
    assert!(submissions[0]["received_at"].is_string());
    let read_back: Submission = serde_json::from_value(submissions[1].clone()).unwrap();
    assert_eq!(read_back.id, uuid(2));

    let refused = server
        .get("/api/v1/exports/enterprise.csv", &surveyor)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    for missing in [
        "/api/v1/exports/household.csv",
        "/api/v1/exports/enterprise.pdf",
        "/api/v1/exports/enterprise.nothing.csv",
        "/api/v1/exports/enterprise",
    ] {
        let answer = server.get(missing, &admin).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{missing}");
    }
}

/// The workbook opens, with the submissions and the products on their own sheets.
fn check_workbook(bytes: &[u8]) {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    assert_eq!(workbook.sheet_names(), ["enterprise", "products"]);
    let main = workbook.worksheet_range("enterprise").unwrap();
    assert_eq!(main.height(), 3);
    assert_eq!(
        main.get((0, 0)),
        Some(&Data::String("submission_id".into()))
    );
    assert_eq!(main.get((1, 1)), Some(&Data::Float(2.0)));
    assert_eq!(
        main.get((1, 9)),
        Some(&Data::String("Hợp tác xã Gốm sứ Phù Lãng".into()))
    );
    assert_eq!(main.get((1, 10)), Some(&Data::Float(40.0)));
    assert_eq!(main.get((1, 12)), Some(&Data::String("Công nghiệp".into())));
    let products = workbook.worksheet_range("products").unwrap();
    assert_eq!(products.height(), 4);
    assert_eq!(products.get((3, 2)), Some(&Data::String("Ngói".into())));
}

async fn only_a_hash_of_each_token_is_stored(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Enterprise, Some(TAX_CODE)).await;
    let records = server.db().tokens().await.unwrap();
    assert_eq!(records.len(), 1);
    let record = &records[0];
    let hash = pq_server::tokens::sha256_hex(token.as_bytes());
    assert_eq!(record.hash, hash);
    assert_eq!(record.id, hash[..12]);
    assert_eq!(record.tax_code.as_deref(), Some(TAX_CODE));
    let everything = format!("{record:?}");
    assert!(
        !everything.contains(&token[3..]),
        "the token itself is not stored"
    );
}

async fn storing_the_same_revision_twice_writes_once(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let item = Submission::read(&submission(&uuid(5), 1, answers(TAX_CODE, 1))).unwrap();
    let new = NewRevision {
        submission: &item,
        tax_code: Some(TAX_CODE),
        token_id: "abc",
        received_at: "2025-06-01T09:00:00.000Z",
        only_for_tax_code: None,
    };
    assert_eq!(
        server.db().insert_submission(new).await.unwrap(),
        Inserted::Stored
    );
    assert_eq!(
        server.db().insert_submission(new).await.unwrap(),
        Inserted::AlreadyThere
    );
    // A request arriving after another stored the same item: duplicate.
    let token = server.token(Role::Surveyor, None).await;
    let answer = server
        .send(&token, &[submission(&uuid(5), 1, answers(TAX_CODE, 1))])
        .await;
    assert_eq!(answer.statuses(), ["duplicate"]);
    assert_eq!(server.db().revision_count(&uuid(5)).await.unwrap(), 1);
}

/// Several requests carrying the same items at the same moment (a client retrying while its
/// first request is still running, or two server instances): each item is stored once, and
/// every answer says `accepted` or `duplicate`.
async fn concurrent_copies_of_one_batch_store_each_item_once(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let server = std::sync::Arc::new(server);
    let token = server.token(Role::Surveyor, None).await;
    let batch: Vec<Value> = (1..=4)
        .map(|n| submission(&uuid(n), 1, answers(TAX_CODE, i64::from(n))))
        .collect();
    let copies: Vec<_> = (0..6)
        .map(|_| {
            let server = server.clone();
            let token = token.clone();
            let batch = batch.clone();
            tokio::spawn(async move { server.send(&token, &batch).await })
        })
        .collect();
    let mut accepted = 0;
    for copy in copies {
        let answer = copy.await.unwrap();
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&answer.bytes)
        );
        for status in answer.statuses() {
            match status.as_str() {
                "accepted" => accepted += 1,
                "duplicate" => {}
                other => panic!("unexpected status {other}"),
            }
        }
    }
    assert_eq!(accepted, 4, "each item accepted exactly once");
    for n in 1..=4 {
        assert_eq!(server.db().revision_count(&uuid(n)).await.unwrap(), 1);
    }
}

async fn cors_answers_only_listed_origins(backend: Backend) {
    let config = ApiConfig {
        limits: Limits::default(),
        allowed_origins: vec!["https://portal.bacninh.gov.vn".into()],
        ..ApiConfig::default()
    };
    let Some(server) = TestServer::with_config(backend, config).await else {
        return;
    };
    let allowed = preflight(&server, "https://portal.bacninh.gov.vn").await;
    assert!(allowed.status.is_success(), "{:?}", allowed.status);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("https://portal.bacninh.gov.vn")
    );
    let methods = allowed.header("access-control-allow-methods").unwrap();
    assert!(methods.contains("POST"), "{methods}");
    let headers = allowed.header("access-control-allow-headers").unwrap();
    assert!(headers.contains("authorization"), "{headers}");
    let refused = preflight(&server, "https://evil.example").await;
    assert_eq!(refused.header("access-control-allow-origin"), None);
    let token = server.token(Role::Surveyor, None).await;
    let auth = format!("Bearer {token}");
    let get = server
        .request(
            Method::GET,
            "/api/v1/forms/enterprise",
            &[
                ("authorization", &auth),
                ("origin", "https://portal.bacninh.gov.vn"),
            ],
            Body::empty(),
        )
        .await;
    assert_eq!(
        get.header("access-control-allow-origin"),
        Some("https://portal.bacninh.gov.vn")
    );
    let exposed = get.header("access-control-expose-headers").unwrap();
    assert!(exposed.contains("etag"), "{exposed}");
}

async fn preflight(server: &TestServer, origin: &str) -> support::Answer {
    server
        .request(
            Method::OPTIONS,
            "/api/v1/submissions",
            &[
                ("origin", origin),
                ("access-control-request-method", "POST"),
                (
                    "access-control-request-headers",
                    "authorization,content-type",
                ),
            ],
            Body::empty(),
        )
        .await
}
