//! The lesson "What happens when you open a web page": a browser asks DNS
//! for the server's address (from the root down, or from its cache), opens
//! TCP (and TLS), sends HTTP and receives the page as packets; a moment
//! later the learner opens it again, and the caches and open connections
//! show what they save. What the learner can change, the run that becomes,
//! and what each machine holds.

use super::address::{InAddress, Param, Values, number_param, place, switch_param};
use super::layout::world_topology;
use super::machine_state::{cache_rows, nat_rows, socket_rows};
use super::playback::SPEEDS_NS_PER_MS;
use super::questions::{Arg, Choice, Observed, Question};
use super::run::LessonRun;
use super::settings::Field;
use super::{LessonSpec, LessonView, SettingsCard, none};
use cslab_scene::i18n::Lang;
use cslab_scene::kind::PacketKind;
use cslab_scene::story::{Plot, StoryStep};
use cslab_scene::topology::{NodeRole, Topology};
use cslab_sim::apps::browser::HttpMode;
use cslab_sim::apps::browser::trace_code;
use cslab_sim::net::{NodeId, NodeKind, World};
use cslab_sim::proto::tcp::InitialWindow;
use cslab_sim::proto::tcp::flags;
use cslab_sim::runs::pageload::{DnsMode, PageLoadParams, PageLoadReport, PageLoadSim};
use cslab_sim::time::SimTime;
use cslab_sim::trace::{TraceEvent, TraceMode};

pub const LESSON: LessonSpec = LessonSpec {
    code: "web-page",
    title_key: "lesson-web-title",
    intro_keys: &["lesson-web-intro-1", "lesson-web-intro-2"],
    view: LessonView::Stage { load_charts: false },
    card: SettingsCard::WebPage,
    speeds: &SPEEDS_NS_PER_MS,
    default_speed: 1,
    settings: &Field {
        get: |settings| &settings.web,
        get_mut: |settings| &mut settings.web,
    },
    legend: |settings| (&PacketKind::WEB, settings.web.https),
    plot: |_| Some(Plot::PageLoad),
    try_next_key: "lesson-web-try",
    server_gauge: none,
    build: |settings, seed, _| {
        // The page load always keeps its whole trace (a few thousand
        // records): the event list and the sequence view show all of it.
        let sim = PageLoadSim::new(&PageLoadParams {
            seed,
            ..web_page_params(&settings.web)
        })
        .expect("every choice the learner has is valid");
        Some((web_page_topology(&sim), Box::new(sim)))
    },
    off_stage_run: None,
    prepare: none,
    questions: &[CONNECTIONS],
};

/// How many TCP connections the page costs, asked before the first
/// handshake and shown where the page is complete: persistent HTTP keeps
/// one open for every file (RFC 9112 §9.3), non-persistent closes each
/// after its answer (`Connection: close`, §9.6), and a browser opens up to
/// its limit of parallel connections.
const CONNECTIONS: Question = Question {
    key: "ask-web-connections",
    args: |settings| {
        vec![
            ("files", Arg::Number(PAGE_FILES)),
            ("mode", Arg::Words(mode_key(settings.web.mode))),
            ("parallel", Arg::Number(settings.web.parallel.into())),
        ]
    },
    ask: StoryStep::Handshake,
    reveal: &[StoryStep::PageDone],
    // One connection for everything, up to one for each file.
    choices: |_| (1..=PAGE_FILES + 1).map(Choice::Number).collect(),
    observe: connections_opened,
};

/// The files the page links (a stylesheet, a script and an image).
const PAGE_FILES: u64 = 3;

/// The SYNs the browser sent by `until` (not counting one sent again),
/// against the files it received.
fn connections_opened(world: &World, until: SimTime) -> Option<Observed> {
    let browser = (world.nodes().iter())
        .find(|node| node.kind == NodeKind::Host)?
        .id;
    let trace = world.trace();
    let (mut syns, mut files) = (0, 0);
    for record in trace.records().take_while(|record| record.t <= until) {
        match record.ev {
            TraceEvent::PacketSent { pkt, src, .. } if src == browser => {
                let tcp = trace.header(pkt).and_then(|header| header.msg.tcp);
                syns += u64::from(
                    tcp.is_some_and(|tcp| tcp.flags == flags::SYN && !tcp.retransmission),
                );
            }
            TraceEvent::App {
                code: trace_code::OBJECT_DONE,
                ..
            } => files += 1,
            _ => {}
        }
    }
    let explain_key = match syns {
        1 => "explain-web-one-connection",
        _ if syns == files => "explain-web-one-each",
        _ => "explain-web-shared",
    };
    Some(Observed {
        answer: Choice::Number(syns),
        explain_key,
        args: vec![("syns", Arg::Number(syns)), ("files", Arg::Number(files))],
    })
}

/// The message id of an HTTP mode's name.
pub fn mode_key(mode: HttpMode) -> &'static str {
    match mode {
        HttpMode::NonPersistent => "mode-nonpersistent",
        HttpMode::Persistent => "mode-persistent",
        HttpMode::Pipelined => "mode-pipelined",
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
        objects: PAGE_FILES as u32,
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
pub(super) fn web_page_topology(sim: &PageLoadSim) -> Topology {
    let ids = sim.nodes();
    world_topology(sim.world(), |node| match node.id {
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
    })
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
    /// Its sockets, DNS caches and NAT table (see [`super::machine_state`]).
    fn node_state(&self, node: NodeId, _lang: Lang) -> Vec<(&'static str, String)> {
        let ids = self.nodes();
        let world = self.world();
        match node {
            id if id == ids.client => {
                let mut facts = socket_rows(world, &self.browser_host().tcp, id, &[]);
                facts.extend(cache_rows(world, &self.browser_host().app.stub.cache));
                facts
            }
            id if id == ids.server => socket_rows(world, &self.server_host().tcp, id, &[]),
            id if id == ids.resolver => cache_rows(world, &self.resolver().cache),
            id if id == ids.router => nat_rows(world, id),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Lesson;
    use crate::lesson::settings::Settings;

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<WebPageSettings>();
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
        let (_, mut run) = Lesson(&LESSON).build(&Settings::default(), 1).unwrap();
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
                "state-socket",
                "ESTAB 0 0 192.168.1.10:49152 203.0.113.80:80",
            );
            server_connected |= has(
                &run.node_state(NodeId(2), Lang::En),
                "state-socket",
                // The server sees the home router's public address (NAT).
                "ESTAB 0 0 203.0.113.80:80 198.51.100.23:",
            );
        }
        assert!(
            browser_connected && server_connected,
            "both ends show the open connection"
        );
        assert!(has(
            &run.node_state(NodeId(2), Lang::En),
            "state-socket",
            "LISTEN 0 128 0.0.0.0:80 0.0.0.0:*"
        ));
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
        assert!(!has(&router, "state-socket", ""));
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
}
