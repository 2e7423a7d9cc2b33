//! Reading back a datagram carrying one message of a protocol shown by
//! its words (RTP, STUN, SRTP); `cslab_sim::proto::text::send_datagram`
//! sends one.

use cslab_sim::net::{Addr, Packet};
use cslab_sim::proto::host::Net;
use cslab_sim::proto::text::TextProtocol;
use cslab_sim::proto::{AppMsg, Message};

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
