//! The call's signalling server: the page's WebSocket (RFC 6455, the chat
//! lesson's handshake and frames), and every text frame one browser sends
//! passed to the other (WebRTC leaves signalling to the application,
//! RFC 8825 §3; this is the simplest such server).

use cslab_chat::frame::{Frame, Opcode};
use cslab_chat::handshake::{switching_protocols, upgrade_key};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::HttpKind;
use cslab_sim::proto::http_message as message;
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::{TextProtocol, send_text};

pub const PATH: &str = "/call";

pub struct Signalling {
    pub host: &'static str,
    sockets: Vec<ConnId>,
}

impl Signalling {
    pub fn new(host: &'static str) -> Signalling {
        Signalling {
            host,
            sockets: Vec::new(),
        }
    }
}

/// Sends a text frame: masked by a browser (`mask`), not by a server.
pub fn send_frame(net: &mut Net, conn: ConnId, payload: &str, mask: Option<[u8; 4]>) {
    let frame = Frame {
        opcode: Opcode::Text,
        mask,
        payload: payload.as_bytes().to_vec(),
    };
    let summary = frame.summary();
    let bytes = Some(frame.wire_len());
    send_text(net, conn, TextProtocol::WebSocket, &summary, bytes, false);
}

impl NetApp for Signalling {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(80, 16);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        let Some((conn, msg)) = net.whole_message(ev) else {
            return;
        };
        match msg.app {
            AppMsg::Http(request) if matches!(request.kind, HttpKind::Request { .. }) => {
                let head = net.ctx.name(request.head).to_owned();
                if let Some(key) = upgrade_key(&head) {
                    let out = switching_protocols(self.host, PATH, key);
                    message::send(net, conn, out, false);
                    self.sockets.push(conn);
                }
            }
            AppMsg::Text(text) if text.protocol == TextProtocol::WebSocket => {
                let summary = net.ctx.name(text.line).to_owned();
                let Some(payload) = Frame::text_of(&summary) else {
                    return;
                };
                for other in self.sockets.clone().into_iter().filter(|&c| c != conn) {
                    send_frame(net, other, payload, None);
                }
            }
            _ => {}
        }
    }
}
