//! A datagram carrying one message of a protocol shown by its words (RTP,
//! STUN, SRTP), and reading one back.

use cslab_sim::net::{Addr, Packet};
use cslab_sim::proto::host::Net;
use cslab_sim::proto::text::{TextProtocol, send_datagram};
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
    send_datagram(net, (to.0, port, to.1), protocol, text, bytes);
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
