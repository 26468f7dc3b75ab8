//! Slider: `<input type="range">` for one number, or two of them (from, to) for a range, with
//! the chosen value written beside it. Bounds follow `minValueExpression`/`maxValueExpression`
//! when the form gives them.

use leptos::prelude::*;
use pq_core::display::format_plain_number;
use pq_core::form::{Element, ElementKind};
use pq_core::ids::ElementSlot;
use serde_json::{Number, Value};

use super::{Binding, FormContext};
use crate::app::AppState;
use crate::i18n::Text;

/// A number as an answer: whole numbers as JSON integers.
fn number_value(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        // Whole and in range: exact.
        #[allow(clippy::cast_possible_truncation)]
        let whole = n as i64;
        Value::from(whole)
    } else {
        Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

#[component]
pub fn SliderControl(element: Element, binding: Binding) -> impl IntoView {
    let ctx = expect_context::<FormContext>();
    let state = expect_context::<AppState>();
    let Binding {
        element_id,
        entry: _,
        dom_id,
        value,
        on_change,
        on_blur,
        enabled,
        invalid,
    } = binding;
    let ElementKind::Slider(props) = &element.kind else {
        return ().into_any();
    };
    let (static_min, static_max, step) = (props.min_value(), props.max_value(), props.step_value());
    let bound = move |slot: ElementSlot, fallback: f64| {
        ctx.session.with(|s| {
            let state = s.state();
            state
                .form()
                .element_rule(element_id, slot)
                .and_then(|e| state.result(e))
                .and_then(Value::as_f64)
                .unwrap_or(fallback)
        })
    };
    let min = Memo::new(move |_| bound(ElementSlot::MinValue, static_min));
    let max = Memo::new(move |_| bound(ElementSlot::MaxValue, static_max));
    let shown = move |n: Option<f64>| match n {
        Some(n) => format_plain_number(n, ctx.locale()),
        None => state.t(Text::NotSet).to_owned(),
    };
    if !props.is_range() {
        let current = move || value.get().as_ref().and_then(Value::as_f64);
        let output_for = dom_id.clone();
        return view! {
            <div class="pq-slider">
                <input
                    id=dom_id
                    type="range"
                    min=move || min.get().to_string()
                    max=move || max.get().to_string()
                    step=step.to_string()
                    prop:value=move || current().unwrap_or(min.get()).to_string()
                    disabled=move || !enabled.get()
                    aria-invalid=move || invalid.get().to_string()
                    aria-valuetext=move || shown(current())
                    on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse::<f64>() {
                            on_change.run(number_value(n));
                        }
                        on_blur.run(());
                    }
                />
                <output for=output_for>{move || shown(current())}</output>
            </div>
        }
        .into_any();
    }
    // A range: [from, to]; an end not set yet stands at its bound.
    let end = move |i: usize| match value.get() {
        Some(Value::Array(ends)) => ends.get(i).and_then(Value::as_f64),
        _ => None,
    };
    let set_end = move |i: usize, n: f64| {
        let mut ends = [
            end(0).unwrap_or(min.get_untracked()),
            end(1).unwrap_or(max.get_untracked()),
        ];
        ends[i] = n;
        on_change.run(Value::Array(
            ends.iter().map(|e| number_value(*e)).collect(),
        ));
        on_blur.run(());
    };
    let title = element.display_title(ctx.locale()).to_owned();
    let ends = [(0, Text::From), (1, Text::To)].map(|(i, word)| {
        let id = format!("{dom_id}-{i}");
        let label = format!("{title}: {}", state.t(word));
        let output_for = id.clone();
        let label_for = id.clone();
        view! {
            <label class="pq-slider-end" for=label_for>
                <span>{move || state.t(word)}</span>
                <input
                    id=id
                    type="range"
                    aria-label=label
                    min=move || min.get().to_string()
                    max=move || max.get().to_string()
                    step=step.to_string()
                    prop:value=move || end(i).unwrap_or(if i == 0 { min.get() } else { max.get() }).to_string()
                    disabled=move || !enabled.get()
                    aria-invalid=move || invalid.get().to_string()
                    aria-valuetext=move || shown(end(i))
                    on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse::<f64>() {
                            set_end(i, n);
                        }
                    }
                />
                <output for=output_for>{move || shown(end(i))}</output>
            </label>
        }
    });
    view! { <div class="pq-slider pq-slider-range" id=dom_id role="group">{ends}</div> }.into_any()
}
