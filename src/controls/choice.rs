//! Choices: radio groups, dropdowns, checkboxes, tag boxes (checkboxes with a search filter),
//! image pickers, yes/no and rating scales.

use leptos::prelude::*;
use pq_core::form::InputType;
use pq_core::form::{Choice, Element, ElementKind, ImagePickerProps, value_as_text};
use pq_core::ids::ItemList;
use pq_core::session::edit::{input_text, toggle_choice, typed_value};
use pq_core::validation::{COMMENT_SUFFIX, NONE, OTHER};
use serde_json::Value;

use super::{Binding, FormContext, pixels};
use crate::app::AppState;
use crate::i18n::Text;

/// A choice as offered now: its value, its text in the page's language, and whether the
/// form's conditions let it be picked.
#[derive(Clone, Debug, PartialEq)]
struct Offered {
    value: Value,
    label: String,
    enabled: bool,
    /// The picture of an image picker's choice.
    image: Option<String>,
}

/// How a choice question is drawn.
#[derive(Clone, Copy)]
struct Look {
    /// Checkboxes (several answers) rather than radio buttons.
    multiple: bool,
    /// A `<select>`.
    dropdown: bool,
    /// A text filter above the choices (`tagbox`).
    searchable: bool,
    /// Pictures (`imagepicker`), with their text shown beside them or only as `alt`.
    images: bool,
    show_label: bool,
    /// `contentMode: "video"`: each choice is a video (its text always shown).
    videos: bool,
}

/// A checkbox answer without the values no longer offered (a choice hidden since).
fn keep_offered(answer: Value, offered: &[Offered]) -> Value {
    match answer {
        Value::Array(items) => {
            let kept: Vec<Value> = items
                .into_iter()
                .filter(|item| offered.iter().any(|o| same(&o.value, item)))
                .collect();
            if kept.is_empty() {
                Value::Null
            } else {
                Value::Array(kept)
            }
        }
        other => other,
    }
}

fn same(a: &Value, b: &Value) -> bool {
    a == b || value_as_text(a) == value_as_text(b)
}

#[component]
pub fn ChoiceControl(element: Element, binding: Binding) -> impl IntoView {
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
    let name = element.name.clone();
    match &element.kind {
        ElementKind::RadioGroup(select)
        | ElementKind::Checkbox(select)
        | ElementKind::Dropdown(select)
        | ElementKind::Tagbox(select)
        | ElementKind::ImagePicker(ImagePickerProps { select, .. }) => {
            let picker = if let ElementKind::ImagePicker(picker) = &element.kind {
                Some(picker)
            } else {
                None
            };
            let look = Look {
                multiple: matches!(
                    element.kind,
                    ElementKind::Checkbox(_) | ElementKind::Tagbox(_)
                ) || picker.is_some_and(|p| p.multiple()),
                dropdown: matches!(element.kind, ElementKind::Dropdown(_)),
                searchable: matches!(element.kind, ElementKind::Tagbox(_)),
                images: picker.is_some(),
                show_label: picker.is_some_and(|p| {
                    p.show_label == Some(true) || p.content_mode.as_deref() == Some("video")
                }),
                videos: picker.is_some_and(|p| p.content_mode.as_deref() == Some("video")),
            };
            let image_size = (
                picker.and_then(|p| pixels(p.image_width.as_ref())),
                picker.and_then(|p| pixels(p.image_height.as_ref())),
                picker.and_then(|p| p.image_fit.clone()),
            );
            let multiple = look.multiple;
            let dropdown = look.dropdown;
            let filter = RwSignal::new(String::new());
            let mut extra: Vec<Choice> = Vec::new();
            if select.show_none_item == Some(true) {
                let mut none = Choice::new(NONE);
                none.text = select.none_text.clone();
                extra.push(none);
            }
            if select.show_other_item == Some(true) {
                let mut other = Choice::new(OTHER);
                other.text = select.other_text.clone();
                extra.push(other);
            }
            let label_of = move |choice: &Choice, locale: &str| {
                if choice.text.is_none() && choice.value == OTHER {
                    state.t(Text::Other).to_owned()
                } else {
                    choice.display_text(locale).into_owned()
                }
            };
            // The choices the form's conditions show now, in its order, then None and Other.
            let offered = Memo::new(move |_| {
                let locale = ctx.locale();
                let mut offered: Vec<Offered> = ctx.session.with(|s| {
                    s.state()
                        .shown_items(element_id, ItemList::Choices, entry, locale)
                        .into_iter()
                        .map(|item| Offered {
                            value: item.choice.value.clone(),
                            label: label_of(item.choice, locale),
                            enabled: item.enabled,
                            image: if look.images {
                                item.choice.image_link(locale)
                            } else {
                                None
                            },
                        })
                        .collect()
                });
                offered.extend(extra.iter().map(|choice| Offered {
                    value: choice.value.clone(),
                    label: label_of(choice, locale),
                    enabled: true,
                    image: None,
                }));
                offered
            });
            let other_shown = move || match value.get() {
                Some(Value::Array(items)) => items.iter().any(|v| v == OTHER),
                Some(v) => v == OTHER,
                None => false,
            };
            let comment_name = format!("{name}{COMMENT_SUFFIX}");
            let comment_read = comment_name.clone();
            let other_box = move || {
                other_shown().then(|| {
                    let comment_name = comment_name.clone();
                    let comment_read = comment_read.clone();
                    view! {
                        <input
                            class="pq-other"
                            type="text"
                            aria-label=move || state.t(Text::Other)
                            prop:value=move || input_text(ctx.value(&comment_read).as_ref())
                            on:change=move |ev| ctx.set(&comment_name, typed_value(&InputType::Text, &event_target_value(&ev)))
                        />
                    }
                })
            };
            if dropdown {
                return view! {
                    <select
                        id=dom_id
                        disabled=move || !enabled.get()
                        aria-invalid=move || invalid.get().to_string()
                        on:change=move |ev| {
                            let picked = event_target_value(&ev);
                            let chosen = offered.with_untracked(|all| {
                                all.iter().find(|c| value_as_text(&c.value) == picked).map(|c| c.value.clone())
                            });
                            on_change.run(chosen.unwrap_or(Value::Null));
                        }
                        on:blur=move |_| on_blur.run(())
                    >
                        <option value="">"—"</option>
                        {move || {
                            offered
                                .get()
                                .into_iter()
                                .map(|choice| {
                                    let text = value_as_text(&choice.value).into_owned();
                                    let compare = choice.value.clone();
                                    view! {
                                        <option
                                            value=text
                                            disabled=!choice.enabled
                                            selected=move || value.get().is_some_and(|v| same(&v, &compare))
                                        >
                                            {choice.label}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                    {other_box}
                }
                .into_any();
            }
            let group = dom_id.clone();
            let list_id = dom_id.clone();
            // A tag box filters its choices by the typed text; picked ones always stay.
            let search = look.searchable.then(|| {
                view! {
                    <input
                        class="pq-search"
                        type="search"
                        aria-label=move || state.t(Text::Search)
                        aria-controls=list_id.clone()
                        placeholder=select.placeholder.as_ref().map(|p| p.get(ctx.locale()).to_owned())
                        disabled=move || !enabled.get()
                        prop:value=move || filter.get()
                        on:input=move |ev| filter.set(event_target_value(&ev))
                    />
                }
            });
            let passes = move |choice: &Offered| {
                let wanted = filter.with(|f| f.trim().to_lowercase());
                wanted.is_empty()
                    || choice.label.to_lowercase().contains(&wanted)
                    || value.with(|v| match v {
                        Some(Value::Array(items)) => items.iter().any(|i| same(i, &choice.value)),
                        Some(v) => same(v, &choice.value),
                        None => false,
                    })
            };
            let picture = move |choice: &Offered| {
                let (width, height, fit) = image_size.clone();
                choice.image.clone().map(|src| {
                    if look.videos {
                        return view! {
                            <video class="pq-choice-image" src=src preload="metadata" muted=true aria-hidden="true" width=width height=height></video>
                        }
                        .into_any();
                    }
                    view! {
                        <img
                            class="pq-choice-image"
                            src=src
                            alt=choice.label.clone()
                            width=width
                            height=height
                            style=fit.map(|f| format!("object-fit: {f}"))
                        />
                    }
                    .into_any()
                })
            };
            view! {
                {search}
                <div class="pq-choices" class:pq-images=look.images id=dom_id role=if multiple { "group" } else { "radiogroup" }>
                    {move || {
                        let group = group.clone();
                        offered
                            .get()
                            .into_iter()
                            .enumerate()
                            .filter(|(_, choice)| passes(choice))
                            .map(|(k, choice)| {
                                let id = format!("{group}-{k}");
                                let for_id = id.clone();
                                let mine = choice.value.clone();
                                let check = choice.value.clone();
                                let selectable = choice.enabled;
                                view! {
                                    <label class="pq-choice" for=for_id>
                                        <input
                                            id=id
                                            type=if multiple { "checkbox" } else { "radio" }
                                            name=group.clone()
                                            prop:checked=move || match value.get() {
                                                Some(Value::Array(items)) => items.iter().any(|v| same(v, &check)),
                                                Some(v) => same(&v, &check),
                                                None => false,
                                            }
                                            disabled=move || !enabled.get() || !selectable
                                            aria-invalid=move || invalid.get().to_string()
                                            on:change=move |ev| {
                                                if multiple {
                                                    let ticked = event_target_checked(&ev);
                                                    let toggled = toggle_choice(value.get_untracked().as_ref(), &mine, ticked);
                                                    on_change.run(keep_offered(toggled, &offered.get_untracked()));
                                                } else {
                                                    on_change.run(mine.clone());
                                                }
                                                on_blur.run(());
                                            }
                                        />
                                        {picture(&choice)}
                                        {(choice.image.is_none() || look.show_label).then(|| view! { <span>{choice.label.clone()}</span> })}
                                    </label>
                                }
                            })
                            .collect_view()
                    }}
                </div>
                {other_box}
            }
            .into_any()
        }
        ElementKind::Boolean(props) => {
            let options = [
                (props.true_value(), props.label_true.clone(), Text::Yes),
                (props.false_value(), props.label_false.clone(), Text::No),
            ];
            radio_row(
                &dom_id,
                options
                    .into_iter()
                    .map(|(v, label, fallback)| {
                        let text = move || {
                            label
                                .as_ref()
                                .map(|l| l.get(ctx.locale()).to_owned())
                                .unwrap_or_else(|| state.t(fallback).to_owned())
                        };
                        (v, text.into_any_text())
                    })
                    .collect(),
                value,
                on_change,
                enabled,
                invalid,
            )
        }
        ElementKind::Rating(props) => {
            let uses_rate_values = props.uses_rate_values();
            let generated = props.values();
            // The scale: its `rateValues` the conditions show (with their texts), or min..max.
            let scale = Memo::new(move |_| {
                if !uses_rate_values {
                    return generated
                        .iter()
                        .map(|v| (v.clone(), value_as_text(v).into_owned()))
                        .collect::<Vec<_>>();
                }
                let locale = ctx.locale();
                ctx.session.with(|s| {
                    s.state()
                        .shown_items(element_id, ItemList::RateValues, entry, locale)
                        .into_iter()
                        .map(|item| {
                            (
                                item.choice.value.clone(),
                                item.choice.display_text(locale).into_owned(),
                            )
                        })
                        .collect()
                })
            });
            (move || {
                let options = scale
                    .get()
                    .into_iter()
                    .map(|(v, text)| (v, Signal::derive(move || text.clone())))
                    .collect();
                radio_row(&dom_id, options, value, on_change, enabled, invalid)
            })
            .into_any()
        }
        ElementKind::Text(_)
        | ElementKind::Comment(_)
        | ElementKind::Matrix(_)
        | ElementKind::MatrixDropdown(_)
        | ElementKind::MatrixDynamic(_)
        | ElementKind::PanelDynamic(_)
        | ElementKind::Panel(_)
        | ElementKind::MultipleText(_)
        | ElementKind::Expression(_)
        | ElementKind::Html(_)
        | ElementKind::Ranking(_)
        | ElementKind::Slider(_)
        | ElementKind::Image(_)
        | ElementKind::Unknown(_) => ().into_any(),
    }
}

/// Conversion of a text closure into a signal (for option labels that follow the language).
trait IntoAnyText {
    fn into_any_text(self) -> Signal<String>;
}

impl<F: Fn() -> String + Send + Sync + 'static> IntoAnyText for F {
    fn into_any_text(self) -> Signal<String> {
        Signal::derive(self)
    }
}

/// A row of large radio buttons (yes/no, rating scales).
fn radio_row(
    dom_id: &str,
    options: Vec<(Value, Signal<String>)>,
    value: Signal<Option<Value>>,
    on_change: Callback<Value>,
    enabled: Signal<bool>,
    invalid: Signal<bool>,
) -> AnyView {
    let group = dom_id.to_owned();
    view! {
        <div class="pq-choices pq-row" id=dom_id.to_owned() role="radiogroup">
            {options
                .into_iter()
                .enumerate()
                .map(|(k, (option, label))| {
                    let id = format!("{group}-{k}");
                    let for_id = id.clone();
                    let check = option.clone();
                    view! {
                        <label class="pq-choice" for=for_id>
                            <input
                                id=id
                                type="radio"
                                name=group.clone()
                                prop:checked=move || value.get().is_some_and(|v| same(&v, &check))
                                disabled=move || !enabled.get()
                                aria-invalid=move || invalid.get().to_string()
                                on:change=move |_| on_change.run(option.clone())
                            />
                            <span>{move || label.get()}</span>
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}
