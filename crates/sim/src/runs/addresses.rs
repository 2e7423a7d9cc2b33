//! Where the lessons' machines are on the Internet. The learner's home
//! network uses a private range (RFC 1918 §3), behind a home router that
//! translates to its one public address; every machine on the Internet has
//! an address from the ranges reserved for documentation (RFC 5737 §3:
//! 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24), which stand for public
//! addresses in examples without belonging to anyone.

use crate::net::{Addr, LinkSpec, NodeId, NodeKind, Prefix, World};
use crate::time::SimTime;

/// The learner's home network.
pub const HOME: Prefix = Prefix::new(Addr::new(192, 168, 1, 0), 24);

/// The page-load world: a home behind a router, the Internet provider's
/// network (198.51.100.0/24: the router's public address and the
/// provider's DNS resolver), DNS servers in 192.0.2.0/24, the web site in
/// 203.0.113.0/24.
pub mod page {
    use super::Addr;

    pub const BROWSER: Addr = Addr::new(192, 168, 1, 10);
    /// The home router's address at home (the machines' default gateway).
    pub const ROUTER: Addr = Addr::new(192, 168, 1, 1);
    /// Its address on the Internet side, given by the provider.
    pub const ROUTER_PUBLIC: Addr = Addr::new(198, 51, 100, 23);
    pub const RESOLVER: Addr = Addr::new(198, 51, 100, 53);
    pub const CORE: Addr = Addr::new(198, 51, 100, 1);
    pub const ROOT: Addr = Addr::new(192, 0, 2, 4);
    pub const TLD: Addr = Addr::new(192, 0, 2, 30);
    pub const AUTH: Addr = Addr::new(192, 0, 2, 53);
    pub const WEB: Addr = Addr::new(203, 0, 113, 80);
}

/// The load world: users' machines on the Internet, a site's router or
/// balancer and its servers in 203.0.113.0/24.
pub mod load {
    use super::Addr;

    pub const HUB: Addr = Addr::new(203, 0, 113, 1);

    /// Server `r` (from 0; at most 8): 203.0.113.11 and up.
    pub const fn replica(r: u32) -> Addr {
        assert!(r < 100, "203.0.113.11 to .110");
        Addr::new(203, 0, 113, 11 + r as u8)
    }

    /// Client machine `i` (from 0; at most 256): 198.51.100.1 to .254, then
    /// 192.0.2.1 and up.
    pub const fn client(i: u32) -> Addr {
        assert!(i < 2 * 254, "two ranges of 254 hosts");
        if i < 254 {
            Addr::new(198, 51, 100, 1 + i as u8)
        } else {
            Addr::new(192, 0, 2, 1 + (i - 254) as u8)
        }
    }
}

/// The learner's home as the lessons on the Internet draw it: a laptop
/// behind a home router, which translates to its public address, and the
/// Internet provider's router, each 5 ms (100 Mbit/s) from the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Home {
    pub laptop: NodeId,
    pub router: NodeId,
    pub internet: NodeId,
}

/// Adds [`Home`] to `w`, its laptop named `laptop`, at
/// [`page::BROWSER`], [`page::ROUTER`] and [`page::CORE`].
pub fn add_home(w: &mut World, laptop: &str) -> Home {
    add_home_on(w, laptop, None, &HomeAddrs::PAGE)
}

/// Where a home's machines are: its network, its laptop's and router's
/// addresses there, and the router's public address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HomeAddrs {
    pub network: Prefix,
    pub laptop: Addr,
    pub router: Addr,
    pub public: Addr,
}

impl HomeAddrs {
    /// The learner's home ([`add_home`]).
    pub const PAGE: HomeAddrs = HomeAddrs {
        network: HOME,
        laptop: page::BROWSER,
        router: page::ROUTER,
        public: page::ROUTER_PUBLIC,
    };
    /// A second home, as many routers number theirs (192.168.0.0/24), on
    /// another provider's line (a call's other end).
    pub const OTHER: HomeAddrs = HomeAddrs {
        network: Prefix::new(Addr::new(192, 168, 0, 0), 24),
        laptop: Addr::new(192, 168, 0, 20),
        router: Addr::new(192, 168, 0, 1),
        public: Addr::new(203, 0, 113, 57),
    };
}

/// Adds a home at `addrs` to `w`: a laptop named `laptop` and its router
/// (`router-` and the laptop's name, but for the learner's), 5 ms (100
/// Mbit/s) apart, the router on the Internet's router `internet`, or on a
/// new one at [`page::CORE`].
pub fn add_home_on(
    w: &mut World,
    laptop: &str,
    internet: Option<NodeId>,
    addrs: &HomeAddrs,
) -> Home {
    let router_name = match *addrs == HomeAddrs::PAGE {
        true => "router".to_owned(),
        false => format!("router-{laptop}"),
    };
    let home = add_line(w, laptop, router_name, internet);
    assign(
        w,
        &[(home.laptop, addrs.laptop), (home.router, addrs.router)],
    );
    w.add_nat(home.router, addrs.public, addrs.network);
    home
}

/// The same line with no translator: the laptop has a public address of
/// its own ([`open::LAPTOP`], as on a university's network), and the
/// Internet can reach it.
pub fn add_open_home(w: &mut World, laptop: &str) -> Home {
    let home = add_line(w, laptop, "router".to_owned(), None);
    assign(
        w,
        &[(home.laptop, open::LAPTOP), (home.router, open::ROUTER)],
    );
    home
}

/// A laptop on the Internet without a home router's translation.
pub mod open {
    use super::Addr;

    pub const LAPTOP: Addr = Addr::new(198, 51, 100, 10);
    pub const ROUTER: Addr = Addr::new(198, 51, 100, 9);
}

/// The laptop, its router and the provider's (`internet`, or a new one at
/// [`page::CORE`]), linked.
fn add_line(w: &mut World, laptop: &str, router: String, internet: Option<NodeId>) -> Home {
    let laptop = w.add_node(laptop, NodeKind::Host);
    let router = w.add_node(router, NodeKind::Router);
    let internet = internet.unwrap_or_else(|| {
        let core = w.add_node("internet", NodeKind::Router);
        w.set_addr(core, page::CORE);
        core
    });
    let home = Home {
        laptop,
        router,
        internet,
    };
    let link = LinkSpec::new(100_000_000, SimTime::from_millis(5));
    w.connect(home.laptop, home.router, link);
    w.connect(home.router, home.internet, link);
    home
}

/// Gives each node of `plan` its address.
pub fn assign(w: &mut World, plan: &[(NodeId, Addr)]) {
    for &(node, addr) in plan {
        w.set_addr(node, addr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_is_private_and_the_internet_is_documentation() {
        use page::*;
        for a in [BROWSER, ROUTER] {
            assert!(HOME.contains(a) && a.is_private(), "{a}");
        }
        for a in [
            ROUTER_PUBLIC,
            RESOLVER,
            CORE,
            ROOT,
            TLD,
            AUTH,
            WEB,
            open::LAPTOP,
            open::ROUTER,
        ] {
            assert!(a.is_documentation() && !a.is_private(), "{a}");
        }
        let clients: Vec<Addr> = (0..256).map(load::client).collect();
        let mut unique = clients.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 256);
        assert_eq!(load::client(253).to_string(), "198.51.100.254");
        assert_eq!(load::client(254).to_string(), "192.0.2.1");
        assert_eq!(load::replica(7).to_string(), "203.0.113.18");
        assert!(clients.iter().all(|a| a.is_documentation()));
    }
}
