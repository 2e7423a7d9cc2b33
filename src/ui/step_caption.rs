//! The story's current step, beside the stage, where the learner is
//! looking: what is happening now, a "Next step" button, the switch that
//! makes the run stop at each step, and, where the run ends, "lesson
//! complete" with what to try next (review D: the narration ran ahead of
//! the learner, below the panel's fold).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::live::LiveLesson;
use super::question::{QuestionChoices, question_words, use_answers_told};
use super::side_panel::step_text;
use super::state::{Action, State};
use cslab_lessons::lesson::Lesson;
use cslab_lessons::lesson::playback::{Playback, PlaybackStatus};
use cslab_lessons::lesson::settings::Settings;
use cslab_scene::i18n::{Lang, Tr};
use cslab_scene::story::Plot;
use cslab_sim::time::SimTime;

#[derive(Properties, PartialEq)]
pub struct StepCaptionProps {
    pub lang: Lang,
    pub lesson: Lesson,
    pub settings: Settings,
    pub live: LiveLesson,
    pub status: PlaybackStatus,
    pub on_status: Callback<PlaybackStatus>,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(StepCaption)]
pub fn step_caption(props: &StepCaptionProps) -> Html {
    let tr = Tr(props.lang);
    let status = props.status;
    use_answers_told(props.lesson, props.live.clone());
    let plot = props.lesson.plot(&props.settings);
    if status.ended {
        let key = props.lesson.try_next_key();
        // A run may end where it shows a question's answer (the gossip's
        // last round): the comparison stays beside "lesson complete".
        let question = question_words(tr, &props.settings, &props.live.playback.borrow(), status);
        return html! {
            <section class="step-caption complete" role="status">
                <p><strong>{ tr.t("lesson-complete") }</strong>{ " " }{ tr.t(key) }</p>
                { question }
            </section>
        };
    }
    let playback = props.live.playback.borrow();
    // A lesson without a story still asks its run's questions here.
    let current = match plot {
        Some(plot) => current_steps(tr, plot, &playback, status.now),
        None => (!playback.predictions().is_empty()).then(Vec::new),
    };
    let Some(current) = current else {
        return html! {};
    };
    let question = question_words(tr, &props.settings, &playback, status);
    drop(playback);
    let now = current
        .into_iter()
        .map(|(number, text)| html! { <p><strong>{ number }</strong>{ " " }{ text }</p> })
        .collect::<Html>();
    let next_step = {
        let (live, on_status) = (props.live.clone(), props.on_status.clone());
        move |_: MouseEvent| {
            let mut playback = live.playback.borrow_mut();
            playback.next_step();
            on_status.emit(playback.status());
        }
    };
    let on_toggle = {
        let dispatch = props.dispatch.clone();
        move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            dispatch.dispatch(Action::SetPauseAtSteps(input.checked()));
        }
    };
    // The live region is the step's words alone, so a screen reader says
    // each step once, as it begins (its buttons are not re-read).
    html! {
        <section class={classes!("step-caption", status.at_step.then_some("waiting"))}>
            <div class="step-now" aria-live="polite">{ now }{ question }</div>
            if let Some(index) = status.question {
                <QuestionChoices lang={props.lang} lesson={props.lesson} settings={props.settings}
                    live={props.live.clone()} {index} on_status={props.on_status.clone()} />
            }
            <div class="step-actions" hidden={status.question.is_some()}>
                if plot.is_some() {
                    <button type="button" class={classes!("next-step", status.at_step.then_some("primary"))}
                            aria-keyshortcuts="N" onclick={next_step}>
                        { tr.t("step-next") }
                    </button>
                }
                <label class="pause-at-steps">
                    <input type="checkbox" checked={status.pause_at_steps} onchange={on_toggle} />
                    { tr.t("step-pause-at-steps") }
                </label>
            </div>
        </section>
    }
}

/// The steps that began at the latest step's instant (a DNS answer and the
/// SYN it lets go share one), each with its number as the panel numbers
/// them ("Step 3") and its sentence; none before the run is built.
pub(super) fn current_steps(
    tr: Tr,
    plot: Plot,
    playback: &Playback,
    now: SimTime,
) -> Option<Vec<(String, String)>> {
    let world = playback.world()?;
    let steps = playback.story_until(now);
    let latest = steps.last().map(|&(t, _)| t);
    Some(
        steps
            .iter()
            .enumerate()
            .filter(|(_, (t, _))| Some(*t) == latest)
            .map(|(index, &(_, step))| {
                let number = tr.t_args("step-number", &[("n", &(index + 1).to_string())]);
                (number, step_text(tr, plot, world, &steps, step))
            })
            .collect(),
    )
}
