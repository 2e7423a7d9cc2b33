//! A DNS message in RFC 1035 §4.1's wire format: header, one question,
//! then the answer, authority and additional records, an owner that
//! repeats the question written as a pointer to it (§4.1.4), as
//! [`DnsMsg::wire_bytes`] counts.

use cslab_sim::names::Names;
use cslab_sim::net::Addr;
use cslab_sim::proto::dns::{DnsMsg, RData};

/// Where the question's name starts: right after the 12-byte header.
const QUESTION_POINTER: [u8; 2] = [0xC0, 12];
const CLASS_IN: u16 = 1;

pub fn message(m: &DnsMsg, names: &Names) -> Vec<u8> {
    let mut b = Vec::with_capacity(128);
    b.extend(m.id.to_be_bytes());
    // §4.1.1: QR, opcode 0 (QUERY), AA, TC, RD | RA, Z, RCODE.
    let flags = (m.response as u16) << 15
        | (m.aa as u16) << 10
        | (m.rd as u16) << 8
        | (m.ra as u16) << 7
        | m.rcode as u16;
    b.extend(flags.to_be_bytes());
    for count in [
        1,
        m.answers().len(),
        m.authority().len(),
        m.additional().len(),
    ] {
        b.extend((count as u16).to_be_bytes());
    }
    name(&mut b, names.text(m.qname));
    b.extend((m.qtype as u16).to_be_bytes());
    b.extend(CLASS_IN.to_be_bytes());
    for rr in m
        .answers()
        .iter()
        .chain(m.authority())
        .chain(m.additional())
    {
        if rr.name == m.qname {
            b.extend(QUESTION_POINTER);
        } else {
            name(&mut b, names.text(rr.name));
        }
        b.extend((rr.rtype as u16).to_be_bytes());
        b.extend(CLASS_IN.to_be_bytes());
        b.extend(rr.ttl.to_be_bytes());
        let mut rdata = Vec::new();
        match rr.data {
            RData::None => {}
            RData::A(a) => rdata.extend(a.0.to_be_bytes()),
            RData::Aaaa(a) => rdata.extend(mapped_v6(a)),
            RData::Ns(n) | RData::Cname(n) => name(&mut rdata, names.text(n)),
            RData::Mx {
                preference,
                exchange,
            } => {
                rdata.extend(preference.to_be_bytes());
                name(&mut rdata, names.text(exchange));
            }
        }
        b.extend((rdata.len() as u16).to_be_bytes());
        b.extend(rdata);
    }
    b
}

/// §3.1: each label as its length and its bytes, then the root's zero.
fn name(b: &mut Vec<u8>, text: &str) {
    for label in text
        .trim_end_matches('.')
        .split('.')
        .filter(|l| !l.is_empty())
    {
        b.push(label.len().min(63) as u8);
        b.extend(&label.as_bytes()[..label.len().min(63)]);
    }
    b.push(0);
}

/// The lab's AAAA data: the node's IPv4 address in `fd00::/96`.
fn mapped_v6(a: Addr) -> [u8; 16] {
    let mut v6 = [0u8; 16];
    v6[0] = 0xfd;
    v6[12..].copy_from_slice(&a.0.to_be_bytes());
    v6
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_sim::proto::dns::{RType, Rcode, Rr};

    #[test]
    fn the_bytes_are_as_long_as_the_lab_counts() {
        let mut names = Names::default();
        let www = names.intern("www.example.com");
        let ns = names.intern("ns1.example.com");
        let q = DnsMsg::query(7, www, RType::A, true);
        let a = Rr {
            name: www,
            rtype: RType::A,
            ttl: 300,
            data: RData::A(Addr::new(203, 0, 113, 80)),
        };
        let n = Rr {
            name: names.intern("example.com"),
            rtype: RType::Ns,
            ttl: 300,
            data: RData::Ns(ns),
        };
        let r = DnsMsg::response_to(&q, Rcode::NoError, &[a], &[n], &[]);
        let len = |x: cslab_sim::names::Name| names.text(x).len();
        for m in [q, r] {
            assert_eq!(message(&m, &names).len() as u32, m.wire_bytes(&len));
        }
        let bytes = message(&r, &names);
        assert_eq!(&bytes[12..16], &[3, b'w', b'w', b'w']);
        assert_eq!(bytes[2] & 0x80, 0x80, "QR: a response");
    }
}
