//! Alice's browser on the chat's page. With a WebSocket it upgrades one
//! connection and then only reads and writes frames; by polling it asks
//! "anything new?" every period, as `setInterval` would; by long polling it
//! asks again the moment an answer comes. In the HTTP modes a request goes
//! on an idle connection, or on a new one if every connection waits for an
//! answer (a held long poll keeps its connection busy: HTTP/1.1 answers
//! one request at a time per connection, RFC 9112 §9.3).

use crate::frame::{Frame, Opcode};
use crate::handshake::{accepted, new_key, upgrade_request};
use crate::mode::{MESSAGES_PATH, Mode, SOCKET_PATH, poll_path};
use crate::script::{ALICE, END, ids_in};
use cslab_sim::apps::web::{send_tls, take_handshake};
use cslab_sim::net::Addr;
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::{HttpKind, Method};
use cslab_sim::proto::http_message::{self as message, request};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::{TextProtocol, chat_trace};
use cslab_sim::proto::tls::TlsSession;
use cslab_sim::time::SimTime;

/// What the browser asks on a connection.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Ask {
    Upgrade,
    Poll,
    Post(String),
}

struct Connection {
    id: ConnId,
    session: Option<TlsSession>,
    /// TCP (and TLS) are up.
    ready: bool,
    /// What it was asked, still unanswered (or waiting for it to be ready).
    asked: Option<Ask>,
}

const TICK: u64 = 1;
const ALICE_WRITES: u64 = 2;
const CLOSES: u64 = 3;

pub struct ChatBrowser {
    host: String,
    server: Addr,
    tls: bool,
    mode: Mode,
    conns: Vec<Connection>,
    key: String,
    socket: Option<ConnId>,
    ended: bool,
    /// Each of Bob's messages it has (its id), and when.
    pub received: Vec<(usize, SimTime)>,
    /// The WebSocket's Accept value was right.
    pub upgraded: bool,
}

impl ChatBrowser {
    pub fn new(host: &str, server: Addr, tls: bool, mode: Mode) -> ChatBrowser {
        ChatBrowser {
            host: host.into(),
            server,
            tls,
            mode,
            conns: Vec::new(),
            key: String::new(),
            socket: None,
            ended: false,
            received: Vec::new(),
            upgraded: false,
        }
    }

    fn last_id(&self) -> usize {
        self.received.iter().map(|&(id, _)| id).max().unwrap_or(0)
    }

    /// Sends `ask` on an idle connection, or opens one for it.
    fn ask(&mut self, net: &mut Net, ask: Ask) {
        if let Some(at) = self.conns.iter().position(|c| c.ready && c.asked.is_none()) {
            self.send(net, at, ask);
            return;
        }
        let port = if self.tls { 443 } else { 80 };
        let id = net.tcp.connect(net.ctx, self.server, port);
        self.conns.push(Connection {
            id,
            session: None,
            ready: false,
            asked: Some(ask),
        });
    }

    fn send(&mut self, net: &mut Net, at: usize, ask: Ask) {
        let conn = self.conns[at].id;
        let host = self.host.clone();
        let host = host.as_str();
        match &ask {
            Ask::Upgrade => {
                self.key = new_key(net.ctx.rng());
                let out = upgrade_request(host, SOCKET_PATH, &self.key, self.tls);
                message::send(net, conn, out, self.tls);
            }
            Ask::Poll => {
                let long = self.mode == Mode::LongPolling;
                let path = poll_path(self.last_id(), long);
                message::send(net, conn, request(Method::Get, host, &path), self.tls);
            }
            Ask::Post(text) => {
                let mut out = request(Method::Post, host, MESSAGES_PATH);
                out.content_type = Some("application/json");
                out.body = format!(r#"{{"text":"{text}"}}"#);
                message::send(net, conn, out, self.tls);
            }
        }
        self.conns[at].asked = Some(ask);
    }

    fn send_frame(&mut self, net: &mut Net, opcode: Opcode, payload: Vec<u8>) {
        let Some(conn) = self.socket else { return };
        Frame::masked(opcode, payload, net.ctx.rng()).send(net, conn, self.tls);
    }

    fn has(&mut self, net: &mut Net, json: &str) {
        let last = self.last_id();
        for id in ids_in(json).filter(|&id| id > last).collect::<Vec<_>>() {
            self.received.push((id, net.ctx.now()));
            net.note(chat_trace::RECEIVED, id as u64);
        }
    }

    /// The connection is up (after TLS, if any): what waited for it goes.
    fn ready(&mut self, net: &mut Net, at: usize) {
        self.conns[at].ready = true;
        if let Some(ask) = self.conns[at].asked.take() {
            self.send(net, at, ask);
        }
    }

    fn on_answer(&mut self, net: &mut Net, at: usize, head: &str, body: &str) {
        let Some(ask) = self.conns[at].asked.take() else {
            return;
        };
        match ask {
            Ask::Upgrade => {
                self.upgraded = accepted(head, &self.key);
                if self.upgraded {
                    self.socket = Some(self.conns[at].id);
                }
            }
            Ask::Poll => {
                self.has(net, body);
                if self.mode == Mode::LongPolling && !self.ended {
                    self.ask(net, Ask::Poll);
                }
            }
            Ask::Post(_) => {}
        }
    }
}

impl NetApp for ChatBrowser {
    fn start(&mut self, net: &mut Net) {
        let first = match self.mode {
            Mode::WebSocket => Ask::Upgrade,
            Mode::Polling { .. } | Mode::LongPolling => Ask::Poll,
        };
        self.ask(net, first);
        let now = net.ctx.now();
        net.set_timer(ALICE.at.saturating_sub(now), ALICE_WRITES);
        net.set_timer(END.saturating_sub(now), CLOSES);
        // The page's `setInterval`, started with its first poll.
        if let Mode::Polling { every } = self.mode {
            net.set_timer(every, TICK);
        }
    }

    fn on_timer(&mut self, net: &mut Net, token: u64) {
        match token {
            TICK if !self.ended => {
                self.ask(net, Ask::Poll);
                if let Mode::Polling { every } = self.mode {
                    net.set_timer(every, TICK);
                }
            }
            ALICE_WRITES => match self.mode {
                Mode::WebSocket => {
                    let payload = format!(r#"{{"text":"{}"}}"#, ALICE.text);
                    self.send_frame(net, Opcode::Text, payload.into_bytes());
                }
                _ => self.ask(net, Ask::Post(ALICE.text.into())),
            },
            CLOSES => {
                self.ended = true;
                net.note(chat_trace::PAGE_CLOSED, 0);
                match self.mode {
                    // The closing handshake (RFC 6455 §5.5.1): the server
                    // answers it and closes TCP.
                    Mode::WebSocket => {
                        let payload = crate::frame::NORMAL_CLOSURE.to_be_bytes().to_vec();
                        self.send_frame(net, Opcode::Close, payload);
                    }
                    _ => {
                        for conn in &self.conns {
                            net.tcp.close(net.ctx, conn.id);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        let Some(at) = self.conns.iter().position(|c| c.id == ev.conn()) else {
            return;
        };
        match ev {
            TcpEvent::Connected(conn) if self.tls => {
                let (session, hello) = TlsSession::client();
                self.conns[at].session = Some(session);
                send_tls(net, conn, &[hello]);
            }
            TcpEvent::Connected(_) => self.ready(net, at),
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
                        self.ready(net, at);
                    }
                    return;
                }
                match msg.app {
                    AppMsg::Http(answer) if matches!(answer.kind, HttpKind::Response { .. }) => {
                        let head = net.ctx.name(answer.head).to_owned();
                        let body = net.ctx.name(answer.body).to_owned();
                        self.on_answer(net, at, &head, &body);
                    }
                    AppMsg::Text(text) if text.protocol == TextProtocol::WebSocket => {
                        let summary = net.ctx.name(text.line).to_owned();
                        if let Some(payload) = Frame::text_of(&summary) {
                            self.has(net, payload);
                        }
                    }
                    _ => {}
                }
            }
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            _ => {}
        }
    }
}
