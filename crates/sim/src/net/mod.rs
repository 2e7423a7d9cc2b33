//! The network model: nodes with interfaces and addresses, full-duplex links
//! (bandwidth, propagation delay, finite drop-tail queue, loss probability),
//! packets with real header sizes, static shortest-path routing, and the
//! [`World`] that runs it all on the event queue.
//!
//! Addresses: every node has one IPv4 address, which its scenario assigns
//! ([`World::set_addr`]); a node it leaves alone gets `10.x.y.z` (the node
//! index + 1 in the low 24 bits). A home router can translate addresses
//! ([`World::add_nat`], [`nat`]): its home network in a private range, its
//! public address on the Internet side. Each end of a link also has a
//! point-to-point address in `172.16.0.0/12` (a /30 per link), which no
//! lesson shows.

mod nat;
mod packet;
mod world;

pub use nat::{Mapping, Nat, NatMapping};
pub use packet::{Outgoing, Packet, Proto, headers, transmission_time};
pub use world::{
    App, ChanStats, Ctx, LOOPBACK_DELAY, LinkInfo, LinkSpec, NetStats, NodeInfo, NodeKind, World,
};

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// A node (host, router, server) by its index in the world.
    NodeId
);
id_type!(
    /// A link by its index in the world.
    LinkId
);
id_type!(
    /// An application or protocol handler by its index in the world.
    AppId
);
id_type!(
    /// One end of a link, on a node.
    IfaceId
);

/// An IPv4-style address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Addr(pub u32);

impl Addr {
    /// `127.0.0.1`, the machine itself (RFC 1122 §3.2.1.3: 127.0.0.0/8 is
    /// the loopback network, and nothing sent to it leaves the machine).
    pub const LOOPBACK: Addr = Addr::new(127, 0, 0, 1);

    /// Whether the address is in 127.0.0.0/8.
    pub const fn is_loopback(self) -> bool {
        self.0 >> 24 == 127
    }

    /// `a.b.c.d`.
    pub const fn new(a: u8, b: u8, c: u8, d: u8) -> Addr {
        Addr(u32::from_be_bytes([a, b, c, d]))
    }

    /// The address a node has unless its scenario assigns one: `10.0.0.1`
    /// is node 0.
    pub const fn of_node(n: NodeId) -> Addr {
        Addr(0x0A00_0000 | (n.0 + 1))
    }

    /// In a private range (RFC 1918 §3: 10/8, 172.16/12, 192.168/16), which
    /// the Internet's routers do not carry.
    pub const fn is_private(self) -> bool {
        Prefix::new(Addr::new(10, 0, 0, 0), 8).contains(self)
            || Prefix::new(Addr::new(172, 16, 0, 0), 12).contains(self)
            || Prefix::new(Addr::new(192, 168, 0, 0), 16).contains(self)
    }

    /// In a range reserved for documentation (RFC 5737 §3: TEST-NET-1, -2
    /// and -3), which stands for public addresses in examples.
    pub const fn is_documentation(self) -> bool {
        Prefix::new(Addr::new(192, 0, 2, 0), 24).contains(self)
            || Prefix::new(Addr::new(198, 51, 100, 0), 24).contains(self)
            || Prefix::new(Addr::new(203, 0, 113, 0), 24).contains(self)
    }

    /// The point-to-point address of one end (`side` 0 or 1) of a link.
    pub const fn of_iface(link: LinkId, side: u8) -> Addr {
        Addr(0xAC10_0000 + link.0 * 4 + side as u32 + 1)
    }
}

/// A network: `192.168.1.0/24`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefix {
    pub addr: Addr,
    pub len: u8,
}

impl Prefix {
    pub const fn new(addr: Addr, len: u8) -> Prefix {
        assert!(len <= 32, "a prefix is at most 32 bits");
        Prefix { addr, len }
    }

    const fn mask(self) -> u32 {
        if self.len == 0 {
            0
        } else {
            u32::MAX << (32 - self.len)
        }
    }

    #[inline]
    pub const fn contains(self, a: Addr) -> bool {
        (a.0 ^ self.addr.0) & self.mask() == 0
    }
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.len)
    }
}

impl fmt::Display for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.0.to_be_bytes();
        write!(f, "{}.{}.{}.{}", b[0], b[1], b[2], b[3])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_round_trip() {
        assert_eq!(Addr::of_node(NodeId(0)).to_string(), "10.0.0.1");
        assert_eq!(Addr::of_node(NodeId(300)).to_string(), "10.0.1.45");
        assert_eq!(Addr::of_iface(LinkId(1), 1).to_string(), "172.16.0.6");
        assert_eq!(Addr::new(192, 168, 1, 10).to_string(), "192.168.1.10");
    }

    #[test]
    fn private_and_documentation_ranges() {
        let home = Prefix::new(Addr::new(192, 168, 1, 0), 24);
        assert!(home.contains(Addr::new(192, 168, 1, 255)));
        assert!(!home.contains(Addr::new(192, 168, 2, 1)));
        assert_eq!(home.to_string(), "192.168.1.0/24");
        // 172.16/12 runs to 172.31.255.255.
        assert!(Addr::new(172, 31, 255, 255).is_private());
        assert!(!Addr::new(172, 32, 0, 0).is_private());
        assert!(Addr::new(10, 0, 0, 1).is_private());
        for a in [
            Addr::new(192, 0, 2, 1),
            Addr::new(198, 51, 100, 2),
            Addr::new(203, 0, 113, 80),
        ] {
            assert!(a.is_documentation() && !a.is_private(), "{a}");
        }
        assert!(!Addr::new(192, 0, 3, 1).is_documentation());
        assert!(!Addr::new(192, 168, 1, 1).is_documentation());
    }
}
