//! The controls bar: play/pause, step, speed, and the simulated clock.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::live::LiveLesson;
use super::motion::use_reduced_motion;
use super::question::holds;
use cslab_lessons::lesson::playback::{Playback, PlaybackStatus};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::time::SimTime;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub lang: Lang,
    pub status: PlaybackStatus,
    pub live: LiveLesson,
    pub on_status: Callback<PlaybackStatus>,
    pub on_help: Callback<()>,
    pub on_restart: Callback<()>,
    /// The run began again because a setting changed.
    pub restarted: bool,
}

#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let tr = Tr(props.lang);
    let reduced_motion = use_reduced_motion();
    // Every control changes the playback, then shows its new status at once;
    // those that move the clock on are held while a question waits.
    let command = |change: fn(&mut Playback), moves_on: bool| {
        let (live, on_status) = (props.live.clone(), props.on_status.clone());
        move |_: MouseEvent| {
            let mut playback = live.playback.borrow_mut();
            if !(moves_on && holds(&playback)) {
                change(&mut playback);
            }
            on_status.emit(playback.status());
        }
    };
    let oninput = {
        let (live, on_status) = (props.live.clone(), props.on_status.clone());
        move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Ok(speed) = input.value().parse() {
                let mut playback = live.playback.borrow_mut();
                playback.set_speed(speed);
                on_status.emit(playback.status());
            }
        }
    };
    let onscrub = {
        let (live, on_status) = (props.live.clone(), props.on_status.clone());
        move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Ok(micros) = input.value().parse::<u64>() {
                let mut playback = live.playback.borrow_mut();
                playback.scrub(SimTime::from_micros(micros));
                on_status.emit(playback.status());
            }
        }
    };
    let horizon = props.live.playback.borrow().horizon();
    let status = props.status;
    let (play_label, play_shape) = if status.playing {
        (tr.t("control-pause"), "M3 2h3.5v12H3zM9.5 2H13v12H9.5z")
    } else {
        (tr.t("control-play"), "M4 2l10 6-10 6z")
    };
    let per_real_second = SimTime::from_nanos(status.ns_per_ms * 1_000);
    html! {
        <div class="controls" role="toolbar" aria-label={tr.t("controls-label")}>
            <button type="button" class="primary" onclick={command(Playback::toggle_play, true)}>
                <svg class="glyph" viewBox="0 0 16 16" aria-hidden="true"><path d={play_shape} /></svg>{ play_label }
            </button>
            <button type="button" onclick={command(Playback::step_back, false)}>
                <svg class="glyph" viewBox="0 0 16 16" aria-hidden="true"><path d="M14 2L6 8l8 6zM2 2h3v12H2z" /></svg>
                { tr.t("control-back") }
            </button>
            <button type="button" onclick={command(Playback::step_forward, true)}>
                <svg class="glyph" viewBox="0 0 16 16" aria-hidden="true"><path d="M2 2l8 6-8 6zM11 2h3v12h-3z" /></svg>
                { tr.t("control-step") }
            </button>
            <button type="button" title={tr.t("control-restart-title")} onclick={props.on_restart.reform(|_| ())}>
                <svg class="glyph" viewBox="0 0 16 16" aria-hidden="true"><path d="M8 2a6 6 0 1 1-5.2 3H1l3-4 3 4H4.9A4 4 0 1 0 8 4z" /></svg>
                { tr.t("control-restart") }
            </button>
            <button type="button" class="help" aria-keyshortcuts="?" aria-label={tr.t("control-help")}
                    title={tr.t("control-help")} onclick={props.on_help.reform(|_| ())}>
                <span aria-hidden="true">{ "?" }</span>
            </button>
            <div class="clock">
                <span>{ tr.t("sim-time") }</span>
                // A timer is not announced on every change, unlike a status.
                <span class="time" role="timer">{ clock_text(props.lang, status) }</span>
            </div>
            <label class="speed">
                <span>{ tr.t("control-speed") }</span>
                <input type="range" min="0" max={(status.speed_stops - 1).to_string()} step="1"
                       value={status.speed.to_string()} {oninput} />
                <span class="value">{ tr.t_args("speed-value", &[("amount", &short_duration(props.lang, per_real_second))]) }</span>
            </label>
            <input type="range" class="timeline" data-arrows="step" aria-label={tr.t("timeline-label")} min="0"
                   max={micros(horizon).to_string()} value={micros(status.now).to_string()} oninput={onscrub} />
            if reduced_motion {
                <p class="motion-note">{ tr.t("motion-reduced") }</p>
            }
            if status.ended {
                <p class="restarted" role="status">{ tr.t("run-ended") }</p>
            } else if props.restarted {
                <p class="restarted" role="status">{ tr.t("run-restarted") }</p>
            }
        </div>
    }
}

/// The clock: packets' runs to the microsecond in milliseconds (from 10 s
/// on, when minutes go by between packets, to the millisecond in seconds),
/// flows and rounds to the tenth in seconds.
fn clock_text(lang: Lang, status: PlaybackStatus) -> String {
    let seconds = status.now.as_secs_f64();
    if status.in_seconds {
        format!("{} s", lang.decimal(seconds, 1))
    } else if seconds >= 10.0 {
        format!("{} s", lang.decimal(seconds, 3))
    } else {
        format!("{} ms", lang.decimal(seconds * 1e3, 3))
    }
}

/// The timeline slider counts whole microseconds.
fn micros(time: SimTime) -> u64 {
    time.as_nanos() / 1_000
}

/// "1 µs", "100 ms", "2 s": the largest unit that keeps a whole number.
fn short_duration(lang: Lang, time: SimTime) -> String {
    let ns = time.as_nanos();
    let (value, unit) = match ns {
        n if n >= 1_000_000_000 => (n as f64 / 1e9, "s"),
        n if n >= 1_000_000 => (n as f64 / 1e6, "ms"),
        n if n >= 1_000 => (n as f64 / 1e3, "µs"),
        n => (n as f64, "ns"),
    };
    let decimals = if value.fract() == 0.0 { 0 } else { 1 };
    format!("{} {unit}", lang.decimal(value, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_their_largest_whole_unit() {
        assert_eq!(short_duration(Lang::En, SimTime::from_micros(1)), "1 µs");
        assert_eq!(
            short_duration(Lang::En, SimTime::from_millis(100)),
            "100 ms"
        );
        assert_eq!(
            short_duration(Lang::Es, SimTime::from_millis(2_500)),
            "2,5 s"
        );
    }

    /// A page load's clock to the microsecond, a mail's waits of minutes
    /// to the millisecond; a swarm's to the tenth of a second, in the
    /// learner's numbers.
    #[test]
    fn the_clock_reads_in_the_run_s_own_unit() {
        let mut status = PlaybackStatus {
            now: SimTime::from_nanos(9_983_600_000),
            playing: true,
            speed: 0,
            speed_stops: 1,
            ns_per_ms: 1,
            in_seconds: false,
            ended: false,
            at_step: false,
            pause_at_steps: true,
            question: None,
        };
        assert_eq!(clock_text(Lang::En, status), "9,983.600 ms");
        status.now = SimTime::from_nanos(389_983_600_000);
        assert_eq!(clock_text(Lang::En, status), "389.984 s");
        status.in_seconds = true;
        assert_eq!(clock_text(Lang::En, status), "390.0 s");
        assert_eq!(clock_text(Lang::It, status), "390,0 s");
    }
}
