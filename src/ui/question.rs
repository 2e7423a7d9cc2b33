//! Predict, then observe, in the step caption: the question the run waits
//! on, with a button for each choice and one to skip it; the prediction
//! while the run goes on; and, once the step that shows the answer has
//! begun, what the learner said against what the run shows, and why.
//! The words go in the caption's live region (said once each), the
//! buttons beside it.

use yew::prelude::*;

use super::live::LiveLesson;
use cslab_lessons::lesson::Lesson;
use cslab_lessons::lesson::playback::{Playback, PlaybackStatus};
use cslab_lessons::lesson::questions::{Choice, Revealed, Said, choice_text, sentence};
use cslab_lessons::lesson::settings::Settings;
use cslab_scene::i18n::{Lang, Tr};

/// Whether a question holds the learner's controls that would move the
/// clock on (and so skip it): if one waits, the learner is taken to its
/// choices instead.
pub fn holds(playback: &Playback) -> bool {
    let held = playback.status().question.is_some();
    #[cfg(target_arch = "wasm32")]
    if held {
        use wasm_bindgen::JsCast;
        let first = (web_sys::window().and_then(|window| window.document()))
            .and_then(|document| document.query_selector(".question-choice").ok().flatten())
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(first) = first {
            let _ = first.focus();
        }
    }
    held
}

/// Tells the course page (`question-answered`) of each answer the learner
/// chose, once the run has shown whether it is right; a skip is no answer.
#[hook]
pub fn use_answers_told(lesson: Lesson, live: LiveLesson) {
    let shown = live.playback.borrow().revealed().len();
    use_effect_with((shown, live), move |(_, live): &(usize, LiveLesson)| {
        for shown in live.playback.borrow_mut().unreported() {
            let Said::Chose(choice) = shown.said else {
                continue;
            };
            #[cfg(target_arch = "wasm32")]
            super::course_api::browser::send_question_answered(
                lesson,
                shown.question.key(),
                &choice_id(choice),
                shown.right(),
            );
            #[cfg(not(target_arch = "wasm32"))]
            let _ = (lesson, choice_id(choice));
        }
    });
}

/// A choice as the course page reads it: its message id, or its number.
fn choice_id(choice: Choice) -> String {
    match choice {
        Choice::Words(key) => key.to_string(),
        Choice::Number(n) => n.to_string(),
    }
}

/// The question's words while the run waits on it, the learner's
/// prediction until the run shows the answer, and each answer shown.
pub fn question_words(
    tr: Tr,
    settings: &Settings,
    playback: &Playback,
    status: PlaybackStatus,
) -> Html {
    let revealed = playback.revealed();
    let words = (playback
        .predictions()
        .into_iter()
        .zip(playback.said())
        .enumerate())
    .map(|(index, (question, said))| {
        if status.question == Some(index) {
            let text = sentence(tr, question.key(), &question.args(settings));
            return html! {
                <p class="question-ask" id="question-ask">
                    <strong>{ tr.t("question-legend") }{ ": " }</strong>{ text }
                </p>
            };
        }
        if let Some(shown) = (revealed.iter()).find(|shown| shown.question.key() == question.key())
        {
            return result(tr, shown);
        }
        match said {
            Some(Said::Chose(choice)) => html! {
                <p class="question-said">
                    { tr.t_args("question-you-said", &[("said", &choice_text(tr, *choice))]) }
                </p>
            },
            _ => html! {},
        }
    })
    .collect::<Html>();
    html! { <>{ words }</> }
}

/// What the learner said, what the run shows, right or not, and why.
fn result(tr: Tr, shown: &Revealed) -> Html {
    let answer = choice_text(tr, shown.observed.answer);
    let (verdict, said) = match shown.said {
        Said::Chose(choice) => (
            Some(shown.right()),
            tr.t_args("question-you-said", &[("said", &choice_text(tr, choice))]),
        ),
        Said::Skipped => (None, tr.t("question-you-skipped")),
    };
    let class = match verdict {
        Some(true) => "question-result right",
        Some(false) => "question-result wrong",
        None => "question-result",
    };
    let verdict = verdict.map(|right| {
        let key = if right {
            "question-right"
        } else {
            "question-wrong"
        };
        html! { <strong>{ tr.t(key) }{ " " }</strong> }
    });
    html! {
        <p class={class}>
            { verdict }{ said }{ " " }
            <span class="question-answer">{ tr.t_args("question-run-shows", &[("answer", &answer)]) }</span>
            { " " }{ sentence(tr, shown.observed.explain_key, &shown.observed.args) }
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct QuestionChoicesProps {
    pub lang: Lang,
    pub lesson: Lesson,
    pub settings: Settings,
    pub live: LiveLesson,
    /// The question the run waits on, by its place in the lesson's list.
    pub index: usize,
    pub on_status: Callback<PlaybackStatus>,
}

/// A button for each choice and one to skip, labelled by the question; the
/// run plays on once one is pressed.
#[function_component(QuestionChoices)]
pub fn question_choices(props: &QuestionChoicesProps) -> Html {
    let tr = Tr(props.lang);
    let Some(question) = props
        .live
        .playback
        .borrow()
        .predictions()
        .get(props.index)
        .copied()
    else {
        return html! {};
    };
    let answer = |said: Said| {
        let (live, on_status) = (props.live.clone(), props.on_status.clone());
        move |_: MouseEvent| {
            let mut playback = live.playback.borrow_mut();
            playback.answer(said);
            on_status.emit(playback.status());
        }
    };
    let choices = (question.choices(&props.settings))
        .into_iter()
        .map(|choice| {
            html! {
                <button type="button" class="question-choice" onclick={answer(Said::Chose(choice))}>
                    { choice_text(tr, choice) }
                </button>
            }
        })
        .collect::<Html>();
    html! {
        <div class="question-choices" role="group" aria-labelledby="question-ask">
            { choices }
            <button type="button" class="question-skip" onclick={answer(Said::Skipped)}>
                { tr.t("question-skip") }
            </button>
            <p class="question-hold">{ tr.t("question-hold") }</p>
        </div>
    }
}
