//! Panels: a group of elements, and the repeated group (one entry per certificate, expert…).

use leptos::prelude::*;
use pq_core::compile::ElementId;
use pq_core::form::{Element, ElementKind};
use pq_core::session::edit::{add_entry, entry_count, remove_entry, set_entry_field};
use serde_json::Value;

use super::{Binding, ElementView, FormContext, control_for};
use crate::app::AppState;
use crate::i18n::Text;

#[component]
pub fn PanelView(id: ElementId, element: Element) -> impl IntoView {
    let ctx = expect_context::<FormContext>();
    let (form, page) = ctx.session.with_untracked(|s| {
        let form = s.state().form_arc();
        let page = form.info(id).map_or(0, |i| i.page);
        (form, page)
    });
    let title = element.title.clone();
    let children = form
        .children(Some(id), page)
        .map(|child| view! { <ElementView id=child /> })
        .collect_view();
    view! {
        <fieldset class="pq-panel">
            {move || title.as_ref().map(|t| view! { <legend>{t.get(ctx.locale()).to_owned()}</legend> })}
            {children}
        </fieldset>
    }
}

/// Entries of a dynamic panel, each with the template's questions, plus add and remove.
#[component]
pub fn DynamicPanelView(id: ElementId, element: Element) -> impl IntoView {
    let ctx = expect_context::<FormContext>();
    let state = expect_context::<AppState>();
    let ElementKind::PanelDynamic(props) = &element.kind else {
        return ().into_any();
    };
    let (form, page) = ctx.session.with_untracked(|s| {
        let form = s.state().form_arc();
        let page = form.info(id).map_or(0, |i| i.page);
        (form, page)
    });
    let name = element.name.clone();
    let minimum = props
        .panel_count
        .as_ref()
        .or(props.min_panel_count.as_ref())
        .and_then(serde_json::Number::as_u64)
        .unwrap_or(0) as usize;
    let value = {
        let name = name.clone();
        Signal::derive(move || ctx.value(&name))
    };
    let count = Memo::new(move |_| entry_count(value.get().as_ref(), minimum));
    let template: Vec<ElementId> = form.children(Some(id), page).collect();
    let errors = Memo::new(move |_| ctx.session.with(|s| s.errors_for(id)));
    let title = element.title.clone();
    let set_name = name.clone();
    let add_name = name.clone();
    let entries = move || {
        (0..count.get())
            .map(|index| {
                let fields = template
                    .iter()
                    .filter_map(|child| {
                        let child = *child;
                        let child_element = form.element(child)?.clone();
                        if !child_element.kind.has_value() {
                            return None;
                        }
                        let field = child_element.name.clone();
                        let field_read = field.clone();
                        let panel = set_name.clone();
                        let path = format!("{panel}[{index}].{field}");
                        let visible = Memo::new(move |_| ctx.session.with(|s| s.state().is_visible_in_entry(child, index)));
                        let field_errors = Memo::new(move |_| {
                            errors.with(|all| all.iter().filter(|e| e.path == path).map(|e| e.message.clone()).collect::<Vec<_>>())
                        });
                        let binding = Binding {
                            element_id: child,
                            entry: Some(index),
                            dom_id: format!("pq-q-{child}-{index}"),
                            value: Signal::derive(move || value.get().and_then(|v| v.get(index).and_then(|e| e.get(&field_read)).cloned())),
                            on_change: Callback::new(move |v: Value| ctx.set(&panel, set_entry_field(value.get_untracked().as_ref(), index, &field, v))),
                            on_blur: Callback::new(move |()| ctx.session.update(|s| s.touch(id))),
                            enabled: Signal::derive(move || ctx.session.with(|s| s.state().is_enabled(id))),
                            invalid: Signal::derive(move || field_errors.with(|e| !e.is_empty())),
                        };
                        let dom_id = binding.dom_id.clone();
                        let label_element = child_element.clone();
                        let required = child_element.required();
                        let control = control_for(&child_element, binding);
                        Some(view! {
                            <div class="pq-question" class:pq-hidden=move || !visible.get()>
                                <label for=dom_id>
                                    {move || label_element.display_title(ctx.locale()).to_owned()}
                                    {required.then_some(" *")}
                                </label>
                                {control}
                                <ul class="pq-errors" aria-live="polite">
                                    {move || field_errors.get().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                                </ul>
                            </div>
                        })
                    })
                    .collect_view();
                let remove_name = set_name.clone();
                // `templateVisibleIf`: an entry the condition hides is not shown.
                let entry_shown = Memo::new(move |_| ctx.session.with(|s| s.state().is_entry_visible(id, index)));
                view! {
                    <fieldset class="pq-entry" class:pq-hidden=move || !entry_shown.get()>
                        <legend>"#" {index + 1}</legend>
                        {fields}
                        <button type="button" on:click=move |_| ctx.set(&remove_name, remove_entry(value.get_untracked().as_ref(), index))>
                            {move || state.t(Text::Remove)}
                        </button>
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="pq-panel pq-dynamic">
            <legend>{move || title.as_ref().map(|t| t.get(ctx.locale()).to_owned()).unwrap_or_default()}</legend>
            {entries}
            <button type="button" class="pq-add" on:click=move |_| ctx.set(&add_name, add_entry(value.get_untracked().as_ref()))>
                {move || state.t(Text::Add)}
            </button>
            <ul class="pq-errors" aria-live="polite">
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .filter(|e| !e.path.contains('['))
                        .map(|e| view! { <li>{e.message}</li> })
                        .collect_view()
                }}
            </ul>
        </fieldset>
    }
    .into_any()
}
