//! Predict, then observe, in "What others can see", "A live connection" and
//! "A game service": each question's answer, printed by `cslab-cli lesson
//! NAME`, is what the transcript's messages show, setting by setting, and
//! it is asked before it is revealed.

mod common;

use common::{before_answer, question};

use serde_json::Value;

fn text<'a>(m: &'a Value, field: &str) -> &'a str {
    m[field].as_str().unwrap_or_default()
}

fn seconds(value: &Value) -> f64 {
    value.as_f64().unwrap()
}

fn asked_before_revealed(question: &Value) {
    let (asked, revealed) = (
        seconds(&question["asked_s"]),
        seconds(&question["revealed_s"]),
    );
    assert!(
        asked < revealed,
        "asked at {asked} s, revealed at {revealed} s"
    );
}

/// Anyone on the path reads what the browser sends in the clear: the
/// request's path without TLS; with TLS, the site's name in the DNS
/// question (unless DoH seals it) and in the ClientHello (SNI), never the
/// path.
#[test]
fn the_privacy_lesson_asks_what_the_path_reads_and_the_browsers_packets_answer() {
    for (https, doh, answer) in [
        ("0", "0", "The site and the very page you ask for"),
        ("1", "0", "The site’s name, but not which page"),
        ("1", "1", "The site’s name, but not which page"),
        ("0", "1", "The site and the very page you ask for"),
    ] {
        let settings = [format!("site-https={https}"), format!("doh={doh}")];
        let q = question("privacy", &[&settings[0], &settings[1]]);
        assert_eq!(q["key"], "ask-privacy-path");
        assert_eq!(q["choices"].as_array().unwrap().len(), 4);
        assert_eq!(q["answer"], answer, "{settings:?}");
        asked_before_revealed(&q);
        // What the browser sent by the answer, as the path reads it: what
        // is not encrypted.
        let sent: Vec<&Value> = before_answer(&q)
            .into_iter()
            .filter(|m| m["from"] == "Browser" && m["encrypted"] != true)
            .collect();
        let clear_get = sent
            .iter()
            .any(|m| text(m, "summary") == "GET /index.html HTTP/1.1");
        let named = |start: &str| {
            sent.iter().any(|m| {
                text(m, "summary").starts_with(start)
                    && text(m, "summary").contains("www.example.com")
            })
        };
        let (in_dns, in_hello) = (named("Query A"), named("ClientHello (SNI="));
        let explanation = text(&q, "explanation");
        if clear_get {
            assert!(answer.contains("page you ask for"), "{settings:?}");
            assert!(
                explanation.contains("“GET /index.html”, with Host: www.example.com"),
                "{explanation}"
            );
        } else {
            assert!(
                in_hello,
                "{settings:?}: with TLS, the ClientHello names the site"
            );
            assert_eq!(
                in_dns,
                doh == "0",
                "{settings:?}: DoH seals the DNS question"
            );
            assert!(answer.contains("not which page"), "{settings:?}");
            assert!(
                explanation.contains("/index.html stayed between you and the server"),
                "{explanation}"
            );
            assert_eq!(
                explanation.contains("in the DNS question"),
                in_dns,
                "{explanation}"
            );
        }
        // The answer shows where the request for the page leaves.
        let request = (q["messages"].as_array().unwrap().iter())
            .find(|m| m["from"] == "Browser" && text(m, "summary") == "GET /index.html HTTP/1.1")
            .unwrap();
        assert_eq!(request["t_s"], q["revealed_s"]);
    }
}

/// How Bob's first message reaches Alice's browser: a WebSocket frame
/// pushed on the connection upgraded by the 101 (RFC 6455), an answer to
/// the next poll, or the answer to the long poll the server held; read
/// from the first message the server sent her after Bob's was written.
#[test]
fn the_live_connection_asks_how_bobs_message_comes_and_the_first_delivery_answers() {
    for (settings, key, answer) in [
        (
            vec!["mode=websocket"],
            "ask-websocket-switched",
            "The server sends it at once",
        ),
        (
            vec!["mode=websocket", "wss=1"],
            "ask-websocket-switched",
            "The server sends it at once",
        ),
        (
            vec!["mode=polling"],
            "ask-websocket-nothing",
            "It waits on the server",
        ),
        (
            vec!["mode=polling", "every=2"],
            "ask-websocket-nothing",
            "It waits on the server",
        ),
        (
            vec!["mode=long-polling"],
            "ask-websocket-held",
            "It goes out at once, as the answer",
        ),
    ] {
        let q = question("websocket", &settings);
        assert_eq!(
            q["key"], key,
            "{settings:?}: each way asks in its own words"
        );
        assert_eq!(q["choices"].as_array().unwrap().len(), 4);
        let said = text(&q, "answer");
        assert!(said.starts_with(answer), "{settings:?}: {said}");
        asked_before_revealed(&q);
        // When Bob's first message reached the server, by the report.
        let written = seconds(&q["report"]["run"]["delays"][0]["written_us"]) / 1e6;
        let messages = q["messages"].as_array().unwrap();
        let to_alice = |m: &&Value| m["from"] == "chat.example" && m["to"] == "Alice’s laptop";
        let delivery = (messages.iter().filter(to_alice))
            .find(|m| {
                seconds(&m["t_s"]) >= written
                    && (text(m, "summary").contains(r#""from":"bob""#)
                        || text(m, "summary") == "HTTP/1.1 200 OK")
            })
            .unwrap();
        assert_eq!(
            delivery["t_s"], q["revealed_s"],
            "{settings:?}: shown where it arrives"
        );
        // The last request Alice's browser sent before it, on its
        // connection.
        let asked = (messages.iter())
            .rfind(|m| {
                m["from"] == "Alice’s laptop"
                    && text(m, "summary").starts_with("GET ")
                    && m["from_port"] == delivery["to_port"]
                    && seconds(&m["t_s"]) <= seconds(&delivery["t_s"])
            })
            .map(|m| seconds(&m["t_s"]))
            .unwrap();
        let explanation = text(&q, "explanation");
        match delivery["protocol"].as_str().unwrap() {
            "WebSocket" => {
                assert!(
                    said.starts_with("The server sends it at once"),
                    "{settings:?}"
                );
                assert!(asked < 0.2, "{settings:?}: the only request is the upgrade");
                let port = format!("to port {} and upgraded", delivery["from_port"]);
                assert!(explanation.contains(&port), "{explanation}");
            }
            "HTTP" if asked < written => {
                assert!(said.starts_with("It goes out at once"), "{settings:?}");
                let held = format!("Her browser had asked at {:.0} ms", asked * 1e3);
                assert!(explanation.starts_with(&held), "{explanation}");
            }
            "HTTP" => {
                assert!(said.starts_with("It waits on the server"), "{settings:?}");
                let waited = (seconds(&delivery["t_s"]) - written) * 1e3;
                let waited = format!("waited there {} ms", thousands(waited.round() as u64));
                assert!(explanation.contains(&waited), "{explanation}");
            }
            other => panic!("{settings:?}: delivered by {other}"),
        }
    }
}

/// A number as the English sentences write it: 3,020.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The snapshots travel as UDP datagrams: on a line that loses none, Alice
/// gets every one; on one that loses some, a lost snapshot is never sent
/// again (RFC 768: no acknowledgement, no retransmission) and the game
/// takes the next.
#[test]
fn the_game_asks_what_becomes_of_a_lost_snapshot_and_the_snapshots_answer() {
    for (settings, skipped) in [
        (vec!["game-loss=0"], false),
        (vec!["game-loss=0", "tick=64"], false),
        (vec!["game-loss=5"], true),
        (vec!["game-loss=10", "tick=64", "fail=1"], true),
    ] {
        let q = question("game", &settings);
        assert_eq!(q["key"], "ask-game-lost");
        assert_eq!(q["choices"].as_array().unwrap().len(), 4);
        asked_before_revealed(&q);
        let report = &q["report"];
        assert_eq!(
            report["skipped"].as_u64().unwrap() > 0,
            skipped,
            "{settings:?}: {report}"
        );
        // Each snapshot sent to Alice, by number, over the whole run.
        let numbers: Vec<u64> = (q["messages"].as_array().unwrap().iter())
            .filter(|m| m["to"] == "Alice’s computer" && m["transport"] == "UDP")
            .filter_map(|m| text(m, "summary").strip_prefix("Snapshot "))
            .map(|rest| rest.split(' ').next().unwrap().parse().unwrap())
            .collect();
        let mut distinct = numbers.clone();
        distinct.dedup();
        assert_eq!(distinct, numbers, "{settings:?}: no snapshot is sent twice");
        let explanation = text(&q, "explanation");
        if skipped {
            assert!(text(&q, "answer").starts_with("Not all"), "{settings:?}");
            let number_after = |words: &str| -> u64 {
                let rest = &explanation[explanation.find(words).unwrap() + words.len()..];
                rest.split([' ', ',']).next().unwrap().parse().unwrap()
            };
            let (lost, next) = (number_after("Snapshot "), number_after("took snapshot "));
            // Sent once (above: never again), and a newer one after it.
            assert!(
                numbers.contains(&lost),
                "{settings:?}: snapshot {lost} was sent"
            );
            assert!(lost < next && numbers.contains(&next), "{explanation}");
        } else {
            assert!(
                text(&q, "answer").starts_with("Every snapshot: none is lost"),
                "{settings:?}"
            );
            let all = format!(
                "got all {} snapshots of the {} sent",
                numbers.len(),
                numbers.len()
            );
            assert!(explanation.contains(&all), "{settings:?}: {explanation}");
            assert_eq!(
                report["snapshots_received"].as_u64().unwrap() as usize,
                numbers.len()
            );
        }
    }
}
