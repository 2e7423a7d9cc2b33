//! The TTL cache of both resolvers ([`DnsCache`]), positive and negative
//! entries keyed by (name, type).

use super::{RType, Rcode, Rr};
use crate::names::Name;
use crate::time::SimTime;
use std::collections::BTreeMap;

fn ttl_time(ttl: u32) -> SimTime {
    SimTime::from_secs(ttl as u64)
}

/// A cached answer: records (empty for a negative entry) and expiry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheEntry {
    pub rcode: Rcode,
    pub rrs: Vec<Rr>,
    pub expires: SimTime,
}

/// A TTL cache keyed by (name, type). Deterministic (BTreeMap).
#[derive(Clone, Debug, Default)]
pub struct DnsCache {
    map: BTreeMap<(Name, RType), CacheEntry>,
    pub hits: u64,
    pub misses: u64,
}

impl DnsCache {
    /// The entries still valid at `now`, in key order (for a node's details).
    pub fn entries(&self, now: SimTime) -> impl Iterator<Item = (Name, RType, &CacheEntry)> + '_ {
        self.map
            .iter()
            .filter(move |(_, entry)| entry.expires > now)
            .map(|(&(name, rtype), entry)| (name, rtype, entry))
    }

    pub fn get(&mut self, now: SimTime, name: Name, t: RType) -> Option<&CacheEntry> {
        match self.map.get(&(name, t)) {
            Some(e) if e.expires > now => {
                self.hits += 1;
                self.map.get(&(name, t))
            }
            _ => {
                self.misses += 1;
                None
            }
        }
    }

    pub(super) fn peek(&self, now: SimTime, name: Name, t: RType) -> Option<&CacheEntry> {
        self.map.get(&(name, t)).filter(|e| e.expires > now)
    }

    pub fn put(
        &mut self,
        now: SimTime,
        name: Name,
        t: RType,
        rcode: Rcode,
        rrs: Vec<Rr>,
        ttl: u32,
    ) {
        let expires = now + ttl_time(ttl);
        self.map.insert(
            (name, t),
            CacheEntry {
                rcode,
                rrs,
                expires,
            },
        );
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}
