//! The body of `POST /api/v1/submissions`: `{"submissions": [...]}`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::submission::Submission;

/// What the app sends.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BatchRequest {
    pub submissions: Vec<Submission>,
}

/// Why a request body is not a batch at all (the server answers `400` with this message).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MalformedBatch {
    #[error("the request body is not valid JSON: {0}")]
    Syntax(String),
    #[error("the request body must be a JSON object {{\"submissions\": [...]}}, not {0}")]
    NotAnObject(&'static str),
    #[error("the request body has no \"submissions\" list")]
    NoSubmissions,
    #[error("\"submissions\" must be a list of submissions, not {0}")]
    NotAList(&'static str),
}

/// Splits a request body into its items, untouched: each is then read on its own, so one
/// malformed submission is rejected alone instead of failing the whole batch. Other keys of
/// the body are ignored.
///
/// An escaped unpaired UTF-16 surrogate (`"\ud83d"`: half an emoji, which JavaScript's
/// `JSON.stringify` writes as such) has no place in UTF-8 text; it is read as U+FFFD, the
/// replacement character — what a browser does when it encodes such a string — so that one
/// item's broken character does not make the whole body unreadable.
pub fn read_batch(body: &[u8]) -> Result<Vec<Value>, MalformedBatch> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => replace_lone_surrogates(body)
            .and_then(|repaired| serde_json::from_slice(&repaired).ok())
            .ok_or_else(|| MalformedBatch::Syntax(error.to_string()))?,
    };
    let Value::Object(mut map) = value else {
        return Err(MalformedBatch::NotAnObject(kind(&value)));
    };
    match map.remove("submissions") {
        None => Err(MalformedBatch::NoSubmissions),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(MalformedBatch::NotAList(kind(&other))),
    }
}

/// `json` with every `\uXXXX` escape of an unpaired UTF-16 surrogate, inside strings,
/// replaced by `\ufffd`; `None` when it has none.
pub fn replace_lone_surrogates(json: &[u8]) -> Option<Vec<u8>> {
    const REPLACEMENT: &[u8] = b"\\ufffd";
    let mut out = Vec::with_capacity(json.len());
    let mut replaced = false;
    let mut in_string = false;
    let mut i = 0;
    while let Some(&byte) = json.get(i) {
        if !in_string || byte != b'\\' {
            if byte == b'"' {
                in_string = !in_string;
            }
            out.push(byte);
            i += 1;
            continue;
        }
        match escaped_unit(json, i) {
            Some(0xD800..=0xDBFF) => {
                if escaped_unit(json, i + 6).is_some_and(|next| (0xDC00..=0xDFFF).contains(&next)) {
                    out.extend_from_slice(&json[i..i + 12]);
                    i += 12;
                } else {
                    out.extend_from_slice(REPLACEMENT);
                    replaced = true;
                    i += 6;
                }
            }
            Some(0xDC00..=0xDFFF) => {
                out.extend_from_slice(REPLACEMENT);
                replaced = true;
                i += 6;
            }
            // Any other escape: the backslash and the escaped character, as they are.
            _ => {
                out.extend_from_slice(&json[i..json.len().min(i + 2)]);
                i += 2;
            }
        }
    }
    replaced.then_some(out)
}

/// The UTF-16 unit of the `\uXXXX` escape at `at`, if there is one.
fn escaped_unit(json: &[u8], at: usize) -> Option<u16> {
    if json.get(at..at + 2)? != b"\\u" {
        return None;
    }
    let hex = std::str::from_utf8(json.get(at + 2..at + 6)?).ok()?;
    u16::from_str_radix(hex, 16).ok()
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_batch_into_its_items() {
        let items = read_batch(br#"{"submissions": [{"id": 1}, 2], "client": "pq"}"#).unwrap();
        assert_eq!(items.len(), 2);
        assert!(read_batch(br#"{"submissions": []}"#).unwrap().is_empty());
    }

    #[test]
    fn unpaired_surrogates_are_read_as_the_replacement_character() {
        let body = br#"{"submissions": [{"name": "C\ud83d\ude00 ok"}, {"name": "half \ud83d", "b": "\udc00\\ud800\"", "c\ud800": 1}]}"#;
        assert!(serde_json::from_slice::<Value>(body).is_err());
        let items = read_batch(body).unwrap();
        assert_eq!(items[0]["name"], "C😀 ok");
        assert_eq!(items[1]["name"], "half \u{fffd}");
        // An escaped backslash before `ud800` is no escape; `\"` does not end the string.
        assert_eq!(items[1]["b"], "\u{fffd}\\ud800\"");
        assert_eq!(items[1]["c\u{fffd}"], 1);
        assert_eq!(replace_lone_surrogates(br#"{"a": "\ud83d\ude00"}"#), None);
        // Still not JSON: the first error is the one told.
        assert!(read_batch(br#"{"a": "\ud800"#).is_err());
    }

    #[test]
    fn says_what_is_wrong_with_a_body_that_is_no_batch() {
        let message = |body: &[u8]| read_batch(body).unwrap_err().to_string();
        assert_eq!(
            message(b"{\"submissions\": [\n{\"id\": 1,]}"),
            "the request body is not valid JSON: key must be a string at line 2 column 10"
        );
        assert_eq!(
            message(b"[]"),
            "the request body must be a JSON object {\"submissions\": [...]}, not a list"
        );
        assert_eq!(
            message(b"{\"items\": []}"),
            "the request body has no \"submissions\" list"
        );
        assert_eq!(
            message(b"{\"submissions\": {}}"),
            "\"submissions\" must be a list of submissions, not an object"
        );
        assert!(message(b"").starts_with("the request body is not valid JSON: EOF"));
    }

    #[test]
    fn the_request_type_writes_what_read_batch_reads() {
        let request = BatchRequest::default();
        let body = serde_json::to_vec(&request).unwrap();
        assert_eq!(body, br#"{"submissions":[]}"#);
        assert!(read_batch(&body).unwrap().is_empty());
    }
}
