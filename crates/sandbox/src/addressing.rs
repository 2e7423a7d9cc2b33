//! Where a new machine goes on the Internet, as the lessons place theirs
//! (`cslab_sim::runs::addresses`): clients at home on a private network
//! (192.168.1.0/24, RFC 1918 §3) behind a home router (192.168.1.1) that
//! translates to a public address of the provider (198.51.100.0/24); the
//! provider's routers and resolver there too; DNS servers in 192.0.2.0/24
//! and sites in 203.0.113.0/24 (RFC 5737 §3's ranges for documentation,
//! which stand for public addresses without belonging to anyone); a
//! database on the site's private network (10.0.0.0/24), reached from its
//! servers, not from the Internet. Each kind first takes the address its
//! lesson gives it (the web server 203.0.113.80), then the first free one.

use std::collections::BTreeSet;

use cslab_sim::net::Addr;

use crate::fields::Takes;
use crate::kinds::Kind;
use crate::schema::Network;

/// Where a kind's addresses come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pool {
    /// 192.168.n.10 to .254: machines at home.
    Home,
    /// 192.168.n.1: home routers, on their home's side.
    Gateway,
    /// 10.0.0.10 to .254: a site's private network.
    Site,
    /// The documentation ranges, this /24 first, and in it first the host
    /// the kind's lesson gives it, if any.
    Public([u8; 3], Option<u8>),
}

const PROVIDER: [u8; 3] = [198, 51, 100];
const DNS: [u8; 3] = [192, 0, 2];
const SITES: [u8; 3] = [203, 0, 113];

fn pool(kind: Kind) -> Pool {
    use Pool::*;
    match kind {
        Kind::Browser | Kind::MailClient => Home,
        Kind::HomeRouter => Gateway,
        Kind::Database => Site,
        Kind::Peer => Public(PROVIDER, None),
        Kind::Router => Public(PROVIDER, Some(1)),
        Kind::DnsResolver => Public(PROVIDER, Some(53)),
        Kind::DnsRoot => Public(DNS, Some(4)),
        Kind::DnsTld => Public(DNS, Some(30)),
        Kind::DnsAuthoritative => Public(DNS, Some(53)),
        Kind::WebServer => Public(SITES, Some(80)),
        Kind::MailServer => Public(SITES, Some(25)),
        Kind::FileServer => Public(SITES, Some(21)),
        Kind::StreamServer => Public(SITES, Some(70)),
        Kind::GameServer => Public(SITES, Some(64)),
        Kind::LoadBalancer => Public(SITES, Some(1)),
    }
}

fn on(net: [u8; 3], host: u8) -> Addr {
    Addr::new(net[0], net[1], net[2], host)
}

/// The addresses of a pool, in the order they are given.
fn candidates(pool: Pool) -> Box<dyn Iterator<Item = Addr>> {
    match pool {
        Pool::Home => {
            Box::new((1..=255).flat_map(move |n| (10..=254).map(move |h| on([192, 168, n], h))))
        }
        Pool::Gateway => Box::new((1..=255).map(move |n| on([192, 168, n], 1))),
        Pool::Site => Box::new((10..=254).map(move |h| on([10, 0, 0], h))),
        Pool::Public(own, first) => Box::new(
            (first.map(|host| on(own, host)).into_iter()).chain(
                [own, PROVIDER, DNS, SITES]
                    .into_iter()
                    .flat_map(move |net| (1..=254).map(move |h| on(net, h))),
            ),
        ),
    }
}

/// Every address in use: the machines' and their settings' (a home
/// router's public address).
pub fn taken(net: &Network) -> BTreeSet<Addr> {
    let mut taken: BTreeSet<Addr> = net.machines.iter().map(|m| m.address).collect();
    for m in &net.machines {
        for field in m
            .kind
            .settings()
            .iter()
            .filter(|f| f.takes == Takes::Address)
        {
            if let Some(addr) = m.settings.get(field.key).and_then(|v| parse(v)) {
                taken.insert(addr);
            }
        }
    }
    taken
}

fn parse(text: &str) -> Option<Addr> {
    crate::fields::parse_address(text, "").ok()
}

/// A free address for a new machine of `kind`, beside those `taken`.
pub fn free_address(kind: Kind, taken: &BTreeSet<Addr>) -> Option<Addr> {
    candidates(pool(kind)).find(|addr| !taken.contains(addr))
}

/// A free public address from the provider (a home router's).
pub fn free_public_address(taken: &BTreeSet<Addr>) -> Option<Addr> {
    candidates(Pool::Public(PROVIDER, Some(23))).find(|addr| !taken.contains(addr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_first_takes_its_lessons_address() {
        use cslab_sim::runs::addresses::page;
        let none = BTreeSet::new();
        assert_eq!(free_address(Kind::Browser, &none), Some(page::BROWSER));
        assert_eq!(free_address(Kind::HomeRouter, &none), Some(page::ROUTER));
        assert_eq!(free_public_address(&none), Some(page::ROUTER_PUBLIC));
        assert_eq!(free_address(Kind::Router, &none), Some(page::CORE));
        assert_eq!(free_address(Kind::DnsResolver, &none), Some(page::RESOLVER));
        assert_eq!(free_address(Kind::DnsRoot, &none), Some(page::ROOT));
        assert_eq!(free_address(Kind::DnsTld, &none), Some(page::TLD));
        assert_eq!(
            free_address(Kind::DnsAuthoritative, &none),
            Some(page::AUTH)
        );
        assert_eq!(free_address(Kind::WebServer, &none), Some(page::WEB));
    }

    #[test]
    fn then_the_first_free_one_private_at_home_public_outside() {
        let mut taken = BTreeSet::new();
        for _ in 0..300 {
            let addr = free_address(Kind::Browser, &taken).unwrap();
            assert!(addr.is_private(), "{addr}");
            assert!(taken.insert(addr));
        }
        assert_eq!(
            free_address(Kind::Browser, &taken),
            Some(Addr::new(192, 168, 2, 65))
        );
        for kind in Kind::ALL.into_iter().filter(|k| {
            !matches!(
                k,
                Kind::Browser | Kind::MailClient | Kind::HomeRouter | Kind::Database
            )
        }) {
            let addr = free_address(kind, &taken).unwrap();
            assert!(addr.is_documentation(), "{kind:?} {addr}");
            assert!(taken.insert(addr));
        }
        let web = Addr::new(203, 0, 113, 80);
        assert!(taken.contains(&web));
        assert_eq!(
            free_address(Kind::WebServer, &taken),
            Some(Addr::new(203, 0, 113, 2))
        );
    }
}
