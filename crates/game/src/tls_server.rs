//! What the service's TLS servers (login, matchmaking, presence) share:
//! each accepted connection's TLS session, the handshake answered, and the
//! HTTP requests and WebSocket frames that arrive inside it.

use cslab_sim::apps::web::take_handshake;
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::host::Net;
use cslab_sim::proto::http::{HttpKind, Method};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::TextProtocol;
use cslab_sim::proto::tls::TlsSession;

/// What arrived on a connection, once TLS is up.
pub enum Arrived {
    Request {
        conn: ConnId,
        method: Method,
        path: String,
        head: String,
        body: String,
    },
    /// A WebSocket frame, as its summary names it.
    Frame { conn: ConnId, summary: String },
    /// The connection is gone (closed, reset or timed out).
    Gone(ConnId),
}

/// A TLS server's connections (a list: a server holds a few).
#[derive(Default)]
pub struct TlsConns {
    sessions: Vec<(ConnId, TlsSession)>,
}

impl TlsConns {
    /// Takes a TCP event: answers the TLS handshake, closes what the peer
    /// closed, and returns what the application must read.
    pub fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) -> Option<Arrived> {
        match ev {
            TcpEvent::Accepted { conn, .. } => {
                self.sessions.push((conn, TlsSession::server()));
                None
            }
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => {
                let (_, session) = self.sessions.iter_mut().find(|(id, _)| *id == conn)?;
                if take_handshake(net, conn, session, &msg).is_some() {
                    return None;
                }
                match msg.app {
                    AppMsg::Http(http) => {
                        let HttpKind::Request { method } = http.kind else {
                            return None;
                        };
                        Some(Arrived::Request {
                            conn,
                            method,
                            path: net.ctx.name(http.path).to_owned(),
                            head: net.ctx.name(http.head).to_owned(),
                            body: net.ctx.name(http.body).to_owned(),
                        })
                    }
                    AppMsg::Text(text) if text.protocol == TextProtocol::WebSocket => {
                        Some(Arrived::Frame {
                            conn,
                            summary: net.ctx.name(text.line).to_owned(),
                        })
                    }
                    _ => None,
                }
            }
            TcpEvent::PeerClosed(conn) => {
                net.tcp.close(net.ctx, conn);
                None
            }
            TcpEvent::Closed(conn) | TcpEvent::TimedOut(conn) | TcpEvent::Reset { conn, .. } => {
                self.sessions.retain(|(id, _)| *id != conn);
                Some(Arrived::Gone(conn))
            }
            _ => None,
        }
    }
}
