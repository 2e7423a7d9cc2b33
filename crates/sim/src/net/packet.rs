//! Packets with real header sizes.
//!
//! On the wire a packet is an Ethernet II frame: 14 bytes of header and a
//! 4-byte FCS around the IPv4 packet (20-byte header, no options), which holds
//! a TCP (20 bytes, no options) or UDP (8 bytes) segment and the payload.
//! Frames shorter than Ethernet's 64-byte minimum are padded to 64. The
//! preamble and inter-frame gap (20 byte-times) are not counted.
//!
//! The payload's *size* is what the link sees; its *content* is a small tag
//! and three words the protocol interprets (a request id, a timestamp...). A
//! protocol that needs real bytes keeps them in its own store and carries the
//! index in a word, so packets stay `Copy` and allocation-free.

use super::Addr;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

/// Header sizes in bytes.
pub mod headers {
    /// Ethernet II header (14) + frame check sequence (4).
    pub const ETHERNET: u32 = 18;
    /// Minimum Ethernet frame (header + payload + FCS).
    pub const ETHERNET_MIN_FRAME: u32 = 64;
    /// IPv4 header without options.
    pub const IPV4: u32 = 20;
    /// TCP header without options.
    pub const TCP: u32 = 20;
    /// UDP header.
    pub const UDP: u32 = 8;
}

/// Transport protocol of a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Proto {
    Udp,
    Tcp,
}

impl Proto {
    pub const fn header_bytes(self) -> u32 {
        match self {
            Proto::Udp => headers::UDP,
            Proto::Tcp => headers::TCP,
        }
    }
}

/// A packet in the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Packet {
    /// Global send-order number (what the trace names).
    pub id: u64,
    pub src: Addr,
    pub dst: Addr,
    pub proto: Proto,
    pub src_port: u16,
    pub dst_port: u16,
    pub ttl: u8,
    pub payload_bytes: u32,
    /// What kind of message this is, for the receiving protocol.
    pub tag: u32,
    /// Message content for the receiving protocol.
    pub words: [u64; 3],
    /// When the sending application handed it over.
    pub sent_at: SimTime,
}

impl Packet {
    /// Size of the IP packet: IPv4 + transport header + payload.
    pub fn ip_bytes(&self) -> u32 {
        headers::IPV4 + self.proto.header_bytes() + self.payload_bytes
    }

    /// Size of the Ethernet frame on the wire (what transmission delay uses).
    pub fn wire_bytes(&self) -> u32 {
        (headers::ETHERNET + self.ip_bytes()).max(headers::ETHERNET_MIN_FRAME)
    }
}

/// What an application asks its node to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outgoing {
    pub dst: Addr,
    pub proto: Proto,
    pub src_port: u16,
    pub dst_port: u16,
    pub payload_bytes: u32,
    pub tag: u32,
    pub words: [u64; 3],
}

impl Outgoing {
    pub fn udp(dst: Addr, src_port: u16, dst_port: u16, payload_bytes: u32) -> Outgoing {
        Outgoing {
            dst,
            proto: Proto::Udp,
            src_port,
            dst_port,
            payload_bytes,
            tag: 0,
            words: [0; 3],
        }
    }

    pub fn tcp(dst: Addr, src_port: u16, dst_port: u16, payload_bytes: u32) -> Outgoing {
        Outgoing {
            proto: Proto::Tcp,
            ..Outgoing::udp(dst, src_port, dst_port, payload_bytes)
        }
    }

    pub fn with_message(self, tag: u32, words: [u64; 3]) -> Outgoing {
        Outgoing { tag, words, ..self }
    }
}

/// Time to serialise `bytes` at `bandwidth_bps` bits per second, rounded up to
/// a whole nanosecond, in integer arithmetic. A bandwidth of 0 means "no
/// serialisation delay" (an ideal link).
pub fn transmission_time(bytes: u32, bandwidth_bps: u64) -> SimTime {
    if bandwidth_bps == 0 {
        return SimTime::ZERO;
    }
    // In 64 bits up to 2.3 GB a packet (every packet there is): a 128-bit
    // division is a library call, ten times the work on every transmission.
    let ns = match (bytes as u64).checked_mul(8 * 1_000_000_000) {
        Some(bits) => bits.div_ceil(bandwidth_bps),
        None => (bytes as u128 * 8 * 1_000_000_000).div_ceil(bandwidth_bps as u128) as u64,
    };
    SimTime::from_nanos(ns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::NodeId;

    #[test]
    fn sizes_and_transmission_times() {
        let p = Packet {
            id: 0,
            src: Addr::of_node(NodeId(0)),
            dst: Addr::of_node(NodeId(1)),
            proto: Proto::Tcp,
            src_port: 1,
            dst_port: 80,
            ttl: 64,
            payload_bytes: 1460,
            tag: 0,
            words: [0; 3],
            sent_at: SimTime::ZERO,
        };
        assert_eq!(p.ip_bytes(), 1500);
        assert_eq!(p.wire_bytes(), 1518);
        let tiny = Packet {
            payload_bytes: 0,
            proto: Proto::Udp,
            ..p
        };
        assert_eq!(tiny.wire_bytes(), 64);
        // 1518 bytes at 1 Gbit/s = 12 144 ns exactly; at 3 bit/s rounds up.
        assert_eq!(transmission_time(1518, 1_000_000_000).as_nanos(), 12_144);
        assert_eq!(transmission_time(1, 3).as_nanos(), 2_666_666_667);
        assert_eq!(transmission_time(1500, 0), SimTime::ZERO);
        // Past 64 bits of bit-nanoseconds (4 GiB): 34,359,738,360 bits at
        // 10 Gbit/s, exactly.
        assert_eq!(
            transmission_time(u32::MAX, 10_000_000_000).as_nanos(),
            3_435_973_836
        );
    }
}
