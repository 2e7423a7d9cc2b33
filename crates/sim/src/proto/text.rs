//! The application protocols the lab shows by their words only: a mail
//! server's SMTP (RFC 5321), IMAP (RFC 9051) and POP3 (RFC 1939), SSH's
//! identification strings (RFC 4253 §4.2) and PostgreSQL's frontend/backend
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

/// Which protocol a line belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextProtocol {
    Smtp,
    Ssh,
    Postgres,
    Imap,
    Pop3,
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
