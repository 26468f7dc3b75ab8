//! How a JSON object was spelled when it was read, and the writer that reproduces it.
//!
//! SurveyJS accepts several spellings for the same thing (legacy property names such as
//! `hasOther`, plain or object choices, `questions` for `elements`, an empty array or no key at
//! all). The model keeps one meaning for each; [`SourceShape`] remembers the spelling so that
//! serialising a loaded definition gives back JSON equal to what was read, in the same key order.

use serde_json::{Map, Number, Value};

use super::localized::LocalizedText;

/// The spelling an object had in the JSON it was loaded from. Opaque: it only affects how
/// `to_json` writes the object. Objects built in code use `SourceShape::default()`, which writes
/// SurveyJS's current spelling.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceShape {
    /// Keys in the order they were written.
    pub(crate) key_order: Vec<String>,
    /// Properties read under a legacy name: (current name, name used).
    pub(crate) aliases: Vec<(&'static str, &'static str)>,
    /// Array properties that were written as `[]` (written again even though empty).
    pub(crate) empty_lists: Vec<&'static str>,
    /// Written in SurveyJS's short form (a choice as a bare value).
    pub(crate) compact: bool,
    /// A choice written as `{"text": …}` alone, its value taken from the text.
    pub(crate) value_from_text: bool,
    /// The `type` string as written, when it differs from the canonical spelling.
    pub(crate) type_spelling: Option<String>,
    /// The survey had no `pages`: its one page was written as top-level `elements`/`questions`.
    pub(crate) implicit_page: bool,
}

impl SourceShape {
    /// The key a property is written under: the legacy name it was read from, or its own.
    pub(crate) fn key(&self, canonical: &'static str) -> &'static str {
        self.aliases
            .iter()
            .find(|(c, _)| *c == canonical)
            .map_or(canonical, |(_, used)| used)
    }

    pub(crate) fn keeps_empty(&self, canonical: &'static str) -> bool {
        self.empty_lists.contains(&canonical)
    }
}

/// Builds a JSON object from typed fields, honouring a [`SourceShape`].
pub(crate) struct Out<'s> {
    map: Map<String, Value>,
    shape: &'s SourceShape,
}

impl<'s> Out<'s> {
    pub(crate) fn new(shape: &'s SourceShape) -> Self {
        Self {
            map: Map::new(),
            shape,
        }
    }

    pub(crate) fn put(&mut self, canonical: &'static str, value: Value) {
        self.map.insert(self.shape.key(canonical).to_owned(), value);
    }

    pub(crate) fn string(&mut self, key: &'static str, value: &Option<String>) {
        if let Some(v) = value {
            self.put(key, Value::String(v.clone()));
        }
    }

    pub(crate) fn bool(&mut self, key: &'static str, value: Option<bool>) {
        if let Some(v) = value {
            self.put(key, Value::Bool(v));
        }
    }

    pub(crate) fn number(&mut self, key: &'static str, value: &Option<Number>) {
        if let Some(v) = value {
            self.put(key, Value::Number(v.clone()));
        }
    }

    pub(crate) fn value(&mut self, key: &'static str, value: &Option<Value>) {
        if let Some(v) = value {
            self.put(key, v.clone());
        }
    }

    pub(crate) fn text(&mut self, key: &'static str, value: &Option<LocalizedText>) {
        if let Some(v) = value {
            self.put(key, v.to_json());
        }
    }

    pub(crate) fn list<T>(&mut self, key: &'static str, items: &[T], write: impl Fn(&T) -> Value) {
        if !items.is_empty() || self.shape.keeps_empty(key) {
            self.put(key, Value::Array(items.iter().map(write).collect()));
        }
    }

    /// Adds the untyped `extra` keys (typed fields win on a clash) and restores the written order.
    pub(crate) fn finish(mut self, extra: &Map<String, Value>) -> Map<String, Value> {
        for (k, v) in extra {
            if !self.map.contains_key(k) {
                self.map.insert(k.clone(), v.clone());
            }
        }
        let order = &self.shape.key_order;
        if order.is_empty() {
            return self.map;
        }
        let mut entries: Vec<(String, Value)> = self.map.into_iter().collect();
        entries.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
        entries.into_iter().collect()
    }
}
