//! Finding calculations that depend on themselves.

use std::collections::HashMap;

use super::{CompiledForm, ExprId};
use crate::form::{Diagnostic, Severity};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    New,
    Open,
    Done,
}

/// One error per cycle among the expressions that compute values (calculated values,
/// `expression` elements, default value expressions), at the path of the first one in the
/// cycle, naming the whole loop.
pub(super) fn check(form: &CompiledForm) -> Result<(), Vec<Diagnostic>> {
    let producers = form.producers();
    let produced: HashMap<ExprId, &str> = producers
        .iter()
        .flat_map(|(name, ids)| ids.iter().map(move |id| (*id, *name)))
        .collect();
    let mut ids: Vec<ExprId> = produced.keys().copied().collect();
    ids.sort_unstable();
    let mut marks: HashMap<ExprId, Mark> = ids.iter().map(|id| (*id, Mark::New)).collect();
    let mut errors = Vec::new();
    for &start in &ids {
        if marks.get(&start) != Some(&Mark::New) {
            continue;
        }
        // Iterative depth-first search: (expression, index of the next dependency to follow).
        let mut stack: Vec<(ExprId, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Open);
        while let Some((id, next)) = stack.last().copied() {
            let edges = edges_of(form, &producers, id);
            if let Some(&target) = edges.get(next) {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                match marks.get(&target).copied().unwrap_or(Mark::Done) {
                    Mark::New => {
                        marks.insert(target, Mark::Open);
                        stack.push((target, 0));
                    }
                    Mark::Open => errors.push(describe(form, &produced, &stack, target)),
                    Mark::Done => {}
                }
            } else {
                marks.insert(id, Mark::Done);
                stack.pop();
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The producing expressions that `id` reads.
fn edges_of(
    form: &CompiledForm,
    producers: &HashMap<&str, Vec<ExprId>>,
    id: ExprId,
) -> Vec<ExprId> {
    form.expression(id)
        .map(|compiled| {
            compiled
                .dependencies
                .iter()
                .filter_map(|name| producers.get(name.as_str()))
                .flatten()
                .copied()
                .collect()
        })
        .unwrap_or_default()
}

fn describe(
    form: &CompiledForm,
    produced: &HashMap<ExprId, &str>,
    stack: &[(ExprId, usize)],
    back_to: ExprId,
) -> Diagnostic {
    let from = stack.iter().position(|(id, _)| *id == back_to).unwrap_or(0);
    let members: Vec<ExprId> = stack[from..].iter().map(|(id, _)| *id).collect();
    let mut names: Vec<&str> = members
        .iter()
        .map(|id| produced.get(id).copied().unwrap_or("?"))
        .collect();
    names.push(produced.get(&back_to).copied().unwrap_or("?"));
    let path_of = |id: &ExprId| form.source_map().expression(*id).to_owned();
    let others: Vec<String> = members.iter().skip(1).map(path_of).collect();
    let mut message = format!(
        "cycle: the calculation depends on itself ({})",
        names
            .iter()
            .map(|n| format!("'{n}'"))
            .collect::<Vec<_>>()
            .join(" → ")
    );
    if !others.is_empty() {
        message.push_str(&format!("; see also {}", others.join(", ")));
    }
    Diagnostic {
        path: members.first().map(path_of).unwrap_or_default(),
        message,
        severity: Severity::Error,
    }
}
