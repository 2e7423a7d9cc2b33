//! The DNS of a document: the zones its servers serve, derived from the
//! machines, and the servers and resolvers themselves.
//!
//! - A network with resolvers but no name servers is a LAN's: each
//!   resolver answers the network's names itself, as dnsmasq does
//!   ([`local_names`]).
//! - A root server serves the root zone: a delegation (NS and glue, RFC
//!   1034 §4.2.1) to each TLD server for its TLD.
//! - A TLD server serves its TLD: a delegation to each authoritative
//!   server whose zone is in it.
//! - An authoritative server serves its zone: its own NS record, and an A
//!   record for each machine whose host name is in the zone (a web server's
//!   `www.example.com`), but a web server behind a load balancer, whose
//!   name is the balancer's ([`super::balancer`]).
//!
//! The name servers are named as on the Internet: the `com` and `net` TLD
//! servers `a.gtld-servers.net`, `b.…` (Verisign's), another TLD's
//! `a.nic.TLD`, a domain's `ns1.DOMAIN`, `ns2.…`.

use cslab_sim::net::{Addr, NodeId};
use cslab_sim::proto::dns::{
    DnsServer, Resolver, ResolverMode, RetryPolicy, ZoneData, ZoneRecord, in_zone,
};
use cslab_sim::proto::tcp::TcpConfig;
use cslab_sim::runs::pageload::{A_TTL, NS_TTL};
use cslab_sim::runs::web_world::{add_dns_server, add_resolver, delegation};
use cslab_sim::time::SimTime;

use super::balancer;
use super::world::Built;
use crate::kinds::Kind;
use crate::schema::{Machine, Network};

/// The TTL of a machine's A record (and a domain's MX), as the page-load
/// lesson's.
pub const HOST_TTL: u32 = A_TTL;

/// A resolver with no root server in the document starts from the root
/// hints built into it, as BIND's are: a.root-servers.net, 198.41.0.4
/// (IANA's named.root). No machine of the sandbox has that address unless
/// the learner gives it one, so the query finds no route and times out.
pub const ROOT_HINT: Addr = Addr::new(198, 41, 0, 4);

/// How long a resolver waits for a server: BIND 9's first wait
/// (resolver-retry-interval, 800 ms), or three round trips to the farthest
/// server if that is longer, as a resolver that has measured its servers
/// waits (the simulator's resolvers do not back off, and an answer to an
/// earlier try is ignored, so a wait shorter than the round trip would
/// never let one in). Then it asks twice more.
fn resolver_wait(farthest: SimTime) -> RetryPolicy {
    RetryPolicy {
        timeout: SimTime::from_millis(800).max(farthest + farthest + farthest),
        retries: 2,
    }
}

/// The zone's name a server serves (the root's is empty).
fn zone(m: &Machine) -> &str {
    match m.kind {
        Kind::DnsRoot => "",
        _ => m.settings.get("zone").map_or("", String::as_str),
    }
}

/// The servers of `kind` serving `zone`, in the document's order.
fn servers<'a>(net: &'a Network, kind: Kind, zone_: &'a str) -> impl Iterator<Item = &'a Machine> {
    (net.machines.iter()).filter(move |m| m.kind == kind && zone(m) == zone_)
}

/// The name of the `k`-th (from 0) server of `kind` for `zone`.
fn ns_name(kind: Kind, zone: &str, k: usize) -> String {
    let letter = char::from(b'a' + (k % 26) as u8);
    match kind {
        Kind::DnsTld if zone == "com" || zone == "net" => format!("{letter}.gtld-servers.net"),
        Kind::DnsTld => format!("{letter}.nic.{zone}"),
        _ => format!("ns{}.{zone}", k + 1),
    }
}

/// The delegations of every zone served by a `kind` server for which
/// `covers` holds.
fn delegations(net: &Network, kind: Kind, covers: impl Fn(&str) -> bool) -> Vec<ZoneRecord> {
    let mut zones: Vec<&str> = (net.machines.iter())
        .filter(|m| m.kind == kind && covers(zone(m)))
        .map(zone)
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    zones.retain(|z| seen.insert(*z));
    (zones.into_iter())
        .flat_map(|z| {
            (servers(net, kind, z).enumerate())
                .flat_map(move |(k, m)| delegation(z, NS_TTL, &ns_name(kind, z, k), m.address))
        })
        .collect()
}

/// The records `m` serves (it is a root, TLD or authoritative server).
pub fn records(net: &Network, m: &Machine) -> Vec<ZoneRecord> {
    let own = zone(m);
    match m.kind {
        Kind::DnsRoot => delegations(net, Kind::DnsTld, |_| true),
        Kind::DnsTld => delegations(net, Kind::DnsAuthoritative, |z| z != own && in_zone(z, own)),
        _ => {
            let mut recs = delegations(net, Kind::DnsAuthoritative, |z| z == own);
            recs.extend(names(net, |name| in_zone(name, own)));
            recs
        }
    }
}

/// A network with resolvers and no name servers is a LAN's, whose DNS
/// server is dnsmasq's kind (home routers and small offices run it): it
/// "loads the contents of /etc/hosts so that local hostnames which do not
/// appear in the global DNS can be resolved" (dnsmasq(8)). Each resolver
/// then answers the network's own names itself, with the TTL dnsmasq gives
/// them ("by default sets the time-to-live field to zero", `--local-ttl`),
/// and has no name server to ask for any other: it says the name does not
/// exist (NXDOMAIN; dnsmasq with no upstream server says REFUSED).
fn local_names(net: &Network) -> Vec<ZoneRecord> {
    (names(net, |_| true).into_iter())
        .map(|record| ZoneRecord { ttl: 0, ..record })
        .collect()
}

/// The records of the network's names that `covers` holds: an A record
/// for each machine with a host name (a web server's `www.example.com`),
/// but a web server behind a load balancer, whose name is the balancer's
/// ([`super::balancer`]); each mail domain's MX and its server's A.
fn names(net: &Network, covers: impl Fn(&str) -> bool) -> Vec<ZoneRecord> {
    let published = (net.machines.iter()).filter(|m| !balancer::is_behind_one(net, m));
    let hosts = published.filter_map(|m| {
        let host = m.settings.get("host")?;
        covers(host).then(|| ZoneRecord::new(host, HOST_TTL, ZoneData::A(m.address)))
    });
    let mut records: Vec<ZoneRecord> = hosts.collect();
    records.extend(super::mail::records(net, covers));
    records
}

/// The resolvers' mode: recursive if one of them asks so (the servers then
/// follow their delegations for a query that asks for recursion).
fn recursive(net: &Network) -> bool {
    (net.machines.iter()).any(|m| {
        m.kind == Kind::DnsResolver && m.settings.get("mode").is_some_and(|v| v == "recursive")
    })
}

/// Adds the hierarchy's servers, then the resolvers.
pub fn add_servers(built: &mut Built, net: &Network) {
    let recursive = recursive(net);
    let hierarchy: Vec<&Machine> = (net.machines.iter())
        .filter(|m| {
            matches!(
                m.kind,
                Kind::DnsRoot | Kind::DnsTld | Kind::DnsAuthoritative
            )
        })
        .collect();
    for m in &hierarchy {
        let node = built.node(m.id);
        // In the recursive chain a server waits for the servers below it.
        let farthest = farthest(built, node, &hierarchy);
        let server = DnsServer::new(zone(m), records(net, m), recursive, resolver_wait(farthest));
        add_dns_server(&mut built.world, node, server);
    }
    let root = (net.machines.iter()).find(|m| m.kind == Kind::DnsRoot);
    let local = hierarchy.is_empty().then(|| local_names(net));
    for m in net.machines.iter().filter(|m| m.kind == Kind::DnsResolver) {
        let node = built.node(m.id);
        if let Some(records) = &local {
            let server = DnsServer::new("", records.clone(), false, resolver_wait(SimTime::ZERO));
            add_dns_server(&mut built.world, node, server);
            continue;
        }
        let mode = match recursive && m.settings.get("mode").is_some_and(|v| v == "recursive") {
            true => ResolverMode::Recursive,
            false => ResolverMode::Iterative,
        };
        let farthest = farthest(built, node, &hierarchy);
        // Its root hints: the first root server of the document.
        let root = root.map_or(ROOT_HINT, |r| r.address);
        let resolver = Resolver::new(mode, root, resolver_wait(farthest));
        add_resolver(&mut built.world, node, resolver, TcpConfig::default());
    }
}

/// The longest round trip from `node` to one of `servers` it can reach.
fn farthest(built: &mut Built, node: NodeId, servers: &[&Machine]) -> SimTime {
    (servers.iter())
        .filter_map(|m| {
            let other = built.node(m.id);
            built.round_trip(node, other)
        })
        .max()
        .unwrap_or(SimTime::ZERO)
}
