//! Where every packet is at a display time `t`: waiting in a link's queue, on
//! the wire (its head and tail as fractions of the link, so a long packet is a
//! long shape and propagation shows as travel), or falling after a drop.

use std::collections::BTreeMap;

use super::kind::Look;
use crate::sim::net::LinkId;
use crate::sim::time::SimTime;
use crate::sim::trace::{DropReason, TraceEvent, TraceRecord};

/// A packet as the stage shows it at one instant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PacketView {
    pub pkt: u64,
    pub link: LinkId,
    /// 0: from the link's `a` end towards `b`; 1: the other way.
    pub dir: u8,
    pub state: PacketState,
    pub look: Look,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PacketState {
    /// Waiting at the sending end; `place` 0 is next on the wire.
    Queued { place: u32 },
    /// On the wire: how far along the link (0 = sender, 1 = receiver) its
    /// first and its last bit are.
    OnWire { head: f64, tail: f64 },
    /// Dropped at fraction `at` of the link, `progress` (0 to 1) through the
    /// fall the stage shows.
    Falling {
        at: f64,
        progress: f64,
        reason: DropReason,
    },
}

/// What is known of a packet between two records.
#[derive(Clone, Copy)]
enum Live {
    Queued {
        link: LinkId,
        dir: u8,
        since: SimTime,
    },
    Wire {
        link: LinkId,
        dir: u8,
        t_start: SimTime,
        t_end: SimTime,
    },
    Dropped {
        link: LinkId,
        dir: u8,
        at: f64,
        when: SimTime,
        reason: DropReason,
    },
}

/// The packets to draw at time `t`, given the records up to (at least) `t` in
/// time order, each link's one-way propagation delay, each packet's look, and
/// how long a dropped packet stays visible as it falls.
pub fn packets_at<'a>(
    records: impl IntoIterator<Item = &'a TraceRecord>,
    propagation: impl Fn(LinkId) -> SimTime,
    look: impl Fn(u64) -> Look,
    t: SimTime,
    fall: SimTime,
) -> Vec<PacketView> {
    let mut live: BTreeMap<u64, Live> = BTreeMap::new();
    for record in records.into_iter().take_while(|record| record.t <= t) {
        match record.ev {
            TraceEvent::Enqueued { pkt, link, dir, .. } => {
                live.insert(
                    pkt,
                    Live::Queued {
                        link,
                        dir,
                        since: record.t,
                    },
                );
            }
            TraceEvent::Transmit {
                pkt,
                link,
                dir,
                t_end,
            } => {
                live.insert(
                    pkt,
                    Live::Wire {
                        link,
                        dir,
                        t_start: record.t,
                        t_end,
                    },
                );
            }
            TraceEvent::Delivered { pkt, .. } => {
                live.remove(&pkt);
            }
            TraceEvent::Dropped {
                pkt,
                reason,
                link: Some(link),
                ..
            } => {
                // A queue-full drop happens at the sender; a loss on the wire
                // is shown half-way along the link.
                let (dir, at) = match live.get(&pkt) {
                    Some(Live::Wire { dir, .. }) => (*dir, 0.5),
                    Some(Live::Queued { dir, .. }) => (*dir, 0.0),
                    _ => (0, 0.0),
                };
                live.insert(
                    pkt,
                    Live::Dropped {
                        link,
                        dir,
                        at,
                        when: record.t,
                        reason,
                    },
                );
            }
            TraceEvent::Dropped { pkt, .. } => {
                live.remove(&pkt);
            }
            _ => {}
        }
    }

    let mut views = Vec::new();
    // Queue places: packets waiting on the same link and direction, in the
    // order they arrived.
    let mut waiting: BTreeMap<(LinkId, u8), Vec<(SimTime, u64)>> = BTreeMap::new();
    for (&pkt, state) in &live {
        match *state {
            Live::Queued { link, dir, since } => {
                waiting.entry((link, dir)).or_default().push((since, pkt))
            }
            Live::Wire {
                link,
                dir,
                t_start,
                t_end,
            } => {
                let prop = propagation(link).as_nanos();
                let along = |since: SimTime| fraction(t.saturating_sub(since).as_nanos(), prop);
                let (head, tail) = (along(t_start), if t < t_end { 0.0 } else { along(t_end) });
                if tail < 1.0 {
                    views.push(PacketView {
                        pkt,
                        link,
                        dir,
                        state: PacketState::OnWire { head, tail },
                        look: look(pkt),
                    });
                }
            }
            Live::Dropped {
                link,
                dir,
                at,
                when,
                reason,
            } => {
                let progress = fraction(t.saturating_sub(when).as_nanos(), fall.as_nanos());
                if progress < 1.0 {
                    views.push(PacketView {
                        pkt,
                        link,
                        dir,
                        state: PacketState::Falling {
                            at,
                            progress,
                            reason,
                        },
                        look: look(pkt),
                    });
                }
            }
        }
    }
    for ((link, dir), mut queue) in waiting {
        queue.sort_unstable();
        for (place, (_, pkt)) in queue.into_iter().enumerate() {
            views.push(PacketView {
                pkt,
                link,
                dir,
                state: PacketState::Queued {
                    place: place as u32,
                },
                look: look(pkt),
            });
        }
    }
    views
}

/// `part / whole` clamped to [0, 1]; a zero-length whole is already done.
fn fraction(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        1.0
    } else {
        (part as f64 / whole as f64).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::net::NodeId;

    fn at(ns: u64, ev: TraceEvent) -> TraceRecord {
        TraceRecord {
            t: SimTime::from_nanos(ns),
            ev,
        }
    }

    const LINK: LinkId = LinkId(0);

    /// One packet transmitted for 100 ns over a link with 1000 ns of
    /// propagation, delivered at 1100 ns; a second one queued behind it.
    fn records() -> Vec<TraceRecord> {
        vec![
            at(
                0,
                TraceEvent::Enqueued {
                    pkt: 1,
                    link: LINK,
                    dir: 0,
                    queue_len: 0,
                },
            ),
            at(
                0,
                TraceEvent::Transmit {
                    pkt: 1,
                    link: LINK,
                    dir: 0,
                    t_end: SimTime::from_nanos(100),
                },
            ),
            at(
                50,
                TraceEvent::Enqueued {
                    pkt: 2,
                    link: LINK,
                    dir: 0,
                    queue_len: 1,
                },
            ),
            at(
                100,
                TraceEvent::Transmit {
                    pkt: 2,
                    link: LINK,
                    dir: 0,
                    t_end: SimTime::from_nanos(200),
                },
            ),
            at(
                1100,
                TraceEvent::Delivered {
                    pkt: 1,
                    node: NodeId(1),
                },
            ),
            at(
                1200,
                TraceEvent::Dropped {
                    pkt: 2,
                    reason: DropReason::QueueFull,
                    node: NodeId(1),
                    link: None,
                },
            ),
        ]
    }

    fn show(t: u64) -> Vec<PacketView> {
        packets_at(
            &records(),
            |_| SimTime::from_nanos(1000),
            |_| Look::default(),
            SimTime::from_nanos(t),
            SimTime::from_nanos(300),
        )
    }

    #[test]
    fn a_packet_stretches_while_sent_then_travels_at_propagation_speed() {
        let views = show(60);
        assert_eq!(
            views[0].state,
            PacketState::OnWire {
                head: 0.06,
                tail: 0.0
            }
        );
        assert_eq!(
            views[1],
            PacketView {
                pkt: 2,
                link: LINK,
                dir: 0,
                state: PacketState::Queued { place: 0 },
                look: Look::default(),
            }
        );
        // 600 ns after it started: head at 0.6, tail (sent at 100 ns) at 0.5.
        assert_eq!(
            show(600)[0].state,
            PacketState::OnWire {
                head: 0.6,
                tail: 0.5
            }
        );
    }

    #[test]
    fn a_delivered_packet_is_gone() {
        let views = show(1150);
        assert_eq!(views.len(), 1);
        assert_eq!(views[0].pkt, 2);
    }

    #[test]
    fn a_lost_packet_falls_from_mid_link_for_the_fall_time() {
        let lost = vec![
            at(
                0,
                TraceEvent::Transmit {
                    pkt: 7,
                    link: LINK,
                    dir: 1,
                    t_end: SimTime::from_nanos(100),
                },
            ),
            at(
                100,
                TraceEvent::Dropped {
                    pkt: 7,
                    reason: DropReason::Loss,
                    node: NodeId(0),
                    link: Some(LINK),
                },
            ),
        ];
        let view = |t| {
            packets_at(
                &lost,
                |_| SimTime::from_nanos(1000),
                |_| Look::default(),
                SimTime::from_nanos(t),
                SimTime::from_nanos(300),
            )
        };
        assert_eq!(
            view(250)[0].state,
            PacketState::Falling {
                at: 0.5,
                progress: 0.5,
                reason: DropReason::Loss
            }
        );
        assert_eq!(view(250)[0].dir, 1);
        assert!(view(400).is_empty());
    }
}
