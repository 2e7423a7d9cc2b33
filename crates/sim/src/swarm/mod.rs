//! File distribution, client-server and peer-to-peer, at the level of
//! pieces and flows rather than packets.
//!
//! Why flows: a 10 000-peer swarm moving a 50 MB file in 256 KiB pieces is
//! about two million piece transfers; as packets it would be some 340
//! million segments, each with its queueing and acknowledgement events, far
//! too many for a browser tab. What decides a distribution's time is who
//! sends which piece to whom and how the upload and download capacities are
//! shared, not the packets themselves. So each piece transfer is one flow
//! whose rate follows the capacities of its two ends ([`flows`]), and the
//! events are the things that change those rates: a flow starting or
//! ending, a peer arriving or leaving, a choking round, the server failing.
//!
//! Assumptions (what the model leaves out, on purpose):
//! - The bottlenecks are the access links: the core network has spare
//!   capacity, and propagation delay, TCP's slow start and the protocol's
//!   messages (handshake, have, request) cost no time: a flow runs at its
//!   fair share from its first bit. Over a long download the handshakes and
//!   ramp-ups are a small fraction; the lesson's packet view shows them.
//! - A piece counts only once it has arrived whole; a piece cut off by a
//!   departure is lost and fetched again.
//! - Rarest-first counts holders over the whole swarm ([`pieces`]); there is
//!   no end-game mode (a last piece coming slowly from one peer is not asked
//!   of others too), one of the reasons the swarm stays above its bound.
//!
//! The parts: [`flows`] shares the capacities; [`pieces`] knows who holds
//! what and picks pieces; [`tracker`] hands out random neighbours; [`choke`]
//! chooses whom a peer serves; [`protocol`] plays the distribution on the
//! event queue; [`ideal`] plays the schedule of Kumar and Ross's proof
//! instead, which reaches the bound; [`bounds`] gives the Kurose–Ross lower bounds it is
//! measured against. The steppable run with its parameters, time series and
//! report is [`crate::runs::distribute`].

pub mod bounds;
pub mod choke;
pub mod flows;
pub mod ideal;
mod neighbours;
pub mod pieces;
pub mod protocol;
pub(crate) mod slab;
pub mod tracker;

pub use protocol::{Mode, PeerState, SERVER, Swarm, Tally, Transfer};
