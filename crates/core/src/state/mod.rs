//! The live form: a compiled definition plus answers, kept consistent as answers change.
//!
//! [`FormState`] answers, for the app and the server alike: which pages and elements are
//! visible, enabled and required, each calculated value, and (through
//! [`crate::validation`]) each element's errors. When one answer changes, only the
//! expressions that depend on it are evaluated again, in dependency order (ranks computed
//! once by [`crate::compile`]).

mod context;
mod items;

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::compile::{CompiledForm, ElementId, ExprId};
use crate::expression::{Context, Date, is_empty, is_true};
use crate::form::{ClearInvisibleValues, ElementKind};
use crate::ids::{ElementSlot, Slot};

pub use context::Position;
pub(crate) use context::{ScopedContext, SurveyContext};
pub use items::{MatrixRow, ShownItem, order_seed_of};

/// Guards against answers that clear each other forever (A hides B, B's absence shows A…).
const MAX_WAVES: usize = 64;

/// A compiled form with its answers and everything derived from them.
#[derive(Debug, Clone)]
pub struct FormState {
    form: Arc<CompiledForm>,
    answers: Map<String, Value>,
    calculated: Map<String, Value>,
    /// The last result of each tracked expression (`Null` for the others).
    results: Vec<Value>,
    /// Answers the respondent gave: default value expressions no longer overwrite them.
    given: HashSet<String>,
    today: Date,
    /// Seed of `choicesOrder: "random"`: one respondent sees one order throughout.
    order_seed: u64,
}

/// The expressions whose result changed after an answer changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub expressions: Vec<ExprId>,
    /// Names whose value changed (the answer itself, computed values, cleared answers).
    pub names: Vec<String>,
}

impl FormState {
    /// A state over `answers` (a saved draft, or `{}` to start). Answers already there count
    /// as given by the respondent; missing ones get their default values.
    pub fn new(form: Arc<CompiledForm>, answers: Map<String, Value>, today: Date) -> Self {
        let given = answers.keys().cloned().collect();
        let mut state = FormState {
            results: vec![Value::Null; form.expressions().len()],
            form,
            answers,
            calculated: Map::new(),
            given,
            today,
            order_seed: 0,
        };
        state.apply_static_defaults();
        let everything: Vec<ExprId> = (0..state.form.expressions().len())
            .map(ExprId::new)
            .filter(|id| state.form.is_tracked(*id))
            .collect();
        let mut changes = Changes::default();
        state.run(everything, &mut changes, true);
        state.clear_hidden(&mut changes);
        state
    }

    pub fn form(&self) -> &CompiledForm {
        &self.form
    }

    /// A shared handle on the compiled form.
    pub fn form_arc(&self) -> Arc<CompiledForm> {
        Arc::clone(&self.form)
    }

    /// The answers as they stand (including `expression` elements' values).
    pub fn answers(&self) -> &Map<String, Value> {
        &self.answers
    }

    pub fn value(&self, name: &str) -> Option<&Value> {
        self.answers.get(name)
    }

    /// Calculated values by name.
    pub fn calculated(&self) -> &Map<String, Value> {
        &self.calculated
    }

    pub fn today(&self) -> Date {
        self.today
    }

    /// Sets the seed of `choicesOrder: "random"` (the app derives it from the record's id, so
    /// that one respondent sees one order throughout).
    pub fn set_order_seed(&mut self, seed: u64) {
        self.order_seed = seed;
    }

    /// Sets (or, with an empty value, clears) one answer, and re-evaluates what depends on it.
    pub fn set_value(&mut self, name: &str, value: Value) -> Changes {
        let mut changes = Changes::default();
        let previous = self.answers.get(name);
        let empty = is_empty(&value);
        if (empty && previous.is_none()) || previous == Some(&value) {
            return changes;
        }
        if empty {
            self.answers.remove(name);
            self.given.remove(name);
        } else {
            self.answers.insert(name.to_owned(), value);
            self.given.insert(name.to_owned());
        }
        changes.names.push(name.to_owned());
        let seeds = self.form.dependents(name).to_vec();
        self.run(seeds, &mut changes, false);
        self.clear_hidden(&mut changes);
        changes
    }

    /// Replaces every answer (an import, or the server re-checking a submission).
    pub fn set_answers(&mut self, answers: Map<String, Value>) {
        let seed = self.order_seed;
        *self = FormState::new(Arc::clone(&self.form), answers, self.today);
        self.order_seed = seed;
    }

    /// The survey-level variables, for evaluating an expression now.
    pub(crate) fn context(&self) -> SurveyContext<'_> {
        SurveyContext {
            form: &self.form,
            answers: &self.answers,
            calculated: &self.calculated,
            today: self.today,
        }
    }

    /// The current result of a tracked expression.
    pub fn result(&self, id: ExprId) -> Option<&Value> {
        self.results.get(id.index())
    }

    /// Evaluates any expression of the form against the current answers.
    pub fn evaluate(&self, id: ExprId, context: &dyn Context) -> Value {
        self.form
            .expression(id)
            .map_or(Value::Null, |c| c.expression.evaluate(context))
    }

    fn condition(&self, id: Option<ExprId>, default: bool) -> bool {
        match id {
            None => default,
            Some(id) => self.results.get(id.index()).is_some_and(is_true),
        }
    }

    /// Whether the page is shown: its `visible`/`visibleIf`, and at least one visible element.
    pub fn is_page_visible(&self, page: usize) -> bool {
        self.page_condition_visible(page)
            && self.form.children(None, page).any(|id| self.is_visible(id))
    }

    fn page_condition_visible(&self, page: usize) -> bool {
        let Some(definition) = self.form.definition().pages.get(page) else {
            return false;
        };
        definition.visible != Some(false) && self.condition(self.form.page_visible_if(page), true)
    }

    /// Whether a survey-level element is shown (its own conditions, its panels' and its page's).
    /// For an element inside a dynamic panel's template this is the template's visibility;
    /// use [`FormState::is_visible_in_entry`] for one entry.
    pub fn is_visible(&self, id: ElementId) -> bool {
        let Some(info) = self.form.info(id) else {
            return false;
        };
        let own = self
            .form
            .element(id)
            .is_some_and(|e| e.visible != Some(false))
            && (info.dynamic_panel.is_some()
                || self.condition(self.form.element_rule(id, ElementSlot::Visible), true));
        own && match info.parent {
            Some(parent) => self.is_visible(parent),
            None => self.page_condition_visible(info.page),
        }
    }

    /// Whether an element of a dynamic panel's template is shown in entry `index`.
    pub fn is_visible_in_entry(&self, id: ElementId, index: usize) -> bool {
        let Some(info) = self.form.info(id) else {
            return false;
        };
        let Some(panel) = info.dynamic_panel else {
            return self.is_visible(id);
        };
        if !self.is_visible(id) || !self.is_entry_visible(panel, index) {
            return false;
        }
        self.in_entry(panel, index, |scoped| {
            self.is_visible_within(id, panel, scoped)
        })
    }

    /// Whether an element of a dynamic panel's template is shown in the entry whose variables
    /// `context` holds: neither it nor a panel between it and the dynamic panel is hidden
    /// (`visible`, `visibleIf`).
    pub(crate) fn is_visible_within(
        &self,
        id: ElementId,
        panel: ElementId,
        context: &dyn Context,
    ) -> bool {
        let mut current = Some(id);
        while let Some(element) = current.filter(|e| *e != panel) {
            if self
                .form
                .element(element)
                .is_none_or(|e| e.visible == Some(false))
            {
                return false;
            }
            if let Some(condition) = self.form.element_rule(element, ElementSlot::Visible)
                && !is_true(&self.evaluate(condition, context))
            {
                return false;
            }
            current = self.form.info(element).and_then(|info| info.parent);
        }
        true
    }

    /// Runs `f` with the variables of entry `index` of a survey-level dynamic panel:
    /// `{panel.x}`, `{panelIndex}`, `{prevPanel.x}`, `{nextPanel.x}`.
    pub(crate) fn in_entry<R>(
        &self,
        panel: ElementId,
        index: usize,
        f: impl FnOnce(&dyn Context) -> R,
    ) -> R {
        let entries = self
            .form
            .info(panel)
            .and_then(|info| self.answers.get(&info.name))
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let outer = self.context();
        let scoped = ScopedContext {
            outer: &outer,
            prefix: "panel",
            value: entries.get(index).unwrap_or(&Value::Null),
            position: Some(Position::among(entries, index)),
        };
        f(&scoped)
    }

    /// Whether entry `index` of a dynamic panel is shown: the panel is, and its
    /// `templateVisibleIf` holds for the entry (`{panel.x}`, `{panelIndex}`).
    pub fn is_entry_visible(&self, panel: ElementId, index: usize) -> bool {
        if !self.is_visible(panel) {
            return false;
        }
        let Some(condition) = self.form.element_rule(panel, ElementSlot::TemplateVisible) else {
            return true;
        };
        self.in_entry(panel, index, |scoped| {
            is_true(&self.evaluate(condition, scoped))
        })
    }

    /// The value of entry `index` of a dynamic panel (`Null` when there is none).
    pub fn entry(&self, panel: ElementId, index: usize) -> Value {
        self.form
            .info(panel)
            .and_then(|info| self.answers.get(&info.name))
            .and_then(|v| v.as_array())
            .and_then(|entries| entries.get(index))
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// Whether the element takes input: not read-only, and its, its panels' and its page's
    /// `enableIf` hold.
    pub fn is_enabled(&self, id: ElementId) -> bool {
        let Some(info) = self.form.info(id) else {
            return false;
        };
        let element = self.form.element(id);
        let read_only = element.is_some_and(|e| e.read_only == Some(true))
            || element.is_some_and(|e| matches!(e.kind, ElementKind::Expression(_)));
        let own = !read_only
            && (info.dynamic_panel.is_some()
                || self.condition(self.form.element_rule(id, ElementSlot::Enable), true));
        own && match info.parent {
            Some(parent) => self.is_enabled(parent),
            None => {
                let page = self.form.definition().pages.get(info.page);
                page.is_some_and(|p| p.read_only != Some(true))
                    && self.condition(self.form.page_enable_if(info.page), true)
            }
        }
    }

    /// Whether an answer is required: `isRequired`, or `requiredIf` holding.
    pub fn is_required(&self, id: ElementId) -> bool {
        let Some(element) = self.form.element(id) else {
            return false;
        };
        let in_panel = self
            .form
            .info(id)
            .is_some_and(|i| i.dynamic_panel.is_some());
        element.required()
            || (!in_panel
                && self.condition(self.form.element_rule(id, ElementSlot::Required), false))
    }

    /// Answers and calculated values as the survey's result: answers of elements hidden when
    /// the respondent finishes are left out (SurveyJS's `clearInvisibleValues`), and
    /// calculated values marked `includeIntoResult` are added.
    pub fn result_data(&self) -> Map<String, Value> {
        let mut data = self.answers.clone();
        if self.form.definition().clear_invisible_values() != ClearInvisibleValues::None {
            for (id, info) in self.form.element_ids() {
                if info.dynamic_panel.is_none() && !self.is_visible(id) {
                    data.remove(&info.name);
                }
            }
        }
        for calculated in &self.form.definition().calculated_values {
            if calculated.include_into_result == Some(true)
                && let Some(value) = self.calculated.get(&calculated.name)
            {
                data.insert(calculated.name.clone(), value.clone());
            }
        }
        data
    }

    fn apply_static_defaults(&mut self) {
        let form = Arc::clone(&self.form);
        for (id, info) in form.element_ids() {
            if info.dynamic_panel.is_some() || self.answers.contains_key(&info.name) {
                continue;
            }
            if let Some(default) = form.element(id).and_then(|e| e.default_value.clone())
                && !is_empty(&default)
            {
                self.answers.insert(info.name.clone(), default);
            }
        }
    }

    /// Evaluates `seeds` and, in rank order, everything their changes reach.
    fn run(&mut self, seeds: Vec<ExprId>, changes: &mut Changes, initial: bool) {
        let form = Arc::clone(&self.form);
        let mut dirty: BTreeSet<(u32, ExprId)> =
            seeds.into_iter().map(|id| (form.rank(id), id)).collect();
        let mut budget = form
            .expressions()
            .len()
            .saturating_mul(MAX_WAVES)
            .max(MAX_WAVES);
        while let Some((_, id)) = dirty.pop_first() {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                break;
            }
            let Some(compiled) = form.expression(id) else {
                continue;
            };
            let value = compiled.expression.evaluate(&self.context());
            let Some(result) = self.results.get_mut(id.index()) else {
                continue;
            };
            if !initial && *result == value {
                continue;
            }
            *result = value.clone();
            changes.expressions.push(id);
            if let Some(name) = self.apply(compiled.slot, value) {
                for &next in form.dependents(&name) {
                    dirty.insert((form.rank(next), next));
                }
                changes.names.push(name);
            }
        }
    }

    /// Applies a value-producing expression's result; returns the name it changed.
    fn apply(&mut self, slot: Slot, value: Value) -> Option<String> {
        let name = self.form.produced_name(slot)?.to_owned();
        let store = match slot {
            Slot::Calculated(_) => Store::Calculated,
            Slot::Element(_, ElementSlot::DefaultValue) if self.given.contains(&name) => {
                return None;
            }
            _ => Store::Answer,
        };
        let target = match store {
            Store::Calculated => &mut self.calculated,
            Store::Answer => &mut self.answers,
        };
        let changed = if is_empty(&value) {
            target.remove(&name).is_some()
        } else {
            target.insert(name.clone(), value.clone()).as_ref() != Some(&value)
        };
        changed.then_some(name)
    }

    /// With `clearInvisibleValues: "onHidden"`, removes the answers of hidden elements.
    fn clear_hidden(&mut self, changes: &mut Changes) {
        if self.form.definition().clear_invisible_values() != ClearInvisibleValues::OnHidden {
            return;
        }
        for _ in 0..MAX_WAVES {
            let hidden: Vec<String> = self
                .form
                .element_ids()
                .filter(|(id, info)| {
                    info.dynamic_panel.is_none()
                        && self.answers.contains_key(&info.name)
                        && !self.is_visible(*id)
                })
                .map(|(_, info)| info.name.clone())
                .collect();
            if hidden.is_empty() {
                return;
            }
            let mut seeds = Vec::new();
            for name in hidden {
                self.answers.remove(&name);
                self.given.remove(&name);
                seeds.extend_from_slice(self.form.dependents(&name));
                changes.names.push(name);
            }
            self.run(seeds, changes, false);
        }
    }
}

enum Store {
    Calculated,
    Answer,
}
