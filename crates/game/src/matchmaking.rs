//! The matchmaker: `POST /matchmaking` over HTTPS with the player's token
//! as a bearer token (RFC 6750 §2.1). It holds each request while it
//! gathers players (its answer is the wait's end, as a long poll's), and
//! when [`MATCH_SIZE`] are queued it answers each with the game server's
//! address and port, the tick rate and the match's length, and a ticket
//! for that server, signed as tokens are. An arena that can host only so
//! many matches leaves the players queued after them waiting, their
//! requests held, as a matchmaker with no free server does.

use crate::accounts::{player_of, sign};
use crate::tls_server::{Arrived, TlsConns};
use cslab_sim::net::Addr;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::{Method, Status};
use cslab_sim::proto::http_message::{self as message, header_values, response};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::game_trace;

pub const HOST: &str = "match.game.example";
pub const PATH: &str = "/matchmaking";
/// A duel: two players.
pub const MATCH_SIZE: usize = 2;

/// Where the matches it makes are played.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arena {
    pub server: Addr,
    pub port: u16,
    pub tick: u32,
    pub seconds: u32,
}

pub struct Matchmaker {
    arena: Arena,
    conns: TlsConns,
    /// The requests held: each player and its connection.
    queue: Vec<(String, ConnId)>,
    pub matches: u32,
    /// The matches the arena can host (`None`: as many as it is asked).
    room: Option<u32>,
}

impl Matchmaker {
    pub fn new(arena: Arena) -> Matchmaker {
        Matchmaker {
            arena,
            conns: TlsConns::default(),
            queue: Vec::new(),
            matches: 0,
            room: None,
        }
    }

    /// The matchmaker of an arena that hosts `matches` matches at most.
    pub fn hosting(self, matches: u32) -> Matchmaker {
        Matchmaker {
            room: Some(matches),
            ..self
        }
    }

    fn answer_all(&mut self, net: &mut Net) {
        self.matches += 1;
        let Arena {
            server,
            port,
            tick,
            seconds,
        } = self.arena;
        for (player, conn) in std::mem::take(&mut self.queue) {
            let ticket = sign(&format!("match{}:{player}", self.matches));
            let mut out = response(Status::Ok, HOST, PATH);
            out.content_type = Some("application/json");
            out.body = format!(
                r#"{{"server":"{server}","port":{port},"tick":{tick},"seconds":{seconds},"ticket":"{ticket}"}}"#
            );
            message::send(net, conn, out, true);
        }
    }
}

impl Matchmaker {
    /// What arrived on one of its connections: a `POST` is held until the
    /// match is full (or refused without a player's token); a connection
    /// gone takes its player out of the queue.
    pub fn arrived(&mut self, net: &mut Net, arrived: Arrived) {
        match arrived {
            Arrived::Request {
                conn,
                method: Method::Post,
                head,
                ..
            } => self.take(net, conn, &head),
            Arrived::Gone(conn) => self.queue.retain(|(_, id)| *id != conn),
            _ => {}
        }
    }

    fn take(&mut self, net: &mut Net, conn: ConnId, head: &str) {
        let bearer =
            header_values(head, "Authorization").find_map(|value| value.strip_prefix("Bearer "));
        let Some(player) = bearer.and_then(player_of) else {
            message::send(net, conn, response(Status::Unauthorized, HOST, PATH), true);
            return;
        };
        self.queue.push((player.to_owned(), conn));
        net.note(game_trace::QUEUED, self.queue.len() as u64);
        let room = self.room.is_none_or(|room| self.matches < room);
        if self.queue.len() == MATCH_SIZE && room {
            self.answer_all(net);
        }
    }
}

impl NetApp for Matchmaker {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(443, 128);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        if let Some(arrived) = self.conns.on_tcp(net, ev) {
            self.arrived(net, arrived);
        }
    }
}
