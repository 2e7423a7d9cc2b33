//! DNS over the network: caches and their TTLs (stub and resolver), the
//! resolver's cache of referrals, NXDOMAIN, CNAME chasing, MX and AAAA
//! records, and timeouts that are a multiple of the round trip, with retry.
//! Every expected time is derived here from the round trips of the topology.
//!
//! ```text
//! client1 ─┐                         ┌─ root (.)
//!          ├─ local/2 ─ resolver ─ remote/4 ─ core ─ remote/4 ─┼─ com
//! client2 ─┘                         ├─ example.com
//!                                    └─ test.com
//! ```
//!
//! client ↔ resolver: `LOCAL` round trip; resolver ↔ any DNS server:
//! `REMOTE` round trip.

use cslab_sim::names::Name;
use cslab_sim::net::{Addr, App, AppId, Ctx, LinkSpec, NodeId, NodeKind, Packet, Proto, World};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::Message;
use cslab_sim::proto::dns::{
    DNS_PORT, DnsResult, DnsServer, RData, RType, Rcode, Resolver, ResolverMode, RetryPolicy,
    STUB_PORT, STUB_TIMER, StubResolver, UPSTREAM_PORT, ZoneData, ZoneRecord,
};
use cslab_sim::proto::host::{Host, Net, NetApp};
use cslab_sim::proto::tcp::{TcpConfig, TcpStack};
use cslab_sim::time::SimTime;
use cslab_sim::trace::{TraceEvent, TraceMode};

const LOCAL: f64 = 0.010;
const REMOTE: f64 = 0.100;
const A_TTL: u32 = 300;
const NS_TTL: u32 = 172_800;
/// Serialisation of a few DNS packets at 10 Gbit/s: well under this.
const EPS: f64 = 20e-6;

fn secs(s: f64) -> SimTime {
    SimTime::from_nanos_f64_round(s * 1e9)
}

/// A client that runs a plan of lookups at given times.
struct Lookups {
    stub: StubResolver,
    plan: Vec<(f64, &'static str, RType)>,
    results: Vec<DnsResult>,
}

impl NetApp for Lookups {
    fn start(&mut self, net: &mut Net) {
        for (i, (at, _, _)) in self.plan.iter().enumerate() {
            net.set_timer(secs(*at), i as u64);
        }
    }
    fn on_timer(&mut self, net: &mut Net, token: u64) {
        if token & STUB_TIMER != 0 {
            if let Some(r) = self.stub.on_timer(net, token) {
                self.results.push(r);
            }
            return;
        }
        let (_, name, t) = self.plan[token as usize];
        let n = net.ctx.intern(name);
        if let Some(r) = self.stub.lookup(net, n, t) {
            self.results.push(r);
        }
    }
    fn on_udp(&mut self, net: &mut Net, _pkt: &Packet, msg: Option<&Message>) {
        if let Some(Message {
            app: AppMsg::Dns(d),
            ..
        }) = msg
            && let Some(r) = self.stub.on_response(net, d)
        {
            self.results.push(r);
        }
    }
}

/// A DNS server that ignores its first `drop` queries (a dead or
/// overloaded server, deterministically).
struct Silent {
    inner: DnsServer,
    drop: u32,
    ignored: u32,
}

impl App for Silent {
    fn start(&mut self, ctx: &mut Ctx) {
        self.inner.start(ctx);
    }
    fn on_packet(&mut self, ctx: &mut Ctx, pkt: &Packet) {
        if self.ignored < self.drop {
            self.ignored += 1;
            return;
        }
        self.inner.on_packet(ctx, pkt);
    }
    fn on_timer(&mut self, ctx: &mut Ctx, token: u64) {
        self.inner.on_timer(ctx, token);
    }
}

struct Lab {
    w: World,
    clients: [AppId; 2],
    resolver: AppId,
    resolver_node: NodeId,
    root: NodeId,
    tld: NodeId,
    example: NodeId,
    test: NodeId,
    web: Addr,
}

struct Setup {
    mode: ResolverMode,
    /// Resolver timeout, in round trips to the server it waits for.
    timeout_rtts: u32,
    retries: u32,
    /// Queries the root server ignores.
    root_drops: u32,
    /// Queries the com server ignores.
    tld_drops: u32,
    /// How long a recursing server waits for the server it asked, s.
    server_timeout: f64,
    plans: [Vec<(f64, &'static str, RType)>; 2],
    stub_retry: RetryPolicy,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            mode: ResolverMode::Iterative,
            timeout_rtts: 3,
            retries: 2,
            root_drops: 0,
            tld_drops: 0,
            server_timeout: 1000.0,
            plans: [Vec::new(), Vec::new()],
            stub_retry: RetryPolicy {
                timeout: SimTime::from_secs(30),
                retries: 0,
            },
        }
    }
}

fn lab(s: Setup) -> Lab {
    let mut w = World::new(7, TraceMode::Full);
    let fast = |prop: f64| LinkSpec::new(10_000_000_000, secs(prop));
    let c1 = w.add_node("client1", NodeKind::Host);
    let c2 = w.add_node("client2", NodeKind::Host);
    let web = w.add_node("www", NodeKind::Server);
    let resolver = w.add_node("resolver", NodeKind::Server);
    let core = w.add_node("core", NodeKind::Router);
    let root = w.add_node("root", NodeKind::Server);
    let tld = w.add_node("com", NodeKind::Server);
    let example = w.add_node("example.com", NodeKind::Server);
    let test = w.add_node("test.com", NodeKind::Server);
    w.connect(c1, resolver, fast(LOCAL / 2.0));
    w.connect(c2, resolver, fast(LOCAL / 2.0));
    w.connect(web, resolver, fast(LOCAL / 2.0));
    w.connect(resolver, core, fast(REMOTE / 4.0));
    for n in [root, tld, example, test] {
        w.connect(core, n, fast(REMOTE / 4.0));
    }
    let a = Addr::of_node;
    let z = ZoneRecord::new;
    let zones = [
        (
            root,
            "",
            vec![
                z("com", NS_TTL, ZoneData::Ns("a.gtld-servers.net".into())),
                z("a.gtld-servers.net", NS_TTL, ZoneData::A(a(tld))),
            ],
        ),
        (
            tld,
            "com",
            vec![
                z(
                    "example.com",
                    NS_TTL,
                    ZoneData::Ns("ns1.example.com".into()),
                ),
                z("ns1.example.com", NS_TTL, ZoneData::A(a(example))),
                z("test.com", NS_TTL, ZoneData::Ns("ns1.test.com".into())),
                z("ns1.test.com", NS_TTL, ZoneData::A(a(test))),
            ],
        ),
        (
            example,
            "example.com",
            vec![
                z("www.example.com", A_TTL, ZoneData::A(a(web))),
                z("www.example.com", A_TTL, ZoneData::Aaaa(a(web))),
                z(
                    "example.com",
                    3600,
                    ZoneData::Mx(10, "mail.example.com".into()),
                ),
                z("mail.example.com", 3600, ZoneData::A(a(web))),
                z(
                    "shop.example.com",
                    600,
                    ZoneData::Cname("www.example.com".into()),
                ),
                z(
                    "cdn.example.com",
                    600,
                    ZoneData::Cname("edge.test.com".into()),
                ),
            ],
        ),
        (
            test,
            "test.com",
            vec![
                z("www.test.com", A_TTL, ZoneData::A(a(web))),
                z("edge.test.com", 60, ZoneData::A(a(c2))),
            ],
        ),
    ];
    let server_retry = RetryPolicy {
        timeout: secs(s.server_timeout),
        retries: 1,
    };
    let recursive = s.mode == ResolverMode::Recursive;
    for (node, zone, recs) in zones {
        let server = DnsServer::new(zone, recs, recursive, server_retry);
        let drop = match node {
            n if n == root => s.root_drops,
            n if n == tld => s.tld_drops,
            _ => 0,
        };
        let app: Box<dyn App> = if drop > 0 {
            Box::new(Silent {
                inner: server,
                drop,
                ignored: 0,
            })
        } else {
            Box::new(server)
        };
        let id = w.add_app(node, app);
        w.bind(node, Proto::Udp, DNS_PORT, id);
        w.bind(node, Proto::Udp, UPSTREAM_PORT, id);
    }
    let retry = RetryPolicy {
        timeout: secs(REMOTE * s.timeout_rtts as f64),
        retries: s.retries,
    };
    let res = w.add_app(
        resolver,
        Box::new(Host::new(
            TcpStack::new(TcpConfig::default()),
            Resolver::new(s.mode, a(root), retry),
        )),
    );
    w.bind(resolver, Proto::Udp, DNS_PORT, res);
    w.bind(resolver, Proto::Udp, UPSTREAM_PORT, res);
    let [p1, p2] = s.plans;
    let mut clients = Vec::new();
    for (node, plan) in [(c1, p1), (c2, p2)] {
        let app = Lookups {
            stub: StubResolver::new(a(resolver), s.stub_retry),
            plan,
            results: Vec::new(),
        };
        let id = w.add_app(
            node,
            Box::new(Host::new(TcpStack::new(TcpConfig::default()), app)),
        );
        w.bind(node, Proto::Udp, STUB_PORT, id);
        clients.push(id);
    }
    Lab {
        w,
        clients: [clients[0], clients[1]],
        resolver: res,
        resolver_node: resolver,
        root,
        tld,
        example,
        test,
        web: a(web),
    }
}

impl Lab {
    fn run(mut self) -> Lab {
        self.w.run();
        self.w.check_packet_conservation().unwrap();
        self
    }
    fn results(&self, c: usize) -> &[DnsResult] {
        &self
            .w
            .app::<Host<Lookups>>(self.clients[c])
            .unwrap()
            .app
            .results
    }
    fn stub(&self, c: usize) -> &StubResolver {
        &self
            .w
            .app::<Host<Lookups>>(self.clients[c])
            .unwrap()
            .app
            .stub
    }
    fn resolver(&self) -> &Resolver {
        &self.w.app::<Host<Resolver>>(self.resolver).unwrap().app
    }
    /// (time s, destination node, question) of the resolver's own queries,
    /// read from the trace headers.
    fn upstream_queries(&self) -> Vec<(f64, NodeId, String, u16)> {
        let t = self.w.trace();
        t.records()
            .filter_map(|r| {
                let TraceEvent::Message { pkt, .. } = r.ev else {
                    return None;
                };
                let h = t.header(pkt)?;
                match h.msg.app {
                    AppMsg::Dns(d)
                        if !d.response
                            && h.src_node == self.resolver_node
                            && h.src_port == UPSTREAM_PORT
                            && h.dst_port == DNS_PORT =>
                    {
                        let q = self.w.names().text(d.qname).to_string();
                        Some((r.t.as_secs_f64(), h.dst_node, q, d.id))
                    }
                    _ => None,
                }
            })
            .collect()
    }
    fn name(&self, n: Name) -> &str {
        self.w.names().text(n)
    }
    fn packets_sent_between(&self, from: f64, to: f64) -> usize {
        self.w
            .trace()
            .records()
            .filter(|r| {
                matches!(r.ev, TraceEvent::PacketSent { .. })
                    && r.t >= secs(from)
                    && r.t <= secs(to)
            })
            .count()
    }
}

fn took(r: &DnsResult) -> f64 {
    (r.finished - r.started).as_secs_f64()
}

fn assert_near(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() < EPS,
        "{what}: {got} s, expected {want} s"
    );
}

#[test]
fn a_second_lookup_within_the_ttl_crosses_no_network_and_one_after_it_does() {
    let l = lab(Setup {
        plans: [
            vec![
                (0.0, "www.example.com", RType::A),
                (100.0, "www.example.com", RType::A),
                // The stub's entry expires A_TTL after the first answer
                // arrived (≈ 0.31 s); the resolver's a little earlier.
                (A_TTL as f64 + 1.0, "www.example.com", RType::A),
            ],
            Vec::new(),
        ],
        ..Setup::default()
    })
    .run();
    let r = l.results(0);
    assert_eq!(r.len(), 3);
    // Cold: client ↔ resolver, then root, TLD, authoritative.
    assert!(!r[0].cached);
    assert_near(took(&r[0]), LOCAL + 3.0 * REMOTE, "cold lookup");
    assert_eq!(r[0].addr(), Some(l.web));
    // Within the TTL: from the stub's cache, at once, no packet at all.
    assert!(r[1].cached);
    assert_eq!(took(&r[1]), 0.0);
    assert_eq!(r[1].records, r[0].records);
    assert_eq!(l.packets_sent_between(99.0, 101.0), 0);
    // After the TTL: both caches have expired the A record, but the
    // resolver still holds the example.com delegation (two-day TTL): it
    // asks the authoritative server directly, one remote round trip.
    assert!(!r[2].cached);
    assert_near(took(&r[2]), LOCAL + REMOTE, "lookup after the TTL");
    assert_eq!(r[2].addr(), Some(l.web));
    assert_eq!(l.stub(0).queries_sent, 2);
    let q = l.upstream_queries();
    let dsts: Vec<NodeId> = q.iter().map(|x| x.1).collect();
    assert_eq!(dsts, [l.root, l.tld, l.example, l.example]);
    assert_eq!(l.resolver().queries_sent, 4);
    assert_eq!(l.resolver().queries_received, 2);
}

#[test]
fn the_resolver_cache_serves_a_second_client() {
    let l = lab(Setup {
        plans: [
            vec![(0.0, "www.example.com", RType::A)],
            vec![(10.0, "www.example.com", RType::A)],
        ],
        ..Setup::default()
    })
    .run();
    let (a, b) = (&l.results(0)[0], &l.results(1)[0]);
    assert_near(took(a), LOCAL + 3.0 * REMOTE, "first client");
    // The second client's stub has nothing cached, the resolver has:
    // one local round trip, no query upstream.
    assert!(!b.cached, "not from the client's own cache");
    assert_near(took(b), LOCAL, "second client");
    assert_eq!(b.addr(), Some(l.web));
    assert_eq!(l.resolver().queries_sent, 3);
    assert_eq!(l.resolver().cache.hits, 1);
    // The first answer carried the zone's TTL; the cached one carries what
    // is left of it at the resolver: cached at ≈0.305 s for 300 s, asked at
    // ≈10.005 s → 290 whole seconds.
    assert_eq!(a.records[0].ttl, A_TTL);
    assert_eq!(b.records[0].ttl, A_TTL - 10);
}

/// Two clients asking the same name at once: the resolver walks the
/// hierarchy once and answers both (BIND's clients-per-query).
#[test]
fn two_clients_asking_at_once_share_one_resolution() {
    let l = lab(Setup {
        plans: [
            vec![(0.0, "www.example.com", RType::A)],
            vec![(0.0, "www.example.com", RType::A)],
        ],
        ..Setup::default()
    })
    .run();
    for c in 0..2 {
        let r = &l.results(c)[0];
        assert_near(took(r), LOCAL + 3.0 * REMOTE, "each client");
        assert_eq!(r.addr(), Some(l.web));
    }
    let dsts: Vec<NodeId> = l.upstream_queries().iter().map(|x| x.1).collect();
    assert_eq!(dsts, [l.root, l.tld, l.example]);
    assert_eq!(l.resolver().queries_received, 2);
    assert_eq!(l.resolver().dropped, 0);
}

#[test]
fn a_client_never_caches_longer_than_the_resolver() {
    // Client 2 learns the name at 10 s from the resolver's cache, with 290 s
    // left. At 301 s both the resolver's and client 2's entries have
    // expired (client 2 would still hold it had it been given 300 s): it
    // asks, and the resolver goes to the authoritative server again.
    let l = lab(Setup {
        plans: [
            vec![(0.0, "www.example.com", RType::A)],
            vec![
                (10.0, "www.example.com", RType::A),
                (299.0, "www.example.com", RType::A),
                (301.0, "www.example.com", RType::A),
            ],
        ],
        ..Setup::default()
    })
    .run();
    let r = l.results(1);
    assert_near(took(&r[0]), LOCAL, "from the resolver's cache");
    assert!(
        r[1].cached,
        "at 299 s the 290 s entry (from 10 s) still holds"
    );
    assert!(!r[2].cached);
    assert_near(took(&r[2]), LOCAL + REMOTE, "both expired");
    assert_eq!(r[2].records[0].ttl, A_TTL);
}

#[test]
fn a_second_name_under_com_skips_the_root() {
    let l = lab(Setup {
        plans: [
            vec![
                (0.0, "www.example.com", RType::A),
                (10.0, "www.test.com", RType::A),
            ],
            Vec::new(),
        ],
        ..Setup::default()
    })
    .run();
    let r = l.results(0);
    // The com delegation is cached: TLD, then test.com's server.
    assert_near(took(&r[1]), LOCAL + 2.0 * REMOTE, "www.test.com");
    assert_eq!(r[1].addr(), Some(l.web));
    let later: Vec<(NodeId, String)> = l
        .upstream_queries()
        .into_iter()
        .filter(|q| q.0 >= 10.0)
        .map(|q| (q.1, q.2))
        .collect();
    assert_eq!(
        later,
        [
            (l.tld, "www.test.com".to_string()),
            (l.test, "www.test.com".to_string())
        ]
    );
}

#[test]
fn nxdomain_comes_from_the_zone_that_knows_and_is_cached() {
    let l = lab(Setup {
        plans: [
            vec![
                (0.0, "nope.example.com", RType::A),
                (1.0, "nope.example.com", RType::A),
                (2.0, "nope.com", RType::A),
            ],
            vec![(5.0, "nope.example.com", RType::A)],
        ],
        ..Setup::default()
    })
    .run();
    let r = l.results(0);
    assert_eq!(r[0].rcode, Rcode::NxDomain);
    assert!(r[0].records.is_empty() && r[0].addr().is_none());
    assert_near(
        took(&r[0]),
        LOCAL + 3.0 * REMOTE,
        "NXDOMAIN from example.com",
    );
    // Negative caching at the stub: the same answer, no packet.
    assert!(r[1].cached);
    assert_eq!(r[1].rcode, Rcode::NxDomain);
    assert_eq!(l.packets_sent_between(0.5, 1.5), 0);
    // A name the com server denies itself (its delegation is cached).
    assert_eq!(r[2].rcode, Rcode::NxDomain);
    assert_near(
        took(&r[2]),
        LOCAL + REMOTE,
        "nope.com, com delegation cached",
    );
    // Negative caching at the resolver serves the other client.
    let b = &l.results(1)[0];
    assert_eq!((b.rcode, b.cached), (Rcode::NxDomain, false));
    assert_near(took(b), LOCAL, "cached NXDOMAIN at the resolver");
    // The authoritative NXDOMAIN on the wire has AA set.
    let t = l.w.trace();
    let aa = t.headers().any(|h| {
        matches!(h.msg.app, AppMsg::Dns(d) if d.response && d.aa && d.rcode == Rcode::NxDomain)
            && h.src_node == l.example
    });
    assert!(aa);
}

#[test]
fn cnames_are_chased_within_and_across_zones() {
    let l = lab(Setup {
        plans: [
            vec![
                (0.0, "shop.example.com", RType::A),
                (10.0, "cdn.example.com", RType::A),
            ],
            Vec::new(),
        ],
        ..Setup::default()
    })
    .run();
    let r = l.results(0);
    // Same zone: the authoritative server adds the target's A record.
    let shop = &r[0];
    assert_near(took(shop), LOCAL + 3.0 * REMOTE, "shop (CNAME in zone)");
    assert_eq!(shop.records.len(), 2);
    assert_eq!(shop.records[0].rtype, RType::Cname);
    let RData::Cname(t) = shop.records[0].data else {
        panic!()
    };
    assert_eq!(l.name(t), "www.example.com");
    assert_eq!(shop.addr(), Some(l.web));
    // Another zone: the resolver restarts at the closest delegation it
    // knows for edge.test.com (com), then test.com's server.
    let cdn = &r[1];
    assert_near(took(cdn), LOCAL + 3.0 * REMOTE, "cdn (CNAME to test.com)");
    let RData::Cname(t) = cdn.records[0].data else {
        panic!()
    };
    assert_eq!(l.name(t), "edge.test.com");
    assert_eq!(cdn.records[1].rtype, RType::A);
    assert_eq!(l.name(cdn.records[1].name), "edge.test.com");
    let later: Vec<(NodeId, String)> = l
        .upstream_queries()
        .into_iter()
        .filter(|q| q.0 >= 10.0)
        .map(|q| (q.1, q.2))
        .collect();
    assert_eq!(
        later,
        [
            (l.example, "cdn.example.com".to_string()),
            (l.tld, "edge.test.com".to_string()),
            (l.test, "edge.test.com".to_string())
        ]
    );
    // The chain is cached for its shortest TTL (edge's 60 s) at the stub.
    assert_eq!(l.stub(0).cache.len(), 2);
}

#[test]
fn mx_and_aaaa_records() {
    let l = lab(Setup {
        plans: [
            vec![
                (0.0, "www.example.com", RType::Aaaa),
                (10.0, "example.com", RType::Mx),
                (20.0, "mail.example.com", RType::A),
                (30.0, "www.test.com", RType::Aaaa),
            ],
            Vec::new(),
        ],
        ..Setup::default()
    })
    .run();
    let r = l.results(0);
    assert_eq!(r[0].rcode, Rcode::NoError);
    assert_eq!(r[0].records[0].data, RData::Aaaa(l.web));
    assert_eq!(r[0].addr(), Some(l.web));
    let RData::Mx {
        preference,
        exchange,
    } = r[1].records[0].data
    else {
        panic!("{:?}", r[1])
    };
    assert_eq!((preference, l.name(exchange)), (10, "mail.example.com"));
    assert_near(took(&r[1]), LOCAL + REMOTE, "MX, delegation cached");
    assert_eq!(r[2].addr(), Some(l.web));
    // A name with an A record but no AAAA: no error, no data.
    assert_eq!(r[3].rcode, Rcode::NoError);
    assert!(r[3].records.is_empty() && r[3].addr().is_none());
    // MX answers on the wire carry the exchange's address as additional.
    let glue = l.w.trace().headers().any(|h| {
        matches!(h.msg.app, AppMsg::Dns(d)
            if d.response && d.qtype == RType::Mx && d.additional().len() == 1)
    });
    assert!(glue);
}

#[test]
fn a_lost_query_is_retried_after_k_round_trips() {
    for k in [2u32, 3, 5] {
        let l = lab(Setup {
            timeout_rtts: k,
            root_drops: 1,
            plans: [vec![(0.0, "www.example.com", RType::A)], Vec::new()],
            ..Setup::default()
        })
        .run();
        let r = &l.results(0)[0];
        assert_eq!(r.rcode, Rcode::NoError);
        assert_eq!(r.addr(), Some(l.web));
        // The root ignores the first query: the resolver waits k round
        // trips, asks again, then the walk goes on as usual.
        let want = LOCAL + k as f64 * REMOTE + 3.0 * REMOTE;
        assert_near(took(r), want, &format!("k={k}"));
        let q = l.upstream_queries();
        assert_eq!(q.len(), 4);
        assert_eq!((q[0].1, q[1].1), (l.root, l.root));
        // Exactly k·RTT between the two, and a fresh query id.
        let gap = q[1].0 - q[0].0;
        assert!(
            (gap - k as f64 * REMOTE).abs() < 1e-9,
            "retry after {gap} s, want {k}·RTT"
        );
        assert_ne!(q[0].3, q[1].3);
        assert_eq!(l.resolver().timeouts, 1);
    }
}

#[test]
fn a_dead_server_means_servfail_after_every_retry() {
    let (k, retries) = (3u32, 2u32);
    let l = lab(Setup {
        timeout_rtts: k,
        retries,
        root_drops: u32::MAX,
        plans: [vec![(0.0, "www.example.com", RType::A)], Vec::new()],
        ..Setup::default()
    })
    .run();
    let r = &l.results(0)[0];
    assert_eq!(r.rcode, Rcode::ServFail);
    // 1 + retries attempts, each waiting k round trips.
    let want = LOCAL + (1 + retries) as f64 * k as f64 * REMOTE;
    assert_near(took(r), want, "SERVFAIL");
    let q = l.upstream_queries();
    assert_eq!(q.len(), 1 + retries as usize);
    assert!(q.iter().all(|x| x.1 == l.root));
    assert_eq!(l.resolver().timeouts, 1 + retries as u64);
    // A failure is not cached: the stub holds nothing.
    assert!(l.stub(0).cache.is_empty());
}

#[test]
fn the_stub_retries_and_takes_the_first_answer() {
    // The resolver needs 3 remote round trips; the stub waits 2.5, asks
    // again with the same id, and takes whichever answer comes first.
    let wait = 2.5 * REMOTE;
    let l = lab(Setup {
        stub_retry: RetryPolicy {
            timeout: secs(wait),
            retries: 1,
        },
        plans: [vec![(0.0, "www.example.com", RType::A)], Vec::new()],
        ..Setup::default()
    })
    .run();
    let r = l.results(0);
    assert_eq!(r.len(), 1, "one result, the late duplicate is ignored");
    assert_eq!(r[0].rcode, Rcode::NoError);
    assert_eq!(l.stub(0).queries_sent, 2);
    // The answer to the first copy arrives at LOCAL + 3·REMOTE.
    assert_near(took(&r[0]), LOCAL + 3.0 * REMOTE, "first answer wins");
    // The retry reached the resolver while the first copy was still being
    // resolved: it joined it (BIND's clients-per-query), no second walk.
    assert_eq!(l.resolver().queries_received, 2);
    let q = l.upstream_queries();
    let dsts: Vec<NodeId> = q.iter().map(|x| x.1).collect();
    assert_eq!(dsts, [l.root, l.tld, l.example]);
    // Both copies on the wire carry the same question id.
    let ids: Vec<u16> =
        l.w.trace()
            .headers()
            .filter_map(|h| match h.msg.app {
                AppMsg::Dns(d) if !d.response && h.src_port == STUB_PORT => Some(d.id),
                _ => None,
            })
            .collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[0], ids[1]);
}

#[test]
fn recursive_resolution_caches_and_retries_along_the_chain() {
    // The resolver asks the root with RD; the root asks com, com asks
    // example.com, and the answer comes back the same way. The com server
    // ignores the root's first query: the root asks again after its
    // timeout, T = 2·(2·REMOTE) (it waits for two round trips below it).
    let t_root = 4.0 * REMOTE;
    let l = lab(Setup {
        mode: ResolverMode::Recursive,
        timeout_rtts: 30,
        tld_drops: 1,
        server_timeout: t_root,
        plans: [
            vec![(0.0, "www.example.com", RType::A)],
            vec![(10.0, "www.example.com", RType::A)],
        ],
        ..Setup::default()
    })
    .run();
    let a = &l.results(0)[0];
    assert_eq!(a.addr(), Some(l.web));
    // Client ↔ resolver ↔ root ↔ com ↔ example.com: LOCAL + 3·REMOTE, plus
    // the root's wait.
    assert_near(
        took(a),
        LOCAL + 3.0 * REMOTE + t_root,
        "recursive, one retry",
    );
    // The resolver asked once (RD set); the rest of the walk is the
    // servers' own queries, each with RD, from their upstream port.
    let q = l.upstream_queries();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].1, l.root);
    let hops: Vec<(NodeId, NodeId)> =
        l.w.trace()
            .headers()
            .filter(|h| {
                matches!(h.msg.app, AppMsg::Dns(d) if !d.response && d.rd)
                    && h.src_port == UPSTREAM_PORT
            })
            .map(|h| (h.src_node, h.dst_node))
            .collect();
    assert_eq!(
        hops,
        [
            (l.resolver_node, l.root),
            (l.root, l.tld),
            (l.root, l.tld),
            (l.tld, l.example)
        ]
    );
    // The resolver cached the answer: the second client waits LOCAL only.
    let b = &l.results(1)[0];
    assert_near(took(b), LOCAL, "recursive answer cached at the resolver");
    assert_eq!(l.resolver().queries_sent, 1);
}
