//! `cslab-cli lesson NAME --pcap FILE` read back by a real dissector:
//! Wireshark's `tshark` (Debian package `tshark`, installed by
//! `scripts/setup.sh --for-tests`) must find, packet by packet, what the
//! transcript says crossed the network: the same number of packets, at the
//! same times, from the same ports, with good IPv4, TCP and UDP checksums,
//! nothing malformed, no TCP sequence gaps, retransmissions where the lab
//! retransmits, and the protocol the transcript names right above TCP or
//! UDP.
//!
//! Without tshark the test is skipped, unless `CSLAB_REQUIRE_TSHARK` is set
//! (`scripts/test.sh` sets it, so CI cannot pass without the dissector).

mod common;

use common::json;
use serde_json::Value;
use std::process::Command;

/// The runs checked: each lesson with its settings (`cslab-cli lesson`'s
/// arguments), and what a Wireshark user would tell Wireshark to decode
/// it as they would a real capture.
const RUNS: &[(&str, &[&str])] = &[
    ("what-is-a-server", &[]),
    ("what-is-a-server --set same-machine=1", &[]),
    ("web-page", &[]),
    ("web-page --set https=1", &[]),
    ("web-page --set http=nonpersistent --set parallel=2", &[]),
    ("web-page --set dns-cached=1 --set loss=5", &[]),
    ("server-says-no", &[]),
    ("server-says-no --set refusal=linux-abort", &[]),
    ("server-says-no --set refusal=windows", &[]),
    ("server-says-no --set refusal=iis", &[]),
    ("server-says-no --set refusal=proxy", &[]),
    ("server-says-no --set refusal=closed-port", &[]),
    ("server-under-load --until-s 3", &[]),
    ("server-under-load --set replicas=2 --until-s 3", &[]),
    (
        "server-under-load --set replicas=2 --set spread=nginx --until-s 3",
        &[],
    ),
    (
        "server-under-load --set slow-clients=50 --set rate=10 --until-s 11",
        &[],
    ),
    ("email", &[]),
    ("email --set read=pop3", &[]),
    ("email --set mta=exim --set mx1-down=1", &[]),
    ("login", &[]),
    ("login --set tls=0 --set auth=token", &[]),
    ("api", &[]),
    ("api --set style=graphql", &[]),
    ("api --set style=soap", &[]),
    ("privacy", &[]),
    ("privacy --set doh=1", &[]),
    ("privacy --set site-https=1", &[]),
    ("websocket", &[]),
    ("database", &[]),
    ("database --set users=50 --set pool=1", &[]),
    ("database --set users=200 --until-s 5", &[]),
    ("database --set db=mysql", &[]),
    ("database --set db=mysql --set users=50 --set pool=1", &[]),
    ("database --set db=mongodb", MONGO_IN_THE_CLEAR),
    (
        "database --set db=mongodb --set users=50 --set pool=1",
        MONGO_IN_THE_CLEAR,
    ),
    ("websocket --set mode=polling", &[]),
    ("game", &[]),
    ("files", &[]),
    ("files --set how=sftp", &[]),
    ("files --set ftp-mode=active", &[]),
    ("streaming", &[]),
    ("streaming --set kind=rtsp", &[]),
    ("streaming --set kind=webrtc", RTP_BY_HEURISTIC),
];

/// A WebRTC call's media: the SDP that says which ports carry RTP travels
/// inside the signalling's WebSocket, which Wireshark does not read for
/// it, so RTP on those ports needs its heuristic dissector (off by
/// default; Analyze > Enabled Protocols > rtp_udp).
const RTP_BY_HEURISTIC: &[&str] = &["--enable-heuristic", "rtp_udp"];

/// Wireshark 4.0 takes TCP port 27017 for MongoDB over TLS (`tshark -G
/// decodes`: `tcp.port 27017 tls`, `tls.port 27017 mongo`); the lab's app
/// speaks to MongoDB without TLS, so its messages need Decode As.
const MONGO_IN_THE_CLEAR: &[&str] = &["-d", "tcp.port==27017,mongo"];

/// tshark's options: checksums checked; TCP not reassembled, so each
/// packet is dissected as itself, as the transcript lists it (a message's
/// later segments are "Continuation" in both).
const OPTIONS: &[&str] = &[
    "-o",
    "tcp.desegment_tcp_streams:FALSE",
    "-o",
    "ip.check_checksum:TRUE",
    "-o",
    "tcp.check_checksum:TRUE",
    "-o",
    "udp.check_checksum:TRUE",
];

const FIELDS: &[&str] = &[
    "frame.protocols",
    "frame.time_epoch",
    "ip.checksum.status",
    "tcp.checksum.status",
    "udp.checksum.status",
    "tcp.srcport",
    "udp.srcport",
    "_ws.malformed",
    "_ws.expert.message",
];

/// What the expert info says when a capture has a hole or a segment out
/// of place: never, as the file holds every packet sent, in order.
const GAPS: &[&str] = &[
    "Previous segment(s) not captured",
    "ACKed segment that wasn't captured",
    "out-of-order",
];

/// Whether tshark is here to run (else the test is skipped, unless it
/// must not be).
fn have_tshark() -> bool {
    if Command::new("tshark").arg("-v").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("CSLAB_REQUIRE_TSHARK").is_none(),
        "tshark is missing and CSLAB_REQUIRE_TSHARK is set: run scripts/setup.sh --for-tests"
    );
    eprintln!("skipped: no tshark (scripts/setup.sh --for-tests installs it)");
    false
}

#[test]
fn every_packet_dissects_as_the_transcript_says() {
    if !have_tshark() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("cslab-pcap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for (i, (run, decode_as)) in RUNS.iter().enumerate() {
        let file = dir.join(format!("{i}.pcapng"));
        let file_arg = file.to_str().unwrap();
        let args: Vec<&str> = run.split(' ').collect();
        let transcript = json(&[&["lesson"], &args[..], &["--pcap", file_arg]].concat());
        let messages = transcript["messages"].as_array().unwrap();
        failures.extend(mismatches(run, messages, &dissect(file_arg, decode_as)));
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The packets of a capture that do not match the transcript `messages`,
/// each named after `name`.
fn mismatches(name: &str, messages: &[Value], packets: &[Vec<String>]) -> Vec<String> {
    if packets.len() != messages.len() {
        return vec![format!(
            "{name}: {} packets in the file, {} in the transcript",
            packets.len(),
            messages.len()
        )];
    }
    (messages.iter().zip(packets).enumerate())
        .filter_map(|(n, (m, p))| {
            let why = check(m, p).err()?;
            Some(format!("{name}, packet {}: {why}\n  {m}\n  {p:?}", n + 1))
        })
        .collect()
}

/// A swarm in the sandbox (`examples/sandbox/swarm.json`): its capture is
/// BitTorrent to Wireshark (port 6881, its dissector's own), its tracker's
/// answers HTTP, packet by packet as `cslab-cli sandbox` lists them.
#[test]
fn a_sandbox_swarm_dissects_as_bittorrent() {
    if !have_tshark() {
        return;
    }
    let (transcript, packets) = sandbox_capture("swarm.json", |file| dissect(file, &[]));
    let messages = transcript["messages"].as_array().unwrap();
    let failures = mismatches("swarm.json", messages, &packets);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(messages.iter().any(|m| m["protocol"] == "BitTorrent"));
}

/// Bitcoin nodes relaying a block in the sandbox
/// (`examples/sandbox/gossip.json`): its capture is Bitcoin to Wireshark
/// (its heuristic dissector knows a message by mainnet's start string),
/// packet by packet as `cslab-cli
/// sandbox` lists them, and each message's command is the one the
/// transcript names, in the same order.
#[test]
fn a_sandbox_gossip_dissects_as_bitcoin_with_its_commands() {
    if !have_tshark() {
        return;
    }
    let (transcript, (packets, commands)) = sandbox_capture("gossip.json", |file| {
        let commands = fields(file, &["-Y", "bitcoin"], &["bitcoin.command"]);
        (dissect(file, &[]), commands)
    });
    let messages = transcript["messages"].as_array().unwrap();
    let failures = mismatches("gossip.json", messages, &packets);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The transcript's commands, a message's first segment each.
    let said: Vec<String> = (messages.iter())
        .filter(|m| m["protocol"] == "Bitcoin" && m["retransmission"] != true)
        .map(|m| m["summary"].as_str().unwrap())
        .filter(|s| !s.starts_with("Continuation"))
        .map(|s| s.split(' ').next().unwrap().to_string())
        .collect();
    let read: Vec<String> = commands.iter().map(|c| c[0].clone()).collect();
    assert_eq!(read, said);
    for command in ["version", "verack", "inv", "getdata", "block"] {
        assert!(read.iter().any(|c| c == command), "{command}");
    }
}

/// `examples/sandbox/NAME` as `cslab-cli sandbox` prints it, and what
/// `read` reads from its capture (the file's path), run with seed 1.
fn sandbox_capture<T>(name: &str, read: impl FnOnce(&str) -> T) -> (Value, T) {
    let example = format!(
        "{}/../../examples/sandbox/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let transcript = json(&["sandbox", &example]);
    let net =
        cslab_sandbox::Network::from_json(&std::fs::read_to_string(&example).unwrap()).unwrap();
    let mut run = cslab_sandbox::run::SandboxRun::new(&net, 1);
    run.run_until(cslab_sim::time::SimTime::MAX);
    let capture = cslab_pcap::capture(&run.world, cslab_sim::time::SimTime::MAX);
    let file = std::env::temp_dir().join(format!("cslab-{name}-{}.pcapng", std::process::id()));
    std::fs::write(&file, capture).unwrap();
    let read = read(file.to_str().unwrap());
    std::fs::remove_file(&file).ok();
    (transcript, read)
}

/// tshark's fields for each packet of `file`, decoded with `decode_as`.
fn dissect(file: &str, decode_as: &[&str]) -> Vec<Vec<String>> {
    fields(file, decode_as, FIELDS)
}

/// `fields` of each packet of `file` as tshark reads it with `options`
/// (multiple values of one field joined by `;`).
fn fields(file: &str, options: &[&str], fields: &[&str]) -> Vec<Vec<String>> {
    let mut args = vec![
        "-r",
        file,
        "-T",
        "fields",
        "-E",
        "separator=|",
        "-E",
        "aggregator=;",
    ];
    args.extend(OPTIONS);
    args.extend(options);
    for f in fields {
        args.extend(["-e", f]);
    }
    let out = Command::new("tshark")
        .args(&args)
        .output()
        .expect("run tshark");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('|').map(str::to_string).collect())
        .collect()
}

/// One packet against its transcript line.
fn check(m: &Value, p: &[String]) -> Result<(), String> {
    let field = |name: &str| {
        let i = FIELDS.iter().position(|f| *f == name).unwrap();
        p.get(i).map(String::as_str).unwrap_or("")
    };
    let layers: Vec<&str> = field("frame.protocols").split(':').collect();
    let transport = layers
        .iter()
        .position(|l| *l == "tcp" || *l == "udp")
        .ok_or("no TCP or UDP")?;
    // Wireshark finds a retransmission exactly where the lab sent one
    // again, and (by default) does not dissect its data a second time.
    let expert = field("_ws.expert.message");
    let retransmission = m["retransmission"].as_bool().unwrap_or(false);
    if expert.contains("retransmission") != retransmission {
        return Err(format!("Wireshark's retransmission: {expert:?}"));
    }
    let expected: Vec<&str> = wireshark_name(m).split(':').collect();
    let above = &layers[transport + 1..];
    let found = match expected[..] {
        _ if retransmission => true,
        ["tcp" | "udp"] => above.is_empty(),
        _ => above.starts_with(&expected),
    };
    if !found {
        return Err(format!(
            "dissected as {}, the transcript says {}",
            above.join(":"),
            expected.join(":")
        ));
    }
    let t = field("frame.time_epoch")
        .parse::<f64>()
        .map_err(|e| e.to_string())?;
    if (t - m["t_s"].as_f64().unwrap()).abs() > 2e-9 {
        return Err(format!("sent at {t} s"));
    }
    let port = format!("{}{}", field("tcp.srcport"), field("udp.srcport"));
    if port.parse::<u64>().ok() != m["from_port"].as_u64() {
        return Err(format!("from port {port}"));
    }
    for sum in [
        "ip.checksum.status",
        "tcp.checksum.status",
        "udp.checksum.status",
    ] {
        // 1: good (2: bad; empty: no such header).
        if !matches!(field(sum), "" | "1") {
            return Err(format!("{sum} = {}", field(sum)));
        }
    }
    if !field("_ws.malformed").is_empty() {
        return Err("malformed".into());
    }
    if let Some(gap) = GAPS.iter().find(|g| expert.contains(*g)) {
        return Err(format!("TCP analysis: {gap}"));
    }
    Ok(())
}

/// The transcript's protocol as Wireshark's dissectors are called, layer
/// above layer: what TLS seals is TLS on the wire (what SSH encrypts stays
/// SSH); Wireshark files a WebSocket's frames under the HTTP connection
/// that was upgraded.
fn wireshark_name(m: &Value) -> &'static str {
    let protocol = m["protocol"].as_str().unwrap();
    let encrypted = m["encrypted"].as_bool().unwrap_or(false);
    match protocol {
        "SSH" | "SFTP" => "ssh",
        _ if encrypted => "tls",
        "DNS" => "dns",
        "TCP" => "tcp",
        "UDP" => "udp",
        "TLS" => "tls",
        "HTTP" => "http",
        "SMTP" => "smtp",
        "IMAP" => "imap",
        "POP" => "pop",
        "FTP" => "ftp",
        "FTP-DATA" => "ftp-data",
        "PGSQL" => "pgsql",
        "MySQL" => "mysql",
        "MONGO" => "mongo",
        "WebSocket" => "http:websocket",
        "RTSP" => "rtsp",
        "RTP" | "SRTP" => "rtp",
        "STUN" => "stun",
        // Without reassembly, the rest of a long message (a piece's
        // block) is TCP's payload to Wireshark's BitTorrent dissector.
        "BitTorrent" if m["summary"].as_str().unwrap().starts_with("Continuation") => "tcp",
        "BitTorrent" => "bittorrent",
        "Bitcoin" if m["summary"].as_str().unwrap().starts_with("Continuation") => "tcp",
        "Bitcoin" => "bitcoin",
        // The lab's own formats (a game's, its cluster's): bytes to Wireshark.
        "Game" | "Cluster" => "data",
        other => panic!("no Wireshark name for {other}"),
    }
}

/// MongoDB's SCRAM-SHA-256 login as Wireshark's MongoDB dissector reads it:
/// the `hello` carries `saslStart` with the client's first message, the
/// reply the server's, `saslContinue` the client's proof, the last reply
/// the server's signature (RFC 5802 §7), the nonces agreeing throughout.
#[test]
fn mongodb_logs_in_with_the_messages_of_scram() {
    if !have_tshark() {
        return;
    }
    let file = std::env::temp_dir().join(format!("cslab-mongo-{}.pcapng", std::process::id()));
    let file_arg = file.to_str().unwrap();
    let lesson = ["lesson", "database", "--set", "db=mongodb"];
    json(&[&lesson[..], &["--pcap", file_arg]].concat());
    let options = [MONGO_IN_THE_CLEAR, &["-Y", "mongo"]].concat();
    let names = ["mongo.element.name", "mongo.element.value.bytes"];
    let messages = fields(file_arg, &options, &names);
    std::fs::remove_file(&file).ok();
    // Each message's binary values, as text.
    let payloads: Vec<(String, Vec<String>)> = (messages.iter())
        .map(|m| {
            let texts = (m[1].split(';'))
                .filter_map(|hex| {
                    let bytes: Option<Vec<u8>> = (0..hex.len() / 2)
                        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
                        .collect();
                    String::from_utf8(bytes?).ok()
                })
                .filter(|t| t.contains('='))
                .collect();
            (m[0].clone(), texts)
        })
        .collect();
    let login: Vec<&(String, Vec<String>)> = payloads
        .iter()
        .filter(|(_, texts)| !texts.is_empty())
        .take(4)
        .collect();
    assert_eq!(login.len(), 4, "{payloads:?}");
    let [first, server_first, last, server_last] = [0, 1, 2, 3].map(|i| &login[i].1[0]);
    assert!(login[0].0.starts_with("hello;") && login[0].0.contains("saslStart"));
    assert!(login[2].0.starts_with("saslContinue;"), "{:?}", login[2]);
    let nonce = first.strip_prefix("n,,n=flask,r=").expect(first);
    let both = (server_first
        .strip_prefix("r=")
        .and_then(|s| s.split(',').next()))
    .expect(server_first);
    assert!(
        both.starts_with(nonce) && both.len() > nonce.len(),
        "{server_first}"
    );
    assert!(server_first.contains(",s=") && server_first.ends_with(",i=15000"));
    assert!(last.starts_with(&format!("c=biws,r={both},p=")), "{last}");
    assert!(server_last.starts_with("v="), "{server_last}");
}
