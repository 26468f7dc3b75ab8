//! Where expressions get their variables and today's date from.

use serde_json::{Map, Value};

use super::date::Date;

/// What an expression is evaluated against.
pub trait Context {
    /// The value at a reference path, the text inside the braces without `#`
    /// (`q`, `panel[0].q`, `row.col`, `address.city`); `None` when there is none.
    ///
    /// `None` and `null` are no value; an empty text or array is used as it is (as
    /// SurveyJS does: `[]` is truthy, `""` is not), and all of them are `empty`. For a path
    /// ending in `.length` that has no value, the evaluator asks for the path without
    /// `.length` and counts the array's items or the text's characters (0 for anything
    /// else), so contexts need not handle `.length` themselves.
    fn value(&self, path: &str) -> Option<Value>;

    /// Today's date (the clock is injected so that evaluation is deterministic).
    fn today(&self) -> Date;

    /// The display text of question `name` for `value` (a choice's text instead of its
    /// value, for example), for the `displayValue` function. `None` (the default): the
    /// function returns the value itself.
    fn display_value(&self, name: &str, value: &Value) -> Option<String> {
        let _ = (name, value);
        None
    }

    /// The value of the property `property` of the question `name` (`propertyValue`:
    /// `visible`, `title`, …). `None` (the default): the function returns `null`.
    fn property_value(&self, name: &str, property: &str) -> Option<Value> {
        let _ = (name, property);
        None
    }

    /// The comment of question `name` (`getComment`): with no `item`, the text of its
    /// "other" choice or comment box, which SurveyJS stores as `name-Comment` (the default
    /// reads that value); with an `item`, the comment of that choice (the default has none).
    /// `None`: the function returns `""`.
    fn comment(&self, name: &str, item: Option<&Value>) -> Option<Value> {
        match item {
            None => self.value(&format!("{name}-Comment")),
            Some(_) => None,
        }
    }

    /// Whether the page, panel or dynamic panel `name` (its entry `panel_index` when given)
    /// has no validation errors (`isContainerReady`). The default: false, as SurveyJS
    /// answers when it has no survey to look in.
    fn is_container_ready(&self, name: &str, panel_index: Option<usize>) -> bool {
        let _ = (name, panel_index);
        false
    }

    /// Whether the survey is shown read-only (`isDisplayMode`). The default: false.
    fn is_display_mode(&self) -> bool {
        false
    }
}

/// A [`Context`] over a JSON object of answers and a fixed date, for tests and tools.
///
/// Paths are resolved by [`resolve_path`].
#[derive(Debug, Clone, PartialEq)]
pub struct MapContext {
    values: Map<String, Value>,
    today: Date,
}

impl MapContext {
    /// A context over `values`, with `today` as the date.
    pub fn new(values: Map<String, Value>, today: Date) -> MapContext {
        MapContext { values, today }
    }

    /// A context over a JSON value: its fields when it is an object, else nothing.
    pub fn from_json(values: Value, today: Date) -> MapContext {
        let values = match values {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        MapContext { values, today }
    }

    /// The answers.
    pub fn values(&self) -> &Map<String, Value> {
        &self.values
    }

    /// The answers, to change.
    pub fn values_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.values
    }

    /// Sets one answer.
    pub fn set(&mut self, name: impl Into<String>, value: Value) {
        self.values.insert(name.into(), value);
    }

    /// Changes today's date.
    pub fn set_today(&mut self, today: Date) {
        self.today = today;
    }
}

impl Context for MapContext {
    fn value(&self, path: &str) -> Option<Value> {
        resolve_path(&self.values, path).cloned()
    }

    fn today(&self) -> Date {
        self.today
    }
}

/// Finds the value at `path` in `values`, the way SurveyJS resolves variable names.
///
/// * A key equal to the whole path wins (`{a.b}` reads a key literally named `a.b`).
/// * Otherwise the path is split after a key followed by `.` or `[`, **longest key first**:
///   with keys `a` and `a.b`, `a.b.c` tries `a.b` → `c` before `a` → `b.c`; when one way
///   finds nothing the next is tried.
/// * Keys match exactly first, then ignoring case (SurveyJS names are case-insensitive).
/// * `[n]` indexes an array, `[-n]` counts from its end (`[-1]` is the last item);
///   `.n` indexes an array too (`{panel.0.q}`).
pub fn resolve_path<'v>(values: &'v Map<String, Value>, path: &str) -> Option<&'v Value> {
    if path.is_empty() {
        return None;
    }
    if let Some(value) = values.get(path) {
        return Some(value);
    }
    // Exact keys, longest prefix first.
    for (at, _) in path
        .match_indices(['.', '['])
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        if at == 0 {
            continue;
        }
        if let Some(value) = values.get(&path[..at])
            && let Some(found) = resolve_rest(value, &path[at..])
        {
            return Some(found);
        }
    }
    // Keys ignoring case: the whole path first, then the longest prefix.
    let mut prefixes: Vec<(usize, &Value)> = Vec::new();
    for (key, value) in values {
        let Some(consumed) = case_insensitive_prefix(path, key) else {
            continue;
        };
        match path[consumed..].chars().next() {
            None => return Some(value),
            Some('.' | '[') => prefixes.push((consumed, value)),
            Some(_) => {}
        }
    }
    prefixes.sort_by_key(|&(consumed, _)| std::cmp::Reverse(consumed));
    prefixes
        .into_iter()
        .find_map(|(consumed, value)| resolve_rest(value, &path[consumed..]))
}

/// If `path` starts with `key` ignoring case, the number of bytes of `path` it covers.
fn case_insensitive_prefix(path: &str, key: &str) -> Option<usize> {
    let mut consumed = 0;
    let mut path_chars = path.chars();
    for key_char in key.chars() {
        let path_char = path_chars.next()?;
        if path_char != key_char && !path_char.to_lowercase().eq(key_char.to_lowercase()) {
            return None;
        }
        consumed += path_char.len_utf8();
    }
    Some(consumed)
}

/// Resolves what follows a found value: empty, `[n]…` or `.name…`.
fn resolve_rest<'v>(value: &'v Value, rest: &str) -> Option<&'v Value> {
    if rest.is_empty() {
        return Some(value);
    }
    if let Some(after) = rest.strip_prefix('[') {
        let close = after.find(']')?;
        let item = array_item(value, &after[..close])?;
        let rest = &after[close + 1..];
        return resolve_rest(item, rest);
    }
    let after = rest.strip_prefix('.')?;
    match value {
        Value::Object(map) => resolve_path(map, after),
        Value::Array(_) => {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let item = array_item(value, &after[..end])?;
            resolve_rest(item, &after[end..])
        }
        _ => None,
    }
}

/// The item of an array at `index` text (negative counts from the end).
fn array_item<'v>(value: &'v Value, index: &str) -> Option<&'v Value> {
    let items = value.as_array()?;
    let index: i64 = index.trim().parse().ok()?;
    let position = if index < 0 {
        i64::try_from(items.len()).ok()? + index
    } else {
        index
    };
    items.get(usize::try_from(position).ok()?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn resolves_paths() {
        let values = map(json!({
            "q": 1,
            "a": {"b": {"c": 2}},
            "a.b": {"c": 3},
            "panel": [{"q": "first"}, {"q": "last"}],
            "Tên": "x",
            "row": {"col": 5},
        }));
        assert_eq!(resolve_path(&values, "q"), Some(&json!(1)));
        assert_eq!(resolve_path(&values, "a.b.c"), Some(&json!(3)));
        assert_eq!(resolve_path(&values, "a.b"), Some(&json!({"c": 3})));
        assert_eq!(resolve_path(&values, "panel[0].q"), Some(&json!("first")));
        assert_eq!(resolve_path(&values, "panel[-1].q"), Some(&json!("last")));
        assert_eq!(resolve_path(&values, "panel[1].q"), Some(&json!("last")));
        assert_eq!(resolve_path(&values, "panel.0.q"), Some(&json!("first")));
        assert_eq!(resolve_path(&values, "panel[2].q"), None);
        assert_eq!(resolve_path(&values, "panel[-3].q"), None);
        assert_eq!(resolve_path(&values, "panel[x].q"), None);
        assert_eq!(resolve_path(&values, "tên"), Some(&json!("x")));
        assert_eq!(resolve_path(&values, "ROW.COL"), Some(&json!(5)));
        assert_eq!(resolve_path(&values, "missing"), None);
        assert_eq!(resolve_path(&values, "q.x"), None);
        assert_eq!(resolve_path(&values, ""), None);
        assert_eq!(resolve_path(&values, "panel[0"), None);
    }

    #[test]
    fn falls_back_to_a_shorter_key() {
        let values = map(json!({"a": {"b": {"d": 1}}, "a.b": {"c": 3}}));
        assert_eq!(resolve_path(&values, "a.b.d"), Some(&json!(1)));
    }

    #[test]
    fn map_context() {
        let today = Date::new(2024, 5, 1).unwrap();
        let mut ctx = MapContext::from_json(json!({"x": 1}), today);
        ctx.set("y", json!(2));
        assert_eq!(ctx.value("y"), Some(json!(2)));
        assert_eq!(ctx.values().len(), 2);
        ctx.values_mut().remove("x");
        assert_eq!(ctx.value("x"), None);
        assert_eq!(ctx.today(), today);
        ctx.set_today(Date::new(2025, 1, 1).unwrap());
        assert_eq!(ctx.today().year(), 2025);
        assert_eq!(ctx.display_value("y", &json!(2)), None);
        assert!(MapContext::from_json(json!(3), today).values().is_empty());
    }
}
