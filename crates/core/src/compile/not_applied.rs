//! Rules the engine reads but does not apply yet: each one gets a warning, never silence.
//!
//! Every [`Slot`] is listed here, so a new kind of rule must be decided on: applied (by the
//! state, validation and the controls), or reported as "kept, not applied".

use super::{CompiledForm, Problems};
use crate::ids::{ColumnSlot, ElementSlot, Slot, TextItemSlot};

/// Adds a warning for each expression the engine keeps but does not apply.
pub(super) fn warn(form: &CompiledForm, problems: &mut Problems) {
    for (id, compiled) in form.expression_ids() {
        if !is_applied(compiled.slot) {
            problems.warn(
                form.source_map().expression(id),
                "kept, not applied: PQ Survey does not evaluate this property yet".to_owned(),
            );
        }
    }
}

/// Whether the engine applies the expression in this slot.
pub fn is_applied(slot: Slot) -> bool {
    match slot {
        Slot::Page(..) | Slot::Calculated(_) => true,
        Slot::Element(_, element) => match element {
            ElementSlot::Visible
            | ElementSlot::Enable
            | ElementSlot::Required
            | ElementSlot::DefaultValue
            | ElementSlot::Value
            | ElementSlot::MinValue
            | ElementSlot::MaxValue
            | ElementSlot::Validator(_)
            | ElementSlot::ChoicesVisible
            | ElementSlot::ChoicesEnable
            | ElementSlot::RowsVisible
            | ElementSlot::ColumnsVisible
            | ElementSlot::TemplateVisible
            | ElementSlot::Item(..) => true,
            ElementSlot::Column(_, column) => match column {
                ColumnSlot::Visible
                | ColumnSlot::Required
                | ColumnSlot::Validator(_)
                | ColumnSlot::ChoicesVisible
                | ColumnSlot::Choice(..) => true,
                ColumnSlot::Enable
                | ColumnSlot::Value
                | ColumnSlot::DefaultValue
                | ColumnSlot::Total => false,
            },
            ElementSlot::TextItem(_, item) => match item {
                TextItemSlot::MinValue | TextItemSlot::MaxValue | TextItemSlot::Validator(_) => {
                    true
                }
                TextItemSlot::DefaultValue => false,
            },
        },
    }
}
