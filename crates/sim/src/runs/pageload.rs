//! The page-load lesson: a browser loads a page of one base HTML file and M
//! objects from a web server, after resolving its name.
//!
//! ```text
//!                       ┌── web server (www.example.com)      RTT = rtt_ms
//! client ══ access ══ router
//!                       └── local DNS resolver                RTT = dns_local_rtt_ms
//!                               │
//!                             core ─┬─ root server (.)        resolver ↔ each,
//!                                   ├─ TLD server (com)       and between them:
//!                                   └─ authoritative (example.com)  dns_remote_rtt_ms
//! ```
//!
//! The access link (client ↔ router) has the bandwidth `bandwidth_mbps` and
//! the loss; every other link is 10 Gbit/s and lossless. Round-trip times
//! are all propagation: client ↔ web server `rtt_ms`, client ↔ resolver
//! `dns_local_rtt_ms`, and `dns_remote_rtt_ms` between any two of resolver,
//! root, TLD and authoritative server.
//!
//! The page is `/index.html`, whose HTML links a stylesheet, a script and
//! images ([`object_path`]); the browser finds them by parsing the HTML once
//! it has arrived. [`PageLoadSim::with_workload`] serves another site, or
//! runs a request script instead of a page.
//!
//! Phases (of the first connection): DNS, connect (SYN → SYN-ACK), TLS,
//! waiting (base request → its first byte), transfer (first byte → page
//! complete; split into the time the access line spent sending and the
//! time it waited for round trips). They add up to the page-load time.
//! [`super::pageload_gap`] explains the gap to the textbook's count.
//!
//! ```
//! use cslab_sim::runs::pageload::{PageLoadParams, run_pageload};
//! let r = run_pageload(&PageLoadParams::default()).unwrap();
//! assert!(r.complete);
//! ```

use super::web_world::{add_browser, add_dns_server, add_resolver, add_web_server, delegation};
use crate::apps::browser::{Browser, BrowserConfig, HttpMode, ScriptStep};
use crate::apps::web::WebServer;
use crate::net::{Addr, AppId, LinkSpec, NodeId, NodeKind, World};
use crate::proto::dns::{DnsServer, Resolver, ResolverMode, RetryPolicy, ZoneData, ZoneRecord};
use crate::proto::host::Host;
use crate::proto::http::{Access, Method, Resource, Site, Status};
use crate::proto::tcp::{InitialWindow, TcpConfig};
use crate::time::SimTime;
use crate::trace::TraceMode;
use serde::{Deserialize, Serialize};

pub const HOST: &str = "www.example.com";
/// The name of the provider's resolver in its DNS over HTTPS address,
/// `https://dns.provider.example/dns-query`.
pub const DOH_NAME: &str = "dns.provider.example";
pub const HTTP_PORT: u16 = 80;
pub const HTTPS_PORT: u16 = 443;
/// TTL of the web server's A record, seconds.
pub const A_TTL: u32 = 300;
/// TTL of the NS delegations, seconds (two days, as for `com`).
pub const NS_TTL: u32 = 172_800;

/// How the name gets resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DnsMode {
    /// The browser has the answer in its cache: no DNS packet.
    Cached,
    /// The resolver walks root → TLD → authoritative.
    Iterative,
    /// The resolver asks the root, which asks the TLD, which asks the
    /// authoritative server.
    Recursive,
}

impl DnsMode {
    pub fn as_str(self) -> &'static str {
        match self {
            DnsMode::Cached => "cached",
            DnsMode::Iterative => "iterative",
            DnsMode::Recursive => "recursive",
        }
    }
}

/// Parameters of a page load (every field has a default).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PageLoadParams {
    /// Objects M referenced by the base page.
    pub objects: u32,
    /// Size of each object, kB (1 kB = 1000 bytes).
    pub object_kb: f64,
    /// Size of the base HTML page, kB.
    pub base_kb: f64,
    /// Round trip client ↔ web server, ms (propagation).
    pub rtt_ms: f64,
    pub mode: HttpMode,
    /// Most connections open at once (X).
    pub parallel: u32,
    /// Access-link bandwidth, Mbit/s.
    pub bandwidth_mbps: f64,
    pub tls: bool,
    pub dns: DnsMode,
    /// The browser asks its resolver by DNS over HTTPS ([`DOH_NAME`])
    /// instead of UDP.
    pub doh: bool,
    /// Loss probability on the access link (each direction).
    pub loss: f64,
    pub seed: u64,
    /// Round trip client ↔ local resolver, ms.
    pub dns_local_rtt_ms: f64,
    /// Round trip between DNS servers, ms (`None`: `rtt_ms`).
    pub dns_remote_rtt_ms: Option<f64>,
    /// DNS timeouts are this many times the round trip they wait for.
    pub dns_timeout_rtts: u32,
    pub dns_retries: u32,
    /// TCP maximum segment size, bytes.
    pub mss: u32,
    /// The rule for TCP's initial congestion window (both ends).
    pub init_cwnd: InitialWindow,
    /// Receive buffer (largest advertised window), kB.
    pub rcv_buf_kb: u32,
    /// Packets the access link queues per direction (`None`: unbounded).
    pub queue_packets: Option<u32>,
    /// Connections the web server accepts at once (more are reset).
    pub server_backlog: u32,
    pub trace: TraceMode,
    /// Give up after this much simulated time, s.
    pub max_sim_s: f64,
    /// Open the page a second time this long after it is complete, s
    /// (see [`BrowserConfig::revisit_after`]).
    pub revisit_after_s: Option<f64>,
}

impl Default for PageLoadParams {
    fn default() -> Self {
        PageLoadParams {
            objects: 10,
            object_kb: 10.0,
            base_kb: 2.0,
            rtt_ms: 40.0,
            mode: HttpMode::Persistent,
            parallel: 1,
            bandwidth_mbps: 100.0,
            tls: false,
            dns: DnsMode::Iterative,
            doh: false,
            loss: 0.0,
            seed: 1,
            dns_local_rtt_ms: 4.0,
            dns_remote_rtt_ms: None,
            dns_timeout_rtts: 3,
            dns_retries: 3,
            mss: 1460,
            init_cwnd: InitialWindow::Rfc6928,
            rcv_buf_kb: 256,
            queue_packets: None,
            server_backlog: 128,
            trace: TraceMode::Full,
            max_sim_s: 3_600.0,
            revisit_after_s: None,
        }
    }
}

fn ms(x: f64) -> SimTime {
    SimTime::from_nanos_f64_round(x * 1e6)
}

fn kb(x: f64) -> u32 {
    (x * 1000.0).round() as u32
}

impl PageLoadParams {
    /// Checks every field, with a message naming the bad one.
    pub fn validate(&self) -> Result<(), String> {
        let range = |name: &str, v: f64, lo: f64, hi: f64| {
            if v.is_finite() && v >= lo && v <= hi {
                Ok(())
            } else {
                Err(format!("{name} must be between {lo} and {hi}, got {v}"))
            }
        };
        if self.objects > 1000 {
            return Err(format!(
                "objects must be between 0 and 1000, got {}",
                self.objects
            ));
        }
        if self.parallel == 0 || self.parallel > 100 {
            return Err(format!(
                "parallel must be between 1 and 100, got {}",
                self.parallel
            ));
        }
        range("object_kb", self.object_kb, 0.001, 100_000.0)?;
        range("base_kb", self.base_kb, 0.001, 100_000.0)?;
        range("rtt_ms", self.rtt_ms, 0.0, 10_000.0)?;
        range("bandwidth_mbps", self.bandwidth_mbps, 0.001, 100_000.0)?;
        range("loss", self.loss, 0.0, 0.5)?;
        range("dns_local_rtt_ms", self.dns_local_rtt_ms, 0.0, 10_000.0)?;
        if let Some(r) = self.dns_remote_rtt_ms {
            range("dns_remote_rtt_ms", r, 0.0, 10_000.0)?;
        }
        if self.dns_timeout_rtts == 0 || self.dns_timeout_rtts > 100 {
            return Err(format!(
                "dns_timeout_rtts must be between 1 and 100, got {}",
                self.dns_timeout_rtts
            ));
        }
        if self.dns_retries > 10 {
            return Err(format!(
                "dns_retries must be between 0 and 10, got {}",
                self.dns_retries
            ));
        }
        if !(536..=9000).contains(&self.mss) {
            return Err(format!(
                "mss must be between 536 and 9000, got {}",
                self.mss
            ));
        }
        if let InitialWindow::Segments(w) = self.init_cwnd
            && !(1..=1000).contains(&w)
        {
            return Err(format!(
                "init_cwnd must be between 1 and 1000 segments, got {w}"
            ));
        }
        if (self.rcv_buf_kb as u64) * 1000 < self.mss as u64 || self.rcv_buf_kb > 1_000_000 {
            return Err(format!(
                "rcv_buf_kb must hold at least one segment and be at most 1000000, got {}",
                self.rcv_buf_kb
            ));
        }
        if self.queue_packets == Some(0) {
            return Err("queue_packets must be at least 1".into());
        }
        if self.server_backlog == 0 {
            return Err("server_backlog must be at least 1".into());
        }
        range("max_sim_s", self.max_sim_s, 0.001, 1e7)?;
        if let Some(after) = self.revisit_after_s {
            range("revisit_after_s", after, 0.0, 3_600.0)?;
        }
        Ok(())
    }

    /// The access link's bandwidth, bit/s.
    pub fn access_bps(&self) -> u64 {
        (self.bandwidth_mbps * 1e6).round() as u64
    }

    pub fn dns_remote_rtt(&self) -> f64 {
        self.dns_remote_rtt_ms.unwrap_or(self.rtt_ms)
    }

    pub fn object_bytes(&self) -> u32 {
        kb(self.object_kb)
    }

    pub fn base_bytes(&self) -> u32 {
        kb(self.base_kb)
    }

    pub fn tcp_config(&self) -> TcpConfig {
        TcpConfig {
            mss: self.mss,
            init_cwnd: self.init_cwnd,
            rcv_buf: self.rcv_buf_kb * 1000,
            ..TcpConfig::default()
        }
    }
}

/// The textbook page-load time in round trips, DNS excluded (Kurose–Ross:
/// tiny objects, no window limits, no transmission time): what the UI
/// overlays. With X > 1 connections the count follows the browser's policy
/// ([`crate::apps::browser`]): after the base page, persistent and
/// pipelined connections beyond the first pay their handshakes too.
pub fn textbook_rtts(mode: HttpMode, objects: u32, parallel: u32, tls: bool) -> u32 {
    let m = objects;
    let x = parallel.max(1);
    let h = 1 + tls as u32; // handshake(s) before the first request
    let base = h + 1;
    match mode {
        // Base: connect (+TLS) + request; then ceil(M/X) waves of the same.
        HttpMode::NonPersistent => base * (1 + m.div_ceil(x)),
        HttpMode::Persistent => base + persistent_rounds(m, x, h),
        // The first connection takes ceil(M/X) requests back to back; the
        // rest go to new connections in batches of the same size.
        HttpMode::Pipelined => {
            let batch = m.div_ceil(x);
            base + match m {
                0 => 0,
                _ if m > batch => h + 1,
                _ => 1,
            }
        }
    }
}

/// Round trips for M objects one at a time over X persistent connections
/// once the base page is in: the open one takes the first object, up to X −
/// 1 new ones (ready after `h` round trips) one each, and every later
/// object goes to the connection free first.
fn persistent_rounds(m: u32, x: u32, h: u32) -> u32 {
    if m == 0 {
        return 0;
    }
    let opened = (x - 1).min(m - 1);
    let mut free: Vec<u32> = std::iter::once(1)
        .chain(std::iter::repeat_n(h + 1, opened as usize))
        .collect();
    for _ in 1 + opened..m {
        let first = free.iter_mut().min().expect("a connection");
        *first += 1;
    }
    free.into_iter().max().unwrap_or(0)
}

/// The nodes of the page-load topology.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PageLoadNodes {
    pub client: NodeId,
    pub router: NodeId,
    pub server: NodeId,
    pub resolver: NodeId,
    pub core: NodeId,
    pub root: NodeId,
    pub tld: NodeId,
    pub auth: NodeId,
}

/// What a page load measured. Times in seconds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PageLoadReport {
    pub seed: u64,
    pub mode: HttpMode,
    pub objects: u32,
    pub parallel: u32,
    pub tls: bool,
    pub dns: DnsMode,
    pub rtt_ms: f64,
    /// The page (base + every object) arrived.
    pub complete: bool,
    pub page_load_s: f64,
    pub dns_s: f64,
    pub connect_s: f64,
    pub tls_s: f64,
    /// Base request sent → its first byte back.
    pub first_byte_s: f64,
    /// First byte → page complete.
    pub transfer_s: f64,
    /// Of `transfer_s`, the time the access line spent sending to the
    /// client; the rest it waited for round trips. The line has no
    /// propagation delay, so a frame arrives as its last bit leaves, and
    /// every frame after the first byte was sent after it: the frames'
    /// bits over the bandwidth is the line's busy time in the transfer.
    pub sending_s: f64,
    /// TCP's initial congestion window, bytes.
    pub init_cwnd_bytes: u32,
    /// The second visit, from its DNS lookup to the page complete again.
    pub second_visit_s: Option<f64>,
    /// The textbook count for this mode (DNS excluded), in round trips.
    pub textbook_rtts: u32,
    pub connections: u32,
    pub refused_connections: u32,
    pub requests: u32,
    pub objects_loaded: u32,
    /// Application bytes the client's TCP delivered in order.
    pub bytes_delivered: u64,
    pub packets: u64,
    pub packets_delivered: u64,
    pub packets_dropped: u64,
    /// TCP segments sent again (both ends).
    pub retransmissions: u64,
    pub tcp_timeouts: u64,
    pub fast_retransmits: u64,
    pub dns_queries: u64,
    pub dns_timeouts: u64,
    pub events: u64,
    pub sim_time_s: f64,
    pub trace_records: u64,
    pub trace_hash: String,
}

/// A page load that can be stepped (the UI animates it frame by frame).
pub struct PageLoadSim {
    params: PageLoadParams,
    world: World,
    nodes: PageLoadNodes,
    browser: AppId,
    server_app: AppId,
    resolver: AppId,
    limit: SimTime,
}

/// Path of the page's object `i` (1-based): a stylesheet, a script, then
/// images.
pub fn object_path(i: u32) -> String {
    match i {
        1 => "/css/style.css".into(),
        2 => "/js/app.js".into(),
        _ => format!("/img/{i}.png"),
    }
}

/// The page of a page load: `/index.html` referencing M objects
/// ([`object_path`]), each `object_kb` large.
pub fn page_site(p: &PageLoadParams) -> Site {
    let paths: Vec<String> = (1..=p.objects).map(object_path).collect();
    let mut site = Site::default();
    site.resources
        .push(Resource::page(BASE_PATH, p.base_bytes(), paths.clone()));
    for path in paths {
        let ty = match path.rsplit('.').next() {
            Some("css") => "text/css",
            Some("js") => "text/javascript",
            _ => "image/png",
        };
        site.resources
            .push(Resource::new(&path, p.object_bytes(), ty));
    }
    site
}

pub const BASE_PATH: &str = "/index.html";

/// What the server holds and what the browser does, beyond the
/// parameters: by default ([`Workload::page`]) the page load; tests and
/// lessons give their own site and request script.
#[derive(Clone, Debug, PartialEq)]
pub struct Workload {
    pub site: Site,
    /// The page the browser loads (when `script` is empty).
    pub base_path: String,
    /// Requests the browser runs instead of loading a page.
    pub script: Vec<ScriptStep>,
    /// The browser has a login to answer a 401 with.
    pub credentials: bool,
    /// Clients the server serves at once; more are answered 503.
    pub server_max_clients: Option<u32>,
}

/// A site with a route for each status a lesson shows: `/` (a page, 200,
/// then 304 to a conditional GET), `/old` (301 to `/`), `/private` (401
/// without a login), `/admin` (403), `/error` (500), `/form` (takes a
/// POST); any other path is 404, and a PUT creates it (201).
pub fn status_lab_site() -> Site {
    let mut site = Site::default();
    site.resources.push(Resource::new("/", 1000, "text/html"));
    let mut old = Resource::new("/old", 0, "text/html");
    old.moved_to = Some("/".into());
    site.resources.push(old);
    let mut private = Resource::new("/private", 700, "application/json");
    private.access = Access::NeedsLogin;
    site.resources.push(private);
    let mut admin = Resource::new("/admin", 700, "text/html");
    admin.access = Access::Forbidden;
    site.resources.push(admin);
    let mut error = Resource::new("/error", 0, "text/html");
    error.fails_with = Some(Status::InternalServerError);
    site.resources.push(error);
    site.resources
        .push(Resource::new("/form", 0, "application/json"));
    site
}

/// One request the browser made and its answer, for a report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RequestLog {
    pub method: Method,
    pub path: String,
    pub status: Option<u16>,
    /// Index (in this list) of the request this one repeats after a 301
    /// or 401.
    pub follows: Option<usize>,
    pub conditional: bool,
    pub authorized: bool,
    /// A 304 let the browser use its cached copy.
    pub from_cache: bool,
    pub request_body_bytes: u32,
    pub response_body_bytes: u32,
    pub requested_s: Option<f64>,
    pub done_s: Option<f64>,
}

impl Workload {
    /// The status lab: [`status_lab_site`] and a script to run against it.
    pub fn script(script: Vec<ScriptStep>, credentials: bool) -> Workload {
        Workload {
            site: status_lab_site(),
            base_path: "/".into(),
            script,
            credentials,
            server_max_clients: None,
        }
    }

    pub fn page(p: &PageLoadParams) -> Workload {
        Workload {
            site: page_site(p),
            base_path: BASE_PATH.into(),
            script: Vec::new(),
            credentials: false,
            server_max_clients: None,
        }
    }
}

impl PageLoadSim {
    pub fn new(p: &PageLoadParams) -> Result<PageLoadSim, String> {
        PageLoadSim::with_workload(p, Workload::page(p))
    }

    /// The page-load world serving `load.site` to a browser that loads
    /// `load.base_path` or runs `load.script`.
    pub fn with_workload(p: &PageLoadParams, load: Workload) -> Result<PageLoadSim, String> {
        p.validate()?;
        let mut w = World::new(p.seed, p.trace);
        let fast = |prop: SimTime| LinkSpec::new(10_000_000_000, prop);
        let client = w.add_node("client", NodeKind::Host);
        let router = w.add_node("router", NodeKind::Router);
        let server = w.add_node("www.example.com", NodeKind::Server);
        let resolver = w.add_node("local DNS", NodeKind::Server);
        let core = w.add_node("core", NodeKind::Router);
        let root = w.add_node("root DNS", NodeKind::Server);
        let tld = w.add_node("com DNS", NodeKind::Server);
        let auth = w.add_node("example.com DNS", NodeKind::Server);
        let nodes = PageLoadNodes {
            client,
            router,
            server,
            resolver,
            core,
            root,
            tld,
            auth,
        };
        let mut access = LinkSpec::new(p.access_bps(), SimTime::ZERO).with_loss(p.loss);
        if let Some(q) = p.queue_packets {
            access = access.with_queue(q);
        }
        w.connect(client, router, access);
        let half = |x: f64| ms(x / 2.0);
        let quarter = |x: f64| ms(x / 4.0);
        let remote = p.dns_remote_rtt();
        w.connect(router, server, fast(half(p.rtt_ms)));
        w.connect(router, resolver, fast(half(p.dns_local_rtt_ms)));
        w.connect(resolver, core, fast(quarter(remote)));
        for n in [root, tld, auth] {
            w.connect(core, n, fast(quarter(remote)));
        }

        {
            use super::addresses::{HOME, assign, page::*};
            assign(
                &mut w,
                &[
                    (client, BROWSER),
                    (router, ROUTER),
                    (server, WEB),
                    (resolver, RESOLVER),
                    (core, CORE),
                    (root, ROOT),
                    (tld, TLD),
                    (auth, AUTH),
                ],
            );
            w.add_nat(router, ROUTER_PUBLIC, HOME);
        }

        // DNS: zones and servers.
        let addrs: Vec<Addr> = w.nodes().iter().map(|node| node.addr).collect();
        let a = |n: NodeId| addrs[n.index()];
        let timeout = |rtt_ms: f64| {
            let t = ms(rtt_ms * p.dns_timeout_rtts as f64);
            RetryPolicy {
                timeout: t.max(SimTime::from_millis(1)),
                retries: p.dns_retries,
            }
        };
        let recursive = p.dns == DnsMode::Recursive;
        let root_zone = delegation("com", NS_TTL, "a.gtld-servers.net", a(tld)).to_vec();
        let tld_zone = delegation("example.com", NS_TTL, "ns1.example.com", a(auth)).to_vec();
        let mut auth_zone = delegation("example.com", NS_TTL, "ns1.example.com", a(auth)).to_vec();
        auth_zone.extend([
            ZoneRecord::new(HOST, A_TTL, ZoneData::A(a(server))),
            ZoneRecord::new(HOST, A_TTL, ZoneData::Aaaa(a(server))),
            ZoneRecord::new(
                "example.com",
                A_TTL,
                ZoneData::Mx(10, "mail.example.com".into()),
            ),
            ZoneRecord::new("mail.example.com", A_TTL, ZoneData::A(a(server))),
            ZoneRecord::new("shop.example.com", A_TTL, ZoneData::Cname(HOST.into())),
        ]);
        // Recursive chain: root waits for TLD + auth, TLD for auth.
        let servers = [
            (root, "", root_zone, 2.0),
            (tld, "com", tld_zone, 1.0),
            (auth, "example.com", auth_zone, 1.0),
        ];
        for (node, zone, recs, hops) in servers {
            let server = DnsServer::new(zone, recs, recursive, timeout(remote * hops));
            add_dns_server(&mut w, node, server);
        }
        let tcp = p.tcp_config();
        let (mode, res_wait) = if recursive {
            (ResolverMode::Recursive, 3.0 * remote)
        } else {
            (ResolverMode::Iterative, remote)
        };
        let mut res = Resolver::new(mode, a(root), timeout(res_wait));
        if p.doh {
            res = res.serving_https();
        }
        let res_app = add_resolver(&mut w, resolver, res, tcp);

        // Web server.
        let port = if p.tls { HTTPS_PORT } else { HTTP_PORT };
        let mut web = WebServer::new(load.site, port, p.server_backlog, p.tls);
        web.max_clients = load.server_max_clients;
        let srv = add_web_server(&mut w, server, web, tcp);

        // Browser.
        let cfg = BrowserConfig {
            host: HOST.into(),
            port,
            base_path: load.base_path,
            script: load.script,
            credentials: load.credentials,
            mode: p.mode,
            parallel: p.parallel,
            tls: p.tls,
            prewarm_dns: (p.dns == DnsMode::Cached).then_some((a(server), A_TTL)),
            max_retries: 1_000,
            retry_delay: ms(p.rtt_ms).max(SimTime::from_millis(1)),
            revisit_after: p.revisit_after_s.map(SimTime::from_secs_f64_round),
            doh: p.doh.then(|| DOH_NAME.into()),
        };
        let stub_wait = p.dns_local_rtt_ms + 3.0 * remote;
        let browser = Browser::new(cfg, a(resolver), timeout(stub_wait));
        let b = add_browser(&mut w, client, browser, tcp);
        Ok(PageLoadSim {
            params: p.clone(),
            world: w,
            nodes,
            browser: b,
            server_app: srv,
            resolver: res_app,
            limit: SimTime::from_secs_f64_round(p.max_sim_s),
        })
    }

    pub fn params(&self) -> &PageLoadParams {
        &self.params
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    pub fn nodes(&self) -> PageLoadNodes {
        self.nodes
    }

    pub fn browser_host(&self) -> &Host<Browser> {
        self.world.app(self.browser).expect("browser")
    }

    pub fn browser(&self) -> &Browser {
        &self.browser_host().app
    }

    pub fn server_host(&self) -> &Host<WebServer> {
        self.world.app(self.server_app).expect("web server")
    }

    pub fn resolver_host(&self) -> &Host<Resolver> {
        self.world.app(self.resolver).expect("resolver")
    }

    pub fn resolver(&self) -> &Resolver {
        &self.resolver_host().app
    }

    /// The page is complete or failed, or the time limit passed.
    pub fn is_done(&self) -> bool {
        self.browser().is_done() || self.world.is_idle() || self.world.now() > self.limit
    }

    /// Runs at most `max_events` events (stops early once done).
    pub fn step(&mut self, max_events: u64) -> u64 {
        let mut n = 0;
        while n < max_events && !self.is_done() {
            let k = self.world.step(1);
            if k == 0 {
                break;
            }
            n += k;
        }
        n
    }

    /// Runs until the page is done, then lets the connections close (FIN
    /// exchanges, TIME-WAIT) within the time limit. Returns the events run.
    pub fn run(&mut self) -> u64 {
        let mut n = self.step(u64::MAX);
        while !self.world.is_idle() && self.world.now() <= self.limit {
            n += self.world.step(1);
        }
        n
    }

    /// The browser's requests in the order it sent them (those never sent
    /// last).
    pub fn request_log(&self) -> Vec<RequestLog> {
        let b = self.browser();
        let names = self.world.names();
        let mut order: Vec<usize> = (0..b.objects.len()).collect();
        order.sort_by_key(|&i| {
            (
                b.objects[i].requested_at.is_none(),
                b.objects[i].requested_at,
            )
        });
        let pos = |o: u32| order.iter().position(|&i| i == o as usize);
        order
            .iter()
            .map(|&i| {
                let o = &b.objects[i];
                RequestLog {
                    method: o.method,
                    path: names.text(o.path).to_string(),
                    status: o.status,
                    follows: o.follows.and_then(pos),
                    conditional: o.if_none_match.is_some(),
                    authorized: o.authorized,
                    from_cache: o.from_cache,
                    request_body_bytes: o.request_body_bytes,
                    response_body_bytes: o.body_bytes,
                    requested_s: o.requested_at.map(|t| t.as_secs_f64()),
                    done_s: o.done_at.map(|t| t.as_secs_f64()),
                }
            })
            .collect()
    }

    pub fn report(&self) -> PageLoadReport {
        let p = &self.params;
        let b = self.browser();
        let t = &b.timeline;
        let secs = |a: Option<SimTime>, z: Option<SimTime>| match (a, z) {
            (Some(a), Some(z)) if z >= a => (z - a).as_secs_f64(),
            _ => 0.0,
        };
        let complete = t.complete_at.is_some();
        let c_tcp = &self.browser_host().tcp.stats;
        let s_tcp = &self.server_host().tcp.stats;
        let net = self.world.net_stats();
        let res = self.resolver();
        PageLoadReport {
            seed: p.seed,
            mode: p.mode,
            objects: p.objects,
            parallel: p.parallel,
            tls: p.tls,
            dns: p.dns,
            rtt_ms: p.rtt_ms,
            complete,
            page_load_s: if complete {
                secs(Some(SimTime::ZERO), t.complete_at)
            } else {
                0.0
            },
            dns_s: secs(t.dns_start, t.dns_end),
            connect_s: secs(t.connect_start, t.connect_end),
            tls_s: if p.tls {
                secs(t.connect_end, t.tls_end)
            } else {
                0.0
            },
            first_byte_s: secs(t.request_at, t.first_byte_at),
            transfer_s: secs(t.first_byte_at, t.complete_at),
            sending_s: if complete {
                t.wire_bytes_after_first_byte as f64 * 8.0 / p.access_bps() as f64
            } else {
                0.0
            },
            init_cwnd_bytes: p.tcp_config().initial_window(),
            second_visit_s: b
                .revisit
                .complete_at
                .map(|_| secs(b.revisit.dns_start, b.revisit.complete_at)),
            textbook_rtts: textbook_rtts(p.mode, p.objects, p.parallel, p.tls),
            connections: b.stats.connections,
            refused_connections: b.stats.refused,
            requests: b.stats.requests,
            objects_loaded: b.objects.iter().filter(|o| o.done_at.is_some()).count() as u32,
            bytes_delivered: c_tcp.bytes_delivered,
            packets: net.sent,
            packets_delivered: net.delivered,
            packets_dropped: net.dropped,
            retransmissions: c_tcp.retransmissions + s_tcp.retransmissions,
            tcp_timeouts: c_tcp.timeouts + s_tcp.timeouts,
            fast_retransmits: c_tcp.fast_retransmits + s_tcp.fast_retransmits,
            dns_queries: b.stub.queries_sent + res.queries_sent,
            dns_timeouts: res.timeouts,
            events: self.world.events_processed(),
            sim_time_s: self.world.now().as_secs_f64(),
            trace_records: self.world.trace().total(),
            trace_hash: self.world.trace().hash_hex(),
        }
    }
}

/// Runs a page load to the end and reports.
pub fn run_pageload(p: &PageLoadParams) -> Result<PageLoadReport, String> {
    let mut sim = PageLoadSim::new(p)?;
    sim.run();
    Ok(sim.report())
}

/// The trace hash of a page load (16 hex digits), for native/wasm
/// comparison. The hash covers every record and header whatever the mode.
pub fn pageload_trace_hash(p: &PageLoadParams) -> Result<String, String> {
    let mut p = p.clone();
    p.trace = TraceMode::Last(0);
    Ok(run_pageload(&p)?.trace_hash)
}
