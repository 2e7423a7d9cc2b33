//! The simulator: pure Rust, deterministic, and free of any web crate so that
//! it runs the same natively (tests, command line) and in the page.

pub mod apps;
pub mod engine;
pub mod metrics;
pub mod net;
pub mod rng;
pub mod scenarios;
pub mod time;
pub mod trace;
