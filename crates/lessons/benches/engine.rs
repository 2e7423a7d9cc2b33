//! Engine throughput: a one-million-request M/M/1 run (ρ = 0.9) with real
//! packets over client → router → server, trace in bounded mode (hash and
//! counts only). Prints events/s, and the peak memory after a run ten times
//! smaller and after the full run: bounded memory means the two are close.
//! Then a 10,000-client server run stepped as the page steps it, a
//! 10,000-peer swarm, and the animation benchmark's network replayed frame
//! by frame for a long run, with its peak memory; and `cslab-cli sweep` on
//! one thread and on every core. Run with `cargo bench`; `cargo bench
//! --bench engine -- sweep` runs only the benchmarks whose name (before the
//! slash) starts with `sweep`.

use cslab_lessons::lesson::large_network::{LargeNetwork, LargeNetworkParams};
use cslab_lessons::lesson::playback::Playback;
use cslab_scene::paint::{layers, meet, rasterise, shapes};
use cslab_scene::raster::Pixels;
use cslab_scene::topology::{STAGE_HEIGHT, STAGE_WIDTH};
use cslab_sim::runs::distribute::{DistributeParams, DistributeSim};
use cslab_sim::runs::load::{LoadParams, LoadSim};
use cslab_sim::runs::queue::{QueueParams, QueueSim};
use std::time::Instant;

fn main() {
    // `cargo bench` passes `--bench`; accept and ignore harness flags.
    let only = std::env::args().skip(1).find(|arg| !arg.starts_with('-'));
    let benches: [(&str, fn()); 5] = [
        ("engine", mm1_one_million_requests),
        ("load", load_10k_clients_8_replicas),
        ("swarm", swarm_10k_peers),
        ("replay", replay_of_the_large_network),
        ("sweep", sweeps_on_every_core),
    ];
    for (name, bench) in benches {
        if only.as_deref().is_none_or(|only| name.starts_with(only)) {
            bench();
        }
    }
}

/// The engine's speed and memory on M/M/1 at ρ = 0.9 (a million requests,
/// or `CSLAB_BENCH_REQUESTS`).
fn mm1_one_million_requests() {
    let requests: u64 = std::env::var("CSLAB_BENCH_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let p = QueueParams::benchmark(requests);
    QueueSim::new(&p.warm_up()).expect("valid parameters").run();
    let peak_small = peak_memory_mib();
    let mut best = f64::INFINITY;
    let mut report = None;
    for _ in 0..QueueParams::TIMED_RUNS {
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

/// The queue sweep (the page's nine loads, 100,000 requests each) and the
/// distribution sweep (the page's six N, both modes: twelve runs).
fn sweeps_on_every_core() {
    sweep_on_every_core(&["queue", "--requests", "100000"]);
    sweep_on_every_core(&["distribute"]);
}

/// `cslab-cli sweep` with `args` (the page's points), on one thread and on
/// every core, best of three each: the wall times and the speed-up. The
/// two outputs must be the same bytes.
fn sweep_on_every_core(args: &[&str]) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let best_of_three = |threads: usize| {
        let threads = threads.to_string();
        let args: Vec<String> = (["sweep"]
            .iter()
            .chain(args)
            .chain(&["--threads", threads.as_str()]))
        .map(|arg| arg.to_string())
        .collect();
        let mut best = f64::INFINITY;
        let mut out = String::new();
        for _ in 0..3 {
            let t0 = Instant::now();
            out = cslab_lessons::cli::run(&args).expect("the sweep runs");
            best = best.min(t0.elapsed().as_secs_f64());
        }
        (best, out)
    };
    let (one, alone) = best_of_three(1);
    let (all, together) = best_of_three(cores);
    assert_eq!(alone, together, "the sweep's output depends on its threads");
    println!(
        "sweep/{}: 1 thread {one:.3} s, {cores} threads {all:.3} s, speed-up {:.2}",
        args.join(" "),
        one / all
    );
}

/// A 10 000-peer swarm (50 MB in 191 pieces of 256 KiB, 4 upload slots,
/// 30 Mbit/s server, 1 up / 10 down Mbit/s peers), stepped in slices of
/// 5 000 events as the page does. Prints wall time, events/s, the longest
/// slice, how far the swarm is from its Kurose–Ross bound, and the run's
/// result hash (a change that keeps every event keeps it).
fn swarm_10k_peers() {
    let p = DistributeParams {
        peers: 10_000,
        ..DistributeParams::default()
    };
    let mut sim = DistributeSim::new(&p).expect("valid parameters");
    let (wall, slices, longest) = in_slices(|| {
        sim.step(5_000);
        sim.is_done()
    });
    let r = sim.report();
    let t = r.distribution_time_s.unwrap_or(f64::NAN);
    println!(
        "swarm/10k_peers: {} pieces each, {} events in {:.3} s, {:.2} M events/s, \
         {} slices of 5000 events, longest {:.2} ms, distribution {:.1} s simulated \
         = {:.2} x bound {:.1} s, hash {}, peak {}",
        r.pieces,
        r.events,
        wall,
        r.events as f64 / wall / 1e6,
        slices,
        longest * 1e3,
        t,
        t / r.bound_s,
        r.bound_s,
        r.result_hash,
        peak_memory_mib()
    );
}

/// The big run: 10 000 closed-loop clients (1 s think, 0.5 ms
/// service) on 8 Nginx replicas behind a power-of-two-choices balancer, for
/// 20 s of simulated time, stepped in slices of 5 000 events as the page
/// does. Prints events/s and the longest slice.
fn load_10k_clients_8_replicas() {
    let p = LoadParams::ten_thousand_users();
    let mut sim = LoadSim::new(&p).expect("valid parameters");
    let (wall, slices, longest) = in_slices(|| {
        sim.step(5_000);
        sim.is_done()
    });
    let r = sim.report();
    println!(
        "load/10k_clients_8_replicas: {} requests, {} events in {:.3} s, {:.2} M events/s, \
         {} slices of 5000 events, longest {:.2} ms, throughput {:.0} req/s simulated",
        r.completed,
        r.events,
        wall,
        r.events as f64 / wall / 1e6,
        slices,
        longest * 1e3,
        r.throughput_rps
    );
}

/// The `?bench=animation` network, played as the page plays it (60 frames
/// a second at a tenth of real time, the packets read through the cursor
/// every frame) for 20 s of network time, with the trace bounded to its last
/// 100,000 records. Prints the peak memory after a tenth of the run and at
/// its end: a bounded replay keeps the two close.
fn replay_of_the_large_network() {
    const SPEED: usize = 2;
    const FRAME_MS: f64 = 1000.0 / 60.0;
    // The stage at 1.5 pixels a unit: a 1280-pixel-wide window's.
    const CANVAS: (usize, usize) = (STAGE_WIDTH as usize * 3 / 2, STAGE_HEIGHT as usize * 3 / 2);
    let network_s = 20.0;
    let (topology, network) = LargeNetwork::build(&LargeNetworkParams::default());
    let mut playback = Playback::new(Some(Box::new(network)), SPEED);
    let frames = (network_s * 1e3 / (FRAME_MS * 0.1)).round() as u64;
    let mut buffer = vec![0u8; CANVAS.0 * CANVAS.1 * 4];
    let transform = meet((CANVAS.0 as f64, CANVAS.1 as f64));
    let (mut drawn, mut longest, mut peak_early) = (0, 0f64, String::new());
    let (mut simulating, mut painting) = (0f64, 0f64);
    for frame in 1..=frames {
        let f0 = Instant::now();
        playback.advance(FRAME_MS);
        let packets = playback.packets();
        let f1 = Instant::now();
        let shapes = shapes(&topology, &packets);
        let mut pixels = Pixels::new(&mut buffer, CANVAS.0, CANVAS.1);
        rasterise(&mut pixels, &layers(&shapes), transform);
        let f2 = Instant::now();
        drawn = packets.len();
        simulating += (f1 - f0).as_secs_f64();
        painting += (f2 - f1).as_secs_f64();
        longest = longest.max((f2 - f0).as_secs_f64());
        if frame == frames / 10 {
            peak_early = peak_memory_mib();
        }
    }
    let events = playback.world().map_or(0, |world| world.events_processed());
    let per_frame = |seconds: f64| seconds * 1e3 / frames as f64;
    println!(
        "replay/large_network: {frames} frames ({network_s} s of network time), {events} events, \
         {drawn} packets drawn in the last frame, a frame {:.2} ms simulating and reading the \
         packets + {:.2} ms rasterising them into {}x{} pixels (longest frame {:.2} ms), \
         peak memory {peak_early} after {} frames, {} after {frames}",
        per_frame(simulating),
        per_frame(painting),
        CANVAS.0,
        CANVAS.1,
        longest * 1e3,
        frames / 10,
        peak_memory_mib()
    );
}

/// Runs `slice` until it says the run is done, as the page does a frame at a
/// time: the wall time in seconds, the slices, and the longest slice.
fn in_slices(mut slice: impl FnMut() -> bool) -> (f64, u64, f64) {
    let t0 = Instant::now();
    let (mut slices, mut longest) = (0, 0f64);
    loop {
        let s0 = Instant::now();
        let done = slice();
        longest = longest.max(s0.elapsed().as_secs_f64());
        slices += 1;
        if done {
            return (t0.elapsed().as_secs_f64(), slices, longest);
        }
    }
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
