//! The course's Flask app, run by `flask run` on its default port 5000
//! (Werkzeug's development server; since Flask 1.0 it serves each request
//! in a thread of its own, so requests overlap). Its routes: `/` renders
//! the courses and their students from the database, `/static/logo.png`
//! is Flask's static view (a file from disk, no database), `/api/courses`
//! returns them as JSON.
//!
//! It asks the database through SQLAlchemy's pool (PyMongo's for MongoDB).
//! SQLAlchemy's QueuePool keeps pool_size 5 connections, opens up to
//! max_overflow 10 more for a while, and makes a request wait up to
//! pool_timeout 30 s; PyMongo's pool holds up to maxPoolSize 100. Here the
//! pool is fixed at P connections (pool_size P, no overflow), opened as
//! requests need them ("the pool begins with no connections") and kept
//! open: a request takes an idle one, opens one while there are fewer than
//! P, or waits for one to come back, first come first served. With no pool
//! (SQLAlchemy's NullPool), each request opens its own connection and
//! closes it after its query. The waits here stay far below 30 s, so no
//! request times out.

use crate::school::{LOGO_BYTES, courses_json, page_html};
use crate::wire::{Db, Msg, Opening};
use cslab_sim::net::Addr;
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::{HttpKind, Status};
use cslab_sim::proto::http_message::{self as message, response};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::{db_trace, send_text, text_of};
use cslab_sim::time::SimTime;
use std::collections::VecDeque;

/// `flask run`'s port, and the name the browsers ask for.
pub const PORT: u16 = 5000;
pub const HOST: &str = "school.example:5000";
/// What Werkzeug's server says it is.
const SERVER: &str = "Server: Werkzeug/3.1.3 Python/3.12.3";
/// Werkzeug's page for an unhandled exception (its InternalServerError).
pub const ERROR_PAGE: &str = "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n\
<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to \
complete your request. Either the server is overloaded or there is an error in the application.</p>\n";

/// A request that needs the database, as the app saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    http: ConnId,
    pub path: String,
    pub arrived: SimTime,
    /// When it had a connection (an idle one, or a new one being opened).
    pub got: Option<SimTime>,
    /// When it was answered, and how.
    pub answered: Option<(SimTime, Status)>,
}

impl Request {
    /// How long it waited for a pooled connection.
    pub fn wait(&self) -> Option<SimTime> {
        self.got.map(|got| got.saturating_sub(self.arrived))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    /// Connecting and authenticating: the opening's next turn, and the
    /// server's messages heard in it so far.
    Opening {
        turn: usize,
        heard: usize,
    },
    Idle,
    /// The query is out: the reply's messages heard so far.
    Querying {
        heard: usize,
    },
}

/// A connection to the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    pub conn: ConnId,
    pub state: LinkState,
    /// The request it serves.
    pub request: Option<usize>,
}

pub struct FlaskApp {
    db: Db,
    db_addr: Addr,
    /// 0: no pool.
    pool: u32,
    opening: Opening,
    query: (Msg, Vec<Msg>),
    pub links: Vec<Link>,
    pub waiting: VecDeque<usize>,
    pub requests: Vec<Request>,
    pub opened: u32,
}

impl FlaskApp {
    pub fn new(db: Db, db_addr: Addr, pool: u32) -> FlaskApp {
        FlaskApp {
            db,
            db_addr,
            pool,
            opening: db.opening(),
            query: db.query(),
            links: Vec::new(),
            waiting: VecDeque::new(),
            requests: Vec::new(),
            opened: 0,
        }
    }

    fn send(&self, net: &mut Net, conn: ConnId, msgs: &[Msg]) {
        for m in msgs {
            send_text(net, conn, self.db.protocol(), &m.text, Some(m.bytes), false);
        }
    }

    /// Finds request `i` a connection, or makes it wait.
    fn checkout(&mut self, net: &mut Net, i: usize) {
        let idle = self.links.iter().position(|l| l.state == LinkState::Idle);
        if let (true, Some(at)) = (self.pool > 0, idle) {
            net.note(db_trace::REUSE, 0);
            return self.assign(net, at, i);
        }
        if self.pool == 0 || (self.links.len() as u32) < self.pool {
            self.opened += 1;
            net.note(db_trace::CONNECT, self.opened.into());
            let conn = net.tcp.connect(net.ctx, self.db_addr, self.db.port());
            self.links.push(Link {
                conn,
                state: LinkState::Opening { turn: 0, heard: 0 },
                request: Some(i),
            });
            self.requests[i].got = Some(net.ctx.now());
            return;
        }
        self.waiting.push_back(i);
        net.note(db_trace::WAIT, self.waiting.len() as u64);
    }

    /// Request `i` takes the ready connection `at` and sends its query.
    fn assign(&mut self, net: &mut Net, at: usize, i: usize) {
        self.requests[i].got.get_or_insert(net.ctx.now());
        self.links[at].request = Some(i);
        self.links[at].state = LinkState::Querying { heard: 0 };
        net.note(db_trace::QUERY, 0);
        let query = self.query.0.clone();
        self.send(net, self.links[at].conn, &[query]);
    }

    /// The connection `at` is done with its request: back to the pool (to
    /// the first request waiting, if any), or closed without a pool.
    fn release(&mut self, net: &mut Net, at: usize) {
        self.links[at].request = None;
        if self.pool == 0 {
            let link = self.links.remove(at);
            if let Some(bye) = self.db.goodbye() {
                self.send(net, link.conn, &[bye]);
            }
            net.tcp.close(net.ctx, link.conn);
            return;
        }
        self.links[at].state = LinkState::Idle;
        if let Some(next) = self.waiting.pop_front() {
            net.note(db_trace::REUSE, 0);
            self.assign(net, at, next);
        }
    }

    /// The database refused or dropped connection `at`: its request fails,
    /// and its place in the pool is free for the next one waiting.
    fn lost(&mut self, net: &mut Net, at: usize) {
        let link = self.links.remove(at);
        net.tcp.close(net.ctx, link.conn);
        if let Some(i) = link.request {
            self.answer(net, i, Status::InternalServerError);
        }
        if let Some(next) = self.waiting.pop_front() {
            self.checkout(net, next);
        }
    }

    fn answer(&mut self, net: &mut Net, i: usize, status: Status) {
        let request = &mut self.requests[i];
        request.answered = Some((net.ctx.now(), status));
        let (conn, path) = (request.http, request.path.clone());
        let mut out = response(status, HOST, &path);
        out.headers.push(SERVER.into());
        match (status, path.as_str()) {
            (Status::Ok, "/api/courses") => {
                out.content_type = Some("application/json");
                out.body = courses_json();
            }
            (Status::Ok, _) => {
                out.content_type = Some("text/html; charset=utf-8");
                out.body = page_html();
            }
            _ => {
                out.content_type = Some("text/html; charset=utf-8");
                out.body = ERROR_PAGE.into();
            }
        }
        message::send(net, conn, out, false);
    }

    fn on_http(&mut self, net: &mut Net, conn: ConnId, path: &str) {
        if path.starts_with("/static/") {
            let mut out = response(Status::Ok, HOST, path);
            out.headers.push(SERVER.into());
            out.content_type = Some("image/png");
            out.binary = LOGO_BYTES;
            message::send(net, conn, out, false);
            return;
        }
        self.requests.push(Request {
            http: conn,
            path: path.into(),
            arrived: net.ctx.now(),
            got: None,
            answered: None,
        });
        self.checkout(net, self.requests.len() - 1);
    }

    /// A message from the database on connection `at`.
    fn on_db(&mut self, net: &mut Net, at: usize, text: &str) {
        if self.db.is_refusal(text) {
            return self.lost(net, at);
        }
        let turns = self.opening.turns.len();
        match self.links[at].state {
            LinkState::Opening { turn, heard } => {
                let heard = heard + 1;
                if heard < self.opening.turns[turn].msgs.len() {
                    self.links[at].state = LinkState::Opening { turn, heard };
                    return;
                }
                self.advance(net, at, turn + 1);
            }
            LinkState::Querying { heard } => {
                let heard = heard + 1;
                if heard < self.query.1.len() {
                    self.links[at].state = LinkState::Querying { heard };
                    return;
                }
                net.note(db_trace::ROWS, 0);
                if let Some(i) = self.links[at].request {
                    self.answer(net, i, Status::Ok);
                }
                self.release(net, at);
            }
            LinkState::Idle => {}
        }
        debug_assert!(turns > 0);
    }

    /// Connection `at` is at the opening's turn `turn`: say the client's
    /// part, or, once the opening is over, send the query.
    fn advance(&mut self, net: &mut Net, at: usize, turn: usize) {
        match self.opening.turns.get(turn) {
            Some(next) if next.client => {
                let msgs = next.msgs.clone();
                self.links[at].state = LinkState::Opening {
                    turn: turn + 1,
                    heard: 0,
                };
                self.send(net, self.links[at].conn, &msgs);
            }
            Some(_) => self.links[at].state = LinkState::Opening { turn, heard: 0 },
            None => {
                net.note(db_trace::READY, 0);
                match self.links[at].request {
                    Some(i) => self.assign(net, at, i),
                    None => self.release(net, at),
                }
            }
        }
    }
}

impl NetApp for FlaskApp {
    fn start(&mut self, net: &mut Net) {
        // A thread per request and no cap on threads: Werkzeug's accept
        // queue (LISTEN_QUEUE, 128) empties as fast as connections come.
        // The stack's limit counts open connections, so it is set above
        // any crowd.
        net.tcp.listen(PORT, 1_024);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        let link = |app: &FlaskApp, conn| app.links.iter().position(|l| l.conn == conn);
        match ev {
            TcpEvent::Connected(conn) => {
                if let Some(at) = link(self, conn) {
                    self.advance(net, at, 0);
                }
            }
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => {
                if let Some(at) = link(self, conn) {
                    let text = text_of(net, &msg).unwrap_or_default().to_owned();
                    self.on_db(net, at, &text);
                } else if let AppMsg::Http(request) = msg.app
                    && let HttpKind::Request { .. } = request.kind
                {
                    let path = net.ctx.name(request.path).to_owned();
                    self.on_http(net, conn, &path);
                }
            }
            TcpEvent::PeerClosed(conn) => match link(self, conn) {
                // MongoDB closing a connection it will not take.
                Some(at) => self.lost(net, at),
                None => net.tcp.close(net.ctx, conn),
            },
            TcpEvent::Reset { conn, .. } | TcpEvent::TimedOut(conn) => {
                if let Some(at) = link(self, conn) {
                    self.lost(net, at);
                }
            }
            _ => {}
        }
    }
}
