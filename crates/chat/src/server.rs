//! The chat server: it keeps the messages, and tells Alice's browser of
//! each new one as its mode allows. Over a WebSocket it pushes a frame the
//! moment a message is written; to a poll it answers at once with what is
//! new (maybe nothing); a long poll it holds until there is something new,
//! or [`HOLD`] has passed.

use crate::frame::Frame;
use crate::handshake::{switching_protocols, upgrade_key};
use crate::mode::{HOLD, MESSAGES_PATH, read_poll};
use crate::script::{Line, ids_in, json, text_in};
use cslab_sim::apps::web::take_handshake;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::{HttpKind, Method, Status};
use cslab_sim::proto::http_message::{self as message, response};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::{TextProtocol, chat_trace};
use cslab_sim::proto::tls::TlsSession;
use cslab_sim::proto::{AppMsg, Message};
use cslab_sim::time::SimTime;

/// A message the server keeps; its id is its place from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Posted {
    pub from: String,
    pub text: String,
    /// When it reached the server.
    pub at: SimTime,
}

/// A long poll waiting for news.
struct Held {
    conn: ConnId,
    path: String,
    since: usize,
    /// Its timer's token.
    token: u64,
}

/// Timer tokens: Bob's messages count from 0; holds from here.
const HOLD_TOKENS: u64 = 1 << 16;

pub struct ChatServer {
    host: String,
    tls: bool,
    /// What Bob writes, and when.
    bob: Vec<Line>,
    pub messages: Vec<Posted>,
    /// Each connection, its TLS session (if any) and whether it is a
    /// WebSocket now (a list: a map cost the page 2 KB for a few entries).
    conns: Vec<(ConnId, Option<TlsSession>, bool)>,
    held: Vec<Held>,
    holds: u64,
}

impl ChatServer {
    pub fn new(host: &str, tls: bool, bob: Vec<Line>) -> ChatServer {
        ChatServer {
            host: host.into(),
            tls,
            bob,
            messages: Vec::new(),
            conns: Vec::new(),
            held: Vec::new(),
            holds: 0,
        }
    }

    /// The long polls it holds: each one's connection and the id it waits
    /// after.
    pub fn held(&self) -> impl Iterator<Item = (ConnId, usize)> + '_ {
        self.held.iter().map(|held| (held.conn, held.since))
    }

    /// The connections upgraded to WebSockets.
    pub fn sockets(&self) -> usize {
        self.conns.iter().filter(|(_, _, socket)| *socket).count()
    }

    fn post(&mut self, net: &mut Net, from: &str, text: &str) {
        self.messages.push(Posted {
            from: from.into(),
            text: text.into(),
            at: net.ctx.now(),
        });
        let id = self.messages.len();
        net.note(chat_trace::WRITTEN, id as u64);
        if from == "alice" {
            return; // Bob's side is not drawn
        }
        let frame = json(id, from, text);
        let sockets: Vec<ConnId> = (self.conns.iter())
            .filter(|(_, _, socket)| *socket)
            .map(|&(conn, _, _)| conn)
            .collect();
        for conn in sockets {
            self.send_frame(net, conn, frame.as_bytes().to_vec());
        }
        for held in std::mem::take(&mut self.held) {
            self.answer_poll(net, held.conn, &held.path, held.since);
        }
    }

    /// A server's frame: unmasked (RFC 6455 §5.1).
    fn send_frame(&mut self, net: &mut Net, conn: ConnId, payload: Vec<u8>) {
        Frame::unmasked(crate::frame::Opcode::Text, payload).send(net, conn, self.tls);
    }

    /// The messages after `since`, as a JSON array.
    fn since(&self, since: usize) -> String {
        let news: Vec<String> = (self.messages.iter().enumerate().skip(since))
            .filter(|(_, posted)| posted.from != "alice")
            .map(|(i, posted)| json(i + 1, &posted.from, &posted.text))
            .collect();
        format!("[{}]", news.join(","))
    }

    fn answer_poll(&mut self, net: &mut Net, conn: ConnId, path: &str, since: usize) {
        let mut out = response(Status::Ok, &self.host, path);
        out.content_type = Some("application/json");
        out.body = self.since(since);
        message::send(net, conn, out, self.tls);
    }

    fn on_request(
        &mut self,
        net: &mut Net,
        conn: ConnId,
        method: Method,
        path: &str,
        head: &str,
        body: &str,
    ) {
        let tls = self.tls;
        match method {
            Method::Get => {
                if let Some(key) = upgrade_key(head) {
                    let out = switching_protocols(&self.host, path, key);
                    message::send(net, conn, out, tls);
                    if let Some(state) = self.conns.iter_mut().find(|(id, _, _)| *id == conn) {
                        state.2 = true;
                    }
                } else if let Some((since, long)) = read_poll(path) {
                    let news = ids_in(&self.since(since)).next().is_some();
                    if long && !news {
                        self.holds += 1;
                        let token = HOLD_TOKENS + self.holds;
                        net.set_timer(HOLD, token);
                        net.note(chat_trace::HELD, since as u64);
                        self.held.push(Held {
                            conn,
                            path: path.into(),
                            since,
                            token,
                        });
                    } else {
                        self.answer_poll(net, conn, path, since);
                    }
                } else {
                    message::send(net, conn, response(Status::NotFound, &self.host, path), tls);
                }
            }
            Method::Post if path == MESSAGES_PATH => {
                self.post(net, "alice", text_in(body));
                let id = self.messages.len();
                // RFC 9110 §15.3.2: 201 and where the new message is.
                let mut out = response(Status::Created, &self.host, path);
                out.headers.push(format!("Location: {MESSAGES_PATH}/{id}"));
                message::send(net, conn, out, tls);
            }
            _ => {
                message::send(net, conn, response(Status::NotFound, &self.host, path), tls);
            }
        }
    }

    fn on_frame(&mut self, net: &mut Net, conn: ConnId, summary: &str) {
        if Frame::is_close(summary) {
            // Answer the close, then close TCP: the server closes first
            // (RFC 6455 §7.1.1).
            Frame::close(None).send(net, conn, self.tls);
            net.tcp.close(net.ctx, conn);
        } else if let Some(payload) = Frame::text_of(summary) {
            self.post(net, "alice", text_in(payload));
        }
    }
}

impl NetApp for ChatServer {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(if self.tls { 443 } else { 80 }, 128);
        let now = net.ctx.now();
        for (i, line) in self.bob.iter().enumerate() {
            net.set_timer(line.at.saturating_sub(now), i as u64);
        }
    }

    fn on_timer(&mut self, net: &mut Net, token: u64) {
        if let Some(&line) = self.bob.get(token as usize) {
            self.post(net, line.from, line.text);
        } else if let Some(at) = self.held.iter().position(|held| held.token == token) {
            let held = self.held.remove(at);
            net.note(chat_trace::HOLD_OVER, held.since as u64);
            self.answer_poll(net, held.conn, &held.path, held.since);
        }
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match ev {
            TcpEvent::Accepted { conn, .. } => {
                self.conns
                    .push((conn, self.tls.then(TlsSession::server), false));
            }
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => self.on_data(net, conn, &msg),
            TcpEvent::PeerClosed(conn) => {
                self.held.retain(|held| held.conn != conn);
                net.tcp.close(net.ctx, conn)
            }
            TcpEvent::Closed(conn) | TcpEvent::TimedOut(conn) | TcpEvent::Reset { conn, .. } => {
                self.conns.retain(|(id, _, _)| *id != conn);
            }
            _ => {}
        }
    }
}

impl ChatServer {
    fn on_data(&mut self, net: &mut Net, conn: ConnId, msg: &Message) {
        let Some((_, tls, _)) = self.conns.iter_mut().find(|(id, _, _)| *id == conn) else {
            return;
        };
        if let Some(session) = tls.as_mut()
            && take_handshake(net, conn, session, msg).is_some()
        {
            return;
        }
        match msg.app {
            AppMsg::Http(request) => {
                if let HttpKind::Request { method } = request.kind {
                    let path = net.ctx.name(request.path).to_owned();
                    let head = net.ctx.name(request.head).to_owned();
                    let body = net.ctx.name(request.body).to_owned();
                    self.on_request(net, conn, method, &path, &head, &body);
                }
            }
            AppMsg::Text(text) if text.protocol == TextProtocol::WebSocket => {
                let summary = net.ctx.name(text.line).to_owned();
                self.on_frame(net, conn, &summary);
            }
            _ => {}
        }
    }
}
