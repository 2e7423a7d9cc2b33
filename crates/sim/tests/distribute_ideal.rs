//! The ideal schedule of Kumar and Ross's proof: it lands on the
//! peer-to-peer bound `max(F/u_s, F/d_min, N·F/(u_s + N·u))` within the
//! relay's lag of one piece (1/50 of the bound), whichever term binds, and
//! never below it; the bytes add up. Bounds computed by hand in the comments.

use cslab_sim::runs::distribute::{
    DistributeParams, DistributeReport, FlashCrowd, Mode, Scheduler, run_distribute,
};

const MB: u64 = 1_000_000;
const MBPS: u64 = 1_000_000;

fn ideal(n: u32, us: u64, u: u64, d: u64) -> DistributeParams {
    DistributeParams {
        mode: Mode::P2p,
        scheduler: Scheduler::Ideal,
        peers: n,
        file_bytes: 8 * MB,
        server_up_bps: us,
        peer_up_bps: u,
        peer_down_bps: d,
        ..DistributeParams::default()
    }
}

fn run(p: &DistributeParams) -> DistributeReport {
    run_distribute(p).expect("valid parameters")
}

/// The time, checked against `bound` (by hand): at or above it, within
/// the relay lag plus 0.1 %, and within 3 %.
fn lands_on(p: &DistributeParams, bound: f64) -> DistributeReport {
    let r = run(p);
    assert!(
        (r.bound_s - bound).abs() < 1e-9 * bound,
        "{} vs {bound}",
        r.bound_s
    );
    let t = r.distribution_time_s.expect("every peer finishes");
    let lag = r.relay_lag_s.expect("the ideal reports its lag");
    assert!(t >= bound, "N={}: {t} s beats the bound {bound} s", p.peers);
    assert!(
        t <= 1.001 * bound + lag,
        "N={}: {t} s, bound {bound} s, lag {lag} s",
        p.peers
    );
    assert!(t <= 1.03 * bound, "N={}: {t} s vs bound {bound} s", p.peers);
    assert_eq!(r.peers_finished, p.peers);
    assert_eq!(
        r.bytes_from_server + r.bytes_from_peers,
        p.peers as u64 * p.file_bytes
    );
    r
}

#[test]
fn the_upload_term_binds_at_n_10_and_50_and_the_ideal_reaches_it() {
    // F = 64 Mbit, u_s = 30, u = 1, d = 10 Mbit/s. N = 10: F/u_s = 2.13 s,
    // F/d = 6.4 s, N·F/(u_s + N·u) = 640/40 = 16 s binds. N = 50:
    // 3,200/80 = 40 s.
    let r10 = lands_on(&ideal(10, 30 * MBPS, MBPS, 10 * MBPS), 16.0);
    let r50 = lands_on(&ideal(50, 30 * MBPS, MBPS, 10 * MBPS), 40.0);
    // N = 50: each relayed stream is 8 MB · 20,408/1,599,992 = 102,040
    // bytes, cut in 50 pieces of 2,041 bytes: a relay lags 16,328 bits at
    // 20,408 bit/s = 0.80 s, 2 % of the bound.
    assert!((r50.relay_lag_s.unwrap() - 16_328.0 / 20_408.0).abs() < 1e-9);
    assert_eq!(r50.piece_bytes, 2_041);
    // The server sends each peer its stream and the direct 2,898,000
    // bytes: 50 · 3,000,040 = 150,002,000; the relays 50 · 49 · 102,040.
    assert_eq!(r50.bytes_from_server, 150_002_000);
    assert_eq!(r50.bytes_from_peers, 249_998_000);
    // BitTorrent's rules on the same swarm stay well above it.
    for (r, n) in [(r10, 10), (r50, 50)] {
        let bt = run(&DistributeParams {
            scheduler: Scheduler::Bittorrent,
            ..ideal(n, 30 * MBPS, MBPS, 10 * MBPS)
        });
        let (t_bt, t) = (
            bt.distribution_time_s.unwrap(),
            r.distribution_time_s.unwrap(),
        );
        assert!(t_bt > 1.2 * t, "N={n}: BitTorrent {t_bt} s, ideal {t} s");
    }
}

#[test]
fn when_the_server_binds_it_sends_one_copy_and_the_peers_the_rest() {
    // u_s = 5, u = 10, d = 100 Mbit/s, N = 10: F/u_s = 64/5 = 12.8 s binds
    // (N·F/(u_s+N·u) = 640/105 = 6.1 s, F/d = 0.64 s). u_s ≤ (u_s + N·u)/N,
    // so the server sends peer i the share u_s·u_i/u = 0.5 Mbit/s, all of
    // it relayed: it sends exactly one copy.
    let p = ideal(10, 5 * MBPS, 10 * MBPS, 100 * MBPS);
    let r = lands_on(&p, 12.8);
    assert_eq!(r.bytes_from_server, p.file_bytes);
}

#[test]
fn when_the_download_binds_the_server_keeps_spare_upload() {
    // u_s = 30, u = 10, d = 2 Mbit/s, N = 10: F/d = 64/2 = 32 s binds
    // (F/u_s = 2.13 s, N·F/(u_s+N·u) = 640/130 = 4.9 s). Each peer gets
    // 0.2 Mbit/s of its own stream and 9 · 0.2 from the relays: 2 Mbit/s.
    lands_on(&ideal(10, 30 * MBPS, 10 * MBPS, 2 * MBPS), 32.0);
}

#[test]
fn one_peer_is_client_server() {
    // N = 1: max(F/u_s, F/d) = 64/10 = 6.4 s, nothing to relay.
    let r = lands_on(&ideal(1, 30 * MBPS, MBPS, 10 * MBPS), 6.4);
    assert_eq!(r.bytes_from_peers, 0);
}

#[test]
fn the_ideal_is_deterministic_and_refuses_what_its_proof_leaves_out() {
    let p = ideal(20, 30 * MBPS, MBPS, 10 * MBPS);
    let (a, b) = (run(&p), run(&p));
    assert_eq!((a.result_hash.clone(), a.events), (b.result_hash, b.events));
    assert_eq!(a.scheduler, Scheduler::Ideal);
    for bad in [
        DistributeParams {
            churn: 0.1,
            ..p.clone()
        },
        DistributeParams {
            flash_crowd: Some(FlashCrowd {
                at_s: 1.0,
                extra: 5,
            }),
            ..p.clone()
        },
        DistributeParams {
            server_fails_at_s: Some(1.0),
            ..p.clone()
        },
        DistributeParams {
            mode: Mode::Cs,
            ..p.clone()
        },
        DistributeParams {
            peers: 501,
            ..p.clone()
        },
    ] {
        let err = run_distribute(&bad).unwrap_err();
        assert!(err.contains("ideal"), "{err}");
    }
}
