//! A WebRTC call: two browsers, each behind its home router, swap an SDP
//! offer and answer through a [`signalling`] server over a WebSocket,
//! learn their public addresses from a STUN server and get a relayed one
//! from TURN ([`relay`], coturn's part), try every pair of candidates with
//! ICE's checks, and send media on the best pair that works ([`agent`]).

pub mod agent;
pub mod relay;
pub mod sdp;
pub mod signalling;

use crate::hex;
use crate::rtp::RtpHeader;
use crate::stun::StunMsg;
use cslab_sim::proto::text::TextProtocol;

/// What a datagram's bytes are, by their first byte (RFC 7983 §7: 0–3
/// STUN, 128–191 RTP), and the text it travels as.
pub fn datagram(bytes: &[u8]) -> Option<(TextProtocol, String)> {
    match bytes.first()? {
        0..=3 => {
            let msg = StunMsg::decode(bytes)?;
            Some((TextProtocol::Stun, hex::with_bytes(&msg.summary(), bytes)))
        }
        128..=191 => {
            let header = RtpHeader::decode(bytes)?;
            Some((
                TextProtocol::Srtp,
                hex::with_bytes(&header.summary(), bytes),
            ))
        }
        _ => None,
    }
}

/// Bytes of video a call's packet carries beyond its RTP header, and
/// SRTP's authentication tag (RFC 3711 §4.2: 80 bits).
pub const MEDIA_BYTES: u32 = 1_100 + 10;
