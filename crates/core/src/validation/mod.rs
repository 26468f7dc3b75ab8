//! Which answers are not accepted, and why, in the respondent's language.
//!
//! Rules follow SurveyJS: a required answer must not be empty; validators other than
//! `expression` only look at answers that were given; an `expression` validator's condition
//! must hold whatever the answer. Only what the respondent can see is checked: hidden pages,
//! panels and questions never block a submission. Each error names the answer's path
//! (`employees`, `certificates[1].expiry`, `tools.kaizen.since`) and the element's JSON path
//! in the definition.

mod control;
mod field;
mod messages;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::compile::ElementId;
use crate::expression::{Context, is_empty};
use crate::form::{Element, ElementKind, LocalizedText, MatrixColumn};
use crate::state::{FormState, ScopedContext};

pub use control::{control_character_errors, first_control_character};
use field::Field;
pub use messages::Message;

/// One answer that is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationError {
    /// Where the answer is in the submission's data, e.g. `certificates[0].expiry`.
    pub path: String,
    /// The element's JSON path in the form definition, e.g. `pages[3].elements[0]`.
    pub element: String,
    /// What the respondent reads.
    pub message: String,
    /// An error blocks completion; a warning only asks the respondent to check.
    #[serde(default, skip_serializing_if = "Level::is_error")]
    pub level: Level,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    #[default]
    Error,
    Warning,
}

impl Level {
    pub fn is_error(&self) -> bool {
        *self == Level::Error
    }
}

/// Every error of the visible answers.
pub fn validate(state: &FormState, locale: &str) -> Vec<ValidationError> {
    (0..state.form().definition().pages.len())
        .flat_map(|page| validate_page(state, page, locale))
        .collect()
}

/// The errors of one page (what "Next" checks).
pub fn validate_page(state: &FormState, page: usize, locale: &str) -> Vec<ValidationError> {
    if !state.is_page_visible(page) {
        return Vec::new();
    }
    let ids: Vec<ElementId> = state
        .form()
        .elements()
        .iter()
        .enumerate()
        .filter(|(_, info)| info.page == page && info.dynamic_panel.is_none())
        .map(|(id, _)| id)
        .collect();
    ids.into_iter()
        .flat_map(|id| validate_element(state, id, locale))
        .collect()
}

/// The errors of one survey-level element (none when it is hidden).
pub fn validate_element(state: &FormState, id: ElementId, locale: &str) -> Vec<ValidationError> {
    let (Some(element), Some(info)) = (state.form().element(id), state.form().info(id)) else {
        return Vec::new();
    };
    if info.dynamic_panel.is_some() || !element.kind.has_value() || !state.is_visible(id) {
        return Vec::new();
    }
    let context = state.context();
    let checker = Checker {
        state,
        locale,
        context: &context,
    };
    let mut errors = Vec::new();
    let required = state.is_required(id);
    let bounds = (
        info.min_value.and_then(|e| state.result(e)).cloned(),
        info.max_value.and_then(|e| state.result(e)).cloned(),
    );
    checker.element(
        element,
        &info.path,
        &info.name,
        state.value(&info.name),
        required,
        bounds,
        &mut errors,
    );
    errors
}

/// Checks answers against one context (the survey, or a dynamic panel entry).
struct Checker<'a> {
    state: &'a FormState,
    locale: &'a str,
    context: &'a dyn Context,
}

type Bounds = (Option<Value>, Option<Value>);

impl Checker<'_> {
    fn error(
        &self,
        path: &str,
        element: &str,
        message: &Message,
        custom: Option<&LocalizedText>,
        level: Level,
    ) -> ValidationError {
        let text = custom
            .map(|t| t.get(self.locale))
            .filter(|t| !t.is_empty())
            .map_or_else(|| message.text(self.locale), str::to_owned);
        ValidationError {
            path: path.to_owned(),
            element: element.to_owned(),
            message: text,
            level,
        }
    }

    /// Whether the condition at a JSON path holds in this context.
    fn holds(&self, expression_path: &str) -> Option<bool> {
        let id = self.state.form().expression_at(expression_path)?;
        Some(crate::expression::is_true(
            &self.state.evaluate(id, self.context),
        ))
    }

    #[allow(clippy::too_many_arguments)]
    fn element(
        &self,
        element: &Element,
        element_path: &str,
        answer_path: &str,
        value: Option<&Value>,
        required: bool,
        bounds: Bounds,
        errors: &mut Vec<ValidationError>,
    ) {
        let field = Field::of_element(element, element_path, required, bounds);
        if field.check(self, answer_path, value, errors) {
            return;
        }
        let Some(value) = value.filter(|v| !is_empty(v)) else {
            return;
        };
        match &element.kind {
            ElementKind::RadioGroup(select)
            | ElementKind::Dropdown(select)
            | ElementKind::Checkbox(select) => {
                self.select(element, select, element_path, answer_path, value, errors);
            }
            ElementKind::Matrix(matrix) if matrix.each_row_required == Some(true) => {
                let answered = |row: &Value| {
                    value
                        .get(crate::form::value_as_text(row).as_ref())
                        .is_some_and(|v| !is_empty(v))
                };
                if matrix.rows.iter().any(|row| !answered(&row.value)) {
                    errors.push(self.error(
                        answer_path,
                        element_path,
                        &Message::RowRequired,
                        None,
                        Level::Error,
                    ));
                }
            }
            ElementKind::MatrixDropdown(matrix) => {
                for row in &matrix.rows {
                    let key = crate::form::value_as_text(&row.value);
                    let cells = value.get(key.as_ref());
                    self.row(
                        &matrix.columns,
                        element_path,
                        &format!("{answer_path}.{key}"),
                        cells,
                        errors,
                    );
                }
            }
            ElementKind::MatrixDynamic(matrix) => {
                let rows = value.as_array().map_or(&[][..], Vec::as_slice);
                let count = |n: &Option<serde_json::Number>| {
                    n.as_ref().and_then(serde_json::Number::as_u64)
                };
                self.counts(
                    rows.len(),
                    count(&matrix.min_row_count),
                    count(&matrix.max_row_count),
                    answer_path,
                    element_path,
                    errors,
                );
                for (i, cells) in rows.iter().enumerate() {
                    self.row(
                        &matrix.columns,
                        element_path,
                        &format!("{answer_path}[{i}]"),
                        Some(cells),
                        errors,
                    );
                }
                self.unique_columns(&matrix.columns, rows, element_path, answer_path, errors);
            }
            ElementKind::MultipleText(multiple) => {
                for (k, item) in multiple.items.iter().enumerate() {
                    let item_path = format!("{element_path}.items[{k}]");
                    let field = Field::of_item(item, &item_path);
                    field.check(
                        self,
                        &format!("{answer_path}.{}", item.name),
                        value.get(&item.name),
                        errors,
                    );
                }
            }
            ElementKind::PanelDynamic(panel) => {
                let entries = value.as_array().map_or(&[][..], Vec::as_slice);
                let count = |n: &Option<serde_json::Number>| {
                    n.as_ref().and_then(serde_json::Number::as_u64)
                };
                self.counts(
                    entries.len(),
                    count(&panel.min_panel_count),
                    count(&panel.max_panel_count),
                    answer_path,
                    element_path,
                    errors,
                );
                self.entries(element_path, answer_path, entries, errors);
            }
            _ => {}
        }
    }

    fn select(
        &self,
        element: &Element,
        select: &crate::form::SelectProps,
        element_path: &str,
        answer_path: &str,
        value: &Value,
        errors: &mut Vec<ValidationError>,
    ) {
        if let ElementKind::Checkbox(_) = element.kind {
            let selected = value.as_array().map_or(1, Vec::len) as u64;
            let min = select
                .min_selected_choices
                .as_ref()
                .and_then(serde_json::Number::as_u64)
                .filter(|n| *n > 0);
            let max = select
                .max_selected_choices
                .as_ref()
                .and_then(serde_json::Number::as_u64)
                .filter(|n| *n > 0);
            if let Some(min) = min.filter(|min| selected < *min) {
                errors.push(self.error(
                    answer_path,
                    element_path,
                    &Message::TooFewSelected(min),
                    None,
                    Level::Error,
                ));
                return;
            }
            if let Some(max) = max.filter(|max| selected > *max) {
                errors.push(self.error(
                    answer_path,
                    element_path,
                    &Message::TooManySelected(max),
                    None,
                    Level::Error,
                ));
                return;
            }
        }
        let picked_other = match value {
            Value::Array(items) => items.iter().any(|v| v == "other"),
            other => other == "other",
        };
        if select.show_other_item == Some(true) && picked_other {
            // SurveyJS keeps the text beside the answer: `name-Comment` at survey level, inside
            // the entry for a question of a dynamic panel.
            let comment_path = format!("{answer_path}-Comment");
            let comment = crate::expression::resolve_path(self.state.answers(), &comment_path)
                .cloned()
                .or_else(|| self.context.value(&format!("{}-Comment", element.name)));
            if comment.as_ref().is_none_or(is_empty) {
                errors.push(self.error(
                    answer_path,
                    element_path,
                    &Message::OtherTextRequired,
                    select.other_error_text.as_ref(),
                    Level::Error,
                ));
            }
        }
    }

    fn counts(
        &self,
        count: usize,
        min: Option<u64>,
        max: Option<u64>,
        answer_path: &str,
        element_path: &str,
        errors: &mut Vec<ValidationError>,
    ) {
        let count = count as u64;
        if let Some(min) = min.filter(|min| count < *min) {
            errors.push(self.error(
                answer_path,
                element_path,
                &Message::TooFewEntries(min),
                None,
                Level::Error,
            ));
        } else if let Some(max) = max.filter(|max| *max > 0 && count > *max) {
            errors.push(self.error(
                answer_path,
                element_path,
                &Message::TooManyEntries(max),
                None,
                Level::Error,
            ));
        }
    }

    /// One matrix row: each visible column's cell.
    fn row(
        &self,
        columns: &[MatrixColumn],
        element_path: &str,
        row_path: &str,
        cells: Option<&Value>,
        errors: &mut Vec<ValidationError>,
    ) {
        let empty = Value::Object(serde_json::Map::new());
        let cells = cells.unwrap_or(&empty);
        let scoped = ScopedContext {
            outer: self.context,
            prefix: "row",
            value: cells,
            index: None,
        };
        let in_row = Checker {
            state: self.state,
            locale: self.locale,
            context: &scoped,
        };
        for (c, column) in columns.iter().enumerate() {
            let column_path = format!("{element_path}.columns[{c}]");
            if column.visible == Some(false)
                || in_row.holds(&format!("{column_path}.visibleIf")) == Some(false)
            {
                continue;
            }
            let required = column.is_required == Some(true)
                || in_row.holds(&format!("{column_path}.requiredIf")) == Some(true);
            let field = Field::of_column(column, &column_path, required);
            field.check(
                &in_row,
                &format!("{row_path}.{}", column.name),
                cells.get(&column.name),
                errors,
            );
        }
    }

    fn unique_columns(
        &self,
        columns: &[MatrixColumn],
        rows: &[Value],
        element_path: &str,
        answer_path: &str,
        errors: &mut Vec<ValidationError>,
    ) {
        for column in columns.iter().filter(|c| c.is_unique == Some(true)) {
            let mut seen: Vec<&Value> = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                let Some(cell) = row.get(&column.name).filter(|v| !is_empty(v)) else {
                    continue;
                };
                if seen.contains(&cell) {
                    let path = format!("{answer_path}[{i}].{}", column.name);
                    errors.push(self.error(
                        &path,
                        element_path,
                        &Message::DuplicateInColumn,
                        None,
                        Level::Error,
                    ));
                } else {
                    seen.push(cell);
                }
            }
        }
    }

    /// Every entry of a dynamic panel: its visible template elements, in the entry's context.
    fn entries(
        &self,
        panel_path: &str,
        answer_path: &str,
        entries: &[Value],
        errors: &mut Vec<ValidationError>,
    ) {
        let form = self.state.form();
        let Some(panel_id) = form
            .elements()
            .iter()
            .position(|info| info.path == panel_path)
        else {
            return;
        };
        let members: Vec<ElementId> = form
            .elements()
            .iter()
            .enumerate()
            .filter(|(_, info)| info.dynamic_panel == Some(panel_id))
            .map(|(id, _)| id)
            .collect();
        for (index, entry) in entries.iter().enumerate() {
            let scoped = ScopedContext {
                outer: self.context,
                prefix: "panel",
                value: entry,
                index: Some(index),
            };
            let in_entry = Checker {
                state: self.state,
                locale: self.locale,
                context: &scoped,
            };
            for &id in &members {
                let (Some(element), Some(info)) = (form.element(id), form.info(id)) else {
                    continue;
                };
                if !element.kind.has_value() || !self.state.is_visible_in_entry(id, index) {
                    continue;
                }
                let required = element.required()
                    || in_entry.holds(&format!("{}.requiredIf", info.path)) == Some(true);
                let evaluate = |e: Option<usize>| e.map(|e| self.state.evaluate(e, &scoped));
                let bounds = (evaluate(info.min_value), evaluate(info.max_value));
                in_entry.element(
                    element,
                    &info.path,
                    &format!("{answer_path}[{index}].{}", info.name),
                    entry.get(&info.name),
                    required,
                    bounds,
                    errors,
                );
            }
        }
    }
}
