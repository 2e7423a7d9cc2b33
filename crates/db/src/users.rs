//! The site's visitors: each opens a connection to the app and asks for
//! its pages one after the other on it (HTTP/1.1 keeps it open). One
//! learner's browser loads the page, its logo and its data; a crowd all
//! open the page at once.

use crate::app::{HOST, PORT};
use cslab_sim::net::Addr;
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::{HttpKind, Method};
use cslab_sim::proto::http_message;
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::db_trace;
use serde::Serialize;

/// What one browser asks: the page, then what it names (its logo, and the
/// data its script fetches).
pub const ONE_BROWSER: [&str; 3] = ["/", "/static/logo.png", "/api/courses"];
/// What each of a crowd asks.
pub const CROWD: [&str; 1] = ["/"];

/// An answer a user had.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub user: usize,
    pub path: String,
    pub status: u16,
    pub at_us: u64,
}

struct User {
    conn: ConnId,
    next: usize,
}

pub struct Users {
    app: Addr,
    /// The site's name and port, in `Host`.
    host: String,
    count: usize,
    paths: &'static [&'static str],
    users: Vec<User>,
    pub answers: Vec<Answer>,
}

impl Users {
    /// `count` users asking for `paths` each.
    pub fn new(app: Addr, count: usize, paths: &'static [&'static str]) -> Users {
        Users {
            app,
            host: HOST.into(),
            count,
            paths,
            users: Vec::new(),
            answers: Vec::new(),
        }
    }

    /// The same users, asking for the site by `host` (with its port).
    pub fn naming(self, host: &str) -> Users {
        Users {
            host: host.into(),
            ..self
        }
    }

    fn ask(&mut self, net: &mut Net, user: usize) {
        let User { conn, next } = self.users[user];
        match self.paths.get(next) {
            Some(path) => {
                let mut out = http_message::request(Method::Get, &self.host, path);
                out.headers.push("Accept: */*".into());
                http_message::send(net, conn, out, false);
            }
            None => net.tcp.close(net.ctx, conn),
        }
    }
}

impl NetApp for Users {
    fn start(&mut self, net: &mut Net) {
        for _ in 0..self.count {
            let conn = net.tcp.connect(net.ctx, self.app, PORT);
            self.users.push(User { conn, next: 0 });
        }
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        let user = |users: &[User], conn| users.iter().position(|u| u.conn == conn);
        match ev {
            TcpEvent::Connected(conn) => {
                if let Some(at) = user(&self.users, conn) {
                    self.ask(net, at);
                }
            }
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => {
                let (Some(at), AppMsg::Http(answer)) = (user(&self.users, conn), msg.app) else {
                    return;
                };
                let HttpKind::Response { status } = answer.kind else {
                    return;
                };
                let path = self.paths[self.users[at].next];
                self.answers.push(Answer {
                    user: at,
                    path: path.into(),
                    status: status.code(),
                    at_us: net.ctx.now().as_nanos() / 1_000,
                });
                self.users[at].next += 1;
                if self.answers.len() == self.count * self.paths.len() {
                    net.note(db_trace::ALL_ANSWERED, self.count as u64);
                }
                self.ask(net, at);
            }
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            _ => {}
        }
    }
}
