//! The lesson "A block spreads by gossip" in the sandbox. The lesson
//! counts rounds over an abstract graph of up to 10,000 nodes; the sandbox
//! runs Bitcoin nodes packet by packet (`relay-blocks`,
//! `cslab_sim::apps::bitcoin`), so the lesson opens as a network of them:
//!
//! - at most [`MAX_PEERS`] peers (the lesson's N, if smaller): every
//!   packet of every connection runs, and tens of nodes already show the
//!   block crossing the network in a few hops (each node keeps up to eight
//!   outbound connections);
//! - Peer 1 is the miner, the lesson's source; the others relay;
//! - the peers sit in three rows behind four routers in a square, six
//!   on each;
//! - a hop of the relay is `inv`, `getdata` and `block`: three one-way
//!   trips, the block's included since [`BLOCK_KIB`] fits TCP's first
//!   window of 10 segments. A peer's line has [`PEER_DELAY_MS`] and the
//!   routers' [`ROUTER_DELAY_MS`], so a trip between two peers is 32 to
//!   34 ms and a hop about the lesson's round of 100 ms
//!   (`cslab_sim::runs::gossip::GossipParams::round_ms`).
//!
//! The lesson's ways of passing the block on are not Bitcoin's: push
//! gossip "tells k random nodes" each round, and its flooding follows a
//! random graph of its own. A Bitcoin node announces a new block to every
//! peer it is connected to that is not known to have it, as Bitcoin Core
//! does; so does the sandbox, whatever the lesson's setting.

use cslab_sandbox::{Kind, LinkNumbers, MachineId, Network, Task, TaskKind};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::net::Addr;

use super::compare::{add, connect};
use crate::lesson::gossip_lesson::GossipSettings;

/// The most peers the lesson opens with.
pub const MAX_PEERS: u32 = 24;
/// Peers in a row on the stage, 140 apart: three rows.
const ROW: u32 = 8;
/// The block the miner finds: the smallest the sandbox offers.
pub const BLOCK_KIB: &str = "8";
pub const PEER_DELAY_MS: u64 = 16;
pub const ROUTER_DELAY_MS: u64 = 1;

/// The lesson's network with `settings`, named in `lang`.
pub fn network(settings: &GossipSettings, lang: Lang) -> Network {
    let mut net = Network::default();
    let tr = Tr(lang);
    let line = |mbps, delay_ms| LinkNumbers {
        bandwidth_mbps: mbps,
        delay_ms,
        loss_percent: 0,
    };
    // Four routers in a square, between three rows of peers.
    let routers: Vec<MachineId> = [(290, 185), (850, 185), (290, 445), (850, 445)]
        .into_iter()
        .enumerate()
        .map(|(i, at)| {
            let address = Addr::new(198, 51, 100, 1 + i as u8);
            add(&mut net, (Kind::Router, at), address, None, tr)
        })
        .collect();
    for (a, b) in [(0, 1), (2, 3), (0, 2), (1, 3)] {
        connect(
            &mut net,
            routers[a],
            routers[b],
            line(1_000, ROUTER_DELAY_MS),
        );
    }
    for p in 0..settings.nodes.min(MAX_PEERS) {
        let (row, k) = (p / ROW, p % ROW);
        let at = (80 + 140 * k as i64, 40 + 260 * row as i64);
        // The top row's peers to the routers above, the bottom row's to
        // those below, the middle row's two by two to each.
        let (left, up) = (k < ROW / 2, row == 0 || row == 1 && k % 4 < 2);
        let router = usize::from(!left) + 2 * usize::from(!up);
        let address = Addr::new(198, 51, 100, 11 + p as u8);
        let task = relay(if p == 0 { "miner" } else { "node" });
        let peer = add(&mut net, (Kind::Peer, at), address, Some(task), tr);
        connect(&mut net, peer, routers[router], line(100, PEER_DELAY_MS));
    }
    net
}

/// A Bitcoin node's task: `role`, and the block [`BLOCK_KIB`] long.
fn relay(role: &str) -> Task {
    let mut task = Task::new(TaskKind::RelayBlocks);
    task.params.insert("role", role.into());
    task.params.insert("block-kib", BLOCK_KIB.into());
    task
}
