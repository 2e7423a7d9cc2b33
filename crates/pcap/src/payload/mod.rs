//! What each packet carries above TCP or UDP, as bytes: the application
//! record a segment is part of is built whole (DNS, HTTP, TLS, the text
//! protocols) and cut where the lab's segment cuts it
//! ([`TcpSeg::rec_off`](cslab_sim::proto::tcp::TcpSeg::rec_off), its
//! length), so the bytes of a message split over segments join up again.
//! Every payload is exactly the lab's `payload_bytes`: a record the lab
//! counts longer than its bytes here is filled, a shorter one cut.

mod dns;
mod http;
mod mongo;
mod mysql;
mod pgsql;
mod png;
mod text;
mod tls;

use cslab_sim::names::Names;
use cslab_sim::net::Addr;
use cslab_sim::proto::text::TextProtocol;
use cslab_sim::proto::tls::TlsContent;
use cslab_sim::proto::{AppMsg, Header, Message};
use cslab_sim::sorted::SortedMap;

/// One end of a connection: address and port.
type End = (Addr, u16);

/// A record's bytes, kept while its segments go by.
struct Record {
    start_seq: u32,
    bytes: Vec<u8>,
}

/// Builds the payload of each packet in send order.
pub struct Payloads<'n> {
    names: &'n Names,
    /// Per direction of a connection (source, port, destination, port):
    /// the record its last segment was part of.
    records: SortedMap<(End, End), Record>,
    /// Per connection (its two ends, in order): the number of its last
    /// message, for the protocols that count them (MySQL, MongoDB).
    numbers: SortedMap<(End, End), u32>,
}

impl<'n> Payloads<'n> {
    pub fn new(names: &'n Names) -> Payloads<'n> {
        Payloads {
            names,
            records: SortedMap::new(),
            numbers: SortedMap::new(),
        }
    }

    /// The payload of the packet `h` describes, `h.payload_bytes` long.
    pub fn of(&mut self, h: &Header) -> Vec<u8> {
        let Some(seg) = h.msg.tcp else {
            let len = h.payload_bytes as usize;
            return record(self.names, &h.msg, len, h.pkt, (0, 0));
        };
        if seg.len == 0 {
            return Vec::new();
        }
        let start_seq = seg.seq.wrapping_sub(seg.rec_off);
        let key = ((h.src, h.src_port), (h.dst, h.dst_port));
        let len = seg.rec_len as usize;
        let names = self.names;
        let r = self.records.get_or_insert(key, || Record {
            start_seq: start_seq.wrapping_add(1),
            bytes: Vec::new(),
        });
        if r.start_seq != start_seq || r.bytes.len() != len {
            let (a, b) = key;
            let conn = (a.min(b), a.max(b));
            let number = match h.msg.app {
                AppMsg::Text(t)
                    if matches!(t.protocol, TextProtocol::Mysql | TextProtocol::Mongo) =>
                {
                    let key = conn;
                    // MySQL numbers each command's packets from 0.
                    let restart = t.protocol == TextProtocol::Mysql
                        && mysql::starts_command(names.text(t.line));
                    let number = match self.numbers.get(&key) {
                        Some(&n) if !restart => n + 1,
                        _ => 0,
                    };
                    self.numbers.insert(key, number);
                    number
                }
                _ => 0,
            };
            *r = Record {
                start_seq,
                bytes: record(names, &h.msg, len, start_seq as u64, (number, seed(conn))),
            };
        }
        let from = (seg.rec_off as usize).min(len);
        let to = (from + seg.len as usize).min(len);
        r.bytes[from..to].to_vec()
    }
}

/// A whole application record of `len` bytes; `salt` seeds its random
/// bytes (keys, encrypted content), so the same run gives the same file;
/// `place`: its number in its connection's dialogue where the protocol
/// counts its messages (MySQL's sequence id, MongoDB's request id), and
/// its connection's [`seed`].
fn record(names: &Names, msg: &Message, len: usize, salt: u64, place: (u32, u64)) -> Vec<u8> {
    let fill = &mut Filler::new(salt);
    let mut bytes = match (msg.tls, msg.app) {
        (Some(t), _) if t.content == TlsContent::ClientHello => {
            tls::client_hello(names.text(t.server_name), len, fill)
        }
        (Some(t), _) if t.content == TlsContent::ServerHello => tls::server_hello(fill),
        (Some(_), _) => tls::sealed(len, fill),
        (None, AppMsg::Dns(m)) => dns::message(&m, names),
        (None, AppMsg::Http(m)) => http::message(&m, names, None, fill),
        (None, AppMsg::DnsOverHttps(doh)) => {
            http::message(&doh.http, names, Some(dns::message(&doh.dns, names)), fill)
        }
        (None, AppMsg::Text(m)) => {
            let (number, conn) = place;
            text::message(&m, names.text(m.line), number, conn, fill)
        }
        (None, AppMsg::None) => Vec::new(),
    };
    if bytes.len() < len {
        bytes.extend(fill.bytes(len - bytes.len()));
    }
    bytes.truncate(len);
    bytes
}

/// A number naming a connection (its two ends, in order), to seed what
/// stays the same over its messages (MongoDB's SCRAM nonces).
fn seed((a, b): (End, End)) -> u64 {
    let end = |(addr, port): End| (addr.0 as u64) << 16 | port as u64;
    end(a) << 16 ^ end(b)
}

/// Deterministic bytes where the lab models a size, not a content
/// (SplitMix64, seeded per record).
pub struct Filler(u64);

impl Filler {
    pub fn new(seed: u64) -> Filler {
        Filler(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// `n` random-looking bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n + 8);
        while out.len() < n {
            out.extend(self.next().to_le_bytes());
        }
        out.truncate(n);
        out
    }

    /// `n` bytes of plain text (a page's or a script's filler).
    pub fn text(&mut self, n: usize) -> Vec<u8> {
        const WORDS: &[u8] = b"the lab fills this body up to its length. ";
        WORDS.iter().copied().cycle().take(n).collect()
    }
}
