//! Choice items: SurveyJS's `ItemValue`, used for `choices`, matrix `rows`/`columns` and
//! rating `rateValues`.
//!
//! SurveyJS accepts three spellings, all kept as written:
//!
//! ```json
//! "choices": [
//!   "yes",                                        // a bare value (string, number or boolean)
//!   "2|Two",                                      // value "2", text "Two" (the `|` shorthand)
//!   { "value": 3, "text": { "default": "Three", "vi": "Ba" }, "visibleIf": "{age} > 18" },
//!   { "text": "Maybe" }                           // value taken from the text
//! ]
//! ```

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::load::{Cx, Obj, Severity, check_unique, json_kind};
use super::localized::LocalizedText;
use super::shape::{Out, SourceShape};

/// SurveyJS's separator between value and text in a bare string choice (`"1|One"`).
pub const VALUE_TEXT_SEPARATOR: char = '|';

/// One choice item.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// The answer value stored when this item is picked: a string, number or boolean.
    pub value: Value,
    /// Shown text; when absent (or empty) the value is shown.
    pub text: Option<LocalizedText>,
    /// Condition for showing this item (`{item}` is the item's value).
    pub visible_if: Option<String>,
    /// Condition for this item being selectable.
    pub enable_if: Option<String>,
    /// Properties not modelled here, kept as written.
    pub extra: Map<String, Value>,
    /// How the item was spelled in the source.
    pub shape: SourceShape,
}

impl Choice {
    /// A choice with just a value (serialised as a bare value).
    pub fn new(value: impl Into<Value>) -> Self {
        let shape = SourceShape {
            compact: true,
            ..SourceShape::default()
        };
        Self {
            value: value.into(),
            text: None,
            visible_if: None,
            enable_if: None,
            extra: Map::new(),
            shape,
        }
    }

    /// A choice with a value and a text (serialised as `{"value": …, "text": …}`).
    pub fn with_text(value: impl Into<Value>, text: impl Into<LocalizedText>) -> Self {
        Self {
            text: Some(text.into()),
            shape: SourceShape::default(),
            ..Self::new(value)
        }
    }

    /// The text to show in `locale`: the text if it has one for that locale (with the usual
    /// fallbacks), else the value.
    pub fn display_text(&self, locale: &str) -> Cow<'_, str> {
        match self.text.as_ref().map(|t| t.get(locale)) {
            Some(text) if !text.is_empty() => Cow::Borrowed(text),
            _ => value_as_text(&self.value),
        }
    }

    /// The picture of an `imagepicker` choice (`imageLink`) in `locale`, when it has one.
    pub fn image_link(&self, locale: &str) -> Option<String> {
        let link = LocalizedText::from_json(self.extra.get("imageLink")?).ok()?;
        Some(link.get(locale).to_owned()).filter(|l| !l.is_empty())
    }

    /// Reads one item; `None` (with an error reported) when it is malformed.
    pub(crate) fn read(value: Value, path: String, cx: &mut Cx) -> Option<Self> {
        match value {
            Value::String(s) => Some(Self::from_compact_string(s)),
            value @ (Value::Number(_) | Value::Bool(_)) => Some(Self::new(value)),
            Value::Object(map) => Self::read_object(map, path, cx),
            other => {
                let message = format!(
                    "a choice must be a value (string, number or boolean) or an object with \
                     'value', found {}",
                    json_kind(&other)
                );
                cx.error(path, message);
                None
            }
        }
    }

    fn from_compact_string(s: String) -> Self {
        match s.split_once(VALUE_TEXT_SEPARATOR) {
            Some((value, text)) => Self {
                text: Some(LocalizedText::new(text)),
                ..Self::new(Value::String(value.to_owned()))
            },
            None => Self::new(Value::String(s)),
        }
    }

    fn read_object(map: Map<String, Value>, path: String, cx: &mut Cx) -> Option<Self> {
        let only_text = map.len() == 1 && map.contains_key("text");
        let mut obj = Obj::new(map, path);
        let value = obj.take(cx, "value", None);
        let text = obj.text(cx, "text");
        let visible_if = obj.string(cx, "visibleIf");
        let enable_if = obj.string(cx, "enableIf");
        let value = match value {
            Some((value @ (Value::String(_) | Value::Number(_) | Value::Bool(_)), _)) => value,
            Some((other, value_path)) => {
                let message = format!(
                    "a choice value must be a string, number or boolean, found {}",
                    json_kind(&other)
                );
                cx.error(value_path, message);
                return None;
            }
            None => match (&text, only_text) {
                (Some(LocalizedText::Plain(text)), true) => {
                    obj.shape.value_from_text = true;
                    Value::String(text.clone())
                }
                _ => {
                    cx.error(obj.path().to_owned(), "a choice object needs a 'value'");
                    return None;
                }
            },
        };
        let (extra, shape) = obj.finish(cx, CHOICE_KNOWN);
        Some(Self {
            value,
            text,
            visible_if,
            enable_if,
            extra,
            shape,
        })
    }

    /// The JSON form, in the spelling it was read from when that still fits.
    pub fn to_json(&self) -> Value {
        let plain = self.shape.compact
            && self.visible_if.is_none()
            && self.enable_if.is_none()
            && self.extra.is_empty();
        if plain {
            match (&self.text, &self.value) {
                (None, value) => return value.clone(),
                (Some(LocalizedText::Plain(text)), Value::String(value))
                    if !value.contains(VALUE_TEXT_SEPARATOR) =>
                {
                    return Value::String(format!("{value}{VALUE_TEXT_SEPARATOR}{text}"));
                }
                _ => {}
            }
        }
        let mut out = Out::new(&self.shape);
        let text_only = self.shape.value_from_text
            && matches!((&self.text, &self.value), (Some(LocalizedText::Plain(t)), Value::String(v)) if t == v);
        if !text_only {
            out.put("value", self.value.clone());
        }
        out.text("text", &self.text);
        out.string("visibleIf", &self.visible_if);
        out.string("enableIf", &self.enable_if);
        Value::Object(out.finish(&self.extra))
    }
}

/// Item properties SurveyJS uses for presentation only (kept, not reported).
const CHOICE_KNOWN: &[&str] = &["imageLink", "icon"];

/// A value as a person would read it: strings as they are, numbers and booleans in JSON form.
pub fn value_as_text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(s) => Cow::Borrowed(s),
        Value::Null => Cow::Borrowed(""),
        other => Cow::Owned(other.to_string()),
    }
}

/// Reads an item list property and warns about repeated values.
pub(crate) fn read_choices(
    obj: &mut Obj,
    cx: &mut Cx,
    key: &'static str,
    what: &str,
) -> Vec<Choice> {
    let list_path = obj.at(key);
    let items = obj.list(cx, key, None, Choice::read);
    // Paths are only exact when no item was dropped; with a dropped item loading fails anyway.
    // Compared as text: SurveyJS treats `1` and `"1"` as the same value.
    check_unique(
        cx,
        items.iter().enumerate().map(|(i, c)| {
            (
                value_as_text(&c.value).into_owned(),
                format!("{list_path}[{i}]"),
            )
        }),
        what,
        Severity::Warning,
    );
    items
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: Value) -> (Option<Choice>, Cx) {
        let mut cx = Cx::new();
        let c = Choice::read(v, "choices[0]".into(), &mut cx);
        (c, cx)
    }

    #[test]
    fn bare_values_round_trip() {
        for v in [
            json!("yes"),
            json!(3),
            json!(2.5),
            json!(true),
            json!("1|One"),
            json!("a|"),
        ] {
            let (c, cx) = read(v.clone());
            assert!(cx.errors.is_empty());
            assert_eq!(c.unwrap().to_json(), v);
        }
    }

    #[test]
    fn separator_splits_value_and_text() {
        let c = read(json!("1|One")).0.unwrap();
        assert_eq!(c.value, json!("1"));
        assert_eq!(c.display_text("vi"), "One");
    }

    #[test]
    fn object_with_locales_and_condition() {
        let v =
            json!({"value": 3, "text": {"default": "Three", "vi": "Ba"}, "visibleIf": "{a} > 1"});
        let c = read(v.clone()).0.unwrap();
        assert_eq!(c.value, json!(3));
        assert_eq!(c.display_text("vi"), "Ba");
        assert_eq!(c.visible_if.as_deref(), Some("{a} > 1"));
        assert_eq!(c.to_json(), v);
    }

    #[test]
    fn text_only_object_takes_value_from_text() {
        let v = json!({"text": "Maybe"});
        let c = read(v.clone()).0.unwrap();
        assert_eq!(c.value, json!("Maybe"));
        assert_eq!(c.to_json(), v);
    }

    #[test]
    fn display_text_falls_back_to_value() {
        assert_eq!(Choice::new(7).display_text(""), "7");
        assert_eq!(Choice::with_text("a", "").display_text(""), "a");
        assert_eq!(
            Choice::with_text("a", "Apple").to_json(),
            json!({"value": "a", "text": "Apple"})
        );
    }

    #[test]
    fn malformed_choices_are_errors() {
        for v in [
            json!(null),
            json!([1]),
            json!({"visibleIf": "true"}),
            json!({"value": [1]}),
        ] {
            let (c, cx) = read(v);
            assert!(c.is_none());
            assert_eq!(cx.errors.len(), 1, "{:?}", cx.errors);
        }
    }

    #[test]
    fn unknown_item_keys_are_kept_and_warned() {
        let v = json!({"value": 1, "score": 10});
        let (c, cx) = read(v.clone());
        assert_eq!(
            cx.warnings[0].to_string(),
            "choices[0]: unknown property 'score' (kept)"
        );
        assert_eq!(c.unwrap().to_json(), v);
    }
}
