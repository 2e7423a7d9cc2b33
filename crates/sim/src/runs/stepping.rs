//! One way to run a simulation a frame at a time, shared by every page that
//! steps one (the comparison's sweep against N, the popular object, the
//! benchmark pages): slices of events until the run is done or the frame's
//! budget of real time is spent. (A lesson's own run goes through its
//! playback instead, a frame's share of events at a time.)

use super::distribute::{DistributeParams, DistributeReport, DistributeSim};
use super::load::{LoadParams, LoadReport, LoadSim};
use super::popular::{PopularParams, PopularReport, PopularSim};
use super::queue::{QueueParams, QueueReport, QueueSim};

/// A run stepped a slice of events at a time: made from its parameters,
/// stepped until done, then read.
pub trait Stepped {
    type Params;
    type Report;
    /// The run of `params`, or why they make none.
    fn new(params: &Self::Params) -> Result<Self, String>
    where
        Self: Sized;
    /// Runs at most `max_events` events; returns how many ran.
    fn step(&mut self, max_events: u64) -> u64;
    fn is_done(&self) -> bool;
    /// What the run measured so far.
    fn report(&self) -> Self::Report;
}

/// Steps `run` in slices of `slice` events until it is done, stops moving,
/// or `budget_ms` has passed on `clock` (real milliseconds); returns the
/// milliseconds spent.
pub fn step_within<S: Stepped + ?Sized>(
    run: &mut S,
    slice: u64,
    budget_ms: f64,
    clock: impl Fn() -> f64,
) -> f64 {
    let start = clock();
    while !run.is_done() && clock() - start < budget_ms {
        if run.step(slice) == 0 {
            break;
        }
    }
    clock() - start
}

macro_rules! stepped {
    ($($run:ty: $params:ty => $report:ty),*) => {$(
        impl Stepped for $run {
            type Params = $params;
            type Report = $report;
            fn new(params: &$params) -> Result<Self, String> {
                <$run>::new(params)
            }
            fn step(&mut self, max_events: u64) -> u64 {
                <$run>::step(self, max_events)
            }
            fn is_done(&self) -> bool {
                <$run>::is_done(self)
            }
            fn report(&self) -> $report {
                <$run>::report(self)
            }
        }
    )*};
}

stepped!(
    QueueSim: QueueParams => QueueReport,
    LoadSim: LoadParams => LoadReport,
    DistributeSim: DistributeParams => DistributeReport,
    PopularSim: PopularParams => PopularReport
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runs::queue::QueueParams;
    use std::cell::Cell;

    fn queue() -> QueueSim {
        QueueSim::new(&QueueParams {
            requests: 2_000,
            ..QueueParams::default()
        })
        .unwrap()
    }

    /// A clock that moves 1 ms each time it is read: the budget is spent
    /// after a known number of slices.
    #[test]
    fn a_frame_stops_at_its_budget_and_the_last_one_at_the_end() {
        let ticks = Cell::new(0.0);
        let clock = || {
            ticks.set(ticks.get() + 1.0);
            ticks.get()
        };
        let mut sim = queue();
        // Reads: start, then (check, after-step) per slice... 5 ms allow
        // four slices of 10 events.
        let spent = step_within(&mut sim, 10, 5.0, clock);
        assert!(!sim.is_done());
        assert_eq!(sim.world().events_processed(), 40, "spent {spent} ms");
        let mut frames = 1;
        while !sim.is_done() {
            step_within(&mut sim, 1_000, 5.0, clock);
            frames += 1;
            assert!(frames < 1_000);
        }
        let mut whole = queue();
        whole.run();
        assert_eq!(sim.report(), whole.report(), "stepping changes nothing");
        // Through the trait alone, as a page that steps any run does.
        fn stepped_to_the_end<S: Stepped>(params: &S::Params) -> S::Report {
            let mut run = S::new(params).unwrap();
            while !run.is_done() {
                step_within(&mut run, 500, f64::INFINITY, || 0.0);
            }
            run.report()
        }
        let params = QueueParams {
            requests: 2_000,
            ..QueueParams::default()
        };
        assert_eq!(stepped_to_the_end::<QueueSim>(&params), whole.report());
    }
}
