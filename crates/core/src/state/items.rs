//! Item lists as the respondent sees them: choices (of `radiogroup`, `dropdown`, `checkbox`,
//! `tagbox`, `ranking` and `imagepicker`), matrix rows and columns, rating values,
//! with their conditions applied (`choicesVisibleIf`, `choicesEnableIf`, each item's
//! `visibleIf`/`enableIf`, `rowsVisibleIf`, `columnsVisibleIf`, matrix columns' `visibleIf`)
//! and `choicesOrder`.
//!
//! The controls draw exactly these lists and validation accepts exactly these values, so a
//! hidden choice is neither offered nor accepted.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::{FormState, Position, ScopedContext};
use crate::compile::{ElementId, ExprId};
use crate::expression::{Context, is_true};
use crate::form::{Choice, ElementKind, ImagePickerProps, MatrixColumn, RankingProps};
use crate::ids::{ChoiceId, ColumnId, ColumnSlot, ElementSlot, ItemCondition, ItemList};

/// One row of a typed matrix: its cells (`{row.x}`) and, when known, where it stands
/// (`{rowIndex}`, `{rowValue}`, `{prevRow.x}`).
#[derive(Clone, Copy, Debug)]
pub struct MatrixRow<'a> {
    pub value: &'a Value,
    pub position: Option<Position<'a>>,
}

impl<'a> From<&'a Value> for MatrixRow<'a> {
    fn from(value: &'a Value) -> Self {
        MatrixRow {
            value,
            position: None,
        }
    }
}

/// An item as shown: the item, its position in the definition, and whether it can be picked.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownItem<'a> {
    pub id: ChoiceId,
    pub choice: &'a Choice,
    pub enabled: bool,
}

/// The conditions of one item list.
struct ListRules {
    /// `choicesVisibleIf` / `rowsVisibleIf` / `columnsVisibleIf` (`{item}`).
    list_visible: Option<ExprId>,
    /// `choicesEnableIf` (`{item}`).
    list_enable: Option<ExprId>,
    /// An item's own condition.
    item: Box<dyn Fn(ChoiceId, ItemCondition) -> Option<ExprId>>,
}

/// One of an element's item lists, with its `choicesOrder`; `None` when the element has no such
/// list.
fn item_list(kind: &ElementKind, list: ItemList) -> Option<(&[Choice], Option<&str>)> {
    fn only(
        list: ItemList,
        wanted: ItemList,
        items: &[Choice],
    ) -> Option<(&[Choice], Option<&str>)> {
        (list == wanted).then_some((items, None))
    }
    match kind {
        ElementKind::RadioGroup(s)
        | ElementKind::Dropdown(s)
        | ElementKind::Checkbox(s)
        | ElementKind::Tagbox(s)
        | ElementKind::Ranking(RankingProps { select: s, .. })
        | ElementKind::ImagePicker(ImagePickerProps { select: s, .. }) => {
            (list == ItemList::Choices).then_some((&s.choices[..], s.choices_order.as_deref()))
        }
        ElementKind::Rating(r) => only(list, ItemList::RateValues, &r.rate_values),
        ElementKind::Matrix(m) => match list {
            ItemList::Rows => Some((&m.rows, None)),
            ItemList::Columns => Some((&m.columns, None)),
            ItemList::Choices | ItemList::RateValues => None,
        },
        ElementKind::MatrixDropdown(m) => match list {
            ItemList::Rows => Some((&m.rows, None)),
            ItemList::Choices => Some((&m.choices, None)),
            ItemList::Columns | ItemList::RateValues => None,
        },
        ElementKind::MatrixDynamic(m) => only(list, ItemList::Choices, &m.choices),
        ElementKind::Text(_)
        | ElementKind::Comment(_)
        | ElementKind::Boolean(_)
        | ElementKind::PanelDynamic(_)
        | ElementKind::Panel(_)
        | ElementKind::MultipleText(_)
        | ElementKind::Expression(_)
        | ElementKind::Html(_)
        | ElementKind::Slider(_)
        | ElementKind::Image(_)
        | ElementKind::Unknown(_) => None,
    }
}

impl FormState {
    /// The items of one of an element's lists as the respondent sees them, in the order the
    /// form asks for. `entry` is the dynamic panel entry for elements of a panel's template
    /// (ignored for others); `locale` orders `choicesOrder: "asc"/"desc"` by shown text.
    pub fn shown_items(
        &self,
        id: ElementId,
        list: ItemList,
        entry: Option<usize>,
        locale: &str,
    ) -> Vec<ShownItem<'_>> {
        let Some(element) = self.form.element(id) else {
            return Vec::new();
        };
        let Some((items, order)) = item_list(&element.kind, list) else {
            return Vec::new();
        };
        let form = self.form_arc();
        let list_visible = match list {
            ItemList::Choices => form.element_rule(id, ElementSlot::ChoicesVisible),
            ItemList::Rows => form.element_rule(id, ElementSlot::RowsVisible),
            ItemList::Columns => form.element_rule(id, ElementSlot::ColumnsVisible),
            ItemList::RateValues => None,
        };
        let rules = ListRules {
            list_visible,
            list_enable: (list == ItemList::Choices)
                .then(|| form.element_rule(id, ElementSlot::ChoicesEnable))
                .flatten(),
            item: Box::new(move |k, condition| {
                form.element_rule(id, ElementSlot::Item(list, k, condition))
            }),
        };
        let mut shown = self.in_element_context(id, entry, |context| {
            self.filter_items(items, &rules, context)
        });
        self.order_items(&mut shown, order, locale);
        shown
    }

    /// The choices of a matrix column's cell in one row (`row` holds the row's cells): the
    /// column's own choices, else the matrix's.
    pub fn shown_cell_choices<'r>(
        &self,
        matrix: ElementId,
        column: ColumnId,
        row: impl Into<MatrixRow<'r>>,
        entry: Option<usize>,
    ) -> Vec<ShownItem<'_>> {
        let row = row.into();
        let Some(col) = self.column(matrix, column) else {
            return Vec::new();
        };
        if col.choices.is_empty() {
            // The matrix's shared choices, with their own conditions.
            let Some(element) = self.form.element(matrix) else {
                return Vec::new();
            };
            let Some(typed) = element.kind.typed_matrix() else {
                return Vec::new();
            };
            let shared = typed.choices;
            let form = self.form_arc();
            let rules = ListRules {
                list_visible: None,
                list_enable: None,
                item: Box::new(move |k, condition| {
                    form.element_rule(matrix, ElementSlot::Item(ItemList::Choices, k, condition))
                }),
            };
            return self.in_row_context(matrix, row, entry, |context| {
                self.filter_items(shared, &rules, context)
            });
        }
        let form = self.form_arc();
        let at =
            move |slot: ColumnSlot| form.element_rule(matrix, ElementSlot::Column(column, slot));
        let rules = ListRules {
            list_visible: at(ColumnSlot::ChoicesVisible),
            list_enable: None,
            item: Box::new(move |k, condition| at(ColumnSlot::Choice(k, condition))),
        };
        self.in_row_context(matrix, row, entry, |context| {
            self.filter_items(&col.choices, &rules, context)
        })
    }

    /// Whether a matrix column's cell is shown in one row: not `visible: false`, and its
    /// `visibleIf` holds with `{row.x}` set to the row's cells.
    pub fn is_cell_visible<'r>(
        &self,
        matrix: ElementId,
        column: ColumnId,
        row: impl Into<MatrixRow<'r>>,
        entry: Option<usize>,
    ) -> bool {
        let Some(col) = self.column(matrix, column) else {
            return false;
        };
        col.visible != Some(false)
            && self
                .cell_condition(matrix, column, ColumnSlot::Visible, row.into(), entry)
                .unwrap_or(true)
    }

    /// Whether a matrix column's cell must be answered in one row (`isRequired`, or
    /// `requiredIf` holding for the row).
    pub fn is_cell_required<'r>(
        &self,
        matrix: ElementId,
        column: ColumnId,
        row: impl Into<MatrixRow<'r>>,
        entry: Option<usize>,
    ) -> bool {
        let Some(col) = self.column(matrix, column) else {
            return false;
        };
        col.is_required == Some(true)
            || self
                .cell_condition(matrix, column, ColumnSlot::Required, row.into(), entry)
                .unwrap_or(false)
    }

    /// A column's condition evaluated for one row (`None`: the column has no such condition).
    fn cell_condition(
        &self,
        matrix: ElementId,
        column: ColumnId,
        slot: ColumnSlot,
        row: MatrixRow<'_>,
        entry: Option<usize>,
    ) -> Option<bool> {
        let condition = self
            .form
            .element_rule(matrix, ElementSlot::Column(column, slot))?;
        Some(self.in_row_context(matrix, row, entry, |context| {
            is_true(&self.evaluate(condition, context))
        }))
    }

    /// The columns of a `matrixdropdown`/`matrixdynamic` to draw: those shown in at least one
    /// of `rows` (or, with no rows, in an empty one) — as SurveyJS hides a column only when
    /// no row shows its cell.
    pub fn shown_columns(
        &self,
        matrix: ElementId,
        rows: &[Value],
        entry: Option<usize>,
    ) -> Vec<ColumnId> {
        let count = self.columns_of(matrix).map_or(0, <[MatrixColumn]>::len);
        let empty = [Value::Object(Map::new())];
        let rows = if rows.is_empty() { &empty[..] } else { rows };
        (0..count)
            .map(ColumnId::new)
            .filter(|c| {
                (0..rows.len()).any(|i| {
                    let row = MatrixRow {
                        value: &rows[i],
                        position: Some(Position::among(rows, i)),
                    };
                    self.is_cell_visible(matrix, *c, row, entry)
                })
            })
            .collect()
    }

    /// A matrix's typed columns.
    pub fn columns_of(&self, matrix: ElementId) -> Option<&[MatrixColumn]> {
        self.form
            .element(matrix)?
            .kind
            .typed_matrix()
            .map(|m| m.columns)
    }

    fn column(&self, matrix: ElementId, column: ColumnId) -> Option<&MatrixColumn> {
        self.columns_of(matrix)?.get(column.index())
    }

    /// The items whose conditions hold in `context`.
    fn filter_items<'i>(
        &self,
        items: &'i [Choice],
        rules: &ListRules,
        context: &dyn Context,
    ) -> Vec<ShownItem<'i>> {
        let holds = |condition: Option<ExprId>, item: &Value| {
            condition.is_none_or(|condition| {
                let scoped = ScopedContext {
                    outer: context,
                    prefix: "item",
                    value: item,
                    position: None,
                };
                is_true(&self.evaluate(condition, &scoped))
            })
        };
        items
            .iter()
            .enumerate()
            .map(|(k, choice)| (ChoiceId::new(k), choice))
            .filter(|(k, choice)| {
                holds(rules.list_visible, &choice.value)
                    && holds((rules.item)(*k, ItemCondition::Visible), &choice.value)
            })
            .map(|(k, choice)| ShownItem {
                id: k,
                choice,
                enabled: holds(rules.list_enable, &choice.value)
                    && holds((rules.item)(k, ItemCondition::Enable), &choice.value),
            })
            .collect()
    }

    /// `choicesOrder`: `asc`/`desc` by shown text, `random` by the state's order seed.
    fn order_items(&self, items: &mut [ShownItem<'_>], order: Option<&str>, locale: &str) {
        let text = |item: &ShownItem<'_>| -> Cow<'_, str> {
            Cow::Owned(item.choice.display_text(locale).to_lowercase())
        };
        match order.map(str::to_ascii_lowercase).as_deref() {
            Some("asc") => items.sort_by_cached_key(|i| text(i).into_owned()),
            Some("desc") => {
                items.sort_by_cached_key(|i| text(i).into_owned());
                items.reverse();
            }
            Some("random") => shuffle(items, self.order_seed),
            _ => {}
        }
    }

    /// Runs `f` with the variables an element's conditions see: the survey's, and for an
    /// element of a dynamic panel's template, entry `entry` of that panel (`{panel.x}`).
    pub(crate) fn in_element_context<R>(
        &self,
        id: ElementId,
        entry: Option<usize>,
        f: impl FnOnce(&dyn Context) -> R,
    ) -> R {
        let panel = self.form.info(id).and_then(|info| info.dynamic_panel);
        match (panel, entry) {
            (Some(panel), Some(index)) => self.in_entry(panel, index, f),
            _ => f(&self.context()),
        }
    }

    /// Runs `f` with the variables of one matrix row (`{row.x}`) inside the matrix's context.
    fn in_row_context<R>(
        &self,
        matrix: ElementId,
        row: MatrixRow<'_>,
        entry: Option<usize>,
        f: impl FnOnce(&dyn Context) -> R,
    ) -> R {
        self.in_element_context(matrix, entry, |outer| {
            let scoped = ScopedContext {
                outer,
                prefix: "row",
                value: row.value,
                position: row.position,
            };
            f(&scoped)
        })
    }
}

/// A seed for [`FormState::set_order_seed`] from a stable text (a record's id): FNV-1a.
pub fn order_seed_of(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A Fisher–Yates shuffle driven by a xorshift generator: the same seed, the same order.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed ^ 0x9e37_79b9_7f4a_7c15;
    for i in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = (state % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}
