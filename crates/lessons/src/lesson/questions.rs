//! Predict, then observe: a lesson asks the learner a question where a step
//! of its story begins, before the step that shows the answer; the run
//! waits for the answer (or a skip); where the revealing step begins, the
//! answer is read from the run itself (its trace, up to that instant), never
//! stored, and compared with the learner's. Pure data and functions of the
//! world, so the page, the command line and the tests ask the same.

use super::settings::Settings;
use cslab_scene::i18n::Tr;
use cslab_scene::story::StoryStep;
use cslab_sim::net::World;
use cslab_sim::time::SimTime;

/// A question a lesson asks at a key moment of its run.
pub struct Question {
    /// The message id of its words (and its id in the page's events).
    pub key: &'static str,
    /// The numbers and words its sentence names, from the settings.
    pub args: fn(&Settings) -> Vec<(&'static str, Arg)>,
    /// The run stops where this step begins and waits for the answer.
    pub ask: StoryStep,
    /// The first of these steps to begin shows the answer.
    pub reveal: &'static [StoryStep],
    /// What the learner can choose from, for these settings.
    pub choices: fn(&Settings) -> Vec<Choice>,
    /// What the run shows, read from `world`'s trace up to the revealing
    /// step's instant (none if the trace does not tell).
    pub observe: fn(&World, SimTime) -> Option<Observed>,
}

/// One of a question's choices: words, or a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Words(&'static str),
    Number(u64),
}

/// A value named in a question's or an explanation's sentence.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Number(u64),
    /// A number written as it is, without grouping: a port.
    Plain(u64),
    /// A message id, said in the learner's language.
    Words(&'static str),
    /// A name said the same in every language (a rendition, "720p").
    Name(&'static str),
    /// A time, said in ms.
    Millis(SimTime),
}

/// What the run showed: the right choice, and the sentence that explains
/// it with the run's own numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Observed {
    pub answer: Choice,
    pub explain_key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// What the learner said to a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Said {
    Chose(Choice),
    Skipped,
}

/// A question whose answer the run has shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Revealed {
    pub question: &'static Question,
    pub said: Said,
    pub observed: Observed,
    /// Where the revealing step began.
    pub at: SimTime,
}

impl Revealed {
    pub fn right(&self) -> bool {
        self.said == Said::Chose(self.observed.answer)
    }
}

impl PartialEq for Question {
    fn eq(&self, other: &Question) -> bool {
        self.key == other.key
    }
}

impl std::fmt::Debug for Question {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Question({})", self.key)
    }
}

/// Where `question` is asked and where its answer shows in `steps` (the
/// story told so far), if it is asked at all.
pub fn asked_at(question: &Question, steps: &[(SimTime, StoryStep)]) -> Option<SimTime> {
    // The first step plays by itself (the page opens moving): a question
    // there could not stop the run before it.
    (steps.iter().skip(1))
        .find(|&&(_, step)| step == question.ask)
        .map(|&(t, _)| t)
}

/// Where the step that shows `question`'s answer began in `steps`.
pub fn revealed_at(question: &Question, steps: &[(SimTime, StoryStep)]) -> Option<SimTime> {
    (steps.iter())
        .find(|&&(_, step)| question.reveal.contains(&step))
        .map(|&(t, _)| t)
}

/// What the run showed for `question`, once its revealing step is among
/// `steps`.
pub fn observe(
    question: &Question,
    world: &World,
    steps: &[(SimTime, StoryStep)],
) -> Option<(SimTime, Observed)> {
    let at = revealed_at(question, steps)?;
    Some((at, (question.observe)(world, at)?))
}

/// A choice in words.
pub fn choice_text(tr: Tr, choice: Choice) -> String {
    match choice {
        Choice::Words(key) => tr.t(key),
        Choice::Number(n) => tr.0.integer(n),
    }
}

/// The sentence `key` with `args` said in `tr`'s language.
pub fn sentence(tr: Tr, key: &str, args: &[(&'static str, Arg)]) -> String {
    let said: Vec<(&str, String)> = (args.iter())
        .map(|(name, arg)| {
            let text = match arg {
                Arg::Number(n) => tr.0.integer(*n),
                Arg::Plain(n) => n.to_string(),
                Arg::Words(key) => tr.t(key),
                Arg::Name(name) => name.to_string(),
                Arg::Millis(t) => tr.0.decimal(t.as_secs_f64() * 1e3, 0),
            };
            (*name, text)
        })
        .collect();
    let said: Vec<(&str, &str)> = said.iter().map(|(n, t)| (*n, t.as_str())).collect();
    tr.t_args(key, &said)
}
