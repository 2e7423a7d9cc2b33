//! The lessons over the simulator ([`cslab_sim`]), still free of any web
//! crate, so the command line, the tests and the page read the same thing.
//!
//! - [`lesson`]: what each lesson runs, its settings and their address names;
//! - [`scene`]: what the stage shows at one instant, computed from the trace;
//! - [`i18n`]: the words, in English, Spanish and Italian;
//! - [`cli`]: `cslab-cli`, every run and every lesson headless.

pub mod cli;
pub mod i18n;
pub mod lesson;
pub mod scene;
