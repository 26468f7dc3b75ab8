//! Resolving `{…}` references to the names they read, and reporting unknown ones.

use std::collections::{HashMap, HashSet};

use super::suggest::closest;
use super::{ElementId, ElementInfo, Problems};
use crate::expression::{Expression, Reference};
use crate::form::{ElementKind, ExpressionSite, FormDefinition};

/// Every name an expression may read.
pub(super) struct Names {
    /// Survey-level questions and calculated values.
    survey: HashSet<String>,
    /// Per dynamic panel, the names in its template.
    templates: HashMap<String, HashSet<String>>,
    /// Per matrix with typed columns, the column names.
    columns: HashMap<String, HashSet<String>>,
    /// Per dynamic panel inside another one's template, that outer panel (`{parentPanel.x}`).
    parents: HashMap<String, String>,
}

/// Context variables of a matrix row that stand alone (`{rowIndex}`).
const ROW_VARIABLES: [&str; 4] = ["rowIndex", "visibleRowIndex", "rowValue", "rowName"];
/// Context variables of a dynamic panel entry that stand alone (`{panelIndex}`).
const PANEL_VARIABLES: [&str; 2] = ["panelIndex", "visiblePanelIndex"];

impl Names {
    pub fn new(
        definition: &FormDefinition,
        elements: &[ElementInfo],
        by_name: &super::IdMap<String, ElementId>,
    ) -> Self {
        let mut survey: HashSet<String> = by_name.keys().cloned().collect();
        survey.extend(definition.calculated_values.iter().map(|c| c.name.clone()));
        let mut templates: HashMap<String, HashSet<String>> = HashMap::new();
        for info in elements {
            if let Some(panel) = info.dynamic_panel.and_then(|id| elements.get(id.index())) {
                templates
                    .entry(panel.name.clone())
                    .or_default()
                    .insert(info.name.clone());
            }
        }
        let mut columns = HashMap::new();
        let mut parents = HashMap::new();
        for found in definition.walk() {
            if let (ElementKind::PanelDynamic(_), Some(outer)) =
                (&found.element.kind, found.parent_dynamic_panel)
            {
                parents.insert(found.element.name.clone(), outer.to_owned());
            }
            let Some(matrix) = found.element.kind.typed_matrix() else {
                continue;
            };
            let names = matrix.columns;
            columns.insert(
                found.element.name.clone(),
                names.iter().map(|c| c.name.clone()).collect(),
            );
        }
        Names {
            survey,
            templates,
            columns,
            parents,
        }
    }

    /// Survey-level questions and calculated values.
    pub fn survey_names(&self) -> &HashSet<String> {
        &self.survey
    }

    /// The names `expression` depends on; unknown references are reported as errors at the
    /// site's path.
    pub fn resolve(
        &self,
        expression: &Expression,
        site: &ExpressionSite<'_>,
        problems: &mut Problems,
    ) -> Vec<String> {
        let mut dependencies: Vec<String> = Vec::new();
        for reference in expression.references() {
            match self.resolve_one(&reference, site, problems) {
                Ok(Some(name)) => {
                    if !dependencies.contains(&name) {
                        dependencies.push(name);
                    }
                }
                Ok(None) => {}
                Err(message) => problems.error(&site.path, message),
            }
        }
        dependencies
    }

    /// `Ok(Some(name))`: depends on `name`; `Ok(None)`: reads nothing tracked (`{item}`).
    fn resolve_one(
        &self,
        reference: &Reference,
        site: &ExpressionSite<'_>,
        problems: &mut Problems,
    ) -> Result<Option<String>, String> {
        let path = reference.path.as_str();
        let root = reference.root.as_str();
        let rest = path.get(root.len()..).unwrap_or_default();
        let is = |name: &str| root.eq_ignore_ascii_case(name);
        if site.item_variable && is("item") {
            return Ok(None);
        }
        if let Some(matrix) = site.matrix {
            let columns = self.columns.get(matrix);
            for prefix in ["row", "prevRow", "nextRow"] {
                if is(prefix) {
                    return self.member(matrix, rest, prefix, columns, "column");
                }
            }
            if rest.is_empty() && ROW_VARIABLES.iter().any(|v| is(v)) {
                return Ok(Some(matrix.to_owned()));
            }
        }
        if let Some(panel) = site.scope {
            let template = self.templates.get(panel);
            for prefix in ["panel", "prevPanel", "nextPanel"] {
                if is(prefix) {
                    return self.member(panel, rest, prefix, template, "question");
                }
            }
            if rest.is_empty() && PANEL_VARIABLES.iter().any(|v| is(v)) {
                return Ok(Some(panel.to_owned()));
            }
            if is("parentPanel")
                && let Some(outer) = self.parents.get(panel)
            {
                return self.member(
                    outer,
                    rest,
                    "parentPanel",
                    self.templates.get(outer),
                    "question",
                );
            }
        }
        if let Some(name) = longest_known_prefix(path, &self.survey) {
            return Ok(Some(name.to_owned()));
        }
        // SurveyJS reads names ignoring case: accept, but say so.
        let lowered = reference.root.to_lowercase();
        if let Some(name) = self.survey.iter().find(|n| n.to_lowercase() == lowered) {
            problems.warn(
                &site.path,
                format!(
                    "'{}' is written '{name}' in the form (names ignore case)",
                    reference.root
                ),
            );
            return Ok(Some(name.clone()));
        }
        let mut message = format!("unknown question '{}'", reference.root);
        let in_template = site.scope.and_then(|panel| self.templates.get(panel));
        if in_template.is_some_and(|t| t.contains(&reference.root)) {
            message.push_str(&format!(" — did you mean 'panel.{}'?", reference.root));
        } else if let Some(near) = closest(&reference.root, self.survey.iter().map(String::as_str))
        {
            message.push_str(&format!(" — did you mean '{near}'?"));
        }
        Err(message)
    }

    /// `{row.x}` / `{panel.x}` (`rest` is `.x…`, or empty for the whole row or entry): `x` must
    /// be one of `members`; depends on `owner`.
    fn member(
        &self,
        owner: &str,
        rest: &str,
        prefix: &str,
        members: Option<&HashSet<String>>,
        what: &str,
    ) -> Result<Option<String>, String> {
        let Some(rest) = rest.strip_prefix('.') else {
            return Ok(Some(owner.to_owned()));
        };
        let known = members.is_some_and(|m| longest_known_prefix(rest, m).is_some());
        if known {
            return Ok(Some(owner.to_owned()));
        }
        let first = rest.split(['.', '[']).next().unwrap_or(rest);
        let mut message = format!("unknown {what} '{first}' in '{owner}'");
        if let Some(near) = members.and_then(|m| closest(first, m.iter().map(String::as_str))) {
            message.push_str(&format!(" — did you mean '{prefix}.{near}'?"));
        }
        Err(message)
    }
}

/// The longest name in `names` that is the whole path or the part of it before a `.` or `[`.
fn longest_known_prefix<'a>(path: &'a str, names: &HashSet<String>) -> Option<&'a str> {
    if names.contains(path) {
        return Some(path);
    }
    path.char_indices()
        .filter(|(_, c)| *c == '.' || *c == '[')
        .map(|(i, _)| &path[..i])
        .rev()
        .find(|prefix| names.contains(*prefix))
}
