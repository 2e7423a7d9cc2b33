//! The game, as the game lesson plays it (`cslab_game`), on a small
//! studio's one host: a game server runs, beside the game itself (UDP port
//! 3724, snapshots at its tick rate), the services the lesson spreads over
//! a data centre, each a program with its own port:
//! - one HTTPS server on port 443 for the login (`POST /login`) and the
//!   matchmaker (`POST /matchmaking`), routed by path as nginx routes a
//!   `location` ([`cslab_game::front`]);
//! - a presence server on port 1119 (its WebSocket, over TLS), a cluster
//!   of one: the login sends every player to it.
//!
//! A browser playing the game (`play-game`) looks its task's host up in
//! the DNS, with the stub resolver every client has ([`super::clients`]),
//! and reaches every service at that address and by that name (TLS's SNI,
//! HTTP's `Host`). It logs in with an account the studio made for it (its
//! machine's name, the lesson's password), keeps its presence WebSocket,
//! asks the matchmaker for a game as soon as it is logged in and plays
//! the match the matchmaker sends it to, then quits.
//!
//! The matchmaker holds each request until [`MATCH_SIZE`] players are
//! queued (a duel); a player alone keeps waiting, its request held, as a
//! real matchmaker's queue does: its report says `waiting`. A game server
//! plays one match, so the players queued after the first [`MATCH_SIZE`]
//! wait too, as behind a matchmaker with no free server.

use std::borrow::Cow;

use cslab_game::accounts::{ALICE, Account};
use cslab_game::client::{GameClient, Profile, UDP_PORT};
use cslab_game::front::Front;
use cslab_game::game_server::{self, GameServer};
use cslab_game::login::LoginServer;
use cslab_game::matchmaking::{Arena, MATCH_SIZE, Matchmaker};
use cslab_game::presence::{self, PresenceServer};
use cslab_game::world::MATCH_SECONDS;
use cslab_sim::net::{Addr, AppId, Proto, World};
use cslab_sim::proto::dns::{DnsResult, RetryPolicy, STUB_PORT};
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::{TcpConfig, TcpStack};
use cslab_sim::runs::web_world::add_tcp_server;
use cslab_sim::time::SimTime;

use super::MAX_RUN;
use super::world::Built;
use crate::kinds::Kind;
use crate::schema::{Machine, Network};
use crate::tasks::TaskKind;

/// A game server's tick rate: its setting, snapshots a second.
fn tick(m: &Machine) -> u32 {
    (m.settings.get("tick"))
        .and_then(|tick| tick.parse().ok())
        .filter(|&tick| tick > 0)
        .unwrap_or(20)
}

/// The host a machine serves or plays at.
fn host(m: &Machine) -> Option<&str> {
    match (m.kind, &m.task) {
        (Kind::GameServer, _) => m.settings.get("host"),
        (_, Some(task)) if task.what == TaskKind::PlayGame => task.params.get("host"),
        _ => None,
    }
    .map(String::as_str)
}

/// The account the studio made for player `m`, the `n`-th (from 0): its
/// machine's name in lower case, anything but letters and digits a dash
/// (an account name never needs quoting in JSON or a token).
fn account(m: &Machine, n: usize) -> Account {
    let name = (m.name.chars())
        .map(|c| match c.is_ascii_alphanumeric() {
            true => c.to_ascii_lowercase(),
            false => '-',
        })
        .collect::<String>();
    Account {
        id: 1_000 + n as u32,
        name: Cow::Owned(name),
        password: ALICE.password.clone(),
    }
}

/// The players of `net`, in the document's order, with their accounts.
fn players(net: &Network) -> impl Iterator<Item = (&Machine, Account)> {
    (net.machines.iter())
        .filter(|m| m.kind != Kind::GameServer && host(m).is_some())
        .enumerate()
        .map(|(n, m)| (m, account(m, n)))
}

/// Adds every game server with its studio's services.
pub fn add_servers(built: &mut Built, net: &Network) {
    let stack = || TcpStack::new(TcpConfig::default());
    for m in net.machines.iter().filter(|m| m.kind == Kind::GameServer) {
        let accounts = (players(net))
            .filter(|(player, _)| host(player) == host(m))
            .map(|(_, account)| account)
            .collect();
        let tick = tick(m);
        let arena = Arena {
            server: m.address,
            port: game_server::PORT,
            tick,
            seconds: MATCH_SECONDS,
        };
        let login = LoginServer::new(accounts, vec![m.address]);
        // The game server plays one match.
        let front = Front::new(login, Matchmaker::new(arena).hosting(1));
        let (node, world) = (built.node(m.id), &mut built.world);
        let front = world.add_app(node, Box::new(Host::new(stack(), front)));
        world.bind_any_port(node, Proto::Tcp, front);
        let presence = PresenceServer::new(1, None, None);
        let presence = world.add_app(node, Box::new(Host::new(stack(), presence)));
        for port in [presence::PORT, presence::CLUSTER_PORT] {
            world.bind(node, Proto::Tcp, port, presence);
        }
        let game = GameServer::new(tick, MATCH_SECONDS, MATCH_SIZE);
        let game = world.add_app(node, Box::new(Host::new(stack(), game)));
        world.bind(node, Proto::Udp, game_server::PORT, game);
    }
}

/// A player on `m` of the game at its task's host, asking `resolver` for
/// its address (its stub waiting as `stub` says).
pub fn add_player(
    built: &mut Built,
    net: &Network,
    m: &Machine,
    resolver: Addr,
    stub: RetryPolicy,
) -> AppId {
    let account = (players(net).find(|(player, _)| player.id == m.id))
        .map(|(_, account)| account)
        .unwrap_or_else(|| account(m, 0));
    let profile = Profile {
        account,
        logs_in: true,
        // Where its lookup says.
        login_server: resolver,
        matchmaker: resolver,
        says: Vec::new(),
        queues_at: SimTime::ZERO,
        quits_at: MAX_RUN,
        quits_after_match: true,
        host: Some(host(m).unwrap_or_default().to_owned()),
        resolver: Some((resolver, stub)),
    };
    let node = built.node(m.id);
    let world = &mut built.world;
    let client = GameClient::new(profile);
    let app = add_tcp_server(world, node, client, TcpConfig::default());
    world.bind(node, Proto::Udp, STUB_PORT, app);
    world.bind(node, Proto::Udp, UDP_PORT, app);
    app
}

/// What a player did: `complete` (its match was played to the end),
/// `waiting` (the matchmaker holds its request: too few players),
/// `failed` (its host's name did not resolve) or `unfinished`; when its
/// lookup ended and what it gave; the snapshots it received.
pub struct Outcome {
    pub outcome: &'static str,
    pub dns: Option<SimTime>,
    pub address: Option<Addr>,
    pub snapshots: u64,
}

pub fn outcome(world: &World, app: AppId) -> Outcome {
    let client = &world.app::<Host<GameClient>>(app).expect("a player").app;
    let lookup = client.lookup.as_ref();
    let address = lookup.and_then(DnsResult::addr);
    let outcome = match lookup {
        Some(_) if address.is_none() => "failed",
        _ if client.play.over => "complete",
        _ if client.play.snapshots == 0 && client.waiting() => "waiting",
        _ => "unfinished",
    };
    Outcome {
        outcome,
        dns: lookup.map(|l| l.finished),
        address,
        snapshots: client.play.snapshots,
    }
}
