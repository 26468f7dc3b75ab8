//! Home: the forms to start, and the records on this device by status.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pq_core::records::{LocalRecord, RecordStatus};

use crate::app::{AppState, Screen};
use crate::browser::{new_id, now};
use crate::catalog::{form_id, form_title, form_version};
use crate::i18n::Text;

#[component]
pub fn HomeScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Edits made on other screens change labels and times: list what storage holds now.
    state.reload_records();
    let start = move |id: String, version: String| {
        let Some(store) = state.store.get_untracked() else {
            return;
        };
        let record = LocalRecord::draft(
            new_id(),
            id,
            version,
            state.lang.get_untracked().code(),
            &now(),
        );
        spawn_local(async move {
            match store.save(&record).await {
                Ok(()) => {
                    state.reload_records();
                    state.screen.set(Screen::Form(record.id));
                }
                Err(error) => state.storage_error.set(Some(error)),
            }
        });
    };
    let forms = move || {
        let locale = state.lang.get().code();
        state.catalog.with_value(|catalog| {
            catalog
                .forms()
                .iter()
                .map(|form| {
                    let (id, version) = (form_id(form), form_version(form));
                    let title = form_title(form, locale);
                    view! {
                        <li class="pq-card">
                            <span class="pq-card-title">{title}</span>
                            <button
                                class="pq-primary"
                                disabled=move || state.store.get().is_none()
                                on:click=move |_| start(id.clone(), version.clone())
                            >
                                {move || state.t(Text::Start)}
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section aria-labelledby="pq-forms">
            <h2 id="pq-forms">{move || state.t(Text::Forms)}</h2>
            <ul class="pq-list">{forms}</ul>
        </section>
        <RecordList status=RecordStatus::Draft title=Text::Drafts />
        <RecordList status=RecordStatus::Rejected title=Text::Rejected />
        <RecordList status=RecordStatus::Outbox title=Text::Outbox />
        <RecordList status=RecordStatus::Sent title=Text::Sent />
    }
}

/// The records with one status.
#[component]
fn RecordList(status: RecordStatus, title: Text) -> impl IntoView {
    let state = expect_context::<AppState>();
    let records = Memo::new(move |_| {
        state.records.with(|all| {
            all.iter()
                .filter(|r| r.status == status)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let heading = format!("pq-list-{status:?}").to_lowercase();
    let labelled_by = heading.clone();
    let discard = move |id: String| {
        let confirmed = window()
            .confirm_with_message(state.t(Text::ConfirmDiscard))
            .unwrap_or(false);
        let Some(store) = state.store.get_untracked().filter(|_| confirmed) else {
            return;
        };
        spawn_local(async move {
            match store.delete(&id).await {
                Ok(()) => state.reload_records(),
                Err(error) => state.storage_error.set(Some(error)),
            }
        });
    };
    let editable = matches!(status, RecordStatus::Draft | RecordStatus::Rejected);
    view! {
        <section aria-labelledby=labelled_by class="pq-records">
            <h2 id=heading>{move || state.t(title)} " (" {move || records.with(Vec::len)} ")"</h2>
            <Show
                when=move || !records.with(Vec::is_empty)
                fallback=move || view! { <p class="pq-muted">{move || state.t(Text::NoDrafts)}</p> }
            >
                <ul class="pq-list">
                    <For
                        each=move || records.get()
                        key=|r| (r.id.clone(), r.updated_at.clone())
                        children=move |record| {
                            let id = record.id.clone();
                            let discard_id = record.id.clone();
                            let form = state
                                .catalog
                                .with_value(|c| c.find(&record.form_id, &record.form_version));
                            let title = form
                                .as_ref()
                                .map(|f| form_title(f, state.lang.get_untracked().code()))
                                .unwrap_or_else(|| record.form_id.clone());
                            let label = record.label();
                            let edited = record.updated_at.replace('T', " ").chars().take(16).collect::<String>();
                            let messages = record.server_messages.clone();
                            view! {
                                <li class="pq-card">
                                    <div>
                                        <span class="pq-card-title">{title}</span>
                                        <span class="pq-card-label">{label}</span>
                                        <span class="pq-muted">
                                            {move || state.t(Text::LastEdited)} ": " {edited}
                                        </span>
                                        <ul class="pq-server-messages">
                                            {messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                                        </ul>
                                    </div>
                                    <Show when=move || editable>
                                        <button
                                            class="pq-primary"
                                            on:click={
                                                let id = id.clone();
                                                move |_| state.screen.set(Screen::Form(id.clone()))
                                            }
                                        >
                                            {move || state.t(Text::Resume)}
                                        </button>
                                        <button on:click={
                                            let id = discard_id.clone();
                                            move |_| discard(id.clone())
                                        }>{move || state.t(Text::Discard)}</button>
                                    </Show>
                                </li>
                            }
                        }
                    />
                </ul>
            </Show>
        </section>
    }
}
