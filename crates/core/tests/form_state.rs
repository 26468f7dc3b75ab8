//! The live form state: visibility, calculated values, incremental re-evaluation.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use pq_core::compile::compile_json;
use pq_core::expression::Date;
use pq_core::state::FormState;
use serde_json::{Map, Value, json};

fn state(form: Value, answers: Value) -> FormState {
    let compiled = Arc::new(compile_json(&form.to_string()).unwrap());
    let answers: Map<String, Value> = serde_json::from_value(answers).unwrap();
    FormState::new(compiled, answers, Date::new(2026, 11, 28).unwrap())
}

fn enterprise() -> Value {
    json!({
        "pages": [
            {"name": "identity", "elements": [
                {"type": "text", "name": "name", "isRequired": true},
                {"type": "boolean", "name": "has_iso"},
                {"type": "text", "name": "iso_year", "inputType": "number", "visibleIf": "{has_iso} = true"}
            ]},
            {"name": "finance", "visibleIf": "{name} notempty", "elements": [
                {"type": "text", "name": "employees", "inputType": "number"},
                {"type": "text", "name": "value_added", "inputType": "number"},
                {"type": "expression", "name": "productivity", "expression": "iif({employees} > 0, {value_added} / {employees}, '')"}
            ]}
        ],
        "calculatedValues": [
            {"name": "double_productivity", "expression": "iif({productivity} notempty, {productivity} * 2, '')", "includeIntoResult": true}
        ]
    })
}

#[test]
fn visibility_follows_answers() {
    let mut s = state(enterprise(), json!({}));
    let iso_year = s.form().element_id("iso_year").unwrap();
    assert!(!s.is_visible(iso_year));
    assert!(!s.is_page_visible(1), "finance waits for the name");
    s.set_value("has_iso", json!(true));
    assert!(s.is_visible(iso_year));
    s.set_value("name", json!("Công ty TNHH An Phát"));
    assert!(s.is_page_visible(1));
    s.set_value("has_iso", json!(false));
    assert!(!s.is_visible(iso_year));
}

#[test]
fn expression_elements_and_calculated_values_chain() {
    let mut s = state(enterprise(), json!({"name": "A", "employees": 10}));
    // As in SurveyJS, a missing operand counts as 0 in arithmetic.
    assert_eq!(s.value("productivity"), Some(&json!(0)));
    let changes = s.set_value("value_added", json!(500));
    assert_eq!(s.value("productivity"), Some(&json!(50)));
    assert_eq!(s.calculated().get("double_productivity"), Some(&json!(100)));
    assert!(changes.names.contains(&"productivity".to_owned()));
    assert!(changes.names.contains(&"double_productivity".to_owned()));
    s.set_value("employees", json!(0));
    assert_eq!(s.value("productivity"), None, "division guarded by iif");
    assert_eq!(s.calculated().get("double_productivity"), None);
}

#[test]
fn only_dependent_expressions_are_re_evaluated() {
    let mut s = state(enterprise(), json!({"name": "A"}));
    let changes = s.set_value("has_iso", json!(true));
    // iso_year's visibleIf is the only expression reading has_iso.
    assert_eq!(changes.expressions.len(), 1);
    let unchanged = s.set_value("has_iso", json!(true));
    assert!(unchanged.expressions.is_empty() && unchanged.names.is_empty());
}

#[test]
fn result_data_drops_hidden_answers_and_adds_included_calculations() {
    let s = state(
        enterprise(),
        json!({"name": "A", "has_iso": false, "iso_year": 2015, "employees": 4, "value_added": 8}),
    );
    let data = s.result_data();
    assert!(!data.contains_key("iso_year"), "hidden at completion");
    assert_eq!(data.get("productivity"), Some(&json!(2)));
    assert_eq!(data.get("double_productivity"), Some(&json!(4)));
}

#[test]
fn on_hidden_clears_answers_as_soon_as_they_hide() {
    let mut form = enterprise();
    form["clearInvisibleValues"] = json!("onHidden");
    let mut s = state(
        form,
        json!({"name": "A", "has_iso": true, "iso_year": 2015}),
    );
    assert_eq!(s.value("iso_year"), Some(&json!(2015)));
    let changes = s.set_value("has_iso", json!(false));
    assert_eq!(s.value("iso_year"), None);
    assert!(changes.names.contains(&"iso_year".to_owned()));
}

#[test]
fn default_values_apply_until_the_respondent_answers() {
    let form = json!({"elements": [
        {"type": "text", "name": "year", "inputType": "number", "defaultValue": 2025},
        {"type": "text", "name": "last_year", "inputType": "number", "defaultValueExpression": "{year} - 1"}
    ]});
    let mut s = state(form, json!({}));
    assert_eq!(s.value("year"), Some(&json!(2025)));
    assert_eq!(s.value("last_year"), Some(&json!(2024)));
    s.set_value("year", json!(2026));
    assert_eq!(s.value("last_year"), Some(&json!(2025)));
    s.set_value("last_year", json!(2020));
    s.set_value("year", json!(2027));
    assert_eq!(
        s.value("last_year"),
        Some(&json!(2020)),
        "a given answer is kept"
    );
}

#[test]
fn dynamic_panel_entries_have_their_own_visibility() {
    let form = json!({"elements": [
        {"type": "paneldynamic", "name": "certs", "templateElements": [
            {"type": "dropdown", "name": "standard", "choices": ["ISO 9001", "other"]},
            {"type": "text", "name": "other_name", "visibleIf": "{panel.standard} = 'other'"}
        ]}
    ]});
    let s = state(
        form,
        json!({"certs": [{"standard": "ISO 9001"}, {"standard": "other"}]}),
    );
    let other = s
        .form()
        .element_ids()
        .find(|(_, e)| e.name == "other_name")
        .unwrap()
        .0;
    assert!(!s.is_visible_in_entry(other, 0));
    assert!(s.is_visible_in_entry(other, 1));
}

#[test]
fn enable_and_required_conditions() {
    let form = json!({"elements": [
        {"type": "boolean", "name": "exports"},
        {"type": "text", "name": "export_share", "enableIf": "{exports} = true", "requiredIf": "{exports} = true"},
        {"type": "expression", "name": "e", "expression": "1"}
    ]});
    let mut s = state(form, json!({}));
    let share = s.form().element_id("export_share").unwrap();
    assert!(!s.is_enabled(share) && !s.is_required(share));
    s.set_value("exports", json!(true));
    assert!(s.is_enabled(share) && s.is_required(share));
    assert!(
        !s.is_enabled(s.form().element_id("e").unwrap()),
        "expressions are read-only"
    );
}
