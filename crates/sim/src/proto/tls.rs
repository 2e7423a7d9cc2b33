//! TLS 1.3 as a state machine: one round trip after TCP's handshake.
//!
//! ```text
//! client                                   server
//! ClientHello                  ──────▶                       (plaintext)
//!                              ◀──────   ServerHello         (plaintext)
//!                              ◀──────   {EncryptedExtensions, Certificate,
//!                                         CertificateVerify, Finished}
//! {Finished} + {HTTP request}  ──────▶                       (encrypted)
//! ```
//!
//! The client may send application data right after its Finished, so the
//! handshake costs one round trip. Everything after ServerHello is
//! encrypted: an observer sees record sizes, not content
//! ([`super::Message::on_the_wire`]). Sizes are those of a typical
//! handshake with a 2 KB certificate chain; an application record carries
//! 22 bytes of overhead (5-byte header, inner content type, 16-byte AEAD
//! tag) per 16 KB of plaintext.
//!
//! The ClientHello names the server the client wants in its `server_name`
//! extension (SNI, RFC 6066 §3), so that one address can serve many sites;
//! TLS 1.3 still sends the ClientHello in the clear (RFC 8446 §2), so every
//! router on the path reads that name. Encrypted Client Hello (RFC 9849,
//! published in 2026) would hide it; the lab's clients do not use it.

use crate::names::Name;
use serde::Serialize;

/// What a TLS record carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TlsContent {
    ClientHello = 1,
    ServerHello = 2,
    /// EncryptedExtensions, Certificate, CertificateVerify, Finished.
    ServerFinished = 3,
    ClientFinished = 4,
    ApplicationData = 5,
}

impl TlsContent {
    /// Bytes on the wire (record headers included).
    pub fn wire_bytes(self) -> u32 {
        match self {
            TlsContent::ClientHello => 517,
            TlsContent::ServerHello => 127,
            TlsContent::ServerFinished => 2_352,
            TlsContent::ClientFinished => 58,
            TlsContent::ApplicationData => 0,
        }
    }
}

/// The TLS record(s) a TCP segment carries part of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TlsRecord {
    pub content: TlsContent,
    /// Content hidden from observers (all but ClientHello and ServerHello).
    pub encrypted: bool,
    /// ClientHello: the `server_name` extension, readable by anyone on
    /// the path (`Name(0)`: none, and in every other record).
    pub server_name: Name,
}

impl TlsRecord {
    pub fn handshake(content: TlsContent) -> TlsRecord {
        TlsRecord {
            content,
            encrypted: !matches!(content, TlsContent::ClientHello | TlsContent::ServerHello),
            server_name: Name(0),
        }
    }

    /// A ClientHello asking for `server_name` (SNI).
    pub fn client_hello(server_name: Name) -> TlsRecord {
        TlsRecord {
            server_name,
            ..TlsRecord::handshake(TlsContent::ClientHello)
        }
    }

    pub fn app_data() -> TlsRecord {
        TlsRecord {
            content: TlsContent::ApplicationData,
            encrypted: true,
            server_name: Name(0),
        }
    }

    pub(crate) fn hash_words(&self, f: &mut dyn FnMut(u64)) {
        f(((self.server_name.0 as u64) << 16)
            | ((self.content as u64) << 8)
            | self.encrypted as u64);
    }
}

/// Bytes on the wire for `plaintext` bytes of application data.
pub fn app_data_wire_bytes(plaintext: u32) -> u32 {
    plaintext + 22 * plaintext.div_ceil(16_384).max(1)
}

/// Handshake states of one side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TlsState {
    /// Client: ClientHello sent.
    WaitServerHello,
    /// Client: ServerHello received, waiting for the server's Finished.
    WaitServerFinished,
    /// Server: waiting for ClientHello.
    WaitClientHello,
    /// Server: its flight sent, waiting for the client's Finished.
    WaitClientFinished,
    /// Handshake done: application data flows, encrypted.
    Connected,
    /// Something arrived out of turn (an alert would be sent).
    Failed,
}

/// One side of a TLS session. Sans-IO: inputs are the records received,
/// outputs the records to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TlsSession {
    pub state: TlsState,
}

impl TlsSession {
    /// A client session and its first flight (ClientHello).
    pub fn client() -> (TlsSession, TlsContent) {
        (
            TlsSession {
                state: TlsState::WaitServerHello,
            },
            TlsContent::ClientHello,
        )
    }

    pub fn server() -> TlsSession {
        TlsSession {
            state: TlsState::WaitClientHello,
        }
    }

    pub fn is_connected(&self) -> bool {
        self.state == TlsState::Connected
    }

    /// A complete handshake record arrived; returns the records to send.
    pub fn on_record(&mut self, content: TlsContent) -> &'static [TlsContent] {
        use TlsContent as C;
        use TlsState as S;
        let (next, out): (TlsState, &'static [TlsContent]) = match (self.state, content) {
            (S::WaitServerHello, C::ServerHello) => (S::WaitServerFinished, &[]),
            (S::WaitServerFinished, C::ServerFinished) => (S::Connected, &[C::ClientFinished]),
            (S::WaitClientHello, C::ClientHello) => {
                (S::WaitClientFinished, &[C::ServerHello, C::ServerFinished])
            }
            (S::WaitClientFinished, C::ClientFinished) => (S::Connected, &[]),
            (S::Connected, C::ApplicationData) => (S::Connected, &[]),
            _ => (S::Failed, &[]),
        };
        self.state = next;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_round_trip_handshake() {
        let (mut c, first) = TlsSession::client();
        let mut s = TlsSession::server();
        let flight = s.on_record(first);
        assert_eq!(
            flight,
            &[TlsContent::ServerHello, TlsContent::ServerFinished]
        );
        assert!(c.on_record(flight[0]).is_empty());
        let fin = c.on_record(flight[1]);
        assert!(c.is_connected());
        assert!(s.on_record(fin[0]).is_empty());
        assert!(s.is_connected());
        assert!(!TlsRecord::handshake(TlsContent::ClientHello).encrypted);
        assert!(TlsRecord::handshake(TlsContent::ServerFinished).encrypted);
        assert_eq!(app_data_wire_bytes(100), 122);
        assert_eq!(app_data_wire_bytes(16_385), 16_385 + 44);
    }

    #[test]
    fn out_of_turn_fails() {
        let mut s = TlsSession::server();
        s.on_record(TlsContent::ApplicationData);
        assert_eq!(s.state, TlsState::Failed);
    }
}
