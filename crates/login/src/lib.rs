//! Logging in over the simulator's TCP, TLS and DNS: how a Django site
//! stores passwords ([`pbkdf2`]) and answers who may see what ([`django`]),
//! Alice's browser or app that logs in ([`client`]), with messages whose
//! headers are kept as text ([`message`]), and the lesson's world
//! ([`world`]). A crate of its own so that it is compiled for size: the
//! simulator's engine, compiled for speed, does not need it.

pub mod client;
pub mod django;
pub mod message;
pub mod pbkdf2;
pub mod world;
