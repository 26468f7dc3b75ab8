//! SurveyJS sample forms load, and write back to the same JSON (same key order too).
#![allow(clippy::unwrap_used)]

use pq_core::form::{ElementKind, ExpressionKind, FormDefinition, LoadedForm, Severity, load};
use serde_json::Value;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap()
}

/// Loads a fixture and checks it writes back exactly (values and key order).
fn round_trip(name: &str) -> LoadedForm {
    let text = fixture(name);
    let loaded = load(&text).unwrap();
    let input: Value = serde_json::from_str(&text).unwrap();
    let output = loaded.definition.to_json();
    assert_eq!(output, input, "{name}: values differ");
    assert_eq!(
        serde_json::to_string_pretty(&output).unwrap(),
        serde_json::to_string_pretty(&input).unwrap(),
        "{name}: key order differs"
    );
    // Writing and reading again is stable.
    let again = load(&serde_json::to_string(&loaded.definition).unwrap()).unwrap();
    assert_eq!(again.definition.to_json(), input);
    loaded
}

fn warnings(loaded: &LoadedForm) -> Vec<String> {
    assert!(
        loaded
            .warnings
            .iter()
            .all(|w| w.severity == Severity::Warning)
    );
    loaded.warnings.iter().map(ToString::to_string).collect()
}

fn paths(def: &FormDefinition) -> Vec<String> {
    def.walk().into_iter().map(|r| r.path).collect()
}

#[test]
fn customer_feedback_round_trips() {
    let loaded = round_trip("customer_feedback.json");
    assert_eq!(
        warnings(&loaded),
        vec!["pages[1].elements[3]: unknown property 'choicesByUrl' (kept)"]
    );
    let def = &loaded.definition;
    assert_eq!(def.pages.len(), 2);
    assert!(def.shows_progress_bar());
    assert_eq!(def.walk().len(), 9);
    let radio = &def.pages[1].elements[0];
    assert_eq!(radio.kind.select().unwrap().show_other_item, Some(true));
    let ElementKind::Rating(rating) = &def.pages[0].elements[0].kind else {
        panic!()
    };
    assert_eq!(rating.values().len(), 11);
    let sites: Vec<String> = def.expressions().into_iter().map(|s| s.path).collect();
    assert_eq!(
        sites,
        vec![
            "pages[0].elements[1].visibleIf",
            "pages[0].elements[2].visibleIf",
            "pages[0].elements[3].visibleIf",
            "pages[1].elements[2].visibleIf",
        ]
    );
}

#[test]
fn household_survey_round_trips() {
    let loaded = round_trip("household_survey.json");
    assert_eq!(
        warnings(&loaded),
        vec!["unknown property 'triggers' (kept)"]
    );
    let def = &loaded.definition;
    assert_eq!(def.id.as_deref(), Some("household-2024"));
    assert_eq!(def.title.as_ref().unwrap().get("en"), "Household survey");
    assert_eq!(
        def.title.as_ref().unwrap().get("vi"),
        "Khảo sát hộ gia đình"
    );
    assert_eq!(def.calculated_values.len(), 2);
    assert_eq!(
        paths(def),
        vec![
            "pages[0].elements[0]",
            "pages[0].elements[1]",
            "pages[0].elements[2]",
            "pages[0].elements[2].templateElements[0]",
            "pages[0].elements[2].templateElements[1]",
            "pages[0].elements[2].templateElements[2]",
            "pages[0].elements[2].templateElements[3]",
            "pages[0].elements[2].templateElements[3].elements[0]",
            "pages[0].elements[2].templateElements[3].elements[1]",
            "pages[0].elements[3]",
            "pages[1].elements[0]",
            "pages[1].elements[1]",
            "pages[1].elements[2]",
            "pages[1].elements[3]",
        ]
    );
    let grade = &def.walk()[8];
    assert_eq!(grade.element.name, "grade");
    assert_eq!(grade.parent_dynamic_panel, Some("members"));
    assert_eq!(grade.parent.unwrap().name, "schooling");

    let sites = def.expressions();
    let by_path = |p: &str| sites.iter().find(|s| s.path == p).unwrap();
    let s = by_path("pages[0].elements[2].templateElements[2].choices[2].visibleIf");
    assert_eq!((s.scope, s.item_variable), (Some("members"), true));
    let s = by_path("pages[0].elements[2].templateElements[3].elements[1].enableIf");
    assert_eq!(s.scope, Some("members"));
    let s = by_path("pages[1].elements[0].columns[2].expression");
    assert_eq!(
        (s.kind, s.matrix, s.scope),
        (ExpressionKind::Value, Some("incomes"), None)
    );
    let s = by_path("pages[1].elements[0].columns[1].validators[0].expression");
    assert_eq!(s.kind, ExpressionKind::Condition);
    assert_eq!(by_path("pages[1].visibleIf").text, "{member_count} > 0");
    assert_eq!(
        by_path("pages[0].elements[1].defaultValueExpression").text,
        "today()"
    );
    assert_eq!(
        by_path("calculatedValues[1].expression").kind,
        ExpressionKind::Value
    );
    assert_eq!(sites.len(), 13);
}

#[test]
fn legacy_single_page_round_trips() {
    let loaded = round_trip("legacy_single_page.json");
    assert_eq!(
        warnings(&loaded),
        vec![
            "questions[5].questions[0]: unknown element type 'signaturepad' (kept as written)",
            "questions[5].questions[1]: unknown element type 'file' (kept as written)",
            "questions[5].questions[2].inputType: input type 'color' is not supported (kept; answered as text)",
        ]
    );
    let def = &loaded.definition;
    assert_eq!(def.pages.len(), 1);
    let els = &def.pages[0].elements;
    let dropdown = els[0].kind.select().unwrap();
    assert_eq!(dropdown.show_none_item, Some(true));
    assert!(dropdown.placeholder.is_some());
    let radio = els[1].kind.select().unwrap();
    assert_eq!(radio.show_other_item, Some(true));
    assert_eq!(radio.choices[2].value, Value::from("3"));
    assert_eq!(radio.choices[2].display_text(""), "Three or more");
    let ElementKind::Matrix(m) = &els[2].kind else {
        panic!()
    };
    assert_eq!(m.each_row_required, Some(true));
    let ElementKind::Rating(r) = &els[3].kind else {
        panic!()
    };
    assert!(r.min_rate_description.is_some());
    assert_eq!(r.values().len(), 5);
    let ElementKind::PanelDynamic(p) = &els[4].kind else {
        panic!()
    };
    assert_eq!(p.template_elements.len(), 2);
    assert!(p.add_panel_text.is_some());
    assert_eq!(paths(def)[5], "questions[4].questions[0]");
    assert!(matches!(els[5].children()[1].kind, ElementKind::Unknown(_)));
}
