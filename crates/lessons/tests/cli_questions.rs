//! Predict, then observe, headless: `cslab-cli lesson NAME` prints each
//! question the lesson asks and the answer its run gives where the answer
//! shows; the answer follows the settings, and it is what the transcript's
//! messages show.

mod common;

use common::{before_answer, json, question};

use serde_json::Value;

/// The browser's connections: persistent HTTP carries the page and its
/// three files on one, non-persistent opens one for each (RFC 9112 §9.3,
/// §9.6), and the number is the SYNs the browser sent in the transcript.
#[test]
fn the_web_page_asks_how_many_connections_and_counts_the_syns() {
    for (mode, connections) in [("persistent", "1"), ("nonpersistent", "4")] {
        let question = question("web-page", &[&format!("http={mode}")]);
        assert_eq!(question["key"], "ask-web-connections");
        let text = question["question"].as_str().unwrap();
        assert!(text.contains("links 3 files"), "{text}");
        assert_eq!(question["choices"], serde_json::json!(["1", "2", "3", "4"]));
        assert_eq!(question["answer"], connections, "{mode}");
        let syns = before_answer(&question)
            .into_iter()
            .filter(|m| {
                m["from"] == "Browser" && m["summary"] == "SYN" && m["retransmission"].is_null()
            })
            .count();
        assert_eq!(
            syns.to_string(),
            connections,
            "{mode}: the transcript's SYNs"
        );
        let asked = question["asked_s"].as_f64().unwrap();
        assert!(asked < question["revealed_s"].as_f64().unwrap());
        let explanation = question["explanation"].as_str().unwrap();
        assert!(
            explanation.contains(&format!("sent {connections} SYN")),
            "{explanation}"
        );
    }
}

/// What the next client sees once the queue is full, the way each system
/// says no: Linux drops the SYN and the client sends it again after its
/// 1 s timeout (RFC 6298), Windows resets, IIS answers 503.
#[test]
fn the_server_says_no_asks_what_the_next_client_sees_and_the_run_answers() {
    for (refusal, answer, on_the_wire) in [
        ("linux", "Nothing: its SYN goes unanswered", "SYN"),
        ("windows", "A RST", "RST"),
        // The transcript names the 503's segment by its flags (it carries
        // the FIN too): the report counts it.
        ("iis", "An HTTP answer: 503", "FIN"),
    ] {
        let question = question("server-says-no", &[&format!("refusal={refusal}")]);
        assert_eq!(question["key"], "ask-refuse-full");
        assert_eq!(question["choices"].as_array().unwrap().len(), 4);
        let said = question["answer"].as_str().unwrap();
        assert!(said.starts_with(answer), "{refusal}: {said}");
        // A message sent where the answer showed says it on the wire.
        let revealed = &question["revealed_s"];
        let shown: Vec<&Value> = before_answer(&question)
            .into_iter()
            .filter(|m| &m["t_s"] == revealed)
            .collect();
        let on_wire = |m: &&Value| m["summary"].as_str().unwrap().contains(on_the_wire);
        assert!(shown.iter().any(on_wire), "{refusal}: {shown:?}");
        if refusal == "linux" {
            assert!(
                shown.iter().any(|m| m["retransmission"] == true),
                "{shown:?}"
            );
        }
        // The queue the run filled: Linux holds one more than the backlog.
        let explanation = question["explanation"].as_str().unwrap();
        let queued = if refusal == "linux" {
            "With 3 connections"
        } else {
            "With 2 connections"
        };
        assert!(explanation.starts_with(queued), "{refusal}: {explanation}");
    }
}

/// A port nobody listens on queues nobody: the question is not asked.
#[test]
fn a_closed_port_is_not_asked_about_its_queue() {
    let out = json(&["lesson", "server-says-no", "--set", "refusal=closed-port"]);
    assert_eq!(out["questions"], serde_json::json!([]));
}
