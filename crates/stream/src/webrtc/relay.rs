//! The STUN and TURN server (coturn) on UDP 3478: it answers a Binding
//! request with the address it came from (RFC 8489 §6.3.1), allocates a
//! relayed address to a client that asks (RFC 8656 §7), lets in what a
//! peer sends there only from an address the client gave a permission to
//! (§9), and carries data both ways in Send and Data indications (§11).

use super::datagram;
use crate::hex;
use crate::stun::{self, Attr, StunMsg, Type};
use crate::udp;
use cslab_sim::net::{Addr, Packet};
use cslab_sim::proto::Message;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::text::TextProtocol;
use cslab_sim::proto::text::send_datagram;

/// RFC 8656 §7.2: a relayed port from the dynamic range, 49152 and up.
pub const FIRST_RELAY_PORT: u16 = 49_152;
/// Seconds an allocation lives unless refreshed (RFC 8656 §3.2: 10 min).
pub const LIFETIME_S: u32 = 600;

/// One allocation: the client's address as the server sees it, its
/// relayed port, and the peers' addresses it may hear from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocation {
    pub client: (Addr, u16),
    pub port: u16,
    pub permissions: Vec<Addr>,
}

#[derive(Default)]
pub struct Relay {
    pub allocations: Vec<Allocation>,
    /// Datagrams a peer sent to a relayed port without a permission.
    pub refused: u32,
}

impl Relay {
    fn reply(net: &mut Net, to: (Addr, u16), msg: &StunMsg, extra: u32) {
        let bytes = msg.encode();
        let text = hex::with_bytes(&msg.summary(), &bytes);
        send_datagram(
            net,
            (to.0, stun::PORT, to.1),
            TextProtocol::Stun,
            &text,
            bytes.len() as u32 + extra,
        );
    }

    fn on_client(&mut self, net: &mut Net, from: (Addr, u16), msg: StunMsg, extra: u32) {
        let mapped = Attr::XorMappedAddress(from.0, from.1);
        let at = self.allocations.iter().position(|a| a.client == from);
        match msg.kind {
            Type::BindingRequest => {
                let ok = StunMsg::new(Type::BindingSuccess, msg.txid, vec![mapped]);
                Self::reply(net, from, &ok, 0);
            }
            Type::AllocateRequest => {
                let port = match at {
                    Some(at) => self.allocations[at].port,
                    None => {
                        let port = FIRST_RELAY_PORT + self.allocations.len() as u16;
                        self.allocations.push(Allocation {
                            client: from,
                            port,
                            permissions: Vec::new(),
                        });
                        port
                    }
                };
                let relayed = Attr::XorRelayedAddress(net.ctx.addr(), port);
                let attrs = vec![relayed, mapped, Attr::Lifetime(LIFETIME_S)];
                Self::reply(
                    net,
                    from,
                    &StunMsg::new(Type::AllocateSuccess, msg.txid, attrs),
                    0,
                );
            }
            Type::CreatePermissionRequest => {
                let Some(at) = at else { return };
                let peers = msg
                    .attrs
                    .iter()
                    .filter_map(stun::peer)
                    .map(|(addr, _)| addr);
                let permissions = &mut self.allocations[at].permissions;
                for addr in peers {
                    if !permissions.contains(&addr) {
                        permissions.push(addr);
                    }
                }
                let ok = StunMsg::new(Type::CreatePermissionSuccess, msg.txid, Vec::new());
                Self::reply(net, from, &ok, 0);
            }
            Type::SendIndication => {
                let Some(at) = at else { return };
                let allocation = &self.allocations[at];
                let (Some(peer), Some(data)) = (msg.address(stun::peer), msg.data()) else {
                    return;
                };
                // §11.1: only to a peer with a permission.
                if !allocation.permissions.contains(&peer.0) {
                    return;
                }
                if let Some((protocol, text)) = datagram(data) {
                    let bytes = data.len() as u32 + extra;
                    send_datagram(
                        net,
                        (peer.0, allocation.port, peer.1),
                        protocol,
                        &text,
                        bytes,
                    );
                }
            }
            _ => {}
        }
    }

    /// A peer's datagram to a relayed port: to its client in a Data
    /// indication, if the client permitted the peer's address (§11.4).
    fn on_peer(&mut self, net: &mut Net, port: u16, from: (Addr, u16), bytes: Vec<u8>, extra: u32) {
        let Some(allocation) = self.allocations.iter().find(|a| a.port == port) else {
            return;
        };
        if !allocation.permissions.contains(&from.0) {
            self.refused += 1;
            return;
        }
        let client = allocation.client;
        let txid = [0; 12]; // an indication's id is not matched (§6)
        let attrs = vec![Attr::XorPeerAddress(from.0, from.1), Attr::Data(bytes)];
        Self::reply(
            net,
            client,
            &StunMsg::new(Type::DataIndication, txid, attrs),
            extra,
        );
    }
}

/// A datagram's bytes, and what it counts beyond them (a media packet's
/// video, which the lab does not carry byte by byte).
pub fn read(net: &Net, pkt: &Packet, msg: Option<&Message>) -> Option<(Vec<u8>, u32)> {
    let text = [TextProtocol::Stun, TextProtocol::Srtp]
        .into_iter()
        .find_map(|protocol| udp::text_of(net, pkt, msg, protocol))?
        .0;
    let bytes = hex::bytes_of(text)?;
    let extra = pkt.payload_bytes.saturating_sub(bytes.len() as u32);
    Some((bytes, extra))
}

impl NetApp for Relay {
    fn on_udp(&mut self, net: &mut Net, pkt: &Packet, msg: Option<&Message>) {
        let Some((bytes, extra)) = read(net, pkt, msg) else {
            return;
        };
        let from = (pkt.src, pkt.src_port);
        if pkt.dst_port == stun::PORT {
            if let Some(stun) = StunMsg::decode(&bytes) {
                self.on_client(net, from, stun, extra);
            }
        } else {
            self.on_peer(net, pkt.dst_port, from, bytes, extra);
        }
    }
}
