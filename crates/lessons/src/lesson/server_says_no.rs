//! The lesson "The server says no": clients ask a small server faster than
//! it answers, and a switch chooses how it refuses, as real systems do: a
//! Linux server drops the SYN (the client tries again after 1 s, 2 s, …),
//! with `tcp_abort_on_overflow` it resets the connection, Windows refuses at
//! once, IIS's http.sys or a proxy with a limit answers HTTP 503, and a port
//! nobody listens on answers every SYN with a RST.

use super::playback::SPEEDS_NS_PER_MS;
use super::questions::{Arg, Observed, Question, word_choices};
use super::settings::Field;
use super::under_load::{LOAD_LEGEND, build_load};
use super::{LessonSpec, LessonView, SettingsCard};
use crate::lesson::address::{InAddress, Param, Values, place};
use cslab_scene::story::{Plot, StoryStep};
use cslab_sim::apps::concurrency::{ModelKind, Overflow, ServerModel};
use cslab_sim::apps::users::Arrivals;
use cslab_sim::net::World;
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::http::Status;
use cslab_sim::proto::tcp::flags;
use cslab_sim::rng::Dist;
use cslab_sim::runs::load::{Balancing, LoadParams};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceEvent;
use cslab_sim::trace::TraceMode;

pub const LESSON: LessonSpec = LessonSpec {
    code: "server-says-no",
    title_key: "lesson-refuse-title",
    intro_keys: &["lesson-refuse-intro-1", "lesson-refuse-intro-2"],
    view: LessonView::Stage { load_charts: false },
    card: SettingsCard::Refusal,
    speeds: &SPEEDS_NS_PER_MS,
    default_speed: 2,
    settings: &Field {
        get: |settings| &settings.refusal,
        get_mut: |settings| &mut settings.refusal,
    },
    legend: |_| (LOAD_LEGEND, false),
    plot: |settings| Some(settings.refusal.refusal.plot()),
    try_next_key: "lesson-refuse-try",
    server_gauge: |settings| {
        let model = server_model(settings.refusal.refusal);
        Some((model.threads, model.overflow.places(model.backlog)))
    },
    build: |settings, seed, trace| {
        Some(build_load(
            server_says_no_params(&settings.refusal),
            seed,
            trace,
        ))
    },
    off_stage_run: None,
    prepare: super::none,
    questions: &[WHEN_FULL],
};

/// What the next client sees once the accept queue is full, asked where
/// the first connection waits in it and shown where the first client is
/// refused or sends its SYN again.
const WHEN_FULL: Question = Question {
    key: "ask-refuse-full",
    args: |settings| {
        let model = server_model(settings.refusal.refusal);
        vec![
            (
                "places",
                Arg::Number(model.overflow.places(model.backlog).into()),
            ),
            ("system", Arg::Words(settings.refusal.refusal.label_key())),
        ]
    },
    ask: StoryStep::Queued,
    reveal: &[StoryStep::SynAgain, StoryStep::Refused],
    choices: |_| word_choices(&[RST, SILENCE, HTTP_503, WAITS]),
    observe: first_turned_away,
};

/// The choices, each with the sentence that explains it when the run shows
/// it.
const RST: (&str, &str) = ("choice-refuse-rst", "explain-refuse-rst");
const SILENCE: (&str, &str) = ("choice-refuse-silence", "explain-refuse-silence");
const HTTP_503: (&str, &str) = ("choice-refuse-503", "explain-refuse-503");
const WAITS: (&str, &str) = ("choice-refuse-waits", "");

/// The first client turned away by `until`: a RST or a 503 sent to it, or
/// a SYN sent again after the server dropped it; and how full the queue
/// was then.
fn first_turned_away(world: &World, until: SimTime) -> Option<Observed> {
    let trace = world.trace();
    let mut queued = 0;
    for record in trace.records().take_while(|record| record.t <= until) {
        let pkt = match record.ev {
            TraceEvent::ReqQueued { queue_len, .. } => {
                // It joins `queue_len` connections already waiting.
                queued = queued.max(queue_len + 1);
                continue;
            }
            TraceEvent::PacketSent { pkt, .. } => pkt,
            _ => continue,
        };
        let outcome = trace
            .header(pkt)
            .and_then(|header| match (header.msg.tcp, header.msg.app) {
                (Some(tcp), _) if tcp.flags == flags::SYN && tcp.retransmission => Some(SILENCE),
                (Some(tcp), _) if tcp.has(flags::RST) => Some(RST),
                (_, AppMsg::Http(http)) if http.status() == Some(Status::ServiceUnavailable) => {
                    Some(HTTP_503)
                }
                _ => None,
            });
        if let Some(answer) = outcome {
            let args = vec![("queued", Arg::Number(queued.into()))];
            return Some(Observed::words(answer, args));
        }
    }
    None
}

/// Whose server it is, and so how it says no.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Refusal {
    /// Linux with its defaults: the SYN is dropped.
    #[default]
    Linux,
    /// Linux with `net.ipv4.tcp_abort_on_overflow = 1`.
    LinuxAbort,
    /// A Windows server socket: RST at once.
    Windows,
    /// IIS: http.sys accepts and answers 503 past the queue.
    Iis,
    /// A proxy with a connection limit (nginx `limit_conn`): 503.
    Proxy,
    /// Nothing listens on the port: RST.
    ClosedPort,
}

impl Refusal {
    pub const ALL: [Refusal; 6] = [
        Refusal::Linux,
        Refusal::LinuxAbort,
        Refusal::Windows,
        Refusal::Iis,
        Refusal::Proxy,
        Refusal::ClosedPort,
    ];

    /// The form `?refusal=` takes.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Linux => "linux",
            Refusal::LinuxAbort => "linux-abort",
            Refusal::Windows => "windows",
            Refusal::Iis => "iis",
            Refusal::Proxy => "proxy",
            Refusal::ClosedPort => "closed-port",
        }
    }

    /// The message id of its name in the lesson's switch.
    pub fn label_key(self) -> &'static str {
        match self {
            Refusal::Linux => "refusal-linux",
            Refusal::LinuxAbort => "refusal-linux-abort",
            Refusal::Windows => "refusal-windows",
            Refusal::Iis => "refusal-iis",
            Refusal::Proxy => "refusal-proxy",
            Refusal::ClosedPort => "refusal-closed-port",
        }
    }

    /// The lesson's narration, told the way this system says no.
    pub fn plot(self) -> Plot {
        Plot::Refusal {
            refused_key: self.refused_key(),
        }
    }

    /// The message id of the narration's step where a client is refused:
    /// what happened on the wire, and what its user sees.
    fn refused_key(self) -> &'static str {
        match self {
            // Linux with defaults refuses nobody: it drops.
            Refusal::Linux | Refusal::LinuxAbort => "story-refused-abort",
            Refusal::Windows => "story-refused-windows",
            Refusal::Iis => "story-refused-iis",
            Refusal::Proxy => "story-refused-proxy",
            Refusal::ClosedPort => "story-refused-closed",
        }
    }

    fn overflow(self) -> Overflow {
        match self {
            Refusal::Linux | Refusal::ClosedPort => Overflow::SynDrop,
            Refusal::LinuxAbort => Overflow::AbortOnOverflow,
            Refusal::Windows => Overflow::WindowsReset,
            Refusal::Iis | Refusal::Proxy => Overflow::Http503,
        }
    }
}

/// What the learner can change in the lesson.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RefusalSettings {
    pub refusal: Refusal,
}

/// The server's places: one request at a time, and `listen(fd, 2)` (on
/// Linux the queue then holds three, see [`Overflow`]).
pub fn server_model(refusal: Refusal) -> ServerModel {
    ServerModel {
        kind: ModelKind::WorkerPool,
        threads: 1,
        max_connections: 1,
        backlog: 2,
        overflow: refusal.overflow(),
        idle_holds_thread: true,
        read_holds_thread: true,
        io_holds_thread: true,
        cpu_slots: None,
    }
}

/// Four client machines send 15 requests a second for 3 s to one server
/// that answers one at a time in about 200 ms (5 a second): the queue
/// fills within a second, and the server says no as `refusal` says.
pub fn server_says_no_params(settings: &RefusalSettings) -> LoadParams {
    LoadParams {
        model: Some(server_model(settings.refusal)),
        closed_port: settings.refusal == Refusal::ClosedPort,
        service: Dist::Exponential { mean_secs: 0.2 },
        arrivals: Arrivals::Open {
            rate: 15.0,
            ramp_to: None,
            ramp_s: 0.0,
        },
        duration_s: 3.0,
        // No balancer: the clients reach the one server through a router.
        balancing: Balancing::Dns { ttl_s: 60.0 },
        health: None,
        client_hosts: 4,
        rtt_ms: 40.0,
        seed: 7,
        trace: TraceMode::Full,
        ..LoadParams::default()
    }
}

impl InAddress for RefusalSettings {
    const PARAMS: &'static [Param<Self>] = &[Param {
        name: "refusal",
        values: Values::Words(Refusal::ALL.len(), |i| Refusal::ALL[i].code()),
        get: |s| place(&Refusal::ALL, &s.refusal),
        set: |s, i| s.refusal = Refusal::ALL[i],
    }];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<RefusalSettings>();
    }

    use crate::lesson::Lesson;
    use crate::lesson::settings::Settings;
    use cslab_scene::story::{StoryStep, StoryStep::*, story};
    use cslab_sim::proto::tcp::flags;
    use cslab_sim::runs::load::{LoadSim, run_load};
    use cslab_sim::time::SimTime;

    #[test]
    fn each_system_says_no_its_own_way() {
        let run = |refusal| run_load(&server_says_no_params(&RefusalSettings { refusal })).unwrap();
        let linux = run(Refusal::Linux);
        assert!(linux.refused_by.syn_dropped > 0, "{linux:?}");
        assert_eq!(linux.refused, 0, "Linux refuses nobody: {linux:?}");
        assert!(linux.syn_retransmissions > 0);
        let windows = run(Refusal::Windows);
        assert!(windows.refused_by.rst > 0 && windows.refused_by.syn_dropped == 0);
        let iis = run(Refusal::Iis);
        assert!(
            iis.refused_by.http_503 > 0 && iis.refused_by.rst == 0,
            "{iis:?}"
        );
        let closed = run(Refusal::ClosedPort);
        assert_eq!((closed.refused_by.rst, closed.completed), (closed.sent, 0));
    }

    #[test]
    fn a_busy_server_is_told_from_connection_to_refusal_its_own_way() {
        let told = |refusal| {
            let mut sim =
                LoadSim::new(&server_says_no_params(&RefusalSettings { refusal })).unwrap();
            sim.run();
            story(sim.world(), SimTime::MAX, refusal.plot())
                .into_iter()
                .map(|(_, step)| step)
                .collect::<Vec<StoryStep>>()
        };
        let position = |steps: &[StoryStep], step| steps.iter().position(|&s| s == step);
        // Linux drops SYNs and the clients try again; nobody is refused.
        let linux = told(Refusal::Linux);
        assert_eq!(linux[0], Connect);
        for step in [Queued, SynDropped, SynAgain, Served] {
            assert!(linux.contains(&step), "{step:?} missing from {linux:?}");
        }
        assert!(!linux.contains(&Refused), "{linux:?}");
        assert!(position(&linux, SynDropped) < position(&linux, SynAgain));
        // Windows refuses once the queue is full, and drops nothing.
        let windows = told(Refusal::Windows);
        assert!(
            position(&windows, Queued) < position(&windows, Refused),
            "{windows:?}"
        );
        assert!(!windows.contains(&SynDropped));
        assert_eq!(
            Refusal::Windows.plot().key(Refused),
            "story-refused-windows"
        );
    }

    #[test]
    fn the_server_says_no_lesson_resets_only_where_the_system_does() {
        for refusal in Refusal::ALL {
            let settings = Settings {
                refusal: RefusalSettings { refusal },
                ..Settings::default()
            };
            let (_, mut run) = Lesson(&LESSON).build(&settings, 7).unwrap();
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
