//! The pcapng container (draft-ietf-opsawg-pcapng): a Section Header Block,
//! one Interface Description Block, then one Enhanced Packet Block per
//! frame. Every block is `type, total length, body, total length`, its body
//! padded to 32 bits; numbers are written little-endian, which the SHB's
//! byte-order magic tells readers.

/// Block types (§4.1, §4.2, §4.3).
const SECTION_HEADER: u32 = 0x0A0D_0D0A;
const INTERFACE_DESCRIPTION: u32 = 0x0000_0001;
const ENHANCED_PACKET: u32 = 0x0000_0006;
/// §4.1: written as 0x1A2B3C4D in the writer's byte order.
const BYTE_ORDER_MAGIC: u32 = 0x1A2B_3C4D;
/// LINKTYPE_ETHERNET (tcpdump.org's link-layer header types): Ethernet II
/// frames without their FCS.
const LINKTYPE_ETHERNET: u16 = 1;
/// §4.2 option `if_tsresol` (code 9): timestamps count units of
/// 10^-value seconds. Without it they count microseconds; the lab's clock
/// counts nanoseconds, so the file says 9 and keeps every time exact.
const IF_TSRESOL: u16 = 9;
const NANOSECONDS: u8 = 9;

/// A pcapng file being written in memory.
pub struct Writer {
    out: Vec<u8>,
}

impl Writer {
    /// A file with its section header and the one Ethernet interface
    /// every frame is captured on.
    pub fn new() -> Writer {
        let mut w = Writer { out: Vec::new() };
        let mut shb = Vec::new();
        shb.extend(BYTE_ORDER_MAGIC.to_le_bytes());
        shb.extend(1u16.to_le_bytes()); // major version
        shb.extend(0u16.to_le_bytes()); // minor version
        shb.extend((-1i64).to_le_bytes()); // section length: not given
        w.block(SECTION_HEADER, &shb);
        let mut idb = Vec::new();
        idb.extend(LINKTYPE_ETHERNET.to_le_bytes());
        idb.extend(0u16.to_le_bytes()); // reserved
        idb.extend(0u32.to_le_bytes()); // snaplen: no limit
        idb.extend(IF_TSRESOL.to_le_bytes());
        idb.extend(1u16.to_le_bytes());
        idb.extend([NANOSECONDS, 0, 0, 0]);
        idb.extend([0u8; 4]); // opt_endofopt
        w.block(INTERFACE_DESCRIPTION, &idb);
        w
    }

    /// One frame captured at `t_ns` nanoseconds, whole (captured length =
    /// original length).
    pub fn packet(&mut self, t_ns: u64, frame: &[u8]) {
        let mut epb = Vec::with_capacity(20 + frame.len() + 3);
        epb.extend(0u32.to_le_bytes()); // interface id
        epb.extend(((t_ns >> 32) as u32).to_le_bytes());
        epb.extend((t_ns as u32).to_le_bytes());
        epb.extend((frame.len() as u32).to_le_bytes());
        epb.extend((frame.len() as u32).to_le_bytes());
        epb.extend(frame);
        self.block(ENHANCED_PACKET, &epb);
    }

    pub fn finish(self) -> Vec<u8> {
        self.out
    }

    fn block(&mut self, kind: u32, body: &[u8]) {
        let padded = body.len().div_ceil(4) * 4;
        let total = (12 + padded) as u32;
        self.out.extend(kind.to_le_bytes());
        self.out.extend(total.to_le_bytes());
        self.out.extend(body);
        self.out.resize(self.out.len() + padded - body.len(), 0);
        self.out.extend(total.to_le_bytes());
    }
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_framed_and_padded_to_32_bits() {
        let mut w = Writer::new();
        w.packet(1_500_000_123, &[1, 2, 3, 4, 5]);
        let out = w.finish();
        // SHB: 12 + 16; IDB: 12 + 8 + 8 (if_tsresol) + 4 (end of options).
        assert_eq!(&out[..4], &SECTION_HEADER.to_le_bytes());
        assert_eq!(u32::from_le_bytes(out[4..8].try_into().unwrap()), 28);
        let idb = &out[28..];
        assert_eq!(u32::from_le_bytes(idb[4..8].try_into().unwrap()), 32);
        let epb = &out[60..];
        assert_eq!(u32::from_le_bytes(epb[..4].try_into().unwrap()), 6);
        // 12 + 20 + 5 bytes padded to 8.
        assert_eq!(u32::from_le_bytes(epb[4..8].try_into().unwrap()), 40);
        assert_eq!(epb.len(), 40);
        assert_eq!(&epb[36..40], &40u32.to_le_bytes());
        let t = (u32::from_le_bytes(epb[12..16].try_into().unwrap()) as u64) << 32
            | u32::from_le_bytes(epb[16..20].try_into().unwrap()) as u64;
        assert_eq!(t, 1_500_000_123);
    }
}
