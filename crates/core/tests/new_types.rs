//! The question types `tagbox`, `ranking`, `imagepicker`, `slider` and `image`: loaded and
//! written back unchanged, compiled without "unknown type" warnings, answers checked against
//! their shape, shown on the review.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use pq_core::compile::compile_json;
use pq_core::expression::Date;
use pq_core::form::{ElementKind, load_value, own_properties};
use pq_core::session::display_answer;
use pq_core::state::FormState;
use pq_core::validation::{ValidationError, validate};
use serde_json::{Map, Value, json};

fn form() -> Value {
    json!({
        "title": "New types",
        "pages": [{"name": "p1", "elements": [
            {"type": "boolean", "name": "show_d"},
            {"type": "tagbox", "name": "communes", "title": "Communes",
             "choices": ["a", {"value": "b", "text": "Bee"}, "c", {"value": "d", "visibleIf": "{show_d} = true"}],
             "choicesOrder": "asc", "placeholder": "Search…", "showNoneItem": true,
             "maxSelectedChoices": 3, "searchEnabled": true, "hideSelectedItems": true},
            {"type": "ranking", "name": "priorities",
             "choices": ["health", "school", {"value": "roads", "text": {"default": "Roads", "vi": "Đường"}}],
             "choicesVisibleIf": "{item} != 'school' or {show_d} = false", "longTap": false},
            {"type": "ranking", "name": "top", "choices": ["x", "y", "z"],
             "selectToRankEnabled": true, "maxSelectedChoices": 2, "selectToRankAreasLayout": "vertical"},
            {"type": "imagepicker", "name": "animal",
             "choices": [{"value": "cat", "imageLink": "cat.png", "text": "Cat"},
                         {"value": "dog", "imageLink": "dog.png"}],
             "imageWidth": 120, "imageHeight": "90", "showLabel": true, "imageFit": "cover"},
            {"type": "imagepicker", "name": "animals", "multiSelect": true,
             "choices": [{"value": "cat", "imageLink": "cat.png"}, {"value": "dog", "imageLink": "dog.png"}]},
            {"type": "slider", "name": "share", "min": 10, "max": 50, "step": 5, "showLabels": false},
            {"type": "slider", "name": "band", "sliderType": "range", "max": 10,
             "minRangeLength": 2, "maxValueExpression": "{cap}"},
            {"type": "image", "name": "logo", "imageLink": {"default": "logo.png", "vi": "logo-vi.png"},
             "text": "Logo", "imageWidth": "300", "contentMode": "image"},
            {"type": "file", "name": "photo"}
        ]}],
        "calculatedValues": [{"name": "cap", "expression": "8"}]
    })
}

fn errors(answers: Value) -> Vec<(String, String)> {
    let compiled = Arc::new(compile_json(&form().to_string()).unwrap());
    let answers: Map<String, Value> = serde_json::from_value(answers).unwrap();
    let state = FormState::new(compiled, answers, Date::new(2026, 12, 8).unwrap());
    validate(&state, "en")
        .into_iter()
        .map(|e: ValidationError| (e.path, e.message))
        .collect()
}

fn refused(answers: Value, path: &str, message: &str) {
    let found = errors(answers.clone());
    assert!(
        found.iter().any(|(p, m)| p == path && m == message),
        "{answers}: expected {path}: {message}, got {found:?}"
    );
}

#[test]
fn new_types_load_and_write_back_unchanged() {
    let loaded = load_value(form()).unwrap();
    assert_eq!(loaded.definition.to_json(), form());
    // Only `file` is unknown; every other property is understood or kept as presentation.
    let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        vec!["pages[0].elements[9]: unknown element type 'file' (kept as written)"]
    );
    let els = &loaded.definition.pages[0].elements;
    let ElementKind::Tagbox(tagbox) = &els[1].kind else {
        panic!("tagbox")
    };
    assert_eq!(tagbox.choices.len(), 4);
    assert!(tagbox.placeholder.is_some());
    let ElementKind::Ranking(ranking) = &els[3].kind else {
        panic!("ranking")
    };
    assert!(ranking.ranks_a_subset());
    let ElementKind::ImagePicker(picker) = &els[5].kind else {
        panic!("imagepicker")
    };
    assert!(picker.multiple());
    let ElementKind::Slider(slider) = &els[7].kind else {
        panic!("slider")
    };
    assert!(slider.is_range());
    assert_eq!((slider.min_value(), slider.max_value()), (0.0, 10.0));
    let ElementKind::Image(image) = &els[8].kind else {
        panic!("image")
    };
    assert_eq!(image.alt_text.as_ref().unwrap().get("en"), "Logo");
    assert_eq!(image.image_link.as_ref().unwrap().get("vi"), "logo-vi.png");
    assert!(!els[8].kind.has_value());
}

#[test]
fn properties_of_other_types_are_reported() {
    // `showOtherItem` belongs to tagbox, not to ranking or imagepicker; `placeholder` not to
    // ranking.
    let loaded = load_value(json!({"elements": [
        {"type": "ranking", "name": "r", "choices": ["a"], "showOtherItem": true, "placeholder": "x"},
        {"type": "imagepicker", "name": "i", "choices": ["a"], "showNoneItem": true},
        {"type": "slider", "name": "s", "sliderType": "double"}
    ]}))
    .unwrap();
    let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 4, "{warnings:?}");
    assert!(warnings.contains(&"elements[0]: unknown property 'showOtherItem' (kept)".into()));
    assert!(warnings.contains(&"elements[0]: unknown property 'placeholder' (kept)".into()));
    assert!(warnings.contains(&"elements[1]: unknown property 'showNoneItem' (kept)".into()));
    assert!(
        warnings.contains(
            &"elements[2].sliderType: slider type 'double' is not supported (kept)".into()
        )
    );
    assert!(own_properties("tagbox").unwrap().contains(&"showOtherItem"));
    assert!(
        !own_properties("ranking")
            .unwrap()
            .contains(&"showOtherItem")
    );
    assert_eq!(own_properties("file"), None);
}

#[test]
fn new_types_compile_without_unknown_type_warnings() {
    let compiled = compile_json(&form().to_string()).unwrap();
    let unknown: Vec<String> = compiled
        .warnings()
        .iter()
        .filter(|w| w.message.contains("unknown element type"))
        .map(|w| w.message.clone())
        .collect();
    assert_eq!(
        unknown,
        vec!["unknown element type 'file' (kept as written)"]
    );
}

#[test]
fn fitting_answers_pass() {
    let ok = errors(json!({
        "show_d": true,
        "communes": ["d", "a"],
        "priorities": ["roads", "health"],
        "top": ["z"],
        "animal": "dog",
        "animals": ["dog", "cat"],
        "share": 35,
        "band": [2, 8]
    }));
    assert_eq!(ok, vec![]);
}

#[test]
fn tagbox_takes_a_list_of_shown_choices() {
    refused(
        json!({"communes": "a"}),
        "communes",
        "The answer must be a list of choices.",
    );
    // `d` is hidden unless show_d.
    refused(
        json!({"communes": ["d"]}),
        "communes[0]",
        "“d” is not one of this question's choices.",
    );
    refused(
        json!({"communes": ["a", "a"]}),
        "communes",
        "“a” is selected twice.",
    );
    refused(
        json!({"communes": ["none", "a"]}),
        "communes",
        "“None” cannot be selected together with other choices.",
    );
    refused(
        json!({"show_d": true, "communes": ["a", "b", "c", "d"]}),
        "communes",
        "Please select no more than 3 item(s).",
    );
}

#[test]
fn ranking_orders_the_shown_choices() {
    // With show_d true, "school" is hidden: the two others make a complete ranking.
    assert_eq!(
        errors(json!({"show_d": true, "priorities": ["health", "roads"]})),
        vec![]
    );
    refused(
        json!({"show_d": false, "priorities": ["health", "roads"]}),
        "priorities",
        "Please rank every item.",
    );
    refused(
        json!({"show_d": true, "priorities": ["health", "school"]}),
        "priorities[1]",
        "“school” is not one of this question's choices.",
    );
    refused(
        json!({"priorities": ["health", "health", "roads"]}),
        "priorities",
        "“health” is selected twice.",
    );
    refused(
        json!({"priorities": "health"}),
        "priorities",
        "The answer must be a list of choices.",
    );
    // select-to-rank: a part is enough, within maxSelectedChoices.
    refused(
        json!({"top": ["x", "y", "z"]}),
        "top",
        "Please select no more than 2 item(s).",
    );
}

#[test]
fn imagepicker_takes_one_image_or_a_list() {
    refused(
        json!({"animal": ["dog"]}),
        "animal",
        "The answer must be one choice.",
    );
    refused(
        json!({"animal": "cow"}),
        "animal",
        "“cow” is not one of this question's choices.",
    );
    refused(
        json!({"animals": "dog"}),
        "animals",
        "The answer must be a list of choices.",
    );
    refused(
        json!({"animals": ["dog", "dog"]}),
        "animals",
        "“dog” is selected twice.",
    );
}

#[test]
fn slider_takes_a_number_or_a_range_within_bounds() {
    refused(
        json!({"share": "35"}),
        "share",
        "The answer must be a number.",
    );
    refused(
        json!({"share": 55}),
        "share",
        "The value must be between 10 and 50.",
    );
    refused(
        json!({"share": 5}),
        "share",
        "The value must be between 10 and 50.",
    );
    refused(
        json!({"share": 12}),
        "share",
        "The value must be a multiple of 5.",
    );
    refused(
        json!({"band": 3}),
        "band",
        "The answer must be a range of two numbers [from, to].",
    );
    refused(
        json!({"band": [1, 2, 3]}),
        "band",
        "The answer must be a range of two numbers [from, to].",
    );
    refused(
        json!({"band": [6, 2]}),
        "band",
        "The start of the range must not be above its end.",
    );
    refused(
        json!({"band": [3, 4]}),
        "band",
        "The range must be at least 2 wide.",
    );
    // maxValueExpression (8) narrows max (10).
    refused(
        json!({"band": [2, 9]}),
        "band[1]",
        "The value must be between 0 and 8.",
    );
}

#[test]
fn review_shows_the_new_types() {
    let loaded = load_value(form()).unwrap();
    let els = &loaded.definition.pages[0].elements;
    let show = |i: usize, v: Value, locale: &str| display_answer(&els[i], Some(&v), locale);
    assert_eq!(show(1, json!(["b", "a"]), "en"), "Bee, a");
    assert_eq!(
        show(2, json!(["roads", "health"]), "vi"),
        "1. Đường, 2. health"
    );
    assert_eq!(show(4, json!("cat"), "en"), "Cat");
    assert_eq!(show(5, json!(["dog", "cat"]), "en"), "dog, cat");
    assert_eq!(show(6, json!(35), "en"), "35");
    assert_eq!(show(7, json!([2, 8]), "en"), "2 – 8");
    assert_eq!(display_answer(&els[8], None, "en"), "—");
}
