//! The bytes of the protocols the lab shows by their words
//! ([`TextProtocol`]): a text protocol's line as sent, with its CRLF; a
//! binary one's header where the lab carries it as bytes (RTP, STUN: hex
//! under the summary line) or its summary says every field (a WebSocket
//! frame), else its words, each filled to the lab's size.

use super::{Filler, mongo, mysql, pgsql};
use cslab_chat::frame::Frame;
use cslab_sim::apps::bitcoin::wire::BtcMsg;
use cslab_sim::apps::bittorrent::wire::PeerMsg;
use cslab_sim::proto::text::{TextMsg, TextProtocol};
use cslab_stream::hex;

/// `number`: the message's place in its connection's dialogue (MySQL's
/// sequence id, MongoDB's request id); `conn` names the connection.
pub fn message(m: &TextMsg, text: &str, number: u32, conn: u64, fill: &mut Filler) -> Vec<u8> {
    match m.protocol {
        // SSH's payloads after NEWKEYS and SFTP's inside them: only their
        // sizes cross the wire in the clear.
        _ if m.encrypted => fill.bytes(m.bytes as usize),
        TextProtocol::Rtp | TextProtocol::Stun | TextProtocol::Srtp => {
            hex::bytes_of(text).unwrap_or_default()
        }
        TextProtocol::FtpData => fill.bytes(m.bytes as usize),
        TextProtocol::Game => game(text, fill),
        TextProtocol::Mysql => {
            mysql::packet(text, number as u8, fill).unwrap_or_else(|| text.as_bytes().to_vec())
        }
        TextProtocol::Mongo => {
            mongo::message(text, number, conn).unwrap_or_else(|| text.as_bytes().to_vec())
        }
        TextProtocol::Postgres => {
            pgsql::message(text, m.bytes as usize, fill).unwrap_or_else(|| text.as_bytes().to_vec())
        }
        // A piece's block is filled to its size after its header.
        TextProtocol::BitTorrent => PeerMsg::parse(text)
            .map(|msg| msg.encode())
            .unwrap_or_default(),
        // Every byte: the header with its checksum, and the payload (a
        // block's transactions built again from its size and miner).
        TextProtocol::Bitcoin => BtcMsg::parse(text)
            .map(|msg| msg.encode())
            .unwrap_or_default(),
        TextProtocol::WebSocket => Frame::from_summary(text)
            .map(|frame| frame.encode())
            .unwrap_or_default(),
        _ => [text.as_bytes(), b"\r\n"].concat(),
    }
}

/// A game server's snapshot in the lab's own layout (`cslab_game`): its
/// number, the input it acknowledges and the server's time (not modelled:
/// zero), 32 bits each, then 20 bytes a player. Other game datagrams are
/// their words.
fn game(text: &str, fill: &mut Filler) -> Vec<u8> {
    let number = |key: &str| {
        (text.split(' '))
            .find_map(|w| w.strip_prefix(key)?.parse::<u32>().ok())
            .unwrap_or(0)
    };
    let Some(rest) = text.strip_prefix("Snapshot ") else {
        return text.as_bytes().to_vec();
    };
    let tick: u32 = rest
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut out = Vec::new();
    for word in [tick, number("ack="), 0] {
        out.extend(word.to_be_bytes());
    }
    out.extend(fill.bytes(20 * number("players=") as usize));
    out
}
