//! The device's storage: every record in IndexedDB, one transaction per save.
//!
//! A save either lands whole or leaves the previous state as it was (IndexedDB transactions
//! are atomic); the UI says "saved" only after the transaction committed.

mod schema;

use indexed_db_futures::database::Database;
use indexed_db_futures::error::{DomException, Error, OpenDbError};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use pq_core::records::{ImportPlan, LocalRecord, RecordStatus};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

pub use schema::{DB_NAME, DB_VERSION, FORMS, RECORDS, STATUS_INDEX};

/// Why the device could not store or read records.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum StorageError {
    #[error("the device's storage is full")]
    QuotaExceeded,
    #[error("this browser does not allow storing data here")]
    Unavailable,
    #[error("no such record")]
    NotFound,
    #[error("storage error: {0}")]
    Failed(String),
}

/// The name of the `DOMException` a browser raises when a site's storage is full.
const QUOTA_EXCEEDED: &str = "QuotaExceededError";

impl StorageError {
    /// The error a `DOMException` from IndexedDB stands for, by its name (never by its message,
    /// which differs between browsers and languages).
    pub fn from_dom_exception(exception: &web_sys::DomException) -> StorageError {
        let name = exception.name();
        match name.as_str() {
            QUOTA_EXCEEDED => StorageError::QuotaExceeded,
            "SecurityError" => StorageError::Unavailable,
            _ => StorageError::Failed(format!("{name}: {}", exception.message())),
        }
    }
}

impl From<Error> for StorageError {
    fn from(error: Error) -> Self {
        match &error {
            Error::DomException(exception) => {
                StorageError::from_dom_exception(JsCast::unchecked_ref(AsRef::<
                    wasm_bindgen::JsValue,
                >::as_ref(
                    exception
                )))
            }
            Error::Serialisation(problem) => {
                StorageError::Failed(format!("the record cannot be stored as it is: {problem}"))
            }
            Error::Unknown(js) => {
                let value: &wasm_bindgen::JsValue = js.as_ref();
                if let Some(exception) = value.dyn_ref::<web_sys::DomException>() {
                    StorageError::from_dom_exception(exception)
                } else if let Some(error) = value.dyn_ref::<js_sys::Error>() {
                    StorageError::Failed(String::from(error.message()))
                } else {
                    StorageError::Failed(error.to_string())
                }
            }
            Error::MissingData(_) => StorageError::Failed(error.to_string()),
        }
    }
}

impl From<OpenDbError> for StorageError {
    fn from(error: OpenDbError) -> Self {
        match error {
            OpenDbError::UnsupportedEnvironment | OpenDbError::NullFactory => {
                StorageError::Unavailable
            }
            OpenDbError::Base(error) => error.into(),
            other => StorageError::Failed(other.to_string()),
        }
    }
}

impl From<DomException> for StorageError {
    fn from(exception: DomException) -> Self {
        Error::from(exception).into()
    }
}

/// Commits a read-write transaction. When the browser aborts it instead (a quota exceeded
/// while writing is reported on the transaction, not on a request), the transaction's own
/// error says why.
async fn commit(transaction: Transaction<'_>) -> Result<(), StorageError> {
    let raw: web_sys::IdbTransaction = transaction.as_sys().clone().unchecked_into();
    match transaction.commit().await {
        Ok(()) => Ok(()),
        Err(error) => Err(match raw.error() {
            Some(exception) => StorageError::from_dom_exception(&exception),
            None => error.into(),
        }),
    }
}

/// A form definition downloaded from the server, kept for offline use (the `forms` store,
/// keyed by the form's id: the newest version downloaded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedForm {
    pub id: String,
    pub version: String,
    /// The server's `ETag` for this version (sent back as `If-None-Match`).
    pub etag: String,
    /// The form definition as published.
    pub definition: serde_json::Value,
}

impl From<pq_core::sync::PublishedForm> for CachedForm {
    fn from(form: pq_core::sync::PublishedForm) -> Self {
        CachedForm {
            id: form.id,
            version: form.version,
            etag: form.etag,
            definition: form.definition,
        }
    }
}

/// The open database.
#[derive(Debug, Clone)]
pub struct Store {
    db: Database,
}

impl Store {
    /// Opens (creating or upgrading) the app's database.
    pub async fn open() -> Result<Store, StorageError> {
        Self::open_named(DB_NAME).await
    }

    /// Opens a database by name (tests use their own).
    pub async fn open_named(name: &str) -> Result<Store, StorageError> {
        let db = Database::open(name)
            .with_version(DB_VERSION)
            .with_on_upgrade_needed(schema::upgrade)
            .await?;
        close_on_version_change(&db);
        Ok(Store { db })
    }

    /// A read-write transaction on one store (committed by [`commit`], rolled back on drop).
    fn writing(&self, store: &'static str) -> Result<Transaction<'_>, StorageError> {
        Ok(self
            .db
            .transaction(store)
            .with_mode(TransactionMode::Readwrite)
            .build()?)
    }

    /// Writes one record, replacing the stored one with the same id.
    pub async fn save(&self, record: &LocalRecord) -> Result<(), StorageError> {
        let transaction = self.writing(RECORDS)?;
        let store = transaction.object_store(RECORDS)?;
        store.put(record).serde()?.await?;
        commit(transaction).await
    }

    /// Writes several records in one transaction: all of them, or none.
    pub async fn save_all(&self, records: &[LocalRecord]) -> Result<(), StorageError> {
        let transaction = self.writing(RECORDS)?;
        let store = transaction.object_store(RECORDS)?;
        for record in records {
            store.put(record).serde()?.await?;
        }
        commit(transaction).await
    }

    pub async fn get(&self, id: &str) -> Result<Option<LocalRecord>, StorageError> {
        let transaction = self.db.transaction(RECORDS).build()?;
        let store = transaction.object_store(RECORDS)?;
        let record: Option<LocalRecord> = store.get(id).serde()?.await?;
        Ok(record)
    }

    /// Every record, newest edit first.
    pub async fn all(&self) -> Result<Vec<LocalRecord>, StorageError> {
        read_records(&self.db).await
    }

    /// Every record, even when this connection can no longer be used (closed because another
    /// tab upgraded the database): a fresh connection at whatever version the database is
    /// reads them. This is what "Export my data" relies on when saving fails.
    pub async fn all_for_rescue(&self) -> Result<Vec<LocalRecord>, StorageError> {
        match read_records(&self.db).await {
            Ok(records) => Ok(records),
            Err(_) => {
                let db = Database::open(self.db.name()).await?;
                let records = read_records(&db).await;
                db.close();
                records
            }
        }
    }

    pub async fn delete(&self, id: &str) -> Result<(), StorageError> {
        let transaction = self.writing(RECORDS)?;
        transaction.object_store(RECORDS)?.delete(id).await?;
        commit(transaction).await
    }

    /// Moves a draft to the outbox in one transaction: it is in exactly one of the two,
    /// whatever happens.
    pub async fn finish(&self, id: &str, now: &str) -> Result<LocalRecord, StorageError> {
        let transaction = self.writing(RECORDS)?;
        let store = transaction.object_store(RECORDS)?;
        let stored: Option<LocalRecord> = store.get(id).serde()?.await?;
        let mut record = stored.ok_or(StorageError::NotFound)?;
        if record.status == RecordStatus::Draft {
            record.finish(now);
            store.put(&record).serde()?.await?;
        }
        commit(transaction).await?;
        Ok(record)
    }

    /// Applies an import in one transaction.
    pub async fn import(&self, plan: &ImportPlan) -> Result<(), StorageError> {
        let transaction = self.writing(RECORDS)?;
        let store = transaction.object_store(RECORDS)?;
        for record in plan.add.iter().chain(&plan.update) {
            store.put(record).serde()?.await?;
        }
        commit(transaction).await
    }

    /// The records of one status (through the `status` index), newest edit first.
    pub async fn with_status(
        &self,
        status: RecordStatus,
    ) -> Result<Vec<LocalRecord>, StorageError> {
        let transaction = self.db.transaction(RECORDS).build()?;
        let store = transaction.object_store(RECORDS)?;
        let index = store.index(STATUS_INDEX)?;
        let mut records: Vec<LocalRecord> = parse_all(
            index
                .get_all::<JsValue>()
                .with_query(status_key(status))
                .primitive()?
                .await?,
        )?;
        records.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
        Ok(records)
    }

    /// Keeps a form definition for offline use, replacing the one with the same id.
    pub async fn save_form(&self, form: &CachedForm) -> Result<(), StorageError> {
        let transaction = self.writing(FORMS)?;
        transaction.object_store(FORMS)?.put(form).serde()?.await?;
        commit(transaction).await
    }

    /// Every cached form definition, by id.
    pub async fn forms(&self) -> Result<Vec<CachedForm>, StorageError> {
        let transaction = self.db.transaction(FORMS).build()?;
        let store = transaction.object_store(FORMS)?;
        let mut forms: Vec<CachedForm> = parse_all(store.get_all::<JsValue>().primitive()?.await?)?;
        forms.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(forms)
    }

    /// Closes the connection (tests delete their databases after).
    pub fn close(self) {
        self.db.close();
    }
}

async fn read_records(db: &Database) -> Result<Vec<LocalRecord>, StorageError> {
    let transaction = db.transaction(RECORDS).build()?;
    let store = transaction.object_store(RECORDS)?;
    let mut records: Vec<LocalRecord> = parse_all(store.get_all::<JsValue>().primitive()?.await?)?;
    records.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
    Ok(records)
}

/// Stored objects as `T`s, read through one `JSON.stringify` (the browser's native code) and
/// one `serde_json` parse. `serde_wasm_bindgen` crosses into JavaScript for every property,
/// several times slower: what app start paid for thousands of records or a big form
/// definition. A property stored as `undefined` (how `serde_wasm_bindgen` writes a JSON null)
/// is left out by `JSON.stringify` and read back as absent, which every reader of answers and
/// definitions treats like null.
fn parse_all<T: serde::de::DeserializeOwned>(
    values: impl Iterator<Item = indexed_db_futures::Result<JsValue>>,
) -> Result<Vec<T>, StorageError> {
    let array = js_sys::Array::new();
    for value in values {
        array.push(&value?);
    }
    let text: String = js_sys::JSON::stringify(&array)
        .map_err(|error| {
            StorageError::Failed(format!("a stored record cannot be read: {error:?}"))
        })?
        .into();
    serde_json::from_str(&text)
        .map_err(|error| StorageError::Failed(format!("a stored record cannot be read: {error}")))
}

/// When a newer release (in another tab) upgrades the database, this connection closes so
/// the upgrade is not blocked; this tab's next write then fails (nothing is lost: the saved
/// state stays, and the tab says the change was not saved), and a reload runs the new release.
fn close_on_version_change(db: &Database) {
    let raw: web_sys::IdbDatabase = db.as_sys().clone().unchecked_into();
    let connection = raw.clone();
    let on_change = wasm_bindgen::closure::Closure::once_into_js(move || connection.close());
    raw.set_onversionchange(Some(on_change.unchecked_ref()));
}

/// A status as the records store it (`"draft"`, `"outbox"`, …): the `status` index's key.
fn status_key(status: RecordStatus) -> String {
    match serde_json::to_value(status) {
        Ok(serde_json::Value::String(key)) => key,
        _ => format!("{status:?}").to_lowercase(),
    }
}
