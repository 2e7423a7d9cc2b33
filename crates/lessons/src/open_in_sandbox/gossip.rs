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
//! - the peers sit behind [`ROUTERS`] routers in a row, six on each;
//! - a hop of the relay is `inv`, `getdata` and `block`: three one-way
//!   trips, the block's included since [`BLOCK_KIB`] fits TCP's first
//!   window of 10 segments. A peer's line has [`PEER_DELAY_MS`] and the
//!   routers' [`ROUTER_DELAY_MS`], so a trip between two peers is 32 to
//!   35 ms and a hop about the lesson's round of 100 ms
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
const ROUTERS: u32 = 4;
const PEERS_PER_ROUTER: u32 = MAX_PEERS / ROUTERS;
/// The block the miner finds: the smallest the sandbox offers.
pub const BLOCK_KIB: &str = "8";
pub const PEER_DELAY_MS: u64 = 16;
pub const ROUTER_DELAY_MS: u64 = 1;

/// The lesson's network with `settings`, named in `lang`.
pub fn network(settings: &GossipSettings, lang: Lang) -> Network {
    let mut net = Network::default();
    let peers = settings.nodes.min(MAX_PEERS);
    let tr = Tr(lang);
    let line = |mbps, delay_ms| LinkNumbers {
        bandwidth_mbps: mbps,
        delay_ms,
        loss_percent: 0,
    };
    // Four columns 380 wide: a router in the middle, three peers above
    // and three below it, 120 apart.
    let column = |i: u32| 200 + 380 * i as i64;
    let routers: Vec<MachineId> = (0..ROUTERS)
        .map(|i| {
            let address = Addr::new(198, 51, 100, 1 + i as u8);
            add(
                &mut net,
                (Kind::Router, (column(i), 340)),
                address,
                None,
                tr,
            )
        })
        .collect();
    for pair in routers.windows(2) {
        connect(&mut net, pair[0], pair[1], line(1_000, ROUTER_DELAY_MS));
    }
    for p in 0..peers {
        let (router, place) = (p / PEERS_PER_ROUTER, p % PEERS_PER_ROUTER);
        let x = column(router) + 120 * (place % 3) as i64 - 120;
        let y = if place < 3 { 110 } else { 570 };
        let address = Addr::new(198, 51, 100, 11 + p as u8);
        let task = relay(if p == 0 { "miner" } else { "node" });
        let peer = add(&mut net, (Kind::Peer, (x, y)), address, Some(task), tr);
        let to = routers[(router as usize).min(routers.len() - 1)];
        connect(&mut net, peer, to, line(100, PEER_DELAY_MS));
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
