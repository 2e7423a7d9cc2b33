//! The servers of the hierarchy ([`DnsServer`]): authoritative answers,
//! referrals to delegated zones, NXDOMAIN, and the recursive chain.

use super::{
    DNS_PORT, DnsMsg, RData, RType, Rcode, RetryPolicy, Rr, UPSTREAM_PORT, ZoneRecord, dns_of,
    in_zone, send_dns,
};
use crate::names::Name;
use crate::net::{Addr, App, Ctx, Packet};

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

/// An authoritative server for one zone (see the [module docs](super)).
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
