//! The variables an expression sees: answers and calculated values, and inside a dynamic
//! panel entry or a matrix row, that entry's or row's values too.

use serde_json::{Map, Value};

use crate::compile::CompiledForm;
use crate::expression::{Context, Date, resolve_path};

/// Survey-level variables.
pub(crate) struct SurveyContext<'a> {
    pub form: &'a CompiledForm,
    pub answers: &'a Map<String, Value>,
    pub calculated: &'a Map<String, Value>,
    pub today: Date,
}

impl Context for SurveyContext<'_> {
    fn value(&self, path: &str) -> Option<Value> {
        if let Some(found) = self.answers.get(path).or_else(|| self.calculated.get(path)) {
            return Some(found.clone());
        }
        // A name the form knows, spelt exactly: look only there (an unanswered question is
        // the common case and must not cost a scan of every answer).
        let known = std::iter::once(path)
            .chain(path.match_indices(['.', '[']).map(|(at, _)| &path[..at]))
            .find(|name| self.form.is_name(name));
        if let Some(name) = known {
            let values = if self.answers.contains_key(name) {
                self.answers
            } else if self.calculated.contains_key(name) {
                self.calculated
            } else {
                return None;
            };
            return resolve_path(values, path).cloned();
        }
        // Anything else, as SurveyJS does: names ignoring case, dotted keys.
        resolve_path(self.answers, path)
            .or_else(|| resolve_path(self.calculated, path))
            .cloned()
    }

    fn today(&self) -> Date {
        self.today
    }
}

/// What `{prefix.x}` refers to: a dynamic panel entry (`panel`), a matrix row (`row`), or
/// the item being tested by a choice condition (`item`, the whole value).
pub(crate) struct ScopedContext<'a> {
    pub outer: &'a dyn Context,
    pub prefix: &'static str,
    pub value: &'a Value,
    /// `{panelIndex}` / `{rowIndex}`, counted from 1 as SurveyJS shows them.
    pub index: Option<usize>,
}

impl Context for ScopedContext<'_> {
    fn value(&self, path: &str) -> Option<Value> {
        if let Some(rest) = path.strip_prefix(self.prefix) {
            if rest.is_empty() {
                return Some(self.value.clone());
            }
            if let (Some(member), Value::Object(fields)) = (rest.strip_prefix('.'), self.value) {
                return resolve_path(fields, member).cloned();
            }
        }
        if let Some(index) = self.index
            && (path == "panelIndex" || path == "rowIndex")
        {
            return Some(Value::from(index + 1));
        }
        self.outer.value(path)
    }

    fn today(&self) -> Date {
        self.outer.today()
    }
}
