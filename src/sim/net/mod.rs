//! The network model: nodes with interfaces and addresses, full-duplex links
//! (bandwidth, propagation delay, finite drop-tail queue, loss probability),
//! packets with real header sizes, static shortest-path routing, and the
//! [`World`] that runs it all on the event queue.
//!
//! Addresses: every node has one IPv4-style address `10.x.y.z` (the node
//! index + 1 in the low 24 bits); packets are addressed to nodes. Each end of
//! a link is an interface with its own point-to-point address in
//! `172.16.0.0/12` (a /30 per link), shown by the inspector.

mod packet;
mod world;

pub use packet::{Outgoing, Packet, Proto, headers, transmission_time};
pub use world::{App, ChanStats, Ctx, LinkInfo, LinkSpec, NetStats, NodeInfo, NodeKind, World};

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
    /// The address of a node: `10.0.0.1` is node 0.
    pub const fn of_node(n: NodeId) -> Addr {
        Addr(0x0A00_0000 | (n.0 + 1))
    }

    /// The node this address belongs to, if it is a node address.
    #[inline]
    pub const fn node(self) -> Option<NodeId> {
        let low = self.0 & 0x00FF_FFFF;
        if self.0 >> 24 == 10 && low != 0 {
            Some(NodeId(low - 1))
        } else {
            None
        }
    }

    /// The point-to-point address of one end (`side` 0 or 1) of a link.
    pub const fn of_iface(link: LinkId, side: u8) -> Addr {
        Addr(0xAC10_0000 + link.0 * 4 + side as u32 + 1)
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
        let a = Addr::of_node(NodeId(0));
        assert_eq!(a.to_string(), "10.0.0.1");
        assert_eq!(a.node(), Some(NodeId(0)));
        assert_eq!(Addr::of_node(NodeId(300)).node(), Some(NodeId(300)));
        assert_eq!(Addr::of_iface(LinkId(1), 1).to_string(), "172.16.0.6");
        assert_eq!(Addr::of_iface(LinkId(1), 1).node(), None);
    }
}
