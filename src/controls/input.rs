//! Typed inputs: text of every input type, comments, computed values, multiple text.

use leptos::prelude::*;
use pq_core::form::{Element, ElementKind, InputType};
use pq_core::session::display_answer;
use pq_core::session::edit::{input_text, set_field, typed_value};

use super::{Binding, FormContext};

/// The HTML `type` and `inputmode` for an input type (numeric keyboards on tablets).
fn html_input(input_type: &InputType) -> (&'static str, &'static str) {
    match input_type {
        InputType::Number => ("text", "decimal"),
        InputType::Date => ("date", "none"),
        InputType::Month => ("month", "none"),
        InputType::Email => ("email", "email"),
        InputType::Tel => ("tel", "tel"),
        InputType::Url => ("url", "url"),
        _ => ("text", "text"),
    }
}

#[component]
pub fn InputControl(element: Element, binding: Binding) -> impl IntoView {
    let ctx = expect_context::<FormContext>();
    let Binding {
        element_id: _,
        entry: _,
        dom_id,
        value,
        on_change,
        on_blur,
        enabled,
        invalid,
    } = binding;
    match &element.kind {
        ElementKind::Comment(_) => view! {
            <textarea
                id=dom_id
                rows="4"
                prop:value=move || input_text(value.get().as_ref())
                disabled=move || !enabled.get()
                aria-invalid=move || invalid.get().to_string()
                on:change=move |ev| on_change.run(typed_value(&InputType::Text, &event_target_value(&ev)))
                on:blur=move |_| on_blur.run(())
            ></textarea>
        }
        .into_any(),
        ElementKind::Expression(_) => {
            let shown = element.clone();
            view! {
                <output id=dom_id class="pq-computed">
                    {move || display_answer(&shown, value.get().as_ref(), ctx.locale())}
                </output>
            }
            .into_any()
        }
        ElementKind::Text(text) => {
            let input_type = text.input_type();
            let (kind, mode) = html_input(&input_type);
            let placeholder = text.placeholder.clone();
            let (min, max) = (text.min.as_ref().map(input_bound), text.max.as_ref().map(input_bound));
            view! {
                <input
                    id=dom_id
                    type=kind
                    inputmode=mode
                    min=min
                    max=max
                    placeholder=move || placeholder.as_ref().map(|p| p.get(ctx.locale()).to_owned())
                    prop:value=move || input_text(value.get().as_ref())
                    disabled=move || !enabled.get()
                    aria-invalid=move || invalid.get().to_string()
                    on:change=move |ev| on_change.run(typed_value(&input_type, &event_target_value(&ev)))
                    on:blur=move |_| on_blur.run(())
                />
            }
            .into_any()
        }
        ElementKind::RadioGroup(_)
        | ElementKind::Dropdown(_)
        | ElementKind::Checkbox(_)
        | ElementKind::Boolean(_)
        | ElementKind::Rating(_)
        | ElementKind::Matrix(_)
        | ElementKind::MatrixDropdown(_)
        | ElementKind::MatrixDynamic(_)
        | ElementKind::PanelDynamic(_)
        | ElementKind::Panel(_)
        | ElementKind::MultipleText(_)
        | ElementKind::Html(_)
        | ElementKind::Tagbox(_)
        | ElementKind::Ranking(_)
        | ElementKind::ImagePicker(_)
        | ElementKind::Slider(_)
        | ElementKind::Image(_)
        | ElementKind::Unknown(_) => ().into_any(),
    }
}

fn input_bound(value: &serde_json::Value) -> String {
    input_text(Some(value))
}

/// Several labelled inputs stored as one object.
#[component]
pub fn MultipleTextControl(element: Element, binding: Binding) -> impl IntoView {
    let ctx = expect_context::<FormContext>();
    let ElementKind::MultipleText(props) = &element.kind else {
        return ().into_any();
    };
    let Binding {
        element_id: _,
        entry: _,
        dom_id,
        value,
        on_change,
        on_blur,
        enabled,
        invalid,
    } = binding;
    props
        .items
        .iter()
        .enumerate()
        .map(|(k, item)| {
            let id = format!("{dom_id}-{k}");
            let field = item.name.clone();
            let read = field.clone();
            let input_type = item.input_type();
            let (kind, mode) = html_input(&input_type);
            let title = item.title.clone();
            let fallback = item.name.clone();
            view! {
                <div class="pq-item">
                    <label for=id.clone()>
                        {move || title.as_ref().map(|t| t.get(ctx.locale()).to_owned()).unwrap_or_else(|| fallback.clone())}
                    </label>
                    <input
                        id=id
                        type=kind
                        inputmode=mode
                        prop:value=move || input_text(value.get().as_ref().and_then(|v| v.get(&read)))
                        disabled=move || !enabled.get()
                        aria-invalid=move || invalid.get().to_string()
                        on:change=move |ev| {
                            let typed = typed_value(&input_type, &event_target_value(&ev));
                            on_change.run(set_field(value.get_untracked().as_ref(), &field, typed));
                        }
                        on:blur=move |_| on_blur.run(())
                    />
                </div>
            }
        })
        .collect_view()
        .into_any()
}
