//! The three modes run to their end, against figures worked out by hand.
//!
//! The world: one way is 20 ms of propagation (5 + 5 + 10 ms), plus each
//! packet's serialisation on three 100 Mbit/s links (a 64-byte SYN: 3 ×
//! 5.12 µs), so a round trip is 40 ms and a few tens of µs. Alice's browser
//! opens its connection at 0; it is up when the SYN-ACK is back, at 40 ms.

use cslab_chat::mode::Mode;
use cslab_chat::script::Line;
use cslab_chat::world::{ChatParams, ChatReport, ChatSim, compare};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::http::HttpKind;
use cslab_sim::time::SimTime;

const MS: u64 = 1_000;

fn run(mode: Mode) -> (ChatSim, ChatReport) {
    let mut sim = ChatSim::new(&ChatParams {
        mode,
        tls: false,
        seed: 1,
    });
    sim.world_mut().run_until(SimTime::from_secs(45));
    let report = sim.report();
    (sim, report)
}

/// `value` within `slack` microseconds above `expected` (serialisation and
/// the OS-free stack add a few µs to each hand figure, never subtract).
fn near(value: u64, expected: u64, slack: u64) -> bool {
    (expected..=expected + slack).contains(&value)
}

/// Every HTTP head and frame summary that crossed, in order.
fn wire(sim: &ChatSim) -> Vec<String> {
    let names = sim.world().names();
    (sim.world().trace().headers())
        .filter(|h| h.msg.tcp.is_some_and(|s| s.len > 0 && s.rec_off == 0))
        .filter_map(|h| match h.msg.app {
            AppMsg::Http(http) => Some(names.text(http.head).to_owned()),
            AppMsg::Text(text) => Some(names.text(text.line).to_owned()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_websocket_upgrades_then_pushes_each_message_at_once() {
    let (sim, report) = run(Mode::WebSocket);
    assert!(report.upgraded, "the Accept value checked out");
    let wire = wire(&sim);
    let request = &wire[0];
    assert!(request.starts_with("GET /chat HTTP/1.1\r\nHost: chat.example\r\n"));
    for line in [
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Version: 13",
    ] {
        assert!(request.contains(line), "{request}");
    }
    let key = request
        .split("Sec-WebSocket-Key: ")
        .nth(1)
        .and_then(|rest| rest.split("\r\n").next())
        .unwrap();
    assert_eq!(key.len(), 24);
    let answer = &wire[1];
    assert!(answer.starts_with("HTTP/1.1 101 Switching Protocols\r\n"));
    let accept = cslab_chat::handshake::accept(key);
    assert!(answer.contains(&format!("Sec-WebSocket-Accept: {accept}\r\n")));
    // Then frames only: Bob's four (unmasked), Alice's (masked), the close
    // and its answer.
    assert!(wire[2].starts_with("Text [FIN]: {\"id\":1,"), "{wire:?}");
    assert!(wire[5].starts_with("Text [FIN] [MASKED] key "), "{wire:?}");
    assert!(wire[7].starts_with("Connection Close [FIN] [MASKED]"));
    assert_eq!(wire[8], "Connection Close [FIN]: 1000");
    assert_eq!(report.messages, 9);
    // Bytes: the request 184 (GET line 20, Host 20, Upgrade 20, Connection
    // 21, Sec-WebSocket-Key 19 + 24 + 2 = 45, Origin 29, Version 27, the
    // blank line 2); the 101 166 (status line 34, Date 37, Upgrade 20,
    // Connection 21, Accept 22 + 28 + 2 = 52, 2). Frames: Bob's JSON is
    // 55, 48, 45 and 39 bytes, each with a 2-byte header: 57 + 50 + 47 +
    // 41 = 195; Alice's 23 bytes with 2 + 4 (mask): 29; the close 2 + 4 +
    // 2 = 8, its answer 2 + 2 = 4. 184 + 166 + 195 + 29 + 8 + 4 = 586.
    assert_eq!(report.bytes, 586);
    // Each pushed the moment it is written: one way, 20 ms.
    assert_eq!(report.delivered(), 4);
    for delay in &report.delays {
        assert!(near(delay.us(), 20 * MS, 50), "{delay:?}");
    }
}

/// Polling every 5 s: the page polls at 0 (sent when the connection is up,
/// 40 ms), then at 5, 10, ... 40 s (its `setInterval`); each poll reaches
/// the server 20 ms later: 0.06 s, then 5.02, ..., 40.02 s. A message
/// waits for the next poll to arrive, then 20 ms more: Bob's at 2.0 s is
/// had at 5.04 (3.04 s late), 4.5 at 5.04 (0.54), 4.51 at 5.04 (0.53),
/// 37.0 at 40.04 (3.04). Mean (3.04 + 0.54 + 0.53 + 3.04) / 4 = 1.7875 s.
#[test]
fn polling_every_five_seconds_is_late_by_up_to_the_period() {
    let (sim, report) = run(Mode::Polling {
        every: SimTime::from_secs(5),
    });
    let expected = [3_040, 540, 530, 3_040];
    assert_eq!(report.delivered(), 4);
    for (delay, ms) in report.delays.iter().zip(expected) {
        assert!(near(delay.us(), ms * MS, 200), "{delay:?} vs {ms} ms");
    }
    assert!(near(report.mean_delay_us(), 1_787_500, 200));
    // 9 polls (0, 5, ..., 40 s: the page closes at 42) and their answers,
    // Alice's POST and its 201: 20 messages.
    let polls = wire(&sim)
        .iter()
        .filter(|head| head.starts_with("GET /messages?since="))
        .count();
    assert_eq!(polls, 9);
    assert_eq!(report.messages, 9 * 2 + 2);
    // Seven of the nine answers carried nothing: "[]".
    let empty = count_bodies(&sim, "[]");
    assert_eq!(empty, 7);
}

fn count_bodies(sim: &ChatSim, body: &str) -> usize {
    let names = sim.world().names();
    (sim.world().trace().headers())
        .filter(|h| h.msg.tcp.is_some_and(|s| s.len > 0 && s.rec_off == 0))
        .filter(|h| match h.msg.app {
            AppMsg::Http(http) => {
                matches!(http.kind, HttpKind::Response { .. }) && names.text(http.body) == body
            }
            _ => false,
        })
        .count()
}

/// Long polling: the first poll reaches the server at 60 ms and is held
/// until Bob writes at 2.0 s: had at 2.02 s (20 ms). The next poll is
/// back at 2.04 and held until 4.5 (20 ms). The next leaves at 4.52 and
/// arrives at 4.54: Bob's 4.51 message waited for it, and is had at 4.56
/// (50 ms). Then a poll held from 4.58 s for 30 s, answered empty at
/// 34.58; the next arrives at 34.62 and is held until 37.0 (20 ms); the
/// last is held when the page closes. Six polls, five answers, the POST
/// (on a second connection: the first is held) and its 201: 13 messages.
#[test]
fn long_polling_answers_at_once_but_for_the_gaps_between_polls() {
    let (sim, report) = run(Mode::LongPolling);
    let expected = [20, 20, 50, 20];
    for (delay, ms) in report.delays.iter().zip(expected) {
        assert!(near(delay.us(), ms * MS, 200), "{delay:?} vs {ms} ms");
    }
    assert_eq!(report.delivered(), 4);
    let polls = wire(&sim)
        .iter()
        .filter(|head| head.starts_with("GET /messages?since=") && head.contains("&wait=30"))
        .count();
    assert_eq!(polls, 6);
    assert_eq!(count_bodies(&sim, "[]"), 1, "one hold ran out");
    assert_eq!(report.messages, 13);
    let connections = (sim.world().trace().headers())
        .filter(|h| {
            h.msg
                .tcp
                .is_some_and(|s| s.flags == cslab_sim::proto::tcp::flags::SYN)
        })
        .count();
    assert_eq!(connections, 2);
}

/// The table the page shows: fewest messages and bytes, and the shortest
/// delay, by WebSocket; polling's grow as its period shrinks.
#[test]
fn the_comparison_ranks_the_modes() {
    let table = compare(SimTime::from_secs(5), false, 1);
    let [ws, poll, long] = &table[..] else {
        panic!("three modes")
    };
    assert!(ws.messages < long.messages && long.messages < poll.messages);
    assert!(ws.bytes < long.bytes && long.bytes < poll.bytes);
    assert!(ws.mean_delay_us() < long.mean_delay_us());
    assert!(long.mean_delay_us() < poll.mean_delay_us());
    // Every second: polls at 0, 1, ..., 41 s: 42 polls and answers, the
    // POST and its 201.
    let every_second = &compare(SimTime::from_secs(1), false, 1)[1];
    assert_eq!(every_second.messages, 42 * 2 + 2);
    // Delays then at most a second and 40 ms: 2.0 s is had at 2.04.
    assert!(every_second.max_delay_us() <= 1_040 * MS + 200);
    assert!(near(every_second.delays[0].us(), 40 * MS, 200));
}

/// Over TLS the dialogue is the same, sealed: the same delays within a
/// few µs more of serialisation, and more bytes (the TLS handshake and
/// each record's header and tag).
#[test]
fn over_tls_the_same_chat_costs_more_bytes() {
    let plain = compare(SimTime::from_secs(5), false, 1);
    let sealed = compare(SimTime::from_secs(5), true, 1);
    for (plain, sealed) in plain.iter().zip(&sealed) {
        assert_eq!(plain.messages, sealed.messages);
        assert!(sealed.bytes > plain.bytes);
        assert!(sealed.upgraded == plain.upgraded);
        for (a, b) in plain.delays.iter().zip(&sealed.delays) {
            assert!(b.us() >= a.us() && b.us() - a.us() < 100, "{a:?} {b:?}");
        }
    }
}

/// Bob writes 100 messages, one every 0.37 s from 1 s (to 37.63 s): their
/// moments fall at every phase of a polling period. A message then waits
/// for the next poll to reach the server, on average half the period, and
/// comes back in one way, 20 ms: every 5 s, 2.5 + 0.02 = 2.52 s on average;
/// every second, 0.52 s (the request's own trip is spent before the
/// message is written, so half the period plus half the round trip). Long
/// polling has a request held at each message (0.37 s apart, far more than
/// the 40 ms a new request takes): one way, 20 ms, as the WebSocket.
#[test]
fn the_mean_delay_of_polling_is_half_the_period_and_one_way() {
    let bob: Vec<Line> = (0..100)
        .map(|k| Line {
            at: SimTime::from_millis(1_000 + 370 * k),
            from: "bob",
            text: "tick",
        })
        .collect();
    let mean = |mode| {
        let p = ChatParams {
            mode,
            tls: false,
            seed: 1,
        };
        let mut sim = ChatSim::with_script(&p, bob.clone());
        sim.world_mut().run_until(SimTime::from_secs(45));
        let report = sim.report();
        assert_eq!(report.delivered(), 100, "{mode:?}");
        report.mean_delay_us()
    };
    let every = |s| Mode::Polling {
        every: SimTime::from_secs(s),
    };
    let five = mean(every(5));
    assert!(five.abs_diff(2_520 * MS) < 150 * MS, "{five} µs");
    let one = mean(every(1));
    assert!(one.abs_diff(520 * MS) < 50 * MS, "{one} µs");
    assert!(near(mean(Mode::LongPolling), 20 * MS, 100));
    assert!(near(mean(Mode::WebSocket), 20 * MS, 100));
}
