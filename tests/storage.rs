//! Browser tests of the storage layer (IndexedDB in headless Chromium): round trips, the
//! draft → outbox move, imports, the migration from schema version 1, and failed writes that
//! keep the last good state. Each test opens its own database and deletes it at the end.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use pq_app::storage::{CachedForm, DB_VERSION, RECORDS, STATUS_INDEX, StorageError, Store};
use pq_core::records::{LocalRecord, RecordStatus, plan_import};
use serde_json::json;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A database of the test's own, empty.
async fn fresh(name: &str) -> Store {
    delete(name).await;
    Store::open_named(name).await.expect("open the database")
}

async fn delete(name: &str) {
    Database::delete_by_name(name)
        .expect("delete request")
        .await
        .expect("delete the database");
}

/// Closes the store and deletes its database.
async fn finish_with(store: Store, name: &str) {
    store.close();
    delete(name).await;
}

fn draft(id: &str, updated: &str) -> LocalRecord {
    let mut record = LocalRecord::draft(
        id.to_owned(),
        "enterprise".to_owned(),
        "1".to_owned(),
        "vi",
        "2026-11-28T10:00:00.000Z",
    );
    updated.clone_into(&mut record.updated_at);
    record
}

#[wasm_bindgen_test]
async fn a_saved_record_reads_back_the_same() {
    const NAME: &str = "pq-test-round-trip";
    let store = fresh(NAME).await;
    let mut record = draft("r1", "2026-11-28T10:05:00.000Z");
    record
        .answers
        .insert("company_name".into(), json!("Công ty TNHH An Phát"));
    record.answers.insert("employees".into(), json!(42));
    record
        .answers
        .insert("products".into(), json!([{"name": "Gạch", "share": 0.5}]));
    record.page = 3;
    store.save(&record).await.expect("save");
    assert_eq!(store.get("r1").await.expect("get"), Some(record.clone()));
    assert_eq!(store.get("missing").await.expect("get"), None);

    // A second save replaces the first: still one record.
    record.answers.insert("employees".into(), json!(43));
    "2026-11-28T10:06:00.000Z".clone_into(&mut record.updated_at);
    store.save(&record).await.expect("save again");
    assert_eq!(store.all().await.expect("all"), vec![record.clone()]);

    store.delete("r1").await.expect("delete");
    assert_eq!(store.get("r1").await.expect("get"), None);
    finish_with(store, NAME).await;
}

#[wasm_bindgen_test]
async fn finishing_moves_a_draft_to_the_outbox_in_one_step() {
    const NAME: &str = "pq-test-finish";
    let store = fresh(NAME).await;
    store
        .save(&draft("r1", "2026-11-28T10:05:00.000Z"))
        .await
        .expect("save");
    store
        .save(&draft("r2", "2026-11-28T10:06:00.000Z"))
        .await
        .expect("save");

    let finished = store
        .finish("r1", "2026-11-28T11:00:00.000Z")
        .await
        .expect("finish");
    assert_eq!(finished.status, RecordStatus::Outbox);
    assert_eq!(finished.updated_at, "2026-11-28T11:00:00.000Z");

    // r1 is in exactly one state: the outbox.
    let stored = store.get("r1").await.expect("get").expect("r1 is there");
    assert_eq!(stored, finished);
    let drafts = store
        .with_status(RecordStatus::Draft)
        .await
        .expect("drafts");
    let outbox = store
        .with_status(RecordStatus::Outbox)
        .await
        .expect("outbox");
    assert_eq!(ids(&drafts), ["r2"]);
    assert_eq!(ids(&outbox), ["r1"]);
    assert_eq!(store.all().await.expect("all").len(), 2);

    // Finishing again changes nothing.
    let again = store
        .finish("r1", "2026-11-28T12:00:00.000Z")
        .await
        .expect("finish again");
    assert_eq!(again, finished);

    // Finishing a record that does not exist fails and changes nothing.
    let before = store.all().await.expect("all");
    assert_eq!(
        store.finish("nope", "2026-11-28T12:00:00.000Z").await,
        Err(StorageError::NotFound)
    );
    assert_eq!(store.all().await.expect("all"), before);
    finish_with(store, NAME).await;
}

#[wasm_bindgen_test]
async fn an_import_is_applied_once() {
    const NAME: &str = "pq-test-import";
    let store = fresh(NAME).await;
    let on_device = draft("r1", "2026-11-28T10:05:00.000Z");
    store.save(&on_device).await.expect("save");

    let mut newer = on_device.clone();
    "2026-11-28T10:30:00.000Z".clone_into(&mut newer.updated_at);
    newer.answers.insert("tax_code".into(), json!("2300325764"));
    let incoming = vec![newer.clone(), draft("r2", "2026-11-28T09:00:00.000Z")];

    let plan = plan_import(&store.all().await.expect("all"), incoming.clone());
    assert_eq!((plan.add.len(), plan.update.len()), (1, 1));
    store.import(&plan).await.expect("import");
    let after_first = store.all().await.expect("all");
    assert_eq!(ids(&after_first), ["r1", "r2"]);
    assert_eq!(after_first[0], newer);

    // The same file again: nothing to add, nothing to update, no duplicates.
    let plan = plan_import(&after_first, incoming);
    assert_eq!(
        (plan.add.len(), plan.update.len(), plan.unchanged),
        (0, 0, 2)
    );
    store.import(&plan).await.expect("import again");
    assert_eq!(store.all().await.expect("all"), after_first);
    finish_with(store, NAME).await;
}

#[wasm_bindgen_test]
async fn records_saved_together_read_back_by_status() {
    const NAME: &str = "pq-test-save-all";
    let store = fresh(NAME).await;
    let mut sent = draft("r1", "2026-11-28T10:05:00.000Z");
    sent.status = RecordStatus::Sent;
    sent.answers.insert("employees".into(), json!(42));
    let mut rejected = draft("r2", "2026-11-28T10:06:00.000Z");
    rejected.status = RecordStatus::Rejected;
    rejected.server_messages = vec!["tax code: wrong check digit".to_owned()];
    store
        .save_all(&[sent.clone(), rejected.clone()])
        .await
        .expect("save both");
    assert_eq!(
        store.with_status(RecordStatus::Sent).await.expect("sent"),
        vec![sent]
    );
    assert_eq!(
        store
            .with_status(RecordStatus::Rejected)
            .await
            .expect("rejected"),
        vec![rejected]
    );
    finish_with(store, NAME).await;
}

#[wasm_bindgen_test]
async fn cached_forms_are_kept_by_id() {
    const NAME: &str = "pq-test-forms";
    let store = fresh(NAME).await;
    let form = |version: &str| CachedForm {
        id: "enterprise".into(),
        version: version.into(),
        etag: format!("\"enterprise-{version}\""),
        definition: json!({"id": "enterprise", "version": version, "pages": []}),
    };
    store.save_form(&form("1")).await.expect("save form");
    store.save_form(&form("2")).await.expect("save newer form");
    assert_eq!(store.forms().await.expect("forms"), vec![form("2")]);
    finish_with(store, NAME).await;
}

/// A database exactly as schema version 1 wrote it: the `records` store keyed by `id`, no
/// index, no other store, two records in version 1's shape.
async fn write_version_1(name: &str) {
    write_version_1_with(name, false).await;
}

/// The same, with (when `odd`) an index `status` already there, which makes version 2's
/// step fail.
async fn write_version_1_with(name: &str, odd: bool) {
    delete(name).await;
    let db = Database::open(name)
        .with_version(1u32)
        .with_on_upgrade_needed(move |_, db| {
            let store = db
                .create_object_store("records")
                .with_key_path("id".into())
                .build()?;
            if odd {
                store.create_index("status", "page".into()).build()?;
            }
            Ok(())
        })
        .await
        .expect("create a version-1 database");
    let transaction = db
        .transaction("records")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .expect("transaction");
    let store = transaction.object_store("records").expect("store");
    for record in [
        json!({
            "id": "old-draft", "form_id": "enterprise", "form_version": "1", "status": "draft",
            "answers": {"company_name": "Công ty Cổ phần Kinh Bắc", "employees": 120},
            "page": 2, "locale": "vi",
            "created_at": "2026-10-01T08:00:00.000Z", "updated_at": "2026-10-01T09:00:00.000Z",
            "revision": 1
        }),
        json!({
            "id": "old-outbox", "form_id": "household", "form_version": "2", "status": "outbox",
            "answers": {"name": "Nguyễn Văn An"}, "page": 0, "locale": "en",
            "created_at": "2026-10-02T08:00:00.000Z", "updated_at": "2026-10-02T10:00:00.000Z",
            "revision": 2, "server_messages": []
        }),
    ] {
        store.put(record).serde().expect("put").await.expect("put");
    }
    transaction.commit().await.expect("commit");
    assert_eq!(db.version() as u32, 1);
    db.close();
}

#[wasm_bindgen_test]
async fn a_version_1_database_is_upgraded_without_losing_a_record() {
    const NAME: &str = "pq-test-migration";
    write_version_1(NAME).await;

    let store = Store::open_named(NAME).await.expect("open and upgrade");
    let records = store.all().await.expect("all");
    assert_eq!(ids(&records), ["old-outbox", "old-draft"]);
    let draft = &records[1];
    assert_eq!(draft.status, RecordStatus::Draft);
    assert_eq!(draft.page, 2);
    assert_eq!(draft.answers["employees"], json!(120));
    assert_eq!(
        draft.answers["company_name"],
        json!("Công ty Cổ phần Kinh Bắc")
    );
    assert_eq!(records[0].revision, 2);

    // The status index covers the records written before it existed.
    let drafts = store
        .with_status(RecordStatus::Draft)
        .await
        .expect("drafts");
    let outbox = store
        .with_status(RecordStatus::Outbox)
        .await
        .expect("outbox");
    assert_eq!(ids(&drafts), ["old-draft"]);
    assert_eq!(ids(&outbox), ["old-outbox"]);
    assert!(
        store
            .with_status(RecordStatus::Sent)
            .await
            .expect("sent")
            .is_empty()
    );

    // The forms store exists and works.
    let form = CachedForm {
        id: "enterprise".into(),
        version: "3".into(),
        etag: "\"e3\"".into(),
        definition: json!({"pages": []}),
    };
    store.save_form(&form).await.expect("save form");
    assert_eq!(store.forms().await.expect("forms"), vec![form]);

    // And new records are indexed too.
    store
        .finish("old-draft", "2026-11-28T11:00:00.000Z")
        .await
        .expect("finish");
    let outbox = store
        .with_status(RecordStatus::Outbox)
        .await
        .expect("outbox");
    assert_eq!(ids(&outbox), ["old-draft", "old-outbox"]);
    store.close();

    // The database is at the current version, with its stores and index.
    let db = Database::open(NAME).await.expect("reopen");
    assert_eq!(db.version() as u32, DB_VERSION);
    let mut stores: Vec<String> = db.object_store_names().collect();
    stores.sort();
    assert_eq!(stores, ["forms", "records"]);
    let transaction = db.transaction(RECORDS).build().expect("transaction");
    let records = transaction.object_store(RECORDS).expect("records");
    let indexes: Vec<String> = records.index_names().collect();
    assert_eq!(indexes, [STATUS_INDEX]);
    drop(records);
    drop(transaction);
    db.close();
    delete(NAME).await;
}

#[wasm_bindgen_test]
async fn a_failed_upgrade_leaves_the_version_1_database_as_it_was() {
    const NAME: &str = "pq-test-failed-upgrade";
    write_version_1_with(NAME, true).await;

    let error = Store::open_named(NAME)
        .await
        .expect_err("version 2 cannot add its index");
    match &error {
        StorageError::Failed(message) => assert!(
            message.contains("version 2") && message.contains("ConstraintError"),
            "unclear message: {message}"
        ),
        other => panic!("unexpected error {other:?}"),
    }

    // Rolled back as a whole: still version 1, no forms store, both records.
    let db = Database::open(NAME).await.expect("reopen");
    assert_eq!(db.version() as u32, 1);
    let stores: Vec<String> = db.object_store_names().collect();
    assert_eq!(stores, ["records"]);
    let transaction = db.transaction(RECORDS).build().expect("transaction");
    let records = transaction.object_store(RECORDS).expect("records");
    let count: u32 = records.count().await.expect("count");
    assert_eq!(count, 2);
    drop(records);
    drop(transaction);
    db.close();
    delete(NAME).await;
}

#[wasm_bindgen_test]
async fn a_new_database_gets_every_step() {
    const NAME: &str = "pq-test-new-database";
    let store = fresh(NAME).await;
    store
        .save(&draft("r1", "2026-11-28T10:05:00.000Z"))
        .await
        .expect("save");
    assert_eq!(
        ids(&store
            .with_status(RecordStatus::Draft)
            .await
            .expect("drafts")),
        ["r1"]
    );
    assert!(store.forms().await.expect("forms").is_empty());
    finish_with(store, NAME).await;
}

#[wasm_bindgen_test]
async fn a_record_that_cannot_be_stored_leaves_the_saved_one() {
    const NAME: &str = "pq-test-unstorable";
    let store = fresh(NAME).await;
    let good = draft("r1", "2026-11-28T10:05:00.000Z");
    store.save(&good).await.expect("save");

    // A whole number beyond JavaScript's safe integers cannot be written to IndexedDB
    // faithfully (e.g. from an imported file): the write is refused as a whole.
    let mut bad = good.clone();
    bad.answers.insert("revenue".into(), json!(u64::MAX));
    bad.page = 5;
    let error = store.save(&bad).await.expect_err("the save is refused");
    match &error {
        StorageError::Failed(message) => assert!(
            message.contains("cannot be stored") && message.contains("18446744073709551615"),
            "unclear message: {message}"
        ),
        other => panic!("unexpected error {other:?}"),
    }
    assert!(error.to_string().starts_with("storage error: "));
    assert_eq!(store.get("r1").await.expect("get"), Some(good));
    finish_with(store, NAME).await;
}

#[wasm_bindgen_test]
async fn an_import_that_fails_half_way_is_rolled_back() {
    const NAME: &str = "pq-test-import-abort";
    let store = fresh(NAME).await;
    let good = draft("r1", "2026-11-28T10:05:00.000Z");
    store.save(&good).await.expect("save");

    // The first put of the import (r1's newer state) lands inside the transaction, the
    // second one fails: the transaction is aborted and r1 keeps its saved state.
    let mut newer = good.clone();
    "2026-11-28T10:30:00.000Z".clone_into(&mut newer.updated_at);
    newer.answers.insert("tax_code".into(), json!("2300325764"));
    let mut unstorable = draft("r2", "2026-11-28T10:40:00.000Z");
    unstorable.answers.insert("revenue".into(), json!(u64::MAX));
    let plan = plan_import(std::slice::from_ref(&good), vec![unstorable, newer]);
    assert_eq!((plan.add.len(), plan.update.len()), (1, 1));
    // The update is written first, the add second.
    let reordered = pq_core::records::ImportPlan {
        add: plan.update.clone(),
        update: plan.add.clone(),
        unchanged: 0,
    };
    assert!(matches!(
        store.import(&reordered).await,
        Err(StorageError::Failed(_))
    ));
    assert_eq!(store.all().await.expect("all"), vec![good]);
    finish_with(store, NAME).await;
}

#[wasm_bindgen_test]
async fn a_write_the_browser_refuses_keeps_the_last_good_state() {
    const NAME: &str = "pq-test-refused-write";
    let store = fresh(NAME).await;
    let good = draft("r1", "2026-11-28T10:05:00.000Z");
    store.save(&good).await.expect("save");

    // The browser closes a connection under the app (storage cleared, another version
    // opened…): IndexedDB itself refuses the next write with an InvalidStateError.
    let closed = store.clone();
    closed.close();
    let mut changed = good.clone();
    changed.page = 4;
    let error = store
        .save(&changed)
        .await
        .expect_err("the write is refused");
    match &error {
        StorageError::Failed(message) => assert!(
            message.starts_with("InvalidStateError: "),
            "unclear message: {message}"
        ),
        other => panic!("unexpected error {other:?}"),
    }

    let reopened = Store::open_named(NAME).await.expect("reopen");
    assert_eq!(reopened.get("r1").await.expect("get"), Some(good));
    finish_with(reopened, NAME).await;
}

#[wasm_bindgen_test]
async fn a_newer_release_in_another_tab_is_not_blocked() {
    const NAME: &str = "pq-test-version-change";
    let store = fresh(NAME).await;
    let good = draft("r1", "2026-11-28T10:05:00.000Z");
    store.save(&good).await.expect("save");

    // Another tab opens the database at a later version: this connection steps aside.
    let next = Database::open(NAME)
        .with_version(DB_VERSION + 1)
        .with_on_upgrade_needed(|_, _| Ok(()))
        .await
        .expect("the upgrade is not blocked");
    assert_eq!(next.version() as u32, DB_VERSION + 1);

    // This tab's writes now fail plainly; the saved record is still there for the new release.
    let mut changed = good.clone();
    changed.page = 7;
    assert!(matches!(
        store.save(&changed).await,
        Err(StorageError::Failed(_))
    ));
    let transaction = next.transaction(RECORDS).build().expect("transaction");
    let records = transaction.object_store(RECORDS).expect("records");
    let stored: Option<LocalRecord> = records.get("r1").serde().expect("get").await.expect("get");
    assert_eq!(stored, Some(good));
    drop(records);
    drop(transaction);
    next.close();
    store.close();
    delete(NAME).await;
}

// A QuotaExceededError cannot be provoked cheaply in headless Chromium (its quota is a share of
// the free disk space); the mapping of the browser's exception is tested instead.
#[wasm_bindgen_test]
fn a_quota_exceeded_exception_is_recognised_by_its_name() {
    let full = web_sys::DomException::new_with_message_and_name(
        "Ghi dữ liệu thất bại",
        "QuotaExceededError",
    )
    .expect("a DOMException");
    let error = indexed_db_futures::error::Error::from(full.clone());
    assert_eq!(StorageError::from(error), StorageError::QuotaExceeded);
    assert_eq!(
        StorageError::from_dom_exception(&full),
        StorageError::QuotaExceeded
    );
    assert_eq!(
        StorageError::QuotaExceeded.to_string(),
        "the device's storage is full"
    );

    // A message that merely mentions the quota is not a full disk.
    let other = web_sys::DomException::new_with_message_and_name(
        "QuotaExceededError: quota exceeded",
        "UnknownError",
    )
    .expect("a DOMException");
    assert_eq!(
        StorageError::from(indexed_db_futures::error::Error::from(other)),
        StorageError::Failed("UnknownError: QuotaExceededError: quota exceeded".into())
    );
}

fn ids(records: &[LocalRecord]) -> Vec<&str> {
    records.iter().map(|r| r.id.as_str()).collect()
}
