//! One control per element type, bound to the form session.
//!
//! Controls render and hand changes over; the answer shapes come from
//! `pq_core::session::edit`, and visibility, requirement and errors from the session.

mod choice;
mod input;
mod matrix;
mod panel;
mod ranking;
mod slider;

use leptos::prelude::*;
use pq_core::compile::ElementId;
use pq_core::form::{Element, ElementKind, ImageProps};
use pq_core::session::FormSession;
use pq_core::validation::ValidationError;
use serde_json::Value;

use crate::app::AppState;
use crate::events::Events;
use crate::i18n::Text;
use pq_core::embed::EmbedEvent;

pub use choice::ChoiceControl;
pub use input::InputControl;

/// What every control of a form reaches.
#[derive(Clone, Copy)]
pub struct FormContext {
    pub session: RwSignal<FormSession>,
    /// Writes the record (answers and page) to storage.
    pub save: Callback<()>,
    /// The record is shown, not edited (another tab is editing it): answers do not change and
    /// every control is disabled.
    pub read_only: bool,
    /// Where answer changes are told (the host page of an embedded survey).
    pub events: Events,
}

impl FormContext {
    /// Changes an answer, then saves (nothing, when read-only).
    pub fn set(&self, name: &str, value: Value) {
        self.set_many(std::iter::once((name.to_owned(), value)));
    }

    /// Changes several answers, then saves once (nothing, when read-only). Each change is
    /// told as it was kept (`null` when cleared).
    pub fn set_many(&self, answers: impl IntoIterator<Item = (String, Value)>) {
        if self.read_only {
            return;
        }
        let mut changed = Vec::new();
        self.session.update(|s| {
            for (name, value) in answers {
                s.set_value(&name, value);
                let kept = s.state().value(&name).cloned().unwrap_or(Value::Null);
                changed.push((name, kept));
            }
        });
        self.save.run(());
        for (name, value) in changed {
            self.events.emit(EmbedEvent::Change { name, value });
        }
    }

    pub fn value(&self, name: &str) -> Option<Value> {
        self.session.with(|s| s.state().value(name).cloned())
    }

    pub fn locale(&self) -> &'static str {
        expect_context::<AppState>().lang.get().code()
    }
}

/// How a single-value control is wired: its value, what to do on change and on leaving it.
#[derive(Clone)]
pub struct Binding {
    /// The element answered (its conditions decide which items are offered).
    pub element_id: ElementId,
    /// The dynamic panel entry the control is in, for elements of a panel's template.
    pub entry: Option<usize>,
    /// The DOM id of the control (labels point at it).
    pub dom_id: String,
    pub value: Signal<Option<Value>>,
    pub on_change: Callback<Value>,
    pub on_blur: Callback<()>,
    pub enabled: Signal<bool>,
    pub invalid: Signal<bool>,
}

/// A survey-level element: question, panel, dynamic panel, matrix or static text.
#[component]
pub fn ElementView(id: ElementId) -> impl IntoView {
    let ctx = expect_context::<FormContext>();
    let form = ctx.session.with_untracked(|s| s.state().form_arc());
    let Some(element) = form.element(id).cloned() else {
        return ().into_any();
    };
    let visible = Memo::new(move |_| ctx.session.with(|s| s.state().is_visible(id)));
    let body = move || match &element.kind {
        ElementKind::Panel(_) => {
            view! { <panel::PanelView id element=element.clone() /> }.into_any()
        }
        ElementKind::PanelDynamic(_) => {
            view! { <panel::DynamicPanelView id element=element.clone() /> }.into_any()
        }
        ElementKind::Html(html) => {
            let html = html.html.as_ref().map(|h| h.get(ctx.locale()).to_owned());
            view! { <div class="pq-html" inner_html=html></div> }.into_any()
        }
        ElementKind::Image(image) => image_view(image, ctx.locale()),
        ElementKind::Text(_)
        | ElementKind::Comment(_)
        | ElementKind::RadioGroup(_)
        | ElementKind::Dropdown(_)
        | ElementKind::Checkbox(_)
        | ElementKind::Boolean(_)
        | ElementKind::Rating(_)
        | ElementKind::Matrix(_)
        | ElementKind::MatrixDropdown(_)
        | ElementKind::MatrixDynamic(_)
        | ElementKind::MultipleText(_)
        | ElementKind::Expression(_)
        | ElementKind::Tagbox(_)
        | ElementKind::Ranking(_)
        | ElementKind::ImagePicker(_)
        | ElementKind::Slider(_)
        | ElementKind::Unknown(_) => {
            view! { <QuestionView id element=element.clone() /> }.into_any()
        }
    };
    view! { <div class="pq-element">{move || visible.get().then(&body)}</div> }.into_any()
}

/// A question with its title, description, required marker, control and errors.
#[component]
fn QuestionView(id: ElementId, element: Element) -> impl IntoView {
    let ctx = expect_context::<FormContext>();
    let state = expect_context::<AppState>();
    let name = element.name.clone();
    let dom_id = format!("pq-q-{id}");
    let errors = Memo::new(move |_| ctx.session.with(|s| s.errors_for(id)));
    let required = Memo::new(move |_| ctx.session.with(|s| s.state().is_required(id)));
    let enabled =
        Memo::new(move |_| !ctx.read_only && ctx.session.with(|s| s.state().is_enabled(id)));
    let value = {
        let name = name.clone();
        Signal::derive(move || ctx.value(&name))
    };
    let binding = Binding {
        element_id: id,
        entry: None,
        dom_id: dom_id.clone(),
        value,
        on_change: Callback::new({
            let name = name.clone();
            move |v: Value| ctx.set(&name, v)
        }),
        on_blur: Callback::new(move |()| ctx.session.update(|s| s.touch(id))),
        enabled: enabled.into(),
        invalid: Signal::derive(move || errors.with(|e| e.iter().any(|e| e.level.is_error()))),
    };
    let title = {
        let element = element.clone();
        move || element.display_title(ctx.locale()).to_owned()
    };
    let description = {
        let element = element.clone();
        move || {
            element
                .description
                .as_ref()
                .map(|d| d.get(ctx.locale()).to_owned())
        }
    };
    let grouped = is_group(&element.kind);
    let control = control_for(&element, binding);
    let error_id = format!("{dom_id}-errors");
    let described_by = error_id.clone();
    let heading = view! {
        <span class="pq-question-title">{title}</span>
        <Show when=move || required.get()>
            <span class="pq-required" title=move || state.t(Text::Required)>
                " *"
            </span>
        </Show>
    };
    let label = if grouped {
        view! { <legend>{heading}</legend> }.into_any()
    } else {
        view! { <label for=dom_id.clone()>{heading}</label> }.into_any()
    };
    view! {
        <fieldset class="pq-question" class:pq-invalid=move || !errors.with(Vec::is_empty) aria-describedby=described_by>
            {label}
            {move || description().map(|d| view! { <p class="pq-description">{d}</p> })}
            {control}
            <ErrorList errors id=error_id />
        </fieldset>
    }
}

/// Whether a question's control is a group of inputs (titled by a `legend`) rather than one
/// input (titled by a `label`).
fn is_group(kind: &ElementKind) -> bool {
    match kind {
        ElementKind::RadioGroup(_)
        | ElementKind::Checkbox(_)
        | ElementKind::Boolean(_)
        | ElementKind::Rating(_)
        | ElementKind::Matrix(_)
        | ElementKind::MatrixDropdown(_)
        | ElementKind::MatrixDynamic(_)
        | ElementKind::MultipleText(_)
        | ElementKind::Tagbox(_)
        | ElementKind::Ranking(_)
        | ElementKind::ImagePicker(_) => true,
        ElementKind::Slider(slider) => slider.is_range(),
        ElementKind::Text(_)
        | ElementKind::Comment(_)
        | ElementKind::Dropdown(_)
        | ElementKind::Expression(_)
        | ElementKind::PanelDynamic(_)
        | ElementKind::Panel(_)
        | ElementKind::Html(_)
        | ElementKind::Image(_)
        | ElementKind::Unknown(_) => false,
    }
}

/// The messages for an answer, announced to screen readers.
#[component]
fn ErrorList(errors: Memo<Vec<ValidationError>>, id: String) -> impl IntoView {
    view! {
        <ul class="pq-errors" id=id aria-live="polite">
            {move || {
                errors
                    .get()
                    .into_iter()
                    .map(|e| {
                        let warning = !e.level.is_error();
                        view! { <li class:pq-warning=warning>{e.message}</li> }
                    })
                    .collect_view()
            }}
        </ul>
    }
}

/// The control for a question of any type.
pub(super) fn control_for(element: &Element, binding: Binding) -> AnyView {
    match &element.kind {
        ElementKind::Text(_) | ElementKind::Comment(_) | ElementKind::Expression(_) => {
            view! { <InputControl element=element.clone() binding /> }.into_any()
        }
        ElementKind::RadioGroup(_)
        | ElementKind::Dropdown(_)
        | ElementKind::Checkbox(_)
        | ElementKind::Tagbox(_)
        | ElementKind::ImagePicker(_)
        | ElementKind::Boolean(_)
        | ElementKind::Rating(_) => {
            view! { <ChoiceControl element=element.clone() binding /> }.into_any()
        }
        ElementKind::Ranking(_) => {
            view! { <ranking::RankingControl element=element.clone() binding /> }.into_any()
        }
        ElementKind::Slider(_) => {
            view! { <slider::SliderControl element=element.clone() binding /> }.into_any()
        }
        ElementKind::Matrix(_) | ElementKind::MatrixDropdown(_) | ElementKind::MatrixDynamic(_) => {
            view! { <matrix::MatrixControl element=element.clone() binding /> }.into_any()
        }
        ElementKind::MultipleText(_) => {
            view! { <input::MultipleTextControl element=element.clone() binding /> }.into_any()
        }
        ElementKind::Panel(_)
        | ElementKind::PanelDynamic(_)
        | ElementKind::Html(_)
        | ElementKind::Image(_)
        | ElementKind::Unknown(_) => ().into_any(),
    }
}

/// `imageWidth`/`imageHeight` as an HTML size (a number, or a string of digits; CSS lengths
/// such as `"50%"` are left to the style sheet).
pub(super) fn pixels(size: Option<&Value>) -> Option<String> {
    match size? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) => {
            Some(s.clone())
        }
        _ => None,
    }
}

/// A static picture (`image`): an `<img>` with its alternative text, a `<video>` for videos,
/// a link for YouTube.
fn image_view(image: &ImageProps, locale: &str) -> AnyView {
    let Some(link) = image
        .image_link
        .as_ref()
        .map(|l| l.get(locale).to_owned())
        .filter(|l| !l.is_empty())
    else {
        return ().into_any();
    };
    let alt = image
        .alt_text
        .as_ref()
        .map(|t| t.get(locale).to_owned())
        .unwrap_or_default();
    let (width, height) = (
        pixels(image.image_width.as_ref()),
        pixels(image.image_height.as_ref()),
    );
    let fit = image.image_fit.as_ref().map(|f| format!("object-fit: {f}"));
    let lower = link.to_ascii_lowercase();
    let mode = image.content_mode.as_deref().unwrap_or("auto");
    let youtube = mode == "youtube"
        || (mode == "auto" && (lower.contains("youtube.com/") || lower.contains("youtu.be/")));
    let video = mode == "video"
        || (mode == "auto" && [".mp4", ".webm", ".ogg"].iter().any(|e| lower.ends_with(e)));
    if youtube {
        let text = if alt.is_empty() { link.clone() } else { alt };
        return view! { <p class="pq-image"><a href=link target="_blank" rel="noopener">{text}</a></p> }
            .into_any();
    }
    if video {
        return view! {
            <figure class="pq-image">
                <video src=link controls=true width=width height=height aria-label=alt></video>
            </figure>
        }
        .into_any();
    }
    view! {
        <figure class="pq-image">
            <img src=link alt=alt width=width height=height style=fit />
        </figure>
    }
    .into_any()
}
