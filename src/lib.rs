//! PQ Survey's app: thin Leptos components over `pq_core`.

pub mod app;
pub mod browser;
pub mod catalog;
pub mod controls;
pub mod i18n;
pub mod locks;
pub mod screens;
pub mod storage;
pub mod sync;

pub use app::App;

/// Mounts the app on the page's body (the entry point of the standalone app).
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
