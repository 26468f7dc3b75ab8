//! The database's schema and its migrations.
//!
//! Version 1: one object store `records`, keyed by the record's `id`. A new version adds a
//! step to [`upgrade`] that turns the previous version's data into the new shape inside the
//! upgrade transaction, so an upgrade never loses a record.

use indexed_db_futures::database::{Database, VersionChangeEvent};
use indexed_db_futures::prelude::*;

pub const DB_NAME: &str = "pq-survey";
pub const DB_VERSION: u32 = 1;
pub const RECORDS: &str = "records";

/// Runs every migration step between the stored version and [`DB_VERSION`].
pub(super) fn upgrade(event: VersionChangeEvent, db: Database) -> indexed_db_futures::Result<()> {
    let from = event.old_version() as u32;
    if from < 1 {
        db.create_object_store(RECORDS)
            .with_key_path("id".into())
            .build()?;
    }
    Ok(())
}
