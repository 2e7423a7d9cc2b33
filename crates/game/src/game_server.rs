//! The game server: it runs the match and is its authority. Each tick it
//! sends every player a snapshot of the world's state in a UDP datagram,
//! and reads the inputs the players send back, also by UDP (Valve, "Source
//! Multiplayer Networking": snapshots at a constant rate, the tick rate;
//! 66 ticks a second by default on Source servers). A datagram lost is not
//! sent again: the next snapshot carries the newer state anyway.
//!
//! A snapshot names the last input the server has from that player; the
//! client's ping is the time from sending that input to receiving the
//! snapshot (as Quake III Arena's client measures it:
//! `CL_ParseSnapshot` in `cl_parse.c`), so it includes the wait for the
//! server's next tick.
//!
//! ```text
//! Join <ticket>                       client → server, once
//! Snapshot <n> ack=<input> players=<p> server → client, every tick
//! Input <n>                           client → server, every tick
//! ```

use crate::accounts::verify;
use cslab_sim::net::{Addr, Packet};
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::text::{TextProtocol, game_trace, send_datagram};
use cslab_sim::proto::{AppMsg, Message};
use cslab_sim::time::SimTime;

/// The UDP port the game server listens on (one Blizzard lists for its
/// games: World of Warcraft's, 3724).
pub const PORT: u16 = 3724;

/// A snapshot's bytes above UDP: a 12-byte header (its number, the input
/// it acknowledges, the server's time) and 20 bytes a player (id,
/// position, velocity, facing): the lab's own layout.
pub fn snapshot_bytes(players: u32) -> u32 {
    12 + 20 * players
}

/// An input's bytes: its number, the buttons held, the view's two angles
/// and the move's direction.
pub const INPUT_BYTES: u32 = 20;

/// The time between two ticks at `rate` a second, in whole nanoseconds.
pub fn tick_interval(rate: u32) -> SimTime {
    SimTime::from_nanos(1_000_000_000 / u64::from(rate))
}

struct Player {
    addr: Addr,
    port: u16,
    /// The last input it sent that arrived.
    last_input: u64,
}

pub struct GameServer {
    rate: u32,
    seconds: u32,
    size: usize,
    players: Vec<Player>,
    first_tick: SimTime,
    /// Snapshots sent to each player so far (the tick's number).
    pub ticks: u64,
}

impl GameServer {
    /// A match of `size` players, `seconds` long at `rate` ticks a second.
    pub fn new(rate: u32, seconds: u32, size: usize) -> GameServer {
        GameServer {
            rate,
            seconds,
            size,
            players: Vec::new(),
            first_tick: SimTime::ZERO,
            ticks: 0,
        }
    }

    /// The snapshots a match sends each player: its length times the rate.
    pub fn snapshots_per_player(&self) -> u64 {
        u64::from(self.rate) * u64::from(self.seconds)
    }

    fn at_tick(&self, n: u64) -> SimTime {
        self.first_tick + SimTime::from_nanos(tick_interval(self.rate).as_nanos() * (n - 1))
    }

    fn tick(&mut self, net: &mut Net) {
        self.ticks += 1;
        let players = self.players.len() as u32;
        for player in &self.players {
            let line = format!(
                "Snapshot {} ack={} players={players}",
                self.ticks, player.last_input
            );
            let to = (player.addr, PORT, player.port);
            send_datagram(net, to, TextProtocol::Game, &line, snapshot_bytes(players));
        }
        if self.ticks < self.snapshots_per_player() {
            let next = self.at_tick(self.ticks + 1);
            net.set_timer(next.saturating_sub(net.ctx.now()), 0);
        }
    }
}

impl NetApp for GameServer {
    fn on_udp(&mut self, net: &mut Net, pkt: &Packet, msg: Option<&Message>) {
        let Some(AppMsg::Text(text)) = msg.map(|msg| msg.app) else {
            return;
        };
        let line = net.ctx.name(text.line).to_owned();
        let at = (self.players.iter()).position(|p| p.addr == pkt.src && p.port == pkt.src_port);
        if let Some(ticket) = line.strip_prefix("Join ") {
            if verify(ticket).is_none() || at.is_some() || self.players.len() == self.size {
                return;
            }
            self.players.push(Player {
                addr: pkt.src,
                port: pkt.src_port,
                last_input: 0,
            });
            if self.players.len() == self.size {
                // The first tick on the server's clock after the last
                // player joined.
                let interval = tick_interval(self.rate).as_nanos();
                let now = net.ctx.now().as_nanos();
                self.first_tick = SimTime::from_nanos(now.div_ceil(interval) * interval);
                net.note(game_trace::MATCH_STARTED, u64::from(self.rate));
                net.set_timer(self.first_tick.saturating_sub(net.ctx.now()), 0);
            }
        } else if let Some(n) = line.strip_prefix("Input ").and_then(|n| n.parse().ok())
            && let Some(player) = at.map(|at| &mut self.players[at])
        {
            player.last_input = player.last_input.max(n);
        }
    }

    fn on_timer(&mut self, net: &mut Net, _token: u64) {
        self.tick(net);
    }
}
