//! Bytes as a capture's hex dump writes them, and back: a binary header
//! (STUN's, RTP's) travels in a message's text as its hex after the
//! summary line, so the inspector shows the real bytes and the receiver
//! decodes them.

pub fn encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn decode(hex: &str) -> Option<Vec<u8>> {
    let hex = hex.as_bytes();
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16);
    hex.chunks(2)
        .map(|pair| Some((digit(pair[0])? * 16 + digit(pair[1])?) as u8))
        .collect()
}

/// A summary line and the bytes under it, as one message's text.
pub fn with_bytes(summary: &str, bytes: &[u8]) -> String {
    format!("{summary}\r\n{}", encode(bytes))
}

/// The bytes under a message's summary line.
pub fn bytes_of(text: &str) -> Option<Vec<u8>> {
    decode(text.split("\r\n").nth(1)?)
}
