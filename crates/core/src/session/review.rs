//! The review before submitting: every visible answer as the respondent would read it.

use serde_json::Value;

use crate::compile::ElementId;
use crate::display::{DEFAULT_FRACTION_DIGITS, format_plain_number, indicator, is_vietnamese};
use crate::expression::is_empty;
use crate::form::{
    Choice, Element, ElementKind, ImagePickerProps, InputType, MatrixColumn, value_as_text,
};
use crate::state::FormState;

/// One line of the review.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewItem {
    pub page: usize,
    pub element: ElementId,
    pub title: String,
    /// The answer as text ("—" when none).
    pub answer: String,
    pub answered: bool,
}

/// Every visible question's answer, in form order.
pub fn review(state: &FormState, locale: &str) -> Vec<ReviewItem> {
    let form = state.form();
    form.element_ids()
        .filter(|(id, info)| info.dynamic_panel.is_none() && state.is_visible(*id))
        .filter_map(|(id, info)| {
            let element = form.element(id).filter(|e| e.kind.has_value())?;
            let value = state.value(&info.name);
            Some(ReviewItem {
                page: info.page,
                element: id,
                title: element.display_title(locale).to_owned(),
                answer: display_answer(element, value, locale),
                answered: value.is_some_and(|v| !is_empty(v)),
            })
        })
        .collect()
}

/// An answer as text for people: choice texts instead of values, numbers in the locale's
/// conventions, indicators without data saying so.
pub fn display_answer(element: &Element, value: Option<&Value>, locale: &str) -> String {
    if let ElementKind::Expression(props) = &element.kind {
        let digits = props
            .maximum_fraction_digits
            .as_ref()
            .and_then(serde_json::Number::as_u64)
            .map_or(DEFAULT_FRACTION_DIGITS, |d| {
                usize::try_from(d).unwrap_or(DEFAULT_FRACTION_DIGITS)
            });
        let shown = indicator(value.unwrap_or(&Value::Null), locale, digits);
        // `format` ("{0} triệu đồng") wraps a computed value; "not enough data" stays bare.
        return match props
            .format
            .as_ref()
            .map(|f| f.get(locale))
            .filter(|f| f.contains("{0}"))
        {
            Some(format) if value.is_some_and(|v| !is_empty(v)) => format.replace("{0}", &shown),
            _ => shown,
        };
    }
    let Some(value) = value.filter(|v| !is_empty(v)) else {
        return "—".to_owned();
    };
    match &element.kind {
        ElementKind::Ranking(r) => match value {
            // "1. First, 2. Second": the order is the answer.
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{}. {}", i + 1, choice_text(&r.select.choices, v, locale)))
                .collect::<Vec<_>>()
                .join(", "),
            other => compact(other, locale),
        },
        ElementKind::Slider(slider) => {
            let number = |v: &Value| {
                v.as_f64()
                    .map_or_else(|| compact(v, locale), |n| format_plain_number(n, locale))
            };
            match value {
                Value::Array(ends) if slider.is_range() && ends.len() == 2 => {
                    format!("{} – {}", number(&ends[0]), number(&ends[1]))
                }
                other => number(other),
            }
        }
        ElementKind::RadioGroup(s)
        | ElementKind::Dropdown(s)
        | ElementKind::Checkbox(s)
        | ElementKind::Tagbox(s)
        | ElementKind::ImagePicker(ImagePickerProps { select: s, .. }) => {
            let text = |v: &Value| choice_text(&s.choices, v, locale);
            match value {
                Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
                single => text(single),
            }
        }
        ElementKind::Boolean(b) => {
            let yes = value == &b.true_value();
            let label = if yes { &b.label_true } else { &b.label_false };
            label
                .as_ref()
                .map(|l| l.get(locale).to_owned())
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| match (yes, is_vietnamese(locale)) {
                    (true, true) => "Có".to_owned(),
                    (false, true) => "Không".to_owned(),
                    (true, false) => "Yes".to_owned(),
                    (false, false) => "No".to_owned(),
                })
        }
        ElementKind::Text(t) => match value.as_f64() {
            Some(n) if t.input_type() == InputType::Number => format_plain_number(n, locale),
            _ => compact(value, locale),
        },
        ElementKind::Matrix(m) => match value {
            Value::Object(rows) => rows
                .iter()
                .map(|(row, column)| {
                    format!(
                        "{}: {}",
                        choice_text(&m.rows, &Value::String(row.clone()), locale),
                        choice_text(&m.columns, column, locale)
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            other => compact(other, locale),
        },
        ElementKind::MatrixDropdown(m) => match value {
            Value::Object(rows) => rows
                .iter()
                .map(|(row, cells)| {
                    let row_text = choice_text(&m.rows, &Value::String(row.clone()), locale);
                    format!(
                        "{row_text}: {}",
                        cells_text(&m.columns, &m.choices, cells, locale)
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            other => compact(other, locale),
        },
        ElementKind::MatrixDynamic(m) => match value {
            Value::Array(rows) => rows
                .iter()
                .map(|cells| cells_text(&m.columns, &m.choices, cells, locale))
                .collect::<Vec<_>>()
                .join(" | "),
            other => compact(other, locale),
        },
        ElementKind::Comment(_)
        | ElementKind::Rating(_)
        | ElementKind::PanelDynamic(_)
        | ElementKind::Panel(_)
        | ElementKind::MultipleText(_)
        | ElementKind::Expression(_)
        | ElementKind::Html(_)
        | ElementKind::Image(_)
        | ElementKind::Unknown(_) => compact(value, locale),
    }
}

/// One matrix row's cells as "column: answer" with the columns' titles and choice texts.
fn cells_text(columns: &[MatrixColumn], shared: &[Choice], cells: &Value, locale: &str) -> String {
    let Value::Object(cells) = cells else {
        return compact(cells, locale);
    };
    cells
        .iter()
        .filter(|(_, v)| !is_empty(v))
        .map(|(name, cell)| {
            let column = columns.iter().find(|c| &c.name == name);
            let title = column
                .and_then(|c| c.title.as_ref())
                .map(|t| t.get(locale).to_owned())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| name.clone());
            let choices = column.map_or(shared, |c| {
                if c.choices.is_empty() {
                    shared
                } else {
                    &c.choices
                }
            });
            let shown = match cell {
                Value::Array(items) => items
                    .iter()
                    .map(|v| choice_text(choices, v, locale))
                    .collect::<Vec<_>>()
                    .join(", "),
                Value::Number(_) if choices.is_empty() => compact(cell, locale),
                single => choice_text(choices, single, locale),
            };
            format!("{title}: {shown}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn choice_text(choices: &[Choice], value: &Value, locale: &str) -> String {
    choices
        .iter()
        .find(|c| &c.value == value || value_as_text(&c.value) == value_as_text(value))
        .map_or_else(
            || value_as_text(value).into_owned(),
            |c| c.display_text(locale).into_owned(),
        )
}

/// Nested answers (panels, matrices, multiple text) as `key: value` text.
fn compact(value: &Value, locale: &str) -> String {
    match value {
        Value::Object(fields) => fields
            .iter()
            .filter(|(_, v)| !is_empty(v))
            .map(|(k, v)| format!("{k}: {}", compact(v, locale)))
            .collect::<Vec<_>>()
            .join("; "),
        Value::Array(items) => items
            .iter()
            .map(|v| compact(v, locale))
            .collect::<Vec<_>>()
            .join(" | "),
        Value::Number(n) => n
            .as_f64()
            .map_or_else(|| n.to_string(), |f| format_plain_number(f, locale)),
        other => value_as_text(other).into_owned(),
    }
}
