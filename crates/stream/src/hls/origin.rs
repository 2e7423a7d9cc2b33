//! The channel's origin: an HTTP server (nginx serving what a packager
//! writes) that answers the multivariant playlist, the live media playlist
//! of each rendition as it stands now, and segments.

use super::playlist::{self, LIVE_BEFORE_S, MULTIVARIANT_PATH};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::{HttpKind, Status};
use cslab_sim::proto::http_message::{self as message, response};
use cslab_sim::proto::tcp::TcpEvent;

/// RFC 8216 §4: playlists' media type; segments are MPEG-2 transport
/// streams.
pub const PLAYLIST_TYPE: &str = "application/vnd.apple.mpegurl";
pub const SEGMENT_TYPE: &str = "video/mp2t";

pub struct Origin {
    pub host: String,
}

impl NetApp for Origin {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(80, 128);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        let Some((conn, msg)) = net.whole_message(ev) else {
            return;
        };
        let AppMsg::Http(request) = msg.app else {
            return;
        };
        if !matches!(request.kind, HttpKind::Request { .. }) {
            return;
        }
        let path = net.ctx.name(request.path).to_owned();
        let channel_ms = net.ctx.now().as_nanos() / 1_000_000 + LIVE_BEFORE_S * 1000;
        let mut out = response(Status::Ok, &self.host, &path);
        if path == MULTIVARIANT_PATH {
            out.content_type = Some(PLAYLIST_TYPE);
            out.body = playlist::multivariant();
        } else if playlist::parse_media(&path).is_some() {
            out.content_type = Some(PLAYLIST_TYPE);
            out.body = playlist::media(channel_ms);
        } else if let Some((rendition, n)) = playlist::parse_segment(&path)
            && n <= playlist::last_published(channel_ms)
        {
            out.content_type = Some(SEGMENT_TYPE);
            out.binary = playlist::RENDITIONS[rendition].segment_bytes();
        } else {
            out = response(Status::NotFound, &self.host, &path);
        }
        message::send(net, conn, out, false);
    }
}
