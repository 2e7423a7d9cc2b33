//! HTTP over real connections: a page whose objects the browser finds in
//! the HTML it received, and request scripts that make the server answer
//! every status of the lesson (200, 201, 301, 304, 401, 403, 404, 500, 503)
//! to GET, POST, PUT and DELETE. Each check reads the trace headers: the
//! method, path and status a learner inspects.

use cslab_sim::apps::browser::{HttpMode, ObjectKind, ScriptStep};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::http::{Access, HttpKind, Method, Resource, Site};
use cslab_sim::runs::pageload::{
    BASE_PATH, DnsMode, PageLoadParams, PageLoadSim, Workload, object_path, page_site,
    status_lab_site,
};

const R: f64 = 0.100;

fn params(mode: HttpMode, objects: u32, parallel: u32) -> PageLoadParams {
    PageLoadParams {
        objects,
        object_kb: 0.1,
        base_kb: 0.1,
        rtt_ms: R * 1e3,
        mode,
        parallel,
        dns: DnsMode::Cached,
        bandwidth_mbps: 10_000.0,
        ..PageLoadParams::default()
    }
}

/// One HTTP message as the trace shows it (its first segment).
#[derive(Clone, Debug, PartialEq)]
struct Wire {
    t: f64,
    method: Option<Method>,
    status: Option<u16>,
    path: String,
    location: String,
    /// If-None-Match (request) or ETag (response) version, 0 for none.
    etag: u32,
    authorized: bool,
    keep_alive: bool,
    head_bytes: u32,
    body_bytes: u32,
    /// Length of the TCP record that carries the message.
    rec_len: u32,
    markup: String,
}

fn wire(sim: &PageLoadSim) -> Vec<Wire> {
    let w = sim.world();
    let t = w.trace();
    let text = |n| w.names().text(n).to_string();
    t.records()
        .filter_map(|r| {
            let cslab_sim::trace::TraceEvent::Message { pkt, .. } = r.ev else {
                return None;
            };
            let h = t.header(pkt)?;
            let seg = h.msg.tcp?;
            let AppMsg::Http(m) = h.msg.app else {
                return None;
            };
            if seg.rec_off != 0 || seg.len == 0 || seg.retransmission {
                return None;
            }
            let (method, status) = match m.kind {
                HttpKind::Request { method } => (Some(method), None),
                HttpKind::Response { status } => (None, Some(status.code())),
            };
            Some(Wire {
                t: r.t.as_secs_f64(),
                method,
                status,
                path: text(m.path),
                location: text(m.location),
                etag: m.etag,
                authorized: m.authorized,
                keep_alive: m.keep_alive,
                head_bytes: m.head_bytes,
                body_bytes: m.body_bytes,
                rec_len: seg.rec_len,
                markup: text(m.body),
            })
        })
        .collect()
}

fn run(p: &PageLoadParams, load: Workload) -> PageLoadSim {
    let mut sim = PageLoadSim::with_workload(p, load).unwrap();
    sim.run();
    sim.world().check_packet_conservation().unwrap();
    sim
}

/// (method, path, status) of every request the browser made, in the order
/// it sent them (a request repeated after a 301 or 401 is listed after the
/// others in `objects`, but sent right after the answer that caused it).
fn loads(sim: &PageLoadSim) -> Vec<(Method, String, Option<u16>)> {
    let names = sim.world().names();
    let mut v: Vec<_> = sim.browser().objects.iter().collect();
    v.sort_by_key(|o| o.requested_at);
    v.into_iter()
        .map(|o| (o.method, names.text(o.path).to_string(), o.status))
        .collect()
}

#[test]
fn the_browser_fetches_what_the_html_it_received_references() {
    let p = params(HttpMode::Persistent, 5, 1);
    let sim = run(&p, Workload::page(&p));
    assert!(sim.report().complete);
    let w = wire(&sim);
    // The base page's answer carries a real HTML document.
    let base = w
        .iter()
        .find(|m| m.status == Some(200) && m.path == BASE_PATH)
        .expect("base answer on the wire");
    assert!(base.markup.starts_with("<!DOCTYPE html>"));
    for i in 1..=5 {
        assert!(base.markup.contains(&object_path(i)), "{}", base.markup);
    }
    assert!(
        base.markup
            .contains("<link rel=\"stylesheet\" href=\"/css/style.css\">")
    );
    assert!(base.markup.contains("<script src=\"/js/app.js\"></script>"));
    assert!(base.markup.contains("<img src=\"/img/5.png\""));
    // The markup is part of the body, which is at least that long.
    assert!(base.body_bytes as usize >= base.markup.len());
    // The browser asked for exactly those paths, in document order, each
    // only after the base page had completely arrived (and at once then).
    let b = sim.browser();
    let got: Vec<String> = loads(&sim).into_iter().map(|l| l.1).collect();
    let want: Vec<String> = std::iter::once(BASE_PATH.to_string())
        .chain((1..=5).map(object_path))
        .collect();
    assert_eq!(got, want);
    let base_done = b.objects[0].done_at.unwrap();
    assert_eq!(b.objects[1].requested_at, Some(base_done));
    for o in &b.objects[1..] {
        assert_eq!(o.kind, ObjectKind::Ref);
        assert!(o.requested_at.unwrap() >= base_done);
        assert_eq!(o.status, Some(200));
    }
    let gets: Vec<&str> = w
        .iter()
        .filter(|m| m.method == Some(Method::Get))
        .map(|m| m.path.as_str())
        .collect();
    assert_eq!(gets, want);
}

#[test]
fn the_html_decides_what_is_fetched_not_the_configuration() {
    // A page whose markup references objects in its own order, one twice,
    // one missing and one forbidden; the other resources of the site are
    // never asked for.
    let p = params(HttpMode::Persistent, 0, 1);
    let mut site = Site::default();
    site.resources.push(Resource::page(
        "/home.html",
        3000,
        [
            "/img/logo.png",
            "/css/a.css",
            "/img/logo.png",
            "/img/gone.png",
            "/js/secret.js",
        ]
        .map(String::from)
        .to_vec(),
    ));
    site.resources
        .push(Resource::new("/img/logo.png", 800, "image/png"));
    site.resources
        .push(Resource::new("/css/a.css", 400, "text/css"));
    let mut secret = Resource::new("/js/secret.js", 400, "text/javascript");
    secret.access = Access::Forbidden;
    site.resources.push(secret);
    site.resources
        .push(Resource::new("/unlinked.png", 100, "image/png"));
    let load = Workload {
        site,
        base_path: "/home.html".into(),
        ..Workload::page(&p)
    };
    let sim = run(&p, load);
    assert!(sim.report().complete);
    // <head> first (CSS, JS), then <body>'s images, each path once.
    let got: Vec<(String, Option<u16>)> = loads(&sim).into_iter().map(|l| (l.1, l.2)).collect();
    let want = [
        ("/home.html", 200),
        ("/css/a.css", 200),
        ("/js/secret.js", 403),
        ("/img/logo.png", 200),
        ("/img/gone.png", 404),
    ]
    .map(|(p, s)| (p.to_string(), Some(s)));
    assert_eq!(got, want);
    let b = sim.browser();
    assert_eq!(b.objects[3].body_bytes, 800);
    // 1 RTT connect + 1 per request, in persistent mode.
    let r = sim.report();
    let want_s = (1.0 + 5.0) * R;
    assert!(
        r.page_load_s >= want_s && r.page_load_s < want_s + 1e-3,
        "{}",
        r.page_load_s
    );
    // Status and path of every answer are on the wire.
    let answers: Vec<(String, u16)> = wire(&sim)
        .into_iter()
        .filter_map(|m| Some((m.path, m.status?)))
        .collect();
    assert_eq!(
        answers,
        want.iter()
            .map(|(p, s)| (p.clone(), s.unwrap()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_moved_page_is_followed_then_parsed() {
    let m = 3;
    let p = params(HttpMode::Persistent, m, 1);
    let mut site = page_site(&p);
    let mut old = Resource::new("/", 0, "text/html");
    old.moved_to = Some(BASE_PATH.into());
    site.resources.push(old);
    let load = Workload {
        site,
        base_path: "/".into(),
        ..Workload::page(&p)
    };
    let sim = run(&p, load);
    let r = sim.report();
    assert!(r.complete);
    let l = loads(&sim);
    assert_eq!(l[0], (Method::Get, "/".into(), Some(301)));
    assert_eq!(l[1], (Method::Get, BASE_PATH.into(), Some(200)));
    assert_eq!(l.len(), 2 + m as usize);
    let b = sim.browser();
    assert_eq!(b.objects[1].follows, Some(0));
    assert_eq!(b.objects[1].kind, ObjectKind::Page);
    // The 301 carries Location on the wire.
    let w = wire(&sim);
    let moved = w.iter().find(|x| x.status == Some(301)).unwrap();
    assert_eq!(
        (moved.path.as_str(), moved.location.as_str()),
        ("/", BASE_PATH)
    );
    // Connect, the 301, the page, then one round trip per object.
    let want = (3.0 + m as f64) * R;
    assert!(
        r.page_load_s >= want && r.page_load_s < want + 1e-3,
        "{} s, want {want} s",
        r.page_load_s
    );
}

fn lab_site() -> Site {
    status_lab_site()
}

#[test]
fn a_request_script_meets_every_status_over_the_wire() {
    use Method::*;
    let p = params(HttpMode::Persistent, 0, 1);
    let script = vec![
        ScriptStep::new(Get, "/", 0),
        ScriptStep::new(Get, "/", 0),
        ScriptStep::new(Get, "/old", 0),
        ScriptStep::new(Get, "/private", 0),
        ScriptStep::new(Get, "/admin", 0),
        ScriptStep::new(Get, "/missing", 0),
        ScriptStep::new(Get, "/error", 0),
        ScriptStep::new(Post, "/form", 2_000),
        ScriptStep::new(Put, "/notes/1", 5_000),
        ScriptStep::new(Get, "/notes/1", 0),
        ScriptStep::new(Put, "/notes/1", 300),
        ScriptStep::new(Get, "/notes/1", 0),
        ScriptStep::new(Get, "/notes/1", 0),
        ScriptStep::new(Delete, "/notes/1", 0),
        ScriptStep::new(Get, "/notes/1", 0),
    ];
    let load = Workload {
        site: lab_site(),
        script,
        credentials: true,
        ..Workload::page(&p)
    };
    let sim = run(&p, load);
    assert!(sim.report().complete);
    let s = |m: Method, p: &str, st: u16| (m, p.to_string(), Some(st));
    let want = vec![
        s(Get, "/", 200),
        // The browser cached "/" with its ETag: now it asks conditionally.
        s(Get, "/", 304),
        s(Get, "/old", 301),
        // ...follows the Location, to a page it holds: 304 again.
        s(Get, "/", 304),
        s(Get, "/private", 401),
        // ...and logs in.
        s(Get, "/private", 200),
        s(Get, "/admin", 403),
        s(Get, "/missing", 404),
        s(Get, "/error", 500),
        s(Post, "/form", 200),
        s(Put, "/notes/1", 201),
        s(Get, "/notes/1", 200),
        s(Put, "/notes/1", 200),
        // The PUT dropped the cached copy: a plain GET, new content.
        s(Get, "/notes/1", 200),
        s(Get, "/notes/1", 304),
        s(Delete, "/notes/1", 200),
        s(Get, "/notes/1", 404),
    ];
    assert_eq!(loads(&sim), want);
    let b = sim.browser();
    // The report's log lists them in the order sent, follow-ups pointing
    // back at what they repeat.
    let log = sim.request_log();
    assert_eq!(log.len(), want.len());
    for (l, (m, p, st)) in log.iter().zip(&want) {
        assert_eq!((l.method, &l.path, l.status), (*m, p, *st));
    }
    assert_eq!((log[3].follows, log[5].follows), (Some(2), Some(4)));
    assert!(log[1].conditional && log[1].from_cache && log[5].authorized);
    assert_eq!(log[10].request_body_bytes, 5_000);
    // The script's 15 steps, then the two requests the browser added.
    assert_eq!(b.objects.len(), 17);
    assert_eq!(b.objects[15].follows, Some(2));
    assert_eq!(b.objects[16].follows, Some(3));
    assert!(b.objects[16].authorized && !b.objects[3].authorized);
    assert!(b.objects[1].from_cache && b.objects[12].from_cache);
    assert!(!b.objects[11].from_cache);
    assert_eq!(b.objects[9].body_bytes, 5_000);
    assert_eq!(b.objects[11].body_bytes, 300);
    assert!(
        b.objects
            .iter()
            .all(|o| o.kind == ObjectKind::Step && o.done_at.is_some())
    );

    // On the wire, in order: each request then its answer (one persistent
    // connection, one request at a time), method and path on the request,
    // status and path on the answer.
    let w = wire(&sim);
    assert_eq!(w.len(), 2 * want.len());
    for (k, (m, path, st)) in want.iter().enumerate() {
        let (q, a) = (&w[2 * k], &w[2 * k + 1]);
        assert_eq!(
            (q.method, q.path.as_str()),
            (Some(*m), path.as_str()),
            "#{k}"
        );
        assert_eq!((a.status, a.path.as_str()), (*st, path.as_str()), "#{k}");
        assert!(a.t > q.t);
        // Every message travels whole: its TCP record is head + body.
        assert_eq!(q.rec_len, q.head_bytes + q.body_bytes);
        assert_eq!(a.rec_len, a.head_bytes + a.body_bytes);
    }
    // Conditional requests name the version they hold; answers name theirs.
    assert_eq!((w[2].etag, w[3].etag), (1, 1));
    assert_eq!(w[0].etag, 0);
    assert_eq!(w[25].etag, 2, "the second PUT made version 2");
    assert_eq!((w[28].etag, w[29].status), (2, Some(304)));
    assert!(w[10].authorized && !w[8].authorized);
    assert_eq!(w[5].location, "/");
    // Request bodies cross the network and are counted, byte for byte.
    assert_eq!(w[18].body_bytes, 2_000);
    assert_eq!(w[20].body_bytes, 5_000);
    let web = &sim.server_host().app;
    assert_eq!(web.stats.request_body_bytes, 2_000 + 5_000 + 300);
    let methods: Vec<(&str, u64)> = web.stats.methods.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(
        methods,
        [("DELETE", 1), ("GET", 13), ("POST", 1), ("PUT", 2)]
    );
    let client_sent: u64 = sim
        .browser_host()
        .tcp
        .conns()
        .iter()
        .map(|c| c.bytes_queued())
        .sum();
    let heads: u64 = w
        .iter()
        .filter(|m| m.method.is_some())
        .map(|m| m.head_bytes as u64)
        .sum();
    assert_eq!(client_sent, heads + 7_300);
    assert_eq!(sim.server_host().tcp.stats.bytes_delivered, client_sent);
    // The site changed: the note is gone.
    assert!(web.site.find("/notes/1").is_none());
    let codes: Vec<(u16, u64)> = web.stats.statuses.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(
        codes,
        [
            (200, 7),
            (201, 1),
            (301, 1),
            (304, 3),
            (401, 1),
            (403, 1),
            (404, 2),
            (500, 1)
        ]
    );
}

#[test]
fn a_redirected_post_becomes_a_get_and_a_put_stays_a_put() {
    use Method::*;
    let p = params(HttpMode::Persistent, 0, 1);
    let load = Workload {
        site: lab_site(),
        script: vec![
            ScriptStep::new(Post, "/old", 900),
            ScriptStep::new(Put, "/old", 400),
        ],
        ..Workload::page(&p)
    };
    let sim = run(&p, load);
    let l = loads(&sim);
    let s = |m: Method, p: &str, st: u16| (m, p.to_string(), Some(st));
    assert_eq!(
        l,
        [
            s(Post, "/old", 301),
            s(Get, "/", 200),
            s(Put, "/old", 301),
            s(Put, "/", 200),
        ]
    );
    let w = wire(&sim);
    let bodies: Vec<u32> = w
        .iter()
        .filter(|m| m.method.is_some())
        .map(|m| m.body_bytes)
        .collect();
    assert_eq!(bodies, [900, 0, 400, 400]);
}

#[test]
fn without_credentials_a_401_stays_a_401() {
    let p = params(HttpMode::Persistent, 0, 1);
    let load = Workload {
        site: lab_site(),
        script: vec![ScriptStep::new(Method::Get, "/private", 0)],
        credentials: false,
        ..Workload::page(&p)
    };
    let sim = run(&p, load);
    assert_eq!(
        loads(&sim),
        [(Method::Get, "/private".to_string(), Some(401))]
    );
}

#[test]
fn a_full_server_answers_503() {
    // Persistent connections hold their place at the server. The base page
    // comes over connection 0, which stays open; the browser then opens two
    // more for the objects. A server that serves `max` clients at once
    // answers 503 on the connections beyond them and closes those.
    for max in [1u32, 2, 3] {
        let p = params(HttpMode::Persistent, 3, 3);
        let load = Workload {
            server_max_clients: Some(max),
            ..Workload::page(&p)
        };
        let sim = run(&p, load);
        let r = sim.report();
        assert!(r.complete, "the page completes, with errors");
        let b = sim.browser();
        assert_eq!(b.objects[0].status, Some(200), "the base page, alone");
        for o in &b.objects[1..] {
            let conn = o.conn.unwrap();
            let want = if conn < max { 200 } else { 503 };
            assert_eq!(o.status, Some(want), "max {max}, connection {conn}");
        }
        let shed = 3 - max as u64;
        let web = &sim.server_host().app;
        assert_eq!(web.stats.shed, shed);
        assert_eq!(web.stats.statuses.get(&503).copied().unwrap_or(0), shed);
        let w = wire(&sim);
        let unavailable: Vec<&Wire> = w.iter().filter(|m| m.status == Some(503)).collect();
        assert_eq!(unavailable.len() as u64, shed);
        // A 503 says `Connection: close`, and the server closes.
        assert!(unavailable.iter().all(|m| !m.keep_alive));
    }
}

#[test]
fn discovery_waits_for_the_whole_base_file() {
    // A 20 kB page over 1 Mbit/s takes ~0.17 s to arrive; the browser
    // parses it only then (no request while its bytes arrive).
    let p = PageLoadParams {
        objects: 3,
        base_kb: 20.0,
        object_kb: 1.0,
        rtt_ms: 20.0,
        bandwidth_mbps: 1.0,
        mode: HttpMode::Persistent,
        parallel: 3,
        dns: DnsMode::Cached,
        ..PageLoadParams::default()
    };
    let sim = run(&p, Workload::page(&p));
    assert!(sim.report().complete);
    let b = sim.browser();
    let base = &b.objects[0];
    let (first, done) = (base.first_byte_at.unwrap(), base.done_at.unwrap());
    let spread = (done - first).as_secs_f64();
    assert!(spread > 0.15, "the base page trickles in over {spread} s");
    for o in &b.objects[1..] {
        assert!(o.requested_at.unwrap() >= done);
    }
    assert_eq!(b.objects[1].requested_at, Some(done));
    // No HTTP request leaves the client between the base's first and last
    // byte.
    let early = wire(&sim)
        .into_iter()
        .filter(|m| m.method.is_some() && m.t > first.as_secs_f64() && m.t < done.as_secs_f64());
    assert_eq!(early.count(), 0);
}

fn status_script() -> Vec<ScriptStep> {
    use Method::*;
    vec![
        ScriptStep::new(Get, "/", 0),
        ScriptStep::new(Get, "/", 0),
        ScriptStep::new(Get, "/old", 0),
        ScriptStep::new(Get, "/private", 0),
        ScriptStep::new(Get, "/admin", 0),
        ScriptStep::new(Post, "/form", 20_000),
        ScriptStep::new(Put, "/notes/1", 30_000),
        ScriptStep::new(Delete, "/notes/1", 0),
    ]
}

#[test]
fn over_tls_and_under_loss_the_script_gets_the_same_answers() {
    let base = params(HttpMode::Persistent, 0, 1);
    let load = || Workload {
        site: lab_site(),
        script: status_script(),
        credentials: true,
        ..Workload::page(&base)
    };
    let clean = run(&base, load());
    let want = loads(&clean);
    assert_eq!(
        want.iter().map(|l| l.2.unwrap()).collect::<Vec<_>>(),
        [200, 304, 301, 304, 401, 200, 403, 200, 201, 200]
    );
    let mut retx = 0;
    for (seed, tls) in [(1, true), (2, false), (3, true), (4, false)] {
        let p = PageLoadParams {
            tls,
            loss: 0.05,
            seed,
            ..base.clone()
        };
        let sim = run(&p, load());
        assert!(sim.report().complete, "seed {seed}");
        assert_eq!(loads(&sim), want, "seed {seed} tls {tls}");
        let web = &sim.server_host().app;
        assert_eq!(web.stats.request_body_bytes, 50_000);
        assert_eq!(
            sim.server_host().tcp.stats.bytes_delivered,
            sim.browser_host()
                .tcp
                .conns()
                .iter()
                .map(|c| c.bytes_queued())
                .sum::<u64>()
        );
        if tls {
            // An observer sees sizes, not the method, path or status.
            for h in sim.world().trace().headers() {
                if let AppMsg::Http(_) = h.msg.app {
                    assert!(h.msg.encrypted());
                    assert_eq!(h.msg.on_the_wire().app, AppMsg::None);
                }
            }
        }
        retx += sim.report().retransmissions;
    }
    assert!(retx > 0, "5 % loss retransmits something");
}

#[test]
fn a_redirect_loop_ends_after_the_limit() {
    use cslab_sim::apps::browser::MAX_REDIRECTS;
    let p = params(HttpMode::Persistent, 0, 1);
    let mut site = Site::default();
    for (from, to) in [("/a", "/b"), ("/b", "/a")] {
        let mut r = Resource::new(from, 0, "text/html");
        r.moved_to = Some(to.into());
        site.resources.push(r);
    }
    let load = Workload {
        site,
        script: vec![ScriptStep::new(Method::Get, "/a", 0)],
        ..Workload::page(&p)
    };
    let sim = run(&p, load);
    assert!(sim.report().complete);
    let l = loads(&sim);
    assert_eq!(l.len(), 1 + MAX_REDIRECTS as usize);
    assert!(l.iter().all(|x| x.2 == Some(301)));
    let paths: Vec<&str> = l.iter().map(|x| x.1.as_str()).collect();
    assert_eq!(paths, ["/a", "/b", "/a", "/b", "/a", "/b"]);
}
