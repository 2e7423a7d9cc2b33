//! The simulator against queueing theory, with formulas computed here (not
//! taken from the library). Every run is a real packet-level simulation:
//! clients → router → server and back.
//!
//! Tolerances: the standard error of a mean response time grows sharply with
//! load (successive customers' times are strongly correlated near ρ = 1). For
//! M/M/1 the relative standard error of the sample mean over n customers is
//! roughly 2.7/√n at ρ = 0.5, 9/√n at ρ = 0.8 and 19/√n at ρ = 0.9. The sample
//! sizes below make each tolerance at least ~3 standard errors; the seeds are
//! fixed, so the tests are deterministic.

use cslab_sim::runs::queue::{QueueParams, QueueReport, run_queue};
use cslab_sim::trace::TraceMode;

fn run(servers: u32, lambda: f64, mu: f64, requests: u64, seed: u64) -> QueueReport {
    run_queue(&QueueParams {
        servers,
        arrival_rate: lambda,
        service_rate: mu,
        requests,
        seed,
        trace: TraceMode::Last(0),
        ..QueueParams::default()
    })
    .expect("valid parameters")
}

/// Erlang C: probability that an arrival waits in M/M/c, offered load a = λ/μ.
fn erlang_c(c: u32, a: f64) -> f64 {
    let rho = a / c as f64;
    let fact = |k: u32| (1..=k).map(|i| i as f64).product::<f64>();
    let below: f64 = (0..c).map(|k| a.powi(k as i32) / fact(k)).sum();
    let top = a.powi(c as i32) / fact(c) / (1.0 - rho);
    top / (below + top)
}

/// Mean time in system for M/M/c.
fn mmc_mean_response(c: u32, lambda: f64, mu: f64) -> f64 {
    erlang_c(c, lambda / mu) / (c as f64 * mu - lambda) + 1.0 / mu
}

fn assert_close(what: &str, got: f64, want: f64, rel_tol: f64) {
    let rel = (got - want).abs() / want;
    eprintln!(
        "{what}: simulated {got:.6}, theory {want:.6} ({:+.2}%)",
        (got - want) / want * 100.0
    );
    assert!(
        rel <= rel_tol,
        "{what}: simulated {got:.6}, theory {want:.6}, off by {:.2}% (tolerance {:.1}%)",
        rel * 100.0,
        rel_tol * 100.0
    );
}

#[test]
fn erlang_c_formula_sanity() {
    // c = 1 reduces to M/M/1: P(wait) = ρ, W = 1/(μ-λ).
    assert!((erlang_c(1, 0.7) - 0.7).abs() < 1e-12);
    assert!((mmc_mean_response(1, 8.0, 10.0) - 0.5).abs() < 1e-12);
    // A textbook value: c = 2, a = 1 → C = 1/3.
    assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-12);
}

#[test]
fn mm1_mean_response_matches_theory() {
    let mu = 10.0;
    for (rho, n, tol) in [
        (0.5, 200_000, 0.02),
        (0.8, 1_000_000, 0.03),
        (0.9, 4_000_000, 0.03),
    ] {
        let lambda = rho * mu;
        let r = run(1, lambda, mu, n, 7);
        assert_eq!(r.completed, n);
        assert_eq!(r.rejected, 0);
        let w = 1.0 / (mu - lambda);
        assert_close(&format!("M/M/1 ρ={rho} W"), r.mean_sojourn_s, w, tol);
        // The client sees the same plus a few microseconds of network.
        let net = r.mean_response_s - r.mean_sojourn_s;
        assert!(net > 0.0 && net < 50e-6, "network part {net}");
        assert_close("utilisation", r.utilization, rho, tol);
        assert_close("throughput", r.throughput_rps, lambda, 0.01);
    }
}

#[test]
fn mm1_percentiles_match_the_exponential_sojourn_distribution() {
    // In M/M/1 (FIFO) the time in system is exponential with rate μ - λ.
    let (lambda, mu) = (8.0, 10.0);
    let r = run(1, lambda, mu, 1_000_000, 11);
    let q = |p: f64| -(1.0 - p).ln() / (mu - lambda);
    assert_close("p50", r.p50_sojourn_s, q(0.50), 0.03);
    assert_close("p95", r.p95_sojourn_s, q(0.95), 0.03);
    assert_close("p99", r.p99_sojourn_s, q(0.99), 0.04);
    assert_close("client p95", r.p95_response_s, q(0.95), 0.03);
}

/// M/M/c at ρ = 0.5, 0.8, 0.9 against Erlang C.
fn check_mmc(c: u32) {
    let mu = 10.0;
    for (rho, n, tol) in [
        (0.5, 200_000, 0.02),
        (0.8, 600_000, 0.03),
        (0.9, 3_000_000, 0.03),
    ] {
        let lambda = rho * c as f64 * mu;
        let r = run(c, lambda, mu, n, 100 + c as u64);
        let w = mmc_mean_response(c, lambda, mu);
        assert_close(&format!("M/M/{c} ρ={rho} W"), r.mean_sojourn_s, w, tol);
        let wq = w - 1.0 / mu;
        assert_close(&format!("M/M/{c} ρ={rho} Wq"), r.mean_wait_s, wq, 2.5 * tol);
        assert_close(
            &format!("M/M/{c} ρ={rho} utilisation"),
            r.utilization,
            rho,
            tol,
        );
    }
}

#[test]
fn mm2_mean_response_matches_erlang_c() {
    check_mmc(2);
}

#[test]
fn mm4_mean_response_matches_erlang_c() {
    check_mmc(4);
}

#[test]
fn mm1k_refuses_the_blocking_probability() {
    let mu = 10.0;
    // (ρ, K = system size: one in service + K-1 waiting)
    for (rho, k) in [(0.5f64, 2u32), (0.9, 5), (1.5, 4)] {
        let n = 300_000;
        let r = run_queue(&QueueParams {
            servers: 1,
            arrival_rate: rho * mu,
            service_rate: mu,
            requests: n,
            queue_capacity: Some(k - 1),
            seed: 5,
            trace: TraceMode::Last(0),
            ..QueueParams::default()
        })
        .unwrap();
        let p_k = (1.0 - rho) * rho.powi(k as i32) / (1.0 - rho.powi(k as i32 + 1));
        assert_eq!(r.completed + r.rejected, n, "every request answered");
        let refused = r.rejected as f64 / n as f64;
        assert_close(&format!("M/M/1/{k} ρ={rho} P_K"), refused, p_k, 0.03);
        assert!(r.max_queue_len <= (k - 1) as u64);
    }
}

#[test]
fn closed_model_matches_mean_value_analysis() {
    // N clients, exponential think time Z, one exponential server S = 1/μ.
    // Exact MVA: R(n) = S (1 + Q(n-1)), X(n) = n / (Z + R(n)), Q(n) = X R.
    let (n_clients, z, mu) = (10u32, 0.5, 10.0);
    let s = 1.0 / mu;
    let (mut q, mut r, mut x) = (0.0, 0.0, 0.0);
    for n in 1..=n_clients {
        r = s * (1.0 + q);
        x = n as f64 / (z + r);
        q = x * r;
    }
    let rep = run_queue(&QueueParams {
        servers: 1,
        service_rate: mu,
        clients: n_clients,
        closed_think_s: Some(z),
        requests: 300_000,
        seed: 3,
        trace: TraceMode::Last(0),
        ..QueueParams::default()
    })
    .unwrap();
    assert_close("closed R", rep.mean_sojourn_s, r, 0.02);
    assert_close("closed X", rep.throughput_rps, x, 0.02);
}
