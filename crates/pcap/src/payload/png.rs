//! An image body that is a PNG file (its specification, §5): the
//! signature, an IHDR chunk, IDAT chunks of filler up to the body's length
//! and IEND, each chunk with its CRC-32, so a dissector that reads PNG
//! finds one whole.

use super::Filler;

const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
/// Signature, IHDR (12 + 13) and IEND (12): the smallest file.
const SMALLEST: usize = 8 + 25 + 12;
/// Length, type and CRC around a chunk's data.
const CHUNK_OVERHEAD: usize = 12;

/// A PNG file of `len` bytes, or `None` if `len` is too small for one.
pub fn file(len: usize, fill: &mut Filler) -> Option<Vec<u8>> {
    if len < SMALLEST + CHUNK_OVERHEAD {
        return None;
    }
    let mut out = SIGNATURE.to_vec();
    // 64×64, 8 bits per sample, truecolour, deflate, no filter, no interlace.
    let ihdr = [0, 0, 0, 64, 0, 0, 0, 64, 8, 2, 0, 0, 0];
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &fill.bytes(len - SMALLEST - CHUNK_OVERHEAD),
    );
    chunk(&mut out, b"IEND", &[]);
    Some(out)
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend(kind);
    out.extend(data);
    let crc = crc32(&out[start..]);
    out.extend(crc.to_be_bytes());
}

/// The CRC-32 of ISO 3309 that PNG uses (polynomial 0xEDB88320, reflected).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_and_size() {
        // The CRC of IEND's type alone, as every PNG file ends: AE 42 60 82.
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
        let f = file(1000, &mut Filler::new(1)).unwrap();
        assert_eq!(f.len(), 1000);
        assert_eq!(
            &f[f.len() - 8..],
            &[b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]
        );
        assert!(file(50, &mut Filler::new(1)).is_none());
    }
}
