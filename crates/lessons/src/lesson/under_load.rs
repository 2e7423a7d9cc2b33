//! The lesson "A server under load": what the learner can change (the
//! server, the load, how many servers and how requests are spread, slow
//! clients, CPU- or I/O-bound handlers) and the load run that becomes.

use super::layout::{Place, column_place, world_topology};
use super::playback::{Clocked, SPEEDS_NS_PER_MS};
use super::questions::{Arg, Choice, Observed, RunQuestion, word_choices};
use super::run::LessonRun;
use super::settings::Field;
use super::{Built, LessonSpec, LessonView, SettingsCard, none};
use crate::lesson::address::{InAddress, Param, Values, number_param, place, switch_param};
use cslab_scene::i18n::Lang;
use cslab_scene::kind::PacketKind;
use cslab_scene::topology::{NodeRole, STAGE_HEIGHT, Topology};
use cslab_sim::apps::balancer::Policy;
use cslab_sim::apps::concurrency::Handler;
use cslab_sim::apps::presets::Preset;
use cslab_sim::apps::users::Arrivals;
use cslab_sim::net::NodeKind;
use cslab_sim::net::{NodeId, World};
use cslab_sim::rng::Dist;
use cslab_sim::runs::load::LoadSim;
use cslab_sim::runs::load::{Balancing, LoadParams};
use cslab_sim::time::SimTime;
use cslab_sim::trace::{TraceEvent, TraceMode};
use std::collections::HashMap;

pub const LESSON: LessonSpec = LessonSpec {
    code: "server-under-load",
    title_key: "lesson-load-title",
    intro_keys: &["lesson-load-intro-1", "lesson-load-intro-2"],
    view: LessonView::Stage { load_charts: true },
    card: SettingsCard::Load,
    speeds: &SPEEDS_NS_PER_MS,
    default_speed: 3,
    settings: &Field {
        get: |settings| &settings.load,
        get_mut: |settings| &mut settings.load,
    },
    legend: |_| (LOAD_LEGEND, false),
    plot: none,
    try_next_key: "lesson-load-try",
    server_gauge: none,
    build: |settings, seed, trace| {
        let sim = load_sim(under_load_params(&settings.load), seed, trace);
        Some((load_topology(&sim), Box::new(UnderLoad(sim))))
    },
    off_stage_run: None,
    prepare: none,
    questions: &[],
};

/// What a load run's packets are: connections opening and closing, and
/// HTTP.
pub const LOAD_LEGEND: &[PacketKind] = &[PacketKind::TcpControl, PacketKind::Http];

/// A load run of `params` with `seed`, keeping every trace record if
/// `trace` says so, laid out for the stage.
pub fn build_load(params: LoadParams, seed: u64, trace: Option<TraceMode>) -> Built {
    let sim = load_sim(params, seed, trace);
    (load_topology(&sim), Box::new(sim))
}

/// A load run of `params` with `seed`, keeping every trace record if
/// `trace` says so.
fn load_sim(params: LoadParams, seed: u64, trace: Option<TraceMode>) -> LoadSim {
    LoadSim::new(&LoadParams {
        seed,
        trace: trace.unwrap_or(params.trace),
        ..params
    })
    .expect("every choice the learner has is valid")
}

/// The lesson's load run: the shared one, asking the lesson's question.
struct UnderLoad(LoadSim);

impl LessonRun for UnderLoad {
    fn world(&self) -> &World {
        self.0.world()
    }
    fn world_mut(&mut self) -> &mut World {
        self.0.world_mut()
    }
    fn run_until(&mut self, t: SimTime) {
        LessonRun::run_until(&mut self.0, t);
    }
    fn run_within(&mut self, t: SimTime, events: u64) -> SimTime {
        self.0.run_within(t, events)
    }
    fn load(&self) -> Option<&LoadSim> {
        Some(&self.0)
    }
    fn load_mut(&mut self) -> Option<&mut LoadSim> {
        Some(&mut self.0)
    }
    fn node_state(&self, node: NodeId, lang: Lang) -> Vec<(&'static str, String)> {
        self.0.node_state(node, lang)
    }
    fn questions(&self) -> &'static [RunQuestion] {
        &[IN_THE_SERVER]
    }
}

/// How long a request spends in the server (waiting for a core, then
/// computing), against the 20 ms it computes alone: asked as the run
/// starts, shown once the run has measured it ([`MEASURED_BY`]). Below
/// capacity a request rarely waits; near it the wait grows far faster
/// than the load (one core: R = S/(1 − ρ), Kleinrock, Queueing Systems
/// vol. 1, §3.2; four cores wait later but as steeply, Erlang C); above
/// it the queues fill and connections are turned away. Slow clients hold
/// their requests open for seconds on purpose: with them the times are
/// theirs, and the question is not asked.
const IN_THE_SERVER: RunQuestion = RunQuestion {
    key: "ask-load-time",
    args: |settings| {
        vec![
            ("rate", Arg::Number(settings.load.rate_rps.into())),
            ("capacity", Arg::Number(capacity_rps(&settings.load) as u64)),
            ("service", Arg::Number(SERVICE_MS as u64)),
        ]
    },
    choices: |_| word_choices(&[AS_ALONE, LONGER, MUCH_LONGER, TURNED_AWAY]),
    ask: |run| {
        let load = run.network()?.load()?;
        (load.params().slow_users == 0).then_some(SimTime::ZERO)
    },
    reveal: |run| {
        let world = run.network()?.world();
        (world.now() >= MEASURED_BY || world.next_event_time().is_none())
            .then(|| MEASURED_BY.min(world.now()))
    },
    observe: time_in_server,
};

/// Where the answer shows: the run has measured enough requests by then.
const MEASURED_BY: SimTime = SimTime::from_secs(5);
/// The requests measured: the last ones answered by then (a window the
/// page's bounded trace still holds at every load).
const MEASURED: usize = 100;

/// The choices, each with the sentence that explains it when the run
/// shows it.
const AS_ALONE: (&str, &str) = ("choice-load-as-alone", "explain-load-as-alone");
const LONGER: (&str, &str) = ("choice-load-longer", "explain-load-longer");
const MUCH_LONGER: (&str, &str) = ("choice-load-much-longer", "explain-load-longer");
const TURNED_AWAY: (&str, &str) = ("choice-load-turned-away", "explain-load-turned-away");

/// The mean time the last [`MEASURED`] requests answered by `at` spent
/// in a server (from its acceptance, when the request arrived with the
/// handshake's last ACK, to its answer), and the connections turned away
/// by then (a SYN dropped, or a refusal).
fn time_in_server(run: &dyn Clocked, at: SimTime) -> Option<Observed> {
    let trace = run.network()?.world().trace();
    let mut accepted = HashMap::new();
    let (mut times, mut turned_away) = (Vec::new(), 0u64);
    for record in trace.records().take_while(|record| record.t <= at) {
        match record.ev {
            TraceEvent::ReqAccepted { server, req } => {
                accepted.insert((server, req), record.t);
            }
            TraceEvent::ReqServed { server, req, .. } => {
                times.extend(accepted.remove(&(server, req)).map(|t| record.t - t));
            }
            TraceEvent::ReqRefused { .. } | TraceEvent::ReqDropped { .. } => turned_away += 1,
            _ => {}
        }
    }
    let measured = &times[times.len().saturating_sub(MEASURED)..];
    let total: u64 = measured.iter().map(|t| t.as_nanos()).sum();
    // Turned away says it all: the page's bounded trace may by then hold
    // no request answered from start to end (nor every refusal: the
    // explanation counts none).
    let mean = total.checked_div(measured.len() as u64);
    let (answer, explain_key) = match mean.map(|mean| mean as f64 / 1e6 / SERVICE_MS) {
        _ if turned_away > 0 => TURNED_AWAY,
        Some(ratio) if ratio < 1.25 => AS_ALONE,
        Some(ratio) if ratio < 2.0 => LONGER,
        Some(_) => MUCH_LONGER,
        None => return None,
    };
    let mean = mean.unwrap_or_default();
    Some(Observed {
        answer: Choice::Words(answer),
        explain_key,
        args: vec![
            ("requests", Arg::Number(measured.len() as u64)),
            ("mean", Arg::Millis(SimTime::from_nanos(mean))),
            ("service", Arg::Number(SERVICE_MS as u64)),
            ("at", Arg::Seconds(at)),
        ],
    })
}

/// How requests are spread over the servers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spread {
    Balancer(Policy),
    /// nginx in front, proxying HTTP, with its default round robin.
    Nginx,
    /// No balancer: the name resolves to every server in turn, and each
    /// client network caches its answer.
    Dns,
}

impl Spread {
    pub const ALL: [Spread; 5] = [
        Spread::Balancer(Policy::RoundRobin),
        Spread::Balancer(Policy::LeastConnections),
        Spread::Balancer(Policy::PowerOfTwo),
        Spread::Nginx,
        Spread::Dns,
    ];

    /// The form the address takes.
    pub fn code(self) -> &'static str {
        match self {
            Spread::Balancer(Policy::RoundRobin) => "rr",
            Spread::Balancer(Policy::LeastConnections) => "lc",
            Spread::Balancer(Policy::PowerOfTwo) => "p2c",
            Spread::Balancer(Policy::Random) => "random",
            Spread::Nginx => "nginx",
            Spread::Dns => "dns",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Spread::Balancer(Policy::RoundRobin) => "spread-rr",
            Spread::Balancer(Policy::LeastConnections) => "spread-lc",
            Spread::Balancer(Policy::PowerOfTwo) => "spread-p2c",
            Spread::Balancer(Policy::Random) => "spread-random",
            Spread::Nginx => "spread-nginx",
            Spread::Dns => "spread-dns",
        }
    }
}

/// What the learner can change; every combination is a valid run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadSettings {
    pub preset: Preset,
    /// Requests per second the users send (Poisson arrivals).
    pub rate_rps: u32,
    pub replicas: u32,
    pub spread: Spread,
    /// Clients that trickle their request for ten seconds ("slowloris").
    pub slow_clients: u32,
    /// The handler waits on a database instead of computing.
    pub io_bound: bool,
}

impl Default for LoadSettings {
    /// One Apache prefork server at three quarters of what its four cores
    /// can compute.
    fn default() -> Self {
        LoadSettings {
            preset: Preset::ApachePrefork,
            rate_rps: 150,
            replicas: 1,
            spread: Spread::Balancer(Policy::RoundRobin),
            slow_clients: 0,
            io_bound: false,
        }
    }
}

/// The web servers the learner can pick (the database presets serve the
/// others).
pub const WEB_PRESETS: [Preset; 9] = [
    Preset::ApachePrefork,
    Preset::ApacheEvent,
    Preset::Nginx,
    Preset::Iis,
    Preset::Tomcat,
    Preset::Glassfish,
    Preset::Webrick,
    Preset::Nodejs,
    Preset::FlaskDev,
];
/// The load slider's range and step, requests per second.
pub const RATE_RANGE_RPS: (u32, u32, u32) = (10, 1_000, 10);
pub const REPLICA_CHOICES: [u32; 4] = [1, 2, 4, 8];
pub const SLOW_CLIENT_CHOICES: [u32; 4] = [0, 50, 300, 1_000];
/// Each server is a machine with this many cores (an interpreter lock may
/// allow fewer computations at once).
pub const CORES: u32 = 4;
/// The handler's mean service time.
pub const SERVICE_MS: f64 = 20.0;
/// The offered loads the sweep chart measures (`cslab-cli sweep queue`'s
/// default points), as fractions of what the servers compute.
pub const SWEEP_LOADS: [f64; 9] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
/// New requests stop after this much simulated time.
pub const DURATION_S: f64 = 30.0;
/// Records the animation keeps: enough for every packet in flight and the
/// event list, bounded however long the run.
const TRACE_RECORDS: usize = 20_000;

impl InAddress for LoadSettings {
    const PARAMS: &'static [Param<Self>] = &[
        Param {
            name: "server",
            values: Values::Words(WEB_PRESETS.len(), |i| WEB_PRESETS[i].name()),
            get: |s| place(&WEB_PRESETS, &s.preset),
            set: |s, i| s.preset = WEB_PRESETS[i],
        },
        Param {
            name: "rate",
            values: Values::Range(RATE_RANGE_RPS.0, RATE_RANGE_RPS.1, RATE_RANGE_RPS.2),
            get: |s| ((s.rate_rps - RATE_RANGE_RPS.0) / RATE_RANGE_RPS.2) as usize,
            set: |s, i| s.rate_rps = RATE_RANGE_RPS.0 + RATE_RANGE_RPS.2 * i as u32,
        },
        number_param!("replicas", REPLICA_CHOICES, replicas),
        Param {
            name: "spread",
            values: Values::Words(Spread::ALL.len(), |i| Spread::ALL[i].code()),
            get: |s| place(&Spread::ALL, &s.spread),
            set: |s, i| s.spread = Spread::ALL[i],
        },
        number_param!("slow-clients", SLOW_CLIENT_CHOICES, slow_clients),
        switch_param!("io", io_bound),
    ];
}

/// The load run of `settings`.
pub fn under_load_params(settings: &LoadSettings) -> LoadParams {
    let mut model = settings.preset.model();
    model.cpu_slots = Some(model.cpu_slots.map_or(CORES, |slots| slots.min(CORES)));
    LoadParams {
        preset: settings.preset,
        model: Some(model),
        handler: if settings.io_bound {
            Handler::Io
        } else {
            Handler::Cpu
        },
        service: Dist::Exponential {
            mean_secs: SERVICE_MS / 1e3,
        },
        arrivals: Arrivals::Open {
            rate: settings.rate_rps as f64,
            ramp_to: None,
            ramp_s: 0.0,
        },
        slow_users: settings.slow_clients,
        slow_s: 10.0,
        duration_s: DURATION_S,
        replicas: settings.replicas,
        balancing: match settings.spread {
            Spread::Balancer(policy) => Balancing::Balancer { policy },
            Spread::Nginx => Balancing::Nginx {
                policy: Policy::RoundRobin,
            },
            Spread::Dns => Balancing::Dns { ttl_s: 5.0 },
        },
        client_hosts: 4,
        rtt_ms: 20.0,
        trace: TraceMode::Last(TRACE_RECORDS),
        ..LoadParams::default()
    }
}

/// The requests per second the servers can compute at most: `c / service`
/// for each of them, where `c` is the cores (or fewer, under a lock or with
/// fewer threads).
pub fn capacity_rps(settings: &LoadSettings) -> f64 {
    let c = under_load_params(settings).model().cpu_concurrency();
    settings.replicas as f64 * c as f64 * 1e3 / SERVICE_MS
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
                let (x, y) = column_place(server_number, servers, 670);
                (NodeRole::WebServer, name_key, number, "role-web", x, y)
            }
            NodeKind::Host => {
                client_number += 1;
                let (x, y) = column_place(client_number, clients, 130);
                (
                    NodeRole::Client,
                    "node-client",
                    Some(client_number),
                    "role-client",
                    x,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<LoadSettings>();
    }

    use cslab_sim::runs::load::run_load;

    /// A replica switched off is drawn off from that moment, however few
    /// trace records the run keeps.
    #[test]
    fn a_replica_switched_off_is_drawn_off() {
        use cslab_scene::server_state::switched_off;
        use cslab_sim::time::SimTime;
        let settings = LoadSettings {
            replicas: 2,
            ..LoadSettings::default()
        };
        let mut sim = LoadSim::new(&under_load_params(&settings)).unwrap();
        sim.world_mut().run_until(SimTime::from_secs(1));
        sim.switch_off(0);
        sim.world_mut().run_until(SimTime::from_secs(5));
        let node = (sim.world().nodes().iter())
            .find(|node| sim.server_on(node.id).is_some())
            .map(|node| node.id)
            .unwrap();
        assert!(switched_off(sim.world(), SimTime::from_millis(999)).is_empty());
        assert_eq!(switched_off(sim.world(), SimTime::from_secs(5)), [node]);
    }

    #[test]
    fn every_choice_is_a_valid_run() {
        for preset in WEB_PRESETS {
            for spread in Spread::ALL {
                for slow_clients in SLOW_CLIENT_CHOICES {
                    let settings = LoadSettings {
                        preset,
                        spread,
                        slow_clients,
                        replicas: 8,
                        rate_rps: RATE_RANGE_RPS.1,
                        io_bound: true,
                    };
                    assert!(under_load_params(&settings).validate().is_ok());
                }
            }
        }
    }

    #[test]
    fn below_capacity_every_request_is_served_and_above_it_the_queue_turns_them_away() {
        // Four cores at 20 ms each: 200 requests per second.
        let settings = LoadSettings {
            preset: Preset::FlaskDev,
            ..LoadSettings::default()
        };
        assert_eq!(capacity_rps(&settings), 50.0, "Flask serves one at a time");
        let settings = LoadSettings::default();
        assert_eq!(capacity_rps(&settings), 200.0);
        let short = |rate_rps| {
            let mut p = under_load_params(&LoadSettings {
                rate_rps,
                ..settings
            });
            p.duration_s = 5.0;
            run_load(&p).unwrap()
        };
        let calm = short(100);
        assert_eq!((calm.refused, calm.failed), (0, 0));
        assert!(calm.completed > 400, "{calm:?}");
        // Five times what it can compute: the 256 workers and the 512-place
        // accept queue fill within seconds; then Linux drops SYNs, and the
        // clients wait and send them again: slow, but not refused.
        let flooded = short(1_000);
        assert!(flooded.refused_by.syn_dropped > 0, "{flooded:?}");
        assert!(flooded.syn_retransmissions > 0 && flooded.refused == 0);
        assert!(flooded.p99_response_s > 1.0, "{flooded:?}");
    }
}
