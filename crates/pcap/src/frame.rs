//! The frame around a payload: Ethernet II, IPv4 (RFC 791) and TCP (RFC
//! 9293 §3.1) or UDP (RFC 768), with the checksums a receiver checks
//! (RFC 1071's ones' complement sum).

use cslab_sim::net::{Addr, NodeId};
use cslab_sim::proto::tcp::TcpSeg;

/// Who sends a frame to whom, and the IP fields the lab keeps.
#[derive(Clone, Copy, Debug)]
pub struct Ends {
    pub src_node: NodeId,
    pub dst_node: NodeId,
    pub src: Addr,
    pub dst: Addr,
    pub src_port: u16,
    pub dst_port: u16,
    pub ttl: u8,
    /// IPv4 identification (the packet's number, modulo 2^16).
    pub ip_id: u16,
}

/// A locally administered unicast MAC address (IEEE 802: bit 1 of the
/// first octet set, bit 0 clear) naming node `n`: 02:00 and its number.
pub fn mac(n: NodeId) -> [u8; 6] {
    let [a, b, c, d] = n.0.to_be_bytes();
    [0x02, 0x00, a, b, c, d]
}

/// Ethernet's minimum frame without its FCS: shorter frames are padded.
const ETHERNET_MIN: usize = 60;
const ETHERTYPE_IPV4: u16 = 0x0800;
const PROTO_TCP: u8 = 6;
const PROTO_UDP: u8 = 17;

/// A TCP segment with no options (the lab counts a 20-byte header). The
/// window field is 16 bits and the lab scales none: a larger window shows
/// as 65,535.
pub fn tcp(ends: &Ends, seg: &TcpSeg, payload: &[u8]) -> Vec<u8> {
    let mut t = Vec::with_capacity(20 + payload.len());
    t.extend(ends.src_port.to_be_bytes());
    t.extend(ends.dst_port.to_be_bytes());
    t.extend(seg.seq.to_be_bytes());
    t.extend(seg.ack.to_be_bytes());
    t.push(5 << 4); // data offset: five 32-bit words
    t.push(seg.flags);
    t.extend((seg.window.min(u16::MAX as u32) as u16).to_be_bytes());
    t.extend([0, 0, 0, 0]); // checksum, urgent pointer
    t.extend(payload);
    let sum = transport_checksum(ends, PROTO_TCP, &t);
    t[16..18].copy_from_slice(&sum.to_be_bytes());
    ip_frame(ends, PROTO_TCP, &t)
}

/// A UDP datagram. RFC 768: a computed checksum of zero is sent as all
/// ones (zero means "no checksum").
pub fn udp(ends: &Ends, payload: &[u8]) -> Vec<u8> {
    let mut u = Vec::with_capacity(8 + payload.len());
    u.extend(ends.src_port.to_be_bytes());
    u.extend(ends.dst_port.to_be_bytes());
    u.extend(((8 + payload.len()) as u16).to_be_bytes());
    u.extend([0, 0]);
    u.extend(payload);
    let sum = match transport_checksum(ends, PROTO_UDP, &u) {
        0 => 0xFFFF,
        s => s,
    };
    u[6..8].copy_from_slice(&sum.to_be_bytes());
    ip_frame(ends, PROTO_UDP, &u)
}

/// Ethernet II and a 20-byte IPv4 header (Don't Fragment set, as Linux
/// sends TCP and UDP with path MTU discovery) around `transport`.
fn ip_frame(ends: &Ends, proto: u8, transport: &[u8]) -> Vec<u8> {
    let mut f = Vec::with_capacity(34 + transport.len());
    f.extend(mac(ends.dst_node));
    f.extend(mac(ends.src_node));
    f.extend(ETHERTYPE_IPV4.to_be_bytes());
    let ip_start = f.len();
    f.push(0x45); // version 4, header of five 32-bit words
    f.push(0); // DSCP and ECN
    f.extend(((20 + transport.len()) as u16).to_be_bytes());
    f.extend(ends.ip_id.to_be_bytes());
    f.extend(0x4000u16.to_be_bytes()); // DF, fragment offset 0
    f.push(ends.ttl);
    f.push(proto);
    f.extend([0, 0]);
    f.extend(ends.src.0.to_be_bytes());
    f.extend(ends.dst.0.to_be_bytes());
    let sum = checksum(&[&f[ip_start..]]);
    f[ip_start + 10..ip_start + 12].copy_from_slice(&sum.to_be_bytes());
    f.extend(transport);
    if f.len() < ETHERNET_MIN {
        f.resize(ETHERNET_MIN, 0);
    }
    f
}

/// RFC 9293 §3.1 and RFC 768: the checksum covers a pseudo-header (source
/// and destination address, zero, protocol, length) and the segment.
fn transport_checksum(ends: &Ends, proto: u8, segment: &[u8]) -> u16 {
    let mut pseudo = [0u8; 12];
    pseudo[..4].copy_from_slice(&ends.src.0.to_be_bytes());
    pseudo[4..8].copy_from_slice(&ends.dst.0.to_be_bytes());
    pseudo[9] = proto;
    pseudo[10..].copy_from_slice(&(segment.len() as u16).to_be_bytes());
    checksum(&[&pseudo, segment])
}

/// RFC 1071: the ones' complement of the ones' complement sum of 16-bit
/// words (an odd last byte padded with zero). Every part but the last must
/// have an even length.
fn checksum(parts: &[&[u8]]) -> u16 {
    let mut sum: u64 = 0;
    for part in parts {
        for pair in part.chunks(2) {
            sum += u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]) as u64;
        }
    }
    while sum >> 16 != 0 {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    !(sum as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_1071_example_sums() {
        // RFC 1071 §3's example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2.
        let data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        assert_eq!(checksum(&[&data]), !0xddf2);
    }

    #[test]
    fn a_header_with_its_checksum_sums_to_zero() {
        let ends = Ends {
            src_node: NodeId(0),
            dst_node: NodeId(1),
            src: Addr::new(192, 168, 1, 2),
            dst: Addr::new(203, 0, 113, 80),
            src_port: 5300,
            dst_port: 53,
            ttl: 64,
            ip_id: 7,
        };
        let f = udp(&ends, b"abc");
        assert_eq!(f.len(), 60, "padded to Ethernet's minimum");
        assert_eq!(checksum(&[&f[14..34]]), 0, "IPv4 header");
        let udp_len = 8 + 3;
        let mut pseudo = Vec::new();
        pseudo.extend(&f[26..34]);
        pseudo.extend([0, 17, 0, udp_len as u8]);
        assert_eq!(checksum(&[&pseudo, &f[34..34 + udp_len]]), 0, "UDP");
        assert_eq!(&f[6..12], &mac(NodeId(0)));
    }
}
