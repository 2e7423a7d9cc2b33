//! The bytes of the protocols the lab shows by their words
//! ([`TextProtocol`]): a text protocol's line as sent, with its CRLF; a
//! binary one's header where the lab carries it as bytes (RTP, STUN: hex
//! under the summary line), else its words, each filled to the lab's size.

use super::Filler;
use cslab_sim::proto::text::{TextMsg, TextProtocol};
use cslab_stream::hex;

pub fn message(m: &TextMsg, text: &str, fill: &mut Filler) -> Vec<u8> {
    match m.protocol {
        // SSH's payloads after NEWKEYS and SFTP's inside them: only their
        // sizes cross the wire in the clear.
        _ if m.encrypted => fill.bytes(m.bytes as usize),
        TextProtocol::Rtp | TextProtocol::Stun | TextProtocol::Srtp => {
            hex::bytes_of(text).unwrap_or_default()
        }
        TextProtocol::FtpData => fill.bytes(m.bytes as usize),
        _ => format!("{text}\r\n").into_bytes(),
    }
}
