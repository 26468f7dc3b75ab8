//! Compiling definitions: what `pq check` reports.
#![allow(clippy::unwrap_used)]

use pq_core::compile::{CompileError, compile_json};
use pq_core::ids::ElementSlot;
use serde_json::json;

fn errors_of(form: serde_json::Value) -> Vec<String> {
    match compile_json(&form.to_string()) {
        Ok(_) => Vec::new(),
        Err(CompileError { errors, .. }) => errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_clean_form_compiles_with_dependencies_resolved() {
    let form = compile_json(
        &json!({
            "pages": [{"name": "p1", "elements": [
                {"type": "text", "name": "employees", "inputType": "number"},
                {"type": "text", "name": "revenue", "inputType": "number", "visibleIf": "{employees} > 0"}
            ]}],
            "calculatedValues": [{"name": "per_worker", "expression": "{revenue} / {employees}"}]
        })
        .to_string(),
    )
    .unwrap();
    let revenue = form.element_id("revenue").unwrap();
    let visible = form.element_rule(revenue, ElementSlot::Visible).unwrap();
    assert_eq!(
        form.expression(visible).unwrap().dependencies,
        vec!["employees"]
    );
    assert_eq!(form.dependents("employees").len(), 2);
    assert_eq!(form.dependents("revenue").len(), 1);
}

#[test]
fn unknown_references_name_the_path_and_suggest_the_near_name() {
    let errors = errors_of(json!({"pages": [
        {"name": "a", "elements": [{"type": "text", "name": "x"}]},
        {"name": "b", "elements": [{"type": "text", "name": "y"}]},
        {"name": "c", "elements": [
            {"type": "text", "name": "employees"},
            {"type": "text", "name": "q1"}, {"type": "text", "name": "q2"}, {"type": "text", "name": "q3"},
            {"type": "text", "name": "q4", "visibleIf": "{employes} > 10"}
        ]}
    ]}));
    assert_eq!(
        errors,
        vec![
            "pages[2].elements[4].visibleIf: unknown question 'employes' — did you mean 'employees'?"
        ]
    );
}

#[test]
fn a_cycle_is_called_a_cycle_with_both_paths() {
    let errors = errors_of(json!({
        "elements": [{"type": "text", "name": "q"}],
        "calculatedValues": [
            {"name": "a", "expression": "{b} + 1"},
            {"name": "b", "expression": "{a} * 2"}
        ]
    }));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("calculatedValues[0].expression: cycle:"),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("'a' → 'b' → 'a'"), "{}", errors[0]);
    assert!(
        errors[0].contains("calculatedValues[1].expression"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_self_reference_is_a_cycle() {
    let errors = errors_of(json!({
        "elements": [{"type": "expression", "name": "total", "expression": "{total} + 1"}]
    }));
    assert_eq!(errors.len(), 1);
    assert!(errors[0].contains("cycle"));
}

#[test]
fn unknown_reference_and_cycle_are_both_reported() {
    let errors = errors_of(json!({
        "elements": [{"type": "text", "name": "q", "visibleIf": "{nope} = 1"}],
        "calculatedValues": [
            {"name": "a", "expression": "{b}"},
            {"name": "b", "expression": "{a}"}
        ]
    }));
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("elements[0].visibleIf: unknown question 'nope'"));
    assert!(errors[1].contains("cycle"));
}

#[test]
fn parse_errors_carry_path_and_position() {
    let errors = errors_of(json!({
        "elements": [{"type": "text", "name": "q", "visibleIf": "({q} > > 1"}]
    }));
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("elements[0].visibleIf: cannot read the expression:"),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("column"), "{}", errors[0]);
}

#[test]
fn panel_and_row_references_resolve_in_their_scope() {
    let ok = errors_of(json!({"elements": [
        {"type": "paneldynamic", "name": "certs", "templateElements": [
            {"type": "text", "name": "issued", "inputType": "number"},
            {"type": "text", "name": "expiry", "inputType": "number",
             "validators": [{"type": "expression", "expression": "{panel.expiry} > {panel.issued}"}]}
        ]},
        {"type": "matrixdynamic", "name": "m", "columns": [
            {"name": "a"}, {"name": "b", "visibleIf": "{row.a} notempty"}
        ]},
        {"type": "checkbox", "name": "c", "choices": ["x", "y"], "choicesVisibleIf": "{item} != 'y'"},
        {"type": "text", "name": "n", "visibleIf": "{certs[0].issued} > 2000 and {certs.length} > 0"}
    ]}));
    assert!(ok.is_empty(), "{ok:?}");
    let wrong = errors_of(json!({"elements": [
        {"type": "paneldynamic", "name": "certs", "templateElements": [
            {"type": "text", "name": "issued"},
            {"type": "text", "name": "expiry", "visibleIf": "{panel.isued} > 0 or {issued} > 0"}
        ]}
    ]}));
    assert_eq!(
        wrong,
        vec![
            "elements[0].templateElements[1].visibleIf: unknown question 'isued' in 'certs' — did you mean 'panel.issued'?",
            "elements[0].templateElements[1].visibleIf: unknown question 'issued' — did you mean 'panel.issued'?",
        ]
    );
}

#[test]
fn loader_errors_come_through_with_paths() {
    let errors = errors_of(json!({"pages": [{"elements": [{"type": "text"}]}]}));
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("pages[0].elements[0]"),
        "{}",
        errors[0]
    );
    match compile_json("{not json") {
        Err(CompileError { errors, .. }) => assert!(errors[0].message.contains("line 1")),
        Ok(_) => panic!("not JSON must fail"),
    }
}

#[test]
fn names_ignore_case_as_in_surveyjs_with_a_warning() {
    let form = compile_json(
        &json!({"elements": [
            {"type": "text", "name": "employees"},
            {"type": "text", "name": "q", "visibleIf": "{Employees} > 1"}
        ]})
        .to_string(),
    )
    .unwrap();
    let q = form.element_id("q").unwrap();
    let visible = form.element_rule(q, ElementSlot::Visible).unwrap();
    assert_eq!(
        form.expression(visible).unwrap().dependencies,
        vec!["employees"]
    );
    assert_eq!(
        form.warnings()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        vec![
            "elements[1].visibleIf: 'Employees' is written 'employees' in the form (names ignore case)"
        ]
    );
}
