//! The built-in lessons: what each puts on the stage, the simulation it runs,
//! and the messages that narrate it.

use super::address::{InAddress, Param, Values, number_param, place, switch_param};
use super::compare::CompareSettings;
use super::gossip_lesson::GossipSettings;
use super::server_says_no::{RefusalSettings, server_model, server_says_no_params};
use super::under_load::{LoadSettings, under_load_params};
use crate::i18n::Lang;
use crate::scene::capture::record_text;
use crate::scene::kind::PacketKind;
use crate::scene::story::Plot;
use crate::scene::topology::{LinkSpec, NodeRole, NodeSpec, STAGE_HEIGHT, Topology};
use cslab_sim::apps::browser::HttpMode;
use cslab_sim::net::{NodeId, NodeInfo, NodeKind, Proto, World};
use cslab_sim::proto::dns::DnsCache;
use cslab_sim::proto::tcp::InitialWindow;
#[cfg(test)]
use cslab_sim::proto::tcp::flags;
use cslab_sim::proto::tcp::{Conn, TcpState};
use cslab_sim::runs::load::{Balancing, LoadParams, LoadSim};
use cslab_sim::runs::pageload::{DnsMode, PageLoadParams, PageLoadReport, PageLoadSim};
use cslab_sim::runs::queue::QueueSim;
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;

/// A running simulation a lesson animates.
pub trait LessonRun {
    fn world(&self) -> &World;
    fn world_mut(&mut self) -> &mut World;
    /// Simulates every event up to `t` (and whatever the run records on the
    /// way, such as chart samples).
    fn run_until(&mut self, t: SimTime) {
        self.world_mut().run_until(t);
    }
    /// The load run behind a lesson about servers under load, for its
    /// charts and its switches.
    fn load(&self) -> Option<&LoadSim> {
        None
    }
    fn load_mut(&mut self) -> Option<&mut LoadSim> {
        None
    }
    /// A page load's report, once its page is complete.
    fn page_load(&self) -> Option<PageLoadReport> {
        None
    }
    /// What a node holds now, as (label message id, value): its open TCP
    /// connections, its DNS cache; counts are written in `lang`.
    fn node_state(&self, _node: NodeId, _lang: Lang) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

impl LessonRun for QueueSim {
    fn world(&self) -> &World {
        QueueSim::world(self)
    }
    fn world_mut(&mut self) -> &mut World {
        QueueSim::world_mut(self)
    }
}

impl LessonRun for LoadSim {
    fn world(&self) -> &World {
        LoadSim::world(self)
    }
    fn world_mut(&mut self) -> &mut World {
        LoadSim::world_mut(self)
    }
    fn run_until(&mut self, t: SimTime) {
        LoadSim::run_until(self, t);
    }
    fn load(&self) -> Option<&LoadSim> {
        Some(self)
    }
    fn load_mut(&mut self) -> Option<&mut LoadSim> {
        Some(self)
    }
    fn node_state(&self, node: NodeId, lang: Lang) -> Vec<(&'static str, String)> {
        let Some(server) = self.server_on(node) else {
            return Vec::new();
        };
        let model = server.model();
        let of = |used: u64, limit: u32| {
            format!("{} / {}", lang.integer(used), lang.integer(limit.into()))
        };
        vec![
            (
                "state-workers",
                of(server.busy_threads().into(), model.threads),
            ),
            (
                "state-backlog",
                of(
                    server.backlog_len() as u64,
                    model.overflow.places(model.backlog),
                ),
            ),
            ("state-refused", lang.integer(server.stats.refused)),
            (
                "state-dropped",
                lang.integer(server.stats.syn_dropped + server.stats.acks_dropped),
            ),
        ]
    }
}

impl LessonRun for PageLoadSim {
    fn world(&self) -> &World {
        PageLoadSim::world(self)
    }
    fn world_mut(&mut self) -> &mut World {
        PageLoadSim::world_mut(self)
    }
    fn page_load(&self) -> Option<PageLoadReport> {
        // Asked on every refresh of the panel: build the report only once
        // there is one to show (the first visit is complete).
        self.browser()
            .timeline
            .complete_at
            .is_some()
            .then(|| self.report())
    }
    /// Addresses, ports and TTLs are the protocols' own text, as a packet
    /// capture shows them: not written in the learner's language.
    fn node_state(&self, node: NodeId, _lang: Lang) -> Vec<(&'static str, String)> {
        let ids = self.nodes();
        let world = self.world();
        let now = world.now();
        let names = world.names();
        let connections = |conns: &[Conn]| {
            conns
                .iter()
                .filter(|conn| conn.state != TcpState::Closed)
                .map(|conn| {
                    (
                        "state-connection",
                        format!(
                            "{} {}:{} {}",
                            tcp_state_name(conn.state),
                            conn.remote,
                            conn.remote_port,
                            port_text(conn.local_port)
                        ),
                    )
                })
                .collect::<Vec<_>>()
        };
        let cache = |cache: &DnsCache| {
            cache
                .entries(now)
                .map(|(name, rtype, entry)| {
                    let ttl = (entry.expires - now).as_nanos() / 1_000_000_000;
                    let records: Vec<String> =
                        entry.rrs.iter().map(|rr| record_text(names, rr)).collect();
                    let records = if records.is_empty() {
                        format!("{rtype:?} {:?}", entry.rcode).to_uppercase()
                    } else {
                        records.join(", ")
                    };
                    (
                        "state-cache",
                        format!("{} {records} (TTL {ttl} s)", names.text(name)),
                    )
                })
                .collect::<Vec<_>>()
        };
        match node {
            id if id == ids.client => {
                let mut facts = connections(self.browser_host().tcp.conns());
                facts.extend(cache(&self.browser_host().app.stub.cache));
                facts
            }
            id if id == ids.server => connections(self.server_host().tcp.conns()),
            id if id == ids.resolver => cache(&self.resolver().cache),
            id if id == ids.router => nat_state(world, id),
            _ => Vec::new(),
        }
    }
}

/// A home router's public address and its NAT table: `TCP 192.168.1.10:49152
/// ↔ 198.51.100.23:49152`, inside endpoint first.
fn nat_state(world: &World, router: NodeId) -> Vec<(&'static str, String)> {
    let Some(nat) = world.nat(router) else {
        return Vec::new();
    };
    let mut facts = vec![("state-public-address", nat.public.to_string())];
    facts.extend(nat.table(world.now()).map(|m| {
        let proto = match m.proto {
            Proto::Tcp => "TCP",
            Proto::Udp => "UDP",
        };
        (
            "state-nat",
            format!(
                "{proto} {}:{} ↔ {}:{}",
                m.inside, m.inside_port, nat.public, m.public_port
            ),
        )
    }));
    facts
}

/// A TCP state as RFC 793 writes it.
fn tcp_state_name(state: TcpState) -> &'static str {
    match state {
        TcpState::SynSent => "SYN-SENT",
        TcpState::SynRcvd => "SYN-RECEIVED",
        TcpState::Established => "ESTABLISHED",
        TcpState::FinWait1 => "FIN-WAIT-1",
        TcpState::FinWait2 => "FIN-WAIT-2",
        TcpState::CloseWait => "CLOSE-WAIT",
        TcpState::Closing => "CLOSING",
        TcpState::LastAck => "LAST-ACK",
        TcpState::TimeWait => "TIME-WAIT",
        TcpState::Closed => "CLOSED",
    }
}

/// `(port 49152)`: the local end of a connection.
fn port_text(port: u16) -> String {
    format!("(:{port})")
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lesson {
    /// "What happens when you open a web page".
    #[default]
    WebPage,
    /// "The server says no": a full accept queue refuses requests.
    ServerSaysNo,
    /// "A server under load": the learner raises the load, changes the
    /// server and spreads the load over several; charts follow.
    UnderLoad,
    /// "Client-server or peer-to-peer?": one file to N peers, by a server
    /// alone and by a swarm, side by side.
    Compare,
    /// "A block spreads by gossip": rounds against network size.
    Gossip,
}

/// What the learner has set in the lessons that have settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    pub web: WebPageSettings,
    pub refusal: RefusalSettings,
    pub load: LoadSettings,
    pub compare: CompareSettings,
    pub gossip: GossipSettings,
}

impl Lesson {
    /// Sets `name`, if it is one of this lesson's settings (see
    /// [`Settings::set_from_query`]).
    pub fn set_from_query(
        self,
        settings: &mut Settings,
        name: &str,
        value: &str,
    ) -> Option<Result<(), String>> {
        use super::address::set_from_query as set;
        match self {
            Lesson::WebPage => set(&mut settings.web, name, value),
            Lesson::ServerSaysNo => set(&mut settings.refusal, name, value),
            Lesson::UnderLoad => set(&mut settings.load, name, value),
            Lesson::Compare => set(&mut settings.compare, name, value),
            Lesson::Gossip => set(&mut settings.gossip, name, value),
        }
    }

    /// This lesson's settings, every one, as the address writes them.
    pub fn settings_query(self, settings: &Settings) -> Vec<(&'static str, String)> {
        use super::address::all_query as all;
        match self {
            Lesson::WebPage => all(&settings.web),
            Lesson::ServerSaysNo => all(&settings.refusal),
            Lesson::UnderLoad => all(&settings.load),
            Lesson::Compare => all(&settings.compare),
            Lesson::Gossip => all(&settings.gossip),
        }
    }
}

impl Settings {
    /// Sets the parameter `name` of whichever lesson's setting it is: `None`
    /// if it is none of theirs, an error naming the values it takes.
    pub fn set_from_query(&mut self, name: &str, value: &str) -> Option<Result<(), String>> {
        use super::address::set_from_query as set;
        set(&mut self.web, name, value)
            .or_else(|| set(&mut self.refusal, name, value))
            .or_else(|| set(&mut self.load, name, value))
            .or_else(|| set(&mut self.compare, name, value))
            .or_else(|| set(&mut self.gossip, name, value))
    }

    /// Every lesson's settings that differ from the defaults, as the
    /// address writes them.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        use super::address::to_query;
        [
            to_query(&self.web),
            to_query(&self.refusal),
            to_query(&self.load),
            to_query(&self.compare),
            to_query(&self.gossip),
        ]
        .concat()
    }

    /// The names of every lesson's parameters.
    pub fn names() -> Vec<&'static str> {
        use super::address::names;
        [
            names::<WebPageSettings>(),
            names::<RefusalSettings>(),
            names::<LoadSettings>(),
            names::<CompareSettings>(),
            names::<GossipSettings>(),
        ]
        .concat()
    }
}

impl Lesson {
    pub const ALL: [Lesson; 5] = [
        Lesson::WebPage,
        Lesson::ServerSaysNo,
        Lesson::UnderLoad,
        Lesson::Compare,
        Lesson::Gossip,
    ];

    /// The form `?lesson=` takes.
    pub fn code(self) -> &'static str {
        match self {
            Lesson::WebPage => "web-page",
            Lesson::ServerSaysNo => "server-says-no",
            Lesson::UnderLoad => "server-under-load",
            Lesson::Compare => "cs-vs-p2p",
            Lesson::Gossip => "gossip",
        }
    }

    pub fn from_code(code: &str) -> Option<Lesson> {
        Lesson::ALL.into_iter().find(|lesson| lesson.code() == code)
    }

    pub fn title_key(self) -> &'static str {
        match self {
            Lesson::WebPage => "lesson-web-title",
            Lesson::ServerSaysNo => "lesson-refuse-title",
            Lesson::UnderLoad => "lesson-load-title",
            Lesson::Compare => "lesson-compare-title",
            Lesson::Gossip => "lesson-gossip-title",
        }
    }

    /// The paragraphs that introduce the lesson.
    pub fn intro_keys(self) -> &'static [&'static str] {
        match self {
            Lesson::WebPage => &["lesson-web-intro-1", "lesson-web-intro-2"],
            Lesson::ServerSaysNo => &["lesson-refuse-intro-1", "lesson-refuse-intro-2"],
            Lesson::UnderLoad => &["lesson-load-intro-1", "lesson-load-intro-2"],
            Lesson::Compare => &["lesson-compare-intro-1", "lesson-compare-intro-2"],
            Lesson::Gossip => &["lesson-gossip-intro-1", "lesson-gossip-intro-2"],
        }
    }

    /// The kinds of packet the lesson's legend explains, and whether any of
    /// them travel encrypted.
    pub fn legend(self, web: &WebPageSettings) -> (&'static [PacketKind], bool) {
        match self {
            Lesson::WebPage => (&PacketKind::ALL, web.https),
            Lesson::ServerSaysNo | Lesson::UnderLoad => {
                (&[PacketKind::TcpControl, PacketKind::Http], false)
            }
            Lesson::Compare | Lesson::Gossip => (&[], false),
        }
    }

    /// The story its narration tells, step by step (a lesson told by its
    /// charts has none).
    pub fn plot(self, settings: &Settings) -> Option<Plot> {
        match self {
            Lesson::WebPage => Some(Plot::PageLoad),
            Lesson::ServerSaysNo => Some(settings.refusal.refusal.plot()),
            Lesson::UnderLoad | Lesson::Compare | Lesson::Gossip => None,
        }
    }

    /// For a lesson about one busy server: its workers and accept-queue
    /// places, which the stage shows filling up.
    pub fn server_gauge(self, settings: &Settings) -> Option<(u32, u32)> {
        match self {
            Lesson::WebPage | Lesson::UnderLoad | Lesson::Compare | Lesson::Gossip => None,
            Lesson::ServerSaysNo => {
                let model = server_model(settings.refusal.refusal);
                Some((model.threads, model.overflow.places(model.backlog)))
            }
        }
    }

    /// The speed slider's stop the lesson opens at (1 s of real time is
    /// 10 ms of a page load, 100 ms of a busy server).
    pub fn default_speed(self) -> usize {
        match self {
            Lesson::WebPage => 4,
            Lesson::ServerSaysNo => 5,
            Lesson::UnderLoad | Lesson::Compare | Lesson::Gossip => 6,
        }
    }

    /// The network to draw and the simulation that runs on it, with `seed`
    /// (a restart takes the next one, so random losses fall elsewhere); none
    /// for the comparison, whose two runs are flows, not packets.
    pub fn build(self, settings: &Settings, seed: u64) -> Option<(Topology, Box<dyn LessonRun>)> {
        self.build_traced(settings, seed, None)
    }

    /// [`Lesson::build`], keeping every trace record when `trace` says so
    /// (a transcript needs them all; the page keeps a bounded window).
    pub fn build_traced(
        self,
        settings: &Settings,
        seed: u64,
        trace: Option<TraceMode>,
    ) -> Option<(Topology, Box<dyn LessonRun>)> {
        let load = |params: LoadParams| {
            let sim = LoadSim::new(&LoadParams {
                seed,
                trace: trace.unwrap_or(params.trace),
                ..params
            })
            .expect("every choice the learner has is valid");
            (load_topology(&sim), Box::new(sim) as Box<dyn LessonRun>)
        };
        Some(match self {
            Lesson::WebPage => {
                let sim = PageLoadSim::new(&PageLoadParams {
                    seed,
                    ..web_page_params(&settings.web)
                })
                .expect("every choice the learner has is valid");
                (web_page_topology(&sim), Box::new(sim))
            }
            Lesson::ServerSaysNo => load(server_says_no_params(&settings.refusal)),
            Lesson::UnderLoad => load(under_load_params(&settings.load)),
            Lesson::Compare | Lesson::Gossip => return None,
        })
    }
}

/// What the learner can change in the page-load lesson; every combination of
/// the choices below is a valid run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WebPageSettings {
    pub rtt_ms: u32,
    pub bandwidth_mbps: u32,
    pub loss_percent: u32,
    pub mode: HttpMode,
    pub parallel: u32,
    pub https: bool,
    pub dns_cached: bool,
    pub init_cwnd: InitialWindow,
}

impl Default for WebPageSettings {
    /// A page 40 ms away over a 20 Mbit/s line, one persistent connection,
    /// plain HTTP, the name resolved from scratch, TCP starting with 10
    /// segments.
    fn default() -> Self {
        WebPageSettings {
            rtt_ms: 40,
            bandwidth_mbps: 20,
            loss_percent: 0,
            mode: HttpMode::Persistent,
            parallel: 1,
            https: false,
            dns_cached: false,
            init_cwnd: InitialWindow::Rfc6928,
        }
    }
}

pub const RTT_CHOICES_MS: [u32; 4] = [10, 40, 100, 300];

impl InAddress for WebPageSettings {
    const PARAMS: &'static [Param<Self>] = &[
        number_param!("rtt", RTT_CHOICES_MS, rtt_ms),
        number_param!("bandwidth", BANDWIDTH_CHOICES_MBPS, bandwidth_mbps),
        number_param!("loss", LOSS_CHOICES_PERCENT, loss_percent),
        Param {
            name: "http",
            values: Values::Words(HTTP_MODES.len(), |i| HTTP_MODES[i].as_str()),
            get: |s| place(&HTTP_MODES, &s.mode),
            set: |s, i| s.mode = HTTP_MODES[i],
        },
        number_param!("parallel", PARALLEL_CHOICES, parallel),
        switch_param!("https", https),
        switch_param!("dns-cached", dns_cached),
        Param {
            name: "init-cwnd",
            values: Values::Words(INIT_CWND_CODES.len(), |i| INIT_CWND_CODES[i]),
            get: |s| place(&INIT_CWND_CHOICES, &s.init_cwnd),
            set: |s, i| s.init_cwnd = INIT_CWND_CHOICES[i],
        },
    ];
}

/// [`INIT_CWND_CHOICES`] as the address writes them: their segments.
const INIT_CWND_CODES: [&str; 2] = ["10", "3"];

pub const BANDWIDTH_CHOICES_MBPS: [u32; 4] = [1, 10, 20, 100];
pub const LOSS_CHOICES_PERCENT: [u32; 4] = [0, 1, 5, 10];
pub const PARALLEL_CHOICES: [u32; 4] = [1, 2, 4, 6];
pub const HTTP_MODES: [HttpMode; 3] = [
    HttpMode::NonPersistent,
    HttpMode::Persistent,
    HttpMode::Pipelined,
];
/// Today's servers (RFC 6928, Linux since 2.6.39) and RFC 5681's.
pub const INIT_CWND_CHOICES: [InitialWindow; 2] = [InitialWindow::Rfc6928, InitialWindow::Rfc5681];

/// A small page (a base file of 2 kB that links a stylesheet, a script and
/// one image of 6 kB each: [`cslab_sim::runs::pageload::object_path`])
/// under the learner's settings.
pub fn web_page_params(web: &WebPageSettings) -> PageLoadParams {
    PageLoadParams {
        objects: 3,
        object_kb: 6.0,
        init_cwnd: web.init_cwnd,
        rtt_ms: web.rtt_ms as f64,
        bandwidth_mbps: web.bandwidth_mbps as f64,
        loss: web.loss_percent as f64 / 100.0,
        mode: web.mode,
        parallel: web.parallel,
        tls: web.https,
        dns: if web.dns_cached {
            DnsMode::Cached
        } else {
            DnsMode::Iterative
        },
        trace: TraceMode::Full,
        // The learner comes back a moment later: the story shows what the
        // caches and an open connection save.
        revisit_after_s: Some(REVISIT_AFTER_S),
        ..PageLoadParams::default()
    }
}

/// How long after the page is complete the lesson's learner opens it again:
/// short, so the animation does not stand still for long.
const REVISIT_AFTER_S: f64 = 0.05;

/// The page-load world laid out for the stage: the browser, its router and
/// the web server along the bottom; the local DNS server above the router; the
/// Internet's routers and the root, .com and example.com DNS servers above.
fn web_page_topology(sim: &PageLoadSim) -> Topology {
    let ids = sim.nodes();
    world_topology(sim.world(), |node| {
        let (role, name_key, description_key, x, y) = match node.id {
            id if id == ids.client => (NodeRole::Browser, "node-browser", "role-browser", 100, 350),
            id if id == ids.router => (NodeRole::Router, "node-router", "role-router", 300, 350),
            id if id == ids.server => (NodeRole::WebServer, "node-web", "role-web", 700, 350),
            id if id == ids.resolver => (NodeRole::DnsServer, "node-dns", "role-dns", 300, 200),
            id if id == ids.core => (NodeRole::Router, "node-internet", "role-internet", 545, 200),
            id if id == ids.root => (
                NodeRole::DnsServer,
                "node-root-dns",
                "role-root-dns",
                440,
                75,
            ),
            id if id == ids.tld => (NodeRole::DnsServer, "node-tld-dns", "role-tld-dns", 565, 75),
            _ => (
                NodeRole::DnsServer,
                "node-auth-dns",
                "role-auth-dns",
                705,
                75,
            ),
        };
        Place {
            role,
            name_key,
            number: None,
            description_key,
            x,
            y,
        }
    })
}

/// The load world laid out for the stage: client hosts in a column on the
/// left, the router or balancer in the middle, the servers in a column on
/// the right; nodes keep the world's order so link ends index both.
fn load_topology(sim: &LoadSim) -> Topology {
    let world = sim.world();
    let (balancer_name, balancer_role) = match sim.params().balancing {
        Balancing::Nginx { .. } => ("node-nginx", "role-nginx"),
        _ => ("node-balancer", "role-balancer"),
    };
    let balanced = !matches!(sim.params().balancing, Balancing::Dns { .. });
    let count = |kind: NodeKind| {
        world
            .nodes()
            .iter()
            .filter(|node| node.kind == kind)
            .count() as u32
    };
    let (clients, servers) = (count(NodeKind::Host), count(NodeKind::Server));
    let (mut client_number, mut server_number) = (0, 0);
    world_topology(world, |node| {
        let (role, name_key, number, description_key, x, y) = match node.kind {
            NodeKind::Router if balanced => (
                NodeRole::Balancer,
                balancer_name,
                None,
                balancer_role,
                400,
                STAGE_HEIGHT / 2,
            ),
            NodeKind::Router => (
                NodeRole::Router,
                "node-router",
                None,
                "role-net-router",
                400,
                STAGE_HEIGHT / 2,
            ),
            NodeKind::Server => {
                server_number += 1;
                let (name_key, number) = if servers == 1 {
                    ("node-web", None)
                } else {
                    ("node-replica", Some(server_number))
                };
                let y = column_y(server_number, servers);
                (NodeRole::WebServer, name_key, number, "role-web", 670, y)
            }
            NodeKind::Host => {
                client_number += 1;
                let y = column_y(client_number, clients);
                (
                    NodeRole::Client,
                    "node-client",
                    Some(client_number),
                    "role-client",
                    130,
                    y,
                )
            }
        };
        Place {
            role,
            name_key,
            number,
            description_key,
            x,
            y,
        }
    })
}

/// Where the `n`th (from 1) of `count` nodes in a column stands: spaced so a
/// name and address (66 units below a node's point, its icon 40 above) never
/// reach the next icon, the column centred on the stage.
fn column_y(n: u32, count: u32) -> u32 {
    let spacing = if count > 1 {
        ((STAGE_HEIGHT - 110) / (count - 1)).min(110)
    } else {
        0
    };
    let top = (STAGE_HEIGHT - spacing * (count - 1) - 106) / 2 + 40;
    top + spacing * (n - 1)
}

/// Where and how a lesson draws one node.
struct Place {
    role: NodeRole,
    name_key: &'static str,
    number: Option<u32>,
    description_key: &'static str,
    x: u32,
    y: u32,
}

/// Every node of `world`, placed by `place`, with its address, and every
/// link; nodes keep the world's order, so link ends index both.
fn world_topology(world: &World, mut place: impl FnMut(&NodeInfo) -> Place) -> Topology {
    let nodes = world
        .nodes()
        .iter()
        .map(|node| {
            let Place {
                role,
                name_key,
                number,
                description_key,
                x,
                y,
            } = place(node);
            NodeSpec {
                role,
                name_key,
                number,
                description_key,
                address: node.addr.to_string(),
                x,
                y,
            }
        })
        .collect();
    let links = world
        .links()
        .iter()
        .map(|link| LinkSpec {
            a: link.a.index(),
            b: link.b.index(),
        })
        .collect();
    Topology { nodes, links }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<WebPageSettings>();
    }

    /// One name, one setting: no two lessons share a parameter, and none is
    /// one of the page's own.
    #[test]
    fn the_address_names_each_setting_once() {
        let names = Settings::names();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        for own in ["lang", "lesson", "embed", "debug", "bench"] {
            assert!(!names.contains(&own), "{own}");
        }
        let settings = Settings {
            web: WebPageSettings {
                https: true,
                ..WebPageSettings::default()
            },
            gossip: GossipSettings {
                nodes: 50,
                ..GossipSettings::default()
            },
            ..Settings::default()
        };
        let query = settings.to_query();
        assert_eq!(
            query,
            vec![("https", "1".to_string()), ("nodes", "50".to_string())]
        );
        let mut back = Settings::default();
        for (name, value) in &query {
            assert_eq!(back.set_from_query(name, value), Some(Ok(())));
        }
        assert_eq!(back, settings);
        assert_eq!(back.set_from_query("frames", "9"), None);
    }

    use crate::scene::topology::STAGE_WIDTH;

    #[test]
    fn every_lesson_is_a_connected_drawable_network() {
        for lesson in Lesson::ALL {
            let Some((topology, _)) = lesson.build(&Settings::default(), 1) else {
                continue;
            };
            for node in &topology.nodes {
                assert!(
                    node.x < STAGE_WIDTH && node.y < STAGE_HEIGHT,
                    "{node:?} is off the stage"
                );
            }
            // Every node is reachable from the first over the links.
            let mut reached = vec![false; topology.nodes.len()];
            reached[0] = true;
            for _ in 0..topology.nodes.len() {
                for link in &topology.links {
                    if reached[link.a] || reached[link.b] {
                        reached[link.a] = true;
                        reached[link.b] = true;
                    }
                }
            }
            assert!(reached.iter().all(|&r| r), "{lesson:?} is not connected");
            assert_eq!(Lesson::from_code(lesson.code()), Some(lesson));
        }
    }

    #[test]
    fn the_web_page_lesson_loads_its_page() {
        let report =
            cslab_sim::runs::pageload::run_pageload(&web_page_params(&WebPageSettings::default()))
                .unwrap();
        assert!(report.page_load_s > 0.0 && report.dns_s > 0.0);
    }

    #[test]
    fn machines_show_their_connections_and_caches() {
        let (_, mut run) = Lesson::WebPage.build(&Settings::default(), 1).unwrap();
        let has = |facts: &[(&str, String)], key: &str, start: &str| {
            facts
                .iter()
                .any(|(k, value)| *k == key && value.starts_with(start))
        };
        let (mut browser_connected, mut server_connected) = (false, false);
        while run.page_load().is_none() {
            run.world_mut().step(1);
            browser_connected |= has(
                &run.node_state(NodeId(0), Lang::En),
                "state-connection",
                "ESTABLISHED 203.0.113.80:80",
            );
            server_connected |= has(
                &run.node_state(NodeId(2), Lang::En),
                "state-connection",
                // The server sees the home router's public address (NAT).
                "ESTABLISHED 198.51.100.23:",
            );
        }
        assert!(
            browser_connected && server_connected,
            "both ends show the open connection"
        );
        assert!(has(
            &run.node_state(NodeId(0), Lang::En),
            "state-cache",
            "www.example.com A 203.0.113.80"
        ));
        assert!(
            has(
                &run.node_state(NodeId(3), Lang::En),
                "state-cache",
                "com NS"
            ),
            "{:?}",
            run.node_state(NodeId(3), Lang::En)
        );
        // The home router holds no connection, but its NAT table maps the
        // browser's DNS and TCP ports to its public address.
        let router = run.node_state(NodeId(1), Lang::En);
        assert!(!has(&router, "state-connection", ""));
        assert!(has(&router, "state-public-address", "198.51.100.23"));
        assert!(has(&router, "state-nat", "UDP 192.168.1.10:"));
        assert!(has(&router, "state-nat", "TCP 192.168.1.10:"));
    }

    #[test]
    fn every_choice_the_learner_has_is_a_valid_run() {
        for rtt_ms in RTT_CHOICES_MS {
            for mode in HTTP_MODES {
                for loss_percent in LOSS_CHOICES_PERCENT {
                    let web = WebPageSettings {
                        rtt_ms,
                        mode,
                        loss_percent,
                        ..WebPageSettings::default()
                    };
                    assert!(web_page_params(&web).validate().is_ok(), "{web:?}");
                }
            }
        }
        for bandwidth_mbps in BANDWIDTH_CHOICES_MBPS {
            for parallel in PARALLEL_CHOICES {
                for (https, dns_cached, init_cwnd) in [
                    (false, false, INIT_CWND_CHOICES[0]),
                    (true, true, INIT_CWND_CHOICES[1]),
                ] {
                    let web = WebPageSettings {
                        bandwidth_mbps,
                        parallel,
                        https,
                        dns_cached,
                        init_cwnd,
                        ..WebPageSettings::default()
                    };
                    assert!(web_page_params(&web).validate().is_ok(), "{web:?}");
                }
            }
        }
    }

    #[test]
    fn the_server_says_no_lesson_resets_only_where_the_system_does() {
        use crate::lesson::server_says_no::Refusal;
        for refusal in Refusal::ALL {
            let settings = Settings {
                refusal: RefusalSettings { refusal },
                ..Settings::default()
            };
            let (_, mut run) = Lesson::ServerSaysNo.build(&settings, 7).unwrap();
            run.world_mut().run();
            let report =
                cslab_sim::runs::load::run_load(&server_says_no_params(&settings.refusal)).unwrap();
            let resets = run
                .world()
                .trace()
                .headers()
                .filter(|header| header.msg.tcp.is_some_and(|tcp| tcp.has(flags::RST)))
                .count() as u64;
            assert_eq!(
                resets, report.refused_by.rst,
                "{refusal:?}: a RST on the wire each"
            );
            if refusal != Refusal::ClosedPort {
                assert!(report.completed > 0, "{refusal:?} still serves");
            }
        }
    }
}
