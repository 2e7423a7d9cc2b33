//! `cslab-cli`: the simulator from the command line, one JSON object out.
//! It lives in the library so the page `?bench=run` runs the very same
//! parsing and runs on wasm (see `ui::bench::run`).
//!
//! ```text
//! cslab-cli queue --servers C --arrival-rate L --service-rate M --requests N
//!                 [--queue-capacity K] [--seed S] [--rtt-ms R] [--clients N]
//! cslab-cli pageload --objects M --rtt-ms R --mode nonpersistent|persistent|pipelined
//!                 [--parallel X] [--object-kb K] [--bandwidth-mbps B] [--tls]
//!                 [--dns cached|iterative|recursive] [--loss P] [--init-cwnd SEGMENTS]
//!                 [--seed S]
//! cslab-cli load --preset NAME --concurrency N --service-ms S
//!                 [--duration-s T] [--replicas R] [--balancer rr|lc|p2c|nginx|dns]
//!                 [--handler cpu|io] [--switch-off R@T] [--seed S]
//! cslab-cli http --request "METHOD PATH [BODY_BYTES]"... [--login]
//!                 [--rtt-ms R] [--mode ...] [--parallel X] [--tls]
//!                 [--max-clients N] [--loss P] [--seed S]
//! cslab-cli distribute --mode cs|p2p --peers N --file-mb F --server-up-mbps US
//!                 --peer-up-mbps U --peer-down-mbps D [--piece-kb P] [--slots K]
//!                 [--churn C] [--server-fails-at-s T] [--seed S] [--packets]
//!                 [--scheduler bittorrent|ideal]
//! cslab-cli gossip --nodes N [--fanout K | --degree D] [--round-ms R] [--seed S]
//! cslab-cli sandbox FILE.json [--seed S] [--until-s T]
//! cslab-cli sweep queue|distribute|gossip [--rho R,... | --n N,... | --nodes N,...]
//!                 [the command's flags] [--format json|csv] [--threads N]
//! ```

use crate::lesson::compare::distribute_params;
use crate::lesson::gossip_lesson::gossip_params;
use crate::lesson::playback::{Clocked, network};
use crate::lesson::privacy::PrivacyRun;
use crate::lesson::questions::{self, Prediction};
use crate::lesson::run::LessonRun;
use crate::lesson::settings::Settings;
use crate::lesson::transcript::transcript;
use crate::lesson::{Lesson, LessonView};
use crate::open_in_sandbox::from_lesson;
use crate::sandbox::played;
use cslab_api::world::{ApiSim, compare_styles};
use cslab_chat::world::ChatSim;
use cslab_db::world::{DbSim, by_pool};
use cslab_files::world::FilesSim;
use cslab_game::world::GameSim;
use cslab_login::world::LoginSim;
use cslab_mail::journey::EmailSim;
use cslab_sandbox::Network;
use cslab_sandbox::run::MAX_RUN;
use cslab_scene::i18n::{Lang, Tr};
use cslab_scene::story::story;
use cslab_sim::apps::balancer::{HealthCheck, Policy};
use cslab_sim::apps::browser::HttpMode;
use cslab_sim::apps::browser::ScriptStep;
use cslab_sim::apps::concurrency::{Handler, Overflow};
use cslab_sim::apps::presets::Preset;
use cslab_sim::apps::users::Arrivals;
use cslab_sim::proto::http::Method;
use cslab_sim::proto::tcp::InitialWindow;
use cslab_sim::rng::Dist;
use cslab_sim::runs::distribute::{DistributeParams, Mode, Scheduler, run_distribute};
use cslab_sim::runs::distribute_packets::{DistributePacketsParams, run_distribute_packets};
use cslab_sim::runs::gossip::{GossipParams, Spread, run_gossip};
use cslab_sim::runs::load::{Balancing, LoadParams, run_load};
use cslab_sim::runs::pageload::{DnsMode, PageLoadParams, PageLoadSim, Workload, run_pageload};
use cslab_sim::runs::pageload_gap::Gap;
use cslab_sim::runs::queue::{QueueParams, run_queue};
use cslab_sim::runs::servers::ServersSim;
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;
use cslab_stream::world::{StreamSim, compare as compare_streams};
use std::process::ExitCode;

// Threads, which the page's wasm has none of; and no learner sweeps from
// the page (`?bench=run` has no way to name what to sweep): the sweep is
// kept out of the learner's bundle.
#[cfg(not(target_arch = "wasm32"))]
mod sweep;

/// What `--help` prints.
pub const USAGE: &str = "\
usage: cslab-cli queue --servers C --arrival-rate L --service-rate M --requests N
                       [--queue-capacity K] [--seed S] [--rtt-ms R] [--clients N]
       cslab-cli pageload --objects M --rtt-ms R --mode nonpersistent|persistent|pipelined
                       [--parallel X] [--object-kb K] [--bandwidth-mbps B] [--tls]
                       [--dns cached|iterative|recursive] [--loss P]
                       [--init-cwnd SEGMENTS] [--seed S]
       cslab-cli load --preset NAME --concurrency N --service-ms S
                       [--duration-s T] [--replicas R] [--balancer rr|lc|p2c|nginx|dns]
                       [--handler cpu|io] [--overflow syn-drop|abort-on-overflow|windows-rst|http-503]
                       [--closed-port] [--switch-off R@T] [--seed S]
       cslab-cli http --request \"METHOD PATH [BODY_BYTES]\"... [--login]
                       [--rtt-ms R] [--mode nonpersistent|persistent|pipelined]
                       [--parallel X] [--tls] [--max-clients N] [--loss P] [--seed S]
       cslab-cli distribute --mode cs|p2p --peers N --file-mb F --server-up-mbps US
                       --peer-up-mbps U --peer-down-mbps D [--piece-kb P] [--slots K]
                       [--churn C] [--server-fails-at-s T] [--seed S] [--packets]
                       [--scheduler bittorrent|ideal]
       cslab-cli gossip --nodes N [--fanout K | --degree D] [--round-ms R] [--seed S]
       cslab-cli lesson NAME [--set KEY=VALUE]... [--seed S] [--until-s T] [--pcap FILE]
       cslab-cli lesson NAME [--set KEY=VALUE]... --sandbox
       cslab-cli lesson --list
       cslab-cli sandbox FILE.json [--seed S] [--until-s T]
       cslab-cli sweep queue [--rho R,R...] [queue's flags but --arrival-rate]
                       [--format json|csv] [--threads N]
       cslab-cli sweep distribute [--n N,N...] [distribute's flags but --mode,
                       --peers, --packets] [--format json|csv] [--threads N]
       cslab-cli sweep gossip [--nodes N,N...] [--fanout K | --degree D] [--round-ms R]
                       [--seed S] [--format json|csv] [--threads N]

Runs the discrete-event simulator: Poisson arrivals at L requests/s from N
clients (default 8), exponential service at M requests/s per worker, C
workers, a FIFO accept queue of K places beyond the ones in service (default:
unbounded; M/M/1/K's system size K is --queue-capacity K-1), round-trip time
R ms (default 0), seed S (default 1). Prints one JSON object on stdout.

pageload: a browser loads a base page and M objects of K kB (default 10)
from a server R ms away over an access link of B Mbit/s (default 100) with
loss probability P (default 0), using non-persistent, persistent or
pipelined HTTP with at most X connections (default 1), optionally over TLS
1.3, after resolving the name through DNS (default iterative). TCP starts
with an initial congestion window of SEGMENTS segments (default: RFC 6928's
10 segments of 1460 bytes; 3 is RFC 5681's). Prints one JSON object with
page_load_s, the time of each phase (sending_s: of transfer_s, the time the
line spent sending) and \"gap\": the textbook's round trips against the
measured ones, with what slow start (slow_start_rtts), the bandwidth
(sending_s) and losses (loss_s) added.

load: N clients each holding one request at a time (no think time) against
R replicas (default 1) of a server preset with its default limits (NAME is
one of apache-prefork, apache-event, nginx, iis, tomcat, glassfish, webrick,
nodejs, flask-dev, postgresql, mysql, mongodb), behind a balancer (default
rr: a layer-4 relay with HAProxy's rules), nginx proxying HTTP (nginx: round
robin, no health probes, a server that fails one try is left alone for 10 s,
60 s to connect or answer, then 502 or 504) or DNS round-robin (60 s TTL);
exponential service of mean S ms, CPU-bound unless --handler io; new
requests for T s (default 10), then the run drains. --switch-off R@T
switches replica R (from 1) off at T s, and the relay checks its servers'
health as HAProxy does by default (a probe every 2 s, out after 3 failures;
a request left unanswered for 50 s gets a 504). When a server has no room, its operating system decides
(--overflow): Linux drops the SYN and the client retransmits it after 1, 2,
4... s (syn-drop, the default for every preset but IIS), or resets a
connection whose final ACK finds the queue full (abort-on-overflow, as with
net.ipv4.tcp_abort_on_overflow = 1); Windows answers RST (windows-rst);
IIS's http.sys answers HTTP 503 (http-503). --closed-port sends the
clients to a port nobody listens on (RST). Prints one JSON object: sent,
accepted, refused, refused_by {syn_dropped, rst, http_503},
syn_retransmissions, connect_timeouts, response_timeouts, completed,
failed, max_in_service, max_queued, mean_response_s, p99_response_s,
throughput_rps, per_replica, ...

http: the browser runs the requests in order (GET, POST, PUT or DELETE,
with a body of BODY_BYTES) against a lab site whose routes answer each
status: / (200, then 304 when asked again), /old (301 to /), /private (401;
with --login the browser asks again with Authorization), /admin (403),
/error (500), /form (POST); other paths are 404 and a PUT creates them
(201). --max-clients N makes the server answer 503 beyond N connections.
Prints one JSON object: \"requests\" (method, path, status... of each, in
the order sent) and \"report\" (as for pageload).

distribute: one server sends a file of F MB (1 MB = 10^6 bytes = 8x10^6
bits) to N peers, client-server (cs: the server uploads every copy) or
peer-to-peer (p2p: a BitTorrent-like swarm, rarest-first, K upload slots
per peer (default 4), tit-for-tat choking every 10 s), at the level of
pieces of P KiB (default 256; 1 KiB = 1024 bytes) and flows sharing the
access links. Capacities are in Mbit/s (1 Mbps = 10^6 bit/s): US the
server's upload, U each peer's upload, D each peer's download. C is the
probability that a peer leaves mid-download (default 0); the server may
fail at T s. --scheduler ideal (p2p, N up to 500, no churn or failure)
replaces BitTorrent's rules by the schedule of Kumar and Ross's proof: the
server sends each peer its share, and each peer relays it to all the others
one piece behind (each stream cut in 50 pieces). Prints one JSON object:
distribution_time_s (simulated; null if some peer never finishes), bound_s
(the Kurose-Ross lower bound), bytes_from_server, bytes_from_peers,
peers_finished, pieces, scheduler, relay_lag_s (ideal: one relay piece's
time), events, result_hash (a fingerprint of every piece delivery, equal
for equal parameters and seed), ..., and \"model\": \"flows\". With --packets (cs only; no --piece-kb, --slots,
--churn, --server-fails-at-s), the file goes to each peer over its own TCP
connection, real packets sharing the server's uplink (100-packet queue)
over 5 ms links; the JSON has distribution_time_s, bound_s, wire_bound_s
(the bound counting 58 bytes of headers per 1460-byte segment),
bytes_delivered, packets, retransmissions, events, trace_hash, ..., and
\"model\": \"packets\".

gossip: a new block spreads from one of N nodes. Push gossip (default):
every node that has it sends it each round to K random nodes (default 1).
With --degree D instead: flooding over a random graph where each node
links to D others; a node forwards the block once, on first receipt. A
round is R ms (default 100). Prints one JSON object: rounds, time_s,
messages, all_informed, informed_per_round, theory_rounds (log2 N + ln N
for K = 1).

lesson: runs the lesson NAME (as in ?lesson=; --list prints them) as the
page does, with its settings set as the page's address sets them (--set
rtt=100 --set https=1; the page's parameters), to the end or to T s, and
prints one JSON object: lesson, seed, settings (every one), report (the
lesson's figures) and messages: every message that crossed its network, in
order, each {t_s, from, to, from_port, to_port, transport, protocol,
summary}, summary being its first line as a capture shows it (SYN, GET
/index.html HTTP/1.1, HTTP/1.1 200 OK, Query A www.example.com); what TLS
carries is named by what is inside, with \"encrypted\": true. The comparison
and gossip lessons run flows and rounds, not packets: no messages. --pcap
FILE also writes those messages to FILE as a pcapng capture that Wireshark
opens: Ethernet, IPv4, TCP and UDP with real checksums and sequence
numbers, and each protocol's bytes (DNS, HTTP, TLS records, SMTP...).
--sandbox prints instead the lesson's network with those settings as a
sandbox file (what the page's \"Open in the sandbox\" opens), which
cslab-cli sandbox runs: each machine with its name, address and place, of
the sandbox's kind (the call's TURN server has none and is left out; the
game's login, presence and matchmaking fold into its game server, and the
game gains the DNS of its server's name), the links with the lesson's
numbers, each client doing what the lesson's does.

sandbox: runs a network saved from the sandbox (a JSON file, version 1)
with seed S (default 1) to T s (default and at most 3600), and prints one
JSON object as lesson does: sandbox (the file), seed, until_s, report (what
each client achieved: outcome, dns_s, address, connected_s, first_byte_s,
complete_s, objects_loaded, and what the task adds) and messages, the
transcript. Every kind of machine the sandbox offers runs, and every
task: browsers, home routers (NAT), routers, the DNS (root, TLD,
authoritative servers and resolvers, their zones derived from the
machines), web servers (behind load balancers, backed by databases),
mail, file, stream and game servers, and peers in a swarm. A file that
does not fit exits with status 2 and the message the page shows, naming what is wrong
and where.

sweep: a run per point, the points run at once on N threads (default:
every core) and printed in their order, the same for any N. queue: at each
offered load R (default the page's: 0.1,0.2,...,0.9) with arrival rate
R x C x M, the other flags as queue's but none required (defaults: 1
server, M = 10, 10000 requests, seed 1). distribute: at each N (default
the page's: 10,50,100,200,500,1000), client-server and peer-to-peer, the
other flow-level flags as distribute's with its defaults (50 MB, 30 Mbit/s
from the server, peers 1 up and 10 down). gossip: at each size (default
the page's: 10,100,1000,10000). Every point runs with seed S, as the
command run alone. Prints one JSON object, {\"sweep\", \"points\": [...]},
or with --format csv a header line and a line per point with the same
figures (an empty cell for null). queue: rho, arrival_rate, seed,
completed, rejected_fraction, mean_response_s, p95_response_s,
mean_sojourn_s, theory_mean_sojourn_s (Erlang C, as queue's),
utilization, events, trace_hash. distribute: n, seed, cs_time_s,
cs_bound_s, p2p_time_s, p2p_bound_s (the Kurose-Ross bounds; a time is
null if some peer never finishes). gossip: nodes, seed, rounds,
theory_rounds, time_s, messages, all_informed, result_hash.";

/// The command line's entry point (`src/bin/cslab-cli.rs`).
pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(Failure::Help) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("cslab-cli: {msg}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Refused(msg)) => {
            eprintln!("cslab-cli: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Run(msg)) => {
            eprintln!("cslab-cli: {msg}");
            ExitCode::from(1)
        }
    }
}

/// Why a command printed no JSON.
#[derive(Debug)]
pub enum Failure {
    Help,
    Usage(String),
    /// A file that does not fit, with the message the page shows, in
    /// English (status 2, without the usage).
    Refused(String),
    Run(String),
}

const COMMANDS: &str = "`queue`, `pageload`, `http`, `load`, `distribute`, `gossip`, `lesson`, \
     `sandbox` or `sweep`";

/// Runs one command line (without the program's name); returns its JSON.
pub fn run(args: &[String]) -> Result<String, Failure> {
    match args.first().map(String::as_str) {
        None => Err(Failure::Usage(format!("missing command (try {COMMANDS})"))),
        Some("-h" | "--help" | "help") => Err(Failure::Help),
        Some("queue") => {
            let p = parse_queue(&args[1..], QUEUE_REQUIRED)?;
            let report = run_queue(&p).map_err(Failure::Usage)?;
            serde_json::to_string(&report).map_err(|e| Failure::Run(e.to_string()))
        }
        Some("pageload") => {
            let p = parse_pageload(&args[1..])?;
            let report = run_pageload(&p).map_err(Failure::Usage)?;
            let mut out = serde_json::to_value(&report).map_err(|e| Failure::Run(e.to_string()))?;
            if report.complete {
                let gap = Gap::measure(&p, &report).map_err(Failure::Run)?;
                out["gap"] = serde_json::to_value(gap).map_err(|e| Failure::Run(e.to_string()))?;
            }
            serde_json::to_string(&out).map_err(|e| Failure::Run(e.to_string()))
        }
        Some("load") => {
            let p = parse_load(&args[1..])?;
            let report = run_load(&p).map_err(Failure::Usage)?;
            serde_json::to_string(&report).map_err(|e| Failure::Run(e.to_string()))
        }
        Some("http") => {
            let (p, load) = parse_http(&args[1..])?;
            let mut sim = PageLoadSim::with_workload(&p, load).map_err(Failure::Usage)?;
            sim.run();
            let out = serde_json::json!({
                "requests": sim.request_log(),
                "report": sim.report(),
            });
            serde_json::to_string(&out).map_err(|e| Failure::Run(e.to_string()))
        }
        Some("distribute") => {
            let (p, packets) = parse_distribute(&args[1..], DISTRIBUTE_REQUIRED)?;
            let (model, report) = if packets {
                let pp = DistributePacketsParams {
                    clients: p.peers,
                    file_bytes: p.file_bytes,
                    server_up_bps: p.server_up_bps,
                    client_down_bps: vec![p.peer_down_bps],
                    seed: p.seed,
                    ..DistributePacketsParams::default()
                };
                let r = run_distribute_packets(&pp).map_err(Failure::Usage)?;
                ("packets", serde_json::to_value(r))
            } else {
                let r = run_distribute(&p).map_err(Failure::Usage)?;
                ("flows", serde_json::to_value(r))
            };
            let mut v = report.map_err(|e| Failure::Run(e.to_string()))?;
            v["model"] = model.into();
            Ok(v.to_string())
        }
        Some("lesson") => lesson(&args[1..]),
        #[cfg(not(target_arch = "wasm32"))]
        Some("sweep") => sweep::sweep(&args[1..]),
        #[cfg(target_arch = "wasm32")]
        Some("sweep") => Err(Failure::Usage(
            "sweep runs on the command line only: the page has no threads".into(),
        )),
        Some("sandbox") => sandbox(&args[1..]),
        Some("gossip") => {
            let p = parse_gossip(&args[1..], &["--nodes"])?;
            let report = run_gossip(&p).map_err(Failure::Usage)?;
            serde_json::to_string(&report).map_err(|e| Failure::Run(e.to_string()))
        }
        Some(other) => Err(Failure::Usage(format!(
            "unknown command `{other}` (try {COMMANDS})"
        ))),
    }
}

/// `lesson NAME [--set KEY=VALUE]... [--seed S] [--until-s T] [--pcap FILE]`:
/// the lesson as the page runs it, with the address's setting names; its
/// figures and the transcript of what crossed its network (and, with
/// `--pcap`, the same messages as a capture file). `lesson --list`: the
/// names.
fn lesson(args: &[String]) -> Result<String, Failure> {
    let codes = Lesson::codes();
    let code = match args.first().map(String::as_str) {
        Some("--list") => return Ok(codes.join("\n")),
        Some("-h" | "--help") => return Err(Failure::Help),
        Some(code) => code,
        None => {
            return Err(Failure::Usage(
                "lesson needs a NAME (see lesson --list)".into(),
            ));
        }
    };
    let lesson = Lesson::from_code(code).ok_or_else(|| {
        Failure::Usage(format!(
            "unknown lesson `{code}` (one of {})",
            codes.join(", ")
        ))
    })?;
    let mut settings = Settings::default();
    let (mut seed, mut until, mut pcap, mut as_sandbox) = (1, SimTime::MAX, None, false);
    each_flag(&args[1..], &["--sandbox"], &[], |name, value| {
        match name {
            "--set" => {
                let (key, choice) = value.split_once('=').ok_or_else(|| {
                    Failure::Usage(format!("--set expects KEY=VALUE, got `{value}`"))
                })?;
                match lesson.set_from_query(&mut settings, key, choice) {
                    Some(Ok(())) => {}
                    Some(Err(expected)) => {
                        return Err(Failure::Usage(format!(
                            "--set {key}= expects one of {expected}, got `{choice}`"
                        )));
                    }
                    None => {
                        let known: Vec<&str> = lesson
                            .settings_query(&settings)
                            .iter()
                            .map(|(name, _)| *name)
                            .collect();
                        return Err(Failure::Usage(format!(
                            "`{key}` is not a setting of {code} (its settings: {})",
                            known.join(", ")
                        )));
                    }
                }
            }
            "--seed" => seed = int(name, &value, 0, u64::MAX)?,
            "--until-s" => until = SimTime::from_secs_f64_round(bounded(name, &value, 0.0, 1e5)?),
            "--pcap" => pcap = Some(value),
            "--sandbox" => as_sandbox = true,
            _ => return Err(Failure::Usage(format!("unknown flag `{name}`"))),
        }
        Ok(())
    })?;
    if as_sandbox {
        return from_lesson(lesson, &settings, Lang::En)
            .map(|network| network.to_json().trim_end().to_owned())
            .ok_or_else(|| {
                Failure::Run(format!(
                    "{code} is told in flows or rounds, not on a network: \
                     there is nothing to open in the sandbox"
                ))
            });
    }
    let (run, messages) = match lesson.build_traced(&settings, seed, Some(TraceMode::Full)) {
        Some((topology, mut run)) => {
            while let Some(t) = run.world().next_event_time().filter(|&t| t <= until) {
                run.run_until(t);
            }
            let messages = transcript(&topology, run.world(), until);
            if let Some(file) = &pcap {
                std::fs::write(file, cslab_pcap::capture(run.world(), until))
                    .map_err(|e| Failure::Run(format!("cannot write {file}: {e}")))?;
            }
            (Some(network(run)), messages)
        }
        // Flows or rounds, not packets: figures, and no messages.
        None => {
            let run = (lesson.spec().off_stage_run).map(|run| {
                let mut run = run(&settings, seed);
                while run.run_until(until) < until && run.end().is_none() {}
                run
            });
            (run, Vec::new())
        }
    };
    let questions = asked(lesson, &settings, run.as_deref(), until);
    let network = run.as_deref().and_then(Clocked::network);
    let report = lesson_report(lesson, &settings, seed, network).map_err(Failure::Run)?;
    let settings: serde_json::Map<String, serde_json::Value> = lesson
        .settings_query(&settings)
        .into_iter()
        .map(|(name, value)| (name.to_string(), value.into()))
        .collect();
    let out = serde_json::json!({
        "lesson": code,
        "seed": seed,
        "settings": settings,
        "report": report,
        "messages": messages,
        "questions": questions,
    });
    Ok(out.to_string())
}

/// `sandbox FILE.json [--seed S] [--until-s T]`: a network saved from the
/// sandbox, run as `lesson` runs a lesson: what each client achieved, and
/// the transcript of every message that crossed the network. A file that
/// does not fit is refused with the page's message, in English.
fn sandbox(args: &[String]) -> Result<String, Failure> {
    let file = match args.first().map(String::as_str) {
        Some("-h" | "--help") => return Err(Failure::Help),
        Some(file) if !file.starts_with("--") => file,
        _ => {
            return Err(Failure::Usage(
                "sandbox needs a FILE.json, a network saved from the sandbox".into(),
            ));
        }
    };
    let (mut seed, mut until) = (1, MAX_RUN);
    each_flag(&args[1..], &[], &[], |name, value| {
        match name {
            "--seed" => seed = int(name, &value, 0, u64::MAX)?,
            "--until-s" => until = SimTime::from_secs_f64_round(bounded(name, &value, 0.0, 1e5)?),
            _ => return Err(Failure::Usage(format!("unknown flag `{name}`"))),
        }
        Ok(())
    })?;
    let bytes =
        std::fs::read(file).map_err(|e| Failure::Usage(format!("cannot read {file}: {e}")))?;
    let network =
        Network::from_bytes(&bytes).map_err(|refusal| Failure::Refused(refusal.english()))?;
    let (topology, mut run) = played(&network, seed, Some(TraceMode::Full));
    let run = &mut run.run;
    run.run_until(until);
    let until = until.min(MAX_RUN);
    let out = serde_json::json!({
        "sandbox": file,
        "seed": seed,
        "until_s": until.as_secs_f64(),
        "report": run.report(),
        "messages": transcript(&topology, &run.world, until),
    });
    Ok(out.to_string())
}

/// The questions the lesson asks of this run up to `until`, in English:
/// those asked where its story's steps begin, then those its run asks.
fn asked(
    lesson: Lesson,
    settings: &Settings,
    run: Option<&dyn Clocked>,
    until: SimTime,
) -> Vec<serde_json::Value> {
    let Some(run) = run else {
        return Vec::new();
    };
    let world = run.network().map(LessonRun::world);
    let told = lesson.plot(settings).zip(world);
    let steps = told.map_or_else(Vec::new, |(plot, world)| story(world, until, plot));
    let on_steps = (lesson.questions().iter()).filter_map(|question| {
        let asked_t = questions::asked_at(question, &steps)?;
        let shown = world.and_then(|world| questions::observe(question, world, &steps));
        Some(question_json(settings, question, asked_t, shown))
    });
    let by_run = (run.questions().iter()).filter_map(|question| {
        let asked_t = (question.ask)(run).filter(|&t| t <= until)?;
        let shown = (question.reveal)(run)
            .filter(|&at| at <= until)
            .and_then(|at| Some((at, (question.observe)(run, at)?)));
        Some(question_json(settings, question, asked_t, shown))
    });
    on_steps.chain(by_run).collect()
}

/// A question in English: its choices, where it is asked, and what the
/// run shows where the answer shows (as the page compares it with the
/// learner's).
fn question_json(
    settings: &Settings,
    question: &dyn Prediction,
    asked_t: SimTime,
    shown: Option<(SimTime, questions::Observed)>,
) -> serde_json::Value {
    let tr = Tr(Lang::En);
    let choices: Vec<String> = (question.choices(settings).into_iter())
        .map(|choice| questions::choice_text(tr, choice))
        .collect();
    let mut out = serde_json::json!({
        "key": question.key(),
        "question": questions::sentence(tr, question.key(), &question.args(settings)),
        "asked_s": asked_t.as_secs_f64(),
        "choices": choices,
    });
    if let Some((at, observed)) = shown {
        out["revealed_s"] = at.as_secs_f64().into();
        out["answer"] = questions::choice_text(tr, observed.answer).into();
        out["explanation"] = questions::sentence(tr, observed.explain_key, &observed.args).into();
    }
    out
}

/// The chat's run, and the three ways side by side as the settings card's
/// table shows them.
fn chat_report(chat: &ChatSim, settings: &Settings) -> serde_json::Value {
    let compared: Vec<serde_json::Value> = (settings.chat.compared().iter())
        .map(|way| {
            serde_json::json!({
                "mode": way.mode,
                "messages": way.messages,
                "bytes": way.bytes,
                "delivered": way.delivered(),
                "mean_delay_us": way.mean_delay_us(),
                "max_delay_us": way.max_delay_us(),
            })
        })
        .collect();
    serde_json::json!({ "run": chat.report(), "compared": compared })
}

/// The database lesson's run, and the settings card's chart: the crowd's
/// waits and refusals for each pool size.
fn db_report(db: &DbSim, settings: &Settings, seed: u64) -> serde_json::Value {
    let chosen = settings.database;
    let users = crate::lesson::database::chart_users(&chosen);
    let by_pool: Vec<serde_json::Value> = (by_pool(chosen.db, users, seed).iter())
        .map(|run| {
            serde_json::json!({
                "pool": run.pool,
                "mean_wait_us": run.mean_wait_us,
                "max_wait_us": run.max_wait_us,
                "errors": run.errors,
                "connections_opened": run.connections_opened,
            })
        })
        .collect();
    serde_json::json!({ "run": db.report(), "by_pool": { "users": users, "runs": by_pool } })
}
/// The stream's run, and the three streams' delays as the settings card's
/// table shows them.
fn stream_report(stream: &StreamSim, settings: &Settings) -> serde_json::Value {
    let compared = compare_streams(&settings.stream.params(1));
    serde_json::json!({ "run": stream.report(), "compared": compared })
}

/// A lesson's figures: its run's report (a page load's or a load run's),
/// or, for a lesson told in flows or rounds, the runs its view shows. Kept
/// out of the lesson's spec so the page does not carry JSON for them.
fn lesson_report(
    lesson: Lesson,
    settings: &Settings,
    seed: u64,
    run: Option<&dyn LessonRun>,
) -> Result<serde_json::Value, String> {
    let json =
        |value: Result<serde_json::Value, serde_json::Error>| value.map_err(|err| err.to_string());
    match (lesson.view(), run) {
        (LessonView::Stage { .. }, Some(run)) => {
            // The doors', the e-mail's, the login's, the API's, the chat's and the game's reports are read
            // here only: the page does not carry them.
            // The doors', the e-mail's, the login's, the API's, the chat's and
            // the streams' reports are read here only: the page does not
            // carry them.
            let any = run.as_any();
            let report = if let Some(page) = run.page_load() {
                serde_json::to_value(page)
            } else if let Some(load) = run.load() {
                serde_json::to_value(load.report())
            } else if let Some(servers) = any.downcast_ref::<ServersSim>() {
                serde_json::to_value(servers.report())
            } else if let Some(email) = any.downcast_ref::<EmailSim>() {
                serde_json::to_value(email.report())
            } else if let Some(privacy) = any.downcast_ref::<PrivacyRun>() {
                serde_json::to_value(privacy.report())
            } else if let Some(login) = any.downcast_ref::<LoginSim>() {
                serde_json::to_value(login.report())
            } else if let Some(api) = any.downcast_ref::<ApiSim>() {
                // The style's dialogue, and the three styles' cost for the
                // question they all ask (a run of each).
                let compared: Vec<_> = compare_styles()
                    .into_iter()
                    .map(|(style, cost)| serde_json::json!({ "style": style, "question": cost }))
                    .collect();
                serde_json::to_value(api.report()).map(|mut report| {
                    report["compared"] = serde_json::Value::Array(compared);
                    report
                })
            } else if let Some(chat) = any.downcast_ref::<ChatSim>() {
                Ok(chat_report(chat, settings))
            } else if let Some(db) = any.downcast_ref::<DbSim>() {
                Ok(db_report(db, settings, seed))
            } else if let Some(game) = any.downcast_ref::<GameSim>() {
                serde_json::to_value(game.report())
            } else if let Some(files) = any.downcast_ref::<FilesSim>() {
                // This way's figures, and the three side by side.
                let run = cslab_files::compare::report(files);
                let compared = settings.files.compared();
                Ok(serde_json::json!({ "run": run, "compared": compared }))
            } else if let Some(stream) = any.downcast_ref::<StreamSim>() {
                Ok(stream_report(stream, settings))
            } else {
                Ok(serde_json::Value::Null)
            };
            json(report)
        }
        (LessonView::Compare, _) => {
            let run = |mode| {
                json(serde_json::to_value(run_distribute(&distribute_params(
                    &settings.compare,
                    mode,
                ))?))
            };
            Ok(serde_json::json!({
                "client_server": run(Mode::Cs)?,
                "peer_to_peer": run(Mode::P2p)?,
            }))
        }
        (LessonView::Gossip, _) => json(serde_json::to_value(run_gossip(&gossip_params(
            &settings.gossip,
            seed,
        ))?)),
        (LessonView::Stage { .. }, None) => Err(format!("{} built no run", lesson.code())),
    }
}

/// The flags `queue` must be given (a sweep gives none: every one has a
/// default).
const QUEUE_REQUIRED: &[&str] = &[
    "--servers",
    "--arrival-rate",
    "--service-rate",
    "--requests",
];

fn parse_queue(args: &[String], required: &[&str]) -> Result<QueueParams, Failure> {
    let mut p = QueueParams {
        trace: TraceMode::Last(0),
        ..QueueParams::default()
    };
    each_flag(args, &[], required, |name, value| {
        match name {
            "--servers" => p.servers = int(name, &value, 1, 1_000_000)? as u32,
            "--arrival-rate" => p.arrival_rate = positive(name, &value)?,
            "--service-rate" => p.service_rate = positive(name, &value)?,
            "--requests" => p.requests = int(name, &value, 0, u64::MAX)?,
            "--queue-capacity" => {
                p.queue_capacity = Some(int(name, &value, 0, u32::MAX as u64 - 1)? as u32)
            }
            "--seed" => p.seed = int(name, &value, 0, u64::MAX)?,
            "--rtt-ms" => {
                let r = number(name, &value)?;
                if !(0.0..=1e9).contains(&r) {
                    return Err(Failure::Usage(format!(
                        "{name} must be between 0 and 1e9, got {value}"
                    )));
                }
                p.rtt_ms = r;
            }
            "--clients" => p.clients = int(name, &value, 1, 4096)? as u32,
            _ => return Err(Failure::Usage(format!("unknown flag `{name}`"))),
        }
        Ok(())
    })?;
    Ok(p)
}

fn parse_pageload(args: &[String]) -> Result<PageLoadParams, Failure> {
    let mut p = PageLoadParams {
        trace: TraceMode::Last(0),
        ..PageLoadParams::default()
    };
    each_flag(
        args,
        &["--tls"],
        &["--objects", "--rtt-ms", "--mode"],
        |name, value| {
            match name {
                "--tls" => p.tls = true,
                "--objects" => p.objects = int(name, &value, 0, 1000)? as u32,
                "--rtt-ms" => p.rtt_ms = bounded(name, &value, 0.0, 10_000.0)?,
                "--mode" => p.mode = http_mode(&value)?,
                "--parallel" => p.parallel = int(name, &value, 1, 100)? as u32,
                "--object-kb" => p.object_kb = bounded(name, &value, 0.001, 100_000.0)?,
                "--bandwidth-mbps" => p.bandwidth_mbps = bounded(name, &value, 0.001, 100_000.0)?,
                "--dns" => {
                    p.dns = match value.as_str() {
                        "cached" => DnsMode::Cached,
                        "iterative" => DnsMode::Iterative,
                        "recursive" => DnsMode::Recursive,
                        _ => {
                            return Err(Failure::Usage(format!(
                                "--dns expects cached, iterative or recursive, got `{value}`"
                            )));
                        }
                    }
                }
                "--loss" => p.loss = bounded(name, &value, 0.0, 0.5)?,
                "--init-cwnd" => {
                    p.init_cwnd = InitialWindow::Segments(int(name, &value, 1, 1000)? as u32)
                }
                "--seed" => p.seed = int(name, &value, 0, u64::MAX)?,
                _ => return Err(Failure::Usage(format!("unknown flag `{name}`"))),
            }
            Ok(())
        },
    )?;
    Ok(p)
}

fn parse_load(args: &[String]) -> Result<LoadParams, Failure> {
    let mut p = LoadParams {
        trace: TraceMode::Last(0),
        health: None,
        ..LoadParams::default()
    };
    let mut users = 0u32;
    each_flag(
        args,
        &["--closed-port"],
        &["--preset", "--concurrency", "--service-ms"],
        |name, value| {
            match name {
                "--preset" => {
                    p.preset = Preset::from_name(&value).ok_or_else(|| {
                        let names: Vec<&str> = Preset::ALL.iter().map(|p| p.name()).collect();
                        Failure::Usage(format!(
                            "--preset expects one of {}, got `{value}`",
                            names.join(", ")
                        ))
                    })?
                }
                "--concurrency" => users = int(name, &value, 1, 1_000_000)? as u32,
                "--service-ms" => {
                    p.service = Dist::Exponential {
                        mean_secs: bounded(name, &value, 0.001, 1e7)? / 1e3,
                    }
                }
                "--duration-s" => p.duration_s = bounded(name, &value, 0.001, 1e5)?,
                "--replicas" => p.replicas = int(name, &value, 1, 64)? as u32,
                "--balancer" => {
                    p.balancing = match value.as_str() {
                        "rr" => Balancing::Balancer {
                            policy: Policy::RoundRobin,
                        },
                        "lc" => Balancing::Balancer {
                            policy: Policy::LeastConnections,
                        },
                        "p2c" => Balancing::Balancer {
                            policy: Policy::PowerOfTwo,
                        },
                        "nginx" => Balancing::Nginx {
                            policy: Policy::RoundRobin,
                        },
                        "dns" => Balancing::Dns { ttl_s: 60.0 },
                        _ => {
                            return Err(Failure::Usage(format!(
                                "--balancer expects rr, lc, p2c, nginx or dns, got `{value}`"
                            )));
                        }
                    }
                }
                "--handler" => {
                    p.handler = match value.as_str() {
                        "cpu" => Handler::Cpu,
                        "io" => Handler::Io,
                        _ => {
                            return Err(Failure::Usage(format!(
                                "--handler expects cpu or io, got `{value}`"
                            )));
                        }
                    }
                }
                "--overflow" => {
                    p.overflow = Some(Overflow::from_name(&value).ok_or_else(|| {
                        let names: Vec<&str> = Overflow::ALL.iter().map(|o| o.name()).collect();
                        Failure::Usage(format!(
                            "--overflow expects one of {}, got `{value}`",
                            names.join(", ")
                        ))
                    })?)
                }
                "--closed-port" => p.closed_port = true,
                "--switch-off" => {
                    let bad = || {
                        Failure::Usage(format!(
                            "{name} expects R@T (replica R from 1, at T s), got `{value}`"
                        ))
                    };
                    let (r, t) = value.split_once('@').ok_or_else(bad)?;
                    let r = int(name, r, 1, 64).map_err(|_| bad())? as u32;
                    p.switch_off = Some((r - 1, bounded(name, t, 0.0, 1e5).map_err(|_| bad())?));
                    // A dead server is found by the balancer's health checks.
                    p.health = Some(HealthCheck::default());
                }
                "--seed" => p.seed = int(name, &value, 0, u64::MAX)?,
                _ => return Err(Failure::Usage(format!("unknown flag `{name}`"))),
            }
            Ok(())
        },
    )?;
    p.arrivals = Arrivals::Closed {
        users,
        think: Dist::Deterministic { secs: 0.0 },
    };
    Ok(p)
}

fn parse_http(args: &[String]) -> Result<(PageLoadParams, Workload), Failure> {
    let mut p = PageLoadParams {
        trace: TraceMode::Last(0),
        dns: DnsMode::Cached,
        objects: 0,
        ..PageLoadParams::default()
    };
    let mut script = Vec::new();
    let mut login = false;
    let mut max_clients = None;
    each_flag(
        args,
        &["--tls", "--login"],
        &["--request"],
        |name, value| {
            match name {
                "--tls" => p.tls = true,
                "--login" => login = true,
                "--request" => script.push(script_step(&value)?),
                "--rtt-ms" => p.rtt_ms = bounded(name, &value, 0.0, 10_000.0)?,
                "--mode" => p.mode = http_mode(&value)?,
                "--parallel" => p.parallel = int(name, &value, 1, 100)? as u32,
                "--max-clients" => max_clients = Some(int(name, &value, 1, 1_000_000)? as u32),
                "--loss" => p.loss = bounded(name, &value, 0.0, 0.5)?,
                "--seed" => p.seed = int(name, &value, 0, u64::MAX)?,
                _ => return Err(Failure::Usage(format!("unknown flag `{name}`"))),
            }
            Ok(())
        },
    )?;
    let mut load = Workload::script(script, login);
    load.server_max_clients = max_clients;
    Ok((p, load))
}

/// The flags `distribute` must be given.
const DISTRIBUTE_REQUIRED: &[&str] = &[
    "--mode",
    "--peers",
    "--file-mb",
    "--server-up-mbps",
    "--peer-up-mbps",
    "--peer-down-mbps",
];

/// The parameters, and whether `--packets` asked for the packet-level model.
fn parse_distribute(
    args: &[String],
    required: &[&str],
) -> Result<(DistributeParams, bool), Failure> {
    let mut p = DistributeParams::default();
    let mut packets = false;
    // Flags of the flow-level model that the packet level has no use for.
    let mut flow_only = None;
    // Mbit/s → bit/s, MB → bytes: whole numbers for the simulator.
    let mbps =
        |name: &str, v: &str, lo: f64| bounded(name, v, lo, 1e6).map(|x| (x * 1e6).round() as u64);
    each_flag(args, &["--packets"], required, |name, value| {
        if matches!(
            name,
            "--piece-kb" | "--slots" | "--churn" | "--server-fails-at-s" | "--scheduler"
        ) {
            flow_only = Some(name);
        }
        match name {
            "--packets" => packets = true,
            "--mode" => {
                p.mode = match value.as_str() {
                    "cs" => Mode::Cs,
                    "p2p" => Mode::P2p,
                    _ => {
                        return Err(Failure::Usage(format!(
                            "--mode expects cs or p2p, got `{value}`"
                        )));
                    }
                }
            }
            "--scheduler" => {
                p.scheduler = match value.as_str() {
                    "bittorrent" => Scheduler::Bittorrent,
                    "ideal" => Scheduler::Ideal,
                    _ => {
                        return Err(Failure::Usage(format!(
                            "--scheduler expects bittorrent or ideal, got `{value}`"
                        )));
                    }
                }
            }
            "--peers" => p.peers = int(name, &value, 1, 100_000)? as u32,
            "--file-mb" => {
                p.file_bytes = (bounded(name, &value, 0.000_001, 1e6)? * 1e6).round() as u64
            }
            "--server-up-mbps" => p.server_up_bps = mbps(name, &value, 0.001)?,
            "--peer-up-mbps" => p.peer_up_bps = mbps(name, &value, 0.0)?,
            "--peer-down-mbps" => p.peer_down_bps = mbps(name, &value, 0.001)?,
            "--piece-kb" => p.piece_bytes = int(name, &value, 1, 1 << 20)? as u32 * 1024,
            "--slots" => p.upload_slots = int(name, &value, 1, 64)? as u32,
            "--churn" => p.churn = bounded(name, &value, 0.0, 1.0)?,
            "--server-fails-at-s" => p.server_fails_at_s = Some(bounded(name, &value, 0.0, 1e7)?),
            "--seed" => p.seed = int(name, &value, 0, u64::MAX)?,
            _ => return Err(Failure::Usage(format!("unknown flag `{name}`"))),
        }
        Ok(())
    })?;
    if packets && p.mode == Mode::P2p {
        return Err(Failure::Usage(
            "--packets runs client-server only: use it with --mode cs".into(),
        ));
    }
    if let (true, Some(flag)) = (packets, flow_only) {
        return Err(Failure::Usage(format!(
            "{flag} is for the flow-level model: drop it or --packets"
        )));
    }
    Ok((p, packets))
}

fn parse_gossip(args: &[String], required: &[&str]) -> Result<GossipParams, Failure> {
    let mut p = GossipParams::default();
    let mut spread = Vec::new();
    each_flag(args, &[], required, |name, value| {
        match name {
            "--nodes" => p.nodes = int(name, &value, 2, 1_000_000)? as u32,
            "--fanout" => spread.push(Spread::Push {
                fanout: int(name, &value, 1, 100)? as u32,
            }),
            "--degree" => spread.push(Spread::Flood {
                degree: int(name, &value, 1, 100)? as u32,
            }),
            "--round-ms" => p.round_ms = bounded(name, &value, 0.0, 1e6)?,
            "--seed" => p.seed = int(name, &value, 0, u64::MAX)?,
            _ => return Err(Failure::Usage(format!("unknown flag `{name}`"))),
        }
        Ok(())
    })?;
    match spread.as_slice() {
        [] => {}
        [one] => p.spread = *one,
        _ => {
            return Err(Failure::Usage(
                "give one of --fanout (push) or --degree (flooding)".into(),
            ));
        }
    }
    Ok(p)
}

/// Walks `args`: `--help`, the bare `switches`, and `--flag value` or
/// `--flag=value`, handing each flag's name and value (empty for a switch)
/// to `apply`; then checks that every `required` flag was given.
fn each_flag<'a>(
    args: &'a [String],
    switches: &[&str],
    required: &[&str],
    mut apply: impl FnMut(&'a str, String) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut given = Vec::new();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let flag = flag.as_str();
        if flag == "-h" || flag == "--help" {
            return Err(Failure::Help);
        }
        let (name, value) = match flag.split_once('=') {
            _ if switches.contains(&flag) => (flag, String::new()),
            Some((name, value)) => (name, value.to_owned()),
            None => {
                let value = rest.next().cloned();
                (
                    flag,
                    value.ok_or_else(|| Failure::Usage(format!("{flag} needs a value")))?,
                )
            }
        };
        apply(name, value)?;
        given.push(name);
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|flag| !given.contains(flag))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Failure::Usage(format!("missing {}", missing.join(", "))))
    }
}

/// `--mode`'s value.
fn http_mode(value: &str) -> Result<HttpMode, Failure> {
    match value {
        "nonpersistent" | "non-persistent" => Ok(HttpMode::NonPersistent),
        "persistent" => Ok(HttpMode::Persistent),
        "pipelined" => Ok(HttpMode::Pipelined),
        _ => Err(Failure::Usage(format!(
            "--mode expects nonpersistent, persistent or pipelined, got `{value}`"
        ))),
    }
}

/// `"PUT /notes/1 5000"` → a script step.
fn script_step(v: &str) -> Result<ScriptStep, Failure> {
    let bad = || {
        Failure::Usage(format!(
            "--request expects \"METHOD PATH [BODY_BYTES]\" with METHOD one of GET, POST, PUT, DELETE and PATH starting with /, got `{v}`"
        ))
    };
    let parts: Vec<&str> = v.split_whitespace().collect();
    let (m, path, body) = match parts.as_slice() {
        [m, path] => (*m, *path, 0),
        [m, path, b] => (*m, *path, b.parse::<u32>().map_err(|_| bad())?),
        _ => return Err(bad()),
    };
    let method = match m.to_ascii_uppercase().as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "DELETE" => Method::Delete,
        _ => return Err(bad()),
    };
    if !path.starts_with('/') || body > 100_000_000 {
        return Err(bad());
    }
    Ok(ScriptStep::new(method, path, body))
}

fn bounded(name: &str, v: &str, lo: f64, hi: f64) -> Result<f64, Failure> {
    let x = number(name, v)?;
    if (lo..=hi).contains(&x) {
        Ok(x)
    } else {
        Err(Failure::Usage(format!(
            "{name} must be between {lo} and {hi}, got {v}"
        )))
    }
}

fn number(name: &str, v: &str) -> Result<f64, Failure> {
    v.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| Failure::Usage(format!("{name} expects a number, got `{v}`")))
}

fn positive(name: &str, v: &str) -> Result<f64, Failure> {
    let x = number(name, v)?;
    if x > 0.0 {
        Ok(x)
    } else {
        Err(Failure::Usage(format!(
            "{name} must be greater than 0, got {v}"
        )))
    }
}

fn int(name: &str, v: &str, min: u64, max: u64) -> Result<u64, Failure> {
    match v.parse::<u64>() {
        Ok(x) if (min..=max).contains(&x) => Ok(x),
        _ => Err(Failure::Usage(format!(
            "{name} expects a whole number from {min} to {max}, got `{v}`"
        ))),
    }
}
