//! The messages a node of the lab says, as the developer reference's "P2P
//! Network" section lays them out: each a 24-byte header (the start
//! string, the command padded with NULs to 12 bytes, the payload's length
//! and the first 4 bytes of its double SHA-256) and a payload, integers
//! little-endian. A [`BtcMsg`] is written on one line as the lab shows it,
//! its command first (`inv MSG_BLOCK 3f…`), and read back from it.

use super::block::{Block, compact_size};
use super::{Hash, MAGIC, PROTOCOL_VERSION, SERVICES, USER_AGENT, double_sha256};
use super::{hash_from_text, hash_text};
use crate::net::Addr;

/// The header's bytes.
pub const HEADER_BYTES: u32 = 24;
/// An inventory's type for a block (the developer reference: "MSG_BLOCK",
/// 2).
const MSG_BLOCK: u32 = 2;

/// An address and port.
pub type End = (Addr, u16);

/// A `version` message's fields that are not the node's constants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version {
    /// Its Unix time.
    pub time: u64,
    /// The address of the node it is sent to, and its own.
    pub to: End,
    pub from: End,
    /// A random number a node sees come back if it connected to itself.
    pub nonce: u64,
    /// The height of its best block.
    pub start_height: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BtcMsg {
    Version(Version),
    Verack,
    /// A block announced by its hash.
    Inv(Hash),
    /// A block asked for by its hash.
    GetData(Hash),
    /// A block: its hash, its size and the node that mined it (which
    /// make its bytes, [`Block::new`]).
    Block {
        hash: Hash,
        bytes: u32,
        transactions: u32,
        miner: Addr,
    },
}

impl BtcMsg {
    /// Its command, as the header names it.
    pub fn command(&self) -> &'static str {
        match self {
            BtcMsg::Version(_) => "version",
            BtcMsg::Verack => "verack",
            BtcMsg::Inv(_) => "inv",
            BtcMsg::GetData(_) => "getdata",
            BtcMsg::Block { .. } => "block",
        }
    }

    /// A block's message.
    pub fn block(block: &Block, miner: Addr) -> BtcMsg {
        BtcMsg::Block {
            hash: block.hash,
            bytes: block.bytes.len() as u32,
            transactions: block.transactions as u32,
            miner,
        }
    }

    /// Its bytes on the wire, the header included.
    pub fn wire_bytes(&self) -> u32 {
        HEADER_BYTES
            + match self {
                // Version, services, time, two addresses of 26 bytes, the
                // nonce, the user agent with its length, the height and
                // the relay flag.
                BtcMsg::Version(_) => 4 + 8 + 8 + 26 + 26 + 8 + 1 + USER_AGENT.len() as u32 + 4 + 1,
                BtcMsg::Verack => 0,
                // A count of one, then a type and a hash.
                BtcMsg::Inv(_) | BtcMsg::GetData(_) => 1 + 4 + 32,
                BtcMsg::Block { bytes, .. } => *bytes,
            }
    }

    /// The line the lab shows: the command, then the payload's fields.
    pub fn line(&self) -> String {
        let command = self.command();
        match self {
            BtcMsg::Version(v) => format!(
                "{command} {PROTOCOL_VERSION} {USER_AGENT} start_height={} time={} nonce={:016x} to={}:{} from={}:{}",
                v.start_height, v.time, v.nonce, v.to.0, v.to.1, v.from.0, v.from.1
            ),
            BtcMsg::Verack => command.into(),
            BtcMsg::Inv(hash) | BtcMsg::GetData(hash) => {
                format!("{command} MSG_BLOCK {}", hash_text(hash))
            }
            BtcMsg::Block {
                hash,
                bytes,
                transactions,
                miner,
            } => format!(
                "{command} {} bytes={bytes} txs={transactions} miner={miner}",
                hash_text(hash)
            ),
        }
    }

    /// The message a [`line`](Self::line) shows.
    pub fn parse(line: &str) -> Option<BtcMsg> {
        let mut words = line.split(' ');
        let command = words.next()?;
        let rest: Vec<&str> = words.collect();
        let field =
            |key: &str| (rest.iter()).find_map(|word| word.strip_prefix(key)?.strip_prefix('='));
        let number = |key: &str| field(key)?.parse::<u64>().ok();
        let end = |key: &str| -> Option<End> {
            let (addr, port) = field(key)?.split_once(':')?;
            Some((parse_addr(addr)?, port.parse().ok()?))
        };
        let block_hash = || match rest.as_slice() {
            ["MSG_BLOCK", hash] => hash_from_text(hash),
            _ => None,
        };
        Some(match command {
            "version" => BtcMsg::Version(Version {
                time: number("time")?,
                to: end("to")?,
                from: end("from")?,
                nonce: u64::from_str_radix(field("nonce")?, 16).ok()?,
                start_height: field("start_height")?.parse().ok()?,
            }),
            "verack" => BtcMsg::Verack,
            "inv" => BtcMsg::Inv(block_hash()?),
            "getdata" => BtcMsg::GetData(block_hash()?),
            "block" => BtcMsg::Block {
                hash: hash_from_text(rest.first()?)?,
                bytes: number("bytes")? as u32,
                transactions: number("txs")? as u32,
                miner: parse_addr(field("miner")?)?,
            },
            _ => return None,
        })
    }

    /// Its payload's bytes.
    pub fn payload(&self) -> Vec<u8> {
        match self {
            BtcMsg::Version(v) => {
                let mut out = PROTOCOL_VERSION.to_le_bytes().to_vec();
                out.extend(SERVICES.to_le_bytes());
                out.extend(v.time.to_le_bytes());
                out.extend(net_addr(v.to));
                out.extend(net_addr(v.from));
                out.extend(v.nonce.to_le_bytes());
                out.extend(compact_size(USER_AGENT.len() as u64));
                out.extend(USER_AGENT.as_bytes());
                out.extend(v.start_height.to_le_bytes());
                // BIP 37's relay flag: send it transactions (0.9 says so).
                out.push(1);
                out
            }
            BtcMsg::Verack => Vec::new(),
            BtcMsg::Inv(hash) | BtcMsg::GetData(hash) => {
                let mut out = compact_size(1);
                out.extend(MSG_BLOCK.to_le_bytes());
                out.extend(hash);
                out
            }
            BtcMsg::Block { bytes, miner, .. } => Block::new(*bytes as usize, *miner).bytes,
        }
    }

    /// Its bytes on the wire: the header, then the payload.
    pub fn encode(&self) -> Vec<u8> {
        let payload = self.payload();
        let mut out = MAGIC.to_vec();
        let mut command = [0u8; 12];
        command[..self.command().len()].copy_from_slice(self.command().as_bytes());
        out.extend(command);
        out.extend((payload.len() as u32).to_le_bytes());
        out.extend(&double_sha256(&payload)[..4]);
        out.extend(payload);
        out
    }
}

/// A network address without a time ("Protocol documentation":
/// net_addr in `version`): services, the IPv6 address (an IPv4 one mapped,
/// ::ffff:a.b.c.d) and the port, big-endian.
fn net_addr((addr, port): End) -> Vec<u8> {
    let mut out = SERVICES.to_le_bytes().to_vec();
    out.extend([0; 10]);
    out.extend([0xff, 0xff]);
    out.extend(addr.0.to_be_bytes());
    out.extend(port.to_be_bytes());
    out
}

fn parse_addr(text: &str) -> Option<Addr> {
    let mut octets = [0u8; 4];
    let mut parts = text.split('.');
    for octet in &mut octets {
        *octet = parts.next()?.parse().ok()?;
    }
    parts
        .next()
        .is_none()
        .then(|| Addr(u32::from_be_bytes(octets)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The developer reference's example of an empty message: a `verack`
    /// is its header alone, with the checksum of nothing (5df6e0e2).
    #[test]
    fn a_verack_is_a_header_with_the_empty_payloads_checksum() {
        assert_eq!(
            hex(&BtcMsg::Verack.encode()),
            "f9beb4d9\
             76657261636b000000000000\
             00000000\
             5df6e0e2"
        );
        assert_eq!(BtcMsg::Verack.wire_bytes(), 24);
    }

    fn version() -> BtcMsg {
        BtcMsg::Version(Version {
            time: 1_420_070_405,
            to: (Addr::new(198, 51, 100, 12), 8333),
            from: (Addr::new(198, 51, 100, 11), 8333),
            nonce: 0x0123_4567_89ab_cdef,
            start_height: 0,
        })
    }

    #[test]
    fn a_version_has_its_fields_sizes() {
        let bytes = version().encode();
        assert_eq!(bytes.len() as u32, version().wire_bytes());
        // 24 + 4 + 8 + 8 + 26 + 26 + 8 + 16 + 4 + 1.
        assert_eq!(bytes.len(), 125);
        assert_eq!(&bytes[4..11], b"version");
        assert_eq!(u32::from_le_bytes(bytes[16..20].try_into().unwrap()), 101);
        let payload = &bytes[24..];
        assert_eq!(&bytes[20..24], &double_sha256(payload)[..4]);
        assert_eq!(i32::from_le_bytes(payload[..4].try_into().unwrap()), 70002);
        // addr_recv: services, ::ffff:198.51.100.12, port 8333 big-endian.
        assert_eq!(
            hex(&payload[20..46]),
            format!("0100000000000000{}ffffc633640c208d", "00".repeat(10))
        );
        assert_eq!(&payload[81..96], b"/Satoshi:0.9.5/");
    }

    #[test]
    fn an_inv_and_a_getdata_name_one_block() {
        let hash = double_sha256(b"block");
        let inv = BtcMsg::Inv(hash).encode();
        assert_eq!(inv.len(), 24 + 37);
        assert_eq!(&inv[24..29], [1, 2, 0, 0, 0]);
        assert_eq!(&inv[29..], hash);
        let getdata = BtcMsg::GetData(hash).encode();
        assert_eq!(&getdata[4..11], b"getdata");
        assert_eq!(&getdata[24..], &inv[24..]);
    }

    #[test]
    fn every_line_reads_back() {
        let block = Block::new(8 << 10, Addr::new(198, 51, 100, 11));
        let hash = block.hash;
        let whole = BtcMsg::block(&block, Addr::new(198, 51, 100, 11));
        for msg in [
            version(),
            BtcMsg::Verack,
            BtcMsg::Inv(hash),
            BtcMsg::GetData(hash),
            whole,
        ] {
            assert_eq!(BtcMsg::parse(&msg.line()), Some(msg), "{}", msg.line());
        }
        assert!(
            whole
                .line()
                .starts_with(&format!("block {}", hash_text(&hash)))
        );
        assert_eq!(whole.encode().len() as u32, whole.wire_bytes());
        assert_eq!(&whole.encode()[24..], block.bytes);
        assert_eq!(BtcMsg::parse("ping 7"), None);
    }
}
