//! Which rendition to fetch next, as hls.js's `AbrController` decides it
//! (its `findBestLevel`): the highest rendition whose `BANDWIDTH` fits the
//! bandwidth estimate times a safety factor, 0.95 to stay or go down
//! (`abrBandWidthFactor`) and 0.7 to go up (`abrBandWidthUpFactor`),
//! starting from `abrEwmaDefaultEstimate`, 500 kbit/s (hls.js docs, API.md).
//! hls.js smooths its estimate (two moving averages, 3 s and 9 s half
//! lives); the lab's player takes the last segment's throughput, which a
//! test can check by hand.

pub const DEFAULT_ESTIMATE: u64 = 500_000;
/// Percent.
pub const STAY_FACTOR: u64 = 95;
pub const UP_FACTOR: u64 = 70;

/// The rendition to fetch next, from `current`, with renditions of
/// `bandwidths` (lowest first) and an estimate of `estimate` bit/s.
pub fn next(bandwidths: &[u64], current: usize, estimate: u64) -> usize {
    let fits = |i: usize| {
        let factor = if i > current { UP_FACTOR } else { STAY_FACTOR };
        bandwidths[i] * 100 <= estimate * factor
    };
    (0..bandwidths.len()).rev().find(|&i| fits(i)).unwrap_or(0)
}

/// Bits a second: `bytes` in `ns`.
pub fn throughput(bytes: u64, ns: u64) -> u64 {
    bytes * 8 * 1_000_000_000 / ns.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATES: [u64; 3] = [300_000, 800_000, 1_600_000];

    #[test]
    fn up_needs_a_wider_margin_than_staying() {
        // The default 500 kbit/s: 0.7 × 500k = 350k ≥ 300k only.
        assert_eq!(next(&RATES, 0, DEFAULT_ESTIMATE), 0);
        // 2.3 Mbit/s: 0.7 × 2.3M = 1.61M ≥ 1.6M: up to 720p.
        assert_eq!(next(&RATES, 0, 2_300_000), 2);
        // 2.2 Mbit/s: 1.54M < 1.6M, 1.54M ≥ 800k: 480p.
        assert_eq!(next(&RATES, 0, 2_200_000), 1);
        // At 720p, 1.7 Mbit/s: 0.95 × 1.7M = 1.615M: it stays.
        assert_eq!(next(&RATES, 2, 1_700_000), 2);
        // 1 Mbit/s: 950k < 1.6M; 950k ≥ 800k: down to 480p.
        assert_eq!(next(&RATES, 2, 1_000_000), 1);
        assert_eq!(next(&RATES, 2, 100_000), 0);
        // 800,000 bytes in 1.6 s: 4 Mbit/s.
        assert_eq!(throughput(800_000, 1_600_000_000), 4_000_000);
    }
}
