//! Alice's side: her browser (with a session cookie) or her notes app (with
//! a bearer token), on one keep-alive connection. It asks for her notes,
//! is sent to log in, types her password (mistyping it as many times as
//! the lesson says), reads her notes with what the login gave, tries Bob's,
//! logs out; then her old cookie or token is sent once more, as someone who
//! had copied it would, to show that the site has forgotten the session.

use crate::django::{
    API_LOGOUT_URL, Auth, LOGIN_URL, LOGOUT_URL, TOKEN_URL, csrf_token_in, notes_path,
};
use crate::message::{self, form_encode, header_values};
use cslab_sim::apps::web::{send_tls, take_handshake};
use cslab_sim::net::Packet;
use cslab_sim::proto::dns::{DnsResult, RType, STUB_TIMER, StubResolver};
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::{HttpKind, Method, Status};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::tls::TlsSession;
use cslab_sim::proto::{AppMsg, Message};
use cslab_sim::time::SimTime;

/// How long Alice takes to type her password (and to type it again).
pub const TYPING: SimTime = SimTime::from_secs(1);
const TYPED: u64 = 1;

/// Where Alice is in her visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    OwnNotes,
    LoginForm,
    LoggingIn,
    Reading,
    OthersNotes,
    LoggingOut,
    Replaying,
    Done,
}

pub struct NotesClient {
    host: String,
    auth: Auth,
    tls: bool,
    stub: StubResolver,
    /// The passwords she types, in order: the mistyped ones, then hers.
    typing: Vec<String>,
    typed: usize,
    conn: Option<ConnId>,
    session: Option<TlsSession>,
    stage: Stage,
    /// `csrftoken`, and `sessionid` (or the bearer token).
    csrf: Option<String>,
    credential: Option<String>,
    /// The CSRF token of the last form she was shown.
    form_token: String,
    /// The cookie or token she logged out with, sent again afterwards.
    logged_out_with: Option<String>,
    last_request: String,
    /// Every answer she got: the request's line and the status.
    pub answers: Vec<(String, u16)>,
}

impl NotesClient {
    pub fn new(
        host: &str,
        auth: Auth,
        tls: bool,
        stub: StubResolver,
        typing: Vec<String>,
    ) -> NotesClient {
        NotesClient {
            host: host.into(),
            auth,
            tls,
            stub,
            typing,
            typed: 0,
            conn: None,
            session: None,
            stage: Stage::OwnNotes,
            csrf: None,
            credential: None,
            form_token: String::new(),
            logged_out_with: None,
            last_request: String::new(),
            answers: Vec::new(),
        }
    }

    fn own_notes(&self) -> String {
        notes_path(self.auth, "alice")
    }

    fn on_dns(&mut self, net: &mut Net, result: DnsResult) {
        let Some(addr) = result.addr() else { return };
        let port = if self.tls { 443 } else { 80 };
        self.conn = Some(net.tcp.connect(net.ctx, addr, port));
    }

    /// Sends `method path` with the cookies or token she holds and `form`.
    fn send(&mut self, net: &mut Net, method: Method, path: &str, form: &[(&str, &str)]) {
        let Some(conn) = self.conn else { return };
        let host = self.host.clone();
        let mut out = message::request(method, &host, path);
        self.last_request = format!("{} {path}", method.as_str());
        match (self.auth, &self.credential) {
            (Auth::Bearer, Some(token)) => {
                out.headers.push(format!("Authorization: Bearer {token}"))
            }
            (Auth::Cookie, _) => {
                let cookies: Vec<String> =
                    [("csrftoken", &self.csrf), ("sessionid", &self.credential)]
                        .iter()
                        .filter_map(|(name, value)| Some(format!("{name}={}", value.as_ref()?)))
                        .collect();
                if !cookies.is_empty() {
                    out.headers.push(format!("Cookie: {}", cookies.join("; ")));
                }
            }
            _ => {}
        }
        if !form.is_empty() {
            out.content_type = Some("application/x-www-form-urlencoded");
            out.body = form_encode(form);
        }
        message::send(net, conn, out, self.tls);
    }

    /// Types the next password into the login form (or the app's).
    fn log_in(&mut self, net: &mut Net) {
        let password = self.typing[self.typed.min(self.typing.len() - 1)].clone();
        self.typed += 1;
        self.stage = Stage::LoggingIn;
        match self.auth {
            Auth::Cookie => {
                let token = self.form_token.clone();
                let next = self.own_notes();
                let form = [
                    ("csrfmiddlewaretoken", token.as_str()),
                    ("username", "alice"),
                    ("password", password.as_str()),
                    ("next", next.as_str()),
                ];
                self.send(net, Method::Post, LOGIN_URL, &form);
            }
            Auth::Bearer => {
                let form = [("username", "alice"), ("password", password.as_str())];
                self.send(net, Method::Post, TOKEN_URL, &form);
            }
        }
    }

    fn on_answer(&mut self, net: &mut Net, status: Status, head: &str, body: &str) {
        for set in header_values(head, "Set-Cookie") {
            let (pair, attributes) = set.split_once("; ").unwrap_or((set, ""));
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            let deleted = attributes.contains("Max-Age=0");
            let value = (!deleted).then(|| value.to_owned());
            match name {
                "csrftoken" => self.csrf = value,
                "sessionid" => self.credential = value,
                _ => {}
            }
        }
        if let Some(token) = csrf_token_in(body) {
            self.form_token = token.to_owned();
        }
        let own = self.own_notes();
        match (self.stage, status) {
            (Stage::OwnNotes, Status::Found) => {
                self.stage = Stage::LoginForm;
                let to = header_values(head, "Location")
                    .next()
                    .unwrap_or(LOGIN_URL)
                    .to_owned();
                self.send(net, Method::Get, &to, &[]);
            }
            (Stage::OwnNotes, Status::Unauthorized) | (Stage::LoginForm, Status::Ok) => {
                net.set_timer(TYPING, TYPED)
            }
            // A wrong password; or locked out before she typed her own.
            (Stage::LoggingIn, Status::Ok | Status::BadRequest)
                if self.auth == Auth::Cookie || status == Status::BadRequest =>
            {
                net.set_timer(TYPING, TYPED)
            }
            (Stage::LoggingIn, Status::TooManyRequests) if self.typed < self.typing.len() => {
                self.typed = self.typing.len() - 1;
                net.set_timer(TYPING, TYPED)
            }
            (Stage::LoggingIn, Status::Found) => {
                self.stage = Stage::Reading;
                let to = header_values(head, "Location")
                    .next()
                    .unwrap_or("/")
                    .to_owned();
                self.send(net, Method::Get, &to, &[]);
            }
            (Stage::LoggingIn, Status::Ok) => {
                self.credential = body
                    .split("\"token\":\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .map(str::to_owned);
                self.stage = Stage::Reading;
                self.send(net, Method::Get, &own, &[]);
            }
            (Stage::Reading, Status::Ok) => {
                self.stage = Stage::OthersNotes;
                let bobs = notes_path(self.auth, "bob");
                self.send(net, Method::Get, &bobs, &[]);
            }
            (Stage::OthersNotes, Status::Forbidden) => {
                self.stage = Stage::LoggingOut;
                let (path, token) = match self.auth {
                    Auth::Cookie => (LOGOUT_URL, self.form_token.clone()),
                    Auth::Bearer => (API_LOGOUT_URL, String::new()),
                };
                let form: &[(&str, &str)] = match self.auth {
                    Auth::Cookie => &[("csrfmiddlewaretoken", &token)],
                    Auth::Bearer => &[],
                };
                self.logged_out_with = self.credential.clone();
                self.send(net, Method::Post, path, form);
            }
            (Stage::LoggingOut, _) => {
                self.stage = Stage::Replaying;
                self.credential = self.logged_out_with.clone();
                self.send(net, Method::Get, &own, &[]);
            }
            _ => {
                self.stage = Stage::Done;
                if let Some(conn) = self.conn {
                    net.tcp.close(net.ctx, conn);
                }
            }
        }
    }
}

impl NetApp for NotesClient {
    fn start(&mut self, net: &mut Net) {
        let name = net.ctx.intern(&self.host);
        if let Some(result) = self.stub.lookup(net, name, RType::A) {
            self.on_dns(net, result);
        }
    }

    fn on_udp(&mut self, net: &mut Net, _pkt: &Packet, msg: Option<&Message>) {
        if let Some(Message {
            app: AppMsg::Dns(dns),
            ..
        }) = msg
            && let Some(result) = self.stub.on_response(net, dns)
        {
            self.on_dns(net, result);
        }
    }

    fn on_timer(&mut self, net: &mut Net, token: u64) {
        if token & STUB_TIMER != 0 {
            if let Some(result) = self.stub.on_timer(net, token) {
                self.on_dns(net, result);
            }
        } else if token == TYPED {
            self.log_in(net);
        }
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match ev {
            TcpEvent::Connected(conn) if self.tls => {
                let (session, hello) = TlsSession::client();
                self.session = Some(session);
                send_tls(net, conn, &[hello]);
            }
            TcpEvent::Connected(_) => {
                let own = self.own_notes();
                self.send(net, Method::Get, &own, &[]);
            }
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => {
                if let Some(session) = self.session.as_mut()
                    && let Some(connected) = take_handshake(net, conn, session, &msg)
                {
                    if connected {
                        let own = self.own_notes();
                        self.send(net, Method::Get, &own, &[]);
                    }
                    return;
                }
                if let AppMsg::Http(answer) = msg.app
                    && let HttpKind::Response { status } = answer.kind
                {
                    let head = net.ctx.name(answer.head).to_owned();
                    let body = net.ctx.name(answer.body).to_owned();
                    self.answers
                        .push((self.last_request.clone(), status.code()));
                    self.on_answer(net, status, &head, &body);
                }
            }
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            _ => {}
        }
    }
}
