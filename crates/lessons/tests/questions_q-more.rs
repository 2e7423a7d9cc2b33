//! Predict, then observe, in "What is a server?", "Who are you, and what
//! may you do?" and "One API, three styles": each lesson's question, its
//! answer as `cslab-cli lesson NAME` gives it for each setting that
//! changes it, checked against the transcript's own messages (and, for
//! what a request carried, against the capture's bytes).

mod common;

use common::{before_answer, cli, json, question};

use serde_json::Value;

/// The messages of `question`'s run that satisfy `pick`, by the time its
/// answer showed.
fn shown(question: &Value, pick: impl Fn(&Value) -> bool) -> Vec<&Value> {
    before_answer(question)
        .into_iter()
        .filter(|m| pick(m))
        .collect()
}

fn asked_before_revealed(question: &Value) {
    let asked = question["asked_s"].as_f64().unwrap();
    let revealed = question["revealed_s"].as_f64().unwrap();
    assert!(asked < revealed, "{question}");
}

/// Door 22 behind the firewall: from outside the SYN is dropped and sent
/// again after the initial retransmission timeout, 1 s (RFC 6298 §2.1);
/// on the machine itself (loopback) sshd answers.
#[test]
fn the_server_tour_asks_what_the_firewalled_door_does() {
    for (set, device_runs_outside) in [
        (vec![], true),
        (vec!["device=phone"], true),
        (vec!["same-machine=1"], false),
    ] {
        let question = question("what-is-a-server", &set);
        assert_eq!(question["key"], "ask-servers-firewall");
        assert_eq!(question["choices"].as_array().unwrap().len(), 4);
        asked_before_revealed(&question);
        // Asked once door 8080 has refused: its RST is in the transcript
        // by then, and nothing was sent to door 22 yet.
        let asked = question["asked_s"].as_f64().unwrap();
        let by_ask = |m: &&Value| m["t_s"].as_f64().unwrap() <= asked;
        let refused = shown(&question, |m| {
            m["from_port"] == 8080 && m["summary"].as_str().unwrap().contains("RST")
        });
        assert!(refused.iter().any(by_ask), "{set:?}");
        let to_22 = shown(&question, |m| m["to_port"] == 22);
        assert!(!to_22.iter().any(by_ask), "{set:?}: asked before the knock");

        // What the transcript shows came back, read on its own.
        let syn_ack = shown(&question, |m| {
            m["from_port"] == 22 && m["summary"] == "SYN, ACK"
        });
        let again: Vec<&Value> = to_22
            .iter()
            .copied()
            .filter(|m| m["summary"] == "SYN" && m["retransmission"] == true)
            .collect();
        let answer = question["answer"].as_str().unwrap();
        let explanation = question["explanation"].as_str().unwrap();
        if syn_ack.is_empty() {
            assert!(device_runs_outside, "{set:?}");
            assert!(
                answer.starts_with("Nothing: its SYN goes unanswered"),
                "{answer}"
            );
            let first = to_22[0]["t_s"].as_f64().unwrap();
            let wait_ms = ((again[0]["t_s"].as_f64().unwrap() - first) * 1e3).round();
            assert_eq!(wait_ms, 1000.0, "RFC 6298's initial RTO");
            assert!(explanation.contains("waited 1,000 ms"), "{explanation}");
        } else {
            assert!(!device_runs_outside && again.is_empty(), "{set:?}");
            assert!(answer.starts_with("sshd answers"), "{answer}");
            assert!(explanation.contains("loopback"), "{explanation}");
        }
    }
}

/// The request for Bob's notes, where `settings` run the site over plain
/// HTTP: its head as the capture's bytes carry it.
fn head_of_request_for_bobs_notes(auth: &str) -> String {
    let file = std::env::temp_dir().join(format!("cslab-q-more-login-{auth}.pcapng"));
    let path = file.to_str().unwrap();
    let out = cli(&[
        "lesson",
        "login",
        "--set",
        &format!("auth={auth}"),
        "--set",
        "tls=0",
        "--pcap",
        path,
    ]);
    assert!(out.status.success());
    let bytes = std::fs::read(&file).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let start = text
        .find("notes/bob/ HTTP/1.1")
        .expect("the request in the capture");
    let head = &text[start..];
    head[..head.find("\r\n\r\n").unwrap()].to_string()
}

/// Alice asks for Bob's notes once logged in: whether she carries a
/// cookie or a token, the site knows her and refuses (403, RFC 9110
/// §15.5.4). Three mistyped passwords lock her out before: no question.
#[test]
fn the_login_asks_what_the_site_answers_for_someone_elses_notes() {
    const COOKIE: &str = "sessionid=";
    const TOKEN: &str = "Authorization: Bearer ";
    for (auth, credential, not_carried, said) in [
        ("cookie", COOKIE, TOKEN, "her session cookie"),
        ("token", TOKEN, COOKIE, "her token"),
    ] {
        let question = question("login", &[&format!("auth={auth}")]);
        assert_eq!(question["key"], "ask-login-others");
        asked_before_revealed(&question);
        // The transcript's answer to the request for Bob's notes.
        let messages = before_answer(&question);
        let asked_for = messages
            .iter()
            .position(|m| m["summary"].as_str().unwrap().contains("/notes/bob/"))
            .expect("the request for Bob's notes");
        assert!(
            messages[asked_for]["t_s"].as_f64().unwrap() > question["asked_s"].as_f64().unwrap(),
            "asked before the request"
        );
        let answered = messages[asked_for + 1..]
            .iter()
            .find(|m| m["from"] == "notes.example" && m["protocol"] == "HTTP")
            .expect("its answer");
        let status = answered["summary"].as_str().unwrap();
        let choice = match &status["HTTP/1.1 ".len().."HTTP/1.1 ".len() + 3] {
            "200" => "Bob’s notes",
            "302" | "401" => "The login again",
            "403" => "A refusal: 403 Forbidden",
            "404" => "404 Not Found",
            other => panic!("{other}"),
        };
        let answer = question["answer"].as_str().unwrap();
        assert!(
            answer.starts_with(choice),
            "{auth}: {answer} against {status}"
        );
        let explanation = question["explanation"].as_str().unwrap();
        assert!(explanation.contains(said), "{auth}: {explanation}");
        assert!(explanation.contains(&status[9..12]), "{explanation}");
        // What the request carried, read from the capture's bytes.
        let head = head_of_request_for_bobs_notes(auth);
        assert!(
            head.contains(credential) && !head.contains(not_carried),
            "{auth}: {head}"
        );
    }
    let locked = json(&["lesson", "login", "--set", "typos=3"]);
    assert_eq!(locked["questions"], serde_json::json!([]));
    let messages = locked["messages"].as_array().unwrap();
    assert!(
        !messages
            .iter()
            .any(|m| m["summary"].as_str().unwrap().contains("/notes/bob/")),
        "locked out, she never asks"
    );
}

/// The same data in each style: REST asks for the course and for its
/// students, two resources, after the list; GraphQL and SOAP in one
/// request. The table of the settings card counts the same.
#[test]
fn the_api_asks_how_many_requests_the_question_takes() {
    for (style, requests) in [("rest", 2), ("graphql", 1), ("soap", 1)] {
        let question = question("api", &[&format!("style={style}")]);
        assert_eq!(question["key"], "ask-api-requests");
        assert_eq!(question["choices"], serde_json::json!(["1", "2", "3", "4"]));
        asked_before_revealed(&question);
        // Asked where the API's SYN-ACK went, before any request.
        let asked = question["asked_s"].as_f64().unwrap();
        let syn_ack = shown(&question, |m| m["summary"] == "SYN, ACK");
        assert_eq!(syn_ack[0]["t_s"].as_f64().unwrap(), asked);
        let sent = shown(&question, |m| {
            m["from"] == "The school’s app" && m["protocol"] == "HTTP"
        });
        assert!(sent.iter().all(|m| m["t_s"].as_f64().unwrap() > asked));
        // The app's requests by the answer, but for the list of courses.
        let for_course = sent
            .iter()
            .filter(|m| m["summary"] != "GET /courses/ HTTP/1.1")
            .count();
        assert_eq!(for_course, requests, "{style}: the transcript's requests");
        assert_eq!(question["answer"], requests.to_string(), "{style}");
        let explanation = question["explanation"].as_str().unwrap();
        assert!(
            explanation.starts_with(&format!("Requests for them: {requests}")),
            "{explanation}"
        );
        let table = question["report"]["compared"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["style"] == style)
            .unwrap();
        assert_eq!(table["question"]["round_trips"], requests, "{style}");
    }
}
