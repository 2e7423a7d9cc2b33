//! The four observers of a page load and where each sits, which decides
//! which packets reach it and how much of each it reads.
//!
//! - Someone on the same Wi-Fi reads the frames between the laptop and the
//!   home router, before the router's NAT: the laptop's private address.
//!   We assume an open network (a café's), or a WPA2-Personal one whose
//!   passphrase they know and whose 4-way handshake they captured: its
//!   per-station key is derived from the passphrase and the handshake's
//!   nonces, so they can derive it too (Wireshark decrypts such captures).
//!   With WPA3-Personal (SAE) a neighbour who knows the password cannot
//!   derive another station's key; they see encrypted frames, their sizes
//!   and hardware addresses, not these packets.
//! - The Internet provider reads the packets on the links out of the home
//!   router, after NAT: the router's public address, then every address,
//!   port and cleartext layer (DNS on UDP 53, the ClientHello's SNI, HTTP
//!   without TLS).
//! - The DNS resolver and the web server are endpoints: they read every
//!   message sent to them or by them, TLS included (they hold its keys),
//!   and nothing else.

use cslab_scene::capture::Reader;
use cslab_sim::net::{LinkId, NodeId, World};
use cslab_sim::proto::Header;
use cslab_sim::runs::pageload::PageLoadNodes;
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceEvent;
use serde::Serialize;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Observer {
    /// Someone on the same Wi-Fi.
    #[default]
    Wifi,
    /// The Internet provider.
    Isp,
    /// The DNS resolver.
    Resolver,
    /// The web server's log.
    Server,
}

impl Observer {
    /// In the order the lesson visits them: from the laptop outwards.
    pub const ALL: [Observer; 4] = [
        Observer::Wifi,
        Observer::Isp,
        Observer::Resolver,
        Observer::Server,
    ];
}

/// Where an observer sits in a page-load world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Post {
    /// On these links; `home` when they are inside the home, before NAT.
    Links { links: Vec<LinkId>, home: bool },
    /// At this machine, one end of what it sends and receives.
    Machine(NodeId),
}

impl Post {
    pub fn of(world: &World, nodes: &PageLoadNodes, observer: Observer) -> Post {
        let router_links = |inside: bool| {
            world
                .links()
                .into_iter()
                .filter(|link| [link.a, link.b].contains(&nodes.router))
                .filter(|link| [link.a, link.b].contains(&nodes.client) == inside)
                .map(|link| link.id)
                .collect()
        };
        match observer {
            Observer::Wifi => Post::Links {
                links: router_links(true),
                home: true,
            },
            Observer::Isp => Post::Links {
                links: router_links(false),
                home: false,
            },
            Observer::Resolver => Post::Machine(nodes.resolver),
            Observer::Server => Post::Machine(nodes.server),
        }
    }

    /// The packets that reached this post by `until`, by id, sorted: those
    /// that crossed one of its links, or that the machine sent or received.
    pub fn reached(&self, world: &World, until: SimTime) -> Vec<u64> {
        let mut packets: Vec<u64> = world
            .trace()
            .records()
            .take_while(|record| record.t <= until)
            .filter_map(|record| match (self, record.ev) {
                // A frame on a link is read once it has been sent whole.
                (
                    Post::Links { links, .. },
                    TraceEvent::Transmit {
                        pkt, link, t_end, ..
                    },
                ) if links.contains(&link) && t_end <= until => Some(pkt),
                (Post::Machine(node), TraceEvent::PacketSent { pkt, src, .. }) if src == *node => {
                    Some(pkt)
                }
                (Post::Machine(node), TraceEvent::Delivered { pkt, node: to }) if to == *node => {
                    Some(pkt)
                }
                _ => None,
            })
            .collect();
        packets.sort_unstable();
        packets.dedup();
        packets
    }

    /// How this post reads a packet in the inspector.
    pub fn reader(&self, world: &World, header: &Header) -> Reader {
        match self {
            _ if self
                .reached(world, SimTime::MAX)
                .binary_search(&header.pkt)
                .is_err() =>
            {
                Reader::Absent
            }
            Post::Links { .. } => Reader::Wire,
            Post::Machine(_) => Reader::Endpoint,
        }
    }

    /// Inside the home, before the router's NAT.
    pub fn at_home(&self) -> bool {
        matches!(self, Post::Links { home: true, .. })
    }
}
