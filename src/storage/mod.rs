//! The device's storage: every record in IndexedDB, one transaction per save.
//!
//! A save either lands whole or leaves the previous state as it was (IndexedDB transactions
//! are atomic); the UI says "saved" only after the transaction committed.

mod schema;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use pq_core::records::{ImportPlan, LocalRecord, RecordStatus};

pub use schema::{DB_NAME, DB_VERSION, RECORDS};

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

impl From<indexed_db_futures::error::Error> for StorageError {
    fn from(error: indexed_db_futures::error::Error) -> Self {
        let text = error.to_string();
        if text.contains("QuotaExceeded") || text.to_ascii_lowercase().contains("quota") {
            StorageError::QuotaExceeded
        } else {
            StorageError::Failed(text)
        }
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StorageError {
    fn from(error: indexed_db_futures::error::OpenDbError) -> Self {
        let text = error.to_string();
        if text.contains("not supported") || text.contains("SecurityError") {
            StorageError::Unavailable
        } else {
            StorageError::Failed(text)
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
        Ok(Store { db })
    }

    /// Writes one record, replacing the stored one with the same id.
    pub async fn save(&self, record: &LocalRecord) -> Result<(), StorageError> {
        let transaction = self
            .db
            .transaction(RECORDS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = transaction.object_store(RECORDS)?;
        store.put(record).serde()?.await?;
        transaction.commit().await?;
        Ok(())
    }

    pub async fn get(&self, id: &str) -> Result<Option<LocalRecord>, StorageError> {
        let transaction = self.db.transaction(RECORDS).build()?;
        let store = transaction.object_store(RECORDS)?;
        let record: Option<LocalRecord> = store.get(id).serde()?.await?;
        Ok(record)
    }

    /// Every record, newest edit first.
    pub async fn all(&self) -> Result<Vec<LocalRecord>, StorageError> {
        let transaction = self.db.transaction(RECORDS).build()?;
        let store = transaction.object_store(RECORDS)?;
        let mut records: Vec<LocalRecord> =
            store.get_all().serde()?.await?.collect::<Result<_, _>>()?;
        records.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
        Ok(records)
    }

    pub async fn delete(&self, id: &str) -> Result<(), StorageError> {
        let transaction = self
            .db
            .transaction(RECORDS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        transaction.object_store(RECORDS)?.delete(id).await?;
        transaction.commit().await?;
        Ok(())
    }

    /// Moves a draft to the outbox in one transaction: it is in exactly one of the two,
    /// whatever happens.
    pub async fn finish(&self, id: &str, now: &str) -> Result<LocalRecord, StorageError> {
        let transaction = self
            .db
            .transaction(RECORDS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = transaction.object_store(RECORDS)?;
        let stored: Option<LocalRecord> = store.get(id).serde()?.await?;
        let mut record = stored.ok_or(StorageError::NotFound)?;
        if record.status == RecordStatus::Draft {
            record.finish(now);
            store.put(&record).serde()?.await?;
        }
        transaction.commit().await?;
        Ok(record)
    }

    /// Applies an import in one transaction.
    pub async fn import(&self, plan: &ImportPlan) -> Result<(), StorageError> {
        let transaction = self
            .db
            .transaction(RECORDS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = transaction.object_store(RECORDS)?;
        for record in plan.add.iter().chain(&plan.update) {
            store.put(record).serde()?.await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    /// Closes the connection (tests delete their databases after).
    pub fn close(self) {
        self.db.close();
    }
}
