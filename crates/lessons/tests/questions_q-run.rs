//! Predict, then observe, in the lessons told without a story: the
//! comparison, the gossip and the server under load ask where their run
//! says, and `cslab-cli lesson NAME` answers from the run. Each answer is
//! checked against what the run's own figures or messages show, counted
//! here independently, for settings that change it.

mod common;

use common::{before_answer, json, question};

use serde_json::Value;

/// Seconds as the explanations write them: whole, with thousands commas.
fn whole_seconds(s: f64) -> String {
    let digits = (s.round() as u64).to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Kurose and Ross's lower bounds (Computer Networking, §2.5), in
/// seconds, for N peers, a file of F megabytes, a server's upload u_s and
/// each peer's upload u and download d in Mbit/s:
/// D_cs = max(N·F/u_s, F/d), D_p2p = max(F/u_s, F/d, N·F/(u_s + N·u)).
fn bounds(n: f64, file_mb: f64, us: f64, u: f64, d: f64) -> (f64, f64) {
    let f = 8.0 * file_mb;
    let cs = (n * f / us).max(f / d);
    let p2p = (f / us).max(f / d).max(n * f / (us + n * u));
    (cs, p2p)
}

/// Which side gives every peer the file first follows the settings: the
/// swarm by far with 100 peers on a 30 Mbit/s server (its bound is a
/// quarter of the server's), the server alone with 10 peers on a
/// 100 Mbit/s one (both bounds are the download line's F/d, and the swarm
/// loses time trading pieces over 1 Mbit/s uploads). The answer is the
/// side whose run finished first, where it finished.
#[test]
fn the_comparison_asks_which_side_finishes_first_and_the_runs_answer() {
    for (set, n, us, winner) in [
        (vec![], 100.0, 30.0, "Peer-to-peer"),
        (
            vec!["peers=10", "server-up-mbps=100"],
            10.0,
            100.0,
            "The server alone",
        ),
    ] {
        let question = question("cs-vs-p2p", &set);
        assert_eq!(question["key"], "ask-compare-first");
        assert_eq!(question["choices"].as_array().unwrap().len(), 3);
        let text = question["question"].as_str().unwrap();
        assert!(text.contains(&format!("to {n} peers")), "{text}");
        let report = &question["report"];
        let time = |side: &str| report[side]["distribution_time_s"].as_f64().unwrap();
        let (cs, p2p) = (time("client_server"), time("peer_to_peer"));
        let (cs_bound, p2p_bound) = bounds(n, 50.0, us, 1.0, 10.0);
        assert!(cs >= cs_bound - 1e-6 && p2p >= p2p_bound - 1e-6, "{set:?}");
        assert!(p2p_bound <= cs_bound, "the swarm's bound is never worse");
        let first = if cs < p2p {
            "The server alone"
        } else {
            "Peer-to-peer"
        };
        assert_eq!(first, winner, "{set:?}: {cs} s against {p2p} s");
        let answer = question["answer"].as_str().unwrap();
        assert!(answer.starts_with(winner), "{set:?}: {answer}");
        assert_eq!(question["asked_s"], 0.0, "asked as the runs start");
        let revealed = question["revealed_s"].as_f64().unwrap();
        assert!((revealed - cs.min(p2p)).abs() < 1e-6, "{set:?}: {revealed}");
        let explanation = question["explanation"].as_str().unwrap();
        let said = format!("all {n} peers the file in {} s", whole_seconds(revealed));
        assert!(explanation.contains(&said), "{explanation}");
        if winner == "Peer-to-peer" {
            let bound = format!("at least {} s", whole_seconds(cs_bound));
            assert!(explanation.contains(&bound), "{explanation}");
        }
    }
}

/// With the server failing, the server's side can never finish: there is
/// no race to predict, and the question is not asked.
#[test]
fn with_the_server_failing_the_comparison_asks_nothing() {
    let out = json(&["lesson", "cs-vs-p2p", "--set", "server-fails=1"]);
    assert_eq!(out["questions"], serde_json::json!([]));
}

/// The gossip asks where the round that reaches half of the nodes ends,
/// and answers where every node has the block: how many more rounds that
/// took against the rounds to half, read here from the run's nodes
/// informed per round. Push gossip's tail (about ln N rounds) is close to
/// its doubling phase (log₂ N), so the answer depends on N and the seed;
/// flooding reaches the rest in one hop.
#[test]
fn the_gossip_asks_how_many_more_rounds_after_half_and_the_rounds_answer() {
    let mut answers = Vec::new();
    for set in [
        vec![],
        vec!["gossip=flood-4"],
        vec!["nodes=1000"],
        vec!["nodes=50", "gossip=push-4"],
    ] {
        let question = question("gossip", &set);
        assert_eq!(question["key"], "ask-gossip-rest");
        assert_eq!(question["choices"].as_array().unwrap().len(), 4);
        let report = &question["report"];
        let nodes = report["nodes"].as_u64().unwrap();
        let per_round: Vec<u64> = (report["informed_per_round"].as_array().unwrap().iter())
            .map(|n| n.as_u64().unwrap())
            .collect();
        assert_eq!(*per_round.last().unwrap(), nodes, "every node has it");
        let half = per_round.iter().position(|&n| 2 * n >= nodes).unwrap() as u64;
        let rounds = per_round.len() as u64 - 1;
        let rest = rounds - half;
        assert_eq!(
            question["asked_s"].as_f64().unwrap(),
            half as f64,
            "{set:?}"
        );
        assert_eq!(question["revealed_s"].as_f64().unwrap(), rounds as f64);
        let expected = match rest {
            1 => "Just one",
            _ if rest < half => "Fewer",
            _ if rest == half => "As many",
            _ => "More",
        };
        let answer = question["answer"].as_str().unwrap();
        assert!(answer.starts_with(expected), "{set:?}: {answer}");
        let explanation = question["explanation"].as_str().unwrap();
        let said = format!(
            "after round {half} ({} of them), and every node after round {rounds}: {rest} more",
            per_round[half as usize]
        );
        assert!(explanation.contains(&said), "{explanation}");
        answers.push(expected);
    }
    assert_eq!(answers, ["Fewer", "Just one", "As many", "Just one"]);
}

/// One request's time in the server, from the transcript: its 200 OK
/// leaves the server at `t_ok`; its GET left the balancer at `t_get` and
/// took the one-way delay the connection's handshake shows (the server
/// answers a SYN as it arrives).
struct Served {
    t_ok: f64,
    in_server_ms: f64,
}

/// Every answer the server sent by the time the answer showed, with its
/// time in the server, in the transcript's order.
fn served(question: &Value) -> Vec<Served> {
    use std::collections::HashMap;
    let (mut syn, mut one_way, mut get) = (HashMap::new(), HashMap::new(), HashMap::new());
    let mut out = Vec::new();
    for m in before_answer(question) {
        let t = m["t_s"].as_f64().unwrap();
        let summary = m["summary"].as_str().unwrap();
        let from_server = m["from"] == "Web server";
        let port = if from_server {
            m["to_port"].as_u64().unwrap()
        } else {
            m["from_port"].as_u64().unwrap()
        };
        match summary {
            "SYN" if m["to"] == "Web server" && m["retransmission"].is_null() => {
                syn.insert(port, t);
            }
            "SYN, ACK" if from_server => {
                one_way.insert(port, t - syn[&port]);
            }
            _ if summary.starts_with("GET") && m["to"] == "Web server" => {
                get.insert(port, t + one_way[&port]);
            }
            _ if summary.starts_with("HTTP/1.1 200") && from_server => out.push(Served {
                t_ok: t,
                in_server_ms: (t - get[&port]) * 1e3,
            }),
            _ => {}
        }
    }
    out
}

/// The milliseconds an explanation says the requests spent in the server.
fn said_ms(explanation: &str) -> f64 {
    let after = explanation.split(" spent ").nth(1).unwrap();
    after.split(" ms").next().unwrap().parse().unwrap()
}

/// How long a request spends in the server follows the load: about its
/// 20 ms of computing at half the capacity (M/M/4 with ρ = 0.5 waits
/// 1.7 ms on average), half as long again at 75 % (Erlang C: 10 ms of
/// waiting), more than twice as long near capacity, and above it the
/// queues fill and connections are turned away (the transcript shows the
/// clients sending their SYNs again). The mean is the last 100 answers'
/// time in the server, measured here from the transcript's messages.
#[test]
fn the_server_under_load_asks_how_long_a_request_takes_and_the_messages_answer() {
    for (rate, expected, theory_ms) in [
        ("100", "About as long as alone", Some(21.7)),
        ("150", "A little longer", Some(30.2)),
        ("190", "More than twice", None),
        ("1000", "Some are turned away", None),
    ] {
        let mut args = vec!["lesson", "server-under-load", "--until-s", "6"];
        let set = format!("rate={rate}");
        args.extend(["--set", &set]);
        let out = json(&args);
        let mut question = out["questions"][0].clone();
        assert_eq!(out["questions"].as_array().unwrap().len(), 1);
        question["messages"] = out["messages"].clone();
        assert_eq!(question["key"], "ask-load-time");
        assert_eq!(question["choices"].as_array().unwrap().len(), 4);
        assert!(question["asked_s"].as_f64().unwrap() < question["revealed_s"].as_f64().unwrap());
        let answer = question["answer"].as_str().unwrap();
        assert!(answer.starts_with(expected), "{rate}: {answer}");
        let explanation = question["explanation"].as_str().unwrap();
        if rate == "1000" {
            let again = before_answer(&question)
                .into_iter()
                .filter(|m| m["summary"] == "SYN" && m["retransmission"] == true)
                .count();
            assert!(again > 0, "the clients sent their SYNs again");
            assert!(
                explanation.contains("turning connection attempts away"),
                "{explanation}"
            );
            continue;
        }
        let all = served(&question);
        let last = &all[all.len() - 100..];
        assert!(last[99].t_ok <= question["revealed_s"].as_f64().unwrap());
        let mean = last.iter().map(|s| s.in_server_ms).sum::<f64>() / 100.0;
        let said = said_ms(explanation);
        assert!(
            (mean - said).abs() <= 1.0,
            "{rate}: {mean} ms measured, {explanation}"
        );
        let ratio = said / 20.0;
        let class = match ratio {
            _ if ratio < 1.25 => "About as long as alone",
            _ if ratio < 2.0 => "A little longer",
            _ => "More than twice",
        };
        assert_eq!(class, expected, "{rate}: {said} ms");
        if let Some(theory) = theory_ms {
            // A hundred exponential services: within a few ms of M/M/4.
            assert!(
                (said - theory).abs() < 6.0,
                "{rate}: {said} ms, theory {theory}"
            );
        }
    }
}

/// Slow clients hold their requests open for seconds on purpose: their
/// times would be theirs, not the load's, and the question is not asked.
#[test]
fn with_slow_clients_the_server_under_load_asks_nothing() {
    let out = json(&[
        "lesson",
        "server-under-load",
        "--until-s",
        "1",
        "--set",
        "slow-clients=50",
    ]);
    assert_eq!(out["questions"], serde_json::json!([]));
}
