//! Load balancers: nginx in front of a group of web servers
//! ([`cslab_sim::apps::balancer::proxy`]), picking one for each request by
//! the balancer's `policy` (the load lesson's [`Policy`]).
//!
//! Which servers sit behind it: the web servers linked to it directly. A
//! balancer's `upstream` group names its servers one by one, and they sit
//! on its own network, one hop away, as the load lesson draws them; a web
//! server elsewhere is not in the group, even if the balancer could reach
//! it. A web server behind a balancer is not published in the DNS: its
//! site's name is the balancer's (its `host`), so the browsers come
//! through the balancer (the zones: [`super::dns_zones`]).

use cslab_sim::apps::balancer::Policy;
use cslab_sim::apps::balancer::proxy::HttpProxy;
use cslab_sim::apps::presets::Preset;
use cslab_sim::proto::tcp::TcpConfig;
use cslab_sim::runs::pageload::HTTP_PORT;
use cslab_sim::runs::web_world::add_tcp_server;

use super::world::Built;
use crate::kinds::Kind;
use crate::schema::{Machine, Network};

/// The web servers behind `balancer`: those linked to it, in the
/// document's order.
pub fn replicas<'a>(net: &'a Network, balancer: &Machine) -> Vec<&'a Machine> {
    (net.machines.iter())
        .filter(|m| m.kind == Kind::WebServer)
        .filter(|m| net.links.iter().any(|l| l.joins(m.id, balancer.id)))
        .collect()
}

/// Whether `m` is a web server behind some balancer.
pub fn is_behind_one(net: &Network, m: &Machine) -> bool {
    m.kind == Kind::WebServer
        && (net.machines.iter())
            .filter(|b| b.kind == Kind::LoadBalancer)
            .any(|b| net.links.iter().any(|l| l.joins(m.id, b.id)))
}

/// The balancer's `policy` setting, as the load lesson names it.
fn policy(m: &Machine) -> Policy {
    match m.settings.get("policy").map(String::as_str) {
        Some("least-connections") => Policy::LeastConnections,
        Some("power-of-two") => Policy::PowerOfTwo,
        Some("random") => Policy::Random,
        _ => Policy::RoundRobin,
    }
}

/// Adds every balancer: nginx on port 80, with its listen backlog, in
/// front of its web servers' port 80.
pub fn add(built: &mut Built, net: &Network, tcp: TcpConfig) {
    for m in net.machines.iter().filter(|m| m.kind == Kind::LoadBalancer) {
        let servers = replicas(net, m).iter().map(|s| s.address).collect();
        let backlog = Preset::Nginx.model().backlog;
        let proxy = HttpProxy::new(policy(m), HTTP_PORT, backlog, servers, HTTP_PORT);
        let node = built.node(m.id);
        add_tcp_server(&mut built.world, node, proxy, tcp);
    }
}
