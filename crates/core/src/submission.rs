//! Judging a finished set of answers: exactly what the server decides for a submission, and
//! what `pq validate` prints.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::compile::CompiledForm;
use crate::expression::Date;
use crate::state::FormState;
use crate::validation::{ValidationError, control_character_errors, validate};

/// The decision on one submission's answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// No blocking error (warnings allowed).
    /// No blocking error (warnings allowed).
    pub valid: bool,
    /// Errors and warnings, in form order.
    pub errors: Vec<ValidationError>,
    /// Every calculated value, by name (also those not included into the result).
    pub calculated: Map<String, Value>,
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
    Verdict {
        valid: errors.iter().all(|e| !e.level.is_error()),
        errors,
        calculated: state.calculated().clone(),
    }
}
