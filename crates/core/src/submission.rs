//! Judging a finished set of answers: exactly what the server decides for a submission, and
//! what `pq validate` prints.
//!
//! Judging also says which answers are kept ([`Verdict::answers`]), as SurveyJS does when a
//! survey is completed:
//! - answers of questions hidden at completion are removed (the form's
//!   `clearInvisibleValues`, default `"onComplete"`; `"none"` keeps them; a question's own
//!   `clearIfInvisible: "none"` keeps its answer), also inside dynamic panel entries;
//! - the text beside "Other" (`name-Comment`) is removed when "Other" is not picked;
//! - answers to names the form does not know are removed, each with a warning: they are never
//!   stored nor exported.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::compile::{CompiledForm, ElementId};
use crate::expression::Date;
use crate::form::{ClearInvisibleValues, ElementKind};
use crate::state::FormState;
use crate::validation::{
    COMMENT_SUFFIX, Level, ValidationError, control_character_errors, validate,
};

/// The decision on one submission's answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// No blocking error (warnings allowed).
    pub valid: bool,
    /// Errors and warnings, in form order; then the warnings about removed answers.
    pub errors: Vec<ValidationError>,
    /// Every calculated value, by name (also those not included into the result).
    pub calculated: Map<String, Value>,
    /// The answers to keep (see the module's documentation).
    pub answers: Map<String, Value>,
}

/// Runs the form over `answers` as the app would, then validates every visible answer, and
/// refuses control characters in any text answer (visible or not: it would be stored);
/// messages are in `locale`.
pub fn judge(
    form: Arc<CompiledForm>,
    answers: Map<String, Value>,
    locale: &str,
    today: Date,
) -> Verdict {
    let control = control_character_errors(&answers, locale);
    let state = FormState::new(form, answers, today);
    let mut errors = validate(&state, locale);
    errors.extend(control);
    let (kept, removed) = kept_answers(&state);
    #[cfg(feature = "nfc")]
    let kept = nfc::normalized(kept);
    errors.extend(
        removed
            .into_iter()
            .map(|name| unknown_answer(&name, locale)),
    );
    Verdict {
        valid: errors.iter().all(|e| !e.level.is_error()),
        errors,
        calculated: state.calculated().clone(),
        answers: kept,
    }
}

fn unknown_answer(name: &str, locale: &str) -> ValidationError {
    let message = if crate::display::is_vietnamese(locale) {
        format!("Biểu mẫu không có câu hỏi “{name}”: câu trả lời này đã bị bỏ, không được lưu.")
    } else {
        format!("The form has no question “{name}”: this answer was dropped, not stored.")
    };
    ValidationError {
        path: name.to_owned(),
        element: String::new(),
        element_id: None,
        message,
        level: Level::Warning,
    }
}

/// The answers to keep at completion, and the names removed because the form does not know
/// them.
pub fn kept_answers(state: &FormState) -> (Map<String, Value>, Vec<String>) {
    let form = state.form();
    let clear_hidden = form.definition().clear_invisible_values() != ClearInvisibleValues::None;
    let mut kept = Map::new();
    let mut unknown = Vec::new();
    for (name, value) in state.answers() {
        let (owner, comment) = match form.element_id(name) {
            Some(id) => (Some(id), false),
            None => match name.strip_suffix(COMMENT_SUFFIX) {
                Some(base) => (form.element_id(base), true),
                None => (None, false),
            },
        };
        let Some(id) = owner
            .filter(|id| answers_here(form, *id))
            .filter(|id| !comment || has_comment(form, *id))
        else {
            unknown.push(name.clone());
            continue;
        };
        if clear_hidden && !state.is_visible(id) && !keeps_hidden(form, id) {
            continue;
        }
        let answer = form.info(id).and_then(|info| state.value(&info.name));
        if comment && !comment_belongs(form, id, answer) {
            continue;
        }
        let dynamic_panel = form
            .element(id)
            .is_some_and(|e| matches!(e.kind, ElementKind::PanelDynamic(_)));
        let value = if dynamic_panel && clear_hidden && !comment {
            kept_entries(state, id, value)
        } else {
            value.clone()
        };
        kept.insert(name.clone(), value);
    }
    (kept, unknown)
}

/// Whether the element holds an answer of its own (an element of a type PQ Survey does not
/// know keeps whatever it was given).
fn answers_here(form: &CompiledForm, id: ElementId) -> bool {
    form.element(id)
        .is_some_and(|e| e.kind.has_value() || matches!(e.kind, ElementKind::Unknown(_)))
}

/// `clearIfInvisible: "none"` on the element keeps its answer while hidden.
fn keeps_hidden(form: &CompiledForm, id: ElementId) -> bool {
    form.element(id)
        .and_then(|e| e.clear_if_invisible.as_deref())
        .is_some_and(|c| c.eq_ignore_ascii_case("none"))
}

/// Whether the element has a comment area of its own (SurveyJS's `showCommentArea`).
fn comment_area(form: &CompiledForm, id: ElementId) -> bool {
    form.element(id).is_some_and(|element| {
        ["showCommentArea", "hasComment"]
            .iter()
            .any(|key| element.extra.get(*key) == Some(&Value::Bool(true)))
    })
}

/// Whether `name-Comment` can be an answer of the element: it has "Other" or a comment area.
fn has_comment(form: &CompiledForm, id: ElementId) -> bool {
    comment_area(form, id)
        || form
            .element(id)
            .and_then(|e| e.kind.select())
            .is_some_and(|s| s.show_other_item == Some(true))
}

/// The text beside "Other" is kept when the answer picks "Other" (always, with a comment
/// area).
fn comment_belongs(form: &CompiledForm, id: ElementId, answer: Option<&Value>) -> bool {
    comment_area(form, id)
        || answer.is_some_and(|a| crate::validation::picked(a, crate::validation::OTHER))
}

/// A dynamic panel's entries without the answers of questions hidden in each entry.
fn kept_entries(state: &FormState, panel: ElementId, value: &Value) -> Value {
    let Value::Array(entries) = value else {
        return value.clone();
    };
    let form = state.form();
    let members: Vec<(ElementId, &str)> = form
        .template_members(panel)
        .filter_map(|id| form.info(id).map(|info| (id, info.name.as_str())))
        .collect();
    let kept = entries
        .iter()
        .enumerate()
        .map(|(index, entry)| match entry {
            Value::Object(fields) => {
                let mut fields = fields.clone();
                for (id, name) in &members {
                    if !state.is_visible_in_entry(*id, index) && !keeps_hidden(form, *id) {
                        fields.remove(*name);
                        fields.remove(&format!("{name}{COMMENT_SUFFIX}"));
                    }
                }
                Value::Object(fields)
            }
            other => other.clone(),
        })
        .collect();
    Value::Array(kept)
}

/// Unicode NFC for every text of the kept answers: "ệ" typed as e + two combining marks and
/// as one precomposed letter are stored alike, so searches and counts agree. (The server
/// enables it; the browser sends what the input gave.)
#[cfg(feature = "nfc")]
mod nfc {
    use serde_json::{Map, Value};
    use unicode_normalization::{UnicodeNormalization, is_nfc};

    pub fn normalized(mut map: Map<String, Value>) -> Map<String, Value> {
        normalize_map(&mut map);
        map
    }

    fn normalize_map(map: &mut Map<String, Value>) {
        for value in map.values_mut() {
            normalize(value);
        }
    }

    fn normalize(value: &mut Value) {
        match value {
            Value::String(text) if !is_nfc(text) => *text = text.nfc().collect(),
            Value::Array(items) => items.iter_mut().for_each(normalize),
            Value::Object(fields) => normalize_map(fields),
            _ => {}
        }
    }
}
