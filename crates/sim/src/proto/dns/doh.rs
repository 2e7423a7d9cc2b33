//! DNS over HTTPS (RFC 8484): the same DNS message, carried as the body of
//! an HTTP POST to the resolver's `/dns-query` inside TLS on port 443, with
//! `Content-Type` and `Accept` `application/dns-message` (§4.1); the answer
//! comes back as a `200 OK` with the DNS response as its body (§4.2). The
//! client uses DNS id 0, as §4.1 asks for cache friendliness, and keeps the
//! connection open for the next question.
//!
//! On the wire the question is TLS application data: a router on the path
//! sees a connection to the resolver's address, port 443, and the resolver's
//! name in the ClientHello (SNI), but not the name asked. The resolver
//! itself reads every question, as it must to answer it.
//!
//! [`DohLink`] is the stub's side (see [`super::StubResolver::over_https`]),
//! [`DohEndpoint`] the resolver's (see [`super::Resolver::serving_https`]).

use super::DnsMsg;
use crate::apps::web::{send_client_hello, take_handshake};
use crate::names::Name;
use crate::net::Addr;
use crate::proto::host::Net;
use crate::proto::http::{HttpKind, HttpMsg, Method, Status, response_head};
use crate::proto::tcp::{ConnId, TcpEvent};
use crate::proto::tls::TlsSession;
use crate::proto::{AppMsg, Message};
use serde::Serialize;
use std::collections::BTreeMap;

/// The resolver's HTTPS port.
pub const DOH_PORT: u16 = 443;
/// The path of RFC 8484's examples, which public resolvers use.
pub const DOH_PATH: &str = "/dns-query";
/// The media type of a DNS message in wire format (RFC 8484 §6).
pub const DNS_MESSAGE: &str = "application/dns-message";

/// An HTTP message whose body is a DNS message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DohMsg {
    pub http: HttpMsg,
    pub dns: DnsMsg,
}

/// The head of a DoH POST as RFC 8484 §4.1.1's example writes it (in
/// HTTP/1.1 form).
fn post_head(host: &str, body_bytes: u32) -> String {
    format!(
        "POST {DOH_PATH} HTTP/1.1\r\nHost: {host}\r\nAccept: {DNS_MESSAGE}\r\nContent-Type: {DNS_MESSAGE}\r\nContent-Length: {body_bytes}\r\n\r\n"
    )
}

/// Sends `dns` on `conn`, sealed: a POST from the client, a `200 OK` from
/// the resolver.
fn send(net: &mut Net, conn: ConnId, host: Name, dns: DnsMsg) {
    let body_bytes = super::dns_bytes(net.ctx, &dns);
    let (kind, head) = if dns.response {
        let head = response_head(Status::Ok, body_bytes, true, DNS_MESSAGE, None, None);
        (HttpKind::Response { status: Status::Ok }, head)
    } else {
        let head = post_head(net.ctx.name(host), body_bytes);
        (
            HttpKind::Request {
                method: Method::Post,
            },
            head,
        )
    };
    let http = HttpMsg {
        kind,
        host,
        path: net.ctx.intern(DOH_PATH),
        head_bytes: head.len() as u32,
        body_bytes,
        keep_alive: true,
        conditional: false,
        authorized: false,
        refs: 0,
        location: Name(0),
        etag: 0,
        body: Name(0),
        head: net.ctx.intern(&head),
    };
    let app = AppMsg::DnsOverHttps(DohMsg { http, dns });
    net.send_app(conn, app, http.total_bytes(), true);
}

/// The DNS message a complete record of a DoH exchange carries.
fn dns_in(msg: &Message) -> Option<DnsMsg> {
    match msg.app {
        AppMsg::DnsOverHttps(doh) => Some(doh.dns),
        _ => None,
    }
}

/// The stub's connection to its DoH resolver: opened at the first
/// question, TLS first, then one POST per question.
#[derive(Clone, Debug)]
pub struct DohLink {
    /// The resolver's name, from its URI template (RFC 8484 §3): the
    /// ClientHello's SNI and the requests' `Host`.
    pub server_name: String,
    conn: Option<ConnId>,
    tls: TlsSession,
    /// Questions asked before the session was ready.
    waiting: Vec<DnsMsg>,
}

impl DohLink {
    pub fn new(server_name: &str) -> DohLink {
        DohLink {
            server_name: server_name.into(),
            conn: None,
            tls: TlsSession::client().0,
            waiting: Vec::new(),
        }
    }

    pub fn owns(&self, conn: ConnId) -> bool {
        self.conn == Some(conn)
    }

    /// Sends the question `q` to `server`, connecting first if needed.
    pub fn ask(&mut self, net: &mut Net, server: Addr, q: DnsMsg) {
        match self.conn {
            Some(conn) if self.tls.is_connected() => {
                let host = net.ctx.intern(&self.server_name);
                send(net, conn, host, q);
            }
            Some(_) => self.waiting.push(q),
            None => {
                self.waiting.push(q);
                self.tls = TlsSession::client().0;
                self.conn = Some(net.tcp.connect(net.ctx, server, DOH_PORT));
            }
        }
    }

    /// An event on the link's connection; the DNS answer when one arrived.
    pub fn on_tcp(&mut self, net: &mut Net, ev: &TcpEvent) -> Option<DnsMsg> {
        match *ev {
            TcpEvent::Connected(conn) => {
                let host = net.ctx.intern(&self.server_name);
                send_client_hello(net, conn, host);
                None
            }
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => {
                if take_handshake(net, conn, &mut self.tls, &msg) == Some(true) {
                    let host = net.ctx.intern(&self.server_name);
                    for q in std::mem::take(&mut self.waiting) {
                        send(net, conn, host, q);
                    }
                }
                dns_in(&msg)
            }
            TcpEvent::PeerClosed(conn) => {
                net.tcp.close(net.ctx, conn);
                self.conn = None;
                None
            }
            TcpEvent::Reset { .. } | TcpEvent::TimedOut(_) | TcpEvent::Closed(_) => {
                self.conn = None;
                None
            }
            _ => None,
        }
    }
}

/// The resolver's HTTPS side: one TLS session per client connection.
#[derive(Clone, Debug, Default)]
pub struct DohEndpoint {
    sessions: BTreeMap<ConnId, TlsSession>,
}

impl DohEndpoint {
    /// An event on one of its connections; a question to resolve when one
    /// arrived (with the `Host` it was asked at, for the answer).
    pub fn on_tcp(&mut self, net: &mut Net, ev: &TcpEvent) -> Option<(ConnId, Name, DnsMsg)> {
        match *ev {
            TcpEvent::Accepted { conn, .. } => {
                self.sessions.insert(conn, TlsSession::server());
                None
            }
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => {
                let session = self.sessions.get_mut(&conn)?;
                if take_handshake(net, conn, session, &msg).is_some() || !session.is_connected() {
                    return None;
                }
                match msg.app {
                    AppMsg::DnsOverHttps(doh) if !doh.dns.response => {
                        Some((conn, doh.http.host, doh.dns))
                    }
                    _ => None,
                }
            }
            TcpEvent::PeerClosed(conn) => {
                net.tcp.close(net.ctx, conn);
                None
            }
            TcpEvent::Closed(conn) | TcpEvent::TimedOut(conn) | TcpEvent::Reset { conn, .. } => {
                self.sessions.remove(&conn);
                None
            }
            _ => None,
        }
    }

    /// Answers a question that came on `conn`.
    pub fn answer(&self, net: &mut Net, conn: ConnId, host: Name, r: DnsMsg) {
        if self.sessions.contains_key(&conn) {
            send(net, conn, host, r);
        }
    }
}
