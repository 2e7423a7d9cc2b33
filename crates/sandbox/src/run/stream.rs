//! Streams, as the streaming lesson plays them (`cslab_stream`): a stream
//! server is the lesson's HLS origin (nginx on port 80: a master playlist,
//! three renditions, 6 s segments) and its RTSP camera (port 554, RTP over
//! UDP, 30 frames a second for 10 s); a browser watching a stream
//! (`watch-stream`) plays it `how` its task says: hls.js fetching
//! playlists and segments for a minute, switching rendition with the
//! line, or VLC asking the camera over RTSP for 10 s.
//!
//! As in the lesson, the player is given the address of the stream server
//! whose `host` is the task's (no DNS lookup), and names that host in
//! HLS's `Host`.

use cslab_sim::net::{Addr, AppId, Proto, World};
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::{TcpConfig, TcpStack};
use cslab_sim::runs::web_world::add_tcp_server;
use cslab_sim::time::SimTime;
use cslab_stream::hls::origin::Origin;
use cslab_stream::hls::player::Player;
use cslab_stream::rtsp::{self, Camera, Viewer};
use cslab_stream::world::{HLS_S, RTSP_S};

use super::world::Built;
use crate::kinds::Kind;
use crate::schema::{Machine, Network};

/// The camera's frame rate: the lesson's default.
const FPS: u32 = 30;

/// Adds every stream server: the camera takes every TCP port but the
/// origin's 80, each its own stack, as two programs on one machine.
pub fn add_servers(built: &mut Built, net: &Network) {
    let tcp = TcpConfig::default();
    for m in net.machines.iter().filter(|m| m.kind == Kind::StreamServer) {
        let node = built.node(m.id);
        let world = &mut built.world;
        let camera = Camera::new(m.address, FPS, RTSP_S);
        add_tcp_server(world, node, camera, tcp);
        let host = m.settings.get("host").cloned().unwrap_or_default();
        let origin = Host::new(TcpStack::new(tcp), Origin { host });
        let origin = world.add_app(node, Box::new(origin));
        world.bind(node, Proto::Tcp, 80, origin);
    }
}

/// A player on `m` watching `host` at `server`, `how` (`hls` or `rtsp`).
pub fn add_player(built: &mut Built, m: &Machine, server: Addr, host: &str, how: &str) -> AppId {
    let node = built.node(m.id);
    let (world, tcp) = (&mut built.world, TcpConfig::default());
    if how == "rtsp" {
        let viewer = Viewer::new(server, SimTime::from_secs(RTSP_S));
        let app = add_tcp_server(world, node, viewer, tcp);
        world.bind(node, Proto::Udp, rtsp::CLIENT_PORT, app);
        return app;
    }
    let player = Player::new(host, server, SimTime::from_secs(HLS_S));
    add_tcp_server(world, node, player, tcp)
}

/// `complete` (the picture played) or `unfinished`, and the times it
/// stopped: HLS's stalls (the buffer ran dry), RTSP's glitches (a gap in
/// the RTP packets).
pub fn outcome(world: &World, app: AppId) -> (&'static str, u32) {
    let played = |yes| if yes { "complete" } else { "unfinished" };
    if let Some(hls) = world.app::<Host<Player>>(app) {
        return (played(hls.app.started_at.is_some()), hls.app.stalls);
    }
    let rtsp = &world.app::<Host<Viewer>>(app).expect("a player").app;
    (played(rtsp.first_at.is_some()), rtsp.glitches)
}
