//! Real servers as [`ServerModel`]s, each with its project's documented
//! default limits (the source is named next to each number), and a message
//! id for the one-paragraph description the UI shows (the English text is the
//! doc comment of each variant; translations live in `locales/`).
//!
//! One machine with as many cores as the model has threads is assumed unless
//! the scenario says otherwise; only an interpreter lock limits CPU work.
//! Every server runs on Linux (its kernel drops SYNs when the accept queue
//! is full) except IIS, whose http.sys answers 503 instead.

use super::concurrency::{ModelKind, Overflow, ServerModel};
use serde::{Deserialize, Serialize};

/// A server (or database server) with its default limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// Apache httpd with the prefork MPM: one single-threaded process per
    /// connection, up to 256 of them. A process is busy from the moment a
    /// connection is accepted until it closes, even while the client is slow
    /// or idle, so 256 slow clients are enough to keep everyone else waiting
    /// in the 511-place listen backlog, and then refused.
    ApachePrefork,
    /// Apache httpd with the event MPM: processes of 25 threads, 400 threads
    /// in all. A listener thread keeps idle keep-alive connections without a
    /// worker (up to about three per worker), but a worker still blocks while
    /// it reads a request and while its handler waits on a database.
    ApacheEvent,
    /// Nginx: one worker process running an event loop that watches up to
    /// 512 connections at once. Idle and slow connections cost only memory;
    /// a handler that waits (proxying to an application, reading a file) lets
    /// the loop serve others, but one long computation stalls every
    /// connection of that worker.
    Nginx,
    /// Microsoft IIS: the kernel driver http.sys accepts and parses requests
    /// asynchronously and queues them for the application pool (1 000
    /// places); ASP.NET runs up to 5 000 requests at once on its thread pool,
    /// and a synchronous handler blocks its thread while it waits.
    Iis,
    /// Apache Tomcat with its NIO connector: a poller holds up to 8 192
    /// connections without threads; a request is handed to one of 200 worker
    /// threads, which it holds until the response, database waits included.
    /// When all connections are taken, 100 more wait in the accept queue.
    Tomcat,
    /// GlassFish / Payara: the Grizzly NIO listener holds connections without
    /// threads, and requests run on the http-thread-pool, 5 threads by
    /// default (a tiny pool that production configurations raise), with 4 096
    /// requests allowed to wait for a thread.
    Glassfish,
    /// WEBrick, Ruby's built-in server: a thread per connection (up to 100),
    /// but Ruby's global VM lock lets only one thread run Ruby code at a
    /// time, so CPU-bound requests are served one after the other; a thread
    /// waiting on a database releases the lock.
    Webrick,
    /// Node.js: one thread runs the event loop. It holds as many connections
    /// as the operating system allows, and everything that waits (database,
    /// disk, network) is a callback, so I/O-bound work overlaps freely; but
    /// CPU-bound work runs one request at a time and blocks all the others.
    Nodejs,
    /// Flask's development server run with threaded=False (the only mode
    /// before Flask 1.0): one request at a time, from accept to response.
    /// Everything else waits in the 128-place listen queue, and a slow client
    /// blocks the whole server.
    FlaskDev,
    /// PostgreSQL: one operating-system process per client connection, at
    /// most 100 connections (max_connections). The 101st client gets "sorry,
    /// too many clients already": applications share a small pool instead.
    Postgresql,
    /// MySQL: one thread per client connection, at most 151 (max_connections;
    /// one more is kept for an administrator). Beyond that, "Too many
    /// connections"; 80 more can wait in the listen backlog.
    Mysql,
    /// MongoDB: a thread per client connection, and up to 1 000 000 incoming
    /// connections by default (net.maxIncomingConnections), so in practice
    /// the operating system's limits bind first.
    Mongodb,
}

impl Preset {
    pub const ALL: [Preset; 12] = [
        Preset::ApachePrefork,
        Preset::ApacheEvent,
        Preset::Nginx,
        Preset::Iis,
        Preset::Tomcat,
        Preset::Glassfish,
        Preset::Webrick,
        Preset::Nodejs,
        Preset::FlaskDev,
        Preset::Postgresql,
        Preset::Mysql,
        Preset::Mongodb,
    ];

    /// The name on the command line and in URLs (`apache-prefork`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Preset::ApachePrefork => "apache-prefork",
            Preset::ApacheEvent => "apache-event",
            Preset::Nginx => "nginx",
            Preset::Iis => "iis",
            Preset::Tomcat => "tomcat",
            Preset::Glassfish => "glassfish",
            Preset::Webrick => "webrick",
            Preset::Nodejs => "nodejs",
            Preset::FlaskDev => "flask-dev",
            Preset::Postgresql => "postgresql",
            Preset::Mysql => "mysql",
            Preset::Mongodb => "mongodb",
        }
    }

    /// The product name to display (not translated).
    pub fn label(self) -> &'static str {
        match self {
            Preset::ApachePrefork => "Apache httpd (prefork)",
            Preset::ApacheEvent => "Apache httpd (event)",
            Preset::Nginx => "Nginx",
            Preset::Iis => "IIS",
            Preset::Tomcat => "Apache Tomcat",
            Preset::Glassfish => "GlassFish / Payara",
            Preset::Webrick => "WEBrick",
            Preset::Nodejs => "Node.js",
            Preset::FlaskDev => "Flask development server",
            Preset::Postgresql => "PostgreSQL",
            Preset::Mysql => "MySQL",
            Preset::Mongodb => "MongoDB",
        }
    }

    pub fn from_name(s: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.name() == s)
    }

    /// Message id of the one-paragraph description (`preset-nginx`, ...);
    /// the English text is the variant's doc comment.
    pub fn description_key(self) -> &'static str {
        match self {
            Preset::ApachePrefork => "preset-apache-prefork",
            Preset::ApacheEvent => "preset-apache-event",
            Preset::Nginx => "preset-nginx",
            Preset::Iis => "preset-iis",
            Preset::Tomcat => "preset-tomcat",
            Preset::Glassfish => "preset-glassfish",
            Preset::Webrick => "preset-webrick",
            Preset::Nodejs => "preset-nodejs",
            Preset::FlaskDev => "preset-flask-dev",
            Preset::Postgresql => "preset-postgresql",
            Preset::Mysql => "preset-mysql",
            Preset::Mongodb => "preset-mongodb",
        }
    }

    pub fn is_database(self) -> bool {
        matches!(self, Preset::Postgresql | Preset::Mysql | Preset::Mongodb)
    }

    /// The model with the documented defaults.
    pub fn model(self) -> ServerModel {
        use ModelKind::*;
        let pool = |threads, max_connections, backlog| ServerModel {
            kind: WorkerPool,
            threads,
            max_connections,
            backlog,
            overflow: Overflow::SynDrop,
            idle_holds_thread: true,
            read_holds_thread: true,
            io_holds_thread: true,
            cpu_slots: None,
        };
        match self {
            // httpd 2.4 docs, mpm_common: MaxRequestWorkers "default 256" for
            // prefork (ServerLimit 256); ListenBacklog "Default: 511".
            Preset::ApachePrefork => pool(256, 256, 511),
            // httpd 2.4 docs: worker/event MaxRequestWorkers default
            // ServerLimit 16 × ThreadsPerChild 25 = 400; ListenBacklog 511;
            // event MPM: connections per process up to ThreadsPerChild +
            // AsyncRequestWorkerFactor (default 2) × idle workers, so at most
            // (2 + 1) × 400 = 1 200 connections.
            Preset::ApacheEvent => ServerModel {
                max_connections: 1_200,
                idle_holds_thread: false,
                ..pool(400, 400, 511)
            },
            // nginx docs, ngx_core_module: worker_processes "Default: 1",
            // but the nginx.conf that nginx.org's and Debian's packages ship
            // says `worker_processes auto` ("the number of available CPU
            // cores"): 4 on the lessons' four-core machine. Each worker
            // watches worker_connections ("Default: 512", ngx_event_core)
            // connections; ngx_http_core_module listen backlog "-1 on FreeBSD,
            // DragonFly BSD, and macOS, and to 511 on other platforms".
            Preset::Nginx => ServerModel {
                kind: EventLoop,
                threads: NGINX_WORKERS,
                max_connections: NGINX_WORKERS * 512,
                backlog: 511,
                overflow: Overflow::SynDrop,
                idle_holds_thread: false,
                read_holds_thread: false,
                io_holds_thread: false,
                cpu_slots: None,
            },
            // IIS docs, <serverRuntime> appConcurrentRequestLimit default
            // 5000; application pool <add queueLength> default 1000 (the
            // http.sys request queue). ASP.NET's thread pool grows on demand,
            // so the concurrent-request limit is what binds.
            Preset::Iis => ServerModel {
                kind: WorkerPool,
                threads: 5_000,
                max_connections: 5_000,
                backlog: 1_000,
                overflow: Overflow::Http503,
                idle_holds_thread: false,
                read_holds_thread: false,
                io_holds_thread: true,
                cpu_slots: None,
            },
            // Tomcat 10 HTTP connector docs: maxThreads "default 200",
            // acceptCount "default 100", maxConnections "For NIO/NIO2 the
            // default is 8192".
            Preset::Tomcat => ServerModel {
                kind: WorkerPool,
                threads: 200,
                max_connections: 8_192,
                backlog: 100,
                overflow: Overflow::SynDrop,
                idle_holds_thread: false,
                read_holds_thread: false,
                io_holds_thread: true,
                cpu_slots: None,
            },
            // GlassFish 3.1/4 Reference Manual, create-threadpool:
            // --maxthreadpoolsize "default is 5", --maxqueuesize "default is
            // 4096" (the http-thread-pool of the default domain.xml sets
            // neither; Payara's keeps the same defaults).
            Preset::Glassfish => ServerModel {
                kind: WorkerPool,
                threads: 5,
                max_connections: 4_096 + 5,
                backlog: 4_096,
                overflow: Overflow::SynDrop,
                idle_holds_thread: false,
                read_holds_thread: false,
                io_holds_thread: true,
                cpu_slots: None,
            },
            // WEBrick::Config::General: :MaxClients => 100 (a thread per
            // connection); the listen socket uses Ruby's default backlog
            // (SOMAXCONN, 128 on Linux before 5.4); MRI's global VM lock: one
            // thread computes at a time.
            Preset::Webrick => ServerModel {
                kind: SingleThreaded,
                cpu_slots: Some(1),
                io_holds_thread: true,
                ..pool(100, 100, 128)
            },
            // Node.js docs, net: server.listen() backlog "Default: 511";
            // server.maxConnections is unset by default (no limit); one
            // JavaScript thread.
            Preset::Nodejs => ServerModel {
                kind: EventLoop,
                threads: 1,
                max_connections: u32::MAX,
                backlog: 511,
                overflow: Overflow::SynDrop,
                idle_holds_thread: false,
                read_holds_thread: false,
                io_holds_thread: false,
                cpu_slots: None,
            },
            // Werkzeug serving.py: LISTEN_QUEUE = 128 (request_queue_size of
            // BaseWSGIServer); threaded=False serves one request at a time
            // (Flask's default before 1.0; since 1.0 `flask run` and
            // app.run() default to threaded=True, a thread per request).
            Preset::FlaskDev => ServerModel {
                kind: SingleThreaded,
                ..pool(1, 1, 128)
            },
            // PostgreSQL docs, max_connections "typically 100"; pqcomm.c
            // listens with backlog MaxConnections × 2 (capped at 10 000).
            Preset::Postgresql => pool(100, 100, 200),
            // MySQL 8.0 docs: max_connections default 151; back_log default
            // -1 = autosized to 50 + max_connections / 5 = 80.
            Preset::Mysql => pool(151, 151, 80),
            // MongoDB docs, net.maxIncomingConnections "Default: 1000000";
            // net.listenBacklog default SOMAXCONN (4096 on Linux ≥ 5.4).
            Preset::Mongodb => ServerModel {
                max_connections: 1_000_000,
                ..pool(1_000_000, 1_000_000, 4_096)
            },
        }
    }
}

/// Nginx's worker processes with `worker_processes auto` on the lessons'
/// four-core server.
pub const NGINX_WORKERS: u32 = 4;

/// HikariCP's maximumPoolSize default (HikariCP README: "Default: 10"): the
/// connection pool an application keeps in front of its database.
pub const DEFAULT_POOL_SIZE: u32 = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_keys_are_unique() {
        let mut keys: Vec<&str> = Preset::ALL.iter().map(|p| p.description_key()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), Preset::ALL.len());
        for p in Preset::ALL {
            assert_eq!(Preset::from_name(p.name()), Some(p));
            assert!(p.model().validate().is_ok());
        }
    }
}
