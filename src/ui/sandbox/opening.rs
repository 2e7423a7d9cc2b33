//! A network opened from a file, from a shared address (`#net=`, read
//! when the page opens and when the address's `#` part changes) or from a
//! lesson ("Open in the sandbox": `?from=LESSON`, read when the page
//! opens, [`crate::ui::sandbox_from`]): put on the
//! stage if it fits, with a way back to the network it replaced, so nothing
//! the learner built is lost; refused with its message if it does not, and
//! then the network on the stage stays as it was.

use std::rc::Rc;

use yew::prelude::*;

use super::editor::{Editor, EditorAction};
use cslab_lessons::lesson::Lesson;
use cslab_sandbox::{Network, Refusal};
use cslab_scene::i18n::{Lang, Tr};

/// Where a network came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A file, by its name.
    File(String),
    /// A shared address.
    Address,
    /// A lesson's network (`None`: the address named no lesson the lab has).
    Lesson(Option<Lesson>),
}

/// What opening a network did: what the page tells the learner.
#[derive(Clone, Debug, PartialEq)]
pub enum Opened {
    Loaded {
        from: Source,
        machines: usize,
        links: usize,
        /// The network it replaced.
        previous: Rc<Network>,
    },
    Refused {
        from: Source,
        refusal: Refusal,
    },
}

/// Puts `read` on the stage if it is a network, and says what happened.
pub fn open(
    editor: &UseReducerHandle<Editor>,
    from: Source,
    read: Result<Network, Refusal>,
) -> Opened {
    match read {
        Ok(network) => {
            let previous = Rc::new(editor.network().clone());
            let (machines, links) = (network.machines.len(), network.links.len());
            editor.dispatch(EditorAction::Load(network));
            Opened::Loaded {
                from,
                machines,
                links,
                previous,
            }
        }
        Err(refusal) => Opened::Refused { from, refusal },
    }
}

/// What was opened last, starting with the page's own address: a network
/// in its `#net=` is opened when the page opens and whenever the `#` part
/// changes (an address pasted into the same tab does not reload the page).
#[hook]
pub fn use_opened(editor: &UseReducerHandle<Editor>, lang: Lang) -> UseStateHandle<Option<Opened>> {
    let opened = use_state_eq(|| None::<Opened>);
    #[cfg(target_arch = "wasm32")]
    {
        use_effect_with((), {
            let (editor, opened) = (editor.clone(), opened.clone());
            move |_| {
                if let Some(read) = browser::lesson_network(lang) {
                    let (lesson, read) = match read {
                        Ok((lesson, net)) => (Some(lesson), Ok(net)),
                        Err(refusal) => (None, Err(refusal)),
                    };
                    opened.set(Some(open(&editor, Source::Lesson(lesson), read)));
                }
            }
        });
        let read = {
            let (editor, opened) = (editor.clone(), opened.clone());
            move || {
                if let Some(read) = browser::shared_network() {
                    opened.set(Some(open(&editor, Source::Address, read)));
                }
            }
        };
        use_effect_with((), {
            let read = read.clone();
            move |_| read()
        });
        // Listening again after each change, so the network that a new
        // address replaces is the one on the stage then.
        use_effect_with(editor.clone(), move |_| browser::on_hash_change(read));
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (editor, lang);
    opened
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::super::share_address::network_in_hash;
    use cslab_sandbox::{Network, Refusal};

    /// The network in the address's `#net=`, if there is one. Once it is on
    /// the stage the `#` part is taken out of the address, so that a reload
    /// keeps what the learner does next (kept by the page) instead of
    /// opening the shared network again; a refused one stays there to see.
    pub fn shared_network() -> Option<Result<Network, Refusal>> {
        let window = web_sys::window()?;
        let location = window.location();
        let read = network_in_hash(&location.hash().ok()?)?;
        if read.is_ok() {
            let url = format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            );
            if let Ok(history) = window.history() {
                let _ =
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
        }
        Some(read)
    }

    /// The lesson `?from=` asks for with its network. The `from` is then
    /// taken out of the address, so that a reload keeps what the learner
    /// does next.
    pub fn lesson_network(
        lang: cslab_scene::i18n::Lang,
    ) -> Option<Result<(cslab_lessons::lesson::Lesson, Network), Refusal>> {
        let search = web_sys::window()?.location().search().ok()?;
        let read = crate::ui::sandbox_from::network_from_address(&search, lang)?;
        crate::ui::browser::show_query(&["from"], &[]);
        Some(read)
    }

    /// Calls `then` when the `#` part changes, until the returned cleanup.
    pub fn on_hash_change(then: impl Fn() + 'static) -> impl FnOnce() {
        let listener = web_sys::window()
            .map(|window| gloo::events::EventListener::new(&window, "hashchange", move |_| then()));
        move || drop(listener)
    }
}

#[derive(Properties, PartialEq)]
pub struct OpenedNoticeProps {
    pub lang: Lang,
    pub opened: Opened,
    pub editor: UseReducerHandle<Editor>,
    pub on_dismiss: Callback<()>,
}

/// What was opened and how large it is, with a button back to the network
/// it replaced; or why it was refused and that nothing changed.
#[function_component(OpenedNotice)]
pub fn opened_notice(props: &OpenedNoticeProps) -> Html {
    let tr = Tr(props.lang);
    let dismiss = html! {
        <button type="button" onclick={props.on_dismiss.reform(|_| ())}>{ tr.t("notice-dismiss") }</button>
    };
    match &props.opened {
        Opened::Loaded {
            from,
            machines,
            links,
            previous,
        } => {
            let (machines, links) = (machines.to_string(), links.to_string());
            let counts = [("machines", machines.as_str()), ("links", links.as_str())];
            let said = match from {
                Source::File(file) => tr.t_args(
                    "sandbox-opened",
                    &[counts[0], counts[1], ("file", file.as_str())],
                ),
                Source::Address => tr.t_args("sandbox-opened-address", &counts),
                Source::Lesson(lesson) => {
                    let title = lesson.map_or_else(String::new, |lesson| tr.t(lesson.title_key()));
                    tr.t_args(
                        "sandbox-opened-lesson",
                        &[counts[0], counts[1], ("lesson", &title)],
                    )
                }
            };
            let back = {
                let (editor, previous) = (props.editor.clone(), previous.clone());
                let on_dismiss = props.on_dismiss.clone();
                move |_: MouseEvent| {
                    editor.dispatch(EditorAction::Load((*previous).clone()));
                    on_dismiss.emit(());
                }
            };
            html! {
                <div class="sandbox-notice sandbox-opened" role="status">
                    <p>{ said }</p>
                    <button type="button" onclick={back}>{ tr.t("sandbox-back") }</button>
                    { dismiss }
                </div>
            }
        }
        Opened::Refused { from, refusal } => {
            let reason = refusal.text(props.lang);
            let said = match from {
                Source::File(file) => tr.t_args(
                    "sandbox-file-refused",
                    &[("file", file.as_str()), ("reason", &reason)],
                ),
                Source::Address => tr.t_args("sandbox-address-refused", &[("reason", &reason)]),
                Source::Lesson(_) => tr.t_args("sandbox-lesson-refused", &[("reason", &reason)]),
            };
            html! {
                <div class="sandbox-refusal sandbox-open-refused" role="alert">
                    <p>{ said }</p>
                    { dismiss }
                </div>
            }
        }
    }
}
