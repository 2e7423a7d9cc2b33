//! Ready-made runs with plain parameters and serialisable reports: what the
//! UI and the command line call.

pub mod addresses;
pub mod distribute;
pub mod distribute_packets;
pub mod gossip;
pub mod load;
pub mod pageload;
pub mod pageload_gap;
pub mod popular;
pub mod queue;
pub mod servers;
pub mod stepping;
pub mod web_world;
