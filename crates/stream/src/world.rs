//! The three streams' networks, each a world of its own, and what each
//! measured.
//!
//! ```text
//! HLS:    viewer ── router ══ internet ── video.example (origin)
//!                     4 Mbit/s line (1 Mbit/s from 20 s to 40 s if it drops)
//! RTSP:   viewer ── router ── camera (192.168.1.64, the same home)
//! WebRTC: alice ── router ── internet ── router-bob ── bob
//!                              ├── signal.example (WebSocket)
//!                              └── turn.example (STUN and TURN, 3478)
//! ```
//! Home links 5 ms, servers 10 ms from the Internet's router, all 100
//! Mbit/s but the HLS viewer's line.

use crate::hls::origin::Origin;
use crate::hls::player::Player;
use crate::line::Line;
use crate::rtsp::{self, Camera, Viewer};
use crate::webrtc::agent::{self, Agent};
use crate::webrtc::relay::Relay;
use crate::webrtc::signalling::Signalling;
use cslab_sim::net::{Addr, AppId, LinkSpec, Mapping, NodeId, NodeKind, Proto, World};
use cslab_sim::proto::host::{Host, NetApp};
use cslab_sim::proto::tcp::TcpConfig;
use cslab_sim::runs::addresses::{HomeAddrs, add_home, add_home_on};
use cslab_sim::runs::web_world::add_tcp_server;
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;
use serde::Serialize;

pub const ORIGIN: Addr = Addr::new(203, 0, 113, 80);
pub const CAMERA: Addr = Addr::new(192, 168, 1, 64);
pub const SIGNAL: Addr = Addr::new(203, 0, 113, 10);
pub const TURN: Addr = Addr::new(203, 0, 113, 3);

/// The viewer's line, and what it drops to.
pub const LINE_BPS: u64 = 4_000_000;
pub const DROPPED_BPS: u64 = 1_000_000;
pub const DROP_S: (u64, u64) = (20, 40);
/// How long each stream is watched.
pub const HLS_S: u64 = 60;
pub const RTSP_S: u64 = 10;
pub const CALL_S: u64 = 8;
/// VLC's `--network-caching` default: what it buffers before showing a
/// network stream (its documentation: 1000 ms).
pub const VLC_CACHING_MS: u64 = 1_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Hls,
    Rtsp,
    WebRtc,
}

/// Which of the call's routers are symmetric NATs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Nats {
    /// Both the lab's home router.
    Home,
    /// Bob's symmetric.
    Symmetric,
    /// Both symmetric.
    Both,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamParams {
    pub kind: Kind,
    pub drop: bool,
    pub fps: u32,
    /// Percent of packets the camera's link loses.
    pub loss: u32,
    pub nats: Nats,
    pub seed: u64,
}

impl Default for StreamParams {
    fn default() -> Self {
        StreamParams {
            kind: Kind::Hls,
            drop: true,
            fps: 30,
            loss: 2,
            nats: Nats::Home,
            seed: 1,
        }
    }
}

/// The machines, by role: `client` is the viewer or Alice, `server` the
/// origin, the camera or the TURN server; the call's other end and its
/// signalling server, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamNodes {
    pub client: NodeId,
    pub router: NodeId,
    pub internet: NodeId,
    pub server: NodeId,
    pub bob: Option<(NodeId, NodeId)>,
    pub signal: Option<NodeId>,
}

pub struct StreamSim {
    world: World,
    params: StreamParams,
    nodes: StreamNodes,
    /// The client's app, the server's, and Bob's (a call).
    apps: (AppId, AppId, Option<AppId>),
}

fn host<A: NetApp>(w: &mut World, node: NodeId, app: A) -> AppId {
    add_tcp_server(w, node, app, TcpConfig::default())
}

fn server(w: &mut World, name: &str, addr: Addr, internet: NodeId) -> NodeId {
    let node = w.add_node(name, NodeKind::Server);
    w.connect(
        node,
        internet,
        LinkSpec::new(100_000_000, SimTime::from_millis(10)),
    );
    w.set_addr(node, addr);
    node
}

impl StreamSim {
    pub fn new(p: &StreamParams) -> StreamSim {
        let mut w = World::new(p.seed, TraceMode::Full);
        let (nodes, apps) = match p.kind {
            Kind::Hls => hls(&mut w, p),
            Kind::Rtsp => camera(&mut w, p),
            Kind::WebRtc => call(&mut w, p),
        };
        StreamSim {
            world: w,
            params: *p,
            nodes,
            apps,
        }
    }

    pub fn world(&self) -> &World {
        &self.world
    }
    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }
    pub fn nodes(&self) -> StreamNodes {
        self.nodes
    }
    pub fn params(&self) -> StreamParams {
        self.params
    }
    /// How long the stream is watched.
    pub fn length(&self) -> SimTime {
        SimTime::from_secs(match self.params.kind {
            Kind::Hls => HLS_S,
            Kind::Rtsp => RTSP_S,
            Kind::WebRtc => CALL_S,
        }) + SimTime::from_secs(1)
    }

    pub fn player(&self) -> Option<&Player> {
        self.app::<Player>(self.apps.0)
    }
    pub fn viewer(&self) -> Option<&Viewer> {
        self.app::<Viewer>(self.apps.0)
    }
    pub fn camera(&self) -> Option<&Camera> {
        self.app::<Camera>(self.apps.1)
    }
    pub fn relay(&self) -> Option<&Relay> {
        self.app::<Relay>(self.apps.1)
    }
    /// Alice's side, or Bob's.
    pub fn agent(&self, bob: bool) -> Option<&Agent> {
        self.app::<Agent>(if bob { self.apps.2? } else { self.apps.0 })
    }

    fn app<A: NetApp>(&self, id: AppId) -> Option<&A> {
        self.world.app::<Host<A>>(id).map(|host| &host.app)
    }

    /// What the run measured so far.
    pub fn report(&self) -> StreamReport {
        let now = self.world.now();
        let mut report = StreamReport {
            kind: self.params.kind,
            ..StreamReport::default()
        };
        if let Some(player) = self.player() {
            report.segments = player.fetched.clone();
            report.switches = (player.switches.iter())
                .map(|&(at, r)| (at.as_nanos() / 1_000_000, r))
                .collect();
            report.stalls = player.stalls;
            let end = now.min(SimTime::from_secs(HLS_S));
            report.glass_to_glass_ms = player.behind_live_ns(end).map(|ns| ns / 1_000_000);
        }
        if let (Some(viewer), Some(camera)) = (self.viewer(), self.camera()) {
            report.rtp_sent = camera.sent;
            report.rtp_received = viewer.received;
            report.rtp_lost = viewer.lost;
            report.glitches = viewer.glitches;
            // Capture (one frame) + the network + VLC's caching.
            report.glass_to_glass_ms = self.rtp_one_way_ns().map(|ns| {
                (ns + 1_000_000_000 / u64::from(camera.fps)) / 1_000_000 + VLC_CACHING_MS
            });
        }
        if let (Some(alice), Some(bob)) = (self.agent(false), self.agent(true)) {
            report.relayed = alice.selected.map(|at| alice.pairs[at].relayed());
            report.media = [
                alice.media_sent,
                bob.media_received,
                bob.media_sent,
                alice.media_received,
            ];
            report.refused_by_relay = self.relay().map_or(0, |relay| relay.refused);
            // Bob's first frame from Alice: when it came, against when she
            // sent it (her start + its place); plus one frame's capture,
            // and a jitter buffer that holds nothing on a line with no
            // jitter (libwebrtc's adapts to the jitter it measures).
            report.glass_to_glass_ms = match (alice.media_started, bob.first_media) {
                (Some(start), Some((seq, at))) => {
                    let frame = 1_000_000_000 / u64::from(agent::FPS);
                    let sent = start.as_nanos() + u64::from(seq) * frame;
                    Some((at.as_nanos() - sent + frame) / 1_000_000)
                }
                _ => None,
            };
        }
        report
    }

    /// An RTP packet's time from the camera to the viewer, from the trace.
    fn rtp_one_way_ns(&self) -> Option<u64> {
        use cslab_sim::trace::TraceEvent;
        let trace = self.world.trace();
        let sent = trace.records().find_map(|r| match r.ev {
            TraceEvent::PacketSent { pkt, src, .. } if src == self.nodes.server => {
                let header = trace.header(pkt)?;
                (header.proto == Proto::Udp).then_some((pkt, r.t))
            }
            _ => None,
        })?;
        trace.records().find_map(|r| match r.ev {
            TraceEvent::Delivered { pkt, .. } if pkt == sent.0 => Some((r.t - sent.1).as_nanos()),
            _ => None,
        })
    }
}

fn hls(w: &mut World, p: &StreamParams) -> (StreamNodes, (AppId, AppId, Option<AppId>)) {
    let home = add_home(w, "viewer");
    let origin = server(w, "video.example", ORIGIN, home.internet);
    let line = (w.links().into_iter())
        .find(|l| l.a == home.router && l.b == home.internet)
        .expect("the home's line")
        .id;
    // Direction 1: from the Internet's end, the download.
    w.set_bandwidth(line, 1, LINE_BPS);
    if p.drop {
        let at = (SimTime::from_secs(DROP_S.0), SimTime::from_secs(DROP_S.1));
        let drops = Line::drop(line, 1, at, DROPPED_BPS, LINE_BPS);
        w.add_app(home.router, Box::new(drops));
    }
    let origin_app = host(
        w,
        origin,
        Origin {
            host: "video.example".into(),
        },
    );
    let player = Player::new("video.example", ORIGIN, SimTime::from_secs(HLS_S));
    let player_app = host(w, home.laptop, player);
    let nodes = StreamNodes {
        client: home.laptop,
        router: home.router,
        internet: home.internet,
        server: origin,
        bob: None,
        signal: None,
    };
    (nodes, (player_app, origin_app, None))
}

fn camera(w: &mut World, p: &StreamParams) -> (StreamNodes, (AppId, AppId, Option<AppId>)) {
    let home = add_home(w, "viewer");
    let camera = w.add_node("camera", NodeKind::Server);
    let link =
        LinkSpec::new(100_000_000, SimTime::from_millis(1)).with_loss(f64::from(p.loss) / 100.0);
    w.connect(camera, home.router, link);
    w.set_addr(camera, CAMERA);
    let camera_app = host(w, camera, Camera::new(CAMERA, p.fps, RTSP_S));
    let viewer_app = host(
        w,
        home.laptop,
        Viewer::new(CAMERA, SimTime::from_secs(RTSP_S)),
    );
    w.bind(home.laptop, Proto::Udp, rtsp::CLIENT_PORT, viewer_app);
    let nodes = StreamNodes {
        client: home.laptop,
        router: home.router,
        internet: home.internet,
        server: camera,
        bob: None,
        signal: None,
    };
    (nodes, (viewer_app, camera_app, None))
}

fn call(w: &mut World, p: &StreamParams) -> (StreamNodes, (AppId, AppId, Option<AppId>)) {
    let alice = add_home(w, "alice");
    let bob = add_home_on(w, "bob", Some(alice.internet), &HomeAddrs::OTHER);
    if p.nats != Nats::Home {
        w.set_nat_mapping(bob.router, Mapping::Symmetric);
    }
    if p.nats == Nats::Both {
        w.set_nat_mapping(alice.router, Mapping::Symmetric);
    }
    let turn = server(w, "turn.example", TURN, alice.internet);
    let signal = server(w, "signal.example", SIGNAL, alice.internet);
    let relay = host(w, turn, Relay::default());
    w.bind_any_port(turn, Proto::Udp, relay);
    host(w, signal, Signalling::new("signal.example"));
    let hang_up = SimTime::from_secs(CALL_S);
    let mut agent = |laptop, caller| {
        let id = host(
            w,
            laptop,
            Agent::new(caller, SIGNAL, TURN, "signal.example", hang_up),
        );
        w.bind(laptop, Proto::Udp, agent::PORT, id);
        id
    };
    let (a, b) = (agent(alice.laptop, true), agent(bob.laptop, false));
    let nodes = StreamNodes {
        client: alice.laptop,
        router: alice.router,
        internet: alice.internet,
        server: turn,
        bob: Some((bob.laptop, bob.router)),
        signal: Some(signal),
    };
    (nodes, (a, relay, Some(b)))
}

/// What [`StreamSim::report`] says.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StreamReport {
    pub kind: Kind,
    /// HLS: each segment fetched, the rendition switches (ms, to which),
    /// the stalls.
    pub segments: Vec<crate::hls::player::Fetched>,
    pub switches: Vec<(u64, usize)>,
    pub stalls: u32,
    /// RTSP: RTP packets the camera sent, the viewer received, the gaps'
    /// missing sequence numbers, and the gaps.
    pub rtp_sent: u32,
    pub rtp_received: u32,
    pub rtp_lost: u32,
    pub glitches: u32,
    /// WebRTC: whether media went through the relay; frames Alice sent,
    /// Bob received, Bob sent, Alice received; what the relay refused.
    pub relayed: Option<bool>,
    pub media: [u32; 4],
    pub refused_by_relay: u32,
    /// From the camera's (or the channel's, or Alice's) moment to the
    /// screen: HLS how far behind live, RTSP and WebRTC capture + network +
    /// the player's buffer.
    pub glass_to_glass_ms: Option<u64>,
}

/// The three run to their end with `p`'s other settings: the latency
/// table's rows.
pub fn compare(p: &StreamParams) -> Vec<StreamReport> {
    let mut comparison = Comparison::new(p);
    while !comparison.work(u32::MAX) {}
    comparison.reports
}

/// [`compare`] a slice at a time: the HLS run alone sends some 15,000
/// packets, too many for one of the page's frames.
pub struct Comparison {
    /// The runs still going, the last one first.
    sims: Vec<StreamSim>,
    pub reports: Vec<StreamReport>,
    /// Simulated ms left and in all.
    left_ms: u64,
    total_ms: u64,
}

impl Comparison {
    pub fn new(p: &StreamParams) -> Comparison {
        let sims: Vec<StreamSim> = [Kind::WebRtc, Kind::Rtsp, Kind::Hls]
            .into_iter()
            .map(|kind| StreamSim::new(&StreamParams { kind, ..*p }))
            .collect();
        let total_ms = sims
            .iter()
            .map(|sim| sim.length().as_nanos() / 1_000_000)
            .sum();
        Comparison {
            sims,
            reports: Vec::new(),
            left_ms: total_ms,
            total_ms,
        }
    }

    /// Runs up to `units` ms of simulated time; true when every run is over.
    pub fn work(&mut self, units: u32) -> bool {
        let mut budget = u64::from(units);
        while let Some(sim) = self.sims.last_mut() {
            let ms = |t: SimTime| t.as_nanos() / 1_000_000;
            let (now, end) = (ms(sim.world().now()), ms(sim.length()));
            let step = (end - now).min(budget);
            sim.world_mut().run_until(SimTime::from_millis(now + step));
            budget -= step;
            self.left_ms -= step;
            if now + step < end {
                return false;
            }
            let report = sim.report();
            self.reports.push(report);
            self.sims.pop();
        }
        true
    }

    /// How much is done, from 0 to 1.
    pub fn done(&self) -> f64 {
        1.0 - self.left_ms as f64 / self.total_ms.max(1) as f64
    }
}
