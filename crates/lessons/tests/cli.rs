//! The command line: one JSON object on stdout, errors on stderr with a
//! non-zero exit.

mod common;

use common::cli;

#[test]
fn queue_prints_one_json_object_with_the_promised_fields() {
    let out = cli(&[
        "queue",
        "--servers",
        "2",
        "--arrival-rate",
        "12",
        "--service-rate",
        "10",
        "--requests",
        "20000",
        "--seed",
        "3",
        "--rtt-ms",
        "20",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.trim().lines().count(), 1, "one line of JSON");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for key in [
        "mean_response_s",
        "p50_response_s",
        "p95_response_s",
        "p99_response_s",
        "throughput_rps",
        "utilization",
        "completed",
        "rejected",
        "events",
        "seed",
    ] {
        assert!(v.get(key).is_some(), "missing {key} in {text}");
    }
    assert_eq!(v["seed"], 3);
    assert_eq!(v["completed"], 20_000);
    assert_eq!(v["rejected"], 0);
    // 20 ms of round trip on top of the server's time, plus a few µs of
    // transmission.
    let net = v["mean_response_s"].as_f64().unwrap() - v["mean_sojourn_s"].as_f64().unwrap();
    assert!((net - 0.020).abs() < 50e-6, "network part {net}");
    let util = v["utilization"].as_f64().unwrap();
    assert!((util - 0.6).abs() < 0.02, "utilisation {util}");
    assert!(v["events"].as_u64().unwrap() > 20_000 * 8);
    // Same arguments, same output.
    let again = cli(&[
        "queue",
        "--servers",
        "2",
        "--arrival-rate",
        "12",
        "--service-rate",
        "10",
        "--requests",
        "20000",
        "--seed",
        "3",
        "--rtt-ms",
        "20",
    ]);
    assert_eq!(String::from_utf8(again.stdout).unwrap(), text);
}

#[test]
fn a_full_queue_refuses_requests() {
    let out = cli(&[
        "queue",
        "--servers=1",
        "--arrival-rate=20",
        "--service-rate=10",
        "--requests=5000",
        "--queue-capacity=0",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (done, refused) = (
        v["completed"].as_u64().unwrap(),
        v["rejected"].as_u64().unwrap(),
    );
    assert_eq!(done + refused, 5000);
    // M/M/1/1 with ρ = 2: P_1 = ρ/(1+ρ) = 2/3.
    let frac = refused as f64 / 5000.0;
    assert!((frac - 2.0 / 3.0).abs() < 0.03, "refused {frac}");
}

#[test]
fn bad_flags_and_values_exit_non_zero_with_a_message() {
    let base = [
        "queue",
        "--servers",
        "1",
        "--arrival-rate",
        "5",
        "--service-rate",
        "10",
        "--requests",
        "10",
    ];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec![], "missing command"),
        (vec!["stack"], "unknown command"),
        (
            [&base[..], &["--bogus", "1"]].concat(),
            "unknown flag `--bogus`",
        ),
        ([&base[..], &["--seed", "-1"]].concat(), "--seed"),
        (
            [&base[..], &["--rtt-ms", "abc"]].concat(),
            "--rtt-ms expects a number",
        ),
        (
            [&base[..], &["--rtt-ms"]].concat(),
            "--rtt-ms needs a value",
        ),
        (
            vec![
                "queue",
                "--servers",
                "0",
                "--arrival-rate",
                "5",
                "--service-rate",
                "10",
                "--requests",
                "10",
            ],
            "--servers",
        ),
        (
            vec![
                "queue",
                "--servers",
                "1",
                "--arrival-rate",
                "0",
                "--service-rate",
                "10",
                "--requests",
                "10",
            ],
            "--arrival-rate must be greater than 0",
        ),
        (
            vec!["queue", "--servers", "1"],
            "missing --arrival-rate, --service-rate, --requests",
        ),
    ];
    for (args, needle) in cases {
        let out = cli(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(out.stdout.is_empty(), "{args:?} printed on stdout");
        assert!(
            err.contains(needle),
            "{args:?}: stderr {err:?} lacks {needle:?}"
        );
    }
    let help = cli(&["--help"]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("usage: cslab-cli queue"));
}

#[test]
fn pageload_prints_one_json_object_with_the_promised_fields() {
    let args = [
        "pageload",
        "--objects",
        "4",
        "--rtt-ms",
        "50",
        "--mode",
        "nonpersistent",
        "--parallel",
        "2",
        "--object-kb",
        "0.1",
        "--bandwidth-mbps",
        "10000",
        "--tls",
        "--dns",
        "cached",
        "--seed",
        "9",
    ];
    let out = cli(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.trim().lines().count(), 1, "one line of JSON");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for key in [
        "page_load_s",
        "dns_s",
        "connect_s",
        "tls_s",
        "connections",
        "packets",
        "retransmissions",
        "events",
        "seed",
    ] {
        assert!(v.get(key).is_some(), "missing {key} in {text}");
    }
    assert_eq!(v["seed"], 9);
    assert_eq!(v["dns_s"], 0.0);
    assert_eq!(v["connections"], 5);
    // Non-persistent over TLS, 2 parallel: 3 RTT per wave, 1 + ceil(4/2)
    // waves (the base page's 2 kB default adds a few microseconds).
    let page = v["page_load_s"].as_f64().unwrap();
    assert!((page - 9.0 * 0.050).abs() < 1e-3, "page {page}");
    assert_eq!(String::from_utf8(cli(&args).stdout).unwrap(), text);
}

#[test]
fn pageload_init_cwnd_sets_the_rounds_and_the_gap_says_so() {
    // One object of 43.4 kB (30 segments of 1460 with its head) after the
    // 2 kB base page (2 segments, whose ACKs add 2170 bytes to cwnd), at
    // 100 ms on 10 Gbit/s. Textbook: connect + base + object = 3 RTT.
    // IW10: 14600 + 2170 B hold 11 segments, then 22: 2 rounds, 4 RTT.
    // IW3: 4380 + 2170 B hold 4, then 8, then 16, then 2: 4 rounds, 6 RTT.
    for (iw, rtts) in [(None, 4.0), (Some("3"), 6.0)] {
        let mut args = vec![
            "pageload",
            "--objects",
            "1",
            "--object-kb",
            "43.4",
            "--rtt-ms",
            "100",
            "--mode",
            "persistent",
            "--bandwidth-mbps",
            "10000",
            "--dns",
            "cached",
        ];
        if let Some(segments) = iw {
            args.extend(["--init-cwnd", segments]);
        }
        let out = cli(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let iw_bytes = if iw.is_some() { 3 * 1460 } else { 14_600 };
        assert_eq!(v["init_cwnd_bytes"], iw_bytes);
        let page = v["page_load_s"].as_f64().unwrap();
        assert!((page - rtts * 0.1).abs() < 1e-3, "{iw:?}: page {page}");
        let gap = &v["gap"];
        assert_eq!(gap["textbook_rtts"], 3);
        let measured = gap["measured_rtts"].as_f64().unwrap();
        let slow_start = gap["slow_start_rtts"].as_f64().unwrap();
        assert!((measured - rtts).abs() < 0.01, "{gap}");
        assert!((slow_start - (rtts - 3.0)).abs() < 0.01, "{gap}");
        assert!(gap["sending_s"].as_f64().unwrap() < 1e-3, "{gap}");
        assert_eq!(gap["loss_s"], 0.0);
    }
    let out = cli(&[
        "pageload",
        "--objects",
        "1",
        "--rtt-ms",
        "10",
        "--mode",
        "persistent",
        "--init-cwnd",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--init-cwnd"));
}

#[test]
fn pageload_errors_name_the_bad_flag() {
    for (args, needle) in [
        (
            vec!["pageload", "--objects", "3", "--rtt-ms", "10"],
            "missing --mode",
        ),
        (
            vec![
                "pageload",
                "--objects",
                "3",
                "--rtt-ms",
                "10",
                "--mode",
                "fast",
            ],
            "--mode expects",
        ),
        (
            vec![
                "pageload",
                "--objects",
                "3",
                "--rtt-ms",
                "10",
                "--mode",
                "persistent",
                "--dns",
                "magic",
            ],
            "--dns expects",
        ),
        (
            vec![
                "pageload",
                "--objects",
                "3",
                "--rtt-ms",
                "10",
                "--mode",
                "persistent",
                "--loss",
                "0.9",
            ],
            "--loss must be between",
        ),
        (
            vec![
                "pageload",
                "--objects",
                "x",
                "--rtt-ms",
                "10",
                "--mode",
                "persistent",
            ],
            "--objects expects a whole number",
        ),
        (vec!["pageload", "--bogus", "1"], "unknown flag `--bogus`"),
    ] {
        let out = cli(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn http_runs_a_request_script_and_lists_each_answer() {
    let args = [
        "http",
        "--login",
        "--rtt-ms",
        "40",
        "--request",
        "GET /",
        "--request",
        "GET /",
        "--request",
        "GET /old",
        "--request",
        "GET /private",
        "--request",
        "GET /admin",
        "--request",
        "get /error",
        "--request",
        "POST /form 1500",
        "--request",
        "PUT /notes/1 500",
        "--request",
        "DELETE /notes/1",
        "--request",
        "GET /notes/1",
    ];
    let out = cli(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.trim().lines().count(), 1, "one line of JSON");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let reqs = v["requests"].as_array().unwrap();
    let got: Vec<(String, String, u64)> = reqs
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap().to_string(),
                r["path"].as_str().unwrap().to_string(),
                r["status"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = [
        ("GET", "/", 200),
        ("GET", "/", 304),
        ("GET", "/old", 301),
        ("GET", "/", 304),
        ("GET", "/private", 401),
        ("GET", "/private", 200),
        ("GET", "/admin", 403),
        ("GET", "/error", 500),
        ("POST", "/form", 200),
        ("PUT", "/notes/1", 201),
        ("DELETE", "/notes/1", 200),
        ("GET", "/notes/1", 404),
    ]
    .map(|(m, p, s)| (m.to_string(), p.to_string(), s));
    assert_eq!(got, want);
    assert_eq!(reqs[5]["follows"], 4);
    assert_eq!(reqs[8]["request_body_bytes"], 1500);
    // Connect, then one round trip per request on the persistent
    // connection (small bodies, fast link).
    let total = v["report"]["page_load_s"].as_f64().unwrap();
    let want_s = (1.0 + want.len() as f64) * 0.040;
    assert!((total - want_s).abs() < 2e-3, "{total} s, want {want_s} s");
    // 503 beyond --max-clients: two persistent connections, one served.
    let out = cli(&[
        "http",
        "--mode",
        "persistent",
        "--parallel",
        "2",
        "--max-clients",
        "1",
        "--request",
        "GET /",
        "--request",
        "GET /admin",
        "--request",
        "GET /old",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let statuses: Vec<u64> = v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert!(statuses.contains(&503), "{statuses:?}");
    for (bad, msg) in [
        (vec!["http"], "missing --request"),
        (vec!["http", "--request", "FETCH /"], "--request expects"),
        (vec!["http", "--request", "GET nope"], "--request expects"),
        (
            vec!["http", "--request", "GET /", "--bogus", "1"],
            "unknown flag",
        ),
    ] {
        let out = cli(&bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(msg), "{bad:?}: {err}");
    }
}
