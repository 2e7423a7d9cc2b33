//! The "Share / embed" dialog: the link and the iframe code for the lesson
//! as it is set up now, with the language, the start and the panels to
//! choose, each with a Copy button. A modal `<dialog>` (`showModal`): the
//! browser moves focus in, keeps it there, closes it on Escape and gives
//! focus back to the button that opened it (HTML's dialog focusing steps).

use yew::prelude::*;

use super::languages::when_ready;
use super::share::Setup;
use cslab_scene::i18n::{Lang, Tr};

#[derive(Properties, PartialEq)]
pub struct ShareDialogProps {
    /// The page's language, which the dialog speaks.
    pub lang: Lang,
    /// The lesson as it is now; the dialog starts from it.
    pub setup: Setup,
    /// The app's address without its query.
    pub page: AttrValue,
    pub on_close: Callback<()>,
}

/// A choice in the dialog: a radio button (else a check box), its label's
/// key, whether it is on, and what it changes (given whether it is on now).
type Choice = (bool, &'static str, bool, fn(&mut Setup, bool));

/// Which text a Copy button copied, and how.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Copied {
    /// In the clipboard.
    Done(usize),
    /// The clipboard refused (a frame without the permission, an old
    /// browser): the text is selected for the learner's Ctrl+C.
    Selected(usize),
}

#[function_component(ShareDialog)]
pub fn share_dialog(props: &ShareDialogProps) -> Html {
    let tr = Tr(props.lang);
    let setup = use_state(|| props.setup);
    let copied = use_state(|| None::<Copied>);
    // A language's messages are fetched when chosen, for the frame's title.
    let fetched = use_state(|| 0u32);
    let (dialog_ref, close) = use_modal();
    let texts = [use_node_ref(), use_node_ref()];
    let on_lang = {
        let (setup, copied, fetched) = (setup.clone(), copied.clone(), fetched.clone());
        move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Some(lang) = Lang::from_code(&select.value()) {
                setup.set(Setup { lang, ..*setup });
                copied.set(None);
                let fetched = fetched.clone();
                when_ready(lang, move |_, _| fetched.set(*fetched + 1));
            }
        }
    };
    let chosen = Tr(setup.lang);
    let title = format!(
        "{}: {}",
        chosen.t("app-title"),
        chosen.t(setup.lesson.title_key())
    );
    let outputs = [
        ("share-link", setup.link(&props.page), "2", "share-text-0"),
        (
            "share-embed",
            setup.iframe(&props.page, &title),
            "3",
            "share-text-1",
        ),
    ];
    // The choices as a table, drawn by one loop: each is a radio button (the
    // start) or a check box (the panels), and what choosing it changes.
    let fieldsets: [(&str, &[Choice]); 2] = [
        (
            "share-start",
            &[
                (true, "share-start-playing", setup.autoplay, |setup, _| {
                    setup.autoplay = true
                }),
                (true, "share-start-paused", !setup.autoplay, |setup, _| {
                    setup.autoplay = false
                }),
            ],
        ),
        (
            "share-panels",
            &[
                (
                    false,
                    "share-panel-story",
                    setup.panels.story,
                    |setup, on| setup.panels.story = on,
                ),
                (
                    false,
                    "share-panel-settings",
                    setup.panels.settings,
                    |setup, on| setup.panels.settings = on,
                ),
                (
                    false,
                    "share-panel-events",
                    setup.panels.events,
                    |setup, on| setup.panels.events = on,
                ),
            ],
        ),
    ];
    let choice = |&(radio, key, on, edit): &Choice| {
        let (setup, copied) = (setup.clone(), copied.clone());
        let onchange = move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let mut next = *setup;
            edit(&mut next, input.checked());
            setup.set(next);
            copied.set(None);
        };
        let (kind, name) = match radio {
            true => ("radio", Some("share-start")),
            false => ("checkbox", None),
        };
        html! {
            <label><input type={kind} {name} checked={on} {onchange} />{ tr.t(key) }</label>
        }
    };
    html! {
        <dialog class="share-dialog" ref={dialog_ref} aria-labelledby="share-title"
                onclose={props.on_close.reform(|_| ())}>
            <div class="share-head">
                <h2 id="share-title">{ tr.t("share-title") }</h2>
                <button type="button" class="close" onclick={close}>{ tr.t("share-close") }</button>
            </div>
            <p class="hint">{ tr.t("share-intro") }</p>
            <div class="share-choices">
                <label>
                    <span>{ tr.t("share-language") }</span>
                    <select onchange={on_lang}>
                        { for Lang::ALL.into_iter().map(|lang| html! {
                            <option value={lang.code()} lang={lang.code()} selected={lang == setup.lang}>{ lang.native_name() }</option>
                        }) }
                    </select>
                </label>
                { for fieldsets.iter().map(|&(legend, choices)| html! {
                    <fieldset>
                        <legend>{ tr.t(legend) }</legend>
                        { for choices.iter().map(choice) }
                    </fieldset>
                }) }
            </div>
            { for outputs.into_iter().enumerate().map(|(i, (key, text, rows, id))| {
                let status = match *copied {
                    Some(Copied::Done(which)) if which == i => tr.t("share-copied"),
                    Some(Copied::Selected(which)) if which == i => tr.t("share-copy-selected"),
                    _ => String::new(),
                };
                let onclick = copy_button(i, text.clone(), texts[i].clone(), copied.clone());
                html! {
                    <div class="share-output">
                        <label for={id}>{ tr.t(key) }</label>
                        <textarea {id} ref={texts[i].clone()} readonly=true {rows}
                                  spellcheck="false" value={text} />
                        <div class="share-copy">
                            <button type="button" {onclick}>{ tr.t("share-copy") }</button>
                            <span role="status">{ status }</span>
                        </div>
                    </div>
                }
            }) }
        </dialog>
    }
}

/// A `<dialog>` (its ref) shown modal once it is there, and a click that
/// closes it (its `close` event then tells whoever opened it).
#[hook]
pub(crate) fn use_modal() -> (NodeRef, Callback<MouseEvent>) {
    let dialog_ref = use_node_ref();
    use_effect_with(dialog_ref.clone(), |dialog_ref| {
        if let Some(dialog) = dialog_ref.cast::<web_sys::HtmlDialogElement>() {
            let _ = dialog.show_modal();
        }
    });
    let close = {
        let dialog_ref = dialog_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(dialog) = dialog_ref.cast::<web_sys::HtmlDialogElement>() {
                dialog.close();
            }
        })
    };
    (dialog_ref, close)
}

/// Copies `text` with the Clipboard API; where the browser refuses (a
/// frame the course page gave no `clipboard-write`, a page not served
/// securely), selects the text in its box for the learner to copy.
pub(crate) fn copy_button(
    which: usize,
    text: String,
    text_ref: NodeRef,
    copied: UseStateHandle<Option<Copied>>,
) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        let (text_ref, copied) = (text_ref.clone(), copied.clone());
        write_clipboard(&text, move |written| {
            if !written && let Some(area) = text_ref.cast::<web_sys::HtmlTextAreaElement>() {
                let _ = area.focus();
                area.select();
            }
            copied.set(Some(match written {
                true => Copied::Done(which),
                false => Copied::Selected(which),
            }));
        });
    })
}

/// Writes `text` to the clipboard, then says whether it could.
#[cfg(target_arch = "wasm32")]
fn write_clipboard(text: &str, then: impl FnOnce(bool) + 'static) {
    let clipboard = web_sys::window().map(|window| window.navigator().clipboard());
    match clipboard.filter(|clipboard| !wasm_bindgen::JsValue::is_undefined(clipboard)) {
        Some(clipboard) => {
            let written = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text));
            wasm_bindgen_futures::spawn_local(async move { then(written.await.is_ok()) });
        }
        None => then(false),
    }
}

/// Natively there is no clipboard.
#[cfg(not(target_arch = "wasm32"))]
fn write_clipboard(_text: &str, then: impl FnOnce(bool)) {
    then(false)
}
