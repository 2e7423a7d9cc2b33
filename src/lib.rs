//! Client-Server Lab: a simulated network a learner can watch and play with.
//! Data flows one way: scenario → sim → trace + metrics → ui.

pub mod cli;
pub mod i18n;
pub mod scenario;
pub mod scene;
pub mod sim;
pub mod ui;
