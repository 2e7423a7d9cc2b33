//! What a web server runs, and the clients of what it runs besides the
//! page: a web server whose `host` a `call-api` task names runs the API
//! lesson's API (`cslab_api`: the school's courses, REST under
//! `/courses/`, GraphQL at `/graphql`, SOAP at `/soap`, on port 80), in
//! place of the page; any other runs the page ([`super::clients`]).
//!
//! As in its lesson, the API's app is given the address of the web server
//! whose `host` is the task's (no DNS lookup on the wire), and names that
//! host in `Host`, which the API's URLs are built from.

use cslab_api::client::{ApiClient, Style};
use cslab_api::server::ApiServer;
use cslab_sim::net::{Addr, AppId, World};
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::TcpConfig;
use cslab_sim::runs::web_world::add_tcp_server;

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

/// Adds the API on web server `m` if a `call-api` task names it; `false`
/// if it runs the page.
pub fn add_server(built: &mut Built, net: &Network, m: &Machine, tcp: TcpConfig) -> bool {
    if !named_by(net, m, TaskKind::CallApi) {
        return false;
    }
    let node = built.node(m.id);
    add_tcp_server(&mut built.world, node, ApiServer::default(), tcp);
    true
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
