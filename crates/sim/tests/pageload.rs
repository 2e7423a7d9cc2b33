//! The page load against the textbook (Kurose–Ross): every expected value is
//! derived here from the formulas, not read from the simulator.

use cslab_sim::apps::browser::{HttpMode, trace_code};
use cslab_sim::proto::http::HttpKind;
use cslab_sim::proto::tcp::{InitialWindow, flags};
use cslab_sim::proto::tls::TlsContent;
use cslab_sim::proto::{AppMsg, Layer};
use cslab_sim::runs::pageload::{
    DnsMode, PageLoadParams, PageLoadSim, pageload_trace_hash, run_pageload, textbook_rtts,
};
use cslab_sim::runs::pageload_gap::{Baselines, Gap};
use cslab_sim::trace::TraceEvent;

const R: f64 = 0.100; // seconds

/// Tiny objects on a 10 Gbit/s access link, name already cached.
fn tiny(mode: HttpMode, objects: u32, parallel: u32, tls: bool) -> PageLoadParams {
    PageLoadParams {
        objects,
        object_kb: 0.1,
        base_kb: 0.1,
        rtt_ms: R * 1e3,
        mode,
        parallel,
        tls,
        dns: DnsMode::Cached,
        bandwidth_mbps: 10_000.0,
        ..PageLoadParams::default()
    }
}

/// Serialisation slack of `rtts` round trips on the fast links: at most
/// four full frames (two hops each way) per round trip at 10 Gbit/s.
fn slack(rtts: f64) -> f64 {
    rtts * 4.0 * 1518.0 * 8.0 / 10e9 + 1e-6
}

fn check(p: &PageLoadParams, rtts: f64) {
    check_within(p, rtts, slack(rtts));
}

/// The page loads in `rtts` round trips, plus at most `slack` seconds.
fn check_within(p: &PageLoadParams, rtts: f64, slack: f64) {
    let r = run_pageload(p).unwrap();
    assert!(r.complete, "{p:?}");
    let want = rtts * R;
    assert!(
        r.page_load_s >= want - 1e-9 && r.page_load_s <= want + slack,
        "{:?} M={} X={} tls={}: {} s, textbook {} s",
        p.mode,
        p.objects,
        p.parallel,
        p.tls,
        r.page_load_s,
        want
    );
    assert_eq!(r.dns_s, 0.0, "a cached name costs no time");
}

#[test]
fn non_persistent_serial_costs_two_rtts_per_object() {
    for m in [0u32, 1, 5] {
        // 2 RTT for the base + 2 RTT per object.
        check(
            &tiny(HttpMode::NonPersistent, m, 1, false),
            2.0 * (m as f64 + 1.0),
        );
    }
}

#[test]
fn non_persistent_parallel_costs_two_rtts_per_wave() {
    for (m, x) in [(7u32, 3u32), (10, 5), (4, 10)] {
        let waves = m.div_ceil(x) as f64;
        check(
            &tiny(HttpMode::NonPersistent, m, x, false),
            2.0 + 2.0 * waves,
        );
    }
}

#[test]
fn persistent_costs_one_rtt_per_object() {
    for m in [1u32, 5, 12] {
        check(
            &tiny(HttpMode::Persistent, m, 1, false),
            1.0 + 1.0 + m as f64,
        );
    }
}

#[test]
fn pipelined_costs_one_rtt_for_all_objects() {
    for m in [1u32, 5, 12] {
        check(&tiny(HttpMode::Pipelined, m, 1, false), 3.0);
    }
}

#[test]
fn tls_adds_one_rtt_per_new_connection() {
    let m = 4u32;
    // Every connection pays connect + TLS + request.
    check(
        &tiny(HttpMode::NonPersistent, m, 1, true),
        3.0 * (m as f64 + 1.0),
    );
    check(&tiny(HttpMode::Persistent, m, 1, true), 3.0 + m as f64);
    check(&tiny(HttpMode::Pipelined, m, 1, true), 4.0);
    let r = run_pageload(&tiny(HttpMode::Persistent, m, 1, true)).unwrap();
    assert!((r.tls_s - R).abs() < slack(1.0), "tls {}", r.tls_s);
    assert!(
        (r.connect_s - R).abs() < slack(1.0),
        "connect {}",
        r.connect_s
    );
}

#[test]
fn dns_costs_its_hops_and_nothing_when_cached() {
    let (local, remote) = (0.010, 0.100);
    for dns in [DnsMode::Iterative, DnsMode::Recursive] {
        let p = PageLoadParams {
            dns,
            dns_local_rtt_ms: local * 1e3,
            dns_remote_rtt_ms: Some(remote * 1e3),
            ..tiny(HttpMode::Persistent, 0, 1, false)
        };
        let r = run_pageload(&p).unwrap();
        // Client ↔ resolver, then root, TLD and authoritative: one remote
        // round trip each (iterative: resolver ↔ each; recursive: resolver ↔
        // root ↔ TLD ↔ authoritative).
        let want = local + 3.0 * remote;
        assert!(
            (r.dns_s - want).abs() < 20e-6,
            "{dns:?}: {} s, textbook {want} s",
            r.dns_s
        );
        assert!((r.page_load_s - (want + 2.0 * R)).abs() < 40e-6);
        // Stub 1 query; iterative resolver 3, recursive resolver 1.
        let want_q = if dns == DnsMode::Iterative { 4 } else { 2 };
        assert_eq!(r.dns_queries, want_q, "{dns:?}");
    }
    let r = run_pageload(&tiny(HttpMode::Persistent, 0, 1, false)).unwrap();
    assert_eq!((r.dns_s, r.dns_queries), (0.0, 0));
}

#[test]
fn slow_link_adds_size_over_rate() {
    let (b, s, rtt) = (1e6, 100_000.0, 0.020);
    let p = PageLoadParams {
        objects: 1,
        object_kb: s / 1e3,
        base_kb: 0.1,
        rtt_ms: rtt * 1e3,
        mode: HttpMode::Persistent,
        bandwidth_mbps: b / 1e6,
        dns: DnsMode::Cached,
        ..PageLoadParams::default()
    };
    let r = run_pageload(&p).unwrap();
    assert!(r.complete);
    // The object travels as ceil(S/MSS) segments with 58 bytes of Ethernet,
    // IP and TCP headers each; the window (IW 14600 B) exceeds the
    // bandwidth-delay product (2500 B), so the link never idles.
    let segs = (s / 1460.0).ceil();
    let wire = s + segs * 58.0;
    let want = 3.0 * rtt + wire * 8.0 / b;
    // Slack: the HTTP heads, the base page and the small packets of the
    // handshakes also cross the 1 Mbit/s link (a few hundred bytes each).
    let extra = r.page_load_s - want;
    assert!(
        (0.0..0.020).contains(&extra),
        "page {} s, textbook 3 RTT + size/rate = {want} s",
        r.page_load_s
    );
}

/// Rounds of slow start for `k` segments from a window of `iw` segments
/// doubling each round: the least r with iw·(2^r − 1) ≥ k, i.e.
/// ⌈log2(k/iw + 1)⌉.
fn slow_start_rounds(k: u32, iw: u32) -> u32 {
    (1..).find(|r| iw * ((1 << r) - 1) >= k).unwrap()
}

/// One object of `k` full segments (its head is under 300 bytes) after a
/// one-segment base page, over a persistent connection.
fn one_object_of(k: u32, init_cwnd: InitialWindow) -> PageLoadParams {
    PageLoadParams {
        objects: 1,
        object_kb: (k * 1460 - 400) as f64 / 1e3,
        base_kb: 0.1,
        init_cwnd,
        ..tiny(HttpMode::Persistent, 1, 1, false)
    }
}

#[test]
fn slow_start_needs_log2_k_over_iw_plus_1_rounds() {
    // IW10 (RFC 6928): windows of 10, 20, 40 segments: 10, 30, 70 in all.
    // IW3 (RFC 5681): 3, 6, 12, 24, 48: 3, 9, 21, 45, 93 in all.
    // (The base page's one short segment grows cwnd by under one MSS.)
    for (k, iw10_rounds, iw3_rounds) in [
        (1, 1, 1),
        (3, 1, 1),
        (4, 1, 2),
        (10, 1, 3), // ⌈log2(10/3 + 1)⌉ = ⌈2.1⌉
        (11, 2, 3), // ⌈log2(11/10 + 1)⌉ = ⌈1.07⌉
        (30, 2, 4), // ⌈log2(4)⌉ = 2; ⌈log2(11)⌉ = 4
        (31, 3, 4), // ⌈log2(4.1)⌉ = 3
        (69, 3, 5), // 100 kB: ⌈log2(7.9)⌉ = 3; ⌈log2(24)⌉ = 5
    ] {
        assert_eq!(slow_start_rounds(k, 10), iw10_rounds, "k {k}");
        assert_eq!(slow_start_rounds(k, 3), iw3_rounds, "k {k}");
        for (iw, rounds) in [
            (InitialWindow::Rfc6928, iw10_rounds),
            (InitialWindow::Rfc5681, iw3_rounds),
        ] {
            // Connect + base page + the object's rounds; slack: its k
            // frames take 1.2 µs each at 10 Gbit/s, far below a round.
            check_within(&one_object_of(k, iw), 2.0 + rounds as f64, 1e-4);
        }
    }
    // With a window the size of the object it is one round: 3 RTT.
    check_within(&one_object_of(69, InitialWindow::Segments(100)), 3.0, 1e-4);
}

#[test]
fn iw10_carries_eight_pipelined_answers_in_one_round() {
    // Eight answers of one segment each (1000 bytes of body and a head of
    // about 170) requested back to back after a one-segment base page.
    // IW10 holds all 8 at once: connect + base + 1 round = 3 RTT. IW3
    // sends 3, then 6 as their ACKs double the window: ⌈log2(8/3 + 1)⌉ =
    // 2 rounds, so 4 RTT (not ⌈8/3⌉ = 3 rounds: slow start doubles).
    for (iw, rtts) in [(InitialWindow::Rfc6928, 3.0), (InitialWindow::Rfc5681, 4.0)] {
        let p = PageLoadParams {
            object_kb: 1.0,
            base_kb: 0.1,
            init_cwnd: iw,
            ..tiny(HttpMode::Pipelined, 8, 1, false)
        };
        check(&p, rtts);
    }
}

#[test]
fn under_loss_every_byte_arrives_once_in_order() {
    let base = PageLoadParams {
        objects: 8,
        object_kb: 20.0,
        mode: HttpMode::Persistent,
        dns: DnsMode::Iterative,
        ..PageLoadParams::default()
    };
    let clean = run_pageload(&base).unwrap();
    assert_eq!(clean.retransmissions, 0);
    let mut retx = 0;
    for seed in 1..=6 {
        let p = PageLoadParams {
            loss: 0.05,
            seed,
            ..base.clone()
        };
        let mut sim = PageLoadSim::new(&p).unwrap();
        sim.run();
        let r = sim.report();
        assert!(r.complete, "seed {seed}");
        assert_eq!(r.objects_loaded, 9);
        // The same answers, byte for byte, as without loss.
        assert_eq!(r.bytes_delivered, clean.bytes_delivered, "seed {seed}");
        let client = &sim.browser_host().tcp;
        let server = &sim.server_host().tcp;
        let sent: u64 = server.conns().iter().map(|c| c.bytes_queued()).sum();
        assert_eq!(client.stats.bytes_delivered, sent);
        let asked: u64 = client.conns().iter().map(|c| c.bytes_queued()).sum();
        assert_eq!(server.stats.bytes_delivered, asked);
        for o in &sim.browser().objects[1..] {
            assert_eq!((o.status, o.body_bytes), (Some(200), 20_000));
        }
        sim.world().check_packet_conservation().unwrap();
        retx += r.retransmissions;
    }
    assert!(retx > 0, "5 % loss over six runs retransmits something");
}

#[test]
fn same_seed_same_trace_hash() {
    let p = PageLoadParams {
        loss: 0.03,
        tls: true,
        objects: 5,
        ..PageLoadParams::default()
    };
    let a = pageload_trace_hash(&p).unwrap();
    assert_eq!(a, pageload_trace_hash(&p).unwrap());
    assert_eq!(a, run_pageload(&p).unwrap().trace_hash, "bounded = full");
    let q = PageLoadParams { seed: 2, ..p };
    assert_ne!(a, pageload_trace_hash(&q).unwrap());
}

#[test]
fn full_backlog_resets_and_the_page_still_loads() {
    let p = PageLoadParams {
        server_backlog: 1,
        ..tiny(HttpMode::NonPersistent, 6, 3, false)
    };
    let r = run_pageload(&p).unwrap();
    assert!(r.complete);
    assert!(r.refused_connections > 0);
}

#[test]
fn receiver_window_limits_the_flight() {
    let p = PageLoadParams {
        objects: 1,
        object_kb: 50.0,
        rcv_buf_kb: 3,
        init_cwnd: InitialWindow::Segments(50),
        dns: DnsMode::Cached,
        ..PageLoadParams::default()
    };
    let mut sim = PageLoadSim::new(&p).unwrap();
    sim.run();
    assert!(sim.report().complete);
    let c = &sim.server_host().tcp.conns()[0];
    assert!(c.max_flight <= 3_000, "flight {}", c.max_flight);
    assert!(c.max_flight >= 2 * 1460);
}

#[test]
fn every_message_is_in_the_trace_with_its_headers() {
    let p = PageLoadParams {
        objects: 2,
        tls: true,
        ..PageLoadParams::default()
    };
    let mut sim = PageLoadSim::new(&p).unwrap();
    sim.run();
    let w = sim.world();
    let t = w.trace();
    let sent = t.count_of_kind(0);
    let msgs = t.count_of_kind(10);
    assert_eq!(sent, msgs, "every packet carries a protocol message");
    let (mut syn, mut synack, mut query, mut answer, mut get, mut ch) =
        (false, false, false, false, false, false);
    for r in t.records() {
        let TraceEvent::Message { pkt, layer } = r.ev else {
            continue;
        };
        let h = t.header(pkt).expect("header kept");
        assert_eq!(h.layer(), layer);
        if let Some(s) = h.msg.tcp {
            syn |= s.flags == flags::SYN;
            synack |= s.flags == flags::SYN | flags::ACK;
            assert_eq!(s.len, h.payload_bytes);
        }
        match h.msg.app {
            AppMsg::Dns(d) => {
                assert_eq!(w.names().text(d.qname), "www.example.com");
                query |= !d.response;
                answer |= d.response && !d.answers().is_empty();
            }
            AppMsg::Http(m) => {
                assert!(h.msg.encrypted(), "HTTP rides in TLS");
                assert_eq!(h.msg.on_the_wire().app, AppMsg::None);
                if let HttpKind::Request { .. } = m.kind {
                    get |= w.names().text(m.path) == "/index.html";
                }
            }
            AppMsg::Text(_) => panic!("a page load speaks no SMTP, SSH or PostgreSQL"),
            AppMsg::DnsOverHttps(_) => panic!("DNS goes over UDP unless DoH is asked for"),
            AppMsg::None => {}
        }
        if let Some(rec) = h.msg.tls
            && rec.content == TlsContent::ClientHello
        {
            ch = true;
            assert!(!rec.encrypted);
            assert_eq!(layer, Layer::Tls);
        }
    }
    assert!(syn && synack && query && answer && get && ch);
}

/// The second visit (Kurose–Ross's "conditional GET"): the name is in the
/// browser's cache, and with persistent HTTP the first visit's connection is
/// still open, so the base page and each of M objects cost one round trip,
/// each answered `304 Not Modified`; no DNS question, no new handshake.
#[test]
fn a_second_visit_reuses_the_cache_and_the_open_connection() {
    let m: usize = 3;
    for (mode, rtts, new_connections) in [
        (HttpMode::Persistent, (1 + m) as f64, 0),
        // Non-persistent HTTP closed them: each request connects again.
        (HttpMode::NonPersistent, 2.0 * (1 + m) as f64, 1 + m),
    ] {
        let p = PageLoadParams {
            dns: DnsMode::Iterative,
            revisit_after_s: Some(1.0),
            ..tiny(mode, m as u32, 1, false)
        };
        let mut sim = PageLoadSim::new(&p).unwrap();
        sim.run();
        let r = sim.report();
        let second = r.second_visit_s.expect("the second visit completes");
        assert!(
            second >= rtts * R - 1e-9 && second <= rtts * R + slack(rtts),
            "{mode:?}: second visit {second} s, textbook {} s",
            rtts * R
        );
        let first = run_pageload(&tiny(mode, m as u32, 1, false)).unwrap();
        assert!(
            r.page_load_s > first.page_load_s,
            "the first visit asked DNS"
        );
        let trace = sim.world().trace();
        let revisit_at = trace
            .records()
            .find(|record| {
                matches!(
                    record.ev,
                    TraceEvent::App {
                        code: trace_code::REVISIT,
                        ..
                    }
                )
            })
            .expect("a revisit record")
            .t;
        let later: Vec<_> = trace
            .records()
            .filter(|record| record.t >= revisit_at)
            .filter_map(|record| match record.ev {
                TraceEvent::PacketSent { pkt, .. } => trace.header(pkt),
                _ => None,
            })
            .collect();
        let syns = later
            .iter()
            .filter(|h| h.msg.tcp.is_some_and(|t| t.flags == flags::SYN))
            .count();
        assert_eq!(
            syns, new_connections,
            "{mode:?}: handshakes on the second visit"
        );
        assert!(
            later.iter().all(|h| !matches!(h.msg.app, AppMsg::Dns(_))),
            "no DNS question on the second visit"
        );
        let not_modified = later
            .iter()
            .filter(|h| {
                matches!(h.msg.app, AppMsg::Http(http)
                    if http.status().is_some_and(|s| s.code() == 304) && h.msg.tcp.is_some_and(|t| t.rec_off == 0))
            })
            .count();
        assert_eq!(not_modified, 1 + m, "{mode:?}: every file is 304");
    }
}

/// The gap to the textbook: without losses, slow start and transmission
/// time, every mode takes exactly the textbook's count; the parts add up.
#[test]
fn the_gap_is_losses_slow_start_and_sending_and_nothing_else() {
    for mode in [
        HttpMode::NonPersistent,
        HttpMode::Persistent,
        HttpMode::Pipelined,
    ] {
        for (tls, parallel, iw) in [
            (false, 1, InitialWindow::Rfc5681),
            (true, 2, InitialWindow::Rfc6928),
        ] {
            let p = PageLoadParams {
                objects: 3,
                object_kb: 6.0,
                rtt_ms: 40.0,
                bandwidth_mbps: 1.0,
                loss: 0.02,
                seed: 5,
                mode,
                tls,
                parallel,
                init_cwnd: iw,
                ..PageLoadParams::default()
            };
            let run = run_pageload(&p).unwrap();
            let base = Baselines::measure(&p).unwrap();
            let gap = Gap::new(&p, &run, &base);
            let textbook = textbook_rtts(mode, 3, parallel, tls) as f64;
            assert_eq!(gap.textbook_rtts as f64, textbook);
            // Textbook rounds of 40 ms; frames cross the 100 Gbit/s line in
            // about 0.1 µs: a few microseconds in all.
            assert!(
                (base.fast_line_s - textbook * 0.040).abs() < 1e-4,
                "{mode:?} tls={tls}: {} s against {textbook} RTT",
                base.fast_line_s
            );
            let parts = textbook
                + gap.slow_start_rtts
                + (gap.sending_s + gap.loss_s + (base.fast_line_s - textbook * 0.040)) / 0.040;
            assert!((gap.measured_rtts - parts).abs() < 1e-9, "{gap:?}");
            // 20 kB at 1 Mbit/s: at least 160 ms of sending, at most the
            // frames of the whole page and its handshakes (about 200 ms).
            assert!((0.160..0.25).contains(&gap.sending_s), "{gap:?}");
            assert_eq!(gap.page_bytes, 2_000 + 3 * 6_000);
        }
    }
}

#[test]
fn parallel_persistent_and_pipelined_connections_pay_their_handshakes() {
    // Persistent, X = 2, M = 5, plain: base done at 2 RTT; connection 1
    // ends objects at 3, 4 and 5; connection 2 connects from 2 to 3 and
    // ends objects at 4 and 5: 5 RTT.
    assert_eq!(textbook_rtts(HttpMode::Persistent, 5, 2, false), 5);
    check(&tiny(HttpMode::Persistent, 5, 2, false), 5.0);
    // Over TLS (handshakes of 2 RTT), M = 3: base at 3; c1 ends objects at
    // 4 and 5, c2 is ready at 5 and ends its object at 6.
    assert_eq!(textbook_rtts(HttpMode::Persistent, 3, 2, true), 6);
    check(&tiny(HttpMode::Persistent, 3, 2, true), 6.0);
    // Pipelined, X = 2, M = 3: c1 takes ceil(3/2) = 2 back to back (done at
    // base + 1), c2 connects for the third: base + 1 + 1 = 4 plain, 3 + 2 +
    // 1 = 6 over TLS.
    assert_eq!(textbook_rtts(HttpMode::Pipelined, 3, 2, false), 4);
    check(&tiny(HttpMode::Pipelined, 3, 2, false), 4.0);
    assert_eq!(textbook_rtts(HttpMode::Pipelined, 3, 2, true), 6);
    check(&tiny(HttpMode::Pipelined, 3, 2, true), 6.0);
    // One object: no second connection.
    assert_eq!(textbook_rtts(HttpMode::Pipelined, 1, 4, false), 3);
    check(&tiny(HttpMode::Pipelined, 1, 4, false), 3.0);
}

/// DNS over HTTPS (RFC 8484): the browser's question goes to the resolver's
/// port 443 as a sealed POST to /dns-query; nothing of the home's crosses
/// UDP port 53, while the resolver still walks the hierarchy over UDP.
/// It costs the stub's TCP and TLS handshakes with the resolver first.
#[test]
fn dns_over_https_seals_the_question_and_costs_two_round_trips_more() {
    let base = PageLoadParams {
        dns: DnsMode::Iterative,
        tls: true,
        dns_local_rtt_ms: 4.0,
        dns_remote_rtt_ms: Some(40.0),
        ..tiny(HttpMode::Persistent, 1, 1, true)
    };
    let udp = run_pageload(&base).unwrap();
    let mut sim = PageLoadSim::new(&PageLoadParams {
        doh: true,
        ..base.clone()
    })
    .unwrap();
    sim.run();
    let doh = sim.report();
    assert!(doh.complete);
    // UDP: 4 ms to the resolver and back, and 3 × 40 ms for root, com and
    // example.com: 124 ms. DoH adds TCP's handshake and TLS's, one local
    // round trip each: 4 + 4 + 124 = 132 ms.
    assert!((udp.dns_s - 0.124).abs() < 1e-4, "{}", udp.dns_s);
    assert!((doh.dns_s - 0.132).abs() < 1e-4, "{}", doh.dns_s);
    let world = sim.world();
    let client = sim.nodes().client;
    let resolver = sim.nodes().resolver;
    let mut posted = false;
    for h in world.trace().headers() {
        if h.src_node == client && h.dst_node == resolver {
            assert_eq!(h.dst_port, 443, "the home asks over HTTPS only");
            if let AppMsg::DnsOverHttps(q) = h.msg.app {
                posted = true;
                assert!(h.msg.encrypted());
                assert_eq!(h.msg.on_the_wire().app, AppMsg::None);
                assert_eq!(q.dns.id, 0, "RFC 8484 §4.1");
                assert_eq!(world.names().text(q.http.path), "/dns-query");
                assert_eq!(world.names().text(q.dns.qname), "www.example.com");
            }
            if let Some(record) = h.msg.tls
                && record.content == TlsContent::ClientHello
            {
                assert_eq!(
                    world.names().text(record.server_name),
                    "dns.provider.example"
                );
            }
        }
    }
    assert!(posted);
    let upstream = world
        .trace()
        .headers()
        .filter(|h| h.src_node == resolver && h.dst_port == 53)
        .count();
    assert_eq!(upstream, 3, "root, com and example.com, over UDP");
}
