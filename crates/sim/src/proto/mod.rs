//! The protocol stack, each protocol an explicit state machine whose
//! messages travel as packets over the engine:
//!
//! - [`tcp`]: connections (handshake, segmentation, cumulative ACKs, slow
//!   start and congestion avoidance, RTO with back-off, fast retransmit,
//!   receiver window, FIN and RST, in-order reassembly) and the
//!   [`host::Host`] that runs a node's TCP stack under an application.
//! - [`tls`]: the TLS 1.3 one-round-trip handshake and encrypted records.
//! - [`dns`]: stub resolver, recursive resolver, root / TLD / authoritative
//!   servers, caches with TTLs, iterative and recursive resolution.
//! - [`http`]: HTTP/1.1 messages, a web site that answers them, and the
//!   status codes a lesson shows.
//! - [`http_message`]: HTTP messages whose heads and bodies are kept as
//!   text, for the lessons that teach what is in them.
//! - [`text`]: the lines of the protocols shown by their words only (SMTP,
//!   SSH, PostgreSQL).
//!
//! A packet's real content is a [`Message`] riding with it (the engine keeps
//! it beside the packet and hands it to the receiver); the trace keeps a
//! [`Header`] per message-carrying packet: link-independent IP and transport
//! fields plus the message, layer by layer, for the inspector and the
//! animation.

pub mod base64;
pub mod dns;
pub mod host;
pub mod http;
pub mod http_message;
pub mod tcp;
pub mod text;
pub mod tls;

use crate::net::{Addr, NodeId, Packet, Proto};
use serde::Serialize;

/// The topmost protocol of a packet (what the animation colours it by).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    Udp = 0,
    Tcp = 1,
    Tls = 2,
    Dns = 3,
    Http = 4,
    /// SMTP, SSH, PostgreSQL ([`text`]).
    Text = 5,
}

/// The application-layer content of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "protocol", rename_all = "snake_case")]
pub enum AppMsg {
    None,
    Dns(dns::DnsMsg),
    Http(http::HttpMsg),
    Text(text::TextMsg),
    /// A DNS message in an HTTP one (DNS over HTTPS).
    DnsOverHttps(dns::DohMsg),
}

impl AppMsg {
    /// The HTTP message, alone or carrying DNS.
    pub fn http(&self) -> Option<&http::HttpMsg> {
        match self {
            AppMsg::Http(http) | AppMsg::DnsOverHttps(dns::DohMsg { http, .. }) => Some(http),
            _ => None,
        }
    }

    /// The DNS message, over UDP or in HTTP.
    pub fn dns(&self) -> Option<&dns::DnsMsg> {
        match self {
            AppMsg::Dns(dns) | AppMsg::DnsOverHttps(dns::DohMsg { dns, .. }) => Some(dns),
            _ => None,
        }
    }
}

/// What a packet carries above IP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    /// TCP header fields (a UDP packet has none).
    pub tcp: Option<tcp::TcpSeg>,
    /// The TLS record this segment carries (part of).
    pub tls: Option<tls::TlsRecord>,
    /// The application message this packet carries (part of, for TCP:
    /// [`tcp::TcpSeg::rec_off`] and [`tcp::TcpSeg::rec_len`] say which part).
    pub app: AppMsg,
}

impl Message {
    pub fn udp(app: AppMsg) -> Message {
        Message {
            tcp: None,
            tls: None,
            app,
        }
    }

    /// Whether an on-path observer can read the application layer: TLS
    /// seals it, or SSH encrypts it.
    pub fn encrypted(&self) -> bool {
        self.tls.is_some_and(|t| t.encrypted) || matches!(self.app, AppMsg::Text(t) if t.encrypted)
    }

    /// The topmost layer present. A TCP segment with no payload (SYN, pure
    /// ACK, FIN) is `Tcp` even if the connection carries HTTP.
    pub fn layer(&self, proto: Proto) -> Layer {
        let has_payload = self.tcp.is_none_or(|t| t.len > 0);
        match (self.app, self.tls) {
            (AppMsg::Dns(_), _) => Layer::Dns,
            (AppMsg::Http(_) | AppMsg::DnsOverHttps(_), None) if has_payload => Layer::Http,
            (AppMsg::Http(_) | AppMsg::DnsOverHttps(_), Some(t)) if has_payload && !t.encrypted => {
                Layer::Http
            }
            (AppMsg::Text(_), None) if has_payload => Layer::Text,
            (_, Some(_)) if has_payload => Layer::Tls,
            _ => match proto {
                Proto::Tcp => Layer::Tcp,
                Proto::Udp => Layer::Udp,
            },
        }
    }

    /// The message as an on-path observer sees it: with TLS, the
    /// application layer is hidden (sizes stay visible in the packet).
    pub fn on_the_wire(&self) -> Message {
        if self.encrypted() {
            Message {
                app: AppMsg::None,
                ..*self
            }
        } else {
            *self
        }
    }

    fn hash_words(&self, f: &mut dyn FnMut(u64)) {
        match &self.tcp {
            Some(t) => t.hash_words(f),
            None => f(u64::MAX),
        }
        match &self.tls {
            Some(t) => t.hash_words(f),
            None => f(u64::MAX),
        }
        match &self.app {
            AppMsg::None => f(0),
            AppMsg::Dns(d) => {
                f(1);
                d.hash_words(f)
            }
            AppMsg::Http(h) => {
                f(2);
                h.hash_words(f)
            }
            AppMsg::Text(t) => {
                f(3);
                t.hash_words(f)
            }
            AppMsg::DnsOverHttps(doh) => {
                f(4);
                doh.http.hash_words(f);
                doh.dns.hash_words(f)
            }
        }
    }
}

/// One message-carrying packet, layer by layer, as the inspector shows it.
/// The link layer is per hop: see the packet's `Transmit` records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Header {
    pub pkt: u64,
    pub src_node: NodeId,
    pub dst_node: NodeId,
    /// IP layer.
    pub src: Addr,
    pub dst: Addr,
    pub ttl: u8,
    pub ip_bytes: u32,
    /// Ethernet frame size (what serialisation delay uses).
    pub wire_bytes: u32,
    /// Transport layer.
    pub proto: Proto,
    pub src_port: u16,
    pub dst_port: u16,
    /// Bytes above the transport header.
    pub payload_bytes: u32,
    pub msg: Message,
}

impl Header {
    pub fn of(p: &Packet, src_node: NodeId, dst_node: NodeId, msg: Message) -> Header {
        Header {
            pkt: p.id,
            src_node,
            dst_node,
            src: p.src,
            dst: p.dst,
            ttl: p.ttl,
            ip_bytes: p.ip_bytes(),
            wire_bytes: p.wire_bytes(),
            proto: p.proto,
            src_port: p.src_port,
            dst_port: p.dst_port,
            payload_bytes: p.payload_bytes,
            msg,
        }
    }

    pub fn layer(&self) -> Layer {
        self.msg.layer(self.proto)
    }

    /// Feeds every field to `f`, in a fixed order (the trace hash).
    pub fn hash_words(&self, f: &mut dyn FnMut(u64)) {
        f(self.pkt);
        f(((self.src_node.0 as u64) << 32) | self.dst_node.0 as u64);
        f(((self.src.0 as u64) << 32) | self.dst.0 as u64);
        f(((self.src_port as u64) << 48)
            | ((self.dst_port as u64) << 32)
            | ((self.ttl as u64) << 8)
            | self.proto as u64);
        f(((self.ip_bytes as u64) << 32) | self.payload_bytes as u64);
        self.msg.hash_words(f);
    }
}
