//! What the lessons' questions read from a run's trace: the packets sent
//! up to an instant, and who first connected where.

use cslab_sim::net::{NodeId, World};
use cslab_sim::proto::Header;
use cslab_sim::proto::tcp::flags;
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceEvent;

/// The headers of the packets sent by `until`, in the order they were sent.
pub fn sent_until(world: &World, until: SimTime) -> impl Iterator<Item = &Header> {
    let trace = world.trace();
    (trace.records())
        .take_while(move |record| record.t <= until)
        .filter_map(move |record| match record.ev {
            TraceEvent::PacketSent { pkt, .. } => trace.header(pkt),
            _ => None,
        })
}

/// A TCP SYN that opens a connection (not one sent again).
pub fn opens_connection(header: &Header) -> bool {
    (header.msg.tcp).is_some_and(|tcp| tcp.flags == flags::SYN && !tcp.retransmission)
}

/// The machine `from`'s first connection went to, by `until`.
pub fn first_connected(world: &World, from: NodeId, until: SimTime) -> Option<NodeId> {
    sent_until(world, until)
        .find(|header| header.src_node == from && opens_connection(header))
        .map(|header| header.dst_node)
}

/// The learner's machine: the world's first host (each lesson's world
/// makes it first).
pub fn first_host(world: &World) -> Option<NodeId> {
    (world.nodes().iter())
        .find(|node| node.kind == cslab_sim::net::NodeKind::Host)
        .map(|node| node.id)
}
