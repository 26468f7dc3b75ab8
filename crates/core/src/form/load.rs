//! Loading a form definition from JSON, with diagnostics that carry JSON paths.
//!
//! Loading never panics. Problems are collected rather than stopping at the first:
//!
//! - **errors** make the definition unusable (not JSON, wrong JSON types, a question without a
//!   name, duplicate names, malformed choices…): [`load`] returns [`LoadError::Invalid`] listing
//!   every one of them;
//! - **warnings** are things kept but not understood (unknown properties, unknown element or
//!   validator types, unsupported input types): the definition loads, and they are returned in
//!   [`LoadedForm::warnings`].
//!
//! Paths name the JSON location the way a person would write it:
//! `pages[2].elements[4].visibleIf`; the root object is the empty path.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use super::definition::FormDefinition;
use super::localized::LocalizedText;
use super::shape::SourceShape;

/// How serious a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// The definition cannot be used as written.
    Error,
    /// Kept as written, but not (fully) understood by PQ Survey.
    Warning,
}

/// One finding about a form definition, located by its JSON path.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// JSON path such as `pages[2].elements[4].visibleIf`; empty for the root object.
    pub path: String,
    /// What is wrong, for a person to read.
    pub message: String,
    /// Error or warning.
    pub severity: Severity,
}

impl Diagnostic {
    /// An error at `path`.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
            severity: Severity::Error,
        }
    }

    /// A warning at `path`.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
            severity: Severity::Warning,
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// A definition that loaded, with the warnings found on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedForm {
    /// The definition.
    pub definition: FormDefinition,
    /// Things kept but not understood, in reading order (object by object, document order).
    pub warnings: Vec<Diagnostic>,
}

/// Why a definition could not be loaded.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LoadError {
    /// The text is not JSON.
    #[error("form definition is not valid JSON: {message}")]
    Syntax {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// serde_json's description (it repeats the position).
        message: String,
    },
    /// The JSON is not a usable form definition.
    #[error("form definition has {} error(s): {}", errors.len(), join_diagnostics(errors))]
    Invalid {
        /// Every error found, in reading order (object by object, document order).
        errors: Vec<Diagnostic>,
        /// Warnings found while looking.
        warnings: Vec<Diagnostic>,
    },
}

impl LoadError {
    /// The errors as diagnostics (a syntax error becomes one diagnostic at the root whose message
    /// gives line and column).
    pub fn errors(&self) -> Vec<Diagnostic> {
        match self {
            Self::Syntax { message, .. } => vec![Diagnostic::error("", message.clone())],
            Self::Invalid { errors, .. } => errors.clone(),
        }
    }
}

fn join_diagnostics(list: &[Diagnostic]) -> String {
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Loads a form definition from JSON text.
pub fn load(json: &str) -> Result<LoadedForm, LoadError> {
    let value: Value = serde_json::from_str(json).map_err(|e| LoadError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    load_value(value)
}

/// Loads a form definition from already-parsed JSON.
pub fn load_value(value: Value) -> Result<LoadedForm, LoadError> {
    let mut cx = Cx::new();
    let definition = FormDefinition::read(value, &mut cx);
    if cx.errors.is_empty() {
        Ok(LoadedForm {
            definition,
            warnings: cx.warnings,
        })
    } else {
        Err(LoadError::Invalid {
            errors: cx.errors,
            warnings: cx.warnings,
        })
    }
}

/// "a string", "an array"…: for messages.
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `base.key`, or `key` at the root.
pub(crate) fn join(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_owned()
    } else {
        format!("{base}.{key}")
    }
}

/// `base[index]`.
pub(crate) fn index(base: &str, i: usize) -> String {
    format!("{base}[{i}]")
}

/// The loading context: diagnostics found so far and the names in use.
pub(crate) struct Cx {
    pub(crate) errors: Vec<Diagnostic>,
    pub(crate) warnings: Vec<Diagnostic>,
    /// Element names → path of their first use. The first namespace is the survey's; each
    /// dynamic panel's template opens one of its own.
    namespaces: Vec<HashMap<String, String>>,
}

impl Cx {
    pub(crate) fn new() -> Self {
        Self {
            errors: Vec::new(),
            warnings: Vec::new(),
            namespaces: vec![HashMap::new()],
        }
    }

    pub(crate) fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(Diagnostic::error(path, message));
    }

    pub(crate) fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Diagnostic::warning(path, message));
    }

    /// Records an element name; a name already used in the same namespace is an error.
    pub(crate) fn claim_name(&mut self, name: &str, path: &str) {
        let Some(names) = self.namespaces.last_mut() else {
            return;
        };
        match names.get(name) {
            Some(first) => {
                let message = format!("duplicate name '{name}' (already used at {first})");
                self.error(path, message);
            }
            None => {
                names.insert(name.to_owned(), path.to_owned());
            }
        }
    }

    pub(crate) fn push_namespace(&mut self) {
        self.namespaces.push(HashMap::new());
    }

    pub(crate) fn pop_namespace(&mut self) {
        if self.namespaces.len() > 1 {
            self.namespaces.pop();
        }
    }

    /// Where `name` is used in the survey's own namespace (outside dynamic panels).
    pub(crate) fn root_name(&self, name: &str) -> Option<&str> {
        self.namespaces
            .first()
            .and_then(|names| names.get(name))
            .map(String::as_str)
    }
}

/// Reports duplicate keys among `items` (key, path), as errors or warnings.
pub(crate) fn check_unique(
    cx: &mut Cx,
    items: impl IntoIterator<Item = (String, String)>,
    what: &str,
    severity: Severity,
) {
    let mut seen: HashMap<String, String> = HashMap::new();
    for (key, path) in items {
        match seen.get(&key) {
            Some(first) => {
                let message = format!("duplicate {what} '{key}' (already used at {first})");
                match severity {
                    Severity::Error => cx.error(path, message),
                    Severity::Warning => cx.warn(path, message),
                }
            }
            None => {
                seen.insert(key, path);
            }
        }
    }
}

/// A JSON object being read: typed readers take the keys they understand; what is left over
/// becomes the object's `extra` map.
pub(crate) struct Obj {
    map: Map<String, Value>,
    path: String,
    pub(crate) shape: SourceShape,
    /// Left-over keys that must not be reported (nulls, ignored duplicates, empty names).
    quiet: Vec<String>,
}

impl Obj {
    pub(crate) fn new(map: Map<String, Value>, path: String) -> Self {
        let shape = SourceShape {
            key_order: map.keys().cloned().collect(),
            ..SourceShape::default()
        };
        Self {
            map,
            path,
            shape,
            quiet: Vec::new(),
        }
    }

    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// Path of one of this object's keys.
    pub(crate) fn at(&self, key: &str) -> String {
        join(&self.path, key)
    }

    pub(crate) fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    pub(crate) fn peek(&self, key: &str) -> Option<&Value> {
        self.map.get(key)
    }

    /// Removes a key without interpreting it.
    pub(crate) fn discard(&mut self, key: &str) {
        self.map.remove(key);
    }

    /// Leaves a key in `extra` without reporting it.
    pub(crate) fn keep_quietly(&mut self, key: &str) {
        self.quiet.push(key.to_owned());
    }

    /// Takes a property, also under its legacy name. A `null` counts as absent (and is kept
    /// as written). Returns the value and its path.
    pub(crate) fn take(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        alias: Option<&'static str>,
    ) -> Option<(Value, String)> {
        let used = match alias {
            Some(alias) if self.map.contains_key(alias) => {
                if self.map.contains_key(key) {
                    let message = format!(
                        "'{alias}' is an old name for '{key}', which is also given; ignored (kept)"
                    );
                    cx.warn(self.at(alias), message);
                    self.keep_quietly(alias);
                    key
                } else {
                    alias
                }
            }
            _ => key,
        };
        if matches!(self.map.get(used), None | Some(Value::Null)) {
            if self.map.contains_key(used) {
                self.keep_quietly(used);
            }
            return None;
        }
        let value = self.map.remove(used)?;
        if used != key {
            self.shape.aliases.push((key, used));
        }
        Some((value, self.at(used)))
    }

    pub(crate) fn value(&mut self, cx: &mut Cx, key: &'static str) -> Option<Value> {
        self.take(cx, key, None).map(|(v, _)| v)
    }

    pub(crate) fn string(&mut self, cx: &mut Cx, key: &'static str) -> Option<String> {
        self.string_alias(cx, key, None)
    }

    pub(crate) fn string_alias(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        alias: Option<&'static str>,
    ) -> Option<String> {
        match self.take(cx, key, alias)? {
            (Value::String(s), _) => Some(s),
            (other, path) => {
                cx.error(
                    path,
                    format!("expected a string, found {}", json_kind(&other)),
                );
                None
            }
        }
    }

    pub(crate) fn bool(&mut self, cx: &mut Cx, key: &'static str) -> Option<bool> {
        self.bool_alias(cx, key, None)
    }

    pub(crate) fn bool_alias(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        alias: Option<&'static str>,
    ) -> Option<bool> {
        match self.take(cx, key, alias)? {
            (Value::Bool(b), _) => Some(b),
            (other, path) => {
                cx.error(
                    path,
                    format!("expected true or false, found {}", json_kind(&other)),
                );
                None
            }
        }
    }

    pub(crate) fn number(&mut self, cx: &mut Cx, key: &'static str) -> Option<Number> {
        match self.take(cx, key, None)? {
            (Value::Number(n), _) => Some(n),
            (other, path) => {
                cx.error(
                    path,
                    format!("expected a number, found {}", json_kind(&other)),
                );
                None
            }
        }
    }

    pub(crate) fn text(&mut self, cx: &mut Cx, key: &'static str) -> Option<LocalizedText> {
        self.text_alias(cx, key, None)
    }

    pub(crate) fn text_alias(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        alias: Option<&'static str>,
    ) -> Option<LocalizedText> {
        let (value, path) = self.take(cx, key, alias)?;
        LocalizedText::from_json(&value)
            .map_err(|message| cx.error(path, message))
            .ok()
    }

    /// Reads an array property item by item. `read` gets each item with its path and returns
    /// `None` only after reporting an error.
    pub(crate) fn list<T>(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        alias: Option<&'static str>,
        mut read: impl FnMut(Value, String, &mut Cx) -> Option<T>,
    ) -> Vec<T> {
        let Some((value, path)) = self.take(cx, key, alias) else {
            return Vec::new();
        };
        match value {
            Value::Array(items) => {
                if items.is_empty() {
                    self.shape.empty_lists.push(key);
                }
                items
                    .into_iter()
                    .enumerate()
                    .filter_map(|(i, item)| read(item, index(&path, i), cx))
                    .collect()
            }
            other => {
                cx.error(
                    path,
                    format!("expected an array, found {}", json_kind(&other)),
                );
                Vec::new()
            }
        }
    }

    /// Ends reading: every key left becomes `extra`, reported as a warning unless it is one of
    /// `known` (SurveyJS properties PQ Survey keeps without using, such as purely visual ones).
    pub(crate) fn finish(self, cx: &mut Cx, known: &[&str]) -> (Map<String, Value>, SourceShape) {
        for key in self.map.keys() {
            if !known.contains(&key.as_str()) && !self.quiet.contains(key) {
                cx.warn(
                    self.path.clone(),
                    format!("unknown property '{key}' (kept)"),
                );
            }
        }
        (self.map, self.shape)
    }

    /// Ends reading, keeping every key left in `extra` without reporting any.
    pub(crate) fn finish_quietly(self) -> (Map<String, Value>, SourceShape) {
        (self.map, self.shape)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = load("{\n  \"pages\": [,]\n}").unwrap_err();
        match &err {
            LoadError::Syntax { line, column, .. } => {
                assert_eq!(*line, 2);
                assert!(*column > 0);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().contains("line 2"));
        assert_eq!(err.errors().len(), 1);
    }

    #[test]
    fn empty_input_is_a_syntax_error() {
        assert!(matches!(load(""), Err(LoadError::Syntax { .. })));
    }

    #[test]
    fn root_must_be_an_object() {
        let err = load("[1, 2]").unwrap_err();
        let errors = err.errors();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, "");
        assert!(errors[0].message.contains("an array"));
    }

    #[test]
    fn diagnostics_display_with_path() {
        let d = Diagnostic::warning("pages[0]", "unknown property 'x' (kept)");
        assert_eq!(d.to_string(), "pages[0]: unknown property 'x' (kept)");
        assert_eq!(Diagnostic::error("", "bad").to_string(), "bad");
    }

    #[test]
    fn reader_reports_wrong_types_and_keeps_nulls() {
        let mut cx = Cx::new();
        let map = json!({"a": 1, "b": null, "c": "x", "d": true})
            .as_object()
            .cloned()
            .unwrap();
        let mut obj = Obj::new(map, "p".into());
        assert_eq!(obj.string(&mut cx, "a"), None);
        assert_eq!(obj.string(&mut cx, "b"), None);
        assert_eq!(obj.string(&mut cx, "c").as_deref(), Some("x"));
        let (extra, _) = obj.finish(&mut cx, &[]);
        assert_eq!(cx.errors.len(), 1);
        assert_eq!(cx.errors[0].path, "p.a");
        // `b` (null) is kept silently, `d` is reported.
        assert_eq!(extra.len(), 2);
        assert_eq!(cx.warnings.len(), 1);
        assert_eq!(cx.warnings[0].message, "unknown property 'd' (kept)");
    }

    #[test]
    fn load_error_lists_every_error() {
        let err =
            load(r#"{"pages": [{"elements": [{"type": "text"}, {"type": "text"}]}]}"#).unwrap_err();
        let errors = err.errors();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].path, "pages[0].elements[0]");
        assert_eq!(errors[1].path, "pages[0].elements[1]");
        assert!(
            err.to_string()
                .starts_with("form definition has 2 error(s)")
        );
    }
}
