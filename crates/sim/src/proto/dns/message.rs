//! The DNS message: record types, record data, resource records, response
//! codes, and [`DnsMsg`] with its sections and its size on the wire.

use crate::names::Name;
use crate::net::Addr;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RType {
    A = 1,
    Ns = 2,
    Cname = 5,
    Mx = 15,
    Aaaa = 28,
}

/// Record data. AAAA addresses are the node's IPv4 address mapped into
/// `fd00::/96` (shown as such by the inspector).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "UPPERCASE")]
pub enum RData {
    None,
    A(Addr),
    Aaaa(Addr),
    Ns(Name),
    Cname(Name),
    Mx { preference: u16, exchange: Name },
}

/// A resource record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rr {
    pub name: Name,
    pub rtype: RType,
    /// Seconds.
    pub ttl: u32,
    pub data: RData,
}

impl Rr {
    const EMPTY: Rr = Rr {
        name: Name(0),
        rtype: RType::A,
        ttl: 0,
        data: RData::None,
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Rcode {
    NoError = 0,
    ServFail = 2,
    NxDomain = 3,
}

/// Records a message holds inline.
pub const MAX_RRS: usize = 4;

/// A DNS message: header flags, one question, and up to [`MAX_RRS`]
/// records split into answer, authority and additional sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DnsMsg {
    pub id: u16,
    pub response: bool,
    /// Recursion desired (set by stubs, and by recursive forwarding).
    pub rd: bool,
    /// Recursion available (set by servers that recurse).
    pub ra: bool,
    /// Authoritative answer.
    pub aa: bool,
    pub rcode: Rcode,
    pub qname: Name,
    pub qtype: RType,
    pub(super) rrs: [Rr; MAX_RRS],
    pub(super) an: u8,
    pub(super) ns: u8,
    pub(super) ar: u8,
}

impl Serialize for DnsMsg {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("DnsMsg", 11)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("response", &self.response)?;
        st.serialize_field("rd", &self.rd)?;
        st.serialize_field("ra", &self.ra)?;
        st.serialize_field("aa", &self.aa)?;
        st.serialize_field("rcode", &self.rcode)?;
        st.serialize_field("qname", &self.qname)?;
        st.serialize_field("qtype", &self.qtype)?;
        st.serialize_field("answers", self.answers())?;
        st.serialize_field("authority", self.authority())?;
        st.serialize_field("additional", self.additional())?;
        st.end()
    }
}

impl DnsMsg {
    pub fn query(id: u16, qname: Name, qtype: RType, rd: bool) -> DnsMsg {
        DnsMsg {
            id,
            response: false,
            rd,
            ra: false,
            aa: false,
            rcode: Rcode::NoError,
            qname,
            qtype,
            rrs: [Rr::EMPTY; MAX_RRS],
            an: 0,
            ns: 0,
            ar: 0,
        }
    }

    /// A response to `q` with the given sections (extra records dropped, as
    /// a truncated UDP answer would).
    pub fn response_to(
        q: &DnsMsg,
        rcode: Rcode,
        answers: &[Rr],
        authority: &[Rr],
        additional: &[Rr],
    ) -> DnsMsg {
        let mut m = DnsMsg {
            response: true,
            rcode,
            ..DnsMsg::query(q.id, q.qname, q.qtype, q.rd)
        };
        let mut n = 0;
        for (sec, count) in [
            (answers, &mut m.an),
            (authority, &mut m.ns),
            (additional, &mut m.ar),
        ] {
            for rr in sec {
                if n < MAX_RRS {
                    m.rrs[n] = *rr;
                    n += 1;
                    *count += 1;
                }
            }
        }
        m
    }

    pub fn answers(&self) -> &[Rr] {
        &self.rrs[..self.an as usize]
    }
    pub fn authority(&self) -> &[Rr] {
        let a = self.an as usize;
        &self.rrs[a..a + self.ns as usize]
    }
    pub fn additional(&self) -> &[Rr] {
        let a = (self.an + self.ns) as usize;
        &self.rrs[a..a + self.ar as usize]
    }

    /// Size on the wire: header, question, records (names compressed to a
    /// 2-byte pointer where they repeat the question).
    pub fn wire_bytes(&self, text: &dyn Fn(Name) -> usize) -> u32 {
        let name_len = |n: Name| {
            let l = text(n);
            if l == 0 { 1 } else { l + 2 }
        };
        let mut b = 12 + name_len(self.qname) + 4;
        for rr in &self.rrs[..(self.an + self.ns + self.ar) as usize] {
            let owner = if rr.name == self.qname {
                2
            } else {
                name_len(rr.name)
            };
            let rdata = match rr.data {
                RData::None => 0,
                RData::A(_) => 4,
                RData::Aaaa(_) => 16,
                RData::Ns(n) | RData::Cname(n) => name_len(n),
                RData::Mx { exchange, .. } => 2 + name_len(exchange),
            };
            b += owner + 10 + rdata;
        }
        b as u32
    }

    pub(crate) fn hash_words(&self, f: &mut dyn FnMut(u64)) {
        f((self.id as u64)
            | ((self.response as u64) << 16)
            | ((self.rd as u64) << 17)
            | ((self.ra as u64) << 18)
            | ((self.aa as u64) << 19)
            | ((self.rcode as u64) << 20)
            | ((self.qtype as u64) << 24)
            | ((self.an as u64) << 40)
            | ((self.ns as u64) << 48)
            | ((self.ar as u64) << 56));
        f(self.qname.0 as u64);
        for rr in &self.rrs[..(self.an + self.ns + self.ar) as usize] {
            let d = match rr.data {
                RData::None => 0,
                RData::A(a) | RData::Aaaa(a) => a.0 as u64,
                RData::Ns(n) | RData::Cname(n) => n.0 as u64,
                RData::Mx {
                    preference,
                    exchange,
                } => ((preference as u64) << 32) | exchange.0 as u64,
            };
            f(((rr.name.0 as u64) << 32) | ((rr.rtype as u64) << 16));
            f(((rr.ttl as u64) << 32) ^ d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_and_wire_size() {
        let q = DnsMsg::query(7, Name(1), RType::A, true);
        let a = Rr {
            name: Name(1),
            rtype: RType::A,
            ttl: 300,
            data: RData::A(Addr(1)),
        };
        let r = DnsMsg::response_to(&q, Rcode::NoError, &[a], &[], &[a]);
        assert_eq!(r.answers().len(), 1);
        assert_eq!(r.authority().len(), 0);
        assert_eq!(r.additional().len(), 1);
        // www.example.com: 17-byte name; question 21; each A record 2+10+4.
        let len = |_n: Name| 15;
        assert_eq!(q.wire_bytes(&len), 12 + 17 + 4);
        assert_eq!(r.wire_bytes(&len), 12 + 17 + 4 + 2 * 16);
    }
}
