//! The lesson's world: the learner's home (or a crowd of users behind
//! it), the Internet, the school's app server running the Flask app, and
//! its database server beside it in the same data centre.
//!
//! ```text
//! browser ── home router ── Internet ── app server ── database server
//!      5 ms          5 ms          10 ms          0.1 ms
//! users (a crowd) ─────────── Internet ── ...
//!            10 ms, 10 Gbit/s
//! ```
//!
//! A round trip between the app and the database is 0.2 ms: next to the
//! query's 5 ms, a connection's opening costs little time but a process
//! (PostgreSQL) or a thread (MySQL, MongoDB) on the database.

use crate::app::FlaskApp;
use crate::server::DbServer;
use crate::users::{CROWD, ONE_BROWSER, Users};
use crate::wire::Db;
use cslab_sim::net::{Addr, AppId, LinkSpec, NodeId, NodeKind, Proto, World};
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::{TcpConfig, TcpStack};
use cslab_sim::runs::addresses::{Home, add_home, assign, page};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;
use serde::Serialize;

pub const APP: Addr = Addr::new(203, 0, 113, 50);
pub const DATABASE: Addr = Addr::new(203, 0, 113, 51);
/// Where the crowd comes from.
const CROWD_ADDR: Addr = Addr::new(198, 51, 100, 100);

/// Pool sizes the learner may choose (0: none), the chart's bars.
pub const POOLS: [u32; 6] = [0, 1, 2, 5, 10, 20];
/// How many users open the page at once.
pub const USERS: [u32; 5] = [1, 10, 50, 100, 200];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DbParams {
    pub db: Db,
    pub users: u32,
    pub pool: u32,
    pub seed: u64,
    pub trace: TraceMode,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DbNodes {
    pub users: NodeId,
    /// The learner's home router (one browser only).
    pub router: Option<NodeId>,
    pub internet: NodeId,
    pub app: NodeId,
    pub db: NodeId,
}

pub struct DbSim {
    world: World,
    nodes: DbNodes,
    params: DbParams,
    users: AppId,
    app: AppId,
    server: AppId,
}

impl DbSim {
    pub fn new(p: &DbParams) -> DbSim {
        let mut w = World::new(p.seed, p.trace);
        // One browser sits in the learner's home; a crowd comes from all
        // over the Internet, drawn as one machine on a fast link (its
        // requests reach the app within a fraction of a millisecond).
        let (users, router) = if p.users == 1 {
            let Home {
                laptop,
                router,
                internet,
            } = add_home(&mut w, "browser");
            (laptop, Some((router, internet)))
        } else {
            (w.add_node("users", NodeKind::Host), None)
        };
        let internet = match router {
            Some((_, internet)) => internet,
            None => {
                let internet = w.add_node("internet", NodeKind::Router);
                w.connect(
                    users,
                    internet,
                    LinkSpec::new(10_000_000_000, SimTime::from_millis(10)),
                );
                assign(&mut w, &[(users, CROWD_ADDR), (internet, page::CORE)]);
                internet
            }
        };
        let app = w.add_node("school.example", NodeKind::Server);
        let db = w.add_node("db.school.example", NodeKind::Server);
        w.connect(
            app,
            internet,
            LinkSpec::new(1_000_000_000, SimTime::from_millis(10)),
        );
        w.connect(
            app,
            db,
            LinkSpec::new(1_000_000_000, SimTime::from_micros(100)),
        );
        w.set_addr(app, APP);
        w.set_addr(db, DATABASE);
        let stack = || TcpStack::new(TcpConfig::default());
        let server = w.add_app(db, Box::new(Host::new(stack(), DbServer::new(p.db))));
        w.bind_any_port(db, Proto::Tcp, server);
        let flask = FlaskApp::new(p.db, DATABASE, p.pool);
        let app_id = w.add_app(app, Box::new(Host::new(stack(), flask)));
        w.bind_any_port(app, Proto::Tcp, app_id);
        let paths: &'static [&'static str] = if p.users == 1 { &ONE_BROWSER } else { &CROWD };
        let visitors = Users::new(APP, p.users as usize, paths);
        let users_id = w.add_app(users, Box::new(Host::new(stack(), visitors)));
        w.bind_any_port(users, Proto::Tcp, users_id);
        DbSim {
            world: w,
            nodes: DbNodes {
                users,
                router: router.map(|(router, _)| router),
                internet,
                app,
                db,
            },
            params: *p,
            users: users_id,
            app: app_id,
            server,
        }
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    pub fn nodes(&self) -> DbNodes {
        self.nodes
    }

    pub fn params(&self) -> DbParams {
        self.params
    }

    pub fn app(&self) -> &Host<FlaskApp> {
        self.world.app(self.app).expect("the Flask app")
    }

    pub fn server(&self) -> &Host<DbServer> {
        self.world.app(self.server).expect("the database")
    }

    pub fn users(&self) -> &Host<Users> {
        self.world.app(self.users).expect("the users")
    }

    /// What the run shows so far.
    pub fn report(&self) -> DbReport {
        let app = &self.app().app;
        let waits_us: Vec<u64> = (app.requests.iter())
            .filter_map(|r| r.wait())
            .map(|w| w.as_nanos() / 1_000)
            .collect();
        let answered = app.requests.iter().filter_map(|r| r.answered);
        let (mut ok, mut errors) = (0, 0);
        for (_, status) in answered {
            if status.code() == 200 {
                ok += 1
            } else {
                errors += 1
            }
        }
        let server = &self.server().app;
        DbReport {
            db: self.params.db,
            users: self.params.users,
            pool: self.params.pool,
            port: self.params.db.port(),
            answered_ok: ok,
            errors,
            mean_wait_us: waits_us.iter().sum::<u64>() / (waits_us.len() as u64).max(1),
            max_wait_us: waits_us.iter().copied().max().unwrap_or(0),
            connections_opened: app.opened,
            most_held: server.most_held,
            refused: server.refused,
            answers: self.users().app.answers.clone(),
        }
    }
}

/// What [`DbSim::report`] says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DbReport {
    pub db: Db,
    pub users: u32,
    pub pool: u32,
    pub port: u16,
    /// Requests that needed the database: answered 200, or 500.
    pub answered_ok: u32,
    pub errors: u32,
    /// Waits for a pooled connection, in microseconds.
    pub mean_wait_us: u64,
    pub max_wait_us: u64,
    /// Connections the app opened to the database; the most the database
    /// held at once; those it refused.
    pub connections_opened: u32,
    pub most_held: u32,
    pub refused: u32,
    pub answers: Vec<crate::users::Answer>,
}

/// Long enough for every run the lesson offers to end.
pub const RUN_FOR: SimTime = SimTime::from_secs(5);

/// The chart's runs: a crowd of `users` through each pool size of
/// [`POOLS`] in turn, with no trace kept, done a few thousand events at a
/// time (a crowd of 200 without a pool is tens of thousands of events: more
/// than a frame of the page).
pub struct CrowdRuns {
    db: Db,
    users: u32,
    seed: u64,
    running: Option<DbSim>,
    pub done: Vec<DbReport>,
}

impl CrowdRuns {
    pub fn new(db: Db, users: u32, seed: u64) -> CrowdRuns {
        CrowdRuns {
            db,
            users,
            seed,
            running: None,
            done: Vec::new(),
        }
    }

    /// Runs up to about `events` events; true once every pool size's run
    /// has ended.
    pub fn work(&mut self, mut events: u64) -> bool {
        while events > 0 {
            let Some(&pool) = POOLS.get(self.done.len()) else {
                return true;
            };
            let sim = self.running.get_or_insert_with(|| {
                DbSim::new(&DbParams {
                    db: self.db,
                    users: self.users,
                    pool,
                    seed: self.seed,
                    trace: TraceMode::Last(0),
                })
            });
            let world = sim.world_mut();
            if world.next_event_time().is_some_and(|t| t <= RUN_FOR) {
                events = events.saturating_sub(world.step(events.min(STEP)).max(1));
            } else {
                let report = sim.report();
                self.done.push(report);
                self.running = None;
            }
        }
        self.done.len() == POOLS.len()
    }
}

/// Events stepped at once: small, so a run ends close to [`RUN_FOR`].
const STEP: u64 = 500;

/// The crowd's run for each pool size: the chart's bars.
pub fn by_pool(db: Db, users: u32, seed: u64) -> Vec<DbReport> {
    let mut runs = CrowdRuns::new(db, users, seed);
    while !runs.work(u64::MAX) {}
    runs.done
}
