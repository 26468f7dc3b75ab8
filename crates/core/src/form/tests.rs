//! Loading, writing and walking whole definitions.
#![allow(clippy::unwrap_used, clippy::type_complexity)]

use serde_json::{Value, json};

use super::*;

fn load_ok(v: Value) -> LoadedForm {
    match load_value(v) {
        Ok(loaded) => loaded,
        Err(e) => panic!("did not load: {e}"),
    }
}

/// Loads a one-element survey and returns the element, checking round trip and no warnings.
fn one(element: Value) -> Element {
    let form = json!({"pages": [{"name": "p1", "elements": [element]}]});
    let loaded = load_ok(form.clone());
    assert_eq!(loaded.warnings, vec![], "unexpected warnings");
    assert_eq!(loaded.definition.to_json(), form, "round trip");
    loaded.definition.pages[0].elements[0].clone()
}

fn errors(v: Value) -> Vec<Diagnostic> {
    match load_value(v) {
        Ok(_) => panic!("loaded"),
        Err(e) => e.errors(),
    }
}

fn error_paths(v: Value) -> Vec<String> {
    errors(v).into_iter().map(|d| d.path).collect()
}

// ---- element types ------------------------------------------------------------------------

#[test]
fn text_question_with_common_properties() {
    let el = one(json!({
        "type": "text", "name": "age", "title": {"default": "Age", "vi": "Tuổi"},
        "description": "In years", "isRequired": true, "requiredErrorText": "Needed",
        "visibleIf": "{consent} = true", "enableIf": "{locked} != true", "requiredIf": "{x} > 1",
        "readOnly": false, "visible": true, "defaultValue": 30, "defaultValueExpression": "{y} + 1",
        "clearIfInvisible": "onHidden",
        "inputType": "number", "min": 0, "max": 120, "placeholder": "e.g. 42", "step": 1,
        "minValueExpression": "{a}", "maxValueExpression": "{b}", "maxLength": 3,
        "minErrorText": "too small", "maxErrorText": "too big",
        "validators": [{"type": "numeric", "minValue": 0, "maxValue": 120}],
        "width": "50%", "startWithNewLine": false
    }));
    assert_eq!(el.name, "age");
    assert_eq!(el.type_name(), "text");
    assert_eq!(el.display_title("vi"), "Tuổi");
    assert!(el.required());
    assert_eq!(el.visible_if.as_deref(), Some("{consent} = true"));
    assert_eq!(el.default_value, Some(json!(30)));
    assert_eq!(el.validators.len(), 1);
    assert_eq!(el.width(), Some("50%"));
    assert!(!el.start_with_new_line());
    let ElementKind::Text(t) = &el.kind else {
        panic!("not text")
    };
    assert_eq!(t.input_type(), InputType::Number);
    assert_eq!(t.min, Some(json!(0)));
    assert_eq!(t.placeholder.as_ref().unwrap().get(""), "e.g. 42");
    assert!(el.kind.has_value());
}

#[test]
fn unsupported_input_type_is_kept_with_warning() {
    let form = json!({"elements": [{"type": "text", "name": "c", "inputType": "color"}]});
    let loaded = load_ok(form.clone());
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(loaded.warnings[0].path, "elements[0].inputType");
    assert_eq!(loaded.definition.to_json(), form);
    let ElementKind::Text(t) = &loaded.definition.pages[0].elements[0].kind else {
        panic!()
    };
    assert_eq!(t.input_type(), InputType::Other("color".into()));
    assert!(!t.input_type().is_supported());
    assert_eq!(
        InputType::parse("DateTime_Local").as_str(),
        "datetime-local"
    );
}

#[test]
fn comment_question() {
    let el = one(
        json!({"type": "comment", "name": "notes", "placeholder": "…", "maxLength": 500, "rows": 4}),
    );
    let ElementKind::Comment(c) = &el.kind else {
        panic!()
    };
    assert_eq!(c.max_length, Some(500.into()));
}

#[test]
fn select_questions() {
    let el = one(json!({
        "type": "radiogroup", "name": "sex",
        "choices": ["m", {"value": "f", "text": {"default": "Female", "vi": "Nữ"}}, 3],
        "choicesVisibleIf": "{item} != 3", "choicesOrder": "asc", "showOtherItem": true,
        "otherText": "Other", "showNoneItem": true, "noneText": "None", "colCount": 2
    }));
    let choices = el.choices().unwrap();
    assert_eq!(choices.len(), 3);
    assert_eq!(choices[1].display_text("vi"), "Nữ");
    assert_eq!(choices[2].value, json!(3));
    assert_eq!(el.kind.select().unwrap().show_other_item, Some(true));

    let el =
        one(json!({"type": "dropdown", "name": "d", "choices": [1, 2], "placeholder": "Pick"}));
    let ElementKind::Dropdown(s) = &el.kind else {
        panic!()
    };
    assert!(s.placeholder.is_some());

    let el = one(json!({
        "type": "checkbox", "name": "c", "choices": ["a", "b", "c"], "showSelectAllItem": true,
        "selectAllText": "All", "minSelectedChoices": 1, "maxSelectedChoices": 2,
        "choicesEnableIf": "{item} != 'c'",
        "validators": [{"type": "answercount", "maxCount": 2}]
    }));
    let ElementKind::Checkbox(s) = &el.kind else {
        panic!()
    };
    assert_eq!(s.max_selected_choices, Some(2.into()));
}

#[test]
fn checkbox_only_properties_are_unknown_on_radiogroup() {
    let form = json!({"elements": [{"type": "radiogroup", "name": "r", "choices": [1], "maxSelectedChoices": 2}]});
    let loaded = load_ok(form.clone());
    assert_eq!(
        loaded.warnings[0].to_string(),
        "elements[0]: unknown property 'maxSelectedChoices' (kept)"
    );
    assert_eq!(loaded.definition.to_json(), form);
}

#[test]
fn legacy_has_other_and_friends() {
    let el = one(json!({
        "type": "checkbox", "name": "c", "choices": ["a"], "hasOther": true, "hasNone": false,
        "hasSelectAll": true, "otherPlaceHolder": "say"
    }));
    let s = el.kind.select().unwrap();
    assert_eq!(s.show_other_item, Some(true));
    assert_eq!(s.show_none_item, Some(false));
    assert_eq!(s.show_select_all_item, Some(true));
    assert!(s.other_placeholder.is_some());

    // A modern definition written in code uses the modern names.
    let mut built = el.clone();
    built.shape = SourceShape::default();
    assert_eq!(built.to_json()["showOtherItem"], json!(true));
    assert!(built.to_json().get("hasOther").is_none());
}

#[test]
fn legacy_and_current_name_together_warns_and_keeps_both() {
    let form = json!({"elements": [{"type": "radiogroup", "name": "r", "choices": [1], "hasOther": false, "showOtherItem": true}]});
    let loaded = load_ok(form.clone());
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(loaded.warnings[0].path, "elements[0].hasOther");
    assert_eq!(
        loaded.definition.pages[0].elements[0]
            .kind
            .select()
            .unwrap()
            .show_other_item,
        Some(true)
    );
    assert_eq!(loaded.definition.to_json(), form);
}

#[test]
fn boolean_question() {
    let el = one(json!({
        "type": "boolean", "name": "b", "labelTrue": {"default": "Yes", "vi": "Có"},
        "labelFalse": "No", "valueTrue": "Y", "valueFalse": "N", "renderAs": "checkbox"
    }));
    let ElementKind::Boolean(b) = &el.kind else {
        panic!()
    };
    assert_eq!(b.true_value(), json!("Y"));
    assert_eq!(b.false_value(), json!("N"));
    assert_eq!(BooleanProps::default().true_value(), json!(true));
}

#[test]
fn rating_question() {
    let el = one(json!({
        "type": "rating", "name": "r", "rateMin": 0, "rateMax": 10, "rateStep": 2,
        "minRateDescription": "Bad", "maxRateDescription": {"default": "Good", "vi": "Tốt"}
    }));
    let ElementKind::Rating(r) = &el.kind else {
        panic!()
    };
    assert_eq!(
        r.values(),
        vec![json!(0), json!(2), json!(4), json!(6), json!(8), json!(10)]
    );
    assert_eq!(
        RatingProps::default().values(),
        vec![json!(1), json!(2), json!(3), json!(4), json!(5)]
    );

    let el =
        one(json!({"type": "rating", "name": "r", "rateValues": [1, {"value": 5, "text": "Top"}]}));
    let ElementKind::Rating(r) = &el.kind else {
        panic!()
    };
    assert!(r.uses_rate_values());
    assert_eq!(r.values(), vec![json!(1), json!(5)]);

    let legacy = one(json!({"type": "rating", "name": "r", "mininumRateDescription": "low"}));
    let ElementKind::Rating(r) = &legacy.kind else {
        panic!()
    };
    assert!(r.min_rate_description.is_some());

    let fractional = RatingProps {
        rate_min: Some(0.into()),
        rate_max: Some(serde_json::Number::from_f64(0.3).unwrap()),
        rate_step: serde_json::Number::from_f64(0.1),
        ..RatingProps::default()
    };
    assert_eq!(
        fractional.values(),
        vec![json!(0), json!(0.1), json!(0.2), json!(0.3)]
    );
    let absurd = RatingProps {
        rate_max: serde_json::Number::from_f64(1e12),
        ..RatingProps::default()
    };
    assert_eq!(absurd.values().len(), MAX_RATING_VALUES);
}

#[test]
fn matrix_question() {
    let el = one(json!({
        "type": "matrix", "name": "m", "rows": ["r1", {"value": "r2", "text": "Row 2", "visibleIf": "{a} = 1"}],
        "columns": [1, 2, 3], "isAllRowRequired": true, "rowsVisibleIf": "{item} != 'r1'", "cellType": "radio"
    }));
    let ElementKind::Matrix(m) = &el.kind else {
        panic!()
    };
    assert_eq!(m.rows.len(), 2);
    assert_eq!(m.columns.len(), 3);
    assert_eq!(m.each_row_required, Some(true));
}

#[test]
fn matrix_dropdown_question() {
    let el = one(json!({
        "type": "matrixdropdown", "name": "md", "cellType": "dropdown", "choices": [1, 2],
        "rows": ["a", "b"],
        "columns": [
            {"name": "c1", "title": "Col 1", "cellType": "text", "inputType": "number", "isRequired": true,
             "validators": [{"type": "numeric", "minValue": 0}], "totalType": "sum"},
            {"name": "c2", "cellType": "checkbox", "choices": ["x", "y"], "hasOther": true},
            {"name": "c3", "cellType": "expression", "expression": "{row.c1} * 2"}
        ]
    }));
    let ElementKind::MatrixDropdown(m) = &el.kind else {
        panic!()
    };
    assert_eq!(m.columns.len(), 3);
    assert_eq!(m.columns[0].input_type.as_deref(), Some("number"));
    assert_eq!(m.columns[1].show_other_item, Some(true));
    assert_eq!(m.columns[2].expression.as_deref(), Some("{row.c1} * 2"));
    assert_eq!(m.rows.len(), 2);
}

#[test]
fn matrix_dynamic_question() {
    let el = one(json!({
        "type": "matrixdynamic", "name": "members", "rowCount": 1, "minRowCount": 1, "maxRowCount": 20,
        "addRowText": "Add member", "removeRowText": "Remove", "allowAddRows": true,
        "columns": [{"name": "name", "cellType": "text"}, {"name": "age", "cellType": "text", "inputType": "number"}],
        "keyName": "name", "confirmDelete": true
    }));
    let ElementKind::MatrixDynamic(m) = &el.kind else {
        panic!()
    };
    assert_eq!(m.row_count, Some(1.into()));
    assert_eq!(m.max_row_count, Some(20.into()));
    assert_eq!(m.columns[1].name, "age");
    assert_eq!(m.key_name.as_deref(), Some("name"));
}

#[test]
fn panel_dynamic_question() {
    let el = one(json!({
        "type": "paneldynamic", "name": "kids", "templateTitle": "Child #{panelIndex}",
        "panelCount": 1, "minPanelCount": 0, "maxPanelCount": 10, "panelAddText": "Add child",
        "templateVisibleIf": "{panel.age} < 18",
        "templateElements": [
            {"type": "text", "name": "name"},
            {"type": "text", "name": "age", "inputType": "number", "visibleIf": "{panel.name} notempty"}
        ]
    }));
    let ElementKind::PanelDynamic(p) = &el.kind else {
        panic!()
    };
    assert_eq!(p.template_elements.len(), 2);
    assert_eq!(p.max_panel_count, Some(10.into()));
    assert!(p.add_panel_text.is_some());
    assert_eq!(el.children().len(), 2);
}

#[test]
fn panel_and_nesting() {
    let el = one(json!({
        "type": "panel", "name": "hh", "title": "Household", "visibleIf": "{a} = 1",
        "elements": [{"type": "text", "name": "x"}, {"type": "panel", "elements": [{"type": "text", "name": "y"}]}]
    }));
    assert_eq!(el.children().len(), 2);
    assert!(!el.kind.has_value());
    assert_eq!(el.children()[1].name, "");
}

#[test]
fn multiple_text_question() {
    let el = one(json!({
        "type": "multipletext", "name": "addr", "colCount": 2,
        "items": [
            {"name": "street", "title": "Street", "isRequired": true},
            {"name": "zip", "inputType": "number", "validators": [{"type": "regex", "regex": "^[0-9]+$"}], "placeHolder": "000"}
        ]
    }));
    let ElementKind::MultipleText(m) = &el.kind else {
        panic!()
    };
    assert_eq!(m.items[1].input_type(), InputType::Number);
    assert_eq!(m.items[1].validators.len(), 1);
    assert!(m.items[1].placeholder.is_some());
}

#[test]
fn expression_and_html() {
    let el = one(json!({
        "type": "expression", "name": "total", "expression": "{a} + {b}", "displayStyle": "currency",
        "currency": "VND", "maximumFractionDigits": 0, "minimumFractionDigits": 0, "precision": 2,
        "useGrouping": true, "format": "{0} đ"
    }));
    let ElementKind::Expression(e) = &el.kind else {
        panic!()
    };
    assert_eq!(e.expression.as_deref(), Some("{a} + {b}"));
    assert_eq!(e.currency.as_deref(), Some("VND"));

    let el = one(json!({"type": "html", "html": {"default": "<b>Hi</b>", "vi": "<b>Chào</b>"}}));
    let ElementKind::Html(h) = &el.kind else {
        panic!()
    };
    assert_eq!(h.html.as_ref().unwrap().get("vi"), "<b>Chào</b>");
    assert_eq!(el.name, "");
}

#[test]
fn expression_elements_do_not_take_input_properties() {
    let form = json!({"elements": [{"type": "expression", "name": "e", "expression": "1", "isRequired": true}]});
    let loaded = load_ok(form.clone());
    assert_eq!(
        loaded.warnings[0].message,
        "unknown property 'isRequired' (kept)"
    );
    assert_eq!(loaded.definition.to_json(), form);
}

#[test]
fn type_is_matched_case_insensitively_and_written_back_as_read() {
    let el = one(json!({"type": "RadioGroup", "name": "r", "choices": [1]}));
    assert!(matches!(el.kind, ElementKind::RadioGroup(_)));
    assert_eq!(el.type_name(), "radiogroup");
}

// ---- unknown content ----------------------------------------------------------------------

#[test]
fn unknown_properties_are_kept_and_warned_with_exact_paths() {
    let form = json!({
        "title": "T", "foo": 1, "showQuestionNumbers": "off",
        "pages": [{"name": "p", "bar": true, "elements": [
            {"type": "text", "name": "a"},
            {"type": "text", "name": "b"},
            {"type": "text", "name": "c"},
            {"type": "text", "name": "d", "foo": {"x": 1}, "titleLocation": "left"},
            {"type": "dropdown", "name": "e", "choices": [{"value": 1, "score": 5}],
             "validators": [{"type": "numeric", "bogus": 1}]},
            {"type": "matrixdynamic", "name": "m", "columns": [{"name": "c", "weird": 1}]},
            {"type": "multipletext", "name": "mt", "items": [{"name": "i", "odd": 2}]}
        ]}],
        "calculatedValues": [{"name": "cv", "expression": "1", "extraKey": 1}]
    });
    let loaded = load_ok(form.clone());
    let got: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        vec![
            "pages[0].elements[3]: unknown property 'foo' (kept)",
            "pages[0].elements[4].validators[0]: unknown property 'bogus' (kept)",
            "pages[0].elements[4].choices[0]: unknown property 'score' (kept)",
            "pages[0].elements[5].columns[0]: unknown property 'weird' (kept)",
            "pages[0].elements[6].items[0]: unknown property 'odd' (kept)",
            "pages[0]: unknown property 'bar' (kept)",
            "calculatedValues[0]: unknown property 'extraKey' (kept)",
            "unknown property 'foo' (kept)",
        ]
    );
    assert!(
        loaded
            .warnings
            .iter()
            .all(|w| w.severity == Severity::Warning)
    );
    let d = &loaded.definition;
    assert_eq!(d.extra["foo"], json!(1));
    assert_eq!(d.pages[0].elements[3].extra["foo"], json!({"x": 1}));
    assert_eq!(d.to_json(), form);
}

#[test]
fn unknown_element_type_is_kept_whole() {
    let raw =
        json!({"type": "signaturepad", "name": "sig", "penColor": "blue", "visibleIf": "{a}"});
    let form = json!({"pages": [{"elements": [raw.clone(), {"type": "text", "name": "sig2"}]}]});
    let loaded = load_ok(form.clone());
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(loaded.warnings[0].path, "pages[0].elements[0]");
    assert_eq!(
        loaded.warnings[0].message,
        "unknown element type 'signaturepad' (kept as written)"
    );
    let el = &loaded.definition.pages[0].elements[0];
    assert_eq!(el.name, "sig");
    assert_eq!(el.type_name(), "signaturepad");
    let ElementKind::Unknown(u) = &el.kind else {
        panic!()
    };
    assert_eq!(Value::Object(u.raw.clone()), raw);
    assert_eq!(loaded.definition.to_json(), form);
    // Unknown elements still take part in the name check.
    let dup = json!({"elements": [raw, {"type": "text", "name": "sig"}]});
    assert_eq!(error_paths(dup), vec!["elements[1].name"]);
}

// ---- survey level -------------------------------------------------------------------------

#[test]
fn survey_properties() {
    let form = json!({
        "id": "hh-2024", "version": 3, "title": {"default": "Household", "vi": "Hộ gia đình"},
        "description": "d", "locale": "vi", "showProgressBar": "top", "clearInvisibleValues": "onHidden",
        "calculatedValues": [{"name": "total", "expression": "{a} + {b}", "includeIntoResult": true}],
        "pages": [{"name": "p1", "title": "One", "visibleIf": "{x} = 1", "elements": [{"type": "text", "name": "a"}]},
                  {"name": "p2", "elements": [{"type": "text", "name": "b"}]}]
    });
    let loaded = load_ok(form.clone());
    assert!(loaded.warnings.is_empty());
    let d = &loaded.definition;
    assert_eq!(d.id.as_deref(), Some("hh-2024"));
    assert_eq!(d.version, Some(FormVersion::Number(3)));
    assert_eq!(d.version.as_ref().unwrap().to_string(), "3");
    assert_eq!(d.title.as_ref().unwrap().get("vi"), "Hộ gia đình");
    assert_eq!(d.locale.as_deref(), Some("vi"));
    assert!(d.shows_progress_bar());
    assert_eq!(d.clear_invisible_values(), ClearInvisibleValues::OnHidden);
    assert_eq!(d.calculated_values[0].include_into_result, Some(true));
    assert_eq!(d.pages[0].visible_if.as_deref(), Some("{x} = 1"));
    assert_eq!(d.to_json(), form);
    assert_eq!(serde_json::to_value(d).unwrap(), form);
    let again: FormDefinition = serde_json::from_value(form).unwrap();
    assert_eq!(&again, d);
}

#[test]
fn survey_defaults() {
    let d = load_ok(json!({})).definition;
    assert_eq!(d.clear_invisible_values(), ClearInvisibleValues::OnComplete);
    assert!(!d.shows_progress_bar());
    assert!(d.pages.is_empty());
    assert_eq!(d.to_json(), json!({}));
    assert_eq!(
        ClearInvisibleValues::parse("none"),
        Some(ClearInvisibleValues::None)
    );
    assert_eq!(
        ClearInvisibleValues::OnHiddenContainer.as_str(),
        "onHiddenContainer"
    );
}

#[test]
fn unknown_clear_invisible_values_warns() {
    let loaded = load_ok(json!({"clearInvisibleValues": "sometimes"}));
    assert_eq!(loaded.warnings[0].path, "clearInvisibleValues");
    assert_eq!(
        loaded.definition.clear_invisible_values(),
        ClearInvisibleValues::OnComplete
    );
}

#[test]
fn top_level_elements_make_one_implicit_page() {
    for key in ["elements", "questions"] {
        let form = json!({"title": "T", key: [{"type": "text", "name": "a", "visibleIf": "{b} = 1"}, {"type": "text", "name": "b"}]});
        let loaded = load_ok(form.clone());
        let d = &loaded.definition;
        assert_eq!(d.pages.len(), 1);
        assert_eq!(d.pages[0].elements.len(), 2);
        assert_eq!(d.to_json(), form);
        let refs = d.walk();
        assert_eq!(refs[1].path, format!("{key}[1]"));
        assert_eq!(d.expressions()[0].path, format!("{key}[0].visibleIf"));
    }
    // Once the page gets a title it is written as a real page.
    let mut d = load_ok(json!({"elements": [{"type": "text", "name": "a"}]})).definition;
    d.pages[0].title = Some("P".into());
    assert_eq!(
        d.to_json(),
        json!({"pages": [{"title": "P", "elements": [{"type": "text", "name": "a"}]}]})
    );
    assert_eq!(d.walk()[0].path, "pages[0].elements[0]");
    // An empty top-level array round-trips too.
    let empty = json!({"elements": []});
    assert_eq!(load_ok(empty.clone()).definition.to_json(), empty);
}

#[test]
fn pages_and_top_level_elements_together_is_an_error() {
    assert_eq!(
        error_paths(json!({"pages": [], "elements": []})),
        vec!["elements"]
    );
    assert_eq!(
        error_paths(json!({"elements": [], "questions": []})),
        vec!["questions"]
    );
}

#[test]
fn legacy_questions_key_on_pages_and_panels() {
    let form = json!({"pages": [{"questions": [
        {"type": "panel", "name": "p", "questions": [{"type": "text", "name": "a"}]},
        {"type": "paneldynamic", "name": "d", "questions": [{"type": "text", "name": "b", "visibleIf": "{panel.a} = 1"}]}
    ]}]});
    let loaded = load_ok(form.clone());
    assert!(loaded.warnings.is_empty());
    assert_eq!(loaded.definition.to_json(), form);
    let paths: Vec<String> = loaded
        .definition
        .walk()
        .into_iter()
        .map(|r| r.path)
        .collect();
    assert_eq!(
        paths,
        vec![
            "pages[0].questions[0]",
            "pages[0].questions[0].questions[0]",
            "pages[0].questions[1]",
            "pages[0].questions[1].questions[0]",
        ]
    );
}

#[test]
fn empty_arrays_and_nulls_round_trip() {
    let form = json!({"pages": [{"name": "p", "elements": [
        {"type": "checkbox", "name": "c", "choices": [], "validators": [], "title": null}
    ]}], "calculatedValues": []});
    let loaded = load_ok(form.clone());
    assert!(loaded.warnings.is_empty());
    assert_eq!(loaded.definition.pages[0].elements[0].title, None);
    assert_eq!(loaded.definition.to_json(), form);
}

#[test]
fn key_order_is_preserved() {
    let text = r#"{"pages":[{"elements":[{"name":"a","isRequired":true,"type":"text","zzz":1,"title":"A"}],"name":"p"}],"title":"T"}"#;
    let d = load(text).unwrap().definition;
    assert_eq!(serde_json::to_string(&d.to_json()).unwrap(), text);
}

// ---- errors -------------------------------------------------------------------------------

#[test]
fn structural_errors_have_paths() {
    assert_eq!(error_paths(json!({"pages": {}})), vec!["pages"]);
    assert_eq!(error_paths(json!({"pages": [3]})), vec!["pages[0]"]);
    assert_eq!(
        error_paths(json!({"pages": [{"elements": "x"}]})),
        vec!["pages[0].elements"]
    );
    assert_eq!(
        error_paths(json!({"pages": [{"elements": [1]}]})),
        vec!["pages[0].elements[0]"]
    );
    assert_eq!(
        error_paths(json!({"pages": [{"elements": [{"name": "a"}]}]})),
        vec!["pages[0].elements[0]"]
    );
    assert_eq!(
        error_paths(json!({"pages": [{"elements": [{"type": 5, "name": "a"}]}]})),
        vec!["pages[0].elements[0].type"]
    );
    assert_eq!(error_paths(json!({"title": 5})), vec!["title"]);
    assert_eq!(error_paths(json!({"title": {"vi": 1}})), vec!["title"]);
    assert_eq!(error_paths(json!({"version": -1})), vec!["version"]);
    assert_eq!(error_paths(json!({"version": true})), vec!["version"]);
    assert_eq!(
        error_paths(json!({"showProgressBar": 1})),
        vec!["showProgressBar"]
    );
    assert_eq!(
        error_paths(json!({"calculatedValues": [{"expression": "1"}]})),
        vec!["calculatedValues[0]"]
    );
}

#[test]
fn questions_need_names_but_panels_and_html_do_not() {
    let d = errors(
        json!({"elements": [{"type": "text"}, {"type": "text", "name": ""}, {"type": "checkbox", "name": 3}]}),
    );
    let got: Vec<String> = d.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        vec![
            "elements[0]: a 'text' element needs a name",
            "elements[1]: a 'text' element needs a name",
            "elements[2].name: name must be a string, found a number",
        ]
    );
    let ok = json!({"elements": [{"type": "panel", "name": "", "elements": []}, {"type": "html", "html": "x"}]});
    let loaded = load_ok(ok.clone());
    assert!(loaded.warnings.is_empty());
    assert_eq!(loaded.definition.to_json(), ok);
}

#[test]
fn wrong_property_types_are_errors() {
    let d = errors(json!({"elements": [
        {"type": "text", "name": "a", "isRequired": "yes", "visibleIf": true, "maxLength": "3"},
        {"type": "radiogroup", "name": "b", "choices": "abc"},
        {"type": "radiogroup", "name": "c", "choices": [null, ["x"], {"visibleIf": "1"}]},
        {"type": "text", "name": "d", "validators": {"type": "email"}},
        {"type": "text", "name": "e", "validators": [{"minValue": 1}]}
    ]}));
    let paths: Vec<&str> = d.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "elements[0].visibleIf",
            "elements[0].isRequired",
            "elements[0].maxLength",
            "elements[1].choices",
            "elements[2].choices[0]",
            "elements[2].choices[1]",
            "elements[2].choices[2]",
            "elements[3].validators",
            "elements[4].validators[0]",
        ]
    );
    assert!(d.iter().all(|e| e.severity == Severity::Error));
}

#[test]
fn duplicate_names_are_errors() {
    let d = errors(json!({"pages": [
        {"name": "p", "elements": [{"type": "text", "name": "a"}, {"type": "panel", "name": "pn", "elements": [{"type": "text", "name": "a"}]}]},
        {"name": "p", "elements": [{"type": "comment", "name": "a"}]}
    ]}));
    let got: Vec<String> = d.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        vec![
            "pages[0].elements[1].elements[0].name: duplicate name 'a' (already used at pages[0].elements[0].name)",
            "pages[1].elements[0].name: duplicate name 'a' (already used at pages[0].elements[0].name)",
            "pages[1].name: duplicate page name 'p' (already used at pages[0].name)",
        ]
    );
}

#[test]
fn dynamic_panel_templates_have_their_own_names() {
    let ok = json!({"elements": [
        {"type": "text", "name": "name"},
        {"type": "paneldynamic", "name": "kids", "templateElements": [
            {"type": "text", "name": "name"},
            {"type": "paneldynamic", "name": "toys", "templateElements": [{"type": "text", "name": "name"}]}
        ]},
        {"type": "paneldynamic", "name": "pets", "templateElements": [{"type": "text", "name": "name"}]}
    ]});
    load_ok(ok);
    let dup = json!({"elements": [{"type": "paneldynamic", "name": "kids", "templateElements": [
        {"type": "text", "name": "x"}, {"type": "text", "name": "x"}
    ]}]});
    assert_eq!(
        error_paths(dup),
        vec!["elements[0].templateElements[1].name"]
    );
}

#[test]
fn duplicate_columns_items_and_calculated_values() {
    let paths = error_paths(json!({
        "elements": [
            {"type": "matrixdynamic", "name": "m", "columns": [{"name": "c"}, {"name": "c"}, {"title": "no name"}]},
            {"type": "multipletext", "name": "t", "items": [{"name": "i"}, {"name": "i"}]}
        ],
        "calculatedValues": [{"name": "v", "expression": "1"}, {"name": "v", "expression": "2"}]
    }));
    assert_eq!(
        paths,
        vec![
            "elements[0].columns[2]",
            "elements[0].columns[1].name",
            "elements[1].items[1].name",
            "calculatedValues[1].name",
        ]
    );
}

#[test]
fn duplicate_choice_values_and_name_clashes_are_warnings() {
    let loaded = load_ok(json!({
        "elements": [{"type": "radiogroup", "name": "r", "choices": [1, "a", {"value": 1, "text": "One"}]}],
        "calculatedValues": [{"name": "r", "expression": "1"}]
    }));
    let got: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        vec![
            "elements[0].choices[2]: duplicate choice value '1' (already used at elements[0].choices[0])",
            "calculatedValues[0].name: calculated value 'r' has the same name as the element at elements[0].name",
        ]
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let mut el = json!({"type": "text", "name": "leaf"});
    for i in 0..(MAX_NESTING + 5) {
        el = json!({"type": "panel", "name": format!("p{i}"), "elements": [el]});
    }
    let form = json!({"elements": [el]});
    let errs = errors(form);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].message.contains("nested"));
}

// ---- walk and expressions -----------------------------------------------------------------

fn sample() -> FormDefinition {
    load_ok(json!({
        "pages": [
            {"name": "p1", "visibleIf": "{start} = 1", "elements": [
                {"type": "text", "name": "a", "visibleIf": "{b} > 1", "validators": [{"type": "expression", "expression": "{a} < 10"}]},
                {"type": "panel", "name": "pn", "enableIf": " ", "elements": [
                    {"type": "radiogroup", "name": "r", "choicesVisibleIf": "{item} > 0",
                     "choices": [1, {"value": 2, "visibleIf": "{a} = 2"}]}
                ]}
            ]},
            {"name": "p2", "elements": [
                {"type": "paneldynamic", "name": "kids", "templateVisibleIf": "{panel.age} < 18", "templateElements": [
                    {"type": "text", "name": "age", "requiredIf": "{panel.name} notempty"},
                    {"type": "matrixdynamic", "name": "vax", "columns": [
                        {"name": "dose", "visibleIf": "{row.kind} = 'x'", "totalExpression": "sum({vax.dose})"},
                        {"name": "kind", "cellType": "expression", "expression": "{row.dose} * 2"}
                    ]}
                ]},
                {"type": "expression", "name": "total", "expression": "{a} + 1"},
                {"type": "multipletext", "name": "mt", "items": [{"name": "i", "defaultValueExpression": "1"}]},
                {"type": "matrix", "name": "m", "rowsVisibleIf": "{item} != 'x'", "rows": ["x", "y"], "columns": [1]}
            ]}
        ],
        "calculatedValues": [{"name": "cv", "expression": "{a} * 2"}]
    }))
    .definition
}

#[test]
fn walk_lists_every_element_in_document_order() {
    let d = sample();
    let refs = d.walk();
    let got: Vec<(&str, &str, usize, Option<&str>, Option<&str>, usize)> = refs
        .iter()
        .map(|r| {
            (
                r.element.name.as_str(),
                r.path.as_str(),
                r.page_index,
                r.parent_dynamic_panel,
                r.parent.map(|p| p.name.as_str()),
                r.depth,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("a", "pages[0].elements[0]", 0, None, None, 0),
            ("pn", "pages[0].elements[1]", 0, None, None, 0),
            (
                "r",
                "pages[0].elements[1].elements[0]",
                0,
                None,
                Some("pn"),
                1
            ),
            ("kids", "pages[1].elements[0]", 1, None, None, 0),
            (
                "age",
                "pages[1].elements[0].templateElements[0]",
                1,
                Some("kids"),
                Some("kids"),
                1
            ),
            (
                "vax",
                "pages[1].elements[0].templateElements[1]",
                1,
                Some("kids"),
                Some("kids"),
                1
            ),
            ("total", "pages[1].elements[1]", 1, None, None, 0),
            ("mt", "pages[1].elements[2]", 1, None, None, 0),
            ("m", "pages[1].elements[3]", 1, None, None, 0),
        ]
    );
    assert_eq!(refs[2].container_path, "pages[0].elements[1]");
    assert_eq!(refs[0].container_path, "pages[0]");
}

#[test]
fn expressions_lists_every_site_with_context() {
    let d = sample();
    let sites = d.expressions();
    let got: Vec<(&str, &str, ExpressionKind, Option<&str>, Option<&str>, bool)> = sites
        .iter()
        .map(|s| {
            (
                s.path.as_str(),
                s.text,
                s.kind,
                s.scope,
                s.matrix,
                s.item_variable,
            )
        })
        .collect();
    use ExpressionKind::{Condition as C, Value as V};
    assert_eq!(
        got,
        vec![
            ("pages[0].visibleIf", "{start} = 1", C, None, None, false),
            (
                "pages[0].elements[0].visibleIf",
                "{b} > 1",
                C,
                None,
                None,
                false
            ),
            (
                "pages[0].elements[0].validators[0].expression",
                "{a} < 10",
                C,
                None,
                None,
                false
            ),
            (
                "pages[0].elements[1].elements[0].choicesVisibleIf",
                "{item} > 0",
                C,
                None,
                None,
                true
            ),
            (
                "pages[0].elements[1].elements[0].choices[1].visibleIf",
                "{a} = 2",
                C,
                None,
                None,
                true
            ),
            (
                "pages[1].elements[0].templateVisibleIf",
                "{panel.age} < 18",
                C,
                Some("kids"),
                None,
                false
            ),
            (
                "pages[1].elements[0].templateElements[0].requiredIf",
                "{panel.name} notempty",
                C,
                Some("kids"),
                None,
                false
            ),
            (
                "pages[1].elements[0].templateElements[1].columns[0].totalExpression",
                "sum({vax.dose})",
                V,
                Some("kids"),
                None,
                false
            ),
            (
                "pages[1].elements[0].templateElements[1].columns[0].visibleIf",
                "{row.kind} = 'x'",
                C,
                Some("kids"),
                Some("vax"),
                false
            ),
            (
                "pages[1].elements[0].templateElements[1].columns[1].expression",
                "{row.dose} * 2",
                V,
                Some("kids"),
                Some("vax"),
                false
            ),
            (
                "pages[1].elements[1].expression",
                "{a} + 1",
                V,
                None,
                None,
                false
            ),
            (
                "pages[1].elements[2].items[0].defaultValueExpression",
                "1",
                V,
                None,
                None,
                false
            ),
            (
                "pages[1].elements[3].rowsVisibleIf",
                "{item} != 'x'",
                C,
                None,
                None,
                true
            ),
            (
                "calculatedValues[0].expression",
                "{a} * 2",
                V,
                None,
                None,
                false
            ),
        ]
    );
    assert_eq!(sites[1].element, Some("a"));
    assert_eq!(sites[1].property, "visibleIf");
    assert_eq!(sites[0].element, None);
    assert_eq!(sites[0].page_index, Some(0));
    assert_eq!(sites.last().unwrap().page_index, None);
}

#[test]
fn building_a_form_in_code_writes_surveyjs_json() {
    let mut q = Element::new(
        "age",
        ElementKind::Text(TextProps {
            input_type: Some("number".into()),
            ..TextProps::default()
        }),
    );
    q.is_required = Some(true);
    let mut r = Element::new(
        "sex",
        ElementKind::RadioGroup(SelectProps {
            choices: vec![Choice::new("m"), Choice::with_text("f", "Female")],
            show_other_item: Some(true),
            ..SelectProps::default()
        }),
    );
    r.visible_if = Some("{age} > 15".into());
    let mut page = Page::new("p1");
    page.elements = vec![q, r];
    let form = FormDefinition {
        id: Some("f".into()),
        version: Some(FormVersion::Text("v2".into())),
        pages: vec![page],
        calculated_values: vec![CalculatedValue::new("adult", "{age} >= 18")],
        ..FormDefinition::default()
    };
    let v = form.to_json();
    assert_eq!(
        v,
        json!({
            "id": "f", "version": "v2",
            "pages": [{"name": "p1", "elements": [
                {"type": "text", "name": "age", "isRequired": true, "inputType": "number"},
                {"type": "radiogroup", "name": "sex", "visibleIf": "{age} > 15",
                 "choices": ["m", {"value": "f", "text": "Female"}], "showOtherItem": true}
            ]}],
            "calculatedValues": [{"name": "adult", "expression": "{age} >= 18"}]
        })
    );
    let reloaded = load_ok(v.clone());
    assert!(reloaded.warnings.is_empty());
    assert_eq!(reloaded.definition.to_json(), v);
}

// ---- never panics -------------------------------------------------------------------------

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    const KEYS: &[&str] = &[
        "type",
        "name",
        "title",
        "pages",
        "elements",
        "questions",
        "templateElements",
        "choices",
        "validators",
        "value",
        "text",
        "visibleIf",
        "rows",
        "columns",
        "items",
        "rateValues",
        "calculatedValues",
        "expression",
        "version",
        "hasOther",
        "showOtherItem",
        "html",
        "inputType",
        "cellType",
        "isRequired",
        "minValue",
        "locale",
        "default",
    ];
    const TYPES: &[&str] = &[
        "text",
        "comment",
        "radiogroup",
        "dropdown",
        "checkbox",
        "boolean",
        "rating",
        "matrix",
        "matrixdropdown",
        "matrixdynamic",
        "paneldynamic",
        "panel",
        "multipletext",
        "expression",
        "html",
        "numeric",
        "regex",
        "email",
        "answercount",
        "signaturepad",
    ];

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
            prop::sample::select(TYPES).prop_map(|s| Value::String(s.to_owned())),
            "[a-z|{}]{0,6}".prop_map(Value::String),
        ]
    }

    fn json_value() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(6, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(
                    |entries| {
                        Value::Object(
                            entries
                                .into_iter()
                                .map(|(k, v)| (k.to_owned(), v))
                                .collect(),
                        )
                    }
                ),
            ]
        })
    }

    /// An element of a known (or unknown) type with a plausible name and random properties.
    fn element() -> impl Strategy<Value = Value> {
        let props = prop::collection::vec((prop::sample::select(KEYS), json_value()), 0..5);
        let names = prop::sample::select(&["a", "b", "", "a.b"][..]);
        (prop::sample::select(TYPES), names, props).prop_map(|(t, name, props)| {
            let mut map = serde_json::Map::new();
            map.insert("type".into(), Value::String(t.to_owned()));
            map.insert("name".into(), Value::String(name.to_owned()));
            for (k, v) in props {
                if k != "type" && k != "name" {
                    map.insert(k.to_owned(), v);
                }
            }
            Value::Object(map)
        })
    }

    fn nested_element() -> impl Strategy<Value = Value> {
        element().prop_recursive(3, 24, 4, |inner| {
            (
                prop::sample::select(&["panel", "paneldynamic"][..]),
                prop::sample::select(&["elements", "templateElements", "questions"][..]),
                prop::collection::vec(inner, 0..4),
            )
                .prop_map(|(t, key, children)| json!({"type": t, "name": "p", key: children}))
        })
    }

    fn form() -> impl Strategy<Value = Value> {
        let elements = || prop::collection::vec(nested_element(), 0..5);
        prop_oneof![
            prop::collection::vec(elements(), 0..3).prop_map(|pages| {
                let pages: Vec<Value> = pages.into_iter().map(|e| json!({"elements": e})).collect();
                json!({ "pages": pages })
            }),
            elements().prop_map(|e| json!({ "elements": e })),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Survey-shaped JSON loads or fails cleanly, and round-trips when it loads.
        #[test]
        fn survey_shaped_json_never_panics_and_round_trips(v in form()) {
            if let Ok(loaded) = load_value(v.clone()) {
                prop_assert_eq!(loaded.definition.to_json(), v);
                let refs = loaded.definition.walk();
                for site in loaded.definition.expressions() {
                    prop_assert!(refs.iter().any(|r| site.path.starts_with(&r.path))
                        || site.path.starts_with("pages[") || site.path.starts_with("calculatedValues["));
                }
            }
        }

        /// Any JSON loads or fails cleanly; whatever loads writes back to what was read.
        #[test]
        fn load_never_panics_and_round_trips(v in json_value()) {
            if let Ok(loaded) = load_value(v.clone()) {
                prop_assert_eq!(loaded.definition.to_json(), v);
                let _ = loaded.definition.walk();
                let _ = loaded.definition.expressions();
            }
        }

        #[test]
        fn load_never_panics_on_text(s in "\\PC{0,200}") {
            let _ = load(&s);
        }
    }
}

/// The type table in this module's documentation names every supported type and, in that
/// type's row, every key the type reads (legacy names included).
#[test]
fn doc_table_lists_every_type_and_property() {
    let doc = include_str!("mod.rs");
    let rows: Vec<(&str, &str)> = doc
        .lines()
        .filter_map(|line| line.strip_prefix("//! | `"))
        .filter_map(|row| row.split_once(" | "))
        .collect();
    let mut missing = Vec::new();
    for type_name in super::supported_types() {
        let wanted = format!("`{type_name}`");
        let Some((_, properties)) = rows
            .iter()
            .find(|(types, _)| format!("`{types}").split(", ").any(|t| t == wanted))
        else {
            missing.push(format!("type {type_name}"));
            continue;
        };
        for key in super::own_properties(type_name).unwrap_or_default() {
            if !properties.contains(&format!("`{key}`")) {
                missing.push(format!("{type_name}.{key}"));
            }
        }
    }
    assert!(missing.is_empty(), "not in the doc table: {missing:?}");
}

/// Every key a type's table lists (legacy names included) is read — no "unknown property"
/// warning — and written back exactly, alone on an element of that type.
#[test]
fn every_listed_property_is_read_and_written_back() {
    let candidates = [
        json!("text"),
        json!("single"),
        json!("radio"),
        json!(true),
        json!(1),
        json!([]),
        json!({"default": "x", "vi": "y"}),
    ];
    let mut failing = Vec::new();
    let mut checked = 0;
    for type_name in super::supported_types() {
        for key in super::own_properties(type_name).unwrap_or_default() {
            checked += 1;
            let fits = candidates.iter().any(|value| {
                let form = json!({"elements": [{"type": type_name, "name": "q", key: value}]});
                load_value(form.clone()).is_ok_and(|loaded| {
                    loaded.warnings.is_empty() && loaded.definition.to_json() == form
                })
            });
            if !fits {
                failing.push(format!("{type_name}.{key}"));
            }
        }
    }
    assert!(checked > 100, "only {checked} properties listed");
    assert!(
        failing.is_empty(),
        "not read or not written back: {failing:?}"
    );
}
