//! Stored submissions: every revision kept, one row each, written once.

use std::collections::HashMap;

use pq_core::sync::Submission;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::Database;
use crate::ServerError;

/// One stored revision, as deciding on a new one reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRevision {
    pub revision: u32,
    pub tax_code: Option<String>,
    /// The submission's JSON.
    pub body: String,
}

/// What `stored` (the revisions kept under `id`) means for a new `revision`; `None` when
/// nothing is stored.
pub fn state_of(
    id: &str,
    stored: &[StoredRevision],
    revision: u32,
) -> Result<Option<SubmissionState>, ServerError> {
    let Some(latest) = stored.iter().max_by_key(|r| r.revision) else {
        return Ok(None);
    };
    let same_revision = match stored.iter().find(|r| r.revision == revision) {
        Some(same) => Some(body_of(id, &same.body)?),
        None => None,
    };
    Ok(Some(SubmissionState {
        latest_revision: latest.revision,
        tax_code: latest.tax_code.clone(),
        same_revision,
    }))
}

/// What is stored under a submission id, as far as deciding on a new revision needs.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionState {
    pub latest_revision: u32,
    /// The tax code of the newest revision.
    pub tax_code: Option<String>,
    /// The stored revision with the number asked about, if there is one.
    pub same_revision: Option<Submission>,
}

/// One stored revision.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSubmission {
    pub submission: Submission,
    pub tax_code: Option<String>,
    /// The token that sent it.
    pub token_id: String,
    pub received_at: String,
}

/// A revision to store.
#[derive(Debug, Clone, Copy)]
pub struct NewRevision<'a> {
    pub submission: &'a Submission,
    pub tax_code: Option<&'a str>,
    pub token_id: &'a str,
    pub received_at: &'a str,
    /// For an enterprise sender, its tax code: the revision is stored only when the id is
    /// new or its newest revision is this tax code's (checked with the insert, atomically).
    pub only_for_tax_code: Option<&'a str>,
}

/// What storing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    Stored,
    /// This id and revision were stored meanwhile (by another request): nothing written.
    AlreadyThere,
    /// The id is held by another tax code than `only_for_tax_code`: nothing written.
    HeldByOther,
}

fn body_of(id: &str, text: &str) -> Result<Submission, ServerError> {
    serde_json::from_str(text).map_err(|error| ServerError::CorruptRecord {
        id: id.to_owned(),
        reason: error.to_string(),
    })
}

fn revision_of(id: &str, value: i64) -> Result<u32, ServerError> {
    u32::try_from(value).map_err(|_| ServerError::CorruptRecord {
        id: id.to_owned(),
        reason: format!("revision {value} out of range"),
    })
}

fn stored(row: &AnyRow) -> Result<StoredSubmission, ServerError> {
    let id: String = row.try_get("id")?;
    let body: String = row.try_get("body")?;
    Ok(StoredSubmission {
        submission: body_of(&id, &body)?,
        tax_code: row.try_get("tax_code")?,
        token_id: row.try_get("token_id")?,
        received_at: row.try_get("received_at")?,
    })
}

/// Ids claimed by one statement (3 parameters each: well within SQLite's and PostgreSQL's
/// limits).
const CLAIMS_PER_STATEMENT: usize = 500;

/// Latest revisions only: the row whose revision is the highest of its id.
const LATEST: &str = "s.revision = (SELECT MAX(m.revision) FROM submissions m WHERE m.id = s.id)";

impl Database {
    /// Every stored revision of the submissions `ids` (one query for a whole batch), by id.
    pub async fn stored_revisions(
        &self,
        ids: &[&str],
    ) -> Result<HashMap<String, Vec<StoredRevision>>, ServerError> {
        let mut found: HashMap<String, Vec<StoredRevision>> = HashMap::new();
        if ids.is_empty() {
            return Ok(found);
        }
        let marks = vec!["?"; ids.len()].join(", ");
        let query = self.sql(&format!(
            "SELECT id, revision, tax_code, body FROM submissions WHERE id IN ({marks})"
        ));
        let mut statement = sqlx::query(&query);
        for id in ids {
            statement = statement.bind(*id);
        }
        for row in statement.fetch_all(self.pool()).await? {
            let id: String = row.try_get("id")?;
            let revision = revision_of(&id, row.try_get("revision")?)?;
            found.entry(id).or_default().push(StoredRevision {
                revision,
                tax_code: row.try_get("tax_code")?,
                body: row.try_get("body")?,
            });
        }
        Ok(found)
    }

    /// Stores one revision, atomically (one row). A revision already stored is left alone.
    pub async fn insert_submission(&self, new: NewRevision<'_>) -> Result<Inserted, ServerError> {
        let mut outcome = self.insert_submissions(&[new]).await?;
        outcome.pop().ok_or(ServerError::Contention)
    }

    /// Stores revisions in one transaction: all of them or none, with one commit (one disk
    /// flush) for the whole batch. A revision already stored (by another request meanwhile)
    /// is left alone and reported [`Inserted::AlreadyThere`]; one whose id another tax code
    /// holds, for an enterprise sender, [`Inserted::HeldByOther`].
    ///
    /// Each revision first claims its id's row in `submission_holders` (inserting it, or
    /// locking it until the commit), then reads who holds the id and stores: two requests
    /// storing the same id wait for each other, so an id never gets two holders. Ids are
    /// claimed in sorted order, so two batches never wait for each other in a circle.
    pub async fn insert_submissions(
        &self,
        revisions: &[NewRevision<'_>],
    ) -> Result<Vec<Inserted>, ServerError> {
        let insert = self.sql(
            "INSERT INTO submissions
                (id, revision, form_id, form_version, tax_code, body, token_id, received_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id, revision) DO NOTHING",
        );
        let advance =
            self.sql("UPDATE submission_holders SET tax_code = ?, revision = ? WHERE id = ?");
        let mut bodies = Vec::with_capacity(revisions.len());
        for new in revisions {
            let submission = new.submission;
            bodies.push(serde_json::to_string(submission).map_err(|error| {
                ServerError::CorruptRecord {
                    id: submission.id.clone(),
                    reason: error.to_string(),
                }
            })?);
        }
        let mut order: Vec<usize> = (0..revisions.len()).collect();
        order.sort_by(|&a, &b| revisions[a].submission.id.cmp(&revisions[b].submission.id));
        let mut outcome = vec![Inserted::AlreadyThere; revisions.len()];
        let mut transaction = self.pool().begin().await?;
        let mut holders = self.claim_ids(&mut transaction, revisions, &order).await?;
        for index in order {
            let new = &revisions[index];
            let submission = new.submission;
            let revision = i64::from(submission.revision);
            let Some((holder, latest)) = holders.get(&submission.id).cloned() else {
                return Err(ServerError::Contention);
            };
            if let Some(own) = new.only_for_tax_code
                && holder.as_deref() != Some(own)
            {
                outcome[index] = Inserted::HeldByOther;
                continue;
            }
            let done = sqlx::query(&insert)
                .bind(&submission.id)
                .bind(revision)
                .bind(&submission.form_id)
                .bind(&submission.form_version)
                .bind(new.tax_code)
                .bind(&bodies[index])
                .bind(new.token_id)
                .bind(new.received_at)
                .execute(&mut *transaction)
                .await?;
            if done.rows_affected() != 1 {
                continue;
            }
            if revision > latest {
                sqlx::query(&advance)
                    .bind(new.tax_code)
                    .bind(revision)
                    .bind(&submission.id)
                    .execute(&mut *transaction)
                    .await?;
                holders.insert(
                    submission.id.clone(),
                    (new.tax_code.map(str::to_owned), revision),
                );
            }
            outcome[index] = Inserted::Stored;
        }
        transaction.commit().await?;
        Ok(outcome)
    }

    /// Claims the row in `submission_holders` of every id of `revisions` (taken in `order`,
    /// each id once): inserts it for a new id (with that revision's tax code), locks it
    /// until the transaction ends otherwise. Returns who holds each id and at which revision.
    async fn claim_ids(
        &self,
        transaction: &mut sqlx::Transaction<'_, sqlx::Any>,
        revisions: &[NewRevision<'_>],
        order: &[usize],
    ) -> Result<HashMap<String, (Option<String>, i64)>, ServerError> {
        let mut seen = std::collections::HashSet::new();
        let firsts: Vec<&NewRevision<'_>> = order
            .iter()
            .map(|&index| &revisions[index])
            .filter(|new| seen.insert(new.submission.id.as_str()))
            .collect();
        let mut holders = HashMap::with_capacity(firsts.len());
        for chunk in firsts.chunks(CLAIMS_PER_STATEMENT) {
            let marks = vec!["(?, ?, ?)"; chunk.len()].join(", ");
            let claim = self.sql(&format!(
                "INSERT INTO submission_holders (id, tax_code, revision) VALUES {marks}
                 ON CONFLICT (id) DO UPDATE SET revision = submission_holders.revision
                 RETURNING id, tax_code, revision"
            ));
            let mut statement = sqlx::query(&claim);
            for new in chunk {
                statement = statement
                    .bind(&new.submission.id)
                    .bind(new.tax_code)
                    .bind(i64::from(new.submission.revision));
            }
            for row in statement.fetch_all(&mut **transaction).await? {
                let id: String = row.try_get("id")?;
                holders.insert(id, (row.try_get("tax_code")?, row.try_get("revision")?));
            }
        }
        Ok(holders)
    }

    /// The newest revision of one submission.
    pub async fn latest_submission(
        &self,
        id: &str,
    ) -> Result<Option<StoredSubmission>, ServerError> {
        let query = self.sql(&format!(
            "SELECT s.id, s.body, s.tax_code, s.token_id, s.received_at FROM submissions s
             WHERE s.id = ? AND {LATEST}"
        ));
        let row = sqlx::query(&query)
            .bind(id.to_ascii_lowercase())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(stored).transpose()
    }

    /// The newest revision of every submission, optionally only of one form and only of one
    /// tax code, in the order they were first received.
    pub async fn latest_submissions(
        &self,
        form_id: Option<&str>,
        tax_code: Option<&str>,
    ) -> Result<Vec<StoredSubmission>, ServerError> {
        let mut query = format!(
            "SELECT s.id, s.body, s.tax_code, s.token_id, s.received_at FROM submissions s
             WHERE {LATEST}"
        );
        if form_id.is_some() {
            query.push_str(" AND s.form_id = ?");
        }
        if tax_code.is_some() {
            query.push_str(" AND s.tax_code = ?");
        }
        query.push_str(
            " ORDER BY (SELECT MIN(f.received_at) FROM submissions f WHERE f.id = s.id), s.id",
        );
        let query = self.sql(&query);
        let mut statement = sqlx::query(&query);
        if let Some(form_id) = form_id {
            statement = statement.bind(form_id);
        }
        if let Some(tax_code) = tax_code {
            statement = statement.bind(tax_code);
        }
        let rows = statement.fetch_all(self.pool()).await?;
        rows.iter().map(stored).collect()
    }

    /// How many revisions are stored under `id` (0: none).
    pub async fn revision_count(&self, id: &str) -> Result<i64, ServerError> {
        let query = self.sql("SELECT COUNT(*) AS n FROM submissions WHERE id = ?");
        let row = sqlx::query(&query)
            .bind(id.to_ascii_lowercase())
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get("n")?)
    }
}
