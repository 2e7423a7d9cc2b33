//! WebSocket frames (RFC 6455 §5.2): after the handshake, each message
//! travels as a frame with a small binary header:
//!
//! ```text
//! byte 0: FIN (1 bit), three reserved bits, opcode (4 bits)
//! byte 1: MASK (1 bit), payload length (7 bits: 0-125; 126 and 127 say
//!         that 2 or 8 bytes of length follow)
//! then:   the extended length, if any; the 4-byte masking key, if MASK;
//!         the payload (masked: byte i XORed with key[i mod 4])
//! ```
//!
//! A client masks every frame it sends; a server masks none (§5.1): the
//! mask keeps a browser's script from choosing the bytes an old proxy on
//! the path reads (§10.3).

/// What a frame carries (§5.2, §11.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opcode {
    Text = 0x1,
    /// Closes the connection; its payload is a 2-byte status code (§5.5.1).
    Close = 0x8,
    /// A heartbeat (§5.5.2): the other side answers it with a Pong
    /// carrying the same payload (§5.5.3).
    Ping = 0x9,
    Pong = 0xA,
}

impl Opcode {
    /// As Wireshark names it in a capture's summary.
    pub fn name(self) -> &'static str {
        match self {
            Opcode::Text => "Text",
            Opcode::Close => "Connection Close",
            Opcode::Ping => "Ping",
            Opcode::Pong => "Pong",
        }
    }
}

use cslab_sim::proto::host::Net;
use cslab_sim::proto::tcp::ConnId;
use cslab_sim::proto::text::{TextProtocol, send_text};
use cslab_sim::rng::Rng;

/// "Normal closure" (§7.4.1).
pub const NORMAL_CLOSURE: u16 = 1000;

/// One frame: the whole message in it (FIN set: this lab sends no
/// fragments), masked with `mask` if a client sent it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub opcode: Opcode,
    pub mask: Option<[u8; 4]>,
    pub payload: Vec<u8>,
}

impl Frame {
    /// The bytes of its header: 2, then 2 or 8 more for a long payload,
    /// then 4 for the masking key.
    pub fn header_len(&self) -> u32 {
        let extended = match self.payload.len() {
            0..=125 => 0,
            126..=0xffff => 2,
            _ => 8,
        };
        2 + extended + if self.mask.is_some() { 4 } else { 0 }
    }

    /// The bytes it takes on the connection.
    pub fn wire_len(&self) -> u32 {
        self.header_len() + self.payload.len() as u32
    }

    /// The frame as sent: header, key, payload masked.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![0x80 | self.opcode as u8];
        let masked = if self.mask.is_some() { 0x80 } else { 0 };
        let len = self.payload.len();
        match len {
            0..=125 => out.push(masked | len as u8),
            126..=0xffff => {
                out.push(masked | 126);
                out.extend_from_slice(&(len as u16).to_be_bytes());
            }
            _ => {
                out.push(masked | 127);
                out.extend_from_slice(&(len as u64).to_be_bytes());
            }
        }
        match self.mask {
            Some(key) => {
                out.extend_from_slice(&key);
                out.extend(apply_mask(&self.payload, key));
            }
            None => out.extend_from_slice(&self.payload),
        }
        out
    }

    /// What a capture's summary says of it, then its payload as the
    /// receiver reads it (unmasked): `Text [FIN] [MASKED] key 37fa213d:
    /// Hello`. A close frame's payload is its status code.
    pub fn summary(&self) -> String {
        let mut line = format!("{} [FIN]", self.opcode.name());
        if let Some(key) = self.mask {
            let key: String = key.iter().map(|b| format!("{b:02x}")).collect();
            line.push_str(&format!(" [MASKED] key {key}"));
        }
        let payload = match self.opcode {
            Opcode::Close => match self.payload[..] {
                [high, low, ..] => u16::from_be_bytes([high, low]).to_string(),
                _ => String::new(),
            },
            _ => String::from_utf8_lossy(&self.payload).into_owned(),
        };
        format!("{line}: {payload}")
    }

    /// The frame a [`summary`](Self::summary) describes (what a capture
    /// file writes back as bytes).
    pub fn from_summary(summary: &str) -> Option<Frame> {
        let opcode = Frame::opcode_of(summary)?;
        let (head, payload) = summary.split_once(": ").unwrap_or((summary, ""));
        let mask = match head.split_once(" [MASKED] key ") {
            Some((_, key)) => {
                let key = u32::from_str_radix(key, 16).ok()?;
                Some(key.to_be_bytes())
            }
            None => None,
        };
        let payload = match opcode {
            Opcode::Close if payload.is_empty() => Vec::new(),
            Opcode::Close => payload.parse::<u16>().ok()?.to_be_bytes().to_vec(),
            _ => payload.as_bytes().to_vec(),
        };
        Some(Frame {
            opcode,
            mask,
            payload,
        })
    }

    /// A text frame's payload read back from its [`summary`](Self::summary).
    pub fn text_of(summary: &str) -> Option<&str> {
        let rest = summary.strip_prefix("Text [FIN]")?;
        Some(rest.split_once(": ")?.1)
    }

    pub fn is_close(summary: &str) -> bool {
        summary.starts_with(Opcode::Close.name())
    }

    /// The opcode a summary names.
    pub fn opcode_of(summary: &str) -> Option<Opcode> {
        [Opcode::Text, Opcode::Close, Opcode::Ping, Opcode::Pong]
            .into_iter()
            .find(|opcode| summary.starts_with(&format!("{} [FIN]", opcode.name())))
    }

    /// Sends the frame on `conn` (inside TLS if `sealed`), named by its
    /// summary and taking its wire length.
    pub fn send(&self, net: &mut Net, conn: ConnId, sealed: bool) {
        let summary = self.summary();
        let bytes = Some(self.wire_len());
        send_text(net, conn, TextProtocol::WebSocket, &summary, bytes, sealed);
    }

    /// A client's frame: masked with a fresh key from the world's random
    /// numbers (§5.3: "derived from a strong source of entropy").
    pub fn masked(opcode: Opcode, payload: Vec<u8>, rng: &mut Rng) -> Frame {
        let key = (rng.next_u64() as u32).to_be_bytes();
        Frame {
            opcode,
            mask: Some(key),
            payload,
        }
    }

    /// A server's frame: unmasked (§5.1).
    pub fn unmasked(opcode: Opcode, payload: Vec<u8>) -> Frame {
        Frame {
            opcode,
            mask: None,
            payload,
        }
    }

    /// A close frame with status 1000.
    pub fn close(mask: Option<[u8; 4]>) -> Frame {
        Frame {
            opcode: Opcode::Close,
            mask,
            payload: NORMAL_CLOSURE.to_be_bytes().to_vec(),
        }
    }
}

/// Each byte XORed with the key's byte at its position mod 4 (§5.3); the
/// same again unmasks.
pub fn apply_mask(payload: &[u8], key: [u8; 4]) -> impl Iterator<Item = u8> + '_ {
    (payload.iter().enumerate()).map(move |(i, b)| b ^ key[i % 4])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(payload: &[u8], mask: Option<[u8; 4]>) -> Frame {
        Frame {
            opcode: Opcode::Text,
            mask,
            payload: payload.to_vec(),
        }
    }

    #[test]
    fn a_summary_reads_back_as_its_frame() {
        for frame in [
            text(b"Hello", None),
            text(b"{\"a\": 1}", Some([0x37, 0xfa, 0x21, 0x3d])),
            Frame::close(Some([0, 1, 2, 3])),
            Frame::unmasked(Opcode::Ping, b"beat".to_vec()),
        ] {
            assert_eq!(Frame::from_summary(&frame.summary()), Some(frame.clone()));
        }
    }

    /// RFC 6455 §5.7's examples: "Hello" unmasked, and masked with the
    /// key 37 fa 21 3d.
    #[test]
    fn the_rfc_examples_encode_byte_for_byte() {
        let hello = text(b"Hello", None);
        assert_eq!(hello.encode(), [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]);
        assert_eq!(hello.wire_len(), 7);
        let masked = text(b"Hello", Some([0x37, 0xfa, 0x21, 0x3d]));
        assert_eq!(
            masked.encode(),
            [
                0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58
            ]
        );
        assert_eq!(masked.wire_len(), 11);
        let unmasked: Vec<u8> =
            apply_mask(&masked.encode()[6..], [0x37, 0xfa, 0x21, 0x3d]).collect();
        assert_eq!(unmasked, b"Hello");
        assert_eq!(masked.summary(), "Text [FIN] [MASKED] key 37fa213d: Hello");
        assert_eq!(Frame::text_of(&masked.summary()), Some("Hello"));
    }

    /// Header sizes at the length's edges: 125 bytes fit the 7 bits; 126
    /// take 2 more (§5.7's 256-byte example: 0x7e 0x01 0x00); 65,536 take 8.
    #[test]
    fn header_sizes_grow_with_the_payload() {
        let key = Some([1, 2, 3, 4]);
        assert_eq!(text(&[b'x'; 125], None).header_len(), 2);
        assert_eq!(text(&[b'x'; 125], key).header_len(), 2 + 4);
        assert_eq!(text(&[b'x'; 126], None).header_len(), 2 + 2);
        assert_eq!(text(&[b'x'; 126], key).wire_len(), 2 + 2 + 4 + 126);
        let long = text(&[b'x'; 256], None).encode();
        assert_eq!(long[..4], [0x81, 0x7e, 0x01, 0x00]);
        assert_eq!(text(&[b'x'; 65_536], None).header_len(), 2 + 8);
        let close = Frame::close(key);
        // 2 + 4 + the status code's 2 bytes; 1000 = 0x03e8.
        assert_eq!(close.encode(), [0x88, 0x82, 1, 2, 3, 4, 0x03 ^ 1, 0xe8 ^ 2]);
        assert_eq!(
            close.summary(),
            "Connection Close [FIN] [MASKED] key 01020304: 1000"
        );
        assert!(Frame::is_close(&close.summary()));
    }
}
