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

/// Where a matrix row or a dynamic panel entry stands: what SurveyJS's context variables
/// read (`{rowIndex}`, `{rowValue}`, `{prevRow.x}`, `{panelIndex}`, `{visiblePanelIndex}`,
/// `{prevPanel.x}`…).
#[derive(Clone, Copy, Debug, Default)]
pub struct Position<'a> {
    /// Counted from 0 among all rows or entries.
    pub index: usize,
    /// Counted from 0 among the shown ones (the index when not known).
    pub visible_index: Option<usize>,
    /// A `matrixdropdown` row's value (`{rowValue}`, `{rowName}`).
    pub key: Option<&'a Value>,
    /// The row or entry before and after it.
    pub previous: Option<&'a Value>,
    pub next: Option<&'a Value>,
}

impl<'a> Position<'a> {
    /// Entry or row `index` of `all`, with its neighbours.
    pub fn among(all: &'a [Value], index: usize) -> Self {
        Position {
            index,
            visible_index: None,
            key: None,
            previous: index.checked_sub(1).and_then(|i| all.get(i)),
            next: all.get(index + 1),
        }
    }

    /// Row or entry `index`, its neighbours unknown.
    pub fn at(index: usize) -> Self {
        Position {
            index,
            ..Position::default()
        }
    }
}

/// What `{prefix.x}` refers to: a dynamic panel entry (`panel`), a matrix row (`row`), or
/// the item being tested by a choice condition (`item`, the whole value); with a position,
/// the context variables of the row or entry too. Names are read ignoring case, as SurveyJS
/// reads context variables.
pub(crate) struct ScopedContext<'a> {
    pub outer: &'a dyn Context,
    pub prefix: &'static str,
    pub value: &'a Value,
    pub position: Option<Position<'a>>,
}

/// `path`'s first segment, if it is `name` (ignoring case), and what follows it.
fn strip_root<'p>(path: &'p str, name: &str) -> Option<&'p str> {
    let end = path.find(['.', '[']).unwrap_or(path.len());
    path[..end].eq_ignore_ascii_case(name).then(|| &path[end..])
}

/// A member of an object value: `rest` is `""` (the whole value) or `.x…`.
fn member(value: &Value, rest: &str) -> Option<Value> {
    if rest.is_empty() {
        return Some(value.clone());
    }
    match (rest.strip_prefix('.'), value) {
        (Some(member), Value::Object(fields)) => resolve_path(fields, member).cloned(),
        _ => None,
    }
}

impl ScopedContext<'_> {
    /// The context variables of the row or entry (`None`: not one of them).
    fn variable(&self, path: &str) -> Option<Option<Value>> {
        let position = self.position?;
        let number = |n: usize| Some(Some(Value::from(n)));
        let neighbour =
            |value: Option<&Value>, rest: &str| Some(value.and_then(|v| member(v, rest)));
        if self.prefix == "row" {
            if strip_root(path, "rowIndex") == Some("") {
                return number(position.index + 1);
            }
            if strip_root(path, "visibleRowIndex") == Some("") {
                return number(position.visible_index.unwrap_or(position.index) + 1);
            }
            if strip_root(path, "rowValue") == Some("") || strip_root(path, "rowName") == Some("") {
                return Some(position.key.cloned());
            }
            if let Some(rest) = strip_root(path, "prevRow") {
                return neighbour(position.previous, rest);
            }
            if let Some(rest) = strip_root(path, "nextRow") {
                return neighbour(position.next, rest);
            }
        } else if self.prefix == "panel" {
            if strip_root(path, "panelIndex") == Some("") {
                return number(position.index);
            }
            if strip_root(path, "visiblePanelIndex") == Some("") {
                return number(position.visible_index.unwrap_or(position.index));
            }
            if let Some(rest) = strip_root(path, "prevPanel") {
                return neighbour(position.previous, rest);
            }
            if let Some(rest) = strip_root(path, "nextPanel") {
                return neighbour(position.next, rest);
            }
        }
        None
    }
}

impl Context for ScopedContext<'_> {
    fn value(&self, path: &str) -> Option<Value> {
        if let Some(rest) = strip_root(path, self.prefix) {
            return member(self.value, rest);
        }
        if let Some(found) = self.variable(path) {
            return found;
        }
        // `{parentPanel.x}`: the entry around this one (an outer dynamic panel).
        if self.prefix == "panel"
            && let Some(rest) = strip_root(path, "parentPanel")
        {
            return self.outer.value(&format!("panel{rest}"));
        }
        self.outer.value(path)
    }

    fn today(&self) -> Date {
        self.outer.today()
    }
}
