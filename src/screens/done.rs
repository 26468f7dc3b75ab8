//! The completion screen.

use leptos::prelude::*;

use crate::app::{AppState, Screen};
use crate::i18n::Text;

#[component]
pub fn DoneScreen(record_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    // A finished survey leaves as soon as it can.
    state.sync.wake_up();
    let label = state.records.with_untracked(|all| {
        all.iter()
            .find(|r| r.id == record_id)
            .map(|r| r.label())
            .unwrap_or_default()
    });
    view! {
        <section class="pq-done" role="status">
            <h2>{move || state.t(Text::Done)}</h2>
            <p class="pq-card-label">{label}</p>
            <p>{move || state.t(Text::DoneHint)}</p>
            <button class="pq-primary" on:click=move |_| state.screen.set(Screen::Home)>
                {move || state.t(Text::BackHome)}
            </button>
        </section>
    }
}
