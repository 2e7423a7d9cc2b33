//! Engine throughput: a one-million-request M/M/1 run (ρ = 0.9) with real
//! packets over client → router → server, trace in bounded mode (hash and
//! counts only). Prints events/s, and the peak memory after a run ten times
//! smaller and after the full run: bounded memory means the two are close.
//! Run with `cargo bench`.

use cslab::sim::scenarios::queue::{QueueParams, QueueSim};
use std::time::Instant;

fn main() {
    // `cargo bench` passes `--bench`; accept and ignore harness flags.
    let requests: u64 = std::env::var("CSLAB_BENCH_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    QueueSim::new(&QueueParams::benchmark(requests / 10))
        .expect("valid parameters")
        .run();
    let peak_small = peak_memory_mib();
    let p = QueueParams::benchmark(requests);
    let mut best = f64::INFINITY;
    let mut report = None;
    for _ in 0..3 {
        let mut sim = QueueSim::new(&p).expect("valid parameters");
        let t0 = Instant::now();
        sim.run();
        let wall = t0.elapsed().as_secs_f64();
        best = best.min(wall);
        report = Some(sim.report());
    }
    let r = report.expect("ran");
    let eps = r.events as f64 / best;
    println!(
        "engine/mm1_rho0.9: {} requests, {} events, best wall {:.3} s, {:.2} M events/s, \
         {:.0} requests/s, mean response {:.4} s (theory {:.4} s), trace hash {}",
        r.requests,
        r.events,
        best,
        eps / 1e6,
        r.requests as f64 / best,
        r.mean_sojourn_s,
        r.theory_mean_sojourn_s.unwrap_or(f64::NAN),
        r.trace_hash
    );
    println!(
        "engine/memory: peak {} after {} requests, {} after {} requests",
        peak_small,
        requests / 10,
        peak_memory_mib(),
        requests
    );
}

/// The process's peak resident memory (Linux's VmHWM), or "n/a" elsewhere.
fn peak_memory_mib() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
            let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.1} MiB", kib / 1024.0))
        })
        .unwrap_or_else(|| "n/a".to_owned())
}
