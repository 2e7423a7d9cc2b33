//! Base64 (RFC 4648 §4), as SMTP's AUTH PLAIN carries a login and Django
//! writes a password's hash; and its URL-safe alphabet without padding
//! (§5, §3.2), as the sandbox puts a network in an address.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/// §5: `-` and `_` in place of `+` and `/`, which mean something in a URL.
const URL_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `bytes` in base64, with padding.
pub fn encode(bytes: &[u8]) -> String {
    encode_with(bytes, ALPHABET, true)
}

/// `bytes` in base64url, without padding (§3.2 lets a format that knows
/// its length leave the `=` out).
pub fn encode_url(bytes: &[u8]) -> String {
    encode_with(bytes, URL_ALPHABET, false)
}

fn encode_with(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let word = chunk.iter().enumerate().fold(0u32, |word, (i, &byte)| {
            word | (byte as u32) << (16 - 8 * i)
        });
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(alphabet[(word >> (18 - 6 * i) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// The bytes `text` encodes, if it is base64.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u32> = text
        .bytes()
        .filter(|&byte| byte != b'=')
        .map(|byte| digit(byte, ALPHABET))
        .collect::<Option<_>>()?;
    Some(bytes_of(&digits))
}

/// Why a text is not base64url.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadBase64 {
    /// This character, at this place (counted in characters from 1), is
    /// not among the alphabet's.
    Character(char, usize),
    /// One character too many or too few: a whole number of bytes is 0, 2
    /// or 3 characters past a group of four, never 1 (§4).
    Length(usize),
}

/// The bytes `text` encodes in base64url (padding allowed, not needed), or
/// what is wrong with it.
pub fn decode_url(text: &str) -> Result<Vec<u8>, BadBase64> {
    let text = text.trim_end_matches('=');
    let digits: Vec<u32> = (text.chars().enumerate())
        .map(|(i, c)| {
            u8::try_from(c)
                .ok()
                .and_then(|byte| digit(byte, URL_ALPHABET))
                .ok_or(BadBase64::Character(c, i + 1))
        })
        .collect::<Result<_, _>>()?;
    match digits.len() % 4 {
        1 => Err(BadBase64::Length(digits.len())),
        _ => Ok(bytes_of(&digits)),
    }
}

fn digit(byte: u8, alphabet: &[u8; 64]) -> Option<u32> {
    alphabet.iter().position(|&d| d == byte).map(|d| d as u32)
}

/// The bytes of base64 digits, four to three bytes.
fn bytes_of(digits: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(digits.len() / 4 * 3 + 2);
    for chunk in digits.chunks(4) {
        let word = chunk
            .iter()
            .enumerate()
            .fold(0u32, |word, (i, &digit)| word | digit << (18 - 6 * i));
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((word >> (16 - 8 * i)) as u8);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_rfc_4648s() {
        // RFC 4648 §10's test vectors, and AUTH PLAIN's "\0alice\0secret".
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("\0alice\0secret", "AGFsaWNlAHNlY3JldA=="),
        ] {
            assert_eq!(encode(plain.as_bytes()), encoded);
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
            // base64url: the same digits here, without the padding.
            let unpadded = encoded.trim_end_matches('=');
            assert_eq!(encode_url(plain.as_bytes()), unpadded);
            assert_eq!(decode_url(unpadded).unwrap(), plain.as_bytes());
            assert_eq!(decode_url(encoded).unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn base64url_has_its_own_two_digits() {
        // 0xfb 0xff is "+/8" in base64 and "-_8" in base64url (§5).
        assert_eq!(encode(&[0xfb, 0xff]), "+/8=");
        assert_eq!(encode_url(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode_url("-_8"), Ok(vec![0xfb, 0xff]));
        assert_eq!(decode_url("+/8"), Err(BadBase64::Character('+', 1)));
        assert_eq!(decode_url("Zm9vé"), Err(BadBase64::Character('é', 5)));
        assert_eq!(decode_url("Zm9vY"), Err(BadBase64::Length(5)));
    }
}
