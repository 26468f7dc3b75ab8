//! Visiting a definition: every element, and every expression, with its JSON path.
//!
//! Paths are the same ones load diagnostics use, so a checker can report
//! `pages[2].elements[4].visibleIf` and a person can find it in the JSON.

use super::choice::Choice;
use super::definition::FormDefinition;
use super::element::{Element, MatrixColumn};
use super::kinds::{ElementKind, ImagePickerProps, RankingProps};
use super::load::{index, join};
use super::validator::{Validator, ValidatorKind};
use crate::ids::{
    CalculatedId, ChoiceId, ColumnId, ColumnSlot, ElementId, ElementSlot, ItemCondition, ItemList,
    PageId, PageSlot, Slot, TextItemId, TextItemSlot, ValidatorId,
};

/// An element found by [`FormDefinition::walk`].
#[derive(Clone, Debug)]
pub struct ElementRef<'a> {
    /// The element.
    pub element: &'a Element,
    /// Its JSON path, e.g. `pages[0].elements[3].templateElements[1]`.
    pub path: String,
    /// Path of the object holding the list it is in: its page (`pages[0]`, or `""` for a survey
    /// written without pages) or its parent panel.
    pub container_path: String,
    /// Index of its page in [`FormDefinition::pages`].
    pub page_index: usize,
    /// The `panel` or `paneldynamic` it is directly inside, if any.
    pub parent: Option<&'a Element>,
    /// Name of the innermost `paneldynamic` whose template it belongs to: its answer is stored
    /// per entry of that panel, and `{panel.x}` in its expressions refers to that entry.
    pub parent_dynamic_panel: Option<&'a str>,
    /// Nesting depth: 0 for elements directly on a page.
    pub depth: usize,
}

/// What an expression must produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExpressionKind {
    /// A condition (`visibleIf`, `enableIf`, `requiredIf`, expression validators…): true/false.
    Condition,
    /// A value (`defaultValueExpression`, `expression` elements, calculated values…).
    Value,
}

/// An expression-bearing property found by [`FormDefinition::expressions`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpressionSite<'a> {
    /// What the expression decides, by typed ids ([`ElementId`]s count in
    /// [`FormDefinition::walk`]'s order).
    pub slot: Slot,
    /// JSON path of the property, e.g. `pages[2].elements[4].visibleIf`: for messages only.
    pub path: String,
    /// The expression text (never blank: blank properties mean "no expression" and are skipped).
    pub text: &'a str,
    /// Condition or value.
    pub kind: ExpressionKind,
    /// The property's name (`"visibleIf"`, `"expression"`, `"choicesVisibleIf"`…).
    pub property: &'static str,
    /// The innermost `paneldynamic` whose entries the expression is evaluated in (`{panel.x}`
    /// refers to the entry); `None` at survey level.
    pub scope: Option<&'a str>,
    /// The matrix whose rows the expression is evaluated in (`{row.x}` refers to the row's
    /// cells): set for matrix column properties.
    pub matrix: Option<&'a str>,
    /// Name of the element the expression belongs to (`None` for pages and calculated values).
    pub element: Option<&'a str>,
    /// Whether `{item}` names the choice, row or column being tested (choice-level conditions).
    pub item_variable: bool,
    /// Index of the page it is on (`None` for calculated values).
    pub page_index: Option<usize>,
}

impl FormDefinition {
    /// Every element in document order (a panel before its contents), including elements
    /// nested in panels and the template elements of dynamic panels.
    pub fn walk(&self) -> Vec<ElementRef<'_>> {
        let mut out = Vec::new();
        for (i, page) in self.pages.iter().enumerate() {
            let page_path = self.page_path(i);
            let list = Level {
                container: &page_path,
                key: page.shape.key("elements"),
                page_index: i,
            };
            walk_list(&page.elements, &list, None, None, 0, &mut out);
        }
        out
    }

    /// Every expression-bearing property, in document order, with its JSON path: page
    /// `visibleIf`/`enableIf`; element `visibleIf`, `enableIf`, `requiredIf`,
    /// `defaultValueExpression`, `minValueExpression`, `maxValueExpression`; expression
    /// validators; `expression` elements; `choicesVisibleIf`/`choicesEnableIf` and per-item
    /// `visibleIf`/`enableIf` of choices, rows, columns and rate values; `rowsVisibleIf`,
    /// `columnsVisibleIf`; matrix column conditions, `expression`, `defaultValueExpression` and
    /// `totalExpression`; `templateVisibleIf`; multiple-text item expressions; and
    /// `calculatedValues`.
    pub fn expressions(&self) -> Vec<ExpressionSite<'_>> {
        let mut out = Vec::new();
        let elements = self.walk();
        let mut elements = elements.iter().enumerate().peekable();
        for (i, page) in self.pages.iter().enumerate() {
            let mut sites = Sites {
                out: &mut out,
                scope: None,
                matrix: None,
                element: None,
                page_index: Some(i),
            };
            let page_path = self.page_path(i);
            let page_id = PageId::new(i);
            sites.condition(
                Slot::Page(page_id, PageSlot::Visible),
                &page_path,
                "visibleIf",
                &page.visible_if,
            );
            sites.condition(
                Slot::Page(page_id, PageSlot::Enable),
                &page_path,
                "enableIf",
                &page.enable_if,
            );
            while let Some((id, r)) = elements.next_if(|(_, r)| r.page_index == i) {
                element_sites(ElementId::new(id), r, &mut out);
            }
        }
        let mut sites = Sites {
            out: &mut out,
            scope: None,
            matrix: None,
            element: None,
            page_index: None,
        };
        for (i, value) in self.calculated_values.iter().enumerate() {
            sites.value(
                Slot::Calculated(CalculatedId::new(i)),
                &index("calculatedValues", i),
                "expression",
                &value.expression,
            );
        }
        out
    }
}

struct Level<'p> {
    container: &'p str,
    key: &'static str,
    page_index: usize,
}

fn walk_list<'a>(
    elements: &'a [Element],
    level: &Level<'_>,
    parent: Option<&'a Element>,
    dynamic_panel: Option<&'a str>,
    depth: usize,
    out: &mut Vec<ElementRef<'a>>,
) {
    let list_path = join(level.container, level.key);
    for (j, element) in elements.iter().enumerate() {
        let path = index(&list_path, j);
        out.push(ElementRef {
            element,
            path: path.clone(),
            container_path: level.container.to_owned(),
            page_index: level.page_index,
            parent,
            parent_dynamic_panel: dynamic_panel,
            depth,
        });
        let Some((key, _)) = element.kind.nested() else {
            continue;
        };
        // A dynamic panel's template is its own scope; a panel's elements share the outer one.
        let inner_panel = if matches!(element.kind, ElementKind::PanelDynamic(_)) {
            Some(element.name.as_str())
        } else {
            dynamic_panel
        };
        let inner = Level {
            container: &path,
            key: element.shape.key(key),
            page_index: level.page_index,
        };
        walk_list(
            element.children(),
            &inner,
            Some(element),
            inner_panel,
            depth + 1,
            out,
        );
    }
}

/// Collects sites with a fixed context.
struct Sites<'a, 'o> {
    out: &'o mut Vec<ExpressionSite<'a>>,
    scope: Option<&'a str>,
    matrix: Option<&'a str>,
    element: Option<&'a str>,
    page_index: Option<usize>,
}

impl<'a> Sites<'a, '_> {
    fn push(
        &mut self,
        slot: Slot,
        base: &str,
        property: &'static str,
        text: &'a Option<String>,
        kind: ExpressionKind,
        item_variable: bool,
    ) {
        let Some(text) = text.as_deref().filter(|t| !t.trim().is_empty()) else {
            return;
        };
        self.out.push(ExpressionSite {
            slot,
            path: join(base, property),
            text,
            kind,
            property,
            scope: self.scope,
            matrix: self.matrix,
            element: self.element,
            item_variable,
            page_index: self.page_index,
        });
    }

    fn condition(
        &mut self,
        slot: Slot,
        base: &str,
        property: &'static str,
        text: &'a Option<String>,
    ) {
        self.push(slot, base, property, text, ExpressionKind::Condition, false);
    }

    fn item_condition(
        &mut self,
        slot: Slot,
        base: &str,
        property: &'static str,
        text: &'a Option<String>,
    ) {
        self.push(slot, base, property, text, ExpressionKind::Condition, true);
    }

    fn value(&mut self, slot: Slot, base: &str, property: &'static str, text: &'a Option<String>) {
        self.push(slot, base, property, text, ExpressionKind::Value, false);
    }

    /// Expression validators; `slot` makes the slot of the `k`-th validator.
    fn validators(
        &mut self,
        base: &str,
        validators: &'a [Validator],
        slot: impl Fn(ValidatorId) -> Slot,
    ) {
        for (k, validator) in validators.iter().enumerate() {
            if let ValidatorKind::Expression { expression } = &validator.kind {
                self.condition(
                    slot(ValidatorId::new(k)),
                    &index(&join(base, "validators"), k),
                    "expression",
                    expression,
                );
            }
        }
    }

    /// Items' own conditions; `slot` makes the slot of item `k`'s condition.
    fn items(
        &mut self,
        base: &str,
        key: &str,
        items: &'a [Choice],
        slot: impl Fn(ChoiceId, ItemCondition) -> Slot,
    ) {
        let list = join(base, key);
        for (k, item) in items.iter().enumerate() {
            let path = index(&list, k);
            let id = ChoiceId::new(k);
            self.item_condition(
                slot(id, ItemCondition::Visible),
                &path,
                "visibleIf",
                &item.visible_if,
            );
            self.item_condition(
                slot(id, ItemCondition::Enable),
                &path,
                "enableIf",
                &item.enable_if,
            );
        }
    }

    fn columns(
        &mut self,
        element: ElementId,
        base: &str,
        matrix: &'a str,
        columns: &'a [MatrixColumn],
    ) {
        let list = join(base, "columns");
        for (c, column) in columns.iter().enumerate() {
            let path = index(&list, c);
            let id = ColumnId::new(c);
            let at = |slot: ColumnSlot| Slot::Element(element, ElementSlot::Column(id, slot));
            // The total row is computed once for the matrix, not per row.
            self.value(
                at(ColumnSlot::Total),
                &path,
                "totalExpression",
                &column.total_expression,
            );
            self.matrix = Some(matrix);
            self.condition(
                at(ColumnSlot::Visible),
                &path,
                "visibleIf",
                &column.visible_if,
            );
            self.condition(at(ColumnSlot::Enable), &path, "enableIf", &column.enable_if);
            self.condition(
                at(ColumnSlot::Required),
                &path,
                "requiredIf",
                &column.required_if,
            );
            self.value(
                at(ColumnSlot::Value),
                &path,
                "expression",
                &column.expression,
            );
            self.value(
                at(ColumnSlot::DefaultValue),
                &path,
                "defaultValueExpression",
                &column.default_value_expression,
            );
            self.item_condition(
                at(ColumnSlot::ChoicesVisible),
                &path,
                "choicesVisibleIf",
                &column.choices_visible_if,
            );
            self.items(&path, "choices", &column.choices, |k, condition| {
                at(ColumnSlot::Choice(k, condition))
            });
            self.validators(&path, &column.validators, |k| at(ColumnSlot::Validator(k)));
            self.matrix = None;
        }
    }
}

fn element_sites<'a>(id: ElementId, r: &ElementRef<'a>, out: &mut Vec<ExpressionSite<'a>>) {
    let el = r.element;
    let p = r.path.as_str();
    let mut s = Sites {
        out,
        scope: r.parent_dynamic_panel,
        matrix: None,
        element: Some(el.name.as_str()).filter(|n| !n.is_empty()),
        page_index: Some(r.page_index),
    };
    let at = |slot: ElementSlot| Slot::Element(id, slot);
    let item = |list: ItemList| move |k, condition| at(ElementSlot::Item(list, k, condition));
    s.condition(at(ElementSlot::Visible), p, "visibleIf", &el.visible_if);
    s.condition(at(ElementSlot::Enable), p, "enableIf", &el.enable_if);
    s.condition(at(ElementSlot::Required), p, "requiredIf", &el.required_if);
    s.value(
        at(ElementSlot::DefaultValue),
        p,
        "defaultValueExpression",
        &el.default_value_expression,
    );
    s.validators(p, &el.validators, |k| at(ElementSlot::Validator(k)));
    match &el.kind {
        ElementKind::Text(t) => {
            s.value(
                at(ElementSlot::MinValue),
                p,
                "minValueExpression",
                &t.min_value_expression,
            );
            s.value(
                at(ElementSlot::MaxValue),
                p,
                "maxValueExpression",
                &t.max_value_expression,
            );
        }
        ElementKind::RadioGroup(c)
        | ElementKind::Dropdown(c)
        | ElementKind::Checkbox(c)
        | ElementKind::Tagbox(c)
        | ElementKind::Ranking(RankingProps { select: c, .. })
        | ElementKind::ImagePicker(ImagePickerProps { select: c, .. }) => {
            s.item_condition(
                at(ElementSlot::ChoicesVisible),
                p,
                "choicesVisibleIf",
                &c.choices_visible_if,
            );
            s.item_condition(
                at(ElementSlot::ChoicesEnable),
                p,
                "choicesEnableIf",
                &c.choices_enable_if,
            );
            s.items(p, "choices", &c.choices, item(ItemList::Choices));
        }
        ElementKind::Rating(rating) => {
            s.items(
                p,
                "rateValues",
                &rating.rate_values,
                item(ItemList::RateValues),
            );
        }
        ElementKind::Matrix(m) => {
            s.item_condition(
                at(ElementSlot::RowsVisible),
                p,
                "rowsVisibleIf",
                &m.rows_visible_if,
            );
            s.item_condition(
                at(ElementSlot::ColumnsVisible),
                p,
                "columnsVisibleIf",
                &m.columns_visible_if,
            );
            s.items(p, "rows", &m.rows, item(ItemList::Rows));
            s.items(p, "columns", &m.columns, item(ItemList::Columns));
        }
        ElementKind::MatrixDropdown(m) => {
            s.item_condition(
                at(ElementSlot::RowsVisible),
                p,
                "rowsVisibleIf",
                &m.rows_visible_if,
            );
            s.items(p, "rows", &m.rows, item(ItemList::Rows));
            s.items(p, "choices", &m.choices, item(ItemList::Choices));
            s.columns(id, p, &el.name, &m.columns);
        }
        ElementKind::MatrixDynamic(m) => {
            s.items(p, "choices", &m.choices, item(ItemList::Choices));
            s.columns(id, p, &el.name, &m.columns);
        }
        ElementKind::PanelDynamic(d) => {
            s.scope = Some(el.name.as_str());
            s.condition(
                at(ElementSlot::TemplateVisible),
                p,
                "templateVisibleIf",
                &d.template_visible_if,
            );
        }
        ElementKind::MultipleText(m) => {
            let list = join(p, "items");
            for (k, text_item) in m.items.iter().enumerate() {
                let path = index(&list, k);
                let it = TextItemId::new(k);
                let at_item = |slot: TextItemSlot| at(ElementSlot::TextItem(it, slot));
                s.value(
                    at_item(TextItemSlot::DefaultValue),
                    &path,
                    "defaultValueExpression",
                    &text_item.default_value_expression,
                );
                s.value(
                    at_item(TextItemSlot::MinValue),
                    &path,
                    "minValueExpression",
                    &text_item.min_value_expression,
                );
                s.value(
                    at_item(TextItemSlot::MaxValue),
                    &path,
                    "maxValueExpression",
                    &text_item.max_value_expression,
                );
                s.validators(&path, &text_item.validators, |k| {
                    at_item(TextItemSlot::Validator(k))
                });
            }
        }
        ElementKind::Expression(e) => {
            s.value(at(ElementSlot::Value), p, "expression", &e.expression);
        }
        ElementKind::Slider(slider) => {
            s.value(
                at(ElementSlot::MinValue),
                p,
                "minValueExpression",
                &slider.min_value_expression,
            );
            s.value(
                at(ElementSlot::MaxValue),
                p,
                "maxValueExpression",
                &slider.max_value_expression,
            );
        }
        ElementKind::Comment(_)
        | ElementKind::Boolean(_)
        | ElementKind::Panel(_)
        | ElementKind::Html(_)
        | ElementKind::Image(_)
        | ElementKind::Unknown(_) => {}
    }
}
