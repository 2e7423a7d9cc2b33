//! The lesson's world: Alice's computer behind her home router; the
//! service's data centre (login, the two presence servers, the
//! matchmaker); the game server in another place; and Bob, her friend,
//! already logged in.
//!
//! ```text
//! Alice ─5 ms─ home router ─5 ms─ Internet ─5 ms─ data centre ─1 ms─ login, presence-1,
//!                                   │  │                               presence-2, matchmaking
//!                      game server ─10 ms┘  └─15 ms─ Bob
//! ```
//!
//! Alice is 16 ms from the data centre's servers one way and 20 ms from
//! the game server (a round trip of 40 ms, plus the time to send each
//! datagram on the four links).

use crate::accounts::{ALICE, BOB, PRESENCE};
use crate::client::{GameClient, Profile, UDP_PORT};
use crate::game_server::{self, GameServer};
use crate::login::LoginServer;
use crate::matchmaking::{Arena, MATCH_SIZE, Matchmaker};
use crate::presence::PresenceServer;
use cslab_sim::net::{Addr, AppId, LinkSpec, NodeId, NodeKind, Proto, World};
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::{TcpConfig, TcpStack};
use cslab_sim::runs::addresses::{Home, add_home};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;
use serde::Serialize;

pub const LOGIN: Addr = Addr::new(203, 0, 113, 10);
pub const MATCHMAKER: Addr = Addr::new(203, 0, 113, 30);
pub const DATA_CENTRE: Addr = Addr::new(203, 0, 113, 1);
pub const GAME: Addr = Addr::new(192, 0, 2, 60);
pub const BOB_ADDR: Addr = Addr::new(198, 51, 100, 77);

/// A match lasts this long.
pub const MATCH_SECONDS: u32 = 5;
/// When presence-1 fails, if it does: during the match.
pub const FAILS_AT: SimTime = SimTime::from_secs(4);
/// When Alice quits: the match and a reconnection are done. Bob quits a
/// second later, and the run ends.
pub const END: SimTime = SimTime::from_secs(9);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GameParams {
    /// Snapshots a second.
    pub tick: u32,
    /// Datagrams lost on the game server's line, in percent.
    pub loss_percent: u32,
    /// presence-1 fails during the match.
    pub fail: bool,
    pub seed: u64,
}

/// The machines, by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GameNodes {
    pub alice: NodeId,
    pub router: NodeId,
    pub internet: NodeId,
    pub data_centre: NodeId,
    pub login: NodeId,
    pub presence: [NodeId; 2],
    pub matchmaker: NodeId,
    pub game: NodeId,
    pub bob: NodeId,
}

pub struct GameSim {
    world: World,
    nodes: GameNodes,
    alice: AppId,
    bob: AppId,
    presence: [AppId; 2],
    game: AppId,
}

fn stack() -> TcpStack {
    TcpStack::new(TcpConfig::default())
}

impl GameSim {
    pub fn new(p: &GameParams) -> GameSim {
        let mut w = World::new(p.seed, TraceMode::Full);
        let Home {
            laptop: alice,
            router,
            internet,
        } = add_home(&mut w, "alice");
        let fast = |ms| LinkSpec::new(1_000_000_000, SimTime::from_millis(ms));
        let machine = |w: &mut World, name: &str, addr, kind| {
            let node = w.add_node(name, kind);
            w.set_addr(node, addr);
            node
        };
        let data_centre = machine(&mut w, "data-centre", DATA_CENTRE, NodeKind::Router);
        w.connect(internet, data_centre, fast(5));
        let login = machine(&mut w, "login", LOGIN, NodeKind::Server);
        let presence = [
            machine(&mut w, "presence-1", PRESENCE[0], NodeKind::Server),
            machine(&mut w, "presence-2", PRESENCE[1], NodeKind::Server),
        ];
        let matchmaker = machine(&mut w, "matchmaking", MATCHMAKER, NodeKind::Server);
        for node in [login, presence[0], presence[1], matchmaker] {
            w.connect(data_centre, node, fast(1));
        }
        let game = machine(&mut w, "game", GAME, NodeKind::Server);
        let loss = f64::from(p.loss_percent) / 100.0;
        w.connect(
            internet,
            game,
            LinkSpec::new(100_000_000, SimTime::from_millis(10)).with_loss(loss),
        );
        let bob = machine(&mut w, "bob", BOB_ADDR, NodeKind::Host);
        w.connect(
            internet,
            bob,
            LinkSpec::new(100_000_000, SimTime::from_millis(15)),
        );

        let tcp_app = |w: &mut World, node, app: Box<dyn cslab_sim::net::App>| {
            let id = w.add_app(node, app);
            w.bind_any_port(node, Proto::Tcp, id);
            id
        };
        tcp_app(
            &mut w,
            login,
            Box::new(Host::new(stack(), LoginServer::default())),
        );
        let fails_at = p.fail.then_some(FAILS_AT);
        let presence_apps = [
            tcp_app(
                &mut w,
                presence[0],
                Box::new(Host::new(stack(), PresenceServer::new(1, None, fails_at))),
            ),
            tcp_app(
                &mut w,
                presence[1],
                Box::new(Host::new(
                    stack(),
                    PresenceServer::new(2, Some(PRESENCE[0]), None),
                )),
            ),
        ];
        let arena = Arena {
            server: GAME,
            port: game_server::PORT,
            tick: p.tick,
            seconds: MATCH_SECONDS,
        };
        tcp_app(
            &mut w,
            matchmaker,
            Box::new(Host::new(stack(), Matchmaker::new(arena))),
        );
        let server = GameServer::new(p.tick, MATCH_SECONDS, MATCH_SIZE);
        let game_app = w.add_app(game, Box::new(Host::new(stack(), server)));
        w.bind(game, Proto::Udp, game_server::PORT, game_app);

        let player = |w: &mut World, node, profile| {
            let id = tcp_app(
                w,
                node,
                Box::new(Host::new(stack(), GameClient::new(profile))),
            );
            w.bind(node, Proto::Udp, UDP_PORT, id);
            id
        };
        let alice_app = player(
            &mut w,
            alice,
            Profile {
                account: ALICE,
                logs_in: true,
                login_server: LOGIN,
                matchmaker: MATCHMAKER,
                says: vec![(SimTime::from_millis(1_500), "bob", "Sure, queueing now!")],
                queues_at: SimTime::from_secs(2),
                quits_at: END,
                quits_after_match: false,
                host: None,
                resolver: None,
            },
        );
        let bob_app = player(
            &mut w,
            bob,
            Profile {
                account: BOB,
                logs_in: false,
                login_server: LOGIN,
                matchmaker: MATCHMAKER,
                says: vec![(SimTime::from_secs(1), "alice", "Up for a duel?")],
                queues_at: SimTime::from_millis(2_500),
                quits_at: END + SimTime::from_secs(1),
                quits_after_match: false,
                host: None,
                resolver: None,
            },
        );
        GameSim {
            world: w,
            nodes: GameNodes {
                alice,
                router,
                internet,
                data_centre,
                login,
                presence,
                matchmaker,
                game,
                bob,
            },
            alice: alice_app,
            bob: bob_app,
            presence: presence_apps,
            game: game_app,
        }
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    pub fn nodes(&self) -> GameNodes {
        self.nodes
    }

    pub fn alice(&self) -> &GameClient {
        &self
            .world
            .app::<Host<GameClient>>(self.alice)
            .expect("Alice's client")
            .app
    }

    pub fn bob(&self) -> &GameClient {
        &self
            .world
            .app::<Host<GameClient>>(self.bob)
            .expect("Bob's client")
            .app
    }

    /// Presence server `n` (from 1).
    pub fn presence(&self, n: u8) -> &PresenceServer {
        let id = self.presence[usize::from(n - 1)];
        &self
            .world
            .app::<Host<PresenceServer>>(id)
            .expect("a presence server")
            .app
    }

    /// The TCP stack of a client's or a presence server's machine.
    pub fn tcp(&self, node: NodeId) -> &TcpStack {
        let app = |id| {
            let any = self.world.app::<Host<GameClient>>(id).map(|host| &host.tcp);
            any.or_else(|| {
                self.world
                    .app::<Host<PresenceServer>>(id)
                    .map(|host| &host.tcp)
            })
        };
        let id = match node {
            n if n == self.nodes.alice => self.alice,
            n if n == self.nodes.bob => self.bob,
            n if n == self.nodes.presence[0] => self.presence[0],
            _ => self.presence[1],
        };
        app(id).expect("a client or a presence server")
    }

    pub fn game_server(&self) -> &GameServer {
        &self
            .world
            .app::<Host<GameServer>>(self.game)
            .expect("the game server")
            .app
    }

    /// What the run shows so far.
    pub fn report(&self) -> GameReport {
        let alice = self.alice();
        let us = |t: SimTime| t.as_nanos() / 1_000;
        GameReport {
            snapshots_sent: self.game_server().ticks,
            snapshots_received: alice.play.snapshots,
            skipped: alice.play.skipped,
            ping_us: alice.ping().map(us),
            friends_online: alice.friends_online.clone(),
            heard: alice
                .heard
                .iter()
                .map(|(from, text, _)| format!("{from}: {text}"))
                .collect(),
            presence_server: alice.presence_server(),
            lost_us: alice.lost_at.iter().copied().map(us).collect(),
            back_us: alice.back_at.iter().copied().map(us).collect(),
            bob_saw: (self.bob().presence_changes.iter())
                .map(|(who, status, at)| format!("{who} {status} at {} us", us(*at)))
                .collect(),
        }
    }
}

/// What [`GameSim::report`] says (times in microseconds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GameReport {
    /// Snapshots the game server sent Alice.
    pub snapshots_sent: u64,
    pub snapshots_received: u64,
    /// Numbers missing between the snapshots received.
    pub skipped: u64,
    /// Alice's latest ping.
    pub ping_us: Option<u64>,
    pub friends_online: Vec<String>,
    /// The messages pushed to Alice.
    pub heard: Vec<String>,
    /// The presence server Alice is on (from 1).
    pub presence_server: Option<u8>,
    /// When Alice gave her presence connection up, and when she was back.
    pub lost_us: Vec<u64>,
    pub back_us: Vec<u64>,
    /// Alice's comings and goings as Bob's client was told.
    pub bob_saw: Vec<String>,
}
