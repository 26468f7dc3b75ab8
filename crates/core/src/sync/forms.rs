//! The published forms, as `GET /api/v1/forms` and `GET /api/v1/forms/{id}` give them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::form::{FormVersion, LocalizedText};

/// One entry of `GET /api/v1/forms`: the newest published version of a form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormSummary {
    pub id: String,
    /// The newest published version, as text.
    pub version: String,
    /// The form's title as written (text or `{"default": …, "vi": …, "en": …}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<LocalizedText>,
    /// The `ETag` `GET /api/v1/forms/{id}` answers with for this version (with its quotes).
    pub etag: String,
    /// When this version was published, RFC 3339.
    pub published_at: String,
}

/// The body of `GET /api/v1/forms`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FormList {
    pub forms: Vec<FormSummary>,
}

/// The body of `GET /api/v1/forms/{id}`: one published version with its definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedForm {
    pub id: String,
    pub version: String,
    /// The same as the response's `ETag` header.
    pub etag: String,
    pub published_at: String,
    /// The form definition (SurveyJS JSON with PQ Survey's `id` and `version`), as published.
    pub definition: Value,
}

/// A form version as the protocol writes it: `3` → `"3"`, `"2024-06"` → `"2024-06"`.
pub fn version_text(version: &FormVersion) -> String {
    version.to_string()
}

/// True when an `If-None-Match` header value names `etag` (or is `*`): the client's copy is
/// current and the answer is `304 Not Modified`. Weak validators (`W/"…"`) compare by their
/// opaque tag, as RFC 9110 says for `If-None-Match`.
pub fn etag_matches(if_none_match: &str, etag: &str) -> bool {
    let strip = |tag: &str| {
        let tag = tag.trim();
        tag.strip_prefix("W/").unwrap_or(tag).to_owned()
    };
    let wanted = strip(etag);
    if_none_match
        .split(',')
        .map(str::trim)
        .any(|candidate| candidate == "*" || strip(candidate) == wanted)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn if_none_match_lists_weak_tags_and_stars() {
        let etag = "\"3f9a0c12e4b5d6a7\"";
        assert!(etag_matches("\"3f9a0c12e4b5d6a7\"", etag));
        assert!(etag_matches("W/\"3f9a0c12e4b5d6a7\"", etag));
        assert!(etag_matches("\"aaaa\", \"3f9a0c12e4b5d6a7\"", etag));
        assert!(etag_matches("*", etag));
        assert!(!etag_matches("\"aaaa\"", etag));
        assert!(
            !etag_matches("3f9a0c12e4b5d6a7", etag),
            "quotes are part of the tag"
        );
        assert!(!etag_matches("", etag));
    }

    #[test]
    fn versions_as_text() {
        assert_eq!(version_text(&FormVersion::Number(3)), "3");
        assert_eq!(
            version_text(&FormVersion::Text("2024-06".into())),
            "2024-06"
        );
    }

    #[test]
    fn list_entries_serialise_as_documented() {
        let list = FormList {
            forms: vec![FormSummary {
                id: "enterprise".into(),
                version: "3".into(),
                title: Some(LocalizedText::Translations(vec![
                    ("default".into(), "Phiếu khảo sát doanh nghiệp".into()),
                    ("en".into(), "Enterprise survey".into()),
                ])),
                etag: "\"3f9a0c12\"".into(),
                published_at: "2025-06-01T08:00:00Z".into(),
            }],
        };
        let value = serde_json::to_value(&list).unwrap();
        assert_eq!(
            value,
            json!({"forms": [{
                "id": "enterprise",
                "version": "3",
                "title": {"default": "Phiếu khảo sát doanh nghiệp", "en": "Enterprise survey"},
                "etag": "\"3f9a0c12\"",
                "published_at": "2025-06-01T08:00:00Z"
            }]})
        );
        assert_eq!(serde_json::from_value::<FormList>(value).unwrap(), list);
        let untitled: FormSummary = serde_json::from_value(json!({
            "id": "x", "version": "1", "etag": "\"a\"", "published_at": "2025-06-01T08:00:00Z"
        }))
        .unwrap();
        assert_eq!(untitled.title, None);
    }
}
