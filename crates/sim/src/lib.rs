//! The simulator: pure Rust, deterministic, and free of any web crate so that
//! it runs the same natively (tests, command line) and in the page.
//!
//! - [`time`]: `SimTime`, integer nanoseconds.
//! - [`engine`]: the event queue, keyed (time, insertion sequence).
//! - [`rng`]: the world's one seeded PRNG and duration distributions.
//! - [`net`]: nodes, links, packets, routing, and the [`net::World`] that runs
//!   them; protocols and applications plug in as [`net::App`] trait objects.
//! - [`names`]: interned strings (DNS names, HTTP paths) for `Copy` messages.
//! - [`proto`]: TCP, TLS 1.3, DNS and HTTP/1.1 state machines; their
//!   [`proto::Message`] rides with each packet and the trace keeps a
//!   [`proto::Header`] per packet for the inspector ([`trace::Trace::header`]).
//! - [`apps`]: request/response server, open and closed load generators,
//!   the browser and the web server.
//! - [`trace`]: what happened, with a stable hash and a bounded mode.
//! - [`metrics`]: latency histograms and time-weighted levels.
//! - [`runs`]: ready-made runs for the UI and the command line, e.g.
//!   [`runs::queue::run_queue`] and the steppable
//!   [`runs::queue::QueueSim`]; the page load
//!   [`runs::pageload::run_pageload`] and the steppable
//!   [`runs::pageload::PageLoadSim`]; servers under load
//!   [`runs::load::LoadSim`] (presets, balancers, time series, sweep);
//!   file distribution, client-server against peer-to-peer,
//!   [`runs::distribute::DistributeSim`], and client-server over TCP
//!   packets, [`runs::distribute_packets::DistributePacketsSim`]; a
//!   popular object served by
//!   one server or by caching peers, [`runs::popular::PopularSim`]; a
//!   block spreading by gossip, [`runs::gossip::GossipSim`].
//! - [`swarm`]: the distribution's model at the level of pieces and flows
//!   (shared upload and download capacities, tracker, rarest-first,
//!   choking) and the Kurose–Ross bounds ([`swarm::bounds`]).
//!
//! A run is a pure function of its parameters and seed: the same inputs give
//! the same trace hash natively and in wasm (no platform `ln`/`exp`, no
//! `HashMap` iteration, integer time, ties broken by insertion order).

pub mod apps;
pub mod engine;
pub mod metrics;
pub mod names;
pub mod net;
pub mod proto;
pub mod rng;
pub mod runs;
pub mod sha256;
pub mod sorted;
pub mod swarm;
pub mod time;
pub mod trace;
