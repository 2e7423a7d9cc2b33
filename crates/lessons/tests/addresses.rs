//! Truthful addresses: the learner's home network private (RFC 1918), the
//! Internet's machines in the documentation ranges (RFC 5737), and the home
//! router translating between them (NAT, RFC 3022 / RFC 4787) so that no
//! private address ever crosses the Internet side.

use cslab_sim::net::{
    Addr, App, Ctx, LinkId, LinkSpec, NodeId, NodeKind, Outgoing, Packet, Prefix, Proto, World,
};
use cslab_sim::runs::load::{LoadParams, LoadSim};
use cslab_sim::runs::pageload::{PageLoadParams, PageLoadSim};
use cslab_sim::time::SimTime;
use cslab_sim::trace::{DropReason, TraceEvent, TraceMode};

/// Everything that crosses the observed links: (link, direction, src, src
/// port, dst, dst port).
#[derive(Default)]
struct Tap {
    seen: Vec<(LinkId, u8, Addr, u16, Addr, u16)>,
}

impl App for Tap {
    fn on_packet(&mut self, _: &mut Ctx, _: &Packet) {}
    fn on_observe(&mut self, _: &mut Ctx, link: LinkId, dir: u8, p: &Packet) {
        self.seen
            .push((link, dir, p.src, p.src_port, p.dst, p.dst_port));
    }
}

/// Taps every link of `w` with one app on node 0.
fn tap_everything(w: &mut World) -> cslab_sim::net::AppId {
    let tap = w.add_app(NodeId(0), Box::new(Tap::default()));
    for link in w.links() {
        w.observe_link(link.id, tap);
    }
    tap
}

const HOME: Prefix = Prefix::new(Addr::new(192, 168, 1, 0), 24);

#[test]
fn the_web_page_world_has_a_private_home_and_a_documentation_internet() {
    let sim = PageLoadSim::new(&PageLoadParams::default()).unwrap();
    let ids = sim.nodes();
    let w = sim.world();
    for node in w.nodes() {
        let home = node.id == ids.client || node.id == ids.router;
        if home {
            assert!(HOME.contains(node.addr), "{node:?} is at home");
        } else {
            assert!(node.addr.is_documentation(), "{node:?} is on the Internet");
        }
    }
    let public = w
        .nat(ids.router)
        .expect("the home router translates")
        .public;
    assert_eq!(public.to_string(), "198.51.100.23");
    assert!(public.is_documentation());
}

#[test]
fn the_load_worlds_are_on_the_internet() {
    for p in [
        cslab_lessons::lesson::server_says_no::server_says_no_params(&Default::default()),
        LoadParams::default(),
    ] {
        let sim = LoadSim::new(&p).unwrap();
        for node in sim.world().nodes() {
            assert!(node.addr.is_documentation(), "{node:?}");
            assert_eq!(node.public, None);
        }
    }
}

#[test]
fn no_private_address_crosses_the_internet_side_of_a_page_load() {
    let mut sim = PageLoadSim::new(&PageLoadParams {
        tls: true,
        objects: 3,
        ..PageLoadParams::default()
    })
    .unwrap();
    let ids = sim.nodes();
    let tap = tap_everything(sim.world_mut());
    sim.run();
    let w = sim.world();
    let public = w.nat(ids.router).unwrap().public;
    let access = w
        .links()
        .into_iter()
        .find(|l| (l.a, l.b) == (ids.client, ids.router))
        .unwrap()
        .id;
    let seen = &w.app::<Tap>(tap).unwrap().seen;
    let (mut home, mut outside) = (0, 0);
    for &(link, dir, src, src_port, dst, dst_port) in seen {
        if link == access {
            home += 1;
            // At home the browser's own address is on every packet.
            let browser_end = if dir == 0 { src } else { dst };
            assert_eq!(browser_end.to_string(), "192.168.1.10");
        } else {
            outside += 1;
            assert!(
                !src.is_private() && !dst.is_private(),
                "{src}:{src_port} → {dst}:{dst_port} on {link:?}"
            );
        }
    }
    // Every packet of the browser's crossed the access link and one more.
    assert!(
        home > 50 && outside > home,
        "{home} at home, {outside} outside"
    );
    // Beyond the router the browser is the router's public address, with
    // the same ports (preserved): what the web server's connections show.
    let to_web: Vec<_> = seen
        .iter()
        .filter(|s| s.0 != access && s.4 == w.addr(ids.server))
        .collect();
    assert!(!to_web.is_empty());
    assert!(to_web.iter().all(|s| s.2 == public && s.3 >= 49152));
    assert_eq!(
        w.net_stats().dropped,
        0,
        "nothing lost, nothing filtered out"
    );
    // One rewrite per packet crossing the router between home and Internet:
    // every packet on the access link, since the browser only talks outside.
    let rewrites = w
        .trace()
        .records()
        .filter(|r| matches!(r.ev, TraceEvent::Translated { .. }))
        .count();
    assert_eq!(rewrites, home);
}

/// Sends one UDP datagram from `port` to `dst:7` at start; keeps what comes
/// back.
struct Ask {
    dst: Addr,
    port: u16,
    got: Vec<(Addr, u16, u64)>,
}

impl App for Ask {
    fn start(&mut self, ctx: &mut Ctx) {
        let me = ctx.addr();
        ctx.send(Outgoing::udp(self.dst, self.port, 7, 100).with_message(1, [me.0 as u64, 0, 0]));
    }
    fn on_packet(&mut self, _: &mut Ctx, p: &Packet) {
        self.got.push((p.dst, p.dst_port, p.words[0]));
    }
}

/// Echoes every datagram back to where it came from; keeps the sources.
#[derive(Default)]
struct Echo {
    from: Vec<(Addr, u16)>,
}

impl App for Echo {
    fn on_packet(&mut self, ctx: &mut Ctx, p: &Packet) {
        self.from.push((p.src, p.src_port));
        ctx.send(Outgoing::udp(p.src, 7, p.src_port, 100).with_message(2, p.words));
    }
}

/// Two home machines, both sending from port 40000, through a home router
/// to an echo server on the Internet.
fn home_with_two_machines() -> (World, [NodeId; 4]) {
    let mut w = World::new(1, TraceMode::Full);
    let laptop = w.add_node("laptop", NodeKind::Host);
    let phone = w.add_node("phone", NodeKind::Host);
    let router = w.add_node("router", NodeKind::Router);
    let server = w.add_node("server", NodeKind::Server);
    let link = LinkSpec::new(0, SimTime::from_millis(1));
    w.connect(laptop, router, link);
    w.connect(phone, router, link);
    w.connect(router, server, link);
    w.set_addr(laptop, Addr::new(192, 168, 1, 10));
    w.set_addr(phone, Addr::new(192, 168, 1, 11));
    w.set_addr(router, Addr::new(192, 168, 1, 1));
    w.set_addr(server, Addr::new(203, 0, 113, 7));
    w.add_nat(router, Addr::new(198, 51, 100, 23), HOME);
    (w, [laptop, phone, router, server])
}

#[test]
fn answers_come_back_to_the_right_home_machine_and_port() {
    let (mut w, [laptop, phone, router, server]) = home_with_two_machines();
    let echo = w.add_app(server, Box::new(Echo::default()));
    w.bind(server, Proto::Udp, 7, echo);
    let ask = |w: &mut World, node| {
        let app = w.add_app(
            node,
            Box::new(Ask {
                dst: Addr::new(203, 0, 113, 7),
                port: 40000,
                got: Vec::new(),
            }),
        );
        w.bind(node, Proto::Udp, 40000, app);
        app
    };
    let (a, b) = (ask(&mut w, laptop), ask(&mut w, phone));
    w.run();
    // The server saw one public address and two ports: the laptop's kept
    // (port preservation), the phone's the next free one (RFC 4787 REQ-3:
    // no two home machines on one public port).
    let public = Addr::new(198, 51, 100, 23);
    assert_eq!(
        w.app::<Echo>(echo).unwrap().from,
        vec![(public, 40000), (public, 40001)]
    );
    // Each answer reached the machine that asked, on the port it asked
    // from, carrying its own question back.
    for (app, me) in [(a, "192.168.1.10"), (b, "192.168.1.11")] {
        let got = &w.app::<Ask>(app).unwrap().got;
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].0.to_string().as_str(), got[0].1), (me, 40000));
        assert_eq!(Addr(got[0].2 as u32).to_string(), me);
    }
    let table = w.nat_table(router);
    assert_eq!(table.len(), 2);
    assert_eq!((table[1].inside_port, table[1].public_port), (40000, 40001));
    // The trace says so: each packet crossing the router once rewritten.
    let rewrites: Vec<(bool, u16)> = w
        .trace()
        .records()
        .filter_map(|r| match r.ev {
            TraceEvent::Translated { inbound, port, .. } => Some((inbound, port)),
            _ => None,
        })
        .collect();
    assert_eq!(
        rewrites,
        vec![(false, 40000), (false, 40001), (true, 40000), (true, 40000)]
    );
    w.check_packet_conservation().unwrap();
}

/// Sends one datagram to `dst:port` at start.
struct Knock {
    dst: Addr,
    port: u16,
}

impl App for Knock {
    fn start(&mut self, ctx: &mut Ctx) {
        ctx.send(Outgoing::udp(self.dst, 7, self.port, 100));
    }
    fn on_packet(&mut self, _: &mut Ctx, _: &Packet) {}
}

#[test]
fn the_internet_cannot_reach_a_home_machine_uninvited() {
    let (mut w, [laptop, _, router, server]) = home_with_two_machines();
    let sink = w.add_app(laptop, Box::new(Echo::default()));
    w.bind(laptop, Proto::Udp, 40000, sink);
    // A private address is not routed on the Internet (RFC 1918 §3), and
    // the public address's port 40000 has no mapping: both are dropped.
    for dst in [Addr::new(192, 168, 1, 10), Addr::new(198, 51, 100, 23)] {
        w.add_app(server, Box::new(Knock { dst, port: 40000 }));
    }
    w.run();
    assert!(w.app::<Echo>(sink).unwrap().from.is_empty());
    // The first at the server itself, the second at the home router.
    let drops: Vec<(DropReason, NodeId)> = w
        .trace()
        .records()
        .filter_map(|r| match r.ev {
            TraceEvent::Dropped { reason, node, .. } => Some((reason, node)),
            _ => None,
        })
        .collect();
    assert_eq!(
        drops,
        vec![
            (DropReason::NoRoute, server),
            (DropReason::NoListener, router)
        ]
    );
}
