//! Matrices: one choice per row, typed cells per row, and rows the respondent adds.
//! On narrow screens the style sheet reflows each row into a list.

use leptos::prelude::*;
use pq_core::compile::ElementId;
use pq_core::form::{Element, ElementKind, InputType, MatrixColumn, value_as_text};
use pq_core::ids::{ColumnId, ItemList};
use pq_core::session::edit::{
    add_entry, entry_count, input_text, remove_entry, set_cell, set_entry_field, set_field,
    typed_value,
};
use serde_json::Value;

use super::{Binding, FormContext};
use crate::app::AppState;
use crate::i18n::Text;

/// A cell's choices: (value, text).
type CellChoices = Vec<(Value, String)>;

/// What a typed matrix shows now: its rows, the columns shown in at least one row, and per
/// row and shown column, `None` for a hidden cell, else the cell's choices (text and value).
#[derive(Clone, Debug, PartialEq)]
struct Layout {
    rows: Vec<(String, String)>,
    columns: Vec<ColumnId>,
    cells: Vec<Vec<Option<CellChoices>>>,
}

/// The layout of a `matrixdropdown` (`rows` given) or `matrixdynamic` (one row per entry).
fn layout(
    ctx: FormContext,
    matrix: ElementId,
    entry: Option<usize>,
    rows: Vec<(String, String)>,
    row_values: &[Value],
) -> Layout {
    ctx.session.with(|s| {
        let state = s.state();
        let columns = state.shown_columns(matrix, row_values, entry);
        let cells = row_values
            .iter()
            .map(|row| {
                columns
                    .iter()
                    .map(|c| {
                        state.is_cell_visible(matrix, *c, row, entry).then(|| {
                            state
                                .shown_cell_choices(matrix, *c, row, entry)
                                .into_iter()
                                .map(|i| {
                                    (
                                        i.choice.value.clone(),
                                        i.choice.display_text(ctx.locale()).into_owned(),
                                    )
                                })
                                .collect()
                        })
                    })
                    .collect()
            })
            .collect();
        Layout {
            rows,
            columns,
            cells,
        }
    })
}

#[component]
pub fn MatrixControl(element: Element, binding: Binding) -> impl IntoView {
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
    // The rows or columns of a list that the form's conditions show now: (key, text).
    let shown = move |list: ItemList| {
        let locale = ctx.locale();
        ctx.session.with(|s| {
            s.state()
                .shown_items(element_id, list, entry, locale)
                .into_iter()
                .map(|i| {
                    (
                        i.choice.value.clone(),
                        i.choice.display_text(locale).into_owned(),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    match &element.kind {
        ElementKind::Matrix(_) => {
            let grid = Memo::new(move |_| (shown(ItemList::Rows), shown(ItemList::Columns)));
            view! {
                <table class="pq-matrix" aria-invalid=move || invalid.get().to_string()>
                    {move || {
                        let (rows, columns) = grid.get();
                        let header = columns
                            .iter()
                            .map(|(_, label)| view! { <th scope="col">{label.clone()}</th> })
                            .collect_view();
                        let body = rows
                            .into_iter()
                            .enumerate()
                            .map(|(r, (row, row_label))| {
                                let row_key = value_as_text(&row).into_owned();
                                let cells = columns
                                    .iter()
                                    .enumerate()
                                    .map(|(c, (column, column_label))| {
                                        let key = row_key.clone();
                                        let read = row_key.clone();
                                        let pick = column.clone();
                                        let check = column.clone();
                                        let label = format!("{row_label}: {column_label}");
                                        let dom = dom_id.clone();
                                        view! {
                                            <td data-label=column_label.clone()>
                                                <input
                                                    type="radio"
                                                    id=format!("{dom}-{r}-{c}")
                                                    name=format!("{dom}-{r}")
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
                                view! { <tr><th scope="row">{row_label}</th>{cells}</tr> }
                            })
                            .collect_view();
                        view! {
                            <thead><tr><td></td>{header}</tr></thead>
                            <tbody>{body}</tbody>
                        }
                    }}
                </table>
            }
            .into_any()
        }
        ElementKind::MatrixDropdown(m) => {
            let columns = m.columns.clone();
            let grid = Memo::new(move |_| {
                let rows = shown(ItemList::Rows);
                let answer = value.get();
                let row_values: Vec<Value> = rows
                    .iter()
                    .map(|(row, _)| {
                        answer
                            .as_ref()
                            .and_then(|v| v.get(value_as_text(row).as_ref()))
                            .cloned()
                            .unwrap_or_else(|| Value::Object(serde_json::Map::new()))
                    })
                    .collect();
                let keyed = rows
                    .into_iter()
                    .map(|(row, label)| (value_as_text(&row).into_owned(), label))
                    .collect();
                layout(ctx, element_id, entry, keyed, &row_values)
            });
            view! {
                <table class="pq-matrix" id=dom_id aria-invalid=move || invalid.get().to_string()>
                    {move || {
                        let Layout { rows, columns: shown_columns, cells } = grid.get();
                        let header = shown_columns
                            .iter()
                            .filter_map(|c| columns.get(c.index()))
                            .map(|c| view! { <th scope="col">{column_title(c, ctx.locale())}</th> })
                            .collect_view();
                        let body = rows
                            .into_iter()
                            .zip(cells)
                            .map(|((row_key, row_label), row_cells)| {
                                let cells = shown_columns
                                    .iter()
                                    .zip(row_cells)
                                    .filter_map(|(c, choices)| Some((columns.get(c.index())?, choices)))
                                    .map(|(column, choices)| {
                                        let title = column_title(column, ctx.locale());
                                        let Some(choices) = choices else {
                                            return view! { <td data-label=title class="pq-cell-hidden"></td> }.into_any();
                                        };
                                        let key = row_key.clone();
                                        let read = row_key.clone();
                                        let col = column.name.clone();
                                        let col_read = column.name.clone();
                                        let cell_value = Signal::derive(move || value.get().and_then(|v| v.get(&read).and_then(|r| r.get(&col_read)).cloned()));
                                        let set = Callback::new(move |v: Value| {
                                            on_change.run(set_cell(value.get_untracked().as_ref(), &key, &col, v));
                                            on_blur.run(());
                                        });
                                        let label = format!("{row_label}: {title}");
                                        view! { <td data-label=title>{cell(column, choices, label, cell_value, set, enabled)}</td> }.into_any()
                                    })
                                    .collect_view();
                                view! { <tr><th scope="row">{row_label}</th>{cells}</tr> }
                            })
                            .collect_view();
                        view! {
                            <thead><tr><td></td>{header}</tr></thead>
                            <tbody>{body}</tbody>
                        }
                    }}
                </table>
            }
            .into_any()
        }
        ElementKind::MatrixDynamic(m) => {
            let columns = m.columns.clone();
            let minimum = m
                .row_count
                .as_ref()
                .and_then(serde_json::Number::as_u64)
                .unwrap_or(0) as usize;
            let grid = Memo::new(move |_| {
                let answer = value.get();
                let count = entry_count(answer.as_ref(), minimum);
                let row_values: Vec<Value> = (0..count)
                    .map(|i| {
                        answer
                            .as_ref()
                            .and_then(|v| v.get(i))
                            .cloned()
                            .unwrap_or_else(|| Value::Object(serde_json::Map::new()))
                    })
                    .collect();
                let keyed = (0..count)
                    .map(|i| (i.to_string(), (i + 1).to_string()))
                    .collect();
                layout(ctx, element_id, entry, keyed, &row_values)
            });
            view! {
                <table class="pq-matrix" id=dom_id aria-invalid=move || invalid.get().to_string()>
                    {move || {
                        let Layout { rows, columns: shown_columns, cells } = grid.get();
                        let header = shown_columns
                            .iter()
                            .filter_map(|c| columns.get(c.index()))
                            .map(|c| view! { <th scope="col">{column_title(c, ctx.locale())}</th> })
                            .collect_view();
                        let body = rows
                            .into_iter()
                            .zip(cells)
                            .enumerate()
                            .map(|(index, ((_, row_label), row_cells))| {
                                let cells = shown_columns
                                    .iter()
                                    .zip(row_cells)
                                    .filter_map(|(c, choices)| Some((columns.get(c.index())?, choices)))
                                    .map(|(column, choices)| {
                                        let title = column_title(column, ctx.locale());
                                        let Some(choices) = choices else {
                                            return view! { <td data-label=title class="pq-cell-hidden"></td> }.into_any();
                                        };
                                        let col = column.name.clone();
                                        let col_read = column.name.clone();
                                        let cell_value = Signal::derive(move || value.get().and_then(|v| v.get(index).and_then(|r| r.get(&col_read)).cloned()));
                                        let set = Callback::new(move |v: Value| {
                                            on_change.run(set_entry_field(value.get_untracked().as_ref(), index, &col, v));
                                            on_blur.run(());
                                        });
                                        let label = format!("{row_label}: {title}");
                                        view! { <td data-label=title>{cell(column, choices, label, cell_value, set, enabled)}</td> }.into_any()
                                    })
                                    .collect_view();
                                view! {
                                    <tr>
                                        <th scope="row">{row_label}</th>
                                        {cells}
                                        <td>
                                            <button type="button" on:click=move |_| on_change.run(remove_entry(value.get_untracked().as_ref(), index))>
                                                {move || state.t(Text::Remove)}
                                            </button>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <thead><tr><td></td>{header}<td></td></tr></thead>
                            <tbody>{body}</tbody>
                        }
                    }}
                </table>
                <button type="button" on:click=move |_| on_change.run(add_entry(value.get_untracked().as_ref()))>
                    {move || state.t(Text::Add)}
                </button>
            }
            .into_any()
        }
        ElementKind::Text(_)
        | ElementKind::Comment(_)
        | ElementKind::RadioGroup(_)
        | ElementKind::Dropdown(_)
        | ElementKind::Checkbox(_)
        | ElementKind::Boolean(_)
        | ElementKind::Rating(_)
        | ElementKind::PanelDynamic(_)
        | ElementKind::Panel(_)
        | ElementKind::MultipleText(_)
        | ElementKind::Expression(_)
        | ElementKind::Html(_)
        | ElementKind::Tagbox(_)
        | ElementKind::Ranking(_)
        | ElementKind::ImagePicker(_)
        | ElementKind::Slider(_)
        | ElementKind::Image(_)
        | ElementKind::Unknown(_) => ().into_any(),
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
    choices: CellChoices,
    label: String,
    value: Signal<Option<Value>>,
    set: Callback<Value>,
    enabled: Signal<bool>,
) -> AnyView {
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
                        set.run(options.iter().find(|(v, _)| value_as_text(v) == picked).map_or(Value::Null, |(v, _)| v.clone()));
                    }
                >
                    <option value="">"—"</option>
                    {choices
                        .iter()
                        .map(|(choice, label)| {
                            let text = value_as_text(choice).into_owned();
                            let compare = text.clone();
                            let label = label.clone();
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
