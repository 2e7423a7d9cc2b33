//! The opening handshake (RFC 6455 §4): the browser asks, in an HTTP/1.1
//! GET, to switch the connection to the WebSocket protocol; the server
//! agrees with `101 Switching Protocols` and proves it read the request by
//! answering the key with `Sec-WebSocket-Accept` (§4.2.2 step 5.4: base64
//! of the SHA-1 of the key followed by a fixed GUID). From then on the
//! connection carries frames ([`crate::frame`]), not HTTP.

use crate::sha1::sha1;
use cslab_sim::proto::base64;
use cslab_sim::proto::http::{Method, Status};
use cslab_sim::proto::http_message::{Outgoing, header_values, request, response};
use cslab_sim::rng::Rng;

/// The GUID every server appends to the key (§1.3).
pub const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// The only version RFC 6455 defines (§4.1 item 9).
pub const VERSION: &str = "13";

/// A fresh key: 16 random bytes in base64 (§4.1 item 7), 24 characters.
pub fn new_key(rng: &mut Rng) -> String {
    let bytes: Vec<u8> = (0..2).flat_map(|_| rng.next_u64().to_be_bytes()).collect();
    base64::encode(&bytes)
}

/// The server's answer to `key`.
pub fn accept(key: &str) -> String {
    base64::encode(&sha1(format!("{key}{GUID}").as_bytes()))
}

/// The browser's request to upgrade `path` on `host` (§4.1; `Origin`,
/// the page's, because a browser always sends it, item 8).
pub fn upgrade_request<'a>(host: &'a str, path: &'a str, key: &str, tls: bool) -> Outgoing<'a> {
    let scheme = if tls { "https" } else { "http" };
    let mut out = request(Method::Get, host, path);
    out.headers = vec![
        "Upgrade: websocket".into(),
        "Connection: Upgrade".into(),
        format!("Sec-WebSocket-Key: {key}"),
        format!("Origin: {scheme}://{host}"),
        format!("Sec-WebSocket-Version: {VERSION}"),
    ];
    out
}

/// The server's reading of a request: the key, if it asks to upgrade as
/// §4.2.1 requires (a GET, `Upgrade: websocket`, `Connection` naming
/// `Upgrade`, version 13; header names and these tokens case-insensitive).
pub fn upgrade_key(head: &str) -> Option<&str> {
    let names = |name: &str, token: &str| {
        header_values(head, name)
            .any(|value| (value.split(',')).any(|part| part.trim().eq_ignore_ascii_case(token)))
    };
    let ok = head.starts_with("GET ")
        && names("Upgrade", "websocket")
        && names("Connection", "Upgrade")
        && header_values(head, "Sec-WebSocket-Version").any(|v| v == VERSION);
    let key = header_values(head, "Sec-WebSocket-Key").next()?;
    (ok && base64::decode(key).is_some_and(|bytes| bytes.len() == 16)).then_some(key)
}

/// The server's `101` for `key` (§4.2.2 step 5).
pub fn switching_protocols<'a>(host: &'a str, path: &'a str, key: &str) -> Outgoing<'a> {
    let mut out = response(Status::SwitchingProtocols, host, path);
    out.headers = vec![
        "Upgrade: websocket".into(),
        "Connection: Upgrade".into(),
        format!("Sec-WebSocket-Accept: {}", accept(key)),
    ];
    out
}

/// Whether the browser accepts a `101`: the Accept value must be its
/// key's (§4.1, the client's checks, item 4).
pub fn accepted(head: &str, key: &str) -> bool {
    head.starts_with("HTTP/1.1 101 ")
        && header_values(head, "Sec-WebSocket-Accept").any(|value| value == accept(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6455 §1.3's example: the key "dGhlIHNhbXBsZSBub25jZQ==" (the
    /// 16 bytes "the sample nonce") is answered "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
    /// the base64 of SHA-1("dGhlIHNhbXBsZSBub25jZQ==258EAFA5-…") =
    /// b3 7a 4f 2c c0 62 4f 16 90 f6 46 06 cf 38 59 45 b2 be c4 ea.
    #[test]
    fn the_rfc_example_key_is_accepted() {
        let key = "dGhlIHNhbXBsZSBub25jZQ==";
        assert_eq!(base64::decode(key).unwrap(), b"the sample nonce");
        assert_eq!(accept(key), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assert_eq!(
            base64::decode(&accept(key)).unwrap(),
            [
                0xb3, 0x7a, 0x4f, 0x2c, 0xc0, 0x62, 0x4f, 0x16, 0x90, 0xf6, 0x46, 0x06, 0xcf, 0x38,
                0x59, 0x45, 0xb2, 0xbe, 0xc4, 0xea
            ]
        );
    }

    #[test]
    fn a_key_is_sixteen_random_bytes() {
        let mut rng = Rng::new(7);
        let (a, b) = (new_key(&mut rng), new_key(&mut rng));
        // 16 bytes: 5 groups of 3 (20 characters) and one byte left
        // (2 characters and "==").
        assert_eq!(a.len(), 24);
        assert!(a.ends_with("==") && a != b);
        assert_eq!(base64::decode(&a).unwrap().len(), 16);
    }

    #[test]
    fn the_server_reads_only_a_proper_upgrade() {
        let key = "dGhlIHNhbXBsZSBub25jZQ==";
        let head = |upgrade: &str, version: &str| {
            format!(
                "GET /chat HTTP/1.1\r\nHost: chat.example\r\nUpgrade: {upgrade}\r\n\
                 Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: {key}\r\n\
                 Sec-WebSocket-Version: {version}\r\n\r\n"
            )
        };
        assert_eq!(upgrade_key(&head("websocket", "13")), Some(key));
        assert_eq!(upgrade_key(&head("WebSocket", "13")), Some(key));
        assert_eq!(upgrade_key(&head("h2c", "13")), None);
        assert_eq!(upgrade_key(&head("websocket", "8")), None);
        let answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\
                      Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
        assert!(accepted(answer, key));
        assert!(!accepted(answer, "AAAAAAAAAAAAAAAAAAAAAA=="));
    }
}
