//! The database's schema and its migrations.
//!
//! The schema is the list [`STEPS`]: step *n* turns a version *n − 1* database into a version
//! *n* one. Opening a database written by version *v* runs the steps *v + 1* to
//! [`DB_VERSION`], in order, all inside the one upgrade (`versionchange`) transaction the
//! browser opens for it: if any step fails the whole upgrade is rolled back and the database
//! stays at version *v* with every record it had, and the app reports the error instead of
//! opening a half-migrated database. A step never deletes a record; when a later version changes
//! the shape of the stored records, its step rewrites them in the same transaction.
//!
//! - **Version 1**: the object store `records` ([`LocalRecord`](pq_core::records::LocalRecord)s),
//!   keyed by the record's `id`.
//! - **Version 2**: the index `status` on `records` (the home lists and the sync outbox read the
//!   records of one status), and the object store `forms`
//!   ([`CachedForm`](super::CachedForm)s: form definitions downloaded from the server, kept for
//!   offline use), keyed by the form's `id`. The stored records keep their shape: the index
//!   is built from the `status` every record already has.
//!
//! To add version 3: write `fn v3(upgrade: &Upgrade) -> Result<()>`, append it to [`STEPS`]
//! and bump [`DB_VERSION`]; add a test to `tests/storage.rs` that writes a version-2 database
//! by hand and opens it.

use indexed_db_futures::KeyPath;
use indexed_db_futures::database::{Database, VersionChangeEvent};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;

pub const DB_NAME: &str = "pq-survey";
pub const RECORDS: &str = "records";
/// The index of [`RECORDS`] by the record's status (`"draft"`, `"outbox"`, …).
pub const STATUS_INDEX: &str = "status";
pub const FORMS: &str = "forms";

type Result<T> = indexed_db_futures::Result<T>;

/// One migration step: from the version before it to its own.
struct Step {
    version: u32,
    /// What the step is for (shown in the error when it fails).
    what: &'static str,
    run: fn(&mut Upgrade<'_>) -> Result<()>,
}

/// Every version of the schema, oldest first. Append; never change a step that shipped.
const STEPS: &[Step] = &[
    Step {
        version: 1,
        what: "records store",
        run: v1,
    },
    Step {
        version: 2,
        what: "status index and forms store",
        run: v2,
    },
];

/// The version the app writes: the last step's.
pub const DB_VERSION: u32 = 2;

const _: () = assert!(STEPS[STEPS.len() - 1].version == DB_VERSION);

/// What a migration step works with: the database being upgraded and, once the upgrade has
/// created a store, the upgrade (`versionchange`) transaction itself.
///
/// indexed_db_futures 0.6 does not hand the upgrade transaction to the `upgradeneeded`
/// callback; it is reachable from any object store the upgrade creates
/// (`ObjectStore::transaction`). Steps therefore create their new stores first, and reach the
/// existing ones (to add an index, or rewrite records) through [`Upgrade::existing_store`].
/// A future step that creates no store of its own can reach the transaction the same way by
/// creating and deleting a scratch store.
pub(super) struct Upgrade<'a> {
    db: &'a Database,
    /// The first store this upgrade created: the handle on the upgrade transaction.
    anchor: Option<ObjectStore<'a>>,
}

impl Upgrade<'_> {
    /// Creates an object store keyed by its records' `id`.
    fn create_store(&mut self, name: &str) -> Result<()> {
        let store = self
            .db
            .create_object_store(name)
            .with_key_path(KeyPath::One("id"))
            .build()?;
        if self.anchor.is_none() {
            self.anchor = Some(store);
        }
        Ok(())
    }

    /// A store that already existed before this step, inside the upgrade transaction.
    fn existing_store(&self, name: &str) -> Result<ObjectStore<'_>> {
        match &self.anchor {
            Some(anchor) => anchor.transaction().object_store(name),
            None => {
                Err(js_sys::Error::new("no upgrade transaction: the step created no store").into())
            }
        }
    }
}

/// Version 1: the records.
fn v1(upgrade: &mut Upgrade<'_>) -> Result<()> {
    upgrade.create_store(RECORDS)?;
    Ok(())
}

/// Version 2: records by status, and the cached form definitions.
fn v2(upgrade: &mut Upgrade<'_>) -> Result<()> {
    upgrade.create_store(FORMS)?;
    let records = upgrade.existing_store(RECORDS)?;
    records
        .create_index(STATUS_INDEX, KeyPath::One("status"))
        .build()?;
    Ok(())
}

/// Runs every migration step between the stored version and [`DB_VERSION`].
pub(super) fn upgrade(event: VersionChangeEvent, db: Database) -> Result<()> {
    let from = event.old_version() as u32;
    let mut upgrade = Upgrade {
        db: &db,
        anchor: None,
    };
    for step in STEPS.iter().filter(|s| s.version > from) {
        (step.run)(&mut upgrade).map_err(|error| step_failed(step, error))?;
    }
    Ok(())
}

/// The error of a failed step, naming it (the upgrade is rolled back).
fn step_failed(
    step: &Step,
    error: indexed_db_futures::error::Error,
) -> indexed_db_futures::error::Error {
    let text = format!(
        "upgrading the database to version {} ({}) failed: {error}",
        step.version, step.what
    );
    js_sys::Error::new(&text).into()
}
