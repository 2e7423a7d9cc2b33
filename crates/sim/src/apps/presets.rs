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

/// What a preset is called on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisplayName {
    /// A product's name, the same in every language.
    Product(&'static str),
    /// A message id: the name is words, translated in `locales/`.
    Message(&'static str),
}

/// A server (or database server) with its default limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// Apache httpd with the prefork MPM: one single-threaded process per connection, up to 256
    /// of them (MaxRequestWorkers). A process is tied up from the moment it accepts a connection
    /// until the connection closes, even while the client is slow or idle, so 256 slow clients
    /// are enough to make everyone else wait in the 511-place accept queue (ListenBacklog); once
    /// that is full, Linux drops new connection requests (SYN) and the clients send them again
    /// after 1 s, 2 s, 4 s…
    ApachePrefork,
    /// Apache httpd with the event MPM: processes of 25 threads, 400 threads in all
    /// (MaxRequestWorkers). A listener thread holds idle keep-alive connections without tying up
    /// a worker (up to about three connections per worker), but a worker is still tied up while
    /// it reads a request and while the application waits on a database.
    ApacheEvent,
    /// Nginx, a web server that is also a reverse proxy, a mail proxy and a generic TCP/UDP
    /// proxy: one worker process per core (worker_processes auto, as the packaged configurations
    /// set it; the compiled-in default is 1), so four here, each running an event loop that
    /// watches up to 512 connections at once (worker_connections). Idle and slow connections cost
    /// only memory, and a worker waiting on the application behind it serves other connections
    /// meanwhile; but a long computation stalls every connection of its worker.
    Nginx,
    /// Microsoft IIS: the kernel driver http.sys accepts connections, parses requests and queues
    /// them for the application pool (1,000 places, queueLength; when the queue is full, http.sys
    /// answers 503 Service Unavailable). Up to 5,000 requests run at once
    /// (appConcurrentRequestLimit) on ASP.NET’s thread pool, and a synchronous handler holds its
    /// thread while it waits.
    Iis,
    /// Apache Tomcat, a Java servlet container, with its NIO connector: a poller thread holds up
    /// to 8,192 connections without tying up threads (maxConnections); each request is handed to
    /// one of 200 worker threads (maxThreads), which it keeps until the response is written,
    /// database waits included. When all connections are taken, 100 more wait in the operating
    /// system’s accept queue (acceptCount).
    Tomcat,
    /// GlassFish / Payara, Jakarta EE application servers: the Grizzly NIO listener holds
    /// connections without threads, and requests run on the http-thread-pool, 5 threads by
    /// default (a tiny pool that production configurations raise), with up to 4,096 requests
    /// waiting for a thread (max-queue-size).
    Glassfish,
    /// WEBrick, the HTTP server that came with Ruby until Ruby 3.0 (now a separate gem): a thread
    /// per connection (up to 100, MaxClients), but Ruby’s global VM lock lets only one thread run
    /// Ruby code at a time, so CPU-bound requests are served one after the other; a thread
    /// waiting on a database releases the lock.
    Webrick,
    /// Node.js is a JavaScript runtime, not a web server: a program makes its own server with the
    /// http module (http.createServer(handler).listen(3000)). One thread runs the event loop; it
    /// holds as many connections as the operating system allows (server.maxConnections is unset),
    /// and everything that waits (database, disk, network) is a callback, so I/O-bound requests
    /// overlap freely; but CPU-bound work runs one request at a time and blocks all the others.
    Nodejs,
    /// Flask is a Python web framework; the server it starts for development (Werkzeug’s, not
    /// meant for production) runs here without threads (threaded=False, the default before Flask
    /// 1.0, since which each request gets a thread): one request at a time, from accept to
    /// response. Everything else waits in the 128-place accept queue, and one slow client holds
    /// up the whole server.
    FlaskDev,
    /// PostgreSQL: one operating-system process per client connection, at most 100 connections
    /// (max_connections, 3 of them kept for superusers). Beyond that, a new client gets “sorry,
    /// too many clients already”: applications share a small pool of connections instead.
    Postgresql,
    /// MySQL: one thread per client connection, at most 151 (max_connections), plus one kept for
    /// an administrator. Beyond that, “Too many connections”; 80 more can wait in the accept
    /// queue (back_log).
    Mysql,
    /// MongoDB: a thread per client connection, and up to 1,000,000 incoming connections by
    /// default (net.maxIncomingConnections), so in practice the operating system’s limits (open
    /// files, memory) bind first.
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

    /// How the UI names it: a product's name, written alike in every
    /// language, or, for Flask's development server, words to translate.
    pub fn display_name(self) -> DisplayName {
        use DisplayName::Product;
        match self {
            Preset::ApachePrefork => Product("Apache httpd (prefork)"),
            Preset::ApacheEvent => Product("Apache httpd (event)"),
            Preset::Nginx => Product("Nginx"),
            Preset::Iis => Product("IIS"),
            Preset::Tomcat => Product("Apache Tomcat"),
            Preset::Glassfish => Product("GlassFish / Payara"),
            Preset::Webrick => Product("WEBrick"),
            Preset::Nodejs => Product("Node.js"),
            Preset::FlaskDev => DisplayName::Message("server-flask-dev"),
            Preset::Postgresql => Product("PostgreSQL"),
            Preset::Mysql => Product("MySQL"),
            Preset::Mongodb => Product("MongoDB"),
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

    /// A database's connections: how many an ordinary account may hold,
    /// and how many the server takes at all (administrators get the rest).
    /// PostgreSQL keeps superuser_reserved_connections (default 3) of its
    /// max_connections for superusers; MySQL takes max_connections + 1, the
    /// extra one for an account with CONNECTION_ADMIN ("Too many
    /// connections", B.3.2.5); MongoDB reserves none. `None` for a web
    /// server.
    pub fn connection_slots(self) -> Option<(u32, u32)> {
        let max = self.model().max_connections;
        match self {
            Preset::Postgresql => Some((max - 3, max)),
            Preset::Mysql => Some((max, max + 1)),
            Preset::Mongodb => Some((max, max)),
            _ => None,
        }
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
