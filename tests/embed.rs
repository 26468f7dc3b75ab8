//! Browser test: an embedded survey mounts inside a shadow root, tells its host what happens,
//! and the host user's key brings the same draft back after the survey was destroyed.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cell::RefCell;
use std::rc::Rc;

use pq_app::embed::{EmbeddedSurvey, mount_survey};
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

wasm_bindgen_test_configure!(run_in_browser);

/// Every event a survey sent: its type and detail.
type Heard = Rc<RefCell<Vec<(String, Value)>>>;

fn to_json(value: &JsValue) -> Value {
    let text = js_sys::JSON::stringify(value).map(String::from).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn listener(heard: &Heard) -> js_sys::Function {
    let heard = Rc::clone(heard);
    Closure::<dyn Fn(String, JsValue)>::new(move |name: String, detail: JsValue| {
        heard.borrow_mut().push((name, to_json(&detail)));
    })
    .into_js_value()
    .unchecked_into()
}

/// An element inside an open shadow root, as `pq-survey.js` makes it.
fn shadow_container() -> HtmlElement {
    let document = leptos::prelude::document();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let root = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    let container = document.create_element("div").unwrap();
    root.append_child(&container).unwrap();
    container.unchecked_into()
}

async fn wait_for(heard: &Heard, name: &str) -> Value {
    for _ in 0..400 {
        let found = heard
            .borrow()
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, detail)| detail.clone());
        if let Some(detail) = found {
            return detail;
        }
        pq_app::sync::sleep(25).await;
    }
    panic!("no {name} among {:?}", heard.borrow());
}

async fn wait_for_text(container: &HtmlElement, selector: &str, text: &str) {
    for _ in 0..400 {
        let shown = container
            .query_selector(selector)
            .unwrap()
            .and_then(|e| e.text_content())
            .unwrap_or_default();
        if shown.contains(text) {
            return;
        }
        pq_app::sync::sleep(25).await;
    }
    panic!("{selector} never said {text}");
}

async fn mount(options: &str) -> (EmbeddedSurvey, HtmlElement, Heard, Value) {
    let heard = Heard::default();
    let container = shadow_container();
    let survey = mount_survey(container.clone(), options, listener(&heard)).unwrap();
    let ready = wait_for(&heard, "pq-ready").await;
    (survey, container, heard, ready)
}

#[wasm_bindgen_test]
async fn the_host_users_key_resumes_the_same_draft_and_another_key_gets_its_own() {
    let options = r#"{"form":"pq-bn285-school","draft-key":"wasm-user-1"}"#;
    let (mut survey, container, heard, ready) = mount(options).await;
    assert_eq!(ready["formId"], "pq-bn285-school");
    assert_eq!(ready["readonly"], false);
    assert!(container.query_selector(".pq-form").unwrap().is_some());
    assert_eq!(
        wait_for(&heard, "pq-page").await,
        json!({ "page": 1, "pages": 8 })
    );

    let answers = js_sys::JSON::parse(r#"{"institution_name":"Trường THCS Đại Phúc"}"#).unwrap();
    survey.set_data(answers).unwrap();
    assert_eq!(
        wait_for(&heard, "pq-change").await,
        json!({ "name": "institution_name", "value": "Trường THCS Đại Phúc" })
    );
    wait_for_text(&container, ".pq-save", "Đã lưu trên máy").await;
    let validation = to_json(&survey.validate().unwrap());
    assert_eq!(validation["valid"], false);

    survey.destroy();
    assert!(container.query_selector(".pq-form").unwrap().is_none());
    assert!(survey.get_data().is_err());
    // The browser gives the draft's lock back.
    pq_app::sync::sleep(200).await;

    let (again, _, _, resumed) = mount(options).await;
    assert_eq!(resumed["recordId"], ready["recordId"]);
    assert_eq!(resumed["readonly"], false);
    // The answer given, next to the form's default values.
    assert_eq!(
        to_json(&again.get_data().unwrap())["institution_name"],
        "Trường THCS Đại Phúc"
    );

    let (other, _, _, separate) =
        mount(r#"{"form":"pq-bn285-school","draft-key":"wasm-user-2"}"#).await;
    assert_ne!(separate["recordId"], ready["recordId"]);
    assert_eq!(
        to_json(&other.get_data().unwrap())["institution_name"],
        Value::Null
    );
}

#[wasm_bindgen_test]
fn a_survey_without_a_form_is_refused_with_a_code() {
    let heard = Heard::default();
    let refused = mount_survey(shadow_container(), r#"{"draft-key":"k"}"#, listener(&heard));
    let Err(problem) = refused else {
        panic!("mounted without a form");
    };
    assert_eq!(to_json(&problem)["code"], "bad-options");
}
