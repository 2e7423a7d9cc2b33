//! One API, three styles: a school's courses and their students
//! ([`catalogue`]) served by one machine as REST resources ([`rest`]), a
//! GraphQL endpoint ([`graphql`]) and a SOAP service ([`soap`])
//! ([`server`]), asked for by an app ([`client`]) in the style the lesson
//! sets, in the lesson's world ([`world`]), which also measures the three
//! styles side by side. A crate of its own so that it is compiled for
//! size: the simulator's engine, compiled for speed, does not need it.

pub mod catalogue;
pub mod client;
pub mod graphql;
pub mod rest;
pub mod server;
pub mod soap;
pub mod world;
