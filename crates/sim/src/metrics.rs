//! Counters and distributions the lessons plot: a log-linear latency
//! histogram (HDR-style: 128 linear sub-buckets per power of two, so any
//! percentile is within 0.4 % of the exact sample value), and time-weighted
//! levels for utilisation and queue lengths.

use super::time::SimTime;

const SUB_BITS: u32 = 7;
const SUB: u64 = 1 << SUB_BITS; // 128 sub-buckets per octave
const BUCKETS: usize = (SUB as usize) * (64 - SUB_BITS as usize + 1);

/// A histogram of durations in nanoseconds with bounded memory (~60 KiB).
#[derive(Clone, Debug)]
pub struct Histogram {
    counts: Vec<u64>,
    count: u64,
    sum_ns: u128,
    min_ns: u64,
    max_ns: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Self::new()
    }
}

#[inline]
fn bucket_of(v: u64) -> usize {
    if v < SUB {
        v as usize
    } else {
        let msb = 63 - v.leading_zeros();
        let shift = msb - SUB_BITS;
        (SUB as usize) * (shift as usize + 1) + ((v >> shift) - SUB) as usize
    }
}

/// Lowest value and width of a bucket.
fn bucket_range(i: usize) -> (u64, u64) {
    let sub = SUB as usize;
    if i < sub {
        (i as u64, 1)
    } else {
        let shift = (i / sub - 1) as u32;
        let m = (i % sub) as u64 + SUB;
        (m << shift, 1u64 << shift)
    }
}

impl Histogram {
    pub fn new() -> Self {
        Histogram {
            counts: vec![0; BUCKETS],
            count: 0,
            sum_ns: 0,
            min_ns: u64::MAX,
            max_ns: 0,
        }
    }

    #[inline]
    pub fn record(&mut self, d: SimTime) {
        let v = d.as_nanos();
        self.counts[bucket_of(v)] += 1;
        self.count += 1;
        self.sum_ns += v as u128;
        self.min_ns = self.min_ns.min(v);
        self.max_ns = self.max_ns.max(v);
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// Exact mean (from the exact sum), in seconds; 0 when empty.
    pub fn mean_secs(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.sum_ns as f64 / self.count as f64 / 1e9
        }
    }

    pub fn min(&self) -> SimTime {
        SimTime::from_nanos(if self.count == 0 { 0 } else { self.min_ns })
    }

    pub fn max(&self) -> SimTime {
        SimTime::from_nanos(self.max_ns)
    }

    /// The `q`-quantile (0 < q <= 1), nearest-rank, reported as the middle of
    /// its bucket (clamped to the exact min/max). Zero when empty.
    pub fn quantile(&self, q: f64) -> SimTime {
        if self.count == 0 {
            return SimTime::ZERO;
        }
        let rank = ((q.clamp(0.0, 1.0) * self.count as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (i, &c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                let (lo, width) = bucket_range(i);
                let mid = lo + (width - 1) / 2;
                return SimTime::from_nanos(mid.clamp(self.min_ns, self.max_ns));
            }
        }
        SimTime::from_nanos(self.max_ns)
    }

    pub fn quantile_secs(&self, q: f64) -> f64 {
        self.quantile(q).as_secs_f64()
    }
}

/// A level that changes at instants (busy workers, queue length), integrated
/// over time for its mean, with its maximum.
#[derive(Clone, Debug, Default)]
pub struct TimeWeighted {
    level: u64,
    since: SimTime,
    integral: u128, // level × ns
    max: u64,
}

impl TimeWeighted {
    #[inline]
    pub fn set(&mut self, now: SimTime, level: u64) {
        self.integral += self.level as u128 * (now - self.since).as_nanos() as u128;
        self.since = now;
        self.level = level;
        self.max = self.max.max(level);
    }

    /// Moves the level by `delta` (a worker taken, +1, or freed, -1).
    #[inline]
    pub fn add(&mut self, now: SimTime, delta: i64) {
        self.set(now, self.level.saturating_add_signed(delta));
    }

    pub fn level(&self) -> u64 {
        self.level
    }

    /// The level integrated over [0, until], level·ns (busy time).
    pub fn integral_ns(&self, until: SimTime) -> u128 {
        self.integral + self.level as u128 * until.saturating_sub(self.since).as_nanos() as u128
    }

    pub fn max(&self) -> u64 {
        self.max
    }

    /// Time average over [0, until].
    pub fn mean(&self, until: SimTime) -> f64 {
        if until == SimTime::ZERO {
            return 0.0;
        }
        self.integral_ns(until) as f64 / until.as_nanos() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_contiguous_and_cover_u64() {
        let mut expect_lo = 0u64;
        for i in 0..BUCKETS {
            let (lo, w) = bucket_range(i);
            assert_eq!(lo, expect_lo, "bucket {i}");
            assert_eq!(bucket_of(lo), i);
            assert_eq!(bucket_of(lo + (w - 1)), i);
            expect_lo = lo.wrapping_add(w);
        }
        assert_eq!(expect_lo, 0, "last bucket ends at u64::MAX");
    }

    #[test]
    fn quantiles_are_within_half_a_percent() {
        let mut h = Histogram::new();
        for v in 1..=100_000u64 {
            h.record(SimTime::from_nanos(v * 1_000));
        }
        for q in [0.5, 0.95, 0.99] {
            let exact = q * 100_000.0 * 1_000.0;
            let got = h.quantile(q).as_nanos() as f64;
            assert!(
                (got - exact).abs() / exact < 0.005,
                "q{q}: {got} vs {exact}"
            );
        }
        assert!((h.mean_secs() - 50_000.5e-6).abs() < 1e-12);
    }

    #[test]
    fn time_weighted_mean() {
        let mut tw = TimeWeighted::default();
        tw.set(SimTime::from_nanos(10), 2); // 0 for 10 ns
        tw.set(SimTime::from_nanos(20), 0); // 2 for 10 ns
        assert_eq!(tw.mean(SimTime::from_nanos(40)), 0.5);
        assert_eq!(tw.max(), 2);
    }
}
