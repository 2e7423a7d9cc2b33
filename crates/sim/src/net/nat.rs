//! Network address and port translation (NAPT, RFC 3022 §2.2) as a home
//! router does it: the machines of the home network share the router's one
//! public address; the router rewrites the source address and port of what
//! they send out, and the destination of the answers back.
//!
//! Behaviour, as RFC 4787 (UDP) and RFC 5382 (TCP) require or recommend:
//! - Endpoint-independent mapping (RFC 4787 REQ-1, RFC 5382 REQ-1): one
//!   inside address and port keep one public port whatever they talk to.
//! - Port preservation when the port is free, as Linux's NAT (most home
//!   routers) does, else the next free port in the same range, 1024–65535
//!   or 0–1023 (RFC 4787 REQ-3); never two inside endpoints on one public
//!   port ("port overloading" is forbidden by REQ-3).
//! - Address-dependent filtering (RFC 4787 REQ-8, RFC 5382 REQ-3, the
//!   stricter of the two they recommend): an answer gets in only from an
//!   address the inside endpoint has sent to.
//! - Or, in [`Mapping::Symmetric`] (a "symmetric NAT", RFC 3489 §5 as RFC
//!   4787 §4.1 and §5 name its parts): address-and-port-dependent mapping
//!   (a new public port for each remote address and port) and
//!   address-and-port-dependent filtering (only that remote address and
//!   port may answer). RFC 4787 REQ-1 forbids it, yet carrier-grade NATs
//!   and some firewalls do it; it defeats the address a STUN server
//!   reports, which was mapped for the STUN server alone (RFC 8445 §2.1).
//! - Mappings expire after 5 minutes without an outgoing packet for UDP
//!   (RFC 4787 REQ-5 and REQ-6: refreshed by outbound traffic) and 2 h 4 min
//!   for TCP (RFC 5382 REQ-5).
//!
//! Lookups are `BTreeMap` searches, which do not allocate; only a new
//! mapping or a new remote address inserts.

use super::{Addr, Prefix, Proto};
use crate::time::SimTime;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How a router maps and filters (RFC 4787 §4.1 and §5).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Mapping {
    /// Endpoint-independent mapping, address-dependent filtering: the
    /// lab's home router.
    #[default]
    Home,
    /// Address-and-port-dependent mapping and filtering.
    Symmetric,
}

/// One mapping: an inside endpoint and the public port that stands for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct NatMapping {
    pub proto: Proto,
    pub inside: Addr,
    pub inside_port: u16,
    pub public_port: u16,
    /// The remote endpoint a symmetric NAT made it for (`None`: any).
    pub remote: Option<(Addr, u16)>,
    /// The last outgoing packet that used it (what keeps it alive).
    pub refreshed: SimTime,
}

impl NatMapping {
    /// RFC 4787 REQ-5 (UDP: at least 2 min, 5 min recommended); RFC 5382
    /// REQ-5 (TCP: at least 2 h 4 min).
    pub fn lifetime(&self) -> SimTime {
        match self.proto {
            Proto::Udp => SimTime::from_secs(5 * 60),
            Proto::Tcp => SimTime::from_secs(2 * 3600 + 4 * 60),
        }
    }

    pub fn alive_at(&self, now: SimTime) -> bool {
        now <= self.refreshed + self.lifetime()
    }
}

/// The translator of one router.
#[derive(Clone, Debug)]
pub struct Nat {
    pub public: Addr,
    /// The home network: sources inside it are translated on the way out.
    pub inside: Prefix,
    pub mapping: Mapping,
    mappings: Vec<NatMapping>,
    /// (proto, inside address and port, remote address and port: 0.0.0.0:0
    /// when the mapping is endpoint-independent).
    by_inside: BTreeMap<(Proto, Addr, u16, Addr, u16), u32>,
    by_public: BTreeMap<(Proto, u16), u32>,
    /// (mapping, remote address, remote port: 0 when filtering is
    /// address-dependent) an answer may come from.
    permitted: BTreeSet<(u32, Addr, u16)>,
}

impl Nat {
    pub fn new(public: Addr, inside: Prefix) -> Nat {
        assert!(
            !inside.contains(public),
            "the public address is outside the home network"
        );
        Nat {
            public,
            inside,
            mapping: Mapping::Home,
            mappings: Vec::new(),
            by_inside: BTreeMap::new(),
            by_public: BTreeMap::new(),
            permitted: BTreeSet::new(),
        }
    }

    /// Whether a packet from `src` to `dst` leaves the home network here.
    #[inline]
    pub fn is_outbound(&self, src: Addr, dst: Addr) -> bool {
        self.inside.contains(src) && !self.inside.contains(dst)
    }

    /// The remote endpoint as this NAT's mapping and filtering key it: the
    /// whole endpoint if symmetric, else nothing (mapping) or the address
    /// (filtering).
    fn remote_key(&self, remote: Addr, port: u16) -> ((Addr, u16), (Addr, u16)) {
        match self.mapping {
            Mapping::Home => ((Addr(0), 0), (remote, 0)),
            Mapping::Symmetric => ((remote, port), (remote, port)),
        }
    }

    /// The public port for an outgoing packet from `src:src_port` to
    /// `dst:dst_port`, creating or refreshing its mapping.
    pub fn outbound(
        &mut self,
        proto: Proto,
        (src, src_port): (Addr, u16),
        (dst, dst_port): (Addr, u16),
        now: SimTime,
    ) -> u16 {
        let (mapped, filtered) = self.remote_key(dst, dst_port);
        let index = match self
            .by_inside
            .get(&(proto, src, src_port, mapped.0, mapped.1))
        {
            Some(&i) if self.mappings[i as usize].alive_at(now) => i,
            _ => self.create(proto, (src, src_port), mapped, now),
        };
        let mapping = &mut self.mappings[index as usize];
        mapping.refreshed = now;
        let public_port = mapping.public_port;
        let permit = (index, filtered.0, filtered.1);
        if !self.permitted.contains(&permit) {
            self.permitted.insert(permit);
        }
        public_port
    }

    /// The inside endpoint an answer from `src:src_port` to the public
    /// `port` is for, if a live mapping exists and has sent to `src` (and
    /// `src_port`, if symmetric).
    pub fn inbound(
        &self,
        proto: Proto,
        port: u16,
        (src, src_port): (Addr, u16),
        now: SimTime,
    ) -> Option<(Addr, u16)> {
        let &index = self.by_public.get(&(proto, port))?;
        let mapping = &self.mappings[index as usize];
        let (_, filtered) = self.remote_key(src, src_port);
        (mapping.alive_at(now) && self.permitted.contains(&(index, filtered.0, filtered.1)))
            .then_some((mapping.inside, mapping.inside_port))
    }

    /// The live mappings at `now`, in the order they were made.
    pub fn table(&self, now: SimTime) -> impl Iterator<Item = &NatMapping> + '_ {
        self.mappings.iter().filter(move |m| m.alive_at(now))
    }

    fn create(
        &mut self,
        proto: Proto,
        (src, src_port): (Addr, u16),
        remote: (Addr, u16),
        now: SimTime,
    ) -> u32 {
        let public_port = self.free_port(proto, src_port, now);
        let mapping = NatMapping {
            proto,
            inside: src,
            inside_port: src_port,
            public_port,
            remote: (remote.1 != 0).then_some(remote),
            refreshed: now,
        };
        // A port whose mapping expired is taken over in place.
        let index = match self.by_public.get(&(proto, public_port)) {
            Some(&old) => {
                let gone = self.mappings[old as usize];
                let (remote, remote_port) = gone.remote.unwrap_or((Addr(0), 0));
                self.by_inside
                    .remove(&(proto, gone.inside, gone.inside_port, remote, remote_port));
                self.permitted.retain(|&(i, _, _)| i != old);
                self.mappings[old as usize] = mapping;
                old
            }
            None => {
                self.mappings.push(mapping);
                (self.mappings.len() - 1) as u32
            }
        };
        self.by_inside
            .insert((proto, src, src_port, remote.0, remote.1), index);
        self.by_public.insert((proto, public_port), index);
        index
    }

    /// The inside port itself if no live mapping holds it, else the next
    /// free one above it in its range (wrapping within the range).
    fn free_port(&self, proto: Proto, wanted: u16, now: SimTime) -> u16 {
        let (low, high) = if wanted < 1024 {
            (1u16, 1023u16)
        } else {
            (1024, u16::MAX)
        };
        let free = |port: u16| {
            self.by_public
                .get(&(proto, port))
                .is_none_or(|&i| !self.mappings[i as usize].alive_at(now))
        };
        let (low, span) = (low as u32, (high - low) as u32 + 1);
        let start = wanted.clamp(1, high) as u32 - low;
        (0..span)
            .map(|k| (low + (start + k) % span) as u16) // wraps within the range
            .find(|&port| free(port))
            .expect("every public port of the range is in use")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: Prefix = Prefix::new(Addr::new(192, 168, 1, 0), 24);
    const PUBLIC: Addr = Addr::new(198, 51, 100, 2);
    const LAPTOP: Addr = Addr::new(192, 168, 1, 10);
    const PHONE: Addr = Addr::new(192, 168, 1, 11);
    const WEB: Addr = Addr::new(203, 0, 113, 80);
    const DNS: Addr = Addr::new(198, 51, 100, 53);

    #[test]
    fn one_inside_endpoint_keeps_one_public_port_whatever_it_talks_to() {
        let mut nat = Nat::new(PUBLIC, HOME);
        let t = SimTime::ZERO;
        // Port preserved; the same endpoint to another destination reuses
        // the mapping (endpoint-independent mapping).
        assert_eq!(
            nat.outbound(Proto::Tcp, (LAPTOP, 49152), (WEB, 53), t),
            49152
        );
        assert_eq!(
            nat.outbound(Proto::Tcp, (LAPTOP, 49152), (DNS, 53), t),
            49152
        );
        // Another machine on the same port gets the next free one.
        assert_eq!(
            nat.outbound(Proto::Tcp, (PHONE, 49152), (WEB, 53), t),
            49153
        );
        // UDP ports are a separate space.
        assert_eq!(
            nat.outbound(Proto::Udp, (PHONE, 49152), (DNS, 53), t),
            49152
        );
        assert_eq!(nat.table(t).count(), 3);
        assert_eq!(
            nat.inbound(Proto::Tcp, 49153, (WEB, 53), t),
            Some((PHONE, 49152))
        );
        assert_eq!(
            nat.inbound(Proto::Tcp, 49152, (DNS, 53), t),
            Some((LAPTOP, 49152))
        );
    }

    #[test]
    fn answers_get_in_only_from_where_the_inside_sent() {
        let mut nat = Nat::new(PUBLIC, HOME);
        let t = SimTime::ZERO;
        nat.outbound(Proto::Udp, (LAPTOP, 5353), (DNS, 53), t);
        assert_eq!(
            nat.inbound(Proto::Udp, 5353, (DNS, 53), t),
            Some((LAPTOP, 5353))
        );
        assert_eq!(nat.inbound(Proto::Udp, 5353, (WEB, 53), t), None);
        assert_eq!(nat.inbound(Proto::Udp, 5354, (DNS, 53), t), None);
        // A low port stays low (RFC 4787 REQ-3): 1023 taken, wraps to 1.
        nat.outbound(Proto::Udp, (LAPTOP, 1023), (DNS, 53), t);
        assert_eq!(nat.outbound(Proto::Udp, (PHONE, 1023), (DNS, 53), t), 1);
    }

    #[test]
    fn an_idle_udp_mapping_expires_after_five_minutes() {
        let mut nat = Nat::new(PUBLIC, HOME);
        nat.outbound(Proto::Udp, (LAPTOP, 40000), (DNS, 53), SimTime::ZERO);
        // Refreshed at 4 min, so alive until 9 min.
        nat.outbound(
            Proto::Udp,
            (LAPTOP, 40000),
            (DNS, 53),
            SimTime::from_secs(240),
        );
        assert!(
            nat.inbound(Proto::Udp, 40000, (DNS, 53), SimTime::from_secs(540))
                .is_some()
        );
        assert!(
            nat.inbound(Proto::Udp, 40000, (DNS, 53), SimTime::from_secs(541))
                .is_none()
        );
        // Its port is free again: another machine takes it over.
        let t = SimTime::from_secs(600);
        assert_eq!(
            nat.outbound(Proto::Udp, (PHONE, 40000), (WEB, 53), t),
            40000
        );
        assert_eq!(
            nat.inbound(Proto::Udp, 40000, (WEB, 53), t),
            Some((PHONE, 40000))
        );
        assert_eq!(nat.inbound(Proto::Udp, 40000, (DNS, 53), t), None);
        assert_eq!(nat.table(t).count(), 1);
        // A TCP mapping idle for 2 h lives on (RFC 5382: 2 h 4 min).
        nat.outbound(Proto::Tcp, (LAPTOP, 50000), (WEB, 53), t);
        let later = t + SimTime::from_secs(2 * 3600);
        assert!(nat.inbound(Proto::Tcp, 50000, (WEB, 53), later).is_some());
    }

    const STUN: Addr = Addr::new(203, 0, 113, 3);
    const PEER: Addr = Addr::new(198, 51, 100, 40);

    #[test]
    fn a_symmetric_nat_maps_each_remote_endpoint_to_its_own_port() {
        let mut nat = Nat::new(PUBLIC, HOME);
        nat.mapping = Mapping::Symmetric;
        let t = SimTime::ZERO;
        // To the STUN server: the port preserved; to the peer, from the
        // same socket, the next one (RFC 4787 §4.1: address and port
        // dependent mapping). What STUN reported (50000) is not what the
        // peer sees (50001).
        let udp = Proto::Udp;
        assert_eq!(nat.outbound(udp, (LAPTOP, 50000), (STUN, 3478), t), 50000);
        assert_eq!(nat.outbound(udp, (LAPTOP, 50000), (PEER, 50000), t), 50001);
        assert_eq!(nat.outbound(udp, (LAPTOP, 50000), (STUN, 3478), t), 50000);
        // Only the endpoint a mapping was made for answers through it: the
        // peer, writing to the port STUN reported, is dropped; the STUN
        // server from another port too (address and port dependent
        // filtering).
        assert_eq!(nat.inbound(udp, 50000, (PEER, 50000), t), None);
        assert_eq!(nat.inbound(udp, 50000, (STUN, 3479), t), None);
        assert_eq!(
            nat.inbound(udp, 50000, (STUN, 3478), t),
            Some((LAPTOP, 50000))
        );
        assert_eq!(
            nat.inbound(udp, 50001, (PEER, 50000), t),
            Some((LAPTOP, 50000))
        );
        let remotes: Vec<_> = nat.table(t).map(|m| m.remote).collect();
        assert_eq!(remotes, [Some((STUN, 3478)), Some((PEER, 50000))]);
        // The home router, for contrast: one port whatever the remote, and
        // any port of an address it has sent to may answer.
        let mut home = Nat::new(PUBLIC, HOME);
        assert_eq!(home.outbound(udp, (LAPTOP, 50000), (STUN, 3478), t), 50000);
        assert_eq!(home.outbound(udp, (LAPTOP, 50000), (PEER, 50000), t), 50000);
        assert_eq!(
            home.inbound(udp, 50000, (STUN, 3479), t),
            Some((LAPTOP, 50000))
        );
        assert_eq!(home.table(t).next().unwrap().remote, None);
    }
}
