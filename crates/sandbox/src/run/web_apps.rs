//! What a web server runs, and the clients of what it runs besides the
//! page: a web server whose `host` a `call-api` task names runs the API
//! lesson's API (`cslab_api`: the school's courses, REST under
//! `/courses/`, GraphQL at `/graphql`, SOAP at `/soap`, on port 80), in
//! place of the page; one a `chat` task names runs the WebSocket lesson's
//! chat (`cslab_chat`: Bob's four messages over 42 s, pushed over a
//! WebSocket or polled for); any other runs the page
//! ([`super::clients`]).
//!
//! As in their lessons, the API's app and the chat's browser are given the
//! address of the web server whose `host` is the task's (no DNS lookup on
//! the wire), and name that host in `Host` (the API's URLs are built from
//! it).

use cslab_api::client::{ApiClient, Style};
use cslab_api::server::ApiServer;
use cslab_chat::browser::ChatBrowser;
use cslab_chat::mode::Mode;
use cslab_chat::script::BOB;
use cslab_chat::server::ChatServer;
use cslab_sim::net::{Addr, AppId, World};
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::TcpConfig;
use cslab_sim::runs::web_world::add_tcp_server;
use cslab_sim::time::SimTime;

use super::world::Built;
use crate::schema::{Machine, Network};
use crate::tasks::TaskKind;

/// Whether some client's `task` names `server`'s host.
fn named_by(net: &Network, server: &Machine, task: TaskKind) -> bool {
    let Some(host) = server.settings.get("host") else {
        return false;
    };
    (net.machines.iter())
        .filter_map(|m| m.task.as_ref())
        .any(|t| t.what == task && t.params.get("host") == Some(host))
}

/// Adds the API or the chat on web server `m` if a `call-api` or `chat`
/// task names it; `false` if it runs the page.
pub fn add_server(built: &mut Built, net: &Network, m: &Machine, tcp: TcpConfig) -> bool {
    let node = built.node(m.id);
    let world = &mut built.world;
    if named_by(net, m, TaskKind::CallApi) {
        add_tcp_server(world, node, ApiServer::default(), tcp);
    } else if let Some(host) = m.settings.get("host")
        && named_by(net, m, TaskKind::Chat)
    {
        add_tcp_server(world, node, ChatServer::new(host, false, BOB.to_vec()), tcp);
    } else {
        return false;
    }
    true
}

/// How often a polling chat asks: the lesson's default, every 5 s.
const POLL_EVERY: SimTime = SimTime::from_secs(5);

/// The chat lesson's browser on `m`, at `host` on `server`, kept live
/// `how` (`websocket`, `polling` or `long-polling`), over plain HTTP as
/// the lesson's default.
pub fn add_chat(built: &mut Built, m: &Machine, server: Addr, host: &str, how: &str) -> AppId {
    let mode = match how {
        "polling" => Mode::Polling { every: POLL_EVERY },
        "long-polling" => Mode::LongPolling,
        _ => Mode::WebSocket,
    };
    let node = built.node(m.id);
    let browser = ChatBrowser::new(host, server, false, mode);
    add_tcp_server(&mut built.world, node, browser, TcpConfig::default())
}

/// `complete` (every message of Bob's reached it) or `unfinished`, and the
/// messages that did.
pub fn chat_outcome(world: &World, app: AppId) -> (&'static str, usize) {
    let browser = &world.app::<Host<ChatBrowser>>(app).expect("a chat").app;
    let got = browser.received.len();
    let outcome = if got == BOB.len() {
        "complete"
    } else {
        "unfinished"
    };
    (outcome, got)
}

/// The API lesson's app on `m`, calling `host` at `server` in `style`
/// (`rest`, `graphql` or `soap`).
pub fn add_api_client(
    built: &mut Built,
    m: &Machine,
    server: Addr,
    host: &str,
    style: &str,
) -> AppId {
    let style = match style {
        "graphql" => Style::Graphql,
        "soap" => Style::Soap,
        _ => Style::Rest,
    };
    let app = ApiClient::new(server, style).naming(host);
    let node = built.node(m.id);
    add_tcp_server(&mut built.world, node, app, TcpConfig::default())
}

/// `complete` (every call of its script answered) or `unfinished`, and
/// the calls answered.
pub fn api_outcome(world: &World, app: AppId) -> (&'static str, usize) {
    let client = &world
        .app::<Host<ApiClient>>(app)
        .expect("the API's app")
        .app;
    let outcome = if client.done() {
        "complete"
    } else {
        "unfinished"
    };
    (outcome, client.exchanges.len())
}
