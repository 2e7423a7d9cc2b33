//! The clients: each does its task with the lessons' app, asking the
//! resolver a real network would have handed it, and reports what it
//! achieved.

use cslab_sim::apps::browser::{Browser, BrowserConfig, HttpMode, Phase};
use cslab_sim::apps::presets::Preset;
use cslab_sim::apps::web::WebServer;
use cslab_sim::net::{Addr, World};
use cslab_sim::proto::dns::RetryPolicy;
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::TcpConfig;
use cslab_sim::runs::pageload::{BASE_PATH, HTTP_PORT, PageLoadParams, page_site};
use cslab_sim::runs::web_world::{add_browser, add_web_server};
use cslab_sim::time::SimTime;
use serde::Serialize;

use super::Client;
use super::world::Built;
use super::{bitcoin, database, files, game, mail, stream, swarm, web_apps};
use crate::kinds::Kind;
use crate::schema::{Machine, Network};
use crate::tasks::TaskKind;

/// A machine with no name server configured asks its own (resolv.conf(5):
/// "the default is to use the name server on the local machine"); nothing
/// listens there, so its queries go unanswered.
const NOBODY: Addr = Addr::new(127, 0, 0, 1);

/// A client's stub resolver waits 5 s for an answer and asks twice in all
/// (glibc's defaults, resolv.conf(5): timeout 5, attempts 2).
const STUB_WAIT: RetryPolicy = RetryPolicy {
    timeout: SimTime::from_secs(5),
    retries: 1,
};

/// The resolver `client` uses: the one DHCP would hand it. A home router's
/// DHCP server passes on its provider's resolver (RFC 2132 §3.8, option
/// 6), the resolver nearest the home: here, the one fewest hops from the
/// client (the first in the document among equals). With none it can reach,
/// the first there is; with none at all, its own machine (resolv.conf(5)),
/// where nothing answers.
fn resolver_of(built: &mut Built, net: &Network, client: &Machine) -> Addr {
    let from = built.node(client.id);
    let resolvers: Vec<&Machine> = (net.machines.iter())
        .filter(|m| m.kind == Kind::DnsResolver)
        .collect();
    let nearest = (resolvers.iter())
        .filter_map(|m| {
            let hops = built.world.path(from, built.node(m.id))?.len();
            Some((hops, m.address))
        })
        .min_by_key(|&(hops, _)| hops);
    (nearest.map(|(_, addr)| addr))
        .or(resolvers.first().map(|m| m.address))
        .unwrap_or(NOBODY)
}

/// The address of the first machine of `kind` whose `host` setting is
/// `host`, or `nobody`.
fn server_at(net: &Network, kind: Kind, host: &str, nobody: Addr) -> Addr {
    (net.machines.iter())
        .find(|m| m.kind == kind && m.settings.get("host").is_some_and(|h| h == host))
        .map_or(nobody, |m| m.address)
}

/// The web servers, load balancers and mail servers, then each client with its task; returns the
/// clients.
pub fn add(built: &mut Built, net: &Network) -> Vec<Client> {
    let tcp = TcpConfig::default();
    let page = PageLoadParams::default();
    for m in net.machines.iter().filter(|m| m.kind == Kind::WebServer) {
        if database::add_app(built, net, m, tcp) || web_apps::add_server(built, net, m, tcp) {
            continue;
        }
        let node = built.node(m.id);
        add_web_server(&mut built.world, node, web_server(m, &page), tcp);
    }
    super::balancer::add(built, net, tcp);
    files::add_servers(built, net);
    stream::add_servers(built, net);
    game::add_servers(built, net);
    database::add_databases(built, net, tcp);
    let resolver = |built: &mut Built, m: &Machine| resolver_of(built, net, m);
    mail::add_servers(built, net, resolver, STUB_WAIT);
    let mut clients = Vec::new();
    for m in &net.machines {
        let Some(task) = &m.task else { continue };
        let param = |key| task.params.get(key).cloned().unwrap_or_default();
        let host = param("host");
        // The server of `kind` whose name is the task's host.
        let at = |kind| server_at(net, kind, &host, NOBODY);
        let app = match task.what {
            TaskKind::OpenPage if let Some(web) = database::backed_server(net, &host) => {
                database::add_browser(built, m, web.address, &host)
            }
            TaskKind::OpenPage => {
                let resolver = resolver_of(built, net, m);
                let browser = Browser::new(open_page(host.clone()), resolver, STUB_WAIT);
                let node = built.node(m.id);
                add_browser(&mut built.world, node, browser, tcp)
            }
            TaskKind::SendMail => mail::add_client(built, net, m, &param("to")),
            TaskKind::ReadMail => mail::add_reader(built, net, m, &param("how")),
            TaskKind::CallApi => {
                web_apps::add_api_client(built, m, at(Kind::WebServer), &host, &param("style"))
            }
            TaskKind::Chat => {
                web_apps::add_chat(built, m, at(Kind::WebServer), &host, &param("how"))
            }
            TaskKind::WatchStream => {
                stream::add_player(built, m, at(Kind::StreamServer), &host, &param("how"))
            }
            TaskKind::DownloadFile => {
                files::add_client(built, m, at(Kind::FileServer), &host, &param("how"))
            }
            TaskKind::PlayGame => {
                let resolver = resolver_of(built, net, m);
                game::add_player(built, net, m, resolver, STUB_WAIT)
            }
            TaskKind::JoinSwarm => swarm::add_peer(built, net, m),
            TaskKind::RelayBlocks => bitcoin::add_node(built, net, m),
        };
        clients.push(Client {
            name: m.name.clone(),
            node: built.node(m.id),
            task: task.what,
            app,
        });
    }
    clients
}

/// A web server serving the page-load lesson's page (an HTML file and the
/// ten files it links) on port 80, with its software's accept queue.
fn web_server(m: &Machine, page: &PageLoadParams) -> WebServer {
    let preset = (m.settings.get("preset"))
        .and_then(|name| Preset::from_name(name))
        .unwrap_or(Preset::Nginx);
    WebServer::new(page_site(page), HTTP_PORT, preset.model().backlog, false)
}

/// A browser opening `http://host/index.html` as the page-load lesson's
/// does by default: one persistent connection, no TLS.
fn open_page(host: String) -> BrowserConfig {
    BrowserConfig {
        host,
        port: HTTP_PORT,
        base_path: BASE_PATH.into(),
        script: Vec::new(),
        credentials: false,
        mode: HttpMode::Persistent,
        parallel: 1,
        tls: false,
        prewarm_dns: None,
        // A refused or timed-out connection is tried again after a second,
        // three times, as a learner pressing reload would.
        max_retries: 3,
        retry_delay: SimTime::from_secs(1),
        revisit_after: None,
        doh: None,
    }
}

/// What a client achieved. Times in seconds from the start.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ClientReport {
    pub machine: String,
    pub task: &'static str,
    /// A page: `complete`, `failed` (the name did not resolve, or the
    /// server never answered) or `unfinished` (still at it when the run
    /// stopped). A message: `queued` (its server took it), `refused` or
    /// `unfinished`. A mailbox: `read` (logged in, read and logged out),
    /// `refused` (its login was) or `unfinished`. A file: `complete`,
    /// `failed` or `unfinished`. An API's app: `complete` (its script's
    /// every call answered) or `unfinished`. A chat: `complete` (Bob's
    /// every message reached it) or `unfinished`. A stream: `complete`
    /// (its picture played) or `unfinished`. A game: `complete` (its match
    /// played to the end), `waiting` (for other players), `failed` (its
    /// host's name did not resolve) or `unfinished`. A peer: `complete`
    /// (it has every piece, from `complete_s`) or `unfinished`. A Bitcoin
    /// node: `complete` (it has a block, from `complete_s`: it mined it or
    /// it came) or `unfinished`. The rest is the page's.
    pub outcome: &'static str,
    pub dns_s: Option<f64>,
    /// The address the name resolved to.
    pub address: Option<String>,
    pub connected_s: Option<f64>,
    pub first_byte_s: Option<f64>,
    pub complete_s: Option<f64>,
    pub objects_loaded: usize,
    /// A mailbox read: how many messages the mail program read; a chat:
    /// how many of Bob's reached the browser.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages_read: Option<usize>,
    /// A download: the bytes of the file it has; a peer: those that came
    /// to it in `piece` messages, or in `block` messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received_bytes: Option<u64>,
    /// An API's app: the calls of its script answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calls_answered: Option<usize>,
    /// A stream: the times its picture stopped (HLS's stalls, RTSP's
    /// glitches).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stalls: Option<u32>,
    /// A game: the snapshots it received.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshots: Option<u64>,
}

pub fn report(world: &World, client: &Client) -> ClientReport {
    let of = |outcome| ClientReport {
        machine: client.name.clone(),
        task: client.task.code(),
        outcome,
        ..ClientReport::default()
    };
    match client.task {
        TaskKind::SendMail | TaskKind::ReadMail => {
            let (outcome, messages_read) = mail::outcome(world, client);
            return ClientReport {
                messages_read,
                ..of(outcome)
            };
        }
        TaskKind::CallApi => {
            let (outcome, calls) = web_apps::api_outcome(world, client.app);
            return ClientReport {
                calls_answered: Some(calls),
                ..of(outcome)
            };
        }
        TaskKind::Chat => {
            let (outcome, got) = web_apps::chat_outcome(world, client.app);
            return ClientReport {
                messages_read: Some(got),
                ..of(outcome)
            };
        }
        TaskKind::WatchStream => {
            let (outcome, stalls) = stream::outcome(world, client.app);
            return ClientReport {
                stalls: Some(stalls),
                ..of(outcome)
            };
        }
        TaskKind::DownloadFile => {
            let (outcome, bytes) = files::outcome(world, client);
            return ClientReport {
                received_bytes: Some(bytes),
                ..of(outcome)
            };
        }
        TaskKind::PlayGame => {
            let played = game::outcome(world, client.app);
            return ClientReport {
                dns_s: played.dns.map(SimTime::as_secs_f64),
                address: played.address.map(|a| a.to_string()),
                snapshots: Some(played.snapshots),
                ..of(played.outcome)
            };
        }
        TaskKind::JoinSwarm | TaskKind::RelayBlocks => {
            let (outcome, bytes, done) = match client.task {
                TaskKind::JoinSwarm => swarm::outcome(world, client.app),
                _ => bitcoin::outcome(world, client.app),
            };
            return ClientReport {
                received_bytes: Some(bytes),
                complete_s: done.map(SimTime::as_secs_f64),
                ..of(outcome)
            };
        }
        _ => {}
    }
    if let Some((outcome, answers)) = database::outcome(world, client.app) {
        return ClientReport {
            objects_loaded: answers,
            ..of(outcome)
        };
    }
    let secs = |t: Option<SimTime>| t.map(SimTime::as_secs_f64);
    let browser = &world
        .app::<Host<Browser>>(client.app)
        .expect("a browser")
        .app;
    let t = &browser.timeline;
    let outcome = match browser.phase {
        Phase::Complete => "complete",
        Phase::Failed => "failed",
        _ => "unfinished",
    };
    ClientReport {
        dns_s: secs(t.dns_end),
        address: browser.server.map(|a| a.to_string()),
        connected_s: secs(t.connect_end),
        first_byte_s: secs(t.first_byte_at),
        complete_s: secs(t.complete_at),
        objects_loaded: browser
            .objects
            .iter()
            .filter(|o| o.done_at.is_some())
            .count(),
        ..of(outcome)
    }
}
