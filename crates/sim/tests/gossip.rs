//! Gossip: push gossip informs everyone in about log2 N + ln N rounds
//! (Frieze & Grimmett, Pittel); flooding reaches every node of a connected
//! random graph once, each node forwarding once.

use cslab_sim::runs::gossip::{GossipParams, GossipSim, Spread, run_gossip};

#[test]
fn push_gossip_rounds_fall_in_the_theory_band() {
    for nodes in [100u32, 1_000, 10_000] {
        let log2 = (nodes as f64).log2();
        let theory = log2 + (nodes as f64).ln();
        for seed in 1..=5 {
            let r = run_gossip(&GossipParams {
                nodes,
                seed,
                ..GossipParams::default()
            })
            .unwrap();
            assert!(r.all_informed);
            let rounds = r.rounds as f64;
            assert!(
                rounds >= log2 && rounds <= 3.0 * theory,
                "N={nodes} seed {seed}: {rounds} rounds, theory {theory}"
            );
            assert!((r.theory_rounds - theory).abs() < 1e-9);
            assert!((r.time_s - rounds * 0.1).abs() < 1e-9);
        }
    }
}

#[test]
fn push_gossip_rounds_grow_like_log_n() {
    let mean_rounds = |nodes| {
        (1..=8)
            .map(|seed| {
                run_gossip(&GossipParams {
                    nodes,
                    seed,
                    ..GossipParams::default()
                })
                .unwrap()
                .rounds as f64
            })
            .sum::<f64>()
            / 8.0
    };
    let (small, big) = (mean_rounds(1_000), mean_rounds(100_000));
    // ×100 nodes adds log2(100) + ln(100) ≈ 11.2 rounds, not ×100.
    let theory_gap = 100f64.log2() + 100f64.ln();
    assert!(
        (big - small - theory_gap).abs() < 4.0,
        "{small} → {big} (theory adds {theory_gap})"
    );
}

#[test]
fn the_informed_count_never_more_than_doubles_with_fanout_one() {
    let r = run_gossip(&GossipParams::default()).unwrap();
    assert_eq!(r.informed_per_round[0], 1);
    for w in r.informed_per_round.windows(2) {
        assert!(w[0] <= w[1] && w[1] <= 2 * w[0], "{w:?}");
    }
    // Each informed node sends one copy per round.
    let sent: u64 = r.informed_per_round[..r.rounds as usize]
        .iter()
        .map(|&n| n as u64)
        .sum();
    assert_eq!(r.messages, sent);
}

#[test]
fn more_fanout_fewer_rounds() {
    let at = |fanout| {
        run_gossip(&GossipParams {
            nodes: 10_000,
            spread: Spread::Push { fanout },
            ..GossipParams::default()
        })
        .unwrap()
        .rounds
    };
    assert!(at(4) < at(1));
}

#[test]
fn flooding_reaches_everyone_once_per_link() {
    let p = GossipParams {
        nodes: 2_000,
        spread: Spread::Flood { degree: 4 },
        ..GossipParams::default()
    };
    let mut sim = GossipSim::new(&p).unwrap();
    sim.run();
    let r = sim.report();
    assert!(r.all_informed);
    // Each node forwards once to each of its (at least 4) neighbours, all
    // but those reached in the last round (the count stops when all know).
    let degrees: u64 = (0..p.nodes).map(|n| sim.neighbours(n).len() as u64).sum();
    let k = r.informed_per_round.len();
    let (forwarders, last) = (
        r.informed_per_round[k - 2] as u64,
        (r.informed_per_round[k - 1] - r.informed_per_round[k - 2]) as u64,
    );
    assert!(r.messages >= 4 * forwarders);
    assert!(
        r.messages <= degrees - 4 * last,
        "{} of {degrees}",
        r.messages
    );
    // Diameter of a random graph of mean degree ~8: a handful of hops.
    assert!(
        r.rounds >= 3 && r.rounds as f64 <= 3.0 * r.theory_rounds,
        "{r:?}"
    );
    assert!(!sim.step(), "nothing left to do");
}

#[test]
fn same_seed_same_spread() {
    let p = GossipParams {
        nodes: 5_000,
        ..GossipParams::default()
    };
    assert_eq!(run_gossip(&p).unwrap(), run_gossip(&p).unwrap());
    let other = run_gossip(&GossipParams {
        seed: 9,
        ..p.clone()
    })
    .unwrap();
    assert_ne!(run_gossip(&p).unwrap().result_hash, other.result_hash);
    let rounds = |nodes| {
        run_gossip(&GossipParams { nodes, ..p.clone() })
            .unwrap()
            .rounds
    };
    assert!(rounds(100) < rounds(1_000));
}

#[test]
fn bad_sizes_are_named() {
    let e = GossipSim::new(&GossipParams {
        nodes: 1,
        ..GossipParams::default()
    })
    .err()
    .unwrap();
    assert!(e.contains("nodes"), "{e}");
    let e = GossipSim::new(&GossipParams {
        spread: Spread::Push { fanout: 0 },
        ..GossipParams::default()
    })
    .err()
    .unwrap();
    assert!(e.contains("fanout"), "{e}");
}
