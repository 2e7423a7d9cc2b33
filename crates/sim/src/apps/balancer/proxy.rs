//! nginx as an HTTP load balancer over the full TCP stack: `proxy_pass` to
//! an `upstream` group of web servers, with a browser (not the compact
//! load protocol) in front. nginx.org's ngx_http_upstream_module and
//! ngx_http_proxy_module, with their defaults:
//!
//! - nginx ends the browser's connection itself and reads each request
//!   whole; the requests of one connection are handled one after another.
//! - For each request it picks a server of the group by its method
//!   (round-robin by default; `least_conn`; `random two least_conn`, the
//!   power of two choices; `random`: [`Policy`]) and opens a connection of
//!   its own to it, with `Connection: close` (`proxy_set_header Connection
//!   close` is the default, and upstream keepalive is off): the server
//!   answers and closes, and nginx passes the answer on over the browser's
//!   connection, kept alive if the browser asked so. (nginx's default
//!   upstream version is HTTP/1.0; the simulator's messages are all
//!   HTTP/1.1, as `proxy_http_version 1.1` sends them.)
//! - `proxy_next_upstream error timeout`: a server that refuses or never
//!   answers the connection passes the request on to the next, each server
//!   once; with none left the browser gets `502 Bad Gateway` (`504 Gateway
//!   Timeout` if the last try timed out). The time-outs are the TCP stack's
//!   (its SYN retries), not nginx's 60 s `proxy_connect_timeout`, and a
//!   failed server is not set aside for `fail_timeout` afterwards.
//! - With `proxy_buffering on` nginx reads the server's answer into its
//!   buffers; here it passes the answer on once it has it whole.

use super::Policy;
use crate::net::Addr;
use crate::proto::AppMsg;
use crate::proto::host::{Net, NetApp};
use crate::proto::http::{HttpKind, HttpMsg, SMALL_BODY, Status, request_head};
use crate::proto::tcp::{ConnId, TcpEvent};
use std::collections::{BTreeMap, VecDeque};

/// One request on its way to a server.
#[derive(Clone, Debug)]
struct Upstream {
    /// The browser's connection it came on.
    client: ConnId,
    replica: usize,
    /// The servers tried for it so far (this one included).
    tried: Vec<bool>,
    answered: bool,
}

/// The proxy; run it in a [`crate::proto::host::Host`] bound to every TCP
/// port of its node.
pub struct HttpProxy {
    policy: Policy,
    replicas: Vec<Addr>,
    replica_port: u16,
    port: u16,
    backlog: u32,
    rr_next: usize,
    /// Each server's open connections from the proxy (what `least_conn`
    /// compares).
    active: Vec<u32>,
    /// Each browser connection's requests, the first being served.
    clients: BTreeMap<ConnId, VecDeque<HttpMsg>>,
    upstreams: BTreeMap<ConnId, Upstream>,
    /// Requests sent to each server (tries included).
    pub sent: Vec<u64>,
    /// Requests answered 502 or 504 by the proxy itself.
    pub failed: u64,
}

impl HttpProxy {
    /// Listens on `port` with `backlog`, and passes requests to
    /// `replicas` on `replica_port` (none: every request gets 502, as
    /// nginx's "no live upstreams").
    pub fn new(
        policy: Policy,
        port: u16,
        backlog: u32,
        replicas: Vec<Addr>,
        replica_port: u16,
    ) -> HttpProxy {
        let n = replicas.len();
        HttpProxy {
            policy,
            replicas,
            replica_port,
            port,
            backlog,
            rr_next: 0,
            active: vec![0; n],
            clients: BTreeMap::new(),
            upstreams: BTreeMap::new(),
            sent: vec![0; n],
            failed: 0,
        }
    }

    /// Sends `client`'s first request to a server it has not tried yet, or
    /// answers it itself with `status` when none is left.
    fn dispatch(&mut self, net: &mut Net, client: ConnId, tried: Vec<bool>, status: Status) {
        let eligible: Vec<bool> = tried.iter().map(|t| !t).collect();
        let pick = (self.policy).pick(net.ctx.rng(), &mut self.rr_next, &self.active, &eligible);
        let Some(i) = pick.map(|i| i as usize) else {
            return self.answer_itself(net, client, status);
        };
        let up = net
            .tcp
            .connect(net.ctx, self.replicas[i], self.replica_port);
        self.active[i] += 1;
        self.sent[i] += 1;
        let mut tried = tried;
        tried[i] = true;
        let upstream = Upstream {
            client,
            replica: i,
            tried,
            answered: false,
        };
        self.upstreams.insert(up, upstream);
    }

    /// The request `client` is being served, if it is still open.
    fn request(&self, client: ConnId) -> Option<HttpMsg> {
        self.clients.get(&client)?.front().copied()
    }

    /// Passes `client`'s request on over the server connection `up`, asking
    /// the server to close it after its answer.
    fn send_request(&mut self, net: &mut Net, up: ConnId, client: ConnId) {
        let Some(mut req) = self.request(client) else {
            return net.tcp.close(net.ctx, up);
        };
        let HttpKind::Request { method } = req.kind else {
            return;
        };
        req.keep_alive = false;
        let head = request_head(
            method,
            net.ctx.name(req.host),
            net.ctx.name(req.path),
            false,
            None,
            req.authorized,
            req.body_bytes,
        );
        req.head_bytes = head.len() as u32;
        req.head = Default::default();
        net.send_app(up, AppMsg::Http(req), req.total_bytes(), false);
    }

    /// Sends `resp` to `client` as the answer to its first request, then
    /// serves its next one.
    fn pass_on(&mut self, net: &mut Net, client: ConnId, mut resp: HttpMsg) {
        let Some(req) = self.clients.get_mut(&client).and_then(|q| q.pop_front()) else {
            return;
        };
        // The server said `Connection: close`; nginx says what the browser
        // asked for: the one header whose length changes.
        let close = "close".len() as u32;
        let keep_alive = "keep-alive".len() as u32;
        if req.keep_alive && !resp.keep_alive {
            resp.head_bytes = resp.head_bytes - close + keep_alive;
        }
        resp.keep_alive = req.keep_alive;
        net.send_app(client, AppMsg::Http(resp), resp.total_bytes(), false);
        if !req.keep_alive {
            self.clients.remove(&client);
            return net.tcp.close(net.ctx, client);
        }
        if self.request(client).is_some() {
            self.dispatch(
                net,
                client,
                vec![false; self.replicas.len()],
                Status::BadGateway,
            );
        }
    }

    /// nginx's own answer to `client`'s request: a small error page.
    fn answer_itself(&mut self, net: &mut Net, client: ConnId, status: Status) {
        let Some(req) = self.request(client) else {
            return;
        };
        self.failed += 1;
        let head = crate::proto::http::response_head(
            status,
            SMALL_BODY,
            req.keep_alive,
            "text/html",
            None,
            None,
        );
        let resp = HttpMsg {
            kind: HttpKind::Response { status },
            head_bytes: head.len() as u32,
            body_bytes: SMALL_BODY,
            refs: 0,
            location: Default::default(),
            etag: 0,
            body: Default::default(),
            head: Default::default(),
            ..req
        };
        self.pass_on(net, client, resp);
    }

    /// A server connection ended before its answer: the next server, as
    /// `proxy_next_upstream error timeout` says.
    fn failed_upstream(&mut self, net: &mut Net, up: ConnId, timed_out: bool) {
        let Some(u) = self.upstreams.remove(&up) else {
            return;
        };
        if u.answered {
            return;
        }
        self.active[u.replica] -= 1;
        let status = match timed_out {
            true => Status::GatewayTimeout,
            false => Status::BadGateway,
        };
        self.dispatch(net, u.client, u.tried, status);
    }
}

impl NetApp for HttpProxy {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(self.port, self.backlog);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match ev {
            TcpEvent::Accepted { conn, .. } => {
                self.clients.insert(conn, VecDeque::new());
            }
            TcpEvent::Connected(up) => {
                if let Some(client) = self.upstreams.get(&up).map(|u| u.client) {
                    self.send_request(net, up, client);
                }
            }
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => {
                let AppMsg::Http(http) = msg.app else { return };
                match (self.upstreams.get_mut(&conn), http.kind) {
                    (Some(u), HttpKind::Response { .. }) if !u.answered => {
                        u.answered = true;
                        let (client, replica) = (u.client, u.replica);
                        self.active[replica] -= 1;
                        self.pass_on(net, client, http);
                    }
                    (None, HttpKind::Request { .. }) => {
                        let Some(queue) = self.clients.get_mut(&conn) else {
                            return;
                        };
                        queue.push_back(http);
                        if queue.len() == 1 {
                            let none = vec![false; self.replicas.len()];
                            self.dispatch(net, conn, none, Status::BadGateway);
                        }
                    }
                    _ => {}
                }
            }
            TcpEvent::PeerClosed(conn) => {
                self.clients.remove(&conn);
                net.tcp.close(net.ctx, conn);
            }
            TcpEvent::Closed(conn) => {
                self.clients.remove(&conn);
                self.failed_upstream(net, conn, false);
            }
            TcpEvent::Reset { conn, .. } => {
                self.clients.remove(&conn);
                self.failed_upstream(net, conn, false);
            }
            TcpEvent::TimedOut(conn) => {
                self.clients.remove(&conn);
                self.failed_upstream(net, conn, true);
            }
            _ => {}
        }
    }
}
