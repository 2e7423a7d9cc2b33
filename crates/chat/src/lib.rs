//! A chat kept live three ways over the simulator's TCP (and TLS): a
//! WebSocket (the HTTP upgrade of [`handshake`], with SHA-1 for its Accept
//! value from [`sha1`], then [`frame`]s both ways), polling and long
//! polling ([`mode`]). Bob's messages ([`script`]) reach the [`server`],
//! which tells Alice's [`browser`] as its mode allows; the lesson's
//! [`world`] runs it and reports messages, bytes and delays. A crate of its
//! own so that it is compiled for size.

pub mod browser;
pub mod frame;
pub mod handshake;
pub mod mode;
pub mod script;
pub mod server;
pub mod sha1;
pub mod world;
