//! SHA-1 (FIPS 180-4 §6.1; RFC 3174), which a WebSocket server needs for
//! one thing only: the `Sec-WebSocket-Accept` value of its handshake (RFC
//! 6455 §4.2.2). SHA-1 is broken for signatures; here it only shows that
//! the server read the key, so RFC 6455 keeps it.

/// SHA-1's initial hash value (FIPS 180-4 §5.3.1).
const H0: [u32; 5] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];

/// The digest of `data`, 20 bytes.
pub fn sha1(data: &[u8]) -> [u8; 20] {
    // Padding (FIPS 180-4 §5.1.1): a 1 bit, zeros up to 56 bytes mod 64,
    // then the length in bits as 64 bits big-endian.
    let mut message = data.to_vec();
    message.push(0x80);
    message.resize(message.len().next_multiple_of(64), 0);
    if message.len() - data.len() < 9 {
        message.resize(message.len() + 64, 0);
    }
    let end = message.len();
    message[end - 8..].copy_from_slice(&(data.len() as u64 * 8).to_be_bytes());
    let mut state = H0;
    for block in message.chunks_exact(64) {
        compress(&mut state, block);
    }
    let mut digest = [0u8; 20];
    for (out, word) in digest.chunks_exact_mut(4).zip(state) {
        out.copy_from_slice(&word.to_be_bytes());
    }
    digest
}

/// One block into `state` (FIPS 180-4 §6.1.2): 80 rounds in four groups of
/// 20, each with its function and constant (§4.1.1, §4.2.1).
fn compress(state: &mut [u32; 5], block: &[u8]) {
    let mut w = [0u32; 80];
    for (i, word) in block.chunks_exact(4).enumerate() {
        w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
    }
    for t in 16..80 {
        w[t] = (w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]).rotate_left(1);
    }
    let [mut a, mut b, mut c, mut d, mut e] = *state;
    for (t, &word) in w.iter().enumerate() {
        let (f, k) = match t / 20 {
            0 => ((b & c) | (!b & d), 0x5a827999),
            1 => (b ^ c ^ d, 0x6ed9eba1),
            2 => ((b & c) | (b & d) | (c & d), 0x8f1bbcdc),
            _ => (b ^ c ^ d, 0xca62c1d6),
        };
        let temp = a
            .rotate_left(5)
            .wrapping_add(f)
            .wrapping_add(e)
            .wrapping_add(k)
            .wrapping_add(word);
        (e, d, c, b, a) = (d, c, b.rotate_left(30), a, temp);
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d, e]) {
        *s = s.wrapping_add(v);
    }
}

#[cfg(test)]
mod tests {
    use super::sha1;

    fn hex(digest: [u8; 20]) -> String {
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// RFC 3174 §7.3's tests (also FIPS 180's examples): one block, two
    /// blocks (56 bytes: the length no longer fits after the 1 bit), a
    /// million `a`s, and 80 bytes repeated ten times.
    #[test]
    fn the_rfc_3174_vectors() {
        assert_eq!(
            hex(sha1(b"abc")),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hex(sha1(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
        assert_eq!(
            hex(sha1(&[b'a'; 1_000_000])),
            "34aa973cd4c4daa4f61eeb2bdbad27316534016f"
        );
        let test4 = b"0123456701234567012345670123456701234567012345670123456701234567".repeat(10);
        assert_eq!(
            hex(sha1(&test4)),
            "dea356a2cddd90c7a7ecedc5ebb563934f460452"
        );
    }

    /// The empty message is one block of padding alone; 55 bytes is the
    /// longest that fits one block with its length (55 + 1 + 8 = 64).
    #[test]
    fn the_block_edges() {
        assert_eq!(hex(sha1(b"")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(
            hex(sha1(&[b'a'; 55])),
            "c1c8bbdc22796e28c0e15163d20899b65621d65a"
        );
        assert_eq!(
            hex(sha1(&[b'a'; 64])),
            "0098ba824b5c16427bd7a1122a5a442a25ec644d"
        );
    }
}
