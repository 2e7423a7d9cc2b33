//! A request server's state at a display time, from the trace: who is being
//! served, who waits in the accept queue, how many were refused; and which
//! machines are switched off.

use cslab_sim::net::{LinkId, NodeId, World};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceEvent;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ServerState {
    /// Workers serving a request.
    pub busy: u64,
    /// Requests waiting in the accept queue.
    pub queued: u64,
    pub served: u64,
    pub refused: u64,
    /// SYNs (or handshakes' final ACKs) dropped by a full accept queue.
    pub dropped: u64,
}

/// The state of the world's request server (with `workers` workers) at
/// `until`: every accepted request is in service, waiting, or served.
pub fn server_state(world: &World, until: SimTime, workers: u64) -> ServerState {
    let (mut accepted, mut served, mut refused, mut dropped) = (0, 0, 0, 0);
    for record in world
        .trace()
        .records()
        .take_while(|record| record.t <= until)
    {
        match record.ev {
            TraceEvent::ReqAccepted { .. } => accepted += 1,
            TraceEvent::ReqServed { .. } => served += 1,
            TraceEvent::ReqRefused { .. } => refused += 1,
            TraceEvent::ReqDropped { .. } => dropped += 1,
            _ => {}
        }
    }
    let in_system: u64 = accepted - served;
    let busy = in_system.min(workers);
    ServerState {
        busy,
        queued: in_system - busy,
        served,
        refused,
        dropped,
    }
}

/// The machines switched off at `now`: each one's last power change by
/// then said off.
pub fn switched_off(world: &World, now: SimTime) -> Vec<NodeId> {
    let mut off: Vec<NodeId> = Vec::new();
    for &(_, node, on) in world.power_log().iter().take_while(|&&(t, ..)| t <= now) {
        off.retain(|&seen| seen != node);
        if !on {
            off.push(node);
        }
    }
    off
}

/// The links cut at `now` (see `World::cut_link`), by the machines they
/// join.
pub fn cut_links(world: &World, now: SimTime) -> Vec<(NodeId, NodeId)> {
    let mut cut: Vec<LinkId> = Vec::new();
    for &(_, link, up) in world.link_log().iter().take_while(|&&(t, ..)| t <= now) {
        cut.retain(|&seen| seen != link);
        if !up {
            cut.push(link);
        }
    }
    let links = world.links();
    (cut.iter())
        .map(|link| (links[link.index()].a, links[link.index()].b))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_sim::runs::queue::{QueueParams, QueueSim};
    use cslab_sim::trace::TraceMode;

    #[test]
    fn the_queue_never_overflows_and_the_totals_match_the_report() {
        let params = QueueParams {
            servers: 2,
            arrival_rate: 30.0,
            service_rate: 5.0,
            queue_capacity: Some(3),
            requests: 300,
            trace: TraceMode::Full,
            ..QueueParams::default()
        };
        let mut sim = QueueSim::new(&params).unwrap();
        let mut full_seen = false;
        while !sim.is_done() {
            sim.step(50);
            let state = server_state(sim.world(), sim.world().now(), 2);
            assert!(state.queued <= 3 && state.busy <= 2, "{state:?}");
            full_seen |= state.queued == 3;
        }
        assert!(full_seen, "the load fills the queue");
        let report = sim.report();
        let end = server_state(sim.world(), SimTime::MAX, 2);
        assert_eq!(
            (end.served, end.refused),
            (report.completed, report.rejected)
        );
        assert_eq!((end.busy, end.queued), (0, 0));
    }
}
