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
pub fn read_batch(body: &[u8]) -> Result<Vec<Value>, MalformedBatch> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| MalformedBatch::Syntax(e.to_string()))?;
    let Value::Object(mut map) = value else {
        return Err(MalformedBatch::NotAnObject(kind(&value)));
    };
    match map.remove("submissions") {
        None => Err(MalformedBatch::NoSubmissions),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(MalformedBatch::NotAList(kind(&other))),
    }
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
