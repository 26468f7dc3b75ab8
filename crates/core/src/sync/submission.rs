//! One finished survey as the app sends it.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::messages::{Expected, Problem};
use super::result::ItemError;
use super::text::{is_timestamp, is_uuid};
use crate::validation::first_control_character;

/// Longest `form_id`, `form_version` and `device_id` accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest `locale` accepted, in characters.
pub const MAX_LOCALE_CHARS: usize = 35;

/// One submission: a respondent's answers to one version of one form.
///
/// The app makes `id` (a UUID) when the survey starts and keeps it for every revision; each
/// resend after an edit carries `revision` + 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    /// The client-made UUID, the same for every revision.
    pub id: String,
    /// The form's `id`.
    pub form_id: String,
    /// The form's `version`, as text (a whole-number version `3` is sent as `"3"`; a number is
    /// accepted too).
    #[serde(deserialize_with = "version_as_text")]
    pub form_version: String,
    /// 1 for the first submission; each resend after an edit adds one.
    pub revision: u32,
    /// The answers, keyed by question name, as the form stores them.
    pub answers: Map<String, Value>,
    /// The respondent's language (`vi`, `en`): the server's messages come in it.
    pub locale: String,
    /// When the respondent started, RFC 3339.
    pub started_at: String,
    /// When the answers were last changed, RFC 3339.
    pub updated_at: String,
    /// The device that sent it (an id the app makes once per installation).
    pub device_id: String,
}

fn version_as_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::String(text) => Ok(text),
        Value::Number(n) if n.is_u64() => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "form_version must be text or a whole number, found {other}"
        ))),
    }
}

impl Submission {
    /// Reads one item of a batch strictly, as the server does: every missing or mistyped
    /// field, then every value out of shape (`id` not a UUID, `revision` 0, timestamps not
    /// RFC 3339, empty or over-long texts), worded in the item's `locale` when it has one.
    /// Unknown fields are ignored. The `id` is lower-cased.
    pub fn read(item: &Value) -> Result<Submission, Vec<ItemError>> {
        let locale = item
            .get("locale")
            .and_then(Value::as_str)
            .unwrap_or("vi")
            .to_owned();
        let fail = |problems: Vec<Problem>| {
            problems
                .iter()
                .map(|p| ItemError::problem(p, &locale))
                .collect::<Vec<_>>()
        };
        let Value::Object(map) = item else {
            return Err(fail(vec![Problem::NotAnObject]));
        };
        let mut problems = Vec::new();
        let mut text = |field: &'static str| -> String {
            match map.get(field) {
                None | Some(Value::Null) => problems.push(Problem::Missing { field }),
                Some(Value::String(text)) => return text.clone(),
                Some(_) => problems.push(Problem::WrongType {
                    field,
                    expected: Expected::Text,
                }),
            }
            String::new()
        };
        let id = text("id").to_ascii_lowercase();
        let form_id = text("form_id");
        let locale_field = text("locale");
        let started_at = text("started_at");
        let updated_at = text("updated_at");
        let device_id = text("device_id");
        let form_version = match map.get("form_version") {
            None | Some(Value::Null) => {
                problems.push(Problem::Missing {
                    field: "form_version",
                });
                String::new()
            }
            Some(Value::String(text)) => text.clone(),
            Some(Value::Number(n)) if n.is_u64() => n.to_string(),
            Some(_) => {
                problems.push(Problem::WrongType {
                    field: "form_version",
                    expected: Expected::Version,
                });
                String::new()
            }
        };
        let revision = match map.get("revision") {
            None | Some(Value::Null) => {
                problems.push(Problem::Missing { field: "revision" });
                0
            }
            Some(value) => match value.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(n) if n >= 1 => n,
                _ => {
                    problems.push(Problem::WrongType {
                        field: "revision",
                        expected: Expected::Revision,
                    });
                    0
                }
            },
        };
        let answers = match map.get("answers") {
            None | Some(Value::Null) => {
                problems.push(Problem::Missing { field: "answers" });
                Map::new()
            }
            Some(Value::Object(answers)) => answers.clone(),
            Some(_) => {
                problems.push(Problem::WrongType {
                    field: "answers",
                    expected: Expected::Object,
                });
                Map::new()
            }
        };
        if !problems.is_empty() {
            return Err(fail(problems));
        }
        let submission = Submission {
            id,
            form_id,
            form_version,
            revision,
            answers,
            locale: locale_field,
            started_at,
            updated_at,
            device_id,
        };
        match submission.problems() {
            problems if problems.is_empty() => Ok(submission),
            problems => Err(fail(problems)),
        }
    }

    /// What is out of shape in a typed submission (empty when it is fine to send): the checks
    /// of [`Submission::read`] after the types. The app can run it before sending.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if !is_uuid(&self.id) {
            problems.push(Problem::NotUuid);
        }
        let mut name = |field: &'static str, value: &str, max: usize| {
            if value.trim().is_empty() {
                problems.push(Problem::Empty { field });
            } else if value.chars().count() > max {
                problems.push(Problem::TooLong { field, max });
            } else if let Some(c) = first_control_character(value) {
                problems.push(Problem::ControlCharacter {
                    field,
                    code: format!("U+{:04X}", u32::from(c)),
                });
            }
        };
        name("form_id", &self.form_id, MAX_NAME_CHARS);
        name("form_version", &self.form_version, MAX_NAME_CHARS);
        name("locale", &self.locale, MAX_LOCALE_CHARS);
        name("device_id", &self.device_id, MAX_NAME_CHARS);
        if self.revision == 0 {
            problems.push(Problem::WrongType {
                field: "revision",
                expected: Expected::Revision,
            });
        }
        for (field, value) in [
            ("started_at", &self.started_at),
            ("updated_at", &self.updated_at),
        ] {
            if !is_timestamp(value) {
                problems.push(Problem::NotTimestamp { field });
            }
        }
        problems
    }

    /// True when `other` is the same submission, revision and content: every field equal
    /// (answers compared as JSON values, whatever their key order; ids whatever their case).
    pub fn same_content(&self, other: &Submission) -> bool {
        self.id.eq_ignore_ascii_case(&other.id)
            && self.form_id == other.form_id
            && self.form_version == other.form_version
            && self.revision == other.revision
            && self.answers == other.answers
            && self.locale == other.locale
            && self.started_at == other.started_at
            && self.updated_at == other.updated_at
            && self.device_id == other.device_id
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;

    pub(crate) fn sample() -> Value {
        json!({
            "id": "0B5C6F3E-8D1A-4F2B-9C3D-5E6F7A8B9C0D",
            "form_id": "enterprise",
            "form_version": 3,
            "revision": 1,
            "answers": {"tax_code": "2300325765", "enterprise_name": "Công ty Đồng Tiến"},
            "locale": "vi",
            "started_at": "2025-06-01T08:30:00Z",
            "updated_at": "2025-06-01T09:05:12.345+07:00",
            "device_id": "tablet-07",
            "client_note": "ignored"
        })
    }

    #[test]
    fn reads_a_good_submission_lowercasing_the_id_and_texting_the_version() {
        let submission = Submission::read(&sample()).unwrap();
        assert_eq!(submission.id, "0b5c6f3e-8d1a-4f2b-9c3d-5e6f7a8b9c0d");
        assert_eq!(submission.form_version, "3");
        assert_eq!(submission.answers["enterprise_name"], "Công ty Đồng Tiến");
        // Serialising writes the documented fields only, the version as text.
        let written = serde_json::to_value(&submission).unwrap();
        assert_eq!(written["form_version"], "3");
        assert!(written.get("client_note").is_none());
        let back: Submission = serde_json::from_value(written).unwrap();
        assert_eq!(back, submission);
    }

    #[test]
    fn serde_accepts_a_number_version_and_refuses_others() {
        let mut item = sample();
        let read: Submission = serde_json::from_value(item.clone()).unwrap();
        assert_eq!(read.form_version, "3");
        item["form_version"] = json!(-1);
        assert!(serde_json::from_value::<Submission>(item).is_err());
    }

    #[test]
    fn names_every_missing_and_mistyped_field_in_the_items_language() {
        let item = json!({"id": 5, "revision": "2", "answers": [], "locale": "en"});
        let errors = Submission::read(&item).unwrap_err();
        let fields: Vec<&str> = errors.iter().filter_map(|e| e.field.as_deref()).collect();
        assert_eq!(
            fields,
            [
                "id",
                "form_id",
                "started_at",
                "updated_at",
                "device_id",
                "form_version",
                "revision",
                "answers"
            ]
        );
        assert_eq!(errors[0].message, "The field 'id' must be text.");
        assert_eq!(errors[1].message, "The field 'form_id' is missing.");
        assert_eq!(
            errors[6].message,
            "The field 'revision' must be a whole number from 1 to 4294967295."
        );
        let vietnamese = Submission::read(&json!({})).unwrap_err();
        assert_eq!(vietnamese[0].message, "Thiếu trường 'id'.");
        let not_object = Submission::read(&json!([1])).unwrap_err();
        assert_eq!(not_object.len(), 1);
        assert_eq!(not_object[0].field, None);
    }

    #[test]
    fn checks_shapes_after_types() {
        let mut item = sample();
        item["id"] = json!("42");
        item["revision"] = json!(0);
        item["started_at"] = json!("2025-06-01");
        item["device_id"] = json!("  ");
        item["form_id"] = json!("x".repeat(201));
        item["locale"] = json!("en");
        let errors = Submission::read(&item).unwrap_err();
        let fields: Vec<&str> = errors.iter().filter_map(|e| e.field.as_deref()).collect();
        // revision 0 is caught with the types, so the shapes are not looked at yet.
        assert_eq!(fields, ["revision"]);
        item["revision"] = json!(1);
        let errors = Submission::read(&item).unwrap_err();
        let fields: Vec<&str> = errors.iter().filter_map(|e| e.field.as_deref()).collect();
        assert_eq!(fields, ["id", "form_id", "device_id", "started_at"]);
        assert_eq!(
            errors[1].message,
            "The field 'form_id' is longer than 200 characters."
        );
    }

    #[test]
    fn control_characters_in_text_fields_are_refused() {
        let mut item = sample();
        item["device_id"] = json!("tablet\u{0}07");
        item["form_id"] = json!("enter\u{1b}prise");
        item["locale"] = json!("en");
        let errors = Submission::read(&item).unwrap_err();
        let fields: Vec<&str> = errors.iter().filter_map(|e| e.field.as_deref()).collect();
        assert_eq!(fields, ["form_id", "device_id"]);
        assert_eq!(
            errors[1].message,
            "The field 'device_id' holds the control character U+0000, which cannot be stored."
        );
    }

    #[test]
    fn same_content_ignores_key_order_and_id_case_but_nothing_else() {
        let a = Submission::read(&sample()).unwrap();
        let mut b = a.clone();
        b.id = b.id.to_ascii_uppercase();
        b.answers = a
            .answers
            .iter()
            .rev()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        assert!(a.same_content(&b));
        let mut c = a.clone();
        c.answers.insert("employees".into(), json!(12));
        assert!(!a.same_content(&c));
        let mut d = a.clone();
        d.updated_at = "2025-06-01T09:05:13Z".into();
        assert!(!a.same_content(&d));
        let mut e = a.clone();
        e.answers
            .insert("tax_code".into(), json!(2_300_325_765_u64));
        assert!(
            !a.same_content(&e),
            "a number is not the same answer as text"
        );
    }
}
