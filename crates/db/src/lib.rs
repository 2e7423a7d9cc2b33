//! The database behind a site: the course's Flask app ([`app`]) serves a
//! page, a static image and JSON, asking its database ([`server`]) over
//! the database's own protocol ([`postgres`], [`mysql`], [`mongo`]; what
//! they share is in [`wire`]) through a connection pool or a connection
//! per request; browsers ([`users`]) ask it, one or a crowd at once. The
//! data ([`school`]) is the same courses and students as a JOIN of three
//! tables or as documents ([`bson`]). The lesson's [`world`] runs it and
//! reports waits and refusals. A crate of its own so that it is compiled
//! for size.

pub mod app;
pub mod bson;
pub mod mongo;
pub mod mysql;
pub mod postgres;
pub mod school;
pub mod server;
pub mod users;
pub mod wire;
pub mod world;
