//! A lesson's transcript: every message that crossed its network, in order,
//! one line each as a capture shows it (`SYN`, `GET /index.html HTTP/1.1`,
//! `HTTP/1.1 200 OK`, `Query A www.example.com`). What TLS carries is named
//! by what is inside, marked encrypted, as a capture holding the keys shows
//! it. `cslab-cli lesson` prints it; teachers and tests read it.

use serde::Serialize;

use cslab_scene::capture::{CaptureRow, Protocol, capture};
use cslab_scene::i18n::{Lang, Tr};
use cslab_scene::kind::PacketKind;
use cslab_scene::topology::Topology;
use cslab_sim::net::{Proto, World};
use cslab_sim::time::SimTime;

/// One message on the wire.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Message {
    pub t_s: f64,
    /// The machines' names as the stage shows them (in English).
    pub from: String,
    pub to: String,
    pub from_port: u16,
    pub to_port: u16,
    /// `TCP` or `UDP`.
    pub transport: &'static str,
    /// `DNS`, `TCP`, `TLS`, `HTTP`...: what the message is, inside TLS too.
    pub protocol: &'static str,
    pub summary: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub encrypted: bool,
    /// A TCP segment sent again (after a loss, a time-out or a machine
    /// that did not answer).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub retransmission: bool,
}

/// Every message sent up to `until`.
pub fn transcript(topology: &Topology, world: &World, until: SimTime) -> Vec<Message> {
    let tr = Tr(Lang::En);
    // A node the stage does not draw (an address no machine has) has no
    // name: the message went to "nobody at" its address.
    let name = |node| Some(topology.node_name(tr, node)).filter(|name| !name.is_empty());
    transcript_named(name, world, until)
}

/// Every message sent up to `until`, its machines named by `name` (of a
/// node's index): the sandbox's machines have the names the learner gave.
/// A message to an address no machine has is to "nobody at" it.
pub fn transcript_named(
    name: impl Fn(usize) -> Option<String>,
    world: &World,
    until: SimTime,
) -> Vec<Message> {
    let tr = Tr(Lang::En);
    let trace = world.trace();
    capture(world, until)
        .iter()
        .filter_map(|row| {
            let header = trace.header(row.pkt)?;
            let (protocol, encrypted) = inside(row);
            Some(Message {
                t_s: row.t.as_secs_f64(),
                from: name(row.src.index()).unwrap_or_else(|| header.src.to_string()),
                to: name(row.dst.index()).unwrap_or_else(|| format!("nobody at {}", header.dst)),
                from_port: header.src_port,
                to_port: header.dst_port,
                transport: match header.proto {
                    Proto::Tcp => "TCP",
                    Proto::Udp => "UDP",
                },
                protocol,
                summary: wire_line(tr, row),
                encrypted,
                retransmission: row.retransmission,
            })
        })
        .collect()
}

/// What a message is, and whether TLS hides it on the wire.
fn inside(row: &CaptureRow) -> (&'static str, bool) {
    match row.look.kind {
        // A request, an answer or a piece of one, sealed or not.
        PacketKind::Http | PacketKind::Data => ("HTTP", row.look.encrypted),
        // SMTP after STARTTLS, IMAP and POP3 over TLS.
        PacketKind::Text => (row.protocol.name(), row.look.encrypted),
        _ => (row.protocol.name(), false),
    }
}

/// The message's first line as the wire or a capture shows it.
fn wire_line(tr: Tr, row: &CaptureRow) -> String {
    let arg = |name: &str| {
        row.summary
            .args
            .iter()
            .find(|(arg, _)| *arg == name)
            .map(|(_, value)| value.as_str())
            .unwrap_or_default()
    };
    match (row.protocol, row.summary.key) {
        // The flags alone, as a capture's info column starts.
        (Protocol::Tcp, "sum-tcp") => arg("flags").to_string(),
        // The rest of a request or an answer: what a capture calls it.
        (_, "sum-data") => format!("Continuation, {} bytes", arg("bytes")),
        (_, "sum-http") => {
            let line = arg("line");
            if line.starts_with(|c: char| c.is_ascii_digit()) {
                format!("HTTP/1.1 {line}")
            } else {
                format!("{line} HTTP/1.1")
            }
        }
        _ => {
            let args: Vec<(&str, &str)> = row
                .summary
                .args
                .iter()
                .map(|(name, value)| (*name, value.as_str()))
                .collect();
            tr.t_args(row.summary.key, &args)
        }
    }
}
