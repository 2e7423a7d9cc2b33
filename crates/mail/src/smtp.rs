//! SMTP (RFC 5321) as Postfix and Exim speak it ([`Mta`]): a mail server
//! ([`SmtpServer`]) that takes mail from its own users on the submission
//! port, 587 (RFC 6409), once the connection is sealed by STARTTLS (RFC
//! 3207) and the user has logged in with AUTH PLAIN (RFC 4954, RFC 4616);
//! mail for its own domains from anyone on port 25; and, as a backup MX,
//! mail for the domains it relays for, to pass on. And a client
//! ([`SmtpClient`]) that says the commands in their order and stops at a
//! refusal.
//!
//! The replies are each server's own (Postfix's `smtpd` with Ubuntu's
//! package defaults and the submission service of its master.cf, which asks
//! for TLS before AUTH; Exim 4.96 as Debian ships it): see [`Mta::says`].

use crate::dovecot::Dovecot;
use crate::mta::{Connections, Mta, Reply};
use crate::relay::Relay;
use cslab_sim::apps::programs::conn_of;
use cslab_sim::apps::web::{send_tls, take_handshake};
use cslab_sim::net::Addr;
use cslab_sim::net::Packet;
use cslab_sim::proto::base64;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::{TextProtocol, mail_trace, send_text, text_of};
use cslab_sim::proto::tls::TlsSession;
use cslab_sim::proto::{AppMsg, Message};
use std::collections::BTreeMap;

pub use cslab_sim::proto::text::{SMTP_PORT, SUBMISSION_PORT};

/// A message and its envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub from: String,
    pub to: String,
    /// The message as it travels after DATA: headers, blank line, body.
    pub subject: String,
    pub bytes: u32,
}

impl Mail {
    /// The message's first lines, as the client sends them after DATA (the
    /// rest of its `bytes` is its body, then the closing dot).
    fn text(&self) -> String {
        format!(
            "From: <{}>\r\nTo: <{}>\r\nSubject: {}",
            self.from, self.to, self.subject
        )
    }

    /// The domain of its recipient.
    pub fn to_domain(&self) -> &str {
        self.to.rsplit('@').next().unwrap_or_default()
    }
}

/// A message in a mailbox, with IMAP's `\Seen` flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub mail: Mail,
    pub seen: bool,
}

/// A mail server's configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailServerConfig {
    pub mta: Mta,
    /// Its name (Postfix's `myhostname`), said in its greeting.
    pub hostname: String,
    /// The domains whose mail it keeps (`mydestination`).
    pub domains: Vec<String>,
    /// The domains it takes mail for from anyone and passes on, as a
    /// backup MX does (Postfix's `relay_domains`).
    pub relay_domains: Vec<String>,
    /// Its users and their passwords.
    pub users: Vec<(String, String)>,
}

/// One client's conversation with the server.
#[derive(Clone, Debug)]
struct Session {
    port: u16,
    /// The client's address.
    peer: Addr,
    greeted: bool,
    tls: Option<TlsSession>,
    user: Option<String>,
    from: Option<String>,
    to: Option<String>,
    /// After 354: the next record is the message.
    in_data: bool,
}

impl Session {
    fn sealed(&self) -> bool {
        self.tls.is_some_and(|tls| tls.is_connected())
    }
}

/// What the server counted and holds.
#[derive(Clone, Debug, Default)]
pub struct MailServerStats {
    pub logins: u64,
    pub failed_logins: u64,
    pub refused: u64,
}

/// A Postfix mail server (see the module's comment).
pub struct SmtpServer {
    pub config: MailServerConfig,
    sessions: BTreeMap<ConnId, Session>,
    /// Mail accepted for other domains, for the relay to take (a server
    /// without one keeps it here).
    pub queue: Vec<Mail>,
    /// Mail accepted for its own domains.
    pub mailboxes: Vec<Stored>,
    pub stats: MailServerStats,
    /// Passes mail for other domains on.
    pub relay: Option<Relay>,
    /// Lets its users read their mailboxes (IMAPS, POP3S).
    pub dovecot: Option<Dovecot>,
}

impl SmtpServer {
    pub fn new(config: MailServerConfig) -> SmtpServer {
        SmtpServer {
            config,
            sessions: BTreeMap::new(),
            queue: Vec::new(),
            mailboxes: Vec::new(),
            stats: MailServerStats::default(),
            relay: None,
            dovecot: None,
        }
    }

    /// The same server, with Dovecot serving its mailboxes to their users.
    pub fn serving_mailboxes(self) -> SmtpServer {
        let dovecot = Dovecot::new(self.config.users.clone());
        SmtpServer {
            dovecot: Some(dovecot),
            ..self
        }
    }

    /// The same server, passing mail for other domains on with `relay`.
    pub fn relaying(self, relay: Relay) -> SmtpServer {
        SmtpServer {
            relay: Some(relay),
            ..self
        }
    }

    fn is_local(&self, address: &str) -> bool {
        self.config
            .domains
            .iter()
            .any(|own| own == domain_of(address))
    }

    /// Whether anyone may send mail for `address` here: its own domains,
    /// and those it relays for.
    fn takes_for(&self, address: &str) -> bool {
        self.is_local(address)
            || (self.config.relay_domains.iter()).any(|domain| domain == domain_of(address))
    }

    fn says(&self, reply: Reply) -> String {
        self.config.mta.says(reply, &self.config.hostname)
    }

    /// The EHLO reply: the server's name, then its keywords; STARTTLS until
    /// the connection is sealed, and on the submission port AUTH once it is.
    fn ehlo_reply(&self, session: &Session, client_name: &str) -> String {
        let mta = self.config.mta;
        let peer = session.peer.to_string();
        let mut lines = mta.ehlo_lines(&self.config.hostname, client_name, &peer);
        if !session.sealed() {
            lines.push("STARTTLS".into());
        } else if session.port == SUBMISSION_PORT {
            lines.push("AUTH PLAIN LOGIN".into());
        }
        lines.extend(mta.ehlo_tail().iter().map(|keyword| keyword.to_string()));
        let last = lines.len() - 1;
        lines
            .iter()
            .enumerate()
            .map(|(i, line)| format!("250{}{line}", if i == last { ' ' } else { '-' }))
            .collect::<Vec<_>>()
            .join("\r\n")
    }

    /// The reply to one command line, or to the message after DATA (`bytes`
    /// long).
    fn reply(&mut self, net: &mut Net, conn: ConnId, line: &str, bytes: u32) -> Option<String> {
        let session = self.sessions.get(&conn)?.clone();
        let verb = line
            .split([' ', ':'])
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let submission = session.port == SUBMISSION_PORT;
        let reply = match verb.as_str() {
            _ if session.in_data => {
                let random = net.ctx.rng().next_u64();
                let mail = Mail {
                    from: session.from.clone().unwrap_or_default(),
                    to: session.to.clone().unwrap_or_default(),
                    subject: subject_of(line),
                    bytes,
                };
                if self.is_local(&mail.to) {
                    net.note(mail_trace::KEPT, 0);
                    self.mailboxes.push(Stored { mail, seen: false });
                } else {
                    net.note(mail_trace::TO_PASS_ON, session.port.into());
                    // Kept until the reply is on its way: then the relay
                    // takes it (see `hear`), as Postfix's queue manager picks
                    // up what its SMTP server has just queued.
                    self.queue.push(mail);
                }
                let session = self.sessions.get_mut(&conn)?;
                (session.from, session.to, session.in_data) = (None, None, false);
                self.config.mta.queued(random)
            }
            "EHLO" | "HELO" => {
                self.sessions.get_mut(&conn)?.greeted = true;
                let client_name = line.split_whitespace().nth(1).unwrap_or_default();
                self.ehlo_reply(&session, client_name)
            }
            "STARTTLS" if !session.sealed() => {
                // RFC 3207 §4.2: after the handshake, the client starts
                // again with EHLO.
                let session = self.sessions.get_mut(&conn)?;
                session.tls = Some(TlsSession::server());
                session.greeted = false;
                self.says(Reply::TlsReady)
            }
            "AUTH" if submission && !session.sealed() => self.says(Reply::TlsFirst),
            "AUTH" => match self.check_plain(line) {
                Some(user) => {
                    self.stats.logins += 1;
                    self.sessions.get_mut(&conn)?.user = Some(user);
                    self.says(Reply::LoggedIn)
                }
                None => {
                    self.stats.failed_logins += 1;
                    self.says(Reply::BadLogin)
                }
            },
            "MAIL" if !session.greeted => self.says(Reply::HelloFirst),
            "MAIL" => {
                self.sessions.get_mut(&conn)?.from = Some(address_in(line));
                self.says(Reply::SenderOk)
            }
            "RCPT" if session.from.is_none() => self.says(Reply::SenderFirst),
            "RCPT" => {
                let to = address_in(line);
                if session.user.is_none() && !self.takes_for(&to) {
                    self.stats.refused += 1;
                    self.config.mta.no_relay(&to)
                } else {
                    self.sessions.get_mut(&conn)?.to = Some(to);
                    self.says(Reply::RecipientOk)
                }
            }
            "DATA" if session.to.is_none() => self.says(Reply::RecipientFirst),
            "DATA" => {
                self.sessions.get_mut(&conn)?.in_data = true;
                self.says(Reply::GoAhead)
            }
            "QUIT" => self.says(Reply::Bye),
            _ => self.says(Reply::Unknown),
        };
        Some(reply)
    }

    /// The user an `AUTH PLAIN` line logs in, if its password is right.
    fn check_plain(&self, line: &str) -> Option<String> {
        let encoded = line.split_whitespace().nth(2)?;
        let decoded = base64::decode(encoded)?;
        let mut parts = decoded.split(|&byte| byte == 0).skip(1);
        let (user, password) = (parts.next()?, parts.next()?);
        let (user, password) = (
            String::from_utf8(user.to_vec()).ok()?,
            String::from_utf8(password.to_vec()).ok()?,
        );
        self.config
            .users
            .iter()
            .any(|(known, right)| *known == user && *right == password)
            .then_some(user)
    }
}

/// The domain of a mail address.
fn domain_of(address: &str) -> &str {
    address.rsplit('@').next().unwrap_or_default()
}

/// `alice@alice.example` from `MAIL FROM:<alice@alice.example>`.
fn address_in(line: &str) -> String {
    let start = line.find('<').map_or(0, |i| i + 1);
    let end = line.rfind('>').unwrap_or(line.len());
    line.get(start..end).unwrap_or_default().to_string()
}

/// The subject of a message's text.
fn subject_of(text: &str) -> String {
    text.split("\r\n")
        .find_map(|line| line.strip_prefix("Subject: "))
        .unwrap_or_default()
        .to_string()
}

impl NetApp for SmtpServer {
    fn start(&mut self, net: &mut Net) {
        for port in [SMTP_PORT, SUBMISSION_PORT] {
            net.tcp.listen(port, 100);
        }
        if let Some(dovecot) = &self.dovecot {
            dovecot.listen(net);
        }
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        let conn = conn_of(&ev);
        if let Some(relay) = &mut self.relay
            && relay.owns(conn)
        {
            return relay.on_tcp(net, ev);
        }
        if let Some(dovecot) = &mut self.dovecot {
            match ev {
                TcpEvent::Accepted { port, .. } if dovecot.accept(conn, port) => return,
                _ if !dovecot.owns(conn) => {}
                TcpEvent::Data {
                    msg,
                    complete: true,
                    ..
                } => return dovecot.hear(net, conn, &msg, &mut self.mailboxes),
                TcpEvent::PeerClosed(_) => return net.tcp.close(net.ctx, conn),
                TcpEvent::Closed(_) | TcpEvent::Reset { .. } | TcpEvent::TimedOut(_) => {
                    return dovecot.closed(conn);
                }
                _ => return,
            }
        }
        match ev {
            TcpEvent::Accepted { conn, port } => self.greet(net, conn, port),
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => self.hear(net, conn, &msg),
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            TcpEvent::Closed(conn) | TcpEvent::Reset { conn, .. } | TcpEvent::TimedOut(conn) => {
                self.sessions.remove(&conn);
            }
            _ => {}
        }
    }

    fn on_udp(&mut self, net: &mut Net, pkt: &Packet, msg: Option<&Message>) {
        if let Some(relay) = &mut self.relay {
            relay.on_udp(net, pkt, msg);
        }
    }

    fn on_timer(&mut self, net: &mut Net, token: u64) {
        if let Some(relay) = &mut self.relay {
            relay.on_timer(net, token);
        }
    }
}

impl SmtpServer {
    /// Greets a new connection, or refuses it when the server is at its
    /// limit.
    fn greet(&mut self, net: &mut Net, conn: ConnId, port: u16) {
        let (mta, hostname) = (self.config.mta, &self.config.hostname);
        let peer = net.tcp.conn(conn).remote;
        let count = Connections {
            all: self.sessions.len(),
            from_client: self.sessions.values().filter(|s| s.peer == peer).count(),
        };
        if let Some(refusal) = mta.over_limit(hostname, &peer.to_string(), count) {
            send_text(net, conn, TextProtocol::Smtp, &refusal, None, false);
            return net.tcp.close(net.ctx, conn);
        }
        let banner = mta.banner(hostname, net.ctx.now());
        send_text(net, conn, TextProtocol::Smtp, &banner, None, false);
        let session = Session {
            port,
            peer,
            greeted: false,
            tls: None,
            user: None,
            from: None,
            to: None,
            in_data: false,
        };
        self.sessions.insert(conn, session);
    }

    fn hear(&mut self, net: &mut Net, conn: ConnId, msg: &Message) {
        let Some(session) = self.sessions.get_mut(&conn) else {
            return;
        };
        if let Some(tls) = &mut session.tls
            && take_handshake(net, conn, tls, msg).is_some()
        {
            return;
        }
        let sealed = session.sealed();
        let (Some(line), AppMsg::Text(text)) = (text_of(net, msg).map(str::to_owned), msg.app)
        else {
            return;
        };
        let Some(reply) = self.reply(net, conn, &line, text.bytes) else {
            return;
        };
        let quit = reply.starts_with("221");
        send_text(net, conn, TextProtocol::Smtp, &reply, None, sealed);
        if let Some(relay) = &mut self.relay {
            for mail in std::mem::take(&mut self.queue) {
                relay.take(net, mail);
            }
        }
        if quit {
            net.tcp.close(net.ctx, conn);
        }
    }
}

/// What a [`SmtpClient`] does, step by step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Greeting,
    Ehlo,
    StartTls,
    Handshake,
    EhloSealed,
    Auth,
    MailFrom,
    RcptTo,
    Data,
    Message,
    Quit,
    Done,
}

/// How a client's attempt ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sent {
    /// The server queued the message (its `250 2.0.0 Ok: queued as …`).
    Queued(String),
    /// The server refused: its reply.
    Refused(String),
}

/// A client that submits one message: EHLO, STARTTLS, EHLO again, AUTH
/// PLAIN, MAIL FROM, RCPT TO, DATA, the message, QUIT, as a mail program
/// (Thunderbird, Outlook) does on the submission port; or, without login,
/// the part of it a mail server relaying to another says on port 25.
pub struct SmtpClient {
    server: Addr,
    port: u16,
    /// Its own name in EHLO (a mail program gives its address).
    ehlo: String,
    login: Option<(String, String)>,
    mail: Mail,
    step: Step,
    conn: Option<ConnId>,
    /// The connection is open.
    open: bool,
    tls: Option<TlsSession>,
    pub outcome: Option<Sent>,
}

impl SmtpClient {
    pub fn new(
        server: Addr,
        port: u16,
        ehlo: &str,
        login: Option<(String, String)>,
        mail: Mail,
    ) -> SmtpClient {
        SmtpClient {
            server,
            port,
            ehlo: ehlo.to_string(),
            login,
            mail,
            step: Step::Greeting,
            conn: None,
            open: false,
            tls: None,
            outcome: None,
        }
    }

    fn sealed(&self) -> bool {
        self.tls.is_some_and(|tls| tls.is_connected())
    }

    fn say(&mut self, net: &mut Net, step: Step, line: &str, bytes: Option<u32>) {
        let Some(conn) = self.conn else {
            return;
        };
        self.step = step;
        send_text(net, conn, TextProtocol::Smtp, line, bytes, self.sealed());
    }

    /// The next command after `reply`, the server's answer to the last one.
    fn answer(&mut self, net: &mut Net, reply: &str) {
        let code = reply.get(..3).unwrap_or_default();
        let ehlo = format!("EHLO {}", self.ehlo);
        match (self.step, code) {
            (Step::Greeting, "220") => self.say(net, Step::Ehlo, &ehlo, None),
            (Step::Ehlo, "250") if reply.contains("STARTTLS") => {
                self.say(net, Step::StartTls, "STARTTLS", None)
            }
            (Step::StartTls, "220") => {
                let Some(conn) = self.conn else {
                    return;
                };
                let (session, hello) = TlsSession::client();
                self.tls = Some(session);
                self.step = Step::Handshake;
                send_tls(net, conn, &[hello]);
            }
            (Step::Ehlo | Step::EhloSealed, "250") => match self.login.clone() {
                Some((user, password)) => {
                    let token = base64::encode(format!("\0{user}\0{password}").as_bytes());
                    self.say(net, Step::Auth, &format!("AUTH PLAIN {token}"), None)
                }
                None => self.mail_from(net),
            },
            (Step::Auth, "235") => self.mail_from(net),
            (Step::MailFrom, "250") => {
                let to = format!("RCPT TO:<{}>", self.mail.to);
                self.say(net, Step::RcptTo, &to, None)
            }
            (Step::RcptTo, "250") => self.say(net, Step::Data, "DATA", None),
            (Step::Data, "354") => {
                let text = format!("{}\r\n\r\n(…)\r\n.", self.mail.text());
                let bytes = self.mail.bytes.max(text.len() as u32);
                self.say(net, Step::Message, &text, Some(bytes))
            }
            (Step::Message, "250") => {
                self.outcome = Some(Sent::Queued(reply.to_string()));
                self.say(net, Step::Quit, "QUIT", None)
            }
            (Step::Quit, _) => self.step = Step::Done,
            // Anything else is a refusal: say goodbye.
            (_, _) => {
                self.outcome = Some(Sent::Refused(reply.to_string()));
                self.say(net, Step::Quit, "QUIT", None)
            }
        }
    }

    fn mail_from(&mut self, net: &mut Net) {
        let from = format!("MAIL FROM:<{}> SIZE={}", self.mail.from, self.mail.bytes);
        self.say(net, Step::MailFrom, &from, None)
    }
}

impl SmtpClient {
    /// Opens the connection (sends its SYN).
    pub fn begin(&mut self, net: &mut Net) -> ConnId {
        let conn = net.tcp.connect(net.ctx, self.server, self.port);
        self.conn = Some(conn);
        conn
    }

    pub fn conn(&self) -> Option<ConnId> {
        self.conn
    }

    /// The server answered its SYN (a relay stops waiting for it).
    pub fn connected(&self) -> bool {
        self.open
    }
}

impl NetApp for SmtpClient {
    fn start(&mut self, net: &mut Net) {
        self.begin(net);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match ev {
            TcpEvent::Connected(_) => self.open = true,
            TcpEvent::Data {
                msg,
                complete: true,
                ..
            } => {
                if let (Some(tls), Some(conn)) = (&mut self.tls, self.conn)
                    && let Some(connected) = take_handshake(net, conn, tls, &msg)
                {
                    if connected {
                        // RFC 3207 §4.2: start again with EHLO.
                        let ehlo = format!("EHLO {}", self.ehlo);
                        self.say(net, Step::EhloSealed, &ehlo, None);
                    }
                    return;
                }
                if let Some(reply) = text_of(net, &msg).map(str::to_owned) {
                    self.answer(net, &reply);
                }
            }
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            _ => {}
        }
    }
}
