//! The lesson's clock: display time that follows real time at a chosen speed,
//! can step to the next event or back to the previous one, and keeps the world
//! simulated up to it. The story drives it: playing stops where each step of
//! the narration after the first begins, until the learner asks for the next
//! one (review D: the narration used to run ahead of the learner). The UI
//! owns one and only calls these methods.

use crate::lesson::questions::{self, Observed, Prediction, Question, Revealed, RunQuestion, Said};
use crate::lesson::run::LessonRun;
use cslab_scene::kind::look;
use cslab_scene::story::{Plot, StoryScan, StoryStep};
use std::any::Any;
use std::cell::RefCell;

use cslab_scene::packets::{PacketCursor, PacketView};
use cslab_sim::net::World;
use cslab_sim::time::SimTime;

/// Simulated nanoseconds per real millisecond for each stop of the speed
/// slider: from slow motion (1 ms of network time per real second) to ten
/// times real time. Networks live in microseconds and milliseconds, so the
/// useful range is wide and logarithmic; below 1 ms a second a packet took
/// minutes to cross a link and the stage looked frozen (review C.12).
pub const SPEEDS_NS_PER_MS: [u64; 6] = [1_000, 10_000, 100_000, 1_000_000, 2_000_000, 10_000_000];

/// How far "step" moves the clock when there is no world to supply events.
pub const STEP: SimTime = SimTime::from_micros(100);

/// A real frame longer than this (a background tab, a debugger pause) counts
/// as this long, so the clock never leaps.
const MAX_FRAME_MS: f64 = 100.0;

/// A dropped packet falls for this much real time, whatever the speed.
const FALL_REAL_MS: u64 = 600;
/// A silence on the stage longer than this, in real milliseconds, is
/// skipped (a client waiting seconds for its SYN to be retried) ...
const QUIET_SKIP_MS: u64 = 1_500;
/// ... up to this long before the next thing happens.
const QUIET_LEAD_MS: u64 = 300;

/// What a playback's clock drives: a lesson's network, or a run told in
/// flows or rounds that a view of its own draws. Every lesson goes through
/// the one playback, so its controls work the same in every lesson.
pub trait Clocked: AsAny {
    /// Simulates up to `t`, or as far as one frame's share of work allows
    /// (the clock then waits for the run); the instant it reached.
    fn run_until(&mut self, t: SimTime) -> SimTime;
    /// Where the run ends, once it has.
    fn end(&self) -> Option<SimTime>;
    /// The first instant after `t` where something happens, running on to
    /// find it.
    fn next_instant_after(&mut self, t: SimTime) -> Option<SimTime>;
    /// The latest instant before `t` where something happened.
    fn instant_before(&self, t: SimTime) -> Option<SimTime>;
    /// How far the run has been simulated.
    fn horizon(&self) -> SimTime;
    /// The network, for a lesson on the stage.
    fn network(&self) -> Option<&dyn LessonRun> {
        None
    }
    fn network_mut(&mut self) -> Option<&mut (dyn LessonRun + 'static)> {
        None
    }
    /// What the run asks the learner to predict, where it says (a run told
    /// without a story asks its questions itself).
    fn questions(&self) -> &'static [RunQuestion] {
        &[]
    }
    /// The run moves on elsewhere (a Web Worker) and answers a frame after
    /// it is asked.
    fn in_background(&self) -> bool {
        false
    }
}

/// The run itself, for the view that draws it and fits its work to the
/// frame: every `Clocked` is one, by the blanket implementation.
pub trait AsAny {
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Any> AsAny for T {
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// For a run whose instants fall every `every` (a sample, a round): the
/// first one after `t`.
pub fn instant_after(t: SimTime, every: SimTime) -> SimTime {
    SimTime::from_nanos((t.as_nanos() / every.as_nanos() + 1) * every.as_nanos())
}

/// The last instant of such a run before `t`, if `t` is not zero.
pub fn instant_before(t: SimTime, every: SimTime) -> Option<SimTime> {
    let before = t.as_nanos().checked_sub(1)? / every.as_nanos() * every.as_nanos();
    Some(SimTime::from_nanos(before))
}

/// A lesson's network under the clock: its instants are the trace's.
struct Network(Box<dyn LessonRun>);

/// A network run, for [`Playback::over`].
pub fn network(run: Box<dyn LessonRun>) -> Box<dyn Clocked> {
    Box::new(Network(run))
}

/// Events a network runs in one frame at most; the rest waits for the next
/// frame (the clock waits with it).
const FRAME_EVENTS: u64 = 4_000;

impl Clocked for Network {
    fn run_until(&mut self, t: SimTime) -> SimTime {
        self.0.run_within(t, FRAME_EVENTS)
    }

    fn end(&self) -> Option<SimTime> {
        let world = self.0.world();
        world.next_event_time().is_none().then(|| world.now())
    }

    fn next_instant_after(&mut self, t: SimTime) -> Option<SimTime> {
        // Events due now (a world's start-up, at time zero) come first.
        self.0.run_until(t);
        next_recorded_after(&mut *self.0, t)
    }

    /// The world does not run backwards: the trace already holds the past.
    fn instant_before(&self, t: SimTime) -> Option<SimTime> {
        self.0
            .world()
            .trace()
            .records()
            .rev()
            .map(|record| record.t)
            .find(|&recorded| recorded < t)
    }

    fn horizon(&self) -> SimTime {
        self.0.world().now()
    }

    fn network(&self) -> Option<&dyn LessonRun> {
        Some(&*self.0)
    }

    fn network_mut(&mut self) -> Option<&mut (dyn LessonRun + 'static)> {
        Some(&mut *self.0)
    }

    fn questions(&self) -> &'static [RunQuestion] {
        self.0.questions()
    }
}

pub struct Playback {
    run: Option<Box<dyn Clocked>>,
    /// The speed slider's stops, in simulated nanoseconds per real
    /// millisecond: [`SPEEDS_NS_PER_MS`] for a network.
    speeds: &'static [u64],
    /// Where the clock is going while the run catches up with it.
    pending: Option<SimTime>,
    /// Each link's one-way propagation delay, read once: the drawing needs
    /// it every frame and the links never change.
    propagation: Vec<SimTime>,
    now: SimTime,
    playing: bool,
    speed: usize,
    /// When the world ran out of events, once it has: the run is over there
    /// and the clock stops (review C.3: it used to run on for ever).
    end: Option<SimTime>,
    /// Where the drawing has read the trace to. Drawing is a read of the
    /// playback, but moving the cursor on is what keeps a frame cheap.
    cursor: RefCell<PacketCursor>,
    /// The lesson's narration, whose steps the clock stops at.
    plot: Option<Plot>,
    /// The narration read so far, read on as the clock moves (a frame
    /// cannot afford to read a long run's trace again).
    story: RefCell<Option<StoryScan>>,
    /// Stop at every step (the learner can turn it off) ...
    pause_at_steps: bool,
    /// ... or at the next one only (the learner asked for it).
    stop_at_next_step: bool,
    /// Stopped where a step begins, waiting for the learner.
    at_step: bool,
    /// What the lesson asks the learner to predict where its story's
    /// steps begin (its run's own questions count after these), and what
    /// they said.
    questions: &'static [Question],
    said: Vec<Option<Said>>,
    /// The question the clock waits on: playing, "next step" and stepping
    /// forward are held until it is answered or skipped.
    waiting: Option<usize>,
    /// What the run showed for each question, read once where its answer
    /// shows (the trace before that instant does not change) ...
    observed: RefCell<Vec<Option<(SimTime, Observed)>>>,
    /// ... and whether the page has told its embedding page so.
    reported: Vec<bool>,
}

/// What the controls show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlaybackStatus {
    pub now: SimTime,
    pub playing: bool,
    pub speed: usize,
    /// How many stops the speed slider has, and what the current one is
    /// worth in simulated nanoseconds per real millisecond.
    pub speed_stops: usize,
    pub ns_per_ms: u64,
    /// The clock reads in seconds: a run told in flows or rounds, not in
    /// the milliseconds and microseconds of a network's packets.
    pub in_seconds: bool,
    /// The clock has reached the end of the run.
    pub ended: bool,
    /// Stopped where a step of the narration begins, for the learner to
    /// read it and ask for the next.
    pub at_step: bool,
    pub pause_at_steps: bool,
    /// The question the run waits on, by its place in the lesson's list.
    pub question: Option<usize>,
}

impl Playback {
    /// A clock at zero, playing, at `speed`, over a network `run` (or over
    /// nothing yet).
    pub fn new(run: Option<Box<dyn LessonRun>>, speed: usize) -> Playback {
        Playback::over(run.map(network), SPEEDS_NS_PER_MS.as_slice(), speed)
    }

    /// A clock at zero, playing, at `speed` among `speeds`, over `run`.
    pub fn over(run: Option<Box<dyn Clocked>>, speeds: &'static [u64], speed: usize) -> Playback {
        let propagation = run
            .as_deref()
            .and_then(Clocked::network)
            .map(|run| {
                run.world()
                    .links()
                    .iter()
                    .map(|link| link.spec.propagation)
                    .collect()
            })
            .unwrap_or_default();
        Playback {
            run,
            speeds,
            pending: None,
            propagation,
            now: SimTime::ZERO,
            playing: true,
            speed: speed.min(speeds.len() - 1),
            end: None,
            cursor: RefCell::default(),
            plot: None,
            story: RefCell::default(),
            pause_at_steps: true,
            stop_at_next_step: false,
            at_step: false,
            questions: &[],
            said: Vec::new(),
            waiting: None,
            observed: RefCell::default(),
            reported: Vec::new(),
        }
    }

    /// The same clock, stopping at the steps of `plot` (if the lesson has a
    /// narration): the first step plays by itself, so the page opens moving.
    pub fn with_plot(mut self, plot: Option<Plot>) -> Playback {
        self.plot = plot;
        self
    }

    /// The same clock, stopping to ask `questions` where their steps begin,
    /// and its run's own questions where the run says.
    pub fn with_questions(mut self, questions: &'static [Question]) -> Playback {
        self.questions = questions;
        let count = questions.len() + self.run_questions().len();
        self.said = vec![None; count];
        self.observed = RefCell::new(vec![None; count]);
        self.reported = vec![false; count];
        self
    }

    /// Every question the clock may ask, in the order of [`Playback::said`]
    /// and of [`PlaybackStatus::question`].
    pub fn predictions(&self) -> Vec<&'static dyn Prediction> {
        predictions(self.questions, self.run.as_deref())
    }

    /// The questions the run asks where it says.
    fn run_questions(&self) -> &'static [RunQuestion] {
        self.run.as_deref().map_or(&[], Clocked::questions)
    }

    /// The learner's answer to the question the clock waits on (or their
    /// skip): the run plays on to the next step.
    pub fn answer(&mut self, said: Said) {
        let Some(index) = self.waiting.take() else {
            return;
        };
        self.said[index] = Some(said);
        self.next_step();
    }

    /// A command that moves the clock on while a question waits counts as
    /// skipping it: no command is ever refused, so a loop that drives the
    /// clock (a test, a bench) cannot wait forever. The page holds its
    /// learner at the question itself (`ui::question::holds`).
    fn move_past_question(&mut self) {
        if let Some(index) = self.waiting.take() {
            self.said[index] = Some(Said::Skipped);
        }
    }

    /// What the learner said to each question, in the lesson's order.
    pub fn said(&self) -> &[Option<Said>] {
        &self.said
    }

    /// The questions answered (or skipped) whose answer the run has shown
    /// by the clock, with what it showed.
    pub fn revealed(&self) -> Vec<Revealed> {
        // Read only while a question said waits for its answer: the page
        // asks every frame.
        let mut steps = None;
        let mut cache = self.observed.borrow_mut();
        let predictions = self.predictions();
        (predictions.into_iter().enumerate())
            .zip(self.said.iter().zip(cache.iter_mut()))
            .filter_map(|((index, question), (said, cached))| {
                let said = (*said)?;
                if cached.is_none() {
                    let steps = steps.get_or_insert_with(|| self.story_until(self.now));
                    *cached = self.observe(index, steps);
                }
                let (at, observed) = cached.clone().filter(|&(at, _)| at <= self.now)?;
                Some(Revealed {
                    question,
                    said,
                    observed,
                    at,
                })
            })
            .collect()
    }

    /// What the run showed for the question at `index`, once its answer
    /// shows by the clock: where a step of `steps` begins, or where the run
    /// decided it.
    fn observe(&self, index: usize, steps: &[(SimTime, StoryStep)]) -> Option<(SimTime, Observed)> {
        match index.checked_sub(self.questions.len()) {
            None => questions::observe(&self.questions[index], self.world()?, steps),
            Some(index) => {
                // Observed as soon as the run has decided, ahead of the
                // clock: the page's run goes on ahead of what it shows, and
                // its bounded trace would soon no longer reach back to the
                // instant that decided (a busy server's records fill it in
                // under a second). [`Playback::revealed`] shows it once the
                // clock gets there.
                let question = &self.run_questions()[index];
                let run = self.run.as_deref()?;
                let at = (question.reveal)(run)?;
                Some((at, (question.observe)(run, at)?))
            }
        }
    }

    /// The answers shown that the page has not yet told its embedding
    /// page of (each is told once).
    pub fn unreported(&mut self) -> Vec<Revealed> {
        let revealed = self.revealed();
        let predictions = self.predictions();
        (revealed.into_iter())
            .filter(|shown| {
                let index = (predictions.iter()).position(|q| q.key() == shown.question.key());
                index.is_some_and(|index| !std::mem::replace(&mut self.reported[index], true))
            })
            .collect()
    }

    /// The unanswered question asked where a step began at `t`, if any.
    fn question_at(&self, steps: &[(SimTime, StoryStep)], t: SimTime) -> Option<usize> {
        (self.questions.iter().enumerate())
            .filter(|&(index, _)| self.said[index].is_none())
            .find(|(_, question)| questions::asked_at(question, steps) == Some(t))
            .map(|(index, _)| index)
    }

    /// The first unanswered question the run asks after `from` (or at
    /// its start, from its start) and by the clock: where, and which.
    fn run_question_after(&self, from: SimTime) -> Option<(SimTime, usize)> {
        let run = self.run.as_deref()?;
        (self.run_questions().iter().enumerate())
            .map(|(index, question)| (index + self.questions.len(), question))
            .filter(|&(index, _)| self.said.get(index) == Some(&None))
            .filter_map(|(index, question)| Some(((question.ask)(run)?, index)))
            .filter(|&(t, _)| (t > from || t == from && from == SimTime::ZERO) && t <= self.now)
            .min()
    }

    pub fn status(&self) -> PlaybackStatus {
        PlaybackStatus {
            now: self.now,
            playing: self.playing,
            speed: self.speed,
            speed_stops: self.speeds.len(),
            ns_per_ms: self.speeds[self.speed],
            in_seconds: self.run.is_some() && self.run().is_none(),
            ended: self.end.is_some_and(|end| self.now >= end),
            at_step: self.at_step,
            pause_at_steps: self.pause_at_steps,
            question: self.waiting,
        }
    }

    /// The clock waits for the run to catch up with it.
    pub fn catching_up(&self) -> bool {
        self.pending.is_some()
    }

    /// The network, for a lesson on the stage.
    pub fn run(&self) -> Option<&dyn LessonRun> {
        self.run.as_deref().and_then(Clocked::network)
    }

    pub fn run_mut(&mut self) -> Option<&mut (dyn LessonRun + 'static)> {
        self.run.as_deref_mut().and_then(Clocked::network_mut)
    }

    /// The run, whatever it is, for the view that draws it.
    pub fn clocked(&self) -> Option<&dyn Clocked> {
        self.run.as_deref()
    }

    pub fn clocked_mut(&mut self) -> Option<&mut (dyn Clocked + 'static)> {
        self.run.as_deref_mut()
    }

    pub fn world(&self) -> Option<&World> {
        self.run().map(LessonRun::world)
    }

    /// A real frame of `real_ms` went by.
    pub fn advance(&mut self, real_ms: f64) {
        if let Some(t) = self.pending {
            // The run is still catching up with the clock: it waits, and
            // stops at a step it passes on the way.
            let from = self.now;
            self.seek(t);
            self.stop_at_step_after(from);
            // A run in the background answers each frame's clock a frame
            // later: once it has, the clock goes on this frame, or it
            // would only move every other frame.
            let background = self.run.as_deref().is_some_and(Clocked::in_background);
            if self.pending.is_some() || !background {
                return;
            }
        }
        if !self.playing {
            return;
        }
        let real_ms = real_ms.clamp(0.0, MAX_FRAME_MS);
        // Whole simulated nanoseconds: time stays an integer.
        let advance = (real_ms * self.speeds[self.speed] as f64).round() as u64;
        let from = self.now;
        let to = self.now + SimTime::from_nanos(advance);
        self.seek(self.quiet_until(to).unwrap_or(to));
        self.stop_at_step_after(from);
    }

    /// Stops the clock where a step of the narration began after `from`,
    /// if one did and the clock is to stop there; or where the run asks a
    /// question, if that comes first.
    fn stop_at_step_after(&mut self, from: SimTime) {
        let step = self.step_begun_after(from);
        if let Some((t, index)) = self
            .pause_at_steps
            .then(|| self.run_question_after(from))
            .flatten()
            && step.is_none_or(|(at, _)| t <= at)
        {
            // The run may have gone a frame past it: it goes back there,
            // so what its view draws is the instant it asks at.
            self.seek(t);
            self.playing = false;
            self.at_step = true;
            self.stop_at_next_step = false;
            self.waiting = Some(index);
            return;
        }
        if let Some((t, question)) = step {
            // The world may have run a frame past it: the trace is read by
            // the clock, so what is drawn and told is the step's instant.
            self.now = t;
            self.pending = None;
            self.playing = false;
            self.at_step = true;
            self.stop_at_next_step = false;
            self.waiting = question;
        }
    }

    /// Where the clock jumps to instead of `to` when nothing is on the stage
    /// and nothing will happen for longer than [`QUIET_SKIP_MS`] of real
    /// time: shortly before the next event. Nothing is skipped but silence.
    fn quiet_until(&self, to: SimTime) -> Option<SimTime> {
        let next = self.world()?.next_event_time()?;
        let ns_per_ms = self.speeds[self.speed];
        let lead = SimTime::from_nanos(QUIET_LEAD_MS * ns_per_ms);
        let silent = next.saturating_sub(self.now).as_nanos() > QUIET_SKIP_MS * ns_per_ms;
        (silent && next > to + lead && self.packets().is_empty()).then(|| next - lead)
    }

    /// Where a step of the narration after the first began, after `from`
    /// and up to the clock, if the clock is to stop there, with the
    /// question asked there. With the stops turned off the learner chose
    /// to watch the run go: no question interrupts it.
    fn step_begun_after(&self, from: SimTime) -> Option<(SimTime, Option<usize>)> {
        if !(self.pause_at_steps || self.stop_at_next_step) {
            return None;
        }
        let steps = self.story_until(self.now);
        let t = (steps.iter().skip(1))
            .map(|&(t, _)| t)
            .find(|&t| t > from && t <= self.now)?;
        Some((t, self.question_at(&steps, t)))
    }

    /// The narration's steps begun by `until`, each with its time.
    pub fn story_until(&self, until: SimTime) -> Vec<(SimTime, StoryStep)> {
        let (Some(world), Some(plot)) = (self.world(), self.plot) else {
            return Vec::new();
        };
        let mut story = self.story.borrow_mut();
        let scan = match &mut *story {
            Some(scan) if scan.plot() == plot => scan,
            slot => slot.insert(StoryScan::new(world, plot)),
        };
        scan.read_until(world, until);
        scan.steps_until(until).to_vec()
    }

    /// Plays or pauses; at the end of the run, plays it again from zero.
    /// A question waiting is skipped.
    pub fn toggle_play(&mut self) {
        self.move_past_question();
        if !self.playing && self.status().ended {
            self.seek(SimTime::ZERO);
        }
        self.playing = !self.playing;
        self.at_step = false;
    }

    /// Plays or pauses as asked (a course page's command, `?autoplay=0`);
    /// nothing changes if it already does.
    pub fn set_playing(&mut self, on: bool) {
        if self.playing != on {
            self.toggle_play();
        }
    }

    /// Plays on to where the narration's next step begins, and stops there
    /// even if the learner turned the stops off; at the end, plays the run
    /// again from zero. A question waiting is skipped.
    pub fn next_step(&mut self) {
        self.move_past_question();
        if !self.playing {
            self.toggle_play();
        }
        self.stop_at_next_step = self.plot.is_some();
    }

    /// Whether playing stops at every step of the narration.
    pub fn set_pause_at_steps(&mut self, on: bool) {
        self.pause_at_steps = on;
    }

    pub fn set_speed(&mut self, speed: usize) {
        self.speed = speed.min(self.speeds.len() - 1);
    }

    /// Pauses and moves to the next recorded instant after now: the one the
    /// trace already holds when the clock was taken back, else the world is
    /// run on until something is recorded. Back and forth visit the same
    /// instants (review C.1: forward used to jump to the world's next
    /// pending event, past everything already recorded).
    /// A question waiting is skipped; a step that reaches a question's
    /// instant stops there and asks it.
    pub fn step_forward(&mut self) {
        self.move_past_question();
        self.playing = false;
        self.at_step = false;
        let now = self.now;
        let next = self
            .run
            .as_deref_mut()
            .and_then(|run| run.next_instant_after(now));
        match (next, self.run.is_some()) {
            (Some(t), _) => {
                self.seek(t);
                let steps = self.story_until(self.now);
                let asked = self.pause_at_steps.then(|| self.run_question_after(now));
                if let Some((t, index)) = asked.flatten() {
                    // Asked where the run says, at or before this instant.
                    self.seek(t);
                    self.waiting = Some(index);
                } else {
                    self.waiting = (self.pause_at_steps)
                        .then(|| self.question_at(&steps, self.now))
                        .flatten();
                }
                self.at_step |= self.waiting.is_some();
            }
            (None, false) => self.seek(now + STEP),
            // Nothing more will happen: the clock stays at the end.
            (None, true) => {}
        }
    }

    /// Pauses and moves back to the latest instant before now where
    /// something happened.
    pub fn step_back(&mut self) {
        self.playing = false;
        self.at_step = false;
        self.waiting = None;
        let before = self
            .run
            .as_deref()
            .and_then(|run| run.instant_before(self.now));
        self.seek(before.unwrap_or(self.now.saturating_sub(STEP)));
    }

    /// How far the run has been simulated: the end of the timeline so far.
    pub fn horizon(&self) -> SimTime {
        self.run
            .as_deref()
            .map_or(self.now, |run| run.horizon().max(self.now))
    }

    /// Pauses and moves the clock to `t` (a scrub along the timeline).
    pub fn scrub(&mut self, t: SimTime) {
        self.playing = false;
        self.at_step = false;
        self.waiting = None;
        self.seek(t);
    }

    /// Moves the clock to `t`, simulating the run up to it (the clock waits
    /// while a run catches up); past the end of the run it stops there,
    /// paused.
    pub fn seek(&mut self, t: SimTime) {
        self.now = t;
        self.pending = None;
        if let Some(run) = self.run.as_deref_mut() {
            let reached = run.run_until(t);
            if reached < t {
                self.now = reached;
                self.pending = Some(t);
            }
            if let Some(end) = run.end() {
                self.end = Some(end);
            }
        }
        if let Some(end) = self.end
            && self.now >= end
        {
            self.now = end;
            self.playing = false;
        }
    }

    /// The packets to draw now.
    pub fn packets(&self) -> Vec<PacketView> {
        let Some(world) = self.world() else {
            return Vec::new();
        };
        let fall = SimTime::from_nanos(FALL_REAL_MS * self.speeds[self.speed]);
        let trace = world.trace();
        self.cursor.borrow_mut().packets_at(
            trace,
            |link| self.propagation[link.index()],
            |pkt| look(trace.header(pkt)),
            self.now,
            fall,
        )
    }
}

/// Every question of a lesson: those asked where its story's steps begin,
/// then those its `run` asks.
pub fn predictions(
    questions: &'static [Question],
    run: Option<&dyn Clocked>,
) -> Vec<&'static dyn Prediction> {
    let asked_by_run = run.map_or(&[][..], Clocked::questions);
    let steps = questions.iter().map(|q| q as &'static dyn Prediction);
    steps.chain(asked_by_run.iter().map(|q| q as _)).collect()
}

/// Events the world may run, looking for the next record, before "step"
/// gives up and moves by [`STEP`] (a world that only sets silent timers).
const MAX_SILENT_EVENTS: u32 = 100_000;

/// The first recorded instant after `now`, running the world on (one event
/// time at a time) until there is one.
fn next_recorded_after(run: &mut dyn LessonRun, now: SimTime) -> Option<SimTime> {
    for _ in 0..MAX_SILENT_EVENTS {
        let recorded = run
            .world()
            .trace()
            .records()
            .map(|record| record.t)
            .find(|&t| t > now);
        if recorded.is_some() {
            return recorded;
        }
        let t = run.world_mut().next_event_time()?;
        run.run_until(t);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::questions::Choice;
    use cslab_scene::packets::packets_at;
    use cslab_sim::runs::queue::{QueueParams, QueueSim};
    use cslab_sim::trace::TraceMode;

    fn queue_run() -> Box<dyn LessonRun> {
        let params = QueueParams {
            requests: 20,
            rtt_ms: 10.0,
            trace: TraceMode::Full,
            ..QueueParams::default()
        };
        Box::new(QueueSim::new(&params).unwrap())
    }

    #[test]
    fn frames_advance_the_clock_only_while_playing() {
        let mut playback = Playback::new(None, 0);
        playback.advance(16.0);
        assert_eq!(playback.status().now, SimTime::from_micros(16));
        playback.toggle_play();
        playback.advance(16.0);
        assert_eq!(playback.status().now, SimTime::from_micros(16));
    }

    #[test]
    fn playing_as_asked_changes_only_what_differs() {
        let mut playback = Playback::new(None, 0);
        playback.set_playing(true);
        assert!(playback.status().playing, "already playing: still playing");
        playback.set_playing(false);
        playback.set_playing(false);
        assert!(!playback.status().playing);
        playback.set_playing(true);
        assert!(playback.status().playing);
    }

    #[test]
    fn a_long_frame_is_clamped_and_speed_scales() {
        let mut playback = Playback::new(None, 99);
        assert_eq!(playback.status().speed, SPEEDS_NS_PER_MS.len() - 1);
        playback.advance(5_000.0);
        assert_eq!(playback.status().now, SimTime::from_millis(1_000));
    }

    #[test]
    fn stepping_visits_each_event_and_back_again() {
        let mut playback = Playback::new(Some(queue_run()), 0);
        playback.step_forward();
        let first = playback.status().now;
        assert!(!playback.status().playing);
        playback.step_forward();
        let second = playback.status().now;
        assert!(second > first);
        playback.step_back();
        let back = playback.status().now;
        assert!(first <= back && back < second);
        assert!(
            playback
                .world()
                .unwrap()
                .trace()
                .records()
                .any(|record| record.t == back)
        );
    }

    /// Review C.1: paused at an instant, back three times, then forward:
    /// forward lands on the instants back left, in order, and then on the
    /// ones after, as a first pass did; from zero it lands on the first.
    #[test]
    fn stepping_forward_after_back_visits_the_same_instants() {
        let mut playback = Playback::new(Some(queue_run()), 0);
        let mut visited = Vec::new();
        for _ in 0..40 {
            playback.step_forward();
            visited.push(playback.status().now);
        }
        assert!(visited.windows(2).all(|pair| pair[0] < pair[1]));
        for back in [1, 3, 17, 39] {
            // From the last instant visited, `back` steps back and forth.
            playback.scrub(visited[39]);
            for _ in 0..back {
                playback.step_back();
            }
            assert_eq!(playback.status().now, visited[39 - back]);
            let again: Vec<SimTime> = (0..back)
                .map(|_| {
                    playback.step_forward();
                    playback.status().now
                })
                .collect();
            assert_eq!(again, visited[40 - back..], "{back} steps back");
        }
        playback.scrub(SimTime::ZERO);
        playback.step_forward();
        assert_eq!(playback.status().now, visited[0], "after scrubbing to 0");
    }

    /// Review C.3: the clock stops where the world runs out of events,
    /// paused; Play then plays the run again from zero, and Step stays.
    #[test]
    fn the_run_ends_and_plays_again_from_the_start() {
        let mut playback = Playback::new(Some(queue_run()), 5);
        for _ in 0..10_000 {
            if !playback.status().playing {
                break;
            }
            playback.advance(16.0);
        }
        let status = playback.status();
        assert!(status.ended && !status.playing);
        let world = playback.world().unwrap();
        assert_eq!(status.now, world.now());
        let last = world.trace().records().last().unwrap().t;
        assert!(last <= status.now);
        playback.step_forward();
        assert_eq!(playback.status().now, status.now, "nothing after the end");
        playback.toggle_play();
        let again = playback.status();
        assert!(again.playing && !again.ended);
        assert_eq!(again.now, SimTime::ZERO);
    }

    #[test]
    fn the_world_is_simulated_up_to_the_clock_and_its_packets_are_drawn() {
        let mut playback = Playback::new(Some(queue_run()), 3);
        let mut seen = 0;
        for _ in 0..200 {
            playback.advance(16.0);
            let world = playback.world().unwrap();
            assert!(world.now() <= playback.status().now);
            assert!(
                world
                    .trace()
                    .records()
                    .all(|record| record.t <= playback.status().now)
            );
            seen += playback.packets().len();
        }
        assert!(seen > 0, "some packets were on the stage");
    }

    /// The packets a replay of the whole trace draws at the clock.
    fn replayed(playback: &Playback) -> Vec<PacketView> {
        let trace = playback.world().unwrap().trace();
        let status = playback.status();
        packets_at(
            trace.records(),
            |link| playback.propagation[link.index()],
            |pkt| look(trace.header(pkt)),
            status.now,
            SimTime::from_nanos(FALL_REAL_MS * status.ns_per_ms),
        )
    }

    #[test]
    fn the_packets_drawn_follow_the_clock_back_and_forth() {
        let mut playback = Playback::new(Some(queue_run()), 3);
        let mut drawn = 0;
        for frame in 0..120 {
            if frame == 80 {
                playback.scrub(SimTime::from_millis(300));
                playback.toggle_play();
            }
            playback.advance(16.0);
            let packets = playback.packets();
            assert_eq!(packets, replayed(&playback), "frame {frame}");
            drawn += packets.len();
        }
        assert!(drawn > 0);
        playback.step_back();
        assert_eq!(playback.packets(), replayed(&playback));
    }

    /// The web page lesson's run, told as the page tells it.
    fn narrated(speed: usize) -> Playback {
        let lesson = crate::lesson::Lesson::from_code("web-page").unwrap();
        let settings = crate::lesson::settings::Settings::default();
        let (_, run) = lesson.build(&settings, 1).unwrap();
        Playback::new(Some(run), speed).with_plot(lesson.plot(&settings))
    }

    /// Where each step of the web page's story begins, from a run played
    /// to its end in one go.
    fn step_starts() -> Vec<SimTime> {
        let mut playback = narrated(0);
        playback.seek(SimTime::MAX);
        let world = playback.world().unwrap();
        cslab_scene::story::story(world, SimTime::MAX, Plot::PageLoad)
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    /// Plays frames of 16 ms until the clock stops; where it stopped.
    fn play_until_it_stops(playback: &mut Playback) -> PlaybackStatus {
        for _ in 0..1_000_000 {
            playback.advance(16.0);
            if !playback.status().playing {
                break;
            }
        }
        playback.status()
    }

    /// Review D: the narration ran ahead of the learner. The clock stops
    /// exactly where each step after the first begins (the first plays by
    /// itself, so the page opens moving; steps that begin at one instant,
    /// such as the DNS answer and the SYN it lets the browser send, share a
    /// stop), at a lesson's speed and at ten times real time alike, and
    /// "next step" plays on to the next one; the run then ends.
    #[test]
    fn playing_stops_where_each_step_after_the_first_begins() {
        let starts = step_starts();
        assert!(starts.len() >= 8, "{starts:?}");
        for speed in [1, 5] {
            let mut playback = narrated(speed);
            let mut stops = Vec::new();
            loop {
                let status = play_until_it_stops(&mut playback);
                if status.ended {
                    break;
                }
                assert!(status.at_step, "speed {speed}: stopped at {:?}", status.now);
                stops.push(status.now);
                playback.next_step();
                assert!(!playback.status().at_step);
            }
            let mut expected: Vec<SimTime> =
                starts.iter().copied().filter(|&t| t > starts[0]).collect();
            expected.dedup();
            assert_eq!(stops, expected, "speed {speed}");
        }
    }

    /// With the stops turned off the run plays to its end; "next step" still
    /// stops once, at the next step.
    #[test]
    fn stops_can_be_turned_off_and_next_step_still_stops_once() {
        let starts = step_starts();
        let mut playback = narrated(3);
        playback.set_pause_at_steps(false);
        assert!(!playback.status().pause_at_steps);
        playback.next_step();
        let status = play_until_it_stops(&mut playback);
        assert!(status.at_step && status.now == starts[1]);
        playback.toggle_play();
        let status = play_until_it_stops(&mut playback);
        assert!(status.ended && !status.at_step, "{status:?}");
    }

    /// Review C.12: at the old slowest stops (1 to 100 µs of network time a
    /// second) a packet took minutes to cross a link. At the slowest stop
    /// now, the web page's first packet reaches the end of its link within
    /// a few seconds of real time.
    #[test]
    fn the_slowest_speed_still_moves_a_packet_across_in_seconds() {
        let mut playback = narrated(0);
        playback.set_pause_at_steps(false);
        playback.advance(16.0);
        let first = playback
            .packets()
            .first()
            .expect("a packet at the start")
            .pkt;
        let mut real_ms = 16.0;
        while playback.packets().iter().any(|packet| packet.pkt == first) {
            playback.advance(16.0);
            real_ms += 16.0;
            assert!(real_ms < 5_000.0, "still on its link after {real_ms} ms");
        }
    }

    /// A client waiting for its SYN to be retried (1 s, 2 s … 64 s of
    /// silence) does not keep the learner waiting: with nothing on the
    /// stage the clock jumps to shortly before the next event, and while a
    /// packet is drawn it moves frame by frame.
    #[test]
    fn silences_are_skipped_and_nothing_else() {
        use crate::lesson::Lesson;
        use crate::lesson::settings::Settings;
        let lesson = Lesson::from_code("what-is-a-server").unwrap();
        let (_, mut playback) = lesson.playback(&Settings::default(), 1);
        playback.set_pause_at_steps(false);
        let frame = SimTime::from_nanos(16 * SPEEDS_NS_PER_MS[playback.status().speed]);
        let mut frames = 0;
        while !playback.status().ended {
            let (before, drawn) = (playback.status().now, !playback.packets().is_empty());
            playback.advance(16.0);
            let moved = playback.status().now - before;
            assert!(!drawn || moved <= frame, "jumped {moved:?} at {before:?}");
            frames += 1;
            assert!(frames < 20_000, "still at {:?}", playback.status().now);
        }
        // The filtered door alone is 127 s: 79,375 frames at this speed.
        assert!(playback.status().now > SimTime::from_secs(127));
    }

    /// The web page lesson as the page plays it, asking its question.
    fn asking(http: &str) -> Playback {
        let lesson = crate::lesson::Lesson::from_code("web-page").unwrap();
        let mut settings = crate::lesson::settings::Settings::default();
        settings.set_from_query("http", http).unwrap().unwrap();
        let (_, playback) = lesson.playback(&settings, 1);
        playback.with_questions(lesson.questions())
    }

    /// Plays on from step to step until the clock waits on a question.
    fn play_to_the_question(playback: &mut Playback) -> PlaybackStatus {
        for _ in 0..100 {
            let status = play_until_it_stops(playback);
            if status.question.is_some() || status.ended {
                return status;
            }
            playback.next_step();
        }
        panic!("no question in 100 steps");
    }

    /// Predict, then observe: the clock stops where the question is asked
    /// and frames do not move it on until the learner answers; the answer
    /// is then compared with what the run shows where the page is complete.
    #[test]
    fn a_question_holds_the_clock_until_it_is_answered() {
        for (http, syns) in [("persistent", 1), ("nonpersistent", 4)] {
            let mut playback = asking(http);
            let status = play_to_the_question(&mut playback);
            assert_eq!(status.question, Some(0), "{http}");
            assert!(status.at_step && !status.playing);
            for _ in 0..100 {
                playback.advance(16.0);
            }
            assert_eq!(playback.status().now, status.now, "{http}: held");
            assert!(playback.revealed().is_empty());
            let wrong = Choice::Number(if syns == 1 { 4 } else { 1 });
            playback.answer(Said::Chose(wrong));
            assert_eq!(playback.status().question, None);
            assert!(playback.status().playing, "{http}: plays on once answered");
            while playback.revealed().is_empty() && !playback.status().ended {
                playback.next_step();
                play_until_it_stops(&mut playback);
            }
            let shown = playback.revealed();
            assert_eq!(shown.len(), 1, "{http}");
            assert_eq!(shown[0].observed.answer, Choice::Number(syns), "{http}");
            assert!(!shown[0].right(), "{http}: {wrong:?} was not the run's");
        }
    }

    /// A command that would move the clock past a waiting question (play,
    /// next step, step forward) skips it, so nothing that drives the clock
    /// can wait on a learner who is not there.
    #[test]
    fn moving_on_past_a_question_skips_it() {
        let commands: [fn(&mut Playback); 3] = [
            Playback::toggle_play,
            Playback::next_step,
            Playback::step_forward,
        ];
        for command in commands {
            let mut playback = asking("nonpersistent");
            let asked = play_to_the_question(&mut playback).now;
            command(&mut playback);
            assert_eq!(playback.said(), &[Some(Said::Skipped)]);
            assert_eq!(playback.status().question, None);
            for _ in 0..10 {
                playback.advance(16.0);
            }
            playback.step_forward();
            assert!(playback.status().now > asked, "moved on");
        }
    }

    /// With the stops turned off the run plays to its end without asking.
    #[test]
    fn with_the_stops_off_no_question_interrupts_the_run() {
        let mut playback = asking("nonpersistent");
        playback.set_pause_at_steps(false);
        let status = play_until_it_stops(&mut playback);
        assert!(status.ended && status.question.is_none(), "{status:?}");
        assert_eq!(playback.said(), &[None]);
    }

    /// A question a run asks where it says (the comparison as it starts,
    /// the gossip where half of the nodes have the block) holds the clock
    /// there until it is answered, and its answer shows where the run
    /// decided it, not before.
    #[test]
    fn a_run_asks_where_it_says_and_answers_where_it_decides() {
        use crate::lesson::Lesson;
        use crate::lesson::settings::Settings;
        for (code, query) in [("gossip", ("nodes", "200")), ("cs-vs-p2p", ("peers", "10"))] {
            let lesson = Lesson::from_code(code).unwrap();
            let mut settings = Settings::default();
            settings.set_from_query(query.0, query.1).unwrap().unwrap();
            let (_, playback) = lesson.playback(&settings, 1);
            let mut playback = playback.with_questions(lesson.questions());
            let question = playback.run_questions()[0].ask;
            let status = play_until_it_stops(&mut playback);
            let asked = question(playback.clocked().unwrap()).unwrap();
            assert_eq!((status.question, status.now), (Some(0), asked), "{code}");
            for _ in 0..100 {
                playback.advance(16.0);
            }
            assert_eq!(playback.status().now, asked, "{code}: held");
            playback.answer(Said::Chose(Choice::Words("no such choice")));
            let mut shown = playback.revealed();
            while shown.is_empty() && !playback.status().ended {
                playback.advance(100.0);
                shown = playback.revealed();
            }
            let reveal = playback.run_questions()[0].reveal;
            let decided = reveal(playback.clocked().unwrap()).unwrap();
            assert_eq!(shown.len(), 1, "{code}");
            assert_eq!(shown[0].at, decided, "{code}");
            assert!(
                asked < decided && decided <= playback.status().now,
                "{code}"
            );
            assert!(!shown[0].right(), "{code}");
        }
    }

    /// A loop that plays each lesson that asks to its end, pressing "next step"
    /// wherever the clock stops, ends even where a question waits (it used
    /// to spin for ever: play and next step did nothing while one waited).
    #[test]
    fn playing_to_the_end_ends_with_questions_waiting() {
        for lesson in crate::lesson::Lesson::ALL {
            let settings = crate::lesson::settings::Settings::default();
            let (_, playback) = lesson.playback(&settings, 1);
            let mut playback = playback.with_questions(lesson.questions());
            if playback.predictions().is_empty() {
                continue;
            }
            let mut frames = 0;
            while !playback.status().ended && playback.clocked().is_some() {
                playback.advance(1_000.0);
                let status = playback.status();
                if !status.playing && !status.ended {
                    playback.next_step();
                }
                frames += 1;
                assert!(
                    frames < 100_000,
                    "{}: at {:?}",
                    lesson.code(),
                    playback.status()
                );
            }
        }
    }
}
