//! The checks every single answer gets: required, input type, bounds, length, validators.

use serde_json::{Number, Value};

use super::{Bounds, Checker, Level, Message, ValidationError};
use crate::compile::{CompiledForm, ElementId, ExprId};
use crate::expression::is_empty;
use crate::form::{
    Element, ElementKind, InputType, LocalizedText, MatrixColumn, MultipleTextItem, Validator,
    ValidatorKind, value_as_text,
};
use crate::ids::{ColumnId, ColumnSlot, ElementSlot, TextItemId, TextItemSlot, ValidatorId};

/// What holds an answer's rules: a question, a matrix column, or a multiple-text item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FieldSite {
    Element(ElementId),
    Column(ElementId, ColumnId),
    TextItem(ElementId, TextItemId),
}

impl FieldSite {
    /// The element it belongs to.
    pub fn element(self) -> ElementId {
        match self {
            FieldSite::Element(id) | FieldSite::Column(id, _) | FieldSite::TextItem(id, _) => id,
        }
    }

    /// Its JSON path in the definition, for messages.
    pub fn json_path(self, form: &CompiledForm) -> String {
        let element = form.source_map().element(self.element());
        match self {
            FieldSite::Element(_) => element.to_owned(),
            FieldSite::Column(_, column) => format!("{element}.columns[{}]", column.index()),
            FieldSite::TextItem(_, item) => format!("{element}.items[{}]", item.index()),
        }
    }

    /// The expression of its `k`-th validator, when that is an expression validator.
    fn validator_rule(self, form: &CompiledForm, k: ValidatorId) -> Option<ExprId> {
        let slot = match self {
            FieldSite::Element(_) => ElementSlot::Validator(k),
            FieldSite::Column(_, column) => ElementSlot::Column(column, ColumnSlot::Validator(k)),
            FieldSite::TextItem(_, item) => ElementSlot::TextItem(item, TextItemSlot::Validator(k)),
        };
        form.element_rule(self.element(), slot)
    }
}

/// One answer's rules, whatever holds it (a question, a matrix cell, a multiple-text item).
pub(super) struct Field<'a> {
    site: FieldSite,
    required: bool,
    required_text: Option<&'a LocalizedText>,
    input_type: Option<InputType>,
    min: Option<Value>,
    max: Option<Value>,
    min_text: Option<&'a LocalizedText>,
    max_text: Option<&'a LocalizedText>,
    max_length: Option<u64>,
    /// `step` of a number input: answers must be a whole number of steps (from `min`, or 0).
    step: Option<f64>,
    validators: &'a [Validator],
}

fn whole(n: &Option<Number>) -> Option<u64> {
    n.as_ref().and_then(Number::as_u64).filter(|n| *n > 0)
}

impl<'a> Field<'a> {
    pub fn of_element(
        element: &'a Element,
        site: FieldSite,
        required: bool,
        bounds: Bounds,
    ) -> Self {
        let mut field = Field {
            site,
            required,
            required_text: element.required_error_text.as_ref(),
            input_type: None,
            min: None,
            max: None,
            min_text: None,
            max_text: None,
            max_length: None,
            step: None,
            validators: &element.validators,
        };
        match &element.kind {
            ElementKind::Text(text) => {
                field.input_type = Some(text.input_type());
                field.min = bounds
                    .0
                    .filter(|v| !is_empty(v))
                    .or_else(|| text.min.clone());
                field.max = bounds
                    .1
                    .filter(|v| !is_empty(v))
                    .or_else(|| text.max.clone());
                field.min_text = text.min_error_text.as_ref();
                field.max_text = text.max_error_text.as_ref();
                field.max_length = whole(&text.max_length);
                field.step = text
                    .step
                    .as_ref()
                    .and_then(Number::as_f64)
                    .filter(|s| *s > 0.0);
            }
            ElementKind::Comment(comment) => field.max_length = whole(&comment.max_length),
            ElementKind::RadioGroup(_)
            | ElementKind::Dropdown(_)
            | ElementKind::Checkbox(_)
            | ElementKind::Boolean(_)
            | ElementKind::Rating(_)
            | ElementKind::Matrix(_)
            | ElementKind::MatrixDropdown(_)
            | ElementKind::MatrixDynamic(_)
            | ElementKind::PanelDynamic(_)
            | ElementKind::Panel(_)
            | ElementKind::MultipleText(_)
            | ElementKind::Expression(_)
            | ElementKind::Html(_)
            | ElementKind::Unknown(_)
            | ElementKind::Tagbox(_)
            | ElementKind::Ranking(_)
            | ElementKind::ImagePicker(_)
            | ElementKind::Slider(_)
            | ElementKind::Image(_) => {}
        }
        field
    }

    /// A multiple-text item; `bounds` are its `minValueExpression`/`maxValueExpression`.
    pub fn of_item(item: &'a MultipleTextItem, site: FieldSite, bounds: Bounds) -> Self {
        Field {
            site,
            required: item.is_required == Some(true),
            required_text: item.required_error_text.as_ref(),
            input_type: Some(item.input_type()),
            min: bounds.0,
            max: bounds.1,
            min_text: None,
            max_text: None,
            max_length: whole(&item.max_length),
            step: None,
            validators: &item.validators,
        }
    }

    pub fn of_column(column: &'a MatrixColumn, site: FieldSite, required: bool) -> Self {
        Field {
            site,
            required,
            required_text: column.required_error_text.as_ref(),
            input_type: column.input_type.as_deref().map(InputType::parse),
            min: column.min.clone(),
            max: column.max.clone(),
            min_text: None,
            max_text: None,
            max_length: None,
            step: None,
            validators: &column.validators,
        }
    }

    /// Adds what the answer breaks to `out`: at most one blocking error (the first rule
    /// broken), plus warnings of non-blocking validators. Returns whether an error was added.
    pub fn check(
        &self,
        checker: &Checker<'_>,
        answer_path: &str,
        value: Option<&Value>,
        out: &mut Vec<ValidationError>,
    ) -> bool {
        let mut report = |message: Message, custom: Option<&LocalizedText>, level: Level| {
            out.push(checker.error(answer_path, self.site, &message, custom, level));
            level == Level::Error
        };
        // Blank text counts as no answer: "   " is not a company name.
        let given =
            value.filter(|v| !is_empty(v) && v.as_str().is_none_or(|t| !t.trim().is_empty()));
        if given.is_none() && self.required {
            return report(Message::Required, self.required_text, Level::Error);
        }
        if let Some(value) = given
            && let Some(message) = self.input_problem(value)
        {
            let custom = match message {
                Message::BelowMinimum(_) => self.min_text,
                Message::AboveMaximum(_) => self.max_text,
                _ => None,
            };
            return report(message, custom, Level::Error);
        }
        for (k, validator) in self.validators.iter().enumerate() {
            let problem = match (&validator.kind, given) {
                (ValidatorKind::Expression { .. }, _) => self
                    .expression_fails(checker, k)
                    .then_some(Message::ConditionNotMet),
                // Only expression validators look at unanswered questions.
                (_, None) => None,
                (other, Some(value)) => validator_problem(checker.state.form(), other, value),
            };
            let Some(message) = problem else {
                continue;
            };
            let level = if validator.blocks() {
                Level::Error
            } else {
                Level::Warning
            };
            if report(message, validator.text.as_ref(), level) {
                return true;
            }
        }
        // Last, so that a form's own wording for the same rule (a validator) wins.
        if let Some(message) = given.and_then(|value| self.step_problem(value)) {
            return report(message, None, Level::Error);
        }
        false
    }

    /// A number input's `step`: answers are a whole number of steps from `min` (or 0).
    fn step_problem(&self, value: &Value) -> Option<Message> {
        let step = self
            .step
            .filter(|_| self.input_type == Some(InputType::Number))?;
        let number = number_of(value)?;
        let start = self.min.as_ref().and_then(number_of).unwrap_or(0.0);
        let steps = (number - start) / step;
        if (steps - steps.round()).abs() <= 1e-9 {
            return None;
        }
        Some(if step == 1.0 {
            Message::NotAWholeNumber
        } else {
            Message::NotAMultipleOf(show_number(step))
        })
    }

    fn expression_fails(&self, checker: &Checker<'_>, k: usize) -> bool {
        let rule = self
            .site
            .validator_rule(checker.state.form(), ValidatorId::new(k));
        checker.holds(rule) == Some(false)
    }

    /// What the input type and its bounds say about a given answer.
    fn input_problem(&self, value: &Value) -> Option<Message> {
        if let Some(max) = self.max_length
            && value_as_text(value).chars().count() as u64 > max
        {
            return Some(Message::TooLong(max));
        }
        let input_type = self.input_type.as_ref()?;
        if matches!(
            input_type,
            InputType::Text | InputType::Tel | InputType::Other(_)
        ) {
            return None;
        }
        let text = value_as_text(value);
        match input_type {
            InputType::Number => {
                let Some(number) = number_of(value) else {
                    return Some(Message::NotANumber);
                };
                let bound = |b: &Option<Value>| b.as_ref().and_then(number_of);
                if let Some(min) = bound(&self.min).filter(|min| number < *min) {
                    return Some(Message::BelowMinimum(show_number(min)));
                }
                if let Some(max) = bound(&self.max).filter(|max| number > *max) {
                    return Some(Message::AboveMaximum(show_number(max)));
                }
                None
            }
            // ISO dates and months compare as text.
            InputType::Date | InputType::Month => {
                let bound = |b: &Option<Value>| b.as_ref().map(|v| value_as_text(v).into_owned());
                if let Some(min) = bound(&self.min).filter(|min| text.as_ref() < min.as_str()) {
                    return Some(Message::BelowMinimum(min));
                }
                if let Some(max) = bound(&self.max).filter(|max| text.as_ref() > max.as_str()) {
                    return Some(Message::AboveMaximum(max));
                }
                None
            }
            InputType::Email => (!is_email(&text)).then_some(Message::InvalidEmail),
            InputType::Url => (!is_url(&text)).then_some(Message::InvalidUrl),
            _ => None,
        }
    }
}

/// What a (non-expression) validator says about a given answer.
fn validator_problem(form: &CompiledForm, kind: &ValidatorKind, value: &Value) -> Option<Message> {
    match kind {
        ValidatorKind::Numeric {
            min_value,
            max_value,
        } => {
            let Some(number) = number_of(value) else {
                return Some(Message::NotANumber);
            };
            let min = min_value.as_ref().and_then(Number::as_f64);
            let max = max_value.as_ref().and_then(Number::as_f64);
            let outside = min.is_some_and(|m| number < m) || max.is_some_and(|m| number > m);
            if !outside {
                return None;
            }
            Some(match (min, max) {
                (Some(min), Some(max)) => Message::OutOfRange {
                    min: show_number(min),
                    max: show_number(max),
                },
                (Some(min), None) => Message::BelowMinimum(show_number(min)),
                (None, Some(max)) => Message::AboveMaximum(show_number(max)),
                (None, None) => return None,
            })
        }
        ValidatorKind::Text {
            min_length,
            max_length,
            allow_digits,
        } => {
            let text = value_as_text(value);
            let length = text.chars().count() as u64;
            if let Some(min) = whole(min_length).filter(|min| length < *min) {
                return Some(Message::TooShort(min));
            }
            if let Some(max) = whole(max_length).filter(|max| length > *max) {
                return Some(Message::TooLong(max));
            }
            (*allow_digits == Some(false) && text.chars().any(|c| c.is_ascii_digit()))
                .then_some(Message::NoDigitsAllowed)
        }
        ValidatorKind::Regex {
            regex,
            case_insensitive,
        } => {
            let pattern = regex.as_deref()?;
            let compiled = form.regex(pattern, *case_insensitive == Some(true))?;
            let texts: Vec<String> = match value {
                Value::Array(items) => items
                    .iter()
                    .map(|v| value_as_text(v).into_owned())
                    .collect(),
                other => vec![value_as_text(other).into_owned()],
            };
            texts
                .iter()
                .any(|t| !compiled.is_match(t))
                .then_some(Message::PatternMismatch)
        }
        ValidatorKind::Email => (!is_email(&value_as_text(value))).then_some(Message::InvalidEmail),
        ValidatorKind::AnswerCount {
            min_count,
            max_count,
        } => {
            let count = value.as_array().map_or(1, Vec::len) as u64;
            if let Some(min) = whole(min_count).filter(|min| count < *min) {
                return Some(Message::TooFewSelected(min));
            }
            whole(max_count)
                .filter(|max| count > *max)
                .map(Message::TooManySelected)
        }
        ValidatorKind::Expression { .. } | ValidatorKind::Unknown { .. } => None,
    }
}

/// A number, or text that is one (`"12"`, `" 3.5 "`, and the Vietnamese `"3,5"`).
pub(super) fn number_of(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let trimmed = s.trim();
            let parsed = trimmed.parse::<f64>().ok().or_else(|| {
                (trimmed.matches(',').count() == 1 && !trimmed.contains('.'))
                    .then(|| trimmed.replace(',', ".").parse::<f64>().ok())
                    .flatten()
            });
            parsed.filter(|n| n.is_finite())
        }
        _ => None,
    }
}

pub(super) fn show_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// `local@domain.tld`, without spaces: what SurveyJS's e-mail validator accepts.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.trim().rsplit_once('@') else {
        return false;
    };
    let domain_ok =
        domain.split('.').count() >= 2 && domain.split('.').all(|part| !part.is_empty());
    !local.is_empty() && domain_ok && !text.trim().contains(char::is_whitespace)
}

fn is_url(text: &str) -> bool {
    let text = text.trim();
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::{is_email, is_url, number_of, show_number};
    use serde_json::json;

    #[test]
    fn numbers_from_json_and_text() {
        assert_eq!(number_of(&json!(3)), Some(3.0));
        assert_eq!(number_of(&json!(" 3.5 ")), Some(3.5));
        assert_eq!(number_of(&json!("3,5")), Some(3.5));
        assert_eq!(number_of(&json!("1.234,5")), None);
        assert_eq!(number_of(&json!("abc")), None);
        assert_eq!(number_of(&json!(true)), None);
        assert_eq!(show_number(12.0), "12");
        assert_eq!(show_number(0.5), "0.5");
    }

    #[test]
    fn emails_and_urls() {
        assert!(is_email("an@example.vn"));
        assert!(!is_email("an@example"));
        assert!(!is_email("an example@x.vn"));
        assert!(!is_email("@x.vn"));
        assert!(is_url("https://bacninh.gov.vn"));
        assert!(!is_url("bacninh.gov.vn"));
    }
}
