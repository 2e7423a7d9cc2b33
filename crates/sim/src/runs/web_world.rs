//! The machines of a web page's world, one builder each: a DNS server of
//! the hierarchy, a resolver, a web server and a browser, each bound to the
//! ports it listens on, and a zone's delegation. The page-load lesson
//! ([`super::pageload`]) and the sandbox (`cslab_sandbox::run`) build their
//! worlds with them, so both run the same machines.

use crate::apps::browser::Browser;
use crate::apps::web::WebServer;
use crate::net::{Addr, AppId, NodeId, Proto, World};
use crate::proto::dns::{
    DNS_PORT, DnsServer, Resolver, STUB_PORT, UPSTREAM_PORT, ZoneData, ZoneRecord,
};
use crate::proto::host::{Host, NetApp};
use crate::proto::tcp::{TcpConfig, TcpStack};

/// A server of the DNS hierarchy on `node`: it answers on port 53 and, in
/// the recursive chain, hears its upstream's answers on its own port.
pub fn add_dns_server(w: &mut World, node: NodeId, server: DnsServer) -> AppId {
    let app = w.add_app(node, Box::new(server));
    w.bind(node, Proto::Udp, DNS_PORT, app);
    w.bind(node, Proto::Udp, UPSTREAM_PORT, app);
    app
}

/// A resolver on `node`: clients ask it on port 53 (or by DNS over HTTPS,
/// hence TCP), and it asks the hierarchy from its upstream port.
pub fn add_resolver(w: &mut World, node: NodeId, resolver: Resolver, tcp: TcpConfig) -> AppId {
    let app = w.add_app(node, Box::new(Host::new(TcpStack::new(tcp), resolver)));
    w.bind_any_port(node, Proto::Tcp, app);
    w.bind(node, Proto::Udp, DNS_PORT, app);
    w.bind(node, Proto::Udp, UPSTREAM_PORT, app);
    app
}

/// A web server on `node`, taking every TCP port (it refuses those it does
/// not serve).
pub fn add_web_server(w: &mut World, node: NodeId, web: WebServer, tcp: TcpConfig) -> AppId {
    add_tcp_server(w, node, web, tcp)
}

/// Any server over TCP on `node` (a web server, a load balancer), taking
/// every TCP port as [`add_web_server`] does.
pub fn add_tcp_server<A: NetApp>(w: &mut World, node: NodeId, server: A, tcp: TcpConfig) -> AppId {
    let app = w.add_app(node, Box::new(Host::new(TcpStack::new(tcp), server)));
    w.bind_any_port(node, Proto::Tcp, app);
    app
}

/// A browser on `node`: its connections' ports, and its stub resolver's.
pub fn add_browser(w: &mut World, node: NodeId, browser: Browser, tcp: TcpConfig) -> AppId {
    let app = w.add_app(node, Box::new(Host::new(TcpStack::new(tcp), browser)));
    w.bind_any_port(node, Proto::Tcp, app);
    w.bind(node, Proto::Udp, STUB_PORT, app);
    app
}

/// `zone` is served by the name server `ns`, at `addr`: the NS record and
/// its glue (the address, so a resolver can reach `ns` without asking for
/// it first; RFC 1034 §4.2.1).
pub fn delegation(zone: &str, ttl: u32, ns: &str, addr: Addr) -> [ZoneRecord; 2] {
    [
        ZoneRecord::new(zone, ttl, ZoneData::Ns(ns.into())),
        ZoneRecord::new(ns, ttl, ZoneData::A(addr)),
    ]
}
