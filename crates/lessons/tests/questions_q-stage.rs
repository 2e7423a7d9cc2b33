//! Predict, then observe, in the e-mail, database, files and streaming
//! lessons: each question's answer, as `cslab-cli lesson NAME` prints it,
//! is what the transcript's messages show (counted here on their own),
//! for each setting that changes it; it is asked before it is revealed;
//! and a setting that makes it meaningless does not ask it.

mod common;

use common::{before_answer, json, question};
use serde_json::Value;

/// The question is asked before its answer shows; its explanation.
fn asked_first(question: &Value) -> &str {
    let asked = question["asked_s"].as_f64().unwrap();
    assert!(
        asked < question["revealed_s"].as_f64().unwrap(),
        "{question}"
    );
    question["explanation"].as_str().unwrap()
}

fn text(message: &Value, field: &str) -> String {
    message[field].as_str().unwrap_or_default().to_string()
}

/// A message that opens a TCP connection.
fn syn(message: &Value) -> bool {
    message["summary"] == "SYN" && message["retransmission"].is_null()
}

fn no_question(lesson: &str, set: &[&str]) {
    let mut args = vec!["lesson", lesson];
    for setting in set {
        args.extend(["--set", setting]);
    }
    assert_eq!(json(&args)["questions"], serde_json::json!([]), "{set:?}");
}

/// Alice's server asks DNS for bob.example's MX records and connects to
/// the lowest preference's machine on port 25 (RFC 5321 §5.1), even while
/// that machine is switched off: it cannot know before it tries.
#[test]
fn the_email_asks_where_the_message_goes_and_the_first_syn_answers() {
    for set in [&[][..], &["mx1-down=1", "mta=exim"][..]] {
        let question = question("email", set);
        assert_eq!(question["key"], "ask-email-relay");
        assert_eq!(question["choices"].as_array().unwrap().len(), 4);
        let explanation = asked_first(&question).to_string();
        let shown = before_answer(&question);
        // The MX answer on the wire: "Answer bob.example: MX 10 mx1…, MX 20 mx2…".
        let mx = shown
            .iter()
            .map(|m| text(m, "summary"))
            .find(|s| s.starts_with("Answer bob.example: MX"))
            .expect("the MX answer");
        let records: Vec<(u32, String)> = (mx.split(": ").nth(1).unwrap().split(", "))
            .map(|record| {
                let mut words = record.split(' ').skip(1);
                let preference = words.next().unwrap().parse().unwrap();
                (preference, words.next().unwrap().to_string())
            })
            .collect();
        let (preference, lowest) = records.iter().min().unwrap();
        // The first connection Alice's server opens after the MX answer.
        let relay = shown
            .iter()
            .find(|m| m["from"] == "smtp.alice.example" && syn(m))
            .expect("the relay's SYN");
        assert_eq!(&text(relay, "to"), lowest, "{set:?}");
        let answer = format!("{}, on port {}", text(relay, "to"), relay["to_port"]);
        assert_eq!(question["answer"], answer, "{set:?}");
        assert!(
            explanation.contains(&format!(
                "{} exchanges for bob.example in its MX records, and Alice’s server connected to {lowest}, preference {preference}, on port 25",
                records.len()
            )),
            "{explanation}"
        );
    }
    // A refused password: nothing is queued, nothing relayed, nothing asked.
    no_question("email", &["wrong-password=1"]);
}

/// One browser's second request needs the database again: a pool keeps
/// the page's connection open (one SYN from the app to the database in
/// all); without one the app connects again, and pays the same opening.
#[test]
fn the_database_asks_whether_the_app_connects_again_and_its_syns_answer() {
    for (set, db, port, connections) in [
        (&["pool=5"][..], "PGSQL", 5432, 1),
        (&["pool=0"][..], "PGSQL", 5432, 2),
        (&["pool=0", "db=mysql"][..], "MySQL", 3306, 2),
        (&["pool=5", "db=mongodb"][..], "MONGO", 27017, 1),
    ] {
        let question = question("database", set);
        assert_eq!(question["key"], "ask-database-again");
        let explanation = asked_first(&question).to_string();
        let between = |m: &&Value| {
            let ends = [text(m, "from"), text(m, "to")];
            ends.contains(&"Flask app".to_string()) && ends.contains(&"Database server".to_string())
        };
        let shown: Vec<&Value> = before_answer(&question)
            .into_iter()
            .filter(between)
            .collect();
        let syns: Vec<&&Value> = shown
            .iter()
            .filter(|m| m["from"] == "Flask app" && syn(m))
            .collect();
        assert_eq!(syns.len(), connections, "{set:?}: the app's SYNs");
        assert!(syns.iter().all(|m| m["to_port"] == port));
        let answer = if connections == 1 {
            "Send the query on the connection it opened for the page"
        } else {
            "Open a new connection (handshake and login), then send the query"
        };
        assert_eq!(question["answer"], answer, "{set:?}");
        // The opening: the handshake's SYNs and what the database's
        // protocol said both ways before the app's first query or find.
        let first_query = shown
            .iter()
            .position(|m| {
                m["from"] == "Flask app"
                    && m["protocol"] != "TCP"
                    && ["Query", "COM_QUERY", "find"]
                        .iter()
                        .any(|word| text(m, "summary").contains(word))
            })
            .expect("the page's query");
        let opening = shown[..first_query]
            .iter()
            .filter(|m| m["protocol"] != "TCP" || text(m, "summary").contains("SYN"))
            .count();
        assert!(opening > 3, "{set:?}: {opening}");
        assert!(
            explanation.contains(&format!("port {port}"))
                && explanation.contains(&format!("{opening} messages")),
            "{set:?} ({db}): {explanation}"
        );
    }
    // A crowd fetches no logo: the question is one browser's.
    no_question("database", &["users=10"]);
}

/// FTP's file comes on a second connection: to the port the 227 reply
/// names, opened by Alice (passive), or from the server's port 20 to the
/// port PORT names (active) (RFC 959 §3.2).
#[test]
fn the_files_asks_how_the_bytes_come_and_the_data_connection_answers() {
    for (set, line, opener, answer) in [
        (
            &[][..],
            "227 ",
            "Alice’s laptop",
            "On a second connection, which Alice’s client opens to the server",
        ),
        (
            &["ftp-mode=active", "nat=0"][..],
            "PORT ",
            "files.example",
            "On a second connection, which the server opens to Alice",
        ),
        (
            &["ftp-mode=active"][..],
            "PORT ",
            "files.example",
            "On a second connection, which the server opens to Alice",
        ),
    ] {
        let question = question("files", set);
        assert_eq!(question["key"], "ask-files-data");
        let explanation = asked_first(&question).to_string();
        assert_eq!(question["answer"], answer, "{set:?}");
        // The line that names the data port, the last thing before the answer.
        let named = before_answer(&question)
            .into_iter()
            .rev()
            .find(|m| m["protocol"] == "FTP")
            .unwrap();
        let summary = text(named, "summary");
        assert!(summary.starts_with(line), "{set:?}: {summary}");
        let six: Vec<u16> = (summary.rsplit([' ', '(']).next().unwrap())
            .trim_end_matches(['.', ')'])
            .split(',')
            .map(|n| n.parse().unwrap())
            .collect();
        let port = six[4] * 256 + six[5];
        assert!(
            explanation.contains(&format!("port {port} ")),
            "{explanation}"
        );
        // And the run goes on to open the second connection to that port,
        // from the side the answer said.
        let messages = question["messages"].as_array().unwrap();
        let data = messages
            .iter()
            .find(|m| m["summary"] == "SYN" && m["to_port"] == port)
            .expect("the data connection's SYN");
        assert_eq!(text(data, "from"), opener, "{set:?}");
        if opener == "files.example" {
            assert_eq!(data["from_port"], 20);
        }
    }
    no_question("files", &["how=sftp"]);
    no_question("files", &["how=http"]);
}

/// A call's video goes straight between the homes when ICE's checks get
/// through both routers, through the TURN relay when only its pairs are
/// answered (RFC 8445, RFC 8656).
#[test]
fn the_call_asks_which_way_the_video_goes_and_the_first_srtp_answers() {
    for (nats, answer) in [
        (
            "home",
            "Straight from Alice’s home to Bob’s, through the two routers",
        ),
        ("both", "Through the relay, turn.example"),
        ("symmetric", "Through the relay, turn.example"),
    ] {
        let set = ["kind=webrtc".to_string(), format!("call-nat={nats}")];
        let set: Vec<&str> = set.iter().map(String::as_str).collect();
        let question = question("streaming", &set);
        assert_eq!(question["key"], "ask-streaming-path");
        let explanation = asked_first(&question).to_string();
        assert_eq!(question["answer"], answer, "{nats}");
        let video = before_answer(&question)
            .into_iter()
            .find(|m| m["from"] == "Alice’s laptop" && m["protocol"] == "SRTP")
            .expect("Alice's first video packet");
        let relayed = video["to"] == "turn.example";
        assert_eq!(relayed, answer.contains("relay"), "{nats}: {video}");
        assert!(video["to"] != "signal.example");
        assert!(
            explanation.contains(&format!("port {}", video["to_port"])),
            "{explanation}"
        );
        // Only Bob's router symmetric: the relay's pair answers first and
        // the video starts there, as the question's answer and the story
        // say; once Bob's check from his new port gets through, the
        // browser moves it to the direct pair (RFC 8445 §12.1).
        let later_direct = (question["messages"].as_array().unwrap().iter()).any(|m| {
            m["from"] == "Alice’s laptop" && m["protocol"] == "SRTP" && m["to"] == "Bob’s router"
        });
        assert_eq!(later_direct, nats != "both", "{nats}");
    }
    no_question("streaming", &["kind=rtsp"]);
    no_question("streaming", &["kind=hls", "drop=0"]);
}

/// The rendition a viewer's GET names, and its height (720 for
/// "GET /live/720p/seg19.ts HTTP/1.1").
fn rendition(message: &Value) -> Option<(String, u32)> {
    let summary = text(message, "summary");
    let name = summary.strip_prefix("GET /live/")?.split('/').next()?;
    Some((name.to_string(), name.strip_suffix('p')?.parse().ok()?))
}

/// When the line slows, the HLS player itself asks for a smaller
/// rendition (RFC 8216 §6.3, hls.js's ABR): the answer is the first
/// request after the drop that names another rendition than the one the
/// player was on.
#[test]
fn hls_asks_what_the_player_fetches_when_the_line_slows_and_its_gets_answer() {
    let question = question("streaming", &[]);
    assert_eq!(question["key"], "ask-streaming-hls-drop");
    assert_eq!(question["choices"].as_array().unwrap().len(), 4);
    let explanation = asked_first(&question).to_string();
    let dropped = question["asked_s"].as_f64().unwrap();
    let gets: Vec<(f64, (String, u32))> = before_answer(&question)
        .into_iter()
        .filter(|m| m["from"] == "Viewer’s laptop")
        .filter_map(|m| Some((m["t_s"].as_f64().unwrap(), rendition(m)?)))
        .collect();
    let (_, on) = gets
        .iter()
        .rfind(|(t, _)| *t < dropped)
        .expect("a GET before");
    let (_, next) = (gets.iter())
        .find(|(t, r)| *t >= dropped && r != on)
        .expect("another rendition asked after the drop");
    assert!(next.1 < on.1, "{on:?} then {next:?}");
    assert_eq!(
        question["answer"],
        "A smaller, lower-quality version of the channel"
    );
    assert!(
        explanation.contains(&format!("on {} when", on.0))
            && explanation.contains(&format!("asked for {}, a smaller", next.0)),
        "{explanation}"
    );
}
