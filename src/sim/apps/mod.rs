//! Applications on nodes: the request/response server and the load
//! generators that drive it (they talk with a tiny message protocol: a packet
//! tag ([`msg`]) and three words `[request id, client send time in ns, client
//! index]` that the server echoes back, so a client needs no per-request
//! table and memory stays bounded however long the run), and the web
//! applications over the protocol stack: the [`browser::Browser`] and the
//! [`web::WebServer`].

pub mod browser;
mod loadgen;
mod server;
pub mod web;

pub use loadgen::{ClientStats, ClosedLoadGen, OpenLoadGen, RequestSpec};
pub use server::{RequestServer, ServerConfig, ServerStats};

/// Message tags of the request/response protocol.
pub mod msg {
    pub const REQUEST: u32 = 1;
    pub const RESPONSE: u32 = 2;
    /// The accept queue was full: the server refused the request.
    pub const REFUSED: u32 = 3;
}
