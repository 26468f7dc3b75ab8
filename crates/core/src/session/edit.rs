//! Turning what a person did in a control into the new answer value.
//!
//! Controls hand over text and clicks; these functions build the JSON answer, so every
//! control of every element type stores the same shapes the engine and the server expect.

use serde_json::{Map, Value};

use crate::form::InputType;

/// The answer for text typed into an input of `input_type`: numbers become JSON numbers
/// (Vietnamese decimal comma accepted), blank text removes the answer, anything else stays
/// text (so a half-typed "12a" is kept and reported, never silently dropped).
pub fn typed_value(input_type: &InputType, text: &str) -> Value {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Value::Null;
    }
    if *input_type == InputType::Number {
        let normalised = if trimmed.contains(',') && !trimmed.contains('.') {
            trimmed.replace(',', ".")
        } else {
            trimmed.to_owned()
        };
        if let Some(number) = normalised
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
        {
            return match number.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 9e15 => Value::from(f as i64),
                _ => Value::Number(number),
            };
        }
    }
    Value::String(text.to_owned())
}

/// The text an input shows for an answer.
pub fn input_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// A checkbox answer after ticking (or unticking) `choice`. "None" stands alone: ticking it
/// unticks the others, ticking another unticks it.
pub fn toggle_choice(current: Option<&Value>, choice: &Value, ticked: bool) -> Value {
    let mut items: Vec<Value> = current
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    items.retain(|item| item != choice);
    if ticked {
        let none = Value::from(crate::validation::NONE);
        if *choice == none {
            items.clear();
        } else {
            items.retain(|item| *item != none);
        }
        items.push(choice.clone());
    }
    if items.is_empty() {
        Value::Null
    } else {
        Value::Array(items)
    }
}

/// An object answer (multiple text, one matrix row, a dynamic panel entry) with one field
/// changed; an empty field is removed.
pub fn set_field(current: Option<&Value>, field: &str, value: Value) -> Value {
    let mut fields: Map<String, Value> = current
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    if crate::expression::is_empty(&value) {
        fields.remove(field);
    } else {
        fields.insert(field.to_owned(), value);
    }
    Value::Object(fields)
}

/// A list answer (dynamic panel, dynamic matrix) with one field of entry `index` changed.
pub fn set_entry_field(current: Option<&Value>, index: usize, field: &str, value: Value) -> Value {
    let mut entries: Vec<Value> = current
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    while entries.len() <= index {
        entries.push(Value::Object(Map::new()));
    }
    entries[index] = set_field(entries.get(index), field, value);
    Value::Array(entries)
}

/// A matrix-dropdown answer with the cell at (`row`, `column`) changed.
pub fn set_cell(current: Option<&Value>, row: &str, column: &str, value: Value) -> Value {
    let row_value = current.and_then(|v| v.get(row)).cloned();
    let updated = set_field(row_value.as_ref(), column, value);
    set_field(current, row, updated)
}

/// A list answer with one more (empty) entry.
pub fn add_entry(current: Option<&Value>) -> Value {
    let mut entries: Vec<Value> = current
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    entries.push(Value::Object(Map::new()));
    Value::Array(entries)
}

/// A list answer without entry `index`.
pub fn remove_entry(current: Option<&Value>, index: usize) -> Value {
    let mut entries: Vec<Value> = current
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if index < entries.len() {
        entries.remove(index);
    }
    if entries.is_empty() {
        Value::Null
    } else {
        Value::Array(entries)
    }
}

/// How many entries a list answer shows: at least `minimum` (a form's `panelCount` or
/// `minPanelCount`), more when more were added.
pub fn entry_count(current: Option<&Value>, minimum: usize) -> usize {
    current
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
        .max(minimum)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn typed_numbers_and_text() {
        assert_eq!(typed_value(&InputType::Number, "12"), json!(12));
        assert_eq!(typed_value(&InputType::Number, " 3,5 "), json!(3.5));
        assert_eq!(typed_value(&InputType::Number, "1.25"), json!(1.25));
        assert_eq!(typed_value(&InputType::Number, "12a"), json!("12a"));
        assert_eq!(typed_value(&InputType::Number, "  "), Value::Null);
        assert_eq!(typed_value(&InputType::Text, "007"), json!("007"));
        assert_eq!(input_text(Some(&json!(12))), "12");
        assert_eq!(input_text(Some(&json!("Bắc Ninh"))), "Bắc Ninh");
        assert_eq!(input_text(None), "");
    }

    #[test]
    fn checkbox_toggles() {
        let one = toggle_choice(None, &json!("5S"), true);
        assert_eq!(one, json!(["5S"]));
        let two = toggle_choice(Some(&one), &json!("Lean"), true);
        assert_eq!(two, json!(["5S", "Lean"]));
        assert_eq!(
            toggle_choice(Some(&two), &json!("5S"), false),
            json!(["Lean"])
        );
        assert_eq!(
            toggle_choice(Some(&json!(["Lean"])), &json!("Lean"), false),
            Value::Null
        );
        // "None" excludes the others, and the others exclude it.
        assert_eq!(
            toggle_choice(Some(&two), &json!("none"), true),
            json!(["none"])
        );
        assert_eq!(
            toggle_choice(Some(&json!(["none"])), &json!("Lean"), true),
            json!(["Lean"])
        );
    }

    #[test]
    fn entries_cells_and_fields() {
        let panel = set_entry_field(None, 1, "standard", json!("ISO 9001"));
        assert_eq!(panel, json!([{}, {"standard": "ISO 9001"}]));
        let panel = set_entry_field(Some(&panel), 1, "standard", Value::Null);
        assert_eq!(panel, json!([{}, {}]));
        assert_eq!(add_entry(Some(&json!([{"a": 1}]))), json!([{"a": 1}, {}]));
        assert_eq!(
            remove_entry(Some(&json!([{"a": 1}, {"b": 2}])), 0),
            json!([{"b": 2}])
        );
        assert_eq!(remove_entry(Some(&json!([{"a": 1}])), 0), Value::Null);
        let matrix = set_cell(None, "5s", "status", json!("applying"));
        assert_eq!(matrix, json!({"5s": {"status": "applying"}}));
        let matrix = set_cell(Some(&matrix), "5s", "since", json!(2019));
        assert_eq!(matrix, json!({"5s": {"status": "applying", "since": 2019}}));
        assert_eq!(
            set_field(Some(&json!({"phone": "1"})), "phone", json!("")),
            json!({})
        );
        assert_eq!(entry_count(Some(&json!([{}])), 2), 2);
        assert_eq!(entry_count(Some(&json!([{}, {}, {}])), 1), 3);
    }
}
