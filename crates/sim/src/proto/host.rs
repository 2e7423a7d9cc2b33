//! A node's protocol stack under one application: [`Host`] is the engine
//! [`App`] that owns the node's [`TcpStack`] and hands TCP events, UDP
//! packets and timers to a [`NetApp`] (a browser, a web server).
//!
//! Bind it with `World::bind_any_port(node, Proto::Tcp, id)` so that every
//! TCP segment reaches the stack (it answers unknown ports with RST), and
//! with `World::bind` for the UDP ports the application uses.

use super::tcp::{ConnId, TcpEvent, TcpStack};
use super::tls::{TlsRecord, app_data_wire_bytes};
use super::{AppMsg, Message};
use crate::net::{App, Ctx, Packet, Proto};
use crate::time::SimTime;
use crate::trace::TraceEvent;

const APP_TIMER: u64 = 1 << 63;

/// What an application on a [`Host`] reaches: the engine context and the
/// node's TCP stack.
pub struct Net<'a, 'c> {
    pub ctx: &'a mut Ctx<'c>,
    pub tcp: &'a mut TcpStack,
}

impl Net<'_, '_> {
    /// An application timer; `token` must be below 2^63.
    pub fn set_timer(&mut self, delay: SimTime, token: u64) {
        assert!(token < APP_TIMER, "application timer tokens are < 2^63");
        self.ctx.set_timer(delay, token | APP_TIMER);
    }

    /// Sends the application message `app`, `plain` bytes long, on `conn`:
    /// in the clear, or `sealed` in a TLS application-data record (which
    /// adds its header and tag to the bytes on the wire).
    pub fn send_app(&mut self, conn: ConnId, app: AppMsg, plain: u32, sealed: bool) {
        let (len, tls) = if sealed {
            (app_data_wire_bytes(plain), Some(TlsRecord::app_data()))
        } else {
            (plain, None)
        };
        let message = Message {
            tcp: None,
            tls,
            app,
        };
        self.tcp.send(self.ctx, conn, len, message);
    }

    /// What a server reads from a TCP event: the connection and the whole
    /// message that `ev` completes on it. A peer's FIN is answered with
    /// ours (a server says nothing after its client is done).
    pub fn whole_message(&mut self, ev: TcpEvent) -> Option<(ConnId, Message)> {
        match ev {
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => Some((conn, msg)),
            TcpEvent::PeerClosed(conn) => {
                self.tcp.close(self.ctx, conn);
                None
            }
            _ => None,
        }
    }

    /// Writes one of the application's own records in the trace (what a
    /// lesson's narration reads: its `code` and `value` are the app's).
    pub fn note(&mut self, code: u32, value: u64) {
        let (node, app) = (self.ctx.node(), self.ctx.app());
        self.ctx.trace(TraceEvent::App {
            node,
            app,
            code,
            value,
        });
    }
}

/// An application running over a node's stack.
pub trait NetApp: 'static {
    fn start(&mut self, _net: &mut Net) {}
    fn on_tcp(&mut self, _net: &mut Net, _ev: TcpEvent) {}
    /// A UDP packet for a port the host is bound to.
    fn on_udp(&mut self, _net: &mut Net, _pkt: &Packet, _msg: Option<&Message>) {}
    fn on_timer(&mut self, _net: &mut Net, _token: u64) {}
    /// Every packet the node receives, before its protocol handles it (a
    /// browser measures how long its line spent delivering a page).
    fn on_arrival(&mut self, _pkt: &Packet) {}
}

/// A node's TCP stack and the application above it.
pub struct Host<A> {
    pub tcp: TcpStack,
    pub app: A,
}

impl<A: NetApp> Host<A> {
    pub fn new(tcp: TcpStack, app: A) -> Host<A> {
        Host { tcp, app }
    }

    /// Hands the stack's events to the application until none is left, then
    /// sends the ACKs nobody piggybacked.
    fn drain(&mut self, ctx: &mut Ctx) {
        while let Some(ev) = self.tcp.poll_event() {
            let mut net = Net {
                ctx,
                tcp: &mut self.tcp,
            };
            self.app.on_tcp(&mut net, ev);
        }
        self.tcp.flush_acks(ctx);
    }
}

impl<A: NetApp> App for Host<A> {
    fn start(&mut self, ctx: &mut Ctx) {
        let mut net = Net {
            ctx,
            tcp: &mut self.tcp,
        };
        self.app.start(&mut net);
        self.drain(ctx);
    }

    fn on_packet(&mut self, ctx: &mut Ctx, pkt: &Packet) {
        self.app.on_arrival(pkt);
        let msg = ctx.message().copied();
        match pkt.proto {
            Proto::Tcp => {
                if let Some(m) = msg {
                    self.tcp.on_segment(ctx, pkt, &m);
                }
            }
            Proto::Udp => {
                let mut net = Net {
                    ctx,
                    tcp: &mut self.tcp,
                };
                self.app.on_udp(&mut net, pkt, msg.as_ref());
            }
        }
        self.drain(ctx);
    }

    fn on_timer(&mut self, ctx: &mut Ctx, token: u64) {
        if token & APP_TIMER != 0 {
            let mut net = Net {
                ctx,
                tcp: &mut self.tcp,
            };
            self.app.on_timer(&mut net, token & !APP_TIMER);
        } else {
            self.tcp.on_timer(ctx, token);
        }
        self.drain(ctx);
    }
}
