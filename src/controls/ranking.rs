//! Ranking: the shown choices put in order with "move up" / "move down" buttons (usable by
//! keyboard and screen reader, no dragging needed). With `selectToRankEnabled` the respondent
//! first picks the items to rank.

use leptos::prelude::*;
use pq_core::form::{Element, ElementKind, value_as_text};
use pq_core::ids::ItemList;
use serde_json::Value;

use super::{Binding, FormContext};
use crate::app::AppState;
use crate::i18n::Text;

/// A choice as shown: its value and its text in the page's language.
#[derive(Clone, Debug, PartialEq)]
struct Item {
    value: Value,
    label: String,
    /// `choicesEnableIf` / the choice's `enableIf`: a disabled item stays where it is.
    enabled: bool,
}

fn same(a: &Value, b: &Value) -> bool {
    a == b || value_as_text(a) == value_as_text(b)
}

/// The answer for an order: the values, first first (no answer when empty).
fn answer_of(order: &[Item]) -> Value {
    if order.is_empty() {
        Value::Null
    } else {
        Value::Array(order.iter().map(|item| item.value.clone()).collect())
    }
}

#[component]
pub fn RankingControl(element: Element, binding: Binding) -> impl IntoView {
    let ctx = expect_context::<FormContext>();
    let state = expect_context::<AppState>();
    let Binding {
        element_id,
        entry,
        dom_id,
        value,
        on_change,
        on_blur,
        enabled,
        invalid,
    } = binding;
    let ElementKind::Ranking(props) = &element.kind else {
        return ().into_any();
    };
    let subset = props.ranks_a_subset();
    let empty_text = |text: &Option<pq_core::form::LocalizedText>| {
        let text = text.clone();
        move || text.as_ref().map(|t| t.get(ctx.locale()).to_owned())
    };
    let empty_ranked = empty_text(&props.select_to_rank_empty_ranked_area_text);
    let empty_unranked = empty_text(&props.select_to_rank_empty_unranked_area_text);
    let shown = Memo::new(move |_| {
        let locale = ctx.locale();
        ctx.session.with(|s| {
            s.state()
                .shown_items(element_id, ItemList::Choices, entry, locale)
                .into_iter()
                .map(|item| Item {
                    value: item.choice.value.clone(),
                    label: item.choice.display_text(locale).into_owned(),
                    enabled: item.enabled,
                })
                .collect::<Vec<_>>()
        })
    });
    // The ranked items: the answer's values still shown, in the answer's order.
    let ranked = Memo::new(move |_| {
        let shown = shown.get();
        match value.get() {
            Some(Value::Array(values)) => values
                .iter()
                .filter_map(|v| shown.iter().find(|item| same(&item.value, v)).cloned())
                .collect(),
            _ => Vec::new(),
        }
    });
    let unranked = Memo::new(move |_| {
        let ranked = ranked.get();
        shown
            .get()
            .into_iter()
            .filter(|item| !ranked.iter().any(|r| same(&r.value, &item.value)))
            .collect::<Vec<_>>()
    });
    // The list drawn with its numbers: the ranked items, then (when every item is ranked) the
    // others in the form's order, waiting for the respondent to move or keep them.
    let listed = Memo::new(move |_| {
        let mut order = ranked.get();
        if !subset {
            order.extend(unranked.get());
        }
        order
    });
    let write = move |order: Vec<Item>| {
        on_change.run(answer_of(&order));
        on_blur.run(());
    };
    let shift = move |from: usize, to: usize| {
        let mut order = listed.get_untracked();
        let movable = |i: usize| order.get(i).is_some_and(|item| item.enabled);
        if movable(from) && movable(to) {
            order.swap(from, to);
            write(order);
        }
    };
    let ranked_id = format!("{dom_id}-ranked");
    let ranked_view = move || {
        let order = listed.get();
        let last = order.len().saturating_sub(1);
        order
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let up = format!("{}: {}", state.t(Text::MoveUp), item.label);
                let down = format!("{}: {}", state.t(Text::MoveDown), item.label);
                let remove = format!("{}: {}", state.t(Text::Remove), item.label);
                let removed = item.value.clone();
                let fixed = !item.enabled;
                view! {
                    <li class="pq-rank-item">
                        <span class="pq-rank-number">{i + 1}". "</span>
                        <span class="pq-rank-label">{item.label.clone()}</span>
                        <button type="button" aria-label=up disabled=move || !enabled.get() || fixed || i == 0
                            on:click=move |_| shift(i, i - 1)>"↑"</button>
                        <button type="button" aria-label=down disabled=move || !enabled.get() || fixed || i == last
                            on:click=move |_| shift(i, i + 1)>"↓"</button>
                        {subset.then(|| view! {
                            <button type="button" aria-label=remove disabled=move || !enabled.get() || fixed
                                on:click=move |_| {
                                    let order = ranked.get_untracked().into_iter().filter(|r| !same(&r.value, &removed)).collect();
                                    write(order);
                                }>"×"</button>
                        })}
                    </li>
                }
            })
            .collect_view()
    };
    // Without select-to-rank, the order as first shown is an answer too, once confirmed.
    let keep = (!subset).then(|| {
        view! {
            <Show when=move || ranked.with(Vec::is_empty) && !listed.with(Vec::is_empty)>
                <button type="button" class="pq-keep-order" disabled=move || !enabled.get()
                    on:click=move |_| write(listed.get_untracked())>
                    {move || state.t(Text::KeepOrder)}
                </button>
            </Show>
        }
    });
    let pick = subset.then(|| {
        view! {
            <p class="pq-rank-heading">{move || state.t(Text::NotRanked)}</p>
            {move || unranked.with(Vec::is_empty).then(|| empty_unranked().map(|t| view! { <p class="pq-rank-empty">{t}</p> }))}
            <ul class="pq-rank-pool">
                {move || {
                    unranked
                        .get()
                        .into_iter()
                        .map(|item| {
                            let add = format!("{}: {}", state.t(Text::Add), item.label);
                            let added = item.clone();
                            let fixed = !item.enabled;
                            view! {
                                <li class="pq-rank-item">
                                    <span class="pq-rank-label">{item.label.clone()}</span>
                                    <button type="button" aria-label=add disabled=move || !enabled.get() || fixed
                                        on:click=move |_| {
                                            let mut order = ranked.get_untracked();
                                            order.push(added.clone());
                                            write(order);
                                        }>"+"</button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        }
    });
    view! {
        <div class="pq-ranking" id=dom_id role="group" aria-invalid=move || invalid.get().to_string()>
            {subset.then(|| view! { <p class="pq-rank-heading">{move || state.t(Text::Ranked)}</p> })}
            <ol class="pq-rank-list" id=ranked_id>{ranked_view}</ol>
            {move || (subset && listed.with(Vec::is_empty)).then(|| empty_ranked().map(|t| view! { <p class="pq-rank-empty">{t}</p> }))}
            {keep}
            {pick}
        </div>
    }
    .into_any()
}
