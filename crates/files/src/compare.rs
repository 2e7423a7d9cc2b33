//! The three ways side by side, each figure read from its run's trace:
//! the connections opened, the round trips, the bytes on the wire, and what
//! someone on the path could read.

use crate::file::PASSWORD;
use crate::ftp::{FtpMode, Outcome};
use crate::world::{FilesParams, FilesSim, How};
use cslab_sim::proto::http::HttpKind;
use cslab_sim::proto::tcp::flags;
use cslab_sim::proto::text::TextProtocol;
use cslab_sim::proto::{AppMsg, Header};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceEvent;
use serde::Serialize;

/// The longest any way may take (an active-mode FTP that fails waits 60 s).
pub const LIMIT: SimTime = SimTime::from_secs(120);

/// What an observer on the path can read of a transfer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Readable {
    /// The password, in a line in clear.
    pub password: bool,
    /// The file's bytes.
    pub file: bool,
    /// Commands and replies (which file, which account).
    pub commands: bool,
}

/// One way's figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WayReport {
    pub how: How,
    pub outcome: Outcome,
    /// Bytes of the file Alice has.
    pub received: u64,
    /// TCP connections opened (a SYN answered).
    pub connections: u32,
    /// Times the client waited for the server: each time the talk turns
    /// from the client's side to the server's.
    pub round_trips: u32,
    /// Every packet's bytes on the wire (Ethernet frames), both ways.
    pub wire_bytes: u64,
    pub readable: Readable,
    /// From the first SYN to the whole file, in ms (0 if it never came).
    pub took_ms: u64,
}

/// The figures of a run that is over.
pub fn report(sim: &FilesSim) -> WayReport {
    let world = sim.world();
    let alice = sim.nodes().alice;
    let names = world.names();
    let (mut connections, mut round_trips, mut readable) = (0, 0, Readable::default());
    let mut client_spoke = false;
    for header in world.trace().headers() {
        let Some(segment) = header.msg.tcp else {
            continue;
        };
        if segment.retransmission {
            continue;
        }
        let syn = segment.flags & flags::SYN != 0;
        if syn && segment.flags & flags::ACK != 0 {
            connections += 1;
        }
        let starts_message = segment.len > 0 && segment.rec_off == 0;
        if !(syn || starts_message) {
            continue;
        }
        let from_client = header.src_node == alice;
        if from_client {
            client_spoke = true;
        } else if client_spoke {
            client_spoke = false;
            round_trips += 1;
        }
        if starts_message && !header.msg.encrypted() {
            read(header, names, &mut readable);
        }
    }
    let wire_bytes = (world.trace().records())
        .filter_map(|record| match record.ev {
            TraceEvent::PacketSent { bytes, .. } => Some(u64::from(bytes)),
            _ => None,
        })
        .sum();
    let done_at = (world.trace().records()).find_map(|record| match record.ev {
        TraceEvent::App { code, .. } if code == cslab_sim::proto::text::files_trace::COMPLETE => {
            Some(record.t)
        }
        _ => None,
    });
    let (received, outcome) = sim.received();
    WayReport {
        how: sim.params().how,
        outcome,
        received,
        connections,
        round_trips,
        wire_bytes,
        readable,
        took_ms: done_at.map_or(0, |t| t.as_nanos() / 1_000_000),
    }
}

/// What a message in clear gives away.
fn read(header: &Header, names: &cslab_sim::names::Names, readable: &mut Readable) {
    match header.msg.app {
        AppMsg::Text(text) => match text.protocol {
            TextProtocol::FtpData => readable.file = true,
            _ => {
                let line = names.text(text.line);
                readable.password |= line.contains(PASSWORD);
                // Past the identification strings, SSH is binary.
                readable.commands |= text.protocol == TextProtocol::Ftp;
            }
        },
        AppMsg::Http(http) => {
            readable.commands = true;
            let response = matches!(http.kind, HttpKind::Response { .. });
            readable.file |= response && http.body_bytes > 0;
        }
        _ => {}
    }
}

/// One way with these settings, run to its end.
pub fn run_way(params: &FilesParams) -> WayReport {
    let mut sim = FilesSim::new(params);
    sim.run_to_end(LIMIT);
    report(&sim)
}

/// The three ways with these settings, each run to its end.
pub fn compare(ftp_mode: FtpMode, nat: bool, line_breaks: bool) -> Vec<WayReport> {
    How::ALL
        .into_iter()
        .map(|how| {
            run_way(&FilesParams {
                how,
                ftp_mode,
                nat,
                line_breaks,
                seed: 1,
            })
        })
        .collect()
}
