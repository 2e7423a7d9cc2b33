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
//! - the peers sit in three rows of seven places, behind two routers in
//!   the middle row, the four left columns' on the first, the three right
//!   columns' on the second (addresses from 192.0.2.0/24, RFC 5737's):
//!   seven side by side keep every name and address clear of the next;
//! - a hop of the relay is `inv`, `getdata` and `block`: three one-way
//!   trips, the block's included since [`BLOCK_KIB`] fits TCP's first
//!   window of 10 segments. A peer's line has [`PEER_DELAY_MS`] and the
//!   routers' [`ROUTER_DELAY_MS`], so a trip between two peers is 32 or
//!   33 ms and a hop about the lesson's round of 100 ms
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
pub const MAX_PEERS: u32 = 19;
/// Machines in a row on the stage, three rows: as many as the stage holds
/// side by side, their names and addresses clear of each other (nine ran
/// the addresses into each other).
const COLUMNS: u32 = 7;
/// The routers' columns, in the middle row.
const ROUTER_COLUMNS: [u32; 2] = [1, 5];
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
    // 127 apart, clear of the stage's edges (the first column's names are
    // not pushed onto the second's).
    let at = |column: u32, row: u32| (100 + 127 * column as i64, 90 + 230 * row as i64);
    let routers: Vec<MachineId> = (ROUTER_COLUMNS.iter().enumerate())
        .map(|(i, &column)| {
            let address = Addr::new(192, 0, 2, 1 + i as u8);
            add(&mut net, (Kind::Router, at(column, 1)), address, None, tr)
        })
        .collect();
    for pair in routers.windows(2) {
        connect(&mut net, pair[0], pair[1], line(1_000, ROUTER_DELAY_MS));
    }
    // The peers fill the other places, row by row, each linked to the
    // router of its side.
    let places = (0..3 * COLUMNS)
        .map(|i| (i % COLUMNS, i / COLUMNS))
        .filter(|&(column, row)| !(row == 1 && ROUTER_COLUMNS.contains(&column)));
    for (p, (column, row)) in places
        .take(settings.nodes.min(MAX_PEERS) as usize)
        .enumerate()
    {
        let address = Addr::new(192, 0, 2, 11 + p as u8);
        let task = relay(if p == 0 { "miner" } else { "node" });
        let peer = add(
            &mut net,
            (Kind::Peer, at(column, row)),
            address,
            Some(task),
            tr,
        );
        let router = routers[usize::from(column > 3)];
        connect(&mut net, peer, router, line(100, PEER_DELAY_MS));
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
