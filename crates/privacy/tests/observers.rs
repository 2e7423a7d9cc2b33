//! What each observer learns from the page load, computed from the run's
//! packets, against lists written by hand from where each one sits:
//! addresses are RFC 5737's documentation ones the page-load world gives
//! (laptop 192.168.1.10 behind the router's public 198.51.100.23; the
//! provider's resolver 198.51.100.53; the root, com and example.com
//! servers 192.0.2.4, .30 and .53; www.example.com 203.0.113.80).

use cslab_privacy::access_log::access_log;
use cslab_privacy::findings::{Findings, findings};
use cslab_privacy::observer::{Observer, Post};
use cslab_privacy::page::params;
use cslab_scene::capture::Reader;
use cslab_sim::proto::AppMsg;
use cslab_sim::runs::pageload::PageLoadSim;
use cslab_sim::time::SimTime;

fn run(https: bool, doh: bool) -> PageLoadSim {
    let mut sim = PageLoadSim::new(&params(https, doh, 1)).unwrap();
    sim.run();
    assert!(sim.report().complete);
    sim
}

fn learnt(sim: &PageLoadSim, observer: Observer) -> Findings {
    findings(sim.world(), &sim.nodes(), observer, SimTime::MAX)
}

fn list(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}

const PAGE: [&str; 2] = [
    "GET www.example.com/index.html",
    "GET www.example.com/css/style.css",
];
/// The base page is 2 kB, the stylesheet 6 kB.
const CONTENT: [&str; 2] = [
    "200 OK /index.html, 2000 bytes",
    "200 OK /css/style.css, 6000 bytes",
];
/// The resolver hears the home at its public address, then asks the
/// root, com's and example.com's servers in turn.
const RESOLVER_HEARS: [&str; 4] = ["198.51.100.23", "192.0.2.4", "192.0.2.30", "192.0.2.53"];

#[test]
fn without_encryption_the_wifi_and_the_provider_read_everything() {
    let sim = run(false, false);
    let wifi = learnt(&sim, Observer::Wifi);
    assert_eq!(wifi.names, list(&["www.example.com A"]));
    // Before NAT: the laptop's private address.
    assert_eq!(
        wifi.addresses,
        list(&["192.168.1.10", "198.51.100.53", "203.0.113.80"])
    );
    assert!(wifi.server_names.is_empty());
    assert_eq!(wifi.requests, list(&PAGE));
    assert_eq!(wifi.content, list(&CONTENT));
    let isp = learnt(&sim, Observer::Isp);
    // After NAT: the router's public address instead.
    assert_eq!(
        isp.addresses,
        list(&["198.51.100.23", "198.51.100.53", "203.0.113.80"])
    );
    assert_eq!((isp.names, isp.requests), (wifi.names, wifi.requests));
    let resolver = learnt(&sim, Observer::Resolver);
    assert_eq!(resolver.names, list(&["www.example.com A"]));
    assert_eq!(resolver.addresses, list(&RESOLVER_HEARS));
    assert!(resolver.requests.is_empty() && resolver.content.is_empty());
    let server = learnt(&sim, Observer::Server);
    assert!(server.names.is_empty());
    assert_eq!(server.addresses, list(&["198.51.100.23"]));
    assert_eq!(server.requests, list(&PAGE));
    assert_eq!(server.content, list(&CONTENT));
}

#[test]
fn https_hides_the_path_and_content_from_the_path_but_not_the_name() {
    let sim = run(true, false);
    for observer in [Observer::Wifi, Observer::Isp] {
        let seen = learnt(&sim, observer);
        assert_eq!(seen.names, list(&["www.example.com A"]), "{observer:?}");
        assert_eq!(seen.server_names, list(&["www.example.com"]));
        assert!(seen.requests.is_empty() && seen.content.is_empty());
    }
    // The server holds the keys: it reads what it always read, and the SNI.
    let server = learnt(&sim, Observer::Server);
    assert_eq!(server.server_names, list(&["www.example.com"]));
    assert_eq!(server.requests, list(&PAGE));
    assert_eq!(server.content, list(&CONTENT));
}

#[test]
fn dns_over_https_hides_the_question_from_the_path_not_from_the_resolver() {
    let sim = run(true, true);
    for observer in [Observer::Wifi, Observer::Isp] {
        let seen = learnt(&sim, observer);
        assert!(seen.names.is_empty(), "{observer:?}: {:?}", seen.names);
        // The ClientHellos still name the resolver, then the site.
        assert_eq!(
            seen.server_names,
            list(&["dns.provider.example", "www.example.com"])
        );
        assert!(seen.requests.is_empty());
    }
    let resolver = learnt(&sim, Observer::Resolver);
    assert_eq!(resolver.names, list(&["www.example.com A"]));
    assert_eq!(resolver.addresses, list(&RESOLVER_HEARS));
    assert_eq!(resolver.server_names, list(&["dns.provider.example"]));
    assert_eq!(
        resolver.requests,
        list(&["POST dns.provider.example/dns-query"])
    );
    assert!(resolver.content.is_empty());
}

/// DoH without HTTPS: the question is sealed, but the page's own requests
/// name the site in their `Host` header, in the clear.
#[test]
fn dns_over_https_alone_leaves_the_host_header_readable() {
    let sim = run(false, true);
    let wifi = learnt(&sim, Observer::Wifi);
    assert!(wifi.names.is_empty());
    assert_eq!(wifi.server_names, list(&["dns.provider.example"]));
    assert_eq!(wifi.requests, list(&PAGE));
}

/// The server's log in nginx's `combined` format: the public address of
/// the home, the time, the request line, the status, the body's bytes, no
/// referrer, the browser's User-Agent; the same with HTTPS.
#[test]
fn the_server_logs_each_request_in_nginx_combined_format() {
    for https in [false, true] {
        let sim = run(https, false);
        assert_eq!(
            access_log(sim.world(), &sim.nodes()),
            list(&[
                "198.51.100.23 - - [01/Jan/2024:00:00:00 +0000] \"GET /index.html HTTP/1.1\" 200 2000 \"-\" \"cslab-browser/1.0\"",
                "198.51.100.23 - - [01/Jan/2024:00:00:00 +0000] \"GET /css/style.css HTTP/1.1\" 200 6000 \"-\" \"cslab-browser/1.0\"",
            ])
        );
    }
}

/// The inspector greys out, for each observer, what it cannot read: the
/// sealed request for those on the path, the whole of a packet that never
/// reached it, nothing for the server that received it.
#[test]
fn each_observer_reads_a_request_as_its_post_allows() {
    let sim = run(true, false);
    let world = sim.world();
    let get = world
        .trace()
        .headers()
        .find(|h| matches!(h.msg.app, AppMsg::Http(_)))
        .unwrap();
    let reader = |observer| Post::of(world, &sim.nodes(), observer).reader(world, get);
    assert_eq!(reader(Observer::Wifi), Reader::Wire);
    assert_eq!(reader(Observer::Isp), Reader::Wire);
    assert_eq!(reader(Observer::Resolver), Reader::Absent);
    assert_eq!(reader(Observer::Server), Reader::Endpoint);
}

/// What is learnt is learnt when its packet arrives: before the first
/// packet, nothing.
#[test]
fn nothing_is_learnt_before_it_crosses() {
    let sim = run(false, false);
    let nothing = findings(sim.world(), &sim.nodes(), Observer::Wifi, SimTime::ZERO);
    assert_eq!(nothing, Findings::default());
}
