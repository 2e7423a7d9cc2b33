//! One machine, many servers: the doors a client tries, how each answers,
//! and a client on the machine itself.

use cslab_sim::apps::programs::Outcome::{self, *};
use cslab_sim::apps::programs::trace_code;
use cslab_sim::net::Addr;
use cslab_sim::proto::tcp::sockets;
use cslab_sim::runs::servers::{Device, ServersParams, ServersSim};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceEvent;

/// How each door the client tried answered, in order.
fn outcomes(sim: &ServersSim) -> Vec<(u16, Outcome)> {
    sim.report()
        .doors
        .iter()
        .map(|door| (door.port, door.outcome))
        .collect()
}

fn run(params: ServersParams) -> ServersSim {
    let mut sim = ServersSim::new(&params);
    sim.world_mut().run();
    sim
}

#[test]
fn every_door_answers_refuses_or_stays_silent_as_its_port_says() {
    for device in Device::ALL {
        let sim = run(ServersParams {
            device,
            ..ServersParams::default()
        });
        let expected: Vec<(u16, Outcome)> = vec![
            (80, Answered),
            (443, Answered),
            (25, Answered),
            (5432, Answered),
            (3000, Answered),
            (631, Answered),
            (8080, Refused),
            (22, TimedOut),
        ];
        assert_eq!(outcomes(&sim), expected, "{device:?}");
        // The filtered door: SYNs at 0, 1, 3, 7, 15, 31 and 63 s, and the
        // connect gives up at 127 s (Linux's tcp_syn_retries = 6).
        let noted = |code, port: u64| {
            sim.world()
                .trace()
                .records()
                .find_map(|record| match record.ev {
                    TraceEvent::App { code: c, value, .. } if c == code && value == port => {
                        Some(record.t)
                    }
                    _ => None,
                })
        };
        let knock = noted(trace_code::KNOCK, 22).unwrap();
        let gave_up = noted(trace_code::TIMED_OUT, 22).unwrap();
        assert_eq!(gave_up - knock, SimTime::from_secs(127));
        let refused = noted(trace_code::REFUSED, 8080).unwrap();
        let rtt = SimTime::from_millis(device.access().rtt_ms);
        let took = refused - noted(trace_code::KNOCK, 8080).unwrap();
        assert!(
            took >= rtt && took < rtt + SimTime::from_millis(2),
            "{took:?}: one round trip"
        );
    }
}

#[test]
fn on_the_same_machine_nothing_crosses_a_link_and_the_firewall_lets_it_in() {
    let sim = run(ServersParams {
        same_machine: true,
        ..ServersParams::default()
    });
    let outcomes = outcomes(&sim);
    assert_eq!(outcomes.last(), Some(&(22, Answered)), "{outcomes:?}");
    let trace = sim.world().trace();
    let from_loopback: Vec<u64> = trace
        .headers()
        .filter(|header| header.src == Addr::LOOPBACK)
        .map(|header| header.pkt)
        .collect();
    assert!(from_loopback.len() > 30);
    let on_a_link = trace.records().any(|record| match record.ev {
        TraceEvent::Enqueued { pkt, .. } | TraceEvent::Transmit { pkt, .. } => {
            from_loopback.contains(&pkt)
        }
        _ => false,
    });
    assert!(!on_a_link);
}

/// `ss -tan` on the server through the run: every program listening, the
/// states of each connection's life in order (the server hangs up on a web
/// client told `Connection: close`, and waits in TIME-WAIT; a database
/// client hangs up first, and the server passes through LAST-ACK), and
/// three clients on port 80 at once, each its own socket pair.
#[test]
fn the_server_lists_its_sockets_as_ss_does() {
    let mut sim = ServersSim::new(&ServersParams::default());
    let server = sim.nodes().server;
    let addr = sim.world().nodes()[server.index()].addr;
    let mut states: Vec<(u16, &str)> = Vec::new();
    let mut most_on_80 = 0;
    while sim.world_mut().step(1) > 0 && sim.world().now() < SimTime::from_secs(10) {
        let table = sockets(&sim.server().tcp, addr);
        let listening: Vec<u16> = table
            .iter()
            .filter(|socket| socket.state == "LISTEN")
            .map(|socket| socket.local.1)
            .collect();
        if sim.world().now() > SimTime::ZERO {
            assert_eq!(listening, [80, 443, 25, 5432, 3000, 631, 22]);
        }
        let on_80: Vec<_> = table
            .iter()
            .filter(|socket| socket.state == "ESTAB" && socket.local.1 == 80)
            .map(|socket| socket.peer)
            .collect();
        most_on_80 = most_on_80.max(on_80.len());
        for socket in &table {
            let port = socket.local.1;
            if socket.peer.is_some() && states.last() != Some(&(port, socket.state)) {
                states.push((port, socket.state));
            }
        }
    }
    assert_eq!(most_on_80, 3, "three clients, one port");
    let life = |port: u16| -> Vec<&str> {
        let mut life: Vec<&str> = Vec::new();
        for &(p, state) in &states {
            if p == port && life.last() != Some(&state) {
                life.push(state);
            }
        }
        life
    };
    assert_eq!(
        life(443),
        // The client acknowledges the server's FIN with its own FIN in
        // one segment: FIN-WAIT-1 to TIME-WAIT (RFC 9293 §3.10.7.4).
        ["SYN-RECV", "ESTAB", "FIN-WAIT-1", "TIME-WAIT"]
    );
    assert_eq!(life(25), life(443));
    // CLOSE-WAIT lasts no time: PostgreSQL closes as soon as it reads the
    // end of the stream.
    assert_eq!(life(5432), ["SYN-RECV", "ESTAB", "LAST-ACK"]);
}

/// The same page on door 80 takes two round trips of the device's access
/// network (the handshake, then GET and 200 OK), so a phone on 4G waits
/// three times as long as a desktop on fibre: 60, 40 and 20 ms, plus the
/// time the lines take to send the 2.7 kB answer.
#[test]
fn the_same_page_takes_two_round_trips_of_each_devices_network() {
    let mut took = Vec::new();
    for device in Device::ALL {
        let mut sim = ServersSim::new(&ServersParams {
            device,
            ..ServersParams::default()
        });
        sim.world_mut().run_until(SimTime::from_secs(2));
        let door = &sim.report().doors[0];
        assert_eq!((door.port, door.program), (80, Some("nginx")));
        let two_rtts = 2.0 * device.access().rtt_ms as f64 / 1000.0;
        assert!(
            door.took_s > two_rtts && door.took_s < two_rtts + 0.002,
            "{device:?}: {} s against {two_rtts} s",
            door.took_s
        );
        took.push(door.took_s);
    }
    assert!(took[0] > took[1] && took[1] > took[2], "{took:?}");
}
