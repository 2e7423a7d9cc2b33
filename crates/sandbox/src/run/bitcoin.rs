//! Peers relaying blocks (`relay-blocks`), packet by packet: each runs a
//! Bitcoin node ([`cslab_sim::apps::bitcoin`]) that knows the other
//! relaying peers of the document, as if its address manager had learnt
//! them, and connects out to up to eight of them drawn with the run's
//! seed. A `miner` finds a block of its task's `block-kib` at 5 s, and the
//! nodes relay it by `inv`, `getdata` and `block`.

use cslab_sim::apps::bitcoin::Node;
use cslab_sim::net::{AppId, World};
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::TcpConfig;
use cslab_sim::runs::web_world::add_tcp_server;
use cslab_sim::time::SimTime;

use super::swarm::param;
use super::world::Built;
use crate::kinds::Kind;
use crate::schema::{Machine, Network};
use crate::tasks::TaskKind;

fn relays(m: &Machine) -> bool {
    m.kind == Kind::Peer
        && m.task
            .as_ref()
            .is_some_and(|t| t.what == TaskKind::RelayBlocks)
}

/// Adds the node of peer `m`.
pub fn add_node(built: &mut Built, net: &Network, m: &Machine) -> AppId {
    let known = (net.machines.iter())
        .filter(|other| relays(other) && other.id != m.id)
        .map(|other| other.address)
        .collect();
    let miner = param(m, "role") == "miner";
    let block_bytes = param(m, "block-kib").parse::<u32>().unwrap_or(32) << 10;
    let node = built.node(m.id);
    let app = Node::new(known, miner, block_bytes);
    add_tcp_server(&mut built.world, node, app, TcpConfig::default())
}

/// `complete` (it has a block: it mined it, or one came to it) or
/// `unfinished`; the block bytes that came to it, and when it had its
/// block.
pub fn outcome(world: &World, app: AppId) -> (&'static str, u64, Option<SimTime>) {
    let node = &world.app::<Host<Node>>(app).expect("a Bitcoin node").app;
    let outcome = match node.got_at {
        Some(_) => "complete",
        None => "unfinished",
    };
    (outcome, node.received_bytes, node.got_at)
}
