//! A lab run as a pcapng file that Wireshark opens: every packet the trace
//! records as sent with a protocol message (what the transcript lists),
//! one Ethernet frame each, timestamped with its send time.
//!
//! - [`pcapng`]: the file's blocks;
//! - [`frame`]: Ethernet II, IPv4, TCP and UDP with their checksums;
//! - `payload`: the application bytes, cut as the lab's segments cut them.
//!
//! The frames are captured end to end: each is written once, as its sender
//! hands it over, from the sender's MAC to the receiver's (the lab's
//! routers forward without an Ethernet header of their own). Behind a
//! home router's NAT a packet is written with the home side's addresses,
//! the ones its sender used or its receiver gets, so both directions of a
//! connection meet in one conversation.

pub mod frame;
mod payload;
pub mod pcapng;

use cslab_sim::net::{Addr, Proto, World};
use cslab_sim::sorted::SortedMap;
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceEvent;
use frame::Ends;
use payload::Payloads;

/// The packets `world` sent up to `until`, as a pcapng file.
pub fn capture(world: &World, until: SimTime) -> Vec<u8> {
    let trace = world.trace();
    let records = || trace.records().take_while(|r| r.t <= until);
    let home = nat_mappings(world, until);
    let mut payloads = Payloads::new(world.names());
    let mut file = pcapng::Writer::new();
    for r in records() {
        let TraceEvent::PacketSent { pkt, .. } = r.ev else {
            continue;
        };
        let Some(h) = trace.header(pkt) else {
            continue;
        };
        let (dst, dst_port) =
            (home.get(&(h.dst, h.dst_port)).copied()).unwrap_or((h.dst, h.dst_port));
        let ends = Ends {
            src_node: h.src_node,
            dst_node: h.dst_node,
            src: h.src,
            dst,
            src_port: h.src_port,
            dst_port,
            ttl: h.ttl,
            ip_id: pkt as u16,
        };
        let bytes = payloads.of(h);
        let frame = match (h.proto, h.msg.tcp) {
            (Proto::Tcp, Some(seg)) => frame::tcp(&ends, &seg, &bytes),
            _ => frame::udp(&ends, &bytes),
        };
        file.packet(r.t.as_nanos(), &frame);
    }
    file.finish()
}

/// The home side of each public address and port a NAT handed out
/// (`Translated` records, either way): a packet sent to the public one is
/// written as its receiver gets it, even if it reached the router after
/// `until`.
fn nat_mappings(world: &World, until: SimTime) -> SortedMap<(Addr, u16), (Addr, u16)> {
    let trace = world.trace();
    let mut home = SortedMap::new();
    for r in trace.records().take_while(|r| r.t <= until) {
        let TraceEvent::Translated {
            pkt,
            addr,
            port,
            inbound,
            ..
        } = r.ev
        else {
            continue;
        };
        let Some(h) = trace.header(pkt) else {
            continue;
        };
        let (public, private) = if inbound {
            ((h.dst, h.dst_port), (addr, port))
        } else {
            ((addr, port), (h.src, h.src_port))
        };
        home.insert(public, private);
    }
    home
}
