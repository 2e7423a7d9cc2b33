//! File distribution, client-server, at the level of packets: N TCP flows
//! share the server's uplink. The times are checked against the
//! Kurose–Ross bound computed here from the formula, and against the same
//! bound counted in frame bits: each full segment of 1460 payload bytes
//! travels in a 1518-byte Ethernet frame (14 + 4 Ethernet, 20 IPv4, 20 TCP),
//! so even a perfectly busy link needs 1518/1460 ≈ 1.0397 times the bound.
//! Beyond that, the handshake, slow start and the losses in the uplink's
//! finite queue may cost at most 3 % (measured: 0.75 % to 2.1 %).

use cslab_sim::runs::distribute::{DistributeParams, Mode, run_distribute};
use cslab_sim::runs::distribute_packets::{
    DistributePacketsParams, DistributePacketsReport, DistributePacketsSim, run_distribute_packets,
};

const MB: u64 = 1_000_000;
const MBPS: u64 = 1_000_000;
/// Frame bytes per payload byte of a full segment.
const OVERHEAD: f64 = 1518.0 / 1460.0;
/// What the handshake, slow start and recovery may add.
const TOLERANCE: f64 = 1.03;

/// D_cs = max(N·F/u_s, F/d_min), F in bits.
fn cs_bound(n: u32, file_bytes: u64, us: u64, d_min: u64) -> f64 {
    let f = 8.0 * file_bytes as f64;
    (n as f64 * f / us as f64).max(f / d_min as f64)
}

/// The file in frame bytes: full segments of 1460 bytes in 1518-byte
/// frames, the rest in one more frame with 58 bytes of headers.
fn frame_bytes(file_bytes: u64) -> u64 {
    let rest = file_bytes % 1460;
    file_bytes / 1460 * 1518 + if rest > 0 { (rest + 58).max(64) } else { 0 }
}

fn params(n: u32, file_bytes: u64, us: u64, down: Vec<u64>) -> DistributePacketsParams {
    DistributePacketsParams {
        clients: n,
        file_bytes,
        server_up_bps: us,
        client_down_bps: down,
        ..DistributePacketsParams::default()
    }
}

fn run(p: &DistributePacketsParams) -> DistributePacketsReport {
    let mut sim = DistributePacketsSim::new(p).expect("valid parameters");
    sim.run();
    assert!(sim.is_done());
    sim.world().check_packet_conservation().unwrap();
    sim.report()
}

fn time(r: &DistributePacketsReport) -> f64 {
    r.distribution_time_s.expect("every client finished")
}

/// The run is within the tolerance of the bound in frame bits, never below
/// it, and delivered every byte of every copy.
fn check_against_bound(p: &DistributePacketsParams) -> DistributePacketsReport {
    let r = run(p);
    let n = p.clients;
    let d_min = *p.client_down_bps.iter().min().unwrap();
    let bound = cs_bound(n, p.file_bytes, p.server_up_bps, d_min);
    let wire = cs_bound(n, frame_bytes(p.file_bytes), p.server_up_bps, d_min);
    assert!((r.bound_s - bound).abs() <= 1e-9 * bound, "{r:?}");
    assert!((r.wire_bound_s - wire).abs() <= 1e-9 * wire, "{r:?}");
    assert!((wire / bound - OVERHEAD).abs() < 1e-3);
    let t = time(&r);
    assert!(
        t >= wire && t <= TOLERANCE * wire,
        "N={n} F={}: {t} s, bound {bound} s, in frame bits {wire} s",
        p.file_bytes
    );
    assert_eq!(r.bytes_delivered, n as u64 * p.file_bytes);
    assert_eq!(r.clients_finished, n);
    r
}

#[test]
fn the_server_uplink_binds_n_f_over_u_s() {
    for (n, f, us) in [
        (10, MB, 10 * MBPS),
        (20, 2 * MB, 20 * MBPS),
        (50, 2 * MB, 50 * MBPS),
    ] {
        let p = params(n, f, us, vec![100 * MBPS]);
        assert!(n as f64 * f as f64 / us as f64 > f as f64 / (100 * MBPS) as f64);
        let r = check_against_bound(&p);
        // The uplink's finite queue overflowed and TCP recovered.
        assert!(r.packets_dropped > 0 && r.retransmissions > 0, "{r:?}");
    }
}

#[test]
fn the_slowest_download_binds_f_over_d_min() {
    // 5 × 16 Mbit / 100 Mbit/s = 0.8 s < 16 Mbit / 5 Mbit/s = 3.2 s.
    let alike = check_against_bound(&params(5, 2 * MB, 100 * MBPS, vec![5 * MBPS]));
    // Access queues hold a receive window: the lone flow never drops.
    assert_eq!(alike.packets_dropped, 0);
    // One slow client among fast ones: it finishes last, at about F/d_min
    // (the fast ones lose packets in the uplink's queue during slow start).
    let mixed = params(
        5,
        2 * MB,
        100 * MBPS,
        vec![20 * MBPS, 20 * MBPS, 4 * MBPS, 20 * MBPS, 20 * MBPS],
    );
    let r = check_against_bound(&mixed);
    let finish: Vec<f64> = r.finish_s.iter().map(|t| t.unwrap()).collect();
    let last = finish.iter().cloned().fold(0.0, f64::max);
    assert_eq!(finish[2], last, "{finish:?}");
}

#[test]
fn time_grows_linearly_in_n() {
    let times: Vec<f64> = [5, 10, 20]
        .iter()
        .map(|&n| {
            time(&check_against_bound(&params(
                n,
                4 * MB,
                10 * MBPS,
                vec![100 * MBPS],
            )))
        })
        .collect();
    // N·F/u_s: each doubling of N doubles the time.
    for w in times.windows(2) {
        let ratio = w[1] / w[0];
        assert!((ratio - 2.0).abs() < 0.06, "{times:?}");
    }
}

#[test]
fn same_seed_same_trace_and_another_seed_another() {
    let p = params(8, 300_000, 5 * MBPS, vec![50 * MBPS]);
    let a = run_distribute_packets(&p).unwrap();
    let b = run_distribute_packets(&p).unwrap();
    assert_eq!(a, b);
    let c = run_distribute_packets(&DistributePacketsParams { seed: 2, ..p }).unwrap();
    assert_ne!(a.trace_hash, c.trace_hash);
    assert_eq!(c.bytes_delivered, 8 * 300_000);
}

#[test]
fn the_flow_level_model_agrees_once_headers_are_counted() {
    for (n, f, us, d) in [
        (10, MB, 10 * MBPS, 100 * MBPS),
        (5, 2 * MB, 100 * MBPS, 5 * MBPS),
    ] {
        let packets = time(&run(&params(n, f, us, vec![d])));
        let flows = run_distribute(&DistributeParams {
            mode: Mode::Cs,
            peers: n,
            file_bytes: f,
            server_up_bps: us,
            peer_down_bps: d,
            ..DistributeParams::default()
        })
        .unwrap()
        .distribution_time_s
        .unwrap();
        // Flows move file bits only; packets also move headers.
        let ratio = packets / (flows * OVERHEAD);
        assert!(
            (ratio - 1.0).abs() < 0.03,
            "N={n}: packets {packets} s, flows {flows} s"
        );
    }
}

#[test]
fn steps_are_bounded_and_bad_parameters_are_named() {
    let mut sim = DistributePacketsSim::new(&params(3, 100_000, MBPS, vec![MBPS])).unwrap();
    assert_eq!(sim.step(10), 10);
    assert!(!sim.is_done());
    assert_eq!(sim.report().distribution_time_s, None);
    sim.run();
    assert!(sim.report().distribution_time_s.is_some());
    let ok = DistributePacketsParams::default();
    for (bad, field) in [
        (
            DistributePacketsParams {
                clients: 0,
                ..ok.clone()
            },
            "clients",
        ),
        (
            DistributePacketsParams {
                file_bytes: 0,
                ..ok.clone()
            },
            "file_bytes",
        ),
        (
            DistributePacketsParams {
                server_up_bps: 1,
                ..ok.clone()
            },
            "server_up_bps",
        ),
        (
            DistributePacketsParams {
                client_down_bps: vec![MBPS; 3],
                ..ok.clone()
            },
            "client_down_bps",
        ),
        (
            DistributePacketsParams {
                queue_packets: 0,
                ..ok.clone()
            },
            "queue_packets",
        ),
        (
            DistributePacketsParams {
                mss: 10,
                ..ok.clone()
            },
            "mss",
        ),
    ] {
        let err = run_distribute_packets(&bad).unwrap_err();
        assert!(err.contains(field), "{field}: {err}");
    }
}
