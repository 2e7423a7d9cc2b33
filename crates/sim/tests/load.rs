//! Servers under load: presets' limits bind where their defaults say, event
//! loops survive what worker pools do not, balancers spread load as promised,
//! and no request is lost without a recorded reason.

use cslab_sim::apps::balancer::{HealthCheck, Policy, RetryPolicy};
use cslab_sim::apps::concurrency::{FailReason, Handler, Overflow};
use cslab_sim::apps::presets::Preset;
use cslab_sim::apps::users::Arrivals;
use cslab_sim::rng::Dist;
use cslab_sim::runs::load::{
    Balancing, DbParams, LoadParams, LoadReport, LoadSim, run_load, sweep, theory_response_s,
};
use cslab_sim::time::SimTime;

/// `n` users who each send one request at t = 2 ms (the next would be 2 ms
/// after an answer, but the run stops taking new requests at 2.5 ms), with a
/// deterministic service time.
fn burst(preset: Preset, n: u32, service_s: f64) -> LoadParams {
    LoadParams {
        preset,
        service: Dist::Deterministic { secs: service_s },
        arrivals: Arrivals::Closed {
            users: n,
            think: Dist::Deterministic { secs: 0.002 },
        },
        duration_s: 0.0025,
        rtt_ms: 0.0,
        health: None,
        keep_completions: true,
        ..LoadParams::default()
    }
}

fn conserved(r: &LoadReport) {
    assert_eq!(r.outstanding, 0, "{r:?}");
    let timed_out = r.connect_timeouts + r.response_timeouts;
    assert_eq!(
        r.sent,
        r.completed + r.refused + r.failed + timed_out,
        "{r:?}"
    );
}

/// The same burst on a Windows-like kernel, which refuses with a RST what
/// does not fit (Linux would drop it and let it in later).
fn refusing(p: LoadParams) -> LoadParams {
    LoadParams {
        overflow: Some(Overflow::WindowsReset),
        ..p
    }
}

#[test]
fn worker_pool_refuses_beyond_workers_plus_backlog_and_the_rest_wait() {
    // Apache prefork: MaxRequestWorkers 256, ListenBacklog 511.
    let r = run_load(&refusing(burst(Preset::ApachePrefork, 1_000, 1.0))).unwrap();
    conserved(&r);
    assert_eq!(r.sent, 1_000);
    assert_eq!(r.max_in_service, 256);
    assert_eq!(r.max_queued, 511);
    assert_eq!(r.accepted, 256 + 511);
    assert_eq!(r.refused, 1_000 - 767);
    assert_eq!(r.completed, 767);
    // Three waves: 256 done at 1 s, 256 at 2 s, 255 at 3 s.
    assert!((r.duration_s - 3.002).abs() < 1e-3, "{}", r.duration_s);
    // On Linux the queue holds 512 (one more than asked), nobody is
    // refused: the 232 final ACKs that found it full were dropped, the
    // SYN-ACKs went again after 1 s, and every request was served.
    let r = run_load(&burst(Preset::ApachePrefork, 1_000, 1.0)).unwrap();
    conserved(&r);
    assert_eq!((r.max_queued, r.refused, r.completed), (512, 0, 1_000));
    // (Some of them again: their second try came with the first wave's
    // last answers, before the queue had room.)
    assert!(r.per_replica[0].acks_dropped >= 1_000 - 256 - 512);
    // Tomcat: 8 192 connections, 200 threads, acceptCount 100: 9 000 users
    // are all accepted except 9 000 - 8 292; 200 at a time in service.
    let r = run_load(&refusing(burst(Preset::Tomcat, 9_000, 0.5))).unwrap();
    conserved(&r);
    assert_eq!(r.max_in_service, 200);
    assert_eq!(r.refused, 9_000 - 8_292);
    // Flask's development server: 1 at a time, 128 wait in the listen queue.
    let r = run_load(&refusing(burst(Preset::FlaskDev, 200, 0.01))).unwrap();
    conserved(&r);
    assert_eq!((r.max_in_service, r.accepted, r.refused), (1, 129, 71));
}

#[test]
fn cpu_bound_handler_on_a_single_threaded_server_serialises_everything() {
    for preset in [Preset::FlaskDev, Preset::Webrick, Preset::Nodejs] {
        let s = 0.05;
        let n = 40;
        let mut sim = LoadSim::new(&burst(preset, n, s)).unwrap();
        sim.run();
        let r = sim.report();
        conserved(&r);
        assert_eq!(r.completed, n as u64, "{preset:?}");
        let mut done: Vec<SimTime> = sim.user_stats().completions.iter().map(|c| c.0).collect();
        done.sort();
        // The k-th response arrives at 2 ms + k × S (+ a few µs of
        // transmission): one after the other, exactly S apart.
        let first = SimTime::from_secs_f64_round(0.002 + s);
        assert!(
            (done[0] - first).as_nanos() < 50_000,
            "{preset:?} {:?}",
            done[0]
        );
        for k in 1..done.len() {
            let gap = done[k] - done[k - 1];
            assert_eq!(gap, SimTime::from_secs_f64_round(s), "{preset:?} gap {k}");
        }
        assert!((r.mean_response_s - s * (n + 1) as f64 / 2.0).abs() < 1e-4);
    }
    // The same load I/O-bound: WEBrick's threads and Node's loop overlap the
    // waits (all done at S), Flask still serialises.
    for (preset, last) in [
        (Preset::Webrick, 0.05),
        (Preset::Nodejs, 0.05),
        (Preset::FlaskDev, 2.0),
    ] {
        let p = LoadParams {
            handler: Handler::Io,
            ..burst(preset, 40, 0.05)
        };
        let r = run_load(&p).unwrap();
        assert!(
            (r.duration_s - 0.002 - last).abs() < 1e-4,
            "{preset:?} {}",
            r.duration_s
        );
    }
}

#[test]
fn event_loop_holds_thousands_of_idle_connections_that_exhaust_a_worker_pool() {
    let p = |preset| LoadParams {
        preset,
        idle_connections: 3_000,
        arrivals: Arrivals::Closed {
            users: 50,
            think: Dist::Deterministic { secs: 0.1 },
        },
        service: Dist::Deterministic { secs: 0.005 },
        duration_s: 2.0,
        health: None,
        ..LoadParams::default()
    };
    let node = run_load(&p(Preset::Nodejs)).unwrap();
    conserved(&node);
    assert_eq!(node.idle_established, 3_000);
    assert_eq!(node.refused, 0);
    // One loop, 5 ms each: the CPU bounds it at 200/s, not the connections.
    assert!(node.completed > 350, "{}", node.completed);
    let apache = run_load(&p(Preset::ApachePrefork)).unwrap();
    conserved(&apache);
    // 256 processes held by idle connections, 512 more in the accept queue
    // (Linux keeps one more than ListenBacklog's 511); the other idle
    // connections' final ACKs are dropped, and so are the users' SYNs,
    // retransmitted until they give up: nobody gets in, nobody is refused.
    // When the idle connections close at 2 s, the users' next SYNs (sent
    // again at 3.1 s) get in: served late, never refused.
    let idle_accepted = 256 + 512;
    assert_eq!(apache.accepted, idle_accepted + apache.sent);
    assert!(apache.per_replica[0].acks_dropped >= 3_000 - 768);
    assert_eq!((apache.completed, apache.refused), (apache.sent, 0));
    assert!(apache.p50_response_s > 3.0, "{}", apache.p50_response_s);
    // Nginx's 4 workers × 512 worker_connections bind the same way,
    // without threads.
    let nginx = run_load(&p(Preset::Nginx)).unwrap();
    assert_eq!(nginx.per_replica[0].max_connections, 4 * 512);
    assert_eq!(nginx.max_queued, 512);
}

#[test]
fn slow_clients_starve_a_worker_pool_but_not_an_event_loop() {
    let p = |preset| LoadParams {
        preset,
        slow_users: 300,
        slow_s: 5.0,
        arrivals: Arrivals::Closed {
            users: 20,
            think: Dist::Deterministic { secs: 0.05 },
        },
        service: Dist::Deterministic { secs: 0.002 },
        duration_s: 4.0,
        health: None,
        ..LoadParams::default()
    };
    let apache = run_load(&p(Preset::ApachePrefork)).unwrap();
    let nginx = run_load(&p(Preset::Nginx)).unwrap();
    conserved(&apache);
    conserved(&nginx);
    // Nginx keeps serving the normal users quickly; Apache's 256 processes
    // are held by slow clients and the normal users wait seconds.
    assert!(nginx.p50_response_s < 0.01, "{}", nginx.p50_response_s);
    assert!(apache.p50_response_s > 1.0, "{}", apache.p50_response_s);
    assert!(nginx.completed > 5 * apache.completed.max(1));
}

fn skewed(policy: Policy, seed: u64) -> LoadReport {
    run_load(&LoadParams {
        preset: Preset::Tomcat,
        service: Dist::LogNormal {
            median_secs: 0.01,
            sigma: 1.5,
        },
        // 8 replicas × 2 threads, mean service 30.8 ms: rho = 0.8.
        arrivals: Arrivals::Open {
            rate: 415.0,
            ramp_to: None,
            ramp_s: 0.0,
        },
        model: Some(cslab_sim::apps::concurrency::ServerModel {
            threads: 2,
            ..Preset::Tomcat.model()
        }),
        replicas: 8,
        balancing: Balancing::Balancer { policy },
        duration_s: 30.0,
        seed,
        ..LoadParams::default()
    })
    .unwrap()
}

#[test]
fn balancers_spread_load_as_promised() {
    let rr = skewed(Policy::RoundRobin, 3);
    conserved(&rr);
    let sent: Vec<u64> = rr.per_replica.iter().map(|r| r.sent_here).collect();
    let (lo, hi) = (sent.iter().min().unwrap(), sent.iter().max().unwrap());
    assert!(hi - lo <= 1, "round robin is exactly even: {sent:?}");
    let random = skewed(Policy::Random, 3);
    let lc = skewed(Policy::LeastConnections, 3);
    let p2c = skewed(Policy::PowerOfTwo, 3);
    for r in [&random, &lc, &p2c] {
        conserved(r);
    }
    eprintln!(
        "mean/p99 response: random {:.4}/{:.4} rr {:.4}/{:.4} lc {:.4}/{:.4} p2c {:.4}/{:.4}",
        random.mean_response_s,
        random.p99_response_s,
        rr.mean_response_s,
        rr.p99_response_s,
        lc.mean_response_s,
        lc.p99_response_s,
        p2c.mean_response_s,
        p2c.p99_response_s
    );
    // Seed 3: random 0.29 s, rr 0.20 s, lc 0.046 s, p2c 0.070 s mean.
    assert!(lc.mean_response_s < 0.5 * random.mean_response_s);
    assert!(p2c.mean_response_s < 0.5 * random.mean_response_s);
    assert!(lc.p99_response_s < random.p99_response_s);
    assert!(p2c.p99_response_s < random.p99_response_s);
}

#[test]
fn dns_round_robin_with_caching_is_uneven() {
    let p = LoadParams {
        preset: Preset::Nginx,
        arrivals: Arrivals::Closed {
            users: 300,
            think: Dist::Exponential { mean_secs: 0.2 },
        },
        replicas: 4,
        client_hosts: 3,
        balancing: Balancing::Dns { ttl_s: 300.0 },
        duration_s: 5.0,
        ..LoadParams::default()
    };
    let r = run_load(&p).unwrap();
    conserved(&r);
    let sent: Vec<u64> = r.per_replica.iter().map(|x| x.sent_here).collect();
    // Three caching resolvers, four replicas: one replica gets nothing.
    assert_eq!(r.dns_queries, 3);
    assert_eq!(sent.iter().filter(|&&s| s == 0).count(), 1, "{sent:?}");
}

#[test]
fn switching_a_replica_off_loses_no_request_without_a_recorded_failure() {
    for retry in [RetryPolicy::Fail, RetryPolicy::Retry { max: 3 }] {
        let p = LoadParams {
            preset: Preset::Tomcat,
            service: Dist::Exponential { mean_secs: 0.2 },
            arrivals: Arrivals::Closed {
                users: 400,
                think: Dist::Exponential { mean_secs: 0.1 },
            },
            replicas: 4,
            balancing: Balancing::Balancer {
                policy: Policy::RoundRobin,
            },
            retry,
            health: Some(HealthCheck {
                interval: SimTime::from_millis(500),
                fall: 2,
                rise: 2,
            }),
            switch_off: Some((1, 2.0)),
            duration_s: 6.0,
            ..LoadParams::default()
        };
        let r = run_load(&p).unwrap();
        conserved(&r);
        let down = r.per_replica[1].aborted;
        assert!(
            down > 50,
            "replica 1 held requests when it went off: {down}"
        );
        assert!(!r.per_replica[1].on);
        let by = |f: FailReason| r.failed_by_reason.iter().find(|x| x.0 == f).unwrap().1;
        match retry {
            RetryPolicy::Fail | RetryPolicy::Retry { .. } => {
                // A machine that is off says nothing: every request it held
                // waits for the balancer's server timeout (HTTP 504; no
                // retry, since the request was already sent), and later ones
                // sent there before the health checks noticed retransmit
                // their SYN and go elsewhere.
                assert_eq!(by(FailReason::GatewayTimeout), down, "{r:?}");
                assert_eq!(r.failed, down);
                assert!(r.syn_retransmissions > 0);
            }
        }
    }
}

#[test]
fn a_pool_in_front_of_postgres_shares_its_100_connections() {
    let p = LoadParams {
        preset: Preset::Tomcat,
        handler: Handler::Io,
        database: Some(DbParams {
            preset: Preset::Postgresql,
            pool_size: 30,
        }),
        replicas: 4,
        arrivals: Arrivals::Closed {
            users: 200,
            think: Dist::Exponential { mean_secs: 0.5 },
        },
        duration_s: 3.0,
        ..LoadParams::default()
    };
    let r = run_load(&p).unwrap();
    conserved(&r);
    let pools: Vec<u32> = r.per_replica.iter().map(|x| x.db_pool).collect();
    assert_eq!(pools, vec![30, 30, 30, 10]);
    assert_eq!(r.db_refused_connections, 20);
    assert_eq!(r.failed, 0);
}

#[test]
fn sweep_points_sit_on_the_erlang_c_curve() {
    let base = LoadParams {
        model: Some(cslab_sim::apps::concurrency::ServerModel {
            threads: 2,
            max_connections: 2,
            ..Preset::ApachePrefork.model()
        }),
        rtt_ms: 0.0,
        seed: 5,
        ..LoadParams::default()
    };
    let s = sweep(&base, 0.01, &[0.3, 0.6, 0.8], 20_000);
    assert_eq!(s.c, 2);
    assert!(!s.theory.is_empty());
    for pt in &s.simulated {
        let th = theory_response_s(&base, 0.01, pt.rho).unwrap();
        let rel = (pt.mean_response_s - th).abs() / th;
        assert!(
            rel < 0.08,
            "rho {}: {} vs {}",
            pt.rho,
            pt.mean_response_s,
            th
        );
    }
}

#[test]
fn stepping_in_slices_matches_one_run_and_samples_on_the_grid() {
    let p = LoadParams {
        replicas: 2,
        duration_s: 3.0,
        sample_ms: 100,
        ..LoadParams::default()
    };
    let whole = run_load(&p).unwrap();
    let mut sim = LoadSim::new(&p).unwrap();
    while !sim.is_done() {
        sim.step(97);
    }
    assert_eq!(sim.report().trace_hash, whole.trace_hash);
    let s = sim.series();
    assert_eq!(s.replicas.len(), 2);
    assert!(s.users.len() >= 30);
    for (k, x) in s.users.iter().enumerate() {
        assert!((x.t_s - 0.1 * (k + 1) as f64).abs() < 1e-9);
    }
    let total: f64 = s.users.iter().map(|x| x.throughput_rps * 0.1).sum();
    assert!((total - sim.user_stats().completed as f64).abs() < 1.0);
}

/// The interactive response time law (Little's law for a closed system):
/// N users who think Z seconds between requests and wait R for each send
/// X = N / (Z + R) requests per second. The run stops new requests at T and
/// leaves no think timer pending after it, so throughput is measured over T.
#[test]
fn closed_loop_throughput_follows_the_response_time_law() {
    let (n, z) = (2_000u32, 1.0);
    let p = LoadParams {
        preset: Preset::Nginx,
        service: Dist::Exponential { mean_secs: 0.0005 },
        arrivals: Arrivals::Closed {
            users: n,
            think: Dist::Exponential { mean_secs: z },
        },
        replicas: 4,
        duration_s: 20.0,
        ..LoadParams::default()
    };
    let r = run_load(&p).unwrap();
    conserved(&r);
    let law = n as f64 / (z + r.mean_response_s);
    assert!(
        (r.throughput_rps - law).abs() / law < 0.02,
        "{} req/s simulated, N/(Z+R) = {law:.0}",
        r.throughput_rps
    );
    assert!(
        r.duration_s < p.duration_s + 0.1,
        "drained at {} s",
        r.duration_s
    );
}

/// The utilisation law (U = X × S): Apache prefork on four cores at 150
/// requests/s of 20 ms of computing keeps 150 × 0.020 = 3 cores busy, 75 %
/// of the machine, while its 256 processes are barely used (a request
/// holds one for its 20 ms plus the few that wait: a few of 256). Every
/// answered request computed exactly 20 ms, so the core-seconds measured
/// are completed × 0.020.
#[test]
fn cores_busy_follow_the_utilisation_law_where_workers_busy_hides_it() {
    let mut model = Preset::ApachePrefork.model();
    model.cpu_slots = Some(4);
    let p = LoadParams {
        preset: Preset::ApachePrefork,
        model: Some(model),
        handler: Handler::Cpu,
        service: Dist::Deterministic { secs: 0.020 },
        arrivals: Arrivals::Open {
            rate: 150.0,
            ramp_to: None,
            ramp_s: 0.0,
        },
        duration_s: 30.0,
        rtt_ms: 0.0,
        health: None,
        ..LoadParams::default()
    };
    let r = run_load(&p).unwrap();
    conserved(&r);
    let replica = &r.per_replica[0];
    let core_seconds = replica.cores_busy * r.duration_s;
    assert!(
        (core_seconds - replica.completed as f64 * 0.020).abs() < 1e-6,
        "{core_seconds} core·s for {} requests",
        replica.completed
    );
    assert!(
        (replica.cores_busy - 3.0).abs() < 0.15,
        "{} cores busy, expected 150 × 0.020 = 3",
        replica.cores_busy
    );
    assert!(replica.utilization < 0.05, "{replica:?}");
}

/// One user, two requests 2 ms apart (1 ms of work each, no network delay),
/// two replicas of which the second is off from the start, round robin: the
/// first request goes to replica 1, the second to replica 2.
fn second_request_meets_a_dead_server(balancing: Balancing) -> (LoadReport, Vec<f64>) {
    let p = LoadParams {
        balancing,
        replicas: 2,
        switch_off: Some((1, 0.0)),
        service: Dist::Deterministic { secs: 0.001 },
        arrivals: Arrivals::Closed {
            users: 1,
            think: Dist::Deterministic { secs: 0.002 },
        },
        duration_s: 0.006,
        rtt_ms: 0.0,
        keep_completions: true,
        ..LoadParams::default()
    };
    let mut sim = LoadSim::new(&p).unwrap();
    sim.run();
    let waits = sim
        .user_stats()
        .completions
        .iter()
        .map(|&(_, wait)| wait.as_secs_f64())
        .collect();
    (sim.report(), waits)
}

/// nginx has no health probes: it learns that replica 2 is off only when
/// its own connect times out (proxy_connect_timeout 60 s, its SYN sent again
/// at 1, 3, 7, 15 and 31 s unanswered), and then passes the request to
/// replica 1 (proxy_next_upstream error timeout): the user waits 60 s plus
/// 1 ms of work. HAProxy's relay probes every 2 s, counts a probe failed
/// when the next round finds it unanswered (at 4, 6 and 8 s) and takes
/// replica 2 out at the third (8 s); the client's SYN, sent again at 1, 3
/// and 7 s to the replica still thought healthy, goes to replica 1 at 15 s.
#[test]
fn nginx_learns_a_server_is_off_from_a_failed_try_haproxy_from_its_probes() {
    let (nginx, waits) = second_request_meets_a_dead_server(Balancing::Nginx {
        policy: Policy::RoundRobin,
    });
    conserved(&nginx);
    assert_eq!(
        (nginx.completed, nginx.failed, nginx.balancer_retries),
        (2, 0, 1)
    );
    assert_eq!(nginx.per_replica[1].sent_here, 1);
    assert!((waits[1] - 60.001).abs() < 1e-3, "{waits:?}");

    let (haproxy, waits) = second_request_meets_a_dead_server(Balancing::Balancer {
        policy: Policy::RoundRobin,
    });
    conserved(&haproxy);
    assert_eq!((haproxy.completed, haproxy.syn_retransmissions), (2, 4));
    assert!((waits[1] - 15.001).abs() < 1e-2, "{waits:?}");
}

/// A replica that refuses (nothing listens: RST) is an error: nginx tries
/// the other one, which refuses too, and answers 502 at once. Both are then
/// unavailable for fail_timeout (10 s), so the next request (the user waits
/// 2 s after a refusal) finds no live server and gets 502 without nginx
/// contacting any ("no live upstreams").
#[test]
fn nginx_answers_502_when_every_server_refuses_and_then_tries_none() {
    let p = LoadParams {
        balancing: Balancing::Nginx {
            policy: Policy::RoundRobin,
        },
        replicas: 2,
        closed_port: true,
        arrivals: Arrivals::Closed {
            users: 1,
            think: Dist::Deterministic { secs: 0.002 },
        },
        duration_s: 3.0,
        rtt_ms: 0.0,
        ..LoadParams::default()
    };
    let r = run_load(&p).unwrap();
    conserved(&r);
    assert_eq!(r.sent, 2);
    assert!(
        r.failed_by_reason
            .contains(&(FailReason::RetriesExhausted, 2)),
        "{r:?}"
    );
    let tried: Vec<u64> = r.per_replica.iter().map(|x| x.sent_here).collect();
    assert_eq!(tried, [1, 1]);
}

/// With one server nginx ignores max_fails: the request held by the server
/// that goes off is given up when proxy_read_timeout (60 s) expires, with a
/// 504, as there is no other server to pass it to.
#[test]
fn nginx_gives_up_after_its_read_timeout_with_a_504() {
    let p = LoadParams {
        balancing: Balancing::Nginx {
            policy: Policy::RoundRobin,
        },
        switch_off: Some((0, 1.0)),
        service: Dist::Deterministic { secs: 5.0 },
        arrivals: Arrivals::Closed {
            users: 1,
            think: Dist::Deterministic { secs: 0.002 },
        },
        duration_s: 0.005,
        rtt_ms: 0.0,
        ..LoadParams::default()
    };
    let r = run_load(&p).unwrap();
    conserved(&r);
    assert!(
        r.failed_by_reason
            .contains(&(FailReason::GatewayTimeout, 1)),
        "{r:?}"
    );
    assert!((r.duration_s - 60.002).abs() < 1e-3, "{}", r.duration_s);
}

/// nginx holds the idle connections itself: the replicas see only requests.
#[test]
fn idle_connections_stay_with_nginx() {
    let p = LoadParams {
        balancing: Balancing::Nginx {
            policy: Policy::RoundRobin,
        },
        preset: Preset::ApachePrefork,
        idle_connections: 300,
        duration_s: 2.0,
        ..LoadParams::default()
    };
    let r = run_load(&p).unwrap();
    assert_eq!(r.idle_established, 300);
    assert_eq!(r.per_replica[0].accepted, r.completed, "{r:?}");
    assert!(r.per_replica[0].max_connections < 50, "{r:?}");
}
