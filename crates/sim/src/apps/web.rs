//! A web server over TCP (and optionally TLS): answers HTTP/1.1 requests
//! from a [`Site`], in order (pipelined requests are answered one after the
//! other), and closes the connection after the answer when the request said
//! `Connection: close`. With `max_clients`, a connection accepted while
//! that many others are being served is overload: its requests are answered
//! `503 Service Unavailable` (with `Retry-After`) and the server closes it.

use crate::names::Name;
use crate::proto::host::{Net, NetApp};
use crate::proto::http::{
    Answer, HttpKind, HttpMsg, Method, Request, SMALL_BODY, Site, Status, response_head,
};
use crate::proto::tcp::{ConnId, TcpEvent};
use crate::proto::tls::{TlsContent, TlsRecord, TlsSession};
use crate::proto::{AppMsg, Message};
use std::collections::BTreeMap;

/// What the server counted.
#[derive(Clone, Debug, Default)]
pub struct WebStats {
    pub connections: u64,
    pub requests: u64,
    /// Requests by method (`"GET"`, `"POST"`...).
    pub methods: BTreeMap<&'static str, u64>,
    /// Responses by status code.
    pub statuses: BTreeMap<u16, u64>,
    pub tls_handshakes: u64,
    /// Body bytes of the requests (POST and PUT payloads).
    pub request_body_bytes: u64,
    /// Body bytes of the responses.
    pub response_body_bytes: u64,
    /// Connections answered 503 because the server was full.
    pub shed: u64,
}

struct SConn {
    tls: Option<TlsSession>,
    /// Accepted while `max_clients` others were being served: every
    /// request on it is answered 503, then the server closes it.
    shed: bool,
    /// Our side is closing (answer sent with `Connection: close`, or the
    /// client closed): no longer counts as a client being served.
    closing: bool,
}

/// The web server application (run it in a [`crate::proto::host::Host`]).
pub struct WebServer {
    pub site: Site,
    pub port: u16,
    pub backlog: u32,
    pub tls: bool,
    /// Clients served at once; a connection accepted beyond them is
    /// overload, answered `503 Service Unavailable` (`None`: no limit).
    pub max_clients: Option<u32>,
    conns: BTreeMap<ConnId, SConn>,
    pub stats: WebStats,
}

impl WebServer {
    pub fn new(site: Site, port: u16, backlog: u32, tls: bool) -> WebServer {
        WebServer {
            site,
            port,
            backlog,
            tls,
            max_clients: None,
            conns: BTreeMap::new(),
            stats: WebStats::default(),
        }
    }

    /// Clients being served now.
    pub fn serving(&self) -> usize {
        self.conns
            .values()
            .filter(|c| !c.shed && !c.closing)
            .count()
    }

    fn answer(&mut self, net: &mut Net, c: ConnId, req: &HttpMsg, method: Method) {
        self.stats.requests += 1;
        *self.stats.methods.entry(method.as_str()).or_default() += 1;
        self.stats.request_body_bytes += req.body_bytes as u64;
        let shed = self.conns.get(&c).is_some_and(|s| s.shed);
        let keep_alive = req.keep_alive && !shed;
        let path = net.ctx.name(req.path).to_string();
        let a = if shed {
            Answer {
                status: Status::ServiceUnavailable,
                body_bytes: SMALL_BODY,
                refs: 0,
                content_type: "text/html".into(),
                location: None,
                etag: None,
                html: None,
            }
        } else {
            self.site.answer(&Request {
                method,
                path: &path,
                if_none_match: (req.etag != 0).then_some(req.etag),
                authorized: req.authorized,
                body_bytes: req.body_bytes,
            })
        };
        let head = response_head(
            a.status,
            a.body_bytes,
            keep_alive,
            &a.content_type,
            a.location.as_deref(),
            a.etag,
        );
        let location = match &a.location {
            Some(l) => net.ctx.intern(l),
            None => Default::default(),
        };
        let body = match &a.html {
            Some(h) => net.ctx.intern(h),
            None => Default::default(),
        };
        *self.stats.statuses.entry(a.status.code()).or_default() += 1;
        self.stats.response_body_bytes += a.body_bytes as u64;
        let msg = HttpMsg {
            kind: HttpKind::Response { status: a.status },
            host: req.host,
            path: req.path,
            head_bytes: head.len() as u32,
            body_bytes: a.body_bytes,
            keep_alive,
            conditional: false,
            authorized: false,
            refs: a.refs,
            location,
            etag: a.etag.unwrap_or(0),
            body,
            head: Default::default(),
        };
        let sealed = self.conns.get(&c).is_some_and(|s| s.tls.is_some());
        net.send_app(c, AppMsg::Http(msg), msg.total_bytes(), sealed);
        if !keep_alive {
            if let Some(s) = self.conns.get_mut(&c) {
                s.closing = true;
            }
            net.tcp.close(net.ctx, c);
        }
    }
}

/// Takes a TLS handshake record that arrived on `conn` into `session` and
/// sends the records it answers with: `None` when `msg` carries none
/// (application data, or no TLS at all), else whether the handshake is now
/// complete.
pub fn take_handshake(
    net: &mut Net,
    conn: ConnId,
    session: &mut TlsSession,
    msg: &Message,
) -> Option<bool> {
    let record = msg
        .tls
        .filter(|record| record.content != TlsContent::ApplicationData)?;
    let flight = session.on_record(record.content);
    send_tls(net, conn, flight);
    Some(session.is_connected())
}

/// Sends TLS handshake records on `c`.
pub fn send_tls(net: &mut Net, c: ConnId, out: &[TlsContent]) {
    for &content in out {
        send_record(net, c, TlsRecord::handshake(content));
    }
}

/// Opens a TLS session on `c`: sends the ClientHello, naming the server
/// wanted (SNI, RFC 6066 §3) as browsers do for every HTTPS site.
pub fn send_client_hello(net: &mut Net, c: ConnId, server_name: Name) {
    send_record(net, c, TlsRecord::client_hello(server_name));
}

fn send_record(net: &mut Net, c: ConnId, record: TlsRecord) {
    net.tcp.send(
        net.ctx,
        c,
        record.content.wire_bytes(),
        Message {
            tcp: None,
            tls: Some(record),
            app: AppMsg::None,
        },
    );
}

impl NetApp for WebServer {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(self.port, self.backlog);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match ev {
            TcpEvent::Accepted { conn, .. } => {
                self.stats.connections += 1;
                let tls = self.tls.then(TlsSession::server);
                let shed = self
                    .max_clients
                    .is_some_and(|m| self.serving() >= m as usize);
                self.stats.shed += shed as u64;
                self.conns.insert(
                    conn,
                    SConn {
                        tls,
                        shed,
                        closing: false,
                    },
                );
            }
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => {
                let Some(s) = self.conns.get_mut(&conn) else {
                    return;
                };
                if let Some(session) = s.tls.as_mut()
                    && let Some(connected) = take_handshake(net, conn, session, &msg)
                {
                    self.stats.tls_handshakes += u64::from(connected);
                    return;
                }
                if s.tls.is_some_and(|t| !t.is_connected()) {
                    return; // application data before the handshake: ignored
                }
                if let AppMsg::Http(req) = msg.app
                    && let HttpKind::Request { method } = req.kind
                {
                    self.answer(net, conn, &req, method);
                }
            }
            TcpEvent::PeerClosed(conn) => {
                if let Some(s) = self.conns.get_mut(&conn) {
                    s.closing = true;
                }
                net.tcp.close(net.ctx, conn)
            }
            TcpEvent::Closed(conn) | TcpEvent::TimedOut(conn) => {
                self.conns.remove(&conn);
            }
            TcpEvent::Reset { conn, .. } => {
                self.conns.remove(&conn);
            }
            _ => {}
        }
    }
}
