//! Matrices: one choice per row, typed cells per row, and rows the respondent adds.
//! On narrow screens the style sheet reflows each row into a list.

use leptos::prelude::*;
use pq_core::form::{Choice, Element, ElementKind, InputType, MatrixColumn, value_as_text};
use pq_core::session::edit::{
    add_entry, entry_count, input_text, remove_entry, set_cell, set_entry_field, set_field,
    typed_value,
};
use serde_json::Value;

use super::{Binding, FormContext};
use crate::app::AppState;
use crate::i18n::Text;

#[component]
pub fn MatrixControl(element: Element, binding: Binding) -> impl IntoView {
    let ctx = expect_context::<FormContext>();
    let state = expect_context::<AppState>();
    let Binding {
        dom_id,
        value,
        on_change,
        on_blur,
        enabled,
        invalid,
    } = binding;
    let text = move |c: &Choice| c.display_text(ctx.locale()).into_owned();
    match &element.kind {
        ElementKind::Matrix(m) => {
            let columns = m.columns.clone();
            let header = columns
                .iter()
                .map(|c| view! { <th scope="col">{text(c)}</th> })
                .collect_view();
            let rows = m
                .rows
                .iter()
                .enumerate()
                .map(|(r, row)| {
                    let row_key = value_as_text(&row.value).into_owned();
                    let row_label = text(row);
                    let cells = columns
                        .iter()
                        .enumerate()
                        .map(|(c, column)| {
                            let key = row_key.clone();
                            let read = row_key.clone();
                            let pick = column.value.clone();
                            let check = column.value.clone();
                            let label = format!("{row_label}: {}", text(column));
                            view! {
                                <td data-label=text(column)>
                                    <input
                                        type="radio"
                                        id=format!("{dom_id}-{r}-{c}")
                                        name=format!("{dom_id}-{r}")
                                        aria-label=label
                                        prop:checked=move || value.get().and_then(|v| v.get(&read).cloned()).is_some_and(|v| value_as_text(&v) == value_as_text(&check))
                                        disabled=move || !enabled.get()
                                        on:change=move |_| {
                                            on_change.run(set_field(value.get_untracked().as_ref(), &key, pick.clone()));
                                            on_blur.run(());
                                        }
                                    />
                                </td>
                            }
                        })
                        .collect_view();
                    view! { <tr><th scope="row">{row_label.clone()}</th>{cells}</tr> }
                })
                .collect_view();
            view! {
                <table class="pq-matrix" aria-invalid=move || invalid.get().to_string()>
                    <thead><tr><td></td>{header}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }
        ElementKind::MatrixDropdown(m) => {
            let columns = m.columns.clone();
            let fallback = m.choices.clone();
            let header = columns
                .iter()
                .map(|c| view! { <th scope="col">{column_title(c, ctx.locale())}</th> })
                .collect_view();
            let rows = m
                .rows
                .iter()
                .map(|row| {
                    let row_key = value_as_text(&row.value).into_owned();
                    let row_label = text(row);
                    let cells = columns
                        .iter()
                        .map(|column| {
                            let key = row_key.clone();
                            let read = row_key.clone();
                            let col = column.name.clone();
                            let col_read = column.name.clone();
                            let cell_value = Signal::derive(move || value.get().and_then(|v| v.get(&read).and_then(|r| r.get(&col_read)).cloned()));
                            let set = Callback::new(move |v: Value| {
                                on_change.run(set_cell(value.get_untracked().as_ref(), &key, &col, v));
                                on_blur.run(());
                            });
                            let label = format!("{row_label}: {}", column_title(column, ctx.locale()));
                            view! { <td data-label=column_title(column, ctx.locale())>{cell(column, &fallback, label, cell_value, set, enabled)}</td> }
                        })
                        .collect_view();
                    view! { <tr><th scope="row">{row_label.clone()}</th>{cells}</tr> }
                })
                .collect_view();
            view! {
                <table class="pq-matrix" id=dom_id aria-invalid=move || invalid.get().to_string()>
                    <thead><tr><td></td>{header}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }
        ElementKind::MatrixDynamic(m) => {
            let columns = m.columns.clone();
            let fallback = m.choices.clone();
            let minimum = m
                .row_count
                .as_ref()
                .and_then(serde_json::Number::as_u64)
                .unwrap_or(0) as usize;
            let header = columns
                .iter()
                .map(|c| view! { <th scope="col">{column_title(c, ctx.locale())}</th> })
                .collect_view();
            let count = Memo::new(move |_| entry_count(value.get().as_ref(), minimum));
            let body = move || {
                (0..count.get())
                    .map(|index| {
                        let cells = columns
                            .iter()
                            .map(|column| {
                                let col = column.name.clone();
                                let col_read = column.name.clone();
                                let cell_value = Signal::derive(move || value.get().and_then(|v| v.get(index).and_then(|r| r.get(&col_read)).cloned()));
                                let set = Callback::new(move |v: Value| {
                                    on_change.run(set_entry_field(value.get_untracked().as_ref(), index, &col, v));
                                    on_blur.run(());
                                });
                                let label = format!("{} {}: {}", index + 1, "", column_title(column, ctx.locale()));
                                view! { <td data-label=column_title(column, ctx.locale())>{cell(column, &fallback, label, cell_value, set, enabled)}</td> }
                            })
                            .collect_view();
                        view! {
                            <tr>
                                <th scope="row">{index + 1}</th>
                                {cells}
                                <td>
                                    <button type="button" on:click=move |_| on_change.run(remove_entry(value.get_untracked().as_ref(), index))>
                                        {move || state.t(Text::Remove)}
                                    </button>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()
            };
            view! {
                <table class="pq-matrix" id=dom_id aria-invalid=move || invalid.get().to_string()>
                    <thead><tr><td></td>{header}<td></td></tr></thead>
                    <tbody>{body}</tbody>
                </table>
                <button type="button" on:click=move |_| on_change.run(add_entry(value.get_untracked().as_ref()))>
                    {move || state.t(Text::Add)}
                </button>
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}

fn column_title(column: &MatrixColumn, locale: &str) -> String {
    column
        .title
        .as_ref()
        .map(|t| t.get(locale).to_owned())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| column.name.clone())
}

/// One cell's control, by the column's cell type.
fn cell(
    column: &MatrixColumn,
    fallback: &[Choice],
    label: String,
    value: Signal<Option<Value>>,
    set: Callback<Value>,
    enabled: Signal<bool>,
) -> AnyView {
    let ctx = expect_context::<FormContext>();
    let choices: Vec<Choice> = if column.choices.is_empty() {
        fallback.to_vec()
    } else {
        column.choices.clone()
    };
    let cell_type = column.cell_type.as_deref().unwrap_or("dropdown");
    match cell_type {
        "text" | "comment" => {
            let input_type = column.input_type.as_deref().map_or(InputType::Text, InputType::parse);
            let mode = if input_type == InputType::Number { "decimal" } else { "text" };
            view! {
                <input
                    type="text"
                    inputmode=mode
                    aria-label=label
                    prop:value=move || input_text(value.get().as_ref())
                    disabled=move || !enabled.get()
                    on:change=move |ev| set.run(typed_value(&input_type, &event_target_value(&ev)))
                />
            }
            .into_any()
        }
        "expression" => view! { <output aria-label=label>{move || input_text(value.get().as_ref())}</output> }.into_any(),
        "boolean" => view! {
            <select
                aria-label=label
                disabled=move || !enabled.get()
                on:change=move |ev| {
                    set.run(match event_target_value(&ev).as_str() {
                        "true" => Value::Bool(true),
                        "false" => Value::Bool(false),
                        _ => Value::Null,
                    })
                }
            >
                <option value="">"—"</option>
                <option value="true" selected=move || value.get() == Some(Value::Bool(true))>{move || expect_context::<AppState>().t(Text::Yes)}</option>
                <option value="false" selected=move || value.get() == Some(Value::Bool(false))>{move || expect_context::<AppState>().t(Text::No)}</option>
            </select>
        }
        .into_any(),
        _ => {
            let options = choices.clone();
            view! {
                <select
                    aria-label=label
                    disabled=move || !enabled.get()
                    on:change=move |ev| {
                        let picked = event_target_value(&ev);
                        set.run(options.iter().find(|c| value_as_text(&c.value) == picked).map_or(Value::Null, |c| c.value.clone()));
                    }
                >
                    <option value="">"—"</option>
                    {choices
                        .iter()
                        .map(|choice| {
                            let text = value_as_text(&choice.value).into_owned();
                            let compare = text.clone();
                            let label = choice.display_text(ctx.locale()).into_owned();
                            view! {
                                <option value=text selected=move || value.get().is_some_and(|v| value_as_text(&v) == compare)>{label}</option>
                            }
                        })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
    }
}
