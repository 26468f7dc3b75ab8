//! A respondent's pass through a form: pages, progress, errors shown, review.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use pq_core::compile::compile_json;
use pq_core::expression::Date;
use pq_core::session::{FormSession, Step, review};
use pq_core::state::FormState;
use serde_json::{Map, json};

fn session(answers: serde_json::Value, page: usize) -> FormSession {
    let form = json!({"pages": [
        {"name": "identity", "elements": [
            {"type": "text", "name": "name", "title": {"default": "Tên doanh nghiệp", "en": "Enterprise name"}, "isRequired": true},
            {"type": "radiogroup", "name": "ownership", "choices": [
                {"value": "state", "text": {"default": "Nhà nước", "en": "State"}},
                {"value": "fdi", "text": {"default": "FDI", "en": "Foreign-invested"}}
            ]}
        ]},
        {"name": "fdi_only", "visibleIf": "{ownership} = 'fdi'", "elements": [
            {"type": "text", "name": "country"}
        ]},
        {"name": "finance", "elements": [
            {"type": "text", "name": "revenue", "inputType": "number", "isRequired": true},
            {"type": "boolean", "name": "exports"},
            {"type": "expression", "name": "revenue_bn", "expression": "iif({revenue} notempty, {revenue} / 1000, '')"}
        ]}
    ]});
    let compiled = Arc::new(compile_json(&form.to_string()).unwrap());
    let answers: Map<String, serde_json::Value> = serde_json::from_value(answers).unwrap();
    let state = FormState::new(compiled, answers, Date::new(2026, 11, 28).unwrap());
    FormSession::new(state, page, "en")
}

#[test]
fn next_is_blocked_by_errors_and_skips_hidden_pages() {
    let mut s = session(json!({}), 0);
    assert_eq!(s.visible_pages(), vec![0, 2]);
    assert!(s.is_first_page());
    match s.go_next() {
        Step::Blocked(errors) => {
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].path, "name");
        }
        other => panic!("expected blocked, got {other:?}"),
    }
    let name = s.state().form().element_id("name").unwrap();
    assert_eq!(s.errors_for(name).len(), 1, "shown after a blocked next");
    s.set_value("name", json!("An Phát"));
    assert!(s.errors_for(name).is_empty());
    assert_eq!(s.go_next(), Step::Moved(2), "the FDI page is hidden");
    assert!(s.is_last_page());
    assert_eq!(s.page_position(), (2, 2));
    s.set_value("ownership", json!("fdi"));
    assert_eq!(s.go_previous(), 1, "now visible, going back reaches it");
}

#[test]
fn errors_show_only_after_leaving_a_field() {
    let mut s = session(json!({"name": "A"}), 2);
    let revenue = s.state().form().element_id("revenue").unwrap();
    assert!(s.errors_for(revenue).is_empty());
    s.touch(revenue);
    assert_eq!(s.errors_for(revenue)[0].message, "Response required.");
    s.set_value("revenue", json!(1500));
    assert_eq!(s.go_next(), Step::Review);
    assert!(s.blocking_errors().is_empty());
}

#[test]
fn resuming_lands_on_a_visible_page_and_progress_counts_visible_questions() {
    let s = session(json!({"name": "A", "ownership": "state"}), 1);
    assert_eq!(s.page(), 2, "page 1 is hidden for a state enterprise");
    let progress = s.progress();
    // name, ownership, revenue, exports are visible questions (country hidden, expression not a question).
    assert_eq!((progress.answered, progress.total), (2, 4));
    assert_eq!(progress.percent(), 50);
}

#[test]
fn the_review_reads_like_the_form() {
    let s = session(
        json!({"name": "A", "ownership": "fdi", "country": "Hàn Quốc", "revenue": 1234567.5, "exports": true}),
        0,
    );
    let items = review(s.state(), "vi");
    let lines: Vec<(String, String)> = items.into_iter().map(|i| (i.title, i.answer)).collect();
    assert_eq!(
        lines,
        vec![
            ("Tên doanh nghiệp".to_owned(), "A".to_owned()),
            ("ownership".to_owned(), "FDI".to_owned()),
            ("country".to_owned(), "Hàn Quốc".to_owned()),
            ("revenue".to_owned(), "1.234.567,5".to_owned()),
            ("exports".to_owned(), "Có".to_owned()),
            ("revenue_bn".to_owned(), "1.234,57".to_owned()),
        ]
    );
    let empty = session(json!({}), 0);
    let en = review(empty.state(), "en");
    assert_eq!(en.last().unwrap().answer, "Not enough data");
    assert_eq!(en[0].answer, "—");
}

#[test]
fn computed_values_show_their_format_with_units() {
    let form = json!({"elements": [
        {"type": "text", "name": "va", "inputType": "number"},
        {"type": "expression", "name": "va_shown", "expression": "{va}",
         "format": {"default": "{0} triệu đồng", "en": "VND {0} million"}}
    ]});
    let compiled = Arc::new(compile_json(&form.to_string()).unwrap());
    let answers: Map<String, serde_json::Value> =
        serde_json::from_value(json!({"va": 1500.5})).unwrap();
    let state = FormState::new(compiled, answers, Date::new(2026, 11, 28).unwrap());
    let items = review(&state, "vi");
    assert_eq!(items[1].answer, "1.500,5 triệu đồng");
    assert_eq!(review(&state, "en")[1].answer, "VND 1,500.5 million");
}

#[test]
fn matrix_answers_read_with_titles_and_choice_texts() {
    let form = json!({"elements": [
        {"type": "matrixdropdown", "name": "tools", "title": "Công cụ",
         "rows": [{"value": "5s", "text": "5S"}],
         "columns": [
            {"name": "status", "title": {"default": "Tình trạng", "en": "Status"}, "cellType": "dropdown",
             "choices": [{"value": "applying", "text": {"default": "Đang áp dụng", "en": "Applying"}}]},
            {"name": "since", "title": "Từ năm", "cellType": "text"}
         ]},
        {"type": "matrixdynamic", "name": "experts", "columns": [{"name": "who", "title": "Họ tên", "cellType": "text"}]}
    ]});
    let compiled = Arc::new(compile_json(&form.to_string()).unwrap());
    let answers: Map<String, serde_json::Value> = serde_json::from_value(json!({
        "tools": {"5s": {"status": "applying", "since": 2019}},
        "experts": [{"who": "An"}, {"who": "Bình"}]
    }))
    .unwrap();
    let state = FormState::new(compiled, answers, Date::new(2026, 11, 28).unwrap());
    let items = review(&state, "vi");
    assert_eq!(
        items[0].answer,
        "5S: Tình trạng: Đang áp dụng, Từ năm: 2019"
    );
    assert_eq!(items[1].answer, "Họ tên: An | Họ tên: Bình");
    assert_eq!(
        review(&state, "en")[0].answer,
        "5S: Status: Applying, Từ năm: 2019"
    );
}
