//! PQ Survey's app: thin Leptos components over `pq_core`.

pub mod app;
pub mod browser;
pub mod catalog;
pub mod controls;
pub mod embed;
pub mod events;
pub mod i18n;
pub mod locks;
pub mod screens;
pub mod storage;
pub mod sync;

pub use app::App;

/// Mounts the app on the page's body (the entry point of the standalone app) — only on the
/// app's own page, which says so with `<meta name="pq-survey" content="app">`. On any other
/// page (a portal, `embed.html`) the wasm was loaded by `pq-survey.js`, which mounts each
/// `<pq-survey>` element itself ([`embed::mount_survey`]).
pub fn mount() {
    console_error_panic_hook::set_once();
    if is_app_page() {
        leptos::mount::mount_to_body(App);
    }
}

fn is_app_page() -> bool {
    leptos::prelude::document()
        .query_selector(r#"meta[name="pq-survey"][content="app"]"#)
        .ok()
        .flatten()
        .is_some()
}
