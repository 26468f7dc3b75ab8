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
mod shape;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::compile::{ElementId, ExprId};
use crate::expression::{Context, is_empty};
use crate::form::{
    Element, ElementKind, ImagePickerProps, LocalizedText, MatrixColumn, RankingProps,
};
use crate::ids::{ColumnId, ElementSlot, ItemList, TextItemId, TextItemSlot};
use crate::state::{FormState, MatrixRow, Position, ScopedContext};

pub use control::{control_character_errors, first_control_character};
use field::{Field, FieldSite};
pub use messages::{Expected, Message};
pub use shape::{COMMENT_SUFFIX, NONE, OTHER, picked};

/// One answer that is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationError {
    /// Where the answer is in the submission's data, e.g. `certificates[0].expiry`.
    pub path: String,
    /// The element's JSON path in the form definition, e.g. `pages[3].elements[0]`.
    pub element: String,
    /// The element, in the compiled form (not sent: ids are the engine's own).
    #[serde(skip)]
    pub element_id: Option<ElementId>,
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
        .element_ids()
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
        entry: None,
    };
    let mut errors = Vec::new();
    let required = state.is_required(id);
    let result = |slot| {
        state
            .form()
            .element_rule(id, slot)
            .and_then(|e| state.result(e))
            .cloned()
    };
    let bounds = (result(ElementSlot::MinValue), result(ElementSlot::MaxValue));
    checker.element(
        id,
        element,
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
    /// The dynamic panel entry being checked, if any.
    entry: Option<usize>,
}

type Bounds = (Option<Value>, Option<Value>);

impl Checker<'_> {
    fn error(
        &self,
        path: &str,
        site: FieldSite,
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
            element: site.json_path(self.state.form()),
            element_id: Some(site.element()),
            message: text,
            level,
        }
    }

    /// Whether a condition holds in this context (`None`: the form has no such condition).
    fn holds(&self, condition: Option<ExprId>) -> Option<bool> {
        let id = condition?;
        Some(crate::expression::is_true(
            &self.state.evaluate(id, self.context),
        ))
    }

    /// Evaluates a value expression in this context.
    fn evaluate(&self, expression: Option<ExprId>) -> Option<Value> {
        expression
            .map(|e| self.state.evaluate(e, self.context))
            .filter(|v| !is_empty(v))
    }

    #[allow(clippy::too_many_arguments)]
    fn element(
        &self,
        id: ElementId,
        element: &Element,
        answer_path: &str,
        value: Option<&Value>,
        required: bool,
        bounds: Bounds,
        errors: &mut Vec<ValidationError>,
    ) {
        let site = FieldSite::Element(id);
        if let Some(value) = value.filter(|v| !is_empty(v))
            && let Some((path, message)) =
                shape::problem(self, id, element, answer_path, value, &bounds)
        {
            errors.push(self.error(&path, site, &message, None, Level::Error));
            return;
        }
        let field = Field::of_element(element, site, required, bounds);
        if field.check(self, answer_path, value, errors) {
            return;
        }
        let Some(value) = value.filter(|v| !is_empty(v)) else {
            return;
        };
        match &element.kind {
            ElementKind::RadioGroup(select)
            | ElementKind::Dropdown(select)
            | ElementKind::Checkbox(select)
            | ElementKind::Tagbox(select)
            | ElementKind::Ranking(RankingProps { select, .. })
            | ElementKind::ImagePicker(ImagePickerProps { select, .. }) => {
                self.select(element, select, site, answer_path, value, errors);
            }
            ElementKind::Matrix(matrix) if matrix.each_row_required == Some(true) => {
                let answered = |row: &Value| {
                    value
                        .get(crate::form::value_as_text(row).as_ref())
                        .is_some_and(|v| !is_empty(v))
                };
                let rows = self
                    .state
                    .shown_items(id, ItemList::Rows, self.entry, self.locale);
                if rows.iter().any(|row| !answered(&row.choice.value)) {
                    errors.push(self.error(
                        answer_path,
                        site,
                        &Message::RowRequired,
                        None,
                        Level::Error,
                    ));
                }
            }
            ElementKind::MatrixDropdown(matrix) => {
                let rows = self
                    .state
                    .shown_items(id, ItemList::Rows, self.entry, self.locale);
                for (index, row) in rows.iter().enumerate() {
                    let key = crate::form::value_as_text(&row.choice.value);
                    let cells = value.get(key.as_ref());
                    let position = Position {
                        key: Some(&row.choice.value),
                        ..Position::at(index)
                    };
                    self.row(
                        id,
                        &matrix.columns,
                        &format!("{answer_path}.{key}"),
                        (cells, position),
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
                    site,
                    errors,
                );
                for (i, cells) in rows.iter().enumerate() {
                    self.row(
                        id,
                        &matrix.columns,
                        &format!("{answer_path}[{i}]"),
                        (Some(cells), Position::among(rows, i)),
                        errors,
                    );
                }
                self.unique_columns(id, &matrix.columns, rows, answer_path, errors);
            }
            ElementKind::MultipleText(multiple) => {
                for (k, item) in multiple.items.iter().enumerate() {
                    let item_id = TextItemId::new(k);
                    let rule = |slot| {
                        self.state
                            .form()
                            .element_rule(id, ElementSlot::TextItem(item_id, slot))
                    };
                    let bounds = (
                        self.evaluate(rule(TextItemSlot::MinValue)),
                        self.evaluate(rule(TextItemSlot::MaxValue)),
                    );
                    let field = Field::of_item(item, FieldSite::TextItem(id, item_id), bounds);
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
                    site,
                    errors,
                );
                self.entries(id, answer_path, entries, errors);
            }
            ElementKind::Matrix(_)
            | ElementKind::Text(_)
            | ElementKind::Comment(_)
            | ElementKind::Boolean(_)
            | ElementKind::Rating(_)
            | ElementKind::Panel(_)
            | ElementKind::Expression(_)
            | ElementKind::Html(_)
            | ElementKind::Slider(_)
            | ElementKind::Image(_)
            | ElementKind::Unknown(_) => {}
        }
    }

    fn select(
        &self,
        element: &Element,
        select: &crate::form::SelectProps,
        site: FieldSite,
        answer_path: &str,
        value: &Value,
        errors: &mut Vec<ValidationError>,
    ) {
        // `minSelectedChoices`/`maxSelectedChoices` are only read for the multiple-choice types.
        {
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
                    site,
                    &Message::TooFewSelected(min),
                    None,
                    Level::Error,
                ));
                return;
            }
            if let Some(max) = max.filter(|max| selected > *max) {
                errors.push(self.error(
                    answer_path,
                    site,
                    &Message::TooManySelected(max),
                    None,
                    Level::Error,
                ));
                return;
            }
        }
        if select.show_other_item == Some(true) && shape::picked(value, shape::OTHER) {
            // SurveyJS keeps the text beside the answer: `name-Comment` at survey level, inside
            // the entry for a question of a dynamic panel.
            let comment_path = format!("{answer_path}-Comment");
            let comment = crate::expression::resolve_path(self.state.answers(), &comment_path)
                .cloned()
                .or_else(|| self.context.value(&format!("{}-Comment", element.name)));
            if comment.as_ref().is_none_or(is_empty) {
                errors.push(self.error(
                    answer_path,
                    site,
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
        site: FieldSite,
        errors: &mut Vec<ValidationError>,
    ) {
        let count = count as u64;
        if let Some(min) = min.filter(|min| count < *min) {
            errors.push(self.error(
                answer_path,
                site,
                &Message::TooFewEntries(min),
                None,
                Level::Error,
            ));
        } else if let Some(max) = max.filter(|max| *max > 0 && count > *max) {
            errors.push(self.error(
                answer_path,
                site,
                &Message::TooManyEntries(max),
                None,
                Level::Error,
            ));
        }
    }

    /// One matrix row: each visible column's cell. `row`: its cells and where it stands.
    fn row(
        &self,
        matrix: ElementId,
        columns: &[MatrixColumn],
        row_path: &str,
        row: (Option<&Value>, Position<'_>),
        errors: &mut Vec<ValidationError>,
    ) {
        let empty = Value::Object(serde_json::Map::new());
        let (cells, position) = row;
        let cells = cells.unwrap_or(&empty);
        let scoped = ScopedContext {
            outer: self.context,
            prefix: "row",
            value: cells,
            position: Some(position),
        };
        let here = MatrixRow {
            value: cells,
            position: Some(position),
        };
        let in_row = Checker {
            state: self.state,
            locale: self.locale,
            context: &scoped,
            entry: self.entry,
        };
        for (c, column) in columns.iter().enumerate() {
            let column_id = ColumnId::new(c);
            if !self
                .state
                .is_cell_visible(matrix, column_id, here, self.entry)
            {
                continue;
            }
            let required = self
                .state
                .is_cell_required(matrix, column_id, here, self.entry);
            let field = Field::of_column(column, FieldSite::Column(matrix, column_id), required);
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
        matrix: ElementId,
        columns: &[MatrixColumn],
        rows: &[Value],
        answer_path: &str,
        errors: &mut Vec<ValidationError>,
    ) {
        for (c, column) in columns.iter().enumerate() {
            if column.is_unique != Some(true) {
                continue;
            }
            let mut seen: Vec<&Value> = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                let Some(cell) = row.get(&column.name).filter(|v| !is_empty(v)) else {
                    continue;
                };
                if seen.contains(&cell) {
                    let path = format!("{answer_path}[{i}].{}", column.name);
                    errors.push(self.error(
                        &path,
                        FieldSite::Column(matrix, ColumnId::new(c)),
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

    /// Every shown entry of a dynamic panel: its visible template elements, in the entry's
    /// context.
    fn entries(
        &self,
        panel: ElementId,
        answer_path: &str,
        entries: &[Value],
        errors: &mut Vec<ValidationError>,
    ) {
        let form = self.state.form();
        let members: Vec<ElementId> = form.template_members(panel).collect();
        for (index, entry) in entries.iter().enumerate() {
            let scoped = ScopedContext {
                outer: self.context,
                prefix: "panel",
                value: entry,
                position: Some(Position::among(entries, index)),
            };
            // In this context, so that entries of nested dynamic panels see their own entry
            // (`{panel.x}`) and the one around it (`{parentPanel.x}`).
            let template_visible = form.element_rule(panel, ElementSlot::TemplateVisible);
            if self.state.is_visible(panel)
                && template_visible
                    .is_some_and(|c| !crate::expression::is_true(&self.state.evaluate(c, &scoped)))
            {
                continue;
            }
            let in_entry = Checker {
                state: self.state,
                locale: self.locale,
                context: &scoped,
                entry: Some(index),
            };
            for &id in &members {
                let (Some(element), Some(info)) = (form.element(id), form.info(id)) else {
                    continue;
                };
                if !element.kind.has_value() || !self.state.is_visible_within(id, panel, &scoped) {
                    continue;
                }
                let rule = |slot| form.element_rule(id, slot);
                let required =
                    element.required() || in_entry.holds(rule(ElementSlot::Required)) == Some(true);
                let bounds = (
                    in_entry.evaluate(rule(ElementSlot::MinValue)),
                    in_entry.evaluate(rule(ElementSlot::MaxValue)),
                );
                in_entry.element(
                    id,
                    element,
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
