//! The application protocols the lab shows by their words only: a mail
//! server's SMTP (RFC 5321), IMAP (RFC 9051) and POP3 (RFC 1939), SSH's
//! identification strings (RFC 4253 §4.2), WebSocket frames (RFC 6455 §5.2) and PostgreSQL's frontend/backend
//! messages (its documentation, "Message Formats"). A [`TextMsg`] is one line or message as a capture shows it;
//! what each program says, and when, is in [`crate::apps::programs`].

use super::host::Net;
use super::tcp::ConnId;
use super::{AppMsg, Message};
use crate::names::Name;
use serde::Serialize;

/// Mail's ports: SMTP between servers (RFC 5321), message submission (RFC
/// 6409), IMAP and POP3 over TLS from the first byte (RFC 8314).
pub const SMTP_PORT: u16 = 25;
pub const SUBMISSION_PORT: u16 = 587;
pub const IMAPS_PORT: u16 = 993;
pub const POP3S_PORT: u16 = 995;

/// Whether an SMTP reply says the message is queued, in Postfix's words
/// (`250 2.0.0 Ok: queued as …`) or Exim's (`250 OK id=…`).
pub fn is_smtp_queued(reply: &str) -> bool {
    reply.starts_with("250 2.0.0 Ok: queued as") || reply.starts_with("250 OK id=")
}

/// `code` of the [`crate::trace::TraceEvent::App`] records mail servers
/// write (the e-mail lesson's narration reads them).
pub mod mail_trace {
    /// A message went into a mailbox on this server.
    pub const KEPT: u32 = 40;
    /// A message was queued to be passed on (value: the port it came on).
    pub const TO_PASS_ON: u32 = 41;
    /// An exchange did not answer; the relay gave it up (value: seconds
    /// it waited).
    pub const SILENT: u32 = 42;
    /// No exchange took the message: it waits in the queue (value: seconds
    /// until it may be tried again).
    pub const DEFERRED: u32 = 43;
    /// A queue run takes a deferred message to try it again (value: the
    /// attempt's number, from 2).
    pub const RETRY: u32 = 44;
    /// A machine that was off is switched back on.
    pub const BACK_ON: u32 = 45;
}

/// `code` of the [`crate::trace::TraceEvent::App`] records the chat
/// writes (the lesson "A live connection"; its narration reads them).
pub mod chat_trace {
    /// A message reached the chat server (value: its id).
    pub const WRITTEN: u32 = 60;
    /// Alice's browser has a message (value: its id).
    pub const RECEIVED: u32 = 61;
    /// The server holds a long poll (value: the id it waits after).
    pub const HELD: u32 = 62;
    /// A held long poll waited its time and is answered empty.
    pub const HOLD_OVER: u32 = 63;
    /// Alice closes the chat's page.
    pub const PAGE_CLOSED: u32 = 64;
}

/// `code` of the [`crate::trace::TraceEvent::App`] records the streaming
/// lesson's programs write: each the step of its story that begins there
/// (its value says more: a rendition, a sequence number, a time).
pub mod stream_trace {
    pub const HLS_MULTIVARIANT: u32 = 80;
    pub const HLS_MEDIA: u32 = 81;
    pub const HLS_SEGMENT: u32 = 82;
    /// Playback begins (value: ms behind live).
    pub const HLS_PLAYING: u32 = 83;
    /// The line's rate drops (value: bit/s).
    pub const LINE_DROPS: u32 = 84;
    /// The player picks a lower rendition (value: its index).
    pub const HLS_DOWN: u32 = 85;
    pub const LINE_RECOVERS: u32 = 86;
    pub const HLS_UP: u32 = 87;
    /// The buffer ran dry: playback stalls.
    pub const HLS_STALL: u32 = 88;
    pub const HLS_DONE: u32 = 89;
    pub const RTSP_OPTIONS: u32 = 90;
    pub const RTSP_DESCRIBE: u32 = 91;
    pub const RTSP_SETUP: u32 = 92;
    pub const RTSP_PLAY: u32 = 93;
    pub const RTP_FLOWING: u32 = 94;
    /// A gap in sequence numbers (value: the first missing one).
    pub const RTP_GLITCH: u32 = 95;
    pub const RTSP_TEARDOWN: u32 = 96;
    pub const RTC_SIGNALLING: u32 = 100;
    pub const RTC_STUN: u32 = 101;
    pub const RTC_TURN: u32 = 102;
    pub const RTC_OFFER: u32 = 103;
    pub const RTC_ANSWER: u32 = 104;
    pub const RTC_CHECKS: u32 = 105;
    /// A check got through (value: 1 if the pair is relayed).
    pub const RTC_CHECK_OK: u32 = 106;
    /// Media flows on the chosen pair (value: 1 if relayed).
    pub const RTC_MEDIA: u32 = 107;
    pub const RTC_HANGUP: u32 = 108;
    /// A check came from an address no candidate named (RFC 8445 §7.3.1.3).
    pub const RTC_PEER_REFLEXIVE: u32 = 109;
}

/// Which protocol a line belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextProtocol {
    Smtp,
    Ssh,
    Postgres,
    Imap,
    Pop3,
    /// A WebSocket frame (RFC 6455 §5.2), summarised as a capture does.
    WebSocket,
    /// RTSP 1.0's requests and responses (RFC 2326), a whole message.
    Rtsp,
    /// An RTP packet (RFC 3550 §5.1), by its header's fields.
    Rtp,
    /// A STUN or TURN message (RFC 8489, RFC 8656), by its type and
    /// attributes.
    Stun,
    /// An SRTP packet (RFC 3711): its RTP header in the clear.
    Srtp,
}

impl TextProtocol {
    /// Its name as a capture (Wireshark) names it.
    pub fn as_str(self) -> &'static str {
        match self {
            TextProtocol::Smtp => "SMTP",
            TextProtocol::Ssh => "SSH",
            TextProtocol::Postgres => "PGSQL",
            TextProtocol::Imap => "IMAP",
            TextProtocol::Pop3 => "POP",
            TextProtocol::WebSocket => "WebSocket",
            TextProtocol::Rtsp => "RTSP",
            TextProtocol::Rtp => "RTP",
            TextProtocol::Stun => "STUN",
            TextProtocol::Srtp => "SRTP",
        }
    }
}

/// One line (SMTP, SSH) or message (PostgreSQL) of a dialogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TextMsg {
    pub protocol: TextProtocol,
    /// The line as sent, without its CRLF; a PostgreSQL message as a
    /// capture summarises it (`StartupMessage user=lab database=shop`).
    pub line: Name,
    /// Bytes on the wire (the CRLF included; a binary message's length).
    pub bytes: u32,
}

/// Sends `text` (one line, or a reply of several lines joined by CRLF) of
/// `protocol` on `conn`, inside TLS if `sealed`. `bytes` is a binary
/// message's length; a text counts its closing CRLF.
pub fn send_text(
    net: &mut Net,
    conn: ConnId,
    protocol: TextProtocol,
    text: &str,
    bytes: Option<u32>,
    sealed: bool,
) {
    let plain = bytes.unwrap_or(text.len() as u32 + 2);
    let msg = TextMsg {
        protocol,
        line: net.ctx.intern(text),
        bytes: plain,
    };
    net.send_app(conn, AppMsg::Text(msg), plain, sealed);
}

/// The text a message carries, if it is a text protocol's.
pub fn text_of<'n>(net: &'n Net, msg: &Message) -> Option<&'n str> {
    match msg.app {
        AppMsg::Text(text) => Some(net.ctx.name(text.line)),
        _ => None,
    }
}

impl TextMsg {
    pub(crate) fn hash_words(&self, f: &mut dyn FnMut(u64)) {
        f(((self.protocol as u64) << 48) | ((self.bytes as u64) << 16));
        f(self.line.0 as u64);
    }
}
