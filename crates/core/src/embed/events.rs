//! What an embedded survey tells its host page: DOM events on the `<pq-survey>` element, and
//! the same messages posted to the parent window from the iframe entry.

use serde_json::{Value, json};

use crate::sync::Submission;

/// Why an embedded survey reports a problem (the `code` of `pq-error`); hosts branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The host's options cannot be used (no form, …).
    BadOptions,
    /// The browser does not let this page store data (e.g. IndexedDB blocked in a third-party
    /// frame): nothing is saved.
    StorageUnavailable,
    /// The device's storage is full: the latest change was not saved.
    StorageFull,
    /// Another storage failure: the latest change was not saved.
    StorageFailed,
    /// The form is neither bundled nor published nor downloadable.
    FormNotFound,
    /// Sending to the collector failed (it is retried).
    SyncFailed,
    /// `submit()` was refused: answers are missing or wrong.
    Invalid,
    /// `submit()` or `setData()` on a survey shown read-only.
    ReadOnly,
    /// A handle's method called before `pq-ready`, or after `destroy()`.
    NotReady,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadOptions => "bad-options",
            ErrorCode::StorageUnavailable => "storage-unavailable",
            ErrorCode::StorageFull => "storage-full",
            ErrorCode::StorageFailed => "storage-failed",
            ErrorCode::FormNotFound => "form-not-found",
            ErrorCode::SyncFailed => "sync-failed",
            ErrorCode::Invalid => "invalid",
            ErrorCode::ReadOnly => "read-only",
            ErrorCode::NotReady => "not-ready",
        }
    }
}

/// One thing that happened in an embedded survey.
#[derive(Debug, Clone, PartialEq)]
pub enum EmbedEvent {
    /// The form is shown, with its draft.
    Ready {
        form_id: String,
        record_id: String,
        read_only: bool,
    },
    /// An answer changed (`value` is `null` when it was cleared).
    Change {
        name: String,
        value: Value,
    },
    /// Another page is shown (1-based, among the pages shown).
    Page {
        page: usize,
        pages: usize,
    },
    /// The survey was finished: what goes to the collector.
    Complete(Box<Submission>),
    /// The collector holds the record now.
    Synced {
        record_id: String,
        status: String,
    },
    Error {
        code: ErrorCode,
        message: String,
    },
}

impl EmbedEvent {
    /// The DOM event's type (also the `type` of the posted message).
    pub fn name(&self) -> &'static str {
        match self {
            EmbedEvent::Ready { .. } => "pq-ready",
            EmbedEvent::Change { .. } => "pq-change",
            EmbedEvent::Page { .. } => "pq-page",
            EmbedEvent::Complete(_) => "pq-complete",
            EmbedEvent::Synced { .. } => "pq-synced",
            EmbedEvent::Error { .. } => "pq-error",
        }
    }

    /// The event's `detail`.
    pub fn detail(&self) -> Value {
        match self {
            EmbedEvent::Ready {
                form_id,
                record_id,
                read_only,
            } => json!({ "formId": form_id, "recordId": record_id, "readonly": read_only }),
            EmbedEvent::Change { name, value } => json!({ "name": name, "value": value }),
            EmbedEvent::Page { page, pages } => json!({ "page": page, "pages": pages }),
            EmbedEvent::Complete(submission) => {
                serde_json::to_value(submission.as_ref()).unwrap_or(Value::Null)
            }
            EmbedEvent::Synced { record_id, status } => {
                json!({ "recordId": record_id, "status": status })
            }
            EmbedEvent::Error { code, message } => {
                json!({ "code": code.as_str(), "message": message })
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::records::LocalRecord;
    use crate::sync::submission_of;

    #[test]
    fn change_and_error_details() {
        let change = EmbedEvent::Change {
            name: "year".into(),
            value: json!(2024),
        };
        assert_eq!(change.name(), "pq-change");
        assert_eq!(change.detail(), json!({ "name": "year", "value": 2024 }));
        let error = EmbedEvent::Error {
            code: ErrorCode::StorageUnavailable,
            message: "blocked".into(),
        };
        assert_eq!(error.name(), "pq-error");
        assert_eq!(
            error.detail(),
            json!({ "code": "storage-unavailable", "message": "blocked" })
        );
    }

    #[test]
    fn complete_carries_the_submission_as_the_collector_receives_it() {
        let mut record = LocalRecord::draft(
            "0b0c7a52-5c3e-4f0e-9d7a-1b2c3d4e5f60".into(),
            "school".into(),
            "2".into(),
            "en",
            "2025-01-01T00:00:00Z",
        );
        record.answers.insert("name".into(), json!("Trường A"));
        let submission = submission_of(&record, "device-1");
        let detail = EmbedEvent::Complete(Box::new(submission.clone())).detail();
        assert_eq!(detail["form_id"], "school");
        assert_eq!(detail["answers"]["name"], "Trường A");
        assert_eq!(detail["device_id"], "device-1");
        let back: Submission = serde_json::from_value(detail).unwrap();
        assert_eq!(back, submission);
    }
}
