//! The TCP segment as the simulator carries it: the flag bits and the
//! header fields of [`TcpSeg`].

use serde::Serialize;

/// TCP flag bits.
pub mod flags {
    pub const FIN: u8 = 0x01;
    pub const SYN: u8 = 0x02;
    pub const RST: u8 = 0x04;
    pub const PSH: u8 = 0x08;
    pub const ACK: u8 = 0x10;
}

/// The TCP header fields of a segment, as the inspector shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TcpSeg {
    pub seq: u32,
    pub ack: u32,
    /// [`flags`] bits.
    pub flags: u8,
    /// Advertised receive window, bytes (no window scaling shown).
    pub window: u32,
    /// Payload bytes.
    pub len: u32,
    /// Offset of this payload within the application record it belongs to.
    pub rec_off: u32,
    /// Length of that record.
    pub rec_len: u32,
    /// The sender had sent these bytes (or this SYN/FIN) before.
    pub retransmission: bool,
}

impl TcpSeg {
    pub fn has(&self, f: u8) -> bool {
        self.flags & f != 0
    }

    /// Flags as text: `SYN`, `SYN ACK`, `FIN PSH ACK`...
    pub fn flag_names(&self) -> String {
        let mut v = Vec::new();
        for (bit, name) in [
            (flags::SYN, "SYN"),
            (flags::FIN, "FIN"),
            (flags::RST, "RST"),
            (flags::PSH, "PSH"),
            (flags::ACK, "ACK"),
        ] {
            if self.has(bit) {
                v.push(name);
            }
        }
        v.join(" ")
    }

    pub(crate) fn hash_words(&self, f: &mut dyn FnMut(u64)) {
        f(((self.seq as u64) << 32) | self.ack as u64);
        f(((self.flags as u64) << 40) | ((self.retransmission as u64) << 32) | self.window as u64);
        f(((self.len as u64) << 32) | self.rec_off as u64);
        f(self.rec_len as u64);
    }
}
