//! File distribution, client-server against peer-to-peer: the simulated
//! times against the Kurose–Ross bounds (computed here from the formulas),
//! the stress cases, the byte accounting and determinism.

use cslab_sim::runs::distribute::{
    DistributeParams, DistributeReport, DistributeSim, FlashCrowd, Mode, PeerState, run_distribute,
    sweep_n,
};

const MB: u64 = 1_000_000;
const MBPS: u64 = 1_000_000;

fn run(p: &DistributeParams) -> DistributeReport {
    run_distribute(p).expect("valid parameters")
}

fn time(r: &DistributeReport) -> f64 {
    r.distribution_time_s.expect("every peer finished")
}

/// D_cs = max(N·F/u_s, F/d_min), F in bits.
fn cs_bound(n: u32, file_bytes: u64, us: u64, d: u64) -> f64 {
    let f = 8.0 * file_bytes as f64;
    (n as f64 * f / us as f64).max(f / d as f64)
}

/// D_p2p = max(F/u_s, F/d_min, N·F/(u_s + N·u)).
fn p2p_bound(n: u32, file_bytes: u64, us: u64, d: u64, u: u64) -> f64 {
    let f = 8.0 * file_bytes as f64;
    (f / us as f64)
        .max(f / d as f64)
        .max(n as f64 * f / (us as f64 + n as f64 * u as f64))
}

fn cs(n: u32, file_bytes: u64, us: u64, d: u64) -> DistributeParams {
    DistributeParams {
        mode: Mode::Cs,
        peers: n,
        file_bytes,
        server_up_bps: us,
        peer_down_bps: d,
        ..DistributeParams::default()
    }
}

fn p2p(n: u32) -> DistributeParams {
    DistributeParams {
        mode: Mode::P2p,
        peers: n,
        ..DistributeParams::default()
    }
}

#[test]
fn client_server_meets_its_bound_whichever_term_binds() {
    for (n, f, us, d) in [
        // N·F/u_s binds.
        (10, 10 * MB, 10 * MBPS, 100 * MBPS),
        (200, 2 * MB, 50 * MBPS, 2 * MBPS),
        // F/d_min binds: 50 × 40 Mbit / 100 Mbit/s = 20 s < 40 Mbit / 1 Mbit/s.
        (50, 5 * MB, 100 * MBPS, MBPS),
        // A file smaller than one piece.
        (7, 100_000, 3 * MBPS, 10 * MBPS),
    ] {
        let r = run(&cs(n, f, us, d));
        let bound = cs_bound(n, f, us, d);
        let t = time(&r);
        assert!(
            t >= bound && t <= 1.03 * bound,
            "N={n} F={f}: {t} s vs bound {bound} s"
        );
        assert!((r.bound_s - bound).abs() <= 1e-9 * bound);
        assert_eq!(r.bytes_from_server, n as u64 * f);
        assert_eq!(r.bytes_from_peers, 0);
        assert_eq!(r.peers_finished, n);
    }
}

#[test]
fn client_server_time_grows_linearly_in_n() {
    let t = |n| time(&run(&cs(n, MB, 10 * MBPS, 100 * MBPS)));
    let (t10, t100, t1000) = (t(10), t(100), t(1000));
    for ratio in [t100 / t10, t1000 / t100] {
        assert!((ratio - 10.0).abs() < 0.3, "{t10} {t100} {t1000}");
    }
}

#[test]
fn the_swarm_never_beats_its_bound_and_stays_close_to_it() {
    for n in [10, 100, 300, 1000] {
        let p = p2p(n);
        let r = run(&p);
        let bound = p2p_bound(
            n,
            p.file_bytes,
            p.server_up_bps,
            p.peer_down_bps,
            p.peer_up_bps,
        );
        assert!((r.bound_s - bound).abs() <= 1e-9 * bound);
        let t = time(&r);
        // Measured with these defaults (50 MB, 256 KiB pieces, 30 Mbit/s
        // server, 1 Mbit/s up, 10 down): 1.10, 1.07, ~1.15, 1.25 × bound;
        // the gap is the start (peers have nothing to trade for the first
        // few piece times) and grows like log N.
        assert!(t >= bound, "N={n}: {t} s beats the bound {bound} s");
        assert!(t <= 1.35 * bound, "N={n}: {t} s vs bound {bound} s");
    }
}

#[test]
fn smaller_pieces_bring_the_swarm_closer_to_its_bound() {
    let at = |piece_bytes| {
        let r = run(&DistributeParams {
            piece_bytes,
            ..p2p(100)
        });
        time(&r) / r.bound_s
    };
    let (big, small) = (at(1 << 20), at(64 << 10));
    assert!(small < big, "64 KiB: {small}, 1 MiB: {big}");
    assert!(small < 1.1, "{small}");
}

#[test]
fn the_swarm_grows_sub_linearly_in_n_and_beats_client_server() {
    let points = sweep_n(&p2p(0), &[100, 1000]).unwrap();
    let (a, b) = (points[0], points[1]);
    let (p100, p1000) = (a.p2p_time_s.unwrap(), b.p2p_time_s.unwrap());
    assert!(p1000 / p100 < 2.0, "{p100} → {p1000}");
    for pt in points {
        let cs = pt.cs_time_s.unwrap();
        assert!(cs >= pt.cs_bound_s && cs <= 1.03 * pt.cs_bound_s);
        assert!(pt.p2p_time_s.unwrap() < cs / 3.0, "{pt:?}");
    }
}

#[test]
fn every_peer_gets_every_piece_once_and_the_bytes_add_up() {
    let p = DistributeParams {
        file_bytes: 3 * MB + 12_345,
        ..p2p(150)
    };
    let mut sim = DistributeSim::new(&p).unwrap();
    sim.run();
    let r = sim.report();
    assert_eq!(r.pieces, 12, "3 012 345 bytes in 256 KiB pieces");
    assert_eq!(r.peers_finished, 150);
    assert!(r.bytes_from_peers > r.bytes_from_server);
    assert_eq!(r.bytes_from_server + r.bytes_from_peers, 150 * p.file_bytes);
    for (i, peer) in sim.peers().enumerate() {
        assert_eq!(peer.state, PeerState::Seeding);
        assert_eq!(peer.fraction, 1.0);
        assert!((0..r.pieces).all(|piece| sim.has_piece(i as u32 + 1, piece)));
    }
}

#[test]
fn finished_peers_that_leave_still_let_everyone_finish() {
    let r = run(&DistributeParams {
        stay_to_seed: false,
        ..p2p(200)
    });
    assert_eq!(r.peers_finished, 200);
    assert!(time(&r) >= r.bound_s);
    assert_eq!(r.bytes_from_server + r.bytes_from_peers, 200 * r.file_bytes);
}

#[test]
fn the_swarm_survives_the_server_once_the_peers_hold_a_full_copy() {
    let p = p2p(100);
    let healthy = run(&p);
    let copy_at = healthy.full_copy_among_peers_s.expect("a full copy forms");
    // The server must upload every piece once: at least F/u_s.
    let one_copy = 8.0 * p.file_bytes as f64 / p.server_up_bps as f64;
    assert!(copy_at >= one_copy, "{copy_at} < {one_copy}");
    let after = run(&DistributeParams {
        server_fails_at_s: Some(copy_at + 1.0),
        ..p.clone()
    });
    assert!(after.server_failed);
    assert_eq!(after.peers_finished, 100);
    assert!(time(&after) >= time(&healthy) * 0.9);

    let before = run(&DistributeParams {
        server_fails_at_s: Some(one_copy / 2.0),
        ..p
    });
    assert!(before.server_failed);
    assert_eq!(before.distribution_time_s, None);
    assert_eq!(before.peers_finished, 0);
    assert_eq!(before.peers_unfinished, 100);
    assert_eq!(before.full_copy_among_peers_s, None);
}

#[test]
fn client_server_stops_when_the_server_fails() {
    let p = cs(20, MB, 10 * MBPS, 100 * MBPS);
    let half = cs_bound(20, MB, 10 * MBPS, 100 * MBPS) / 2.0;
    let r = run(&DistributeParams {
        server_fails_at_s: Some(half),
        ..p
    });
    assert_eq!(r.distribution_time_s, None);
    assert_eq!(r.peers_unfinished, 20);
    assert!((r.sim_time_s - half).abs() < 1e-6, "{}", r.sim_time_s);
    // The pieces in flight at the failure are lost.
    assert!(r.bytes_from_server < 20 * MB / 2 + 20 * 262_144);
    assert!(r.bytes_aborted > 0);
}

#[test]
fn a_flash_crowd_joins_later_and_takes_longer() {
    let base = p2p(100);
    let calm = run(&base);
    let p = DistributeParams {
        flash_crowd: Some(FlashCrowd {
            at_s: 100.0,
            extra: 200,
        }),
        sample_s: Some(10.0),
        ..base
    };
    let mut sim = DistributeSim::new(&p).unwrap();
    sim.run();
    let r = sim.report();
    assert_eq!(r.peers, 300);
    assert_eq!(r.peers_finished, 300);
    assert!(time(&r) > time(&calm));
    assert!(time(&r) >= r.p2p_bound_s);
    let arrived_by = |t: f64| {
        let s = sim.series().iter().find(|s| (s.t_s - t).abs() < 1e-9);
        let s = s.unwrap();
        s.downloading + s.finished
    };
    assert_eq!(arrived_by(90.0), 100);
    assert_eq!(arrived_by(110.0), 300);
    assert_eq!(r.bytes_from_server + r.bytes_from_peers, 300 * r.file_bytes);
}

#[test]
fn churned_peers_leave_and_are_accounted_for() {
    let p = DistributeParams {
        churn: 0.3,
        ..p2p(300)
    };
    let r = run(&p);
    assert!((50..=130).contains(&r.peers_quit), "{}", r.peers_quit);
    assert_eq!(r.peers_finished + r.peers_quit, 300);
    assert_eq!(r.peers_unfinished, 0);
    assert!(r.distribution_time_s.is_some());
    // Whole pieces delivered = what the finished peers hold + what the
    // quitters held when they left.
    assert_eq!(
        r.bytes_from_server + r.bytes_from_peers,
        r.peers_finished as u64 * p.file_bytes + r.bytes_held_by_quitters
    );
    assert!(r.bytes_held_by_quitters > 0);
    assert!(r.bytes_aborted > 0, "pieces in flight to and from quitters");
}

#[test]
fn same_seed_same_run_other_seed_other_run() {
    let p = p2p(200);
    let a = run(&p);
    let b = run(&p);
    assert_eq!(a, b);
    let c = run(&DistributeParams {
        seed: 2,
        ..p.clone()
    });
    assert_ne!(a.result_hash, c.result_hash);
    assert_ne!(a.distribution_time_s, c.distribution_time_s);
    // Stepping in small slices, as the page does, changes nothing.
    let mut sim = DistributeSim::new(&p).unwrap();
    let mut slices = 0;
    while !sim.is_done() {
        assert!(sim.step(500) <= 500);
        slices += 1;
    }
    assert!(slices > 10);
    assert_eq!(sim.report(), a);
}

#[test]
fn the_series_sits_on_its_grid_and_within_capacity() {
    let p = DistributeParams {
        sample_s: Some(5.0),
        ..p2p(100)
    };
    let mut sim = DistributeSim::new(&p).unwrap();
    sim.run();
    let s = sim.series();
    let (last, grid) = s.split_last().unwrap();
    for (i, x) in grid.iter().enumerate() {
        assert!((x.t_s - 5.0 * (i + 1) as f64).abs() < 1e-9, "{x:?}");
        assert!(x.server_up_bps <= p.server_up_bps);
        assert!(x.peers_up_bps <= 100 * p.peer_up_bps);
    }
    assert!(s.windows(2).all(|w| w[0].finished <= w[1].finished));
    assert_eq!(last.finished, 100);
    assert!((last.t_s - sim.report().distribution_time_s.unwrap()).abs() < 1e-9);
    // Mid-run the swarm uses nearly all its upload capacity.
    let mid = &grid[grid.len() / 2];
    assert!(mid.peers_up_bps as f64 > 0.9 * 100.0 * p.peer_up_bps as f64);
}

#[test]
fn a_long_series_is_thinned_not_grown() {
    let mut sim = DistributeSim::new(&DistributeParams {
        sample_s: Some(0.01),
        ..p2p(20)
    })
    .unwrap();
    sim.run();
    let n = sim.series().len();
    assert!(n <= cslab_sim::runs::distribute::MAX_SAMPLES + 1, "{n}");
    assert!(sim.sample_every().as_nanos() > 10_000_000);
}

#[test]
fn bad_parameters_are_named() {
    for (p, word) in [
        (DistributeParams { peers: 0, ..p2p(1) }, "peers"),
        (
            DistributeParams {
                peer_down_bps: 0,
                ..p2p(1)
            },
            "peer_down_bps",
        ),
        (
            DistributeParams {
                upload_slots: 0,
                ..p2p(1)
            },
            "upload_slots",
        ),
        (
            DistributeParams {
                churn: 1.5,
                ..p2p(1)
            },
            "churn",
        ),
        (
            DistributeParams {
                piece_bytes: 1,
                ..p2p(1)
            },
            "pieces",
        ),
    ] {
        let e = DistributeSim::new(&p).err().expect("rejected");
        assert!(e.contains(word), "{e}");
    }
}

mod popular_object {
    use cslab_sim::runs::popular::{PopularParams, run_popular};

    #[test]
    fn one_server_is_a_processor_sharing_queue() {
        // 1 MB from 100 Mbit/s: S = 0.08 s; 10 requests/s: ρ = 0.8.
        let p = PopularParams {
            requests: 20_000,
            ..PopularParams::default()
        };
        let r = run_popular(&p).unwrap();
        let s = 8e6 / 100e6;
        let theory = s / (1.0 - 10.0 * s);
        assert!((r.ps_theory_s.unwrap() - theory).abs() < 1e-12);
        assert!(
            (r.mean_response_s - theory).abs() < 0.15 * theory,
            "{} vs M/G/1-PS {theory}",
            r.mean_response_s
        );
        assert_eq!(r.from_server, 20_000);
        assert_eq!((r.from_peers, r.local_hits), (0, 0));
        assert!((r.server_utilization - 0.8).abs() < 0.05, "{r:?}");
    }

    #[test]
    fn peers_that_cache_take_the_load_off_the_server() {
        let base = PopularParams {
            clients: 200,
            requests: 5_000,
            ..PopularParams::default()
        };
        let cs = run_popular(&base).unwrap();
        let cached = PopularParams {
            peers_cache: true,
            ..base
        };
        let p2p = run_popular(&cached).unwrap();
        assert_eq!(p2p.from_server + p2p.from_peers + p2p.local_hits, 5_000);
        // Every client fetches over the network at most about once (twice
        // if it asks again before the first copy arrives).
        assert!(p2p.from_server + p2p.from_peers <= 2 * 200);
        assert!(p2p.local_hits >= 5_000 - 2 * 200);
        assert!(p2p.server_bytes * 20 < cs.server_bytes, "{p2p:?}");
        assert_eq!(p2p.ps_theory_s, None, "no single-queue theory with peers");
        assert_eq!(p2p, run_popular(&cached).unwrap(), "same seed, same run");
    }

    /// The comparison card's run at its default settings: 100 clients, 1 MB,
    /// u_s = 30, u = 1, d = 10 Mbit/s, λ = 0.8 · 30/8 = 3 requests/s.
    fn card(peers_cache: bool) -> PopularParams {
        PopularParams {
            clients: 100,
            requests_per_s: 3.0,
            server_up_bps: 30_000_000,
            peer_up_bps: 1_000_000,
            peer_down_bps: 10_000_000,
            peers_cache,
            ..PopularParams::default()
        }
    }

    #[test]
    fn caching_peers_never_make_a_fetch_slower_than_the_server_alone() {
        // The review saw 6,709,970 ms with peers against 1,716 ms alone:
        // every request went to the first holders' 1 Mbit/s uplinks. A
        // holder's 1 Mbit/s beats the server's share only with 30 transfers
        // under way, so fetches fall back to the server, now less loaded.
        let (cs, p2p) = (
            run_popular(&card(false)).unwrap(),
            run_popular(&card(true)).unwrap(),
        );
        assert!(p2p.mean_fetch_s <= cs.mean_fetch_s, "{p2p:?} vs {cs:?}");
        assert!(
            p2p.mean_response_s < cs.mean_response_s / 2.0,
            "{p2p:?} vs {cs:?}"
        );
        assert!(p2p.fallbacks > 0, "{p2p:?}");
    }

    #[test]
    fn a_server_whose_clients_download_slower_is_a_peak_rate_ps_queue() {
        // k transfers at min(10, 30/k) Mbit/s, S = 8 Mbit: the chain is
        // M/M/3's, a = λ·0.8 s = 2.4, ρ = 0.8. Erlang C: (2.4³/3!)/(1−ρ)
        // = 11.52 over 1 + 2.4 + 2.88 + 11.52 = 17.8: C = 0.6472, so
        // T = 0.8 + C/(3·1.25 − 3) = 0.8 + 0.863 = 1.663 s.
        let p = PopularParams {
            requests: 20_000,
            ..card(false)
        };
        let theory = p.ps_mean_response_s().unwrap();
        let erlang_c = 11.52 / 17.8;
        assert!((theory - (0.8 + erlang_c / 0.75)).abs() < 1e-9, "{theory}");
        let r = run_popular(&p).unwrap();
        assert!(
            (r.mean_response_s - theory).abs() < 0.1 * theory,
            "{} vs {theory}",
            r.mean_response_s
        );
    }

    #[test]
    fn peers_with_a_fast_uplink_serve_and_the_server_serves_the_rest() {
        // u = u_s = 10 Mbit/s: an idle holder is as fast as the server alone.
        let p = PopularParams {
            server_up_bps: 10_000_000,
            peer_up_bps: 10_000_000,
            requests_per_s: 1.0,
            ..card(true)
        };
        let r = run_popular(&p).unwrap();
        assert!(r.from_peers > 0 && r.from_server > 0, "{r:?}");
        assert!(r.from_server <= 100, "{r:?}");
    }

    /// The progress the page shows: answered requests over all, rising to
    /// 1 exactly when the run is done.
    #[test]
    fn progress_rises_to_one_when_the_run_is_done() {
        use cslab_sim::runs::popular::PopularSim;
        let mut sim = PopularSim::new(&PopularParams {
            requests: 500,
            ..PopularParams::default()
        })
        .unwrap();
        let mut last = sim.progress();
        assert_eq!(last, 0.0);
        while !sim.is_done() {
            sim.step(100);
            let now = sim.progress();
            assert!(now >= last && now <= 1.0);
            assert_eq!(now == 1.0, sim.is_done());
            last = now;
        }
    }
}
