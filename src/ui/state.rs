//! The shell's state and the actions that change it (a Yew `Reducible`).
//! Components send actions; only `reduce` changes state.

use std::rc::Rc;

use yew::Reducible;

use super::url_params::Notice;
use crate::i18n::Lang;
use crate::sim::time::SimTime;

/// Simulated nanoseconds per real millisecond for each stop of the speed
/// slider: from slow motion (1 µs of network time per real second) to ten
/// times real time. Networks live in microseconds and milliseconds, so the
/// useful range is wide and logarithmic.
pub const SPEEDS_NS_PER_MS: [u64; 9] = [
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 2_000_000, 10_000_000,
];

/// Where the slider starts: 1 ms of network time per real second.
pub const DEFAULT_SPEED: usize = 3;

/// How far "step" moves the clock while no lesson supplies events.
pub const STEP: SimTime = SimTime::from_micros(100);

/// A real frame longer than this (a background tab, a debugger pause) counts
/// as this long, so the clock never leaps.
const MAX_FRAME_MS: f64 = 100.0;

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub lang: Lang,
    pub playing: bool,
    pub speed: usize,
    pub now: SimTime,
    /// The node whose details the side panel shows.
    pub selected: Option<usize>,
    pub notices: Vec<Notice>,
}

impl State {
    pub fn new(lang: Lang, notices: Vec<Notice>) -> State {
        State {
            lang,
            playing: true,
            speed: DEFAULT_SPEED,
            now: SimTime::ZERO,
            selected: None,
            notices,
        }
    }
}

pub enum Action {
    SetLang(Lang),
    TogglePlay,
    Step,
    SetSpeed(usize),
    /// A real animation frame of this many milliseconds went by.
    Frame(f64),
    Select(Option<usize>),
    DismissNotices,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetLang(lang) => next.lang = lang,
            Action::TogglePlay => next.playing = !next.playing,
            Action::Step => {
                next.playing = false;
                next.now += STEP;
            }
            Action::SetSpeed(speed) => next.speed = speed.min(SPEEDS_NS_PER_MS.len() - 1),
            Action::Frame(real_ms) if next.playing => {
                let real_ms = real_ms.clamp(0.0, MAX_FRAME_MS);
                // Whole simulated nanoseconds: time stays an integer.
                let advance = (real_ms * SPEEDS_NS_PER_MS[next.speed] as f64).round() as u64;
                next.now += SimTime::from_nanos(advance);
            }
            Action::Frame(_) => return self,
            Action::Select(node) => next.selected = node,
            Action::DismissNotices => next.notices.clear(),
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: State, action: Action) -> State {
        (*Rc::new(state).reduce(action)).clone()
    }

    #[test]
    fn frames_advance_the_clock_only_while_playing() {
        let state = State::new(Lang::En, vec![]);
        let played = reduce(state.clone(), Action::Frame(16.0));
        assert_eq!(played.now, SimTime::from_micros(16));
        let paused = reduce(reduce(state, Action::TogglePlay), Action::Frame(16.0));
        assert_eq!(paused.now, SimTime::ZERO);
    }

    #[test]
    fn a_long_frame_is_clamped_and_speed_scales() {
        let state = reduce(State::new(Lang::En, vec![]), Action::SetSpeed(99));
        assert_eq!(state.speed, SPEEDS_NS_PER_MS.len() - 1);
        let state = reduce(state, Action::Frame(5_000.0));
        assert_eq!(state.now, SimTime::from_millis(1_000));
    }

    #[test]
    fn step_pauses_and_moves_one_step() {
        let state = reduce(State::new(Lang::En, vec![]), Action::Step);
        assert!(!state.playing);
        assert_eq!(state.now, STEP);
    }
}
