//! Compiling a form: every expression parsed once, every reference resolved, the dependency
//! graph built, and everything wrong with the definition reported with its JSON path.
//!
//! A [`CompiledForm`] is what the live [`crate::state::FormState`] runs on, in the app and on
//! the server alike. Compilation fails — with every problem, not just the first — on
//! expressions that do not parse, references to names the form does not have (with a
//! "did you mean" suggestion), and calculations that depend on themselves (a cycle).

mod cycles;
mod not_applied;
mod references;
mod suggest;

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::expression::{self, Expression};
use crate::form::{Diagnostic, Element, ElementKind, FormDefinition, Severity};

pub use suggest::closest;

pub use crate::ids::{ElementId, ExprId};
use crate::ids::{ElementSlot, PageId, PageSlot, Slot};

/// A map keyed by typed ids or the form's own names (a multiply-rotate hash, not SipHash:
/// the keys come from the form, not from an attacker choosing collisions).
pub(crate) type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// FxHash's mixing step: fast for the few integers a [`Slot`] is made of.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0_u8; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        for &byte in chunks.remainder() {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_isize(&mut self, n: isize) {
        self.write_u64(n as u64);
    }
}

/// One compiled expression.
#[derive(Debug, Clone)]
pub struct CompiledExpression {
    pub expression: Expression,
    /// What it decides.
    pub slot: Slot,
    /// The dynamic panel whose entries it is evaluated in (`{panel.x}`), if any.
    pub scope: Option<String>,
    /// Names (questions and calculated values) whose change can change its result.
    pub dependencies: Vec<String>,
}

/// An element of the form with what the state needs to know about it.
#[derive(Debug, Clone)]
pub struct ElementInfo {
    pub name: String,
    pub page: usize,
    /// The panel or dynamic panel directly around it.
    pub parent: Option<ElementId>,
    /// The dynamic panel whose entries hold its answer.
    pub dynamic_panel: Option<ElementId>,
    /// Where it is: page index, then child indices.
    locator: Vec<usize>,
}

/// Where each part of the compiled form is written in the definition: JSON paths, used only
/// to name a place in a message.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    elements: Vec<String>,
    expressions: Vec<String>,
}

impl SourceMap {
    /// The element's JSON path, e.g. `pages[1].elements[3]`.
    pub fn element(&self, id: ElementId) -> &str {
        self.elements.get(id.index()).map_or("", String::as_str)
    }

    /// The expression's JSON path, e.g. `pages[0].elements[2].choices[1].visibleIf`.
    pub fn expression(&self, id: ExprId) -> &str {
        self.expressions.get(id.index()).map_or("", String::as_str)
    }
}

/// Failure to compile: every error, and the warnings found on the way.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{} error(s) in the form definition, first: {}", .errors.len(), .errors.first().map(ToString::to_string).unwrap_or_default())]
pub struct CompileError {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// A definition ready to run.
#[derive(Debug, Clone)]
pub struct CompiledForm {
    definition: FormDefinition,
    elements: Vec<ElementInfo>,
    /// Answerable elements outside dynamic panels, by name.
    by_name: IdMap<String, ElementId>,
    /// Every survey-level name an expression may read (questions and calculated values).
    names: HashSet<String, BuildHasherDefault<IdHasher>>,
    expressions: Vec<CompiledExpression>,
    /// The expression in each slot: the one way rules are found.
    rules: IdMap<Slot, ExprId>,
    /// The same, for the slots every element may have, by element (read on every check).
    element_rules: Vec<[Option<ExprId>; DENSE_SLOTS]>,
    calculated: Vec<ExprId>,
    /// For each name, the tracked (survey-level) expressions that read it.
    dependents: IdMap<String, Vec<ExprId>>,
    /// Topological rank of each expression: producers of a value rank below its readers.
    ranks: Vec<u32>,
    source_map: SourceMap,
    /// Every `regex` validator's pattern, compiled once: `[case-sensitive, case-insensitive]`.
    regexes: [HashMap<String, regex_lite::Regex>; 2],
    warnings: Vec<Diagnostic>,
}

/// The patterns of the form's `regex` validators, compiled (a pattern that does not compile
/// is left out: its validator accepts everything, as before).
fn compile_regexes(definition: &FormDefinition) -> [HashMap<String, regex_lite::Regex>; 2] {
    let mut regexes: [HashMap<String, regex_lite::Regex>; 2] = Default::default();
    let mut add = |validators: &[crate::form::Validator]| {
        for validator in validators {
            if let crate::form::ValidatorKind::Regex {
                regex: Some(pattern),
                case_insensitive,
            } = &validator.kind
            {
                let insensitive = *case_insensitive == Some(true);
                let map = &mut regexes[usize::from(insensitive)];
                if map.contains_key(pattern) {
                    continue;
                }
                if let Ok(compiled) = regex_lite::RegexBuilder::new(pattern)
                    .case_insensitive(insensitive)
                    .build()
                {
                    map.insert(pattern.clone(), compiled);
                }
            }
        }
    };
    for found in definition.walk() {
        let element = found.element;
        add(&element.validators);
        match &element.kind {
            ElementKind::MatrixDropdown(m) => m.columns.iter().for_each(|c| add(&c.validators)),
            ElementKind::MatrixDynamic(m) => m.columns.iter().for_each(|c| add(&c.validators)),
            ElementKind::MultipleText(m) => m.items.iter().for_each(|i| add(&i.validators)),
            _ => {}
        }
    }
    regexes
}

/// How many of an element's slots are kept in [`CompiledForm::element_rules`].
const DENSE_SLOTS: usize = 7;

/// The position of an element slot in [`CompiledForm::element_rules`], for the dense ones.
fn dense_index(slot: ElementSlot) -> Option<usize> {
    Some(match slot {
        ElementSlot::Visible => 0,
        ElementSlot::Enable => 1,
        ElementSlot::Required => 2,
        ElementSlot::DefaultValue => 3,
        ElementSlot::Value => 4,
        ElementSlot::MinValue => 5,
        ElementSlot::MaxValue => 6,
        _ => return None,
    })
}

/// Compiles a loaded definition; `warnings` are the loader's, kept with the compiler's own.
pub fn compile(
    definition: FormDefinition,
    warnings: Vec<Diagnostic>,
) -> Result<CompiledForm, CompileError> {
    let mut problems = Problems {
        errors: Vec::new(),
        warnings,
    };
    let (elements, element_paths) = index_elements(&definition);
    let by_name: IdMap<String, ElementId> = elements
        .iter()
        .enumerate()
        .filter(|(_, info)| info.dynamic_panel.is_none() && !info.name.is_empty())
        .map(|(id, info)| (info.name.clone(), ElementId::new(id)))
        .collect();
    let names = references::Names::new(&definition, &elements, &by_name);
    let mut compiled = CompiledForm {
        calculated: Vec::new(),
        definition: FormDefinition::default(),
        elements,
        names: names.survey_names().iter().cloned().collect(),
        by_name,
        expressions: Vec::new(),
        rules: IdMap::default(),
        element_rules: Vec::new(),
        dependents: IdMap::default(),
        ranks: Vec::new(),
        source_map: SourceMap {
            elements: element_paths,
            expressions: Vec::new(),
        },
        regexes: compile_regexes(&definition),
        warnings: Vec::new(),
    };
    for site in definition.expressions() {
        let parsed = match expression::parse(site.text) {
            Ok(parsed) => parsed,
            Err(error) => {
                problems.error(&site.path, format!("cannot read the expression: {error}"));
                continue;
            }
        };
        let dependencies = names.resolve(&parsed, &site, &mut problems);
        let id = ExprId::new(compiled.expressions.len());
        if compiled.rules.insert(site.slot, id).is_some() {
            problems.error(&site.path, "two expressions for one rule".to_owned());
        }
        if let Slot::Calculated(_) = site.slot {
            compiled.calculated.push(id);
        }
        compiled.source_map.expressions.push(site.path.clone());
        compiled.expressions.push(CompiledExpression {
            expression: parsed,
            slot: site.slot,
            scope: site.scope.map(str::to_owned),
            dependencies,
        });
    }
    compiled.element_rules = vec![[None; DENSE_SLOTS]; compiled.elements.len()];
    for (slot, id) in &compiled.rules {
        if let Slot::Element(element, slot) = slot
            && let Some(k) = dense_index(*slot)
            && let Some(row) = compiled.element_rules.get_mut(element.index())
        {
            row[k] = Some(*id);
        }
    }
    compiled.definition = definition;
    not_applied::warn(&compiled, &mut problems);
    if let Err(cycle_errors) = cycles::check(&compiled) {
        problems.errors.extend(cycle_errors);
    }
    if !problems.errors.is_empty() {
        return Err(CompileError {
            errors: problems.errors,
            warnings: problems.warnings,
        });
    }
    compiled.link();
    compiled.warnings = problems.warnings;
    Ok(compiled)
}

/// Loads and compiles JSON text: the whole path from a file to a runnable form.
pub fn compile_json(text: &str) -> Result<CompiledForm, CompileError> {
    match crate::form::load(text) {
        Ok(loaded) => compile(loaded.definition, loaded.warnings),
        Err(error) => {
            let errors = match &error {
                crate::form::LoadError::Syntax { .. } => vec![Diagnostic {
                    path: String::new(),
                    message: error.to_string(),
                    severity: Severity::Error,
                }],
                crate::form::LoadError::Invalid { errors, .. } => errors.clone(),
            };
            let warnings = match error {
                crate::form::LoadError::Invalid { warnings, .. } => warnings,
                crate::form::LoadError::Syntax { .. } => Vec::new(),
            };
            Err(CompileError { errors, warnings })
        }
    }
}

/// Collects diagnostics.
pub(crate) struct Problems {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

impl Problems {
    pub fn error(&mut self, path: &str, message: String) {
        self.errors.push(Diagnostic {
            path: path.to_owned(),
            message,
            severity: Severity::Error,
        });
    }

    pub fn warn(&mut self, path: &str, message: String) {
        self.warnings.push(Diagnostic {
            path: path.to_owned(),
            message,
            severity: Severity::Warning,
        });
    }
}

fn index_elements(definition: &FormDefinition) -> (Vec<ElementInfo>, Vec<String>) {
    let mut locators = Vec::new();
    for (page, p) in definition.pages.iter().enumerate() {
        collect(&p.elements, vec![page], &mut locators);
    }
    // Document order matches `FormDefinition::walk`: pair them to take its paths.
    let walk = definition.walk();
    let mut infos: Vec<ElementInfo> = Vec::with_capacity(locators.len());
    let mut paths = Vec::with_capacity(locators.len());
    let mut stack: Vec<(usize, ElementId)> = Vec::new(); // (depth, id) of open containers
    for (locator, found) in locators.into_iter().zip(walk.iter()) {
        while stack.last().is_some_and(|(depth, _)| *depth >= found.depth) {
            stack.pop();
        }
        let parent = stack.last().map(|(_, id)| *id);
        let dynamic_panel = found.parent_dynamic_panel.and_then(|name| {
            stack
                .iter()
                .rev()
                .map(|(_, id)| *id)
                .find(|id| infos.get(id.index()).is_some_and(|i| i.name == name))
        });
        let id = ElementId::new(infos.len());
        if matches!(
            found.element.kind,
            ElementKind::Panel(_) | ElementKind::PanelDynamic(_)
        ) {
            stack.push((found.depth, id));
        }
        infos.push(ElementInfo {
            name: found.element.name.clone(),
            page: found.page_index,
            parent,
            dynamic_panel,
            locator,
        });
        paths.push(found.path.clone());
    }
    (infos, paths)
}

fn collect(list: &[Element], prefix: Vec<usize>, out: &mut Vec<Vec<usize>>) {
    for (i, element) in list.iter().enumerate() {
        let mut locator = prefix.clone();
        locator.push(i);
        out.push(locator.clone());
        collect(element.children(), locator, out);
    }
}

impl CompiledForm {
    /// Builds the reverse dependency map and the ranks, once the form is known to be acyclic.
    fn link(&mut self) {
        let mut dependents: IdMap<String, Vec<ExprId>> = IdMap::default();
        for (id, compiled) in self.expression_ids() {
            if !self.is_tracked(id) {
                continue;
            }
            for name in &compiled.dependencies {
                dependents.entry(name.clone()).or_default().push(id);
            }
        }
        self.dependents = dependents;
        let producers = self.producers();
        let mut ranks = vec![None; self.expressions.len()];
        for index in 0..self.expressions.len() {
            rank(ExprId::new(index), self, &producers, &mut ranks, 0);
        }
        self.ranks = ranks.into_iter().map(|r| r.unwrap_or(0)).collect();
    }

    /// Expressions whose result the state keeps up to date: survey-level ones whose slot is
    /// tracked ([`Slot::is_tracked`]).
    pub fn is_tracked(&self, id: ExprId) -> bool {
        self.expression(id)
            .is_some_and(|e| e.scope.is_none() && e.slot.is_tracked())
    }

    /// The name a value-producing expression writes: a calculated value, an `expression`
    /// element's answer, or a default value.
    pub(crate) fn produced_name(&self, slot: Slot) -> Option<&str> {
        match slot {
            Slot::Calculated(i) => self
                .definition
                .calculated_values
                .get(i.index())
                .map(|c| c.name.as_str()),
            Slot::Element(e, ElementSlot::Value | ElementSlot::DefaultValue) => {
                self.info(e).map(|i| i.name.as_str())
            }
            _ => None,
        }
    }

    /// For each name that an expression computes, the expressions computing it.
    pub(crate) fn producers(&self) -> HashMap<&str, Vec<ExprId>> {
        let mut producers: HashMap<&str, Vec<ExprId>> = HashMap::new();
        for (id, compiled) in self.expression_ids() {
            if compiled.scope.is_some() {
                continue;
            }
            if let Some(name) = self.produced_name(compiled.slot) {
                producers.entry(name).or_default().push(id);
            }
        }
        producers
    }

    pub fn definition(&self) -> &FormDefinition {
        &self.definition
    }

    pub fn elements(&self) -> &[ElementInfo] {
        &self.elements
    }

    /// Every element with its id, in document order.
    pub fn element_ids(&self) -> impl Iterator<Item = (ElementId, &ElementInfo)> + '_ {
        self.elements
            .iter()
            .enumerate()
            .map(|(i, info)| (ElementId::new(i), info))
    }

    pub fn info(&self, id: ElementId) -> Option<&ElementInfo> {
        self.elements.get(id.index())
    }

    /// The element's definition.
    pub fn element(&self, id: ElementId) -> Option<&Element> {
        let locator = &self.info(id)?.locator;
        let (page, rest) = locator.split_first()?;
        let mut list = self.definition.pages.get(*page)?.elements.as_slice();
        let mut found = None;
        for &i in rest {
            let element = list.get(i)?;
            found = Some(element);
            list = element.children();
        }
        found
    }

    /// Whether `name` is a survey-level question or calculated value (exact spelling).
    pub fn is_name(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    /// The answerable survey-level element with this name.
    pub fn element_id(&self, name: &str) -> Option<ElementId> {
        self.by_name.get(name).copied()
    }

    /// The elements directly inside a container (panel, dynamic panel), or on a page.
    pub fn children(
        &self,
        parent: Option<ElementId>,
        page: usize,
    ) -> impl Iterator<Item = ElementId> + '_ {
        self.element_ids()
            .filter(move |(_, info)| info.parent == parent && info.page == page)
            .map(|(id, _)| id)
    }

    /// The elements of a dynamic panel's template, at any depth.
    pub fn template_members(&self, panel: ElementId) -> impl Iterator<Item = ElementId> + '_ {
        self.element_ids()
            .filter(move |(_, info)| info.dynamic_panel == Some(panel))
            .map(|(id, _)| id)
    }

    pub fn expressions(&self) -> &[CompiledExpression] {
        &self.expressions
    }

    /// Every expression with its id.
    pub fn expression_ids(&self) -> impl Iterator<Item = (ExprId, &CompiledExpression)> + '_ {
        self.expressions
            .iter()
            .enumerate()
            .map(|(i, e)| (ExprId::new(i), e))
    }

    pub fn expression(&self, id: ExprId) -> Option<&CompiledExpression> {
        self.expressions.get(id.index())
    }

    /// The expression in a slot, if the form writes one there.
    pub fn rule(&self, slot: Slot) -> Option<ExprId> {
        self.rules.get(&slot).copied()
    }

    /// The expression in one of an element's slots.
    pub fn element_rule(&self, id: ElementId, slot: ElementSlot) -> Option<ExprId> {
        match dense_index(slot) {
            Some(k) => self.element_rules.get(id.index()).and_then(|row| row[k]),
            None => self.rule(Slot::Element(id, slot)),
        }
    }

    pub fn page_visible_if(&self, page: usize) -> Option<ExprId> {
        self.rule(Slot::Page(PageId::new(page), PageSlot::Visible))
    }

    pub fn page_enable_if(&self, page: usize) -> Option<ExprId> {
        self.rule(Slot::Page(PageId::new(page), PageSlot::Enable))
    }

    /// The calculated values' expressions, in definition order.
    pub fn calculated(&self) -> &[ExprId] {
        &self.calculated
    }

    /// Tracked expressions reading `name`.
    pub fn dependents(&self, name: &str) -> &[ExprId] {
        self.dependents.get(name).map_or(&[], Vec::as_slice)
    }

    pub fn rank(&self, id: ExprId) -> u32 {
        self.ranks.get(id.index()).copied().unwrap_or(0)
    }

    /// A `regex` validator's pattern, compiled when the form was (`None`: it does not compile).
    pub fn regex(&self, pattern: &str, case_insensitive: bool) -> Option<&regex_lite::Regex> {
        self.regexes[usize::from(case_insensitive)].get(pattern)
    }

    /// Where each part is written in the definition (for messages).
    pub fn source_map(&self) -> &SourceMap {
        &self.source_map
    }

    /// Warnings of loading and compiling.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }
}

/// Rank of an expression: 0 when it reads no computed name, else one more than the highest
/// rank of the expressions computing what it reads. Cycles were ruled out before.
fn rank(
    id: ExprId,
    form: &CompiledForm,
    producers: &HashMap<&str, Vec<ExprId>>,
    ranks: &mut Vec<Option<u32>>,
    depth: usize,
) -> u32 {
    if let Some(Some(known)) = ranks.get(id.index()) {
        return *known;
    }
    let mut highest = 0;
    if depth < form.expressions.len()
        && let Some(compiled) = form.expression(id)
    {
        for name in &compiled.dependencies {
            for &producer in producers.get(name.as_str()).map_or(&[][..], Vec::as_slice) {
                if producer != id {
                    highest = highest.max(rank(producer, form, producers, ranks, depth + 1) + 1);
                }
            }
        }
    }
    if let Some(slot) = ranks.get_mut(id.index()) {
        *slot = Some(highest);
    }
    highest
}
