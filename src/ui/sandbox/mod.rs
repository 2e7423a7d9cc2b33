//! The sandbox's page (`?lesson=sandbox`).

pub mod file_bar;
pub mod share_address;
