//! STUN messages (RFC 8489) and the TURN methods (RFC 8656): a 20-byte
//! header (type, length, the magic cookie 0x2112A442, a 96-bit transaction
//! id) and attributes in type-length-value form, each padded to 4 bytes.
//! Addresses travel XOR-ed with the cookie (§14.2) so that a NAT rewriting
//! addresses it finds in payloads cannot spoil them.
//!
//! Left out, and said so: MESSAGE-INTEGRITY and FINGERPRINT (HMAC-SHA1 over
//! a key from MD5), and TURN's long-term credentials (a first Allocate
//! answered 401 with a realm and nonce).

use cslab_sim::net::Addr;

pub const MAGIC_COOKIE: u32 = 0x2112_A442;
/// STUN's and TURN's port over UDP (RFC 8489 §18.5, RFC 8656 §18).
pub const PORT: u16 = 3478;

/// Method and class, as the message type's 14 bits mix them (§5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    BindingRequest,
    BindingSuccess,
    AllocateRequest,
    AllocateSuccess,
    CreatePermissionRequest,
    CreatePermissionSuccess,
    SendIndication,
    DataIndication,
}

impl Type {
    const ALL: [(Type, u16, &'static str); 8] = [
        (Type::BindingRequest, 0x0001, "Binding Request"),
        (Type::BindingSuccess, 0x0101, "Binding Success Response"),
        (Type::AllocateRequest, 0x0003, "Allocate Request"),
        (Type::AllocateSuccess, 0x0103, "Allocate Success Response"),
        (
            Type::CreatePermissionRequest,
            0x0008,
            "CreatePermission Request",
        ),
        (
            Type::CreatePermissionSuccess,
            0x0108,
            "CreatePermission Success Response",
        ),
        (Type::SendIndication, 0x0016, "Send Indication"),
        (Type::DataIndication, 0x0017, "Data Indication"),
    ];

    fn code(self) -> u16 {
        Self::ALL
            .iter()
            .find(|(t, ..)| *t == self)
            .expect("listed")
            .1
    }

    fn of(code: u16) -> Option<Type> {
        Self::ALL
            .iter()
            .find(|(_, c, _)| *c == code)
            .map(|(t, ..)| *t)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(t, ..)| *t == self)
            .expect("listed")
            .2
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attr {
    /// Where the request came from, as the server saw it (§14.2).
    XorMappedAddress(Addr, u16),
    /// The relayed address TURN allocated (RFC 8656 §18.5).
    XorRelayedAddress(Addr, u16),
    /// The peer a Send or Data indication or a permission is for (§18.3).
    XorPeerAddress(Addr, u16),
    /// Seconds an allocation lives (RFC 8656 §18.2).
    Lifetime(u32),
    /// UDP (17) relaying asked for (RFC 8656 §18.8).
    RequestedTransport(u8),
    /// The data a Send or Data indication carries (RFC 8656 §18.4).
    Data(Vec<u8>),
    /// ICE: the pair's priority, the roles, the nomination (RFC 8445 §16.1).
    Priority(u32),
    UseCandidate,
    IceControlling(u64),
    IceControlled(u64),
    /// `remote-ufrag:local-ufrag` (RFC 8445 §7.2.2).
    Username(String),
}

impl Attr {
    fn code(&self) -> u16 {
        match self {
            Attr::XorMappedAddress(..) => 0x0020,
            Attr::XorRelayedAddress(..) => 0x0016,
            Attr::XorPeerAddress(..) => 0x0012,
            Attr::Lifetime(_) => 0x000D,
            Attr::RequestedTransport(_) => 0x0019,
            Attr::Data(_) => 0x0013,
            Attr::Priority(_) => 0x0024,
            Attr::UseCandidate => 0x0025,
            Attr::IceControlling(_) => 0x802A,
            Attr::IceControlled(_) => 0x8029,
            Attr::Username(_) => 0x0006,
        }
    }

    fn value(&self) -> Vec<u8> {
        match self {
            Attr::XorMappedAddress(addr, port)
            | Attr::XorRelayedAddress(addr, port)
            | Attr::XorPeerAddress(addr, port) => {
                // Family 0x01 (IPv4); port XOR the cookie's high 16 bits,
                // address XOR the cookie (§14.2).
                let mut v = vec![0, 0x01];
                v.extend((port ^ (MAGIC_COOKIE >> 16) as u16).to_be_bytes());
                v.extend((addr.0 ^ MAGIC_COOKIE).to_be_bytes());
                v
            }
            Attr::Lifetime(secs) | Attr::Priority(secs) => secs.to_be_bytes().to_vec(),
            Attr::RequestedTransport(proto) => vec![*proto, 0, 0, 0],
            Attr::Data(data) => data.clone(),
            Attr::UseCandidate => Vec::new(),
            Attr::IceControlling(tie) | Attr::IceControlled(tie) => tie.to_be_bytes().to_vec(),
            Attr::Username(name) => name.as_bytes().to_vec(),
        }
    }

    fn decode(code: u16, v: &[u8]) -> Option<Attr> {
        let xor_address = || {
            let port = u16::from_be_bytes([*v.get(2)?, *v.get(3)?]) ^ (MAGIC_COOKIE >> 16) as u16;
            let addr = u32::from_be_bytes(v.get(4..8)?.try_into().ok()?) ^ MAGIC_COOKIE;
            (v[1] == 0x01).then_some((Addr(addr), port))
        };
        let word = || Some(u32::from_be_bytes(v.get(0..4)?.try_into().ok()?));
        let long = || Some(u64::from_be_bytes(v.get(0..8)?.try_into().ok()?));
        Some(match code {
            0x0020 => xor_address().map(|(a, p)| Attr::XorMappedAddress(a, p))?,
            0x0016 => xor_address().map(|(a, p)| Attr::XorRelayedAddress(a, p))?,
            0x0012 => xor_address().map(|(a, p)| Attr::XorPeerAddress(a, p))?,
            0x000D => Attr::Lifetime(word()?),
            0x0019 => Attr::RequestedTransport(*v.first()?),
            0x0013 => Attr::Data(v.to_vec()),
            0x0024 => Attr::Priority(word()?),
            0x0025 => Attr::UseCandidate,
            0x802A => Attr::IceControlling(long()?),
            0x8029 => Attr::IceControlled(long()?),
            0x0006 => Attr::Username(String::from_utf8(v.to_vec()).ok()?),
            _ => return None,
        })
    }

    /// As a capture's info column names it.
    fn summary(&self) -> Option<String> {
        Some(match self {
            Attr::XorMappedAddress(a, p) => format!("XOR-MAPPED-ADDRESS: {a}:{p}"),
            Attr::XorRelayedAddress(a, p) => format!("XOR-RELAYED-ADDRESS: {a}:{p}"),
            Attr::XorPeerAddress(a, p) => format!("XOR-PEER-ADDRESS: {a}:{p}"),
            Attr::UseCandidate => "USE-CANDIDATE".into(),
            Attr::Username(name) => format!("user: {name}"),
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StunMsg {
    pub kind: Type,
    pub txid: [u8; 12],
    pub attrs: Vec<Attr>,
}

impl StunMsg {
    pub fn new(kind: Type, txid: [u8; 12], attrs: Vec<Attr>) -> StunMsg {
        StunMsg { kind, txid, attrs }
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut body = Vec::new();
        for attr in &self.attrs {
            let value = attr.value();
            body.extend(attr.code().to_be_bytes());
            body.extend((value.len() as u16).to_be_bytes());
            body.extend(&value);
            body.resize(body.len().next_multiple_of(4), 0); // §14: padded
        }
        let mut out = Vec::with_capacity(20 + body.len());
        out.extend(self.kind.code().to_be_bytes());
        out.extend((body.len() as u16).to_be_bytes());
        out.extend(MAGIC_COOKIE.to_be_bytes());
        out.extend(self.txid);
        out.extend(body);
        out
    }

    pub fn decode(bytes: &[u8]) -> Option<StunMsg> {
        let kind = Type::of(u16::from_be_bytes([*bytes.first()?, *bytes.get(1)?]))?;
        let len = u16::from_be_bytes([bytes[2], bytes[3]]) as usize;
        if u32::from_be_bytes(bytes.get(4..8)?.try_into().ok()?) != MAGIC_COOKIE
            || bytes.len() != 20 + len
        {
            return None;
        }
        let txid = bytes[8..20].try_into().ok()?;
        let mut attrs = Vec::new();
        let mut at = 20;
        while at + 4 <= bytes.len() {
            let code = u16::from_be_bytes([bytes[at], bytes[at + 1]]);
            let len = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
            let value = bytes.get(at + 4..at + 4 + len)?;
            attrs.extend(Attr::decode(code, value));
            at += (4 + len).next_multiple_of(4);
        }
        Some(StunMsg { kind, txid, attrs })
    }

    /// `Binding Success Response XOR-MAPPED-ADDRESS: 198.51.100.23:50000`.
    pub fn summary(&self) -> String {
        let mut line = self.kind.name().to_owned();
        for part in self.attrs.iter().filter_map(Attr::summary) {
            line.push(' ');
            line.push_str(&part);
        }
        line
    }

    /// The first address attribute of this kind, if any.
    pub fn address(&self, pick: fn(&Attr) -> Option<(Addr, u16)>) -> Option<(Addr, u16)> {
        self.attrs.iter().find_map(pick)
    }

    pub fn data(&self) -> Option<&[u8]> {
        self.attrs.iter().find_map(|attr| match attr {
            Attr::Data(data) => Some(data.as_slice()),
            _ => None,
        })
    }

    pub fn has(&self, attr: &Attr) -> bool {
        self.attrs.contains(attr)
    }
}

pub fn mapped(attr: &Attr) -> Option<(Addr, u16)> {
    match *attr {
        Attr::XorMappedAddress(a, p) => Some((a, p)),
        _ => None,
    }
}

pub fn relayed(attr: &Attr) -> Option<(Addr, u16)> {
    match *attr {
        Attr::XorRelayedAddress(a, p) => Some((a, p)),
        _ => None,
    }
}

pub fn peer(attr: &Attr) -> Option<(Addr, u16)> {
    match *attr {
        Attr::XorPeerAddress(a, p) => Some((a, p)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xor_mapped_address_is_the_address_xor_the_cookie() {
        let public = Addr::new(198, 51, 100, 23);
        let msg = StunMsg::new(
            Type::BindingSuccess,
            [7; 12],
            vec![Attr::XorMappedAddress(public, 50000)],
        );
        let bytes = msg.encode();
        // Header: 0x0101, length 12 (one attribute: 4 + 8), the cookie.
        assert_eq!(&bytes[..8], &[0x01, 0x01, 0, 12, 0x21, 0x12, 0xA4, 0x42]);
        // 50000 = 0xC350; XOR 0x2112 = 0xE242. 198.51.100.23 = C6 33 64 17;
        // XOR 21 12 A4 42 = E7 21 C0 55.
        assert_eq!(
            &bytes[20..],
            &[0, 0x20, 0, 8, 0, 0x01, 0xE2, 0x42, 0xE7, 0x21, 0xC0, 0x55]
        );
        let back = StunMsg::decode(&bytes).unwrap();
        assert_eq!(back.address(mapped), Some((public, 50000)));
        assert_eq!(
            back.summary(),
            "Binding Success Response XOR-MAPPED-ADDRESS: 198.51.100.23:50000"
        );
    }

    #[test]
    fn attributes_are_padded_to_four_bytes() {
        let msg = StunMsg::new(
            Type::BindingRequest,
            [1; 12],
            vec![
                Attr::Username("bob1:ali1".into()),
                Attr::Priority(0x6E00_01FF),
                Attr::UseCandidate,
                Attr::IceControlling(42),
            ],
        );
        let bytes = msg.encode();
        // 4 + 9 → 16, 4 + 4, 4 + 0, 4 + 8: 44 bytes after the header.
        assert_eq!(bytes.len(), 20 + 16 + 8 + 4 + 12);
        assert_eq!(StunMsg::decode(&bytes), Some(msg));
    }
}
