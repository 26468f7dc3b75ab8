//! What an embedded survey keeps to itself.

use pq_core::records::LocalRecord;

use crate::sync::SyncSettings;

/// An embedded survey's own form, draft key and collector. Its sync loop sends only its own
/// records to its own collector: two surveys on a page, or the standalone app on the same
/// origin, never send each other's records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embedding {
    /// The form's id (known once its definition is loaded).
    pub form_id: String,
    pub draft_key: Option<String>,
    /// Where this survey sends; `None`: it keeps its records on the device only.
    pub collector: Option<SyncSettings>,
}

impl Embedding {
    /// Whether `record` is this survey's (same form, same host key).
    pub fn owns(&self, record: &LocalRecord) -> bool {
        record.form_id == self.form_id && record.draft_key == self.draft_key
    }
}
