//! The lesson "The database behind the site": the course's Flask app
//! serves a page, a static image and JSON, asking its database (PostgreSQL,
//! MySQL or MongoDB, `?db=`) over the database's own protocol. Under load
//! (`?users=`), a pool of connections (`?pool=`, 0 for none) makes requests
//! wait their turn; without one, the database's connection limit turns
//! the extra requests away, and their pages become HTTP 500s. The settings
//! card charts the waits against the pool's size.

use super::address::{InAddress, Param, Values, number_param, place};
use super::layout::world_topology;
use super::machine_state::{nat_rows, socket_rows};
use super::playback::SPEEDS_NS_PER_MS;
use super::questions::{Arg, Choice, Observed, Question};
use super::run::LessonRun;
use super::settings::Field;
use super::wire::{first_connected, first_host, opens_connection};
use super::{LessonSpec, LessonView, SettingsCard, none};
use cslab_db::app::LinkState;
use cslab_db::wire::Db;
use cslab_db::world::{DbParams, DbSim, POOLS, USERS};
use cslab_scene::i18n::Lang;
use cslab_scene::kind::PacketKind;
use cslab_scene::story::{Plot, StoryStep};
use cslab_scene::topology::{NodeRole, Topology};
use cslab_sim::net::{NodeId, World};
use cslab_sim::proto::tcp::flags;
use cslab_sim::proto::text::db_trace;
use cslab_sim::time::SimTime;
use cslab_sim::trace::{TraceEvent, TraceMode};

pub const LESSON: LessonSpec = LessonSpec {
    code: "database",
    title_key: "lesson-database-title",
    intro_keys: &["lesson-database-intro-1", "lesson-database-intro-2"],
    view: LessonView::Stage { load_charts: false },
    card: SettingsCard::Database,
    speeds: &SPEEDS_NS_PER_MS,
    default_speed: 2,
    settings: &Field {
        get: |settings| &settings.database,
        get_mut: |settings| &mut settings.database,
    },
    legend: |_| (&DB_LEGEND, false),
    plot: |settings| {
        Some(Plot::Database {
            protocol: settings.database.db.protocol(),
            pooled: settings.database.pool > 0,
        })
    },
    try_next_key: "lesson-database-try",
    server_gauge: none,
    build: |settings, seed, trace| {
        let sim = DbSim::new(&params(&settings.database, seed, trace));
        Some((db_topology(&sim), Box::new(sim)))
    },
    off_stage_run: None,
    prepare: none,
    questions: &[AGAIN],
};

/// What the app does when one browser's second request needs the
/// database again, asked while the logo (no database) is served and shown
/// where the app takes a connection: a pool keeps the page's connection
/// open for the next request (SQLAlchemy's QueuePool, pool_size 5); with
/// none, each request opens its own, and pays TCP's handshake and the
/// database's login again (PostgreSQL's startup and SCRAM exchange,
/// protocol-flow §53.2.1; MySQL's handshake; MongoDB's hello and SASL).
/// A crowd fetches no logo: it is asked of one browser only.
const AGAIN: Question = Question {
    key: "ask-database-again",
    args: |settings| vec![("pool", Arg::Number(settings.database.pool.into()))],
    ask: StoryStep::DbStatic,
    reveal: &[StoryStep::DbReuse, StoryStep::DbConnectAgain],
    choices: |_| {
        [REUSED.0, OPENED.0, KEPT_ROWS, BROWSER_ASKS]
            .map(Choice::Words)
            .to_vec()
    },
    observe: connections_to_database,
};

/// The choices the run can show, each with its explanation.
const REUSED: (&str, &str) = (
    "choice-database-again-reuse",
    "explain-database-again-reuse",
);
const OPENED: (&str, &str) = ("choice-database-again-new", "explain-database-again-new");
const KEPT_ROWS: &str = "choice-database-again-kept";
const BROWSER_ASKS: &str = "choice-database-again-browser";

/// The connections the app (where the browser connected) opened to the
/// database (where the app first connected) by `until`, and the messages
/// the first one's opening took: its SYNs and every segment that carried
/// something, both ways, until the app noted the connection ready.
fn connections_to_database(world: &World, until: SimTime) -> Option<Observed> {
    let app = first_connected(world, first_host(world)?, until)?;
    let database = first_connected(world, app, until)?;
    let trace = world.trace();
    let (mut opened, mut opening, mut ready, mut port) = (0, 0, false, 0);
    for record in trace.records().take_while(|record| record.t <= until) {
        let header = match record.ev {
            TraceEvent::App {
                code: db_trace::READY,
                ..
            } => {
                ready = true;
                continue;
            }
            TraceEvent::PacketSent { pkt, .. } => trace.header(pkt),
            _ => None,
        };
        let Some((header, Some(tcp))) = header.map(|header| (header, header.msg.tcp)) else {
            continue;
        };
        let ends = [header.src_node, header.dst_node];
        if ends != [app, database] && ends != [database, app] {
            continue;
        }
        if header.src_node == app && opens_connection(header) {
            (opened, port) = (opened + 1, header.dst_port);
        }
        opening += u64::from(!ready && (tcp.has(flags::SYN) || tcp.len > 0));
    }
    let (answer, explain_key) = match opened {
        0 => return None,
        1 => REUSED,
        _ => OPENED,
    };
    Some(Observed {
        answer: Choice::Words(answer),
        explain_key,
        args: vec![
            ("connections", Arg::Number(opened)),
            ("port", Arg::Plain(port.into())),
            ("messages", Arg::Number(opening)),
        ],
    })
}

/// What crosses: TCP's handshakes and goodbyes, HTTP, the database's
/// messages, and the rest of a body longer than a segment; nothing sealed.
const DB_LEGEND: [PacketKind; 4] = [
    PacketKind::TcpControl,
    PacketKind::Http,
    PacketKind::Text,
    PacketKind::Data,
];

/// The database, how many users open the page at once, and the app's
/// pool (0: a connection per request).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DbSettings {
    pub db: Db,
    pub users: u32,
    pub pool: u32,
}

impl Default for DbSettings {
    /// One browser, PostgreSQL, SQLAlchemy's pool_size (5).
    fn default() -> Self {
        DbSettings {
            db: Db::Postgresql,
            users: 1,
            pool: 5,
        }
    }
}

/// A database as the address names it (its preset's name).
pub fn db_code(db: Db) -> &'static str {
    db.preset().name()
}

impl InAddress for DbSettings {
    const PARAMS: &'static [Param<Self>] = &[
        Param {
            name: "db",
            values: Values::Words(Db::ALL.len(), |i| db_code(Db::ALL[i])),
            get: |s| place(&Db::ALL, &s.db),
            set: |s, i| s.db = Db::ALL[i],
        },
        number_param!("users", USERS, users),
        number_param!("pool", POOLS, pool),
    ];
}

/// The crowd the chart is drawn for: the chosen one, or 100 users when one
/// browser is chosen (one request never waits).
pub fn chart_users(settings: &DbSettings) -> u32 {
    if settings.users > 1 {
        settings.users
    } else {
        100
    }
}

fn params(settings: &DbSettings, seed: u64, trace: Option<TraceMode>) -> DbParams {
    DbParams {
        db: settings.db,
        users: settings.users,
        pool: settings.pool,
        seed,
        trace: trace.unwrap_or(TraceMode::Full),
    }
}

/// The browser (or the crowd) on the left, the app in the middle, the
/// database on the right.
fn db_topology(sim: &DbSim) -> Topology {
    let ids = sim.nodes();
    let crowd = sim.params().users > 1;
    world_topology(sim.world(), |node| match node.id {
        id if id == ids.users && crowd => {
            (NodeRole::Client, "node-db-users", "role-db-users", 80, 250)
        }
        id if id == ids.users => (NodeRole::Laptop, "node-browser", "role-db-browser", 80, 250),
        id if Some(id) == ids.router => (
            NodeRole::Router,
            "node-home-router",
            "role-router",
            220,
            250,
        ),
        id if id == ids.internet => (NodeRole::Router, "node-internet", "role-internet", 350, 250),
        id if id == ids.app => (NodeRole::WebServer, "node-flask", "role-flask", 500, 250),
        _ => (
            NodeRole::Database,
            "node-database",
            "role-database",
            690,
            250,
        ),
    })
}

impl LessonRun for DbSim {
    fn world(&self) -> &World {
        DbSim::world(self)
    }
    fn world_mut(&mut self) -> &mut World {
        DbSim::world_mut(self)
    }
    /// The app's pool (each connection and what it does) and the requests
    /// waiting; the database's connections held and refused.
    fn node_state(&self, node: NodeId, _lang: Lang) -> Vec<(&'static str, String)> {
        let ids = self.nodes();
        let world = self.world();
        match node {
            id if id == ids.app => {
                let app = &self.app().app;
                let mut facts: Vec<(&'static str, String)> = (app.links.iter().enumerate())
                    .map(|(i, link)| {
                        let key = match link.state {
                            LinkState::Opening { .. } => "state-db-link-opening",
                            LinkState::Idle => "state-db-link-idle",
                            LinkState::Querying { .. } => "state-db-link-querying",
                        };
                        (key, format!("#{} :{}", i + 1, world_port(self, link.conn)))
                    })
                    .collect();
                facts.push(("state-db-waiting", app.waiting.len().to_string()));
                facts.extend(socket_rows(
                    world,
                    &self.app().tcp,
                    node,
                    &[("flask", 5000)],
                ));
                facts
            }
            id if id == ids.db => {
                let server = &self.server().app;
                let (ordinary, total) = self.params().db.slots();
                vec![
                    (
                        "state-db-held",
                        format!("{} / {ordinary} ({total})", server.held()),
                    ),
                    ("state-db-refused", server.refused.to_string()),
                ]
            }
            id if Some(id) == ids.router => nat_rows(world, id),
            id if id == ids.users => socket_rows(world, &self.users().tcp, node, &[]),
            _ => Vec::new(),
        }
    }
}

/// The app's own port of a connection to the database.
fn world_port(sim: &DbSim, conn: cslab_sim::proto::tcp::ConnId) -> u16 {
    sim.app().tcp.conn(conn).local_port
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::settings::Settings;
    use cslab_scene::story::StoryStep::{self, *};
    use cslab_sim::time::SimTime;

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<DbSettings>();
    }

    fn told(database: DbSettings) -> Vec<StoryStep> {
        let settings = Settings {
            database,
            ..Settings::default()
        };
        crate::lesson::told(&LESSON, &settings, SimTime::from_secs(5))
    }

    #[test]
    fn one_browser_is_told_in_the_order_it_happens() {
        let one = DbSettings::default();
        assert_eq!(
            told(one),
            [
                DbAsk, DbConnect, DbOpening, DbReady, DbQuery, DbRows, DbPage, DbStatic, DbReuse,
                DbJson, DbDone
            ]
        );
        let unpooled = DbSettings { pool: 0, ..one };
        assert_eq!(
            told(unpooled),
            [
                DbAsk,
                DbConnect,
                DbOpening,
                DbReady,
                DbQuery,
                DbRows,
                DbPage,
                DbStatic,
                DbConnectAgain,
                DbJson,
                DbDone
            ]
        );
    }

    #[test]
    fn a_crowd_without_a_pool_is_refused_and_with_one_waits() {
        let crowd = DbSettings {
            users: 200,
            pool: 0,
            ..DbSettings::default()
        };
        let steps = told(crowd);
        assert!(
            steps.contains(&DbRefused) && steps.contains(&DbError),
            "{steps:?}"
        );
        let pooled = told(DbSettings { pool: 5, ..crowd });
        assert!(
            pooled.contains(&DbWait) && !pooled.contains(&DbError),
            "{pooled:?}"
        );
        let plot = Plot::Database {
            protocol: Db::Mysql.protocol(),
            pooled: false,
        };
        assert_eq!(plot.key(DbRefused), "story-db-refused-mysql");
        assert_eq!(plot.key(DbDone), "story-db-done-unpooled");
    }
}
