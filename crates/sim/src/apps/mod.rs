//! Applications on nodes: the request/response server and the load
//! generators that drive it (they talk with a tiny message protocol: a packet
//! tag ([`msg`]) and three words `[request id, client send time in ns, client
//! index]` that the server echoes back, so a client needs no per-request
//! table and memory stays bounded however long the run), and the web
//! applications over the protocol stack: the [`browser::Browser`] and the
//! [`web::WebServer`]; and for servers under load, the [`concurrency`]
//! models (worker pool, event loop, single-threaded) with their real-server
//! [`presets`], the [`balancer`] and the [`users`] who load them; and
//! [`programs`]: one machine running several servers, and a client that
//! tries each of their ports; and [`bittorrent`]: peers that share a file
//! through a tracker, packet by packet; and [`bitcoin`]: nodes that relay a
//! new block, packet by packet.

pub mod balancer;
pub mod bitcoin;
pub mod bittorrent;
pub mod browser;
pub mod concurrency;
mod loadgen;
pub mod presets;
pub mod programs;
mod server;
pub mod users;
pub mod web;
pub mod wire;

pub use loadgen::{ClientStats, ClosedLoadGen, OpenLoadGen, RequestSpec};
pub use server::{RequestServer, ServerConfig, ServerStats};

/// Message tags of the request/response protocol.
pub mod msg {
    pub const REQUEST: u32 = 1;
    pub const RESPONSE: u32 = 2;
    /// The accept queue was full: the server refused the request.
    pub const REFUSED: u32 = 3;
}
