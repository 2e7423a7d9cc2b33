//! The school's app asking the API, in one style: a script of calls sent
//! one at a time on one keep-alive connection (each waits for the answer
//! before the next: a round trip each), then the connection closed.
//!
//! Every style first asks the same question, a course with its students'
//! names, then shows what else it does: REST creates, replaces and deletes
//! a course and asks for it once deleted (404); GraphQL creates one with a
//! mutation and asks for a course that does not exist (`null`); SOAP calls
//! `AddCourse` and `GetCourse` for a missing course (a Fault).

use crate::catalogue::HOST;
use crate::{graphql, rest, soap};
use cslab_sim::net::Addr;
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::{HttpKind, Method};
use cslab_sim::proto::http_message::{self, header_values};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use serde::Serialize;

/// How the app asks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    #[default]
    Rest,
    Graphql,
    Soap,
}

impl Style {
    pub const ALL: [Style; 3] = [Style::Rest, Style::Graphql, Style::Soap];
}

/// Where a call goes: a fixed path, or the one the last `201 Created`'s
/// `Location` named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Path(String),
    Created,
}

/// One call of the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub method: Method,
    pub target: Target,
    pub headers: Vec<String>,
    pub content_type: Option<&'static str>,
    pub body: String,
    /// Part of the question every style asks (a course and its students).
    pub question: bool,
}

fn call(method: Method, path: &str, question: bool) -> Call {
    Call {
        method,
        target: Target::Path(path.into()),
        headers: vec!["Accept: application/json".into()],
        content_type: None,
        body: String::new(),
        question,
    }
}

fn with_json(mut call: Call, body: String) -> Call {
    call.content_type = Some(rest::JSON);
    call.body = body;
    call
}

fn graphql_call(query: &str, question: bool) -> Call {
    with_json(
        call(Method::Post, graphql::ENDPOINT, question),
        graphql::request_body(query),
    )
}

fn soap_call(operation: &str, params: &[(&str, &str)], question: bool) -> Call {
    Call {
        headers: vec![soap::action_header(operation)],
        content_type: Some(soap::XML),
        body: soap::call(operation, params),
        ..call(Method::Post, soap::ENDPOINT, question)
    }
}

/// The calls the app makes in `style`, in order.
pub fn script(style: Style) -> Vec<Call> {
    let created = |method| Call {
        target: Target::Created,
        ..call(method, "", false)
    };
    match style {
        Style::Rest => vec![
            call(Method::Get, rest::COURSES, false),
            call(Method::Get, &rest::course_path(1), true),
            call(Method::Get, "/courses/1/students/", true),
            with_json(
                call(Method::Post, rest::COURSES, false),
                "{\"title\":\"Web APIs\"}".into(),
            ),
            with_json(
                created(Method::Put),
                "{\"title\":\"Web APIs and JSON\"}".into(),
            ),
            created(Method::Delete),
            created(Method::Get),
        ],
        Style::Graphql => vec![
            graphql_call("{course(id:1){title students{name}}}", true),
            graphql_call(
                "mutation{createCourse(title:\"Web APIs\"){course{id title}}}",
                false,
            ),
            graphql_call("{course(id:9){title}}", false),
        ],
        Style::Soap => vec![
            soap_call("GetCourse", &[("id", "1")], true),
            soap_call("AddCourse", &[("title", "Web APIs")], false),
            soap_call("GetCourse", &[("id", "9")], false),
        ],
    }
}

/// A call and its answer, as the app saw them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exchange {
    /// `METHOD path`.
    pub request: String,
    pub status: u16,
    /// Bytes of the request and of the answer, heads and bodies.
    pub request_bytes: u32,
    pub response_bytes: u32,
    pub question: bool,
}

pub struct ApiClient {
    server: Addr,
    /// The API's name, in `Host`.
    host: String,
    calls: Vec<Call>,
    next: usize,
    conn: Option<ConnId>,
    /// The path the last `201 Created` named.
    created: String,
    pending: Option<Exchange>,
    pub exchanges: Vec<Exchange>,
}

impl ApiClient {
    pub fn new(server: Addr, style: Style) -> ApiClient {
        ApiClient {
            server,
            host: HOST.into(),
            calls: script(style),
            next: 0,
            conn: None,
            created: String::new(),
            pending: None,
            exchanges: Vec::new(),
        }
    }

    /// Every call of its script has been answered.
    pub fn done(&self) -> bool {
        self.exchanges.len() == self.calls.len()
    }

    /// The same app, calling the API by the name `host`.
    pub fn naming(self, host: &str) -> ApiClient {
        ApiClient {
            host: host.into(),
            ..self
        }
    }

    /// Sends the next call, or closes the connection after the last.
    fn send_next(&mut self, net: &mut Net) {
        let Some(conn) = self.conn else { return };
        let Some(call) = self.calls.get(self.next).cloned() else {
            net.tcp.close(net.ctx, conn);
            return;
        };
        self.next += 1;
        let path = match &call.target {
            Target::Path(path) => path.clone(),
            Target::Created => self.created.clone(),
        };
        let mut out = http_message::request(call.method, &self.host, &path);
        out.headers = call.headers;
        out.content_type = call.content_type;
        out.body = call.body;
        let request_bytes = http_message::send(net, conn, out, false);
        self.pending = Some(Exchange {
            request: format!("{} {path}", call.method.as_str()),
            status: 0,
            request_bytes,
            response_bytes: 0,
            question: call.question,
        });
    }
}

impl NetApp for ApiClient {
    fn start(&mut self, net: &mut Net) {
        self.conn = Some(net.tcp.connect(net.ctx, self.server, crate::server::PORT));
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match ev {
            TcpEvent::Connected(_) => self.send_next(net),
            TcpEvent::Data {
                msg,
                complete: true,
                ..
            } => {
                let AppMsg::Http(answer) = msg.app else {
                    return;
                };
                let HttpKind::Response { status } = answer.kind else {
                    return;
                };
                let head = net.ctx.name(answer.head);
                if let Some(location) = header_values(head, "Location").next() {
                    let prefix = format!("http://{}", self.host);
                    self.created = location.strip_prefix(&prefix).unwrap_or(location).into();
                }
                if let Some(mut exchange) = self.pending.take() {
                    exchange.status = status.code();
                    exchange.response_bytes = answer.total_bytes();
                    self.exchanges.push(exchange);
                }
                self.send_next(net);
            }
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            _ => {}
        }
    }
}
