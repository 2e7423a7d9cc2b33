//! The local DNS server ([`Resolver`]): iterative or recursive resolution,
//! caching, CNAME chains, retries and SERVFAIL.

use super::{
    DNS_PORT, DnsCache, DnsMsg, RData, RType, Rcode, RetryPolicy, Rr, UPSTREAM_PORT, dns_of,
    send_dns,
};
use crate::names::Name;
use crate::net::{Addr, App, Ctx, Packet};
use serde::{Deserialize, Serialize};

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

/// The local DNS server (see the [module docs](super)).
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
