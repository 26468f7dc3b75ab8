//! Embedding a survey in another site's page: what the host asks for ([`EmbedOptions`]), what
//! the survey tells the host ([`EmbedEvent`]), and which draft an embedded survey resumes
//! ([`find_draft`], [`find_latest`]).
//!
//! The browser side (the `<pq-survey>` element, the iframe entry) lives in the app; this module
//! holds the decisions, so they are the same everywhere and tested without a browser.

mod events;
mod options;

pub use events::{EmbedEvent, ErrorCode};
pub use options::{EmbedOptions, FormRef, OptionsError};

use crate::records::{LocalRecord, RecordStatus};

/// The draft an embedded survey resumes: the newest draft of `form_id` made for the host's
/// `draft_key` (a survey embedded without a key resumes the newest draft made without one).
/// Finished records are never resumed: a host that shows the form again starts a new draft.
pub fn find_draft<'a>(
    records: &'a [LocalRecord],
    form_id: &str,
    draft_key: Option<&str>,
) -> Option<&'a LocalRecord> {
    newest_for(records, form_id, draft_key, |r| {
        r.status == RecordStatus::Draft
    })
}

/// The record a read-only embedded survey shows: the newest of `form_id` made for
/// `draft_key`, whatever its status (a host shows a user what they sent).
pub fn find_latest<'a>(
    records: &'a [LocalRecord],
    form_id: &str,
    draft_key: Option<&str>,
) -> Option<&'a LocalRecord> {
    newest_for(records, form_id, draft_key, |_| true)
}

/// The most recently edited record of `form_id` for `draft_key` that `keep` accepts.
fn newest_for<'a>(
    records: &'a [LocalRecord],
    form_id: &str,
    draft_key: Option<&str>,
    keep: impl Fn(&LocalRecord) -> bool,
) -> Option<&'a LocalRecord> {
    records
        .iter()
        .filter(|r| r.form_id == form_id && r.draft_key.as_deref() == draft_key && keep(r))
        .max_by(|a, b| a.updated_at.cmp(&b.updated_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(
        id: &str,
        form: &str,
        key: Option<&str>,
        status: RecordStatus,
        at: &str,
    ) -> LocalRecord {
        let mut r = LocalRecord::draft(id.into(), form.into(), "1".into(), "vi", at);
        r.draft_key = key.map(str::to_owned);
        r.status = status;
        r
    }

    #[test]
    fn the_host_users_draft_of_that_form_is_resumed() {
        let records = vec![
            record(
                "a",
                "school",
                Some("user-1"),
                RecordStatus::Draft,
                "2025-01-01T00:00:00Z",
            ),
            record(
                "b",
                "school",
                Some("user-2"),
                RecordStatus::Draft,
                "2025-01-02T00:00:00Z",
            ),
            record(
                "c",
                "hospital",
                Some("user-1"),
                RecordStatus::Draft,
                "2025-01-03T00:00:00Z",
            ),
            record(
                "d",
                "school",
                None,
                RecordStatus::Draft,
                "2025-01-04T00:00:00Z",
            ),
        ];
        let id = |key| find_draft(&records, "school", key).map(|r| r.id.as_str());
        assert_eq!(id(Some("user-1")), Some("a"));
        assert_eq!(id(Some("user-2")), Some("b"));
        assert_eq!(id(None), Some("d"));
        assert_eq!(id(Some("user-3")), None);
    }

    #[test]
    fn finished_records_are_not_resumed_and_the_newest_draft_wins() {
        let records = vec![
            record(
                "old",
                "school",
                Some("k"),
                RecordStatus::Draft,
                "2025-01-01T00:00:00Z",
            ),
            record(
                "new",
                "school",
                Some("k"),
                RecordStatus::Draft,
                "2025-02-01T00:00:00Z",
            ),
            record(
                "sent",
                "school",
                Some("k"),
                RecordStatus::Sent,
                "2025-03-01T00:00:00Z",
            ),
            record(
                "out",
                "school",
                Some("k"),
                RecordStatus::Outbox,
                "2025-04-01T00:00:00Z",
            ),
        ];
        assert_eq!(
            find_draft(&records, "school", Some("k")).map(|r| r.id.as_str()),
            Some("new")
        );
        let finished = &records[2..];
        assert!(find_draft(finished, "school", Some("k")).is_none());
        assert_eq!(
            find_latest(&records, "school", Some("k")).map(|r| r.id.as_str()),
            Some("out")
        );
        assert!(find_latest(&records, "school", Some("other")).is_none());
    }
}
