//! The collector refuses answers that do not fit their element, item by item, exactly as
//! `pq validate` does, and stores only what the engine keeps (SQLite and PostgreSQL).
#![allow(clippy::unwrap_used)]

mod support;

use axum::http::StatusCode;
use pq_core::sync::Role;
use serde_json::json;
use support::{Backend, TAX_CODE, TestServer, answers, submission, uuid};

on_both_backends!(
    answers_that_do_not_fit_are_rejected_item_by_item,
    what_is_stored_is_what_the_engine_keeps,
    a_resend_of_what_was_cleaned_is_a_duplicate,
);

async fn answers_that_do_not_fit_are_rejected_item_by_item(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    let mut wrong_choice = answers(TAX_CODE, 4);
    wrong_choice["sector"] = json!("atlantis");
    let mut wrong_type = answers(TAX_CODE, 4);
    wrong_type["enterprise_name"] = json!({"name": "x"});
    let mut not_entries = answers(TAX_CODE, 4);
    not_entries["products"] = json!("Gạch men");
    let mut items = vec![
        submission(&uuid(1), 1, wrong_choice),
        submission(&uuid(2), 1, answers(TAX_CODE, 4)),
        submission(&uuid(3), 1, wrong_type),
        submission(&uuid(4), 1, not_entries),
    ];
    for item in &mut items {
        item["locale"] = json!("en");
    }
    let answer = server.send(&token, &items).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.statuses(),
        ["rejected", "accepted", "rejected", "rejected"]
    );
    let body = answer.json();
    let first = |i: usize| body["results"][i]["errors"][0].clone();
    assert_eq!(first(0)["path"], "sector");
    assert_eq!(
        first(0)["message"],
        "“atlantis” is not one of this question's choices."
    );
    assert_eq!(first(0)["element"], "pages[0].elements[3]");
    assert_eq!(first(2)["path"], "enterprise_name");
    assert_eq!(first(2)["message"], "The answer must be text.");
    assert_eq!(first(3)["path"], "products");
    assert_eq!(first(3)["message"], "The answer must be a list of entries.");
    assert_eq!(server.db().revision_count(&uuid(1)).await.unwrap(), 0);
    assert_eq!(server.db().revision_count(&uuid(2)).await.unwrap(), 1);
}

async fn what_is_stored_is_what_the_engine_keeps(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    let admin = server.token(Role::Admin, None).await;
    let mut sent = answers(TAX_CODE, 4);
    sent["injected"] = json!("=HYPERLINK(\"http://x\")");
    // "ệ" written as "e" + two combining marks: stored precomposed (NFC).
    sent["enterprise_name"] = json!("Công ty Tie\u{0302}\u{0323}n Bộ");
    let answer = server.send(&token, &[submission(&uuid(5), 1, sent)]).await;
    assert_eq!(answer.statuses(), ["accepted"]);
    let stored = server
        .get(&format!("/api/v1/submissions/{}", uuid(5)), &admin)
        .await
        .json();
    let kept = &stored["submission"]["answers"];
    assert!(kept.get("injected").is_none(), "{kept}");
    assert_eq!(kept["enterprise_name"], "Công ty Tiện Bộ");
    assert_eq!(kept["sector"], "ind");
}

/// The device resends after a lost answer: the server stored the cleaned answers, yet the
/// resend (the same revision, as the device holds it) is a duplicate, not a conflict.
async fn a_resend_of_what_was_cleaned_is_a_duplicate(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let token = server.token(Role::Surveyor, None).await;
    let mut sent = answers(TAX_CODE, 4);
    sent["leftover"] = json!("kept on the device only");
    sent["enterprise_name"] = json!("Tie\u{0302}\u{0323}n Bộ");
    let item = submission(&uuid(6), 1, sent.clone());
    assert_eq!(
        server
            .send(&token, std::slice::from_ref(&item))
            .await
            .statuses(),
        ["accepted"]
    );
    assert_eq!(server.send(&token, &[item]).await.statuses(), ["duplicate"]);
    // Other content under the same revision is still a conflict.
    sent["employees"] = json!(5);
    let changed = submission(&uuid(6), 1, sent);
    assert_eq!(
        server.send(&token, &[changed]).await.statuses(),
        ["conflict"]
    );
    assert_eq!(server.db().revision_count(&uuid(6)).await.unwrap(), 1);
}
