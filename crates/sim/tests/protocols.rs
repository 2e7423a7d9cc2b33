//! The protocol state machines on a bare two-node network.

use cslab_sim::net::{Addr, App, AppId, Ctx, LinkSpec, NodeId, NodeKind, Packet, Proto, World};
use cslab_sim::proto::host::{Host, Net, NetApp};
use cslab_sim::proto::tcp::{InitialWindow, TcpConfig, TcpEvent, TcpStack, TcpState};
use cslab_sim::proto::{AppMsg, Message};
use cslab_sim::time::SimTime;
use cslab_sim::trace::{DropReason, TraceEvent, TraceMode};

/// Connects to `to`:`port` and keeps what its TCP tells it.
struct Dialer {
    to: Addr,
    port: u16,
    events: Vec<TcpEvent>,
}

impl NetApp for Dialer {
    fn start(&mut self, net: &mut Net) {
        net.tcp.connect(net.ctx, self.to, self.port);
    }
    fn on_tcp(&mut self, _net: &mut Net, ev: TcpEvent) {
        self.events.push(ev);
    }
}

#[derive(Default)]
struct Nothing;
impl NetApp for Nothing {}

/// A host that dials port 81 of a host where nothing listens, 5 ms away:
/// the world (not yet run), the dialer's app and the other host's.
fn dialing_port_81() -> (World, AppId, AppId) {
    let mut w = World::new(1, TraceMode::Full);
    let a = w.add_node("a", NodeKind::Host);
    let b = w.add_node("b", NodeKind::Server);
    w.connect(a, b, LinkSpec::new(1_000_000_000, SimTime::from_millis(5)));
    let da = w.add_app(
        a,
        Box::new(Host::new(
            TcpStack::new(TcpConfig::default()),
            Dialer {
                to: Addr::of_node(b),
                port: 81,
                events: Vec::new(),
            },
        )),
    );
    w.bind_any_port(a, Proto::Tcp, da);
    let nb = w.add_app(
        b,
        Box::new(Host::new(TcpStack::new(TcpConfig::default()), Nothing)),
    );
    w.bind_any_port(b, Proto::Tcp, nb);
    (w, da, nb)
}

#[test]
fn nothing_listening_means_reset() {
    let (mut w, da, nb) = dialing_port_81();
    w.run();
    let host = w.app::<Host<Dialer>>(da).unwrap();
    assert!(matches!(
        host.app.events.as_slice(),
        [TcpEvent::Reset { refused: true, .. }]
    ));
    assert_eq!(host.tcp.conns()[0].state, TcpState::Closed);
    // One round trip: SYN out, RST back.
    let rst_at = w
        .trace()
        .records()
        .find(|r| matches!(r.ev, TraceEvent::Delivered { pkt: 1, .. }))
        .map(|r| r.t);
    assert_eq!(
        rst_at,
        Some(SimTime::from_millis(10) + SimTime::from_nanos(2 * 512))
    );
    let nb_host = w.app::<Host<Nothing>>(nb).unwrap();
    assert_eq!(nb_host.tcp.stats.resets_sent, 1);
}

/// A firewall that drops what arrives for the port (`iptables -A INPUT -p
/// tcp --dport 81 -j DROP`) answers nothing, unlike a closed port's RST:
/// the client sends its SYN again after 1, 2, 4, 8, 16 and 32 s (an initial
/// RTO of 1 s, doubled on each expiry: RFC 6298 §2.1 and §5.5) and gives up
/// 64 s after the last, at 127 s (Linux's `tcp_syn_retries` = 6).
#[test]
fn a_filtered_port_leaves_the_client_waiting_until_connect_gives_up() {
    let (mut w, da, nb) = dialing_port_81();
    w.block_port(NodeId(1), Proto::Tcp, 81);
    w.run();
    let sent: Vec<SimTime> = w
        .trace()
        .records()
        .filter(|r| matches!(r.ev, TraceEvent::PacketSent { .. }))
        .map(|r| r.t)
        .collect();
    let seconds = |s: &[u64]| s.iter().map(|&s| SimTime::from_secs(s)).collect::<Vec<_>>();
    assert_eq!(
        sent,
        seconds(&[0, 1, 3, 7, 15, 31, 63]),
        "SYNs only, none answered"
    );
    let firewalled = w
        .trace()
        .records()
        .filter(|r| {
            matches!(
                r.ev,
                TraceEvent::Dropped {
                    reason: DropReason::Firewall,
                    ..
                }
            )
        })
        .count();
    assert_eq!(firewalled, 7);
    let host = w.app::<Host<Dialer>>(da).unwrap();
    assert!(matches!(
        host.app.events.as_slice(),
        [TcpEvent::TimedOut(_)]
    ));
    assert_eq!(
        w.now(),
        SimTime::from_secs(127),
        "connect gives up at 127 s"
    );
    assert_eq!(w.app::<Host<Nothing>>(nb).unwrap().tcp.stats.resets_sent, 0);
}

/// A client on the server's own machine (a developer's `localhost:3000`)
/// connects to 127.0.0.1: the connection is made, from 127.0.0.1, and no
/// packet reaches a link, though the machine has one.
#[test]
fn a_connection_to_127_0_0_1_never_leaves_the_machine() {
    let mut w = World::new(1, TraceMode::Full);
    let a = w.add_node("a", NodeKind::Server);
    let b = w.add_node("b", NodeKind::Host);
    w.connect(a, b, LinkSpec::new(1_000_000_000, SimTime::from_millis(5)));
    let server = w.add_app(
        a,
        Box::new(Host::new(
            TcpStack::new(TcpConfig::default()),
            Listener {
                last_data_at: SimTime::ZERO,
            },
        )),
    );
    w.bind(a, Proto::Tcp, 80, server);
    let client = w.add_app(
        a,
        Box::new(Host::new(
            TcpStack::new(TcpConfig::default()),
            Dialer {
                to: Addr::LOOPBACK,
                port: 80,
                events: Vec::new(),
            },
        )),
    );
    w.bind_any_port(a, Proto::Tcp, client);
    w.run();
    let caller = w.app::<Host<Dialer>>(client).unwrap();
    assert!(matches!(
        caller.app.events.first(),
        Some(TcpEvent::Connected(_))
    ));
    let listener = w.app::<Host<Listener>>(server).unwrap();
    let conn = &listener.tcp.conns()[0];
    assert_eq!(conn.remote, Addr::LOOPBACK);
    let on_links = w
        .trace()
        .records()
        .filter(|r| {
            matches!(
                r.ev,
                TraceEvent::Enqueued { .. } | TraceEvent::Transmit { .. }
            )
        })
        .count();
    assert_eq!(on_links, 0, "no packet on any link");
    assert!(
        w.trace()
            .records()
            .any(|r| matches!(r.ev, TraceEvent::Delivered { .. }))
    );
}

#[test]
fn initial_windows_follow_rfc_6928_and_rfc_5681() {
    // RFC 6928: min(10·MSS, max(2·MSS, 14600)); RFC 5681 §3.1: 2 segments
    // above 2190 bytes, 3 above 1095, else 4.
    for (mss, iw10, iw_rfc5681) in [
        (1460, 14_600, 3 * 1460), // 10 × 1460; 3 × 1460 = 4380
        (1000, 10_000, 4 * 1000), // min(10 000, 14 600); 4 × 1000
        (2000, 14_600, 3 * 2000), // min(20 000, 14 600); 3 × 2000 (RFC 3390: 4380)
        (9000, 18_000, 2 * 9000), // max(18 000, 14 600); 2 × 9000
    ] {
        assert_eq!(InitialWindow::Rfc6928.bytes(mss), iw10, "mss {mss}");
        assert_eq!(InitialWindow::Rfc5681.bytes(mss), iw_rfc5681, "mss {mss}");
    }
    assert_eq!(
        TcpConfig::default().initial_window(),
        14_600,
        "IW10 by default"
    );
}

/// Connects and writes one record of `bytes` once connected.
struct Writer {
    bytes: u32,
}

impl NetApp for Writer {
    fn start(&mut self, net: &mut Net) {
        net.tcp.connect(net.ctx, Addr::of_node(NodeId(1)), 80);
    }
    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        if let TcpEvent::Connected(c) = ev {
            net.tcp
                .send(net.ctx, c, self.bytes, Message::udp(AppMsg::None));
        }
    }
}

/// Listens on port 80 and notes when the last data arrived.
#[derive(Default)]
struct Listener {
    last_data_at: SimTime,
}

impl NetApp for Listener {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(80, 8);
    }
    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        if let TcpEvent::Data { .. } = ev {
            self.last_data_at = net.ctx.now();
        }
    }
}

/// A receiver that falls silent after `data_segments` data segments: every
/// later segment is lost.
struct GoesSilent {
    host: Host<Listener>,
    data_segments: u32,
}

impl App for GoesSilent {
    fn start(&mut self, ctx: &mut Ctx) {
        self.host.start(ctx);
    }
    fn on_packet(&mut self, ctx: &mut Ctx, pkt: &Packet) {
        if pkt.payload_bytes > 0 {
            if self.data_segments == 0 {
                return;
            }
            self.data_segments -= 1;
        }
        self.host.on_packet(ctx, pkt);
    }
    fn on_timer(&mut self, ctx: &mut Ctx, token: u64) {
        self.host.on_timer(ctx, token);
    }
}

/// Two nodes 5 ms apart at 1 Gbit/s: `writer` on a (node 0) over a
/// default stack, `sink` (an app that owns its stack) on b (node 1).
fn two_hosts<W: NetApp>(writer: W, sink: Box<dyn App>) -> (World, AppId, AppId) {
    let mut w = World::new(1, TraceMode::Last(0));
    let a = w.add_node("a", NodeKind::Host);
    let b = w.add_node("b", NodeKind::Server);
    w.connect(a, b, LinkSpec::new(1_000_000_000, SimTime::from_millis(5)));
    let writer = w.add_app(
        a,
        Box::new(Host::new(TcpStack::new(TcpConfig::default()), writer)),
    );
    w.bind_any_port(a, Proto::Tcp, writer);
    let sink = w.add_app(b, sink);
    w.bind_any_port(b, Proto::Tcp, sink);
    (w, writer, sink)
}

#[test]
fn a_second_timeout_of_the_same_data_keeps_ssthresh() {
    let (mut w, writer, _) = two_hosts(
        Writer { bytes: 100_000 },
        Box::new(GoesSilent {
            host: Host::new(TcpStack::new(TcpConfig::default()), Listener::default()),
            data_segments: 2,
        }),
    );
    let state = |w: &World| {
        let tcp = &w.app::<Host<Writer>>(writer).unwrap().tcp;
        let window = tcp.conns().first().map(|c| (c.cwnd, c.ssthresh));
        (tcp.stats.timeouts, window)
    };
    while state(&w).0 < 1 {
        assert!(w.step(1) > 0, "the timer fires");
    }
    // IW10 sent 10 segments; 2 were acknowledged, each ACK adding one MSS
    // (cwnd 12 segments), so 4 more went out: 12 in flight when the timer
    // fired. RFC 5681 eq. 4: ssthresh = max(12 × 1460 / 2, 2 × 1460) =
    // 8760, cwnd = 1 MSS.
    assert_eq!(state(&w), (1, Some((1460, 8760))));
    while state(&w).0 < 2 {
        assert!(w.step(1) > 0, "the timer fires again");
    }
    // The retransmission is lost too: one segment in flight would give
    // max(730, 2920) = 2920, but RFC 5681 §3.1 holds ssthresh constant.
    assert_eq!(state(&w), (2, Some((1460, 8760))));
}

/// Writes `bytes`, waits `pause`, writes `bytes` again on the same
/// connection.
struct TwoBursts {
    bytes: u32,
    pause: SimTime,
    conn: Option<cslab_sim::proto::tcp::ConnId>,
    second_at: SimTime,
}

impl NetApp for TwoBursts {
    fn start(&mut self, net: &mut Net) {
        net.tcp.connect(net.ctx, Addr::of_node(NodeId(1)), 80);
    }
    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        if let TcpEvent::Connected(c) = ev {
            self.conn = Some(c);
            net.tcp
                .send(net.ctx, c, self.bytes, Message::udp(AppMsg::None));
            net.set_timer(self.pause, 1);
        }
    }
    fn on_timer(&mut self, net: &mut Net, _token: u64) {
        self.second_at = net.ctx.now();
        let c = self.conn.expect("connected");
        net.tcp
            .send(net.ctx, c, self.bytes, Message::udp(AppMsg::None));
    }
}

#[test]
fn after_an_idle_rto_slow_start_begins_again() {
    let (mut w, writer, sink) = two_hosts(
        TwoBursts {
            bytes: 100_000,
            pause: SimTime::from_secs(1),
            conn: None,
            second_at: SimTime::ZERO,
        },
        Box::new(Host::new(
            TcpStack::new(TcpConfig::default()),
            Listener::default(),
        )),
    );
    w.run();
    let sent_at = w.app::<Host<TwoBursts>>(writer).unwrap().app.second_at;
    let last = w.app::<Host<Listener>>(sink).unwrap().app.last_data_at;
    // The first 100 kB (69 segments) left cwnd at about 79 segments, but
    // 1 s of silence is more than the RTO (200 ms at least): cwnd is back
    // to IW10, and 69 segments take 10 + 20 + 39, three rounds of 10 ms:
    // the last arrives 2 RTT + 5 ms after the write (without the restart,
    // one flight: 5 ms). Frames take 12 µs each at 1 Gbit/s.
    let took = (last - sent_at).as_secs_f64();
    assert!((0.025..0.027).contains(&took), "second burst took {took} s");
}
