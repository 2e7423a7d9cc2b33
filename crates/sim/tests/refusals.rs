//! How a server with no room says no, as each system does it, with times
//! worked out by hand. The network: a client host and the server each a
//! quarter round trip from a router, RTT = 40 ms, 10 Gbit/s links (a few
//! nanoseconds of transmission, inside the tolerance).
//!
//! The server runs one request at a time (one process, one connection);
//! two idle connections opened at t = 0 fill it: the first holds the
//! process, the second waits in the accept queue. A user sends one request
//! at t = 100 ms, served in 10 ms once it gets in.

use cslab_sim::apps::concurrency::{ModelKind, Overflow, ServerModel};
use cslab_sim::apps::users::Arrivals;
use cslab_sim::rng::Dist;
use cslab_sim::runs::load::{Balancing, LoadParams, LoadReport, LoadSim, RefusedBy, run_load};

const RTT: f64 = 0.040;
const SERVICE: f64 = 0.010;
const TOLERANCE: f64 = 1e-5;

/// One process; `backlog` places asked of listen(); the idle connections
/// close at `stop_s`.
fn full_server(overflow: Overflow, backlog: u32, stop_s: f64) -> LoadParams {
    LoadParams {
        model: Some(ServerModel {
            kind: ModelKind::WorkerPool,
            threads: 1,
            max_connections: 1,
            backlog,
            overflow,
            idle_holds_thread: true,
            read_holds_thread: true,
            io_holds_thread: true,
            cpu_slots: None,
        }),
        service: Dist::Deterministic { secs: SERVICE },
        arrivals: Arrivals::Closed {
            users: 1,
            think: Dist::Deterministic { secs: 0.1 },
        },
        idle_connections: 2,
        duration_s: stop_s,
        balancing: Balancing::Dns { ttl_s: 60.0 },
        health: None,
        client_hosts: 1,
        rtt_ms: RTT * 1e3,
        ..LoadParams::default()
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < TOLERANCE
}

fn accounted(r: &LoadReport) {
    assert_eq!(r.outstanding, 0, "{r:?}");
    assert_eq!(
        r.sent,
        r.completed + r.refused + r.failed + r.connect_timeouts + r.response_timeouts,
        "{r:?}"
    );
}

#[test]
fn linux_drops_the_syn_and_the_client_connects_one_second_later() {
    // listen(fd, 0) on Linux keeps one connection waiting (sk_acceptq_is_full
    // is `>`): the second idle connection fills it, the user's SYN at 100 ms
    // is dropped. The idle connections close at 0.6 s; the SYN sent again
    // at 1.1 s (RTO 1 s) gets in: handshake 1 RTT, request half an RTT,
    // 10 ms of service, answer half an RTT. Response time from the first
    // SYN: 1 s + 2 × 40 ms + 10 ms = 1.090 s.
    let r = run_load(&full_server(Overflow::SynDrop, 0, 0.6)).unwrap();
    accounted(&r);
    assert_eq!(r.completed, 1, "{r:?}");
    assert_eq!(
        r.refused_by,
        RefusedBy {
            syn_dropped: 1,
            rst: 0,
            http_503: 0
        }
    );
    assert_eq!(r.syn_retransmissions, 1);
    assert!(
        close(r.mean_response_s, 1.0 + 2.0 * RTT + SERVICE),
        "{}",
        r.mean_response_s
    );
}

#[test]
fn linux_retransmits_on_1_2_4_seconds_and_gives_up_at_127() {
    // The idle connections stay open for 128 s: every SYN of the user is
    // dropped (0.1, 1.1, 3.1, 7.1, 15.1, 31.1, 63.1 s) and the connect
    // fails 64 s after the last, at 127.1 s: no refusal, a time-out (and
    // the user, who would try again after a pause, finds the run over).
    let r = run_load(&full_server(Overflow::SynDrop, 0, 128.0)).unwrap();
    accounted(&r);
    assert_eq!(
        (r.completed, r.refused, r.connect_timeouts),
        (0, 0, 1),
        "{r:?}"
    );
    assert_eq!(r.syn_retransmissions, 6);
    assert_eq!(r.refused_by.syn_dropped, 7);
}

#[test]
fn windows_refuses_within_one_round_trip() {
    // Winsock's backlog of 1 holds the second idle connection; the user's
    // SYN at 100 ms is answered with a RST, back at 140 ms.
    let r = run_load(&full_server(Overflow::WindowsReset, 1, 0.6)).unwrap();
    accounted(&r);
    assert_eq!((r.completed, r.refused), (0, 1), "{r:?}");
    assert_eq!(r.refused_by.rst, 1);
    assert_eq!(r.syn_retransmissions, 0);
}

#[test]
fn iis_answers_503_past_its_queue() {
    // http.sys completes the handshake (100 → 140 ms), reads the request
    // (at 160 ms) and, the queue of one being taken, answers 503.
    let r = run_load(&full_server(Overflow::Http503, 1, 0.6)).unwrap();
    accounted(&r);
    assert_eq!(
        r.refused_by,
        RefusedBy {
            syn_dropped: 0,
            rst: 0,
            http_503: 1
        }
    );
    assert_eq!(r.failed, 0, "a 503 for lack of room is a refusal");
}

#[test]
fn a_closed_port_answers_rst() {
    let p = LoadParams {
        closed_port: true,
        idle_connections: 0,
        ..full_server(Overflow::SynDrop, 0, 0.15)
    };
    let r = run_load(&p).unwrap();
    accounted(&r);
    assert_eq!((r.sent, r.refused, r.refused_by.rst), (1, 1, 1), "{r:?}");
    assert_eq!(r.accepted, 0);
}

/// Three users whose SYNs all arrive before any final ACK: the accept queue
/// is empty when each SYN is checked, so all three get a SYN-ACK; their
/// requests (the final ACKs) arrive at 62 ms: the first is accepted, the
/// second queues, the third finds the queue full.
fn three_at_once(overflow: Overflow) -> (LoadReport, Vec<f64>) {
    let p = LoadParams {
        arrivals: Arrivals::Closed {
            users: 3,
            think: Dist::Deterministic { secs: 0.002 },
        },
        service: Dist::Deterministic { secs: 0.3 },
        idle_connections: 0,
        keep_completions: true,
        ..full_server(overflow, 0, 0.0025)
    };
    let mut sim = LoadSim::new(&p).unwrap();
    sim.run();
    let times = sim.user_stats().completions.iter();
    let times = times.map(|&(_, rt)| rt.as_secs_f64()).collect();
    (sim.report(), times)
}

#[test]
fn a_final_ack_that_finds_the_queue_full_is_dropped_or_reset() {
    // Linux, tcp_abort_on_overflow = 0: the third request is dropped; the
    // server sends its SYN-ACK again 1 s after the first (at 1.022 s), the
    // client answers with its request again (at the server at 1.062 s),
    // which now gets in (the others were done at 0.362 and 0.662 s):
    // answered at 1.362 s, at the client at 1.382 s.
    let (r, times) = three_at_once(Overflow::SynDrop);
    accounted(&r);
    assert_eq!((r.completed, r.refused), (3, 0), "{r:?}");
    assert_eq!(r.per_replica[0].acks_dropped, 1);
    // From t = 2 ms: handshake and request/answer (2 RTT) and 0.3 s of
    // service, then 0.3 s more waiting behind it, and 1.380 s.
    let expected = [2.0 * RTT + 0.3, 2.0 * RTT + 0.6, 1.382 - 0.002];
    assert!(
        times.iter().zip(expected).all(|(&t, e)| close(t, e)),
        "{times:?}"
    );
    // With tcp_abort_on_overflow = 1 the same ACK is answered with a RST.
    let (r, _) = three_at_once(Overflow::AbortOnOverflow);
    accounted(&r);
    assert_eq!((r.completed, r.refused_by.rst), (2, 1), "{r:?}");
}
