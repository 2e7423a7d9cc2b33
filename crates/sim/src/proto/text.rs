//! The application protocols the lab shows by their words only: a mail
//! server's SMTP (RFC 5321), SSH's identification strings (RFC 4253 §4.2)
//! and PostgreSQL's frontend/backend messages (its documentation, "Message
//! Formats"). A [`TextMsg`] is one line or message as a capture shows it;
//! what each program says, and when, is in [`crate::apps::programs`].

use crate::names::Name;
use serde::Serialize;

/// Which protocol a line belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextProtocol {
    Smtp,
    Ssh,
    Postgres,
}

impl TextProtocol {
    /// Its name as a capture (Wireshark) names it.
    pub fn as_str(self) -> &'static str {
        match self {
            TextProtocol::Smtp => "SMTP",
            TextProtocol::Ssh => "SSH",
            TextProtocol::Postgres => "PGSQL",
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

impl TextMsg {
    pub(crate) fn hash_words(&self, f: &mut dyn FnMut(u64)) {
        f(((self.protocol as u64) << 48) | ((self.bytes as u64) << 16));
        f(self.line.0 as u64);
    }
}
