//! The run as a message-sequence chart: one lane per machine a packet is
//! sent from or to (a router that only forwards gets none; a balancer,
//! which sends and receives, does), one arrow per packet from its sender's
//! lane when sent to its receiver's lane when delivered.

use std::collections::BTreeMap;

use super::kind::{Look, look};
use cslab_sim::net::{NodeId, NodeKind, World};
use cslab_sim::time::SimTime;
use cslab_sim::trace::{TraceEvent, TraceRecord};

/// One packet from end to end.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrow {
    pub pkt: u64,
    pub src: NodeId,
    pub dst: NodeId,
    pub sent: SimTime,
    /// When it reached `dst`; `None` while in flight or if it was dropped.
    pub arrived: Option<SimTime>,
    pub dropped: bool,
    pub look: Look,
}

/// The nodes that get a lane, in world order: end hosts, and any other node
/// a packet is sent from or to (review C.13: the load lessons' balancer, a
/// router by kind, had none, so no arrow could be drawn).
pub fn lanes(world: &World) -> Vec<NodeId> {
    let nodes = world.nodes();
    let mut ends = vec![false; nodes.len()];
    for record in world.trace().records() {
        if let TraceEvent::PacketSent { src, dst, .. } = record.ev {
            ends[src.index()] = true;
            ends[dst.index()] = true;
        }
    }
    nodes
        .iter()
        .filter(|node| node.kind != NodeKind::Router || ends[node.id.index()])
        .map(|node| node.id)
        .collect()
}

/// Every packet sent up to `until`, with its fate as known at `until`.
pub fn arrows(world: &World, until: SimTime) -> Vec<Arrow> {
    latest_arrows(world, until, usize::MAX)
}

/// The latest `most` packets sent up to `until`, oldest first, with their
/// fates: a packet is delivered or dropped after it is sent, so reading on
/// from the first of them finds them all (a long run's chart, without
/// every packet's arrow each frame).
pub fn latest_arrows(world: &World, until: SimTime, most: usize) -> Vec<Arrow> {
    let trace = world.trace();
    let upto = trace
        .records()
        .take_while(|record| record.t <= until)
        .count();
    let sent = |record: &&TraceRecord| matches!(record.ev, TraceEvent::PacketSent { .. });
    let skip = upto
        - (trace.records().take(upto).rev())
            .scan(0, |seen, record| {
                *seen += usize::from(sent(&record));
                (*seen <= most).then_some(())
            })
            .count();
    let mut arrows: Vec<Arrow> = Vec::new();
    let mut index: BTreeMap<u64, usize> = BTreeMap::new();
    for record in trace.records().take(upto).skip(skip) {
        match record.ev {
            TraceEvent::PacketSent { pkt, src, dst, .. } => {
                index.insert(pkt, arrows.len());
                arrows.push(Arrow {
                    pkt,
                    src,
                    dst,
                    sent: record.t,
                    arrived: None,
                    dropped: false,
                    look: look(trace.header(pkt)),
                });
            }
            TraceEvent::Delivered { pkt, node } => {
                if let Some(arrow) = index
                    .get(&pkt)
                    .map(|&i| &mut arrows[i])
                    .filter(|arrow| arrow.dst == node)
                {
                    arrow.arrived = Some(record.t);
                }
            }
            TraceEvent::Dropped { pkt, .. } => {
                if let Some(&i) = index.get(&pkt) {
                    arrows[i].dropped = true;
                }
            }
            _ => {}
        }
    }
    arrows
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_sim::runs::load::{LoadParams, LoadSim};
    use cslab_sim::runs::pageload::{PageLoadParams, PageLoadSim};

    /// The balancer sends and receives: it has a lane, and every arrow of a
    /// balanced load run runs between two lanes.
    #[test]
    fn a_balancer_gets_a_lane() {
        let mut sim = LoadSim::new(&LoadParams {
            replicas: 2,
            duration_s: 0.5,
            ..LoadParams::default()
        })
        .unwrap();
        sim.run();
        let world = sim.world();
        let lanes = lanes(world);
        let nodes = world.nodes();
        let balancer = nodes
            .iter()
            .find(|node| node.kind == NodeKind::Router)
            .unwrap();
        assert!(lanes.contains(&balancer.id));
        let arrows = arrows(world, SimTime::MAX);
        assert!(!arrows.is_empty());
        // The latest few, with their fates, are the tail of them all.
        let latest = latest_arrows(world, SimTime::MAX, 7);
        assert_eq!(latest, arrows[arrows.len() - 7..]);
        assert!(
            arrows
                .iter()
                .all(|a| lanes.contains(&a.src) && lanes.contains(&a.dst))
        );
    }

    #[test]
    fn every_packet_is_an_arrow_that_lands_after_it_leaves() {
        let params = PageLoadParams {
            rtt_ms: 40.0,
            ..PageLoadParams::default()
        };
        let mut sim = PageLoadSim::new(&params).unwrap();
        sim.run();
        let world = sim.world();
        let lanes = lanes(world);
        assert_eq!(lanes.len(), 6, "browser, web server, and four DNS servers");
        let arrows = arrows(world, SimTime::MAX);
        assert_eq!(arrows.len() as u64, world.net_stats().sent);
        for arrow in &arrows {
            assert!(lanes.contains(&arrow.src) && lanes.contains(&arrow.dst));
            let arrived = arrow.arrived.expect("no loss: every packet arrives");
            assert!(arrived > arrow.sent);
        }
        // The first SYN crosses to the server in half a round trip (the
        // access link's transmission time aside).
        let syn = arrows
            .iter()
            .find(|arrow| arrow.look.kind == crate::kind::PacketKind::TcpControl)
            .unwrap();
        let one_way = (syn.arrived.unwrap() - syn.sent).as_secs_f64();
        assert!((one_way - 0.020).abs() < 0.001, "{one_way}");
        // At an earlier clock, later packets are unknown and in-flight ones have not landed.
        let early = super::arrows(world, syn.sent);
        assert!(early.len() < arrows.len());
        assert_eq!(early.last().unwrap().arrived, None);
    }
}
