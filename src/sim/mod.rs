//! The simulator: pure Rust, deterministic, and free of any web crate so that
//! it runs the same natively (tests, command line) and in the page.

pub mod time;
