//! Compiling a form: every expression parsed once, every reference resolved, the dependency
//! graph built, and everything wrong with the definition reported with its JSON path.
//!
//! A [`CompiledForm`] is what the live [`crate::state::FormState`] runs on, in the app and on
//! the server alike. Compilation fails — with every problem, not just the first — on
//! expressions that do not parse, references to names the form does not have (with a
//! "did you mean" suggestion), and calculations that depend on themselves (a cycle).

mod cycles;
mod references;
mod suggest;

use std::collections::{HashMap, HashSet};

use crate::expression::{self, Expression};
use crate::form::{Diagnostic, Element, ElementKind, FormDefinition, Severity};

pub use suggest::closest;

/// Index of an element in [`CompiledForm::elements`] (document order).
pub type ElementId = usize;
/// Index of an expression in [`CompiledForm::expressions`].
pub type ExprId = usize;

/// What an expression decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    PageVisible(usize),
    PageEnabled(usize),
    Visible(ElementId),
    Enabled(ElementId),
    Required(ElementId),
    /// `defaultValueExpression`: the element's answer until the respondent gives one.
    DefaultValue(ElementId),
    /// An `expression` element's value.
    ElementValue(ElementId),
    MinValue(ElementId),
    MaxValue(ElementId),
    /// The `k`-th validator of the element.
    Validator(ElementId, usize),
    /// A calculated value, by index in `calculatedValues`.
    Calculated(usize),
    /// Evaluated on demand for one item (choices, rows, columns, matrix cells, multiple-text
    /// items): not kept up to date by the state.
    OnDemand,
}

/// One compiled expression.
#[derive(Debug, Clone)]
pub struct CompiledExpression {
    /// JSON path of the property in the definition.
    pub path: String,
    pub expression: Expression,
    pub role: Role,
    /// The dynamic panel whose entries it is evaluated in (`{panel.x}`), if any.
    pub scope: Option<String>,
    /// Names (questions and calculated values) whose change can change its result.
    pub dependencies: Vec<String>,
}

/// An element of the form with what the state needs to know about it.
#[derive(Debug, Clone)]
pub struct ElementInfo {
    pub name: String,
    /// JSON path in the definition, e.g. `pages[1].elements[3]`.
    pub path: String,
    pub page: usize,
    /// The panel or dynamic panel directly around it.
    pub parent: Option<ElementId>,
    /// The dynamic panel whose entries hold its answer.
    pub dynamic_panel: Option<ElementId>,
    /// Where it is: page index, then child indices.
    locator: Vec<usize>,
    pub visible_if: Option<ExprId>,
    pub enable_if: Option<ExprId>,
    pub required_if: Option<ExprId>,
    pub default_value: Option<ExprId>,
    pub value: Option<ExprId>,
    pub min_value: Option<ExprId>,
    pub max_value: Option<ExprId>,
    /// Per validator, its expression when it is an expression validator.
    pub validators: Vec<Option<ExprId>>,
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
    by_name: HashMap<String, ElementId>,
    /// Every survey-level name an expression may read (questions and calculated values).
    names: HashSet<String>,
    expressions: Vec<CompiledExpression>,
    by_path: HashMap<String, ExprId>,
    page_visible: Vec<Option<ExprId>>,
    page_enabled: Vec<Option<ExprId>>,
    calculated: Vec<ExprId>,
    /// For each name, the tracked (survey-level) expressions that read it.
    dependents: HashMap<String, Vec<ExprId>>,
    /// Topological rank of each expression: producers of a value rank below its readers.
    ranks: Vec<u32>,
    warnings: Vec<Diagnostic>,
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
    let (elements, by_name) = index_elements(&definition);
    let names = references::Names::new(&definition, &elements, &by_name);
    let mut compiled = CompiledForm {
        page_visible: vec![None; definition.pages.len()],
        page_enabled: vec![None; definition.pages.len()],
        calculated: Vec::new(),
        definition: FormDefinition::default(),
        elements,
        names: names.survey_names().clone(),
        by_name,
        expressions: Vec::new(),
        by_path: HashMap::new(),
        dependents: HashMap::new(),
        ranks: Vec::new(),
        warnings: Vec::new(),
    };
    let element_by_path: HashMap<String, ElementId> = compiled
        .elements
        .iter()
        .enumerate()
        .map(|(id, e)| (e.path.clone(), id))
        .collect();
    for site in definition.expressions() {
        let parsed = match expression::parse(site.text) {
            Ok(parsed) => parsed,
            Err(error) => {
                problems.error(&site.path, format!("cannot read the expression: {error}"));
                continue;
            }
        };
        let dependencies = names.resolve(&parsed, &site, &mut problems);
        let role = role_of(&site.path, site.property, &element_by_path, &definition);
        let id = compiled.expressions.len();
        compiled.by_path.insert(site.path.clone(), id);
        compiled.attach(role, id);
        compiled.expressions.push(CompiledExpression {
            path: site.path.clone(),
            expression: parsed,
            role,
            scope: site.scope.map(str::to_owned),
            dependencies,
        });
    }
    compiled.definition = definition;
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

fn index_elements(definition: &FormDefinition) -> (Vec<ElementInfo>, HashMap<String, ElementId>) {
    let mut locators = Vec::new();
    for (page, p) in definition.pages.iter().enumerate() {
        collect(&p.elements, vec![page], &mut locators);
    }
    // Document order matches `FormDefinition::walk`: pair them to take its paths.
    let walk = definition.walk();
    let mut infos = Vec::with_capacity(locators.len());
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
                .find(|id: &ElementId| infos.get(*id).is_some_and(|i: &ElementInfo| i.name == name))
        });
        let id = infos.len();
        if matches!(
            found.element.kind,
            ElementKind::Panel(_) | ElementKind::PanelDynamic(_)
        ) {
            stack.push((found.depth, id));
        }
        infos.push(ElementInfo {
            name: found.element.name.clone(),
            path: found.path.clone(),
            page: found.page_index,
            parent,
            dynamic_panel,
            locator,
            visible_if: None,
            enable_if: None,
            required_if: None,
            default_value: None,
            value: None,
            min_value: None,
            max_value: None,
            validators: vec![None; found.element.validators.len()],
        });
    }
    let by_name = infos
        .iter()
        .enumerate()
        .filter(|(_, info)| info.dynamic_panel.is_none() && !info.name.is_empty())
        .map(|(id, info)| (info.name.clone(), id))
        .collect();
    (infos, by_name)
}

fn collect(list: &[Element], prefix: Vec<usize>, out: &mut Vec<Vec<usize>>) {
    for (i, element) in list.iter().enumerate() {
        let mut locator = prefix.clone();
        locator.push(i);
        out.push(locator.clone());
        collect(element.children(), locator, out);
    }
}

/// Which role the property at `path` plays.
fn role_of(
    path: &str,
    property: &str,
    elements: &HashMap<String, ElementId>,
    definition: &FormDefinition,
) -> Role {
    let Some(base) = path
        .strip_suffix(property)
        .and_then(|b| b.strip_suffix('.'))
    else {
        return Role::OnDemand;
    };
    if let Some(&id) = elements.get(base) {
        return match property {
            "visibleIf" => Role::Visible(id),
            "enableIf" => Role::Enabled(id),
            "requiredIf" => Role::Required(id),
            "defaultValueExpression" => Role::DefaultValue(id),
            "expression" => Role::ElementValue(id),
            "minValueExpression" => Role::MinValue(id),
            "maxValueExpression" => Role::MaxValue(id),
            _ => Role::OnDemand,
        };
    }
    if let Some((owner, index)) = split_index(base, ".validators")
        && let Some(&id) = elements.get(owner)
    {
        return Role::Validator(id, index);
    }
    if let Some((_, index)) = split_index(base, "calculatedValues") {
        return Role::Calculated(index);
    }
    for page in 0..definition.pages.len() {
        if base == definition.page_path(page) {
            return match property {
                "visibleIf" => Role::PageVisible(page),
                "enableIf" => Role::PageEnabled(page),
                _ => Role::OnDemand,
            };
        }
    }
    Role::OnDemand
}

/// `"x.validators[3]"` with key `".validators"` → `("x", 3)`.
fn split_index<'a>(text: &'a str, key: &str) -> Option<(&'a str, usize)> {
    let open = text.rfind('[')?;
    let index = text[open + 1..].strip_suffix(']')?.parse().ok()?;
    let owner = text[..open].strip_suffix(key)?;
    Some((owner, index))
}

impl CompiledForm {
    fn attach(&mut self, role: Role, id: ExprId) {
        match role {
            Role::PageVisible(p) => self.page_visible[p] = Some(id),
            Role::PageEnabled(p) => self.page_enabled[p] = Some(id),
            Role::Visible(e) => self.elements[e].visible_if = Some(id),
            Role::Enabled(e) => self.elements[e].enable_if = Some(id),
            Role::Required(e) => self.elements[e].required_if = Some(id),
            Role::DefaultValue(e) => self.elements[e].default_value = Some(id),
            Role::ElementValue(e) => self.elements[e].value = Some(id),
            Role::MinValue(e) => self.elements[e].min_value = Some(id),
            Role::MaxValue(e) => self.elements[e].max_value = Some(id),
            Role::Validator(e, k) => {
                if let Some(slot) = self.elements[e].validators.get_mut(k) {
                    *slot = Some(id);
                }
            }
            Role::Calculated(_) => self.calculated.push(id),
            Role::OnDemand => {}
        }
    }

    /// Builds the reverse dependency map and the ranks, once the form is known to be acyclic.
    fn link(&mut self) {
        for (id, compiled) in self.expressions.iter().enumerate() {
            if !self.is_tracked(id) {
                continue;
            }
            for name in &compiled.dependencies {
                self.dependents.entry(name.clone()).or_default().push(id);
            }
        }
        let producers = self.producers();
        let mut ranks = vec![None; self.expressions.len()];
        for id in 0..self.expressions.len() {
            rank(id, self, &producers, &mut ranks, 0);
        }
        self.ranks = ranks.into_iter().map(|r| r.unwrap_or(0)).collect();
    }

    /// Expressions whose result the state keeps up to date: survey-level ones with a role.
    pub fn is_tracked(&self, id: ExprId) -> bool {
        self.expressions
            .get(id)
            .is_some_and(|e| e.scope.is_none() && e.role != Role::OnDemand)
    }

    /// For each name that an expression computes, the expressions computing it.
    pub(crate) fn producers(&self) -> HashMap<&str, Vec<ExprId>> {
        let mut producers: HashMap<&str, Vec<ExprId>> = HashMap::new();
        for (id, compiled) in self.expressions.iter().enumerate() {
            if compiled.scope.is_some() {
                continue;
            }
            let name = match compiled.role {
                Role::Calculated(i) => self
                    .definition
                    .calculated_values
                    .get(i)
                    .map(|c| c.name.as_str()),
                Role::ElementValue(e) | Role::DefaultValue(e) => {
                    self.elements.get(e).map(|i| i.name.as_str())
                }
                _ => None,
            };
            if let Some(name) = name {
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

    pub fn info(&self, id: ElementId) -> Option<&ElementInfo> {
        self.elements.get(id)
    }

    /// The element's definition.
    pub fn element(&self, id: ElementId) -> Option<&Element> {
        let locator = &self.elements.get(id)?.locator;
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
        self.elements
            .iter()
            .enumerate()
            .filter(move |(_, info)| info.parent == parent && info.page == page)
            .map(|(id, _)| id)
    }

    pub fn expressions(&self) -> &[CompiledExpression] {
        &self.expressions
    }

    pub fn expression(&self, id: ExprId) -> Option<&CompiledExpression> {
        self.expressions.get(id)
    }

    /// The expression at a JSON path, e.g. `pages[0].elements[2].choices[1].visibleIf`.
    pub fn expression_at(&self, path: &str) -> Option<ExprId> {
        self.by_path.get(path).copied()
    }

    pub fn page_visible_if(&self, page: usize) -> Option<ExprId> {
        self.page_visible.get(page).copied().flatten()
    }

    pub fn page_enable_if(&self, page: usize) -> Option<ExprId> {
        self.page_enabled.get(page).copied().flatten()
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
        self.ranks.get(id).copied().unwrap_or(0)
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
    if let Some(Some(known)) = ranks.get(id) {
        return *known;
    }
    let mut highest = 0;
    if depth < form.expressions.len()
        && let Some(compiled) = form.expressions.get(id)
    {
        for name in &compiled.dependencies {
            for &producer in producers.get(name.as_str()).map_or(&[][..], Vec::as_slice) {
                if producer != id {
                    highest = highest.max(rank(producer, form, producers, ranks, depth + 1) + 1);
                }
            }
        }
    }
    if let Some(slot) = ranks.get_mut(id) {
        *slot = Some(highest);
    }
    highest
}
