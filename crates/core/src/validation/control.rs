//! Control characters in answers: a text answer holding NUL or another control character
//! (other than tab and a line break) cannot be stored by every database and breaks the files
//! made from it, so it is refused — by the app and the server alike, with the same words.
//!
//! Self-contained: it looks at the answers only, not at the form, so it runs on any
//! submission (and names the answer by its path, as the other validation errors do).

use serde_json::{Map, Value};

use super::{Level, ValidationError};
use crate::display::is_vietnamese;

/// True for a character a text answer may not hold: a Unicode control character (`Cc`,
/// NUL included) other than tab, line feed, and a carriage return directly before a line
/// feed (a Windows line break).
fn is_refused(c: char, next: Option<char>) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n') && !(c == '\r' && next == Some('\n'))
}

/// The first refused character of `text`, if any.
pub fn first_control_character(text: &str) -> Option<char> {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_refused(c, chars.peek().copied()) {
            return Some(c);
        }
    }
    None
}

/// One error per answer (text value, or key of an answer object) holding a refused control
/// character, in `locale`; `path` names the answer as the other validation errors do
/// (`products[0].product`), with the character itself written `U+0000`.
pub fn control_character_errors(
    answers: &Map<String, Value>,
    locale: &str,
) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    for (name, value) in answers {
        check(value, &readable(name), name, locale, &mut errors);
    }
    errors
}

fn check(value: &Value, path: &str, key: &str, locale: &str, errors: &mut Vec<ValidationError>) {
    if let Some(c) = first_control_character(key) {
        errors.push(error(path, c, locale));
        return;
    }
    match value {
        Value::String(text) => {
            if let Some(c) = first_control_character(text) {
                errors.push(error(path, c, locale));
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                check(item, &format!("{path}[{index}]"), "", locale, errors);
            }
        }
        Value::Object(entries) => {
            for (name, item) in entries {
                let inner = format!("{path}.{}", readable(name));
                check(item, &inner, name, locale, errors);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// `name` with its control characters written `U+XXXX`, fit to show in a path.
fn readable(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() {
                code_point(c)
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

fn error(path: &str, c: char, locale: &str) -> ValidationError {
    let code = code_point(c);
    let message = if is_vietnamese(locale) {
        format!(
            "Câu trả lời chứa ký tự điều khiển {code} (ký tự vô hình, thường do dán từ nơi \
             khác) nên không lưu được; hãy xóa ký tự đó rồi gửi lại."
        )
    } else {
        format!(
            "The answer holds the control character {code} (an invisible character, often \
             pasted from elsewhere), which cannot be stored; remove it and send again."
        )
    };
    ValidationError {
        path: path.to_owned(),
        element: String::new(),
        element_id: None,
        message,
        level: Level::Error,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;

    fn answers(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn tabs_and_line_breaks_are_text_other_control_characters_are_not() {
        assert_eq!(first_control_character("Gạch men\tNgói\nChum\r\nVại"), None);
        assert_eq!(first_control_character("abc\u{0}"), Some('\u{0}'));
        assert_eq!(first_control_character("a\rb"), Some('\r'));
        assert_eq!(first_control_character("a\r"), Some('\r'));
        assert_eq!(first_control_character("\u{1b}[31m"), Some('\u{1b}'));
        assert_eq!(first_control_character("x\u{7f}"), Some('\u{7f}'));
        assert_eq!(first_control_character("x\u{85}"), Some('\u{85}'));
        // Not control characters: formatting and private-use characters are text.
        assert_eq!(first_control_character("a\u{200b}b\u{feff}"), None);
    }

    #[test]
    fn every_answer_holding_one_is_named_by_its_path() {
        let given = answers(json!({
            "tax_code": "2300325764\u{0}",
            "employees": 12,
            "note": "hai dòng\nvẫn được",
            "products": [{"product": "Gạch", "output": 3}, {"product": "Ng\u{7}ói"}],
            "tools": {"kaizen": ["a", "b\u{1f}"]},
            "bad\u{0}key": "x"
        }));
        let errors = control_character_errors(&given, "en");
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "tax_code",
                "products[1].product",
                "tools.kaizen[1]",
                "badU+0000key"
            ]
        );
        assert!(errors.iter().all(|e| e.level == Level::Error));
        assert_eq!(
            errors[0].message,
            "The answer holds the control character U+0000 (an invisible character, often \
             pasted from elsewhere), which cannot be stored; remove it and send again."
        );
        let vietnamese = control_character_errors(&given, "vi");
        assert!(
            vietnamese[1]
                .message
                .starts_with("Câu trả lời chứa ký tự điều khiển U+0007"),
            "{}",
            vietnamese[1].message
        );
        assert!(control_character_errors(&answers(json!({"a": "b\tc"})), "vi").is_empty());
    }
}
