//! The game client, which connects by itself: it logs in (or holds a
//! token from an earlier login), keeps a WebSocket to its presence server,
//! chats, asks the matchmaker for a game and plays it over UDP. When its
//! presence connection stops answering it connects again, after a random
//! wait (exponential backoff with "full jitter", AWS Architecture Blog,
//! "Exponential Backoff And Jitter": a wait drawn between 0 and 1 s, then
//! up to 2, 4 ... s, so a crowd of clients thrown off one server does not
//! come back all at once), to the next server of its list.

use crate::accounts::{Account, PRESENCE, presence_for, token};
use crate::game_server::{INPUT_BYTES, PORT as GAME_PORT, tick_interval};
use crate::presence::{HEARTBEAT, PATH as PRESENCE_PATH, PORT as PRESENCE_PORT, host};
use crate::{json, login, matchmaking};
use cslab_chat::frame::{Frame, Opcode};
use cslab_chat::handshake::{accepted, new_key, upgrade_request};
use cslab_sim::apps::web::{send_client_hello, take_handshake};
use cslab_sim::net::{Addr, Packet};
use cslab_sim::proto::dns::{DnsResult, RType, RetryPolicy, STUB_TIMER, StubResolver};
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::{HttpKind, Method, Status};
use cslab_sim::proto::http_message::{self as message, request};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::{TextProtocol, game_trace, send_datagram};
use cslab_sim::proto::tls::TlsSession;
use cslab_sim::proto::{AppMsg, Message};
use cslab_sim::time::SimTime;

/// The UDP port the client plays from.
pub const UDP_PORT: u16 = 49200;
/// The first backoff's longest wait, in ms.
const BACKOFF_BASE_MS: u64 = 1_000;

/// What a player does, and when.
#[derive(Clone, Debug)]
pub struct Profile {
    pub account: Account,
    /// Logs in first (else it holds a token from an earlier login).
    pub logs_in: bool,
    pub login_server: Addr,
    pub matchmaker: Addr,
    /// Messages it writes: when, to whom, what.
    pub says: Vec<(SimTime, &'static str, &'static str)>,
    /// When it asks for a game (or once logged in, if that is later).
    pub queues_at: SimTime,
    /// When the player quits: the WebSocket's closing handshake.
    pub quits_at: SimTime,
    /// It also quits as soon as its match is over.
    pub quits_after_match: bool,
    /// The one name of every service, when they all run on one host (a
    /// sandbox's game server); `None`: each has the lesson's own name.
    pub host: Option<String>,
    /// The resolver it asks for that host's address (and how its stub
    /// waits) before anything else; `None`: it is given the addresses.
    pub resolver: Option<(Addr, RetryPolicy)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Login,
    Presence,
    Match,
}

struct Conn {
    id: ConnId,
    role: Role,
    session: Option<TlsSession>,
}

/// The match it was sent to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Game {
    server: Addr,
    tick: u32,
    inputs: u64,
}

/// What the client saw of its match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Play {
    pub snapshots: u64,
    pub skipped: u64,
    /// The last snapshot's number.
    pub last: u64,
    /// When each input was sent (input n at n - 1).
    pub inputs: Vec<SimTime>,
    /// Each new acknowledgement's ping: the input's number and the ping.
    pub pings: Vec<(u64, SimTime)>,
    pub over: bool,
}

const CHAT_TIMERS: u64 = 100;
const QUEUE_TIMER: u64 = 1;
const INPUT_TIMER: u64 = 2;
const OVER_TIMER: u64 = 3;
const RECONNECT_TIMER: u64 = 4;
const QUIT_TIMER: u64 = 5;
/// Heartbeats carry the presence connection's generation above this.
const HEARTBEAT_TIMERS: u64 = 1 << 20;

pub struct GameClient {
    pub profile: Profile,
    conns: Vec<Conn>,
    token: String,
    servers: Vec<Addr>,
    /// The presence server it is on (its place in `servers`).
    server: usize,
    ws_key: String,
    /// The presence connection, once its token was shown.
    presence: Option<ConnId>,
    generation: u64,
    awaiting_pong: bool,
    quit: bool,
    /// Its time to queue came before its token did.
    queue_when_logged_in: bool,
    game: Option<Game>,
    stub: Option<StubResolver>,
    /// Its lookup of its host, once it ended.
    pub lookup: Option<DnsResult>,
    /// Its friends online, as the presence server told.
    pub friends_online: Vec<String>,
    /// Friends' comings and goings as pushed: who, `online` or
    /// `offline`, when.
    pub presence_changes: Vec<(String, String, SimTime)>,
    /// The messages pushed to it: from whom, what, when.
    pub heard: Vec<(String, String, SimTime)>,
    /// When it gave its presence connection up, and when it was back.
    pub lost_at: Vec<SimTime>,
    pub back_at: Vec<SimTime>,
    pub play: Play,
}

impl GameClient {
    pub fn new(profile: Profile) -> GameClient {
        GameClient {
            profile,
            conns: Vec::new(),
            token: String::new(),
            servers: Vec::new(),
            server: 0,
            ws_key: String::new(),
            presence: None,
            generation: 0,
            awaiting_pong: false,
            quit: false,
            queue_when_logged_in: false,
            game: None,
            stub: None,
            lookup: None,
            friends_online: Vec::new(),
            presence_changes: Vec::new(),
            heard: Vec::new(),
            lost_at: Vec::new(),
            back_at: Vec::new(),
            play: Play::default(),
        }
    }

    /// The presence server it uses now (its number, from 1).
    pub fn presence_server(&self) -> Option<u8> {
        let addr = self.servers.get(self.server)?;
        let at = crate::accounts::PRESENCE.iter().position(|a| a == addr)?;
        Some(at as u8 + 1)
    }

    /// Its request for a game is held by the matchmaker: it waits for
    /// other players.
    pub fn waiting(&self) -> bool {
        self.conns.iter().any(|c| c.role == Role::Match)
    }

    /// The name it gives the server of `role` (TLS's SNI, HTTP's `Host`).
    fn name_of(&self, role: Role) -> &str {
        if let Some(host) = &self.profile.host {
            return host;
        }
        match role {
            Role::Login => login::HOST,
            Role::Match => matchmaking::HOST,
            Role::Presence => host(self.presence_server().unwrap_or(1)),
        }
    }

    /// Asks the matchmaker for a game, once it has a token.
    fn queue(&mut self, net: &mut Net) {
        if self.token.is_empty() {
            self.queue_when_logged_in = true;
            return;
        }
        let to = self.profile.matchmaker;
        self.connect(net, to, 443, Role::Match);
    }

    /// The closing handshake (RFC 6455 §5.5.1): the server answers and
    /// closes TCP; no more heartbeats.
    fn quit(&mut self, net: &mut Net) {
        let close = crate::presence::NORMAL_CLOSURE.to_be_bytes();
        if let Some(conn) = self.presence.take() {
            Frame::masked(Opcode::Close, close.to_vec(), net.ctx.rng()).send(net, conn, true);
        }
        self.quit = true;
    }

    /// The latest ping measured.
    pub fn ping(&self) -> Option<SimTime> {
        self.play.pings.last().map(|&(_, ping)| ping)
    }

    fn connect(&mut self, net: &mut Net, to: Addr, port: u16, role: Role) {
        let id = net.tcp.connect(net.ctx, to, port);
        self.conns.push(Conn {
            id,
            role,
            session: None,
        });
    }

    fn connect_presence(&mut self, net: &mut Net) {
        let to = self.servers[self.server];
        self.connect(net, to, PRESENCE_PORT, Role::Presence);
    }

    /// TCP and TLS are up on `conn`: say what it was opened for.
    fn ready(&mut self, net: &mut Net, conn: ConnId, role: Role) {
        match role {
            Role::Login => {
                let account = &self.profile.account;
                let mut out = request(Method::Post, self.name_of(role), login::PATH);
                out.content_type = Some("application/json");
                out.body = format!(
                    r#"{{"account":"{}","password":"{}"}}"#,
                    account.name, account.password
                );
                message::send(net, conn, out, true);
            }
            Role::Presence => {
                self.ws_key = new_key(net.ctx.rng());
                let out = upgrade_request(self.name_of(role), PRESENCE_PATH, &self.ws_key, true);
                message::send(net, conn, out, true);
            }
            Role::Match => {
                let mut out = request(Method::Post, self.name_of(role), matchmaking::PATH);
                out.headers = vec![format!("Authorization: Bearer {}", self.token)];
                out.content_type = Some("application/json");
                out.body = r#"{"mode":"duel"}"#.into();
                message::send(net, conn, out, true);
            }
        }
    }

    fn send_frame(&mut self, net: &mut Net, opcode: Opcode, payload: String) {
        let Some(conn) = self.presence else { return };
        Frame::masked(opcode, payload.into_bytes(), net.ctx.rng()).send(net, conn, true);
    }

    fn on_answer(
        &mut self,
        net: &mut Net,
        conn: ConnId,
        role: Role,
        status: Status,
        head: &str,
        body: &str,
    ) {
        match (role, status) {
            (Role::Login, Status::Ok) => {
                self.token = json::string(body, "token").unwrap_or_default().to_owned();
                self.servers = (json::strings(body, "presence").iter())
                    .filter_map(|addr| json::addr(addr))
                    .collect();
                net.tcp.close(net.ctx, conn);
                self.connect_presence(net);
                if std::mem::take(&mut self.queue_when_logged_in) {
                    self.queue(net);
                }
            }
            (Role::Presence, Status::SwitchingProtocols) if accepted(head, &self.ws_key) => {
                self.presence = Some(conn);
                self.generation += 1;
                self.awaiting_pong = false;
                let auth = format!(r#"{{"auth":"{}"}}"#, self.token);
                self.send_frame(net, Opcode::Text, auth);
                let token = HEARTBEAT_TIMERS + self.generation;
                net.set_timer(HEARTBEAT, token);
            }
            (Role::Match, Status::Ok) => {
                net.tcp.close(net.ctx, conn);
                let server = json::string(body, "server").and_then(json::addr);
                let tick = json::number(body, "tick").unwrap_or(20) as u32;
                let seconds = json::number(body, "seconds").unwrap_or_default();
                let ticket = json::string(body, "ticket").unwrap_or_default();
                let Some(server) = server else { return };
                self.game = Some(Game {
                    server,
                    tick,
                    inputs: u64::from(tick) * seconds,
                });
                let line = format!("Join {ticket}");
                let bytes = line.len() as u32;
                let to = (server, UDP_PORT, GAME_PORT);
                send_datagram(net, to, TextProtocol::Game, &line, bytes);
            }
            _ => {}
        }
    }

    fn on_frame(&mut self, net: &mut Net, summary: &str) {
        match Frame::opcode_of(summary) {
            Some(Opcode::Pong) => self.awaiting_pong = false,
            Some(Opcode::Text) => {
                let payload = Frame::text_of(summary).unwrap_or_default();
                if payload.starts_with(r#"{"online":"#) {
                    self.friends_online = (json::strings(payload, "online").iter())
                        .map(|name| name.to_string())
                        .collect();
                    if !self.lost_at.is_empty() {
                        self.back_at.push(net.ctx.now());
                    }
                } else if let Some(friend) = json::string(payload, "presence") {
                    let status = json::string(payload, "status").unwrap_or_default();
                    self.friends_online.retain(|name| name != friend);
                    if status == "online" {
                        self.friends_online.push(friend.to_owned());
                    }
                    let change = (friend.to_owned(), status.to_owned(), net.ctx.now());
                    self.presence_changes.push(change);
                } else if let Some(from) = json::string(payload, "from") {
                    let text = json::string(payload, "text").unwrap_or_default();
                    self.heard.push((from.into(), text.into(), net.ctx.now()));
                }
            }
            _ => {}
        }
    }

    fn on_heartbeat(&mut self, net: &mut Net, generation: u64) {
        if generation != self.generation || self.presence.is_none() {
            return;
        }
        if self.awaiting_pong {
            // Given up: the next server of the list, after a random wait.
            if let Some(conn) = self.presence.take() {
                net.tcp.close(net.ctx, conn);
            }
            let attempt = self.lost_at.len() as u32;
            let most = BACKOFF_BASE_MS << attempt.min(5);
            let wait = net.ctx.rng().below(most);
            self.lost_at.push(net.ctx.now());
            net.note(game_trace::PRESENCE_LOST, wait);
            self.server = (self.server + 1) % self.servers.len();
            net.set_timer(SimTime::from_millis(wait), RECONNECT_TIMER);
            return;
        }
        self.awaiting_pong = true;
        self.send_frame(net, Opcode::Ping, String::new());
        net.set_timer(HEARTBEAT, HEARTBEAT_TIMERS + generation);
    }

    fn send_input(&mut self, net: &mut Net) {
        let Some(game) = self.game else { return };
        self.play.inputs.push(net.ctx.now());
        let n = self.play.inputs.len() as u64;
        let to = (game.server, UDP_PORT, GAME_PORT);
        send_datagram(
            net,
            to,
            TextProtocol::Game,
            &format!("Input {n}"),
            INPUT_BYTES,
        );
        let every = tick_interval(game.tick);
        if n < game.inputs {
            net.set_timer(every, INPUT_TIMER);
        } else {
            // The last snapshots are still on their way.
            net.set_timer(SimTime::from_nanos(every.as_nanos() * 4), OVER_TIMER);
        }
    }

    fn on_snapshot(&mut self, net: &mut Net, n: u64, ack: u64) {
        let play = &mut self.play;
        if n <= play.last || play.over {
            return;
        }
        let first = play.snapshots == 0;
        let skipped = n - play.last - 1;
        play.snapshots += 1;
        play.last = n;
        if skipped > 0 {
            play.skipped += skipped;
            net.note(game_trace::SKIPPED, skipped);
        }
        let newest = play.pings.last().map_or(0, |&(input, _)| input);
        if ack > newest
            && let Some(&sent) = play.inputs.get(ack as usize - 1)
        {
            let ping = net.ctx.now() - sent;
            if play.pings.last().is_none_or(|&(_, last)| last != ping) {
                net.note(game_trace::PING, ping.as_nanos() / 1_000);
            }
            play.pings.push((ack, ping));
        }
        // Inputs go at the tick rate from the first snapshot on.
        if first {
            self.send_input(net);
        }
    }

    /// Logs in (or shows its token), and sets its timers.
    fn begin(&mut self, net: &mut Net) {
        if self.profile.logs_in {
            self.connect(net, self.profile.login_server, 443, Role::Login);
        } else {
            self.token = token(&self.profile.account);
            self.servers = presence_for(self.profile.account.id, &PRESENCE);
            self.connect_presence(net);
        }
        let now = net.ctx.now();
        for (i, &(at, _, _)) in self.profile.says.iter().enumerate() {
            net.set_timer(at.saturating_sub(now), CHAT_TIMERS + i as u64);
        }
        net.set_timer(self.profile.queues_at.saturating_sub(now), QUEUE_TIMER);
        net.set_timer(self.profile.quits_at.saturating_sub(now), QUIT_TIMER);
    }

    /// Its lookup ended: with an address, every service is there.
    fn resolved(&mut self, net: &mut Net, result: DnsResult) {
        let addr = result.addr();
        self.lookup = Some(result);
        if let Some(addr) = addr {
            self.profile.login_server = addr;
            self.profile.matchmaker = addr;
            self.begin(net);
        }
    }

    fn on_own_timer(&mut self, net: &mut Net, token: u64) {
        match token {
            QUEUE_TIMER => self.queue(net),
            INPUT_TIMER => self.send_input(net),
            OVER_TIMER => {
                self.play.over = true;
                net.note(game_trace::MATCH_OVER, self.play.snapshots);
                if self.profile.quits_after_match && !self.quit {
                    self.quit(net);
                }
            }
            RECONNECT_TIMER if !self.quit => self.connect_presence(net),
            QUIT_TIMER => {
                if !self.quit {
                    self.quit(net);
                }
            }
            HEARTBEAT_TIMERS.. => self.on_heartbeat(net, token - HEARTBEAT_TIMERS),
            _ => {
                let Some(&(_, to, text)) = self.profile.says.get((token - CHAT_TIMERS) as usize)
                else {
                    return;
                };
                let json = format!(r#"{{"to":"{to}","text":"{text}"}}"#);
                self.send_frame(net, Opcode::Text, json);
            }
        }
    }
}

impl NetApp for GameClient {
    fn start(&mut self, net: &mut Net) {
        let (Some(host), Some((resolver, wait))) = (&self.profile.host, self.profile.resolver)
        else {
            return self.begin(net);
        };
        let name = net.ctx.intern(host);
        let stub = self.stub.insert(StubResolver::new(resolver, wait));
        if let Some(result) = stub.lookup(net, name, RType::A) {
            self.resolved(net, result);
        }
    }

    fn on_timer(&mut self, net: &mut Net, token: u64) {
        if token & STUB_TIMER == 0 {
            return self.on_own_timer(net, token);
        }
        if let Some(result) = self
            .stub
            .as_mut()
            .and_then(|stub| stub.on_timer(net, token))
        {
            self.resolved(net, result);
        }
    }

    fn on_udp(&mut self, net: &mut Net, _pkt: &Packet, msg: Option<&Message>) {
        let line = match msg.map(|msg| msg.app) {
            Some(AppMsg::Dns(dns)) => {
                let result = self
                    .stub
                    .as_mut()
                    .and_then(|stub| stub.on_response(net, &dns));
                if let Some(result) = result {
                    self.resolved(net, result);
                }
                return;
            }
            Some(AppMsg::Text(text)) => net.ctx.name(text.line).to_owned(),
            _ => return,
        };
        let mut words = line.split(' ');
        if words.next() != Some("Snapshot") {
            return;
        }
        let n = words.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        let ack = (words.next())
            .and_then(|ack| ack.strip_prefix("ack=")?.parse().ok())
            .unwrap_or(0);
        self.on_snapshot(net, n, ack);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        let Some(at) = self.conns.iter().position(|c| c.id == ev.conn()) else {
            return;
        };
        let role = self.conns[at].role;
        match ev {
            TcpEvent::Connected(conn) => {
                let (session, _) = TlsSession::client();
                self.conns[at].session = Some(session);
                let name = net.ctx.intern(self.name_of(role));
                send_client_hello(net, conn, name);
            }
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => {
                if let Some(session) = self.conns[at].session.as_mut()
                    && let Some(connected) = take_handshake(net, conn, session, &msg)
                {
                    if connected {
                        self.ready(net, conn, role);
                    }
                    return;
                }
                match msg.app {
                    AppMsg::Http(answer) => {
                        if let HttpKind::Response { status } = answer.kind {
                            let head = net.ctx.name(answer.head).to_owned();
                            let body = net.ctx.name(answer.body).to_owned();
                            self.on_answer(net, conn, role, status, &head, &body);
                        }
                    }
                    AppMsg::Text(text) if text.protocol == TextProtocol::WebSocket => {
                        let summary = net.ctx.name(text.line).to_owned();
                        self.on_frame(net, &summary);
                    }
                    _ => {}
                }
            }
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            TcpEvent::Closed(conn) | TcpEvent::TimedOut(conn) | TcpEvent::Reset { conn, .. } => {
                self.conns.retain(|c| c.id != conn);
            }
            _ => {}
        }
    }
}
