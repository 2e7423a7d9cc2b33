//! The run as a packet capture: one row per packet sent, with a one-line
//! summary, and each packet's layers with their fields for the inspector.
//! Field labels and summary words are message ids; values are the protocol's
//! own text (addresses, numbers, names), which no language translates.

use super::kind::{Look, PacketKind, look};
use cslab_sim::names::Name;
use cslab_sim::names::Names;
use cslab_sim::net::{NodeId, Proto, World};
use cslab_sim::proto::dns::{DnsMsg, RData, RType, Rcode, Rr};
use cslab_sim::proto::http::{HttpKind, HttpMsg};
use cslab_sim::proto::tcp::flags;
use cslab_sim::proto::text::TextProtocol;
use cslab_sim::proto::tls::{TlsContent, TlsRecord};
use cslab_sim::proto::{AppMsg, Header};
use cslab_sim::time::SimTime;
use cslab_sim::trace::{TraceEvent, TraceRecord};

/// The protocol a row is filed under, for filtering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Protocol {
    Dns,
    Tcp,
    Tls,
    Http,
    /// SMTP, SSH or PostgreSQL.
    Text(TextProtocol),
    /// A packet with no protocol message (the queue lessons).
    Plain,
}

/// The layer a row's protocol works at, for the layer filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    Application,
    Security,
    Transport,
    Network,
}

impl Layer {
    /// The layers the event list filters by, rows filed at their top layer.
    /// Not the network layer: every packet carries IP, so it would be "all
    /// layers", and no lesson's packet stops there.
    pub const FILTERABLE: [Layer; 3] = [Layer::Application, Layer::Security, Layer::Transport];

    /// The message id of its name.
    pub fn key(self) -> &'static str {
        match self {
            Layer::Application => "filter-application",
            Layer::Security => "filter-security",
            Layer::Transport => "filter-transport",
            Layer::Network => "filter-network",
        }
    }
}

impl Protocol {
    pub const FILTERABLE: [Protocol; 4] =
        [Protocol::Dns, Protocol::Tcp, Protocol::Tls, Protocol::Http];

    /// The protocol a packet of this look is filed under: a body segment
    /// belongs to TLS when it travels encrypted, to HTTP otherwise; a text
    /// protocol's line to its protocol.
    pub fn of(look: Look, header: Option<&Header>) -> Protocol {
        match look.kind {
            PacketKind::Text => match header.map(|header| header.msg.app) {
                Some(AppMsg::Text(text)) => Protocol::Text(text.protocol),
                _ => Protocol::Plain,
            },
            PacketKind::Dns => Protocol::Dns,
            PacketKind::TcpControl => Protocol::Tcp,
            PacketKind::Tls => Protocol::Tls,
            PacketKind::Http => Protocol::Http,
            PacketKind::Data if look.encrypted => Protocol::Tls,
            PacketKind::Data => Protocol::Http,
            PacketKind::Plain => Protocol::Plain,
        }
    }

    pub fn layer(self) -> Layer {
        match self {
            Protocol::Dns | Protocol::Http | Protocol::Text(_) => Layer::Application,
            Protocol::Tls => Layer::Security,
            Protocol::Tcp => Layer::Transport,
            Protocol::Plain => Layer::Network,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Protocol::Dns => "DNS",
            Protocol::Tcp => "TCP",
            Protocol::Tls => "TLS",
            Protocol::Http => "HTTP",
            Protocol::Text(protocol) => protocol.as_str(),
            Protocol::Plain => "IP",
        }
    }
}

/// A one-line summary: a message id and its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Summary {
    fn new(key: &'static str, args: &[(&'static str, String)]) -> Summary {
        Summary {
            key,
            args: args.to_vec(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CaptureRow {
    pub pkt: u64,
    pub t: SimTime,
    pub src: NodeId,
    pub dst: NodeId,
    pub protocol: Protocol,
    pub look: Look,
    pub summary: Summary,
    /// Lost on the way, by `until` (the list marks it).
    pub lost: bool,
    /// A TCP segment sent again, after a loss or a time-out.
    pub retransmission: bool,
}

/// Every packet sent up to `until`, in order.
pub fn capture(world: &World, until: SimTime) -> Vec<CaptureRow> {
    let lost = lost_by(world, until);
    (world.trace().records())
        .take_while(|record| record.t <= until)
        .filter_map(|record| row(world, record, &lost, &|_| true))
        .collect()
}

/// The latest `most` packets sent up to `until` of the protocols `keep`
/// keeps, newest first: what a list shows of a long run (the streaming
/// lesson's HLS sends some 15,000 packets), without writing every
/// packet's summary each frame.
pub fn capture_latest(
    world: &World,
    until: SimTime,
    keep: &dyn Fn(Protocol) -> bool,
    most: usize,
) -> Vec<CaptureRow> {
    let lost = lost_by(world, until);
    (world.trace().records())
        .rev()
        .skip_while(|record| record.t > until)
        .filter_map(|record| row(world, record, &lost, keep))
        .take(most)
        .collect()
}

/// The packets dropped by `until`, sorted.
fn lost_by(world: &World, until: SimTime) -> Vec<u64> {
    let mut lost: Vec<u64> = (world.trace().records())
        .take_while(|record| record.t <= until)
        .filter_map(|record| match record.ev {
            TraceEvent::Dropped { pkt, .. } => Some(pkt),
            _ => None,
        })
        .collect();
    lost.sort_unstable();
    lost
}

/// The row of a record that sends a packet of a protocol `keep` keeps.
fn row(
    world: &World,
    record: &TraceRecord,
    lost: &[u64],
    keep: &dyn Fn(Protocol) -> bool,
) -> Option<CaptureRow> {
    let TraceEvent::PacketSent {
        pkt,
        src,
        dst,
        bytes,
    } = record.ev
    else {
        return None;
    };
    let header = world.trace().header(pkt);
    // One classification (the packet's look) decides its colour, its
    // filter and which summary it gets.
    let seen = look(header);
    let protocol = Protocol::of(seen, header);
    if !keep(protocol) {
        return None;
    }
    let summary = match header {
        Some(header) => summary(world, header, seen.kind),
        None => Summary::new("sum-plain", &[("bytes", bytes.to_string())]),
    };
    Some(CaptureRow {
        pkt,
        t: record.t,
        src,
        dst,
        protocol,
        look: seen,
        summary,
        lost: lost.binary_search(&pkt).is_ok(),
        retransmission: header
            .and_then(|header| header.msg.tcp)
            .is_some_and(|segment| segment.retransmission),
    })
}

/// The one-line summary of a packet of `kind` with a message.
fn summary(world: &World, header: &Header, kind: PacketKind) -> Summary {
    let msg = &header.msg;
    match (kind, msg.app, msg.tls, msg.tcp) {
        (PacketKind::Dns, AppMsg::Dns(dns), _, _) => dns_summary(world, &dns),
        // The rest of a flight that did not fit one segment: its records
        // were named on the first one.
        (PacketKind::Tls, _, Some(_), Some(segment)) if segment.rec_off > 0 => {
            Summary::new("sum-data", &[("bytes", segment.len.to_string())])
        }
        (PacketKind::Tls, _, Some(record), _) => {
            Summary::new("sum-tls", &[("record", record_line(world.names(), record))])
        }
        (PacketKind::Http, app, _, _) if app.http().is_some() => {
            let http = app.http().expect("an HTTP message");
            let line = match http.kind {
                HttpKind::Request { method } => {
                    format!("{} {}", method.as_str(), world.names().text(http.path))
                }
                HttpKind::Response { status } => format!("{} {}", status.code(), status.reason()),
            };
            Summary::new("sum-http", &[("line", line)])
        }
        // The rest of a long message (a file on an FTP data connection).
        (PacketKind::Text, AppMsg::Text(_), _, Some(segment)) if segment.rec_off > 0 => {
            Summary::new("sum-data", &[("bytes", segment.len.to_string())])
        }
        (PacketKind::Text, AppMsg::Text(text), _, _) => Summary::new(
            "sum-text",
            &[("line", first_line(world.names().text(text.line)).to_owned())],
        ),
        (PacketKind::TcpControl, _, _, Some(segment)) => Summary::new(
            "sum-tcp",
            &[
                ("flags", flag_names(segment.flags)),
                ("seq", segment.seq.to_string()),
                ("ack", segment.ack.to_string()),
            ],
        ),
        (PacketKind::Data, _, _, Some(segment)) => {
            Summary::new("sum-data", &[("bytes", segment.len.to_string())])
        }
        _ => Summary::new("sum-plain", &[("bytes", header.payload_bytes.to_string())]),
    }
}

/// The few words the stage writes by a packet at a lesson's speed (review
/// D: SYN, SYN-ACK and ACK looked alike): the protocol's own words where it
/// has them (`SYN, ACK`, `GET /index.html`, `200 OK`, `ClientHello`), a
/// translated word where it has none (a DNS query), and none for the rest of
/// a transfer. What TLS encrypts is not written, TLS 1.3's certificate and
/// Finished included (RFC 8446 §2): an observer cannot read it.
pub fn stage_label(world: &World, header: &Header) -> Option<Summary> {
    let msg = &header.msg;
    let wire = |text: String| Some(Summary::new("label-wire", &[("text", text)]));
    match (look(Some(header)).kind, msg.app, msg.tls, msg.tcp) {
        (PacketKind::Dns, AppMsg::Dns(dns), _, _) => {
            let rtype = rtype_text(dns.qtype);
            Some(if !dns.response {
                Summary::new("label-dns-query", &[("type", rtype)])
            } else if dns.rcode == Rcode::NxDomain {
                Summary::new("label-dns-nxdomain", &[])
            } else if dns.answers().is_empty() {
                Summary::new("label-dns-referral", &[])
            } else {
                Summary::new("label-dns-answer", &[("type", rtype)])
            })
        }
        _ if msg.encrypted() => Some(Summary::new("label-encrypted", &[])),
        (PacketKind::Tls, _, Some(record), Some(segment)) if segment.rec_off == 0 => {
            wire(tls_name(record.content).into())
        }
        (PacketKind::Http, AppMsg::Http(http), _, _) => wire(match http.kind {
            // A long path (a tracker's announce and its query) is cut.
            HttpKind::Request { method } => short(&format!(
                "{} {}",
                method.as_str(),
                world.names().text(http.path)
            )),
            HttpKind::Response { status } => format!("{} {}", status.code(), status.reason()),
        }),
        (PacketKind::Text, AppMsg::Text(text), _, Some(segment)) if segment.rec_off == 0 => {
            wire(short(first_line(world.names().text(text.line))))
        }
        (PacketKind::TcpControl, _, _, Some(segment)) => wire(flag_names(segment.flags)),
        _ => None,
    }
}

/// The first line of a reply of several (an EHLO's keywords, an IMAP
/// SELECT's untagged lines), as a capture's summary shows it.
fn first_line(text: &str) -> &str {
    text.split("\r\n").next().unwrap_or_default()
}

/// A line cut to what a label beside a packet can hold.
fn short(line: &str) -> String {
    const MOST: usize = 24;
    match line.char_indices().nth(MOST) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line.to_owned(),
    }
}

fn dns_summary(world: &World, dns: &DnsMsg) -> Summary {
    let names = world.names();
    let name = names.text(dns.qname).to_owned();
    let rtype = rtype_text(dns.qtype);
    if !dns.response {
        return Summary::new("sum-dns-query", &[("type", rtype), ("name", name)]);
    }
    match dns.rcode {
        Rcode::NxDomain => return Summary::new("sum-dns-nxdomain", &[("name", name)]),
        // The resolver gave up (RFC 1035 §4.1.1: "Server failure").
        Rcode::ServFail => return Summary::new("sum-dns-servfail", &[("name", name)]),
        Rcode::NoError => {}
    }
    if !dns.answers().is_empty() {
        let answers = dns
            .answers()
            .iter()
            .map(|rr| record_text(world.names(), rr))
            .collect::<Vec<_>>()
            .join(", ");
        return Summary::new("sum-dns-answer", &[("name", name), ("answers", answers)]);
    }
    let servers = dns
        .authority()
        .iter()
        .map(|rr| record_text(world.names(), rr))
        .collect::<Vec<_>>()
        .join(", ");
    Summary::new("sum-dns-referral", &[("name", name), ("servers", servers)])
}

/// A resource record as a zone file would show its data: `A 10.0.0.3`.
pub fn record_text(names: &Names, rr: &Rr) -> String {
    match rr.data {
        RData::None => rtype_text(rr.rtype),
        RData::A(addr) => format!("A {addr}"),
        RData::Aaaa(addr) => format!("AAAA {addr}"),
        RData::Ns(name) => format!("NS {}", names.text(name)),
        RData::Cname(name) => format!("CNAME {}", names.text(name)),
        RData::Mx {
            preference,
            exchange,
        } => format!("MX {preference} {}", names.text(exchange)),
    }
}

/// `A`, `AAAA`, `MX`: a record type as DNS writes it.
fn rtype_text(rtype: RType) -> String {
    format!("{rtype:?}").to_uppercase()
}

/// A TLS record as a capture's info column names it, with the server a
/// ClientHello asks for: `ClientHello (SNI=www.example.com)`.
fn record_line(names: &Names, record: TlsRecord) -> String {
    let name = tls_name(record.content);
    match names.text(record.server_name) {
        "" => name.into(),
        sni => format!("{name} (SNI={sni})"),
    }
}

fn tls_name(content: TlsContent) -> &'static str {
    match content {
        TlsContent::ClientHello => "ClientHello",
        TlsContent::ServerHello => "ServerHello",
        TlsContent::ServerFinished => "EncryptedExtensions, Certificate, Finished",
        TlsContent::ClientFinished => "Finished",
        TlsContent::ApplicationData => "ApplicationData",
    }
}

/// `SYN, ACK`: the set flags, in header order.
fn flag_names(bits: u8) -> String {
    [
        (flags::SYN, "SYN"),
        (flags::ACK, "ACK"),
        (flags::PSH, "PSH"),
        (flags::FIN, "FIN"),
        (flags::RST, "RST"),
    ]
    .iter()
    .filter(|(bit, _)| bits & bit != 0)
    .map(|(_, name)| *name)
    .collect::<Vec<_>>()
    .join(", ")
}

/// One layer of a packet in the inspector: its name's message id and its
/// fields as (label message id, value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerView {
    pub name_key: &'static str,
    pub fields: Vec<(&'static str, String)>,
    /// An observer on the wire cannot read this layer.
    pub hidden: bool,
    /// The message id of the sentence saying what hides it (TLS's record,
    /// or SSH's encrypted packet).
    pub hidden_key: &'static str,
}

/// Who reads a packet in the inspector, and so which of its layers are
/// greyed out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// Someone on a link it crosses: what TLS seals is hidden.
    Wire,
    /// One of its two ends: it holds the keys and reads every layer.
    Endpoint,
    /// Someone it never reaches: nothing of it is theirs to read.
    Absent,
}

impl Reader {
    /// The layers of [`layers`] as this reader sees them.
    pub fn read(self, mut views: Vec<LayerView>) -> Vec<LayerView> {
        for view in &mut views {
            view.hidden = match self {
                Reader::Wire => view.hidden,
                Reader::Endpoint => false,
                Reader::Absent => true,
            };
        }
        views
    }
}

/// The packet's layers, from the link up, as a reader on the wire sees
/// them.
pub fn layers(world: &World, header: &Header) -> Vec<LayerView> {
    let layer = |name_key, fields: Vec<(&'static str, String)>| LayerView {
        name_key,
        fields,
        hidden: false,
        hidden_key: "inspector-hidden",
    };
    let mut views = vec![
        layer(
            "layer-link",
            vec![("field-frame-bytes", header.wire_bytes.to_string())],
        ),
        layer(
            "layer-ip",
            vec![
                ("field-src", header.src.to_string()),
                ("field-dst", header.dst.to_string()),
                ("field-ttl", header.ttl.to_string()),
                ("field-length", header.ip_bytes.to_string()),
            ],
        ),
    ];
    let ports = vec![
        ("field-src-port", header.src_port.to_string()),
        ("field-dst-port", header.dst_port.to_string()),
    ];
    match (header.proto, header.msg.tcp) {
        (Proto::Tcp, Some(segment)) => {
            let mut fields = ports;
            fields.extend([
                ("field-seq", segment.seq.to_string()),
                ("field-ack", segment.ack.to_string()),
                ("field-flags", flag_names(segment.flags)),
                ("field-window", segment.window.to_string()),
                ("field-payload", segment.len.to_string()),
            ]);
            if segment.retransmission {
                fields.push(("field-retransmission", "✓".into()));
            }
            views.push(layer("layer-tcp", fields));
        }
        _ => {
            let mut fields = ports;
            fields.push(("field-payload", header.payload_bytes.to_string()));
            views.push(layer("layer-udp", fields));
        }
    }
    let encrypted = header.msg.tls.is_some_and(|record| record.encrypted);
    if let Some(record) = header.msg.tls {
        views.push(layer(
            "layer-tls",
            std::iter::once(("field-record", tls_name(record.content).into()))
                .chain(
                    (record.server_name != Name(0))
                        .then(|| ("field-sni", world.names().text(record.server_name).into())),
                )
                .chain([("field-encrypted", yes_no(record.encrypted))])
                .collect(),
        ));
    }
    let names = world.names();
    match header.msg.app {
        AppMsg::Dns(dns) => views.push(layer("layer-dns", dns_fields(names, &dns))),
        AppMsg::Http(http) => views.push(LayerView {
            name_key: "layer-http",
            fields: http_fields(names, &http),
            hidden: encrypted,
            hidden_key: "inspector-hidden",
        }),
        // DNS over HTTPS: the question is the body of the request.
        AppMsg::DnsOverHttps(doh) => {
            for (name_key, fields) in [
                ("layer-http", http_fields(names, &doh.http)),
                ("layer-dns", dns_fields(names, &doh.dns)),
            ] {
                views.push(LayerView {
                    name_key,
                    fields,
                    hidden: encrypted,
                    hidden_key: "inspector-hidden",
                });
            }
        }
        // After NEWKEYS an SSH packet shows its length; what it says is
        // encrypted (RFC 4253 §6).
        AppMsg::Text(text) if text.encrypted => {
            views.push(layer(
                "layer-ssh",
                vec![
                    ("field-packet-bytes", text.bytes.to_string()),
                    ("field-encrypted", yes_no(true)),
                ],
            ));
            views.push(LayerView {
                name_key: text_layer_key(text.protocol),
                fields: vec![("field-line", names.text(text.line).to_owned())],
                hidden: true,
                hidden_key: "inspector-hidden-ssh",
            });
        }
        AppMsg::Text(text) => views.push(layer(
            text_layer_key(text.protocol),
            vec![
                ("field-line", names.text(text.line).to_owned()),
                ("field-message-bytes", text.bytes.to_string()),
            ],
        )),
        AppMsg::None => {}
    }
    views
}

/// A DNS message's fields: its id and question, and an answer's records.
fn dns_fields(names: &Names, dns: &DnsMsg) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("field-dns-id", dns.id.to_string()),
        (
            "field-question",
            format!("{} {}", names.text(dns.qname), rtype_text(dns.qtype)),
        ),
    ];
    if dns.response {
        fields.push(("field-rcode", format!("{:?}", dns.rcode).to_uppercase()));
        for (key, records) in [
            ("field-answers", dns.answers()),
            ("field-authority", dns.authority()),
            ("field-additional", dns.additional()),
        ] {
            if !records.is_empty() {
                let text = records
                    .iter()
                    .map(|rr| record_text(names, rr))
                    .collect::<Vec<_>>()
                    .join(", ");
                fields.push((key, text));
            }
        }
    }
    fields
}

/// An HTTP message's fields: its request or status line's, and its sizes.
fn http_fields(names: &Names, http: &HttpMsg) -> Vec<(&'static str, String)> {
    let mut fields = match http.kind {
        HttpKind::Request { method } => vec![
            ("field-method", method.as_str().to_owned()),
            ("field-path", names.text(http.path).to_owned()),
            ("field-host", names.text(http.host).to_owned()),
        ],
        HttpKind::Response { status } => {
            vec![(
                "field-status",
                format!("{} {}", status.code(), status.reason()),
            )]
        }
    };
    fields.push(("field-head-bytes", http.head_bytes.to_string()));
    fields.push(("field-body-bytes", http.body_bytes.to_string()));
    // A message sent with its head kept shows it: its header lines (the
    // start line is above) and its body, as a capture would.
    let head = names.text(http.head);
    if let Some((_, lines)) = head.trim_end().split_once("\r\n") {
        fields.push(("field-headers", lines.to_owned()));
        let body = names.text(http.body);
        if !body.is_empty() {
            fields.push(("field-body", body.to_owned()));
        }
    }
    fields
}

fn text_layer_key(protocol: TextProtocol) -> &'static str {
    match protocol {
        TextProtocol::Smtp => "layer-smtp",
        TextProtocol::Ssh => "layer-ssh",
        TextProtocol::Postgres => "layer-pgsql",
        TextProtocol::Imap => "layer-imap",
        TextProtocol::Pop3 => "layer-pop3",
        TextProtocol::WebSocket => "layer-websocket",
        TextProtocol::Mysql => "layer-mysql",
        TextProtocol::Mongo => "layer-mongo",
        TextProtocol::Game => "layer-game",
        TextProtocol::Cluster => "layer-cluster",
        TextProtocol::Ftp => "layer-ftp",
        TextProtocol::FtpData => "layer-ftp-data",
        TextProtocol::Sftp => "layer-sftp",
        TextProtocol::Rtsp => "layer-rtsp",
        TextProtocol::Rtp => "layer-rtp",
        TextProtocol::Stun => "layer-stun",
        TextProtocol::Srtp => "layer-srtp",
        TextProtocol::BitTorrent => "layer-bittorrent",
        TextProtocol::Bitcoin => "layer-bitcoin",
    }
}

/// What a home router's NAT did to a packet, for the inspector: the
/// headers above are as the sender wrote them; beyond the router one address
/// and port differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rewrite {
    pub router: NodeId,
    /// `field-src` (a packet leaving home) or `field-dst` (an answer).
    pub field_key: &'static str,
    /// `address:port` before and after the router.
    pub before: String,
    pub after: String,
    /// The message id of a sentence saying what happened.
    pub hint_key: &'static str,
}

/// The NAT rewrite of the packet `header` describes, if a router made one.
pub fn rewrite(world: &World, header: &Header) -> Option<Rewrite> {
    world.trace().records().find_map(|record| match record.ev {
        TraceEvent::Translated {
            pkt,
            node,
            addr,
            port,
            inbound,
        } if pkt == header.pkt => {
            let (field_key, hint_key, was, was_port) = if inbound {
                ("field-dst", "inspector-nat-in", header.dst, header.dst_port)
            } else {
                (
                    "field-src",
                    "inspector-nat-out",
                    header.src,
                    header.src_port,
                )
            };
            Some(Rewrite {
                router: node,
                field_key,
                before: format!("{was}:{was_port}"),
                after: format!("{addr}:{port}"),
                hint_key,
            })
        }
        // Sent to a router's public address on a port its table does not
        // hold: nothing to translate it to, so it goes no further (an
        // active-mode FTP server's connection back to the client).
        TraceEvent::Dropped { pkt, node, .. }
            if pkt == header.pkt && world.nat(node).is_some_and(|nat| nat.public == header.dst) =>
        {
            Some(Rewrite {
                router: node,
                field_key: "field-dst",
                before: format!("{}:{}", header.dst, header.dst_port),
                after: "—".into(),
                hint_key: "inspector-nat-none",
            })
        }
        _ => None,
    })
}

fn yes_no(value: bool) -> String {
    if value { "✓" } else { "✗" }.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_sim::runs::pageload::{PageLoadParams, PageLoadSim};

    fn https_load() -> PageLoadSim {
        let mut sim = PageLoadSim::new(&PageLoadParams {
            objects: 1,
            tls: true,
            ..PageLoadParams::default()
        })
        .unwrap();
        sim.run();
        sim
    }

    /// The labels a page load's packets carry, in the order they are sent.
    fn labels(sim: &PageLoadSim) -> Vec<String> {
        sim.world()
            .trace()
            .headers()
            .filter_map(|header| stage_label(sim.world(), header))
            .map(|label| match label.key {
                "label-wire" => label.args[0].1.clone(),
                key => format!("{key} {:?}", label.args),
            })
            .collect()
    }

    /// The stage writes what the wire says: the handshake's flags, the
    /// request line, the status line; DNS in the learner's words; nothing
    /// of what TLS carries.
    #[test]
    fn packets_are_labelled_as_the_wire_says_and_tls_hides_what_it_carries() {
        let mut plain = PageLoadSim::new(&PageLoadParams {
            objects: 1,
            ..PageLoadParams::default()
        })
        .unwrap();
        plain.run();
        let plain = labels(&plain);
        let position = |labels: &[String], label: &str| {
            labels
                .iter()
                .position(|l| l == label)
                .unwrap_or_else(|| panic!("{label} missing from {labels:?}"))
        };
        let query = position(&plain, r#"label-dns-query [("type", "A")]"#);
        let answer = position(&plain, r#"label-dns-answer [("type", "A")]"#);
        let (syn, syn_ack) = (position(&plain, "SYN"), position(&plain, "SYN, ACK"));
        let get = position(&plain, "GET /index.html");
        let ok = position(&plain, "200 OK");
        assert!(query < answer && answer < syn && syn < syn_ack && syn_ack < get && get < ok);
        assert!(plain.iter().any(|l| l == "label-dns-referral []"));
        let tls = labels(&https_load());
        for shown in ["ClientHello", "ServerHello"] {
            position(&tls, shown);
        }
        assert!(
            !tls.iter()
                .any(|l| l.contains("Finished") || l.contains("Certificate"))
        );
        assert!(
            !tls.iter()
                .any(|l| l.starts_with("GET") || l.starts_with("200"))
        );
        assert!(tls.iter().any(|l| l == "label-encrypted []"));
    }

    #[test]
    fn the_capture_tells_the_dialogue_in_order() {
        let sim = https_load();
        let rows = capture(sim.world(), SimTime::MAX);
        assert_eq!(rows.len() as u64, sim.world().net_stats().sent);
        assert!(rows.windows(2).all(|pair| pair[0].t <= pair[1].t));
        let first = |key: &str| {
            rows.iter()
                .position(|row| row.summary.key == key)
                .unwrap_or(usize::MAX)
        };
        // Ask DNS, then connect, then TLS, then HTTP.
        assert!(first("sum-dns-query") < first("sum-dns-answer"));
        assert!(first("sum-dns-answer") < first("sum-tcp"));
        assert!(first("sum-tcp") < first("sum-tls"));
        assert!(first("sum-tls") < first("sum-http"));
        let get = rows
            .iter()
            .find(|row| row.summary.key == "sum-http")
            .unwrap();
        assert_eq!(
            get.summary.args,
            vec![("line", "GET /index.html".to_owned())]
        );
        assert!(get.look.encrypted);
        let syn = rows
            .iter()
            .find(|row| row.summary.key == "sum-tcp")
            .unwrap();
        assert_eq!(syn.summary.args[0], ("flags", "SYN".to_owned()));
        // Nothing is listed before it happens.
        assert!(
            capture(sim.world(), rows[3].t).len() >= 4
                && capture(sim.world(), rows[3].t).len() < rows.len()
        );
    }

    /// A lossy load: every row marked lost has a drop in the trace by the
    /// clock, and the segments sent again are marked, as many as TCP counted.
    #[test]
    fn lost_packets_and_retransmissions_are_marked() {
        let mut sim = PageLoadSim::new(&PageLoadParams {
            objects: 6,
            loss: 0.05,
            seed: 4,
            ..PageLoadParams::default()
        })
        .unwrap();
        sim.run();
        let rows = capture(sim.world(), SimTime::MAX);
        let lost = rows.iter().filter(|row| row.lost).count() as u64;
        assert!(lost > 0);
        assert_eq!(lost, sim.world().net_stats().dropped);
        let again = rows.iter().filter(|row| row.retransmission).count() as u64;
        assert!(again > 0);
        assert_eq!(again, sim.report().retransmissions);
        // Before a packet is lost, it is not marked.
        let first_lost = rows.iter().find(|row| row.lost).unwrap();
        let at_send = capture(sim.world(), first_lost.t);
        assert!(
            !at_send
                .iter()
                .find(|row| row.pkt == first_lost.pkt)
                .unwrap()
                .lost
        );
    }

    /// The latest rows of a protocol are the tail of the whole capture's,
    /// newest first, lost marks and all, at any moment.
    #[test]
    fn the_latest_rows_are_the_whole_captures_tail() {
        let mut sim = PageLoadSim::new(&PageLoadParams {
            objects: 6,
            loss: 0.05,
            seed: 4,
            ..PageLoadParams::default()
        })
        .unwrap();
        sim.run();
        let world = sim.world();
        let all = capture(world, SimTime::MAX);
        let until = all[all.len() / 2].t;
        let tcp = |protocol: Protocol| protocol == Protocol::Tcp;
        let mut expected: Vec<CaptureRow> = (capture(world, until).into_iter())
            .filter(|row| tcp(row.protocol))
            .collect();
        expected.reverse();
        expected.truncate(5);
        assert_eq!(expected.len(), 5);
        assert_eq!(capture_latest(world, until, &tcp, 5), expected);
    }

    #[test]
    fn the_inspector_shows_what_the_home_router_rewrote() {
        let sim = https_load();
        let world = sim.world();
        let router = sim.nodes().router;
        let headers: Vec<_> = world.trace().headers().collect();
        // The first SYN leaves the browser from 192.168.1.10 (port
        // preserved by the NAT); beyond the router its source is the
        // router's public 198.51.100.23, same port.
        let syn = headers
            .iter()
            .find(|header| header.msg.tcp.is_some_and(|s| s.flags == flags::SYN))
            .unwrap();
        let out = rewrite(world, syn).expect("the SYN is translated");
        let port = syn.src_port;
        assert_eq!(out.router, router);
        assert_eq!(out.field_key, "field-src");
        assert_eq!(out.before, format!("192.168.1.10:{port}"));
        assert_eq!(out.after, format!("198.51.100.23:{port}"));
        // The SYN-ACK is sent to the public address and comes back in.
        let syn_ack = headers
            .iter()
            .find(|header| {
                header
                    .msg
                    .tcp
                    .is_some_and(|s| s.flags == flags::SYN | flags::ACK)
            })
            .unwrap();
        assert_eq!(syn_ack.dst.to_string(), "198.51.100.23");
        let back = rewrite(world, syn_ack).expect("the SYN-ACK is translated");
        assert_eq!(back.field_key, "field-dst");
        assert_eq!(back.after, format!("192.168.1.10:{port}"));
        // A DNS query between Internet servers crosses no NAT.
        let upstream = headers
            .iter()
            .find(|header| header.src.to_string() == "198.51.100.53")
            .unwrap();
        assert_eq!(rewrite(world, upstream), None);
    }

    #[test]
    fn the_inspector_shows_each_layer_and_hides_encrypted_content() {
        let sim = https_load();
        let world = sim.world();
        let headers: Vec<_> = world.trace().headers().collect();
        let syn = headers
            .iter()
            .find(|header| header.msg.tcp.is_some_and(|s| s.flags == flags::SYN))
            .unwrap();
        let names: Vec<_> = layers(world, syn)
            .iter()
            .map(|layer| layer.name_key)
            .collect();
        assert_eq!(names, vec!["layer-link", "layer-ip", "layer-tcp"]);
        let get = headers
            .iter()
            .find(|header| matches!(header.msg.app, AppMsg::Http(http) if http.status().is_none()))
            .unwrap();
        let views = layers(world, get);
        let http = views
            .iter()
            .find(|layer| layer.name_key == "layer-http")
            .unwrap();
        assert!(http.hidden, "an observer cannot read an HTTPS request");
        assert!(http.fields.contains(&("field-method", "GET".to_owned())));
        let tcp = views
            .iter()
            .find(|layer| layer.name_key == "layer-tcp")
            .unwrap();
        assert!(tcp.fields.contains(&("field-dst-port", "443".to_owned())));
        let query = headers
            .iter()
            .find(|header| matches!(header.msg.app, AppMsg::Dns(dns) if !dns.response))
            .unwrap();
        let dns = layers(world, query)
            .into_iter()
            .find(|layer| layer.name_key == "layer-dns")
            .unwrap();
        assert!(
            dns.fields
                .iter()
                .any(|(key, value)| *key == "field-question" && value == "www.example.com A")
        );
    }
}
