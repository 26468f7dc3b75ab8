//! Home: the forms to start, and the records on this device by status.

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

use pq_core::records::{LocalRecord, RecordStatus};
use pq_core::session::Progress;
use pq_core::state::FormState;

use crate::app::{AppState, Screen};
use crate::browser::{new_id, now, today};
use crate::catalog::{form_id, form_title, form_version};
use crate::i18n::{Text, show_more};

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
        state.catalog.with(|catalog| {
            catalog
                .startable()
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
        <SyncPanel />
        <RecordList status=RecordStatus::Draft title=Text::Drafts />
        <RecordList status=RecordStatus::Rejected title=Text::Rejected />
        <RecordList status=RecordStatus::Outbox title=Text::Outbox />
        <RecordList status=RecordStatus::Sent title=Text::Sent />
    }
}

/// Cards a list shows at first, and adds each time "show more" is pressed: a tablet may hold
/// thousands of records, and drawing every card (each computing its progress) takes seconds.
const LIST_PAGE: usize = 50;

/// The records with one status, newest edit first.
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
    let shown = RwSignal::new(LIST_PAGE);
    let hidden = move || records.with(Vec::len).saturating_sub(shown.get());
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
    let editable = status != RecordStatus::Outbox;
    let discardable = matches!(status, RecordStatus::Draft | RecordStatus::Rejected);
    let open_label = if status == RecordStatus::Draft {
        Text::Resume
    } else {
        Text::EditAgain
    };
    // A sent or rejected record is reopened as a draft (next revision) before editing.
    let open = move |record: LocalRecord| {
        if record.status == RecordStatus::Draft {
            state.screen.set(Screen::Form(record.id));
            return;
        }
        let Some(store) = state.store.get_untracked() else {
            return;
        };
        let mut record = record;
        record.reopen(&now());
        spawn_local(async move {
            match store.save(&record).await {
                Ok(()) => state.screen.set(Screen::Form(record.id)),
                Err(error) => state.storage_error.set(Some(error)),
            }
        });
    };
    view! {
        <section aria-labelledby=labelled_by class="pq-records">
            <h2 id=heading>{move || state.t(title)} " (" {move || records.with(Vec::len)} ")"</h2>
            <Show
                when=move || !records.with(Vec::is_empty)
                fallback=move || view! { <p class="pq-muted">{move || state.t(Text::NoDrafts)}</p> }
            >
                <ul class="pq-list">
                    <For
                        each=move || records.with(|all| all.iter().take(shown.get()).cloned().collect::<Vec<_>>())
                        key=|r| (r.id.clone(), r.updated_at.clone())
                        children=move |record| {
                            let opened = record.clone();
                            let discard_id = record.id.clone();
                            let form = state
                                .catalog
                                .with_untracked(|c| c.find(&record.form_id, &record.form_version));
                            // Words follow the language switch; the numbers are computed once.
                            let title = {
                                let form = form.clone();
                                let fallback = record.form_id.clone();
                                move || {
                                    form.as_ref()
                                        .map(|f| form_title(f, state.lang.get().code()))
                                        .unwrap_or_else(|| fallback.clone())
                                }
                            };
                            let label = record.label();
                            let percent = form.as_ref().map(|form| {
                                let answers = FormState::new(Arc::clone(form), record.answers.clone(), today());
                                let percent = Progress::of(&answers).percent();
                                view! { {move || state.t(Text::Progress)} ": " {percent} "%" }
                            });
                            let edited = record.updated_at.replace('T', " ").chars().take(16).collect::<String>();
                            let messages = record.server_messages.clone();
                            view! {
                                <li class="pq-card">
                                    <div>
                                        <span class="pq-card-title">{title}</span>
                                        <span class="pq-card-label">{label}</span>
                                        <span class="pq-muted">{percent}</span>
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
                                                let opened = opened.clone();
                                                move |_| open(opened.clone())
                                            }
                                        >
                                            {move || state.t(open_label)}
                                        </button>
                                    </Show>
                                    <Show when=move || discardable>
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
                <Show when=move || { hidden() > 0 }>
                    <button class="pq-more" on:click=move |_| shown.update(|n| *n += LIST_PAGE)>
                        {move || show_more(state.lang.get(), hidden().min(LIST_PAGE), hidden())}
                    </button>
                </Show>
            </Show>
        </section>
    }
}

/// Sending: progress while it runs, the last success, the last problem.
#[component]
fn SyncPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let sync = state.sync;
    view! {
        <section class="pq-sync" aria-labelledby="pq-sync-title">
            <h2 id="pq-sync-title">{move || state.t(Text::Sync)}</h2>
            <p role="status" aria-live="polite">
                {move || {
                    sync.sending
                        .get()
                        .map(|(done, total)| format!("{} {done} / {total}", state.t(Text::Sending)))
                }}
            </p>
            <p>
                {move || state.t(Text::LastSync)} ": "
                {move || {
                    sync.last_success
                        .get()
                        .map(|t| t.replace('T', " ").chars().take(19).collect::<String>())
                        .unwrap_or_else(|| state.t(Text::NeverSynced).to_owned())
                }}
            </p>
            {move || sync.last_error.get().map(|e| view! { <p class="pq-muted">{e}</p> })}
            <button on:click=move |_| sync.wake_up()>{move || state.t(Text::SendNow)}</button>
        </section>
    }
}
