//! The network a learner builds, as the sandbox keeps it and as its JSON
//! file (version [`VERSION`]) says it: machines and the links between them.
//! What may be in it, and how far each number goes, is here too.

use std::collections::BTreeMap;

use cslab_sim::net::Addr;

use crate::kinds::Kind;
use crate::tasks::TaskKind;

/// The version of the file's format this crate reads and writes.
pub const VERSION: u64 = 1;

/// The largest file taken, in bytes: a network of [`MAX_MACHINES`] machines
/// with long names and [`MAX_LINKS`] links writes about 600 KB.
pub const MAX_BYTES: usize = 1_048_576;
/// The most machines a network holds: the issue asks 500 to stay responsive.
pub const MAX_MACHINES: usize = 500;
/// The most links: four for each machine.
pub const MAX_LINKS: usize = 2_000;
/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 40;
/// The stage's coordinates go from 0 to this, across and down.
pub const STAGE_SIZE: i64 = 10_000;

/// A link's bandwidth in Mbit/s: the lessons' lines go from 1 Mbit/s (the
/// web page's slowest) to 10 Gbit/s (the Internet's core).
pub const BANDWIDTH_MBPS: (u64, u64) = (1, 10_000);
/// A link's one-way delay in ms: the web page lesson's round trips go to
/// 300 ms (150 ms each way); 500 leaves room for a satellite hop.
pub const DELAY_MS: (u64, u64) = (0, 500);
/// A link's loss in percent: as the web page and streaming lessons offer.
pub const LOSS_PERCENT: (u64, u64) = (0, 10);

/// The smallest part of the stage the drawing shows, so a few machines are
/// drawn at the lessons' size and not blown up.
pub const MIN_VIEW: (i64, i64) = (1_100, 600);
/// Room around the machines: a machine's icon and words reach this far from
/// its point (the lessons' node: 62 across, 50 up, 72 down).
pub const VIEW_MARGIN: (i64, i64) = (140, 120);
/// The part of the stage the drawing shows: from the origin to past the
/// farthest machine, at least [`MIN_VIEW`].
pub fn view_box(net: &Network) -> (i64, i64) {
    let (mut width, mut height) = MIN_VIEW;
    for machine in &net.machines {
        width = width.max(machine.at.x + VIEW_MARGIN.0);
        height = height.max(machine.at.y + VIEW_MARGIN.1);
    }
    (width.min(STAGE_SIZE), height.min(STAGE_SIZE))
}

/// A machine's id: stable while the learner edits, and what links name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MachineId(pub u32);

/// A link's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LinkId(pub u32);

/// A place on the stage (from 0 to [`STAGE_SIZE`] each way).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Point {
    pub x: i64,
    pub y: i64,
}

/// One machine on the stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Machine {
    pub id: MachineId,
    pub kind: Kind,
    pub name: String,
    pub address: Addr,
    pub at: Point,
    /// The kind's own settings ([`Kind::settings`]), each by its key.
    pub settings: BTreeMap<&'static str, String>,
    /// What a client does ([`Kind::tasks`]); `None` for any other machine.
    pub task: Option<Task>,
}

/// What a client does: open a page at a name, send mail to an address...
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub what: TaskKind,
    /// Its parameters ([`TaskKind::params`]), each by its key.
    pub params: BTreeMap<&'static str, String>,
}

/// A link's numbers, the same both ways.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkNumbers {
    pub bandwidth_mbps: u64,
    pub delay_ms: u64,
    pub loss_percent: u64,
}

impl Default for LinkNumbers {
    /// The lessons' home line: 100 Mbit/s, 5 ms, no loss.
    fn default() -> Self {
        LinkNumbers {
            bandwidth_mbps: 100,
            delay_ms: 5,
            loss_percent: 0,
        }
    }
}

/// A link between two machines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    pub id: LinkId,
    pub a: MachineId,
    pub b: MachineId,
    pub numbers: LinkNumbers,
}

impl Link {
    /// Whether it joins `a` and `b`, either way round.
    pub fn joins(&self, a: MachineId, b: MachineId) -> bool {
        (self.a, self.b) == (a, b) || (self.a, self.b) == (b, a)
    }

    pub fn touches(&self, id: MachineId) -> bool {
        self.a == id || self.b == id
    }
}

/// The whole network, in the order the learner built it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Network {
    pub machines: Vec<Machine>,
    pub links: Vec<Link>,
}

impl Network {
    pub fn machine(&self, id: MachineId) -> Option<&Machine> {
        self.machines.iter().find(|m| m.id == id)
    }

    pub fn link(&self, id: LinkId) -> Option<&Link> {
        self.links.iter().find(|l| l.id == id)
    }

    /// The smallest id no machine has (from 1).
    pub fn next_machine_id(&self) -> MachineId {
        MachineId(smallest_unused(self.machines.iter().map(|m| m.id.0)))
    }

    /// The smallest id no link has (from 1).
    pub fn next_link_id(&self) -> LinkId {
        LinkId(smallest_unused(self.links.iter().map(|l| l.id.0)))
    }
}

/// The smallest whole number from 1 not among `taken` (there are fewer of
/// them than `u32::MAX`, so one is free).
fn smallest_unused(taken: impl Iterator<Item = u32>) -> u32 {
    let taken: std::collections::BTreeSet<u32> = taken.collect();
    (1..).find(|id| !taken.contains(id)).unwrap_or(u32::MAX)
}
