//! What an observer learns from a page load: read from the packets that
//! reached its post ([`Post::reaches`]), each read as the post can read it
//! (on a link, what TLS seals is hidden: [`Message::on_the_wire`]), with
//! the addresses as they were where it sits (before or after the home
//! router's NAT). Nothing here knows the lesson's settings: turning HTTPS
//! or DNS over HTTPS on changes the packets, and so the findings.

use crate::observer::{Observer, Post};
use cslab_sim::names::Name;
use cslab_sim::net::{Addr, World};
use cslab_sim::proto::http::HttpKind;
use cslab_sim::proto::tls::TlsContent;
use cslab_sim::proto::{AppMsg, Header, Message};
use cslab_sim::runs::pageload::PageLoadNodes;
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceEvent;
use serde::Serialize;

/// Each list in the order it was first learnt, without repeats.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Findings {
    /// The questions read in DNS messages: `www.example.com A`.
    pub names: Vec<String>,
    /// Every IP address in the headers it saw, but its own.
    pub addresses: Vec<String>,
    /// The server names read in ClientHellos (SNI).
    pub server_names: Vec<String>,
    /// The HTTP requests read: `GET www.example.com/index.html`.
    pub requests: Vec<String>,
    /// The answers whose content it read: `200 OK /index.html, 2000 bytes`
    /// (DNS over HTTPS answers are DNS: not here).
    pub content: Vec<String>,
}

fn learn(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// The source and destination of a packet where `post` sits, given the
/// home router's rewrites (`nat`: the run's `Translated` records as
/// (packet, address, inbound)): it rewrites the source of what leaves home
/// and the destination of what comes back, so the two sides of it see
/// different addresses.
pub(crate) fn addresses_at(
    nat: &[(u64, Addr, bool)],
    post: &Post,
    header: &Header,
) -> (Addr, Addr) {
    let (mut src, mut dst) = (header.src, header.dst);
    for &(_, addr, inbound) in nat.iter().filter(|(pkt, ..)| *pkt == header.pkt) {
        match (inbound, post.at_home()) {
            (false, false) => src = addr,
            (true, true) => dst = addr,
            _ => {}
        }
    }
    (src, dst)
}

/// The home router's rewrites in the run: (packet, address, inbound).
pub(crate) fn translations(world: &World) -> Vec<(u64, Addr, bool)> {
    world
        .trace()
        .records()
        .filter_map(|record| match record.ev {
            TraceEvent::Translated {
                pkt, addr, inbound, ..
            } => Some((pkt, addr, inbound)),
            _ => None,
        })
        .collect()
}

/// A message as the post reads it.
fn read(post: &Post, msg: &Message) -> Message {
    match post {
        Post::Links { .. } => msg.on_the_wire(),
        Post::Machine(_) => *msg,
    }
}

/// The first segment of a message sent for the first time: a message is
/// learnt once, however many segments carry it.
pub(crate) fn starts_message(header: &Header) -> bool {
    header
        .msg
        .tcp
        .is_none_or(|segment| segment.rec_off == 0 && !segment.retransmission)
}

/// What `observer` learnt from the packets that reached it by `until`.
pub fn findings(
    world: &World,
    nodes: &PageLoadNodes,
    observer: Observer,
    until: SimTime,
) -> Findings {
    let post = Post::of(world, nodes, observer);
    let own = match post {
        Post::Machine(node) => Some(world.addr(node)),
        Post::Links { .. } => None,
    };
    let text = |name: Name| world.names().text(name).to_owned();
    let (reached, nat) = (post.reached(world, until), translations(world));
    let mut found = Findings::default();
    for header in world.trace().headers() {
        if !starts_message(header) || reached.binary_search(&header.pkt).is_err() {
            continue;
        }
        let (src, dst) = addresses_at(&nat, &post, header);
        for addr in [src, dst] {
            if Some(addr) != own {
                learn(&mut found.addresses, addr.to_string());
            }
        }
        let msg = read(&post, &header.msg);
        if let Some(record) = msg.tls
            && record.content == TlsContent::ClientHello
            && record.server_name != Name(0)
        {
            learn(&mut found.server_names, text(record.server_name));
        }
        if let Some(dns) = msg.app.dns()
            && !dns.response
        {
            let rtype = format!("{:?}", dns.qtype).to_uppercase();
            learn(&mut found.names, format!("{} {rtype}", text(dns.qname)));
        }
        let Some(http) = msg.app.http() else {
            continue;
        };
        match http.kind {
            HttpKind::Request { method } => learn(
                &mut found.requests,
                format!("{} {}{}", method.as_str(), text(http.host), text(http.path)),
            ),
            HttpKind::Response { status } if !matches!(msg.app, AppMsg::DnsOverHttps(_)) => learn(
                &mut found.content,
                format!(
                    "{} {} {}, {} bytes",
                    status.code(),
                    status.reason(),
                    text(http.path),
                    http.body_bytes
                ),
            ),
            HttpKind::Response { .. } => {}
        }
    }
    found
}
