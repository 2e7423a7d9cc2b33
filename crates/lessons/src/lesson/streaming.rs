//! The lesson "Watching and talking": a live channel in HLS (playlists and
//! segments over HTTP, the player moving between renditions as the line
//! slows and recovers, seconds behind live), a security camera in RTSP and
//! RTP (a packet a frame over UDP, a loss a glitch) and a WebRTC call
//! across two home routers (STUN, ICE's checks, direct or through TURN);
//! the settings card compares the three's delays, measured by a run of
//! each.

use super::address::{InAddress, Param, Values, number_param, place, switch_param};
use super::layout::world_topology;
use super::machine_state::nat_rows;
use super::playback::SPEEDS_NS_PER_MS;
use super::prepare::Preparation;
use super::questions::{Arg, Choice, Observed, Question};
use super::run::LessonRun;
use super::settings::Field;
use super::wire::{first_connected, first_host, sent_until};
use super::{LessonSpec, LessonView, SettingsCard, none};
use cslab_scene::i18n::Lang;
use cslab_scene::kind::PacketKind;
use cslab_scene::story::{Plot, StoryStep};
use cslab_scene::topology::{NodeRole, Topology};
use cslab_sim::net::{NodeId, World};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::text::{TextProtocol, stream_trace};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceEvent;
use cslab_stream::hls::playlist::{RENDITIONS, parse_media, parse_segment};
use cslab_stream::world::{Comparison, DROPPED_BPS, Kind, LINE_BPS, Nats, StreamParams, StreamSim};
use std::cmp::Ordering;

pub const LESSON: LessonSpec = LessonSpec {
    code: "streaming",
    title_key: "lesson-streaming-title",
    intro_keys: &["lesson-streaming-intro-1", "lesson-streaming-intro-2"],
    view: LessonView::Stage { load_charts: false },
    card: SettingsCard::Stream,
    speeds: &SPEEDS_NS_PER_MS,
    default_speed: 3,
    settings: &Field {
        get: |settings| &settings.stream,
        get_mut: |settings| &mut settings.stream,
    },
    legend: |settings| match settings.stream.kind {
        Kind::Hls => (&HLS_LEGEND, false),
        Kind::Rtsp | Kind::WebRtc => (&LIVE_LEGEND, false),
    },
    plot: |_| Some(Plot::Stream),
    try_next_key: "lesson-streaming-try",
    server_gauge: none,
    build: |settings, seed, _| {
        let sim = StreamSim::new(&settings.stream.params(seed));
        Some((stream_topology(&sim), Box::new(sim)))
    },
    off_stage_run: None,
    prepare: none,
    questions: &[LINE_SLOWS, CALL_PATH],
};

/// Which way a call's video goes, asked when Alice's browser sends its
/// offer and shown where the video starts: ICE (RFC 8445) checks every
/// pair of candidates and the media takes a pair whose check was
/// answered: straight between the homes when their routers let the checks
/// through (STUN's server-reflexive addresses, RFC 8489), else through
/// the TURN relay (RFC 8656). The signalling server carries only the offer
/// and the answer. Asked of the call only (HLS and RTSP make no offer).
const CALL_PATH: Question = Question {
    key: "ask-streaming-path",
    args: |settings| vec![("routers", Arg::Words(nats_label_key(settings.stream.nats)))],
    ask: StoryStep::RtcOffer,
    reveal: &[StoryStep::RtcDirect, StoryStep::RtcRelayed],
    choices: |_| {
        [DIRECT.0, RELAYED.0, SIGNALLED, BLOCKED]
            .map(Choice::Words)
            .to_vec()
    },
    observe: video_path,
};

/// The choices the run can show, each with its explanation.
const DIRECT: (&str, &str) = (
    "choice-streaming-path-direct",
    "explain-streaming-path-direct",
);
const RELAYED: (&str, &str) = (
    "choice-streaming-path-relay",
    "explain-streaming-path-relay",
);
const SIGNALLED: &str = "choice-streaming-path-signal";
const BLOCKED: &str = "choice-streaming-path-blocked";

/// Where Alice's first video packet (SRTP) went by `until`: to the server
/// her first STUN request asked (the relay, turn.example), or straight to
/// Bob's side. None if it went to the signalling server (where her first
/// connection went): no explanation fits a path WebRTC never takes.
fn video_path(world: &World, until: SimTime) -> Option<Observed> {
    let alice = first_host(world)?;
    let signalling = first_connected(world, alice, until)?;
    let mut relay = None;
    for header in sent_until(world, until).filter(|header| header.src_node == alice) {
        let AppMsg::Text(text) = header.msg.app else {
            continue;
        };
        match text.protocol {
            TextProtocol::Stun if relay.is_none() => relay = Some(header.dst_node),
            TextProtocol::Srtp if header.dst_node == signalling => return None,
            TextProtocol::Srtp => {
                let (answer, explain_key) = if Some(header.dst_node) == relay {
                    RELAYED
                } else {
                    DIRECT
                };
                return Some(Observed {
                    answer: Choice::Words(answer),
                    explain_key,
                    args: vec![("port", Arg::Plain(header.dst_port.into()))],
                });
            }
            _ => {}
        }
    }
    None
}

/// What the HLS player asks for once the line slows, asked where the line
/// drops (only a run whose line drops asks it) and shown where the player
/// steps down or the line recovers. HLS's server only answers GETs
/// (RFC 8216 §6.3: the client chooses the variant stream "based on
/// network bandwidth"; hls.js's ABR measures each fragment's download),
/// so which rendition comes next is the player's own request, on the wire.
const LINE_SLOWS: Question = Question {
    key: "ask-streaming-hls-drop",
    args: |_| {
        vec![
            ("fast", Arg::Number(LINE_BPS / 1_000_000)),
            ("slow", Arg::Number(DROPPED_BPS / 1_000_000)),
        ]
    },
    ask: StoryStep::LineDrops,
    reveal: &[StoryStep::HlsDown, StoryStep::LineRecovers],
    choices: |_| {
        [SAME.0, SMALLER.0, PUSHED, PAUSED]
            .map(Choice::Words)
            .to_vec()
    },
    observe: rendition_after_drop,
};

const SAME: (&str, &str) = ("choice-streaming-hls-same", "explain-streaming-hls-same");
const SMALLER: (&str, &str) = (
    "choice-streaming-hls-smaller",
    "explain-streaming-hls-smaller",
);
const PUSHED: &str = "choice-streaming-hls-pushed";
const PAUSED: &str = "choice-streaming-hls-paused";

/// The renditions the viewer asked for by `until`: the one it was on when
/// the line dropped (its last request before the drop's note), and the
/// first request after the drop that names another (or, if none, its last
/// request, of the same rendition).
fn rendition_after_drop(world: &World, until: SimTime) -> Option<Observed> {
    let viewer = first_host(world)?;
    let trace = world.trace();
    let names = world.names();
    let mut dropped = false;
    let mut before = None;
    let mut after = None;
    for record in trace.records().take_while(|record| record.t <= until) {
        let pkt = match record.ev {
            TraceEvent::App { code, .. } if code == stream_trace::LINE_DROPS => {
                dropped = true;
                continue;
            }
            TraceEvent::PacketSent { pkt, .. } => pkt,
            _ => continue,
        };
        let Some(header) = trace.header(pkt).filter(|h| h.src_node == viewer) else {
            continue;
        };
        let AppMsg::Http(http) = header.msg.app else {
            continue;
        };
        let path = names.text(http.path);
        let Some(rendition) = parse_media(path).or(parse_segment(path).map(|(r, _)| r)) else {
            continue;
        };
        if !dropped {
            before = Some(rendition);
        } else if after.is_none() || after == before {
            after = Some(rendition);
        }
    }
    let (before, after) = (before?, after?);
    let (answer, explain_key) = match after.cmp(&before) {
        Ordering::Less => SMALLER,
        Ordering::Equal => SAME,
        // Up on a slower line: no explanation fits.
        Ordering::Greater => return None,
    };
    Some(Observed {
        answer: Choice::Words(answer),
        explain_key,
        args: vec![
            ("from", Arg::Name(RENDITIONS[before].name)),
            ("to", Arg::Name(RENDITIONS[after].name)),
        ],
    })
}

/// The message id of the call's routers' name in the settings.
pub fn nats_label_key(nats: Nats) -> &'static str {
    match nats {
        Nats::Home => "nat-home",
        Nats::Symmetric => "nat-symmetric",
        Nats::Both => "nat-both",
    }
}

/// HLS: TCP's handshake, HTTP requests and answers, segments' bodies.
const HLS_LEGEND: [PacketKind; 3] = [PacketKind::TcpControl, PacketKind::Http, PacketKind::Data];
/// RTSP and WebRTC: TCP (RTSP's connection, the signalling's), the
/// signalling's upgrade, and what is shown by its words (RTSP, RTP, STUN,
/// SRTP, WebSocket frames).
const LIVE_LEGEND: [PacketKind; 3] = [PacketKind::TcpControl, PacketKind::Http, PacketKind::Text];

pub const KINDS: [Kind; 3] = [Kind::Hls, Kind::Rtsp, Kind::WebRtc];
pub const NATS: [Nats; 3] = [Nats::Home, Nats::Symmetric, Nats::Both];
/// Camera frame rates: the common ones (PAL's 25, NTSC's 30, and 15 for
/// cameras that save bandwidth).
pub const FPS_CHOICES: [u32; 3] = [15, 25, 30];
/// Percent of the camera's packets its link loses.
pub const LOSS_CHOICES: [u32; 5] = [0, 1, 2, 5, 10];

/// Which stream, and each one's setting: the HLS line's drop, the camera's
/// frame rate and losses, the call's NATs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamSettings {
    pub kind: Kind,
    pub drop: bool,
    pub fps: u32,
    pub loss: u32,
    pub nats: Nats,
}

impl Default for StreamSettings {
    fn default() -> Self {
        let p = StreamParams::default();
        StreamSettings {
            kind: p.kind,
            drop: p.drop,
            fps: p.fps,
            loss: p.loss,
            nats: p.nats,
        }
    }
}

/// A stream as the address names it.
pub fn kind_code(kind: Kind) -> &'static str {
    match kind {
        Kind::Hls => "hls",
        Kind::Rtsp => "rtsp",
        Kind::WebRtc => "webrtc",
    }
}

/// Routers as the address names them.
pub fn nats_code(nats: Nats) -> &'static str {
    match nats {
        Nats::Home => "home",
        Nats::Symmetric => "symmetric",
        Nats::Both => "both",
    }
}

impl InAddress for StreamSettings {
    const PARAMS: &'static [Param<Self>] = &[
        Param {
            name: "kind",
            values: Values::Words(KINDS.len(), |i| kind_code(KINDS[i])),
            get: |s| place(&KINDS, &s.kind),
            set: |s, i| s.kind = KINDS[i],
        },
        switch_param!("drop", drop),
        number_param!("fps", FPS_CHOICES, fps),
        // `loss` is the page lesson's: an address names a setting once.
        number_param!("rtp-loss", LOSS_CHOICES, loss),
        Param {
            name: "call-nat",
            values: Values::Words(NATS.len(), |i| nats_code(NATS[i])),
            get: |s| place(&NATS, &s.nats),
            set: |s, i| s.nats = NATS[i],
        },
    ];
}

impl StreamSettings {
    pub fn params(&self, seed: u64) -> StreamParams {
        StreamParams {
            kind: self.kind,
            drop: self.drop,
            fps: self.fps,
            loss: self.loss,
            nats: self.nats,
            seed,
        }
    }

    /// The three streams' runs with these settings, for the card's table:
    /// too long for one frame (the HLS run alone sends some 15,000
    /// packets), so worked a slice at a time.
    pub fn comparison(&self) -> Comparison {
        Comparison::new(&self.params(1))
    }
}

/// A comparison is worked like a run's preparation: a slice per frame.
impl Preparation for Comparison {
    fn work(&mut self, units: u32) -> bool {
        Comparison::work(self, units)
    }
    fn done(&self) -> f64 {
        Comparison::done(self)
    }
    fn what_key(&self) -> &'static str {
        "stream-table-measuring"
    }
}

/// Placed left to right, the client's home first (wide apart, but for a
/// call's five in a row); the camera above the home router; a call's second
/// home on the right, its two servers above the Internet.
fn stream_topology(sim: &StreamSim) -> Topology {
    let ids = sim.nodes();
    let kind = sim.params().kind;
    let (router_x, internet_x) = match kind {
        Kind::WebRtc => (250, 400),
        Kind::Hls | Kind::Rtsp => (320, 520),
    };
    world_topology(sim.world(), |node| match node.id {
        id if id == ids.client && kind == Kind::WebRtc => {
            (NodeRole::Laptop, "node-alice", "role-alice-call", 110, 260)
        }
        id if id == ids.client => (NodeRole::Laptop, "node-viewer", "role-viewer", 110, 260),
        id if id == ids.router => (
            NodeRole::Router,
            "node-home-router",
            "role-router",
            router_x,
            260,
        ),
        id if id == ids.internet => (
            NodeRole::Router,
            "node-internet",
            "role-internet",
            internet_x,
            260,
        ),
        id if id == ids.server => match kind {
            Kind::Hls => (NodeRole::WebServer, "node-origin", "role-origin", 710, 260),
            Kind::Rtsp => (
                NodeRole::WebServer,
                "node-camera",
                "role-camera",
                router_x,
                100,
            ),
            Kind::WebRtc => (
                NodeRole::WebServer,
                "node-turn",
                "role-turn",
                internet_x - 90,
                90,
            ),
        },
        id if Some(id) == ids.signal => (
            NodeRole::WebServer,
            "node-signal",
            "role-signal",
            internet_x + 90,
            90,
        ),
        id if ids.bob.is_some_and(|(_, router)| router == id) => (
            NodeRole::Router,
            "node-bob-router",
            "role-bob-router",
            560,
            260,
        ),
        _ => (NodeRole::Laptop, "node-bob", "role-bob-call", 700, 260),
    })
}

impl LessonRun for StreamSim {
    fn world(&self) -> &World {
        StreamSim::world(self)
    }
    fn world_mut(&mut self) -> &mut World {
        StreamSim::world_mut(self)
    }
    /// The player's rendition and buffer; the camera's and the viewer's
    /// packets; each caller's candidates and chosen pair; the relay's
    /// allocations; the routers' NAT tables.
    fn node_state(&self, node: NodeId, lang: Lang) -> Vec<(&'static str, String)> {
        let ids = self.nodes();
        let now = self.world().now();
        let seconds = |ns: u64| format!("{} s", lang.decimal(ns as f64 / 1e9, 1));
        let mut facts: Vec<(&'static str, String)> = Vec::new();
        if node == ids.client
            && let Some(player) = self.player()
        {
            let rendition = RENDITIONS[player.rendition];
            facts.push((
                "state-stream-rendition",
                format!(
                    "{} ({} kbit/s)",
                    rendition.name,
                    rendition.bandwidth / 1_000
                ),
            ));
            facts.push(("state-stream-buffer", seconds(player.buffer_ns(now))));
            if let Some(behind) = player.behind_live_ns(now) {
                facts.push(("state-stream-behind", seconds(behind)));
            }
            facts.push((
                "state-stream-segments",
                lang.integer(player.fetched.len() as u64),
            ));
        }
        if node == ids.client
            && let Some(viewer) = self.viewer()
        {
            facts.push(("state-rtp-received", lang.integer(viewer.received.into())));
            facts.push(("state-rtp-lost", lang.integer(viewer.lost.into())));
            facts.push(("state-rtp-glitches", lang.integer(viewer.glitches.into())));
        }
        if node == ids.server
            && let Some(camera) = self.camera()
        {
            facts.push(("state-rtp-sent", lang.integer(camera.sent.into())));
        }
        let bob = ids.bob.is_some_and(|(laptop, _)| laptop == node);
        if (node == ids.client || bob)
            && let Some(agent) = self.agent(bob)
        {
            facts.extend((agent.local.iter()).map(|c| {
                let kind = c.kind.name();
                (
                    "state-rtc-candidate",
                    format!("{kind} {}:{}", c.addr, c.port),
                )
            }));
            if let Some(pair) = agent.selected.map(|at| agent.pairs[at]) {
                let remote = pair.remote;
                let kind = remote.kind.name();
                let to = format!("{kind} {}:{}", remote.addr, remote.port);
                facts.push(("state-rtc-pair", to));
            }
            facts.push((
                "state-rtc-frames-sent",
                lang.integer(agent.media_sent.into()),
            ));
            facts.push((
                "state-rtc-frames-received",
                lang.integer(agent.media_received.into()),
            ));
        }
        if node == ids.server
            && let Some(relay) = self.relay()
        {
            facts.extend((relay.allocations.iter()).map(|a| {
                let (addr, port) = a.client;
                let peers: Vec<String> = a.permissions.iter().map(|p| p.to_string()).collect();
                let allocation = format!(
                    "{addr}:{port} → {}:{} ({})",
                    cslab_stream::world::TURN,
                    a.port,
                    peers.join(", ")
                );
                ("state-turn-allocation", allocation)
            }));
        }
        let router = node == ids.router || ids.bob.is_some_and(|(_, router)| router == node);
        if router {
            facts.extend(nat_rows(self.world(), node));
        }
        facts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Lesson;
    use crate::lesson::settings::Settings;
    use cslab_scene::story::{StoryStep, StoryStep::*, step_args, story};
    use cslab_sim::time::SimTime;

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<StreamSettings>();
    }

    fn run(stream: StreamSettings) -> Box<dyn LessonRun> {
        run_to(stream, SimTime::from_secs(70))
    }

    fn run_to(stream: StreamSettings, until: SimTime) -> Box<dyn LessonRun> {
        let settings = Settings {
            stream,
            ..Settings::default()
        };
        let (_, mut run) = Lesson(&LESSON).build(&settings, 1).unwrap();
        run.world_mut().run_until(until);
        run
    }

    fn told(stream: StreamSettings) -> Vec<StoryStep> {
        story(run(stream).world(), SimTime::MAX, Plot::Stream)
            .into_iter()
            .map(|(_, step)| step)
            .collect()
    }

    #[test]
    fn hls_is_told_from_its_playlists_to_the_way_back_up() {
        let hls = StreamSettings::default();
        assert_eq!(
            told(hls),
            [
                HlsMultivariant,
                HlsMedia,
                HlsSegment,
                HlsPlaying,
                HlsEstimate,
                LineDrops,
                HlsDown,
                LineRecovers,
                HlsUp,
                HlsDone
            ]
        );
        let steady = told(StreamSettings { drop: false, ..hls });
        assert_eq!(
            steady,
            [
                HlsMultivariant,
                HlsMedia,
                HlsSegment,
                HlsPlaying,
                HlsEstimate,
                HlsDone
            ]
        );
    }

    #[test]
    fn the_story_names_the_renditions_and_how_far_behind_live() {
        let run = run(StreamSettings::default());
        let world = run.world();
        let steps = story(world, SimTime::MAX, Plot::Stream);
        let arg = |step| match step_args(world, &steps, step).first() {
            Some((_, cslab_scene::story::StoryArg::Text(text))) => text.clone(),
            Some((_, cslab_scene::story::StoryArg::Seconds(s))) => s.to_string(),
            other => panic!("{other:?}"),
        };
        // 0.7 × hls.js's first estimate, 500 kbit/s, is 350k: 240p (300k);
        // the first segment's ~3.3 Mbit/s (× 0.7 ≥ 1.6M) takes it to 720p,
        // the slow one after the drop to 480p, the recovery back to 720p.
        assert_eq!(arg(HlsMedia), "240p");
        assert_eq!(arg(HlsEstimate), "720p");
        assert_eq!(arg(HlsDown), "480p");
        assert_eq!(arg(HlsUp), "720p");
        // Playback starts at segment 12 of the channel (48 s), once it is
        // in at ~0.49 s of a channel 60 s live: 60.49 − 48 ≈ 12 s behind.
        assert_eq!(arg(HlsPlaying), "12");
        // The page's clock stops where a step begins: its request is on the
        // wire by then.
        let mut run = run_to(StreamSettings::default(), steps[1].0);
        let world = run.world_mut();
        let told = story(world, SimTime::MAX, Plot::Stream);
        assert_eq!(told.last().map(|&(_, step)| step), Some(HlsMedia));
        let args = step_args(world, &told, HlsMedia);
        assert_eq!(
            args,
            [(
                "rendition",
                cslab_scene::story::StoryArg::Text("240p".into())
            )]
        );
    }

    #[test]
    fn the_camera_and_the_calls_are_told_in_order() {
        let camera = StreamSettings {
            kind: Kind::Rtsp,
            loss: 5,
            ..StreamSettings::default()
        };
        assert_eq!(
            told(camera),
            [
                RtspOptions,
                RtspDescribe,
                RtspSetup,
                RtspPlay,
                RtpFlowing,
                RtpGlitch,
                RtspTeardown
            ]
        );
        let clean = StreamSettings { loss: 0, ..camera };
        assert!(!told(clean).contains(&RtpGlitch));
        let call = StreamSettings {
            kind: Kind::WebRtc,
            ..StreamSettings::default()
        };
        let direct = told(call);
        assert!(direct.contains(&RtcDirect) && !direct.contains(&RtcRelayed));
        assert!(!direct.contains(&RtcPeerReflexive), "{direct:?}");
        assert_eq!(direct.last(), Some(&RtcHangup));
        // Bob's router symmetric: the relay's pair answers first and the
        // video starts there (RFC 8445 §12.1); then his check comes from a
        // new port, Alice learns it (peer-reflexive) and the call moves to
        // the direct pair.
        let one = told(StreamSettings {
            nats: Nats::Symmetric,
            ..call
        });
        let at = |step| one.iter().position(|&told| told == step).unwrap();
        assert!(at(RtcRelayed) < at(RtcPeerReflexive) && at(RtcPeerReflexive) < at(RtcDirect));
        // Both symmetric: Bob's new port only ever reaches Alice through
        // her relay; nothing direct answers.
        let both = told(StreamSettings {
            nats: Nats::Both,
            ..call
        });
        assert!(both.contains(&RtcRelayed) && !both.contains(&RtcDirect));
        assert!(both.contains(&RtcPeerReflexiveRelayed) && !both.contains(&RtcPeerReflexive));
    }

    /// What each call's relayed and peer-reflexive steps say is true of
    /// every run that tells them: the relay's step is told when only Bob's
    /// router is symmetric too, so it must not say both are; the
    /// peer-reflexive step that promises a direct path is told only where
    /// the call goes direct (with both symmetric, Bob's new port reaches
    /// Alice only through her relay).
    #[test]
    fn the_calls_narration_says_only_what_its_run_shows() {
        let tr = cslab_scene::i18n::Tr(Lang::En);
        for nats in [Nats::Symmetric, Nats::Both] {
            let run = run(StreamSettings {
                kind: Kind::WebRtc,
                nats,
                ..StreamSettings::default()
            });
            let world = run.world();
            let steps = story(world, SimTime::MAX, Plot::Stream);
            let said = |step| {
                steps
                    .iter()
                    .any(|&(_, told)| told == step)
                    .then(|| tr.t(Plot::Stream.key(step)))
            };
            let symmetric = (world.nodes().iter())
                .filter_map(|node| world.nat(node.id))
                .filter(|nat| nat.mapping == cslab_sim::net::Mapping::Symmetric)
                .count();
            assert_eq!(symmetric, if nats == Nats::Both { 2 } else { 1 });
            let relayed = said(RtcRelayed).expect("the video starts by the relay");
            assert!(
                symmetric == 2 || !relayed.contains("Both routers"),
                "{relayed}"
            );
            // The step that promises a direct path is told where, and only
            // where, the call goes direct; the one through the relay
            // promises nothing.
            let direct = steps.iter().any(|&(_, told)| told == RtcDirect);
            let promised = said(RtcPeerReflexive);
            assert_eq!(direct, promised.is_some(), "{nats:?}: {promised:?}");
            let through_relay = said(RtcPeerReflexiveRelayed).expect("a check through the relay");
            assert!(through_relay.contains("until"), "{through_relay}");
        }
    }

    #[test]
    fn the_routers_show_their_translations_and_the_symmetric_one_its_remote() {
        let run = run(StreamSettings {
            kind: Kind::WebRtc,
            nats: Nats::Symmetric,
            ..StreamSettings::default()
        });
        // Hung up at 8 s, the UDP mappings live 5 min: all still listed.
        let ids = run.as_any().downcast_ref::<StreamSim>().unwrap().nodes();
        let (_, bob_router) = ids.bob.unwrap();
        let bob = run.node_state(bob_router, Lang::En);
        assert!(bob.iter().any(|(key, _)| *key == "state-nat-symmetric"));
        // Bob's laptop (192.168.0.20:50000) to the STUN server, its own
        // mapping for that one remote endpoint.
        assert!(
            bob.iter().any(|(key, row)| *key == "state-nat"
                && row.starts_with("UDP 192.168.0.20:50000 ↔ 203.0.113.57:")
                && row.ends_with(" → 203.0.113.3:3478")),
            "{bob:?}"
        );
        let alice = run.node_state(ids.router, Lang::En);
        assert!(!alice.iter().any(|(key, _)| *key == "state-nat-symmetric"));
        assert!(
            alice.contains(&(
                "state-nat",
                "UDP 192.168.1.10:50000 ↔ 198.51.100.23:50000".to_owned()
            )),
            "{alice:?}"
        );
    }
}
