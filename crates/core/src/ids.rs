//! Typed ids for the parts of a form, and typed slots for the rules written on them.
//!
//! Everything inside the engine refers to a form's parts by these ids — never by a JSON path.
//! A path such as `pages[2].elements[4].choices[1].visibleIf` is only kept in the compiled
//! form's source map, to name the place in a message (rust-analyzer's `Idx<Expr>` and
//! `BodySourceMap` are the model).
//!
//! [`FormDefinition::expressions`](crate::form::FormDefinition::expressions) says, for every
//! expression, which [`Slot`] it fills; compiling puts the expression's id in that slot, and
//! the state, validation and the controls read the slot. An expression cannot be parsed and
//! then lost: each compiled expression has exactly one slot, and each slot holds at most one
//! expression.

/// Declares an index newtype: `u32` inside, built from and read as a `usize`.
macro_rules! index_type {
    ($($(#[$doc:meta])* $name:ident;)*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
            pub struct $name(u32);

            impl $name {
                /// The id of the `index`-th part (in document order).
                pub const fn new(index: usize) -> Self {
                    // Forms are bounded far below u32::MAX parts (the loader's limits).
                    Self(index as u32)
                }

                /// Its position in its list.
                pub const fn index(self) -> usize {
                    self.0 as usize
                }
            }

            /// The index alone (DOM ids such as `pq-q-12` are built from it).
            impl std::fmt::Display for $name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    write!(f, "{}", self.0)
                }
            }
        )*
    };
}

index_type! {
    /// An element (question, panel, static content) in document order, a panel before its
    /// contents, dynamic panels' template elements included.
    ElementId;
    /// A compiled expression.
    ExprId;
    /// A page, by position.
    PageId;
    /// A column of a `matrixdropdown` / `matrixdynamic`.
    ColumnId;
    /// An item of a `multipletext`.
    TextItemId;
    /// An entry of an item list: a choice, a matrix row or column, a rating value.
    ChoiceId;
    /// A validator of an element, column or multiple-text item.
    ValidatorId;
    /// A calculated value, by position in `calculatedValues`.
    CalculatedId;
}

/// Which list of items a [`ChoiceId`] points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemList {
    /// `choices` of a select question (or of a matrix column, or a matrix's shared choices).
    Choices,
    /// `rows` of a matrix.
    Rows,
    /// `columns` of a single-choice `matrix`.
    Columns,
    /// `rateValues` of a rating.
    RateValues,
}

/// The two conditions an item may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemCondition {
    /// Item `visibleIf`.
    Visible,
    /// Item `enableIf`.
    Enable,
}

/// Where an expression is written, as typed ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    /// A page's `visibleIf` / `enableIf`.
    Page(PageId, PageSlot),
    /// Something on an element.
    Element(ElementId, ElementSlot),
    /// A calculated value's `expression`.
    Calculated(CalculatedId),
}

/// The expressions of a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageSlot {
    Visible,
    Enable,
}

/// The expressions of an element.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ElementSlot {
    /// `visibleIf`.
    Visible,
    /// `enableIf`.
    Enable,
    /// `requiredIf`.
    Required,
    /// `defaultValueExpression`.
    DefaultValue,
    /// An `expression` element's `expression`.
    Value,
    /// `minValueExpression`.
    MinValue,
    /// `maxValueExpression`.
    MaxValue,
    /// The expression of an `expression` validator.
    Validator(ValidatorId),
    /// `choicesVisibleIf` (with `{item}`).
    ChoicesVisible,
    /// `choicesEnableIf` (with `{item}`).
    ChoicesEnable,
    /// `rowsVisibleIf` (with `{item}`).
    RowsVisible,
    /// `columnsVisibleIf` (with `{item}`).
    ColumnsVisible,
    /// A dynamic panel's `templateVisibleIf` (per entry, with `{panel.x}`).
    TemplateVisible,
    /// An item's own `visibleIf` / `enableIf`.
    Item(ItemList, ChoiceId, ItemCondition),
    /// Something on a matrix column.
    Column(ColumnId, ColumnSlot),
    /// Something on a multiple-text item.
    TextItem(TextItemId, TextItemSlot),
}

/// The expressions of a matrix column (evaluated per row, `{row.x}`; the total once).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColumnSlot {
    Visible,
    Enable,
    Required,
    /// An `expression` column's cell value.
    Value,
    DefaultValue,
    /// `totalExpression`: the total row, once per matrix.
    Total,
    /// `choicesVisibleIf` (with `{item}`).
    ChoicesVisible,
    /// A choice's own `visibleIf` / `enableIf`.
    Choice(ChoiceId, ItemCondition),
    Validator(ValidatorId),
}

/// The expressions of a multiple-text item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextItemSlot {
    DefaultValue,
    MinValue,
    MaxValue,
    Validator(ValidatorId),
}

impl Slot {
    /// Whether the state keeps this expression's result up to date after every change (when
    /// it is also outside dynamic panels). The others are evaluated when needed: per item
    /// (`{item}`), per matrix row (`{row.x}`) or per dynamic panel entry (`{panel.x}`).
    pub fn is_tracked(self) -> bool {
        match self {
            Slot::Page(..) | Slot::Calculated(_) => true,
            Slot::Element(_, slot) => matches!(
                slot,
                ElementSlot::Visible
                    | ElementSlot::Enable
                    | ElementSlot::Required
                    | ElementSlot::DefaultValue
                    | ElementSlot::Value
                    | ElementSlot::MinValue
                    | ElementSlot::MaxValue
                    | ElementSlot::Validator(_)
            ),
        }
    }
}
