//! The sandbox (`?lesson=sandbox`): the learner builds a network from every
//! kind of machine the lab knows, on a stage drawn as the lessons' are.
//! The network and its history live in the page's reducer ([`editor`]);
//! every change is an edit of `cslab_sandbox`, so it undoes, and a refused
//! one says why in the learner's language.

pub mod choices;
pub mod drawings;
pub mod editor;
pub mod file_bar;
pub mod geometry;
pub mod keys;
pub mod node;
pub mod opening;
pub mod palette;
pub mod properties;
pub mod run;
pub mod share_address;
pub mod stage;
pub mod storage;

use yew::prelude::*;

use super::lesson_picker::lesson_picker;
use super::live::LiveLesson;
use super::state::{State, View};
use cslab_lessons::lesson::playback::PlaybackStatus;
use cslab_lessons::sandbox;
use cslab_sandbox::Refusal;
use cslab_scene::i18n::{Lang, Tr};
use editor::{Editor, EditorAction, Selection, Tool};
use file_bar::SandboxFileBar;
use opening::OpenedNotice;
use palette::Palette;
use properties::Properties;
use stage::SandboxStage;

#[derive(Properties, PartialEq)]
pub struct SandboxPageProps {
    pub lang: Lang,
    /// The app's: the lesson picker leaves the sandbox through it, and the
    /// run's stage and lists select through it.
    pub dispatch: UseReducerDispatcher<State>,
    /// The network's run while it plays; `None` while it is edited.
    pub live: Option<LiveLesson>,
    /// Hears the run the Run button starts, and `None` from Edit.
    pub on_run: Callback<Option<LiveLesson>>,
    pub status: PlaybackStatus,
    pub selected: Option<usize>,
    pub packet: Option<u64>,
    pub view: View,
    pub on_status: Callback<PlaybackStatus>,
    pub seed: u64,
    /// The run's controls (the lessons').
    pub children: Html,
    /// The app's address without its query: a shared address starts so.
    pub page: AttrValue,
}

#[function_component(SandboxPage)]
pub fn sandbox_page(props: &SandboxPageProps) -> Html {
    let tr = Tr(props.lang);
    // The stored network (or the example, and why the stored one was not
    // taken) is read once, when the page opens.
    let opened = use_memo((), |_| opening());
    let editor = use_reducer(|| Editor::new(opened.0.clone()));
    storage::use_autosave(&editor);
    let stage_svg = use_node_ref();
    let file_opened = opening::use_opened(&editor, props.lang);
    let on_opened = {
        let file_opened = file_opened.clone();
        Callback::from(move |what| file_opened.set(Some(what)))
    };
    let on_dismiss = {
        let file_opened = file_opened.clone();
        Callback::from(move |()| file_opened.set(None))
    };
    // A page opened afresh edits: a run left playing is not taken up again.
    use_effect_with((), {
        let on_run = props.on_run.clone();
        move |_| on_run.emit(None)
    });
    let on_play = {
        let (editor, on_run, seed) = (editor.clone(), props.on_run.clone(), props.seed);
        move |_: MouseEvent| on_run.emit(Some(played(editor.network(), seed)))
    };
    // Restart (a new seed) plays the network again from the start.
    use_effect_with(props.seed, {
        let (editor, on_run, running) =
            (editor.clone(), props.on_run.clone(), props.live.is_some());
        move |&seed| {
            if running {
                on_run.emit(Some(played(editor.network(), seed)));
            }
        }
    });
    let on_edit = {
        let on_run = props.on_run.clone();
        move |_: MouseEvent| on_run.emit(None)
    };
    keys::use_history_keys(&editor);
    let act = |action: fn() -> EditorAction| {
        let editor = editor.clone();
        move |_: MouseEvent| editor.dispatch(action())
    };
    html! {
        <div class="sandbox">
            <div class="sandbox-head">
                <h2>{ tr.t("sandbox-title") }</h2>
                { lesson_picker(tr, None, &props.dispatch) }
                if props.live.is_some() {
                    <button type="button" class="primary" onclick={on_edit}>{ tr.t("sandbox-edit") }</button>
                } else {
                    <button type="button" class="primary" onclick={on_play}>{ tr.t("sandbox-run") }</button>
                    { tools(tr, &editor) }
                    <div class="sandbox-history" role="group" aria-label={tr.t("sandbox-history-label")}>
                        <button type="button" disabled={!editor.history.can_undo()} onclick={act(|| EditorAction::Undo)}
                                aria-keyshortcuts="Control+Z">
                            { tr.t("sandbox-undo") }
                        </button>
                        <button type="button" disabled={!editor.history.can_redo()} onclick={act(|| EditorAction::Redo)}
                                aria-keyshortcuts="Control+Shift+Z Control+Y">
                            { tr.t("sandbox-redo") }
                        </button>
                    </div>
                }
                <SandboxFileBar lang={props.lang} editor={editor.clone()} {on_opened}
                                stage={stage_svg.clone()} page={props.page.clone()} />
            </div>
            if let Some(opened) = (*file_opened).clone() {
                <OpenedNotice lang={props.lang} {opened} editor={editor.clone()} {on_dismiss} />
            }
            if let Some(refusal) = &opened.1 {
                <p class="sandbox-notice" role="status">
                    { tr.t_args("sandbox-stored-refused", &[("reason", &refusal.text(props.lang))]) }
                </p>
            }
            if let Some(live) = &props.live {
                { run::run_view(run::Shown {
                    lang: props.lang, live, status: props.status, selected: props.selected, packet: props.packet,
                    view: props.view, dispatch: &props.dispatch, on_status: &props.on_status,
                }, props.children.clone()) }
            } else {
                <div class="sandbox-body">
                    <Palette lang={props.lang} editor={editor.clone()} />
                    <SandboxStage lang={props.lang} editor={editor.clone()} svg={stage_svg} />
                    <Properties lang={props.lang} editor={editor.clone()} />
                </div>
            }
        </div>
    }
}

/// The linking tool and the remove button: what the keys L and Delete do.
fn tools(tr: Tr, editor: &UseReducerHandle<Editor>) -> Html {
    let linking = matches!(editor.tool, Tool::Link(_));
    let on_link = {
        let editor = editor.clone();
        move |_: MouseEvent| {
            let tool = if linking {
                Tool::Select
            } else {
                Tool::Link(None)
            };
            editor.dispatch(EditorAction::SetTool(tool))
        }
    };
    let on_remove = {
        let editor = editor.clone();
        move |_: MouseEvent| editor.dispatch(EditorAction::RemoveSelected)
    };
    html! {
        <div class="sandbox-tools" role="group" aria-label={tr.t("sandbox-tools-label")}>
            <button type="button" aria-pressed={linking.to_string()} aria-keyshortcuts="L" onclick={on_link}>
                { tr.t("sandbox-tool-link") }
            </button>
            <button type="button" disabled={editor.selected == Selection::Nothing} aria-keyshortcuts="Delete"
                    onclick={on_remove}>
                { tr.t("sandbox-remove") }
            </button>
        </div>
    }
}

/// `net`'s run with `seed`, playing as a lesson's does.
pub fn played(net: &cslab_sandbox::Network, seed: u64) -> LiveLesson {
    LiveLesson::played(sandbox::built(net, seed, None), sandbox::start_speed(net))
}

/// The network the page opens with, and why a stored one was set aside.
fn opening() -> (cslab_sandbox::Network, Option<Refusal>) {
    #[cfg(target_arch = "wasm32")]
    return storage::browser::load();
    #[cfg(not(target_arch = "wasm32"))]
    storage::restored(None)
}
