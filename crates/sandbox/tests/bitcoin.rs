//! Peers relaying blocks (`relay-blocks`, `examples/sandbox/gossip.json`):
//! on the wire, every node gets the block once, by `inv`, `getdata` and
//! `block` on one connection, and never announces it back.

use cslab_sandbox::Network;
use cslab_sandbox::run::SandboxRun;
use cslab_sim::apps::bitcoin::MINED_AT;
use cslab_sim::apps::bitcoin::wire::BtcMsg;
use cslab_sim::net::Addr;
use cslab_sim::proto::AppMsg;
use cslab_sim::time::SimTime;

const GOSSIP: &str = include_str!("../../../examples/sandbox/gossip.json");

/// One end of a connection.
type End = (Addr, u16);

/// Every Bitcoin message, once (its first segment, sent again or not), as
/// (sender, receiver, message).
fn said(run: &SandboxRun) -> Vec<(End, End, BtcMsg)> {
    let names = run.world.names();
    let mut seen = std::collections::BTreeSet::new();
    (run.world.trace().headers())
        .filter(|h| h.msg.tcp.is_some_and(|s| s.rec_off == 0 && s.len > 0))
        .filter(|h| seen.insert((h.src, h.src_port, h.dst, h.msg.tcp.map(|s| s.seq))))
        .filter_map(|h| match h.msg.app {
            AppMsg::Text(t) => Some((
                (h.src, h.src_port),
                (h.dst, h.dst_port),
                BtcMsg::parse(names.text(t.line))?,
            )),
            _ => None,
        })
        .collect()
}

fn ran(seed: u64) -> (Network, SandboxRun) {
    let net = Network::from_json(GOSSIP).unwrap();
    let mut run = SandboxRun::new(&net, seed);
    run.run_until(SimTime::MAX);
    (net, run)
}

#[test]
fn every_node_gets_the_block_once_asked_for_where_it_was_announced() {
    let (net, run) = ran(1);
    let peers: Vec<Addr> = (net.machines.iter())
        .filter(|m| m.task.is_some())
        .map(|m| m.address)
        .collect();
    assert_eq!(peers.len(), 12);
    let report = run.report();
    for r in &report {
        assert_eq!(r.outcome, "complete", "{}", r.machine);
        assert!(r.complete_s.unwrap() >= MINED_AT.as_secs_f64());
    }
    // Peer 1 mines: it has its block at 5 s, and nothing came to it.
    assert_eq!(report[0].complete_s, Some(5.0));
    assert_eq!(report[0].received_bytes, Some(0));
    let said = said(&run);
    // Each node but the miner receives exactly one `block`, of 128 KiB.
    for &peer in &peers {
        let blocks: Vec<u32> = (said.iter())
            .filter_map(|(_, to, m)| match m {
                BtcMsg::Block { bytes, .. } if to.0 == peer => Some(*bytes),
                _ => None,
            })
            .collect();
        let expected = if peer == peers[0] {
            vec![]
        } else {
            vec![128 << 10]
        };
        assert_eq!(blocks, expected, "{peer}");
    }
    // Each `getdata` answers an `inv` sent before on the same connection
    // (its two ends the other way round), and is answered by the block.
    for (i, (from, to, msg)) in said.iter().enumerate() {
        let BtcMsg::GetData(hash) = msg else { continue };
        let announced = said[..i]
            .iter()
            .any(|(f, t, m)| (f, t) == (to, from) && *m == BtcMsg::Inv(*hash));
        assert!(announced, "{from:?} asked {to:?} unannounced");
        let answered = said[i..].iter().any(|(f, t, m)| {
            (f, t) == (to, from) && matches!(m, BtcMsg::Block { hash: h, .. } if h == hash)
        });
        assert!(answered);
    }
    // No node announces the block to the node it got it from.
    for (from, to, msg) in &said {
        if let BtcMsg::Block { hash, .. } = msg {
            let back = (said.iter())
                .any(|(f, t, m)| f.0 == to.0 && t.0 == from.0 && *m == BtcMsg::Inv(*hash));
            assert!(!back, "{} announced the block back to {}", to.0, from.0);
        }
    }
    // Every message the node says is one of the relay's.
    let commands: std::collections::BTreeSet<&str> =
        said.iter().map(|(_, _, m)| m.command()).collect();
    assert_eq!(
        commands.into_iter().collect::<Vec<_>>(),
        ["block", "getdata", "inv", "verack", "version"]
    );
}

#[test]
fn the_same_seed_gives_the_same_transcript_and_another_seed_another_graph() {
    let transcript = |seed| {
        let (_, run) = ran(seed);
        let lines: Vec<String> = said(&run)
            .iter()
            .map(|(f, t, m)| format!("{f:?} {t:?} {}", m.line()))
            .collect();
        (lines, run.world.trace().hash_hex())
    };
    assert_eq!(transcript(1), transcript(1));
    // The seed draws whom each node connects to.
    assert_ne!(transcript(1).1, transcript(2).1);
}

#[test]
fn two_miners_split_the_network_and_each_node_keeps_the_first_block() {
    let mut net = Network::from_json(GOSSIP).unwrap();
    let last = net.machines.len() - 1;
    net.machines[last]
        .task
        .as_mut()
        .unwrap()
        .params
        .insert("role", "miner".into());
    let mut run = SandboxRun::new(&net, 1);
    run.run_until(SimTime::MAX);
    assert!(run.report().iter().all(|r| r.outcome == "complete"));
    // Two blocks of the same height: each node relays the first it gets,
    // so no one announces both.
    let said = said(&run);
    let hashes: std::collections::BTreeSet<_> = (said.iter())
        .filter_map(|(_, _, m)| match m {
            BtcMsg::Inv(h) => Some(*h),
            _ => None,
        })
        .collect();
    assert_eq!(hashes.len(), 2);
    for m in &net.machines {
        let announced: std::collections::BTreeSet<_> = (said.iter())
            .filter_map(|(f, _, msg)| match msg {
                BtcMsg::Inv(h) if f.0 == m.address => Some(*h),
                _ => None,
            })
            .collect();
        assert!(announced.len() <= 1, "{}", m.name);
    }
}
