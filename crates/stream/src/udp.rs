//! A datagram carrying one message of a protocol shown by its words (RTP,
//! STUN, SRTP), and reading one back.

use cslab_sim::net::{Addr, Outgoing, Packet};
use cslab_sim::proto::host::Net;
use cslab_sim::proto::text::{TextMsg, TextProtocol};
use cslab_sim::proto::{AppMsg, Message};

/// Sends `text` (its summary, and its header's bytes in hex under it) from
/// `port` to `to`; `bytes` is the datagram's payload length.
pub fn send(
    net: &mut Net,
    port: u16,
    to: (Addr, u16),
    protocol: TextProtocol,
    text: &str,
    bytes: u32,
) {
    let line = net.ctx.intern(text);
    let msg = TextMsg {
        protocol,
        line,
        bytes,
    };
    let out = Outgoing::udp(to.0, port, to.1, bytes);
    net.ctx.send_msg(out, Message::udp(AppMsg::Text(msg)));
}

/// The text of a datagram of `protocol`, and where it came from.
pub fn text_of<'n>(
    net: &'n Net,
    pkt: &Packet,
    msg: Option<&Message>,
    protocol: TextProtocol,
) -> Option<(&'n str, (Addr, u16))> {
    match msg?.app {
        AppMsg::Text(text) if text.protocol == protocol => {
            Some((net.ctx.name(text.line), (pkt.src, pkt.src_port)))
        }
        _ => None,
    }
}
