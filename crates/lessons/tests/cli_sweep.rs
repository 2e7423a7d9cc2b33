//! `cslab-cli sweep`: the same bytes for any number of threads, the same
//! numbers as JSON and as CSV, M/M/1's textbook mean at every load, the
//! gossip sweep's points equal to `gossip` run alone, and bad input
//! refused with status 2.

mod common;

use common::{cli, json, stdout};
use serde_json::Value;

/// The three sweeps, each with a seed of its own and more points than
/// threads (the distribution's file is small, to keep the test short).
const SWEEPS: [&[&str]; 3] = [
    &["sweep", "queue", "--seed", "3"],
    &[
        "sweep",
        "distribute",
        "--n",
        "10,50,100,200",
        "--file-mb",
        "5",
        "--seed",
        "2",
    ],
    &["sweep", "gossip", "--seed", "5"],
];

#[test]
fn the_output_is_the_same_bytes_for_one_thread_three_and_every_core() {
    for sweep in SWEEPS {
        for format in ["json", "csv"] {
            let with =
                |threads: &[&str]| stdout(&[sweep, &["--format", format][..], threads].concat());
            let one = with(&["--threads", "1"]);
            assert!(one.len() > 100, "{sweep:?}: {one}");
            assert_eq!(one, with(&["--threads", "3"]), "{sweep:?} {format}");
            assert_eq!(one, with(&[]), "{sweep:?} {format}, every core");
        }
    }
}

#[test]
fn csv_and_json_carry_the_same_numbers() {
    for sweep in SWEEPS {
        let json = stdout(sweep);
        let parsed: Value = serde_json::from_str(&json).unwrap();
        let points = parsed["points"].as_array().unwrap();
        let printed = printed_fields(&json);
        let csv = stdout(&[sweep, &["--format", "csv"][..]].concat());
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let rows: Vec<Vec<&str>> = lines.map(|line| line.split(',').collect()).collect();
        assert_eq!(rows.len(), points.len(), "{sweep:?}: a line per point");
        assert_eq!(printed.len(), points.len(), "{sweep:?}");
        for ((point, fields), row) in points.iter().zip(&printed).zip(&rows) {
            assert_eq!(point.as_object().unwrap().len(), fields.len(), "{sweep:?}");
            let names: Vec<&str> = fields.iter().map(|(name, _)| name.as_str()).collect();
            assert_eq!(
                names, header,
                "{sweep:?}: the columns are the JSON's fields, in order"
            );
            for ((name, value), cell) in fields.iter().zip(row) {
                let expected = match value.as_str() {
                    "null" => "",
                    text => text.trim_matches('"'),
                };
                assert_eq!(*cell, expected, "{sweep:?}: {name}");
            }
        }
    }
}

/// Each point's fields as the JSON prints them, `(name, value)` in order:
/// compared as text, because serde_json's parser may land a decimal an
/// ulp away from the f64 it was printed from. (A point holds no nested
/// value and no text with a comma.)
fn printed_fields(json: &str) -> Vec<Vec<(String, String)>> {
    let (_, points) = json.trim().split_once("\"points\":[{").unwrap();
    let points = points.strip_suffix("}]}").unwrap();
    (points.split("},{"))
        .map(|point| {
            (point.split(','))
                .map(|field| {
                    let (name, value) = field.split_once(':').unwrap();
                    (name.trim_matches('"').to_owned(), value.to_owned())
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_queue_sweep_lands_on_mm1s_mean_at_every_load() {
    // M/M/1's mean time in the system, T = 1/(μ − λ) (Kleinrock, Queueing
    // Systems I, 1975, section 3.2), computed here, not read from the
    // program. The tolerance is three standard errors of a mean over n
    // requests: M/M/1's time-average number in system has an asymptotic
    // variance of 2ρ(1 + ρ)/(1 − ρ)⁴ per unit of time 1/μ (Whitt, "Planning
    // queueing simulations", 1989); over the n/ρ such units n requests take,
    // the relative standard error is √(2(1 + ρ)/n)/(1 − ρ): 0.7 % at
    // ρ = 0.3, 6.2 % at ρ = 0.9 with n = 100,000.
    let mu: f64 = 10.0;
    let n: f64 = 100_000.0;
    let v = json(&[
        "sweep",
        "queue",
        "--servers",
        "1",
        "--service-rate",
        "10",
        "--requests",
        "100000",
        "--rho",
        "0.3,0.5,0.7,0.9",
        "--threads",
        "2",
    ]);
    let points = v["points"].as_array().unwrap();
    assert_eq!(v["sweep"], "queue");
    assert_eq!(points.len(), 4);
    for (point, rho) in points.iter().zip([0.3, 0.5, 0.7, 0.9]) {
        let lambda = rho * mu;
        let textbook = 1.0 / (mu - lambda);
        let tolerance = 3.0 * (2.0 * (1.0 + rho) / n).sqrt() / (1.0 - rho);
        let f = |name: &str| point[name].as_f64().unwrap();
        assert_eq!(f("rho"), rho);
        assert!((f("arrival_rate") - lambda).abs() < 1e-9, "{point}");
        assert_eq!(point["completed"], 100_000);
        for simulated in ["mean_response_s", "mean_sojourn_s"] {
            let error = (f(simulated) / textbook - 1.0).abs();
            assert!(
                error < tolerance,
                "ρ = {rho}: {simulated} {} against 1/(μ − λ) = {textbook}: {:.1} % off, \
                 more than {:.1} %",
                f(simulated),
                error * 100.0,
                tolerance * 100.0
            );
        }
        // The theory the program prints beside it is the same formula.
        assert!(
            (f("theory_mean_sojourn_s") - textbook).abs() < 1e-9,
            "{point}"
        );
    }
}

#[test]
fn the_gossip_sweeps_points_are_gossip_run_alone_at_that_size_and_seed() {
    for spread in [&["--fanout", "2"][..], &["--degree", "4"][..]] {
        let sizes = ["50", "200", "1000", "10000"];
        let joined = sizes.join(",");
        let args = ["sweep", "gossip", "--nodes", joined.as_str(), "--seed", "9"];
        let sweep = json(&[&args[..], spread].concat());
        let points = sweep["points"].as_array().unwrap();
        assert_eq!(points.len(), sizes.len());
        for (point, size) in points.iter().zip(sizes) {
            let alone = json(&[&["gossip", "--nodes", size, "--seed", "9"][..], spread].concat());
            let point = point.as_object().unwrap();
            for (name, value) in point {
                assert_eq!(value, &alone[name], "{spread:?} {size}: {name}");
            }
            assert_eq!(point["nodes"].to_string(), size);
        }
    }
}

#[test]
fn bad_arguments_exit_2_with_a_message_naming_them() {
    for (args, message) in [
        (
            &["sweep", "queue", "--threads", "0"][..],
            "--threads expects a whole number from 1 to 1024, got `0`",
        ),
        (&["sweep"][..], "sweep needs what to sweep"),
        (&["sweep", "pageload"][..], "unknown sweep `pageload`"),
        (
            &["sweep", "queue", "--arrival-rate", "5"][..],
            "--arrival-rate is not for a sweep",
        ),
        (
            &["sweep", "distribute", "--mode", "cs"][..],
            "--mode is not for a sweep: every point runs both",
        ),
        (
            &["sweep", "distribute", "--packets"][..],
            "--packets is not for a sweep",
        ),
        (
            &["sweep", "queue", "--rho", "0.5,abc"][..],
            "--rho expects a number, got `abc`",
        ),
        (
            &["sweep", "gossip", "--nodes", "100,1"][..],
            "--nodes expects a whole number from 2 to 1000000, got `1`",
        ),
        (
            &["sweep", "gossip", "--format", "xml"][..],
            "--format expects json or csv, got `xml`",
        ),
        (
            &["sweep", "queue", "--servers", "many"][..],
            "--servers expects a whole number",
        ),
        (
            &[
                "sweep",
                "distribute",
                "--n",
                "100,1000",
                "--scheduler",
                "ideal",
            ][..],
            "--n 1000 (peer-to-peer): scheduler ideal: peers must be at most 500",
        ),
    ] {
        let out = cli(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            stderr.starts_with(&format!("cslab-cli: {message}")),
            "{args:?}: {stderr}"
        );
    }
}
