//! Lessons: each is one module that describes itself in a [`LessonSpec`]
//! (its code, words, settings, view, narration and run), and [`Lesson::ALL`]
//! lists them. Pure data, no web crates, so the command line, the tests and
//! the page all read the same description. Adding a lesson: see the
//! README's "Adding a lesson".

pub mod address;
pub mod api;
pub mod compare;
pub mod database;
pub mod email;
pub mod files;
pub mod game;
pub mod gossip_lesson;
pub mod large_network;
pub mod layout;
pub mod login;
pub mod machine_state;
pub mod playback;
pub mod prepare;
pub mod privacy;
pub mod questions;
pub mod run;
pub mod server_says_no;
pub mod settings;
pub mod streaming;
pub mod transcript;
pub mod under_load;
pub mod web_page;
pub mod websocket;
pub mod what_is_a_server;
pub mod wire;

use cslab_scene::kind::PacketKind;
use cslab_scene::story::Plot;
use cslab_scene::topology::Topology;
use cslab_sim::trace::TraceMode;
use playback::{Clocked, Playback, network};
use prepare::Preparation;
use questions::Question;
use run::LessonRun;
use settings::{Settings, SettingsIn};

/// Everything the page, the command line and the tests know of a lesson.
pub struct LessonSpec {
    /// The form `?lesson=` takes, and `cslab-cli lesson`'s NAME.
    pub code: &'static str,
    pub title_key: &'static str,
    /// The paragraphs that introduce the lesson.
    pub intro_keys: &'static [&'static str],
    /// Where the lesson happens, and the card of settings beside it.
    pub view: LessonView,
    pub card: SettingsCard,
    /// The speed slider's stops (simulated nanoseconds a real millisecond)
    /// and the one the lesson opens at (1 s of real time is 10 ms of a page
    /// load, 100 ms of a busy server, 100 s of a file shared by a swarm).
    pub speeds: &'static [u64],
    pub default_speed: usize,
    /// Its settings, where they sit in [`Settings`] and in the address.
    pub settings: &'static dyn SettingsIn,
    /// The kinds of packet its legend explains, and whether any of them
    /// travel encrypted.
    pub legend: fn(&Settings) -> (&'static [PacketKind], bool),
    /// The story its narration tells, step by step (a lesson told by its
    /// charts has none).
    pub plot: fn(&Settings) -> Option<Plot>,
    /// What the learner could try next, said where the run ends.
    pub try_next_key: &'static str,
    /// For a lesson about one busy server: its workers and accept-queue
    /// places, which the stage shows filling up.
    pub server_gauge: fn(&Settings) -> Option<(u32, u32)>,
    /// The network to draw and the run on it, with a seed, keeping every
    /// trace record if asked (a transcript needs them all; the page keeps a
    /// bounded window); none for a lesson told in flows or rounds.
    pub build: fn(&Settings, u64, Option<TraceMode>) -> Option<Built>,
    /// The run of a lesson told in flows or rounds, with a seed, which its
    /// view draws under the same playback (none for a lesson on the stage).
    pub off_stage_run: Option<OffStageRun>,
    /// What must be computed before its run is built, if anything is left
    /// (the page does it a slice per frame; [`Lesson::build`] would do it
    /// at once).
    pub prepare: fn(&Settings) -> Option<Box<dyn Preparation>>,
    /// What it asks the learner to predict, at its key moments.
    pub questions: &'static [Question],
}

/// The run of a lesson told in flows or rounds, from its settings and seed.
pub type OffStageRun = fn(&Settings, u64) -> Box<dyn Clocked>;

/// A lesson's network, as the stage draws it, and the run on it.
pub type Built = (Topology, Box<dyn LessonRun>);

/// Where a lesson happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonView {
    /// On the stage, packet by packet, with the sequence view beside it;
    /// `load_charts` adds the charts of a load run under it.
    Stage { load_charts: bool },
    /// The client-server and peer-to-peer runs side by side.
    Compare,
    /// A block's rounds of gossip against the network's size.
    Gossip,
}

/// The card of settings the page shows beside a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingsCard {
    Servers,
    Email,
    Privacy,
    Login,
    Api,
    Chat,
    Database,
    Game,
    Files,
    Stream,
    WebPage,
    Refusal,
    Load,
    Compare,
    Gossip,
}

/// A lesson told in flows or rounds, in a view of its own: nothing on the
/// stage, so no legend, narration, gauge or run to draw there.
pub const fn off_stage(
    (code, title_key, intro_keys): (&'static str, &'static str, &'static [&'static str]),
    try_next_key: &'static str,
    (view, card): (LessonView, SettingsCard),
    (speeds, default_speed): (&'static [u64], usize),
    settings: &'static dyn SettingsIn,
    run: OffStageRun,
) -> LessonSpec {
    LessonSpec {
        code,
        title_key,
        intro_keys,
        view,
        card,
        speeds,
        default_speed,
        settings,
        legend: no_legend,
        plot: none,
        try_next_key,
        server_gauge: none,
        build: |_, _, _| None,
        off_stage_run: Some(run),
        prepare: none,
        questions: &[],
    }
}

/// No packets on a stage: no legend.
pub fn no_legend(_: &Settings) -> (&'static [PacketKind], bool) {
    (&[], false)
}

/// Nothing to narrate step by step, or no one busy server to gauge.
pub fn none<T>(_: &Settings) -> Option<T> {
    None
}

/// A lesson, as the page and the command line hold it.
#[derive(Clone, Copy)]
pub struct Lesson(&'static LessonSpec);

impl Lesson {
    /// The registry: every lesson, in the order the lesson picker shows
    /// them (the course's order). A new lesson is one line here.
    pub const ALL: &'static [Lesson] = &[
        Lesson(&what_is_a_server::LESSON),
        Lesson(&web_page::LESSON),
        Lesson(&server_says_no::LESSON),
        Lesson(&under_load::LESSON),
        Lesson(&email::LESSON),
        Lesson(&login::LESSON),
        Lesson(&api::LESSON),
        Lesson(&privacy::LESSON),
        Lesson(&websocket::LESSON),
        Lesson(&database::LESSON),
        Lesson(&game::LESSON),
        Lesson(&files::LESSON),
        Lesson(&streaming::LESSON),
        Lesson(&compare::LESSON),
        Lesson(&gossip_lesson::LESSON),
    ];

    pub fn from_code(code: &str) -> Option<Lesson> {
        Lesson::ALL
            .iter()
            .copied()
            .find(|lesson| lesson.code() == code)
    }

    /// Every lesson's code, for a message that lists them.
    pub fn codes() -> Vec<&'static str> {
        Lesson::ALL.iter().map(|lesson| lesson.code()).collect()
    }

    pub fn spec(self) -> &'static LessonSpec {
        self.0
    }

    pub fn code(self) -> &'static str {
        self.0.code
    }

    pub fn title_key(self) -> &'static str {
        self.0.title_key
    }

    pub fn intro_keys(self) -> &'static [&'static str] {
        self.0.intro_keys
    }

    pub fn view(self) -> LessonView {
        self.0.view
    }

    pub fn card(self) -> SettingsCard {
        self.0.card
    }

    /// The playback of this lesson's run, with `seed`, at its speeds: a
    /// network's on the stage (with its topology), or a run told in flows
    /// or rounds.
    pub fn playback(self, settings: &Settings, seed: u64) -> (Topology, Playback) {
        let (speeds, speed) = (self.0.speeds, self.0.default_speed);
        if let Some((topology, run)) = self.build(settings, seed) {
            let playback =
                Playback::over(Some(network(run)), speeds, speed).with_plot(self.plot(settings));
            return (topology, playback);
        }
        let run = self.0.off_stage_run.map(|run| run(settings, seed));
        (Topology::default(), Playback::over(run, speeds, speed))
    }

    pub fn default_speed(self) -> usize {
        self.0.default_speed
    }

    /// The speed slider's stops, in simulated nanoseconds a real
    /// millisecond.
    pub fn speeds(self) -> &'static [u64] {
        self.0.speeds
    }

    pub fn legend(self, settings: &Settings) -> (&'static [PacketKind], bool) {
        (self.0.legend)(settings)
    }

    pub fn plot(self, settings: &Settings) -> Option<Plot> {
        (self.0.plot)(settings)
    }

    pub fn questions(self) -> &'static [Question] {
        self.0.questions
    }

    pub fn try_next_key(self) -> &'static str {
        self.0.try_next_key
    }

    pub fn server_gauge(self, settings: &Settings) -> Option<(u32, u32)> {
        (self.0.server_gauge)(settings)
    }

    /// What must be computed before the run is built, if anything is left.
    pub fn preparation(self, settings: &Settings) -> Option<Box<dyn Preparation>> {
        (self.0.prepare)(settings)
    }

    /// The network to draw and the simulation that runs on it, with `seed`
    /// (a restart takes the next one, so random losses fall elsewhere).
    pub fn build(self, settings: &Settings, seed: u64) -> Option<Built> {
        self.build_traced(settings, seed, None)
    }

    /// [`Lesson::build`], keeping every trace record when `trace` says so.
    pub fn build_traced(
        self,
        settings: &Settings,
        seed: u64,
        trace: Option<TraceMode>,
    ) -> Option<Built> {
        (self.0.build)(settings, seed, trace)
    }

    /// Sets `name`, if it is one of this lesson's settings (see
    /// [`Settings::set_from_query`]).
    pub fn set_from_query(
        self,
        settings: &mut Settings,
        name: &str,
        value: &str,
    ) -> Option<Result<(), String>> {
        self.0.settings.set_from_query(settings, name, value)
    }

    /// This lesson's settings, every one, as the address writes them.
    pub fn settings_query(self, settings: &Settings) -> Vec<(&'static str, String)> {
        self.0.settings.all_query(settings)
    }
}

/// The page opens on the web page's load (a course may start with the first
/// lesson of the picker, what a server is, by its address).
impl Default for Lesson {
    fn default() -> Self {
        Lesson(&web_page::LESSON)
    }
}

impl PartialEq for Lesson {
    fn eq(&self, other: &Lesson) -> bool {
        self.code() == other.code()
    }
}

impl Eq for Lesson {}

impl std::fmt::Debug for Lesson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lesson({})", self.code())
    }
}

/// The steps `lesson`'s story tells of its run with `settings` (seed 1)
/// up to `until`, in order: what a lesson's tests of its narration read.
#[cfg(test)]
pub(crate) fn told(
    lesson: &'static LessonSpec,
    settings: &Settings,
    until: cslab_sim::time::SimTime,
) -> Vec<cslab_scene::story::StoryStep> {
    let lesson = Lesson(lesson);
    let (_, mut run) = lesson.build(settings, 1).expect("a lesson on the stage");
    run.world_mut().run_until(until);
    let plot = lesson.plot(settings).expect("a lesson with a story");
    cslab_scene::story::story(run.world(), cslab_sim::time::SimTime::MAX, plot)
        .into_iter()
        .map(|(_, step)| step)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_scene::topology::{STAGE_HEIGHT, STAGE_WIDTH};

    #[test]
    fn codes_are_unique_and_found_again() {
        let mut codes = Lesson::codes();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), Lesson::ALL.len());
        for &lesson in Lesson::ALL {
            assert_eq!(Lesson::from_code(lesson.code()), Some(lesson));
        }
        assert_eq!(Lesson::from_code("no-such-lesson"), None);
    }

    #[test]
    fn a_lesson_on_the_stage_builds_a_run_and_the_others_do_not() {
        for &lesson in Lesson::ALL {
            let built = lesson.build(&Settings::default(), 1);
            let on_stage = matches!(lesson.view(), LessonView::Stage { .. });
            assert_eq!(built.is_some(), on_stage, "{lesson:?}");
        }
    }

    /// One name, one setting: no two lessons share a parameter, and none is
    /// one of the page's own.
    #[test]
    fn the_address_names_each_setting_once() {
        let names = Settings::names();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        for own in [
            "lang",
            "lesson",
            "embed",
            "debug",
            "bench",
            "pause-at-steps",
        ] {
            assert!(!names.contains(&own), "{own}");
        }
        let settings = Settings {
            web: web_page::WebPageSettings {
                https: true,
                ..Default::default()
            },
            gossip: gossip_lesson::GossipSettings {
                nodes: 50,
                ..Default::default()
            },
            ..Settings::default()
        };
        let query = settings.to_query();
        assert_eq!(
            query,
            vec![("https", "1".to_string()), ("nodes", "50".to_string())]
        );
        let mut back = Settings::default();
        for (name, value) in &query {
            assert_eq!(back.set_from_query(name, value), Some(Ok(())));
        }
        assert_eq!(back, settings);
        assert_eq!(back.set_from_query("frames", "9"), None);
    }

    #[test]
    fn every_lesson_is_a_connected_drawable_network() {
        for &lesson in Lesson::ALL {
            let Some((topology, _)) = lesson.build(&Settings::default(), 1) else {
                continue;
            };
            for node in &topology.nodes {
                assert!(
                    node.x < STAGE_WIDTH && node.y < STAGE_HEIGHT,
                    "{node:?} is off the stage"
                );
            }
            // Every node is reachable from the first over the links.
            let mut reached = vec![false; topology.nodes.len()];
            reached[0] = true;
            for _ in 0..topology.nodes.len() {
                for link in &topology.links {
                    if reached[link.a] || reached[link.b] {
                        reached[link.a] = true;
                        reached[link.b] = true;
                    }
                }
            }
            assert!(reached.iter().all(|&r| r), "{lesson:?} is not connected");
        }
    }
}
