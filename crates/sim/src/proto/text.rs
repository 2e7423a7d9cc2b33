//! The application protocols the lab shows by their words only: a mail
//! server's SMTP (RFC 5321), IMAP (RFC 9051) and POP3 (RFC 1939), SSH's
//! identification strings (RFC 4253 §4.2) and messages, FTP's commands and
//! replies (RFC 959) and SFTP's packets, WebSocket frames (RFC 6455 §5.2), PostgreSQL's frontend/backend
//! messages (its documentation, "Message Formats", built in [`pg`]), MySQL's client/server
//! packets and MongoDB's OP_MSG commands. A [`TextMsg`] is one line or message as a capture shows it;
//! what each program says, and when, is in [`crate::apps::programs`].

use super::host::Net;
use super::tcp::{ConnId, TcpEvent};
use super::{AppMsg, Message};
use crate::names::Name;
use crate::net::{Addr, Outgoing};
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

/// `code` of the [`crate::trace::TraceEvent::App`] records the database
/// lesson's machines write (its narration reads them).
pub mod db_trace {
    /// The app opens a connection to the database (value: how many it
    /// has opened, from 1).
    pub const CONNECT: u32 = 70;
    /// A connection is authenticated and ready for queries (value: 0).
    pub const READY: u32 = 71;
    /// The app sends the page's query (value: 0).
    pub const QUERY: u32 = 72;
    /// The app has the rows or documents (value: 0).
    pub const ROWS: u32 = 73;
    /// A request takes a pooled connection already open (value: 0).
    pub const REUSE: u32 = 74;
    /// A request waits for a pooled connection (value: requests waiting).
    pub const WAIT: u32 = 75;
    /// The database refuses a connection (value: connections it holds).
    pub const REFUSED: u32 = 76;
    /// Every user has the answers (value: users).
    pub const ALL_ANSWERED: u32 = 77;
}

/// `code` of the [`crate::trace::TraceEvent::App`] records the game
/// service writes (the lesson "A game service"; its narration reads them).
pub mod game_trace {
    /// The matchmaker holds a request while it gathers players (value:
    /// players queued).
    pub const QUEUED: u32 = 80;
    /// The game server starts the match (value: its tick rate).
    pub const MATCH_STARTED: u32 = 81;
    /// A client saw a gap in the snapshots' numbers (value: how many it
    /// skipped).
    pub const SKIPPED: u32 = 82;
    /// A presence server switches off (value: its number, from 1).
    pub const SERVER_FAILED: u32 = 83;
    /// A client gave its presence connection up: no Pong came (value: the
    /// milliseconds it waits before it connects again).
    pub const PRESENCE_LOST: u32 = 84;
    /// A presence server learned that a player went offline (value: the
    /// player's account id).
    pub const WENT_OFFLINE: u32 = 85;
    /// A client measured its ping (value: microseconds).
    pub const PING: u32 = 86;
    /// The match is over (value: the snapshots the client received).
    pub const MATCH_OVER: u32 = 87;
}
/// `code` of the [`crate::trace::TraceEvent::App`] records the lesson
/// "Moving a file" writes (its narration reads them).
pub mod files_trace {
    /// The client has the whole file (value: bytes).
    pub const COMPLETE: u32 = 90;
    /// The download stalled: the client gave its connection up (value:
    /// the bytes of the file it keeps).
    pub const STALLED: u32 = 91;
    /// The FTP server gave up opening the data connection (value: seconds
    /// it tried).
    pub const NO_DATA_CONNECTION: u32 = 92;
}

/// `code` of the [`crate::trace::TraceEvent::App`] records the streaming
/// lesson's programs write: each the step of its story that begins there
/// (its value says more: a rendition, a sequence number, a time).
pub mod stream_trace {
    pub const HLS_MULTIVARIANT: u32 = 110;
    pub const HLS_MEDIA: u32 = 111;
    pub const HLS_SEGMENT: u32 = 112;
    /// Playback begins (value: ms behind live).
    pub const HLS_PLAYING: u32 = 113;
    /// The line's rate drops (value: bit/s).
    pub const LINE_DROPS: u32 = 114;
    /// The player picks a lower rendition (value: its index).
    pub const HLS_DOWN: u32 = 115;
    pub const LINE_RECOVERS: u32 = 116;
    pub const HLS_UP: u32 = 117;
    /// The buffer ran dry: playback stalls.
    pub const HLS_STALL: u32 = 118;
    pub const HLS_DONE: u32 = 119;
    pub const RTSP_OPTIONS: u32 = 120;
    pub const RTSP_DESCRIBE: u32 = 121;
    pub const RTSP_SETUP: u32 = 122;
    pub const RTSP_PLAY: u32 = 123;
    pub const RTP_FLOWING: u32 = 124;
    /// A gap in sequence numbers (value: the first missing one).
    pub const RTP_GLITCH: u32 = 125;
    pub const RTSP_TEARDOWN: u32 = 126;
    pub const RTC_SIGNALLING: u32 = 130;
    pub const RTC_STUN: u32 = 131;
    pub const RTC_TURN: u32 = 132;
    pub const RTC_OFFER: u32 = 133;
    pub const RTC_ANSWER: u32 = 134;
    pub const RTC_CHECKS: u32 = 135;
    /// A check got through (value: 1 if the pair is relayed).
    pub const RTC_CHECK_OK: u32 = 136;
    /// Media flows on the chosen pair (value: 1 if relayed).
    pub const RTC_MEDIA: u32 = 137;
    pub const RTC_HANGUP: u32 = 138;
    /// A check came from an address no candidate named (RFC 8445 §7.3.1.3).
    pub const RTC_PEER_REFLEXIVE: u32 = 139;
    /// The same, come through this side's TURN relay (a Data indication
    /// from a peer address no candidate named).
    pub const RTC_PEER_REFLEXIVE_RELAYED: u32 = 140;
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
    /// A MySQL client/server protocol packet.
    Mysql,
    /// A MongoDB wire protocol message (OP_MSG).
    Mongo,
    /// A game's datagrams (the lesson "A game service": the lab's own
    /// format, as a game's protocol is the game's own).
    Game,
    /// What a cluster's servers tell each other (the same lesson).
    Cluster,
    /// FTP's control connection: commands and replies (RFC 959 §4).
    Ftp,
    /// What an FTP data connection carries (a file), as a capture names it.
    FtpData,
    /// SFTP's packets (draft-ietf-secsh-filexfer-02), inside SSH.
    Sftp,
    /// RTSP 1.0's requests and responses (RFC 2326), a whole message.
    Rtsp,
    /// An RTP packet (RFC 3550 §5.1), by its header's fields.
    Rtp,
    /// A STUN or TURN message (RFC 8489, RFC 8656), by its type and
    /// attributes.
    Stun,
    /// An SRTP packet (RFC 3711): its RTP header in the clear.
    Srtp,
    /// BitTorrent's peer wire (BEP 3): the handshake and the messages.
    BitTorrent,
    /// Bitcoin's peer-to-peer messages (`crate::apps::bitcoin::wire`).
    Bitcoin,
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
            TextProtocol::Mysql => "MySQL",
            TextProtocol::Mongo => "MONGO",
            TextProtocol::Game => "Game",
            TextProtocol::Cluster => "Cluster",
            TextProtocol::Ftp => "FTP",
            TextProtocol::FtpData => "FTP-DATA",
            TextProtocol::Sftp => "SFTP",
            TextProtocol::Rtsp => "RTSP",
            TextProtocol::Rtp => "RTP",
            TextProtocol::Stun => "STUN",
            TextProtocol::Srtp => "SRTP",
            TextProtocol::BitTorrent => "BitTorrent",
            TextProtocol::Bitcoin => "Bitcoin",
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
    /// Inside an encrypted SSH packet (after NEWKEYS, RFC 4253 §7.3): an
    /// observer on the path sees its size, not its words.
    pub encrypted: bool,
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
        encrypted: false,
    };
    net.send_app(conn, AppMsg::Text(msg), plain, sealed);
}

/// Sends `text` of `protocol` in one UDP datagram from `src_port` to
/// `dst:dst_port`, `bytes` long above UDP (a binary message's length): no
/// connection, no retransmission; lost is lost.
pub fn send_datagram(
    net: &mut Net,
    (dst, src_port, dst_port): (Addr, u16, u16),
    protocol: TextProtocol,
    text: &str,
    bytes: u32,
) {
    let msg = TextMsg {
        protocol,
        line: net.ctx.intern(text),
        bytes,
        encrypted: false,
    };
    let out = Outgoing::udp(dst, src_port, dst_port, bytes);
    net.ctx.send_msg(out, Message::udp(AppMsg::Text(msg)));
}

/// Sends `text`, summarising a binary message of `protocol` that is `bytes`
/// long on the wire, encrypted by the protocol itself (SSH after NEWKEYS),
/// not by TLS.
pub fn send_encrypted(net: &mut Net, conn: ConnId, protocol: TextProtocol, text: &str, bytes: u32) {
    let msg = TextMsg {
        protocol,
        line: net.ctx.intern(text),
        bytes,
        encrypted: true,
    };
    net.send_app(conn, AppMsg::Text(msg), bytes, false);
}

/// The line (or message) a TCP event completes, if it completes a text
/// protocol's.
pub fn line_in(net: &Net, ev: &TcpEvent) -> Option<String> {
    match ev {
        TcpEvent::Data {
            msg,
            complete: true,
            ..
        } => text_of(net, msg).map(str::to_owned),
        _ => None,
    }
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
        f(((self.protocol as u64) << 48) | ((self.bytes as u64) << 16) | self.encrypted as u64);
        f(self.line.0 as u64);
    }
}

/// PostgreSQL's first messages (protocol 3.0, "Message Formats"), which
/// `psql` at a server's door and the database lesson's app both send.
pub mod pg {
    /// A StartupMessage for `user` and `database`: its length and the
    /// protocol version (3.0), four bytes each, then each parameter's name
    /// and value ending in a zero, and a closing zero.
    pub fn startup(user: &str, database: &str) -> (String, u32) {
        let params = "user".len() + user.len() + "database".len() + database.len() + 4;
        let text = format!("StartupMessage user={user} database={database}");
        (text, 4 + 4 + params as u32 + 1)
    }

    /// The server asks for SCRAM-SHA-256, `password_encryption`'s default
    /// since PostgreSQL 14: 'R', its length, 10 (SASL), the mechanism's
    /// name and a zero, and a closing zero: 24 bytes.
    pub const AUTHENTICATION_SASL: (&str, u32) = ("AuthenticationSASL SCRAM-SHA-256", 24);
}
