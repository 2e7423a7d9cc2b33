//! The local DNS server ([`Resolver`]): iterative or recursive resolution,
//! caching, CNAME chains, retries and SERVFAIL. It runs on a
//! [`Host`](crate::proto::host::Host): clients ask over UDP port 53, and,
//! if it serves HTTPS, over DNS over HTTPS on port 443 ([`super::doh`]).

use super::doh::{DOH_PORT, DohEndpoint};
use super::{
    DNS_PORT, DnsCache, DnsMsg, RData, RType, Rcode, RetryPolicy, Rr, UPSTREAM_PORT, send_dns,
};
use crate::names::Name;
use crate::net::{Addr, Ctx, Packet};
use crate::proto::host::{Net, NetApp};
use crate::proto::tcp::{ConnId, TcpEvent};
use crate::proto::{AppMsg, Message};
use serde::{Deserialize, Serialize};

/// Iterative (the resolver walks the hierarchy) or recursive (it asks the
/// root with RD set and the servers recurse).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResolverMode {
    Iterative,
    Recursive,
}

/// Where a client's question came from, and so where its answer goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asker {
    /// UDP, from this address and port.
    Udp(Addr, u16),
    /// DNS over HTTPS, on this connection, asked at this `Host`.
    Https(ConnId, Name),
}

#[derive(Clone, Debug)]
struct Task {
    asker: Asker,
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
    /// Clients who asked the same question while this one was resolved,
    /// answered with it.
    joined: Vec<(Asker, DnsMsg)>,
}

/// Seconds a negative answer (NXDOMAIN, no data) stays cached.
pub const NEGATIVE_TTL: u32 = 60;

/// A question asked again while it is being resolved joins the resolution
/// under way instead of starting another, as BIND 9 does: at first up to
/// `clients-per-query` (10) clients wait for one question; one more is
/// dropped, and the limit grows by 5 (up to `max-clients-per-query`,
/// 100), so that it keeps up with the demand (BIND 9's ARM; Evan Hunt on
/// bind-users, June 2014). BIND lowers it again, by 1 every 20 minutes,
/// when nothing more is dropped: longer than a run of the lab.
pub const CLIENTS_PER_QUERY: usize = 10;
pub const MAX_CLIENTS_PER_QUERY: usize = 100;
const CLIENTS_PER_QUERY_STEP: usize = 5;

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
    /// How many clients may wait for one question now, and how many
    /// were dropped for it ([`CLIENTS_PER_QUERY`]).
    clients_per_query: usize,
    pub dropped: u64,
    /// Its DNS over HTTPS side, if it serves one.
    https: Option<DohEndpoint>,
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
            clients_per_query: CLIENTS_PER_QUERY,
            dropped: 0,
            https: None,
        }
    }

    /// Also answers DNS over HTTPS on port 443 (RFC 8484).
    pub fn serving_https(mut self) -> Resolver {
        self.https = Some(DohEndpoint::default());
        self
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

    fn ask(&mut self, net: &mut Net, i: usize) {
        let t = &mut self.tasks[i];
        t.id = net.ctx.rng().next_u64() as u16;
        t.sent += 1;
        let q = DnsMsg::query(
            t.id,
            t.current,
            t.query.qtype,
            self.mode == ResolverMode::Recursive,
        );
        let (server, sent) = (t.server, t.sent);
        self.queries_sent += 1;
        send_dns(net.ctx, server, UPSTREAM_PORT, DNS_PORT, q);
        net.set_timer(self.retry.timeout, ((i as u64) << 32) | sent as u64);
    }

    /// Answers the task's client, and every client who joined it.
    fn answer(&mut self, net: &mut Net, i: usize, rcode: Rcode, rrs: &[Rr]) {
        let t = &mut self.tasks[i];
        t.done = true;
        let joined = std::mem::take(&mut t.joined);
        for (asker, query) in std::iter::once((t.asker, t.query)).chain(joined) {
            let r = DnsMsg {
                ra: true,
                ..DnsMsg::response_to(&query, rcode, rrs, &[], &[])
            };
            self.reply(net, asker, r);
        }
    }

    /// Joins `m` to the resolution of the same question under way, if
    /// there is one ([`CLIENTS_PER_QUERY`]); whether it was taken care of
    /// (joined or dropped).
    fn join(&mut self, asker: Asker, m: DnsMsg) -> bool {
        let limit = self.clients_per_query;
        let Some(t) = (self.tasks.iter_mut())
            .find(|t| !t.done && t.query.qname == m.qname && t.query.qtype == m.qtype)
        else {
            return false;
        };
        if 1 + t.joined.len() < limit {
            t.joined.push((asker, m));
        } else {
            self.dropped += 1;
            self.clients_per_query = (limit + CLIENTS_PER_QUERY_STEP).min(MAX_CLIENTS_PER_QUERY);
        }
        true
    }

    /// Sends the answer `r` the way its question came.
    fn reply(&self, net: &mut Net, asker: Asker, r: DnsMsg) {
        match (asker, &self.https) {
            (Asker::Udp(client, port), _) => send_dns(net.ctx, client, DNS_PORT, port, r),
            (Asker::Https(conn, host), Some(https)) => https.answer(net, conn, host, r),
            (Asker::Https(..), None) => {}
        }
    }

    fn on_query(&mut self, net: &mut Net, asker: Asker, m: DnsMsg) {
        self.queries_received += 1;
        let now = net.ctx.now();
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
            self.reply(net, asker, r);
            return;
        }
        if self.join(asker, m) {
            return;
        }
        let server = self.closest_server(net.ctx, m.qname);
        self.tasks.push(Task {
            asker,
            query: m,
            current: m.qname,
            chain: Vec::new(),
            server,
            id: 0,
            attempt: 0,
            sent: 0,
            steps: 0,
            done: false,
            joined: Vec::new(),
        });
        let i = self.tasks.len() - 1;
        self.ask(net, i);
    }

    fn on_response(&mut self, net: &mut Net, pkt: &Packet, m: DnsMsg) {
        let Some(i) = self
            .tasks
            .iter()
            .position(|t| !t.done && t.id == m.id && t.server == pkt.src)
        else {
            return;
        };
        let now = net.ctx.now();
        let qtype = self.tasks[i].query.qtype;
        self.tasks[i].steps += 1;
        if self.tasks[i].steps > 16 {
            return self.answer(net, i, Rcode::ServFail, &[]);
        }
        if m.rcode != Rcode::NoError {
            let t = &self.tasks[i];
            if m.rcode == Rcode::NxDomain {
                let (q, chain) = (t.query.qname, t.chain.clone());
                self.cache
                    .put(now, q, qtype, Rcode::NxDomain, Vec::new(), NEGATIVE_TTL);
                return self.answer(net, i, Rcode::NxDomain, &chain);
            }
            return self.answer(net, i, m.rcode, &[]);
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
                return self.answer(net, i, Rcode::NoError, &chain);
            }
            // A CNAME to a name outside that zone: resolve the target.
            let server = self.closest_server(net.ctx, name);
            let t = &mut self.tasks[i];
            t.chain = chain;
            t.current = name;
            t.server = server;
            t.attempt = 0;
            return self.ask(net, i);
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
            return self.ask(net, i);
        }
        // No data for that type.
        let q = self.tasks[i].query.qname;
        self.cache
            .put(now, q, qtype, Rcode::NoError, Vec::new(), NEGATIVE_TTL);
        let chain = self.tasks[i].chain.clone();
        self.answer(net, i, Rcode::NoError, &chain)
    }
}

impl NetApp for Resolver {
    fn start(&mut self, net: &mut Net) {
        if self.https.is_some() {
            net.tcp.listen(DOH_PORT, 128);
        }
    }

    fn on_udp(&mut self, net: &mut Net, pkt: &Packet, msg: Option<&Message>) {
        let Some(Message {
            app: AppMsg::Dns(m),
            ..
        }) = msg.copied()
        else {
            return;
        };
        if m.response {
            self.on_response(net, pkt, m);
        } else {
            self.on_query(net, Asker::Udp(pkt.src, pkt.src_port), m);
        }
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        let Some(https) = self.https.as_mut() else {
            return;
        };
        if let Some((conn, host, m)) = https.on_tcp(net, &ev) {
            self.on_query(net, Asker::Https(conn, host), m);
        }
    }

    fn on_timer(&mut self, net: &mut Net, token: u64) {
        let (i, sent) = ((token >> 32) as usize, token as u32);
        let t = &mut self.tasks[i];
        if t.done || t.sent != sent {
            return;
        }
        self.timeouts += 1;
        if t.attempt < self.retry.retries {
            t.attempt += 1;
            self.ask(net, i);
        } else {
            self.answer(net, i, Rcode::ServFail, &[]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SimTime;

    /// BIND 9's clients-per-query: 10 clients wait for one question, the
    /// 11th is dropped and the limit grows by 5, and again at 15.
    #[test]
    fn clients_join_a_question_under_way_up_to_the_limit_that_grows() {
        let retry = RetryPolicy {
            timeout: SimTime::from_secs(1),
            retries: 0,
        };
        let mut r = Resolver::new(ResolverMode::Iterative, Addr::new(198, 41, 0, 4), retry);
        let query = |id| DnsMsg::query(id, Name(1), RType::A, true);
        let client = |k: u8| Asker::Udp(Addr::new(192, 168, 1, k), 5300);
        assert!(!r.join(client(1), query(1)), "nothing under way to join");
        r.tasks.push(Task {
            asker: client(1),
            query: query(1),
            current: Name(1),
            chain: Vec::new(),
            server: r.root,
            id: 7,
            attempt: 0,
            sent: 1,
            steps: 0,
            done: false,
            joined: Vec::new(),
        });
        for k in 2..=21 {
            assert!(r.join(client(k), query(k.into())));
        }
        // 9 joined the first client (10 in all), the 11th was dropped;
        // then 5 more (15), one dropped, then the last 4.
        assert_eq!(r.tasks[0].joined.len(), 9 + 5 + 4);
        assert_eq!(r.dropped, 2);
        assert_eq!(r.clients_per_query, 20);
        // Another question is not this one.
        let other = DnsMsg::query(30, Name(2), RType::A, true);
        assert!(!r.join(client(30), other));
    }
}
