//! A network built in the sandbox, played as a lesson is: the stage draws
//! each machine where the learner put it, with its name and address, and
//! the run is the sandbox's runner ([`SandboxRun`]) under the lessons'
//! playback, so the page and `cslab-cli sandbox` show the same run.

use cslab_sandbox::TaskKind;
use cslab_sandbox::run::{SandboxRun, bitcoin};
use cslab_sandbox::schema::{STAGE_SIZE, view_box};
use cslab_sandbox::{Kind, Machine, Network};
use cslab_scene::topology::{LinkSpec, NodeRole, NodeSpec, Topology};
use cslab_sim::net::{NodeId, World};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;

use crate::lesson::Built;
use crate::lesson::layout::scaled_place;
use crate::lesson::run::{LessonRun, world_within};
use crate::sandbox_charts::RunCharts;

/// Records the page keeps of a sandbox's run: as the busy-server lesson,
/// enough for every packet in flight and the event list, bounded however
/// large the network and long the run.
pub const PAGE_TRACE: TraceMode = TraceMode::Last(20_000);

/// `net` drawn on the stage and its run with its charts, seeded with
/// `seed`, keeping the trace records `mode` says (none: the page's window,
/// [`PAGE_TRACE`]).
pub fn built(net: &Network, seed: u64, mode: Option<TraceMode>) -> Built {
    let (topology, run) = played(net, seed, mode);
    (topology, Box::new(run))
}

/// The speed stop (of [`crate::lesson::playback::SPEEDS_NS_PER_MS`]) a run
/// of `net` starts at: the lessons' first that shows packets one by one
/// (10 ms of network time a second), or 100 ms a second for a network whose
/// peers relay blocks. Their nodes spend the first seconds connecting, one
/// connection every 500 ms, before the block is found
/// ([`cslab_sim::apps::bitcoin::MINED_AT`], 5 s): eight minutes of
/// handshakes at the slower stop, 50 s at this one, where a hop of the
/// relay (about 100 ms) still takes a second to watch.
pub fn start_speed(net: &Network) -> usize {
    let relays = |m: &Machine| {
        m.task
            .as_ref()
            .is_some_and(|t| t.what == TaskKind::RelayBlocks)
    };
    match net.machines.iter().any(relays) {
        true => 2,
        false => crate::lesson::Lesson::default().default_speed(),
    }
}

/// [`built`], its run as it is: `cslab-cli sandbox` reads what each
/// client achieved from it.
pub fn played(net: &Network, seed: u64, mode: Option<TraceMode>) -> (Topology, SandboxLesson) {
    let run = SandboxRun::traced(net, seed, mode.unwrap_or(PAGE_TRACE));
    let charts = RunCharts::of(&run);
    (topology(net), SandboxLesson { run, charts })
}

/// The stage's drawing of `net`: node `i` is machine `i`, as in the run's
/// world, so the stage, the event list and the transcript agree.
pub fn topology(net: &Network) -> Topology {
    let index = |id| net.machines.iter().position(|m| m.id == id);
    Topology {
        nodes: (net.machines.iter())
            .map(|m| node(m, view_box(net)))
            .collect(),
        links: (net.links.iter())
            .filter_map(|link| {
                Some(LinkSpec {
                    a: index(link.a)?,
                    b: index(link.b)?,
                })
            })
            .collect(),
    }
}

/// Machine `m` drawn where the editor, showing `view` of the plan, draws it.
fn node(m: &Machine, view: (i64, i64)) -> NodeSpec {
    let coordinate = |v: i64| v.clamp(0, STAGE_SIZE) as u32;
    let (x, y) = scaled_place(
        coordinate(m.at.x),
        coordinate(m.at.y),
        (coordinate(view.0), coordinate(view.1)),
    );
    NodeSpec {
        role: role(m.kind),
        name_key: m.kind.label_key(),
        number: None,
        given_name: Some(m.name.clone()),
        description_key: m.kind.label_key(),
        address: m.address.to_string(),
        x,
        y,
        loopback: false,
    }
}

/// The icon each kind is drawn with, as the lessons draw theirs: people's
/// machines as laptops (a browser as its window), every server as a
/// server, the DNS's apart.
pub fn role(kind: Kind) -> NodeRole {
    match kind {
        Kind::Browser => NodeRole::Browser,
        Kind::MailClient | Kind::Peer => NodeRole::Laptop,
        Kind::DnsRoot | Kind::DnsTld | Kind::DnsAuthoritative | Kind::DnsResolver => {
            NodeRole::DnsServer
        }
        Kind::WebServer
        | Kind::MailServer
        | Kind::FileServer
        | Kind::StreamServer
        | Kind::GameServer => NodeRole::WebServer,
        Kind::Database => NodeRole::Database,
        Kind::LoadBalancer => NodeRole::Balancer,
        Kind::Router | Kind::HomeRouter => NodeRole::Router,
    }
}

/// The sandbox's run as a lesson's: its world to draw and step, and its
/// charts, read after each stretch the world runs (before the page's
/// bounded trace lets the records go).
pub struct SandboxLesson {
    pub run: SandboxRun,
    pub charts: RunCharts,
}

impl LessonRun for SandboxLesson {
    fn world(&self) -> &World {
        &self.run.world
    }
    fn world_mut(&mut self) -> &mut World {
        &mut self.run.world
    }
    fn run_until(&mut self, t: SimTime) {
        self.run.world.run_until(t);
        self.charts.read(self.run.world.trace());
    }
    fn run_within(&mut self, t: SimTime, events: u64) -> SimTime {
        let reached = world_within(&mut self.run.world, t, events);
        self.charts.read(self.run.world.trace());
        reached
    }
    /// A Bitcoin node that has a block by `now` is marked: the block is
    /// seen crossing the network as the gossip lesson's nodes light up.
    fn node_note(&self, node: NodeId, now: SimTime) -> Option<&'static str> {
        let client = (self.run.clients.iter())
            .find(|c| c.task == TaskKind::RelayBlocks && c.node == node)?;
        let got = bitcoin::outcome(&self.run.world, client.app).2?;
        (got <= now).then_some("node-has-block")
    }
}
