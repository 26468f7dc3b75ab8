//! Whether an answer fits its element: the right JSON type, and only values the element
//! offers (its shown choices, rows, columns, scale values, items, template questions).
//!
//! The app and the collector run the same check, so a submission that a hand-written client
//! or a tampered device sends is refused exactly as the form on the tablet would refuse it:
//! `"district": "atlantis"` is not a district, a text sent as an object is not a text.

use serde_json::{Map, Value};

use super::field::{number_of, show_number};
use super::{Bounds, Checker, Expected, Message};
use crate::compile::ElementId;
use crate::expression::{Date, is_empty};
use crate::form::{
    Choice, Element, ElementKind, InputType, MatrixColumn, SelectProps, SliderProps, value_as_text,
};
use crate::ids::{ColumnId, ItemList};
use crate::state::ShownItem;

/// The value SurveyJS stores for the "Other" item.
pub const OTHER: &str = "other";
/// The value SurveyJS stores for the "None" item.
pub const NONE: &str = "none";
/// The suffix of the text typed beside "Other" (`name-Comment`).
pub const COMMENT_SUFFIX: &str = "-Comment";

/// Whether `value` (one value, or a list) holds `token`.
pub fn picked(value: &Value, token: &str) -> bool {
    match value {
        Value::Array(items) => items.iter().any(|v| v == token),
        other => other == token,
    }
}

/// Two answer values denote the same choice: equal, or equal as text (`1` and `"1"`).
fn same(a: &Value, b: &Value) -> bool {
    a == b || value_as_text(a) == value_as_text(b)
}

fn scalar(value: &Value) -> bool {
    matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

/// A refusal: the answer path it is about, and why.
type Problem = Option<(String, Message)>;

fn at(path: &str, message: Message) -> Problem {
    Some((path.to_owned(), message))
}

/// The first way a given (non-empty) answer does not fit its element.
pub(super) fn problem(
    checker: &Checker<'_>,
    id: ElementId,
    element: &Element,
    path: &str,
    value: &Value,
    bounds: &Bounds,
) -> Problem {
    let state = checker.state;
    let shown = |list| state.shown_items(id, list, checker.entry, checker.locale);
    match &element.kind {
        ElementKind::Text(text) => text_problem(&text.input_type(), path, value),
        ElementKind::Comment(_) => {
            (!value.is_string()).then(|| (path.to_owned(), Message::WrongShape(Expected::Text)))
        }
        ElementKind::RadioGroup(select) | ElementKind::Dropdown(select) => {
            one_choice(&shown(ItemList::Choices), Some(select), path, value)
        }
        ElementKind::Checkbox(select) | ElementKind::Tagbox(select) => {
            choice_list(&shown(ItemList::Choices), Some(select), path, value)
        }
        ElementKind::Ranking(ranking) => {
            let shown = shown(ItemList::Choices);
            if let Some(found) = choice_list(&shown, None, path, value) {
                return Some(found);
            }
            let ranked = value.as_array().map_or(0, Vec::len);
            (!ranking.ranks_a_subset() && ranked < shown.len())
                .then(|| (path.to_owned(), Message::RankEveryChoice))
        }
        ElementKind::ImagePicker(picker) => {
            if picker.multiple() {
                choice_list(&shown(ItemList::Choices), None, path, value)
            } else {
                one_choice(&shown(ItemList::Choices), None, path, value)
            }
        }
        ElementKind::Slider(slider) => slider_problem(slider, bounds, path, value),
        ElementKind::Boolean(props) => {
            let allowed = [props.true_value(), props.false_value()];
            (!allowed.iter().any(|v| same(v, value))).then(|| {
                (
                    path.to_owned(),
                    Message::NotAChoice(value_as_text(value).into()),
                )
            })
        }
        ElementKind::Rating(props) => {
            if !scalar(value) {
                return at(path, Message::WrongShape(Expected::OneValue));
            }
            let fits = if props.uses_rate_values() {
                shown(ItemList::RateValues)
                    .iter()
                    .any(|item| same(&item.choice.value, value))
            } else {
                props.values().iter().any(|v| same_number(v, value))
            };
            (!fits).then(|| {
                (
                    path.to_owned(),
                    Message::NotAChoice(value_as_text(value).into()),
                )
            })
        }
        ElementKind::Matrix(matrix) => {
            let Value::Object(rows) = value else {
                return at(path, Message::WrongShape(Expected::Table));
            };
            let columns = shown(ItemList::Columns);
            let multiple = matrix
                .cell_type
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case("checkbox"));
            for (key, answer) in rows {
                let row_path = format!("{path}.{key}");
                if !has_item(&matrix.rows, key) {
                    return at(&row_path, Message::UnknownRow(key.clone()));
                }
                let found = if multiple {
                    choice_list(&columns, None, &row_path, answer)
                } else {
                    one_choice(&columns, None, &row_path, answer)
                };
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        ElementKind::MatrixDropdown(matrix) => {
            let Value::Object(rows) = value else {
                return at(path, Message::WrongShape(Expected::Table));
            };
            for (key, cells) in rows {
                let row_path = format!("{path}.{key}");
                if !has_item(&matrix.rows, key) {
                    return at(&row_path, Message::UnknownRow(key.clone()));
                }
                let found = row_problem(checker, id, &matrix.columns, &row_path, cells);
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        ElementKind::MatrixDynamic(matrix) => {
            let Value::Array(rows) = value else {
                return at(path, Message::WrongShape(Expected::Entries));
            };
            rows.iter().enumerate().find_map(|(i, cells)| {
                row_problem(checker, id, &matrix.columns, &format!("{path}[{i}]"), cells)
            })
        }
        ElementKind::MultipleText(multiple) => {
            let Value::Object(items) = value else {
                return at(path, Message::WrongShape(Expected::Table));
            };
            items.iter().find_map(|(key, answer)| {
                let item_path = format!("{path}.{key}");
                match multiple.items.iter().find(|item| item.name == *key) {
                    None => at(&item_path, Message::UnknownMember(key.clone())),
                    Some(_) if is_empty(answer) => None,
                    Some(item) => text_problem(&item.input_type(), &item_path, answer),
                }
            })
        }
        ElementKind::PanelDynamic(_) => {
            let Value::Array(entries) = value else {
                return at(path, Message::WrongShape(Expected::Entries));
            };
            let form = state.form();
            let members: Vec<&str> = form
                .template_members(id)
                .filter_map(|member| form.info(member))
                .map(|info| info.name.as_str())
                .filter(|name| !name.is_empty())
                .collect();
            entries.iter().enumerate().find_map(|(i, entry)| {
                let entry_path = format!("{path}[{i}]");
                let Value::Object(fields) = entry else {
                    return at(&entry_path, Message::WrongShape(Expected::Table));
                };
                unknown_key(fields, &members, &entry_path)
            })
        }
        // Computed by the form itself, or not understood: any value.
        ElementKind::Expression(_)
        | ElementKind::Unknown(_)
        | ElementKind::Panel(_)
        | ElementKind::Html(_)
        | ElementKind::Image(_) => None,
    }
}

/// A key of an object answer that is none of `names` (nor `name-Comment` of one of them).
fn unknown_key(fields: &Map<String, Value>, names: &[&str], path: &str) -> Problem {
    fields.keys().find_map(|key| {
        let base = key.strip_suffix(COMMENT_SUFFIX).unwrap_or(key);
        (!names.contains(&key.as_str()) && !names.contains(&base))
            .then(|| (format!("{path}.{key}"), Message::UnknownMember(key.clone())))
    })
}

fn has_item(items: &[Choice], key: &str) -> bool {
    items.iter().any(|item| value_as_text(&item.value) == key)
}

/// Numbers compare by value (`3` and `3.0`), anything else as [`same`].
fn same_number(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), super::field::number_of(b)) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9,
        _ => same(a, b),
    }
}

/// A text input's answer: text (a number too, for number inputs); dates that exist.
fn text_problem(input: &InputType, path: &str, value: &Value) -> Problem {
    let numeric = matches!(input, InputType::Number)
        || matches!(input, InputType::Other(other) if other == "range");
    match value {
        Value::String(text) => match input {
            InputType::Date | InputType::Month if Date::parse(text).is_none() => {
                at(path, Message::NotADate)
            }
            _ => None,
        },
        Value::Number(_) if numeric => None,
        _ if numeric => at(path, Message::NotANumber),
        _ => at(path, Message::WrongShape(Expected::Text)),
    }
}

/// A slider's answer: a number (or `[low, high]` for a range) within `min`…`max` (or the
/// bounds `minValueExpression`/`maxValueExpression` give), on a whole number of `step`s from
/// `min`; a range's ends in order and within `minRangeLength`/`maxRangeLength`.
fn slider_problem(slider: &SliderProps, bounds: &Bounds, path: &str, value: &Value) -> Problem {
    let bound =
        |given: &Option<Value>, default: f64| given.as_ref().and_then(number_of).unwrap_or(default);
    let min = bound(&bounds.0, slider.min_value());
    let max = bound(&bounds.1, slider.max_value());
    let step = slider.step_value();
    let fits = |n: f64, path: &str| -> Problem {
        if n < min - 1e-9 || n > max + 1e-9 {
            let range = Message::OutOfRange {
                min: show_number(min),
                max: show_number(max),
            };
            return at(path, range);
        }
        let steps = (n - min) / step;
        ((steps - steps.round()).abs() > 1e-6)
            .then(|| (path.to_owned(), Message::NotAMultipleOf(show_number(step))))
    };
    if !slider.is_range() {
        let Value::Number(n) = value else {
            return at(path, Message::WrongShape(Expected::Number));
        };
        return fits(n.as_f64().unwrap_or(f64::NAN), path);
    }
    let ends: Vec<f64> = match value {
        Value::Array(items) => items.iter().filter_map(Value::as_f64).collect(),
        _ => Vec::new(),
    };
    let [low, high] = ends[..] else {
        return at(path, Message::WrongShape(Expected::Range));
    };
    if value.as_array().is_some_and(|items| items.len() != 2) {
        return at(path, Message::WrongShape(Expected::Range));
    }
    if let Some(found) =
        fits(low, &format!("{path}[0]")).or_else(|| fits(high, &format!("{path}[1]")))
    {
        return Some(found);
    }
    if low > high {
        return at(path, Message::RangeReversed);
    }
    let length = |n: &Option<serde_json::Number>| n.as_ref().and_then(serde_json::Number::as_f64);
    if let Some(shortest) = length(&slider.min_range_length).filter(|l| high - low < *l - 1e-9) {
        return at(path, Message::RangeTooShort(show_number(shortest)));
    }
    length(&slider.max_range_length)
        .filter(|l| high - low > *l + 1e-9)
        .map(|longest| (path.to_owned(), Message::RangeTooLong(show_number(longest))))
}

/// The extra items a select question may offer besides its choices.
fn special(select: Option<&SelectProps>, value: &Value) -> bool {
    select.is_some_and(|s| {
        (s.show_other_item == Some(true) && value == OTHER)
            || (s.show_none_item == Some(true) && value == NONE)
    })
}

fn one_choice(
    shown: &[ShownItem<'_>],
    select: Option<&SelectProps>,
    path: &str,
    value: &Value,
) -> Problem {
    if !scalar(value) {
        return at(path, Message::WrongShape(Expected::OneValue));
    }
    let offered = shown.iter().any(|item| same(&item.choice.value, value));
    (!offered && !special(select, value)).then(|| {
        (
            path.to_owned(),
            Message::NotAChoice(value_as_text(value).into()),
        )
    })
}

fn choice_list(
    shown: &[ShownItem<'_>],
    select: Option<&SelectProps>,
    path: &str,
    value: &Value,
) -> Problem {
    let Value::Array(items) = value else {
        return at(path, Message::WrongShape(Expected::List));
    };
    for (i, item) in items.iter().enumerate() {
        if let Some(found) = one_choice(shown, select, &format!("{path}[{i}]"), item) {
            return Some(found);
        }
        if items[..i].iter().any(|earlier| same(earlier, item)) {
            return at(path, Message::ChoiceRepeated(value_as_text(item).into()));
        }
    }
    (items.len() > 1 && select.is_some() && picked(value, NONE))
        .then(|| (path.to_owned(), Message::NoneWithOthers))
}

/// The cells of one row of a typed matrix.
fn row_problem(
    checker: &Checker<'_>,
    matrix: ElementId,
    columns: &[MatrixColumn],
    row_path: &str,
    cells: &Value,
) -> Problem {
    let Value::Object(fields) = cells else {
        return at(row_path, Message::WrongShape(Expected::Table));
    };
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    if let Some(found) = unknown_key(fields, &names, row_path) {
        return Some(found);
    }
    let default_type = checker
        .state
        .form()
        .element(matrix)
        .and_then(|e| e.kind.typed_matrix())
        .and_then(|m| m.cell_type);
    for (c, column) in columns.iter().enumerate() {
        let Some(cell) = fields.get(&column.name).filter(|v| !is_empty(v)) else {
            continue;
        };
        let cell_path = format!("{row_path}.{}", column.name);
        let cell_type = column
            .cell_type
            .as_deref()
            .filter(|t| !t.eq_ignore_ascii_case("default"))
            .or(default_type)
            .unwrap_or("dropdown")
            .to_ascii_lowercase();
        let choices = || {
            checker
                .state
                .shown_cell_choices(matrix, ColumnId::new(c), cells, checker.entry)
        };
        let column_select = SelectProps {
            show_other_item: column.show_other_item,
            show_none_item: column.show_none_item,
            ..SelectProps::default()
        };
        let found = match cell_type.as_str() {
            "dropdown" | "radiogroup" => {
                one_choice(&choices(), Some(&column_select), &cell_path, cell)
            }
            "checkbox" | "tagbox" => {
                choice_list(&choices(), Some(&column_select), &cell_path, cell)
            }
            "text" => {
                let input = column
                    .input_type
                    .as_deref()
                    .map_or(InputType::Text, InputType::parse);
                text_problem(&input, &cell_path, cell)
            }
            "comment" => (!cell.is_string())
                .then(|| (cell_path.clone(), Message::WrongShape(Expected::Text))),
            "boolean" => (!cell.is_boolean())
                .then(|| (cell_path.clone(), Message::WrongShape(Expected::OneValue))),
            "rating" => (!scalar(cell))
                .then(|| (cell_path.clone(), Message::WrongShape(Expected::OneValue))),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}
