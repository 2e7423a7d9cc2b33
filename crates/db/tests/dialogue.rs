//! The lesson's runs against figures worked out by hand.
//!
//! The world: the app and the database are 0.1 ms apart (a round trip
//! 0.2 ms, plus a few µs of serialisation at 1 Gbit/s); the database
//! works 5 ms on each query.

use cslab_db::wire::{Db, QUERY_TIME};
use cslab_db::world::{DbParams, DbReport, DbSim, RUN_FOR};
use cslab_sim::net::NodeId;
use cslab_sim::proto::AppMsg;
use cslab_sim::trace::TraceMode;

fn run(db: Db, users: u32, pool: u32) -> (DbSim, DbReport) {
    let mut sim = DbSim::new(&DbParams {
        db,
        users,
        pool,
        seed: 1,
        trace: TraceMode::Full,
    });
    sim.world_mut().run_until(RUN_FOR);
    let report = sim.report();
    (sim, report)
}

/// Every HTTP start line and database message that crossed between two
/// nodes, in order: (from, to, port it went to, summary, bytes).
fn wire(sim: &DbSim, a: NodeId, b: NodeId) -> Vec<(NodeId, u16, String, u32)> {
    let names = sim.world().names();
    (sim.world().trace().headers())
        .filter(|h| [(a, b), (b, a)].contains(&(h.src_node, h.dst_node)))
        .filter(|h| h.msg.tcp.is_some_and(|s| s.len > 0 && s.rec_off == 0))
        .filter_map(|h| {
            let port = h.dst_port;
            match h.msg.app {
                AppMsg::Http(http) => {
                    let head = names.text(http.head);
                    let line = head.split("\r\n").next().unwrap_or_default();
                    Some((h.src_node, port, line.to_owned(), http.total_bytes()))
                }
                AppMsg::Text(text) => Some((
                    h.src_node,
                    port,
                    names.text(text.line).to_owned(),
                    text.bytes,
                )),
                _ => None,
            }
        })
        .collect()
}

/// The summaries only, of what went from `a` to `b` and back.
fn said(sim: &DbSim, a: NodeId, b: NodeId) -> Vec<String> {
    wire(sim, a, b)
        .into_iter()
        .map(|(_, _, text, _)| text)
        .collect()
}

#[test]
fn postgresql_opens_authenticates_and_answers_in_the_documented_order() {
    let (sim, report) = run(Db::Postgresql, 1, 5);
    let n = sim.nodes();
    let wire = wire(&sim, n.app, n.db);
    // Everything the app sends goes to 5432.
    assert!(wire.iter().filter(|m| m.0 == n.app).all(|m| m.1 == 5432));
    let said: Vec<&str> = wire.iter().map(|m| m.2.as_str()).collect();
    let names: Vec<&str> = said
        .iter()
        .map(|s| s.split([' ', ':']).next().unwrap())
        .collect();
    let mut expected = vec![
        "StartupMessage",
        "AuthenticationSASL",
        "SASLInitialResponse",
        "AuthenticationSASLContinue",
        "SASLResponse",
        "AuthenticationSASLFinal",
        "AuthenticationOk",
    ];
    expected.extend(["ParameterStatus"; 14]);
    expected.extend(["BackendKeyData", "ReadyForQuery"]);
    // The page's query, then /api/courses' on the same pooled connection.
    for _ in 0..2 {
        expected.push("Query");
        expected.push("RowDescription");
        expected.extend(["DataRow"; 4]);
        expected.extend(["CommandComplete", "ReadyForQuery"]);
    }
    assert_eq!(names, expected);
    assert_eq!(said[0], "StartupMessage user=flask database=school");
    assert!(said.contains(&"CommandComplete SELECT 4"));
    assert!(said.contains(&"DataRow Databases | Bruno"));
    // The bytes on the wire are the messages' own (hand-counted in
    // cslab_db::postgres): the StartupMessage 36, the Query 1 + 4 + the
    // SQL and its zero.
    assert_eq!(wire[0].3, 36);
    let query = wire
        .iter()
        .find(|m| m.2.starts_with("Query: SELECT"))
        .unwrap();
    assert_eq!(query.3, 6 + cslab_db::school::SQL.len() as u32);
    assert_eq!(
        report.connections_opened, 1,
        "the pool kept it for the JSON"
    );
    // The browser: its page, the logo (from disk, no query), the JSON.
    let browser = said_http(&sim);
    assert_eq!(
        browser,
        [
            "GET / HTTP/1.1",
            "HTTP/1.1 200 OK",
            "GET /static/logo.png HTTP/1.1",
            "HTTP/1.1 200 OK",
            "GET /api/courses HTTP/1.1",
            "HTTP/1.1 200 OK"
        ]
    );
    let bodies: Vec<(String, u32)> = (sim.world().trace().headers())
        .filter(|h| h.src_node == n.app && h.msg.tcp.is_some_and(|s| s.rec_off == 0))
        .filter_map(|h| match h.msg.app {
            AppMsg::Http(http) if http.status().is_some() => Some((
                sim.world().names().text(http.path).to_owned(),
                http.body_bytes,
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        bodies,
        [
            ("/".to_owned(), cslab_db::school::page_html().len() as u32),
            ("/static/logo.png".to_owned(), cslab_db::school::LOGO_BYTES),
            (
                "/api/courses".to_owned(),
                cslab_db::school::courses_json().len() as u32
            ),
        ]
    );
}

/// The HTTP start lines between the browser and the app.
fn said_http(sim: &DbSim) -> Vec<String> {
    let n = sim.nodes();
    let names = sim.world().names();
    (sim.world().trace().headers())
        .filter(|h| h.msg.tcp.is_some_and(|s| s.len > 0 && s.rec_off == 0))
        .filter(|h| h.src_node == n.app || h.dst_node == n.app)
        .filter_map(|h| match h.msg.app {
            AppMsg::Http(http) => {
                let head = names.text(http.head);
                Some(head.split("\r\n").next().unwrap_or_default().to_owned())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn mysql_greets_first_on_3306_and_mongodb_speaks_op_msg_on_27017() {
    let (sim, _) = run(Db::Mysql, 1, 0);
    let n = sim.nodes();
    let wire = wire(&sim, n.app, n.db);
    assert_eq!(wire[0].0, n.db, "the server speaks first");
    assert!(wire.iter().filter(|m| m.0 == n.app).all(|m| m.1 == 3306));
    let said: Vec<&str> = wire.iter().map(|m| m.2.as_str()).collect();
    assert_eq!(
        &said[..3],
        [
            "Server Greeting proto=10 version=8.4.3 caching_sha2_password",
            "Login Request user=flask db=school caching_sha2_password",
            "Auth More Data fast_auth_success",
        ]
    );
    assert_eq!(said[3], "OK");
    assert!(said[4].starts_with("Request Query: SELECT c.title, s.name FROM courses c JOIN"));
    assert_eq!(
        &said[5..14],
        [
            "Response 2 columns",
            "Field school.courses.title",
            "Field school.students.name",
            "EOF",
            "Row Networks | Ana",
            "Row Networks | Luca",
            "Row Networks | Marta",
            "Row Databases | Bruno",
            "EOF"
        ]
    );
    // No pool: COM_QUIT, and the JSON's request opens its own connection.
    assert_eq!(said[14], "Request Quit");
    assert_eq!(said[15], said[0]);

    let (sim, report) = run(Db::Mongodb, 1, 5);
    let n = sim.nodes();
    let wire = self::wire(&sim, n.app, n.db);
    assert!(wire.iter().filter(|m| m.0 == n.app).all(|m| m.1 == 27017));
    assert!(wire.iter().all(|m| m.2.starts_with("OP_MSG { ")));
    assert!(
        wire[0]
            .2
            .starts_with("OP_MSG { hello: 1, client: { driver: { name: 'PyMongo'")
    );
    assert!(
        wire[0]
            .2
            .contains("speculativeAuthenticate: { saslStart: 1, mechanism: 'SCRAM-SHA-256'")
    );
    assert!(
        wire[2]
            .2
            .starts_with("OP_MSG { saslContinue: 1, conversationId: 1")
    );
    assert!(wire[3].2.contains("done: true"));
    assert!(
        wire[4]
            .2
            .starts_with("OP_MSG { find: 'courses', filter: { 'students.0': { $exists: true } }")
    );
    assert!(
        wire[5]
            .2
            .contains("firstBatch: [ { _id: 1, title: 'Networks', students: [ { name: 'Ana' }")
    );
    // The find: 154 bytes (hand-counted in cslab_db::mongo).
    assert_eq!(wire[4].3, 154);
    assert_eq!(
        wire.len(),
        4 + 2 * 2,
        "one opening, two finds on the pooled connection"
    );
    assert_eq!(report.answered_ok, 2);
}

/// Ten users ask for the page at once; the pool holds P = 2 connections,
/// opened as needed. Let C be a connection's opening and Q a warm
/// connection's turn for one request:
///
/// - Q = the query's way there (0.1 ms) + the database's work (5 ms) + the
///   answer's way back (0.1 ms) = 5.2 ms;
/// - C = TCP's handshake (one round trip, 0.2 ms) + PostgreSQL's opening
///   (StartupMessage, SASLInitialResponse and SASLResponse, each answered:
///   three round trips, 0.6 ms) = 0.8 ms.
///
/// Requests 0 and 1 open the two connections and wait for none. Request i
/// (i ≥ P) gets the connection request i − P leaves: it waits
/// C + floor(i / P) · Q (with a warm pool, floor(i / P) · Q: the textbook's
/// floor(i / P) · S, S being a request's time on its connection). So the
/// waits are 0, 0, 6.0, 6.0, 11.2, 11.2, 16.4, 16.4, 21.6, 21.6 ms, and
/// their mean (2 · (6.0 + 11.2 + 16.4 + 21.6)) / 10 = 110.4 / 10 = 11.04 ms.
/// Serialisation adds a few µs per step; the users' requests reach the app
/// a few µs apart, which the waits subtract.
#[test]
fn a_pool_makes_requests_wait_their_turn_as_worked_out_by_hand() {
    let (sim, report) = run(Db::Postgresql, 10, 2);
    let requests = &sim.app().app.requests;
    let got: Vec<u64> = (requests.iter())
        .map(|r| r.got.unwrap().as_nanos() / 1_000)
        .collect();
    // A pooled connection passes from one request to the next every Q.
    for i in 2..8 {
        let step = got[i + 2] - got[i];
        assert!((5_200..5_220).contains(&step), "request {i}: {step} µs");
    }
    // The first handover costs C + Q.
    assert!((6_000..6_040).contains(&(got[2] - got[0])), "{got:?}");
    assert!(report.mean_wait_us.abs_diff(11_040) <= 60, "{report:?}");
    assert_eq!(report.connections_opened, 2);
    assert_eq!((report.answered_ok, report.errors), (10, 0));
    // The database's work is in every step.
    assert_eq!(QUERY_TIME.as_nanos(), 5_000_000);
}

/// 200 users at once without a pool: 200 connections.
///
/// PostgreSQL takes max_connections = 100 processes; the other 100 are
/// told "sorry, too many clients already" after their StartupMessage. Of
/// the 100, an ordinary role may hold 100 − 3 = 97 (superuser_reserved_
/// connections): the first three to finish authenticating find fewer than
/// 3 places free and are refused with "remaining connection slots are
/// reserved ..."; each refusal frees its place, so once three have gone
/// the other 97 fit. 97 pages, 103 errors (HTTP 500).
///
/// MySQL takes max_connections + 1 = 152: the 48 beyond are refused
/// before its greeting, and the 152nd, an ordinary account on the place
/// kept for CONNECTION_ADMIN, once logged in: 151 pages, 49 errors.
///
/// MongoDB takes 1,000,000: 200 pages.
#[test]
fn without_a_pool_the_database_refuses_beyond_its_limit() {
    let (sim, report) = run(Db::Postgresql, 200, 0);
    assert_eq!((report.answered_ok, report.errors), (97, 103));
    assert_eq!(report.refused, 103);
    assert_eq!(report.most_held, 100);
    let n = sim.nodes();
    let said = said(&sim, n.app, n.db);
    let count = |text: &str| said.iter().filter(|m| m.as_str() == text).count();
    assert_eq!(
        count("ErrorResponse FATAL 53300 sorry, too many clients already"),
        100
    );
    assert_eq!(
        count(
            "ErrorResponse FATAL 53300 remaining connection slots are reserved for roles with the SUPERUSER attribute"
        ),
        3
    );
    let statuses = |sim: &DbSim| {
        let answers = &sim.users().app.answers;
        let errors = answers.iter().filter(|a| a.status == 500).count();
        (answers.len(), errors)
    };
    assert_eq!(statuses(&sim), (200, 103));

    let (sim, report) = run(Db::Mysql, 200, 0);
    assert_eq!((report.answered_ok, report.errors), (151, 49));
    let said = self::said(&sim, sim.nodes().app, sim.nodes().db);
    let errors = (said.iter())
        .filter(|m| m.as_str() == "Response Error 1040 (08004): Too many connections")
        .count();
    assert_eq!(errors, 49);
    assert_eq!(statuses(&sim), (200, 49));

    let (_, report) = run(Db::Mongodb, 200, 0);
    assert_eq!(
        (report.answered_ok, report.errors, report.refused),
        (200, 0, 0)
    );
}

/// The same crowd through a pool of 5: five connections, opened once and
/// reused, nobody refused; the last request waits C + floor(199 / 5) · Q
/// = 0.8 + 39 · 5.2 = 203.6 ms.
#[test]
fn a_pool_fixes_it() {
    let (_, report) = run(Db::Postgresql, 200, 5);
    assert_eq!(
        (report.answered_ok, report.errors, report.refused),
        (200, 0, 0)
    );
    assert_eq!((report.connections_opened, report.most_held), (5, 5));
    assert!(report.max_wait_us.abs_diff(203_600) <= 3_000, "{report:?}");
}
