//! DNS over UDP: message format, zones, the servers of the hierarchy, the
//! local (recursive) resolver and the stub resolver of a client.
//!
//! ```text
//! stub (client) ──RD──▶ local resolver ──▶ root ──▶ TLD ──▶ authoritative
//! ```
//!
//! - [`DnsServer`]: authoritative for one zone (the root `""`, a TLD `com`,
//!   `example.com`); answers with records, a referral (NS + glue A) to a
//!   delegated zone, or NXDOMAIN. With `recursive`, it resolves an RD query
//!   that falls in a delegation itself, by asking the delegated server (the
//!   "recursive queries" chain of the textbook).
//! - [`Resolver`]: the local DNS server. Iterative: it walks root → TLD →
//!   authoritative itself, starting from the closest delegation it has
//!   cached. Recursive: it asks the root with RD set and lets the chain
//!   work. It caches answers, referrals and NXDOMAIN for their TTL (and
//!   hands cached records out with the TTL they have left), follows
//!   CNAMEs, and retries a query that times out (timeout = a multiple of the
//!   round trip, set by the scenario), answering SERVFAIL in the end.
//! - [`StubResolver`]: the client's side, with its own TTL cache: a lookup
//!   within the TTL crosses no network.
//!
//! Every message is a [`DnsMsg`] (question, answer, authority and
//! additional records inline) riding on a UDP packet whose size is the real
//! DNS wire size (12-byte header, compressed names).
//!
//! - DNS over HTTPS ([`DohLink`], [`DohEndpoint`]): the stub's questions
//!   sealed in HTTPS to the resolver's port 443 instead of UDP port 53.
//!
//! The files: `message` ([`DnsMsg`] and its records, with the wire size),
//! `zone` (zone records as written, [`ZoneRecord`]), `server`
//! ([`DnsServer`]), `cache` ([`DnsCache`], shared by both resolvers),
//! `resolver` ([`Resolver`]), `stub` ([`StubResolver`]) and `doh` (DNS over
//! HTTPS); the ports,
//! [`RetryPolicy`] and sending and reading a message over UDP stay here.

mod cache;
mod doh;
mod message;
mod resolver;
mod server;
mod stub;
mod zone;

pub use cache::{CacheEntry, DnsCache};
pub use doh::{DNS_MESSAGE, DOH_PATH, DOH_PORT, DohEndpoint, DohLink, DohMsg};
pub use message::{DnsMsg, MAX_RRS, RData, RType, Rcode, Rr};
pub use resolver::{NEGATIVE_TTL, Resolver, ResolverMode};
pub use server::DnsServer;
pub use stub::{DnsResult, STUB_TIMER, StubResolver};
pub use zone::{ZoneData, ZoneRecord, in_zone};

use super::{AppMsg, Message};
use crate::net::{Addr, Ctx, Outgoing};
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

pub const DNS_PORT: u16 = 53;
/// Source port of a resolver's (or recursing server's) own queries.
pub const UPSTREAM_PORT: u16 = 5353;
/// Source port of a client's stub resolver.
pub const STUB_PORT: u16 = 5300;

/// The message's size in DNS wire format.
fn dns_bytes(ctx: &Ctx, m: &DnsMsg) -> u32 {
    let names = ctx.names();
    m.wire_bytes(&|n| names.text(n).len())
}

fn send_dns(ctx: &mut Ctx, dst: Addr, src_port: u16, dst_port: u16, m: DnsMsg) {
    let bytes = dns_bytes(ctx, &m);
    ctx.send_msg(
        Outgoing::udp(dst, src_port, dst_port, bytes),
        Message::udp(AppMsg::Dns(m)),
    );
}

fn dns_of(ctx: &Ctx) -> Option<DnsMsg> {
    match ctx.message()?.app {
        AppMsg::Dns(d) => Some(d),
        _ => None,
    }
}

/// How long a resolver waits for an answer, and how often it asks again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryPolicy {
    pub timeout: SimTime,
    /// Attempts after the first.
    pub retries: u32,
}
