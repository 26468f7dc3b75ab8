//! Validation of answers per element type, in Vietnamese and English.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use pq_core::compile::compile_json;
use pq_core::expression::Date;
use pq_core::state::FormState;
use pq_core::validation::{ValidationError, validate, validate_page};
use serde_json::{Map, Value, json};

fn errors(form: Value, answers: Value, locale: &str) -> Vec<ValidationError> {
    let compiled = Arc::new(compile_json(&form.to_string()).unwrap());
    let answers: Map<String, Value> = serde_json::from_value(answers).unwrap();
    let state = FormState::new(compiled, answers, Date::new(2026, 11, 28).unwrap());
    validate(&state, locale)
}

fn pairs(errors: &[ValidationError]) -> Vec<(&str, &str)> {
    errors
        .iter()
        .map(|e| (e.path.as_str(), e.message.as_str()))
        .collect()
}

#[test]
fn required_answers_in_both_languages_and_custom_text() {
    let form = json!({"elements": [
        {"type": "text", "name": "name", "isRequired": true},
        {"type": "text", "name": "code", "isRequired": true,
         "requiredErrorText": {"vi": "Nhập mã số doanh nghiệp.", "en": "Enter the enterprise code."}}
    ]});
    let vi = errors(form.clone(), json!({"name": "  "}), "vi");
    assert_eq!(
        pairs(&vi),
        vec![
            ("name", "Vui lòng trả lời câu hỏi này."),
            ("code", "Nhập mã số doanh nghiệp.")
        ]
    );
    let en = errors(form, json!({}), "en");
    assert_eq!(
        pairs(&en),
        vec![
            ("name", "Response required."),
            ("code", "Enter the enterprise code.")
        ]
    );
    assert_eq!(en[1].element, "elements[1]");
}

#[test]
fn hidden_questions_never_block() {
    let form = json!({"elements": [
        {"type": "boolean", "name": "has_iso"},
        {"type": "text", "name": "iso_year", "isRequired": true, "visibleIf": "{has_iso} = true"}
    ]});
    assert!(errors(form.clone(), json!({"has_iso": false}), "en").is_empty());
    assert_eq!(errors(form, json!({"has_iso": true}), "en").len(), 1);
}

#[test]
fn number_inputs_and_numeric_validators() {
    let form = json!({"elements": [
        {"type": "text", "name": "employees", "inputType": "number", "min": 0},
        {"type": "text", "name": "share", "inputType": "number",
         "validators": [{"type": "numeric", "minValue": 0, "maxValue": 100}]},
        {"type": "text", "name": "year", "inputType": "number",
         "validators": [{"type": "numeric", "minValue": 1950, "text": {"en": "A year from 1950."}}]}
    ]});
    let found = errors(
        form.clone(),
        json!({"employees": -1, "share": 120, "year": 1900}),
        "en",
    );
    assert_eq!(
        pairs(&found),
        vec![
            ("employees", "The value must be at least 0."),
            ("share", "The value must be between 0 and 100."),
            ("year", "A year from 1950."),
        ]
    );
    let text = errors(form.clone(), json!({"employees": "many"}), "vi");
    assert_eq!(pairs(&text), vec![("employees", "Vui lòng nhập một số.")]);
    assert!(
        errors(
            form,
            json!({"employees": 12, "share": "45,5", "year": 2001}),
            "en"
        )
        .is_empty()
    );
}

#[test]
fn text_regex_email_and_answer_count_validators() {
    let form = json!({"elements": [
        {"type": "text", "name": "tax", "validators": [{"type": "regex", "regex": "^\\d{10}(-\\d{3})?$"}]},
        {"type": "text", "name": "mail", "validators": [{"type": "email"}]},
        {"type": "comment", "name": "note", "validators": [{"type": "text", "minLength": 5, "maxLength": 10}]},
        {"type": "checkbox", "name": "tools", "choices": ["5S", "Kaizen", "Lean"],
         "validators": [{"type": "answercount", "maxCount": 2}]}
    ]});
    let found = errors(
        form.clone(),
        json!({"tax": "23003257", "mail": "an@", "note": "ok", "tools": ["5S", "Kaizen", "Lean"]}),
        "en",
    );
    assert_eq!(
        pairs(&found),
        vec![
            ("tax", "The value is not in the expected format."),
            ("mail", "Please enter a valid e-mail address."),
            ("note", "Please enter at least 5 character(s)."),
            ("tools", "Please select no more than 2 item(s)."),
        ]
    );
    let fine =
        json!({"tax": "2300325764-001", "mail": "an@ap.vn", "note": "đủ dài", "tools": ["5S"]});
    assert!(errors(form, fine, "en").is_empty());
}

#[test]
fn expression_validators_with_tax_code_check_digit() {
    let form = json!({"elements": [
        {"type": "text", "name": "tax", "validators": [
            {"type": "expression", "expression": "isValidTaxCode({tax})",
             "text": {"vi": "Mã số thuế không hợp lệ.", "en": "Invalid tax code."}}
        ]}
    ]});
    assert_eq!(
        pairs(&errors(form.clone(), json!({"tax": "2300325765"}), "vi")),
        vec![("tax", "Mã số thuế không hợp lệ.")]
    );
    assert!(errors(form, json!({"tax": "2300325764"}), "vi").is_empty());
}

#[test]
fn other_item_needs_its_text() {
    let form = json!({"elements": [
        {"type": "radiogroup", "name": "ownership", "choices": ["state", "private"], "showOtherItem": true}
    ]});
    assert_eq!(
        pairs(&errors(form.clone(), json!({"ownership": "other"}), "en")),
        vec![("ownership", "Please describe the other option.")]
    );
    assert!(
        errors(
            form,
            json!({"ownership": "other", "ownership-Comment": "cooperative"}),
            "en"
        )
        .is_empty()
    );
}

#[test]
fn dynamic_panels_check_each_entry_in_its_own_context() {
    let form = json!({"elements": [
        {"type": "paneldynamic", "name": "certs", "minPanelCount": 1, "templateElements": [
            {"type": "dropdown", "name": "standard", "isRequired": true, "choices": ["ISO 9001", "ISO 14001"]},
            {"type": "text", "name": "issued", "inputType": "number"},
            {"type": "text", "name": "expiry", "inputType": "number", "validators": [
                {"type": "expression", "expression": "{panel.expiry} > {panel.issued}",
                 "text": {"en": "The expiry year must come after the issue year."}}
            ]}
        ]}
    ]});
    let found = errors(
        form.clone(),
        json!({"certs": [
            {"standard": "ISO 9001", "issued": 2020, "expiry": 2023},
            {"issued": 2021, "expiry": 2019}
        ]}),
        "en",
    );
    assert_eq!(
        pairs(&found),
        vec![
            ("certs[1].standard", "Response required."),
            (
                "certs[1].expiry",
                "The expiry year must come after the issue year."
            ),
        ]
    );
    assert_eq!(found[1].element, "elements[0].templateElements[2]");
    assert_eq!(
        pairs(&errors(form, json!({}), "en")),
        Vec::<(&str, &str)>::new()
    );
}

#[test]
fn matrices_and_multiple_text() {
    let form = json!({"elements": [
        {"type": "matrix", "name": "sat", "eachRowRequired": true,
         "rows": ["staff", "patients"], "columns": [1, 2, 3]},
        {"type": "matrixdropdown", "name": "tools", "rows": ["5s", "lean"], "columns": [
            {"name": "status", "cellType": "dropdown", "choices": ["applying", "planned"], "isRequired": true},
            {"name": "since", "cellType": "text", "inputType": "number",
             "validators": [{"type": "numeric", "minValue": 1950}]}
        ]},
        {"type": "multipletext", "name": "contact", "items": [
            {"name": "phone", "isRequired": true}, {"name": "email", "inputType": "email"}
        ]}
    ]});
    let found = errors(
        form,
        json!({
            "sat": {"staff": 3},
            "tools": {"5s": {"status": "applying", "since": 1900}, "lean": {"since": 2020}},
            "contact": {"email": "x"}
        }),
        "en",
    );
    assert_eq!(
        pairs(&found),
        vec![
            ("sat", "Please answer every row."),
            ("tools.5s.since", "The value must be at least 1950."),
            ("tools.lean.status", "Response required."),
            ("contact.phone", "Response required."),
            ("contact.email", "Please enter a valid e-mail address."),
        ]
    );
}

#[test]
fn a_page_is_validated_alone() {
    let form = json!({"pages": [
        {"name": "one", "elements": [{"type": "text", "name": "a", "isRequired": true}]},
        {"name": "two", "elements": [{"type": "text", "name": "b", "isRequired": true}]}
    ]});
    let compiled = Arc::new(compile_json(&form.to_string()).unwrap());
    let state = FormState::new(compiled, Map::new(), Date::new(2026, 1, 1).unwrap());
    let page_two = validate_page(&state, 1, "en");
    assert_eq!(page_two.len(), 1);
    assert_eq!(page_two[0].path, "b");
}

#[test]
fn warning_validators_tell_without_blocking() {
    use pq_core::submission::judge;
    use pq_core::validation::Level;
    let form = json!({"elements": [
        {"type": "text", "name": "start", "inputType": "number"},
        {"type": "text", "name": "end", "inputType": "number", "validators": [
            {"type": "expression", "expression": "{end} <= {start} * 3", "notificationType": "warning",
             "text": {"en": "Three times more staff than at the start: please check."}},
            {"type": "numeric", "minValue": 0}
        ]}
    ]});
    let compiled = Arc::new(compile_json(&form.to_string()).unwrap());
    let today = Date::new(2026, 11, 28).unwrap();
    let answers = |v: Value| serde_json::from_value::<Map<String, Value>>(v).unwrap();
    let plausible = judge(
        Arc::clone(&compiled),
        answers(json!({"start": 10, "end": 12})),
        "en",
        today,
    );
    assert!(plausible.valid && plausible.errors.is_empty());
    let odd = judge(
        Arc::clone(&compiled),
        answers(json!({"start": 10, "end": 90})),
        "en",
        today,
    );
    assert!(odd.valid, "a warning does not block: {:?}", odd.errors);
    assert_eq!(odd.errors.len(), 1);
    assert_eq!(odd.errors[0].level, Level::Warning);
    let wrong = judge(
        compiled,
        answers(json!({"start": 10, "end": -1})),
        "en",
        today,
    );
    assert!(!wrong.valid);
    assert_eq!(wrong.errors[0].message, "The value must be at least 0.");
}

#[test]
fn choice_boolean_rating_date_and_dynamic_matrix_rules() {
    let form = json!({"elements": [
        {"type": "dropdown", "name": "district", "isRequired": true, "choices": ["Yên Phong", "Tiên Du"]},
        {"type": "boolean", "name": "public", "isRequired": true},
        {"type": "rating", "name": "satisfaction", "isRequired": true, "rateMax": 5},
        {"type": "text", "name": "audit", "inputType": "date", "min": "2023-01-01", "max": "2030-12-31"},
        {"type": "text", "name": "site", "inputType": "url"},
        {"type": "matrixdynamic", "name": "experts", "minRowCount": 2, "columns": [
            {"name": "name", "cellType": "text", "isRequired": true, "isUnique": true},
            {"name": "year", "cellType": "text", "inputType": "number", "min": 2023}
        ]},
        {"type": "expression", "name": "total", "expression": "{experts.length}"},
        {"type": "html", "name": "note", "html": "<p>…</p>"}
    ]});
    let found = errors(
        form.clone(),
        json!({
            "public": false,
            "audit": "2022-05-01",
            "site": "bacninh",
            "experts": [{"name": "An", "year": 2022}]
        }),
        "en",
    );
    assert_eq!(
        pairs(&found),
        vec![
            ("district", "Response required."),
            ("satisfaction", "Response required."),
            ("audit", "The value must be at least 2023-01-01."),
            (
                "site",
                "Please enter a valid web address (starting with http:// or https://)."
            ),
            ("experts", "Please add at least 2 item(s)."),
            ("experts[0].year", "The value must be at least 2023."),
        ]
    );
    let duplicates = errors(
        form,
        json!({
            "district": "Tiên Du", "public": true, "satisfaction": 4,
            "experts": [{"name": "An", "year": 2024}, {"name": "An"}]
        }),
        "en",
    );
    assert_eq!(
        pairs(&duplicates),
        vec![(
            "experts[1].name",
            "This value is already used in another row."
        )]
    );
}

#[test]
fn step_one_asks_for_whole_numbers() {
    let form = json!({"elements": [
        {"type": "text", "name": "employees", "inputType": "number", "min": 0, "step": 1},
        {"type": "text", "name": "share", "inputType": "number", "step": 0.5}
    ]});
    assert_eq!(
        pairs(&errors(
            form.clone(),
            json!({"employees": 12.5, "share": 0.7}),
            "en"
        )),
        vec![
            ("employees", "Please enter a whole number."),
            ("share", "The value must be a multiple of 0.5."),
        ]
    );
    assert!(errors(form, json!({"employees": 12, "share": 1.5}), "en").is_empty());
}

#[test]
fn other_text_inside_a_dynamic_panel_entry_is_found() {
    let form = json!({"elements": [
        {"type": "paneldynamic", "name": "certs", "templateElements": [
            {"type": "dropdown", "name": "standard", "choices": ["ISO 9001"], "showOtherItem": true}
        ]}
    ]});
    assert!(
        errors(
            form.clone(),
            json!({"certs": [{"standard": "other", "standard-Comment": "SA 8000"}]}),
            "en"
        )
        .is_empty()
    );
    assert_eq!(
        pairs(&errors(
            form,
            json!({"certs": [{"standard": "other"}]}),
            "en"
        )),
        vec![("certs[0].standard", "Please describe the other option.")]
    );
}
