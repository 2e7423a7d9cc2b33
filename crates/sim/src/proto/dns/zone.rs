//! Zones as written: [`ZoneRecord`] (names as text, interned when a
//! server starts) and [`in_zone`].

use super::{RData, RType, Rr};
use crate::net::{Addr, Ctx};
use serde::{Deserialize, Serialize};

/// Record data as written in a zone (names as text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneData {
    A(Addr),
    Aaaa(Addr),
    Ns(String),
    Cname(String),
    Mx(u16, String),
}

/// A record as written in a zone file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneRecord {
    pub name: String,
    pub ttl: u32,
    pub data: ZoneData,
}

impl ZoneRecord {
    pub fn new(name: &str, ttl: u32, data: ZoneData) -> ZoneRecord {
        ZoneRecord {
            name: name.to_string(),
            ttl,
            data,
        }
    }

    pub(super) fn intern(&self, ctx: &mut Ctx) -> Rr {
        let name = ctx.intern(&self.name);
        let (rtype, data) = match &self.data {
            ZoneData::A(a) => (RType::A, RData::A(*a)),
            ZoneData::Aaaa(a) => (RType::Aaaa, RData::Aaaa(*a)),
            ZoneData::Ns(n) => (RType::Ns, RData::Ns(ctx.intern(n))),
            ZoneData::Cname(n) => (RType::Cname, RData::Cname(ctx.intern(n))),
            ZoneData::Mx(p, n) => (
                RType::Mx,
                RData::Mx {
                    preference: *p,
                    exchange: ctx.intern(n),
                },
            ),
        };
        Rr {
            name,
            rtype,
            ttl: self.ttl,
            data,
        }
    }
}

/// `name` is `zone` or below it (`""` is the root).
pub fn in_zone(name: &str, zone: &str) -> bool {
    zone.is_empty()
        || name == zone
        || (name.len() > zone.len()
            && name.ends_with(zone)
            && name.as_bytes()[name.len() - zone.len() - 1] == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_membership() {
        assert!(in_zone("www.example.com", "example.com"));
        assert!(in_zone("example.com", "example.com"));
        assert!(!in_zone("badexample.com", "example.com"));
        assert!(in_zone("anything", ""));
    }
}
