//! Browser test: the app mounts and shows the product's name.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn app_shows_the_product_name() {
    let document = leptos::prelude::document();
    let host = document
        .create_element("div")
        .expect("create a host element");
    document
        .body()
        .expect("a body")
        .append_child(&host)
        .expect("attach host");
    let host: leptos::web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(host);
    let _handle = leptos::mount::mount_to(host.clone(), pq_app::App);
    let title = host.query_selector("h1").expect("query").expect("an h1");
    assert_eq!(title.text_content().as_deref(), Some("PQ Survey"));
}
