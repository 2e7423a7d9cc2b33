//! "Open in the sandbox": a lesson's network as a sandbox document, so a
//! learner can take it and change it. Every machine of the lesson's stage
//! becomes the sandbox machine of its kind, where the lesson draws it, with
//! its name (in the learner's language) and address; the links keep the
//! lesson's numbers; each client does its task as the lesson's does, with
//! the lesson's settings where the sandbox has them (the web server's
//! software, the MTA, the database engine, the API's style...).
//!
//! The call's STUN/TURN server has no kind in the sandbox and is left out,
//! with its links. The game's services are the sandbox's game server's
//! (a studio's one host, [`cslab_sandbox::run::game`]): its login, presence
//! servers and matchmaker, and the data centre that held them, fold into
//! it; and since a sandbox player finds its server by name, the game's
//! network gains the DNS of `play.game.example` where they stood
//! ([`name_service`]).
//!
//! The lessons told off the stage open as networks of their own: the
//! comparison of client-server and peer-to-peer as a file server and a
//! swarm of its size ([`compare`]), the gossip as Bitcoin nodes relaying a
//! block ([`gossip`]).

mod compare;
pub mod gossip;

use std::collections::BTreeMap;

use cslab_sandbox::TaskKind;
use cslab_sandbox::kinds::WEB_PRESETS;
use cslab_sandbox::schema::{BANDWIDTH_MBPS, DELAY_MS, LOSS_PERCENT, MIN_VIEW};
use cslab_sandbox::{Kind, Link, LinkId, LinkNumbers, Machine, MachineId, Network, Point, Task};
use cslab_scene::i18n::{Lang, Tr};
use cslab_scene::topology::{NodeRole, NodeSpec};
use cslab_sim::net::{LinkSpec, NodeId, World};

use crate::lesson::layout::plan_place;
use crate::lesson::settings::Settings;
use crate::lesson::{Lesson, LessonView};

/// The game server's name: the lesson's matchmaker hands out its address
/// alone, but a sandbox client finds its server by name.
const GAME_HOST: &str = "play.game.example";
/// The camera's name, for the same reason (the lesson's viewer opens
/// `rtsp://192.168.1.64/...`).
const CAMERA_HOST: &str = "camera.example";

/// Whether `lesson` has a network to open: every lesson on the stage, the
/// comparison ([`compare`]) and the gossip ([`gossip`]).
pub fn opens(lesson: Lesson) -> bool {
    is_compare(lesson) || is_gossip(lesson) || matches!(lesson.view(), LessonView::Stage { .. })
}

fn is_gossip(lesson: Lesson) -> bool {
    lesson.code() == crate::lesson::gossip_lesson::LESSON.code
}

fn is_compare(lesson: Lesson) -> bool {
    lesson.code() == crate::lesson::compare::LESSON.code
}

/// `lesson`'s network with `settings` as a sandbox document, its machines
/// named in `lang`; `None` for a lesson with none to open ([`opens`]).
pub fn from_lesson(lesson: Lesson, settings: &Settings, lang: Lang) -> Option<Network> {
    if is_compare(lesson) {
        return Some(compare::network(&settings.compare, lang));
    }
    if is_gossip(lesson) {
        return Some(gossip::network(&settings.gossip, lang));
    }
    if !opens(lesson) {
        return None;
    }
    let (topology, run) = lesson.build(settings, 1)?;
    let world = run.world();
    let asked: BTreeMap<&str, String> = lesson.settings_query(settings).into_iter().collect();
    let mut net = Network::default();
    // The machine each node became, by node index.
    let mut machines: Vec<Option<MachineId>> = Vec::new();
    // Where the machines left out stood.
    let mut free = Vec::new();
    for (i, node) in topology.nodes.iter().enumerate() {
        let made = (machine_of(lesson.code(), node, &asked))
            .map(|what| machine(&mut net, world, (i, node), what, lang));
        if made.is_none() {
            free.push(place(node));
        }
        machines.push(made);
    }
    for link in world.links() {
        let ends = (machines.get(link.a.index()).copied().flatten())
            .zip(machines.get(link.b.index()).copied().flatten());
        if let Some((a, b)) = ends {
            net.links.push(Link {
                id: LinkId(net.links.len() as u32 + 1),
                a,
                b,
                numbers: numbers(&link.spec),
            });
        }
    }
    if lesson.code() == "game" {
        let internet = (topology.nodes.iter()).position(|node| node.name_key == "node-internet");
        if let Some(internet) = internet.and_then(|i| machines[i]) {
            name_service(&mut net, internet, &free, lang);
        }
    }
    Some(net)
}

/// The DNS a sandbox player of the game asks for [`GAME_HOST`]: a
/// resolver, the root, the `example` TLD's server and `game.example`'s
/// authoritative server, each on the Internet's router `internet` where
/// the data centre was (6 ms), at the places in `free`.
fn name_service(net: &mut Network, internet: MachineId, free: &[Point], lang: Lang) {
    let servers = [
        (Kind::DnsResolver, ""),
        (Kind::DnsRoot, ""),
        (Kind::DnsTld, "example"),
        (Kind::DnsAuthoritative, "game.example"),
    ];
    for (&(kind, zone), &at) in servers.iter().zip(free) {
        let Ok(mut m) = net.new_machine(kind, at, &Tr(lang).t(kind.label_key())) else {
            return;
        };
        if !zone.is_empty() {
            m.settings.insert("zone", zone.to_owned());
        }
        let mut link = net.new_link(internet, m.id);
        link.numbers = LinkNumbers {
            bandwidth_mbps: 1_000,
            delay_ms: 6,
            loss_percent: 0,
        };
        net.machines.push(m);
        net.links.push(link);
    }
}

/// A machine's settings or a task's parameters the lesson sets, by key.
type Values = Vec<(&'static str, String)>;

/// What a lesson's machine is in the sandbox: its kind, the settings the
/// lesson gives it and, for a client, its task and that task's parameters.
struct Sandboxed {
    kind: Kind,
    settings: Values,
    task: Option<(TaskKind, Values)>,
}

/// What the lesson's `node` is in the sandbox; `None` for a machine with
/// no kind there.
fn machine_of(lesson: &str, node: &NodeSpec, asked: &BTreeMap<&str, String>) -> Option<Sandboxed> {
    let setting = |name: &'static str| asked.get(name).map_or("", String::as_str);
    let v = |pairs: &[(&'static str, &str)]| -> Values {
        pairs.iter().map(|&(k, v)| (k, v.to_owned())).collect()
    };
    let server = |kind, pairs: &[(&'static str, &str)]| {
        Some(Sandboxed {
            kind,
            settings: v(pairs),
            task: None,
        })
    };
    let client = |kind, account: &[(&'static str, &str)], what, params: &[(&'static str, &str)]| {
        Some(Sandboxed {
            kind,
            settings: v(account),
            task: Some((what, v(params))),
        })
    };
    if matches!(
        node.role,
        NodeRole::Browser | NodeRole::Phone | NodeRole::Laptop | NodeRole::Client
    ) {
        use TaskKind::*;
        let browser =
            |what, params: &[(&'static str, &str)]| client(Kind::Browser, &[], what, params);
        return match (lesson, node.name_key) {
            ("email", "node-alice") => client(
                Kind::MailClient,
                &[("account", "alice@alice.example")],
                SendMail,
                &[("to", "bob@bob.example")],
            ),
            ("email", _) => client(
                Kind::MailClient,
                &[("account", "bob@bob.example")],
                ReadMail,
                &[("how", setting("read"))],
            ),
            ("game", _) => browser(PlayGame, &[("host", GAME_HOST)]),
            ("api", _) => browser(
                CallApi,
                &[("host", "api.example"), ("style", setting("style"))],
            ),
            ("websocket", _) => {
                browser(Chat, &[("host", "chat.example"), ("how", setting("mode"))])
            }
            ("files", _) => browser(
                DownloadFile,
                &[("host", "files.example"), ("how", setting("how"))],
            ),
            // A call's browsers first hold a WebSocket to the signalling
            // server; the call itself is no sandbox task.
            ("streaming", _) if setting("kind") == "webrtc" => {
                browser(Chat, &[("host", "signal.example"), ("how", "websocket")])
            }
            ("streaming", _) if setting("kind") == "rtsp" => {
                browser(WatchStream, &[("host", CAMERA_HOST), ("how", "rtsp")])
            }
            ("streaming", _) => browser(WatchStream, &[("host", "video.example"), ("how", "hls")]),
            ("login", _) => browser(OpenPage, &[("host", "notes.example")]),
            ("database", _) => browser(OpenPage, &[("host", "school.example")]),
            ("what-is-a-server", _) => browser(OpenPage, &[("host", "server.example.com")]),
            _ => browser(OpenPage, &[("host", "www.example.com")]),
        };
    }
    let web = |host| server(Kind::WebServer, &[("host", host)]);
    match node.name_key {
        "node-root-dns" => server(Kind::DnsRoot, &[]),
        "node-tld-dns" => server(Kind::DnsTld, &[("zone", "com")]),
        "node-auth-dns" => server(Kind::DnsAuthoritative, &[("zone", "example.com")]),
        "node-dns" => server(Kind::DnsResolver, &[]),
        // The busy server's software.
        "node-web" | "node-replica" => match setting("server") {
            preset if WEB_PRESETS.contains(&preset) => server(
                Kind::WebServer,
                &[("host", "www.example.com"), ("preset", preset)],
            ),
            _ => web("www.example.com"),
        },
        "node-server-machine" => web("server.example.com"),
        "node-notes" => web("notes.example"),
        "node-api" => web("api.example"),
        "node-chat" => web("chat.example"),
        "node-signal" => web("signal.example"),
        "node-flask" => server(
            Kind::WebServer,
            &[("host", "school.example"), ("preset", "flask-dev")],
        ),
        "node-database" => server(Kind::Database, &[("engine", setting("db"))]),
        "node-files" => server(Kind::FileServer, &[("host", "files.example")]),
        "node-origin" => server(Kind::StreamServer, &[("host", "video.example")]),
        "node-camera" => server(Kind::StreamServer, &[("host", CAMERA_HOST)]),
        "node-game-server" => server(
            Kind::GameServer,
            &[("host", GAME_HOST), ("tick", setting("tick"))],
        ),
        "node-smtp-alice" => server(
            Kind::MailServer,
            &[("domain", "alice.example"), ("mta", setting("mta"))],
        ),
        "node-mx1" | "node-mx2" => server(Kind::MailServer, &[("domain", "bob.example")]),
        "node-balancer" => server(
            Kind::LoadBalancer,
            &[
                ("host", "www.example.com"),
                ("policy", policy(setting("spread"))),
            ],
        ),
        // nginx passes each request on in turn (round robin).
        "node-nginx" => server(Kind::LoadBalancer, &[("host", "www.example.com")]),
        // The game's services fold into its game server.
        "node-data-centre" | "node-login-game" => None,
        _ if node.role == NodeRole::Router => server(Kind::Router, &[]),
        _ => None,
    }
}

/// The busy-server lesson's spreading as the balancer's policy.
fn policy(spread: &str) -> &'static str {
    match spread {
        "lc" => "least-connections",
        "p2c" => "power-of-two",
        _ => "round-robin",
    }
}

/// Adds node `i` of the lesson as the machine it is in the sandbox, every
/// setting and parameter at its default unless the lesson gives it; its id.
fn machine(
    net: &mut Network,
    world: &World,
    (i, node): (usize, &NodeSpec),
    Sandboxed {
        kind,
        settings,
        task,
    }: Sandboxed,
    lang: Lang,
) -> MachineId {
    let defaults = |fields: &[cslab_sandbox::fields::Field], given: &Values| {
        let mut out: BTreeMap<&'static str, String> = (fields.iter())
            .map(|f| (f.key, f.default.to_owned()))
            .collect();
        out.extend(given.iter().filter(|(_, v)| !v.is_empty()).cloned());
        out
    };
    // A router that translates is a home router, with the lesson's public
    // address.
    let nat = world.nat(NodeId(i as u32)).map(|nat| nat.public);
    let (kind, settings) = match (kind, nat) {
        (Kind::Router, Some(public)) => (
            Kind::HomeRouter,
            BTreeMap::from([("public-address", public.to_string())]),
        ),
        _ => (kind, defaults(kind.settings(), &settings)),
    };
    let id = MachineId(net.machines.len() as u32 + 1);
    net.machines.push(Machine {
        id,
        kind,
        name: node.name(Tr(lang)),
        address: world.nodes()[i].addr,
        at: place(node),
        settings,
        task: task.map(|(what, params)| Task {
            what,
            params: defaults(what.params(), &params),
        }),
    });
    id
}

/// Where the editor draws `node`: the lesson's stage is what the editor
/// shows of a plan at its smallest, so the machines come out at the
/// lessons' size.
fn place(node: &NodeSpec) -> Point {
    let view = (MIN_VIEW.0 as u32, MIN_VIEW.1 as u32);
    let (x, y) = plan_place(node.x, node.y, view);
    Point {
        x: x.into(),
        y: y.into(),
    }
}

/// A lesson's link in the sandbox's units (whole Mbit/s, ms and percent,
/// within the sandbox's ranges): the database lesson's 0.1 ms between
/// the app and its database becomes 0 ms, a 0.2 % loss none.
fn numbers(spec: &LinkSpec) -> LinkNumbers {
    let within = |value: u64, (min, max): (u64, u64)| value.clamp(min, max);
    LinkNumbers {
        bandwidth_mbps: within((spec.bandwidth_bps + 500_000) / 1_000_000, BANDWIDTH_MBPS),
        delay_ms: within(
            (spec.propagation.as_nanos() + 500_000) / 1_000_000,
            DELAY_MS,
        ),
        loss_percent: within((spec.loss * 100.0).round() as u64, LOSS_PERCENT),
    }
}
