//! The server's answers: one result per submission, and the body of every error response.

use serde::{Deserialize, Serialize};

use super::messages::Problem;
use crate::validation::{Level, ValidationError};

/// What the server did with one submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Stored: the first revision the server has of this id.
    Accepted,
    /// Already stored exactly so (same id, revision and content): nothing written.
    Duplicate,
    /// Stored as a new revision of an id the server has; older revisions are kept.
    Revised,
    /// Same id and revision as a stored one with different content, or a revision older than
    /// the newest stored one: nothing written.
    Conflict,
    /// Not stored: the submission is malformed, its form or version is unknown, or its answers
    /// break the form's rules. `errors` says why.
    Rejected,
}

impl Status {
    /// True when the server now holds this submission as sent (`accepted`, `revised`,
    /// `duplicate`): the app may mark it sent. Only a result gives that certainty.
    pub fn is_stored(self) -> bool {
        matches!(self, Self::Accepted | Self::Revised | Self::Duplicate)
    }

    /// The protocol's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Duplicate => "duplicate",
            Self::Revised => "revised",
            Self::Conflict => "conflict",
            Self::Rejected => "rejected",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a submission was not stored (or, with `level: "warning"`, something to check).
///
/// The engine's validation errors name the answer (`path`, e.g. `certificates[0].expiry`) and
/// the element of the form (`element`, e.g. `pages[3].elements[0]`); problems with the
/// submission itself name its `field` (`form_version`, `revision`…) and leave `path` and
/// `element` empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemError {
    /// The submission's field the problem is in, for problems other than the answers'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Where the answer is in `answers`; empty when the problem is not about one answer.
    #[serde(default)]
    pub path: String,
    /// The element's JSON path in the form definition; empty when not about an element.
    #[serde(default)]
    pub element: String,
    /// What the respondent reads, in the submission's locale.
    pub message: String,
    /// `error` (the default, omitted) blocks; `warning` only asks to check.
    #[serde(default, skip_serializing_if = "Level::is_error")]
    pub level: Level,
}

impl ItemError {
    /// A problem with the submission, worded for `locale`.
    pub fn problem(problem: &Problem, locale: &str) -> Self {
        Self {
            field: problem.field().map(str::to_owned),
            path: String::new(),
            element: String::new(),
            message: problem.text(locale),
            level: Level::Error,
        }
    }
}

impl From<ValidationError> for ItemError {
    fn from(error: ValidationError) -> Self {
        Self {
            field: None,
            path: error.path,
            element: error.element,
            message: error.message,
            level: error.level,
        }
    }
}

/// The result for one submission of a batch, at the same position as the submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemResult {
    /// The submission's `id` as sent (lower-cased), or `null` when the item had no readable
    /// `id`: match results to submissions by position.
    pub id: Option<String>,
    pub status: Status,
    /// Empty unless `status` is `conflict` or `rejected`.
    #[serde(default)]
    pub errors: Vec<ItemError>,
}

impl ItemResult {
    /// A result without errors.
    pub fn new(id: impl Into<String>, status: Status) -> Self {
        Self {
            id: Some(id.into()),
            status,
            errors: Vec::new(),
        }
    }

    /// A `rejected` result.
    pub fn rejected(id: Option<String>, errors: Vec<ItemError>) -> Self {
        Self {
            id,
            status: Status::Rejected,
            errors,
        }
    }
}

/// The body of a `200` answer to `POST /api/v1/submissions`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BatchResponse {
    /// One result per submission, in the order they were sent.
    pub results: Vec<ItemResult>,
}

impl BatchResponse {
    /// How many results have `status`.
    pub fn count(&self, status: Status) -> usize {
        self.results.iter().filter(|r| r.status == status).count()
    }
}

/// The body of every API answer that is not a success: `{"error": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// What went wrong, for a person (English).
    pub error: String,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn statuses_are_lowercase_words_and_say_what_is_stored() {
        let all = [
            Status::Accepted,
            Status::Duplicate,
            Status::Revised,
            Status::Conflict,
            Status::Rejected,
        ];
        let words: Vec<String> = all
            .iter()
            .map(|s| {
                serde_json::to_value(s)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            words,
            ["accepted", "duplicate", "revised", "conflict", "rejected"]
        );
        let stored: Vec<bool> = all.iter().map(|s| s.is_stored()).collect();
        assert_eq!(stored, [true, true, true, false, false]);
        assert_eq!(Status::Revised.to_string(), "revised");
    }

    #[test]
    fn results_serialise_as_documented() {
        let validation = ValidationError {
            element_id: None,
            path: "employees".into(),
            element: "pages[0].elements[1]".into(),
            message: "Vui lòng trả lời câu hỏi này.".into(),
            level: Level::Error,
        };
        let response = BatchResponse {
            results: vec![
                ItemResult::new("0b5c6f3e-8d1a-4f2b-9c3d-5e6f7a8b9c0d", Status::Accepted),
                ItemResult::rejected(
                    Some("1b5c6f3e-8d1a-4f2b-9c3d-5e6f7a8b9c0d".into()),
                    vec![
                        validation.into(),
                        ItemError::problem(&Problem::Missing { field: "locale" }, "en"),
                    ],
                ),
                ItemResult::rejected(None, vec![ItemError::problem(&Problem::NotAnObject, "en")]),
            ],
        };
        let value = serde_json::to_value(&response).unwrap();
        assert_eq!(
            value,
            json!({"results": [
                {"id": "0b5c6f3e-8d1a-4f2b-9c3d-5e6f7a8b9c0d", "status": "accepted", "errors": []},
                {"id": "1b5c6f3e-8d1a-4f2b-9c3d-5e6f7a8b9c0d", "status": "rejected", "errors": [
                    {"path": "employees", "element": "pages[0].elements[1]",
                     "message": "Vui lòng trả lời câu hỏi này."},
                    {"field": "locale", "path": "", "element": "",
                     "message": "The field 'locale' is missing."}
                ]},
                {"id": null, "status": "rejected", "errors": [
                    {"path": "", "element": "", "message": "A submission must be a JSON object."}
                ]}
            ]})
        );
        let back: BatchResponse = serde_json::from_value(value).unwrap();
        assert_eq!(back, response);
        assert_eq!(back.count(Status::Rejected), 2);
    }

    #[test]
    fn warnings_keep_their_level() {
        let warning: ItemError = ValidationError {
            element_id: None,
            path: "wage".into(),
            element: "elements[2]".into(),
            message: "Please check.".into(),
            level: Level::Warning,
        }
        .into();
        assert_eq!(
            serde_json::to_value(&warning).unwrap()["level"],
            json!("warning")
        );
        let read: ItemError =
            serde_json::from_value(json!({"message": "x", "level": "warning"})).unwrap();
        assert_eq!(read.level, Level::Warning);
        assert!(read.path.is_empty() && read.field.is_none());
    }
}
