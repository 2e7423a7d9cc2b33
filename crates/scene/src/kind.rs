//! What kind of packet the stage is drawing, for its colour and the legend.

use cslab_sim::proto::tls::TlsContent;
use cslab_sim::proto::{AppMsg, Header};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum PacketKind {
    /// A DNS question or answer.
    Dns,
    /// A TCP segment with no data: SYN, SYN-ACK, a bare ACK, FIN, RST.
    TcpControl,
    /// A TLS handshake record.
    Tls,
    /// The start of an HTTP request or response: request or status line and
    /// headers.
    Http,
    /// The rest of a message: the body, segment after segment.
    Data,
    /// A line of a protocol shown by its words (SMTP, SSH, PostgreSQL).
    Text,
    /// A packet with no protocol message (the queue lessons' requests).
    #[default]
    Plain,
}

impl PacketKind {
    /// In legend order.
    pub const ALL: [PacketKind; 6] = [
        PacketKind::Dns,
        PacketKind::TcpControl,
        PacketKind::Tls,
        PacketKind::Http,
        PacketKind::Data,
        PacketKind::Text,
    ];

    /// What a web page's load sends: every kind but the text protocols.
    pub const WEB: [PacketKind; 5] = [
        PacketKind::Dns,
        PacketKind::TcpControl,
        PacketKind::Tls,
        PacketKind::Http,
        PacketKind::Data,
    ];

    /// The message id of its legend entry.
    pub fn label_key(self) -> &'static str {
        match self {
            PacketKind::Dns => "kind-dns",
            PacketKind::TcpControl => "kind-tcp",
            PacketKind::Tls => "kind-tls",
            PacketKind::Http => "kind-http",
            PacketKind::Data => "kind-data",
            PacketKind::Text => "kind-text",
            PacketKind::Plain => "kind-plain",
        }
    }
}

/// How a packet looks: its kind, and whether an observer sees its content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Look {
    pub kind: PacketKind,
    pub encrypted: bool,
}

/// The look of the packet with this header (none: a plain packet).
pub fn look(header: Option<&Header>) -> Look {
    let Some(header) = header else {
        return Look::default();
    };
    let msg = &header.msg;
    let encrypted = msg.encrypted();
    let kind = match (msg.app, msg.tls, msg.tcp) {
        (AppMsg::Dns(_), _, _) => PacketKind::Dns,
        (_, _, Some(segment)) if segment.len == 0 => PacketKind::TcpControl,
        (_, Some(record), _) if record.content != TlsContent::ApplicationData => PacketKind::Tls,
        (app, _, Some(segment)) if app.http().is_some() && segment.rec_off == 0 => PacketKind::Http,
        (app, _, _) if app.http().is_some() => PacketKind::Data,
        (AppMsg::Text(_), _, _) => PacketKind::Text,
        _ => PacketKind::Plain,
    };
    Look { kind, encrypted }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_sim::runs::pageload::{PageLoadParams, PageLoadSim};
    use std::collections::BTreeSet;

    #[test]
    fn an_https_page_load_shows_every_kind_and_hides_only_application_data() {
        let params = PageLoadParams {
            objects: 2,
            tls: true,
            ..PageLoadParams::default()
        };
        let mut sim = PageLoadSim::new(&params).unwrap();
        sim.run();
        let headers: Vec<_> = sim.world().trace().headers().collect();
        let looks: Vec<Look> = headers.iter().map(|header| look(Some(header))).collect();
        let kinds: BTreeSet<PacketKind> = looks.iter().map(|look| look.kind).collect();
        assert_eq!(kinds, PacketKind::WEB.into_iter().collect());
        // TLS 1.3 shows only its hellos in the clear.
        for (header, look) in headers.iter().zip(&looks) {
            let expected = match header.msg.tls.map(|record| record.content) {
                None | Some(TlsContent::ClientHello) | Some(TlsContent::ServerHello) => false,
                Some(TlsContent::ApplicationData) => true,
                Some(_) => continue,
            };
            assert_eq!(look.encrypted, expected, "{header:?}");
        }
        assert_eq!(
            look(None),
            Look {
                kind: PacketKind::Plain,
                encrypted: false
            }
        );
    }
}
