//! `cslab-cli load`: one JSON object with the promised fields; bad input
//! exits 2 with a message.

mod common;

use common::{cli, json};

#[test]
fn load_prints_one_json_object_with_the_promised_fields() {
    let v = json(&[
        "load",
        "--preset",
        "apache-prefork",
        "--concurrency",
        "1000",
        "--service-ms",
        "200",
        "--duration-s",
        "1",
        "--replicas",
        "2",
        "--balancer",
        "p2c",
        "--seed",
        "4",
    ]);
    for key in [
        "accepted",
        "refused",
        "completed",
        "max_in_service",
        "max_queued",
        "mean_response_s",
        "p99_response_s",
        "throughput_rps",
        "per_replica",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let n = |k: &str| v[k].as_u64().unwrap();
    assert_eq!(v["per_replica"].as_array().unwrap().len(), 2);
    // 1 000 clients on 2 × (256 workers + 511 backlog): workers are full.
    assert_eq!(n("max_in_service"), 256);
    assert_eq!(n("sent"), n("completed") + n("refused") + n("failed"));
}

#[test]
fn load_rejects_bad_input_with_exit_2() {
    for args in [
        &[
            "load",
            "--preset",
            "lighttpd",
            "--concurrency",
            "3",
            "--service-ms",
            "5",
        ][..],
        &["load", "--preset", "nginx", "--service-ms", "5"][..],
        &[
            "load",
            "--preset",
            "nginx",
            "--concurrency",
            "3",
            "--service-ms",
            "5",
            "--balancer",
            "hash",
        ][..],
        &[
            "load",
            "--preset",
            "nginx",
            "--concurrency",
            "0",
            "--service-ms",
            "5",
        ][..],
    ] {
        let out = cli(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        assert!(!out.stderr.is_empty());
    }
}
