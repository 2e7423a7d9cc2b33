//! The lesson "Client-server or peer-to-peer?" in the sandbox. The lesson
//! is told in flows, for up to 10,000 peers and files of 500 MB; the
//! sandbox runs every packet, so it takes the lesson's settings at a size
//! that runs in seconds:
//!
//! - two halves side by side: above, a file server and browsers
//!   downloading its file (`download-file`, HTTP); below, a seed and peers
//!   joining the swarm (`join-swarm`);
//! - on each side at most [`MAX_CLIENTS`] clients, the lesson's smallest
//!   swarm (the lesson's N, if smaller, as it is);
//! - the file: the files lesson's 256 KiB, which the file server serves,
//!   and the swarm shares the same size (one piece of 256 KiB);
//! - the server's and the seed's line: the lesson's server upload; each
//!   client's line: the lesson's peer download. A sandbox link carries one
//!   rate both ways, so the peers upload at that rate too (faster than the
//!   lesson's home lines), and every link has the 5 ms of
//!   `cslab_sim::runs::distribute_packets`;
//! - pieces, upload slots, staying to seed, churn, the flash crowd, the
//!   failing server and the ideal schedule stay the lesson's: the sandbox's
//!   BitTorrent has BEP 3's four slots and 256 KiB pieces, and its peers
//!   stay.

use cslab_sandbox::{Edit, Kind, LinkNumbers, MachineId, Network, Point, Task, TaskKind};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::net::Addr;

use crate::lesson::compare::CompareSettings;

/// The most clients on each side: the lesson's smallest swarm.
pub const MAX_CLIENTS: u32 = 10;
/// The files lesson's file, in KiB (`cslab_files::file::SIZE`).
const FILE_KIB: &str = "256";
const DELAY_MS: u64 = 5;

/// The two halves of `settings`' comparison, named in `lang`.
pub fn network(settings: &CompareSettings, lang: Lang) -> Network {
    let mut net = Network::default();
    let clients = settings.peers.min(MAX_CLIENTS);
    let line = |mbps: u32| LinkNumbers {
        bandwidth_mbps: mbps.into(),
        delay_ms: DELAY_MS,
        loss_percent: 0,
    };
    let (server_line, client_line) = (line(settings.server_up_mbps), line(settings.peer_down_mbps));
    // Client-server above (y 150), the swarm below (y 450).
    for (half, y) in [(Half::Server, 150), (Half::Swarm, 450)] {
        let add = |net: &mut Network, kind, at, address, task| {
            add(net, (kind, at), address, task, Tr(lang))
        };
        let (source, task, clients_at) = match half {
            Half::Server => (
                add(
                    &mut net,
                    Kind::FileServer,
                    (100, y),
                    Addr::new(203, 0, 113, 21),
                    None,
                ),
                Task::new(TaskKind::DownloadFile),
                11,
            ),
            Half::Swarm => (
                add(
                    &mut net,
                    Kind::Peer,
                    (100, y),
                    Addr::new(203, 0, 113, 10),
                    Some(peer("seed")),
                ),
                peer("downloader"),
                31,
            ),
        };
        let router_host = if half == Half::Server { 1 } else { 2 };
        let router = add(
            &mut net,
            Kind::Router,
            (330, y),
            Addr::new(198, 51, 100, router_host),
            None,
        );
        connect(&mut net, source, router, server_line);
        for i in 0..clients {
            // Two rows of five.
            let at = (560 + 120 * (i % 5) as i64, y - 70 + 140 * (i / 5) as i64);
            let address = Addr::new(198, 51, 100, clients_at + i as u8);
            let kind = match half {
                Half::Server => Kind::Browser,
                Half::Swarm => Kind::Peer,
            };
            let client = add(&mut net, kind, at, address, Some(task.clone()));
            connect(&mut net, router, client, client_line);
        }
    }
    net
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Half {
    Server,
    Swarm,
}

/// A peer's task: `role` with the files lesson's file.
fn peer(role: &str) -> Task {
    let mut task = Task::new(TaskKind::JoinSwarm);
    task.params.insert("role", role.into());
    task.params.insert("file-kib", FILE_KIB.into());
    task
}

/// Adds a machine of `kind` at `at`, named as the palette names it, with
/// `address` and `task` (or its kind's first, at its defaults).
pub(super) fn add(
    net: &mut Network,
    (kind, at): (Kind, (i64, i64)),
    address: Addr,
    task: Option<Task>,
    tr: Tr,
) -> MachineId {
    let at = Point { x: at.0, y: at.1 };
    let label = tr.t(kind.label_key());
    // At most 28 machines (the gossip's), each address its own: room for
    // every one.
    let mut m = net.new_machine(kind, at, &label).expect("room");
    m.address = address;
    m.task = task.or(m.task);
    let id = m.id;
    net.apply(&Edit::AddMachine(m)).expect("a valid machine");
    id
}

pub(super) fn connect(net: &mut Network, a: MachineId, b: MachineId, numbers: LinkNumbers) {
    let mut link = net.new_link(a, b);
    link.numbers = numbers;
    net.apply(&Edit::Connect(link)).expect("a valid link");
}
