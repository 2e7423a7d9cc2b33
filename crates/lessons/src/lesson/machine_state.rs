//! What a machine holds, as its details list it: its sockets as `ss -tanp`
//! prints them, its DNS cache with the TTLs left, and a home router's NAT
//! table. Addresses, ports and names are the protocols' own text, which no
//! language translates.

use cslab_scene::capture::record_text;
use cslab_sim::net::{Mapping, NodeId, Proto, World};
use cslab_sim::proto::dns::DnsCache;
use cslab_sim::proto::tcp::{TcpStack, sockets};

/// One fact: its label's message id and its value.
pub type Fact = (&'static str, String);

/// The sockets of `node`'s stack `tcp`, one row each, as `ss -tanp` lists
/// them: a socket on a port of `programs` names the program listening
/// there (`users:(("nginx"))`).
pub fn socket_rows(
    world: &World,
    tcp: &TcpStack,
    node: NodeId,
    programs: &[(&str, u16)],
) -> Vec<Fact> {
    sockets(tcp, world.nodes()[node.index()].addr)
        .into_iter()
        .map(|socket| {
            let program = programs
                .iter()
                .find(|&&(_, port)| port == socket.local.1)
                .map(|&(name, _)| format!(" users:((\"{name}\"))"))
                .unwrap_or_default();
            ("state-socket", format!("{socket}{program}"))
        })
        .collect()
}

/// A DNS cache's entries: `www.example.com A 203.0.113.80 (TTL 299 s)`, a
/// remembered failure by its type and code.
pub fn cache_rows(world: &World, cache: &DnsCache) -> Vec<Fact> {
    let (now, names) = (world.now(), world.names());
    cache
        .entries(now)
        .map(|(name, rtype, entry)| {
            let ttl = (entry.expires - now).as_nanos() / 1_000_000_000;
            let records: Vec<String> = entry.rrs.iter().map(|rr| record_text(names, rr)).collect();
            let records = if records.is_empty() {
                format!("{rtype:?} {:?}", entry.rcode).to_uppercase()
            } else {
                records.join(", ")
            };
            (
                "state-cache",
                format!("{} {records} (TTL {ttl} s)", names.text(name)),
            )
        })
        .collect()
}

/// A home router's public address, its kind if it is a symmetric NAT, and
/// its NAT table: `UDP 192.168.1.10:50000 ↔ 198.51.100.23:50000`, inside
/// endpoint first, and for a symmetric NAT's mapping the one remote
/// endpoint it is for (`→ 203.0.113.3:3478`).
pub fn nat_rows(world: &World, router: NodeId) -> Vec<Fact> {
    let Some(nat) = world.nat(router) else {
        return Vec::new();
    };
    let mut facts = vec![("state-public-address", nat.public.to_string())];
    if nat.mapping == Mapping::Symmetric {
        facts.push(("state-nat-symmetric", "RFC 4787 §4.1".to_owned()));
    }
    facts.extend(nat.table(world.now()).map(|m| {
        let proto = match m.proto {
            Proto::Tcp => "TCP",
            Proto::Udp => "UDP",
        };
        let only = m
            .remote
            .map(|(addr, port)| format!(" → {addr}:{port}"))
            .unwrap_or_default();
        (
            "state-nat",
            format!(
                "{proto} {}:{} ↔ {}:{}{only}",
                m.inside, m.inside_port, nat.public, m.public_port
            ),
        )
    }));
    facts
}
