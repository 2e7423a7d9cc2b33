//! `cslab-cli lesson NAME`: a lesson run headless, with the address's
//! setting names, and the transcript of what crossed its network.

mod common;

use common::{cli, json};

use serde_json::Value;

fn lesson(args: &[&str]) -> Value {
    json(&[&["lesson"], args].concat())
}

/// The summaries of the messages, in order.
fn lines(transcript: &Value) -> Vec<String> {
    transcript["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["summary"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn list_names_every_lesson() {
    let out = cli(&["lesson", "--list"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let names: Vec<&str> = text.lines().collect();
    assert_eq!(
        names,
        [
            "what-is-a-server",
            "web-page",
            "server-says-no",
            "server-under-load",
            "email",
            "login",
            "api",
            "privacy",
            "websocket",
            "database",
            "game",
            "files",
            "streaming",
            "cs-vs-p2p",
            "gossip"
        ]
    );
}

/// Every lesson in the registry runs headless: a new one is covered here
/// the day it is listed.
#[test]
fn every_listed_lesson_runs_and_reports() {
    let out = cli(&["lesson", "--list"]);
    for name in String::from_utf8(out.stdout).unwrap().lines() {
        let json = lesson(&[name, "--until-s", "2"]);
        assert_eq!(json["lesson"], name);
        assert!(json["report"].is_object(), "{name}: {}", json["report"]);
        assert!(json["messages"].is_array(), "{name}");
    }
}

/// The page load, told on the wire: the browser asks its DNS server over
/// UDP to port 53, then connects to the web server's port 80 with the
/// three-way handshake, then asks for the page and gets 200 OK.
#[test]
fn the_web_page_transcript_is_the_dialogue_on_the_wire() {
    let t = lesson(&["web-page"]);
    assert_eq!(t["lesson"], "web-page");
    assert_eq!(t["settings"]["rtt"], "40");
    assert_eq!(t["report"]["complete"], true);
    let messages = t["messages"].as_array().unwrap();
    let first = &messages[0];
    assert_eq!(
        (
            &first["from"],
            &first["to"],
            &first["transport"],
            &first["to_port"]
        ),
        (
            &"Browser".into(),
            &"Local DNS server".into(),
            &"UDP".into(),
            &53.into()
        )
    );
    assert_eq!(first["protocol"], "DNS");
    assert_eq!(first["summary"], "Query A www.example.com");
    let lines = lines(&t);
    let at = |line: &str| {
        lines
            .iter()
            .position(|l| l == line)
            .unwrap_or_else(|| panic!("{line}: {lines:?}"))
    };
    assert!(at("SYN") < at("SYN, ACK") && at("SYN, ACK") < at("ACK"));
    assert!(at("ACK") <= at("GET /index.html HTTP/1.1"));
    assert!(at("GET /index.html HTTP/1.1") < at("HTTP/1.1 200 OK"));
    let syn = &messages[at("SYN")];
    assert_eq!(
        (&syn["to"], &syn["to_port"]),
        (&"Web server".into(), &80.into())
    );
    // Times only go forward.
    let times: Vec<f64> = messages
        .iter()
        .map(|m| m["t_s"].as_f64().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
}

/// Over HTTPS the request travels sealed: its line is still named, as a
/// capture holding the keys shows it, and marked encrypted; the handshake
/// is TLS's own, in the clear.
#[test]
fn settings_are_set_by_their_address_names_and_tls_hides_what_it_carries() {
    let t = lesson(&["web-page", "--set", "https=1", "--set", "rtt=100"]);
    assert_eq!(
        (&t["settings"]["https"], &t["settings"]["rtt"]),
        (&"1".into(), &"100".into())
    );
    let messages = t["messages"].as_array().unwrap();
    let get = messages
        .iter()
        .find(|m| m["summary"] == "GET /index.html HTTP/1.1")
        .unwrap();
    assert_eq!(
        (&get["protocol"], &get["encrypted"], &get["to_port"]),
        (&"HTTP".into(), &true.into(), &443.into())
    );
    // The server's flight spans two segments: its records are named once,
    // the second segment is their continuation.
    let flight = messages
        .iter()
        .filter(|m| m["summary"] == "EncryptedExtensions, Certificate, Finished")
        .count();
    assert_eq!(flight, 1);
    let hello = messages
        .iter()
        .find(|m| m["summary"] == "ClientHello (SNI=www.example.com)")
        .unwrap();
    assert_eq!(hello["protocol"], "TLS");
    assert!(hello.get("encrypted").is_none());
    // The DNS query is never encrypted: no field at all.
    assert!(messages[0].get("encrypted").is_none());
}

/// Windows refuses a full queue with a RST; Linux drops the SYN, and the
/// client sends it again.
#[test]
fn the_server_says_no_as_its_system_does() {
    let windows = lines(&lesson(&["server-says-no", "--set", "refusal=windows"]));
    assert!(windows.iter().any(|l| l == "ACK, RST"), "{windows:?}");
    let linux = lesson(&["server-says-no"]);
    assert!(!lines(&linux).iter().any(|l| l.contains("RST")));
    assert!(linux["report"]["syn_retransmissions"].as_u64().unwrap() > 0);
}

#[test]
fn until_stops_the_transcript_at_that_time() {
    let t = lesson(&["web-page", "--until-s", "0.1"]);
    let messages = t["messages"].as_array().unwrap();
    assert!(!messages.is_empty());
    assert!(messages.iter().all(|m| m["t_s"].as_f64().unwrap() <= 0.1));
    assert!(
        !lines(&t).iter().any(|l| l.starts_with("GET")),
        "the request comes later"
    );
}

#[test]
fn flow_lessons_give_their_figures_and_no_messages() {
    let t = lesson(&["cs-vs-p2p", "--set", "peers=50"]);
    assert_eq!(t["messages"].as_array().unwrap().len(), 0);
    assert_eq!(t["report"]["client_server"]["peers"], 50);
    let g = lesson(&["gossip", "--set", "nodes=50"]);
    assert_eq!(g["report"]["all_informed"], true);
}

#[test]
fn an_unknown_lesson_or_setting_is_named_with_exit_status_2() {
    for (args, named) in [
        (&["lesson", "nope"][..], "unknown lesson `nope`"),
        (
            &["lesson", "gossip", "--set", "peers=50"],
            "`peers` is not a setting of gossip",
        ),
        (
            &["lesson", "web-page", "--set", "rtt=7"],
            "--set rtt= expects one of 10, 40, 100, 300",
        ),
    ] {
        let out = cli(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(named),
            "{args:?}"
        );
    }
}

/// What a server is, on the wire: the mail server's own words, a RST from
/// the closed port, seven unanswered SYNs to the filtered one; on the
/// server itself, the client's messages go from the machine to itself.
#[test]
fn the_servers_transcript_is_each_programs_dialogue() {
    let t = lesson(&["what-is-a-server", "--set", "device=phone"]);
    let messages = t["messages"].as_array().unwrap();
    let said = |protocol: &str, summary: &str| {
        messages
            .iter()
            .any(|m| m["protocol"] == protocol && m["summary"] == summary)
    };
    assert!(said(
        "SMTP",
        "220 server.example.com ESMTP Postfix (Ubuntu)"
    ));
    assert!(said("SMTP", "QUIT") && said("SMTP", "221 2.0.0 Bye"));
    assert!(said("PGSQL", "AuthenticationSASL SCRAM-SHA-256"));
    let from_port = |port: u64| {
        messages
            .iter()
            .filter(move |m| m["from_port"] == port || m["to_port"] == port)
            .map(|m| m["summary"].as_str().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(from_port(8080), ["SYN", "ACK, RST"]);
    assert_eq!(from_port(22), ["SYN"; 7]);
    let doors = t["report"]["doors"].as_array().unwrap();
    assert_eq!(doors.len(), 8);
    assert_eq!(doors[7]["outcome"], "timed_out");
    assert_eq!(doors[7]["took_s"], 127.0);

    let own = lesson(&["what-is-a-server", "--set", "same-machine=1"]);
    let to_itself = own["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["from"] == "server.example.com" && m["to"] == "server.example.com")
        .count();
    assert!(to_itself > 40, "{to_itself}");
    assert_eq!(own["report"]["doors"][7]["outcome"], "answered");
}

/// "What others can see": with HTTPS and DNS over HTTPS the question is a
/// sealed POST to the resolver's port 443, the page's request is sealed,
/// and only the ClientHellos name the resolver and the site; the report
/// says what each observer learnt and what the server logged.
#[test]
fn the_privacy_transcript_shows_what_is_sealed_and_what_each_observer_learnt() {
    let t = lesson(&[
        "privacy",
        "--set",
        "site-https=1",
        "--set",
        "doh=1",
        "--set",
        "observer=isp",
    ]);
    assert_eq!(t["settings"]["observer"], "isp");
    let messages = t["messages"].as_array().unwrap();
    let post = messages
        .iter()
        .find(|m| m["summary"] == "POST /dns-query HTTP/1.1")
        .unwrap();
    assert_eq!(
        (&post["to"], &post["to_port"], &post["encrypted"]),
        (&"Local DNS server".into(), &443.into(), &true.into())
    );
    assert!(
        !messages
            .iter()
            .any(|m| m["from"] == "Browser" && m["to_port"] == 53),
        "nothing from the browser to UDP 53"
    );
    let hellos: Vec<String> = lines(&t)
        .into_iter()
        .filter(|line| line.starts_with("ClientHello"))
        .collect();
    assert_eq!(
        hellos,
        [
            "ClientHello (SNI=dns.provider.example)",
            "ClientHello (SNI=www.example.com)"
        ]
    );
    let report = &t["report"];
    assert_eq!(report["observer"], "isp");
    assert_eq!(report["isp"]["names"], serde_json::json!([]));
    assert_eq!(
        report["resolver"]["names"],
        serde_json::json!(["www.example.com A"])
    );
    assert_eq!(report["access_log"].as_array().unwrap().len(), 2);
    let clear = lesson(&["privacy"]);
    assert_eq!(
        clear["report"]["wifi"]["requests"][0],
        "GET www.example.com/index.html"
    );
}

/// The summaries of the messages of `protocol` in a transcript, in order.
fn summaries<'j>(json: &'j serde_json::Value, protocol: &str) -> Vec<&'j str> {
    (json["messages"].as_array().unwrap().iter())
        .filter(|m| m["protocol"] == protocol)
        .map(|m| m["summary"].as_str().unwrap())
        .collect()
}

/// The login's transcript, as a teacher reads it: over plain HTTP, the
/// lockout at the third mistyped password, in order, with its codes.
#[test]
fn the_login_transcript_shows_the_lockout() {
    let json = lesson(&["login", "--set", "tls=0", "--set", "typos=3"]);
    assert_eq!(
        summaries(&json, "HTTP"),
        [
            "GET /notes/alice/ HTTP/1.1",
            "HTTP/1.1 302 Found",
            "GET /accounts/login/?next=/notes/alice/ HTTP/1.1",
            "HTTP/1.1 200 OK",
            "POST /accounts/login/ HTTP/1.1",
            "HTTP/1.1 200 OK",
            "POST /accounts/login/ HTTP/1.1",
            "HTTP/1.1 200 OK",
            "POST /accounts/login/ HTTP/1.1",
            "HTTP/1.1 429 Too Many Requests",
            "POST /accounts/login/ HTTP/1.1",
            "HTTP/1.1 429 Too Many Requests",
        ]
    );
    assert_eq!(json["report"]["failed_logins"], 3);
}

/// The API's transcript in SOAP, as a teacher reads it: three envelopes
/// POSTed to one address, the last answered with a Fault (500); and the
/// three styles side by side for the same question.
#[test]
fn the_api_transcript_shows_soap_and_the_comparison() {
    let json = lesson(&["api", "--set", "style=soap"]);
    assert_eq!(
        summaries(&json, "HTTP"),
        [
            "POST /soap HTTP/1.1",
            "HTTP/1.1 200 OK",
            "POST /soap HTTP/1.1",
            "HTTP/1.1 200 OK",
            "POST /soap HTTP/1.1",
            "HTTP/1.1 500 Internal Server Error",
        ]
    );
    let report = &json["report"];
    assert_eq!(report["all"]["round_trips"], 3);
    let trips: Vec<(&str, u64)> = report["compared"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let style = c["style"].as_str().unwrap();
            (style, c["question"]["round_trips"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(trips, [("rest", 2), ("graphql", 1), ("soap", 1)]);
}

/// The chat's transcript, as a teacher reads it: by long polling, the
/// polls, the POST on its own connection, and the table of the three ways
/// (polling every 10 s: polls at 0, 10, 20, 30, 40 s, their answers, the
/// POST and its 201: 12 messages).
#[test]
fn the_chat_transcript_shows_the_polls_and_the_table() {
    let json = lesson(&[
        "websocket",
        "--set",
        "mode=long-polling",
        "--set",
        "every=10",
    ]);
    let lines = summaries(&json, "HTTP");
    assert_eq!(
        lines,
        [
            "GET /messages?since=0&wait=30 HTTP/1.1",
            "HTTP/1.1 200 OK",
            "GET /messages?since=1&wait=30 HTTP/1.1",
            "HTTP/1.1 200 OK",
            "GET /messages?since=2&wait=30 HTTP/1.1",
            "HTTP/1.1 200 OK",
            "GET /messages?since=3&wait=30 HTTP/1.1",
            "POST /messages HTTP/1.1",
            "HTTP/1.1 201 Created",
            "HTTP/1.1 200 OK",
            "GET /messages?since=3&wait=30 HTTP/1.1",
            "HTTP/1.1 200 OK",
            "GET /messages?since=5&wait=30 HTTP/1.1",
        ]
    );
    let table = json["report"]["compared"].as_array().unwrap();
    assert_eq!(table[0]["mode"], "websocket");
    assert_eq!(table[1]["messages"], 12);
    assert_eq!(table[2]["messages"], json["report"]["run"]["messages"]);
    let websocket = lesson(&["websocket"]);
    let frames = summaries(&websocket, "WebSocket").len();
    // Bob's 4, Alice's 1, the close and its answer.
    assert_eq!(frames, 7);
    assert_eq!(websocket["report"]["run"]["upgraded"], true);
}

/// The database lesson headless: the Flask app's dialogue with MySQL on
/// 3306, and the crowd without a pool refused by PostgreSQL, with the
/// chart's runs for each pool size.
#[test]
fn the_database_transcript_shows_the_dialogue_and_the_refusals() {
    let json = lesson(&["database", "--set", "db=mysql"]);
    let mysql = summaries(&json, "MySQL");
    assert_eq!(
        mysql[0],
        "Server Greeting proto=10 version=8.4.3 caching_sha2_password"
    );
    assert!(mysql.contains(&"Row Databases | Bruno"));
    let to_db: Vec<&Value> = (json["messages"].as_array().unwrap().iter())
        .filter(|m| m["protocol"] == "MySQL" && m["from"] != "Database server")
        .collect();
    assert!(to_db.iter().all(|m| m["to_port"] == 3306), "{to_db:?}");
    assert_eq!(json["report"]["run"]["answered_ok"], 2);

    let crowd = lesson(&["database", "--set", "users=200", "--set", "pool=0"]);
    let run = &crowd["report"]["run"];
    assert_eq!(
        (run["answered_ok"].as_u64(), run["errors"].as_u64()),
        (Some(97), Some(103))
    );
    let errors = summaries(&crowd, "PGSQL");
    let too_many = (errors.iter())
        .filter(|s| **s == "ErrorResponse FATAL 53300 sorry, too many clients already")
        .count();
    assert_eq!(too_many, 100);
    let http_500 = summaries(&crowd, "HTTP")
        .iter()
        .filter(|s| **s == "HTTP/1.1 500 Internal Server Error")
        .count();
    assert_eq!(http_500, 103);
    let chart = crowd["report"]["by_pool"]["runs"].as_array().unwrap();
    let pools: Vec<u64> = chart.iter().map(|r| r["pool"].as_u64().unwrap()).collect();
    assert_eq!(pools, [0, 1, 2, 5, 10, 20]);
    assert_eq!(chart[0]["errors"], 103);
    assert_eq!(chart[3]["errors"], 0);
    // A bigger pool, shorter waits.
    let waits: Vec<u64> = chart[1..]
        .iter()
        .map(|r| r["mean_wait_us"].as_u64().unwrap())
        .collect();
    assert!(waits.windows(2).all(|w| w[0] > w[1]), "{waits:?}");
}
/// The game service's transcript: the login and the matchmaker over
/// HTTPS (encrypted), the presence server's frames, the cluster's lines,
/// and the match as UDP datagrams from port 49200 to 3724 and back; with
/// 64 ticks for 5 s, 320 snapshots, those lost skipped, none sent again;
/// presence-1 failing and Alice back on presence-2.
#[test]
fn the_game_transcript_shows_login_presence_matchmaking_and_the_match() {
    let json = lesson(&[
        "game",
        "--set",
        "tick=64",
        "--set",
        "game-loss=5",
        "--set",
        "fail=1",
    ]);
    let http = summaries(&json, "HTTP");
    assert_eq!(
        http[..4],
        [
            "POST /login HTTP/1.1",
            "HTTP/1.1 200 OK",
            "GET /presence HTTP/1.1",
            "HTTP/1.1 101 Switching Protocols",
        ]
    );
    let messages = json["messages"].as_array().unwrap();
    assert!(
        (messages.iter())
            .filter(|m| m["protocol"] == "HTTP")
            .all(|m| m["encrypted"] == true)
    );
    let cluster = summaries(&json, "Cluster");
    assert_eq!(cluster[..2], ["ONLINE bob 2", "ONLINE alice 1"]);
    assert!(cluster.contains(&"CHAT bob alice Up for a duel?"));
    let game: Vec<&serde_json::Value> = (messages.iter())
        .filter(|m| m["protocol"] == "Game")
        .collect();
    assert!(game.iter().all(|m| m["transport"] == "UDP"));
    let snapshots: Vec<&&serde_json::Value> = (game.iter())
        .filter(|m| m["to"] == "Alice’s computer")
        .collect();
    assert!(
        snapshots
            .iter()
            .all(|m| m["from_port"] == 3724 && m["to_port"] == 49200)
    );
    // 64 × 5 = 320 sent to Alice, each once.
    assert_eq!(snapshots.len(), 320);
    assert_eq!(snapshots[0]["summary"], "Snapshot 1 ack=0 players=2");
    let report = &json["report"];
    assert_eq!(report["snapshots_sent"], 320);
    let (received, skipped) = (
        report["snapshots_received"].as_u64().unwrap(),
        report["skipped"].as_u64().unwrap(),
    );
    assert!(skipped > 0 && received + skipped <= 320, "{report}");
    // 3 ticks of 15.625 ms: the ping at 64 ticks a second.
    assert_eq!(report["ping_us"], 46_875);
    assert_eq!(report["presence_server"], 2);
    assert_eq!(report["lost_us"].as_array().unwrap().len(), 1);
    assert_eq!(report["back_us"].as_array().unwrap().len(), 1);
    let bob: Vec<&str> = (report["bob_saw"].as_array().unwrap().iter())
        .map(|seen| seen.as_str().unwrap().split(" at ").next().unwrap())
        .collect();
    assert_eq!(
        bob,
        [
            "alice online",
            "alice offline",
            "alice online",
            "alice offline"
        ]
    );
}
/// The files lesson's transcript, as a teacher reads it: active FTP behind
/// the NAT (the PORT, the server's SYNs from port 20, 425 after 60 s), and
/// SFTP's messages marked encrypted after NEWKEYS; the table of the three.
#[test]
fn the_files_transcript_shows_active_mode_failing_and_ssh_encrypted() {
    let json = lesson(&["files", "--set", "ftp-mode=active", "--until-s", "70"]);
    let messages = json["messages"].as_array().unwrap();
    let ftp: Vec<&str> = (messages.iter())
        .filter(|m| m["protocol"] == "FTP")
        .map(|m| m["summary"].as_str().unwrap())
        .collect();
    assert_eq!(ftp[7], "PORT 198,51,100,23,192,1");
    assert_eq!(ftp[9], "RETR report.pdf");
    assert_eq!(ftp[10], "425 Failed to establish connection.");
    // The first SYN and its 5 retransmissions, from port 20.
    let syns = (messages.iter())
        .filter(|m| m["from_port"] == 20 && m["summary"] == "SYN")
        .count();
    assert_eq!(syns, 6);
    assert_eq!(json["report"]["run"]["outcome"], "failed");
    let table = json["report"]["compared"].as_array().unwrap();
    assert_eq!(table[1]["how"], "sftp");
    assert_eq!(table[1]["connections"], 1);
    assert_eq!(table[2]["readable"]["file"], true);

    let sftp = lesson(&["files", "--set", "how=sftp"]);
    let messages = sftp["messages"].as_array().unwrap();
    let newkeys = (messages.iter())
        .position(|m| m["summary"] == "SSH_MSG_NEWKEYS")
        .unwrap();
    let password = (messages.iter())
        .find(|m| m["summary"].as_str().unwrap().contains("password tulip"))
        .unwrap();
    assert_eq!(password["encrypted"], true);
    assert!(
        messages[..newkeys]
            .iter()
            .all(|m| m.get("encrypted").is_none())
    );
    assert_eq!(sftp["report"]["run"]["received"], 262_144);
}
/// HLS on the wire: the multivariant playlist, then 240p's live playlist
/// (hls.js's first estimate, 500 kbit/s × 0.7 = 350k, fits 300k only),
/// its segment three target durations from the end (12, of 9–14 listed at
/// 60 s of a channel cut in 4 s segments), then 720p's playlist and
/// segments; the table's HLS row is this run.
#[test]
fn the_streaming_transcript_shows_playlists_segments_and_the_table() {
    let json = lesson(&["streaming"]);
    let requests: Vec<&str> = summaries(&json, "HTTP")
        .into_iter()
        .filter(|line| line.starts_with("GET "))
        .collect();
    assert_eq!(
        requests[..5],
        [
            "GET /live/master.m3u8 HTTP/1.1",
            "GET /live/240p/index.m3u8 HTTP/1.1",
            "GET /live/240p/seg12.ts HTTP/1.1",
            "GET /live/720p/index.m3u8 HTTP/1.1",
            "GET /live/720p/seg13.ts HTTP/1.1",
        ]
    );
    // Down to 480p after the drop, back to 720p after it.
    assert!(requests.contains(&"GET /live/480p/index.m3u8 HTTP/1.1"));
    let table = json["report"]["compared"].as_array().unwrap();
    let kinds: Vec<&str> = table
        .iter()
        .map(|row| row["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["hls", "rtsp", "webrtc"]);
    assert_eq!(table[0], json["report"]["run"]);
}

/// The camera: RTSP's five requests on port 554, each answered 200; RTP
/// over UDP, a packet a frame: 15 fps × 10 s = 150, every one on the wire
/// (the ones lost fall after they were sent).
#[test]
fn the_camera_transcript_is_rtsp_then_a_packet_a_frame() {
    let json = lesson(&["streaming", "--set", "kind=rtsp", "--set", "fps=15"]);
    let rtsp = summaries(&json, "RTSP");
    let methods: Vec<&str> = (rtsp.iter())
        .filter(|line| !line.starts_with("RTSP/1.0"))
        .map(|line| line.split(' ').next().unwrap())
        .collect();
    assert_eq!(
        methods,
        ["OPTIONS", "DESCRIBE", "SETUP", "PLAY", "TEARDOWN"]
    );
    assert_eq!(
        rtsp.iter()
            .filter(|line| *line == &"RTSP/1.0 200 OK")
            .count(),
        5
    );
    let rtp = summaries(&json, "RTP");
    assert_eq!(rtp.len(), 150);
    assert_eq!(json["report"]["run"]["rtp_sent"], 150);
}

/// Both routers symmetric: STUN tells Alice her router's public address,
/// and the call's media goes through TURN's Send and Data indications (8 s
/// at 30 frames a second: over 200 each way).
#[test]
fn the_call_through_two_symmetric_nats_is_relayed() {
    let json = lesson(&[
        "streaming",
        "--set",
        "kind=webrtc",
        "--set",
        "call-nat=both",
    ]);
    let stun = summaries(&json, "STUN");
    assert!(stun.contains(&"Binding Success Response XOR-MAPPED-ADDRESS: 198.51.100.23:50000"));
    assert!(
        stun.iter()
            .any(|line| line.starts_with("Allocate Success Response"))
    );
    let relayed = |kind: &str| stun.iter().filter(|line| line.starts_with(kind)).count();
    assert!(relayed("Send Indication") > 200 && relayed("Data Indication") > 200);
    assert_eq!(json["report"]["run"]["relayed"], true);
    let direct = lesson(&["streaming", "--set", "kind=webrtc"]);
    assert_eq!(direct["report"]["run"]["relayed"], false);
    // Direct, only checks cross the relay: a few indications, no media.
    let sent_through = (summaries(&direct, "STUN").iter())
        .filter(|line| line.starts_with("Send Indication"))
        .count();
    assert!(sent_through < 10, "{sent_through}");
}

/// Every row names where its message went: ICE checks every candidate
/// (RFC 8445 §6.1.2), Bob's private address too, which no machine on
/// Alice's side has; that row says so, with the address.
#[test]
fn a_check_to_the_other_homes_private_address_names_the_address() {
    let out = lesson(&[
        "streaming",
        "--set",
        "kind=webrtc",
        "--set",
        "call-nat=symmetric",
    ]);
    let messages = out["messages"].as_array().unwrap();
    assert!(
        messages.iter().all(|m| m["to"] != ""),
        "a row without a \"to\""
    );
    let private = messages
        .iter()
        .find(|m| m["from"] == "Alice’s laptop" && m["to"] == "nobody at 192.168.0.20")
        .expect("Alice's check to Bob's host candidate");
    assert!(text_of(private).starts_with("Binding Request"), "{private}");
}

fn text_of(message: &Value) -> &str {
    message["summary"].as_str().unwrap()
}
