//! `cslab-cli distribute` and `gossip`: one JSON object with the promised
//! fields; bad input exits 2 with a message naming the flag.

mod common;

use common::{cli, json};

const BASE: [&str; 13] = [
    "distribute",
    "--peers",
    "40",
    "--file-mb",
    "2",
    "--server-up-mbps",
    "10",
    "--peer-up-mbps",
    "1",
    "--peer-down-mbps",
    "20",
    "--seed",
    "3",
];

#[test]
fn distribute_prints_the_promised_fields_and_the_bound() {
    for mode in ["cs", "p2p"] {
        let mut args = BASE.to_vec();
        args.extend(["--mode", mode, "--piece-kb", "128"]);
        let v = json(&args);
        for key in [
            "distribution_time_s",
            "bound_s",
            "bytes_from_server",
            "bytes_from_peers",
            "events",
            "peers_finished",
            "pieces",
            "mode",
        ] {
            assert!(v.get(key).is_some(), "{mode}: missing {key}");
        }
        let f = |k: &str| v[k].as_f64().unwrap();
        let n = |k: &str| v[k].as_u64().unwrap();
        // 2 MB = 16 Mbit; 40 peers; u_s = 10, u = 1, d = 20 Mbit/s.
        let bound = match mode {
            "cs" => (40.0 * 16.0 / 10.0f64).max(16.0 / 20.0),
            _ => (16.0 / 10.0f64)
                .max(16.0 / 20.0)
                .max(40.0 * 16.0 / (10.0 + 40.0)),
        };
        assert!((f("bound_s") - bound).abs() < 1e-9, "{mode}: {v}");
        assert!(f("distribution_time_s") >= bound);
        assert_eq!(v["mode"], mode);
        assert_eq!(n("pieces"), 16, "2 000 000 bytes in 128 KiB pieces");
        assert_eq!(n("peers_finished"), 40);
        assert_eq!(
            n("bytes_from_server") + n("bytes_from_peers"),
            40 * 2_000_000
        );
        assert!(n("events") > 0);
    }
}

#[test]
fn distribute_rejects_bad_flags_naming_them() {
    let with = |extra: &[&'static str]| {
        let mut args = BASE.to_vec();
        args.extend(["--mode", "p2p"]);
        args.extend_from_slice(extra);
        args
    };
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (with(&["--mode", "mesh"]), "--mode"),
        (with(&["--peers", "0"]), "--peers"),
        (with(&["--file-mb", "lots"]), "--file-mb"),
        (with(&["--piece-kb", "-4"]), "--piece-kb"),
        (with(&["--churn", "2"]), "--churn"),
        (with(&["--colour", "red"]), "--colour"),
        (BASE[..3].to_vec(), "--mode"),
    ];
    for (args, flag) in cases {
        let out = cli(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(flag), "{args:?}: {err}");
    }
}

#[test]
fn gossip_prints_rounds_within_theory_and_rejects_bad_flags() {
    let v = json(&["gossip", "--nodes", "1000", "--seed", "2"]);
    let rounds = v["rounds"].as_f64().unwrap();
    let theory = 1000f64.log2() + 1000f64.ln();
    assert!(rounds >= 1000f64.log2() && rounds <= 3.0 * theory, "{v}");
    assert_eq!(v["all_informed"], true);
    assert!(v["messages"].as_u64().unwrap() > 0);
    let flood = json(&["gossip", "--nodes", "500", "--degree", "3"]);
    assert_eq!(flood["all_informed"], true);
    for (args, flag) in [
        (vec!["gossip", "--nodes", "1"], "--nodes"),
        (vec!["gossip", "--nodes", "10", "--fanout", "x"], "--fanout"),
        (
            vec!["gossip", "--nodes", "10", "--fanout", "2", "--degree", "2"],
            "--degree",
        ),
        (vec!["gossip"], "--nodes"),
    ] {
        let out = cli(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(flag), "{args:?}: {err}");
    }
}

#[test]
fn distribute_packets_runs_tcp_over_the_uplink_and_says_which_model() {
    // 10 peers, 1 MB, u_s = 10 Mbit/s: N·F/u_s = 8 s binds (F/d = 0.4 s).
    let args = [
        "distribute",
        "--mode",
        "cs",
        "--peers",
        "10",
        "--file-mb",
        "1",
        "--server-up-mbps",
        "10",
        "--peer-up-mbps",
        "1",
        "--peer-down-mbps",
        "20",
    ];
    let mut packets = args.to_vec();
    packets.push("--packets");
    let v = json(&packets);
    assert_eq!(v["model"], "packets");
    let f = |k: &str| v[k].as_f64().unwrap();
    assert!((f("bound_s") - 8.0).abs() < 1e-9, "{v}");
    // 1518-byte frames for 1460 bytes of payload.
    let wire = 8.0 * 1518.0 / 1460.0;
    assert!(
        (wire..=1.03 * wire).contains(&f("distribution_time_s")),
        "{v}"
    );
    assert_eq!(v["bytes_delivered"].as_u64(), Some(10_000_000));
    assert!(v["packets"].as_u64().unwrap() > 10_000_000 / 1460);
    assert!(v["trace_hash"].as_str().is_some());
    assert_eq!(json(&args)["model"], "flows");

    for (extra, flag) in [
        (["--mode", "p2p"], "--packets"),
        (["--churn", "0.1"], "--churn"),
    ] {
        let mut bad = packets.clone();
        bad.extend(extra);
        let out = cli(&bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(flag), "{bad:?}: {err}");
    }
}

#[test]
fn distribute_scheduler_ideal_reaches_the_bound_and_says_so() {
    // 40 peers, 2 MB = 16 Mbit, u_s = 10, u = 1, d = 20 Mbit/s:
    // N·F/(u_s + N·u) = 640/50 = 12.8 s binds (F/u_s = 1.6 s, F/d = 0.8 s).
    let mut args = BASE.to_vec();
    args.extend(["--mode", "p2p", "--scheduler", "ideal"]);
    let v = json(&args);
    assert_eq!(v["scheduler"], "ideal");
    let t = v["distribution_time_s"].as_f64().unwrap();
    assert!((12.8..=1.03 * 12.8).contains(&t), "{v}");
    assert!(v["relay_lag_s"].as_f64().unwrap() > 0.0);
    // The same run twice: the same fingerprint and event count.
    let again = json(&args);
    assert_eq!(
        (&v["result_hash"], &v["events"]),
        (&again["result_hash"], &again["events"])
    );
    let mut default = BASE.to_vec();
    default.extend(["--mode", "p2p"]);
    assert_eq!(json(&default)["scheduler"], "bittorrent");

    for (extra, needle) in [
        (vec!["--scheduler", "fastest"], "--scheduler"),
        (vec!["--scheduler", "ideal", "--mode", "cs"], "ideal"),
        (vec!["--scheduler", "ideal", "--churn", "0.1"], "ideal"),
    ] {
        let mut bad = default.clone();
        bad.extend(extra);
        let out = cli(&bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{bad:?}: {err}");
    }
}
