//! What a lesson's run offers the page: its world to draw and step, and
//! whatever else the lesson shows (a load run's charts, a page load's
//! report, the state of a machine). Each lesson implements it for its run;
//! the two shared runs (a queue, a load) are here.

use super::playback::AsAny;
use super::questions::RunQuestion;
use cslab_scene::capture::Reader;
use cslab_scene::i18n::Lang;
use cslab_sim::net::{NodeId, World};
use cslab_sim::proto::Header;
use cslab_sim::runs::load::LoadSim;
use cslab_sim::runs::pageload::PageLoadReport;
use cslab_sim::runs::queue::QueueSim;
use cslab_sim::time::SimTime;

/// [`LessonRun::run_within`] of `world` alone: how far it got.
pub fn world_within(world: &mut World, t: SimTime, events: u64) -> SimTime {
    if world.run_until_within(t, events) {
        t
    } else {
        world.now()
    }
}

/// A running simulation a lesson animates.
pub trait LessonRun: AsAny {
    fn world(&self) -> &World;
    fn world_mut(&mut self) -> &mut World;
    /// Simulates every event up to `t` (and whatever the run records on the
    /// way, such as chart samples).
    fn run_until(&mut self, t: SimTime) {
        self.world_mut().run_until(t);
    }
    /// Simulates towards `t` for at most `events` events (a frame's work:
    /// a crowd's burst of thousands of packets must not hold the page);
    /// how far it got.
    fn run_within(&mut self, t: SimTime, events: u64) -> SimTime {
        world_within(self.world_mut(), t, events)
    }
    /// The load run behind a lesson about servers under load, for its
    /// charts and its switches.
    fn load(&self) -> Option<&LoadSim> {
        None
    }
    fn load_mut(&mut self) -> Option<&mut LoadSim> {
        None
    }
    /// A page load's report, once its page is complete.
    fn page_load(&self) -> Option<PageLoadReport> {
        None
    }
    /// What a node holds now, as (label message id, value): its open TCP
    /// connections, its DNS cache; counts are written in `lang`.
    fn node_state(&self, _node: NodeId, _lang: Lang) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    /// The message id of what `node` holds at `now`, which the stage
    /// marks by it (a sandbox's Bitcoin node that has the block), if any.
    fn node_note(&self, _node: NodeId, _now: SimTime) -> Option<&'static str> {
        None
    }
    /// For a lesson that takes an observer's view, how that observer
    /// reads a packet in the inspector, and the message id of its name
    /// (none: the inspector shows what anyone on the wire reads).
    fn reader(&self, _header: &Header) -> Option<(Reader, &'static str)> {
        None
    }
    /// What the run asks the learner to predict where it says, for a
    /// lesson on the stage without a story.
    fn questions(&self) -> &'static [RunQuestion] {
        &[]
    }
}

impl LessonRun for QueueSim {
    fn world(&self) -> &World {
        QueueSim::world(self)
    }
    fn world_mut(&mut self) -> &mut World {
        QueueSim::world_mut(self)
    }
}

impl LessonRun for LoadSim {
    fn world(&self) -> &World {
        LoadSim::world(self)
    }
    fn world_mut(&mut self) -> &mut World {
        LoadSim::world_mut(self)
    }
    fn run_until(&mut self, t: SimTime) {
        LoadSim::run_until(self, t);
    }
    /// The load run samples its charts on the way: it runs whole.
    fn run_within(&mut self, t: SimTime, _events: u64) -> SimTime {
        LoadSim::run_until(self, t);
        t
    }
    fn load(&self) -> Option<&LoadSim> {
        Some(self)
    }
    fn load_mut(&mut self) -> Option<&mut LoadSim> {
        Some(self)
    }
    fn node_state(&self, node: NodeId, lang: Lang) -> Vec<(&'static str, String)> {
        let Some(server) = self.server_on(node) else {
            return Vec::new();
        };
        let model = server.model();
        let of = |used: u64, limit: u32| {
            format!("{} / {}", lang.integer(used), lang.integer(limit.into()))
        };
        vec![
            (
                "state-workers",
                of(server.busy_threads().into(), model.threads),
            ),
            (
                "state-backlog",
                of(
                    server.backlog_len() as u64,
                    model.overflow.places(model.backlog),
                ),
            ),
            ("state-refused", lang.integer(server.stats.refused)),
            (
                "state-dropped",
                lang.integer(server.stats.syn_dropped + server.stats.acks_dropped),
            ),
        ]
    }
}
