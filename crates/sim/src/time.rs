//! Simulated time as integer nanoseconds: no floats, so runs are exact and
//! identical on every platform.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, AddAssign, Sub};

/// A point in simulated time, or a duration, in nanoseconds. Serialises as
/// the bare integer number of nanoseconds.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct SimTime(u64);

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);
    pub const MAX: SimTime = SimTime(u64::MAX);

    pub const fn from_nanos(ns: u64) -> Self {
        SimTime(ns)
    }
    pub const fn from_micros(us: u64) -> Self {
        SimTime(us * 1_000)
    }
    pub const fn from_millis(ms: u64) -> Self {
        SimTime(ms * 1_000_000)
    }
    pub const fn from_secs(s: u64) -> Self {
        SimTime(s * 1_000_000_000)
    }
    pub const fn as_nanos(self) -> u64 {
        self.0
    }
    /// Seconds as a float, for reporting only; never feed it back into time.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1e9
    }
    pub const fn saturating_add(self, other: SimTime) -> SimTime {
        SimTime(self.0.saturating_add(other.0))
    }
    pub const fn saturating_sub(self, other: SimTime) -> SimTime {
        SimTime(self.0.saturating_sub(other.0))
    }
    pub const fn checked_add(self, other: SimTime) -> Option<SimTime> {
        match self.0.checked_add(other.0) {
            Some(ns) => Some(SimTime(ns)),
            None => None,
        }
    }
    /// Rounds a duration in seconds to the nearest nanosecond. Used where a
    /// float comes from outside (a sampled service time, a command-line flag);
    /// negative and NaN inputs become zero, huge ones saturate.
    pub fn from_secs_f64_round(s: f64) -> SimTime {
        SimTime::from_nanos_f64_round(s * 1e9)
    }
    /// Rounds a float number of nanoseconds to the nearest integer nanosecond
    /// (negative and NaN become zero, huge values saturate).
    pub fn from_nanos_f64_round(ns: f64) -> SimTime {
        if ns.is_nan() || ns <= 0.0 {
            SimTime(0)
        } else if ns >= u64::MAX as f64 {
            SimTime(u64::MAX)
        } else if ns < 9_223_372_036_854_775_808.0 {
            // `f64::round` (half away from zero) by a cast and a compare: the
            // same result, as the fraction `ns − ⌊ns⌋` is exact, without the
            // library call `round` is on plain x86-64 and in WebAssembly, on
            // every sampled service time and gap. Below 2^63 (292 years) the
            // casts go through i64, the same values, which plain x86-64
            // converts in one instruction each way (u64 takes a dozen).
            let whole = ns as i64;
            SimTime(whole as u64 + u64::from(ns - whole as f64 >= 0.5))
        } else {
            let whole = ns as u64;
            SimTime(whole + u64::from(ns - whole as f64 >= 0.5))
        }
    }
}

impl Add for SimTime {
    type Output = SimTime;
    fn add(self, rhs: SimTime) -> SimTime {
        SimTime(self.0 + rhs.0)
    }
}

impl AddAssign for SimTime {
    fn add_assign(&mut self, rhs: SimTime) {
        self.0 += rhs.0;
    }
}

impl Sub for SimTime {
    type Output = SimTime;
    fn sub(self, rhs: SimTime) -> SimTime {
        SimTime(self.0 - rhs.0)
    }
}

/// Milliseconds with three decimals (microsecond resolution), the unit the
/// lessons talk in: `12.345 ms`.
impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let micros = self.0 / 1_000;
        write!(f, "{}.{:03} ms", micros / 1_000, micros % 1_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cast-and-compare rounding gives `f64::round`'s result: at
    /// halves, just either side of them, at the largest double below ½,
    /// across every binade up to where doubles are whole, and near the top.
    #[test]
    fn rounding_agrees_with_f64_round() {
        let mut values = vec![
            0.5,
            0.49999999999999994,
            1.5,
            2.5,
            1e15 + 0.5,
            4503599627370495.5,
        ];
        for exponent in -3..64 {
            let base = 2f64.powi(exponent);
            for k in 0..64u32 {
                let x = base * (1.0 + k as f64 / 64.0);
                values.extend([
                    x,
                    x + 0.5,
                    x - 0.5,
                    f64::from_bits(x.to_bits() + 1),
                    f64::from_bits(x.to_bits() - 1),
                ]);
            }
        }
        for ns in values
            .into_iter()
            .filter(|&ns| ns > 0.0 && ns < u64::MAX as f64)
        {
            assert_eq!(
                SimTime::from_nanos_f64_round(ns).as_nanos(),
                ns.round() as u64,
                "{ns:e}"
            );
        }
    }

    #[test]
    fn float_conversion_rounds_and_clamps() {
        assert_eq!(
            SimTime::from_secs_f64_round(0.0015),
            SimTime::from_micros(1_500)
        );
        assert_eq!(SimTime::from_nanos_f64_round(2.5), SimTime::from_nanos(3));
        assert_eq!(SimTime::from_nanos_f64_round(-4.0), SimTime::ZERO);
        assert_eq!(SimTime::from_nanos_f64_round(f64::NAN), SimTime::ZERO);
        assert_eq!(SimTime::from_nanos_f64_round(1e30), SimTime::MAX);
        assert_eq!(SimTime::MAX.checked_add(SimTime::from_nanos(1)), None);
    }

    #[test]
    fn units_convert_exactly() {
        assert_eq!(SimTime::from_secs(2).as_nanos(), 2_000_000_000);
        assert_eq!(
            SimTime::from_millis(3) + SimTime::from_micros(5),
            SimTime::from_nanos(3_005_000)
        );
    }

    #[test]
    fn displays_milliseconds_with_microseconds() {
        assert_eq!(SimTime::from_nanos(12_345_678).to_string(), "12.345 ms");
        assert_eq!(SimTime::ZERO.to_string(), "0.000 ms");
    }
}
