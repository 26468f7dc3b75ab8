//! The app's root component.

use leptos::prelude::*;
use pq_core::PRODUCT_NAME;

/// The root of the app: the product's shell.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <main class="pq-app" lang="vi">
            <header class="pq-header">
                <h1 class="pq-title">{PRODUCT_NAME}</h1>
                <p class="pq-subtitle">
                    "Khảo sát năng suất và chất lượng — Kế hoạch 285/KH-UBND tỉnh Bắc Ninh"
                </p>
            </header>
        </main>
    }
}
