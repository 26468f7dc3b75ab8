//! Words the published forms hold that the dashboard shows: choice texts (systems, tools,
//! districts, sectors) in Vietnamese and English.

use std::collections::HashMap;

use pq_core::indicators::{ENTERPRISE_FORM, HOSPITAL_FORM, SCHOOL_FORM};
use serde_json::Value;

use super::words::Lang;
use crate::ServerError;
use crate::storage::Database;

/// One choice of a question: its value and its text in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub vi: String,
    pub en: String,
}

impl Choice {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// Choice texts of the Plan-285 forms' newest published versions.
#[derive(Debug, Clone, Default)]
pub struct FormWords {
    /// Every choice (and matrix row) of the three forms, by value; the first form that
    /// names a value wins.
    names: HashMap<String, Choice>,
    /// Question titles, by question name.
    titles: HashMap<String, Choice>,
    /// The enterprise form's `district` choices.
    pub districts: Vec<Choice>,
    /// The enterprise form's `vsic_section` choices.
    pub sectors: Vec<Choice>,
}

impl FormWords {
    /// Reads the newest published version of each Plan-285 form (a form not published adds
    /// nothing).
    pub async fn load(database: &Database) -> Result<FormWords, ServerError> {
        let mut words = FormWords::default();
        for id in [ENTERPRISE_FORM, HOSPITAL_FORM, SCHOOL_FORM] {
            let Some(record) = database.latest_form(id).await? else {
                continue;
            };
            // A stored definition was valid JSON when published; one that no longer reads
            // only loses its words.
            if let Ok(definition) = serde_json::from_str::<Value>(&record.definition) {
                words.add(&definition, id == ENTERPRISE_FORM);
            }
        }
        Ok(words)
    }

    fn add(&mut self, definition: &Value, enterprise: bool) {
        let mut stack = vec![definition];
        while let Some(node) = stack.pop() {
            match node {
                Value::Object(map) => {
                    if let Some(choice) = texts_of(node, "value", "text") {
                        self.names.entry(choice.value.clone()).or_insert(choice);
                    }
                    if let Some(title) = texts_of(node, "name", "title") {
                        self.titles.entry(title.value.clone()).or_insert(title);
                    }
                    if enterprise {
                        let choices = || {
                            map.get("choices")
                                .and_then(Value::as_array)
                                .map(|items| {
                                    items
                                        .iter()
                                        .filter_map(|c| texts_of(c, "value", "text"))
                                        .collect()
                                })
                                .unwrap_or_default()
                        };
                        match map.get("name").and_then(Value::as_str) {
                            Some("district") => self.districts = choices(),
                            Some("vsic_section") => self.sectors = choices(),
                            _ => {}
                        }
                    }
                    stack.extend(map.values());
                }
                Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
    }

    /// The title of question `name`, if any.
    pub fn title(&self, name: &str, lang: Lang) -> Option<&str> {
        self.titles.get(name).map(|c| c.text(lang))
    }

    /// The text the forms give `value`, if any.
    pub fn name(&self, value: &str, lang: Lang) -> Option<&str> {
        self.names.get(value).map(|c| c.text(lang))
    }
}

/// `{"value": "iso_9001", "text": …}` (or `{"name": …, "title": …}`) as a value and its
/// texts; the text may be one string or `{"default": vi, "en": en}`.
fn texts_of(node: &Value, key: &str, text: &str) -> Option<Choice> {
    let value = match node.get(key)? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let (vi, en) = match node.get(text)? {
        Value::String(s) => (s.clone(), s.clone()),
        Value::Object(texts) => {
            let text = |key: &str| texts.get(key).and_then(Value::as_str).map(str::to_owned);
            let vi = text("default").or_else(|| text("vi"))?;
            let en = text("en").unwrap_or_else(|| vi.clone());
            (vi, en)
        }
        _ => return None,
    };
    Some(Choice { value, vi, en })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn choices_are_found_anywhere_in_a_definition() {
        let mut words = FormWords::default();
        words.add(
            &json!({"pages": [{"elements": [
                {"type": "dropdown", "name": "district", "title": {"default": "Huyện", "en": "District"}, "choices": [
                    {"value": "yen_phong", "text": {"default": "Huyện Yên Phong", "en": "Yen Phong district"}}]},
                {"type": "matrixdropdown", "name": "tools", "rows": [
                    {"value": "five_s", "text": "5S"}]}
            ]}]}),
            true,
        );
        assert_eq!(words.name("five_s", Lang::En), Some("5S"));
        assert_eq!(words.name("yen_phong", Lang::Vi), Some("Huyện Yên Phong"));
        assert_eq!(words.districts.len(), 1);
        assert_eq!(words.districts[0].text(Lang::En), "Yen Phong district");
        assert!(words.sectors.is_empty());
        assert_eq!(words.name("nothing", Lang::Vi), None);
        assert_eq!(words.title("district", Lang::En), Some("District"));
    }
}
