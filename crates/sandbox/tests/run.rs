//! The runner: a document becomes a world that runs the web's path end to
//! end, checked against the textbook's count, and what a real network does
//! when something is missing (no resolver, no root, a name no zone serves,
//! a server with no route to it).

mod common;

use cslab_sandbox::run::{SandboxRun, dns_zones};
use cslab_sandbox::{Kind, Network, TaskKind};
use cslab_sim::proto::dns::ZoneData;
use cslab_sim::time::SimTime;
use cslab_sim::trace::{DropReason, TraceEvent};

const EXAMPLE: &str = include_str!("../../../examples/sandbox/web-page.json");

fn example() -> Network {
    Network::from_json(EXAMPLE).unwrap()
}

fn machine_named<'a>(net: &'a Network, name: &str) -> &'a cslab_sandbox::Machine {
    net.machines.iter().find(|m| m.name == name).unwrap()
}

/// Runs `net` to the end; the one client's report.
fn run(net: &Network, seed: u64) -> (SandboxRun, cslab_sandbox::run::clients::ClientReport) {
    let mut run = SandboxRun::new(net, seed);
    run.run_until(SimTime::MAX);
    let report = run.report().remove(0);
    (run, report)
}

fn ms(x: f64) -> f64 {
    x / 1000.0
}

#[test]
fn the_example_loads_its_page_in_the_textbooks_time() {
    let (_, r) = run(&example(), 1);
    assert_eq!(r.outcome, "complete");
    assert_eq!(r.address.as_deref(), Some("203.0.113.80"));
    assert_eq!(r.objects_loaded, 11, "the page and its ten files");
    // One-way delays along the example's links: browser → home router 1
    // ms, → router 5 ms, then 1 ms to the resolver, 10 ms to each DNS
    // server and 15 ms to the web server.
    let to_resolver = 1.0 + 5.0 + 1.0;
    let resolver_to_server = 1.0 + 10.0;
    let to_web = 1.0 + 5.0 + 15.0;
    // The DNS walk: the browser asks the resolver, which asks the root,
    // the TLD and the authoritative server in turn.
    let dns = 2.0 * to_resolver + 3.0 * 2.0 * resolver_to_server;
    let rtt = 2.0 * to_web;
    let dns_s = r.dns_s.unwrap();
    // DNS messages are small: their sending times add well under 1 ms.
    assert!(dns_s >= ms(dns) && dns_s < ms(dns + 1.0), "{dns_s}");
    let connected = r.connected_s.unwrap() - dns_s;
    assert!(
        connected >= ms(rtt) && connected < ms(rtt + 0.5),
        "{connected}"
    );
    // Persistent HTTP over one connection: the handshake, then a round
    // trip for the page and one for each of its 10 files (each fits in
    // TCP's first window of 10 segments), plus the time the slowest link
    // (20 Mbit/s) takes to send the 102 kB of bodies.
    let bodies_bits = (2_000.0 + 10.0 * 10_000.0) * 8.0;
    let textbook = dns + 12.0 * rtt + bodies_bits / 20e6 * 1000.0;
    let complete = r.complete_s.unwrap();
    // Headers (TCP/IP, Ethernet, HTTP) add about 4 % to the bytes sent.
    assert!(
        complete >= ms(textbook) && complete < ms(textbook) * 1.02,
        "{complete} against {textbook} ms"
    );
}

#[test]
fn the_same_document_runs_the_same_and_a_seed_changes_a_lossy_run() {
    let hash = |net: &Network, seed| run(net, seed).0.world.trace().hash_hex();
    let net = example();
    assert_eq!(hash(&net, 1), hash(&net, 1));
    // The seed draws DNS ids, ports and TCP's first sequence numbers, but
    // with no loss the page takes the same time.
    assert_ne!(hash(&net, 1), hash(&net, 2));
    assert_eq!(run(&net, 1).1, run(&net, 2).1);
    let mut lossy = net.clone();
    lossy.links[1].numbers.loss_percent = 5;
    assert_eq!(hash(&lossy, 1), hash(&lossy, 1));
    // Each seed loses other packets: the page takes another time.
    let times = |seed| run(&lossy, seed).1.complete_s.unwrap();
    assert_ne!(times(1), times(2));
    // TCP recovers what the line lost.
    let (run, r) = run(&lossy, 1);
    assert_eq!(r.outcome, "complete");
    assert!(run.world.net_stats().dropped > 0);
}

#[test]
fn the_zones_follow_from_the_machines() {
    let net = example();
    let records = |name: &str| dns_zones::records(&net, machine_named(&net, name));
    let text = |records: Vec<cslab_sim::proto::dns::ZoneRecord>| -> Vec<String> {
        (records.iter())
            .map(|r| format!("{} {:?}", r.name, r.data))
            .collect()
    };
    assert_eq!(
        text(records("Root DNS server 1")),
        [
            "com Ns(\"a.gtld-servers.net\")",
            "a.gtld-servers.net A(Addr(3221226014))"
        ]
    );
    let tld = records("TLD DNS server 1");
    assert!(matches!(&tld[0].data, ZoneData::Ns(ns) if ns == "ns1.example.com"));
    assert_eq!(tld[0].name, "example.com");
    let auth = text(records("Authoritative DNS server 1"));
    assert!(
        auth.contains(&"www.example.com A(Addr(3405803856))".to_string()),
        "{auth:?}"
    );
}

/// Whether some packet was dropped for `reason`.
fn dropped(run: &SandboxRun, reason: DropReason) -> bool {
    (run.world.trace().records())
        .any(|r| matches!(r.ev, TraceEvent::Dropped { reason: why, .. } if why == reason))
}

#[test]
fn a_browser_with_no_resolver_asks_its_own_machine_and_gives_up() {
    let mut net = example();
    let resolver = machine_named(&net, "DNS resolver 1").id;
    net.apply(&cslab_sandbox::Edit::RemoveMachine(resolver))
        .unwrap();
    let (run, r) = run(&net, 1);
    assert_eq!(r.outcome, "failed");
    assert_eq!(r.address, None);
    // glibc's stub: 5 s, then once more.
    assert_eq!(r.dns_s, Some(10.0));
    assert!(dropped(&run, DropReason::NoListener));
}

#[test]
fn a_name_no_zone_serves_does_not_exist() {
    let mut net = example();
    let browser = &mut net.machines[0];
    browser
        .task
        .as_mut()
        .unwrap()
        .params
        .insert("host", "www.example.org".into());
    let (_, r) = run(&net, 1);
    assert_eq!(r.outcome, "failed");
    // The root has no `org`: NXDOMAIN after the resolver's first question.
    let walk = 2.0 * (1.0 + 5.0 + 1.0) + 2.0 * (1.0 + 10.0);
    let dns_s = r.dns_s.unwrap();
    assert!(dns_s >= ms(walk) && dns_s < ms(walk + 1.0), "{dns_s}");
    // A name in a zone that has no such host: the authoritative says so.
    net.machines[0]
        .task
        .as_mut()
        .unwrap()
        .params
        .insert("host", "shop.example.com".into());
    let (_, r) = run(&net, 1);
    assert_eq!(r.outcome, "failed");
    assert!(r.dns_s.unwrap() > ms(80.0));
}

#[test]
fn a_resolver_with_no_root_server_fails_the_lookup() {
    let mut net = example();
    let root = machine_named(&net, "Root DNS server 1").id;
    net.apply(&cslab_sandbox::Edit::RemoveMachine(root))
        .unwrap();
    let (run, r) = run(&net, 1);
    assert_eq!(r.outcome, "failed");
    // Three tries of 800 ms to the built-in root hint, then SERVFAIL.
    let dns_s = r.dns_s.unwrap();
    assert!((2.4..2.5).contains(&dns_s), "{dns_s}");
    assert!(dropped(&run, DropReason::NoRoute));
}

/// With no name servers at all, the resolver is a LAN's (dnsmasq): it
/// answers the network's names itself, in one round trip.
#[test]
fn a_resolver_with_no_name_servers_answers_the_networks_names() {
    let mut net = example();
    for name in [
        "Root DNS server 1",
        "TLD DNS server 1",
        "Authoritative DNS server 1",
    ] {
        let id = machine_named(&net, name).id;
        net.apply(&cslab_sandbox::Edit::RemoveMachine(id)).unwrap();
    }
    let (_, r) = run(&net, 1);
    assert_eq!(r.outcome, "complete");
    assert_eq!(r.address.as_deref(), Some("203.0.113.80"));
    // One round trip: browser → home router 1 ms, → router 5 ms, →
    // resolver 1 ms, and back (no walk from the root).
    let dns_s = r.dns_s.unwrap();
    assert!((ms(14.0)..ms(14.5)).contains(&dns_s), "{dns_s}");
}

#[test]
fn a_server_with_no_route_to_it_times_out() {
    let mut net = example();
    let web = machine_named(&net, "Web server 1").id;
    let link = net.links.iter().find(|l| l.touches(web)).unwrap().id;
    net.apply(&cslab_sandbox::Edit::Disconnect(link)).unwrap();
    let (run, r) = run(&net, 1);
    assert_eq!(r.address.as_deref(), Some("203.0.113.80"));
    assert_eq!(r.connected_s, None);
    assert_eq!(r.outcome, "failed");
    assert!(dropped(&run, DropReason::NoRoute));
}

/// Every kind of machine and every task in one network runs, and each
/// client says what it achieved.
#[test]
fn every_kind_and_task_runs_together() {
    let net = common::every_kind_and_task();
    let mut run = SandboxRun::new(&net, 1);
    run.run_until(SimTime::from_secs(60));
    let tasks: Vec<&str> = run.report().iter().map(|r| r.task).collect();
    for task in TaskKind::ALL {
        assert!(tasks.contains(&task.code()), "{task:?} in {tasks:?}");
    }
    let kinds: std::collections::BTreeSet<Kind> = net.machines.iter().map(|m| m.kind).collect();
    assert_eq!(kinds.len(), Kind::ALL.len());
}

const MAIL: &str = include_str!("../../../examples/sandbox/mail.json");

#[test]
fn a_message_goes_to_its_server_then_to_the_recipients_mx() {
    let net = Network::from_json(MAIL).unwrap();
    let auth = |name| dns_zones::records(&net, machine_named(&net, name));
    let mx: Vec<String> = (auth("Authoritative DNS server 2").iter())
        .filter_map(|r| match &r.data {
            ZoneData::Mx(pref, host) => Some(format!("{} MX {pref} {host}", r.name)),
            _ => None,
        })
        .collect();
    assert_eq!(mx, ["example.net MX 10 mail.example.net"]);
    let (run, r) = run(&net, 1);
    assert_eq!(r.outcome, "queued");
    // The relay's SMTP session ended with the recipient's server taking
    // the message: its connection to port 25 was opened and closed.
    let mail2 = machine_named(&net, "Mail server 2").address;
    let to_mx = (run.world.trace().headers())
        .filter(|h| h.dst == mail2 && h.dst_port == 25)
        .count();
    assert!(to_mx > 10, "{to_mx}");
}

const BALANCER: &str = include_str!("../../../examples/sandbox/load-balancer.json");

/// What `from` told `to` (each message's first segment, on the last
/// hop): an HTTP request as its path, an answer as its status code, a line
/// of a text protocol (SMTP, IMAP...) as it is.
fn said(run: &SandboxRun, net: &Network, from: &str, to: &str) -> Vec<String> {
    (said_at(run, net, from, to).into_iter())
        .map(|(_, line)| line)
        .collect()
}

/// [`said`], each with when it reached `to` (`None`: it was lost).
fn said_at(
    run: &SandboxRun,
    net: &Network,
    from: &str,
    to: &str,
) -> Vec<(Option<SimTime>, String)> {
    use cslab_sim::proto::AppMsg;
    use cslab_sim::proto::http::HttpKind;
    let node = |name| (net.machines.iter()).position(|m| m.name == name).unwrap();
    let (from, to) = (node(from), node(to));
    let names = run.world.names();
    // A message's first hop leaves `from`; its last reaches `to`: the
    // same packet (`pkt`).
    let sent: std::collections::BTreeSet<u64> = (run.world.trace().headers())
        .filter(|h| h.src_node.index() == from)
        .map(|h| h.pkt)
        .collect();
    let delivered = delivered(run);
    (run.world.trace().headers())
        .filter(|h| h.dst_node.index() == to && sent.contains(&h.pkt))
        // Each message once: its first segment, not a retransmission of it.
        .filter(|h| (h.msg.tcp).is_some_and(|s| s.rec_off == 0 && s.len > 0 && !s.retransmission))
        .filter_map(|h| {
            match h.msg.app {
                AppMsg::Http(m) => Some(match m.kind {
                    HttpKind::Request { .. } => names.text(m.path).to_string(),
                    HttpKind::Response { status } => status.code().to_string(),
                }),
                AppMsg::Text(t) => Some(names.text(t.line).to_string()),
                _ => None,
            }
            .map(|line| (delivered.get(&h.pkt).copied(), line))
        })
        .collect()
}

#[test]
fn a_balancer_shares_the_pages_requests_among_its_servers_in_turn() {
    let net = Network::from_json(BALANCER).unwrap();
    // The site's name is the balancer's: its servers are not in the zone.
    let auth = dns_zones::records(&net, machine_named(&net, "Authoritative DNS server 1"));
    let a: Vec<_> = (auth.iter())
        .filter(|r| matches!(r.data, ZoneData::A(_)) && r.name == "www.example.com")
        .map(|r| r.data.clone())
        .collect();
    let balancer = machine_named(&net, "Load balancer 1").address;
    assert_eq!(a, [ZoneData::A(balancer)]);
    let (run, r) = run(&net, 1);
    assert_eq!(r.outcome, "complete");
    assert_eq!(r.address, Some(balancer.to_string()));
    assert_eq!(r.objects_loaded, 11);
    // The browser asks the balancer for the page and its ten files over
    // one connection...
    let mut asked = said(&run, &net, "Browser 1", "Load balancer 1");
    asked.retain(|line| line.starts_with('/'));
    assert_eq!(asked.len(), 11);
    // ...and the balancer asks its three servers in turn (round-robin),
    // each request on a connection of its own: 4, 4 and 3 of the 11.
    let mut paths = Vec::new();
    for k in 1..=3 {
        let server = machine_named(&net, &format!("Web server {k}")).address;
        let got = said(&run, &net, "Load balancer 1", &format!("Web server {k}"));
        assert_eq!(got.len(), [4, 4, 3][k - 1], "server {k}");
        let syns = (run.world.trace().headers())
            .filter(|h| h.dst == server && h.msg.tcp.is_some_and(|s| s.flags == 0x02))
            .count();
        assert_eq!(syns, got.len(), "a connection for each request");
        paths.extend(got);
    }
    paths.sort();
    asked.sort();
    assert_eq!(paths, asked, "each request reaches one server");
    // The page's time: the DNS walk, the handshake with the balancer, then
    // for each of the 11 requests a round trip to the balancer (21 ms each
    // way) and two to the server (1 ms each way: its handshake, then the
    // request), plus the 102 kB of bodies on the 20 Mbit/s line.
    let dns = 2.0 * (1.0 + 5.0 + 1.0) + 3.0 * 2.0 * (1.0 + 10.0);
    let rtt = 2.0 * (1.0 + 5.0 + 15.0);
    let bodies_bits = (2_000.0 + 10.0 * 10_000.0) * 8.0;
    let textbook = dns + rtt + 11.0 * (rtt + 2.0 * 2.0) + bodies_bits / 20e6 * 1000.0;
    let complete = r.complete_s.unwrap();
    assert!(
        complete >= ms(textbook) && complete < ms(textbook) * 1.02,
        "{complete} against {textbook} ms"
    );
}

#[test]
fn a_balancers_policy_is_its_setting_and_with_no_server_it_answers_502() {
    let mut net = Network::from_json(BALANCER).unwrap();
    let id = machine_named(&net, "Load balancer 1").id;
    let set = |net: &mut Network, value: &str| {
        let m = net.machines.iter_mut().find(|m| m.id == id).unwrap();
        m.settings.insert("policy", value.into());
    };
    let per_server = |net: &Network, seed| {
        let (run, r) = run(net, seed);
        assert_eq!(r.outcome, "complete");
        (1..=3)
            .map(|k| said(&run, net, "Load balancer 1", &format!("Web server {k}")).len())
            .collect::<Vec<_>>()
    };
    // The browser asks one request at a time: every server has no
    // connection open when the next comes, and least-connections takes the
    // first of equals.
    set(&mut net, "least-connections");
    assert_eq!(per_server(&net, 1), [11, 0, 0]);
    // Random: the seed decides, and the run is the same for the same seed.
    set(&mut net, "random");
    let one = per_server(&net, 1);
    assert_eq!(one.iter().sum::<usize>(), 11);
    assert_eq!(one, per_server(&net, 1));
    assert!((2..8).any(|seed| per_server(&net, seed) != one));
    // With its servers unlinked, nginx has nobody to pass the page to.
    let links: Vec<_> = (net.links.iter())
        .filter(|l| l.touches(id) && l.id.0 >= 8)
        .map(|l| l.id)
        .collect();
    for link in links {
        net.apply(&cslab_sandbox::Edit::Disconnect(link)).unwrap();
    }
    let (run, r) = run(&net, 1);
    assert_eq!(r.objects_loaded, 1, "the error page");
    assert_eq!(said(&run, &net, "Load balancer 1", "Browser 1"), ["502"]);
}

const READ_MAIL: &str = include_str!("../../../examples/sandbox/read-mail.json");

#[test]
fn a_mail_program_reads_what_was_delivered_to_its_mailbox() {
    let net = Network::from_json(READ_MAIL).unwrap();
    let mut run = SandboxRun::new(&net, 1);
    run.run_until(SimTime::MAX);
    let reports = run.report();
    assert_eq!(reports[0].outcome, "queued");
    assert_eq!(reports[1].task, "read-mail");
    assert_eq!(reports[1].outcome, "read");
    assert_eq!(reports[1].messages_read, Some(1));
    // IMAP (RFC 9051): log in, select the inbox, fetch its one message,
    // log out; the server's answer carries Alice's message.
    assert_eq!(
        said(&run, &net, "Bob's phone", "Mail server 2"),
        [
            "a1 LOGIN bob secret",
            "a2 SELECT INBOX",
            "a3 FETCH 1:1 (FLAGS BODY[])",
            "a4 LOGOUT"
        ]
    );
    let told = said(&run, &net, "Mail server 2", "Bob's phone");
    assert!(
        told.iter()
            .any(|l| l.starts_with("* 1 FETCH") && l.contains("Subject: Hello from the sandbox")),
        "{told:#?}"
    );
    // POP3 (RFC 1939): the message is retrieved, then deleted.
    let mut pop = net.clone();
    let bob = pop
        .machines
        .iter_mut()
        .find(|m| m.name == "Bob's phone")
        .unwrap();
    let task = bob.task.as_mut().unwrap();
    task.params.insert("how", "pop3".into());
    let mut run = SandboxRun::new(&pop, 1);
    run.run_until(SimTime::MAX);
    assert_eq!(run.report()[1].messages_read, Some(1));
    assert_eq!(
        said(&run, &pop, "Bob's phone", "Mail server 2"),
        [
            "USER bob",
            "PASS secret",
            "STAT",
            "RETR 1",
            "DELE 1",
            "QUIT"
        ]
    );
    // With nobody sending, the mailbox is empty: nothing to fetch.
    let mut alone = net.clone();
    let alice = machine_named(&alone, "Alice's laptop").id;
    alone
        .apply(&cslab_sandbox::Edit::RemoveMachine(alice))
        .unwrap();
    let mut run = SandboxRun::new(&alone, 1);
    run.run_until(SimTime::MAX);
    let r = &run.report()[0];
    assert_eq!((r.outcome, r.messages_read), ("read", Some(0)));
    assert_eq!(
        said(&run, &alone, "Bob's phone", "Mail server 2"),
        ["a1 LOGIN bob secret", "a2 SELECT INBOX", "a4 LOGOUT"]
    );
}

const DOWNLOAD: &str = include_str!("../../../examples/sandbox/download-file.json");

#[test]
fn three_browsers_download_the_file_by_http_ftp_and_sftp() {
    let net = Network::from_json(DOWNLOAD).unwrap();
    let mut run = SandboxRun::new(&net, 1);
    run.run_until(SimTime::MAX);
    for r in run.report() {
        assert_eq!(r.outcome, "complete", "{}", r.machine);
        // The lesson's file: 256 KiB.
        assert_eq!(r.received_bytes, Some(262_144), "{}", r.machine);
    }
    let server = "File server 1";
    // HTTP: one GET (no line breaks here, so no Range to resume).
    assert_eq!(said(&run, &net, "Browser 1", server), ["/report.pdf"]);
    let heads: Vec<String> = (run.world.trace().headers())
        .filter_map(|h| h.msg.app.http())
        .map(|m| run.world.names().text(m.head).to_string())
        .filter(|head| head.starts_with("GET /report.pdf"))
        .collect();
    assert!(
        heads
            .iter()
            .all(|h| h.contains("Host: files.example.com\r\n")),
        "{heads:#?}"
    );
    assert!(!heads.is_empty());
    // FTP (RFC 959) in passive mode, through the home router's NAT.
    assert_eq!(
        said(&run, &net, "Browser 2", server),
        [
            "USER alice",
            "PASS tulip-4-river",
            "TYPE I",
            "PASV",
            "RETR report.pdf",
            "QUIT"
        ]
    );
    let replies = said(&run, &net, server, "Browser 2");
    assert!(
        replies.contains(&"226 Transfer complete.".to_string()),
        "{replies:#?}"
    );
    // SFTP: 32 KiB reads, eight for the file and one that meets its end.
    let sftp = said(&run, &net, "Browser 3", server);
    let reads = sftp
        .iter()
        .filter(|l| l.starts_with("SSH_FXP_READ"))
        .count();
    assert_eq!(reads, 262_144 / 32_768 + 1, "{sftp:#?}");
    let answers = said(&run, &net, server, "Browser 3");
    assert!(
        answers.iter().any(|l| l.ends_with("SSH_FX_EOF")),
        "{answers:#?}"
    );
}

const CALL_API: &str = include_str!("../../../examples/sandbox/call-api.json");

#[test]
fn an_app_calls_the_api_on_the_web_server_its_task_names() {
    let net = Network::from_json(CALL_API).unwrap();
    let (rest, r) = run(&net, 1);
    assert_eq!((r.outcome, r.calls_answered), ("complete", Some(7)));
    let (app, api) = ("Browser 1", "Web server 1");
    // REST (the API lesson's script): read the list, a course and its
    // students; create one, change it, delete it, and find it gone.
    assert_eq!(
        said(&rest, &net, app, api),
        [
            "/courses/",
            "/courses/1/",
            "/courses/1/students/",
            "/courses/",
            "/courses/3/",
            "/courses/3/",
            "/courses/3/"
        ]
    );
    assert_eq!(
        said(&rest, &net, api, app),
        ["200", "200", "200", "201", "200", "204", "404"]
    );
    // The new course's URL is built on the name the app asked for.
    let created = (rest.world.trace().headers())
        .filter_map(|h| h.msg.app.http())
        .map(|m| rest.world.names().text(m.head).to_string())
        .find(|head| head.contains("201 Created"))
        .unwrap();
    assert!(
        created.contains("Location: http://api.example.com/courses/3/"),
        "{created}"
    );
    // A missing course (id 9) is an answer with `errors` in GraphQL (200),
    // a Fault in SOAP 1.1, sent with 500 (SOAP 1.1 §6.2).
    for (style, path, statuses) in [
        ("graphql", "/graphql", ["200", "200", "200"]),
        ("soap", "/soap", ["200", "200", "500"]),
    ] {
        let mut net = net.clone();
        let task = net.machines[0].task.as_mut().unwrap();
        task.params.insert("style", style.into());
        let (run, r) = run(&net, 1);
        assert_eq!((r.outcome, r.calls_answered), ("complete", Some(3)));
        assert_eq!(said(&run, &net, app, api), [path; 3], "{style}");
        assert_eq!(said(&run, &net, api, app), statuses, "{style}");
    }
}

const CHAT: &str = include_str!("../../../examples/sandbox/chat.json");

#[test]
fn a_chat_is_kept_live_by_a_websocket_by_polling_or_by_long_polling() {
    let with = |how: &str| {
        let mut net = Network::from_json(CHAT).unwrap();
        let task = net.machines[0].task.as_mut().unwrap();
        task.params.insert("how", how.into());
        let (run, r) = run(&net, 1);
        // Bob's four messages all reach the browser, whatever the way.
        assert_eq!((r.outcome, r.messages_read), ("complete", Some(4)), "{how}");
        let told = said(&run, &net, "Web server 1", "Browser 1");
        (said(&run, &net, "Browser 1", "Web server 1"), told)
    };
    // One request, upgraded (RFC 6455 §4): then frames both ways, Bob's
    // four pushed by the server, Alice's one and the close masked by the
    // browser (§5.3).
    let (asked, told) = with("websocket");
    assert_eq!(asked[0], "/chat");
    assert_eq!(told[0], "101");
    let bob = told
        .iter()
        .filter(|l| l.contains("\"from\":\"bob\""))
        .count();
    assert_eq!(bob, 4, "{told:#?}");
    assert_eq!(asked.len(), 3, "{asked:#?}");
    assert!(
        asked[1].starts_with("Text [FIN] [MASKED]")
            && asked[1].ends_with("{\"text\":\"Thanks, Bob!\"}")
    );
    assert!(asked[2].starts_with("Connection Close [FIN] [MASKED]"));
    // A poll every 5 s while the page is open (42 s: at 0, 5... 40 s),
    // and Alice's message posted at 8 s.
    let (polled, _) = with("polling");
    let polls = polled
        .iter()
        .filter(|p| p.starts_with("/messages?"))
        .count();
    assert_eq!(polls, 42 / 5 + 1, "{polled:#?}");
    assert_eq!(polled.iter().filter(|p| *p == "/messages").count(), 1);
    // Long polling: a request after each answer, the server holding it
    // until something is new (three answers in the first 5 s, then the
    // 30 s hold runs out, then Bob's last message at 37 s) or 30 s pass.
    let (long, _) = with("long-polling");
    assert_eq!(
        long,
        [
            "/messages?since=0&wait=30",
            "/messages?since=1&wait=30",
            "/messages?since=2&wait=30",
            "/messages?since=3&wait=30",
            "/messages",
            "/messages?since=3&wait=30",
            "/messages?since=5&wait=30"
        ]
    );
}

const STREAM: &str = include_str!("../../../examples/sandbox/watch-stream.json");

/// The UDP packets that reached `name`.
fn udp_to(run: &SandboxRun, net: &Network, name: &str) -> usize {
    let node = (net.machines.iter()).position(|m| m.name == name).unwrap();
    (run.world.trace().headers())
        .filter(|h| h.dst_node.index() == node && h.proto == cslab_sim::net::Proto::Udp)
        .count()
}

#[test]
fn a_stream_plays_by_hls_and_by_rtsp_but_rtp_does_not_cross_a_nat() {
    let net = Network::from_json(STREAM).unwrap();
    let mut run = SandboxRun::new(&net, 1);
    run.run_until(SimTime::MAX);
    let reports = run.report();
    for r in &reports {
        assert_eq!(
            (r.outcome, r.stalls),
            ("complete", Some(0)),
            "{}",
            r.machine
        );
    }
    let server = "Stream server 1";
    // HLS (RFC 8216): the multivariant playlist, then a rendition's, then
    // its 4 s segments for the minute it plays (hls.js first loads a few
    // to fill its buffer).
    let hls = said(&run, &net, "Browser 1", server);
    assert_eq!(hls[0], "/live/master.m3u8");
    assert!(hls[1].ends_with("/index.m3u8"), "{hls:#?}");
    let segments = hls.iter().filter(|p| p.ends_with(".ts")).count();
    assert!((60 / 4..=60 / 4 + 3).contains(&segments), "{segments}");
    // RTSP (RFC 2326): the five requests on port 554, and RTP over UDP at
    // 30 frames a second for the 10 s watched.
    let rtsp: Vec<String> = (said(&run, &net, "Browser 2", server).into_iter())
        .map(|l| l.split(' ').next().unwrap().to_string())
        .collect();
    assert_eq!(rtsp, ["OPTIONS", "DESCRIBE", "SETUP", "PLAY", "TEARDOWN"]);
    assert_eq!(udp_to(&run, &net, "Browser 2"), 30 * 10);
    // Behind the home router, the camera's RTP comes to the router's
    // public address, where no mapping sends it on: RTSP's UDP media needs
    // a NAT that knows RTSP (RFC 7604 §3), which a home router has not.
    let mut home = net.clone();
    let viewer = machine_named(&home, "Browser 2").id;
    let link = home.links.iter().find(|l| l.touches(viewer)).unwrap().id;
    home.apply(&cslab_sandbox::Edit::Disconnect(link)).unwrap();
    let router = machine_named(&home, "Home router 1").id;
    home.apply(&cslab_sandbox::Edit::Connect(home.new_link(viewer, router)))
        .unwrap();
    let m = home.machines.iter_mut().find(|m| m.id == viewer).unwrap();
    m.address = cslab_sim::net::Addr::new(192, 168, 1, 11);
    let mut run = SandboxRun::new(&home, 1);
    run.run_until(SimTime::MAX);
    assert_eq!(run.report()[1].outcome, "unfinished");
    assert_eq!(udp_to(&run, &home, "Browser 2"), 0);
    assert_eq!(udp_to(&run, &home, "Home router 1"), 30 * 10);
}

const DATABASE: &str = include_str!("../../../examples/sandbox/database.json");

#[test]
fn a_web_server_linked_to_a_database_asks_it_through_its_pool() {
    let net = Network::from_json(DATABASE).unwrap();
    let (pg, r) = run(&net, 1);
    assert_eq!((r.outcome, r.objects_loaded), ("complete", 3));
    let (browser, app, db) = ("Browser 1", "Web server 1", "Database 1");
    // The database lesson's browser: the page, its logo, its data.
    assert_eq!(
        said(&pg, &net, browser, app),
        ["/", "/static/logo.png", "/api/courses"]
    );
    assert_eq!(said(&pg, &net, app, browser), ["200", "200", "200"]);
    // The page and the data each query the database; the logo does not.
    // The pool opens one connection (PostgreSQL's startup, SCRAM) and
    // keeps it for the second query.
    let asked = said(&pg, &net, app, db);
    let startups = asked
        .iter()
        .filter(|l| l.starts_with("StartupMessage"))
        .count();
    let queries = asked
        .iter()
        .filter(|l| l.starts_with("Query: SELECT"))
        .count();
    assert_eq!((startups, queries), (1, 2), "{asked:#?}");
    // The engine is the database's setting: MySQL on its own port.
    let mut mysql = net.clone();
    let m = mysql.machines.iter_mut().find(|m| m.name == db).unwrap();
    m.settings.insert("engine", "mysql".into());
    let (run, r) = run(&mysql, 1);
    assert_eq!(r.outcome, "complete");
    let node = (mysql.machines.iter()).position(|m| m.name == db).unwrap();
    let ports: std::collections::BTreeSet<u16> = (run.world.trace().headers())
        .filter(|h| h.dst_node.index() == node)
        .map(|h| h.dst_port)
        .collect();
    assert_eq!(ports.into_iter().collect::<Vec<_>>(), [3306]);
}

#[test]
fn a_balancer_passes_a_request_on_when_its_server_never_answers() {
    let net = Network::from_json(BALANCER).unwrap();
    let mut run = SandboxRun::new(&net, 1);
    // Web server 1's firewall drops whatever comes to port 80.
    let first = (net.machines.iter()).position(|m| m.name == "Web server 1");
    let node = cslab_sim::net::NodeId(first.unwrap() as u32);
    (run.world).block_port(node, cslab_sim::net::Proto::Tcp, 80);
    run.run_until(SimTime::MAX);
    let r = &run.report()[0];
    assert_eq!((r.outcome, r.objects_loaded), ("complete", 11));
    // Its turns wait until the balancer's SYNs give up (Linux's
    // tcp_syn_retries, 6: 1 + 2 + ... + 64 = 127 s), then go to the next
    // server (proxy_next_upstream), which moves round-robin on by one: the
    // turns in 1, 2, 3, 1, 2, 3... fall on the 1st, 3rd, 5th... of the 11
    // requests. (It is out for fail_timeout, 10 s, after each failure,
    // long over when its turn comes again.)
    let balancer = "Load balancer 1";
    assert!(said(&run, &net, balancer, "Web server 1").is_empty());
    let served: usize = (2..=3)
        .map(|k| said(&run, &net, balancer, &format!("Web server {k}")).len())
        .sum();
    assert_eq!(served, 11);
    let waited = 6.0 * 127.0;
    let complete = r.complete_s.unwrap();
    assert!(complete > waited && complete < waited + 5.0, "{complete}");
}

/// When each packet that arrived was handed to its machine, by packet.
fn delivered(run: &SandboxRun) -> std::collections::BTreeMap<u64, SimTime> {
    (run.world.trace().records())
        .filter_map(|r| match r.ev {
            TraceEvent::Delivered { pkt, .. } => Some((pkt, r.t)),
            _ => None,
        })
        .collect()
}

const GAME: &str = include_str!("../../../examples/sandbox/game.json");

/// The game server's UDP datagrams to `player` (its snapshots): when each
/// was sent, and whether it arrived.
fn snapshots(run: &SandboxRun, net: &Network, player: &str) -> Vec<(SimTime, bool)> {
    use cslab_game::game_server::PORT;
    let node = |name| (net.machines.iter()).position(|m| m.name == name).unwrap();
    let (server, player) = (node("Game server 1"), node(player));
    let delivered = delivered(run);
    let sent: std::collections::BTreeMap<u64, SimTime> = (run.world.trace().records())
        .filter_map(|r| match r.ev {
            TraceEvent::PacketSent { pkt, .. } => Some((pkt, r.t)),
            _ => None,
        })
        .collect();
    (run.world.trace().headers())
        .filter(|h| h.proto == cslab_sim::net::Proto::Udp && h.src_port == PORT)
        .filter(|h| h.src_node.index() == server && h.dst_node.index() == player)
        .map(|h| (sent[&h.pkt], delivered.contains_key(&h.pkt)))
        .collect()
}

/// The game example: two players behind their home routers find
/// `play.example.com` in the DNS, log in over TLS, keep their presence,
/// are held by the matchmaker until both are queued, and play a duel on
/// the game server's UDP snapshots at its tick rate, 20 a second, for the
/// match's 5 s; the server's line loses 1 % of its datagrams.
#[test]
fn two_players_log_in_queue_and_play_a_duel_at_the_tick_rate() {
    use cslab_game::game_server::tick_interval;
    use cslab_game::world::MATCH_SECONDS;
    let net = Network::from_json(GAME).unwrap();
    let server = machine_named(&net, "Game server 1");
    let tick: u32 = server.settings["tick"].parse().unwrap();
    assert_eq!(tick, 20);
    let players = ["Browser 1", "Browser 2"];
    let mut lost = 0;
    for seed in 1..=4 {
        let mut run = SandboxRun::new(&net, seed);
        run.run_until(SimTime::MAX);
        let reports = run.report();
        // Each asks for its match once logged in; the matchmaker answers
        // neither before both asked.
        let mut asked = Vec::new();
        let mut matched = Vec::new();
        for player in players {
            let sent = said_at(&run, &net, player, "Game server 1");
            // Its HTTP requests (the rest are WebSocket frames): the
            // login first, then the presence and the matchmaker at once.
            let mut paths: Vec<&str> = (sent.iter())
                .map(|(_, line)| line.as_str())
                .filter(|line| line.starts_with('/'))
                .collect();
            assert_eq!(paths[0], "/login", "{sent:?}");
            paths[1..].sort();
            assert_eq!(paths, ["/login", "/matchmaking", "/presence"], "{sent:?}");
            asked.push(
                sent.iter()
                    .find(|(_, l)| l == "/matchmaking")
                    .unwrap()
                    .0
                    .unwrap(),
            );
            let answers = said_at(&run, &net, "Game server 1", player);
            let mut statuses: Vec<&str> = (answers.iter())
                .map(|(_, line)| line.as_str())
                .filter(|line| line.parse::<u16>().is_ok())
                .collect();
            // The login's 200 first; then the WebSocket's 101 and the
            // matchmaker's 200, in the order the line lets them through.
            assert_eq!(statuses[0], "200", "{answers:?}");
            statuses.sort();
            assert_eq!(statuses, ["101", "200", "200"], "{answers:?}");
            let answered = (answers.iter())
                .filter(|(_, line)| line == "200")
                .nth(1)
                .unwrap();
            matched.push(answered.0.unwrap());
        }
        let last_asked = asked.iter().max().unwrap();
        assert!(
            matched.iter().all(|t| t > last_asked),
            "{asked:?} {matched:?}"
        );
        for (player, report) in players.iter().zip(&reports) {
            let snapshots = snapshots(&run, &net, player);
            // Every snapshot of the match was sent, one a tick.
            assert_eq!(snapshots.len() as u32, tick * MATCH_SECONDS, "{player}");
            for pair in snapshots.windows(2) {
                assert_eq!(pair[1].0 - pair[0].0, tick_interval(tick), "{player}");
            }
            let arrived = snapshots.iter().filter(|(_, arrived)| *arrived).count() as u64;
            assert_eq!(report.snapshots, Some(arrived), "{player}");
            assert_eq!(report.outcome, "complete", "{player}");
            assert_eq!(report.address.as_deref(), Some("203.0.113.60"));
            lost += snapshots.len() as u64 - arrived;
        }
    }
    // 800 snapshots each lost with probability 1 %: 8 expected, and more
    // than 20 or none at all less than once in a thousand runs.
    assert!((1..=20).contains(&lost), "{lost}");
}

/// A player alone: the matchmaker holds its request (no answer on the
/// wire), and it keeps waiting, its presence kept alive.
#[test]
fn a_lone_player_waits_for_a_match() {
    let mut net = Network::from_json(GAME).unwrap();
    let second = machine_named(&net, "Browser 2").id;
    net.apply(&cslab_sandbox::Edit::RemoveMachine(second))
        .unwrap();
    let mut run = SandboxRun::new(&net, 1);
    run.run_until(SimTime::from_secs(60));
    let report = run.report().remove(0);
    assert_eq!((report.outcome, report.snapshots), ("waiting", Some(0)));
    let asked = said(&run, &net, "Browser 1", "Game server 1");
    assert!(asked.contains(&"/matchmaking".to_string()), "{asked:?}");
    let answers = said(&run, &net, "Game server 1", "Browser 1");
    assert_eq!(
        answers.iter().filter(|l| *l == "200").count(),
        1,
        "only the login's"
    );
    // A ping every 2 s on its presence WebSocket, each answered.
    let pongs = answers.iter().filter(|l| l.starts_with("Pong")).count();
    assert!((28..=30).contains(&pongs), "{pongs}");
}

/// Two more players at the same host: the duel is the first two to
/// queue, and the game server plays one match, so the other two wait,
/// their requests held, as behind a matchmaker with no free server (they
/// are not sent to a server that has no room for them).
#[test]
fn players_queued_after_the_duel_wait() {
    let mut net = Network::from_json(GAME).unwrap();
    // On Browser 1's home network.
    let router = machine_named(&net, "Home router 1").id;
    for host in [11, 12] {
        let at = cslab_sandbox::Point::default();
        let mut player = net.new_machine(Kind::Browser, at, "Browser").unwrap();
        player.address = cslab_sim::net::Addr::new(192, 168, 1, host);
        let mut task = cslab_sandbox::Task::new(TaskKind::PlayGame);
        task.params.insert("host", "play.example.com".into());
        player.task = Some(task);
        let id = player.id;
        net.apply(&cslab_sandbox::Edit::AddMachine(player)).unwrap();
        net.apply(&cslab_sandbox::Edit::Connect(net.new_link(id, router)))
            .unwrap();
    }
    let mut run = SandboxRun::new(&net, 1);
    run.run_until(SimTime::from_secs(30));
    let outcomes: Vec<&str> = run.report().iter().map(|r| r.outcome).collect();
    assert_eq!(outcomes, ["complete", "complete", "waiting", "waiting"]);
    assert!(run.report()[2..].iter().all(|r| r.snapshots == Some(0)));
}

const SWARM: &str = include_str!("../../../examples/sandbox/swarm.json");

/// Every BitTorrent message and HTTP request or answer on the wire, once
/// each (its first segment, sent again or not), as (sender, receiver,
/// line): a request as its path, an answer as its status code, a FIN
/// between peers as `FIN`.
fn swarm_dialogue(run: &SandboxRun, net: &Network) -> Vec<(String, String, String)> {
    use cslab_sim::apps::bittorrent::PEER_PORT;
    use cslab_sim::proto::AppMsg;
    use cslab_sim::proto::http::HttpKind;
    use cslab_sim::proto::tcp::flags::FIN;
    let name = |addr| {
        let m = net.machines.iter().find(|m| m.address == addr).unwrap();
        m.name.clone()
    };
    let names = run.world.names();
    // A message's every hop, and a segment sent again (an ACK stuck behind
    // a busy uplink's queue), is the same segment.
    let mut seen = std::collections::BTreeSet::new();
    (run.world.trace().headers())
        .filter(|h| {
            h.msg
                .tcp
                .is_some_and(|s| s.flags & FIN != 0 || s.rec_off == 0 && s.len > 0)
        })
        .filter(|h| seen.insert((h.src, h.src_port, h.dst, h.msg.tcp.map(|s| s.seq))))
        .filter_map(|h| {
            let line = match h.msg.app {
                // The end of a connection between peers.
                _ if h.msg.tcp.is_some_and(|s| s.len == 0) => {
                    let between_peers = [h.src_port, h.dst_port].contains(&PEER_PORT);
                    between_peers.then(|| "FIN".to_string())?
                }
                AppMsg::Text(t) => names.text(t.line).to_string(),
                AppMsg::Http(m) => match m.kind {
                    HttpKind::Request { .. } => names.text(m.path).to_string(),
                    HttpKind::Response { status } => status.code().to_string(),
                },
                _ => return None,
            };
            Some((name(h.src), name(h.dst), line))
        })
        .collect()
}

#[test]
fn peers_announce_shake_hands_and_trade_every_piece() {
    let net = Network::from_json(SWARM).unwrap();
    let mut run = SandboxRun::new(&net, 1);
    run.run_until(SimTime::MAX);
    let file: u64 = 1 << 20;
    let peers: Vec<String> = (net.machines.iter())
        .filter(|m| m.kind == Kind::Peer)
        .map(|m| m.name.clone())
        .collect();
    assert_eq!(peers.len(), 6);
    for r in run.report() {
        assert_eq!(r.outcome, "complete", "{}", r.machine);
        let expected = if r.machine == "Peer 1" { 0 } else { file };
        assert_eq!(r.received_bytes, Some(expected), "{}", r.machine);
    }
    let said = swarm_dialogue(&run, &net);
    let lines = |from: &str, to: &str| -> Vec<&str> {
        (said.iter())
            .filter(|(f, t, _)| f == from && t == to)
            .map(|(_, _, line)| line.as_str())
            .collect()
    };
    // The seed runs the tracker: each downloader announces twice to it,
    // `started` with the whole file left, then `completed` with none, and
    // gets two answers; the seed announces to itself, off the wire.
    for peer in &peers[1..] {
        let announces = lines(peer, "Peer 1");
        let announces: Vec<&&str> = (announces.iter())
            .filter(|l| l.starts_with("/announce?"))
            .collect();
        assert_eq!(announces.len(), 2, "{peer}: {announces:#?}");
        assert!(announces[0].contains(&format!("&left={file}&event=started")));
        assert!(announces[1].contains(&format!("&downloaded={file}&left=0&event=completed")));
        assert!(announces[0].contains("&port=6881&") && announces[0].contains("&compact=1"));
        let answers = lines("Peer 1", peer);
        assert_eq!(answers.iter().filter(|&&l| l == "200").count(), 2);
    }
    // Every two peers meet once: one handshake each way (68 bytes, BEP 3).
    let handshakes = |from: &str, to: &str| {
        (lines(from, to).iter())
            .filter(|l| l.starts_with("handshake BitTorrent protocol info_hash="))
            .count()
    };
    for (i, a) in peers.iter().enumerate() {
        for b in &peers[i + 1..] {
            assert_eq!((handshakes(a, b), handshakes(b, a)), (1, 1), "{a} and {b}");
        }
    }
    // The blocks into each downloader: the file's 4 pieces of 256 KiB in
    // 16 KiB blocks, every block once, 1 MiB in all.
    let pieces = |to: &str| -> Vec<(String, u32, u32, u32)> {
        (said.iter())
            .filter(|(_, t, _)| t == to)
            .filter_map(
                |(from, _, line)| match cslab_sim::apps::bittorrent::wire::PeerMsg::parse(line)? {
                    cslab_sim::apps::bittorrent::wire::PeerMsg::Piece {
                        index,
                        begin,
                        length,
                    } => Some((from.clone(), index, begin, length)),
                    _ => None,
                },
            )
            .collect()
    };
    let mut from_peers = 0;
    for peer in &peers[1..] {
        let got = pieces(peer);
        let bytes: u64 = got.iter().map(|&(_, _, _, len)| len as u64).sum();
        assert_eq!(bytes, file, "{peer}");
        let mut blocks: Vec<(u32, u32)> = got.iter().map(|&(_, i, b, _)| (i, b)).collect();
        blocks.sort();
        let every: Vec<(u32, u32)> = (0..4)
            .flat_map(|i| (0..16).map(move |b| (i, b * 16_384)))
            .collect();
        assert_eq!(blocks, every, "{peer}");
        assert!(got.iter().all(|(_, _, _, len)| *len == 16_384));
        from_peers += got.iter().filter(|(from, ..)| from != "Peer 1").count();
        // Each piece it completed, it told the others it has.
        let haves = (peers.iter())
            .filter(|other| *other != peer)
            .map(|other| {
                lines(peer, other)
                    .iter()
                    .filter(|l| l.starts_with("have "))
                    .count()
            })
            .max();
        assert_eq!(haves, Some(4), "{peer}");
    }
    // Not all from the seed: the downloaders trade with each other.
    assert!(from_peers > 64, "{from_peers} blocks from peers");
    // The seed uploads to four at a time at most (BEP 3's four slots): a
    // fifth waits for a slot, which a choke or a closed connection frees
    // (a downloader that has it all closes its connection to the seed).
    let mut unchoked = std::collections::BTreeSet::new();
    let mut most = 0;
    for (from, to, line) in &said {
        match (from.as_str(), to.as_str(), line.as_str()) {
            ("Peer 1", _, "unchoke") => assert!(unchoked.insert(to.clone())),
            ("Peer 1", _, "choke") => assert!(unchoked.remove(to)),
            (_, "Peer 1", "FIN") => {
                unchoked.remove(from);
            }
            _ => {}
        }
        most = most.max(unchoked.len());
    }
    assert_eq!(most, 4);
    assert_eq!(
        lines("Peer 1", "Peer 6")
            .iter()
            .filter(|&&l| l == "unchoke")
            .count(),
        1
    );
}

#[test]
fn a_swarm_runs_the_same_for_the_same_seed_and_older_files_read_its_defaults() {
    let net = Network::from_json(SWARM).unwrap();
    let hash = |net: &Network, seed| run(net, seed).0.world.trace().hash_hex();
    assert_eq!(hash(&net, 1), hash(&net, 1));
    // The seed draws the peer ids and the ties of rarest first.
    assert_ne!(hash(&net, 1), hash(&net, 2));
    let same_story = |seed| {
        let (run, _) = run(&net, seed);
        swarm_dialogue(&run, &net)
    };
    assert_eq!(same_story(3), same_story(3));
    // A file written before `join-swarm` had parameters: its peers are
    // downloaders of 1 MiB, the defaults, and run as the example's do.
    let mut old: serde_json::Value = serde_json::from_str(SWARM).unwrap();
    for m in old["machines"].as_array_mut().unwrap() {
        if m["task"]["role"] == "downloader" {
            m["task"] = serde_json::json!({ "do": "join-swarm" });
        }
    }
    let old = Network::from_json(&old.to_string()).unwrap();
    assert_eq!(hash(&old, 1), hash(&net, 1));
}

#[test]
fn peers_with_another_file_are_another_swarm_and_no_seed_means_no_tracker() {
    let mut net = Network::from_json(SWARM).unwrap();
    // Peer 6 wants a 2 MiB file no one has: the tracker hands it the
    // peers of its torrent only (none but itself), and it waits.
    let six = net
        .machines
        .iter_mut()
        .find(|m| m.name == "Peer 6")
        .unwrap();
    six.task
        .as_mut()
        .unwrap()
        .params
        .insert("file-kib", "2048".into());
    let mut run = SandboxRun::new(&net, 1);
    run.run_until(SimTime::from_secs(60));
    let reports = run.report();
    let six = reports.iter().find(|r| r.machine == "Peer 6").unwrap();
    assert_eq!((six.outcome, six.received_bytes), ("unfinished", Some(0)));
    assert!(reports.iter().filter(|r| r.outcome == "complete").count() == 5);
    let said = swarm_dialogue(&run, &net);
    assert!(!said.iter().any(|(f, t, _)| f == "Peer 6" && t != "Peer 1"));
    // With no seed, no tracker: the announces go nowhere.
    let mut net = Network::from_json(SWARM).unwrap();
    for m in &mut net.machines {
        if let Some(task) = &mut m.task {
            task.params.insert("role", "downloader".into());
        }
    }
    let mut run = SandboxRun::new(&net, 1);
    run.run_until(SimTime::from_secs(60));
    assert!(run.report().iter().all(|r| r.outcome == "unfinished"));
    assert!(swarm_dialogue(&run, &net).is_empty());
}
