//! The three dialogues as they cross the network: order, methods, paths,
//! codes, bytes (counted by hand from the real text) and round trips.

use cslab_api::client::Style;
use cslab_api::world::{ApiParams, ApiSim, DIALOGUE_END, compare_styles};
use cslab_sim::proto::AppMsg;
use cslab_sim::trace::TraceEvent;

fn run(style: Style) -> ApiSim {
    let mut sim = ApiSim::new(&ApiParams {
        style,
        ..ApiParams::default()
    });
    sim.world_mut().run_until(DIALOGUE_END);
    sim
}

/// Every HTTP message's head as sent, in order (first segments only).
fn heads(sim: &ApiSim) -> Vec<String> {
    let world = sim.world();
    let trace = world.trace();
    trace
        .records()
        .filter_map(|record| match record.ev {
            TraceEvent::PacketSent { pkt, .. } => trace.header(pkt),
            _ => None,
        })
        .filter(|header| header.msg.tcp.is_some_and(|s| s.rec_off == 0))
        .filter_map(|header| match header.msg.app {
            AppMsg::Http(http) => Some(world.names().text(http.head).to_owned()),
            _ => None,
        })
        .collect()
}

fn first_lines(sim: &ApiSim) -> Vec<String> {
    heads(sim)
        .iter()
        .map(|head| head.split("\r\n").next().unwrap().to_owned())
        .collect()
}

#[test]
fn rest_walks_the_resources_with_their_methods_and_codes() {
    let sim = run(Style::Rest);
    assert_eq!(
        first_lines(&sim),
        [
            "GET /courses/ HTTP/1.1",
            "HTTP/1.1 200 OK",
            "GET /courses/1/ HTTP/1.1",
            "HTTP/1.1 200 OK",
            "GET /courses/1/students/ HTTP/1.1",
            "HTTP/1.1 200 OK",
            "POST /courses/ HTTP/1.1",
            "HTTP/1.1 201 Created",
            "PUT /courses/3/ HTTP/1.1",
            "HTTP/1.1 200 OK",
            "DELETE /courses/3/ HTTP/1.1",
            "HTTP/1.1 204 No Content",
            "GET /courses/3/ HTTP/1.1",
            "HTTP/1.1 404 Not Found",
        ]
    );
    let heads = heads(&sim);
    assert!(heads[7].contains("\r\nLocation: http://api.example/courses/3/\r\n"));
    assert!(!heads[11].contains("Content-Length"), "a 204 has no body");
    let report = sim.report();
    // GET /courses/1/: the request's head is
    // "GET /courses/1/ HTTP/1.1\r\n" (26) + "Host: api.example\r\n" (19)
    // + "Accept: application/json\r\n" (26) + "\r\n" (2) = 73 bytes.
    assert_eq!(report.exchanges[1].request_bytes, 73);
    // Its answer: "HTTP/1.1 200 OK\r\n" (17) + "Date: Mon, 01 Jan 2024
    // 00:00:00 GMT\r\n" (37) + "Vary: Accept\r\n" (14) + "Allow: GET,
    // PUT, PATCH, DELETE, HEAD, OPTIONS\r\n" (47) + "Content-Type:
    // application/json\r\n" (32) + "Content-Length: 65\r\n" (20) + "\r\n"
    // (2) = 169, and the body
    // {"url":"http://api.example/courses/1/","id":1,"title":"Networks"}:
    // "{" 1 + "\"url\":" 6 + the URL in quotes 31 + "," 1 + "\"id\":1" 6
    // + "," 1 + "\"title\":\"Networks\"" 18 + "}" 1 = 65.
    assert_eq!(report.exchanges[1].response_bytes, 169 + 65);
    // The students: [{"id":1,"name":"Ana"},{"id":2,"name":"Luca"},
    // {"id":3,"name":"Marta"}] = 1 + 21 + 1 + 22 + 1 + 23 + 1 = 70 bytes,
    // under a head of 17 + 37 + 14 + "Allow: GET, HEAD, OPTIONS\r\n" (27)
    // + 32 + "Content-Length: 70\r\n" (20) + 2 = 149.
    assert_eq!(report.exchanges[2].response_bytes, 149 + 70);
    let codes: Vec<u16> = report.exchanges.iter().map(|e| e.status).collect();
    assert_eq!(codes, [200, 200, 200, 201, 200, 204, 404]);
    assert_eq!(
        (report.question.round_trips, report.all.round_trips),
        (2, 7)
    );
}

#[test]
fn graphql_asks_the_course_and_its_students_in_one_post() {
    let sim = run(Style::Graphql);
    let lines = first_lines(&sim);
    assert_eq!(lines.len(), 6);
    assert!(
        lines
            .iter()
            .step_by(2)
            .all(|l| l == "POST /graphql HTTP/1.1")
    );
    assert!(
        lines
            .iter()
            .skip(1)
            .step_by(2)
            .all(|l| l == "HTTP/1.1 200 OK")
    );
    let report = sim.report();
    // {"query":"{course(id:1){title students{name}}}"}: "{\"query\":\""
    // 10 + the query 36 + "\"}" 2 = 48. Head: "POST /graphql
    // HTTP/1.1\r\n" (24) + 19 + 26 + "Content-Type:
    // application/json\r\n" (32) + "Content-Length: 48\r\n" (20) + 2 = 123.
    assert_eq!(report.exchanges[0].request_bytes, 123 + 48);
    // {"data":{"course":{"title":"Networks","students":[{"name":"Ana"},
    // {"name":"Luca"},{"name":"Marta"}]}}}: 9 + 10 + 19 + 12 + 14 + 1 + 15
    // + 1 + 16 + 1 + 3 = 101. Head: 17 + 37 + 32 + "Content-Length:
    // 101\r\n" (21) + 2 = 109.
    assert_eq!(report.exchanges[0].response_bytes, 109 + 101);
    assert_eq!(
        (report.question.round_trips, report.all.round_trips),
        (1, 3)
    );
    assert!(
        heads(&sim)[5].contains("Content-Length: 24\r\n"),
        "{{\"data\":{{\"course\":null}}}} is 24 bytes"
    );
}

#[test]
fn soap_posts_envelopes_and_answers_a_missing_course_with_a_fault() {
    let sim = run(Style::Soap);
    assert_eq!(
        first_lines(&sim),
        [
            "POST /soap HTTP/1.1",
            "HTTP/1.1 200 OK",
            "POST /soap HTTP/1.1",
            "HTTP/1.1 200 OK",
            "POST /soap HTTP/1.1",
            "HTTP/1.1 500 Internal Server Error",
        ]
    );
    let heads = heads(&sim);
    assert!(heads[0].contains(
        "\r\nSOAPAction: \"http://api.example/courses/GetCourse\"\r\nContent-Type: text/xml; charset=utf-8\r\n"
    ));
    let report = sim.report();
    // The envelope: the declaration (38) + <soap:Envelope xmlns:soap="
    // http://schemas.xmlsoap.org/soap/envelope/"> (16 + 52 + 2 = 70) +
    // <soap:Body> (11) + <GetCourse xmlns="http://api.example/courses">
    // (18 + 26 + 2 = 46) + <id>1</id> (10) + </GetCourse> (12) +
    // </soap:Body> (12) + </soap:Envelope> (16) = 215. Head: "POST /soap
    // HTTP/1.1\r\n" (21) + 19 + "SOAPAction:
    // \"http://api.example/courses/GetCourse\"\r\n" (12 + 38 + 2 = 52) +
    // "Content-Type: text/xml; charset=utf-8\r\n" (39) + "Content-Length:
    // 215\r\n" (21) + 2 = 154.
    assert_eq!(report.exchanges[0].request_bytes, 154 + 215);
    assert_eq!(
        (report.question.round_trips, report.all.round_trips),
        (1, 3)
    );
    let codes: Vec<u16> = report.exchanges.iter().map(|e| e.status).collect();
    assert_eq!(codes, [200, 200, 500]);
}

#[test]
fn side_by_side_graphql_takes_one_round_trip_where_rest_takes_two() {
    let [(_, rest), (_, graphql), (_, soap)] = compare_styles();
    assert_eq!(
        [rest.round_trips, graphql.round_trips, soap.round_trips],
        [2, 1, 1]
    );
    // REST: 73 + 234 for the course; the students' request
    // "GET /courses/1/students/ HTTP/1.1\r\n" is 9 bytes longer (82),
    // answered in 219: 73 + 234 + 82 + 219 = 608.
    assert_eq!(rest.bytes(), 608);
    assert_eq!(graphql.bytes(), 171 + 210);
    assert!(soap.bytes() > rest.bytes(), "XML's tags weigh: {soap:?}");
}
