//! Filling in a record: one page at a time, every change saved, then the review.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pq_core::records::LocalRecord;
use pq_core::session::{FormSession, Step, review};
use pq_core::state::FormState;

use pq_core::embed::EmbedEvent;

use crate::app::{AppState, Screen};
use crate::browser::{focus_first_error, now};
use crate::catalog::form_title;
use crate::controls::{ElementView, FormContext};
use crate::i18n::Text;
use crate::locks::{DraftAccess, DraftLock, lock_draft};
use crate::storage::StorageError;

/// Whether the latest change is on the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SaveStatus {
    Saved,
    Saving,
    Failed,
}

/// A record opened for filling in: its answers and session, and whether this tab may edit it.
type Loaded = (LocalRecord, FormSession, bool);

/// The form being filled in, as an embedded survey's JavaScript handle reaches it
/// (`getData`, `setData`, `validate`, `submit`).
#[derive(Clone, Copy)]
pub struct OpenForm {
    pub ctx: FormContext,
    pub record_id: StoredValue<String>,
    /// What the "finish" button does: finishes, or shows what blocks finishing.
    pub finish: Callback<()>,
}

/// Where the form screen puts its [`OpenForm`] while it is shown (provided by embedded
/// surveys only).
#[derive(Clone, Copy)]
pub struct OpenFormSlot(pub RwSignal<Option<OpenForm>, LocalStorage>);

/// Finishes a record: it moves to the outbox in one transaction, the host hears
/// `pq-complete`, the sync loop is woken and the done screen shown.
pub async fn complete(state: AppState, id: String) -> Result<LocalRecord, StorageError> {
    let store = state
        .store
        .try_get_untracked()
        .flatten()
        .ok_or(StorageError::Unavailable)?;
    let record = store.finish(&id, &now()).await?;
    state.events.emit(EmbedEvent::Complete(Box::new(
        pq_core::sync::submission_of(&record, &crate::sync::device_id()),
    )));
    state.reload_records();
    state.screen.set(Screen::Done(id));
    Ok(record)
}

/// A record's form; `read_only`: shown, never edited (an embedded survey asked so), else
/// read-only only while another tab edits it.
#[component]
pub fn FormScreen(record_id: String, #[prop(optional)] read_only: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let loaded = RwSignal::new_local(None::<Result<Loaded, Text>>);
    // The draft's lock, held while this screen is open: one editor per draft across tabs.
    let lock = StoredValue::new_local(None::<DraftLock>);
    on_cleanup(move || {
        if let Some(Some(held)) = lock.try_update_value(Option::take) {
            held.release();
        }
    });
    Effect::new(move |_| {
        let Some(store) = state.store.get() else {
            return;
        };
        let id = record_id.clone();
        spawn_local(async move {
            // The lock first, then the record: a tab that gets the lock reads what the last
            // editor saved.
            let read_only = read_only || !claim(lock, &id).await;
            let outcome = match store.get(&id).await {
                Ok(Some(record)) => {
                    let form = state
                        .catalog
                        .try_with_untracked(|c| c.find(&record.form_id, &record.form_version))
                        .flatten();
                    match form {
                        Some(form) => {
                            let today = crate::browser::today();
                            let mut form_state =
                                FormState::new(form, record.answers.clone(), today);
                            // One respondent sees one order of `choicesOrder: "random"`.
                            form_state.set_order_seed(pq_core::state::order_seed_of(&record.id));
                            let session = FormSession::new(
                                form_state,
                                record.page,
                                state.lang.try_get_untracked().unwrap_or_default().code(),
                            );
                            Ok((record, session, read_only))
                        }
                        None => Err(Text::FormMissing),
                    }
                }
                Ok(None) => Err(Text::FormMissing),
                Err(error) => {
                    state.storage_error.set(Some(error));
                    Err(Text::FormMissing)
                }
            };
            loaded.set(Some(outcome));
        });
    });
    move || match loaded.get() {
        None => view! { <p>{move || state.t(Text::Loading)}</p> }.into_any(),
        Some(Err(text)) => view! { <p role="alert">{move || state.t(text)}</p> }.into_any(),
        Some(Ok((record, session, read_only))) => {
            view! { <FormView record session read_only /> }.into_any()
        }
    }
}

/// Takes the draft's lock for this screen. False when another tab holds it (the draft is then
/// shown read-only); true when this screen holds it, or when the browser cannot lock.
async fn claim(lock: StoredValue<Option<DraftLock>, LocalStorage>, id: &str) -> bool {
    if lock.try_with_value(Option::is_some).unwrap_or(false) {
        return true;
    }
    match lock_draft(id).await {
        DraftAccess::Editing(held) => {
            let mut held = Some(held);
            // Kept while the screen lives; when it was closed meanwhile, `held` is dropped
            // here and the lock given back at once.
            lock.try_update_value(|slot| *slot = held.take());
            drop(held);
            true
        }
        DraftAccess::ReadOnly => false,
        DraftAccess::Unchecked => true,
    }
}

#[component]
fn FormView(record: LocalRecord, session: FormSession, read_only: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let session = RwSignal::new(session);
    let record = StoredValue::new(record);
    let status = RwSignal::new(SaveStatus::Saved);
    let reviewing = RwSignal::new(false);
    let blocked = RwSignal::new(false);
    let section = NodeRef::<leptos::html::Section>::new();
    let show_first_error = move || {
        request_animation_frame(move || {
            if let Some(section) = section.get_untracked() {
                focus_first_error(&section);
            }
        });
    };
    let to_top = move || {
        if let Some(section) = section.get_untracked() {
            scroll_to_top(&section, state.is_embedded());
        }
    };
    Effect::new(move |_| {
        let code = state.lang.get().code();
        session.update(|s| s.set_locale(code));
    });
    // One transaction per save: answers, page and time together. A read-only view never
    // writes: the tab that holds the draft's lock does.
    let save = move || {
        if read_only {
            return;
        }
        let Some(store) = state.store.get_untracked() else {
            return;
        };
        let snapshot = session.with_untracked(|s| {
            let mut r = record.get_value();
            r.answers = s.state().answers().clone();
            r.page = s.page();
            r.locale = s.locale().to_owned();
            r.updated_at = now();
            r
        });
        record.set_value(snapshot.clone());
        status.set(SaveStatus::Saving);
        spawn_local(async move {
            match store.save(&snapshot).await {
                Ok(()) => status.set(SaveStatus::Saved),
                Err(error) => {
                    status.set(SaveStatus::Failed);
                    state.storage_error.set(Some(error));
                }
            }
        });
    };
    let ctx = FormContext {
        session,
        save: Callback::new(move |()| save()),
        read_only,
        events: state.events,
    };
    provide_context(ctx);
    let form = session.with_untracked(|s| s.state().form_arc());
    let title = {
        let form = form.clone();
        move || form_title(&form, state.lang.get().code())
    };
    let page = Memo::new(move |_| session.with(|s| s.page()));
    let page_view = {
        let form = form.clone();
        move || {
            let page = page.get();
            let locale = state.lang.get().code();
            let definition = form.definition().pages.get(page);
            let heading = definition
                .and_then(|p| p.title.as_ref())
                .map(|t| t.get(locale).to_owned())
                .unwrap_or_default();
            let description = definition
                .and_then(|p| p.description.as_ref())
                .map(|t| t.get(locale).to_owned())
                .unwrap_or_default();
            let elements = form
                .children(None, page)
                .map(|id| view! { <ElementView id /> })
                .collect_view();
            view! {
                <h3 class="pq-page-title" tabindex="-1">{heading}</h3>
                <p class="pq-description">{description}</p>
                {elements}
            }
        }
    };
    let next = move |_| {
        let step = if read_only {
            // Only looking: every page may be seen, whatever its answers.
            session.try_update(|s| {
                let page = s.page();
                match s.visible_pages().into_iter().find(|p| *p > page) {
                    Some(next) => Step::Moved(s.go_to(next)),
                    None => Step::Review,
                }
            })
        } else {
            session.try_update(|s| s.go_next())
        };
        match step {
            Some(Step::Blocked(_)) => {
                blocked.set(true);
                show_first_error();
            }
            Some(Step::Moved(_)) => {
                blocked.set(false);
                save();
                to_top();
            }
            Some(Step::Review) => {
                blocked.set(false);
                save();
                reviewing.set(true);
                to_top();
            }
            None => {}
        }
    };
    let previous = move |_| {
        session.update(|s| {
            s.go_previous();
        });
        save();
        to_top();
    };
    let finish = move || {
        if read_only {
            return;
        }
        let errors = session.with_untracked(FormSession::blocking_errors);
        if let Some(first) = errors.first() {
            let target = first
                .element_id
                .and_then(|id| session.with_untracked(|s| s.page_of(id)));
            session.update(|s| {
                s.go_to(target.unwrap_or(0));
                let _ = s.go_next();
            });
            reviewing.set(false);
            blocked.set(true);
            show_first_error();
            return;
        }
        let id = record.with_value(|r| r.id.clone());
        spawn_local(async move {
            if let Err(error) = complete(state, id).await {
                state.storage_error.set(Some(error));
            }
        });
    };
    if let Some(OpenFormSlot(slot)) = use_context::<OpenFormSlot>() {
        slot.set(Some(OpenForm {
            ctx,
            record_id: StoredValue::new(record.with_value(|r| r.id.clone())),
            finish: Callback::new(move |()| finish()),
        }));
        on_cleanup(move || slot.set(None));
    }
    let progress = Memo::new(move |_| session.with(|s| s.progress()));
    let position = Memo::new(move |_| session.with(|s| s.page_position()));
    // The host hears of every page shown (the first one too).
    Effect::new(move |_| {
        let (page, pages) = position.get();
        state.events.emit(EmbedEvent::Page { page, pages });
    });
    view! {
        <section class="pq-form" aria-labelledby="pq-form-title" node_ref=section>
            <h2 id="pq-form-title">{title}</h2>
            <div class="pq-progress">
                <progress
                    max="100"
                    value=move || progress.get().percent().to_string()
                    aria-label=move || state.t(Text::Progress)
                ></progress>
                <span>
                    {move || progress.get().percent()} "% " {move || state.t(Text::Answered)}
                </span>
                <span class="pq-save" role="status" aria-live="polite">
                    {move || match status.get() {
                        _ if read_only => state.t(Text::ReadOnly),
                        SaveStatus::Saved => state.t(Text::Saved),
                        SaveStatus::Saving => state.t(Text::Saving),
                        SaveStatus::Failed => state.t(Text::SaveFailed),
                    }}
                </span>
            </div>
            {read_only
                .then(|| {
                    view! {
                        <p class="pq-alert pq-read-only" role="status">
                            {move || state.t(Text::ReadOnlyElsewhere)}
                        </p>
                    }
                })}
            <Show
                when=move || reviewing.get()
                fallback=move || {
                    let page_view = page_view.clone();
                    view! {
                        <p class="pq-page-position">
                            {move || state.t(Text::Page)} " " {move || position.get().0} " "
                            {move || state.t(Text::Of)} " " {move || position.get().1}
                        </p>
                        <Show when=move || blocked.get()>
                            <p class="pq-alert" role="alert">{move || state.t(Text::FixErrors)}</p>
                        </Show>
                        <form class="pq-page" on:submit=|ev| ev.prevent_default()>
                            {read_only_fence(read_only, page_view.clone())}
                        </form>
                        <div class="pq-buttons">
                            <button
                                on:click=previous
                                disabled=move || session.with(FormSession::is_first_page)
                            >
                                {move || state.t(Text::Previous)}
                            </button>
                            <button class="pq-primary" on:click=next>
                                {move || {
                                    if session.with(FormSession::is_last_page) {
                                        state.t(Text::Review)
                                    } else {
                                        state.t(Text::Next)
                                    }
                                }}
                            </button>
                        </div>
                    }
                }
            >
                <ReviewList session reviewing />
                <div class="pq-buttons">
                    <button on:click=move |_| reviewing.set(false)>{move || state.t(Text::Previous)}</button>
                    <button class="pq-primary" on:click=move |_| finish() disabled=read_only>
                        {move || state.t(Text::Submit)}
                    </button>
                </div>
            </Show>
        </section>
    }
}

/// Every answer before finishing; each links back to its page.
#[component]
fn ReviewList(session: RwSignal<FormSession>, reviewing: RwSignal<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let items = move || session.with(|s| review(s.state(), s.locale()));
    view! {
        <h3>{move || state.t(Text::ReviewTitle)}</h3>
        <p>{move || state.t(Text::ReviewHint)}</p>
        <dl class="pq-review">
            {move || {
                items()
                    .into_iter()
                    .map(|item| {
                        let page = item.page;
                        view! {
                            <div class="pq-review-item" class:pq-unanswered=!item.answered>
                                <dt>{item.title}</dt>
                                <dd>
                                    {item.answer}
                                    <button
                                        class="pq-link"
                                        on:click=move |_| {
                                            session.update(|s| {
                                                s.go_to(page);
                                            });
                                            reviewing.set(false);
                                        }
                                    >
                                        {move || state.t(Text::Edit)}
                                    </button>
                                </dd>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </dl>
    }
}

/// A page's questions; read-only, inside a disabled fieldset, which disables every control in
/// it (the add and remove buttons of repeated panels too).
fn read_only_fence(read_only: bool, page: impl IntoView + 'static) -> AnyView {
    if read_only {
        view! {
            <fieldset
                class="pq-page-fields"
                disabled=true
                style="border: 0; margin: 0; padding: 0; min-width: 0"
            >
                {page}
            </fieldset>
        }
        .into_any()
    } else {
        page.into_view().into_any()
    }
}

/// Brings a new page into view: the top of the window in the app; in a host's page, the
/// survey's own top, and only when it is above the window (the host's page stays put otherwise).
fn scroll_to_top(section: &web_sys::Element, embedded: bool) {
    if !embedded {
        window().scroll_to_with_x_and_y(0.0, 0.0);
    } else if section.get_bounding_client_rect().top() < 0.0 {
        section.scroll_into_view();
    }
}
