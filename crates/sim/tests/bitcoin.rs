//! Bitcoin nodes on one router: the handshake each way, the block relayed
//! by `inv`, `getdata` and `block` to every node, a hop in three one-way
//! trips when the block fits TCP's first window.

use cslab_sim::apps::bitcoin::wire::BtcMsg;
use cslab_sim::apps::bitcoin::{MAX_OUTBOUND, MINED_AT, Node};
use cslab_sim::net::{Addr, AppId, LinkSpec, NodeKind, World};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::{TcpConfig, flags};
use cslab_sim::runs::web_world::add_tcp_server;
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;

const DELAY: SimTime = SimTime::from_millis(10);

/// `n` nodes, each on its own 100 Mbit/s line of 10 ms to one router;
/// the first mines a block of `kib` KiB.
fn star(n: u32, kib: u32, seed: u64) -> (World, Vec<AppId>) {
    let mut w = World::new(seed, TraceMode::Full);
    let router = w.add_node("router", NodeKind::Router);
    let nodes: Vec<_> = (0..n)
        .map(|i| {
            let node = w.add_node(format!("node {}", i + 1), NodeKind::Host);
            w.connect(router, node, LinkSpec::new(100_000_000, DELAY));
            node
        })
        .collect();
    let addrs: Vec<Addr> = nodes.iter().map(|&node| Addr::of_node(node)).collect();
    let apps = (nodes.iter().enumerate())
        .map(|(i, &node)| {
            let app = Node::new(addrs.clone(), i == 0, kib << 10);
            add_tcp_server(&mut w, node, app, TcpConfig::default())
        })
        .collect();
    w.run_until(SimTime::from_secs(60));
    (w, apps)
}

fn node(w: &World, app: AppId) -> &Node {
    &w.app::<Host<Node>>(app).unwrap().app
}

/// Every Bitcoin message, once (its first segment, sent again or not),
/// as (from, to, message).
fn said(w: &World) -> Vec<(Addr, Addr, BtcMsg)> {
    let names = w.names();
    let mut seen = std::collections::BTreeSet::new();
    (w.trace().headers())
        .filter(|h| h.msg.tcp.is_some_and(|s| s.rec_off == 0 && s.len > 0))
        .filter(|h| seen.insert((h.src, h.src_port, h.dst, h.msg.tcp.map(|s| s.seq))))
        .filter_map(|h| match h.msg.app {
            AppMsg::Text(t) => Some((h.src, h.dst, BtcMsg::parse(names.text(t.line))?)),
            _ => None,
        })
        .collect()
}

#[test]
fn every_node_gets_the_block_once_by_inv_getdata_and_block() {
    let (w, apps) = star(12, 8, 1);
    let miner = node(&w, apps[0]);
    let best = miner.best().expect("mined");
    assert_eq!(miner.got_at, Some(MINED_AT));
    for &app in &apps {
        assert_eq!(node(&w, app).best(), Some(best));
    }
    let said = said(&w);
    let blocks: Vec<_> = (said.iter())
        .filter(|(_, _, m)| matches!(m, BtcMsg::Block { .. }))
        .collect();
    assert_eq!(blocks.len(), 11, "one to each node but the miner");
    for (from, to, block) in &blocks {
        // Asked for on that connection, after it was announced there.
        let place = |wanted: &BtcMsg, a: Addr, b: Addr| {
            said.iter()
                .position(|(f, t, m)| (*f, *t, m) == (a, b, wanted))
        };
        let hash = best;
        let inv = place(&BtcMsg::Inv(hash), *from, *to).expect("an inv");
        let getdata = place(&BtcMsg::GetData(hash), *to, *from).expect("a getdata");
        let sent = place(block, *from, *to).unwrap();
        assert!(inv < getdata && getdata < sent);
    }
    // A node asks once, though several announce the block to it.
    for &app in &apps[1..] {
        let me = node(&w, app);
        let to = blocks
            .iter()
            .find(|(f, _, _)| Some(*f) == me.got_from)
            .map(|(_, t, _)| *t);
        let asked = |addr: Addr| {
            (said.iter())
                .filter(|(f, _, m)| *f == addr && matches!(m, BtcMsg::GetData(_)))
                .count()
        };
        let announced = |addr: Addr| {
            (said.iter())
                .filter(|(_, t, m)| *t == addr && matches!(m, BtcMsg::Inv(_)))
                .count()
        };
        let addr = to.expect("a block came to it");
        assert_eq!(asked(addr), 1, "{addr}");
        assert!(announced(addr) >= 1);
    }
    for (from, to, _) in &blocks {
        let back =
            (said.iter()).any(|(f, t, m)| (f, t) == (to, from) && matches!(m, BtcMsg::Inv(_)));
        assert!(!back, "{to} announced the block back to {from}");
    }
}

#[test]
fn a_hop_takes_three_one_way_trips_when_the_block_fits_the_first_window() {
    let (w, apps) = star(6, 8, 2);
    let first = (apps[1..].iter())
        .filter_map(|&app| node(&w, app).got_at)
        .min()
        .unwrap();
    // inv, getdata, block: each crosses two lines of 10 ms; the block's
    // 6 segments add their sending, well under a millisecond at 100 Mbit/s.
    let hop = first - MINED_AT;
    let trips = SimTime::from_millis(60);
    assert!(
        hop >= trips && hop < trips + SimTime::from_millis(2),
        "{hop:?}"
    );
}

#[test]
fn connections_open_one_at_a_time_to_up_to_eight_and_shake_hands() {
    let (w, _) = star(12, 8, 3);
    // Each SYN once (a packet's every hop is one send), with its time.
    let mut seen = std::collections::BTreeSet::new();
    let syns: Vec<(SimTime, Addr, Addr)> = (w.trace().records())
        .filter_map(|r| match r.ev {
            cslab_sim::trace::TraceEvent::PacketSent { pkt, .. } if seen.insert(pkt) => {
                let h = w.trace().header(pkt)?;
                let syn = h.msg.tcp.is_some_and(|s| s.flags == flags::SYN);
                syn.then_some((r.t, h.src, h.dst))
            }
            _ => None,
        })
        .collect();
    for node in w.nodes().iter().filter(|n| n.kind == NodeKind::Host) {
        let mine: Vec<_> = syns.iter().filter(|(_, s, _)| *s == node.addr).collect();
        assert!(
            !mine.is_empty() && mine.len() <= MAX_OUTBOUND,
            "{}",
            node.addr
        );
        let mut to: Vec<Addr> = mine.iter().map(|(_, _, d)| *d).collect();
        to.sort();
        to.dedup();
        assert_eq!(to.len(), mine.len(), "one connection to each");
        // 500 ms apart, the first within the first second.
        assert!(mine[0].0 >= SimTime::from_millis(500) && mine[0].0 < SimTime::from_secs(1));
        for pair in mine.windows(2) {
            assert_eq!(pair[1].0 - pair[0].0, SimTime::from_millis(500));
        }
        // Never to a node that connected to it first.
        for (t, _, d) in &mine {
            assert!(!syns.iter().any(|(t2, s2, d2)| s2 == d
                && *d2 == node.addr
                && *t2 + SimTime::from_millis(61) < *t));
        }
    }
    // The handshake: version out, version and verack back, verack.
    let said = said(&w);
    let (a, b) = (said[0].0, said[0].1);
    let between: Vec<(bool, &str)> = (said.iter())
        .filter(|(f, t, _)| (*f, *t) == (a, b) || (*f, *t) == (b, a))
        .take(4)
        .map(|(f, _, m)| (*f == a, m.command()))
        .collect();
    assert_eq!(
        between,
        [
            (true, "version"),
            (false, "version"),
            (false, "verack"),
            (true, "verack")
        ]
    );
}

#[test]
fn the_same_seed_gives_the_same_run() {
    let hash = |seed| star(10, 32, seed).0.trace().hash_hex();
    assert_eq!(hash(4), hash(4));
    assert_ne!(hash(4), hash(5));
}
