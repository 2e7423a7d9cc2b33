//! One machine, many servers: a [`Machine`] runs several server programs
//! over the one TCP stack a real machine has, each listening on its own
//! port, and maybe a client of its own; a [`Knocker`] is a client that
//! connects to a list of ports in turn and says to each what that door's
//! own client would say (a browser's GET, `nc`'s QUIT to a mail server,
//! `psql`'s startup message), as a person trying every door of a server
//! would.
//!
//! The programs' first words are their products' defaults: Postfix greets
//! with its `smtpd_banner` and says `221 2.0.0 Bye` to QUIT (postconf(5),
//! RFC 5321 §4.1.1.10); OpenSSH sends its
//! identification string as soon as the connection is open (RFC 4253
//! §4.2); PostgreSQL answers a startup message with the authentication it
//! asks for, SCRAM-SHA-256 since version 14 (`password_encryption`;
//! "Message Formats": `AuthenticationSASL`).

use super::web::{send_tls, take_handshake};
use crate::net::{Addr, Packet};
use crate::proto::dns::{RType, StubResolver};
use crate::proto::host::{Net, NetApp};
use crate::proto::http::{HttpKind, HttpMsg, Method, request_head};
use crate::proto::tcp::{ConnId, TcpEvent};
use crate::proto::text::{TextProtocol, pg, send_text, text_of};
use crate::proto::tls::TlsSession;
use crate::proto::{AppMsg, Message};
use crate::time::SimTime;

/// `code` of the [`TraceEvent::App`] records the knocker and the machine
/// write (the narration reads them); `value` is a port unless said.
pub mod trace_code {
    /// The client found the server's address (value: 0).
    pub const RESOLVED: u32 = 20;
    /// The client sends a SYN to a door.
    pub const KNOCK: u32 = 21;
    /// The program behind the door answered in its protocol.
    pub const ANSWERED: u32 = 22;
    /// Nobody listens: the SYN was answered with a RST.
    pub const REFUSED: u32 = 23;
    /// No answer at all: the connect gave up.
    pub const TIMED_OUT: u32 = 24;
    /// Every door has been tried (value: doors).
    pub const TOUR_DONE: u32 = 25;
    /// A program holds more connections on its one port than ever before
    /// (value: connections, from 2).
    pub const SHARED_PORT: u32 = 26;
}

/// What a program listening on a port speaks, or what a client says at a
/// door.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speaks {
    /// HTTP/1.1: a GET for `path`, over TLS if `tls`.
    Http {
        path: &'static str,
        tls: bool,
    },
    Smtp,
    Ssh,
    Postgres,
}

/// A server program that speaks a text protocol ([`TextProtocol`]).
pub struct TextServer {
    pub protocol: TextProtocol,
    pub port: u16,
    pub backlog: u32,
}

impl NetApp for TextServer {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(self.port, self.backlog);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        let protocol = self.protocol;
        match ev {
            TcpEvent::Accepted { conn, .. } => match protocol {
                TextProtocol::Smtp => send_text(net, conn, protocol, SMTP_BANNER, None, false),
                TextProtocol::Ssh => send_text(net, conn, protocol, SSH_SERVER_ID, None, false),
                // The client speaks first, or the protocol runs on a
                // server of its own (mail's, the file lesson's FTP and SFTP).
                TextProtocol::Postgres
                | TextProtocol::Imap
                | TextProtocol::Pop3
                | TextProtocol::WebSocket
                | TextProtocol::Mysql
                | TextProtocol::Mongo
                | TextProtocol::Game
                | TextProtocol::Cluster
                | TextProtocol::Ftp
                | TextProtocol::FtpData
                | TextProtocol::Sftp
                | TextProtocol::Rtsp
                | TextProtocol::Rtp
                | TextProtocol::Stun
                | TextProtocol::Srtp
                | TextProtocol::BitTorrent
                | TextProtocol::Bitcoin => {}
            },
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => match (protocol, text_of(net, &msg)) {
                (TextProtocol::Smtp, Some("QUIT")) => {
                    send_text(net, conn, protocol, "221 2.0.0 Bye", None, false);
                    net.tcp.close(net.ctx, conn);
                }
                (TextProtocol::Postgres, Some(line)) if line.starts_with("StartupMessage") => {
                    let (line, bytes) = pg::AUTHENTICATION_SASL;
                    send_text(net, conn, protocol, line, Some(bytes), false);
                }
                _ => {}
            },
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            _ => {}
        }
    }
}

/// Postfix's greeting as Ubuntu's package sets `smtpd_banner` (`$myhostname
/// ESMTP $mail_name (Ubuntu)`; upstream's default has no "(Ubuntu)"), on a
/// machine named server.example.com.
const SMTP_BANNER: &str = "220 server.example.com ESMTP Postfix (Ubuntu)";
/// OpenSSH's identification string (Ubuntu 24.04's package); its client,
/// from the same package, sends the same one (RFC 4253 §4.2:
/// `SSH-protoversion-softwareversion SP comments`).
pub const SSH_SERVER_ID: &str = "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13";
pub const SSH_CLIENT_ID: &str = SSH_SERVER_ID;
/// What `psql -h server -U lab shop` sends first (with `sslmode=disable`).
const PG_USER_DATABASE: (&str, &str) = ("lab", "shop");

/// A server program on a [`Machine`], and the name `ss -p` shows for it.
pub struct Program {
    pub name: &'static str,
    pub port: u16,
    pub app: Box<dyn NetApp>,
}

/// A machine's programs over its one TCP stack, and maybe a client of its
/// own (a developer's browser on the server itself): a connection accepted
/// on a port belongs to the program listening there, everything else to
/// the client.
pub struct Machine {
    pub programs: Vec<Program>,
    pub client: Option<Knocker>,
    /// The program each accepted connection belongs to (a few at a time:
    /// a list, not a map, is smaller in the page).
    owners: Vec<(ConnId, usize)>,
    /// The most connections one program has held at once so far.
    most_held: usize,
}

impl Machine {
    pub fn new(programs: Vec<Program>, client: Option<Knocker>) -> Machine {
        Machine {
            programs,
            client,
            owners: Vec::new(),
            most_held: 1,
        }
    }

    /// The program listening on `port`.
    pub fn program_on(&self, port: u16) -> Option<&Program> {
        self.programs.iter().find(|program| program.port == port)
    }

    /// Notes a program holding more connections at once than any before.
    fn count_held(&mut self, net: &mut Net, program: usize) {
        let held = self.owners.iter().filter(|&&(_, p)| p == program).count();
        if held > self.most_held {
            self.most_held = held;
            net.note(trace_code::SHARED_PORT, held as u64);
        }
    }
}

/// The connection an event is about.
pub fn conn_of(ev: &TcpEvent) -> ConnId {
    match *ev {
        TcpEvent::Connected(conn)
        | TcpEvent::Accepted { conn, .. }
        | TcpEvent::Data { conn, .. }
        | TcpEvent::PeerClosed(conn)
        | TcpEvent::Closed(conn)
        | TcpEvent::Reset { conn, .. }
        | TcpEvent::TimedOut(conn) => conn,
    }
}

impl NetApp for Machine {
    fn start(&mut self, net: &mut Net) {
        for program in &mut self.programs {
            program.app.start(net);
        }
        if let Some(client) = &mut self.client {
            client.start(net);
        }
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        let conn = conn_of(&ev);
        if let TcpEvent::Accepted { port, .. } = ev
            && let Some(program) = self.programs.iter().position(|p| p.port == port)
        {
            self.owners.push((conn, program));
            self.count_held(net, program);
        }
        let Some(at) = self.owners.iter().position(|&(owned, _)| owned == conn) else {
            if let Some(client) = &mut self.client {
                client.on_tcp(net, ev);
            }
            return;
        };
        let program = self.owners[at].1;
        if matches!(
            ev,
            TcpEvent::Closed(_) | TcpEvent::Reset { .. } | TcpEvent::TimedOut(_)
        ) {
            self.owners.swap_remove(at);
        }
        self.programs[program].app.on_tcp(net, ev);
    }

    fn on_udp(&mut self, net: &mut Net, pkt: &Packet, msg: Option<&Message>) {
        if let Some(client) = &mut self.client {
            client.on_udp(net, pkt, msg);
        }
    }

    fn on_timer(&mut self, net: &mut Net, token: u64) {
        if let Some(client) = &mut self.client {
            client.on_timer(net, token);
        }
    }
}

/// One door a [`Knocker`] tries: a port, what it says there, and whether
/// it keeps the connection open afterwards (a browser keeps its connection
/// to a web server for the next click; the others say goodbye).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Door {
    pub port: u16,
    pub speaks: Speaks,
    pub keep_open: bool,
}

/// How a door answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The program behind it answered in its protocol.
    Answered,
    /// A RST: nobody listens ("connection refused").
    Refused,
    /// Nothing at all: the connect gave up ("connection timed out").
    TimedOut,
}

/// Where a knocker finds its server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// An address it knows (`127.0.0.1` is in every machine's /etc/hosts).
    Addr(Addr),
    /// A name it asks DNS for first.
    Name(&'static str),
}

/// The door being knocked on.
struct Knock {
    conn: ConnId,
    tls: Option<TlsSession>,
    asked: bool,
}

/// A client that tries a server's doors one after the other (see the
/// module's comment), waiting `pause` between two.
pub struct Knocker {
    target: Target,
    server: Option<Addr>,
    stub: Option<StubResolver>,
    doors: Vec<Door>,
    /// Starts this long after the world does.
    start_after: SimTime,
    pause: SimTime,
    /// Connections kept open close this long after the last door.
    linger: SimTime,
    next: usize,
    knock: Option<Knock>,
    kept_open: Vec<ConnId>,
    /// Whether it writes its knocks and their outcomes in the trace (the
    /// client a lesson tells of), or goes about its business unnoticed.
    noted: bool,
}

const NEXT_DOOR: u64 = 1;
const LEAVE: u64 = 2;

impl Knocker {
    /// A knocker on `doors` of `target`, asking DNS at `dns` for a name.
    pub fn new(target: Target, dns: Option<StubResolver>, doors: Vec<Door>) -> Knocker {
        Knocker {
            target,
            server: match target {
                Target::Addr(addr) => Some(addr),
                Target::Name(_) => None,
            },
            stub: dns,
            doors,
            start_after: SimTime::ZERO,
            pause: SimTime::from_millis(400),
            linger: SimTime::ZERO,
            next: 0,
            knock: None,
            kept_open: Vec::new(),
            noted: true,
        }
    }

    pub fn starting_after(self, start_after: SimTime) -> Knocker {
        Knocker {
            start_after,
            ..self
        }
    }

    pub fn lingering(self, linger: SimTime) -> Knocker {
        Knocker { linger, ..self }
    }

    /// A knocker that leaves no note in the trace.
    pub fn unnoted(self) -> Knocker {
        Knocker {
            noted: false,
            ..self
        }
    }

    fn note(&self, net: &mut Net, code: u32, value: u64) {
        if self.noted {
            net.note(code, value);
        }
    }

    fn knock_next(&mut self, net: &mut Net) {
        let (Some(server), Some(&door)) = (self.server, self.doors.get(self.next)) else {
            self.note(net, trace_code::TOUR_DONE, self.doors.len() as u64);
            net.set_timer(self.linger, LEAVE);
            return;
        };
        self.note(net, trace_code::KNOCK, door.port.into());
        let conn = net.tcp.connect(net.ctx, server, door.port);
        self.knock = Some(Knock {
            conn,
            tls: None,
            asked: false,
        });
    }

    /// The door being knocked on answered, refused or gave up: note it and
    /// go to the next after a pause.
    fn settle(&mut self, net: &mut Net, outcome: Outcome) {
        let door = self.doors[self.next];
        let code = match outcome {
            Outcome::Answered => trace_code::ANSWERED,
            Outcome::Refused => trace_code::REFUSED,
            Outcome::TimedOut => trace_code::TIMED_OUT,
        };
        self.note(net, code, door.port.into());
        if let Some(knock) = self.knock.take()
            && outcome == Outcome::Answered
        {
            match door.speaks {
                _ if door.keep_open => self.kept_open.push(knock.conn),
                // The client hangs up; a web server told `Connection:
                // close` and a mail server told QUIT hang up themselves,
                // and the client answers their FIN (so they, not the
                // client, wait in TIME-WAIT).
                Speaks::Ssh | Speaks::Postgres => net.tcp.close(net.ctx, knock.conn),
                Speaks::Http { .. } | Speaks::Smtp => {}
            }
        }
        self.next += 1;
        net.set_timer(self.pause, NEXT_DOOR);
    }

    /// The first words at the door once the connection is open.
    fn open(&mut self, net: &mut Net, door: Door) {
        let Some(knock) = &mut self.knock else {
            return;
        };
        let conn = knock.conn;
        match door.speaks {
            Speaks::Http { tls: true, .. } => {
                let (session, hello) = TlsSession::client();
                knock.tls = Some(session);
                send_tls(net, conn, &[hello]);
            }
            Speaks::Http { path, tls: false } => {
                knock.asked = true;
                get(net, conn, path, door.keep_open, false);
            }
            Speaks::Postgres => {
                let (line, bytes) = pg::startup(PG_USER_DATABASE.0, PG_USER_DATABASE.1);
                send_text(net, conn, TextProtocol::Postgres, &line, Some(bytes), false);
            }
            // The server speaks first.
            Speaks::Smtp | Speaks::Ssh => {}
        }
    }

    /// What the door said, and what the knocker says back.
    fn hear(&mut self, net: &mut Net, door: Door, msg: &Message) {
        let Some(knock) = &mut self.knock else {
            return;
        };
        let conn = knock.conn;
        if let Some(session) = &mut knock.tls
            && let Some(connected) = take_handshake(net, conn, session, msg)
        {
            if connected
                && !knock.asked
                && let Speaks::Http { path, .. } = door.speaks
            {
                knock.asked = true;
                get(net, conn, path, door.keep_open, true);
            }
            return;
        }
        let line = text_of(net, msg).unwrap_or_default();
        match (door.speaks, msg.app) {
            (Speaks::Http { .. }, AppMsg::Http(http)) if http.status().is_some() => {
                self.settle(net, Outcome::Answered)
            }
            (Speaks::Smtp, _) if line.starts_with("220") => {
                send_text(net, conn, TextProtocol::Smtp, "QUIT", None, false)
            }
            (Speaks::Smtp, _) if line.starts_with("221") => self.settle(net, Outcome::Answered),
            (Speaks::Ssh, _) if line.starts_with("SSH-") => self.settle(net, Outcome::Answered),
            (Speaks::Postgres, _) if line.starts_with("Authentication") => {
                self.settle(net, Outcome::Answered)
            }
            _ => {}
        }
    }

    /// Its DNS resolver, if it asks DNS.
    pub fn stub(&self) -> Option<&StubResolver> {
        self.stub.as_ref()
    }

    fn is_knocking(&self, conn: ConnId) -> bool {
        self.knock.as_ref().is_some_and(|knock| knock.conn == conn)
    }
}

/// Sends `GET path` on `conn`, sealed by TLS if `tls`.
fn get(net: &mut Net, conn: ConnId, path: &str, keep_alive: bool, tls: bool) {
    let host = "server.example.com";
    let head = request_head(Method::Get, host, path, keep_alive, None, false, 0);
    let msg = HttpMsg {
        kind: HttpKind::Request {
            method: Method::Get,
        },
        host: net.ctx.intern(host),
        path: net.ctx.intern(path),
        head_bytes: head.len() as u32,
        body_bytes: 0,
        keep_alive,
        conditional: false,
        authorized: false,
        refs: 0,
        location: Default::default(),
        etag: 0,
        body: Default::default(),
        head: Default::default(),
    };
    net.send_app(conn, AppMsg::Http(msg), msg.total_bytes(), tls);
}

impl NetApp for Knocker {
    fn start(&mut self, net: &mut Net) {
        net.set_timer(self.start_after, NEXT_DOOR);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        // A server hanging up, on this door or an earlier one: so do we.
        if let TcpEvent::PeerClosed(conn) = ev {
            return net.tcp.close(net.ctx, conn);
        }
        let Some(&door) = self.doors.get(self.next) else {
            return;
        };
        let knocking = self.is_knocking(conn_of(&ev));
        match ev {
            TcpEvent::Connected(_) if knocking => self.open(net, door),
            TcpEvent::Data {
                msg,
                complete: true,
                ..
            } if knocking => self.hear(net, door, &msg),
            TcpEvent::Reset { refused: true, .. } if knocking => {
                self.knock = None;
                self.settle(net, Outcome::Refused);
            }
            TcpEvent::TimedOut(_) if knocking => {
                self.knock = None;
                self.settle(net, Outcome::TimedOut);
            }
            _ => {}
        }
    }

    fn on_udp(&mut self, net: &mut Net, _pkt: &Packet, msg: Option<&Message>) {
        let (
            Some(stub),
            Some(Message {
                app: AppMsg::Dns(dns),
                ..
            }),
        ) = (&mut self.stub, msg)
        else {
            return;
        };
        if let Some(result) = stub.on_response(net, dns) {
            self.server = result.addr();
            self.note(net, trace_code::RESOLVED, 0);
            net.set_timer(self.pause, NEXT_DOOR);
        }
    }

    fn on_timer(&mut self, net: &mut Net, token: u64) {
        match (token, self.target) {
            (LEAVE, _) => {
                for conn in std::mem::take(&mut self.kept_open) {
                    net.tcp.close(net.ctx, conn);
                }
            }
            (NEXT_DOOR, Target::Name(name)) if self.server.is_none() => {
                let name = net.ctx.intern(name);
                if let Some(stub) = &mut self.stub
                    && let Some(result) = stub.lookup(net, name, RType::A)
                {
                    self.server = result.addr();
                    self.knock_next(net);
                }
            }
            (NEXT_DOOR, _) => self.knock_next(net),
            _ => {
                if let Some(stub) = &mut self.stub
                    && let Some(result) = stub.on_timer(net, token)
                {
                    self.server = result.addr();
                    self.knock_next(net);
                }
            }
        }
    }
}
