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

use super::host::Net;
use super::{AppMsg, Message};
use crate::names::Name;
use crate::net::{Addr, App, Ctx, Outgoing, Packet};
use crate::time::SimTime;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;

pub const DNS_PORT: u16 = 53;
/// Source port of a resolver's (or recursing server's) own queries.
pub const UPSTREAM_PORT: u16 = 5353;
/// Source port of a client's stub resolver.
pub const STUB_PORT: u16 = 5300;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RType {
    A = 1,
    Ns = 2,
    Cname = 5,
    Mx = 15,
    Aaaa = 28,
}

/// Record data. AAAA addresses are the node's IPv4 address mapped into
/// `fd00::/96` (shown as such by the inspector).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "UPPERCASE")]
pub enum RData {
    None,
    A(Addr),
    Aaaa(Addr),
    Ns(Name),
    Cname(Name),
    Mx { preference: u16, exchange: Name },
}

/// A resource record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rr {
    pub name: Name,
    pub rtype: RType,
    /// Seconds.
    pub ttl: u32,
    pub data: RData,
}

impl Rr {
    const EMPTY: Rr = Rr {
        name: Name(0),
        rtype: RType::A,
        ttl: 0,
        data: RData::None,
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Rcode {
    NoError = 0,
    ServFail = 2,
    NxDomain = 3,
}

/// Records a message holds inline.
pub const MAX_RRS: usize = 4;

/// A DNS message: header flags, one question, and up to [`MAX_RRS`]
/// records split into answer, authority and additional sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DnsMsg {
    pub id: u16,
    pub response: bool,
    /// Recursion desired (set by stubs, and by recursive forwarding).
    pub rd: bool,
    /// Recursion available (set by servers that recurse).
    pub ra: bool,
    /// Authoritative answer.
    pub aa: bool,
    pub rcode: Rcode,
    pub qname: Name,
    pub qtype: RType,
    rrs: [Rr; MAX_RRS],
    an: u8,
    ns: u8,
    ar: u8,
}

impl Serialize for DnsMsg {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("DnsMsg", 11)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("response", &self.response)?;
        st.serialize_field("rd", &self.rd)?;
        st.serialize_field("ra", &self.ra)?;
        st.serialize_field("aa", &self.aa)?;
        st.serialize_field("rcode", &self.rcode)?;
        st.serialize_field("qname", &self.qname)?;
        st.serialize_field("qtype", &self.qtype)?;
        st.serialize_field("answers", self.answers())?;
        st.serialize_field("authority", self.authority())?;
        st.serialize_field("additional", self.additional())?;
        st.end()
    }
}

impl DnsMsg {
    pub fn query(id: u16, qname: Name, qtype: RType, rd: bool) -> DnsMsg {
        DnsMsg {
            id,
            response: false,
            rd,
            ra: false,
            aa: false,
            rcode: Rcode::NoError,
            qname,
            qtype,
            rrs: [Rr::EMPTY; MAX_RRS],
            an: 0,
            ns: 0,
            ar: 0,
        }
    }

    /// A response to `q` with the given sections (extra records dropped, as
    /// a truncated UDP answer would).
    pub fn response_to(
        q: &DnsMsg,
        rcode: Rcode,
        answers: &[Rr],
        authority: &[Rr],
        additional: &[Rr],
    ) -> DnsMsg {
        let mut m = DnsMsg {
            response: true,
            rcode,
            ..DnsMsg::query(q.id, q.qname, q.qtype, q.rd)
        };
        let mut n = 0;
        for (sec, count) in [
            (answers, &mut m.an),
            (authority, &mut m.ns),
            (additional, &mut m.ar),
        ] {
            for rr in sec {
                if n < MAX_RRS {
                    m.rrs[n] = *rr;
                    n += 1;
                    *count += 1;
                }
            }
        }
        m
    }

    pub fn answers(&self) -> &[Rr] {
        &self.rrs[..self.an as usize]
    }
    pub fn authority(&self) -> &[Rr] {
        let a = self.an as usize;
        &self.rrs[a..a + self.ns as usize]
    }
    pub fn additional(&self) -> &[Rr] {
        let a = (self.an + self.ns) as usize;
        &self.rrs[a..a + self.ar as usize]
    }

    /// Size on the wire: header, question, records (names compressed to a
    /// 2-byte pointer where they repeat the question).
    pub fn wire_bytes(&self, text: &dyn Fn(Name) -> usize) -> u32 {
        let name_len = |n: Name| {
            let l = text(n);
            if l == 0 { 1 } else { l + 2 }
        };
        let mut b = 12 + name_len(self.qname) + 4;
        for rr in &self.rrs[..(self.an + self.ns + self.ar) as usize] {
            let owner = if rr.name == self.qname {
                2
            } else {
                name_len(rr.name)
            };
            let rdata = match rr.data {
                RData::None => 0,
                RData::A(_) => 4,
                RData::Aaaa(_) => 16,
                RData::Ns(n) | RData::Cname(n) => name_len(n),
                RData::Mx { exchange, .. } => 2 + name_len(exchange),
            };
            b += owner + 10 + rdata;
        }
        b as u32
    }

    pub(crate) fn hash_words(&self, f: &mut dyn FnMut(u64)) {
        f((self.id as u64)
            | ((self.response as u64) << 16)
            | ((self.rd as u64) << 17)
            | ((self.ra as u64) << 18)
            | ((self.aa as u64) << 19)
            | ((self.rcode as u64) << 20)
            | ((self.qtype as u64) << 24)
            | ((self.an as u64) << 40)
            | ((self.ns as u64) << 48)
            | ((self.ar as u64) << 56));
        f(self.qname.0 as u64);
        for rr in &self.rrs[..(self.an + self.ns + self.ar) as usize] {
            let d = match rr.data {
                RData::None => 0,
                RData::A(a) | RData::Aaaa(a) => a.0 as u64,
                RData::Ns(n) | RData::Cname(n) => n.0 as u64,
                RData::Mx {
                    preference,
                    exchange,
                } => ((preference as u64) << 32) | exchange.0 as u64,
            };
            f(((rr.name.0 as u64) << 32) | ((rr.rtype as u64) << 16));
            f(((rr.ttl as u64) << 32) ^ d);
        }
    }
}

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

    fn intern(&self, ctx: &mut Ctx) -> Rr {
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

fn ttl_time(ttl: u32) -> SimTime {
    SimTime::from_secs(ttl as u64)
}

fn send_dns(ctx: &mut Ctx, dst: Addr, src_port: u16, dst_port: u16, m: DnsMsg) {
    let bytes = {
        let names = ctx.names();
        m.wire_bytes(&|n| names.text(n).len())
    };
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

// ---------------------------------------------------------------------------

/// What a server decides for a query, from its zone alone.
enum Lookup {
    Answer(Vec<Rr>, Vec<Rr>),
    Referral(Vec<Rr>, Vec<Rr>, Addr),
    NoData,
    NxDomain,
}

#[derive(Clone, Copy, Debug)]
struct Forward {
    client: Addr,
    client_port: u16,
    client_id: u16,
    query: DnsMsg,
    server: Addr,
    id: u16,
    attempt: u32,
    done: bool,
}

/// An authoritative server for one zone (see the module docs).
pub struct DnsServer {
    zone: String,
    records: Vec<ZoneRecord>,
    rrs: Vec<Rr>,
    /// Resolve RD queries through delegations (recursive chain).
    pub recursive: bool,
    retry: RetryPolicy,
    forwards: Vec<Forward>,
    pub queries: u64,
}

impl DnsServer {
    pub fn new(zone: &str, records: Vec<ZoneRecord>, recursive: bool, retry: RetryPolicy) -> Self {
        DnsServer {
            zone: zone.to_string(),
            records,
            rrs: Vec::new(),
            recursive,
            retry,
            forwards: Vec::new(),
            queries: 0,
        }
    }

    fn lookup(&self, ctx: &Ctx, qname: Name, qtype: RType) -> Lookup {
        let q = ctx.name(qname).to_string();
        // A delegation below our zone that covers the name: refer.
        let mut best: Option<&Rr> = None;
        for rr in &self.rrs {
            if rr.rtype == RType::Ns {
                let owner = ctx.name(rr.name);
                if owner != self.zone
                    && in_zone(&q, owner)
                    && best.is_none_or(|b| ctx.name(b.name).len() < owner.len())
                {
                    best = Some(rr);
                }
            }
        }
        if let Some(ns) = best {
            let RData::Ns(target) = ns.data else {
                unreachable!()
            };
            let glue: Vec<Rr> = self
                .rrs
                .iter()
                .filter(|r| r.name == target && r.rtype == RType::A)
                .copied()
                .collect();
            if let Some(RData::A(addr)) = glue.first().map(|g| g.data) {
                return Lookup::Referral(vec![*ns], glue, addr);
            }
        }
        if !in_zone(&q, &self.zone) {
            return Lookup::NxDomain;
        }
        let at: Vec<Rr> = self
            .rrs
            .iter()
            .filter(|r| r.name == qname)
            .copied()
            .collect();
        if at.is_empty() {
            return Lookup::NxDomain;
        }
        let mut ans: Vec<Rr> = at.iter().filter(|r| r.rtype == qtype).copied().collect();
        let mut extra = Vec::new();
        if ans.is_empty()
            && let Some(c) = at.iter().find(|r| r.rtype == RType::Cname)
        {
            ans.push(*c);
            if let RData::Cname(t) = c.data {
                ans.extend(
                    self.rrs
                        .iter()
                        .filter(|r| r.name == t && r.rtype == qtype)
                        .copied(),
                );
            }
        }
        for a in &ans {
            if let RData::Mx { exchange, .. } = a.data {
                extra.extend(
                    self.rrs
                        .iter()
                        .filter(|r| r.name == exchange && r.rtype == RType::A)
                        .copied(),
                );
            }
        }
        if ans.is_empty() {
            Lookup::NoData
        } else {
            Lookup::Answer(ans, extra)
        }
    }

    fn send_forward(&mut self, ctx: &mut Ctx, i: usize) {
        let f = &mut self.forwards[i];
        f.id = ctx.rng().next_u64() as u16;
        let q = DnsMsg::query(f.id, f.query.qname, f.query.qtype, true);
        let (server, attempt) = (f.server, f.attempt);
        send_dns(ctx, server, UPSTREAM_PORT, DNS_PORT, q);
        ctx.set_timer(self.retry.timeout, ((i as u64) << 16) | attempt as u64);
    }
}

impl App for DnsServer {
    fn start(&mut self, ctx: &mut Ctx) {
        self.rrs = self.records.iter().map(|r| r.intern(ctx)).collect();
    }

    fn on_packet(&mut self, ctx: &mut Ctx, pkt: &Packet) {
        let Some(m) = dns_of(ctx) else { return };
        if m.response {
            // An answer to a query we forwarded (recursive chain): relay it.
            let Some(i) = self
                .forwards
                .iter()
                .position(|f| !f.done && f.id == m.id && f.server == pkt.src)
            else {
                return;
            };
            let f = &mut self.forwards[i];
            f.done = true;
            let mut r = DnsMsg::response_to(&f.query, m.rcode, m.answers(), &[], m.additional());
            r.ra = true;
            r.id = f.client_id;
            let (client, port) = (f.client, f.client_port);
            send_dns(ctx, client, DNS_PORT, port, r);
            return;
        }
        self.queries += 1;
        let reply = |ctx: &mut Ctx, r: DnsMsg| send_dns(ctx, pkt.src, DNS_PORT, pkt.src_port, r);
        match self.lookup(ctx, m.qname, m.qtype) {
            Lookup::Answer(ans, extra) => {
                let mut r = DnsMsg::response_to(&m, Rcode::NoError, &ans, &[], &extra);
                r.aa = true;
                r.ra = self.recursive;
                reply(ctx, r);
            }
            Lookup::NoData => {
                let mut r = DnsMsg::response_to(&m, Rcode::NoError, &[], &[], &[]);
                r.aa = true;
                reply(ctx, r);
            }
            Lookup::NxDomain => {
                let mut r = DnsMsg::response_to(&m, Rcode::NxDomain, &[], &[], &[]);
                r.aa = true;
                r.ra = self.recursive;
                reply(ctx, r);
            }
            Lookup::Referral(ns, glue, addr) => {
                if self.recursive && m.rd {
                    self.forwards.push(Forward {
                        client: pkt.src,
                        client_port: pkt.src_port,
                        client_id: m.id,
                        query: m,
                        server: addr,
                        id: 0,
                        attempt: 0,
                        done: false,
                    });
                    let i = self.forwards.len() - 1;
                    self.send_forward(ctx, i);
                } else {
                    reply(
                        ctx,
                        DnsMsg::response_to(&m, Rcode::NoError, &[], &ns, &glue),
                    );
                }
            }
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx, token: u64) {
        let (i, attempt) = ((token >> 16) as usize, token as u32 & 0xFFFF);
        let f = &mut self.forwards[i];
        if f.done || f.attempt != attempt {
            return;
        }
        if f.attempt < self.retry.retries {
            f.attempt += 1;
            self.send_forward(ctx, i);
        } else {
            f.done = true;
            let r = DnsMsg {
                id: f.client_id,
                ra: true,
                ..DnsMsg::response_to(&f.query, Rcode::ServFail, &[], &[], &[])
            };
            let (client, port) = (f.client, f.client_port);
            send_dns(ctx, client, DNS_PORT, port, r);
        }
    }
}

// ---------------------------------------------------------------------------

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

    fn peek(&self, now: SimTime, name: Name, t: RType) -> Option<&CacheEntry> {
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

/// Iterative (the resolver walks the hierarchy) or recursive (it asks the
/// root with RD set and the servers recurse).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResolverMode {
    Iterative,
    Recursive,
}

#[derive(Clone, Debug)]
struct Task {
    client: Addr,
    client_port: u16,
    query: DnsMsg,
    /// The name being resolved now (after CNAMEs).
    current: Name,
    chain: Vec<Rr>,
    server: Addr,
    id: u16,
    /// Retries of the current query.
    attempt: u32,
    /// Queries sent for this task (tags its timers).
    sent: u32,
    steps: u32,
    done: bool,
}

/// Seconds a negative answer (NXDOMAIN, no data) stays cached.
pub const NEGATIVE_TTL: u32 = 60;

/// The local DNS server (see the module docs).
pub struct Resolver {
    pub mode: ResolverMode,
    root: Addr,
    retry: RetryPolicy,
    pub cache: DnsCache,
    tasks: Vec<Task>,
    pub queries_received: u64,
    pub queries_sent: u64,
    pub timeouts: u64,
}

impl Resolver {
    pub fn new(mode: ResolverMode, root: Addr, retry: RetryPolicy) -> Resolver {
        Resolver {
            mode,
            root,
            retry,
            cache: DnsCache::default(),
            tasks: Vec::new(),
            queries_received: 0,
            queries_sent: 0,
            timeouts: 0,
        }
    }

    /// The closest cached delegation for `name` (iterative mode): the
    /// server address to ask first.
    fn closest_server(&self, ctx: &Ctx, name: Name) -> Addr {
        if self.mode == ResolverMode::Recursive {
            return self.root;
        }
        let now = ctx.now();
        let mut s = ctx.name(name);
        loop {
            if let Some(n) = ctx.names().get(s)
                && let Some(e) = self.cache.peek(now, n, RType::Ns)
                && let Some(RData::A(a)) =
                    e.rrs.iter().find(|r| r.rtype == RType::A).map(|r| r.data)
            {
                return a;
            }
            match s.find('.') {
                Some(i) => s = &s[i + 1..],
                None => return self.root,
            }
        }
    }

    fn ask(&mut self, ctx: &mut Ctx, i: usize) {
        let t = &mut self.tasks[i];
        t.id = ctx.rng().next_u64() as u16;
        t.sent += 1;
        let q = DnsMsg::query(
            t.id,
            t.current,
            t.query.qtype,
            self.mode == ResolverMode::Recursive,
        );
        let (server, sent) = (t.server, t.sent);
        self.queries_sent += 1;
        send_dns(ctx, server, UPSTREAM_PORT, DNS_PORT, q);
        ctx.set_timer(self.retry.timeout, ((i as u64) << 32) | sent as u64);
    }

    fn answer(&mut self, ctx: &mut Ctx, i: usize, rcode: Rcode, rrs: &[Rr]) {
        let t = &mut self.tasks[i];
        t.done = true;
        let r = DnsMsg {
            ra: true,
            ..DnsMsg::response_to(&t.query, rcode, rrs, &[], &[])
        };
        let (client, port) = (t.client, t.client_port);
        send_dns(ctx, client, DNS_PORT, port, r);
    }

    fn on_query(&mut self, ctx: &mut Ctx, pkt: &Packet, m: DnsMsg) {
        self.queries_received += 1;
        let now = ctx.now();
        if let Some(e) = self.cache.get(now, m.qname, m.qtype) {
            // Records leave the cache with the TTL they have left (whole
            // seconds, rounded down), so that no cache downstream keeps
            // them longer than this one does.
            let left = ((e.expires - now).as_nanos() / 1_000_000_000) as u32;
            let rrs: Vec<Rr> = e
                .rrs
                .iter()
                .map(|r| Rr {
                    ttl: r.ttl.min(left),
                    ..*r
                })
                .collect();
            let r = DnsMsg {
                ra: true,
                ..DnsMsg::response_to(&m, e.rcode, &rrs, &[], &[])
            };
            send_dns(ctx, pkt.src, DNS_PORT, pkt.src_port, r);
            return;
        }
        let server = self.closest_server(ctx, m.qname);
        self.tasks.push(Task {
            client: pkt.src,
            client_port: pkt.src_port,
            query: m,
            current: m.qname,
            chain: Vec::new(),
            server,
            id: 0,
            attempt: 0,
            sent: 0,
            steps: 0,
            done: false,
        });
        let i = self.tasks.len() - 1;
        self.ask(ctx, i);
    }

    fn on_response(&mut self, ctx: &mut Ctx, pkt: &Packet, m: DnsMsg) {
        let Some(i) = self
            .tasks
            .iter()
            .position(|t| !t.done && t.id == m.id && t.server == pkt.src)
        else {
            return;
        };
        let now = ctx.now();
        let qtype = self.tasks[i].query.qtype;
        self.tasks[i].steps += 1;
        if self.tasks[i].steps > 16 {
            return self.answer(ctx, i, Rcode::ServFail, &[]);
        }
        if m.rcode != Rcode::NoError {
            let t = &self.tasks[i];
            if m.rcode == Rcode::NxDomain {
                let (q, chain) = (t.query.qname, t.chain.clone());
                self.cache
                    .put(now, q, qtype, Rcode::NxDomain, Vec::new(), NEGATIVE_TTL);
                return self.answer(ctx, i, Rcode::NxDomain, &chain);
            }
            return self.answer(ctx, i, m.rcode, &[]);
        }
        let current = self.tasks[i].current;
        if !m.answers().is_empty() {
            let mut chain = self.tasks[i].chain.clone();
            chain.extend_from_slice(m.answers());
            // Follow the CNAME chain within the answer.
            let mut name = current;
            while let Some(c) = chain
                .iter()
                .find(|r| r.name == name && r.rtype == RType::Cname && qtype != RType::Cname)
            {
                let RData::Cname(t) = c.data else { break };
                name = t;
            }
            if chain.iter().any(|r| r.name == name && r.rtype == qtype) || qtype == RType::Cname {
                let ttl = chain.iter().map(|r| r.ttl).min().unwrap_or(0);
                let q = self.tasks[i].query.qname;
                self.cache
                    .put(now, q, qtype, Rcode::NoError, chain.clone(), ttl);
                return self.answer(ctx, i, Rcode::NoError, &chain);
            }
            // A CNAME to a name outside that zone: resolve the target.
            let server = self.closest_server(ctx, name);
            let t = &mut self.tasks[i];
            t.chain = chain;
            t.current = name;
            t.server = server;
            t.attempt = 0;
            return self.ask(ctx, i);
        }
        if let (Some(ns), Some(glue)) = (m.authority().first(), m.additional().first())
            && let RData::A(addr) = glue.data
        {
            // A referral: remember the zone's server, ask it.
            self.cache.put(
                now,
                ns.name,
                RType::Ns,
                Rcode::NoError,
                vec![*ns, *glue],
                ns.ttl,
            );
            let t = &mut self.tasks[i];
            t.server = addr;
            t.attempt = 0;
            return self.ask(ctx, i);
        }
        // No data for that type.
        let q = self.tasks[i].query.qname;
        self.cache
            .put(now, q, qtype, Rcode::NoError, Vec::new(), NEGATIVE_TTL);
        let chain = self.tasks[i].chain.clone();
        self.answer(ctx, i, Rcode::NoError, &chain)
    }
}

impl App for Resolver {
    fn on_packet(&mut self, ctx: &mut Ctx, pkt: &Packet) {
        let Some(m) = dns_of(ctx) else { return };
        if m.response {
            self.on_response(ctx, pkt, m);
        } else {
            self.on_query(ctx, pkt, m);
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx, token: u64) {
        let (i, sent) = ((token >> 32) as usize, token as u32);
        let t = &mut self.tasks[i];
        if t.done || t.sent != sent {
            return;
        }
        self.timeouts += 1;
        if t.attempt < self.retry.retries {
            t.attempt += 1;
            self.ask(ctx, i);
        } else {
            self.answer(ctx, i, Rcode::ServFail, &[]);
        }
    }
}

// ---------------------------------------------------------------------------

/// The outcome of a lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DnsResult {
    pub qname: Name,
    pub qtype: RType,
    pub rcode: Rcode,
    pub records: Vec<Rr>,
    /// Answered from the stub's own cache (no packet sent).
    pub cached: bool,
    pub started: SimTime,
    pub finished: SimTime,
}

impl DnsResult {
    /// The first address of the asked type (A or AAAA) in the answer.
    pub fn addr(&self) -> Option<Addr> {
        self.records.iter().find_map(|r| match r.data {
            RData::A(a) if self.qtype == RType::A => Some(a),
            RData::Aaaa(a) if self.qtype == RType::Aaaa => Some(a),
            _ => None,
        })
    }
}

#[derive(Clone, Copy, Debug)]
struct Pending {
    qname: Name,
    qtype: RType,
    id: u16,
    attempt: u32,
    started: SimTime,
    done: bool,
}

/// The client's resolver: asks the local DNS server, caches answers.
/// Timer tokens it uses: `STUB_TIMER | n`.
pub struct StubResolver {
    pub server: Addr,
    retry: RetryPolicy,
    pub cache: DnsCache,
    pending: Vec<Pending>,
    pub queries_sent: u64,
}

/// Application timer tokens of the stub have this bit set.
pub const STUB_TIMER: u64 = 1 << 62;

impl StubResolver {
    pub fn new(server: Addr, retry: RetryPolicy) -> StubResolver {
        StubResolver {
            server,
            retry,
            cache: DnsCache::default(),
            pending: Vec::new(),
            queries_sent: 0,
        }
    }

    /// Starts a lookup: `Some(result)` at once from the cache, else `None`
    /// and the result comes from [`on_response`](Self::on_response).
    pub fn lookup(&mut self, net: &mut Net, qname: Name, qtype: RType) -> Option<DnsResult> {
        let now = net.ctx.now();
        if let Some(e) = self.cache.get(now, qname, qtype) {
            return Some(DnsResult {
                qname,
                qtype,
                rcode: e.rcode,
                records: e.rrs.clone(),
                cached: true,
                started: now,
                finished: now,
            });
        }
        self.pending.push(Pending {
            qname,
            qtype,
            id: 0,
            attempt: 0,
            started: now,
            done: false,
        });
        self.send(net, self.pending.len() - 1);
        None
    }

    /// Sends (or sends again) lookup `i`. A retransmission keeps the
    /// question's id, so a late answer to an earlier copy still completes
    /// the lookup.
    fn send(&mut self, net: &mut Net, i: usize) {
        let p = &mut self.pending[i];
        if p.attempt == 0 {
            p.id = net.ctx.rng().next_u64() as u16;
        }
        let q = DnsMsg::query(p.id, p.qname, p.qtype, true);
        self.queries_sent += 1;
        send_dns(net.ctx, self.server, STUB_PORT, DNS_PORT, q);
        let tok = STUB_TIMER | ((i as u64) << 16) | p.attempt as u64;
        net.set_timer(self.retry.timeout, tok);
    }

    /// A DNS response for the stub's port.
    pub fn on_response(&mut self, net: &mut Net, m: &DnsMsg) -> Option<DnsResult> {
        let i = self
            .pending
            .iter()
            .position(|p| !p.done && p.id == m.id && m.response)?;
        let p = &mut self.pending[i];
        p.done = true;
        let now = net.ctx.now();
        let ttl = if m.rcode == Rcode::NoError && !m.answers().is_empty() {
            m.answers().iter().map(|r| r.ttl).min().unwrap_or(0)
        } else {
            NEGATIVE_TTL
        };
        if m.rcode != Rcode::ServFail {
            self.cache
                .put(now, p.qname, p.qtype, m.rcode, m.answers().to_vec(), ttl);
        }
        Some(DnsResult {
            qname: p.qname,
            qtype: p.qtype,
            rcode: m.rcode,
            records: m.answers().to_vec(),
            cached: false,
            started: p.started,
            finished: now,
        })
    }

    /// A stub timer fired; `Some` (SERVFAIL) when the retries are spent.
    pub fn on_timer(&mut self, net: &mut Net, token: u64) -> Option<DnsResult> {
        let t = token & !STUB_TIMER;
        let (i, attempt) = ((t >> 16) as usize, t as u32 & 0xFFFF);
        let p = self.pending.get_mut(i)?;
        if p.done || p.attempt != attempt {
            return None;
        }
        if p.attempt < self.retry.retries {
            p.attempt += 1;
            self.send(net, i);
            None
        } else {
            p.done = true;
            Some(DnsResult {
                qname: p.qname,
                qtype: p.qtype,
                rcode: Rcode::ServFail,
                records: Vec::new(),
                cached: false,
                started: p.started,
                finished: net.ctx.now(),
            })
        }
    }
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

    #[test]
    fn sections_and_wire_size() {
        let q = DnsMsg::query(7, Name(1), RType::A, true);
        let a = Rr {
            name: Name(1),
            rtype: RType::A,
            ttl: 300,
            data: RData::A(Addr(1)),
        };
        let r = DnsMsg::response_to(&q, Rcode::NoError, &[a], &[], &[a]);
        assert_eq!(r.answers().len(), 1);
        assert_eq!(r.authority().len(), 0);
        assert_eq!(r.additional().len(), 1);
        // www.example.com: 17-byte name; question 21; each A record 2+10+4.
        let len = |_n: Name| 15;
        assert_eq!(q.wire_bytes(&len), 12 + 17 + 4);
        assert_eq!(r.wire_bytes(&len), 12 + 17 + 4 + 2 * 16);
    }
}
