//! Receiving a batch of submissions: each item read, decided on and judged on its own, so one
//! bad item never blocks the others; the accepted ones are then stored together in one
//! transaction (one disk flush per batch, not per item).

use pq_core::expression::Date;
use pq_core::submission::judge;
use pq_core::sync::{
    BatchResponse, Decision, Denied, Existing, ItemError, ItemResult, MalformedBatch, Problem,
    Role, Status, Submission, decide, is_uuid, read_batch, tax_code_of,
};
use std::collections::HashSet;
use std::ops::Range;

use serde_json::Value;

use crate::ServerError;
use crate::clock::{now_rfc3339, now_seconds, seconds_of_timestamp};
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

/// Most errors listed for one item; the rest are counted in one last error.
pub const MAX_ERRORS_PER_ITEM: usize = 20;

/// A batch's answer may always be this large, however small its request (1 MiB).
pub const MIN_ANSWER_BUDGET: usize = 1024 * 1024;

/// How far ahead of the server's clock `started_at` / `updated_at` may be (a day: time zones
/// and small drifts pass, a device set to the wrong day does not).
pub const MAX_CLOCK_AHEAD_SECONDS: i64 = 24 * 60 * 60;

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
    /// `503` (the database is unavailable) or `500`: items before the failure may be stored;
    /// resending is safe (`duplicate`).
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
        now: now_seconds()?,
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
    let locales: Vec<&str> = items.iter().map(locale_of).collect();
    bound_errors(&mut response, &locales, body.len().max(MIN_ANSWER_BUDGET));
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

/// The language of an item's messages: its `locale` when it has one.
fn locale_of(item: &Value) -> &str {
    item.get("locale").and_then(Value::as_str).unwrap_or("vi")
}

/// Keeps a batch's answer small whatever was sent: at most [`MAX_ERRORS_PER_ITEM`] errors
/// per item (the rest counted in one last error, in the item's language), and the whole
/// answer within `budget` bytes — when many items have many long errors, each keeps fewer,
/// down to its first error cut short and the count of the others, then to the count alone.
pub fn bound_errors(response: &mut BatchResponse, locales: &[&str], budget: usize) {
    let all: Vec<Vec<ItemError>> = response
        .results
        .iter_mut()
        .map(|result| std::mem::take(&mut result.errors))
        .collect();
    let items = response.results.iter_mut().zip(&all).zip(locales);
    for ((result, errors), locale) in items {
        result.errors = shortened(errors, MAX_ERRORS_PER_ITEM, None, locale);
    }
    if serialized_len(response) <= budget {
        return;
    }
    // Each item's share of the budget.
    let share = budget / response.results.len().max(1);
    let items = response.results.iter_mut().zip(&all).zip(locales);
    for ((result, errors), locale) in items {
        let mut keep = errors.len().min(MAX_ERRORS_PER_ITEM);
        while keep > 1 && serialized_len(result) > share {
            keep /= 2;
            result.errors = shortened(errors, keep, None, locale);
        }
        if serialized_len(result) > share {
            result.errors = shortened(errors, 1, Some(MAX_SHORT_ERROR_CHARS), locale);
        }
    }
    if serialized_len(response) > budget {
        let items = response.results.iter_mut().zip(&all).zip(locales);
        for ((result, errors), locale) in items {
            result.errors = shortened(errors, 0, None, locale);
        }
    }
}

/// How long each text of an error kept when space is short may be, in characters.
const MAX_SHORT_ERROR_CHARS: usize = 200;

/// The first `keep` of `errors` (each text cut to `chars` characters when given), then one
/// error counting the others, if any.
fn shortened(
    errors: &[ItemError],
    keep: usize,
    chars: Option<usize>,
    locale: &str,
) -> Vec<ItemError> {
    let mut kept: Vec<ItemError> = errors.iter().take(keep).cloned().collect();
    if let Some(limit) = chars {
        for error in &mut kept {
            for text in [&mut error.path, &mut error.element, &mut error.message] {
                if text.chars().count() > limit {
                    *text = text.chars().take(limit).collect::<String>() + "…";
                }
            }
        }
    }
    let left_out = errors.len() - kept.len();
    if left_out > 0 {
        kept.push(ItemError::problem(
            &Problem::MoreErrors { count: left_out },
            locale,
        ));
    }
    kept
}

fn serialized_len<T: serde::Serialize>(value: &T) -> usize {
    serde_json::to_vec(value).map_or(usize::MAX, |bytes| bytes.len())
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
    /// The server's clock, in seconds since 1970.
    now: i64,
    forms: FormCache<'a>,
}

impl<'a> Batch<'a> {
    /// Decides on the items of `segment` against what is stored under their ids (read in one
    /// query), then stores the accepted ones in one transaction.
    async fn receive(
        &mut self,
        items: &[Value],
        segment: Range<usize>,
        results: &mut [Option<ItemResult>],
    ) -> Result<(), ServerError> {
        // Only ids that can be stored are looked up: an item whose id is not a UUID (it may
        // hold anything, NUL included) is rejected without touching the database.
        let ids: Vec<String> = items[segment.clone()]
            .iter()
            .filter_map(raw_id)
            .filter(|id| is_uuid(id))
            .collect();
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
            .map(|p| self.revision(p, &received_at))
            .collect();
        let inserted = match self.database.insert_submissions(&revisions).await {
            Ok(inserted) => inserted.into_iter().map(Some).collect(),
            // The database refused one record's content: store them one by one, so only that
            // one is rejected.
            Err(error) if error.is_about_the_record() => {
                tracing::warn!(%error, "a batch's records stored one by one");
                let mut each = Vec::with_capacity(revisions.len());
                for revision in &revisions {
                    each.push(self.store_one(*revision).await?);
                }
                each
            }
            Err(error) => return Err(error),
        };
        for (done, outcome) in pending.into_iter().zip(inserted) {
            results[done.index] = Some(match outcome {
                Some(Inserted::Stored) => ItemResult::new(done.submission.id, done.status),
                // Stored meanwhile by another request: decided again, alone.
                Some(Inserted::AlreadyThere) => self.receive_alone(&items[done.index]).await?,
                Some(Inserted::HeldByOther) => ItemResult::rejected(
                    Some(done.submission.id),
                    vec![ItemError::problem(
                        &Problem::OtherEnterprise,
                        &done.submission.locale,
                    )],
                ),
                None => ItemResult::rejected(
                    Some(done.submission.id),
                    vec![ItemError::problem(
                        &Problem::Unstorable,
                        &done.submission.locale,
                    )],
                ),
            });
        }
        Ok(())
    }

    /// What storing `pending` asks of the database.
    fn revision<'p>(&'p self, pending: &'p Pending, received_at: &'p str) -> NewRevision<'p>
    where
        'a: 'p,
    {
        NewRevision {
            submission: &pending.submission,
            tax_code: pending.tax_code.as_deref(),
            token_id: &self.caller.token_id,
            received_at,
            only_for_tax_code: self.enterprise(),
        }
    }

    /// The tax code an enterprise caller is limited to.
    fn enterprise(&self) -> Option<&'a str> {
        (self.caller.principal.role == Role::Enterprise)
            .then_some(self.caller.principal.tax_code.as_deref())
            .flatten()
    }

    /// Stores one revision in its own transaction; `None` when the database refuses its
    /// content.
    async fn store_one(&self, revision: NewRevision<'_>) -> Result<Option<Inserted>, ServerError> {
        match self.database.insert_submission(revision).await {
            Ok(inserted) => Ok(Some(inserted)),
            Err(error) if error.is_about_the_record() => {
                tracing::warn!(id = %revision.submission.id, %error, "record refused by the database");
                Ok(None)
            }
            Err(error) => Err(error),
        }
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
            let revision = self.revision(&ready, &received_at);
            match self.store_one(revision).await? {
                Some(Inserted::Stored) => {
                    return Ok(ItemResult::new(ready.submission.id, ready.status));
                }
                Some(Inserted::AlreadyThere) => {}
                Some(Inserted::HeldByOther) => {
                    let error =
                        ItemError::problem(&Problem::OtherEnterprise, &ready.submission.locale);
                    return Ok(ItemResult::rejected(Some(ready.submission.id), vec![error]));
                }
                None => {
                    let error = ItemError::problem(&Problem::Unstorable, &ready.submission.locale);
                    return Ok(ItemResult::rejected(Some(ready.submission.id), vec![error]));
                }
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
            // Only an id that is a UUID is echoed: the answer never repeats an arbitrary text.
            Err(errors) => {
                let id = raw_id(item).filter(|id| is_uuid(id));
                return Ok(Prepared::Done(ItemResult::rejected(id, errors)));
            }
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
        let ahead: Vec<ItemError> = [
            ("started_at", &submission.started_at),
            ("updated_at", &submission.updated_at),
        ]
        .into_iter()
        .filter(|(_, text)| {
            seconds_of_timestamp(text).is_some_and(|at| at > self.now + MAX_CLOCK_AHEAD_SECONDS)
        })
        .map(|(field, _)| ItemError::problem(&Problem::FromTheFuture { field }, &locale))
        .collect();
        if !ahead.is_empty() {
            return rejected(ahead);
        }
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
        let mut decision = decide(&submission, existing);
        // What was stored is what the engine kept (hidden and unknown answers removed, NFC
        // text): a resend of the same revision is a duplicate when it keeps to the same.
        if let Decision::Conflict(Problem::ConflictingContent { .. }) = decision
            && let Some(stored) = state.as_ref().and_then(|s| s.same_revision.as_ref())
            && let Ok(form) = self
                .forms
                .get(&submission.form_id, &submission.form_version)
                .await?
        {
            let kept = Submission {
                answers: judge(form, submission.answers.clone(), &locale, self.today).answers,
                ..submission.clone()
            };
            if stored.same_content(&kept) {
                decision = Decision::Duplicate;
            }
        }
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
