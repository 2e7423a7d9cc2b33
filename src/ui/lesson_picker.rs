//! The lesson picker: every lesson, then the sandbox. The side panel shows
//! it above a lesson's story, the sandbox in its header row.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::state::{Action, State};
use cslab_lessons::lesson::Lesson;
use cslab_scene::i18n::Tr;

/// The sandbox's code in `?lesson=` and in the picker.
pub const SANDBOX: &str = "sandbox";

/// The picker, with `current` chosen (`None`: the sandbox).
pub fn lesson_picker(
    tr: Tr,
    current: Option<Lesson>,
    dispatch: &UseReducerDispatcher<State>,
) -> Html {
    let onchange = {
        let dispatch = dispatch.clone();
        move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            match Lesson::from_code(&select.value()) {
                Some(lesson) => dispatch.dispatch(Action::SetLesson(lesson)),
                None => dispatch.dispatch(Action::OpenSandbox),
            }
        }
    };
    html! {
        <label class="lesson-picker">
            <span>{ tr.t("lesson-picker-label") }</span>
            <select {onchange}>
                { for Lesson::ALL.iter().map(|&lesson| html! {
                    <option value={lesson.code()} selected={Some(lesson) == current}>
                        { tr.t(lesson.title_key()) }
                    </option>
                }) }
                <option value={SANDBOX} selected={current.is_none()}>{ tr.t("sandbox-title") }</option>
            </select>
        </label>
    }
}
