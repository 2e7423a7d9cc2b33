//! Keyboard shortcuts: Space plays or pauses, N plays the next step of the
//! story, → steps forward, ← steps back, ? shows the list and Escape closes
//! it. Keys typed into a form control, or pressed on a button
//! (where Space already clicks it), are left alone.

use yew::prelude::*;

use super::focus::use_focus_return;
use super::state::{Action, State};
use cslab_lessons::lesson::playback::Playback;
use cslab_scene::i18n::{Lang, Tr};

/// What a key does, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    TogglePlay,
    NextStep,
    StepForward,
    StepBack,
    ToggleHelp,
    CloseHelp,
}

impl Shortcut {
    /// The change to the clock, for the shortcuts that have one.
    pub fn playback_change(self) -> Option<fn(&mut Playback)> {
        match self {
            Shortcut::TogglePlay => Some(Playback::toggle_play),
            Shortcut::NextStep => Some(Playback::next_step),
            Shortcut::StepForward => Some(Playback::step_forward),
            Shortcut::StepBack => Some(Playback::step_back),
            Shortcut::ToggleHelp | Shortcut::CloseHelp => None,
        }
    }

    /// Whether it moves the clock on (past a question waiting, which the
    /// page does not let a key do).
    pub fn moves_on(self) -> bool {
        matches!(
            self,
            Shortcut::TogglePlay | Shortcut::NextStep | Shortcut::StepForward
        )
    }

    /// The change to the page, for the shortcuts that have one.
    pub fn action(self) -> Option<Action> {
        match self {
            Shortcut::ToggleHelp => Some(Action::ToggleHelp),
            Shortcut::CloseHelp => Some(Action::CloseHelp),
            Shortcut::TogglePlay
            | Shortcut::NextStep
            | Shortcut::StepForward
            | Shortcut::StepBack => None,
        }
    }
}

/// The shortcut for `key` (a `KeyboardEvent.key`), pressed on an element
/// named `tag` with `role`; `steps` if the element hands its → and ← to
/// the run (a select, or an input marked `data-arrows`).
pub fn shortcut(key: &str, tag: &str, role: Option<&str>, steps: bool) -> Option<Shortcut> {
    let in_form = matches!(tag, "INPUT" | "SELECT" | "TEXTAREA");
    let on_button = tag == "BUTTON" || role == Some("button");
    // Review C.4: → after picking from a settings menu chose the next value
    // and restarted the run, and on the timeline it moved the clock 1 µs.
    // There → and ← step the run, as everywhere; ↑ and ↓ still choose.
    let arrow_steps = (tag == "SELECT" || steps) && matches!(key, "ArrowRight" | "ArrowLeft");
    match key {
        _ if in_form && !arrow_steps => None,
        " " if !on_button => Some(Shortcut::TogglePlay),
        "n" | "N" => Some(Shortcut::NextStep),
        "ArrowRight" => Some(Shortcut::StepForward),
        "ArrowLeft" => Some(Shortcut::StepBack),
        "?" => Some(Shortcut::ToggleHelp),
        "Escape" => Some(Shortcut::CloseHelp),
        _ => None,
    }
}

/// The document listener, in the browser only.
#[cfg(target_arch = "wasm32")]
pub mod listener {
    use yew::prelude::*;

    use super::shortcut;
    use crate::ui::live::LiveLesson;
    use crate::ui::question::holds;
    use crate::ui::state::State;
    use cslab_lessons::lesson::playback::PlaybackStatus;

    /// Listens for the shortcuts on the whole document, for the lesson's
    /// playback, whatever the lesson.
    /// Calls `handler` with every key pressed on the page, until the
    /// listener returned is dropped; it may prevent the key's default.
    pub fn on_keydown(
        mut handler: impl FnMut(&web_sys::KeyboardEvent) + 'static,
    ) -> Option<gloo::events::EventListener> {
        use wasm_bindgen::JsCast;
        let document = web_sys::window()?.document()?;
        Some(gloo::events::EventListener::new_with_options(
            &document,
            "keydown",
            gloo::events::EventListenerOptions::enable_prevent_default(),
            move |event| {
                if let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() {
                    handler(event);
                }
            },
        ))
    }

    #[hook]
    pub fn use_shortcuts(
        live: LiveLesson,
        on_status: Callback<PlaybackStatus>,
        dispatch: UseReducerDispatcher<State>,
    ) {
        use_effect_with(live, move |live| {
            let listener = listen(live.clone(), on_status, dispatch);
            move || drop(listener)
        });
    }

    fn listen(
        live: LiveLesson,
        on_status: Callback<PlaybackStatus>,
        dispatch: UseReducerDispatcher<State>,
    ) -> Option<gloo::events::EventListener> {
        use wasm_bindgen::JsCast;
        // Not passive: Space and the arrows must not also scroll the page.
        on_keydown(move |event| {
            if event.ctrl_key() || event.meta_key() || event.alt_key() {
                return;
            }
            let target = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok());
            // An open dialog (Share / embed) has its own keys: Escape
            // closes it, Space clicks and ticks.
            if let Some(Ok(Some(_))) = target
                .as_ref()
                .map(|element| element.closest("dialog[open]"))
            {
                return;
            }
            let tag = target
                .as_ref()
                .map(|element| element.tag_name())
                .unwrap_or_default();
            let role = target
                .as_ref()
                .and_then(|element| element.get_attribute("role"));
            let steps = target
                .as_ref()
                .is_some_and(|element| element.has_attribute("data-arrows"));
            let Some(shortcut) = shortcut(&event.key(), &tag, role.as_deref(), steps) else {
                return;
            };
            event.prevent_default();
            if let Some(change) = shortcut.playback_change() {
                let mut playback = live.playback.borrow_mut();
                if !(shortcut.moves_on() && holds(&playback)) {
                    change(&mut playback);
                }
                on_status.emit(playback.status());
            }
            if let Some(action) = shortcut.action() {
                dispatch.dispatch(action);
            }
        })
    }
}

#[derive(Properties, PartialEq)]
pub struct ShortcutHelpProps {
    pub lang: Lang,
    pub dispatch: UseReducerDispatcher<State>,
}

/// The list of shortcuts, as a small dialog.
#[function_component(ShortcutHelp)]
pub fn shortcut_help(props: &ShortcutHelpProps) -> Html {
    let tr = Tr(props.lang);
    let dispatch = props.dispatch.clone();
    let (root, close) = (use_node_ref(), use_node_ref());
    use_focus_return(root.clone(), Some(close.clone()));
    html! {
        <div class="shortcut-help" role="dialog" aria-labelledby="shortcut-help-title" ref={root}>
            <h2 id="shortcut-help-title">{ tr.t("help-title") }</h2>
            <dl>
                <dt><kbd>{ tr.t("key-space") }</kbd></dt><dd>{ tr.t("help-play") }</dd>
                <dt><kbd>{ "N" }</kbd></dt><dd>{ tr.t("help-next-step") }</dd>
                <dt><kbd>{ "→" }</kbd></dt><dd>{ tr.t("help-step") }</dd>
                <dt><kbd>{ "←" }</kbd></dt><dd>{ tr.t("help-back") }</dd>
                <dt><kbd>{ "?" }</kbd></dt><dd>{ tr.t("help-toggle") }</dd>
                <dt><kbd>{ "Esc" }</kbd></dt><dd>{ tr.t("help-escape") }</dd>
            </dl>
            <button type="button" ref={close} onclick={move |_| dispatch.dispatch(Action::ToggleHelp)}>{ tr.t("help-close") }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_shortcuts_outside_forms_and_buttons() {
        assert_eq!(
            shortcut(" ", "DIV", None, false),
            Some(Shortcut::TogglePlay)
        );
        assert_eq!(shortcut("n", "BODY", None, false), Some(Shortcut::NextStep));
        assert_eq!(shortcut("n", "INPUT", None, false), None);
        // Review C.4: on a select or the timeline, → and ← step the run;
        // ↑ and ↓ are the select's, and other inputs keep their arrows.
        assert_eq!(
            shortcut("ArrowRight", "SELECT", None, false),
            Some(Shortcut::StepForward)
        );
        assert_eq!(
            shortcut("ArrowLeft", "INPUT", None, true),
            Some(Shortcut::StepBack)
        );
        assert_eq!(shortcut("ArrowDown", "SELECT", None, false), None);
        assert_eq!(shortcut("ArrowRight", "INPUT", None, false), None);
        assert_eq!(shortcut(" ", "SELECT", None, false), None);
        assert_eq!(
            shortcut(" ", "BUTTON", None, false),
            None,
            "Space clicks the focused button"
        );
        assert_eq!(shortcut(" ", "g", Some("button"), false), None);
        assert_eq!(
            shortcut("ArrowRight", "BODY", None, false),
            Some(Shortcut::StepForward)
        );
        assert!(Shortcut::ToggleHelp.playback_change().is_none());
        assert_eq!(
            shortcut("ArrowLeft", "INPUT", None, false),
            None,
            "arrows move the speed slider"
        );
        assert_eq!(
            shortcut("?", "BODY", None, false),
            Some(Shortcut::ToggleHelp)
        );
        assert_eq!(
            shortcut("Escape", "BUTTON", None, false),
            Some(Shortcut::CloseHelp)
        );
        assert!(matches!(
            Shortcut::CloseHelp.action(),
            Some(Action::CloseHelp)
        ));
        assert_eq!(shortcut("x", "BODY", None, false), None);
    }
}
