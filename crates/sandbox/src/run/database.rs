//! Databases, as the database lesson uses them (`cslab_db`): a web server
//! linked to a database runs the course's Flask app on `flask run`'s port
//! 5000 in place of the page, asking that database (its `engine`:
//! PostgreSQL, MySQL or MongoDB, each speaking its own protocol) through a
//! pool of SQLAlchemy's default pool_size, 5 connections; the database
//! machine runs the engine. A browser opening a page at such a server's
//! `host` is the lesson's: it asks for `/`, the logo and the data its
//! script fetches, one after the other on one connection to port 5000,
//! given the server's address as in the lesson (no DNS lookup).

use cslab_db::app::{FlaskApp, PORT};
use cslab_db::server::DbServer;
use cslab_db::users::{ONE_BROWSER, Users};
use cslab_db::wire::Db;
use cslab_sim::net::{Addr, AppId, World};
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::TcpConfig;
use cslab_sim::runs::web_world::add_tcp_server;

use super::world::Built;
use crate::kinds::Kind;
use crate::schema::{Machine, Network};

/// SQLAlchemy's QueuePool: pool_size 5, the lesson's default.
const POOL: u32 = 5;

fn engine(m: &Machine) -> Db {
    match m.settings.get("engine").map(String::as_str) {
        Some("mysql") => Db::Mysql,
        Some("mongodb") => Db::Mongodb,
        _ => Db::Postgresql,
    }
}

/// The database behind web server `web`: the first linked to it.
pub fn behind<'a>(net: &'a Network, web: &Machine) -> Option<&'a Machine> {
    (net.machines.iter())
        .filter(|m| m.kind == Kind::Database)
        .find(|m| net.links.iter().any(|l| l.joins(m.id, web.id)))
}

/// The web server of `host` that a database backs, if there is one.
pub fn backed_server<'a>(net: &'a Network, host: &str) -> Option<&'a Machine> {
    (net.machines.iter())
        .filter(|m| m.kind == Kind::WebServer && m.settings.get("host").is_some_and(|h| h == host))
        .find(|m| behind(net, m).is_some())
}

/// Adds every database's engine.
pub fn add_databases(built: &mut Built, net: &Network, tcp: TcpConfig) {
    for m in net.machines.iter().filter(|m| m.kind == Kind::Database) {
        let node = built.node(m.id);
        add_tcp_server(&mut built.world, node, DbServer::new(engine(m)), tcp);
    }
}

/// Adds the Flask app on web server `m` if a database backs it; `false`
/// if it runs the page.
pub fn add_app(built: &mut Built, net: &Network, m: &Machine, tcp: TcpConfig) -> bool {
    let Some(db) = behind(net, m) else {
        return false;
    };
    let node = built.node(m.id);
    let app = FlaskApp::new(engine(db), db.address, POOL);
    add_tcp_server(&mut built.world, node, app, tcp);
    true
}

/// The lesson's browser on `m`, asking `host` at `server`.
pub fn add_browser(built: &mut Built, m: &Machine, server: Addr, host: &str) -> AppId {
    let users = Users::new(server, 1, &ONE_BROWSER).naming(&format!("{host}:{PORT}"));
    let node = built.node(m.id);
    add_tcp_server(&mut built.world, node, users, TcpConfig::default())
}

/// If `app` is the lesson's browser: `complete` (every answer 200) or
/// `failed` (another status), else `unfinished`; and the answers it had.
pub fn outcome(world: &World, app: AppId) -> Option<(&'static str, usize)> {
    let users = &world.app::<Host<Users>>(app)?.app;
    let answers = &users.answers;
    let outcome = if answers.iter().any(|a| a.status != 200) {
        "failed"
    } else if answers.len() == ONE_BROWSER.len() {
        "complete"
    } else {
        "unfinished"
    };
    Some((outcome, answers.len()))
}
