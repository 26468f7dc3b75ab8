//! Validators: SurveyJS's `validators` array on questions, matrix columns and multiple-text
//! items.
//!
//! ```json
//! "validators": [
//!   { "type": "numeric", "minValue": 0, "maxValue": 120, "text": "Age must be 0–120" },
//!   { "type": "expression", "expression": "{age} >= {children_count}" }
//! ]
//! ```
//!
//! The `type` may also be written with SurveyJS's class suffix (`"numericvalidator"`); it is
//! written back as it was read. Unknown validator types are kept as written, with a warning.

use serde_json::{Map, Number, Value};

use super::load::{Cx, Obj, json_kind};
use super::localized::LocalizedText;
use super::shape::{Out, SourceShape};

/// One validator.
#[derive(Clone, Debug, PartialEq)]
pub struct Validator {
    /// What it checks.
    pub kind: ValidatorKind,
    /// The error message shown when the check fails (SurveyJS's `text`); a default message is
    /// used when absent.
    pub text: Option<LocalizedText>,
    /// `notificationType`: `"error"` (default) blocks completion; `"warning"` and `"info"`
    /// only tell the respondent.
    pub notification_type: Option<String>,
    /// Properties not modelled here, kept as written.
    pub extra: Map<String, Value>,
    /// How the validator was spelled in the source.
    pub shape: SourceShape,
}

/// The checks SurveyJS's built-in validators make.
#[derive(Clone, Debug, PartialEq)]
pub enum ValidatorKind {
    /// `numeric`: the value is a number within the bounds given.
    Numeric {
        /// `minValue`.
        min_value: Option<Number>,
        /// `maxValue`.
        max_value: Option<Number>,
    },
    /// `text`: length bounds in characters (0 means unbounded), optionally no digits.
    Text {
        /// `minLength` (SurveyJS default 0).
        min_length: Option<Number>,
        /// `maxLength` (SurveyJS default 0: unbounded).
        max_length: Option<Number>,
        /// `allowDigits` (SurveyJS default `true`).
        allow_digits: Option<bool>,
    },
    /// `regex`: the value (each value, for arrays) matches a regular expression.
    Regex {
        /// `regex`, in JavaScript syntax.
        regex: Option<String>,
        /// `caseInsensitive` (legacy name `insensitive`).
        case_insensitive: Option<bool>,
    },
    /// `email`: the value looks like an e-mail address.
    Email,
    /// `expression`: a condition that must hold.
    Expression {
        /// The condition.
        expression: Option<String>,
    },
    /// `answercount`: the number of selected answers is within bounds.
    AnswerCount {
        /// `minCount`.
        min_count: Option<Number>,
        /// `maxCount`.
        max_count: Option<Number>,
    },
    /// A type PQ Survey does not know; its properties are all in `extra`.
    Unknown {
        /// The `type` as written.
        type_name: String,
    },
}

impl ValidatorKind {
    /// SurveyJS's short type name (`"numeric"`, `"text"`…).
    pub fn type_name(&self) -> &str {
        match self {
            Self::Numeric { .. } => "numeric",
            Self::Text { .. } => "text",
            Self::Regex { .. } => "regex",
            Self::Email => "email",
            Self::Expression { .. } => "expression",
            Self::AnswerCount { .. } => "answercount",
            Self::Unknown { type_name } => type_name,
        }
    }
}

impl Validator {
    /// Whether a failed check blocks completion (`notificationType` other than warning/info).
    pub fn blocks(&self) -> bool {
        !matches!(self.notification_type.as_deref(), Some("warning" | "info"))
    }

    /// A validator with no custom message.
    pub fn new(kind: ValidatorKind) -> Self {
        Self {
            kind,
            text: None,
            notification_type: None,
            extra: Map::new(),
            shape: SourceShape::default(),
        }
    }

    /// Reads one validator; `None` (with an error reported) when it is malformed.
    pub(crate) fn read(value: Value, path: String, cx: &mut Cx) -> Option<Self> {
        let Value::Object(map) = value else {
            let message = format!(
                "expected a validator (an object), found {}",
                json_kind(&value)
            );
            cx.error(path, message);
            return None;
        };
        let type_name = match map.get("type") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                let message = format!(
                    "validator 'type' must be a string, found {}",
                    json_kind(other)
                );
                cx.error(super::load::join(&path, "type"), message);
                return None;
            }
            None => {
                cx.error(path, "validator has no 'type'");
                return None;
            }
        };
        let mut obj = Obj::new(map, path);
        obj.discard("type");
        let lower = type_name.to_ascii_lowercase();
        let base = lower.strip_suffix("validator").unwrap_or(&lower);
        let kind = match base {
            "numeric" => ValidatorKind::Numeric {
                min_value: obj.number(cx, "minValue"),
                max_value: obj.number(cx, "maxValue"),
            },
            "text" => ValidatorKind::Text {
                min_length: obj.number(cx, "minLength"),
                max_length: obj.number(cx, "maxLength"),
                allow_digits: obj.bool(cx, "allowDigits"),
            },
            "regex" => ValidatorKind::Regex {
                regex: obj.string(cx, "regex"),
                case_insensitive: obj.bool_alias(cx, "caseInsensitive", Some("insensitive")),
            },
            "email" => ValidatorKind::Email,
            "expression" => ValidatorKind::Expression {
                expression: obj.string(cx, "expression"),
            },
            "answercount" => ValidatorKind::AnswerCount {
                min_count: obj.number(cx, "minCount"),
                max_count: obj.number(cx, "maxCount"),
            },
            _ => {
                let message = format!("unknown validator type '{type_name}' (kept)");
                cx.warn(obj.path().to_owned(), message);
                let (extra, shape) = obj.finish_quietly();
                return Some(Self {
                    kind: ValidatorKind::Unknown { type_name },
                    text: None,
                    notification_type: None,
                    extra,
                    shape,
                });
            }
        };
        let text = obj.text(cx, "text");
        let notification_type = obj.string(cx, "notificationType");
        let (extra, mut shape) = obj.finish(cx, &[]);
        if type_name != kind.type_name() {
            shape.type_spelling = Some(type_name);
        }
        Some(Self {
            kind,
            text,
            notification_type,
            extra,
            shape,
        })
    }

    /// The JSON form.
    pub fn to_json(&self) -> Value {
        let mut out = Out::new(&self.shape);
        let type_name = self
            .shape
            .type_spelling
            .as_deref()
            .unwrap_or(self.kind.type_name());
        out.put("type", Value::String(type_name.to_owned()));
        match &self.kind {
            ValidatorKind::Numeric {
                min_value,
                max_value,
            } => {
                out.number("minValue", min_value);
                out.number("maxValue", max_value);
            }
            ValidatorKind::Text {
                min_length,
                max_length,
                allow_digits,
            } => {
                out.number("minLength", min_length);
                out.number("maxLength", max_length);
                out.bool("allowDigits", *allow_digits);
            }
            ValidatorKind::Regex {
                regex,
                case_insensitive,
            } => {
                out.string("regex", regex);
                out.bool("caseInsensitive", *case_insensitive);
            }
            ValidatorKind::Email | ValidatorKind::Unknown { .. } => {}
            ValidatorKind::Expression { expression } => out.string("expression", expression),
            ValidatorKind::AnswerCount {
                min_count,
                max_count,
            } => {
                out.number("minCount", min_count);
                out.number("maxCount", max_count);
            }
        }
        out.text("text", &self.text);
        out.string("notificationType", &self.notification_type);
        Value::Object(out.finish(&self.extra))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: Value) -> (Option<Validator>, Cx) {
        let mut cx = Cx::new();
        let r = Validator::read(v, "validators[0]".into(), &mut cx);
        (r, cx)
    }

    #[test]
    fn each_validator_type_loads_and_round_trips() {
        let cases = [
            json!({"type": "numeric", "minValue": 0, "maxValue": 120, "text": "0–120"}),
            json!({"type": "text", "minLength": 2, "maxLength": 10, "allowDigits": false}),
            json!({"type": "regex", "regex": "^[0-9]{9}$", "text": {"default": "9 digits", "vi": "9 chữ số"}}),
            json!({"type": "email"}),
            json!({"type": "expression", "expression": "{a} > {b}"}),
            json!({"type": "answercount", "minCount": 1, "maxCount": 3}),
            json!({"type": "numericvalidator", "minValue": 1}),
            json!({"type": "regex", "regex": "a", "insensitive": true}),
            json!({"type": "expression", "expression": "{a} < 2 * {b}", "notificationType": "warning"}),
        ];
        for v in cases {
            let (r, cx) = read(v.clone());
            assert!(
                cx.errors.is_empty() && cx.warnings.is_empty(),
                "{v}: {:?}",
                cx.warnings
            );
            assert_eq!(r.unwrap().to_json(), v);
        }
    }

    #[test]
    fn typed_fields_are_filled() {
        let r = read(json!({"type": "NumericValidator", "minValue": 5}))
            .0
            .unwrap();
        assert_eq!(
            r.kind,
            ValidatorKind::Numeric {
                min_value: Some(5.into()),
                max_value: None
            }
        );
        let r = read(json!({"type": "regex", "insensitive": true}))
            .0
            .unwrap();
        assert!(matches!(
            r.kind,
            ValidatorKind::Regex {
                case_insensitive: Some(true),
                ..
            }
        ));
    }

    #[test]
    fn unknown_type_is_kept_with_one_warning() {
        let v = json!({"type": "remote", "url": "https://x", "text": "bad"});
        let (r, cx) = read(v.clone());
        assert_eq!(cx.warnings.len(), 1);
        assert_eq!(
            cx.warnings[0].message,
            "unknown validator type 'remote' (kept)"
        );
        assert_eq!(r.unwrap().to_json(), v);
    }

    #[test]
    fn malformed_validators_are_errors() {
        for v in [json!("numeric"), json!({"minValue": 1}), json!({"type": 1})] {
            let (r, cx) = read(v);
            assert!(r.is_none());
            assert_eq!(cx.errors.len(), 1);
        }
        let (_, cx) = read(json!({"type": "numeric", "minValue": "1"}));
        assert_eq!(cx.errors[0].path, "validators[0].minValue");
    }
}
