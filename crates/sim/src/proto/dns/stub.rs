//! The client's stub resolver ([`StubResolver`]) and the outcome of a
//! lookup ([`DnsResult`]). It asks over UDP port 53, or over DNS over
//! HTTPS ([`StubResolver::over_https`]).

use super::doh::DohLink;
use super::{
    DNS_PORT, DnsCache, DnsMsg, NEGATIVE_TTL, RData, RType, Rcode, RetryPolicy, Rr, STUB_PORT,
    send_dns,
};
use crate::names::Name;
use crate::net::Addr;
use crate::proto::host::Net;
use crate::proto::tcp::{ConnId, TcpEvent};
use crate::time::SimTime;

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
    /// Asks over HTTPS instead of UDP.
    doh: Option<DohLink>,
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
            doh: None,
        }
    }

    /// A stub that asks the resolver at `server` by DNS over HTTPS, at
    /// `https://{server_name}/dns-query` (RFC 8484 §3: the client is
    /// configured with the URI; the address is known beforehand, as
    /// browsers' DoH settings bootstrap it). Over TCP it sends no copy of a
    /// question: it waits for the whole of its retries' time, then fails.
    pub fn over_https(server: Addr, server_name: &str, retry: RetryPolicy) -> StubResolver {
        StubResolver {
            doh: Some(DohLink::new(server_name)),
            ..StubResolver::new(server, retry)
        }
    }

    /// The connection is the stub's own (to its DoH resolver).
    pub fn owns(&self, conn: ConnId) -> bool {
        self.doh.as_ref().is_some_and(|doh| doh.owns(conn))
    }

    /// An event on the stub's own connection: the lookup it completes, if
    /// any.
    pub fn on_tcp(&mut self, net: &mut Net, ev: &TcpEvent) -> Option<DnsResult> {
        let answer = self.doh.as_mut()?.on_tcp(net, ev)?;
        self.on_response(net, &answer)
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
        self.queries_sent += 1;
        let wait = match &mut self.doh {
            None => {
                if p.attempt == 0 {
                    p.id = net.ctx.rng().next_u64() as u16;
                }
                let q = DnsMsg::query(p.id, p.qname, p.qtype, true);
                send_dns(net.ctx, self.server, STUB_PORT, DNS_PORT, q);
                self.retry.timeout
            }
            Some(doh) => {
                // Id 0 (RFC 8484 §4.1), one question, one long wait.
                p.attempt = self.retry.retries;
                doh.ask(net, self.server, DnsMsg::query(0, p.qname, p.qtype, true));
                SimTime::from_nanos(
                    self.retry.timeout.as_nanos() * (u64::from(self.retry.retries) + 1),
                )
            }
        };
        let tok = STUB_TIMER | ((i as u64) << 16) | p.attempt as u64;
        net.set_timer(wait, tok);
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
