//! The game service's dialogue, checked against what the protocols and
//! the arithmetic say: order, ports, codes and sizes; the snapshots a
//! match sends (tick rate × length); the skipped ones against the drops;
//! the ping against the links' delays; the reconnection after a failure.

use cslab_game::accounts::PRESENCE;
use cslab_game::game_server::{self, INPUT_BYTES, snapshot_bytes};
use cslab_game::presence::{CLUSTER_HEARTBEAT, HEARTBEAT};
use cslab_game::world::{END, FAILS_AT, GAME, GameParams, GameSim, LOGIN, MATCHMAKER};
use cslab_sim::net::{Addr, Proto};
use cslab_sim::proto::http::HttpKind;
use cslab_sim::proto::text::{TextProtocol, game_trace};
use cslab_sim::proto::{AppMsg, Header};
use cslab_sim::runs::addresses::page::{BROWSER, ROUTER_PUBLIC};
use cslab_sim::time::SimTime;
use cslab_sim::trace::{DropReason, TraceEvent};

fn run(tick: u32, loss_percent: u32, fail: bool) -> GameSim {
    let mut sim = GameSim::new(&GameParams {
        tick,
        loss_percent,
        fail,
        seed: 1,
    });
    sim.world_mut().run_until(END);
    sim
}

/// What a message says: an HTTP start line, a frame's or a datagram's
/// text.
fn said(sim: &GameSim, header: &Header) -> Option<String> {
    let names = sim.world().names();
    match header.msg.app {
        AppMsg::Http(http) => Some(names.text(http.head).lines().next()?.to_owned()),
        AppMsg::Text(text) => Some(names.text(text.line).to_owned()),
        _ => None,
    }
}

/// Alice's messages, first lines only, with where they went.
fn alices(sim: &GameSim) -> Vec<(Addr, u16, Proto, String)> {
    (sim.world().trace().headers())
        .filter(|header| header.src == BROWSER)
        .filter(|header| header.msg.tcp.is_none_or(|segment| segment.rec_off == 0))
        .filter_map(|header| {
            let line = said(sim, header)?;
            Some((header.dst, header.dst_port, header.proto, line))
        })
        .collect()
}

#[test]
fn alice_logs_in_joins_presence_chats_queues_and_plays_in_that_order() {
    let sim = run(20, 0, false);
    let mut wanted: Vec<(Addr, u16, Proto, &str)> = vec![
        (LOGIN, 443, Proto::Tcp, "POST /login HTTP/1.1"),
        (PRESENCE[0], 1119, Proto::Tcp, "GET /presence HTTP/1.1"),
        (PRESENCE[0], 1119, Proto::Tcp, "Text [FIN] [MASKED] key"),
        (
            PRESENCE[0],
            1119,
            Proto::Tcp,
            r#"{"to":"bob","text":"Sure, queueing now!"}"#,
        ),
        (MATCHMAKER, 443, Proto::Tcp, "POST /matchmaking HTTP/1.1"),
        (GAME, game_server::PORT, Proto::Udp, "Join match1:alice."),
        (GAME, game_server::PORT, Proto::Udp, "Input 1"),
    ];
    for (to, port, proto, line) in alices(&sim) {
        if let Some(&(want_to, want_port, want_proto, want)) = wanted.first()
            && line.contains(want)
        {
            assert_eq!(
                (to, port, proto),
                (want_to, want_port, want_proto),
                "{line}"
            );
            wanted.remove(0);
        }
    }
    assert!(wanted.is_empty(), "not seen in this order: {wanted:?}");

    // The answers she got: 200 with a token, 101 with the Accept value,
    // the friends online, Bob's message, 200 naming the game server.
    let to_alice: Vec<String> = (sim.world().trace().headers())
        .filter(|header| header.dst == ROUTER_PUBLIC && header.proto == Proto::Tcp)
        .filter(|header| header.msg.tcp.is_some_and(|s| s.rec_off == 0))
        .filter_map(|header| said(&sim, header))
        .collect();
    let at = |needle: &str| to_alice.iter().position(|line| line.contains(needle));
    let order = [
        at("HTTP/1.1 200 OK"),
        at("HTTP/1.1 101 Switching Protocols"),
        at(r#"{"online":["bob"]}"#),
        at(r#"{"from":"bob","text":"Up for a duel?"}"#),
    ];
    assert!(order.iter().all(Option::is_some), "{to_alice:?}");
    assert!(order.is_sorted(), "{order:?}");
    let report = sim.report();
    assert_eq!(report.friends_online, ["bob"]);
    assert_eq!(report.heard, ["bob: Up for a duel?"]);
    assert_eq!(report.bob_saw.len(), 1, "{:?}", report.bob_saw);
    assert!(report.bob_saw[0].starts_with("alice online"));
}

#[test]
fn the_login_answers_a_token_and_the_matchmaker_waits_for_the_second_player() {
    let sim = run(20, 0, false);
    let headers: Vec<&Header> = sim.world().trace().headers().collect();
    let names = sim.world().names();
    let body_of = |path: &str| {
        headers.iter().find_map(|header| match header.msg.app {
            AppMsg::Http(http)
                if matches!(http.kind, HttpKind::Response { .. })
                    && names.text(http.path) == path
                    && header.dst == ROUTER_PUBLIC =>
            {
                Some((
                    names.text(http.head).to_owned(),
                    names.text(http.body).to_owned(),
                ))
            }
            _ => None,
        })
    };
    let (head, body) = body_of("/login").expect("the login's answer");
    assert!(head.starts_with("HTTP/1.1 200 OK"));
    assert!(
        body.starts_with(r#"{"id":1000,"token":"1000:alice."#),
        "{body}"
    );
    assert!(
        body.ends_with(r#""presence":["203.0.113.21","203.0.113.22"]}"#),
        "{body}"
    );
    let (_, body) = body_of("/matchmaking").expect("the matchmaker's answer");
    assert!(
        body.starts_with(
            r#"{"server":"192.0.2.60","port":3724,"tick":20,"seconds":5,"ticket":"match1:alice."#
        ),
        "{body}"
    );
    // The matchmaker noted one player queued, then two; it answered both
    // only once Bob's request (sent at 2.5 s) was in.
    let queued: Vec<(SimTime, u64)> = (sim.world().trace().records())
        .filter_map(|record| match record.ev {
            TraceEvent::App {
                code: game_trace::QUEUED,
                value,
                ..
            } => Some((record.t, value)),
            _ => None,
        })
        .collect();
    assert_eq!(queued.iter().map(|&(_, n)| n).collect::<Vec<_>>(), [1, 2]);
    assert!(queued[0].0 < SimTime::from_millis(2_500) && queued[1].0 > SimTime::from_millis(2_500));
}

#[test]
fn datagrams_have_the_sizes_their_layout_gives() {
    let sim = run(20, 0, false);
    for header in sim.world().trace().headers() {
        let Some(line) = said(&sim, header) else {
            continue;
        };
        if line.starts_with("Snapshot") {
            // 12 bytes of header, 20 for each of the two players: 52.
            assert_eq!(header.payload_bytes, snapshot_bytes(2));
            assert_eq!(header.payload_bytes, 52);
            // 52 + UDP 8 + IPv4 20 = 80 bytes of IP.
            assert_eq!(header.ip_bytes, 80);
        } else if line.starts_with("Input") {
            assert_eq!(header.payload_bytes, INPUT_BYTES);
            assert_eq!(header.ip_bytes, 48);
        }
        if header.proto == Proto::Udp {
            assert!(header.msg.tcp.is_none());
            assert!(matches!(header.msg.app, AppMsg::Text(t) if t.protocol == TextProtocol::Game));
        }
    }
}

/// A match of 5 s sends rate × 5 snapshots to each player: 20 × 5 = 100,
/// 30 × 5 = 150, 64 × 5 = 320; with no loss every one arrives.
#[test]
fn a_match_sends_the_tick_rate_times_its_length() {
    for (tick, sent) in [(20, 100), (30, 150), (64, 320)] {
        let sim = run(tick, 0, false);
        let report = sim.report();
        assert_eq!(report.snapshots_sent, sent, "{tick}");
        assert_eq!(report.snapshots_received, sent, "{tick}");
        assert_eq!(report.skipped, 0);
        // And Alice sent as many inputs, one a tick.
        assert_eq!(sim.alice().play.inputs.len() as u64, sent);
        sim.world().check_packet_conservation().unwrap();
    }
}

/// With 5 % loss on the game server's line, the snapshots Alice skipped
/// are the ones the trace shows lost on the way to her (before her last).
#[test]
fn skipped_snapshots_are_the_ones_lost_and_nothing_is_sent_again() {
    for (tick, loss) in [(20, 5), (64, 10)] {
        let sim = run(tick, loss, false);
        let report = sim.report();
        let trace = sim.world().trace();
        let lost: Vec<u64> = (trace.records())
            .filter_map(|record| match record.ev {
                TraceEvent::Dropped {
                    pkt,
                    reason: DropReason::Loss,
                    ..
                } => {
                    let header = trace.header(pkt)?;
                    let line = said(&sim, header)?;
                    let n = line
                        .strip_prefix("Snapshot ")?
                        .split(' ')
                        .next()?
                        .parse()
                        .ok()?;
                    (header.dst == ROUTER_PUBLIC).then_some(n)
                }
                _ => None,
            })
            .collect();
        let last = sim.alice().play.last;
        let before_last = lost.iter().filter(|&&n| n < last).count() as u64;
        assert!(before_last > 0, "{tick} {loss}: some were lost");
        assert_eq!(report.skipped, before_last, "{tick} {loss}: {lost:?}");
        assert_eq!(report.snapshots_received + report.skipped, last);
        // Each snapshot number was sent once: UDP sends nothing again.
        let mut sent: Vec<String> = (trace.headers())
            .filter(|h| h.dst == ROUTER_PUBLIC && h.proto == Proto::Udp)
            .filter_map(|h| said(&sim, h))
            .collect();
        let all = sent.len();
        sent.dedup();
        assert_eq!(sent.len(), all);
        assert_eq!(all as u64, report.snapshots_sent);
    }
}

/// The ping, by hand. Alice is 5 + 5 + 10 = 20 ms from the game server,
/// on three 100 Mbit/s links. An input is 20 + 8 + 20 = 48 bytes of IP,
/// a 66-byte frame: 5.28 µs a link; a snapshot 80 bytes of IP, a 98-byte
/// frame: 7.84 µs a link. The round trip is 40 ms + 3 × (5.28 + 7.84) µs
/// = 40.03936 ms. Inputs go one a tick from the first snapshot's arrival,
/// so an input reaches the server one round trip after a tick and waits
/// for the next: the snapshot that acknowledges it comes ⌈RTT / Δ⌉ ticks
/// after the input left. At 20 ticks (Δ = 50 ms): 1 × 50 = 50 ms; at 30
/// (Δ = 33.333333 ms): 2 × Δ = 66.666666 ms; at 64 (Δ = 15.625 ms):
/// ⌈2.56⌉ = 3 × Δ = 46.875 ms.
#[test]
fn the_ping_is_the_round_trip_rounded_up_to_whole_ticks() {
    let rtt_ns: u64 = 40_000_000 + 3 * (5_280 + 7_840);
    assert_eq!(rtt_ns, 40_039_360);
    for (tick, ping_ns) in [(20, 50_000_000), (30, 66_666_666), (64, 46_875_000)] {
        let sim = run(tick, 0, false);
        let pings = &sim.alice().play.pings;
        assert!(pings.len() > 90, "{tick}: {}", pings.len());
        for &(_, ping) in pings {
            assert_eq!(ping.as_nanos(), ping_ns, "{tick}");
        }
        let interval = game_server::tick_interval(tick).as_nanos();
        assert_eq!(ping_ns, rtt_ns.div_ceil(interval) * interval);
    }
}

/// presence-1 switches off at 4 s, in the match. Nothing tells Alice's
/// client (no RST comes from a machine that is off): its next Ping goes
/// unanswered, and at the heartbeat after it gives up, within two
/// heartbeats. presence-2 misses its peer's Pong within two cluster
/// heartbeats and tells Bob that Alice is offline, before she is back.
/// She comes back on presence-2 after her random wait and four round
/// trips of 32 ms (TCP, TLS, the upgrade, her token and the friends
/// online): 128 ms and the time to send. The match goes on untouched.
#[test]
fn a_failed_presence_server_drops_its_players_who_come_back_on_the_other() {
    let calm = run(20, 0, false);
    let sim = run(20, 0, true);
    let report = sim.report();
    let us = |t: SimTime| t.as_nanos() / 1_000;
    let lost = report.lost_us[0];
    assert!(
        lost > us(FAILS_AT) && lost <= us(FAILS_AT + HEARTBEAT + HEARTBEAT),
        "{lost}"
    );
    let wait_ms = (sim.world().trace().records())
        .find_map(|record| match record.ev {
            TraceEvent::App {
                code: game_trace::PRESENCE_LOST,
                value,
                ..
            } => Some(value),
            _ => None,
        })
        .expect("the client noted its wait");
    assert!(wait_ms < 1_000);
    let back = report.back_us[0];
    let handshakes = back - lost - wait_ms * 1_000;
    assert!((128_000..131_000).contains(&handshakes), "{handshakes} µs");
    assert_eq!(report.presence_server, Some(2));
    assert_eq!(report.friends_online, ["bob"]);
    // Bob: online, offline once presence-2 missed its peer, online again.
    let bob = &sim.bob().presence_changes;
    let statuses: Vec<&str> = bob.iter().map(|(_, status, _)| status.as_str()).collect();
    assert_eq!(statuses, ["online", "offline", "online"]);
    let offline = bob[1].2;
    assert!(offline > FAILS_AT && offline <= FAILS_AT + CLUSTER_HEARTBEAT + CLUSTER_HEARTBEAT);
    assert!(us(offline) < back);
    // A timeout, not a reset: presence-1 sent nothing after it failed,
    // and what reached it was dropped as reaching a machine that is off.
    let trace = sim.world().trace();
    let after: Vec<&Header> = (trace.records())
        .filter(|record| record.t >= FAILS_AT)
        .filter_map(|record| match record.ev {
            TraceEvent::PacketSent { pkt, .. } => trace.header(pkt),
            _ => None,
        })
        .collect();
    assert!(after.iter().all(|h| h.src != PRESENCE[0]));
    assert!(trace.records().any(|record| matches!(
        record.ev,
        TraceEvent::Dropped {
            reason: DropReason::HostDown,
            ..
        }
    )));
    // The game: the same snapshots and pings as without the failure.
    assert_eq!(report.snapshots_received, calm.report().snapshots_received);
    assert_eq!(sim.alice().play.pings, calm.alice().play.pings);
    sim.world().check_packet_conservation().unwrap();
}

#[test]
fn the_same_seed_gives_the_same_run() {
    let a = run(30, 5, true);
    let b = run(30, 5, true);
    assert_eq!(a.report(), b.report());
    assert_eq!(a.world().trace().hash(), b.world().trace().hash());
}
