//! How a per-frame figure spread over the measured frames.

/// The smallest, median, 95th percentile and largest of some samples
/// (nearest rank: each is one of the samples, none interpolated).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Spread {
    pub min: f64,
    pub p50: f64,
    pub p95: f64,
    pub max: f64,
}

impl Spread {
    /// All zero when there are no samples.
    pub fn of(samples: &[f64]) -> Spread {
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        let rank = |q: f64| {
            let index = (q * sorted.len() as f64).ceil() as usize;
            sorted
                .get(index.saturating_sub(1))
                .copied()
                .unwrap_or_default()
        };
        Spread {
            min: sorted.first().copied().unwrap_or_default(),
            p50: rank(0.5),
            p95: rank(0.95),
            max: sorted.last().copied().unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank_whatever_the_order() {
        let samples: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        assert_eq!(
            Spread::of(&samples),
            Spread {
                min: 1.0,
                p50: 50.0,
                p95: 95.0,
                max: 100.0
            }
        );
        let few = Spread::of(&[3.0, 1.0, 2.0]);
        assert_eq!((few.min, few.p50, few.p95, few.max), (1.0, 2.0, 3.0, 3.0));
        assert_eq!(Spread::of(&[]), Spread::default());
    }
}
