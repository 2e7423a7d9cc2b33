//! The lesson's world: Alice's laptop behind her home router, and the chat
//! server on the Internet. The chat's page was loaded from the same server
//! just before, so its name is known: no DNS here.
//!
//! ```text
//! Alice's laptop ── home router ── Internet ── chat.example
//!       5 ms             5 ms            10 ms
//! ```
//!
//! One way is 20 ms of propagation, a round trip 40 ms.

use crate::browser::ChatBrowser;
use crate::mode::Mode;
use crate::script::{BOB, Line};
use crate::server::ChatServer;
use cslab_sim::net::{Addr, AppId, LinkSpec, NodeId, NodeKind, Proto, World};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::{TcpConfig, TcpStack};
use cslab_sim::proto::text::TextProtocol;
use cslab_sim::runs::addresses::{Home, add_home};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;
use serde::Serialize;

/// The chat server's name and address.
pub const HOST: &str = "chat.example";
pub const SERVER: Addr = Addr::new(203, 0, 113, 80);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChatParams {
    pub mode: Mode,
    pub tls: bool,
    pub seed: u64,
}

/// The machines, by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChatNodes {
    pub alice: NodeId,
    pub router: NodeId,
    pub internet: NodeId,
    pub server: NodeId,
}

pub struct ChatSim {
    world: World,
    nodes: ChatNodes,
    mode: Mode,
    browser: AppId,
    server: AppId,
}

impl ChatSim {
    /// The lesson's chat, Bob writing [`BOB`].
    pub fn new(p: &ChatParams) -> ChatSim {
        ChatSim::with_script(p, BOB.to_vec())
    }

    /// A chat where Bob writes `bob`.
    pub fn with_script(p: &ChatParams, bob: Vec<Line>) -> ChatSim {
        let mut w = World::new(p.seed, TraceMode::Full);
        let Home {
            laptop: alice,
            router,
            internet,
        } = add_home(&mut w, "alice");
        let server = w.add_node(HOST, NodeKind::Server);
        w.connect(
            server,
            internet,
            LinkSpec::new(100_000_000, SimTime::from_millis(10)),
        );
        w.set_addr(server, SERVER);
        let stack = || TcpStack::new(TcpConfig::default());
        let chat = ChatServer::new(HOST, p.tls, bob);
        let server_app = w.add_app(server, Box::new(Host::new(stack(), chat)));
        w.bind_any_port(server, Proto::Tcp, server_app);
        let browser = ChatBrowser::new(HOST, SERVER, p.tls, p.mode);
        let browser_app = w.add_app(alice, Box::new(Host::new(stack(), browser)));
        w.bind_any_port(alice, Proto::Tcp, browser_app);
        ChatSim {
            world: w,
            nodes: ChatNodes {
                alice,
                router,
                internet,
                server,
            },
            mode: p.mode,
            browser: browser_app,
            server: server_app,
        }
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    pub fn nodes(&self) -> ChatNodes {
        self.nodes
    }

    pub fn browser(&self) -> &Host<ChatBrowser> {
        self.world.app(self.browser).expect("Alice's browser")
    }

    pub fn server(&self) -> &Host<ChatServer> {
        self.world.app(self.server).expect("the chat server")
    }

    /// What the run shows so far: messages, bytes, and each of Bob's
    /// messages' delay.
    pub fn report(&self) -> ChatReport {
        let (mut messages, mut bytes) = (0, 0);
        for header in self.world.trace().headers() {
            let Some(segment) = header.msg.tcp else {
                continue;
            };
            bytes += u64::from(segment.len);
            let chat = match header.msg.app {
                AppMsg::Http(_) => true,
                AppMsg::Text(text) => text.protocol == TextProtocol::WebSocket,
                _ => false,
            };
            if chat && segment.len > 0 && segment.rec_off == 0 && !segment.retransmission {
                messages += 1;
            }
        }
        let posted = &self.server().app.messages;
        let delays = (self.browser().app.received.iter())
            .filter_map(|&(id, at)| {
                let written = posted.get(id - 1)?.at;
                Some(Delay {
                    id,
                    written_us: written.as_nanos() / 1_000,
                    received_us: at.as_nanos() / 1_000,
                })
            })
            .collect();
        ChatReport {
            mode: self.mode,
            upgraded: self.browser().app.upgraded,
            messages,
            bytes,
            delays,
        }
    }
}

/// One of Bob's messages: when it was written (reached the server) and
/// when Alice's browser had it, in microseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Delay {
    pub id: usize,
    pub written_us: u64,
    pub received_us: u64,
}

impl Delay {
    pub fn us(&self) -> u64 {
        self.received_us - self.written_us
    }
}

/// What [`ChatSim::report`] says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChatReport {
    pub mode: Mode,
    /// The WebSocket's handshake checked out (its Accept value).
    pub upgraded: bool,
    /// HTTP messages and WebSocket frames, both ways.
    pub messages: u32,
    /// Bytes the chat's TCP connections carried (above TCP: HTTP and
    /// frames, and TLS's records if on).
    pub bytes: u64,
    pub delays: Vec<Delay>,
}

impl ChatReport {
    /// Bob's messages Alice's browser has.
    pub fn delivered(&self) -> usize {
        self.delays.len()
    }

    /// The mean delay, in microseconds (0 if none arrived).
    pub fn mean_delay_us(&self) -> u64 {
        let total: u64 = self.delays.iter().map(Delay::us).sum();
        total / (self.delays.len() as u64).max(1)
    }

    pub fn max_delay_us(&self) -> u64 {
        self.delays.iter().map(Delay::us).max().unwrap_or(0)
    }
}

/// The three modes, each run to its end, side by side (polling every
/// `every`).
pub fn compare(every: SimTime, tls: bool, seed: u64) -> Vec<ChatReport> {
    [Mode::WebSocket, Mode::Polling { every }, Mode::LongPolling]
        .into_iter()
        .map(|mode| {
            let mut sim = ChatSim::new(&ChatParams { mode, tls, seed });
            sim.world_mut()
                .run_until(crate::script::END + SimTime::from_secs(1));
            sim.report()
        })
        .collect()
}
