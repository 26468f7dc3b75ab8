//! Localizable strings: SurveyJS's `LocalizableString` as it appears in JSON.
//!
//! In SurveyJS JSON every text a person reads (titles, descriptions, choice texts, error
//! messages…) may be written either as a plain string or as an object of translations keyed by
//! locale, where the key `"default"` holds the text for the survey's default language:
//!
//! ```json
//! "title": "Household size"
//! "title": { "default": "Household size", "vi": "Số người trong hộ" }
//! ```
//!
//! [`LocalizedText`] keeps whichever shape it was read from, so it serialises back unchanged.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// The locale key SurveyJS uses for the text of the survey's default language.
pub const DEFAULT_LOCALE: &str = "default";

/// A text that may carry translations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocalizedText {
    /// Written as a plain JSON string: the same text in every locale.
    Plain(String),
    /// Written as an object of translations, in the order they were written.
    /// Keys are locale codes (`"en"`, `"vi"`, `"pt-br"`) or [`DEFAULT_LOCALE`].
    Translations(Vec<(String, String)>),
}

impl LocalizedText {
    /// A plain text (serialised as a JSON string).
    pub fn new(text: impl Into<String>) -> Self {
        Self::Plain(text.into())
    }

    /// The text to show for `locale`.
    ///
    /// Falls back, skipping empty translations: the exact locale (case-insensitive) → its root
    /// language (`"pt-br"` → `"pt"`, as SurveyJS does) → `"default"` → `"en"` → the first
    /// translation written → `""`. An empty `locale` asks for the default text.
    pub fn get(&self, locale: &str) -> &str {
        match self {
            Self::Plain(text) => text,
            Self::Translations(entries) => {
                let find = |key: &str| {
                    entries
                        .iter()
                        .find(|(k, v)| !v.is_empty() && k.eq_ignore_ascii_case(key))
                        .map(|(_, v)| v.as_str())
                };
                let root = locale.split_once('-').map(|(root, _)| root);
                (!locale.is_empty())
                    .then(|| find(locale))
                    .flatten()
                    .or_else(|| root.and_then(find))
                    .or_else(|| find(DEFAULT_LOCALE))
                    .or_else(|| find("en"))
                    .or_else(|| {
                        entries
                            .iter()
                            .find(|(_, v)| !v.is_empty())
                            .map(|(_, v)| v.as_str())
                    })
                    .unwrap_or("")
            }
        }
    }

    /// The text for the default language (same as `get("")`).
    pub fn default_text(&self) -> &str {
        self.get("")
    }

    /// The translation written for exactly `locale` (no fallback). A plain text answers for
    /// [`DEFAULT_LOCALE`] only.
    pub fn translation(&self, locale: &str) -> Option<&str> {
        match self {
            Self::Plain(text) => (locale == DEFAULT_LOCALE).then_some(text.as_str()),
            Self::Translations(entries) => entries
                .iter()
                .find(|(k, _)| k == locale)
                .map(|(_, v)| v.as_str()),
        }
    }

    /// The locale keys present, in written order (`["default"]` for a plain text).
    pub fn locales(&self) -> Vec<&str> {
        match self {
            Self::Plain(_) => vec![DEFAULT_LOCALE],
            Self::Translations(entries) => entries.iter().map(|(k, _)| k.as_str()).collect(),
        }
    }

    /// Sets the text for `locale`. Setting [`DEFAULT_LOCALE`] on a plain text keeps it plain;
    /// any other locale turns it into a translation object (the plain text becoming `"default"`).
    pub fn set(&mut self, locale: &str, text: impl Into<String>) {
        let text = text.into();
        match self {
            Self::Plain(current) if locale == DEFAULT_LOCALE => *current = text,
            Self::Plain(current) => {
                let default = std::mem::take(current);
                *self = Self::Translations(vec![
                    (DEFAULT_LOCALE.to_owned(), default),
                    (locale.to_owned(), text),
                ]);
            }
            Self::Translations(entries) => match entries.iter_mut().find(|(k, _)| k == locale) {
                Some(entry) => entry.1 = text,
                None => entries.push((locale.to_owned(), text)),
            },
        }
    }

    /// True when no locale has any text.
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Plain(text) => text.is_empty(),
            Self::Translations(entries) => entries.iter().all(|(_, v)| v.is_empty()),
        }
    }

    /// The JSON form, in the shape it was read from.
    pub fn to_json(&self) -> Value {
        match self {
            Self::Plain(text) => Value::String(text.clone()),
            Self::Translations(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect(),
            ),
        }
    }

    /// Reads a localizable string from JSON; the error says what is wrong (without a path).
    pub fn from_json(value: &Value) -> Result<Self, String> {
        match value {
            Value::String(text) => Ok(Self::Plain(text.clone())),
            Value::Object(map) => Self::from_map(map),
            other => Err(format!(
                "expected a text (a string or an object of translations), found {}",
                super::load::json_kind(other)
            )),
        }
    }

    fn from_map(map: &Map<String, Value>) -> Result<Self, String> {
        map.iter()
            .map(|(locale, text)| match text {
                Value::String(text) => Ok((locale.clone(), text.clone())),
                other => Err(format!(
                    "translation '{locale}' must be a string, found {}",
                    super::load::json_kind(other)
                )),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self::Translations)
    }
}

impl Default for LocalizedText {
    fn default() -> Self {
        Self::Plain(String::new())
    }
}

impl From<&str> for LocalizedText {
    fn from(text: &str) -> Self {
        Self::Plain(text.to_owned())
    }
}

impl From<String> for LocalizedText {
    fn from(text: String) -> Self {
        Self::Plain(text)
    }
}

impl std::fmt::Display for LocalizedText {
    /// Shows the default text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.default_text())
    }
}

impl Serialize for LocalizedText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for LocalizedText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Self::from_json(&value).map_err(D::Error::custom)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: Value) -> LocalizedText {
        LocalizedText::from_json(&v).unwrap()
    }

    #[test]
    fn plain_string_answers_every_locale() {
        let t = read(json!("Hello"));
        assert_eq!(t.get("vi"), "Hello");
        assert_eq!(t.get(""), "Hello");
        assert_eq!(t.to_json(), json!("Hello"));
    }

    #[test]
    fn fallback_order_exact_root_default_en_first() {
        let t = read(json!({"fr": "Bonjour", "en": "Hello", "default": "Hi", "pt": "Olá"}));
        assert_eq!(t.get("fr"), "Bonjour");
        assert_eq!(t.get("FR"), "Bonjour");
        assert_eq!(t.get("pt-br"), "Olá");
        assert_eq!(t.get("vi"), "Hi");
        assert_eq!(t.get(""), "Hi");

        let no_default = read(json!({"fr": "Bonjour", "en": "Hello"}));
        assert_eq!(no_default.get("vi"), "Hello");

        let only_other = read(json!({"fr": "Bonjour", "de": "Hallo"}));
        assert_eq!(only_other.get("vi"), "Bonjour");

        assert_eq!(read(json!({})).get("vi"), "");
    }

    #[test]
    fn empty_translations_are_skipped() {
        let t = read(json!({"vi": "", "default": "Hi"}));
        assert_eq!(t.get("vi"), "Hi");
    }

    #[test]
    fn object_shape_round_trips_in_order() {
        let v = json!({"vi": "Xin chào", "default": "Hello"});
        let t = read(v.clone());
        assert_eq!(t.to_json(), v);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"vi":"Xin chào","default":"Hello"}"#
        );
        assert_eq!(t.locales(), vec!["vi", "default"]);
    }

    #[test]
    fn rejects_bad_shapes() {
        assert!(LocalizedText::from_json(&json!(3)).is_err());
        assert!(LocalizedText::from_json(&json!({"vi": 3})).is_err());
        assert!(serde_json::from_value::<LocalizedText>(json!([1])).is_err());
        assert_eq!(
            serde_json::from_value::<LocalizedText>(json!("x")).unwrap(),
            "x".into()
        );
    }

    #[test]
    fn set_converts_plain_to_translations() {
        let mut t = LocalizedText::new("Hello");
        t.set(DEFAULT_LOCALE, "Hi");
        assert_eq!(t, LocalizedText::new("Hi"));
        t.set("vi", "Chào");
        assert_eq!(
            t.to_json(),
            serde_json::json!({"default": "Hi", "vi": "Chào"})
        );
        t.set("vi", "Xin chào");
        assert_eq!(t.translation("vi"), Some("Xin chào"));
        assert!(!t.is_empty());
        assert_eq!(t.to_string(), "Hi");
    }
}
