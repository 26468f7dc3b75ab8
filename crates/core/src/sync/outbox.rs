//! The app's side of syncing: which records leave, in what batches, what each result does to
//! the record, and how long to wait after a failure.
//!
//! A record becomes `sent` only when a result says the server holds it (`accepted`,
//! `revised`, `duplicate`); a lost answer leaves it in the outbox, to be sent again — the
//! server recognises the copy as a `duplicate`.

use crate::records::{LocalRecord, RecordStatus};

use super::{BatchResponse, ItemResult, Status, Submission};

/// The first wait after a failure, in milliseconds.
pub const FIRST_RETRY_MS: u64 = 1_000;
/// The longest wait between tries, in milliseconds (5 minutes).
pub const MAX_RETRY_MS: u64 = 300_000;
/// How many submissions go in one request (the server accepts 500 by default).
pub const BATCH_SIZE: usize = 50;

/// The submission the server receives for a record.
pub fn submission_of(record: &LocalRecord, device_id: &str) -> Submission {
    Submission {
        id: record.id.clone(),
        form_id: record.form_id.clone(),
        form_version: record.form_version.clone(),
        revision: record.revision,
        answers: record.answers.clone(),
        locale: record.locale.clone(),
        started_at: record.created_at.clone(),
        updated_at: record.updated_at.clone(),
        device_id: device_id.to_owned(),
    }
}

/// The records waiting to be sent, oldest first.
pub fn pending(records: &[LocalRecord]) -> Vec<LocalRecord> {
    let mut waiting: Vec<LocalRecord> = records
        .iter()
        .filter(|r| r.status == RecordStatus::Outbox)
        .cloned()
        .collect();
    waiting.sort_by(|a, b| a.updated_at.cmp(&b.updated_at));
    waiting
}

/// What a result does to the record it answers; `None` when the record stays as it is (to be
/// sent again later).
pub fn apply_result(record: &LocalRecord, result: &ItemResult) -> Option<LocalRecord> {
    let mut updated = record.clone();
    match result.status {
        status if status.is_stored() => {
            updated.status = RecordStatus::Sent;
            updated.server_messages.clear();
        }
        Status::Rejected => {
            updated.status = RecordStatus::Rejected;
            updated.server_messages = result
                .errors
                .iter()
                .map(|e| {
                    if e.path.is_empty() {
                        e.message.clone()
                    } else {
                        format!("{}: {}", e.path, e.message)
                    }
                })
                .collect();
        }
        // The server holds this revision with other answers (edited after a send whose answer
        // was lost): the edit goes out as the next revision.
        Status::Conflict => updated.revision += 1,
        _ => return None,
    }
    Some(updated)
}

/// Pairs a batch's records with the server's results (by position) and gives the updated
/// records. A response with a different number of results is not trusted: nothing changes.
pub fn apply_response(sent: &[LocalRecord], response: &BatchResponse) -> Vec<LocalRecord> {
    if sent.len() != response.results.len() {
        return Vec::new();
    }
    sent.iter()
        .zip(&response.results)
        .filter_map(|(record, result)| apply_result(record, result))
        .collect()
}

/// How long to wait before try number `failures + 1` after `failures` failed tries:
/// exponential from 1 s, capped at 5 minutes, with jitter (`random` in 0..1 picks a point in
/// the upper half of the interval, so many tablets coming back online do not all retry at
/// once).
pub fn retry_delay_ms(failures: u32, random: f64) -> u64 {
    let base = FIRST_RETRY_MS
        .saturating_mul(1_u64 << failures.min(20))
        .min(MAX_RETRY_MS);
    let jitter = (base as f64 / 2.0) * random.clamp(0.0, 1.0);
    (base as f64 / 2.0 + jitter).round() as u64
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::sync::ItemError;
    use crate::validation::Level;

    fn record(id: &str, status: RecordStatus, updated: &str) -> LocalRecord {
        let mut r = LocalRecord::draft(id.into(), "f".into(), "1".into(), "vi", updated);
        r.status = status;
        r
    }

    #[test]
    fn only_the_outbox_leaves_oldest_first() {
        let records = vec![
            record("b", RecordStatus::Outbox, "2026-01-02T00:00:00Z"),
            record("d", RecordStatus::Draft, "2026-01-01T00:00:00Z"),
            record("a", RecordStatus::Outbox, "2026-01-01T00:00:00Z"),
            record("s", RecordStatus::Sent, "2026-01-01T00:00:00Z"),
        ];
        let ids: Vec<String> = pending(&records).into_iter().map(|r| r.id).collect();
        assert_eq!(ids, vec!["a", "b"]);
        let submission = submission_of(&records[0], "tablet-7");
        assert_eq!(
            (submission.id.as_str(), submission.device_id.as_str()),
            ("b", "tablet-7")
        );
        assert_eq!(submission.started_at, records[0].created_at);
    }

    #[test]
    fn results_decide_the_record_state() {
        let outbox = record("a", RecordStatus::Outbox, "2026-01-01T00:00:00Z");
        for status in [Status::Accepted, Status::Revised, Status::Duplicate] {
            let sent = apply_result(&outbox, &ItemResult::new("a", status)).unwrap();
            assert_eq!(sent.status, RecordStatus::Sent);
        }
        let rejected = ItemResult::rejected(
            Some("a".into()),
            vec![ItemError {
                field: None,
                path: "tax_code".into(),
                element: "pages[0].elements[2]".into(),
                message: "Mã số không hợp lệ.".into(),
                level: Level::Error,
            }],
        );
        let back = apply_result(&outbox, &rejected).unwrap();
        assert_eq!(back.status, RecordStatus::Rejected);
        assert_eq!(back.server_messages, vec!["tax_code: Mã số không hợp lệ."]);
        let conflict = apply_result(&outbox, &ItemResult::new("a", Status::Conflict)).unwrap();
        assert_eq!(
            (conflict.status, conflict.revision),
            (RecordStatus::Outbox, 2)
        );
    }

    #[test]
    fn a_response_that_does_not_match_the_batch_changes_nothing() {
        let sent = vec![
            record("a", RecordStatus::Outbox, "x"),
            record("b", RecordStatus::Outbox, "y"),
        ];
        let short = BatchResponse {
            results: vec![ItemResult::new("a", Status::Accepted)],
        };
        assert!(apply_response(&sent, &short).is_empty());
        let full = BatchResponse {
            results: vec![
                ItemResult::new("a", Status::Accepted),
                ItemResult::new("b", Status::Duplicate),
            ],
        };
        assert_eq!(apply_response(&sent, &full).len(), 2);
    }

    #[test]
    fn retries_back_off_from_one_second_to_five_minutes_with_jitter() {
        assert_eq!(retry_delay_ms(0, 0.0), 500);
        assert_eq!(retry_delay_ms(0, 1.0), 1_000);
        assert_eq!(retry_delay_ms(3, 1.0), 8_000);
        assert_eq!(retry_delay_ms(3, 0.5), 6_000);
        assert_eq!(retry_delay_ms(30, 1.0), MAX_RETRY_MS);
        assert_eq!(retry_delay_ms(30, 0.0), MAX_RETRY_MS / 2);
    }
}
