//! Streaming three ways over the simulator's stack: a live channel in HLS
//! ([`hls`]), a security camera in RTSP and RTP ([`rtsp`], [`rtp`]), and a
//! WebRTC call across two home NATs ([`webrtc`], [`stun`]); [`world`]
//! builds each one's network and reports what it measured. A crate of its
//! own so that it is compiled for size.

pub mod hex;
pub mod hls;
pub mod line;
pub mod rtp;
pub mod rtsp;
pub mod stun;
pub mod udp;
pub mod webrtc;
pub mod world;
