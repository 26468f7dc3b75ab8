//! Receiving a batch of submissions: each item read, decided on and judged on its own, so one
//! bad item never blocks the others; the accepted ones are then stored together in one
//! transaction (one disk flush per batch, not per item).

use pq_core::expression::Date;
use pq_core::submission::judge;
use pq_core::sync::{
    BatchResponse, Decision, Denied, Existing, ItemError, ItemResult, MalformedBatch, Problem,
    Status, Submission, decide, read_batch, tax_code_of,
};
use std::collections::HashSet;
use std::ops::Range;

use serde_json::Value;

use crate::ServerError;
use crate::clock::now_rfc3339;
use crate::forms::FormCache;
use crate::storage::{Database, Inserted, NewRevision, StoredRevision, state_of};
use crate::tokens::Caller;

/// How big a batch may be (`pq serve --max-batch-items / --max-batch-bytes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_items: usize,
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_items: pq_core::sync::DEFAULT_MAX_BATCH_ITEMS,
            max_bytes: pq_core::sync::DEFAULT_MAX_BATCH_BYTES,
        }
    }
}

/// Why a whole batch is refused; nothing of it was stored.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// `413`.
    #[error("the batch has {count} submissions; at most {max} are accepted at once: send fewer")]
    TooManyItems { count: usize, max: usize },
    /// `413`.
    #[error("the batch is larger than {max} bytes: send fewer submissions at once")]
    TooLarge { max: usize },
    /// `400`.
    #[error(transparent)]
    Malformed(#[from] MalformedBatch),
    /// `403`.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// `500`: items before the failure may be stored; resending is safe (`duplicate`).
    #[error(transparent)]
    Server(#[from] ServerError),
}

/// Receives the body of `POST /api/v1/submissions` from `caller`; `today` is the date the
/// engine judges answers on.
pub async fn receive(
    database: &Database,
    caller: &Caller,
    body: &[u8],
    limits: Limits,
    today: Date,
) -> Result<BatchResponse, BatchError> {
    if body.len() > limits.max_bytes {
        return Err(BatchError::TooLarge {
            max: limits.max_bytes,
        });
    }
    let items = read_batch(body)?;
    if items.len() > limits.max_items {
        return Err(BatchError::TooManyItems {
            count: items.len(),
            max: limits.max_items,
        });
    }
    caller.principal.may_submit(&items)?;
    let mut batch = Batch {
        database,
        caller,
        today,
        forms: FormCache::new(database),
    };
    let mut results: Vec<Option<ItemResult>> = items.iter().map(|_| None).collect();
    for segment in segments(&items) {
        batch.receive(&items, segment, &mut results).await?;
    }
    let mut response = BatchResponse::default();
    for result in results.into_iter().flatten() {
        tracing::debug!(id = ?result.id, status = %result.status, "submission");
        response.results.push(result);
    }
    tracing::info!(
        token = %caller.token_id,
        items = items.len(),
        accepted = response.count(Status::Accepted),
        revised = response.count(Status::Revised),
        duplicate = response.count(Status::Duplicate),
        conflict = response.count(Status::Conflict),
        rejected = response.count(Status::Rejected),
        "batch received"
    );
    Ok(response)
}

/// The `id` of an item that cannot be read, when it has a text one.
fn raw_id(item: &Value) -> Option<String> {
    item.get("id")
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase)
}

/// The ranges of `items` to decide and store together: no id twice in one, so an item sees
/// the earlier revisions of its id stored (most batches are one range).
fn segments(items: &[Value]) -> Vec<Range<usize>> {
    let mut segments = Vec::new();
    let mut start = 0;
    let mut seen: HashSet<String> = HashSet::new();
    for (index, item) in items.iter().enumerate() {
        if let Some(id) = raw_id(item)
            && !seen.insert(id.clone())
        {
            segments.push(start..index);
            start = index;
            seen.clear();
            seen.insert(id);
        }
    }
    segments.push(start..items.len());
    segments
}

/// A judged submission to store, and the status storing it gives.
struct Pending {
    /// Its place in the batch.
    index: usize,
    submission: Submission,
    status: Status,
    tax_code: Option<String>,
}

/// What deciding on one item gave: its result, or a submission to store.
enum Prepared {
    Done(ItemResult),
    Store(Box<Pending>),
}

/// What deciding on a batch's items needs: who sends, the date answers are judged on, and
/// the forms compiled so far.
struct Batch<'a> {
    database: &'a Database,
    caller: &'a Caller,
    today: Date,
    forms: FormCache<'a>,
}

impl Batch<'_> {
    /// Decides on the items of `segment` against what is stored under their ids (read in one
    /// query), then stores the accepted ones in one transaction.
    async fn receive(
        &mut self,
        items: &[Value],
        segment: Range<usize>,
        results: &mut [Option<ItemResult>],
    ) -> Result<(), ServerError> {
        let ids: Vec<String> = items[segment.clone()].iter().filter_map(raw_id).collect();
        let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let known = self.database.stored_revisions(&id_refs).await?;
        let mut pending = Vec::new();
        for index in segment {
            let item = &items[index];
            let stored = raw_id(item)
                .and_then(|id| known.get(&id))
                .map_or(&[][..], Vec::as_slice);
            match self.prepare(item, stored).await? {
                Prepared::Done(result) => results[index] = Some(result),
                Prepared::Store(ready) => pending.push(Pending { index, ..*ready }),
            }
        }
        if pending.is_empty() {
            return Ok(());
        }
        let received_at = now_rfc3339()?;
        let revisions: Vec<NewRevision<'_>> = pending
            .iter()
            .map(|p| NewRevision {
                submission: &p.submission,
                tax_code: p.tax_code.as_deref(),
                token_id: &self.caller.token_id,
                received_at: &received_at,
            })
            .collect();
        let inserted = self.database.insert_submissions(&revisions).await?;
        for (done, outcome) in pending.into_iter().zip(inserted) {
            results[done.index] = Some(match outcome {
                Inserted::Stored => ItemResult::new(done.submission.id, done.status),
                // Stored meanwhile by another request: decided again, alone.
                Inserted::AlreadyThere => self.receive_alone(&items[done.index]).await?,
            });
        }
        Ok(())
    }

    /// One item decided and stored on its own: after a race with another request, the
    /// second look sees what that request stored and decides `duplicate` or `conflict`.
    async fn receive_alone(&mut self, item: &Value) -> Result<ItemResult, ServerError> {
        for _ in 0..2 {
            // An item without a readable id is rejected by `prepare`; nothing is stored under "".
            let id = raw_id(item).unwrap_or_default();
            let known = self.database.stored_revisions(&[&id]).await?;
            let stored = known.get(&id).map_or(&[][..], Vec::as_slice);
            let ready = match self.prepare(item, stored).await? {
                Prepared::Done(result) => return Ok(result),
                Prepared::Store(ready) => ready,
            };
            let received_at = now_rfc3339()?;
            let inserted = self
                .database
                .insert_submission(NewRevision {
                    submission: &ready.submission,
                    tax_code: ready.tax_code.as_deref(),
                    token_id: &self.caller.token_id,
                    received_at: &received_at,
                })
                .await?;
            if inserted == Inserted::Stored {
                return Ok(ItemResult::new(ready.submission.id, ready.status));
            }
        }
        Err(ServerError::Contention)
    }

    /// Reads an item, decides on it against `stored` (the revisions kept under its id), and
    /// judges it with its form.
    async fn prepare(
        &mut self,
        item: &Value,
        stored: &[StoredRevision],
    ) -> Result<Prepared, ServerError> {
        let submission = match Submission::read(item) {
            Ok(submission) => submission,
            Err(errors) => return Ok(Prepared::Done(ItemResult::rejected(raw_id(item), errors))),
        };
        let id = submission.id.clone();
        let locale = submission.locale.clone();
        let problem = |problem: Problem| vec![ItemError::problem(&problem, &locale)];
        let rejected = |errors| {
            Ok(Prepared::Done(ItemResult::rejected(
                Some(id.clone()),
                errors,
            )))
        };
        let state = state_of(&submission.id, stored, submission.revision)?;
        if let Some(state) = &state
            && !self.caller.principal.may_revise(state.tax_code.as_deref())
        {
            return rejected(problem(Problem::OtherEnterprise));
        }
        let existing = state.as_ref().map(|s| Existing {
            latest_revision: s.latest_revision,
            same_revision: s.same_revision.as_ref(),
        });
        let decision = decide(&submission, existing);
        match decision {
            Decision::Duplicate => {
                return Ok(Prepared::Done(ItemResult::new(id, Status::Duplicate)));
            }
            Decision::Conflict(reason) => {
                return Ok(Prepared::Done(ItemResult {
                    id: Some(id),
                    status: Status::Conflict,
                    errors: problem(reason),
                }));
            }
            Decision::Accept | Decision::Revise => {}
        }
        let form = match self
            .forms
            .get(&submission.form_id, &submission.form_version)
            .await?
        {
            Ok(form) => form,
            Err(unknown) => return rejected(problem(unknown)),
        };
        let verdict = judge(form, submission.answers.clone(), &locale, self.today);
        if !verdict.valid {
            return rejected(verdict.errors.into_iter().map(ItemError::from).collect());
        }
        // What is stored is what the engine keeps: no hidden or unknown answers, NFC text.
        let submission = Submission {
            answers: verdict.answers,
            ..submission
        };
        Ok(Prepared::Store(Box::new(Pending {
            index: 0,
            tax_code: tax_code_of(&submission.answers),
            status: decision.status(),
            submission,
        })))
    }
}
