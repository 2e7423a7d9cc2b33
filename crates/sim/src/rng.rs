//! The world's one source of randomness: a seeded xoshiro256** generator
//! (state filled by SplitMix64 from the seed), written here so the sequence is
//! identical on every platform and every build.
//!
//! The float helpers avoid the platform's `ln`/`exp` (whose last bit may differ
//! between the native libm and the wasm one): [`ln`] and [`exp`] below use only
//! IEEE basic operations, which are exactly rounded everywhere, so a sampled
//! duration converts to the same integer nanoseconds on native and on wasm.

use super::time::SimTime;
use serde::{Deserialize, Serialize};

/// xoshiro256** (Blackman & Vigna), seeded through SplitMix64.
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const TWO_POW_M53: f64 = 1.0 / 9_007_199_254_740_992.0;

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut sm = seed;
        let s = [
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
        ];
        // SplitMix64 never yields four zeros in a row, but be explicit.
        debug_assert!(s.iter().any(|&w| w != 0));
        Rng { s }
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1), 53 random bits.
    #[inline]
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * TWO_POW_M53
    }

    /// Uniform in (0, 1]: safe to take the logarithm of.
    #[inline]
    pub fn next_f64_open0(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 * TWO_POW_M53
    }

    /// Uniform integer in [0, n) (Lemire's multiply-shift with rejection).
    ///
    /// Inlined, with the rare rejection (probability below n / 2^64) out of
    /// line: the 10,000-peer swarm draws 15 M of these, most in a choking
    /// round's shuffle, and out of line each call cost 32 instructions,
    /// the state loaded and stored again (callgrind, 2026-12-06). Not in
    /// WebAssembly: inlined at its call sites there, it put the learner's
    /// bundle over its budget.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "below(0)");
        let m = (self.next_u64() as u128) * (n as u128);
        if (m as u64) < n {
            return self.below_rejecting(n, m);
        }
        (m >> 64) as u64
    }

    /// [`below`](Self::below)'s draw `m` fell in the low part of a product
    /// that may be biased: redraw while it is below the threshold.
    #[cold]
    #[inline(never)]
    fn below_rejecting(&mut self, n: u64, mut m: u128) -> u64 {
        let threshold = n.wrapping_neg() % n;
        while (m as u64) < threshold {
            m = (self.next_u64() as u128) * (n as u128);
        }
        (m >> 64) as u64
    }

    /// True with probability `p` (clamped to [0, 1]).
    #[inline]
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.next_f64() < p
    }

    /// Exponential with the given mean (any unit).
    #[inline]
    pub fn exponential(&mut self, mean: f64) -> f64 {
        // `next_f64_open0` is never below 2^-53: a normal number.
        -mean * ln_normal(self.next_f64_open0(), 0)
    }

    /// Standard normal, Marsaglia's polar method (only `ln` and `sqrt`, both
    /// deterministic here).
    pub fn standard_normal(&mut self) -> f64 {
        loop {
            let u = 2.0 * self.next_f64() - 1.0;
            let v = 2.0 * self.next_f64() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                return u * (-2.0 * ln(s) / s).sqrt();
            }
        }
    }
}

/// A distribution of durations (inter-arrival, service or think times).
/// Parameters are in seconds, as a learner types them; samples are rounded to
/// integer nanoseconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Dist {
    /// Always the same duration.
    Deterministic { secs: f64 },
    /// Exponential with the given mean (memoryless: Poisson arrivals, M/M/c).
    Exponential { mean_secs: f64 },
    /// Uniform between `lo_secs` and `hi_secs`.
    Uniform { lo_secs: f64, hi_secs: f64 },
    /// Log-normal: `median_secs * exp(sigma * Z)` with Z standard normal.
    LogNormal { median_secs: f64, sigma: f64 },
}

impl Dist {
    /// Exponential with rate `per_sec` events per second.
    pub fn exponential_rate(per_sec: f64) -> Dist {
        Dist::Exponential {
            mean_secs: 1.0 / per_sec,
        }
    }

    /// The mean in seconds (for the formulas the UI overlays).
    pub fn mean_secs(&self) -> f64 {
        match *self {
            Dist::Deterministic { secs } => secs,
            Dist::Exponential { mean_secs } => mean_secs,
            Dist::Uniform { lo_secs, hi_secs } => 0.5 * (lo_secs + hi_secs),
            Dist::LogNormal { median_secs, sigma } => median_secs * exp(0.5 * sigma * sigma),
        }
    }

    /// Checks the parameters are finite and non-negative.
    pub fn validate(&self) -> Result<(), String> {
        let ok = |x: f64| x.is_finite() && x >= 0.0;
        match *self {
            Dist::Deterministic { secs } if ok(secs) => Ok(()),
            Dist::Exponential { mean_secs } if ok(mean_secs) => Ok(()),
            Dist::Uniform { lo_secs, hi_secs }
                if ok(lo_secs) && ok(hi_secs) && lo_secs <= hi_secs =>
            {
                Ok(())
            }
            Dist::LogNormal { median_secs, sigma } if ok(median_secs) && ok(sigma) => Ok(()),
            _ => Err(format!("invalid distribution parameters: {self:?}")),
        }
    }

    /// One sample, rounded to integer nanoseconds.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn sample(&self, rng: &mut Rng) -> SimTime {
        let secs = match *self {
            Dist::Deterministic { secs } => secs,
            Dist::Exponential { mean_secs } => rng.exponential(mean_secs),
            Dist::Uniform { lo_secs, hi_secs } => lo_secs + (hi_secs - lo_secs) * rng.next_f64(),
            Dist::LogNormal { median_secs, sigma } => {
                median_secs * exp(sigma * rng.standard_normal())
            }
        };
        SimTime::from_secs_f64_round(secs)
    }
}

/// Natural logarithm using only IEEE basic operations (the classic fdlibm
/// `__ieee754_log` algorithm, < 1 ulp), so every platform gets the same bits.
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    if x.to_bits() < 0x0010_0000_0000_0000 {
        // Subnormal: scale up by 2^54.
        return ln_normal(x * 18_014_398_509_481_984.0, -54);
    }
    ln_normal(x, 0)
}

/// `ln(x) + k ln 2` for a positive, finite, normal `x`, as [`ln`] computes
/// it: the exponential draws (at least 2^-53) call it directly, without the
/// checks for the inputs they never give, which sat on the draw's chain of
/// dependent operations that the next event waits for.
// The constants are fdlibm's, digit for digit.
#[allow(clippy::excessive_precision)]
#[inline]
fn ln_normal(x: f64, mut k: i32) -> f64 {
    const LN2_HI: f64 = 6.931_471_803_691_238_164_90e-01;
    const LN2_LO: f64 = 1.908_214_929_270_587_700_02e-10;
    const LG1: f64 = 6.666_666_666_666_735_130e-01;
    const LG2: f64 = 3.999_999_999_940_941_908e-01;
    const LG3: f64 = 2.857_142_874_366_239_149e-01;
    const LG4: f64 = 2.222_219_843_214_978_396e-01;
    const LG5: f64 = 1.818_357_216_161_805_012e-01;
    const LG6: f64 = 1.531_383_769_920_937_332e-01;
    const LG7: f64 = 1.479_819_860_511_658_591e-01;

    debug_assert!(x.is_normal() && x > 0.0, "ln_normal({x})");
    let bits = x.to_bits();
    let mut hx = (bits >> 32) as u32;
    k += ((hx >> 20) as i32) - 1023;
    hx &= 0x000f_ffff;
    let i = (hx.wrapping_add(0x95f64)) & 0x0010_0000;
    // Normalise the mantissa into [sqrt(2)/2, sqrt(2)).
    let hx_norm = hx | (i ^ 0x3ff0_0000);
    k += (i >> 20) as i32;
    let xr = f64::from_bits(((hx_norm as u64) << 32) | (bits & 0xffff_ffff));
    let f = xr - 1.0;
    // fdlibm divides by 2 + f; f = xr - 1 is exact (Sterbenz), so xr + 1
    // rounds the same sum, without waiting for f.
    let s = f / (xr + 1.0);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r = t2 + t1;
    let hfsq = 0.5 * f * f;
    let dk = k as f64;
    dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f)
}

/// e^x using only IEEE basic operations (fdlibm `__ieee754_exp`, < 1 ulp).
#[allow(clippy::excessive_precision)]
pub fn exp(x: f64) -> f64 {
    const LN2_HI: f64 = 6.931_471_803_691_238_164_90e-01;
    const LN2_LO: f64 = 1.908_214_929_270_587_700_02e-10;
    const INV_LN2: f64 = std::f64::consts::LOG2_E;
    const P1: f64 = 1.666_666_666_666_660_190_37e-01;
    const P2: f64 = -2.777_777_777_701_559_338_42e-03;
    const P3: f64 = 6.613_756_321_437_934_361_17e-05;
    const P4: f64 = -1.653_390_220_546_525_153_90e-06;
    const P5: f64 = 4.138_136_797_057_238_460_39e-08;

    if x.is_nan() {
        return x;
    }
    if x > 709.782_712_893_383_973_096 {
        return f64::INFINITY;
    }
    if x < -745.133_219_101_941_108_420 {
        return 0.0;
    }
    let (hi, lo, k);
    let ax = x.abs();
    if ax > 0.5 * std::f64::consts::LN_2 {
        let half = if x < 0.0 { -0.5 } else { 0.5 };
        k = (INV_LN2 * x + half) as i32;
        let kf = k as f64;
        hi = x - kf * LN2_HI;
        lo = kf * LN2_LO;
    } else if ax > 3.725_290_298_461_914e-9 {
        k = 0;
        hi = x;
        lo = 0.0;
    } else {
        return 1.0 + x;
    }
    let r = hi - lo;
    let t = r * r;
    let c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    let y = 1.0 + (r * c / (2.0 - c) - lo + hi);
    scale_by_pow2(y, k)
}

/// y * 2^k, exact (two steps so subnormal results are handled).
fn scale_by_pow2(y: f64, k: i32) -> f64 {
    let pow2 = |e: i32| f64::from_bits(((e + 1023) as u64) << 52);
    if k > 1023 {
        y * pow2(1023) * pow2(k - 1023)
    } else if k < -1022 {
        y * pow2(-1022) * pow2(k + 1022)
    } else {
        y * pow2(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_different_seed_different() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        let mut c = Rng::new(43);
        let xa: Vec<u64> = (0..16).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..16).map(|_| b.next_u64()).collect();
        let xc: Vec<u64> = (0..16).map(|_| c.next_u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn known_first_outputs_pin_the_algorithm() {
        // SplitMix64(0) first output is a published constant.
        let mut sm = 0u64;
        assert_eq!(splitmix64(&mut sm), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn ln_and_exp_match_std_closely() {
        let mut r = Rng::new(7);
        for _ in 0..100_000 {
            let x = r.next_f64_open0() * 10f64.powi((r.below(40) as i32) - 20);
            let (a, b) = (ln(x), x.ln());
            assert!(
                (a - b).abs() <= 2.0 * f64::EPSILON * b.abs().max(1e-300),
                "ln({x}) {a} vs {b}"
            );
            let y = (r.next_f64() - 0.5) * 1400.0;
            let (a, b) = (exp(y), y.exp());
            assert!(
                (a - b).abs() <= 2.0 * f64::EPSILON * b,
                "exp({y}) {a} vs {b}"
            );
        }
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(exp(0.0), 1.0);
        assert!(ln(-1.0).is_nan());
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!(ln(f64::from_bits(1)) < -744.0);
    }

    #[test]
    fn samplers_have_the_right_means() {
        let mut r = Rng::new(1);
        let n = 200_000;
        for d in [
            Dist::Exponential { mean_secs: 0.01 },
            Dist::Uniform {
                lo_secs: 0.002,
                hi_secs: 0.004,
            },
            Dist::Deterministic { secs: 0.005 },
            Dist::LogNormal {
                median_secs: 0.01,
                sigma: 0.5,
            },
        ] {
            let sum: u64 = (0..n).map(|_| d.sample(&mut r).as_nanos()).sum();
            let mean = sum as f64 / n as f64 / 1e9;
            let rel = (mean - d.mean_secs()).abs() / d.mean_secs();
            assert!(rel < 0.01, "{d:?}: mean {mean} vs {}", d.mean_secs());
        }
    }

    #[test]
    fn below_is_in_range_and_roughly_uniform() {
        let mut r = Rng::new(3);
        let mut counts = [0u32; 7];
        for _ in 0..70_000 {
            counts[r.below(7) as usize] += 1;
        }
        for c in counts {
            assert!((9_000..11_000).contains(&c), "{counts:?}");
        }
    }
}
