//! Submissions as tables: one row per submission (its newest revision), one column per
//! question — plus a `.label` column with the shown text for choice questions — and one table
//! per repeating group (dynamic panel or dynamic matrix), keyed by submission id and entry.

use std::collections::HashSet;

use pq_core::display::is_vietnamese;
use pq_core::form::{
    Choice, Element, ElementKind, FormDefinition, ImagePickerProps, LocalizedText, MatrixColumn,
    RankingProps, value_as_text,
};
use serde_json::{Number, Value};

use crate::storage::StoredSubmission;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(Number),
    Bool(bool),
}

/// A table: a name (the form's id, or the repeating group's name), headers and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The main table and one table per repeating group.
#[derive(Debug, Clone, PartialEq)]
pub struct Tables {
    pub main: Table,
    pub repeats: Vec<Table>,
}

/// The columns every main row starts with.
pub const META_COLUMNS: &[&str] = &[
    "submission_id",
    "revision",
    "form_version",
    "locale",
    "device_id",
    "started_at",
    "updated_at",
    "received_at",
];

/// The columns every repeating group's row starts with.
pub const REPEAT_KEY_COLUMNS: &[&str] = &["submission_id", "entry"];

/// Suffix of the column holding the shown text of a choice answer.
pub const LABEL_SUFFIX: &str = ".label";

/// How a column reads its value and label from an answer object.
#[derive(Debug, Clone)]
struct Column<'a> {
    name: String,
    labels: Labels<'a>,
}

/// Where a column's labels come from.
#[derive(Debug, Clone)]
enum Labels<'a> {
    None,
    Choices {
        choices: &'a [Choice],
        other: Option<&'a LocalizedText>,
        none: Option<&'a LocalizedText>,
    },
    Boolean {
        yes: Option<&'a LocalizedText>,
        no: Option<&'a LocalizedText>,
        true_value: Value,
    },
}

#[derive(Debug)]
struct Repeat<'a> {
    name: String,
    columns: Vec<Column<'a>>,
    seen: HashSet<String>,
}

/// Builds the tables of one form's submissions. `definitions` are its published versions,
/// newest first: columns follow the newest, then questions only older versions have.
pub fn build(
    form_id: &str,
    definitions: &[FormDefinition],
    records: &[StoredSubmission],
    locale: &str,
) -> Tables {
    let (columns, repeats) = plan(definitions);
    let mut headers: Vec<String> = META_COLUMNS.iter().map(|s| (*s).to_owned()).collect();
    for column in &columns {
        push_headers(&mut headers, column);
    }
    let mut main = Table {
        name: form_id.to_owned(),
        headers,
        rows: Vec::new(),
    };
    let mut repeat_tables: Vec<Table> = repeats
        .iter()
        .map(|repeat| {
            let mut headers: Vec<String> =
                REPEAT_KEY_COLUMNS.iter().map(|s| (*s).to_owned()).collect();
            for column in &repeat.columns {
                push_headers(&mut headers, column);
            }
            Table {
                name: repeat.name.clone(),
                headers,
                rows: Vec::new(),
            }
        })
        .collect();
    for record in records {
        let submission = &record.submission;
        let mut row = vec![
            Cell::Text(submission.id.clone()),
            Cell::Number(Number::from(submission.revision)),
            Cell::Text(submission.form_version.clone()),
            Cell::Text(submission.locale.clone()),
            Cell::Text(submission.device_id.clone()),
            Cell::Text(submission.started_at.clone()),
            Cell::Text(submission.updated_at.clone()),
            Cell::Text(record.received_at.clone()),
        ];
        for column in &columns {
            push_cells(
                &mut row,
                column,
                submission.answers.get(&column.name),
                locale,
            );
        }
        main.rows.push(row);
        for (repeat, table) in repeats.iter().zip(&mut repeat_tables) {
            let Some(Value::Array(entries)) = submission.answers.get(&repeat.name) else {
                continue;
            };
            for (index, entry) in entries.iter().enumerate() {
                let mut row = vec![
                    Cell::Text(submission.id.clone()),
                    Cell::Number(Number::from(index + 1)),
                ];
                for column in &repeat.columns {
                    push_cells(&mut row, column, entry.get(&column.name), locale);
                }
                table.rows.push(row);
            }
        }
    }
    Tables {
        main,
        repeats: repeat_tables,
    }
}

fn push_headers(headers: &mut Vec<String>, column: &Column<'_>) {
    headers.push(column.name.clone());
    if !matches!(column.labels, Labels::None) {
        headers.push(format!("{}{LABEL_SUFFIX}", column.name));
    }
}

fn push_cells(row: &mut Vec<Cell>, column: &Column<'_>, value: Option<&Value>, locale: &str) {
    row.push(cell(value));
    if !matches!(column.labels, Labels::None) {
        row.push(match value {
            None | Some(Value::Null) => Cell::Empty,
            Some(value) => Cell::Text(label(&column.labels, value, locale)),
        });
    }
}

/// The main columns and the repeating groups of all versions.
fn plan(definitions: &[FormDefinition]) -> (Vec<Column<'_>>, Vec<Repeat<'_>>) {
    let mut columns = Vec::new();
    let mut seen = HashSet::new();
    let mut repeats: Vec<Repeat<'_>> = Vec::new();
    for definition in definitions {
        for found in definition.walk() {
            let element = found.element;
            if !element.kind.has_value() {
                continue;
            }
            match found.parent_dynamic_panel {
                None => match &element.kind {
                    ElementKind::PanelDynamic(_) | ElementKind::MatrixDynamic(_) => {
                        let index = match repeats.iter().position(|r| r.name == element.name) {
                            Some(index) => index,
                            None => {
                                repeats.push(Repeat {
                                    name: element.name.clone(),
                                    columns: Vec::new(),
                                    seen: HashSet::new(),
                                });
                                repeats.len() - 1
                            }
                        };
                        if let ElementKind::MatrixDynamic(matrix) = &element.kind {
                            let repeat = &mut repeats[index];
                            for column in &matrix.columns {
                                if repeat.seen.insert(column.name.clone()) {
                                    repeat.columns.push(matrix_column(
                                        column,
                                        &matrix.choices,
                                        matrix.cell_type.as_deref(),
                                    ));
                                }
                            }
                        }
                    }
                    ElementKind::Text(_)
                    | ElementKind::Comment(_)
                    | ElementKind::RadioGroup(_)
                    | ElementKind::Dropdown(_)
                    | ElementKind::Checkbox(_)
                    | ElementKind::Boolean(_)
                    | ElementKind::Rating(_)
                    | ElementKind::Matrix(_)
                    | ElementKind::MatrixDropdown(_)
                    | ElementKind::Panel(_)
                    | ElementKind::MultipleText(_)
                    | ElementKind::Expression(_)
                    | ElementKind::Html(_)
                    | ElementKind::Tagbox(_)
                    | ElementKind::Ranking(_)
                    | ElementKind::ImagePicker(_)
                    | ElementKind::Slider(_)
                    | ElementKind::Image(_)
                    | ElementKind::Unknown(_) => {
                        if seen.insert(element.name.clone()) {
                            columns.push(element_column(element));
                        }
                    }
                },
                Some(panel) => {
                    // Only groups at the top get a table; deeper ones stay as JSON in a cell.
                    let top = repeats.iter_mut().find(|r| r.name == panel);
                    if let Some(repeat) = top
                        && repeat.seen.insert(element.name.clone())
                    {
                        repeat.columns.push(element_column(element));
                    }
                }
            }
        }
    }
    (columns, repeats)
}

fn element_column(element: &Element) -> Column<'_> {
    let labels = match &element.kind {
        ElementKind::RadioGroup(s)
        | ElementKind::Dropdown(s)
        | ElementKind::Checkbox(s)
        | ElementKind::Tagbox(s)
        | ElementKind::Ranking(RankingProps { select: s, .. })
        | ElementKind::ImagePicker(ImagePickerProps { select: s, .. }) => Labels::Choices {
            choices: &s.choices,
            other: s.other_text.as_ref(),
            none: s.none_text.as_ref(),
        },
        ElementKind::Boolean(b) => Labels::Boolean {
            yes: b.label_true.as_ref(),
            no: b.label_false.as_ref(),
            true_value: b.true_value(),
        },
        ElementKind::Rating(r) => {
            if r.uses_rate_values() {
                Labels::Choices {
                    choices: &r.rate_values,
                    other: None,
                    none: None,
                }
            } else {
                Labels::None
            }
        }
        ElementKind::Text(_)
        | ElementKind::Comment(_)
        | ElementKind::Matrix(_)
        | ElementKind::MatrixDropdown(_)
        | ElementKind::MatrixDynamic(_)
        | ElementKind::PanelDynamic(_)
        | ElementKind::Panel(_)
        | ElementKind::MultipleText(_)
        | ElementKind::Expression(_)
        | ElementKind::Html(_)
        | ElementKind::Slider(_)
        | ElementKind::Image(_)
        | ElementKind::Unknown(_) => Labels::None,
    };
    Column {
        name: element.name.clone(),
        labels,
    }
}

fn matrix_column<'a>(
    column: &'a MatrixColumn,
    matrix_choices: &'a [Choice],
    matrix_cell_type: Option<&str>,
) -> Column<'a> {
    let cell_type = match column.cell_type.as_deref() {
        None | Some("default") => matrix_cell_type.unwrap_or("dropdown"),
        Some(own) => own,
    };
    let choices = if column.choices.is_empty() {
        matrix_choices
    } else {
        &column.choices
    };
    let labels = match cell_type {
        "dropdown" | "radiogroup" | "checkbox" | "tagbox" => Labels::Choices {
            choices,
            other: None,
            none: None,
        },
        "boolean" => Labels::Boolean {
            yes: None,
            no: None,
            true_value: Value::Bool(true),
        },
        _ => Labels::None,
    };
    Column {
        name: column.name.clone(),
        labels,
    }
}

/// An answer as a cell: scalars as they are, lists of scalars joined with `; `, anything else
/// as compact JSON.
fn cell(value: Option<&Value>) -> Cell {
    match value {
        None | Some(Value::Null) => Cell::Empty,
        Some(Value::String(text)) => Cell::Text(text.clone()),
        Some(Value::Number(n)) => Cell::Number(n.clone()),
        Some(Value::Bool(b)) => Cell::Bool(*b),
        Some(Value::Array(items)) if items.iter().all(is_scalar) => Cell::Text(
            items
                .iter()
                .map(|v| value_as_text(v).into_owned())
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Some(other) => Cell::Text(other.to_string()),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// The shown text of a choice answer (several joined with `; `).
fn label(labels: &Labels<'_>, value: &Value, locale: &str) -> String {
    if let Value::Array(items) = value {
        return items
            .iter()
            .map(|item| label(labels, item, locale))
            .collect::<Vec<_>>()
            .join("; ");
    }
    let vietnamese = is_vietnamese(locale);
    match labels {
        Labels::None => value_as_text(value).into_owned(),
        Labels::Choices {
            choices,
            other,
            none,
        } => {
            let text = value_as_text(value);
            if let Some(choice) = choices.iter().find(|c| value_as_text(&c.value) == text) {
                return choice.display_text(locale).into_owned();
            }
            match text.as_ref() {
                "other" => other.map_or_else(
                    || (if vietnamese { "Khác" } else { "Other" }).to_owned(),
                    |t| t.get(locale).to_owned(),
                ),
                "none" => none.map_or_else(
                    || (if vietnamese { "Không có" } else { "None" }).to_owned(),
                    |t| t.get(locale).to_owned(),
                ),
                _ => text.into_owned(),
            }
        }
        Labels::Boolean {
            yes,
            no,
            true_value,
        } => {
            let (text, default) = if value == true_value {
                (yes, if vietnamese { "Có" } else { "Yes" })
            } else {
                (no, if vietnamese { "Không" } else { "No" })
            };
            text.map_or_else(|| default.to_owned(), |t| t.get(locale).to_owned())
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use pq_core::form::load;
    use pq_core::sync::Submission;
    use serde_json::json;

    use super::*;

    fn definition(value: &Value) -> FormDefinition {
        load(&value.to_string()).unwrap().definition
    }

    fn record(answers: Value) -> StoredSubmission {
        StoredSubmission {
            submission: Submission {
                id: "0b5c6f3e-8d1a-4f2b-9c3d-5e6f7a8b9c0d".into(),
                form_id: "enterprise".into(),
                form_version: "2".into(),
                revision: 3,
                answers: answers.as_object().unwrap().clone(),
                locale: "vi".into(),
                started_at: "2025-06-01T08:30:00Z".into(),
                updated_at: "2025-06-01T09:00:00Z".into(),
                device_id: "tablet-07".into(),
            },
            tax_code: None,
            token_id: "abc".into(),
            received_at: "2025-06-01T09:00:01.000Z".into(),
        }
    }

    #[test]
    fn one_column_per_question_with_labels_and_a_table_per_repeating_group() {
        let newest = definition(
            &json!({"id": "enterprise", "version": 2, "pages": [{"name": "p", "elements": [
                {"type": "text", "name": "enterprise_name"},
                {"type": "radiogroup", "name": "sector", "choices": [
                    {"value": "agri", "text": {"default": "Nông nghiệp", "en": "Agriculture"}},
                    {"value": "ind", "text": {"default": "Công nghiệp", "en": "Industry"}}
                ], "showOtherItem": true},
                {"type": "checkbox", "name": "tools", "choices": ["5S", "kaizen|Cải tiến liên tục"]},
                {"type": "boolean", "name": "exports"},
                {"type": "panel", "name": "box", "elements": [{"type": "text", "name": "employees", "inputType": "number"}]},
                {"type": "paneldynamic", "name": "products", "templateElements": [
                    {"type": "text", "name": "product"},
                    {"type": "dropdown", "name": "unit", "choices": ["kg|Ki-lô-gam", "t|Tấn"]}
                ]},
                {"type": "matrixdynamic", "name": "certificates", "columns": [
                    {"name": "standard", "cellType": "dropdown", "choices": ["iso9001|ISO 9001"]},
                    {"name": "year", "cellType": "text"}
                ]},
                {"type": "html", "name": "note", "html": "x"}
            ]}]}),
        );
        let older = definition(&json!({"id": "enterprise", "version": 1, "elements": [
            {"type": "text", "name": "enterprise_name"},
            {"type": "comment", "name": "old_remarks"}
        ]}));
        let answers = json!({
            "enterprise_name": "Công ty Đồng Tiến",
            "sector": "other",
            "tools": ["5S", "kaizen"],
            "exports": true,
            "employees": 42,
            "products": [{"product": "Gạo", "unit": "t"}, {"product": "Ngô"}],
            "certificates": [{"standard": "iso9001", "year": "2021"}],
            "unknown": 1
        });
        let tables = build("enterprise", &[newest, older], &[record(answers)], "vi");
        let main = &tables.main;
        assert_eq!(main.name, "enterprise");
        assert_eq!(
            &main.headers[META_COLUMNS.len()..],
            [
                "enterprise_name",
                "sector",
                "sector.label",
                "tools",
                "tools.label",
                "exports",
                "exports.label",
                "employees",
                "old_remarks"
            ]
        );
        assert_eq!(main.rows.len(), 1);
        let row = &main.rows[0];
        assert_eq!(
            row[0],
            Cell::Text("0b5c6f3e-8d1a-4f2b-9c3d-5e6f7a8b9c0d".into())
        );
        assert_eq!(row[1], Cell::Number(3.into()));
        assert_eq!(
            &row[META_COLUMNS.len()..],
            [
                Cell::Text("Công ty Đồng Tiến".into()),
                Cell::Text("other".into()),
                Cell::Text("Khác".into()),
                Cell::Text("5S; kaizen".into()),
                Cell::Text("5S; Cải tiến liên tục".into()),
                Cell::Bool(true),
                Cell::Text("Có".into()),
                Cell::Number(42.into()),
                Cell::Empty,
            ]
        );
        let names: Vec<&str> = tables.repeats.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["products", "certificates"]);
        let products = &tables.repeats[0];
        assert_eq!(
            products.headers,
            ["submission_id", "entry", "product", "unit", "unit.label"]
        );
        assert_eq!(products.rows.len(), 2);
        assert_eq!(products.rows[0][1], Cell::Number(1.into()));
        assert_eq!(products.rows[0][4], Cell::Text("Tấn".into()));
        assert_eq!(products.rows[1][3], Cell::Empty);
        let certificates = &tables.repeats[1];
        assert_eq!(
            certificates.headers,
            [
                "submission_id",
                "entry",
                "standard",
                "standard.label",
                "year"
            ]
        );
        assert_eq!(certificates.rows[0][3], Cell::Text("ISO 9001".into()));
    }

    #[test]
    fn labels_follow_the_locale() {
        let form = definition(&json!({"elements": [
            {"type": "radiogroup", "name": "sector", "choices": [
                {"value": "agri", "text": {"default": "Nông nghiệp", "en": "Agriculture"}}
            ]},
            {"type": "boolean", "name": "b", "labelTrue": {"default": "Đúng", "en": "True"}}
        ]}));
        let tables = build(
            "f",
            &[form],
            &[record(json!({"sector": "agri", "b": false}))],
            "en",
        );
        let row = &tables.main.rows[0][META_COLUMNS.len()..];
        assert_eq!(row[1], Cell::Text("Agriculture".into()));
        assert_eq!(row[3], Cell::Text("No".into()));
    }

    #[test]
    fn new_question_types_are_exported_with_labels() {
        let form = definition(&json!({"elements": [
            {"type": "image", "name": "logo", "imageLink": "logo.png"},
            {"type": "tagbox", "name": "communes", "choices": ["db|Đình Bảng", "ts|Tam Sơn"]},
            {"type": "ranking", "name": "priorities", "choices": ["h|Y tế", "s|Trường học"]},
            {"type": "imagepicker", "name": "animal", "choices": [
                {"value": "cat", "text": "Mèo", "imageLink": "cat.png"}
            ]},
            {"type": "slider", "name": "share"},
            {"type": "slider", "name": "band", "sliderType": "range"}
        ]}));
        let answers = json!({
            "communes": ["ts", "db"],
            "priorities": ["s", "h"],
            "animal": "cat",
            "share": 35,
            "band": [2, 8]
        });
        let tables = build("f", &[form], &[record(answers)], "vi");
        assert_eq!(
            &tables.main.headers[META_COLUMNS.len()..],
            [
                "communes",
                "communes.label",
                "priorities",
                "priorities.label",
                "animal",
                "animal.label",
                "share",
                "band"
            ]
        );
        assert_eq!(
            &tables.main.rows[0][META_COLUMNS.len()..],
            [
                Cell::Text("ts; db".into()),
                Cell::Text("Tam Sơn; Đình Bảng".into()),
                Cell::Text("s; h".into()),
                Cell::Text("Trường học; Y tế".into()),
                Cell::Text("cat".into()),
                Cell::Text("Mèo".into()),
                Cell::Number(35.into()),
                Cell::Text("2; 8".into()),
            ]
        );
    }
}
