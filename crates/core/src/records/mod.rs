//! Survey records kept on the device: drafts, the outbox, sent and rejected submissions, and
//! the export file that carries them all.
//!
//! A record is one respondent's answers to one form version. Its status moves
//! draft → outbox (finished) → sent (the server's result came back) or rejected (the server
//! refused it: reopened as a draft to fix, then finished again with the next revision).

mod export;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use export::{EXPORT_FORMAT, EXPORT_VERSION, ExportError, ExportFile, ImportPlan, plan_import};

/// Where a record is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum RecordStatus {
    Draft,
    Outbox,
    Sent,
    Rejected,
}

/// One respondent's answers to one form version, as stored on the device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalRecord {
    /// Made on the device (a UUID); the same id on the server.
    pub id: String,
    pub form_id: String,
    pub form_version: String,
    pub status: RecordStatus,
    pub answers: Map<String, Value>,
    /// The page the respondent was on (a draft reopens there).
    pub page: usize,
    pub locale: String,
    /// RFC 3339 times.
    pub created_at: String,
    pub updated_at: String,
    /// 1 for the first submission; each resend after an edit adds one.
    pub revision: u32,
    /// The host's own key for its user (embedding), so the same user resumes the same draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft_key: Option<String>,
    /// What the server said when it refused the record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub server_messages: Vec<String>,
}

/// Answer names that identify a respondent, most telling first.
const LABEL_FIELDS: &[&str] = &[
    "company_name",
    "facility_name",
    "institution_name",
    "name",
    "tax_code",
];

impl LocalRecord {
    /// A new draft.
    pub fn draft(
        id: String,
        form_id: String,
        form_version: String,
        locale: &str,
        now: &str,
    ) -> Self {
        LocalRecord {
            id,
            form_id,
            form_version,
            status: RecordStatus::Draft,
            answers: Map::new(),
            page: 0,
            locale: locale.to_owned(),
            created_at: now.to_owned(),
            updated_at: now.to_owned(),
            revision: 1,
            draft_key: None,
            server_messages: Vec::new(),
        }
    }

    /// Who answered, for lists: the respondent's name and tax code when given.
    pub fn label(&self) -> String {
        let parts: Vec<String> = LABEL_FIELDS
            .iter()
            .filter_map(|field| self.answers.get(*field))
            .filter_map(|v| {
                v.as_str()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
            })
            .collect();
        let mut unique: Vec<String> = Vec::new();
        for part in parts {
            if !unique.contains(&part) {
                unique.push(part);
            }
        }
        unique.join(" · ")
    }

    /// Finishing: the draft goes to the outbox.
    pub fn finish(&mut self, now: &str) {
        self.status = RecordStatus::Outbox;
        self.server_messages.clear();
        now.clone_into(&mut self.updated_at);
    }

    /// Reopening a sent or rejected record to edit it: resending makes the next revision.
    pub fn reopen(&mut self, now: &str) {
        if matches!(self.status, RecordStatus::Sent | RecordStatus::Rejected) {
            self.revision += 1;
        }
        self.status = RecordStatus::Draft;
        now.clone_into(&mut self.updated_at);
    }

    /// Whether this record is newer than `other` (same id): later revision, then later edit.
    pub fn is_newer_than(&self, other: &LocalRecord) -> bool {
        (self.revision, &self.updated_at) > (other.revision, &other.updated_at)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record() -> LocalRecord {
        LocalRecord::draft(
            "r1".into(),
            "f".into(),
            "1".into(),
            "vi",
            "2026-11-28T10:00:00Z",
        )
    }

    #[test]
    fn label_names_the_respondent() {
        let mut r = record();
        assert_eq!(r.label(), "");
        r.answers
            .insert("company_name".into(), json!("Công ty An Phát"));
        r.answers.insert("tax_code".into(), json!("2300325764"));
        assert_eq!(r.label(), "Công ty An Phát · 2300325764");
    }

    #[test]
    fn life_cycle_and_revisions() {
        let mut r = record();
        r.finish("2026-11-28T11:00:00Z");
        assert_eq!(r.status, RecordStatus::Outbox);
        r.status = RecordStatus::Sent;
        r.reopen("2026-11-29T08:00:00Z");
        assert_eq!((r.status, r.revision), (RecordStatus::Draft, 2));
        let older = record();
        assert!(r.is_newer_than(&older));
        assert!(!older.is_newer_than(&r));
    }

    #[test]
    fn status_is_stored_in_lower_case() {
        assert_eq!(
            serde_json::to_value(RecordStatus::Outbox).unwrap(),
            json!("outbox")
        );
    }
}
