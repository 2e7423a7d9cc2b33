//! The protocol state machines on a bare two-node network.

use cslab::sim::net::{Addr, LinkSpec, NodeKind, Proto, World};
use cslab::sim::proto::host::{Host, Net, NetApp};
use cslab::sim::proto::tcp::{TcpConfig, TcpEvent, TcpStack, TcpState};
use cslab::sim::time::SimTime;
use cslab::sim::trace::{TraceEvent, TraceMode};

#[derive(Default)]
struct Dialer {
    port: u16,
    events: Vec<TcpEvent>,
}

impl NetApp for Dialer {
    fn start(&mut self, net: &mut Net) {
        net.tcp.connect(
            net.ctx,
            Addr::of_node(cslab::sim::net::NodeId(1)),
            self.port,
        );
    }
    fn on_tcp(&mut self, _net: &mut Net, ev: TcpEvent) {
        self.events.push(ev);
    }
}

#[derive(Default)]
struct Nothing;
impl NetApp for Nothing {}

#[test]
fn nothing_listening_means_reset() {
    let mut w = World::new(1, TraceMode::Full);
    let a = w.add_node("a", NodeKind::Host);
    let b = w.add_node("b", NodeKind::Server);
    w.connect(a, b, LinkSpec::new(1_000_000_000, SimTime::from_millis(5)));
    let da = w.add_app(
        a,
        Box::new(Host::new(
            TcpStack::new(TcpConfig::default()),
            Dialer {
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
