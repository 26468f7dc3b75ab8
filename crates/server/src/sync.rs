//! Receiving a batch of submissions: each item read, decided on, judged and stored on its
//! own, so one bad item never blocks the others.

use pq_core::expression::Date;
use pq_core::submission::judge;
use pq_core::sync::{
    BatchResponse, Decision, Denied, Existing, ItemError, ItemResult, MalformedBatch, Problem,
    Status, Submission, decide, read_batch, tax_code_of,
};
use serde_json::Value;

use crate::ServerError;
use crate::clock::now_rfc3339;
use crate::forms::FormCache;
use crate::storage::{Database, Inserted, NewRevision};
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
    let mut forms = FormCache::new(database);
    let mut response = BatchResponse::default();
    for item in &items {
        let result = receive_one(database, caller, item, &mut forms, today).await?;
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

async fn receive_one(
    database: &Database,
    caller: &Caller,
    item: &Value,
    forms: &mut FormCache<'_>,
    today: Date,
) -> Result<ItemResult, ServerError> {
    let submission = match Submission::read(item) {
        Ok(submission) => submission,
        Err(errors) => return Ok(ItemResult::rejected(raw_id(item), errors)),
    };
    let id = submission.id.clone();
    let locale = submission.locale.clone();
    let problem = |problem: Problem| vec![ItemError::problem(&problem, &locale)];
    // Twice at most: when another request stores the same revision between our look and our
    // write, the second look sees it and decides `duplicate` or `conflict`.
    for _ in 0..2 {
        let state = database
            .submission_state(&submission.id, submission.revision)
            .await?;
        if let Some(state) = &state
            && !caller.principal.may_revise(state.tax_code.as_deref())
        {
            return Ok(ItemResult::rejected(
                Some(id),
                problem(Problem::OtherEnterprise),
            ));
        }
        let existing = state.as_ref().map(|s| Existing {
            latest_revision: s.latest_revision,
            same_revision: s.same_revision.as_ref(),
        });
        let decision = decide(&submission, existing);
        match decision {
            Decision::Duplicate => return Ok(ItemResult::new(id, Status::Duplicate)),
            Decision::Conflict(reason) => {
                return Ok(ItemResult {
                    id: Some(id),
                    status: Status::Conflict,
                    errors: problem(reason),
                });
            }
            Decision::Accept | Decision::Revise => {}
        }
        let form = match forms
            .get(&submission.form_id, &submission.form_version)
            .await?
        {
            Ok(form) => form,
            Err(unknown) => return Ok(ItemResult::rejected(Some(id), problem(unknown))),
        };
        let verdict = judge(form, submission.answers.clone(), &locale, today);
        if !verdict.valid {
            let errors = verdict.errors.into_iter().map(ItemError::from).collect();
            return Ok(ItemResult::rejected(Some(id), errors));
        }
        let tax_code = tax_code_of(&submission.answers);
        let received_at = now_rfc3339()?;
        let inserted = database
            .insert_submission(NewRevision {
                submission: &submission,
                tax_code: tax_code.as_deref(),
                token_id: &caller.token_id,
                received_at: &received_at,
            })
            .await?;
        if inserted == Inserted::Stored {
            return Ok(ItemResult::new(id, decision.status()));
        }
    }
    Err(ServerError::Contention)
}
