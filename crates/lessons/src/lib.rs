//! The lessons over the simulator ([`cslab_sim`]) and the scene
//! ([`cslab_scene`]), still free of any web crate, so the command line, the
//! tests and the page read the same thing.
//!
//! - [`lesson`]: each lesson, its settings and their address names, its run,
//!   and the playback that tells it;
//! - [`sandbox`]: a network built in the sandbox, played as a lesson;
//! - [`cli`]: `cslab-cli`, every run and every lesson headless.

pub mod cli;
pub mod lesson;
pub mod sandbox;
