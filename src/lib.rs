//! Client-Server Lab: a simulated network a learner can watch and play with.
//! Data flows one way, and the crates say so: the simulator (`cslab-sim`) →
//! the lessons and their scene (`cslab-lessons`) → this crate, the page.

pub mod ui;
