//! Peers joining a swarm (`join-swarm`), packet by packet: each peer runs
//! a BitTorrent client ([`cslab_sim::apps::bittorrent`]) with the task's
//! `role` (a `seed` starts with the whole file, a `downloader` with none
//! of it) and file (`file-kib`, 256 KiB to 4 MiB: peers with the same size
//! share one torrent). The sandbox has no tracker kind: the first seed in the
//! document runs qBittorrent's embedded tracker on port 9000, and every
//! torrent announces to it; with no seed, the peers knock at their own
//! machine, where nothing answers.

use cslab_sim::apps::bittorrent::{Client as Bittorrent, Torrent};
use cslab_sim::net::{Addr, AppId, World};
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::TcpConfig;
use cslab_sim::runs::web_world::add_tcp_server;
use cslab_sim::time::SimTime;

use super::world::Built;
use crate::kinds::Kind;
use crate::schema::{Machine, Network};
use crate::tasks::TaskKind;

/// Nobody's tracker: the peer's own machine, where nothing listens.
const NOBODY: Addr = Addr::new(127, 0, 0, 1);

/// A peer's task parameter `key` (a file saved before the task had any
/// reads as their defaults, [`crate::fields::Field::added_later`]).
pub(super) fn param<'m>(m: &'m Machine, key: &str) -> &'m str {
    let task = m.task.as_ref();
    task.and_then(|t| t.params.get(key))
        .map_or("", String::as_str)
}

fn is_seed(m: &Machine) -> bool {
    m.kind == Kind::Peer
        && m.task
            .as_ref()
            .is_some_and(|t| t.what == TaskKind::JoinSwarm)
        && param(m, "role") == "seed"
}

/// The machine whose client runs the tracker: the first seed.
fn tracker(net: &Network) -> Option<&Machine> {
    net.machines.iter().find(|m| is_seed(m))
}

/// The file `m` shares or wants, in bytes.
pub fn file_bytes(m: &Machine) -> u64 {
    param(m, "file-kib").parse::<u64>().unwrap_or(1024) << 10
}

/// Adds the client of peer `m`.
pub fn add_peer(built: &mut Built, net: &Network, m: &Machine) -> AppId {
    let tracker = tracker(net);
    let at = tracker.map_or(NOBODY, |t| t.address);
    let torrent = Torrent::new(file_bytes(m), at);
    let runs_tracker = tracker.is_some_and(|t| t.id == m.id);
    let client = Bittorrent::new(torrent, is_seed(m), runs_tracker);
    let node = built.node(m.id);
    add_tcp_server(&mut built.world, node, client, TcpConfig::default())
}

/// `complete` (it has every piece) or `unfinished`; the file's bytes that
/// came to it in `piece` messages, and when it had them all.
pub fn outcome(world: &World, app: AppId) -> (&'static str, u64, Option<SimTime>) {
    let client = &world
        .app::<Host<Bittorrent>>(app)
        .expect("a BitTorrent client")
        .app;
    let outcome = match client.is_complete() {
        true => "complete",
        false => "unfinished",
    };
    (outcome, client.downloaded, client.complete_at)
}
