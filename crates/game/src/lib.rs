//! A game service built the way services like Blizzard's Battle.net are
//! (Blizzard's own protocol is not public: the messages here are the lab's
//! own). The game client logs in over HTTPS and gets a signed token
//! ([`accounts`], [`login`]); keeps a WebSocket open to a presence and chat
//! server of a [`presence`] cluster, which pushes friends' comings and
//! goings and their messages; asks [`matchmaking`] for a game; and plays on
//! a [`game_server`] whose snapshots and the player's inputs travel as UDP
//! datagrams at a tick rate. The [`client`] does all of it; the [`world`]
//! puts it on a network. A crate of its own so that it is compiled for size.

pub mod accounts;
pub mod client;
pub mod front;
pub mod game_server;
pub mod json;
pub mod login;
pub mod matchmaking;
pub mod presence;
pub mod tls_server;
pub mod world;
