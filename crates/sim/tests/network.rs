//! The network model: exact delays over several hops, queueing where a link
//! is busy, drop-tail, loss, routing, observers, and packet conservation.

use cslab_sim::net::{
    Addr, App, Ctx, LinkId, LinkSpec, NodeId, NodeKind, Outgoing, Packet, Proto, World, headers,
    transmission_time,
};
use cslab_sim::runs::queue::{QueueParams, QueueSim};
use cslab_sim::time::SimTime;
use cslab_sim::trace::{DropReason, TraceEvent, TraceMode};

/// Sends `sizes.len()` UDP packets to `dst` at start, all at t = 0.
struct Burst {
    dst: Addr,
    port: u16,
    sizes: Vec<u32>,
}

impl App for Burst {
    fn start(&mut self, ctx: &mut Ctx) {
        for (i, &s) in self.sizes.iter().enumerate() {
            let out = Outgoing::udp(self.dst, 5000, self.port, s).with_message(7, [i as u64, 0, 0]);
            ctx.send(out);
        }
    }
    fn on_packet(&mut self, _: &mut Ctx, _: &Packet) {}
}

/// Records when each packet arrived.
#[derive(Default)]
struct Sink {
    got: Vec<(SimTime, u64)>,
}

impl App for Sink {
    fn on_packet(&mut self, ctx: &mut Ctx, pkt: &Packet) {
        self.got.push((ctx.now(), pkt.words[0]));
    }
}

/// Counts packets seen on observed links.
#[derive(Default)]
struct Tap {
    seen: Vec<(LinkId, u8, u64)>,
}

impl App for Tap {
    fn on_packet(&mut self, _: &mut Ctx, _: &Packet) {}
    fn on_observe(&mut self, _: &mut Ctx, link: LinkId, dir: u8, pkt: &Packet) {
        self.seen.push((link, dir, pkt.id));
    }
}

/// client —(100 Mbit/s, 3 ms)— r1 —(10 Mbit/s, 7 ms)— r2 —(1 Gbit/s, 11 µs)— server
fn chain(trace: TraceMode) -> (World, NodeId, NodeId, [LinkSpec; 3]) {
    let mut w = World::new(1, trace);
    let c = w.add_node("client", NodeKind::Host);
    let r1 = w.add_node("r1", NodeKind::Router);
    let r2 = w.add_node("r2", NodeKind::Router);
    let s = w.add_node("server", NodeKind::Server);
    let specs = [
        LinkSpec::new(100_000_000, SimTime::from_millis(3)),
        LinkSpec::new(10_000_000, SimTime::from_millis(7)),
        LinkSpec::new(1_000_000_000, SimTime::from_micros(11)),
    ];
    w.connect(c, r1, specs[0]);
    w.connect(r1, r2, specs[1]);
    w.connect(r2, s, specs[2]);
    (w, c, s, specs)
}

#[test]
fn delays_add_up_exactly_over_three_hops() {
    let (mut w, c, s, specs) = chain(TraceMode::Full);
    let payload = 1000;
    w.add_app(
        c,
        Box::new(Burst {
            dst: Addr::of_node(s),
            port: 9,
            sizes: vec![payload],
        }),
    );
    let sink = w.add_app(s, Box::new(Sink::default()));
    w.bind(s, Proto::Udp, 9, sink);
    w.run();
    let wire = headers::ETHERNET + headers::IPV4 + headers::UDP + payload;
    assert_eq!(wire, 1046);
    // 1046 bytes: 83 680 ns at 100 Mbit/s, 836 800 ns at 10 Mbit/s, 8 368 ns at 1 Gbit/s.
    let expected_ns: u64 = 83_680 + 3_000_000 + 836_800 + 7_000_000 + 8_368 + 11_000;
    let expected: SimTime = specs
        .iter()
        .map(|l| transmission_time(wire, l.bandwidth_bps) + l.propagation)
        .fold(SimTime::ZERO, |a, b| a + b);
    assert_eq!(expected.as_nanos(), expected_ns);
    let got = &w.app::<Sink>(sink).unwrap().got;
    assert_eq!(got, &vec![(expected, 0)]);
    // The trace shows each hop's transmission from t0 to t1.
    let tx: Vec<(u64, u64)> = w
        .trace()
        .records()
        .filter_map(|r| match r.ev {
            TraceEvent::Transmit { t_end, .. } => Some((r.t.as_nanos(), t_end.as_nanos())),
            _ => None,
        })
        .collect();
    assert_eq!(
        tx,
        vec![
            (0, 83_680),
            (3_083_680, 3_920_480),
            (10_920_480, 10_928_848)
        ]
    );
    assert_eq!(w.path(c, s).unwrap().len(), 3);
}

#[test]
fn packets_queue_behind_each_other_at_the_bottleneck() {
    // Five packets of different sizes leave at once: store-and-forward with
    // FIFO queues at every hop. Compute the schedule by hand and compare.
    let (mut w, c, s, specs) = chain(TraceMode::Last(0));
    let sizes = vec![1460u32, 100, 1460, 0, 500];
    w.add_app(
        c,
        Box::new(Burst {
            dst: Addr::of_node(s),
            port: 9,
            sizes: sizes.clone(),
        }),
    );
    let sink = w.add_app(s, Box::new(Sink::default()));
    w.bind(s, Proto::Udp, 9, sink);
    w.run();
    let mut expected = Vec::new();
    let mut link_free = [0u64; 3];
    for (i, &p) in sizes.iter().enumerate() {
        let wire = (headers::ETHERNET + headers::IPV4 + headers::UDP + p).max(64);
        let mut t = 0u64;
        for (h, l) in specs.iter().enumerate() {
            let start = t.max(link_free[h]);
            let done = start + transmission_time(wire, l.bandwidth_bps).as_nanos();
            link_free[h] = done;
            t = done + l.propagation.as_nanos();
        }
        expected.push((SimTime::from_nanos(t), i as u64));
    }
    assert_eq!(w.app::<Sink>(sink).unwrap().got, expected);
    // The slow middle link really queued: it transmitted for the sum of the
    // frame times, and some packet waited.
    assert!(w.chan_stats(LinkId(1), 0).queue.max() >= 1);
}

#[test]
fn drop_tail_queue_drops_what_does_not_fit() {
    let mut w = World::new(1, TraceMode::Full);
    let a = w.add_node("a", NodeKind::Host);
    let b = w.add_node("b", NodeKind::Host);
    let link = w.connect(
        a,
        b,
        LinkSpec::new(1_000_000, SimTime::from_millis(1)).with_queue(2),
    );
    w.add_app(
        a,
        Box::new(Burst {
            dst: Addr::of_node(b),
            port: 9,
            sizes: vec![100; 6],
        }),
    );
    let sink = w.add_app(b, Box::new(Sink::default()));
    w.bind(b, Proto::Udp, 9, sink);
    w.run();
    // One on the wire, two waiting, three dropped.
    let got: Vec<u64> = w
        .app::<Sink>(sink)
        .unwrap()
        .got
        .iter()
        .map(|g| g.1)
        .collect();
    assert_eq!(got, vec![0, 1, 2]);
    let drops: Vec<DropReason> = w
        .trace()
        .records()
        .filter_map(|r| match r.ev {
            TraceEvent::Dropped {
                reason, link: l, ..
            } => {
                assert_eq!(l, Some(link));
                Some(reason)
            }
            _ => None,
        })
        .collect();
    assert_eq!(drops, vec![DropReason::QueueFull; 3]);
    let st = w.net_stats();
    assert_eq!(
        (st.sent, st.delivered, st.dropped, st.in_flight),
        (6, 3, 3, 0)
    );
    assert_eq!(w.chan_stats(link, 0).dropped_queue_full, 3);
}

#[test]
fn loss_probability_loses_about_that_fraction() {
    let mut w = World::new(99, TraceMode::Last(0));
    let a = w.add_node("a", NodeKind::Host);
    let b = w.add_node("b", NodeKind::Host);
    let link = w.connect(
        a,
        b,
        LinkSpec::new(0, SimTime::from_micros(5)).with_loss(0.3),
    );
    let n = 20_000;
    w.add_app(
        a,
        Box::new(Burst {
            dst: Addr::of_node(b),
            port: 9,
            sizes: vec![10; n],
        }),
    );
    let sink = w.add_app(b, Box::new(Sink::default()));
    w.bind(b, Proto::Udp, 9, sink);
    w.run();
    let lost = w.chan_stats(link, 0).lost as f64 / n as f64;
    // σ = sqrt(0.21 / 20 000) ≈ 0.0032.
    assert!((lost - 0.3).abs() < 0.013, "lost fraction {lost}");
    assert_eq!(
        w.app::<Sink>(sink).unwrap().got.len() as u64 + w.chan_stats(link, 0).lost,
        n as u64
    );
}

#[test]
fn unreachable_and_unbound_destinations_are_dropped_with_a_reason() {
    let mut w = World::new(1, TraceMode::Full);
    let a = w.add_node("a", NodeKind::Host);
    let b = w.add_node("b", NodeKind::Host);
    let island = w.add_node("island", NodeKind::Host);
    w.connect(a, b, LinkSpec::new(0, SimTime::ZERO));
    w.add_app(
        a,
        Box::new(Burst {
            dst: Addr::of_node(b),
            port: 1234,
            sizes: vec![1],
        }),
    );
    w.add_app(
        a,
        Box::new(Burst {
            dst: Addr::of_node(island),
            port: 9,
            sizes: vec![1],
        }),
    );
    w.run();
    let reasons: Vec<DropReason> = w
        .trace()
        .records()
        .filter_map(|r| match r.ev {
            TraceEvent::Dropped { reason, .. } => Some(reason),
            _ => None,
        })
        .collect();
    assert_eq!(reasons, vec![DropReason::NoRoute, DropReason::NoListener]);
    assert!(w.path(a, island).is_none());
}

#[test]
fn an_observer_sees_every_packet_crossing_its_link() {
    let (mut w, c, s, _) = chain(TraceMode::Last(0));
    w.add_app(
        c,
        Box::new(Burst {
            dst: Addr::of_node(s),
            port: 9,
            sizes: vec![10, 20, 30],
        }),
    );
    let sink = w.add_app(s, Box::new(Sink::default()));
    w.bind(s, Proto::Udp, 9, sink);
    let tap = w.add_app(c, Box::new(Tap::default()));
    w.observe_link(LinkId(1), tap);
    w.run();
    assert_eq!(
        w.app::<Tap>(tap).unwrap().seen,
        vec![(LinkId(1), 0, 0), (LinkId(1), 0, 1), (LinkId(1), 0, 2)]
    );
}

/// Steps a run one event at a time, checking after each event that every
/// packet is accounted for and that nothing is pending before "now".
fn check_every_step(w: &mut World) -> u64 {
    let mut last = SimTime::ZERO;
    let mut steps = 0;
    while w.step(1) == 1 {
        steps += 1;
        let now = w.now();
        assert!(now >= last, "time went backwards");
        last = now;
        if let Some(next) = w.next_event_time() {
            assert!(next >= now, "an event is pending in the past");
        }
        w.check_packet_conservation()
            .unwrap_or_else(|e| panic!("after event {steps}: {e}"));
        let s = w.net_stats();
        assert_eq!(s.sent, s.delivered + s.dropped + s.in_flight);
    }
    steps
}

#[test]
fn packets_are_conserved_at_every_step_with_loss_and_full_queues() {
    // A mesh with a lossy link, tiny queues, and a server refusing requests.
    let mut sim = QueueSim::new(&QueueParams {
        servers: 2,
        arrival_rate: 40.0,
        service_rate: 10.0,
        requests: 3_000,
        queue_capacity: Some(2),
        rtt_ms: 4.0,
        clients: 5,
        access_bandwidth_bps: 2_000_000,
        server_bandwidth_bps: 1_000_000,
        ..QueueParams::default()
    })
    .unwrap();
    let steps = check_every_step(sim.world_mut());
    assert!(steps > 10_000);
    let r = sim.report();
    assert!(r.rejected > 0);
    let s = sim.world().net_stats();
    assert_eq!(s.in_flight, 0);
    assert_eq!(s.sent, s.delivered + s.dropped);

    let mut w = World::new(5, TraceMode::Last(0));
    let a = w.add_node("a", NodeKind::Host);
    let r1 = w.add_node("r1", NodeKind::Router);
    let b = w.add_node("b", NodeKind::Host);
    w.connect(
        a,
        r1,
        LinkSpec::new(10_000_000, SimTime::from_micros(50)).with_queue(20),
    );
    w.connect(
        r1,
        b,
        LinkSpec::new(1_000_000, SimTime::from_micros(500))
            .with_queue(3)
            .with_loss(0.1),
    );
    w.add_app(
        a,
        Box::new(Burst {
            dst: Addr::of_node(b),
            port: 9,
            sizes: vec![700; 200],
        }),
    );
    let sink = w.add_app(b, Box::new(Sink::default()));
    w.bind(b, Proto::Udp, 9, sink);
    check_every_step(&mut w);
    let s = w.net_stats();
    assert!(s.dropped > 100 && s.delivered > 0, "{s:?}");
    assert_eq!(s.sent, 200);
}

#[test]
#[should_panic(expected = "in the past")]
fn a_timer_in_the_past_is_impossible() {
    // Ctx only takes delays, so the past cannot be named through the App API;
    // the engine still checks: run_until moves the clock, then scheduling an
    // absolute time before it panics.
    let mut q = cslab_sim::engine::EventQueue::new();
    q.schedule_at(SimTime::from_millis(2), ());
    q.pop();
    q.schedule_at(SimTime::from_millis(1), ());
}
