//! "Open in the sandbox": every lesson on the stage gives a sandbox
//! document the sandbox takes (its own file check), with every machine of
//! the lesson's stage (but those with no sandbox kind) at its place, with
//! its name and address, the lesson's links and the lesson's settings.

use cslab_lessons::lesson::layout::scaled_place;
use cslab_lessons::lesson::settings::Settings;
use cslab_lessons::lesson::{Lesson, LessonView};
use cslab_lessons::open_in_sandbox::from_lesson;
use cslab_sandbox::run::SandboxRun;
use cslab_sandbox::schema::MIN_VIEW;
use cslab_sandbox::{Kind, Machine, Network, TaskKind};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::time::SimTime;

/// The lessons' machines the sandbox has no kind for (the call's relay),
/// or whose services its game server runs (the game's data centre).
const NO_KIND: [&str; 6] = [
    "node-data-centre",
    "node-login-game",
    "node-presence-1",
    "node-presence-2",
    "node-matchmaking",
    "node-turn",
];

/// The machines a lesson's network gains in the sandbox: the game's
/// players find their server by name, so it gains a resolver and the DNS
/// servers of its zones.
fn gained(code: &str) -> usize {
    if code == "game" { 4 } else { 0 }
}

fn settings(lesson: Lesson, pairs: &[(&str, &str)]) -> Settings {
    let mut settings = Settings::default();
    for (key, value) in pairs {
        let set = lesson.set_from_query(&mut settings, key, value);
        assert_eq!(set, Some(Ok(())), "{lesson:?} {key}={value}");
    }
    settings
}

/// The document of `lesson` with `pairs`, checked: the sandbox reads its
/// file back to the same network, and every machine of the lesson's stage
/// is there, but those with no kind.
fn opened(code: &str, pairs: &[(&str, &str)], lang: Lang) -> Network {
    let lesson = Lesson::from_code(code).unwrap();
    let settings = settings(lesson, pairs);
    let net = from_lesson(lesson, &settings, lang).expect("a lesson on the stage");
    let read = Network::from_json(&net.to_json())
        .unwrap_or_else(|refusal| panic!("{code} {pairs:?}: {}", refusal.english()));
    assert_eq!(read, net, "{code} {pairs:?}");
    let (topology, run) = lesson.build(&settings, 1).unwrap();
    let kept: Vec<_> = (topology.nodes.iter().enumerate())
        .filter(|(_, node)| !NO_KIND.contains(&node.name_key))
        .collect();
    assert_eq!(
        kept.len() + gained(code),
        net.machines.len(),
        "{code} {pairs:?}"
    );
    for ((i, node), m) in kept.into_iter().zip(&net.machines) {
        assert_eq!(m.name, node.name(Tr(lang)), "{code}");
        assert_eq!(m.address, run.world().nodes()[i].addr, "{code}: {}", m.name);
        // Where the lesson draws it, on a plan the editor shows at its
        // smallest (MIN_VIEW) as the lesson's stage; but a node in the
        // stage's margin, which the sandbox keeps at its edge.
        let view = (MIN_VIEW.0 as u32, MIN_VIEW.1 as u32);
        let at = scaled_place(m.at.x as u32, m.at.y as u32, view);
        assert!(
            at.0.abs_diff(node.x) <= 8 && at.1.abs_diff(node.y) <= 8,
            "{code}: {} at {at:?}, the lesson's at {:?}",
            m.name,
            (node.x, node.y)
        );
    }
    net
}

fn machine(net: &Network, kind: Kind) -> &Machine {
    (net.machines.iter())
        .find(|m| m.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} in {net:?}"))
}

fn setting<'a>(m: &'a Machine, key: &str) -> &'a str {
    m.settings.get(key).map_or("", String::as_str)
}

fn task(m: &Machine) -> (TaskKind, Vec<(&str, &str)>) {
    let task = m.task.as_ref().expect("a client's task");
    let params = (task.params.iter())
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    (task.what, params)
}

#[test]
fn every_lesson_on_the_stage_opens_and_the_others_do_not() {
    for &lesson in Lesson::ALL {
        let on_stage = matches!(lesson.view(), LessonView::Stage { .. });
        let net = from_lesson(lesson, &Settings::default(), Lang::En);
        // The comparison, told in flows, and the gossip, told in rounds,
        // open as networks of their own.
        let opens = on_stage || ["cs-vs-p2p", "gossip"].contains(&lesson.code());
        assert_eq!(net.is_some(), opens, "{lesson:?}");
        if on_stage {
            for lang in Lang::ALL {
                let net = opened(lesson.code(), &[], lang);
                assert!(net.machines.len() >= 4, "{lesson:?}");
                assert!(!net.links.is_empty(), "{lesson:?}");
            }
        }
    }
}

#[test]
fn the_links_keep_the_lessons_numbers() {
    // The web page lesson's access line (link 1, browser to router) and
    // its round trip to the server (link 2, 20 ms each way for 40 ms).
    let net = opened(
        "web-page",
        &[("bandwidth", "10"), ("loss", "5"), ("rtt", "100")],
        Lang::En,
    );
    let access = net.links[0].numbers;
    assert_eq!((access.bandwidth_mbps, access.loss_percent), (10, 5));
    let names = |i: usize| {
        let link = net.links[i];
        (
            net.machine(link.a).unwrap().name.clone(),
            net.machine(link.b).unwrap().name.clone(),
        )
    };
    assert_eq!(names(0), ("Browser".into(), "Router".into()));
    assert_eq!(names(1), ("Router".into(), "Web server".into()));
    assert_eq!(net.links[1].numbers.delay_ms, 50);
    let default = opened("web-page", &[], Lang::En);
    assert_eq!(default.links[0].numbers.bandwidth_mbps, 20);
    assert_eq!(default.links[1].numbers.delay_ms, 20);
}

#[test]
fn the_kinds_and_tasks_follow_the_lessons_machines() {
    let web = opened("web-page", &[], Lang::En);
    for kind in [
        Kind::Browser,
        Kind::HomeRouter,
        Kind::Router,
        Kind::WebServer,
        Kind::DnsResolver,
        Kind::DnsRoot,
        Kind::DnsTld,
        Kind::DnsAuthoritative,
    ] {
        machine(&web, kind);
    }
    let home = machine(&web, Kind::HomeRouter);
    assert_eq!(setting(home, "public-address"), "198.51.100.23");
    assert_eq!(setting(machine(&web, Kind::DnsTld), "zone"), "com");
    assert_eq!(
        task(machine(&web, Kind::Browser)),
        (TaskKind::OpenPage, vec![("host", "www.example.com")])
    );

    let mail = opened("email", &[("mta", "exim"), ("read", "pop3")], Lang::En);
    let servers: Vec<&Machine> = (mail.machines.iter())
        .filter(|m| m.kind == Kind::MailServer)
        .collect();
    assert_eq!(servers.len(), 3);
    assert_eq!(setting(servers[0], "mta"), "exim");
    assert_eq!(setting(servers[0], "domain"), "alice.example");
    assert_eq!(setting(servers[1], "domain"), "bob.example");
    let clients: Vec<_> = (mail.machines.iter())
        .filter(|m| m.kind == Kind::MailClient)
        .map(|m| (setting(m, "account"), task(m)))
        .collect();
    assert_eq!(
        clients,
        [
            (
                "alice@alice.example",
                (TaskKind::SendMail, vec![("to", "bob@bob.example")])
            ),
            (
                "bob@bob.example",
                (TaskKind::ReadMail, vec![("how", "pop3")])
            ),
        ]
    );

    for (code, pairs, what, params) in [
        (
            "api",
            [("style", "soap")],
            TaskKind::CallApi,
            vec![("host", "api.example"), ("style", "soap")],
        ),
        (
            "websocket",
            [("mode", "polling")],
            TaskKind::Chat,
            vec![("host", "chat.example"), ("how", "polling")],
        ),
        (
            "files",
            [("how", "sftp")],
            TaskKind::DownloadFile,
            vec![("host", "files.example"), ("how", "sftp")],
        ),
        (
            "streaming",
            [("kind", "rtsp")],
            TaskKind::WatchStream,
            vec![("host", "camera.example"), ("how", "rtsp")],
        ),
        (
            "game",
            [("tick", "64")],
            TaskKind::PlayGame,
            vec![("host", "play.game.example")],
        ),
    ] {
        let net = opened(code, &pairs, Lang::En);
        assert_eq!(task(machine(&net, Kind::Browser)), (what, params), "{code}");
    }
    let game = opened("game", &[("tick", "64")], Lang::En);
    assert_eq!(setting(machine(&game, Kind::GameServer), "tick"), "64");
    let db = opened("database", &[("db", "mongodb")], Lang::En);
    assert_eq!(setting(machine(&db, Kind::Database), "engine"), "mongodb");
    assert_eq!(
        setting(machine(&db, Kind::WebServer), "preset"),
        "flask-dev"
    );
}

#[test]
fn the_busy_server_keeps_its_software_balancer_and_replicas() {
    let load = opened(
        "server-under-load",
        &[("server", "nginx"), ("spread", "lc"), ("replicas", "4")],
        Lang::En,
    );
    let servers: Vec<&Machine> = (load.machines.iter())
        .filter(|m| m.kind == Kind::WebServer)
        .collect();
    assert_eq!(servers.len(), 4);
    assert!(servers.iter().all(|m| setting(m, "preset") == "nginx"));
    assert_eq!(
        setting(machine(&load, Kind::LoadBalancer), "policy"),
        "least-connections"
    );
    let dns = opened("server-under-load", &[("spread", "dns")], Lang::En);
    assert!(dns.machines.iter().all(|m| m.kind != Kind::LoadBalancer));
}

#[test]
fn every_other_setting_still_gives_a_document_the_sandbox_takes() {
    for (code, pairs) in [
        ("what-is-a-server", &[("device", "phone")][..]),
        (
            "what-is-a-server",
            &[("device", "desktop"), ("same-machine", "1")],
        ),
        ("server-says-no", &[("refusal", "windows")]),
        (
            "streaming",
            &[("kind", "webrtc"), ("call-nat", "symmetric")],
        ),
        ("email", &[("mx1-down", "1")]),
        ("database", &[("users", "200")]),
        ("game", &[("fail", "1")]),
        ("privacy", &[("doh", "1")]),
    ] {
        for lang in Lang::ALL {
            opened(code, pairs, lang);
        }
    }
}

/// The web page lesson, opened in the sandbox, runs there: the browser
/// asks the DNS, then loads the page from the web server.
#[test]
fn the_web_page_lesson_runs_in_the_sandbox() {
    let net = opened("web-page", &[], Lang::En);
    let mut run = SandboxRun::new(&net, 1);
    run.run_until(SimTime::from_secs(60));
    let report = run.report();
    assert_eq!(report.len(), 1);
    assert_eq!(report[0].outcome, "complete", "{report:?}");
    assert_eq!(report[0].address.as_deref(), Some("203.0.113.80"));
}

/// The lessons whose one DNS server answers for their names themselves
/// run in the sandbox too: with no name servers in the network, its
/// resolver answers the network's names as a LAN's dnsmasq does.
#[test]
fn the_lessons_with_a_local_dns_server_run_in_the_sandbox() {
    for (code, host) in [
        ("what-is-a-server", "server.example.com"),
        ("login", "notes.example"),
    ] {
        let net = opened(code, &[], Lang::En);
        let mut run = SandboxRun::new(&net, 1);
        run.run_until(SimTime::from_secs(60));
        let web = (net.machines.iter())
            .find(|m| m.settings.get("host").is_some_and(|h| h == host))
            .unwrap();
        let report = run.report();
        assert!(!report.is_empty(), "{code}");
        for client in report {
            assert_eq!(client.outcome, "complete", "{code}: {client:?}");
            assert_eq!(client.address, Some(web.address.to_string()), "{code}");
        }
    }
}

/// The game lesson, opened in the sandbox, runs there: its two players
/// find the game server by name, log in, and play their duel on it at the
/// lesson's tick rate.
#[test]
fn the_game_lesson_runs_in_the_sandbox() {
    let net = opened("game", &[("tick", "30")], Lang::En);
    let kinds: Vec<Kind> = net.machines[net.machines.len() - 4..]
        .iter()
        .map(|m| m.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            Kind::DnsResolver,
            Kind::DnsRoot,
            Kind::DnsTld,
            Kind::DnsAuthoritative
        ]
    );
    let game = machine(&net, Kind::GameServer);
    let mut run = SandboxRun::new(&net, 1);
    run.run_until(SimTime::from_secs(60));
    let report = run.report();
    assert_eq!(report.len(), 2, "Alice and Bob");
    for r in &report {
        assert_eq!(r.outcome, "complete", "{report:?}");
        assert_eq!(r.address, Some(game.address.to_string()));
        // The lesson's line to the game server loses nothing: every
        // snapshot of the 5 s match at 30 a second arrives.
        assert_eq!(r.snapshots, Some(30 * 5), "{}", r.machine);
    }
}

#[test]
fn the_comparison_opens_as_a_file_server_and_a_swarm_at_a_size_that_runs() {
    let lesson = Lesson::from_code("cs-vs-p2p").unwrap();
    let mut settings = Settings::default();
    // 10,000 peers, a 100 Mbit/s server, 50 Mbit/s down.
    settings.compare.peers = 10_000;
    settings.compare.server_up_mbps = 100;
    settings.compare.peer_down_mbps = 50;
    let net = from_lesson(lesson, &settings, Lang::It).unwrap();
    let read = Network::from_json(&net.to_json()).unwrap();
    assert_eq!(read, net);
    let of = |kind| net.machines.iter().filter(move |m| m.kind == kind);
    assert_eq!(of(Kind::FileServer).count(), 1);
    assert_eq!(of(Kind::Router).count(), 2);
    // Ten clients a side, the lesson's smallest swarm, named in Italian.
    let browsers: Vec<&Machine> = of(Kind::Browser).collect();
    assert_eq!(browsers.len(), 10);
    for b in &browsers {
        let (what, params) = task(b);
        assert_eq!(what, TaskKind::DownloadFile);
        assert!(params.contains(&("how", "http")));
    }
    let peers: Vec<&Machine> = of(Kind::Peer).collect();
    assert_eq!(peers.len(), 11);
    let roles: Vec<&str> = (peers.iter())
        .map(|p| p.task.as_ref().unwrap().params["role"].as_str())
        .collect();
    assert_eq!(roles.iter().filter(|&&r| r == "seed").count(), 1);
    assert!(
        peers
            .iter()
            .all(|p| p.task.as_ref().unwrap().params["file-kib"] == "256")
    );
    assert_eq!(peers[0].name, Tr(Lang::It).t("sandbox-kind-peer") + " 1");
    // The server's and the seed's lines at the server's upload, each
    // client's at the peers' download.
    let mut rates: Vec<u64> = net.links.iter().map(|l| l.numbers.bandwidth_mbps).collect();
    rates.sort();
    assert_eq!(rates, [[50; 20].as_slice(), &[100, 100]].concat());
    // It runs: every client has the files lesson's 256 KiB, by HTTP from
    // the server or in a piece from the swarm.
    let mut run = SandboxRun::new(&net, 1);
    run.run_until(SimTime::from_secs(60));
    let reports = run.report();
    assert_eq!(reports.len(), 21);
    for r in reports {
        assert_eq!(r.outcome, "complete", "{}", r.machine);
        let seed = r.machine == peers[0].name;
        let came = if seed { 0 } else { 262_144 };
        assert_eq!(r.received_bytes, Some(came), "{}", r.machine);
    }
}

/// The gossip lesson opens as Bitcoin nodes behind routers: the block
/// reaches every node, each one over the fewest connections from the
/// miner (a breadth-first search over the connections the run opened),
/// a hop of the relay taking about the lesson's round of 100 ms.
#[test]
fn the_gossip_opens_as_bitcoin_nodes_and_the_block_takes_the_fewest_connections() {
    use cslab_lessons::open_in_sandbox::gossip::MAX_PEERS;
    use cslab_sim::apps::bitcoin::MINED_AT;
    use cslab_sim::apps::bitcoin::wire::BtcMsg;
    use cslab_sim::net::Addr;
    use cslab_sim::proto::AppMsg;
    use std::collections::{BTreeMap, BTreeSet, VecDeque};

    let lesson = Lesson::from_code("gossip").unwrap();
    let mut settings = Settings::default();
    settings.gossip.nodes = 10_000;
    let net = from_lesson(lesson, &settings, Lang::Es).unwrap();
    assert_eq!(Network::from_json(&net.to_json()).unwrap(), net);
    let peers: Vec<&Machine> = net
        .machines
        .iter()
        .filter(|m| m.kind == Kind::Peer)
        .collect();
    assert_eq!(peers.len() as u32, MAX_PEERS);
    assert!(
        net.machines
            .iter()
            .filter(|m| m.kind == Kind::Router)
            .count()
            >= 2
    );
    let roles: Vec<&str> = (peers.iter())
        .map(|p| p.task.as_ref().unwrap().params["role"].as_str())
        .collect();
    assert_eq!(roles.iter().filter(|&&r| r == "miner").count(), 1);
    assert_eq!(roles[0], "miner");
    assert!(peers.iter().all(|p| task(p).0 == TaskKind::RelayBlocks));

    let mut run = SandboxRun::new(&net, 1);
    run.run_until(SimTime::MAX);
    let reports = run.report();
    assert_eq!(reports.len(), peers.len());
    assert!(
        reports.iter().all(|r| r.outcome == "complete"),
        "{reports:#?}"
    );

    // The connections (a `version` each way) and who sent each node its
    // block, from the wire.
    let names = run.world.names();
    let mut links: BTreeMap<Addr, BTreeSet<Addr>> = BTreeMap::new();
    let mut parent: BTreeMap<Addr, Addr> = BTreeMap::new();
    for h in run.world.trace().headers() {
        let first = h.msg.tcp.is_some_and(|s| s.rec_off == 0 && s.len > 0);
        let AppMsg::Text(t) = h.msg.app else { continue };
        match BtcMsg::parse(names.text(t.line)) {
            Some(BtcMsg::Version(_)) if first => {
                links.entry(h.src).or_default().insert(h.dst);
                links.entry(h.dst).or_default().insert(h.src);
            }
            Some(BtcMsg::Block { .. }) if first => {
                assert!(
                    parent.insert(h.dst, h.src).is_none(),
                    "one block to {}",
                    h.dst
                );
            }
            _ => {}
        }
    }
    // Breadth-first from the miner over the connections.
    let miner = peers[0].address;
    let mut distance = BTreeMap::from([(miner, 0u32)]);
    let mut queue = VecDeque::from([miner]);
    while let Some(a) = queue.pop_front() {
        for &b in &links[&a] {
            if !distance.contains_key(&b) {
                distance.insert(b, distance[&a] + 1);
                queue.push_back(b);
            }
        }
    }
    let hops = |mut node: Addr| {
        let mut n = 0;
        while node != miner {
            node = parent[&node];
            n += 1;
        }
        n
    };
    let when = |node: Addr| {
        let name = &peers.iter().find(|p| p.address == node).unwrap().name;
        let r = reports.iter().find(|r| &r.machine == name).unwrap();
        r.complete_s.unwrap() - MINED_AT.as_secs_f64()
    };
    let farthest = (peers.iter().map(|p| p.address))
        .max_by(|&a, &b| when(a).total_cmp(&when(b)))
        .unwrap();
    assert!(
        distance[&farthest] >= 2,
        "the block crosses the network in hops"
    );
    assert_eq!(hops(farthest), distance[&farthest]);
    for p in &peers[1..] {
        let d = distance[&p.address];
        assert_eq!(hops(p.address), d, "{}", p.name);
        // Three one-way trips of 32 to 35 ms a hop, and the block's
        // sending to the peers that ask at once.
        let t = when(p.address);
        assert!(
            t >= 0.096 * d as f64 && t < 0.120 * d as f64,
            "{}: {t} s, {d} hops",
            p.name
        );
    }
}
