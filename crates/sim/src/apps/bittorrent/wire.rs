//! The peer wire protocol of BEP 3 ("The BitTorrent Protocol
//! Specification", "peer protocol"): a 68-byte handshake, then messages
//! that are each a 4-byte big-endian length, a 1-byte id and a payload.
//! A [`PeerMsg`] is one of them, written on one line as the lab shows it
//! (`request index=2 begin=16384 length=16384`), and read back from it.

/// The handshake's protocol string (BEP 3: "the character nineteen (in
/// decimal) followed by the string 'BitTorrent protocol'").
pub const PROTOCOL: &str = "BitTorrent protocol";
/// 1 + 19 + 8 reserved bytes + the 20-byte info_hash + the 20-byte peer_id.
pub const HANDSHAKE_BYTES: u32 = 1 + 19 + 8 + 20 + 20;
/// The length prefix and the id every other message starts with.
const HEAD: u32 = 4 + 1;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeerMsg {
    /// `info_hash` in hexadecimal (40 digits), `peer_id` its 20 characters.
    Handshake {
        info_hash: String,
        peer_id: String,
    },
    Choke,
    Unchoke,
    Interested,
    NotInterested,
    /// The sender has completed (and checked) piece `index`.
    Have(u32),
    /// The pieces the sender has, one bit each, high bit first.
    Bitfield(Vec<bool>),
    Request {
        index: u32,
        begin: u32,
        length: u32,
    },
    /// A block of piece `index` from byte `begin`, `length` bytes long.
    Piece {
        index: u32,
        begin: u32,
        length: u32,
    },
}

impl PeerMsg {
    /// Its id on the wire (BEP 3: choke 0 ... piece 7; the handshake has
    /// none).
    pub fn id(&self) -> Option<u8> {
        Some(match self {
            PeerMsg::Handshake { .. } => return None,
            PeerMsg::Choke => 0,
            PeerMsg::Unchoke => 1,
            PeerMsg::Interested => 2,
            PeerMsg::NotInterested => 3,
            PeerMsg::Have(_) => 4,
            PeerMsg::Bitfield(_) => 5,
            PeerMsg::Request { .. } => 6,
            PeerMsg::Piece { .. } => 7,
        })
    }

    /// Its bytes on the wire, the length prefix included.
    pub fn wire_bytes(&self) -> u32 {
        match self {
            PeerMsg::Handshake { .. } => HANDSHAKE_BYTES,
            PeerMsg::Choke | PeerMsg::Unchoke | PeerMsg::Interested | PeerMsg::NotInterested => {
                HEAD
            }
            PeerMsg::Have(_) => HEAD + 4,
            PeerMsg::Bitfield(bits) => HEAD + bits.len().div_ceil(8) as u32,
            PeerMsg::Request { .. } => HEAD + 12,
            PeerMsg::Piece { length, .. } => HEAD + 8 + length,
        }
    }

    /// The line the lab shows: BEP 3's name and the message's fields.
    pub fn line(&self) -> String {
        match self {
            PeerMsg::Handshake { info_hash, peer_id } => {
                format!("handshake {PROTOCOL} info_hash={info_hash} peer_id={peer_id}")
            }
            PeerMsg::Choke => "choke".into(),
            PeerMsg::Unchoke => "unchoke".into(),
            PeerMsg::Interested => "interested".into(),
            PeerMsg::NotInterested => "not interested".into(),
            PeerMsg::Have(index) => format!("have index={index}"),
            PeerMsg::Bitfield(bits) => {
                let bits: String = bits.iter().map(|&b| if b { '1' } else { '0' }).collect();
                format!("bitfield {bits}")
            }
            PeerMsg::Request {
                index,
                begin,
                length,
            } => format!("request index={index} begin={begin} length={length}"),
            PeerMsg::Piece {
                index,
                begin,
                length,
            } => format!("piece index={index} begin={begin} block={length} bytes"),
        }
    }

    /// The message a [`line`](Self::line) shows.
    pub fn parse(line: &str) -> Option<PeerMsg> {
        let (name, rest) = line.split_once(' ').unwrap_or((line, ""));
        let field = |key: &str| -> Option<&str> {
            rest.split(' ')
                .find_map(|word| word.strip_prefix(key)?.strip_prefix('='))
        };
        let number = |key: &str| field(key)?.parse::<u32>().ok();
        Some(match name {
            "handshake" => PeerMsg::Handshake {
                info_hash: field("info_hash")?.into(),
                peer_id: field("peer_id")?.into(),
            },
            "choke" => PeerMsg::Choke,
            "unchoke" => PeerMsg::Unchoke,
            "interested" => PeerMsg::Interested,
            "not" if rest == "interested" => PeerMsg::NotInterested,
            "have" => PeerMsg::Have(number("index")?),
            "bitfield" => PeerMsg::Bitfield(rest.chars().map(|c| c == '1').collect()),
            "request" => PeerMsg::Request {
                index: number("index")?,
                begin: number("begin")?,
                length: number("length")?,
            },
            "piece" => PeerMsg::Piece {
                index: number("index")?,
                begin: number("begin")?,
                length: number("block")?,
            },
            _ => return None,
        })
    }

    /// Its bytes as BEP 3 lays them out, but for a piece's block (the
    /// lab's file has no content): the handshake's whole 68, else the
    /// length prefix, the id and the payload's fields.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        if let PeerMsg::Handshake { info_hash, peer_id } = self {
            out.push(PROTOCOL.len() as u8);
            out.extend(PROTOCOL.as_bytes());
            out.extend([0; 8]);
            out.extend(
                (0..info_hash.len() / 2)
                    .filter_map(|i| u8::from_str_radix(info_hash.get(2 * i..2 * i + 2)?, 16).ok()),
            );
            out.extend(peer_id.as_bytes());
            return out;
        }
        out.extend((self.wire_bytes() - 4).to_be_bytes());
        out.extend(self.id());
        match self {
            PeerMsg::Have(index) => out.extend(index.to_be_bytes()),
            PeerMsg::Bitfield(bits) => {
                for byte in bits.chunks(8) {
                    let set = |(i, &b): (usize, &bool)| u8::from(b) << (7 - i);
                    out.push(byte.iter().enumerate().map(set).sum());
                }
            }
            PeerMsg::Request {
                index,
                begin,
                length,
            } => {
                for word in [index, begin, length] {
                    out.extend(word.to_be_bytes());
                }
            }
            PeerMsg::Piece { index, begin, .. } => {
                out.extend(index.to_be_bytes());
                out.extend(begin.to_be_bytes());
            }
            _ => {}
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_layout_are_bep_3s() {
        let hello = PeerMsg::Handshake {
            info_hash: "00".repeat(19) + "ff",
            peer_id: "-qB4650-abcdefghijkl".into(),
        };
        assert_eq!(hello.wire_bytes(), 68);
        let bytes = hello.encode();
        assert_eq!(bytes.len(), 68);
        assert_eq!(&bytes[..20], b"\x13BitTorrent protocol");
        assert_eq!(bytes[47], 0xff);
        let request = PeerMsg::Request {
            index: 1,
            begin: 16_384,
            length: 16_384,
        };
        assert_eq!(request.wire_bytes(), 17);
        assert_eq!(
            request.encode(),
            [0, 0, 0, 13, 6, 0, 0, 0, 1, 0, 0, 64, 0, 0, 0, 64, 0]
        );
        assert_eq!(PeerMsg::Have(3).encode(), [0, 0, 0, 5, 4, 0, 0, 0, 3]);
        assert_eq!(PeerMsg::Interested.encode(), [0, 0, 0, 1, 2]);
        let bits = PeerMsg::Bitfield(vec![true, false, true, true, true, true, true, true, true]);
        assert_eq!(bits.wire_bytes(), 7);
        assert_eq!(bits.encode(), [0, 0, 0, 3, 5, 0b1011_1111, 0b1000_0000]);
        let piece = PeerMsg::Piece {
            index: 0,
            begin: 0,
            length: 16_384,
        };
        assert_eq!(piece.wire_bytes(), 16_384 + 13);
        assert_eq!(&piece.encode()[..5], [0, 0, 0x40, 0x09, 7]);
    }

    #[test]
    fn every_line_reads_back() {
        for msg in [
            PeerMsg::Handshake {
                info_hash: "ab".repeat(20),
                peer_id: "-qB4650-abcdefghijkl".into(),
            },
            PeerMsg::Choke,
            PeerMsg::Unchoke,
            PeerMsg::Interested,
            PeerMsg::NotInterested,
            PeerMsg::Have(7),
            PeerMsg::Bitfield(vec![true, false, false, true]),
            PeerMsg::Request {
                index: 2,
                begin: 32_768,
                length: 16_384,
            },
            PeerMsg::Piece {
                index: 2,
                begin: 32_768,
                length: 16_384,
            },
        ] {
            assert_eq!(
                PeerMsg::parse(&msg.line()),
                Some(msg.clone()),
                "{}",
                msg.line()
            );
        }
        assert_eq!(PeerMsg::parse("cancel everything"), None);
    }
}
