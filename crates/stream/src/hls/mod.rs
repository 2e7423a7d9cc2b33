//! HTTP Live Streaming (RFC 8216): a live channel cut into segments of
//! [`playlist::TARGET_DURATION`] seconds in three renditions, the origin
//! that serves its playlists and segments over HTTP, and hls.js's player
//! with its buffer and adaptive bitrate ([`abr`]).

pub mod abr;
pub mod origin;
pub mod player;
pub mod playlist;
