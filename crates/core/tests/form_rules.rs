//! Every rule a form states is applied and checked: conditions on items, rows, columns and
//! entries; answers checked against their element; answers that must not be kept.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use pq_core::compile::{CompiledForm, ElementId, compile_json};
use pq_core::expression::Date;
use pq_core::ids::{ColumnId, ItemList};
use pq_core::state::FormState;
use pq_core::submission::judge;
use pq_core::validation::Level;
use serde_json::{Map, Value, json};

fn form(definition: Value) -> Arc<CompiledForm> {
    Arc::new(compile_json(&definition.to_string()).expect("the test form compiles"))
}

fn today() -> Date {
    Date::new(2026, 12, 8).unwrap()
}

fn state(form: &Arc<CompiledForm>, answers: Value) -> FormState {
    let Value::Object(answers) = answers else {
        panic!("answers are an object")
    };
    FormState::new(Arc::clone(form), answers, today())
}

fn id(form: &CompiledForm, name: &str) -> ElementId {
    form.element_ids()
        .find(|(_, info)| info.name == name)
        .unwrap_or_else(|| panic!("no element {name}"))
        .0
}

fn shown(state: &FormState, name: &str, list: ItemList) -> Vec<String> {
    let id = id(state.form(), name);
    state
        .shown_items(id, list, None, "vi")
        .into_iter()
        .map(|item| pq_core::form::value_as_text(&item.choice.value).into_owned())
        .collect()
}

/// (answer path, message) of every blocking error, in English.
fn refusals(form: &Arc<CompiledForm>, answers: Value) -> Vec<(String, String)> {
    let Value::Object(answers) = answers else {
        panic!("answers are an object")
    };
    judge(Arc::clone(form), answers, "en", today())
        .errors
        .into_iter()
        .filter(|e| e.level.is_error())
        .map(|e| (e.path, e.message))
        .collect()
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => panic!("an object"),
    }
}

// ---------------------------------------------------------------------------------------
// Typed slots: no expression is parsed and then lost.

#[test]
fn every_compiled_expression_sits_in_its_own_slot() {
    let mut forms: Vec<Arc<CompiledForm>> = ["enterprise", "hospital", "school"]
        .iter()
        .map(|name| {
            let path = format!("{}/../../forms/{name}.json", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(path).unwrap();
            Arc::new(compile_json(&text).unwrap())
        })
        .collect();
    forms.push(form(every_condition_form()));
    for form in &forms {
        assert!(!form.expressions().is_empty());
        let mut slots = std::collections::HashSet::new();
        for (id, expression) in form.expression_ids() {
            assert_eq!(
                form.rule(expression.slot),
                Some(id),
                "{} is not reachable from its slot {:?}",
                form.source_map().expression(id),
                expression.slot
            );
            assert!(slots.insert(expression.slot), "two expressions in one slot");
        }
    }
    // The test form writes one expression per kind of slot: all of them were compiled.
    let all = form(every_condition_form());
    assert_eq!(all.expressions().len(), 26);
}

/// A form with an expression in every property that takes one.
fn every_condition_form() -> Value {
    json!({
        "pages": [{"name": "p", "visibleIf": "true", "enableIf": "true", "elements": [
            {"type": "text", "name": "n", "inputType": "number", "visibleIf": "true",
             "enableIf": "true", "requiredIf": "false", "defaultValueExpression": "1",
             "minValueExpression": "0", "maxValueExpression": "10",
             "validators": [{"type": "expression", "expression": "{n} < 100"}]},
            {"type": "checkbox", "name": "c", "choices": [{"value": "a", "visibleIf": "{n} > 0",
             "enableIf": "true"}, "b"], "choicesVisibleIf": "{item} != 'z'",
             "choicesEnableIf": "true"},
            {"type": "matrix", "name": "m", "rows": ["r1", {"value": "r2", "visibleIf": "true"}],
             "columns": ["x"], "rowsVisibleIf": "true", "columnsVisibleIf": "true"},
            {"type": "matrixdynamic", "name": "md", "columns": [
                {"name": "k", "cellType": "text", "visibleIf": "{row.k} != 'q'",
                 "requiredIf": "false", "choicesVisibleIf": "true",
                 "validators": [{"type": "expression", "expression": "true"}]}]},
            {"type": "paneldynamic", "name": "pd", "templateVisibleIf": "{panel.t} != 'hide'",
             "templateElements": [{"type": "text", "name": "t", "visibleIf": "true"}]},
            {"type": "multipletext", "name": "mt", "items": [{"name": "i",
             "minValueExpression": "0", "maxValueExpression": "5"}]},
            {"type": "expression", "name": "e", "expression": "{n} * 2"}
        ]}],
        "calculatedValues": [{"name": "cv", "expression": "{n} + 1"}]
    })
}

#[test]
fn what_the_engine_does_not_apply_is_said_not_silenced() {
    let compiled = form(json!({"pages": [{"name": "p", "elements": [
        {"type": "matrixdynamic", "name": "md", "columns": [
            {"name": "price", "cellType": "text"},
            {"name": "total", "cellType": "expression", "expression": "{row.price} * 2",
             "totalExpression": "1"}]}
    ]}]}));
    let warnings: Vec<String> = compiled
        .warnings()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("columns[1].expression") && w.contains("kept, not applied")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("columns[1].totalExpression") && w.contains("kept, not applied")),
        "{warnings:?}"
    );
    // Conditions that are applied give no such warning.
    let clean = form(every_condition_form());
    assert!(
        clean
            .warnings()
            .iter()
            .all(|w| !w.to_string().contains("not applied")),
        "{:?}",
        clean.warnings()
    );
}

// ---------------------------------------------------------------------------------------
// Conditions on items.

#[test]
fn choices_visible_if_tests_each_choice_with_item() {
    let f = form(json!({"elements": [
        {"type": "radiogroup", "name": "size", "choices": ["micro", "small", "large"]},
        {"type": "checkbox", "name": "tools", "choices": ["5s", "kaizen", "lean", "six_sigma"],
         "choicesVisibleIf": "{size} = 'large' or {item} notcontains 'sigma'"}
    ]}));
    let s = state(&f, json!({"size": "micro"}));
    assert_eq!(
        shown(&s, "tools", ItemList::Choices),
        ["5s", "kaizen", "lean"]
    );
    let s = state(&f, json!({"size": "large"}));
    assert_eq!(
        shown(&s, "tools", ItemList::Choices),
        ["5s", "kaizen", "lean", "six_sigma"]
    );
    // A hidden choice is not accepted either.
    assert_eq!(
        refusals(&f, json!({"size": "micro", "tools": ["5s", "six_sigma"]})),
        [(
            "tools[1]".to_owned(),
            "“six_sigma” is not one of this question's choices.".to_owned()
        )]
    );
    assert!(refusals(&f, json!({"size": "large", "tools": ["5s", "six_sigma"]})).is_empty());
}

#[test]
fn a_choice_s_own_visible_if_and_enable_if() {
    let f = form(json!({"elements": [
        {"type": "boolean", "name": "exports"},
        {"type": "dropdown", "name": "market", "choices": [
            "domestic",
            {"value": "eu", "text": "EU", "visibleIf": "{exports} = true"},
            {"value": "us", "text": "US", "enableIf": "{exports} = true"}
        ]}
    ]}));
    let s = state(&f, json!({"exports": false}));
    assert_eq!(shown(&s, "market", ItemList::Choices), ["domestic", "us"]);
    let market = id(&f, "market");
    let enabled: Vec<bool> = s
        .shown_items(market, ItemList::Choices, None, "en")
        .iter()
        .map(|i| i.enabled)
        .collect();
    assert_eq!(enabled, [true, false]);
    let s = state(&f, json!({"exports": true}));
    assert_eq!(
        shown(&s, "market", ItemList::Choices),
        ["domestic", "eu", "us"]
    );
    assert_eq!(
        refusals(&f, json!({"exports": false, "market": "eu"})),
        [(
            "market".to_owned(),
            "“eu” is not one of this question's choices.".to_owned()
        )]
    );
}

#[test]
fn choices_enable_if_marks_choices_not_selectable() {
    let f = form(json!({"elements": [
        {"type": "text", "name": "limit", "inputType": "number"},
        {"type": "radiogroup", "name": "n", "choices": [1, 2, 3], "choicesEnableIf": "{item} <= {limit}"}
    ]}));
    let s = state(&f, json!({"limit": 2}));
    let n = id(&f, "n");
    let enabled: Vec<bool> = s
        .shown_items(n, ItemList::Choices, None, "en")
        .iter()
        .map(|i| i.enabled)
        .collect();
    assert_eq!(enabled, [true, true, false]);
}

#[test]
fn choices_order_sorts_by_shown_text_or_shuffles_by_the_seed() {
    let f = form(json!({"elements": [
        {"type": "radiogroup", "name": "asc", "choicesOrder": "asc",
         "choices": [{"value": 1, "text": "Ba"}, {"value": 2, "text": "an"}, {"value": 3, "text": "Cá"}]},
        {"type": "radiogroup", "name": "desc", "choicesOrder": "desc", "choices": ["b", "c", "a"]},
        {"type": "radiogroup", "name": "random", "choicesOrder": "random",
         "choices": ["a", "b", "c", "d", "e", "f", "g", "h"]}
    ]}));
    let mut s = state(&f, json!({}));
    assert_eq!(shown(&s, "asc", ItemList::Choices), ["2", "1", "3"]);
    assert_eq!(shown(&s, "desc", ItemList::Choices), ["c", "b", "a"]);
    let orders: std::collections::HashSet<Vec<String>> = (0..6_u64)
        .map(|seed| {
            s.set_order_seed(seed);
            let order = shown(&s, "random", ItemList::Choices);
            // The same seed gives the same order every time.
            assert_eq!(order, shown(&s, "random", ItemList::Choices));
            let mut sorted = order.clone();
            sorted.sort();
            assert_eq!(sorted, ["a", "b", "c", "d", "e", "f", "g", "h"]);
            order
        })
        .collect();
    assert!(orders.len() > 1, "different seeds give different orders");
}

#[test]
fn rows_and_columns_visible_if_on_a_matrix() {
    let f = form(json!({"elements": [
        {"type": "checkbox", "name": "systems", "choices": ["iso9001", "iso14001", "haccp"]},
        {"type": "matrix", "name": "since", "rows": ["iso9001", "iso14001", "haccp"],
         "columns": ["before_2023", "2023", "2024", "2025"],
         "rowsVisibleIf": "{systems} contains {item}",
         "columnsVisibleIf": "{item} != 'before_2023' or {systems} contains 'iso9001'"}
    ]}));
    let s = state(&f, json!({"systems": ["iso14001"]}));
    assert_eq!(shown(&s, "since", ItemList::Rows), ["iso14001"]);
    assert_eq!(
        shown(&s, "since", ItemList::Columns),
        ["2023", "2024", "2025"]
    );
    let s = state(&f, json!({"systems": ["iso9001", "haccp"]}));
    assert_eq!(shown(&s, "since", ItemList::Rows), ["iso9001", "haccp"]);
    assert_eq!(
        shown(&s, "since", ItemList::Columns),
        ["before_2023", "2023", "2024", "2025"]
    );
    // A hidden column is not an answer.
    assert_eq!(
        refusals(
            &f,
            json!({"systems": ["iso14001"], "since": {"iso14001": "before_2023"}})
        ),
        [(
            "since.iso14001".to_owned(),
            "“before_2023” is not one of this question's choices.".to_owned()
        )]
    );
    // Each row required: only the shown rows.
    let g = form(json!({"elements": [
        {"type": "checkbox", "name": "systems", "choices": ["a", "b"]},
        {"type": "matrix", "name": "m", "rows": ["a", "b"], "columns": ["yes", "no"],
         "rowsVisibleIf": "{systems} contains {item}", "eachRowRequired": true}
    ]}));
    assert!(refusals(&g, json!({"systems": ["a"], "m": {"a": "yes"}})).is_empty());
    assert_eq!(
        refusals(&g, json!({"systems": ["a", "b"], "m": {"a": "yes"}})).len(),
        1
    );
}

#[test]
fn a_matrix_column_shows_where_its_condition_holds_for_the_row() {
    let f = form(json!({"elements": [
        {"type": "matrixdynamic", "name": "certs", "columns": [
            {"name": "standard", "cellType": "dropdown", "choices": ["iso9001", "other"]},
            {"name": "other_name", "cellType": "text", "visibleIf": "{row.standard} = 'other'",
             "isRequired": true}
        ]}
    ]}));
    let certs = id(&f, "certs");
    let rows = vec![json!({"standard": "iso9001"})];
    let s = state(&f, json!({"certs": rows}));
    assert_eq!(s.shown_columns(certs, &rows, None), [ColumnId::new(0)]);
    assert!(!s.is_cell_visible(certs, ColumnId::new(1), &rows[0], None));
    let rows = vec![json!({"standard": "iso9001"}), json!({"standard": "other"})];
    let s = state(&f, json!({"certs": rows}));
    assert_eq!(
        s.shown_columns(certs, &rows, None),
        [ColumnId::new(0), ColumnId::new(1)]
    );
    // Required only where shown.
    assert_eq!(
        refusals(&f, json!({"certs": rows})),
        [(
            "certs[1].other_name".to_owned(),
            "Response required.".to_owned()
        )]
    );
}

#[test]
fn a_column_s_choices_follow_choices_visible_if_per_row() {
    let f = form(json!({"elements": [
        {"type": "matrixdynamic", "name": "staff", "columns": [
            {"name": "kind", "cellType": "dropdown", "choices": ["doctor", "nurse"]},
            {"name": "level", "cellType": "dropdown", "choices": ["chief", "senior", "junior"],
             "choicesVisibleIf": "{row.kind} = 'doctor' or {item} != 'chief'"}
        ]}
    ]}));
    let staff = id(&f, "staff");
    let s = state(&f, json!({}));
    let levels = |row: Value| -> Vec<String> {
        s.shown_cell_choices(staff, ColumnId::new(1), &row, None)
            .iter()
            .map(|i| pq_core::form::value_as_text(&i.choice.value).into_owned())
            .collect()
    };
    assert_eq!(
        levels(json!({"kind": "doctor"})),
        ["chief", "senior", "junior"]
    );
    assert_eq!(levels(json!({"kind": "nurse"})), ["senior", "junior"]);
    assert_eq!(
        refusals(&f, json!({"staff": [{"kind": "nurse", "level": "chief"}]})),
        [(
            "staff[0].level".to_owned(),
            "“chief” is not one of this question's choices.".to_owned()
        )]
    );
}

#[test]
fn template_visible_if_hides_entries_and_their_errors() {
    let f = form(json!({"elements": [
        {"type": "paneldynamic", "name": "labs", "templateVisibleIf": "{panel.kind} != 'closed'",
         "templateElements": [
            {"type": "dropdown", "name": "kind", "choices": ["testing", "calibration", "closed"]},
            {"type": "text", "name": "accreditation", "isRequired": true}
        ]}
    ]}));
    let labs = id(&f, "labs");
    let answers = json!({"labs": [{"kind": "closed"}, {"kind": "testing"}]});
    let s = state(&f, answers.clone());
    assert!(!s.is_entry_visible(labs, 0));
    assert!(s.is_entry_visible(labs, 1));
    // Only the shown entry must be complete.
    assert_eq!(
        refusals(&f, answers),
        [(
            "labs[1].accreditation".to_owned(),
            "Response required.".to_owned()
        )]
    );
}

#[test]
fn a_multiple_text_item_s_bounds_apply() {
    let f = form(json!({"elements": [
        {"type": "text", "name": "total", "inputType": "number"},
        {"type": "multipletext", "name": "split", "items": [
            {"name": "men", "inputType": "number", "minValueExpression": "0",
             "maxValueExpression": "{total}"}
        ]}
    ]}));
    assert!(refusals(&f, json!({"total": 10, "split": {"men": 4}})).is_empty());
    assert_eq!(
        refusals(&f, json!({"total": 10, "split": {"men": 12}})),
        [(
            "split.men".to_owned(),
            "The value must be at most 10.".to_owned()
        )]
    );
}

// ---------------------------------------------------------------------------------------
// Answers checked against their element.

fn shapes_form() -> Arc<CompiledForm> {
    form(json!({"elements": [
        {"type": "dropdown", "name": "district", "choices": ["tu_son", "yen_phong"]},
        {"type": "text", "name": "address"},
        {"type": "text", "name": "founded", "inputType": "date"},
        {"type": "text", "name": "employees", "inputType": "number"},
        {"type": "checkbox", "name": "tools", "choices": ["5s", "kaizen"], "showNoneItem": true,
         "showOtherItem": true},
        {"type": "boolean", "name": "exports", "valueTrue": "yes", "valueFalse": "no"},
        {"type": "rating", "name": "score", "rateMin": 1, "rateMax": 5},
        {"type": "matrix", "name": "m", "rows": ["r1"], "columns": ["c1", "c2"]},
        {"type": "matrixdropdown", "name": "md", "rows": ["y2024"], "columns": [
            {"name": "revenue", "cellType": "text", "inputType": "number"},
            {"name": "audited", "cellType": "boolean"}]},
        {"type": "multipletext", "name": "contact", "items": [{"name": "phone"}]},
        {"type": "paneldynamic", "name": "certs", "templateElements": [
            {"type": "text", "name": "standard"}]}
    ]}))
}

#[test]
fn answers_that_fit_their_elements_pass() {
    let f = shapes_form();
    let good = json!({
        "district": "tu_son", "address": "Số 1, Lý Thái Tổ", "founded": "2020-02-29",
        "employees": 120, "tools": ["5s", "other"], "tools-Comment": "TPM",
        "exports": "yes", "score": 4, "m": {"r1": "c2"},
        "md": {"y2024": {"revenue": 1200, "audited": true}},
        "contact": {"phone": "0222 3822 111"}, "certs": [{"standard": "ISO 9001"}]
    });
    assert_eq!(refusals(&f, good), Vec::<(String, String)>::new());
}

#[test]
fn answers_that_do_not_fit_are_refused_with_their_path() {
    let f = shapes_form();
    let cases = [
        (
            json!({"district": "atlantis"}),
            "district",
            "“atlantis” is not one of this question's choices.",
        ),
        (
            json!({"address": {"street": "x"}}),
            "address",
            "The answer must be text.",
        ),
        (
            json!({"founded": "2023-02-30"}),
            "founded",
            "Not a real date: enter a date that exists (year-month-day).",
        ),
        (
            json!({"employees": [1]}),
            "employees",
            "Please enter a number.",
        ),
        (
            json!({"tools": "5s"}),
            "tools",
            "The answer must be a list of choices.",
        ),
        (
            json!({"tools": ["5s", "5s"]}),
            "tools",
            "“5s” is selected twice.",
        ),
        (
            json!({"tools": ["none", "kaizen"]}),
            "tools",
            "“None” cannot be selected together with other choices.",
        ),
        (
            json!({"exports": true}),
            "exports",
            "“true” is not one of this question's choices.",
        ),
        (
            json!({"score": 9}),
            "score",
            "“9” is not one of this question's choices.",
        ),
        (
            json!({"m": {"r9": "c1"}}),
            "m.r9",
            "This table has no row “r9”.",
        ),
        (
            json!({"md": {"y2024": {"profit": 3}}}),
            "md.y2024.profit",
            "“profit” is not part of this question.",
        ),
        (
            json!({"md": {"y2024": {"audited": "yes"}}}),
            "md.y2024.audited",
            "The answer must be one choice.",
        ),
        (
            json!({"contact": {"fax": "1"}}),
            "contact.fax",
            "“fax” is not part of this question.",
        ),
        (
            json!({"certs": "ISO 9001"}),
            "certs",
            "The answer must be a list of entries.",
        ),
        (
            json!({"certs": [{"standard": "x", "hacked": 1}]}),
            "certs[0].hacked",
            "“hacked” is not part of this question.",
        ),
    ];
    for (answers, path, message) in cases {
        let found = refusals(&f, answers.clone());
        assert_eq!(
            found,
            [(path.to_owned(), message.to_owned())],
            "answers {answers}"
        );
    }
}

#[test]
fn refusals_are_worded_in_vietnamese_too() {
    let f = shapes_form();
    let verdict = judge(f, object(json!({"district": "atlantis"})), "vi", today());
    assert!(!verdict.valid);
    assert_eq!(
        verdict.errors[0].message,
        "“atlantis” không phải là một lựa chọn của câu hỏi này."
    );
    // A form written without pages: its elements' paths start at `elements`.
    assert_eq!(verdict.errors[0].element, "elements[0]");
}

// ---------------------------------------------------------------------------------------
// Answers that must not be kept.

#[test]
fn unknown_names_are_dropped_with_a_warning() {
    let f = shapes_form();
    let verdict = judge(
        f,
        object(json!({"district": "tu_son", "injected": "=cmd()", "certs-Comment": "x"})),
        "en",
        today(),
    );
    assert!(verdict.valid);
    assert_eq!(verdict.answers, object(json!({"district": "tu_son"})));
    let warnings: Vec<&str> = verdict
        .errors
        .iter()
        .filter(|e| e.level == Level::Warning)
        .map(|e| e.path.as_str())
        .collect();
    assert_eq!(warnings, ["injected", "certs-Comment"]);
}

#[test]
fn hidden_answers_are_dropped_at_completion_unless_the_form_keeps_them() {
    let definition = |clear: &str| {
        json!({"clearInvisibleValues": clear, "elements": [
            {"type": "boolean", "name": "has_lab"},
            {"type": "text", "name": "lab_name", "visibleIf": "{has_lab} = true"},
            {"type": "text", "name": "kept", "visibleIf": "false", "clearIfInvisible": "none"},
            {"type": "paneldynamic", "name": "labs", "templateElements": [
                {"type": "boolean", "name": "accredited"},
                {"type": "text", "name": "body", "visibleIf": "{panel.accredited} = true"}
            ]}
        ]})
    };
    let answers = json!({"has_lab": false, "lab_name": "Lab A", "kept": "x",
        "labs": [{"accredited": false, "body": "BoA"}, {"accredited": true, "body": "BoA"}]});
    let verdict = judge(
        form(definition("onComplete")),
        object(answers.clone()),
        "en",
        today(),
    );
    assert_eq!(
        verdict.answers,
        object(json!({"has_lab": false, "kept": "x",
            "labs": [{"accredited": false}, {"accredited": true, "body": "BoA"}]}))
    );
    let verdict = judge(
        form(definition("none")),
        object(answers.clone()),
        "en",
        today(),
    );
    assert_eq!(verdict.answers, object(answers));
}

#[test]
fn the_other_text_is_kept_only_with_other() {
    let f = shapes_form();
    let kept = |answers: Value| judge(Arc::clone(&f), object(answers), "en", today()).answers;
    assert!(
        kept(json!({"tools": ["5s", "other"], "tools-Comment": "TPM"}))
            .contains_key("tools-Comment")
    );
    assert!(!kept(json!({"tools": ["5s"], "tools-Comment": "TPM"})).contains_key("tools-Comment"));
}

// ---------------------------------------------------------------------------------------
// SurveyJS's context variables inside matrices and dynamic panels.

#[test]
fn row_variables_index_value_and_previous_row() {
    let f = form(json!({"elements": [
        {"type": "matrixdynamic", "name": "years", "columns": [
            {"name": "year", "cellType": "text", "inputType": "number",
             "validators": [{"type": "expression", "text": "Năm phải tăng dần",
                             "expression": "{prevRow.year} empty or {row.year} > {prevRow.year}"}]},
            {"name": "note", "cellType": "text", "isRequired": true, "visibleIf": "{rowIndex} = 1"}
        ]},
        {"type": "matrixdropdown", "name": "by_year", "rows": ["y2023", "y2024"], "columns": [
            {"name": "audited", "cellType": "boolean", "isRequired": true, "visibleIf": "{rowValue} = 'y2024'"}
        ]}
    ]}));
    assert!(f.warnings().is_empty(), "{:?}", f.warnings());
    // The first row only needs a note; years must increase from the previous row.
    assert_eq!(
        refusals(&f, json!({"years": [{"year": 2023}, {"year": 2022}]})),
        [
            ("years[0].note".to_owned(), "Response required.".to_owned()),
            ("years[1].year".to_owned(), "Năm phải tăng dần".to_owned()),
        ]
    );
    assert!(
        refusals(
            &f,
            json!({"years": [{"year": 2023, "note": "x"}, {"year": 2024}]})
        )
        .is_empty()
    );
    // {rowValue}: only the 2024 row asks whether it was audited.
    assert_eq!(
        refusals(&f, json!({"by_year": {"y2023": {"audited": true}}})),
        [(
            "by_year.y2024.audited".to_owned(),
            "Response required.".to_owned()
        )]
    );
}

#[test]
fn panel_variables_index_neighbours_and_parent() {
    let f = form(json!({"elements": [
        {"type": "paneldynamic", "name": "sites", "templateElements": [
            {"type": "text", "name": "city"},
            {"type": "text", "name": "head_office", "requiredIf": "{panelIndex} = 0"},
            {"type": "text", "name": "same_city", "visibleIf": "{prevPanel.city} = {panel.city}",
             "isRequired": true},
            {"type": "panel", "name": "box", "elements": [
                {"type": "text", "name": "inner", "isRequired": true, "visibleIf": "{panel.city} = 'Bắc Ninh'"}
            ]},
            {"type": "paneldynamic", "name": "labs", "templateElements": [
                {"type": "text", "name": "lab_city", "isRequired": true,
                 "visibleIf": "{parentPanel.city} = 'Từ Sơn' and {visiblePanelIndex} = 0"}
            ]}
        ]}
    ]}));
    assert!(f.warnings().is_empty(), "{:?}", f.warnings());
    let found = refusals(
        &f,
        json!({"sites": [
            {"city": "Từ Sơn", "labs": [{}, {}]},
            {"city": "Từ Sơn"},
            {"city": "Bắc Ninh"}
        ]}),
    );
    assert_eq!(
        found,
        [
            (
                "sites[0].head_office".to_owned(),
                "Response required.".to_owned()
            ),
            (
                "sites[0].labs[0].lab_city".to_owned(),
                "Response required.".to_owned()
            ),
            (
                "sites[1].same_city".to_owned(),
                "Response required.".to_owned()
            ),
            ("sites[2].inner".to_owned(), "Response required.".to_owned()),
        ]
    );
}

#[test]
fn context_variables_outside_their_scope_are_unknown() {
    let errors = match compile_json(
        &json!({"elements": [{"type": "text", "name": "q", "visibleIf": "{rowIndex} = 1"}]})
            .to_string(),
    ) {
        Ok(_) => Vec::new(),
        Err(e) => e.errors.iter().map(ToString::to_string).collect(),
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("unknown question 'rowIndex'"),
        "{errors:?}"
    );
}
