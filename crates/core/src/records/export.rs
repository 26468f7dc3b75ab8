//! "Export my data": one JSON file with every local record, and importing it back without
//! duplicating what is already there.

use serde::{Deserialize, Serialize};

use super::LocalRecord;

/// The `format` field of an export file.
pub const EXPORT_FORMAT: &str = "pq-survey-export";
/// The version of the export file's shape.
pub const EXPORT_VERSION: u32 = 1;

/// The exported file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub records: Vec<LocalRecord>,
}

/// Why a file cannot be imported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("this file is not valid JSON: {0}")]
    NotJson(#[from] serde_json::Error),
    #[error("this file is not a PQ Survey export")]
    NotAnExport,
    #[error("this export was made by a newer PQ Survey (file version {0}); update the app first")]
    TooNew(u32),
}

impl ExportFile {
    pub fn new(records: Vec<LocalRecord>, now: &str) -> Self {
        ExportFile {
            format: EXPORT_FORMAT.to_owned(),
            version: EXPORT_VERSION,
            exported_at: now.to_owned(),
            records,
        }
    }

    /// Reads an export file's text.
    pub fn parse(text: &str) -> Result<Self, ExportError> {
        let file: ExportFile = serde_json::from_str(text).map_err(|error| {
            // A JSON document of another shape is "not an export", not a syntax error.
            match serde_json::from_str::<serde_json::Value>(text) {
                Ok(_) => ExportError::NotAnExport,
                Err(_) => ExportError::NotJson(error),
            }
        })?;
        if file.format != EXPORT_FORMAT {
            return Err(ExportError::NotAnExport);
        }
        if file.version > EXPORT_VERSION {
            return Err(ExportError::TooNew(file.version));
        }
        Ok(file)
    }

    pub fn to_json(&self) -> Result<String, ExportError> {
        Ok(serde_json::to_string_pretty(self)?)
    }
}

/// What importing will do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportPlan {
    /// Records the device does not have.
    pub add: Vec<LocalRecord>,
    /// Records the file has in a newer state than the device.
    pub update: Vec<LocalRecord>,
    /// Records already there as they are, or newer on the device.
    pub unchanged: usize,
}

/// Decides, per record id, what an import does: add what is new, update what is newer in the
/// file, keep what the device has otherwise. Never two records with one id.
pub fn plan_import(existing: &[LocalRecord], incoming: Vec<LocalRecord>) -> ImportPlan {
    let mut plan = ImportPlan::default();
    for record in incoming {
        let on_device = existing.iter().find(|r| r.id == record.id);
        let queued = plan
            .add
            .iter_mut()
            .chain(plan.update.iter_mut())
            .find(|r| r.id == record.id);
        match (on_device, queued) {
            (_, Some(queued)) => {
                // The same id twice in one file: the newer wins.
                if record.is_newer_than(queued) {
                    *queued = record;
                }
            }
            (None, None) => plan.add.push(record),
            (Some(current), None) if record.is_newer_than(current) => plan.update.push(record),
            (Some(_), None) => plan.unchanged += 1,
        }
    }
    plan
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::records::RecordStatus;

    fn record(id: &str, revision: u32, updated: &str) -> LocalRecord {
        let mut r = LocalRecord::draft(id.into(), "f".into(), "1".into(), "vi", updated);
        r.revision = revision;
        r
    }

    #[test]
    fn round_trip_and_refusals() {
        let file = ExportFile::new(
            vec![record("a", 1, "2026-01-01T00:00:00Z")],
            "2026-01-02T00:00:00Z",
        );
        let text = file.to_json().unwrap();
        assert_eq!(ExportFile::parse(&text).unwrap(), file);
        assert!(matches!(
            ExportFile::parse("{\"x\": 1}"),
            Err(ExportError::NotAnExport)
        ));
        assert!(matches!(
            ExportFile::parse("{oops"),
            Err(ExportError::NotJson(_))
        ));
        let newer = text.replace("\"version\": 1", "\"version\": 9");
        assert!(matches!(
            ExportFile::parse(&newer),
            Err(ExportError::TooNew(9))
        ));
    }

    #[test]
    fn importing_never_duplicates() {
        let device = vec![
            record("a", 1, "2026-01-01T00:00:00Z"),
            record("b", 2, "2026-01-05T00:00:00Z"),
        ];
        let mut sent_a = record("a", 1, "2026-01-03T00:00:00Z");
        sent_a.status = RecordStatus::Sent;
        let incoming = vec![
            sent_a.clone(),
            record("b", 1, "2026-01-09T00:00:00Z"),
            record("c", 1, "2026-01-01T00:00:00Z"),
            record("c", 1, "2026-01-02T00:00:00Z"),
        ];
        let plan = plan_import(&device, incoming);
        assert_eq!(plan.update, vec![sent_a]);
        assert_eq!(plan.add.len(), 1);
        assert_eq!(plan.add[0].updated_at, "2026-01-02T00:00:00Z");
        assert_eq!(plan.unchanged, 1, "b is at revision 2 on the device");
        let again = plan_import(&device, device.clone());
        assert_eq!(
            (again.add.len(), again.update.len(), again.unchanged),
            (0, 0, 2)
        );
    }
}
