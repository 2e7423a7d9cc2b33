//! RTP's fixed header (RFC 3550 §5.1): 12 bytes, version 2, the payload
//! type, a 16-bit sequence number that counts packets (a gap is a loss:
//! RTP over UDP never sends a packet again), a timestamp in the media's
//! clock (90 kHz for video, RFC 3551 §5) and the source's SSRC.

/// H.264's dynamic payload type as cameras announce it (`a=rtpmap:96
/// H264/90000`, RFC 6184).
pub const PAYLOAD_TYPE: u8 = 96;
/// Video's RTP clock (RFC 3551 §5): 90,000 ticks a second.
pub const VIDEO_CLOCK: u32 = 90_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RtpHeader {
    /// The last packet of a frame (RFC 6184 §5.1).
    pub marker: bool,
    pub payload_type: u8,
    pub seq: u16,
    pub timestamp: u32,
    pub ssrc: u32,
}

impl RtpHeader {
    pub const LEN: usize = 12;

    pub fn encode(&self) -> [u8; 12] {
        let mut out = [0; 12];
        out[0] = 2 << 6; // V=2, no padding, no extension, no CSRC
        out[1] = (u8::from(self.marker) << 7) | self.payload_type;
        out[2..4].copy_from_slice(&self.seq.to_be_bytes());
        out[4..8].copy_from_slice(&self.timestamp.to_be_bytes());
        out[8..12].copy_from_slice(&self.ssrc.to_be_bytes());
        out
    }

    pub fn decode(bytes: &[u8]) -> Option<RtpHeader> {
        if bytes.len() < Self::LEN || bytes[0] >> 6 != 2 {
            return None;
        }
        let word = |at: usize| {
            u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        Some(RtpHeader {
            marker: bytes[1] & 0x80 != 0,
            payload_type: bytes[1] & 0x7f,
            seq: u16::from_be_bytes([bytes[2], bytes[3]]),
            timestamp: word(4),
            ssrc: word(8),
        })
    }

    /// As a capture's info column writes it.
    pub fn summary(&self) -> String {
        let mark = if self.marker { ", Mark" } else { "" };
        format!(
            "PT=DynamicRTP-Type-{}, SSRC=0x{:08X}, Seq={}, Time={}{mark}",
            self.payload_type, self.ssrc, self.seq, self.timestamp
        )
    }
}

/// The timestamp step between frames at `fps` (90,000 / 30 = 3,000).
pub fn ticks_per_frame(fps: u32) -> u32 {
    VIDEO_CLOCK / fps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_twelve_bytes_and_reads_back() {
        let header = RtpHeader {
            marker: true,
            payload_type: PAYLOAD_TYPE,
            seq: 0xBEEF,
            timestamp: 3_000,
            ssrc: 0x1A2B_3C4D,
        };
        let bytes = header.encode();
        // 0x80: version 2; 0xE0: marker + 96.
        assert_eq!(
            bytes,
            [
                0x80, 0xE0, 0xBE, 0xEF, 0, 0, 0x0B, 0xB8, 0x1A, 0x2B, 0x3C, 0x4D
            ]
        );
        assert_eq!(RtpHeader::decode(&bytes), Some(header));
        assert_eq!(ticks_per_frame(30), 3_000);
        assert_eq!(ticks_per_frame(25), 3_600);
        assert_eq!(ticks_per_frame(15), 6_000);
    }
}
