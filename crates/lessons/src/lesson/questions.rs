//! Predict, then observe: a lesson asks the learner a question where a step
//! of its story begins, before the step that shows the answer; the run
//! waits for the answer (or a skip); where the revealing step begins, the
//! answer is read from the run itself (its trace, up to that instant), never
//! stored, and compared with the learner's. Pure data and functions of the
//! world, so the page, the command line and the tests ask the same.
//!
//! A lesson without a story (told in flows, in rounds or in charts) asks a
//! [`RunQuestion`] instead: at an instant its run names (its start, or a
//! moment it reaches), answered where the run has decided it. Both kinds
//! are a [`Prediction`] to the page and the command line.

use super::playback::Clocked;
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

/// A question about a run, asked where the run says (not where a story
/// step begins) and answered from what the run recorded up to the instant
/// it decided the answer.
pub struct RunQuestion {
    /// The message id of its words (and its id in the page's events).
    pub key: &'static str,
    /// The numbers and words its sentence names, from the settings.
    pub args: fn(&Settings) -> Vec<(&'static str, Arg)>,
    /// What the learner can choose from, for these settings.
    pub choices: fn(&Settings) -> Vec<Choice>,
    /// Where the run asks it, once the run has gone that far (never, if
    /// the run makes the question meaningless).
    pub ask: fn(&dyn Clocked) -> Option<SimTime>,
    /// Where the run decided the answer, once it has.
    pub reveal: fn(&dyn Clocked) -> Option<SimTime>,
    /// What the run shows, read from what it recorded up to that instant.
    pub observe: fn(&dyn Clocked, SimTime) -> Option<Observed>,
}

/// What the page and the command line need of a question, whichever way
/// its lesson asks it.
pub trait Prediction: Sync {
    fn key(&self) -> &'static str;
    /// The numbers and words its sentence names.
    fn args(&self, settings: &Settings) -> Vec<(&'static str, Arg)>;
    fn choices(&self, settings: &Settings) -> Vec<Choice>;
}

/// Both kinds hold their words and choices in the same fields.
macro_rules! prediction {
    ($($kind:ty),*) => {$(
        impl Prediction for $kind {
            fn key(&self) -> &'static str {
                self.key
            }
            fn args(&self, settings: &Settings) -> Vec<(&'static str, Arg)> {
                (self.args)(settings)
            }
            fn choices(&self, settings: &Settings) -> Vec<Choice> {
                (self.choices)(settings)
            }
        }
    )*};
}

prediction!(Question, RunQuestion);

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
    /// A name read from the run (a site, a path), said as it is.
    Text(String),
    /// A time, said in whole seconds.
    Seconds(SimTime),
}

/// What the run showed: the right choice, and the sentence that explains
/// it with the run's own numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Observed {
    pub answer: Choice,
    pub explain_key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Observed {
    /// The run shows `answer`, a choice in words with the message id of the
    /// sentence that explains it, said with `args`.
    pub fn words(
        (answer, explain_key): (&'static str, &'static str),
        args: Vec<(&'static str, Arg)>,
    ) -> Observed {
        Observed {
            answer: Choice::Words(answer),
            explain_key,
            args,
        }
    }
}

/// Choices in words, from (choice, explanation) message ids.
pub fn word_choices(choices: &[(&'static str, &'static str)]) -> Vec<Choice> {
    (choices.iter())
        .map(|&(choice, _)| Choice::Words(choice))
        .collect()
}

/// What the learner said to a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Said {
    Chose(Choice),
    Skipped,
}

/// A question whose answer the run has shown.
#[derive(Clone)]
pub struct Revealed<Q: ?Sized + 'static = dyn Prediction> {
    pub question: &'static Q,
    pub said: Said,
    pub observed: Observed,
    /// Where the revealing step began.
    pub at: SimTime,
}

impl<Q: ?Sized> Revealed<Q> {
    pub fn right(&self) -> bool {
        self.said == Said::Chose(self.observed.answer)
    }
}

impl<Q: Prediction + ?Sized> PartialEq for Revealed<Q> {
    fn eq(&self, other: &Self) -> bool {
        (self.question.key(), self.said, &self.observed, self.at)
            == (other.question.key(), other.said, &other.observed, other.at)
    }
}

impl<Q: Prediction + ?Sized> std::fmt::Debug for Revealed<Q> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (f.debug_struct("Revealed"))
            .field("question", &self.question.key())
            .field("said", &self.said)
            .field("observed", &self.observed)
            .field("at", &self.at)
            .finish()
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
                Arg::Text(text) => text.clone(),
                Arg::Seconds(t) => tr.0.decimal(t.as_secs_f64(), 0),
            };
            (*name, text)
        })
        .collect();
    let said: Vec<(&str, &str)> = said.iter().map(|(n, t)| (*n, t.as_str())).collect();
    tr.t_args(key, &said)
}

/// Choices in words, from their message ids.
pub fn words(keys: &[&'static str]) -> Vec<Choice> {
    keys.iter().copied().map(Choice::Words).collect()
}
