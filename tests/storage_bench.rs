//! A benchmark, not a test: how many records per second the app's own `Store::save` writes to
//! IndexedDB in headless Chromium (one transaction per save, each awaited, as the form screen
//! saves after every answer). Ignored by `cargo xtask test`; `cargo xtask bench` runs it in
//! release with `--include-ignored --nocapture` and reads the line it prints.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use indexed_db_futures::database::Database;
use pq_app::storage::Store;
use pq_core::records::LocalRecord;
use serde_json::{Map, Value, json};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const NAME: &str = "pq-bench-save";
const WARM_UP: usize = 100;
const SAVES: usize = 2_000;

async fn delete() {
    Database::delete_by_name(NAME)
        .expect("delete request")
        .await
        .expect("delete the database");
}

/// The `n`-th record: the enterprise survey's golden answers, each with its own id and name.
fn record(n: usize, answers: &Map<String, Value>) -> LocalRecord {
    let mut record = LocalRecord::draft(
        format!("00000000-0000-4000-8000-{n:012x}"),
        "pq-bn285-enterprise".to_owned(),
        "1".to_owned(),
        "vi",
        "2026-11-28T10:00:00.000Z",
    );
    record.answers = answers.clone();
    record
        .answers
        .insert("company_name".into(), json!(format!("Công ty {n}")));
    record
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: cargo xtask bench runs it"]
async fn records_saved_per_second() {
    let answers: Map<String, Value> =
        serde_json::from_str(include_str!("fixtures/forms/enterprise_valid.json")).unwrap();
    delete().await;
    let store = Store::open_named(NAME).await.expect("open the database");
    for n in 0..WARM_UP {
        store.save(&record(n, &answers)).await.expect("save");
    }
    let records: Vec<LocalRecord> = (WARM_UP..WARM_UP + SAVES)
        .map(|n| record(n, &answers))
        .collect();
    let start = js_sys::Date::now();
    for record in &records {
        store.save(record).await.expect("save");
    }
    let ms = js_sys::Date::now() - start;
    assert_eq!(store.all().await.expect("all").len(), WARM_UP + SAVES);
    store.close();
    delete().await;
    console_log!(
        "PQ_BENCH records_saved_per_second={:.1} saves={SAVES} ms={ms:.0}",
        SAVES as f64 * 1000.0 / ms
    );
}
