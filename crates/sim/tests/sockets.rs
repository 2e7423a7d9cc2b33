//! The sockets of a page load's machines as `ss -tan` lists them, through a
//! connection's whole life (RFC 9293's states, with ss's names).

use cslab_sim::apps::browser::HttpMode;
use cslab_sim::proto::tcp::{Socket, TcpConfig, sockets};
use cslab_sim::runs::pageload::{DnsMode, PageLoadParams, PageLoadSim};

/// The states one connection went through, in order, from the tables
/// taken after every event.
fn states_of(tables: &[Vec<Socket>], local_port: u16) -> Vec<&'static str> {
    let mut seen: Vec<&'static str> = Vec::new();
    for table in tables {
        let state = table
            .iter()
            .find(|socket| socket.local.1 == local_port && socket.peer.is_some())
            .map(|socket| socket.state);
        if let Some(state) = state
            && seen.last() != Some(&state)
        {
            seen.push(state);
        }
    }
    seen
}

/// Non-persistent HTTP: the server closes after its answer, and the
/// browser closes once it has the whole answer (its length said so), before
/// the server's FIN, which waits behind the data, arrives: both ends close
/// at once (RFC 9293 §3.6, simultaneous close), through CLOSING, and both
/// wait in TIME-WAIT for 2·MSL before the sockets are gone.
#[test]
fn a_connections_life_in_the_socket_table() {
    let mut sim = PageLoadSim::new(&PageLoadParams {
        objects: 0,
        mode: HttpMode::NonPersistent,
        dns: DnsMode::Cached,
        ..PageLoadParams::default()
    })
    .unwrap();
    let ids = sim.nodes();
    let addr = |id: cslab_sim::net::NodeId| sim.world().nodes()[id.index()].addr;
    let (browser_addr, server_addr) = (addr(ids.client), addr(ids.server));
    let (mut browser, mut server, mut times) = (Vec::new(), Vec::new(), Vec::new());
    while sim.world_mut().step(1) > 0 {
        times.push(sim.world().now());
        browser.push(sockets(&sim.browser_host().tcp, browser_addr));
        server.push(sockets(&sim.server_host().tcp, server_addr));
    }
    // Once started, the server listens on port 80 all along, first in its
    // table.
    assert!(server.iter().any(|table| !table.is_empty()));
    for table in server.iter().skip_while(|table| table.is_empty()) {
        assert_eq!(table[0].to_string(), "LISTEN 0 128 0.0.0.0:80 0.0.0.0:*");
    }
    let browser_port = browser
        .iter()
        .flatten()
        .find(|socket| socket.peer.is_some())
        .expect("the browser connected")
        .local
        .1;
    assert_eq!(
        states_of(&browser, browser_port),
        ["SYN-SENT", "ESTAB", "FIN-WAIT-1", "CLOSING", "TIME-WAIT"]
    );
    assert_eq!(
        states_of(&server, 80),
        ["SYN-RECV", "ESTAB", "FIN-WAIT-1", "CLOSING", "TIME-WAIT"]
    );
    // TIME-WAIT lasts the stack's 2·MSL (short in the simulator); then the
    // browser's socket is gone, and only the server's listener is left.
    let time_wait = |tables: &[Vec<Socket>]| {
        let during: Vec<_> = tables
            .iter()
            .zip(&times)
            .filter(|(table, _)| table.iter().any(|socket| socket.state == "TIME-WAIT"))
            .map(|(_, &t)| t)
            .collect();
        let (first, last) = (during[0], *during.last().unwrap());
        let gone = times[times.iter().position(|&t| t == last).unwrap() + 1];
        gone - first
    };
    let two_msl = TcpConfig::default().time_wait;
    assert_eq!(time_wait(&server), two_msl);
    assert_eq!(time_wait(&browser), two_msl);
    assert!(browser.last().unwrap().is_empty());
    assert_eq!(server.last().unwrap().len(), 1, "only the listener is left");
    // While established, both ends name each other; the server sees the
    // home router's public address (NAT).
    let established = server
        .iter()
        .flatten()
        .find(|socket| socket.state == "ESTAB")
        .unwrap();
    assert!(
        established
            .to_string()
            .starts_with(&format!("ESTAB 0 0 {server_addr}:80 198.51.100.23:")),
        "{established}"
    );
}
