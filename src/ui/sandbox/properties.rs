//! The properties panel: what is selected, and its values to change. A
//! machine's name, address and its kind's settings, and for a client what
//! it does and how; a link's bandwidth, delay and loss in the schema's
//! ranges. Each change is one edit (so one undo); a refused one changes
//! nothing, and the reason, naming the value typed, shows under the fields.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::choices::choice_text;
use super::editor::{Editor, EditorAction, Selection};
use crate::ui::fields::select_field;
use cslab_sandbox::fields::{Field, Takes};
use cslab_sandbox::schema::{BANDWIDTH_MBPS, DELAY_MS, LOSS_PERCENT};
use cslab_sandbox::{Edit, Link, LinkNumbers, Machine, Refusal, Task};
use cslab_scene::i18n::{Lang, Tr};

#[derive(Properties, PartialEq)]
pub struct PropertiesProps {
    pub lang: Lang,
    pub editor: UseReducerHandle<Editor>,
}

#[function_component(Properties)]
pub fn properties(props: &PropertiesProps) -> Html {
    let tr = Tr(props.lang);
    let editor = &props.editor;
    let net = editor.network();
    let body = match editor.selected {
        Selection::Machine(id) => net.machine(id).map(|m| machine_form(tr, m, editor)),
        Selection::Link(id) => net.link(id).map(|link| link_form(tr, link, editor)),
        Selection::Nothing => None,
    };
    html! {
        <aside class="sandbox-properties" aria-labelledby="sandbox-properties-heading">
            <h3 id="sandbox-properties-heading">{ tr.t("sandbox-properties") }</h3>
            { body.unwrap_or_else(|| html! { <p class="hint">{ tr.t("sandbox-nothing-selected") }</p> }) }
            if let Some(refusal) = &editor.refusal {
                { refusal_note(props.lang, refusal, editor) }
            }
        </aside>
    }
}

/// A text field that edits on change (Enter, or leaving it).
fn text_field(label: String, value: &str, on_change: Callback<String>) -> Html {
    let onchange = move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        on_change.emit(input.value());
    };
    html! {
        <label>
            <span>{ label }</span>
            <input type="text" value={value.to_string()} spellcheck="false" autocomplete="off" {onchange} />
        </label>
    }
}

/// A field of a kind's settings or a task's parameters: its choices in a
/// select, anything else typed.
fn field_input(tr: Tr, field: &Field, value: &str, on_change: Callback<String>) -> Html {
    let label = tr.t(field.label);
    match field.takes {
        Takes::Choice(words) => {
            let choices = (words.iter())
                .map(|&word| (choice_text(tr, word), word == value))
                .collect();
            select_field(
                label,
                choices,
                on_change.reform(move |index: usize| {
                    words.get(index).copied().unwrap_or_default().to_string()
                }),
            )
        }
        Takes::Name | Takes::MailAddress | Takes::Address => text_field(label, value, on_change),
    }
}

fn machine_form(tr: Tr, m: &Machine, editor: &UseReducerHandle<Editor>) -> Html {
    let id = m.id;
    let edit = |make: Box<dyn Fn(String) -> Edit>| {
        let editor = editor.clone();
        Callback::from(move |value: String| editor.dispatch(EditorAction::Edit(make(value))))
    };
    let settings = m.kind.settings().iter().map(|field| {
        let key = field.key.to_string();
        let value = m.settings.get(field.key).map_or("", String::as_str);
        let on_change = edit(Box::new(move |value| Edit::SetSetting {
            id,
            key: key.clone(),
            value,
        }));
        field_input(tr, field, value, on_change)
    });
    html! {
        // A new machine is a new form: what was typed into the last one's
        // fields does not stay.
        <div class="sandbox-form" key={format!("machine-{}", id.0)}>
            <p class="what">{ tr.t(m.kind.label_key()) }</p>
            { text_field(tr.t("sandbox-name"), &m.name, edit(Box::new(move |name| Edit::Rename { id, name }))) }
            { text_field(tr.t("sandbox-address"), &m.address.to_string(),
                         edit(Box::new(move |address| Edit::Readdress { id, address }))) }
            { for settings }
            if let Some(task) = &m.task {
                { task_fields(tr, m, task, editor) }
            }
        </div>
    }
}

/// What a client does, and that task's parameters.
fn task_fields(tr: Tr, m: &Machine, task: &Task, editor: &UseReducerHandle<Editor>) -> Html {
    let (id, tasks) = (m.id, m.kind.tasks());
    let set_task = {
        let editor = editor.clone();
        move |task: Task| editor.dispatch(EditorAction::Edit(Edit::SetTask { id, task }))
    };
    let on_pick = {
        let set_task = set_task.clone();
        Callback::from(move |index: usize| {
            if let Some(&what) = tasks.get(index) {
                set_task(Task::new(what));
            }
        })
    };
    let choices = (tasks.iter())
        .map(|&what| (tr.t(what.label_key()), what == task.what))
        .collect();
    let params = task.what.params().iter().map(|field| {
        let (task, set_task, key) = (task.clone(), set_task.clone(), field.key);
        let value = task.params.get(key).map_or("", String::as_str).to_string();
        let on_change = Callback::from(move |value: String| {
            let mut task = task.clone();
            task.params.insert(key, value);
            set_task(task);
        });
        field_input(tr, field, &value, on_change)
    });
    html! {
        <fieldset class="task">
            <legend>{ tr.t("sandbox-task") }</legend>
            { select_field(tr.t("sandbox-task-what"), choices, on_pick) }
            { for params }
        </fieldset>
    }
}

fn link_form(tr: Tr, link: &Link, editor: &UseReducerHandle<Editor>) -> Html {
    let net = editor.network();
    let name = |id| net.machine(id).map_or(String::new(), |m| m.name.clone());
    let numbers = link.numbers;
    let number = |label: &str,
                  unit: &str,
                  (min, max): (u64, u64),
                  value: u64,
                  set: fn(&mut LinkNumbers, u64)| {
        let (editor, id, place) = (editor.clone(), link.id, tr.t(label));
        let onchange = move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let text = input.value();
            match text.trim().parse::<u64>() {
                Ok(value) => {
                    let mut numbers = numbers;
                    set(&mut numbers, value);
                    editor.dispatch(EditorAction::Edit(Edit::SetLink { id, numbers }));
                }
                Err(_) => editor.dispatch(EditorAction::Refuse(Refusal::new(
                    "sandbox-not-whole-number",
                    &[("where", &place), ("value", &text)],
                ))),
            }
        };
        html! {
            <label>
                <span>{ format!("{} ({unit})", tr.t(label)) }</span>
                <input type="number" min={min.to_string()} max={max.to_string()} step="1" value={value.to_string()} {onchange} />
            </label>
        }
    };
    html! {
        <div class="sandbox-form" key={format!("link-{}", link.id.0)}>
            <p class="what">{ tr.t_args("sandbox-link-label", &[("a", &name(link.a)), ("b", &name(link.b))]) }</p>
            { number("sandbox-bandwidth", "Mbit/s", BANDWIDTH_MBPS, numbers.bandwidth_mbps, |n, v| n.bandwidth_mbps = v) }
            { number("sandbox-delay", "ms", DELAY_MS, numbers.delay_ms, |n, v| n.delay_ms = v) }
            { number("sandbox-loss", "%", LOSS_PERCENT, numbers.loss_percent, |n, v| n.loss_percent = v) }
        </div>
    }
}

/// Why the last edit was refused, in the learner's language, until the
/// next edit (or the learner closes it).
fn refusal_note(lang: Lang, refusal: &Refusal, editor: &UseReducerHandle<Editor>) -> Html {
    let editor = editor.clone();
    html! {
        <div class="sandbox-refusal" role="alert">
            <p>{ refusal.text(lang) }</p>
            <button type="button" onclick={move |_| editor.dispatch(EditorAction::DismissRefusal)}>
                { Tr(lang).t("notice-dismiss") }
            </button>
        </div>
    }
}
