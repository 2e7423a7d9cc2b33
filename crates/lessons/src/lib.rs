//! The lessons over the simulator ([`cslab_sim`]) and the scene
//! ([`cslab_scene`]), still free of any web crate, so the command line, the
//! tests and the page read the same thing.
//!
//! - [`lesson`]: each lesson, its settings and their address names, its run,
//!   and the playback that tells it;
//! - [`sandbox`]: a network built in the sandbox, played as a lesson;
//! - [`sandbox_charts`]: its run's charts, read from its trace as it runs;
//! - [`open_in_sandbox`]: a lesson's network as a sandbox document;
//! - [`sweep_job`]: the page's sweeps, a point at a time, for its workers;
//! - [`cli`]: `cslab-cli`, every run and every lesson headless.

pub mod cli;
pub mod lesson;
pub mod open_in_sandbox;
pub mod sandbox;
pub mod sandbox_charts;
pub mod sweep_job;
