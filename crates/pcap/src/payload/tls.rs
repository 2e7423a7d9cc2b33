//! TLS 1.3 records (RFC 8446 §5.1): a 5-byte header (content type, legacy
//! version 0x0303, length) and the fragment. The lab's ClientHello and
//! ServerHello are written out field by field (§4.1.2, §4.1.3) at the
//! lab's sizes; everything after ServerHello is encrypted, so it travels
//! as application_data records (§5.2) of random-looking bytes, as an
//! observer without the keys sees them.

use super::Filler;

const HANDSHAKE: u8 = 22;
const APPLICATION_DATA: u8 = 23;
const LEGACY_VERSION: [u8; 2] = [0x03, 0x03];
const CLIENT_HELLO: u8 = 1;
const SERVER_HELLO: u8 = 2;
/// TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384,
/// TLS_CHACHA20_POLY1305_SHA256 (§B.4).
const CIPHER_SUITES: [u16; 3] = [0x1301, 0x1302, 0x1303];
/// x25519 (§4.2.7).
const X25519: u16 = 0x001d;
const SECP256R1: u16 = 0x0017;
/// ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256 (§4.2.3).
const SIGNATURE_SCHEMES: [u16; 3] = [0x0403, 0x0804, 0x0401];
/// TLS 1.3 in supported_versions (§4.2.1).
const TLS13: u16 = 0x0304;
/// Extension types (§4.2; server_name from RFC 6066, padding from RFC 7685).
const SERVER_NAME: u16 = 0;
const SUPPORTED_GROUPS: u16 = 10;
const SIGNATURE_ALGORITHMS: u16 = 13;
const PADDING: u16 = 21;
const SUPPORTED_VERSIONS: u16 = 43;
const KEY_SHARE: u16 = 51;
/// §5.2: a ciphertext may be 2^14 + 256 bytes; the lab seals 2^14 bytes
/// of plaintext per record, plus the inner content type and a 16-byte tag.
const PLAINTEXT_PER_RECORD: usize = 16_384;
const SEAL_OVERHEAD: usize = 17;

/// A ClientHello naming `server_name` (SNI), `len` bytes with its record
/// header, filled to that size with a padding extension as browsers pad
/// theirs (RFC 7685).
pub fn client_hello(server_name: &str, len: usize, fill: &mut Filler) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend(LEGACY_VERSION);
    body.extend(fill.bytes(32)); // random
    body.push(32);
    body.extend(fill.bytes(32)); // legacy_session_id (middlebox compatibility)
    vector16(&mut body, &CIPHER_SUITES.map(u16::to_be_bytes).concat());
    body.extend([1, 0]); // legacy_compression_methods: null
    let mut ext = Vec::new();
    if !server_name.is_empty() {
        let mut list = vec![0]; // host_name
        vector16(&mut list, server_name.as_bytes());
        let mut sni = Vec::new();
        vector16(&mut sni, &list);
        extension(&mut ext, SERVER_NAME, &sni);
    }
    let mut groups = Vec::new();
    vector16(
        &mut groups,
        &[X25519, SECP256R1].map(u16::to_be_bytes).concat(),
    );
    extension(&mut ext, SUPPORTED_GROUPS, &groups);
    let mut schemes = Vec::new();
    vector16(
        &mut schemes,
        &SIGNATURE_SCHEMES.map(u16::to_be_bytes).concat(),
    );
    extension(&mut ext, SIGNATURE_ALGORITHMS, &schemes);
    extension(&mut ext, SUPPORTED_VERSIONS, &[2, 0x03, 0x04]);
    let mut share = X25519.to_be_bytes().to_vec();
    vector16(&mut share, &fill.bytes(32));
    let mut shares = Vec::new();
    vector16(&mut shares, &share);
    extension(&mut ext, KEY_SHARE, &shares);
    // Record header 5, handshake header 4, extensions' length 2.
    let so_far = 5 + 4 + body.len() + 2 + ext.len();
    if let Some(pad) = len.checked_sub(so_far + 4) {
        extension(&mut ext, PADDING, &vec![0; pad]);
    }
    vector16(&mut body, &ext);
    record(HANDSHAKE, &handshake(CLIENT_HELLO, &body))
}

/// A ServerHello choosing TLS 1.3, TLS_AES_128_GCM_SHA256 and x25519
/// (127 bytes with its record header, the lab's size).
pub fn server_hello(fill: &mut Filler) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend(LEGACY_VERSION);
    body.extend(fill.bytes(32)); // random
    body.push(32);
    body.extend(fill.bytes(32)); // legacy_session_id_echo
    body.extend(CIPHER_SUITES[0].to_be_bytes());
    body.push(0); // legacy_compression_method
    let mut ext = Vec::new();
    extension(&mut ext, SUPPORTED_VERSIONS, &TLS13.to_be_bytes());
    let mut share = X25519.to_be_bytes().to_vec();
    vector16(&mut share, &fill.bytes(32));
    extension(&mut ext, KEY_SHARE, &share);
    vector16(&mut body, &ext);
    record(HANDSHAKE, &handshake(SERVER_HELLO, &body))
}

/// `len` bytes of sealed records: as many application_data records as
/// [`cslab_sim::proto::tls::app_data_wire_bytes`] counts, each full but
/// the last.
pub fn sealed(len: usize, fill: &mut Filler) -> Vec<u8> {
    let full = PLAINTEXT_PER_RECORD + SEAL_OVERHEAD;
    let records = len.div_ceil(5 + full).max(1);
    let mut out = Vec::with_capacity(len);
    let mut left = len.saturating_sub(5 * records);
    for _ in 0..records {
        let n = left.min(full);
        left -= n;
        out.extend(record(APPLICATION_DATA, &fill.bytes(n)));
    }
    out
}

fn record(content_type: u8, fragment: &[u8]) -> Vec<u8> {
    let mut r = vec![content_type];
    r.extend(LEGACY_VERSION);
    vector16(&mut r, fragment);
    r
}

/// §4: msg_type and a 24-bit length.
fn handshake(kind: u8, body: &[u8]) -> Vec<u8> {
    let mut h = vec![kind];
    h.extend(&(body.len() as u32).to_be_bytes()[1..]);
    h.extend(body);
    h
}

fn extension(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
    out.extend(kind.to_be_bytes());
    vector16(out, data);
}

/// A vector with a 16-bit length (§3.4).
fn vector16(out: &mut Vec<u8>, data: &[u8]) {
    out.extend((data.len() as u16).to_be_bytes());
    out.extend(data);
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_sim::proto::tls::{TlsContent, app_data_wire_bytes};

    #[test]
    fn hellos_and_sealed_records_have_the_labs_sizes() {
        let mut fill = Filler::new(1);
        let ch = client_hello("www.example.com", 517, &mut fill);
        assert_eq!(ch.len() as u32, TlsContent::ClientHello.wire_bytes());
        assert_eq!(&ch[..3], &[22, 3, 3]);
        assert_eq!(u16::from_be_bytes([ch[3], ch[4]]) as usize, ch.len() - 5);
        let sh = server_hello(&mut fill);
        assert_eq!(sh.len() as u32, TlsContent::ServerHello.wire_bytes());
        for plain in [1, 500, 16_384, 16_385, 100_000] {
            let len = app_data_wire_bytes(plain) as usize;
            let s = sealed(len, &mut fill);
            assert_eq!(s.len(), len, "{plain} bytes of plaintext");
            // Walk the records: each header's length leads to the next.
            let mut at = 0;
            while at < s.len() {
                assert_eq!(&s[at..at + 3], &[23, 3, 3]);
                at += 5 + u16::from_be_bytes([s[at + 3], s[at + 4]]) as usize;
            }
            assert_eq!(at, len);
        }
    }
}
