//! A presence and chat server, one of a cluster. A player's game client
//! keeps a WebSocket open to it over TLS (the chat crate's handshake and
//! frames) and shows its token in its first frame; the server answers
//! with the friends online, and pushes each friend's coming and going and
//! each message the moment it happens. Players are spread over the
//! cluster by account id ([`crate::accounts::presence_for`]); the servers
//! keep one TCP connection between them, inside the data centre, to tell
//! each other who came online where and to pass on messages.
//!
//! Failures: a client sends a WebSocket Ping every [`HEARTBEAT`] and gives
//! the connection up if no Pong came before the next (TCP's own keepalive
//! would wait two hours before its first probe: RFC 1122 §4.2.3.6; a
//! switched-off machine sends no RST, so nothing else would tell). The
//! server that opened the cluster link pings its peer every
//! [`CLUSTER_HEARTBEAT`] the same way, and when the peer stops answering it
//! counts the peer's players offline and tells their friends.
//!
//! Cluster lines: `ONLINE <player> <server>`, `OFFLINE <player>`,
//! `CHAT <from> <to> <text>`, `PING`, `PONG`.

use crate::accounts::{ACCOUNTS, are_friends, player_of};
use crate::json;
use crate::tls_server::{Arrived, TlsConns};
pub use cslab_chat::frame::NORMAL_CLOSURE;
use cslab_chat::frame::{Frame, Opcode};
use cslab_chat::handshake::{switching_protocols, upgrade_key};
use cslab_sim::net::Addr;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::{Method, Status};
use cslab_sim::proto::http_message::{self as message, response};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::{TextProtocol, game_trace, send_text, text_of};
use cslab_sim::time::SimTime;

/// The port of the presence servers' WebSockets: the one IANA registers
/// for Battle.net's chat and game protocol (`bnetgame`, 1119).
pub const PORT: u16 = 1119;
/// The cluster link's port, inside the data centre.
pub const CLUSTER_PORT: u16 = 1120;
pub const PATH: &str = "/presence";
/// How often a client pings its presence server.
pub const HEARTBEAT: SimTime = SimTime::from_secs(2);
/// How often a cluster server pings its peer (a data centre's round trip
/// is a few milliseconds: it can afford to ask more often).
pub const CLUSTER_HEARTBEAT: SimTime = SimTime::from_secs(1);

/// The presence server's name for its number `n` (from 1).
pub fn host(n: u8) -> &'static str {
    ["presence-1.game.example", "presence-2.game.example"][usize::from(n - 1)]
}

const HEARTBEAT_TIMER: u64 = 1;
const FAIL_TIMER: u64 = 2;

/// Who is online, and on which server (a player here has its connection).
struct Online {
    player: String,
    server: u8,
    conn: Option<ConnId>,
}

pub struct PresenceServer {
    pub number: u8,
    /// The peer this server connects to for the cluster link (the other
    /// waits for it).
    peer: Option<Addr>,
    /// When it switches off, if it does.
    fails_at: Option<SimTime>,
    conns: TlsConns,
    cluster: Option<ConnId>,
    /// Its cluster heartbeat is set (it beats while anyone is online).
    beating: bool,
    awaiting_pong: bool,
    online: Vec<Online>,
    /// Messages it pushed to its players: (from, to, text).
    pub pushed: Vec<(String, String, String)>,
}

impl PresenceServer {
    pub fn new(number: u8, peer: Option<Addr>, fails_at: Option<SimTime>) -> PresenceServer {
        PresenceServer {
            number,
            peer,
            fails_at,
            conns: TlsConns::default(),
            cluster: None,
            beating: false,
            awaiting_pong: false,
            online: Vec::new(),
            pushed: Vec::new(),
        }
    }

    /// The players online as this server knows them, and where.
    pub fn online(&self) -> impl Iterator<Item = (&str, u8, bool)> {
        (self.online.iter()).map(|o| (o.player.as_str(), o.server, o.conn.is_some()))
    }

    fn push(&mut self, net: &mut Net, conn: ConnId, json: String) {
        Frame::unmasked(Opcode::Text, json.into_bytes()).send(net, conn, true);
    }

    fn tell_cluster(&mut self, net: &mut Net, line: &str) {
        if let Some(conn) = self.cluster {
            send_text(net, conn, TextProtocol::Cluster, line, None, false);
        }
    }

    /// Tells `player`'s friends connected here that it is `status`.
    fn tell_friends(&mut self, net: &mut Net, player: &str, status: &str) {
        let friends: Vec<ConnId> = (self.online.iter())
            .filter(|o| are_friends(&o.player, player))
            .filter_map(|o| o.conn)
            .collect();
        for conn in friends {
            let json = format!(r#"{{"presence":"{player}","status":"{status}"}}"#);
            self.push(net, conn, json);
        }
    }

    fn came_online(&mut self, net: &mut Net, player: &str, server: u8, conn: Option<ConnId>) {
        self.online.retain(|o| o.player != player);
        self.online.push(Online {
            player: player.to_owned(),
            server,
            conn,
        });
        self.tell_friends(net, player, "online");
        self.beat(net);
    }

    /// Sets the cluster heartbeat, on the server that opened the link,
    /// if it is not set.
    fn beat(&mut self, net: &mut Net) {
        if self.peer.is_some() && self.cluster.is_some() && !self.beating {
            self.beating = true;
            net.set_timer(CLUSTER_HEARTBEAT, HEARTBEAT_TIMER);
        }
    }

    fn went_offline(&mut self, net: &mut Net, player: &str) {
        self.online.retain(|o| o.player != player);
        self.tell_friends(net, player, "offline");
    }

    fn deliver(&mut self, net: &mut Net, from: &str, to: &str, text: &str) {
        let Some(at) = self.online.iter().find(|o| o.player == to) else {
            return;
        };
        match at.conn {
            Some(conn) => {
                self.pushed.push((from.into(), to.into(), text.into()));
                let json = format!(r#"{{"from":"{from}","text":"{text}"}}"#);
                self.push(net, conn, json);
            }
            None => self.tell_cluster(net, &format!("CHAT {from} {to} {text}")),
        }
    }

    fn on_frame(&mut self, net: &mut Net, conn: ConnId, summary: &str) {
        match Frame::opcode_of(summary) {
            Some(Opcode::Ping) => Frame::unmasked(Opcode::Pong, Vec::new()).send(net, conn, true),
            // The player quits: offline now, then the closing handshake
            // (RFC 6455 §5.5.1; the server closes TCP).
            Some(Opcode::Close) => {
                self.player_left(net, conn);
                Frame::close(None).send(net, conn, true);
                net.tcp.close(net.ctx, conn);
            }
            Some(Opcode::Text) => {
                let payload = Frame::text_of(summary).unwrap_or_default();
                let here = self.online.iter().find(|o| o.conn == Some(conn));
                if let Some(from) = here.map(|o| o.player.clone()) {
                    let to = json::string(payload, "to").unwrap_or_default();
                    let text = json::string(payload, "text").unwrap_or_default();
                    self.deliver(net, &from, to, text);
                } else if let Some(player) = json::string(payload, "auth").and_then(player_of) {
                    let player = player.to_owned();
                    let friends: Vec<String> = (self.online.iter())
                        .filter(|o| are_friends(&o.player, &player))
                        .map(|o| format!(r#""{}""#, o.player))
                        .collect();
                    self.push(
                        net,
                        conn,
                        format!(r#"{{"online":[{}]}}"#, friends.join(",")),
                    );
                    self.came_online(net, &player, self.number, Some(conn));
                    let line = format!("ONLINE {player} {}", self.number);
                    self.tell_cluster(net, &line);
                }
            }
            _ => {}
        }
    }

    fn on_cluster_line(&mut self, net: &mut Net, conn: ConnId, line: &str) {
        let words: Vec<&str> = line.splitn(4, ' ').collect();
        match words[..] {
            ["PING"] => send_text(net, conn, TextProtocol::Cluster, "PONG", None, false),
            ["PONG"] => self.awaiting_pong = false,
            ["ONLINE", player, server] => {
                let server = server.parse().unwrap_or_default();
                self.came_online(net, player, server, None);
            }
            ["OFFLINE", player] => self.went_offline(net, player),
            ["CHAT", from, to, text] => self.deliver(net, from, to, text),
            _ => {}
        }
    }

    /// The player on `conn`, if any, is offline: its friends here and the
    /// cluster are told.
    fn player_left(&mut self, net: &mut Net, conn: ConnId) {
        let here = self.online.iter().find(|o| o.conn == Some(conn));
        if let Some(player) = here.map(|o| o.player.clone()) {
            self.went_offline(net, &player);
            self.tell_cluster(net, &format!("OFFLINE {player}"));
        }
    }

    /// The peer stopped answering: its players are offline.
    fn peer_lost(&mut self, net: &mut Net) {
        self.cluster = None;
        let gone: Vec<String> = (self.online.iter())
            .filter(|o| o.server != self.number)
            .map(|o| o.player.clone())
            .collect();
        for player in gone {
            let account = ACCOUNTS.iter().find(|account| account.name == player);
            net.note(game_trace::WENT_OFFLINE, account.map_or(0, |a| a.id.into()));
            self.went_offline(net, &player);
        }
    }

    fn on_heartbeat(&mut self, net: &mut Net) {
        self.beating = false;
        let Some(conn) = self.cluster else { return };
        if self.awaiting_pong {
            net.tcp.close(net.ctx, conn);
            self.peer_lost(net);
        } else if !self.online.is_empty() {
            self.awaiting_pong = true;
            send_text(net, conn, TextProtocol::Cluster, "PING", None, false);
            self.beat(net);
        }
    }
}

impl NetApp for PresenceServer {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(PORT, 128);
        net.tcp.listen(CLUSTER_PORT, 16);
        if let Some(peer) = self.peer {
            self.cluster = Some(net.tcp.connect(net.ctx, peer, CLUSTER_PORT));
        }
        if let Some(at) = self.fails_at {
            net.set_timer(at.saturating_sub(net.ctx.now()), FAIL_TIMER);
        }
    }

    fn on_timer(&mut self, net: &mut Net, token: u64) {
        match token {
            HEARTBEAT_TIMER => self.on_heartbeat(net),
            FAIL_TIMER => {
                net.note(game_trace::SERVER_FAILED, u64::from(self.number));
                net.ctx.set_powered(false);
            }
            _ => {}
        }
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        // The cluster link: plain TCP between the two servers.
        match ev {
            TcpEvent::Connected(conn) if Some(conn) == self.cluster => {
                self.beat(net);
                return;
            }
            TcpEvent::Accepted {
                conn,
                port: CLUSTER_PORT,
            } => {
                self.cluster = Some(conn);
                return;
            }
            TcpEvent::Data {
                conn,
                ref msg,
                complete: true,
                ..
            } if Some(conn) == self.cluster => {
                if let Some(line) = text_of(net, msg).map(str::to_owned) {
                    self.on_cluster_line(net, conn, &line);
                }
                return;
            }
            _ => {}
        }
        match self.conns.on_tcp(net, ev) {
            Some(Arrived::Request {
                conn,
                method: Method::Get,
                head,
                path,
                ..
            }) => {
                let host = host(self.number);
                let out = match upgrade_key(&head) {
                    Some(key) => switching_protocols(host, &path, key),
                    None => response(Status::NotFound, host, &path),
                };
                message::send(net, conn, out, true);
            }
            Some(Arrived::Frame { conn, summary }) => self.on_frame(net, conn, &summary),
            Some(Arrived::Gone(conn)) => self.player_left(net, conn),
            _ => {}
        }
    }
}
