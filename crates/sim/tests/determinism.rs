//! Same scenario + seed → same trace, bit for bit; another seed → another.

use cslab_sim::runs::queue::{QueueParams, QueueSim, queue_trace_hash, run_queue};
use cslab_sim::trace::TraceMode;

fn params(seed: u64) -> QueueParams {
    QueueParams {
        servers: 2,
        arrival_rate: 15.0,
        service_rate: 10.0,
        requests: 20_000,
        queue_capacity: Some(3),
        rtt_ms: 12.5,
        seed,
        ..QueueParams::default()
    }
}

#[test]
fn same_seed_gives_identical_trace_and_report() {
    let a = run_queue(&params(42)).unwrap();
    let b = run_queue(&params(42)).unwrap();
    assert_eq!(a.trace_hash, b.trace_hash);
    assert_eq!(a, b);
    assert!(a.rejected > 0, "the scenario exercises refusals");
}

#[test]
fn different_seed_gives_a_different_trace() {
    let hashes: Vec<String> = (1..=5)
        .map(|s| queue_trace_hash(&params(s)).unwrap())
        .collect();
    for i in 0..hashes.len() {
        for j in i + 1..hashes.len() {
            assert_ne!(hashes[i], hashes[j], "seeds {} and {}", i + 1, j + 1);
        }
    }
}

#[test]
fn bounded_trace_hashes_the_same_as_the_full_trace() {
    let full = QueueParams {
        trace: TraceMode::Full,
        ..params(9)
    };
    let mut sim = QueueSim::new(&full).unwrap();
    sim.run();
    let kept = sim.world().trace().records().count() as u64;
    assert_eq!(kept, sim.world().trace().total());
    let bounded = QueueParams {
        trace: TraceMode::Last(100),
        ..params(9)
    };
    let mut sim2 = QueueSim::new(&bounded).unwrap();
    sim2.run();
    assert_eq!(sim.world().trace().hash(), sim2.world().trace().hash());
    assert_eq!(sim2.world().trace().records().count(), 100);
    // The last 100 records agree.
    let tail: Vec<_> = sim
        .world()
        .trace()
        .records()
        .skip(kept as usize - 100)
        .collect();
    let tail2: Vec<_> = sim2.world().trace().records().collect();
    assert_eq!(tail, tail2);
}

#[test]
fn stepping_in_slices_gives_the_same_trace_as_one_run() {
    // The UI steps the engine a bounded amount per frame: that must not change
    // what happens.
    let p = params(4);
    let whole = queue_trace_hash(&p).unwrap();
    let mut sim = QueueSim::new(&p).unwrap();
    while !sim.is_done() {
        sim.step(37);
    }
    assert_eq!(sim.report().trace_hash, whole);
    let mut sim = QueueSim::new(&p).unwrap();
    let mut t = cslab_sim::time::SimTime::ZERO;
    while !sim.is_done() {
        t += cslab_sim::time::SimTime::from_millis(250);
        sim.world_mut().run_until(t);
    }
    assert_eq!(sim.report().trace_hash, whole);
}

#[test]
fn a_frame_budget_of_events_gives_the_same_trace_and_reports_where_it_stopped() {
    // The page runs at most a frame's budget of events towards the clock;
    // a run that falls short says so and catches up the next frame.
    let p = params(4);
    let whole = queue_trace_hash(&p).unwrap();
    let mut sim = QueueSim::new(&p).unwrap();
    let (mut t, mut short) = (cslab_sim::time::SimTime::ZERO, 0);
    while !sim.is_done() {
        t += cslab_sim::time::SimTime::from_millis(250);
        while !sim.world_mut().run_until_within(t, 5) {
            short += 1;
            assert!(sim.world().now() <= t);
        }
        assert_eq!(sim.world().now(), t);
    }
    assert!(short > 0, "a budget of 5 events must fall short somewhere");
    assert_eq!(sim.report().trace_hash, whole);
}

/// The trace hash of a small fixed scenario, pinned. The browser test runs
/// the same scenario in wasm and must get this value too. If a deliberate
/// change to the engine changes it, update it here and in the browser test.
#[test]
fn golden_trace_hash() {
    let p = QueueParams {
        servers: 1,
        arrival_rate: 8.0,
        service_rate: 10.0,
        requests: 1_000,
        seed: 1,
        ..QueueParams::default()
    };
    let h = queue_trace_hash(&p).unwrap();
    assert_eq!(h, GOLDEN, "trace hash changed");
}

const GOLDEN: &str = "2f12f8ef77632ce1";
