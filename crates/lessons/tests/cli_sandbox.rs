//! `cslab-cli sandbox FILE.json`: a file that does not fit exits with
//! status 2 and the page's message in English, never a panic; a network
//! runs and prints its transcript as `cslab-cli lesson` does, or says
//! plainly which machines the sandbox cannot run yet.

mod common;

use common::{cli, json};
use cslab_sandbox::Network;
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sandbox");

/// What `cslab-cli sandbox FILE` says on stderr, and its status; it
/// prints nothing on stdout.
fn run(file: &str) -> (String, Option<i32>) {
    let out = cli(&["sandbox", file, "--seed", "3", "--until-s", "10"]);
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    (String::from_utf8(out.stderr).unwrap(), out.status.code())
}

#[test]
fn a_bad_file_exits_2_with_the_pages_message() {
    for (name, message) in [
        (
            "wrong-version.json",
            "The file is in version 2 of the network format; this lab reads version 1.",
        ),
        (
            "unknown-kind.json",
            "machines[7].kind: “mainframe” is not a kind of machine the lab knows (it knows \
             browser, mail-client, peer, dns-root, dns-tld, dns-authoritative, dns-resolver, \
             web-server, mail-server, database, file-server, stream-server, game-server, \
             load-balancer, router, home-router).",
        ),
        (
            "missing-machine.json",
            "links[6].b: there is no machine with the id 42 to link to.",
        ),
        (
            "out-of-range.json",
            "links[1].delay_ms: 900 is out of range: it goes from 0 to 500.",
        ),
        (
            "broken.json",
            "The file is not valid JSON: the problem is at line 5, column 3.",
        ),
    ] {
        let file = format!("{DIR}/{name}");
        let (stderr, status) = run(&file);
        assert_eq!(status, Some(2), "{name}: {stderr}");
        assert_eq!(stderr, format!("cslab-cli: {message}\n"), "{name}");
        let page = Network::from_json(&std::fs::read_to_string(&file).unwrap()).unwrap_err();
        assert_eq!(page.english(), message, "{name}: the page says the same");
    }
}

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/sandbox/web-page.json"
);

/// The transcript's messages of a `cslab-cli sandbox` run.
fn messages(args: &[&str]) -> Vec<Value> {
    let out = json(&[&["sandbox"], args].concat());
    out["messages"].as_array().unwrap().clone()
}

#[test]
fn the_example_runs_dns_then_tcp_then_http() {
    let out = json(&["sandbox", EXAMPLE]);
    assert_eq!(out["seed"], 1);
    assert_eq!(out["report"][0]["outcome"], "complete");
    let messages = out["messages"].as_array().unwrap();
    let protocol = |m: &Value| m["protocol"].as_str().unwrap().to_string();
    let first = |p: &str| messages.iter().position(|m| protocol(m) == p).unwrap();
    let last = |p: &str| messages.iter().rposition(|m| protocol(m) == p).unwrap();
    // The name first, then the connection, then the page over it.
    assert!(last("DNS") < first("TCP"), "{messages:?}");
    assert!(first("TCP") < first("HTTP"));
    let lines = lines_of(&out);
    assert_eq!(
        lines[..12],
        [
            "Browser 1 -> DNS resolver 1: Query A www.example.com",
            "DNS resolver 1 -> Root DNS server 1: Query A www.example.com",
            "Root DNS server 1 -> DNS resolver 1: Referral for www.example.com: ask NS a.gtld-servers.net",
            "DNS resolver 1 -> TLD DNS server 1: Query A www.example.com",
            "TLD DNS server 1 -> DNS resolver 1: Referral for www.example.com: ask NS ns1.example.com",
            "DNS resolver 1 -> Authoritative DNS server 1: Query A www.example.com",
            "Authoritative DNS server 1 -> DNS resolver 1: Answer www.example.com: A 203.0.113.80",
            "DNS resolver 1 -> Browser 1: Answer www.example.com: A 203.0.113.80",
            "Browser 1 -> Web server 1: SYN",
            "Web server 1 -> Browser 1: SYN, ACK",
            "Browser 1 -> Web server 1: ACK",
            "Browser 1 -> Web server 1: GET /index.html HTTP/1.1",
        ]
    );
}

#[test]
fn the_same_file_prints_the_same_and_the_flags_take_effect() {
    assert_eq!(messages(&[EXAMPLE]), messages(&[EXAMPLE, "--seed", "1"]));
    // Nothing lost, nothing left to chance on the wire: the seed changes
    // only what the transcript does not show (DNS ids, TCP's sequence
    // numbers). Where the home line loses 5 %, each seed loses others.
    assert_eq!(messages(&[EXAMPLE]), messages(&[EXAMPLE, "--seed", "2"]));
    let lossy = format!("{DIR}/lossy.json");
    assert_eq!(messages(&[&lossy]), messages(&[&lossy]));
    assert_ne!(messages(&[&lossy]), messages(&[&lossy, "--seed", "2"]));
    let retransmitted = messages(&[&lossy]);
    assert!(retransmitted.iter().any(|m| m["retransmission"] == true));
    let until = messages(&[EXAMPLE, "--until-s", "0.1"]);
    assert!(!until.is_empty());
    assert!(until.iter().all(|m| m["t_s"].as_f64().unwrap() <= 0.1));
    assert!(until.len() < messages(&[EXAMPLE]).len());
    let stopped = json(&["sandbox", EXAMPLE, "--until-s", "0.1"]);
    assert_eq!(stopped["report"][0]["outcome"], "unfinished");
    assert_eq!(stopped["until_s"], 0.1);
}

#[test]
fn a_message_is_submitted_then_relayed_to_the_recipients_mx() {
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/sandbox/mail.json"
    );
    let out = json(&["sandbox", example]);
    assert_eq!(out["report"][0]["outcome"], "queued");
    let lines: Vec<String> = (out["messages"].as_array().unwrap().iter())
        .filter(|m| m["protocol"] != "TCP" && m["protocol"] != "TLS")
        .map(|m| {
            format!(
                "{} -> {}:{} {}",
                m["from"].as_str().unwrap(),
                m["to"].as_str().unwrap(),
                m["to_port"],
                m["summary"].as_str().unwrap()
            )
        })
        .collect();
    let at = |line: &str| {
        lines
            .iter()
            .position(|l| l == line)
            .unwrap_or_else(|| panic!("{line}: {lines:#?}"))
    };
    // Submission (port 587), the relay's MX lookup, then SMTP to the
    // exchange on port 25.
    let submitted = at("Alice's laptop -> Mail server 1:587 RCPT TO:<bob@example.net>");
    let mx = at(
        "Authoritative DNS server 2 -> DNS resolver 1:5353 Answer example.net: MX 10 mail.example.net",
    );
    let relayed = at("Mail server 1 -> Mail server 2:25 RCPT TO:<bob@example.net>");
    assert!(submitted < mx && mx < relayed, "{lines:#?}");
    // The exchange took it.
    assert!(
        lines[relayed..]
            .iter()
            .any(|l| l.starts_with("Mail server 2 -> Mail server 1:")
                && l.contains("250 2.0.0 Ok: queued as"))
    );
}

/// The page-load world (`cslab-cli pageload`'s, with its defaults) drawn
/// in the sandbox: the same machines, addresses and links, named as the
/// simulator names its nodes.
#[test]
fn the_page_load_worlds_document_gives_the_page_loads_messages() {
    use cslab_lessons::lesson::transcript::transcript_named;
    use cslab_sim::runs::pageload::{PageLoadParams, PageLoadSim};
    use cslab_sim::time::SimTime;
    let mut sim = PageLoadSim::new(&PageLoadParams::default()).unwrap();
    sim.run();
    let world = sim.world();
    let names: Vec<String> = world.nodes().into_iter().map(|n| n.name).collect();
    let lesson = transcript_named(|node| names.get(node).cloned(), world, SimTime::MAX);
    let lesson: Vec<Value> = (lesson.iter())
        .map(|m| serde_json::to_value(m).unwrap())
        .collect();
    let sandbox = messages(&[&format!("{DIR}/page-load-world.json")]);
    assert_eq!(sandbox.len(), lesson.len());
    assert_eq!(sandbox, lesson);
}

#[test]
fn a_missing_file_or_flag_is_a_usage_error() {
    let out = cli(&["sandbox", "/no/such/file.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("cslab-cli: cannot read /no/such/file.json")
    );
    let out = cli(&["sandbox"]);
    assert_eq!(out.status.code(), Some(2));
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/sandbox/web-page.json"
    );
    let out = cli(&["sandbox", example, "--seed", "minus one"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--seed expects a whole number"));
}

/// The path of the example network `name`.
fn example(name: &str) -> String {
    format!(
        "{}/../../examples/sandbox/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Where the first of `lines` that begins with `prefix` is.
fn first_at(lines: &[String], prefix: &str) -> usize {
    (lines.iter())
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("{prefix}: {lines:#?}"))
}

/// `"from -> to: summary"` for each message of a transcript.
fn lines_of(out: &Value) -> Vec<String> {
    (out["messages"].as_array().unwrap().iter())
        .map(|m| {
            format!(
                "{} -> {}: {}",
                m["from"].as_str().unwrap(),
                m["to"].as_str().unwrap(),
                m["summary"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_load_balancer_passes_each_request_to_its_servers_in_turn() {
    let out = json(&["sandbox", &example("load-balancer.json")]);
    assert_eq!(out["report"][0]["outcome"], "complete");
    assert_eq!(out["report"][0]["address"], "203.0.113.80");
    let lines = lines_of(&out);
    let count = |line: &str| lines.iter().filter(|l| l.starts_with(line)).count();
    assert_eq!(count("Browser 1 -> Load balancer 1: GET "), 11);
    assert_eq!(
        count("Browser 1 -> Load balancer 1: SYN"),
        1,
        "one connection"
    );
    assert_eq!(count("Load balancer 1 -> Browser 1: HTTP/1.1 200 OK"), 11);
    // Round-robin over the three servers linked to it, a connection each.
    for (k, n) in [(1, 4), (2, 4), (3, 3)] {
        assert_eq!(count(&format!("Load balancer 1 -> Web server {k}: SYN")), n);
        assert_eq!(
            count(&format!("Load balancer 1 -> Web server {k}: GET ")),
            n
        );
        assert_eq!(
            count(&format!(
                "Web server {k} -> Load balancer 1: HTTP/1.1 200 OK"
            )),
            n
        );
    }
    // The first request: the browser's, then the balancer's own.
    let at = |prefix| first_at(&lines, prefix);
    let asked = at("Browser 1 -> Load balancer 1: GET /index.html HTTP/1.1");
    let opened = at("Load balancer 1 -> Web server 1: SYN");
    let passed = at("Load balancer 1 -> Web server 1: GET /index.html HTTP/1.1");
    let answered = at("Load balancer 1 -> Browser 1: HTTP/1.1 200 OK");
    assert!(asked < opened && opened < passed && passed < answered);
    // In between, the server answers and closes the balancer's connection.
    let between = &lines[passed + 1..answered];
    for line in [
        "Web server 1 -> Load balancer 1: HTTP/1.1 200 OK",
        "Web server 1 -> Load balancer 1: ACK, FIN",
    ] {
        assert!(between.iter().any(|l| l == line), "{line}: {between:#?}");
    }
}

#[test]
fn a_mail_program_reads_over_imap_the_message_relayed_to_its_server() {
    let out = json(&["sandbox", &example("read-mail.json")]);
    assert_eq!(out["report"][0]["outcome"], "queued");
    assert_eq!(out["report"][1]["outcome"], "read");
    assert_eq!(out["report"][1]["messages_read"], 1);
    assert!(out["report"][0].get("messages_read").is_none());
    let lines = lines_of(&out);
    let from_bob: Vec<&str> = (lines.iter())
        .filter_map(|l| l.strip_prefix("Bob's phone -> Mail server 2: "))
        .filter(|l| l.starts_with('a'))
        .collect();
    assert_eq!(
        from_bob,
        [
            "a1 LOGIN bob secret",
            "a2 SELECT INBOX",
            "a3 FETCH 1:1 (FLAGS BODY[])",
            "a4 LOGOUT"
        ]
    );
    let at = |prefix| first_at(&lines, prefix);
    // TLS from the first byte (IMAPS, RFC 8314), Dovecot's greeting, and
    // the message Alice's server relayed before Bob looked.
    let relayed = at("Mail server 1 -> Mail server 2: RCPT TO:<bob@example.net>");
    let hello = at("Bob's phone -> Mail server 2: ClientHello");
    let greeting = at("Mail server 2 -> Bob's phone: * OK");
    let fetched = at("Mail server 2 -> Bob's phone: * 1 FETCH");
    assert!(relayed < hello && hello < greeting && greeting < fetched);
    assert!(lines[fetched].contains("Subject: Hello from the sandbox"));
}

#[test]
fn a_file_server_serves_the_file_by_http_ftp_and_sftp() {
    let out = json(&["sandbox", &example("download-file.json")]);
    for k in 0..3 {
        assert_eq!(out["report"][k]["outcome"], "complete");
        assert_eq!(out["report"][k]["received_bytes"], 262_144);
    }
    let lines = lines_of(&out);
    let count = |line: &str| lines.iter().filter(|l| *l == line).count();
    assert_eq!(
        count("Browser 1 -> File server 1: GET /report.pdf HTTP/1.1"),
        1
    );
    assert_eq!(count("File server 1 -> Browser 1: HTTP/1.1 200 OK"), 1);
    // FTP's control connection, then the file on a data connection of its
    // own that the client opened (passive mode).
    let control = (lines.iter())
        .position(|l| l == "Browser 2 -> File server 1: RETR report.pdf")
        .unwrap();
    let data = (lines.iter())
        .position(|l| l == "File server 1 -> Browser 2: report.pdf, 262144 bytes")
        .unwrap();
    assert!(control < data);
    assert_eq!(count("Browser 2 -> File server 1: PASV"), 1);
    assert_eq!(
        count("File server 1 -> Browser 2: 226 Transfer complete."),
        1
    );
    // SFTP inside SSH: the version, then reads of 32 KiB.
    assert_eq!(
        count("Browser 3 -> File server 1: SSH_FXP_INIT version=3"),
        1
    );
    let reads = (lines.iter())
        .filter(|l| l.starts_with("Browser 3 -> File server 1: SSH_FXP_READ"))
        .count();
    assert_eq!(reads, 9);
}

#[test]
fn an_app_calls_the_rest_api_on_the_web_server_its_task_names() {
    let out = json(&["sandbox", &example("call-api.json")]);
    assert_eq!(out["report"][0]["outcome"], "complete");
    assert_eq!(out["report"][0]["calls_answered"], 7);
    let lines: Vec<String> = (lines_of(&out).into_iter())
        .filter(|l| !l.contains(": SYN") && !l.contains(": ACK") && !l.contains(": FIN"))
        .collect();
    // The API lesson's REST dialogue: each call, then its answer.
    assert_eq!(
        lines,
        [
            "Browser 1 -> Web server 1: GET /courses/ HTTP/1.1",
            "Web server 1 -> Browser 1: HTTP/1.1 200 OK",
            "Browser 1 -> Web server 1: GET /courses/1/ HTTP/1.1",
            "Web server 1 -> Browser 1: HTTP/1.1 200 OK",
            "Browser 1 -> Web server 1: GET /courses/1/students/ HTTP/1.1",
            "Web server 1 -> Browser 1: HTTP/1.1 200 OK",
            "Browser 1 -> Web server 1: POST /courses/ HTTP/1.1",
            "Web server 1 -> Browser 1: HTTP/1.1 201 Created",
            "Browser 1 -> Web server 1: PUT /courses/3/ HTTP/1.1",
            "Web server 1 -> Browser 1: HTTP/1.1 200 OK",
            "Browser 1 -> Web server 1: DELETE /courses/3/ HTTP/1.1",
            "Web server 1 -> Browser 1: HTTP/1.1 204 No Content",
            "Browser 1 -> Web server 1: GET /courses/3/ HTTP/1.1",
            "Web server 1 -> Browser 1: HTTP/1.1 404 Not Found",
        ]
    );
}

#[test]
fn a_chat_upgrades_to_a_websocket_and_the_server_pushes_bobs_messages() {
    let out = json(&["sandbox", &example("chat.json")]);
    assert_eq!(out["report"][0]["outcome"], "complete");
    assert_eq!(out["report"][0]["messages_read"], 4);
    let lines = lines_of(&out);
    let at = |prefix| first_at(&lines, prefix);
    let upgrade = at("Browser 1 -> Web server 1: GET /chat HTTP/1.1");
    let switched = at("Web server 1 -> Browser 1: HTTP/1.1 101 Switching Protocols");
    assert!(upgrade < switched);
    // Then no more HTTP: the server pushes each of Bob's messages in a
    // frame of its own, when he writes it.
    let pushed: Vec<&Value> = (out["messages"].as_array().unwrap().iter())
        .filter(|m| m["from"] == "Web server 1" && m["protocol"] == "WebSocket")
        .filter(|m| m["summary"].as_str().unwrap().contains("\"from\":\"bob\""))
        .collect();
    let times: Vec<f64> = pushed.iter().map(|m| m["t_s"].as_f64().unwrap()).collect();
    assert_eq!(times, [2.0, 4.5, 4.51, 37.0]);
    assert_eq!(
        (lines.iter())
            .filter(|l| l.ends_with(" HTTP/1.1") || l.contains(": HTTP/1.1 "))
            .count(),
        2
    );
}

#[test]
fn a_stream_plays_by_hls_and_by_rtsp() {
    let out = json(&["sandbox", &example("watch-stream.json")]);
    assert_eq!(out["report"][0]["outcome"], "complete");
    assert_eq!(out["report"][1]["outcome"], "complete");
    let lines = lines_of(&out);
    let first = (lines.iter())
        .find(|l| l.starts_with("Browser 1 -> Stream server 1: GET "))
        .unwrap();
    assert_eq!(
        first,
        "Browser 1 -> Stream server 1: GET /live/master.m3u8 HTTP/1.1"
    );
    let rtsp: Vec<&str> = (lines.iter())
        .filter_map(|l| l.strip_prefix("Browser 2 -> Stream server 1: "))
        .filter(|l| l.ends_with(" RTSP/1.0"))
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(rtsp, ["OPTIONS", "DESCRIBE", "SETUP", "PLAY", "TEARDOWN"]);
    // RTP over UDP between PLAY and TEARDOWN: 30 frames a second, 10 s.
    let rtp = (out["messages"].as_array().unwrap().iter())
        .filter(|m| m["to"] == "Browser 2" && m["protocol"] == "RTP")
        .count();
    assert_eq!(rtp, 300);
}

#[test]
fn a_page_backed_by_a_database_queries_it_as_the_database_lesson_does() {
    let out = json(&["sandbox", &example("database.json")]);
    assert_eq!(out["report"][0]["outcome"], "complete");
    let lines = lines_of(&out);
    let at = |prefix| first_at(&lines, prefix);
    // The page's request, then the app's connection to PostgreSQL, its
    // query and the rows, then the page.
    let page = at("Browser 1 -> Web server 1: GET / HTTP/1.1");
    let startup = at("Web server 1 -> Database 1: StartupMessage user=flask database=school");
    let query = at("Web server 1 -> Database 1: Query: SELECT");
    let done = at("Database 1 -> Web server 1: CommandComplete SELECT 4");
    let answered = at("Web server 1 -> Browser 1: HTTP/1.1 200 OK");
    assert!(page < startup && startup < query && query < done && done < answered);
    let rows = (lines.iter())
        .filter(|l| l.starts_with("Database 1 -> Web server 1: DataRow"))
        .count();
    assert_eq!(rows, 2 * 4, "four rows for the page, four for its data");
}

/// The game example: each player finds `play.example.com` in the DNS,
/// logs in over TLS, keeps its presence and asks the matchmaker on that
/// one host, then plays over UDP: the game server's 20 snapshots a second
/// for the match's 5 s, each on the wire whether the line loses it or not.
#[test]
fn two_players_find_the_game_server_by_name_and_play_a_duel() {
    let out = json(&["sandbox", &example("game.json")]);
    let messages = out["messages"].as_array().unwrap();
    let lines = lines_of(&out);
    let (tick, seconds) = (20, 5);
    for (n, player) in ["Browser 1", "Browser 2"].into_iter().enumerate() {
        let report = &out["report"][n];
        assert_eq!(report["machine"], player);
        assert_eq!(report["outcome"], "complete", "{report}");
        assert_eq!(report["address"], "203.0.113.60");
        let to = |what: &str| format!("{player} -> Game server 1: {what}");
        let from = |what: &str| format!("Game server 1 -> {player}: {what}");
        let at = |line: &str| {
            (lines.iter().position(|l| l == line)).unwrap_or_else(|| panic!("{line}: {lines:#?}"))
        };
        let hello = to("ClientHello (SNI=play.example.com)");
        let dialogue = [
            at(&format!(
                "{player} -> DNS resolver 1: Query A play.example.com"
            )),
            at(&format!(
                "DNS resolver 1 -> {player}: Answer play.example.com: A 203.0.113.60"
            )),
            at(&hello),
            at(&to("POST /login HTTP/1.1")),
            at(&from("HTTP/1.1 200 OK")),
            at(&to("POST /matchmaking HTTP/1.1")),
            at(&from("Snapshot 1 ack=0 players=2")),
        ];
        assert!(dialogue.is_sorted(), "{dialogue:?}");
        // The login, the presence and the matchmaker: three TLS sessions
        // to the one host, each an encrypted HTTP request inside.
        assert_eq!(lines.iter().filter(|l| **l == hello).count(), 3);
        let login = &messages[at(&to("POST /login HTTP/1.1"))];
        assert_eq!(
            (login["to_port"].as_u64(), &login["encrypted"]),
            (Some(443), &true.into())
        );
        assert!(lines.contains(&to("GET /presence HTTP/1.1")));
        // The snapshots, numbered 1 to 100, 50 ms apart.
        let snapshots: Vec<&Value> = (messages.iter())
            .filter(|m| m["to"] == player && m["from_port"] == 3724)
            .collect();
        assert_eq!(snapshots.len(), tick * seconds, "{player}");
        for (k, m) in snapshots.iter().enumerate() {
            assert_eq!(m["transport"], "UDP");
            let summary = m["summary"].as_str().unwrap();
            assert!(
                summary.starts_with(&format!("Snapshot {} ", k + 1)),
                "{summary}"
            );
        }
        for pair in snapshots.windows(2) {
            let gap = pair[1]["t_s"].as_f64().unwrap() - pair[0]["t_s"].as_f64().unwrap();
            assert!((gap - 1.0 / tick as f64).abs() < 1e-9, "{gap}");
        }
        // The line loses 1 % of the datagrams: what arrived is what the
        // report counts, a few short of those sent at most.
        let received = report["snapshots"].as_u64().unwrap();
        assert!((95..=100).contains(&received), "{received}");
    }
}

/// A player alone at its game server: the command says it is `waiting`,
/// and the transcript shows why: its request to the matchmaker has no
/// answer, and no snapshot comes.
#[test]
fn a_lone_player_is_reported_waiting() {
    let out = json(&[
        "sandbox",
        &format!("{DIR}/lone-player.json"),
        "--until-s",
        "20",
    ]);
    assert_eq!(out["report"][0]["outcome"], "waiting");
    assert_eq!(out["report"][0]["snapshots"], 0);
    let lines = lines_of(&out);
    assert!(lines.contains(&"Browser 1 -> Game server 1: POST /matchmaking HTTP/1.1".into()));
    let answers = (lines.iter())
        .filter(|l| *l == "Game server 1 -> Browser 1: HTTP/1.1 200 OK")
        .count();
    assert_eq!(answers, 1, "the login's alone: {lines:#?}");
    assert!(!lines.iter().any(|l| l.contains("Snapshot")));
}

#[test]
fn peers_announce_to_the_seeds_tracker_and_trade_the_file_in_pieces() {
    let file = example("swarm.json");
    let out = json(&["sandbox", &file]);
    for k in 0..6 {
        assert_eq!(out["report"][k]["outcome"], "complete");
        let came = if k == 0 { 0 } else { 1 << 20 };
        assert_eq!(out["report"][k]["received_bytes"], came);
    }
    let messages = out["messages"].as_array().unwrap();
    // A segment sent again is not another message.
    let once: Vec<&Value> = (messages.iter())
        .filter(|m| m["retransmission"] != true)
        .collect();
    let line = |m: &Value| {
        let text = |key: &str| m[key].as_str().unwrap().to_string();
        format!("{} -> {}: {}", text("from"), text("to"), text("summary"))
    };
    let lines: Vec<String> = once.iter().map(|m| line(m)).collect();
    let at = |start: &str| {
        (lines.iter())
            .position(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("{start}"))
    };
    // Peer 2: its announce to the tracker (port 9000) and the answer, the
    // handshakes, its interest, the seed's unchoke, a request, a block.
    let steps = [
        "Peer 2 -> Peer 1: GET /announce?info_hash=%",
        "Peer 1 -> Peer 2: HTTP/1.1 200 OK",
        "Peer 2 -> Peer 1: handshake BitTorrent protocol info_hash=",
        "Peer 1 -> Peer 2: handshake BitTorrent protocol info_hash=",
        "Peer 1 -> Peer 2: bitfield 1111",
        "Peer 2 -> Peer 1: interested",
        "Peer 1 -> Peer 2: unchoke",
        "Peer 2 -> Peer 1: request index=",
        "Peer 1 -> Peer 2: piece index=",
    ];
    let places: Vec<usize> = steps.iter().map(|s| at(s)).collect();
    assert!(places.is_sorted(), "{places:?}");
    let announce = &lines[places[0]];
    assert!(announce.ends_with("&left=1048576&event=started&numwant=200&compact=1 HTTP/1.1"));
    let to_tracker = once.iter().find(|m| line(m) == *announce).unwrap();
    assert_eq!(
        (
            to_tracker["to_port"].as_u64(),
            to_tracker["protocol"].as_str()
        ),
        (Some(9000), Some("HTTP"))
    );
    // Into each downloader: blocks of 16 KiB adding up to the file.
    for peer in 2..=6 {
        let blocks = (lines.iter())
            .filter(|l| l.contains(&format!(" -> Peer {peer}: piece index=")))
            .inspect(|l| assert!(l.ends_with(" block=16384 bytes"), "{l}"))
            .count();
        assert_eq!(blocks * 16_384, 1 << 20, "Peer {peer}");
    }
    assert!(once.iter().any(|m| m["protocol"] == "BitTorrent"));
    // The same file, the same run; another seed draws other peer ids.
    assert_eq!(
        messages,
        json(&["sandbox", &file])["messages"].as_array().unwrap()
    );
    let other = json(&["sandbox", &file, "--seed", "2"]);
    assert_ne!(messages, other["messages"].as_array().unwrap());
}

#[test]
fn bitcoin_nodes_shake_hands_and_relay_the_block_by_inv_getdata_and_block() {
    let file = example("gossip.json");
    let out = json(&["sandbox", &file]);
    let report = out["report"].as_array().unwrap();
    assert_eq!(report.len(), 12);
    for (k, r) in report.iter().enumerate() {
        assert_eq!(r["task"], "relay-blocks");
        assert_eq!(r["outcome"], "complete", "{r}");
        let came = if k == 0 { 0 } else { 128 << 10 };
        assert_eq!(r["received_bytes"], came);
    }
    assert_eq!(report[0]["complete_s"], 5.0);
    let messages = out["messages"].as_array().unwrap();
    let bitcoin: Vec<&Value> = (messages.iter())
        .filter(|m| m["protocol"] == "Bitcoin" && m["retransmission"] != true)
        .collect();
    // Every message's summary starts with its command, as on the wire.
    let commands = [
        "version ",
        "verack",
        "inv MSG_BLOCK ",
        "getdata MSG_BLOCK ",
        "block ",
    ];
    let summary = |m: &Value| m["summary"].as_str().unwrap().to_string();
    for m in &bitcoin {
        let s = summary(m);
        // The rest of a block's segments after its first.
        if s.starts_with("Continuation") {
            continue;
        }
        assert!(commands.iter().any(|c| s.starts_with(c)), "{s}");
    }
    let count = |start: &str| {
        bitcoin
            .iter()
            .filter(|m| summary(m).starts_with(start))
            .count()
    };
    assert_eq!(count("block "), 11);
    assert_eq!(count("getdata "), 11);
    assert!(count("inv ") >= 11);
    assert_eq!(count("version "), count("verack"));
    // The first of them: a version from the node that connects, at 70002.
    let first = summary(bitcoin[0]);
    assert!(
        first.starts_with("version 70002 /Satoshi:0.9.5/ start_height=0 "),
        "{first}"
    );
    assert_eq!(
        messages,
        json(&["sandbox", &file])["messages"].as_array().unwrap()
    );
}
