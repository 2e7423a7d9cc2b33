//! Where every packet is at a display time `t`: waiting in a link's queue, on
//! the wire (its head and tail as fractions of the link, so a long packet is a
//! long shape and propagation shows as travel), or falling after a drop.

use super::by_packet::ByPacket;
use super::kind::Look;
use cslab_sim::net::{LinkId, NodeId};
use cslab_sim::time::SimTime;
use cslab_sim::trace::{DropReason, Trace, TraceEvent, TraceRecord};

/// A packet as the stage shows it at one instant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PacketView {
    pub pkt: u64,
    pub path: Path,
    pub state: PacketState,
    pub look: Look,
}

impl PacketView {
    /// The packet as a stage without motion draws it (the learner's system
    /// asks for reduced motion: WCAG 2.3.3, and MDN's
    /// `prefers-reduced-motion`, which asks sites to remove or replace
    /// movement): it stands still in the middle of its link while on it, at
    /// the middle of its loop, and where it was lost, so it jumps from hop to
    /// hop as the clock moves instead of gliding.
    pub fn at_rest(self) -> PacketView {
        let state = match self.state {
            PacketState::OnWire { .. } => PacketState::OnWire {
                head: 0.5 + REST_HALF_LENGTH,
                tail: 0.5 - REST_HALF_LENGTH,
            },
            PacketState::Looping { .. } => PacketState::Looping { progress: 0.5 },
            PacketState::Falling { at, reason, .. } => PacketState::Falling {
                at,
                progress: 0.0,
                reason,
            },
            queued @ PacketState::Queued { .. } => queued,
        };
        PacketView { state, ..self }
    }
}

/// Half a resting packet's length, as a fraction of its link.
const REST_HALF_LENGTH: f64 = 0.04;

/// Where a packet travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    /// Along a link; `dir` 0 from the link's `a` end towards `b`, 1 the
    /// other way.
    Link { link: LinkId, dir: u8 },
    /// Through a machine's loopback interface, to itself: drawn as a loop
    /// beside the machine, never on a link.
    Loopback(NodeId),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PacketState {
    /// Waiting at the sending end; `place` 0 is next on the wire.
    Queued { place: u32 },
    /// On the wire: how far along the link (0 = sender, 1 = receiver) its
    /// first and its last bit are.
    OnWire { head: f64, tail: f64 },
    /// Around the loopback, `progress` (0 to 1) of the way. It takes a few
    /// microseconds; the stage shows it as long as a fall, to be seen.
    Looping { progress: f64 },
    /// Dropped at fraction `at` of the link, `progress` (0 to 1) through the
    /// fall the stage shows.
    Falling {
        at: f64,
        progress: f64,
        reason: DropReason,
    },
}

/// What is known of a packet between two records.
#[derive(Clone, Copy, Debug)]
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
    /// Going round `node`'s loopback, its lap starting at `since` (maybe
    /// after it was sent: see [`LAPS_APART`]).
    Looping { node: NodeId, since: SimTime },
}

/// The packets to draw at time `t`, given the records up to (at least) `t` in
/// time order, each link's one-way propagation delay, each packet's look, and
/// how long a dropped packet stays visible as it falls. Replays every record
/// from the first: for a frame loop over a long trace, use [`PacketCursor`].
pub fn packets_at<'a>(
    records: impl IntoIterator<Item = &'a TraceRecord>,
    propagation: impl Fn(LinkId) -> SimTime,
    look: impl Fn(u64) -> Look,
    t: SimTime,
    fall: SimTime,
) -> Vec<PacketView> {
    let mut replay = Replay::default();
    for record in records.into_iter().take_while(|record| record.t <= t) {
        replay.apply(record, fall);
    }
    replay.views(propagation, look, t, fall)
}

/// A replay of a [`Trace`] that a frame loop moves forward: each call applies
/// only the records since the previous one, so a frame costs what happened in
/// it, not the whole run. It starts again from the oldest record kept when
/// the display time goes backwards, or when records it has not read yet have
/// fallen out of a bounded trace. It remembers only the packets still
/// drawable (in a queue, on a wire, falling), so its memory follows the
/// packets in flight, not the length of the run.
#[derive(Debug, Default)]
pub struct PacketCursor {
    replay: Replay,
    /// Global index (see [`Trace::first_kept`]) of the next record to apply.
    next: u64,
    /// The display time of the previous call.
    at: SimTime,
}

impl PacketCursor {
    pub fn new() -> PacketCursor {
        PacketCursor::default()
    }

    /// The packets to draw at `t`, as [`packets_at`] draws them from the
    /// records this cursor has read.
    pub fn packets_at(
        &mut self,
        trace: &Trace,
        propagation: impl Fn(LinkId) -> SimTime,
        look: impl Fn(u64) -> Look,
        t: SimTime,
        fall: SimTime,
    ) -> Vec<PacketView> {
        self.seek(trace, t, fall);
        self.replay.views(propagation, look, t, fall)
    }

    /// Applies the records up to `t`, and forgets the dropped packets that
    /// have finished falling by then (a packet that fell for a shorter `fall`
    /// stays forgotten if a later call passes a longer one).
    pub fn seek(&mut self, trace: &Trace, t: SimTime, fall: SimTime) {
        let unread_lost = self.next < trace.first_kept();
        // A shorter trace than the one read so far is another run.
        let other_run = self.next > trace.total();
        if t < self.at || unread_lost || other_run {
            self.replay = Replay::default();
            self.next = trace.first_kept();
        }
        for record in trace
            .records_from(self.next)
            .take_while(|record| record.t <= t)
        {
            self.replay.apply(record, fall);
            self.next += 1;
        }
        self.at = t;
        self.replay.forget_fallen(t, fall);
    }

    /// Packets the cursor holds state for (its memory, in packets).
    pub fn tracked(&self) -> usize {
        self.replay.live.len()
    }
}

/// What the records read so far say about each packet that may still be
/// drawn.
#[derive(Debug, Default)]
struct Replay {
    live: ByPacket<Live>,
    /// When the latest packet to go round a loopback starts its lap.
    last_lap: Option<SimTime>,
}

/// Packets that go round a loopback within microseconds of each other start
/// their laps this share of a lap apart, one behind the other, so the
/// stage shows them in order rather than on top of each other.
const LAPS_APART: u64 = 4;

impl Replay {
    fn apply(&mut self, record: &TraceRecord, lap: SimTime) {
        let live = &mut self.live;
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
            TraceEvent::PacketSent { pkt, src, dst, .. } if src == dst => {
                let behind = self.last_lap.map_or(record.t, |last| {
                    last + SimTime::from_nanos(lap.as_nanos() / LAPS_APART)
                });
                let since = record.t.max(behind);
                self.last_lap = Some(since);
                live.insert(pkt, Live::Looping { node: src, since });
            }
            // A looping packet stays drawn after it arrived, until its
            // loop is over (see `forget_fallen`).
            TraceEvent::Delivered { pkt, .. }
                if !matches!(live.get(pkt), Some(Live::Looping { .. })) =>
            {
                live.remove(pkt);
            }
            TraceEvent::Dropped {
                pkt,
                reason,
                link: Some(link),
                ..
            } => {
                // A queue-full drop happens at the sender; a loss on the wire
                // is shown half-way along the link.
                let (dir, at) = match live.get(pkt) {
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
                live.remove(pkt);
            }
            _ => {}
        }
    }

    /// Drops the dropped packets whose fall is over at `t`, and the looping
    /// ones whose loop is: no later time shows them again.
    fn forget_fallen(&mut self, t: SimTime, fall: SimTime) {
        self.live.retain(|state| match *state {
            Live::Dropped { when, .. } | Live::Looping { since: when, .. } => {
                t.saturating_sub(when) < fall
            }
            _ => true,
        });
    }

    fn views(
        &self,
        propagation: impl Fn(LinkId) -> SimTime,
        look: impl Fn(u64) -> Look,
        t: SimTime,
        fall: SimTime,
    ) -> Vec<PacketView> {
        let mut views = Vec::with_capacity(self.live.len());
        // Queue places: packets waiting on the same link and direction, in the
        // order they arrived (sorted once, not grouped in a map per frame).
        let mut waiting: Vec<(LinkId, u8, SimTime, u64)> = Vec::new();
        for (pkt, state) in self.live.iter() {
            match *state {
                Live::Queued { link, dir, since } => waiting.push((link, dir, since, pkt)),
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
                            path: Path::Link { link, dir },
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
                            path: Path::Link { link, dir },
                            state: PacketState::Falling {
                                at,
                                progress,
                                reason,
                            },
                            look: look(pkt),
                        });
                    }
                }
                Live::Looping { node, since } => {
                    let progress = fraction(t.saturating_sub(since).as_nanos(), fall.as_nanos());
                    if t >= since && progress < 1.0 {
                        views.push(PacketView {
                            pkt,
                            path: Path::Loopback(node),
                            state: PacketState::Looping { progress },
                            look: look(pkt),
                        });
                    }
                }
            }
        }
        waiting.sort_unstable();
        let mut place = 0;
        for (i, &(link, dir, _, pkt)) in waiting.iter().enumerate() {
            let same_queue = |&(l, d, ..): &(LinkId, u8, SimTime, u64)| (l, d) == (link, dir);
            place = match i.checked_sub(1).map(|before| &waiting[before]) {
                Some(before) if same_queue(before) => place + 1,
                _ => 0,
            };
            views.push(PacketView {
                pkt,
                path: Path::Link { link, dir },
                state: PacketState::Queued { place },
                look: look(pkt),
            });
        }
        views
    }
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
    use crate::kind::look;
    use cslab_sim::net::{NodeId, World};
    use cslab_sim::runs::pageload::{PageLoadParams, PageLoadSim};
    use cslab_sim::trace::TraceMode;

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
                path: Path::Link { link: LINK, dir: 0 },
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

    /// Without motion a packet on a link stands at its middle the whole
    /// time it is there: the same place 60 ns and 600 ns after it left, so
    /// it jumps from hop to hop; one waiting in the queue stays in its place.
    #[test]
    fn at_rest_a_packet_stands_in_the_middle_of_its_link() {
        let (early, late) = (show(60), show(600));
        assert_eq!(early[0].at_rest(), late[0].at_rest());
        let PacketState::OnWire { head, tail } = late[0].at_rest().state else {
            panic!("still on the wire");
        };
        assert!(tail < 0.5 && 0.5 < head, "{tail} .. {head}");
        assert_eq!(
            early[1].at_rest(),
            early[1],
            "a queued packet does not move"
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
        assert_eq!(view(250)[0].path, Path::Link { link: LINK, dir: 1 });
        assert!(view(400).is_empty());
    }

    #[test]
    fn the_cursor_forgets_a_dropped_packet_once_it_has_fallen() {
        let mut trace = Trace::new(TraceMode::Full);
        for pkt in 0..100 {
            trace.record(
                SimTime::from_nanos(pkt * 10),
                TraceEvent::Transmit {
                    pkt,
                    link: LINK,
                    dir: 0,
                    t_end: SimTime::from_nanos(pkt * 10 + 5),
                },
            );
            trace.record(
                SimTime::from_nanos(pkt * 10 + 5),
                TraceEvent::Dropped {
                    pkt,
                    reason: DropReason::Loss,
                    node: NodeId(0),
                    link: Some(LINK),
                },
            );
        }
        let mut cursor = PacketCursor::new();
        let draw = |cursor: &mut PacketCursor, t| {
            cursor
                .packets_at(
                    &trace,
                    |_| SimTime::from_nanos(1000),
                    |_| Look::default(),
                    SimTime::from_nanos(t),
                    SimTime::from_nanos(300),
                )
                .len()
        };
        // At 1000 ns the packets dropped at 705 ns and later are falling.
        assert_eq!(draw(&mut cursor, 1000), 30);
        assert_eq!(cursor.tracked(), 30);
        assert_eq!(draw(&mut cursor, 2000), 0);
        assert_eq!(cursor.tracked(), 0);
    }

    /// A lossy page load over a short queue, so packets wait, travel, are
    /// lost on the wire and dropped at a full queue.
    fn lossy_page_load(trace: TraceMode) -> PageLoadSim {
        PageLoadSim::new(&PageLoadParams {
            objects: 6,
            object_kb: 20.0,
            parallel: 4,
            bandwidth_mbps: 1.0,
            loss: 0.05,
            queue_packets: Some(4),
            trace,
            ..PageLoadParams::default()
        })
        .unwrap()
    }

    fn propagation(world: &World) -> Vec<SimTime> {
        world
            .links()
            .iter()
            .map(|link| link.spec.propagation)
            .collect()
    }

    const FALL: SimTime = SimTime::from_millis(5);

    /// What a replay from the first record of `records` draws at `t`.
    fn replayed(world: &World, records: &[TraceRecord], t: SimTime) -> Vec<PacketView> {
        let propagation = propagation(world);
        let trace = world.trace();
        packets_at(
            records,
            |link| propagation[link.index()],
            |pkt| look(trace.header(pkt)),
            t,
            FALL,
        )
    }

    fn through_cursor(cursor: &mut PacketCursor, world: &World, t: SimTime) -> Vec<PacketView> {
        let propagation = propagation(world);
        let trace = world.trace();
        cursor.packets_at(
            trace,
            |link| propagation[link.index()],
            |pkt| look(trace.header(pkt)),
            t,
            FALL,
        )
    }

    #[test]
    fn the_cursor_draws_what_a_whole_replay_draws_forwards_and_after_going_back() {
        let mut sim = lossy_page_load(TraceMode::Full);
        sim.run();
        let world = sim.world();
        let records: Vec<TraceRecord> = world.trace().records().copied().collect();
        let end = records.last().unwrap().t.as_nanos();
        // Forwards in 400 frames, then back to a third of the way and on
        // again, then back to the start.
        let frames = 400;
        let times = (0..=frames)
            .chain(frames / 3..=frames / 2)
            .chain(0..=10)
            .map(|i| SimTime::from_nanos(end * i / frames));
        let mut cursor = PacketCursor::new();
        let mut seen = [0; 3];
        for t in times {
            let views = through_cursor(&mut cursor, world, t);
            assert_eq!(views, replayed(world, &records, t), "at {t:?}");
            for view in &views {
                let state = match view.state {
                    PacketState::Queued { .. } => 0,
                    PacketState::OnWire { .. } => 1,
                    PacketState::Falling { .. } => 2,
                    PacketState::Looping { .. } => panic!("a page load never loops back"),
                };
                seen[state] += 1;
            }
        }
        assert!(
            seen.iter().all(|&count| count > 0),
            "queued, on the wire and falling all drawn: {seen:?}"
        );
    }

    #[test]
    fn a_cursor_on_a_bounded_trace_starts_again_from_the_oldest_record_kept() {
        const KEPT: usize = 60;
        let (mut full, mut bounded) = (
            lossy_page_load(TraceMode::Full),
            lossy_page_load(TraceMode::Last(KEPT)),
        );
        let mut cursor = PacketCursor::new();
        // The global index the cursor's replay starts from, and the records
        // it had when last called.
        let (mut read_from, mut read_up_to) = (0, 0);
        let mut restarts = 0;
        let mut t = SimTime::ZERO;
        for frame in 0..300u64 {
            // Mostly short frames; every 50th a long one, past more records
            // than the trace keeps.
            t += SimTime::from_millis(if frame % 50 == 49 { 200 } else { 2 });
            full.world_mut().run_until(t);
            bounded.world_mut().run_until(t);
            let trace = bounded.world().trace();
            if trace.first_kept() > read_up_to {
                read_from = trace.first_kept();
                restarts += 1;
            }
            read_up_to = trace.total();
            let records: Vec<TraceRecord> = full
                .world()
                .trace()
                .records()
                .skip(read_from as usize)
                .copied()
                .collect();
            assert_eq!(
                through_cursor(&mut cursor, bounded.world(), t),
                replayed(full.world(), &records, t),
                "frame {frame}"
            );
        }
        assert!(restarts >= 2, "records fell out unread {restarts} times");
        assert!(full.world().trace().total() > 10 * KEPT as u64);
    }

    /// A client on the server itself: its packets go round the machine's
    /// loopback, drawn for as long as a fall, and never on a link.
    #[test]
    fn a_packet_to_the_machine_itself_goes_round_its_loop() {
        use cslab_sim::runs::servers::{ServersParams, ServersSim};
        let mut sim = ServersSim::new(&ServersParams {
            same_machine: true,
            ..ServersParams::default()
        });
        let server = sim.nodes().server;
        sim.world_mut().run_until(SimTime::from_millis(1));
        let world = sim.world();
        let mut looped = world
            .trace()
            .records()
            .filter_map(|record| match record.ev {
                TraceEvent::PacketSent { pkt, src, dst, .. } if src == dst => Some((pkt, record.t)),
                _ => None,
            });
        let (syn, sent) = looped.next().expect("the first SYN to 127.0.0.1");
        let (syn_ack, _) = looped.next().expect("its SYN-ACK, microseconds later");
        let fall = SimTime::from_millis(1);
        let at = |pkt: u64, t: SimTime| {
            packets_at(
                world.trace().records(),
                |_| SimTime::ZERO,
                |_| Look::default(),
                t,
                fall,
            )
            .into_iter()
            .filter(|view| view.pkt == pkt)
            .inspect(|view| assert_eq!(view.path, Path::Loopback(server)))
            .map(|view| view.state)
            .next()
        };
        assert_eq!(at(syn, sent), Some(PacketState::Looping { progress: 0.0 }));
        let half = sent + SimTime::from_micros(500);
        assert!(matches!(at(syn, half), Some(PacketState::Looping { progress }) if progress > 0.0));
        // The SYN-ACK follows a quarter of a lap behind, not on top of it.
        let quarter = sent + SimTime::from_micros(250);
        assert_eq!(
            at(syn_ack, quarter),
            Some(PacketState::Looping { progress: 0.0 })
        );
        assert_eq!(at(syn_ack, quarter - SimTime::from_nanos(1)), None);
        let syn = |t| at(syn, t);
        assert_eq!(syn(sent + fall), None, "gone once round");
    }
}
