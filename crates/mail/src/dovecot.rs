//! Reading mail as Dovecot serves it, over TLS from the first byte (IMAPS on
//! 993, POP3S on 995, RFC 8314): IMAP (RFC 9051, RFC 3501) leaves the
//! messages on the server and marks them `\Seen` when a client fetches
//! their body; POP3 (RFC 1939) hands them over, and the client deletes them
//! (DELE), as mail programs do by default, so they are gone from the server
//! when it says QUIT. The replies are Dovecot's (Ubuntu's package).

use crate::smtp::Stored;
use cslab_sim::apps::web::{send_tls, take_handshake};
use cslab_sim::net::Addr;
use cslab_sim::proto::Message;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::{TextProtocol, send_text, text_of};
use cslab_sim::proto::tls::TlsSession;
use cslab_sim::time::SimTime;
use std::collections::BTreeMap;

pub use cslab_sim::proto::text::{IMAPS_PORT, POP3S_PORT};

/// How a mail program reads its mail.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reading {
    #[default]
    Imap,
    Pop3,
}

impl Reading {
    pub fn port(self) -> u16 {
        match self {
            Reading::Imap => IMAPS_PORT,
            Reading::Pop3 => POP3S_PORT,
        }
    }

    fn protocol(self) -> TextProtocol {
        match self {
            Reading::Imap => TextProtocol::Imap,
            Reading::Pop3 => TextProtocol::Pop3,
        }
    }
}

/// The mailbox's UIDVALIDITY: Dovecot takes the time the mailbox was
/// created (here 2026-12-01 00:00 UTC).
const UIDVALIDITY: u32 = 1_796_083_200;

const IMAP_CAPABILITY: &str =
    "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN";

/// One reader's session.
struct Session {
    reading: Reading,
    tls: TlsSession,
    user: Option<String>,
    /// POP3: the user named by USER, waiting for PASS.
    named: Option<String>,
    /// POP3: the messages marked by DELE, removed at QUIT.
    deleted: Vec<usize>,
}

/// Dovecot on a mail server's machine: it reads the mailboxes Postfix
/// fills.
#[derive(Default)]
pub struct Dovecot {
    users: Vec<(String, String)>,
    sessions: BTreeMap<ConnId, Session>,
    pub failed_logins: u64,
}

impl Dovecot {
    pub fn new(users: Vec<(String, String)>) -> Dovecot {
        Dovecot {
            users,
            ..Dovecot::default()
        }
    }

    pub fn listen(&self, net: &mut Net) {
        for port in [IMAPS_PORT, POP3S_PORT] {
            net.tcp.listen(port, 100);
        }
    }

    pub fn owns(&self, conn: ConnId) -> bool {
        self.sessions.contains_key(&conn)
    }

    /// A connection to 993 or 995 opened: TLS comes first.
    pub fn accept(&mut self, conn: ConnId, port: u16) -> bool {
        let reading = match port {
            IMAPS_PORT => Reading::Imap,
            POP3S_PORT => Reading::Pop3,
            _ => return false,
        };
        self.sessions.insert(
            conn,
            Session {
                reading,
                tls: TlsSession::server(),
                user: None,
                named: None,
                deleted: Vec::new(),
            },
        );
        true
    }

    pub fn closed(&mut self, conn: ConnId) {
        self.sessions.remove(&conn);
    }

    fn login(&mut self, user: &str, password: &str) -> bool {
        let known = self
            .users
            .iter()
            .any(|(name, right)| name == user && right == password);
        self.failed_logins += u64::from(!known);
        known
    }

    /// A record on a reader's connection, with the mailboxes it reads.
    pub fn hear(&mut self, net: &mut Net, conn: ConnId, msg: &Message, store: &mut Vec<Stored>) {
        let Some(session) = self.sessions.get_mut(&conn) else {
            return;
        };
        if let Some(connected) = take_handshake(net, conn, &mut session.tls, msg) {
            if connected {
                let greeting = match session.reading {
                    Reading::Imap => {
                        format!("* OK [CAPABILITY {IMAP_CAPABILITY}] Dovecot (Ubuntu) ready.")
                    }
                    Reading::Pop3 => "+OK Dovecot (Ubuntu) ready.".into(),
                };
                send_text(net, conn, session.reading.protocol(), &greeting, None, true);
            }
            return;
        }
        let Some(line) = text_of(net, msg).map(str::to_owned) else {
            return;
        };
        let reading = session.reading;
        let reply = match reading {
            Reading::Imap => self.imap(conn, &line, store),
            Reading::Pop3 => self.pop3(conn, &line, store),
        };
        let Some((reply, bytes, bye)) = reply else {
            return;
        };
        send_text(net, conn, reading.protocol(), &reply, bytes, true);
        if bye {
            net.tcp.close(net.ctx, conn);
        }
    }

    /// The messages of `user`, by their place in the store.
    fn mailbox(store: &[Stored], user: &str) -> Vec<usize> {
        (0..store.len())
            .filter(|&i| store[i].mail.to.split('@').next() == Some(user))
            .collect()
    }

    /// IMAP's reply to one tagged command: the text, its size if it holds
    /// messages, and whether the server then closes.
    fn imap(
        &mut self,
        conn: ConnId,
        line: &str,
        store: &mut [Stored],
    ) -> Option<(String, Option<u32>, bool)> {
        let mut words = line.split_whitespace();
        let (tag, command) = (words.next()?, words.next()?.to_ascii_uppercase());
        let user = self.sessions.get(&conn)?.user.clone();
        let reply = match (command.as_str(), user) {
            ("LOGIN", _) => {
                let (name, password) = (words.next()?.to_string(), words.next()?);
                if self.login(&name, password) {
                    self.sessions.get_mut(&conn)?.user = Some(name);
                    format!("{tag} OK [CAPABILITY {IMAP_CAPABILITY}] Logged in")
                } else {
                    format!("{tag} NO [AUTHENTICATIONFAILED] Authentication failed.")
                }
            }
            ("SELECT", Some(user)) => {
                let mine = Self::mailbox(store, &user);
                let unseen = mine.iter().position(|&i| !store[i].seen);
                // RFC 3501 §6.3.1: FLAGS, EXISTS, RECENT and UIDVALIDITY
                // are required. Nobody opened the mailbox since these
                // arrived: the unseen are the recent.
                let recent = mine.iter().filter(|&&i| !store[i].seen).count();
                let mut lines = vec![
                    "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)".to_string(),
                    "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.".to_string(),
                    format!("* {} EXISTS", mine.len()),
                    format!("* {recent} RECENT"),
                ];
                if let Some(first) = unseen {
                    lines.push(format!("* OK [UNSEEN {}] First unseen.", first + 1));
                }
                lines.push(format!("* OK [UIDVALIDITY {UIDVALIDITY}] UIDs valid"));
                lines.push(format!(
                    "* OK [UIDNEXT {}] Predicted next UID",
                    mine.len() + 1
                ));
                lines.push(format!("{tag} OK [READ-WRITE] Select completed."));
                lines.join("\r\n")
            }
            ("FETCH", Some(user)) => {
                // FETCH 1:n (FLAGS BODY[]): each message, now \Seen
                // (RFC 9051 §6.4.5: BODY[] sets it, BODY.PEEK[] does not).
                let mine = Self::mailbox(store, &user);
                let mut bytes = 0;
                let mut lines = Vec::new();
                for (n, &i) in mine.iter().enumerate() {
                    store[i].seen = true;
                    let mail = &store[i].mail;
                    bytes += mail.bytes;
                    lines.push(format!(
                        "* {} FETCH (FLAGS (\\Seen) BODY[] {{{}}} Subject: {})",
                        n + 1,
                        mail.bytes,
                        mail.subject
                    ));
                }
                lines.push(format!("{tag} OK Fetch completed."));
                let text = lines.join("\r\n");
                return Some((text.clone(), Some(bytes + text.len() as u32), false));
            }
            ("LOGOUT", _) => {
                return Some((
                    format!("* BYE Logging out\r\n{tag} OK Logout completed."),
                    None,
                    true,
                ));
            }
            (_, None) => format!("{tag} NO Not logged in."),
            _ => format!("{tag} BAD Error in IMAP command received by server."),
        };
        Some((reply, None, false))
    }

    /// POP3's reply to one command (same shape as [`Dovecot::imap`]'s).
    fn pop3(
        &mut self,
        conn: ConnId,
        line: &str,
        store: &mut Vec<Stored>,
    ) -> Option<(String, Option<u32>, bool)> {
        let mut words = line.split_whitespace();
        let command = words.next()?.to_ascii_uppercase();
        let session = self.sessions.get(&conn)?;
        let (user, named) = (session.user.clone(), session.named.clone());
        let mine = user
            .as_deref()
            .map(|user| Self::mailbox(store, user))
            .unwrap_or_default();
        let reply = match (command.as_str(), user) {
            ("USER", _) => {
                self.sessions.get_mut(&conn)?.named = words.next().map(str::to_string);
                "+OK".to_string()
            }
            ("PASS", _) => {
                let name = named.unwrap_or_default();
                if self.login(&name, words.next().unwrap_or_default()) {
                    self.sessions.get_mut(&conn)?.user = Some(name);
                    "+OK Logged in.".into()
                } else {
                    "-ERR [AUTH] Authentication failed.".into()
                }
            }
            ("STAT", Some(_)) => {
                let size: u32 = mine.iter().map(|&i| store[i].mail.bytes).sum();
                format!("+OK {} {size}", mine.len())
            }
            ("RETR", Some(_)) => {
                let n: usize = words.next()?.parse().ok()?;
                let mail = &store[*mine.get(n.checked_sub(1)?)?].mail;
                let text = format!(
                    "+OK {} octets\r\nSubject: {}\r\n.",
                    mail.bytes, mail.subject
                );
                let bytes = mail.bytes + text.len() as u32;
                return Some((text, Some(bytes), false));
            }
            ("DELE", Some(_)) => {
                let n: usize = words.next()?.parse().ok()?;
                let i = *mine.get(n.checked_sub(1)?)?;
                self.sessions.get_mut(&conn)?.deleted.push(i);
                "+OK Marked to be deleted.".into()
            }
            ("QUIT", _) => {
                // RFC 1939 §6: the UPDATE state removes what DELE marked.
                let mut deleted = std::mem::take(&mut self.sessions.get_mut(&conn)?.deleted);
                deleted.sort_unstable();
                for &i in deleted.iter().rev() {
                    store.remove(i);
                }
                let said = if deleted.is_empty() {
                    "+OK Logging out."
                } else {
                    "+OK Logging out, messages deleted."
                };
                return Some((said.into(), None, true));
            }
            _ => "-ERR Unknown command.".into(),
        };
        Some((reply, None, false))
    }
}

/// What a [`MailReader`] does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Handshake,
    Greeting,
    Login,
    Pass,
    Select,
    Stat,
    Fetch,
    Retr(usize),
    Dele(usize),
    Logout,
    Done,
}

/// A mail program reading its inbox (Thunderbird, a phone's mail app) over
/// IMAPS or POP3S: it logs in, reads every message, and with POP3 deletes
/// them from the server.
pub struct MailReader {
    server: Addr,
    reading: Reading,
    user: String,
    password: String,
    conn: Option<ConnId>,
    tls: Option<TlsSession>,
    step: Step,
    count: usize,
    /// It checks the mailbox this long after the world starts.
    start_after: SimTime,
    /// The subjects it read.
    pub read: Vec<String>,
    /// A refusal, if the server refused it.
    pub refused: Option<String>,
}

impl MailReader {
    pub fn new(server: Addr, reading: Reading, user: &str, password: &str) -> MailReader {
        MailReader {
            server,
            reading,
            user: user.into(),
            password: password.into(),
            conn: None,
            tls: None,
            step: Step::Handshake,
            count: 0,
            start_after: SimTime::ZERO,
            read: Vec::new(),
            refused: None,
        }
    }

    pub fn starting_after(self, start_after: SimTime) -> MailReader {
        MailReader {
            start_after,
            ..self
        }
    }

    /// It has logged out (after reading, or after a refusal).
    pub fn done(&self) -> bool {
        self.step == Step::Done
    }

    fn say(&mut self, net: &mut Net, step: Step, line: &str) {
        self.step = step;
        if let Some(conn) = self.conn {
            send_text(net, conn, self.reading.protocol(), line, None, true);
        }
    }

    fn answer(&mut self, net: &mut Net, reply: &str) {
        // POP3 answers +OK or -ERR; IMAP ends with OK, NO or BAD after the
        // tag (or `*`, in its greeting).
        let ok = match self.reading {
            Reading::Pop3 => reply.starts_with("+OK"),
            Reading::Imap => reply
                .lines()
                .last()
                .is_some_and(|last| last.split_whitespace().nth(1) == Some("OK")),
        };
        match (self.reading, self.step, ok) {
            (_, Step::Logout, _) => self.step = Step::Done,
            (_, _, false) => {
                self.refused = Some(reply.to_string());
                let bye = match self.reading {
                    Reading::Imap => "a9 LOGOUT",
                    Reading::Pop3 => "QUIT",
                };
                self.say(net, Step::Logout, bye);
            }
            (Reading::Imap, Step::Greeting, _) => {
                let login = format!("a1 LOGIN {} {}", self.user, self.password);
                self.say(net, Step::Login, &login)
            }
            (Reading::Imap, Step::Login, _) => self.say(net, Step::Select, "a2 SELECT INBOX"),
            (Reading::Imap, Step::Select, _) => {
                self.count = count_in(reply, " EXISTS");
                match self.count {
                    0 => self.say(net, Step::Logout, "a4 LOGOUT"),
                    n => self.say(net, Step::Fetch, &format!("a3 FETCH 1:{n} (FLAGS BODY[])")),
                }
            }
            (Reading::Imap, Step::Fetch, _) => {
                self.read.extend(subjects(reply));
                self.say(net, Step::Logout, "a4 LOGOUT")
            }
            (Reading::Pop3, Step::Greeting, _) => {
                let user = format!("USER {}", self.user);
                self.say(net, Step::Login, &user)
            }
            (Reading::Pop3, Step::Login, _) => {
                let pass = format!("PASS {}", self.password);
                self.say(net, Step::Pass, &pass)
            }
            (Reading::Pop3, Step::Pass, _) => self.say(net, Step::Stat, "STAT"),
            (Reading::Pop3, Step::Stat, _) => {
                self.count = reply
                    .split_whitespace()
                    .nth(1)
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                self.retrieve(net, 1);
            }
            (Reading::Pop3, Step::Retr(n), _) => {
                self.read.extend(subjects(reply));
                self.say(net, Step::Dele(n), &format!("DELE {n}"));
            }
            (Reading::Pop3, Step::Dele(n), _) => self.retrieve(net, n + 1),
            _ => {}
        }
    }

    /// POP3: the `n`th message, or QUIT after the last.
    fn retrieve(&mut self, net: &mut Net, n: usize) {
        if n > self.count {
            self.say(net, Step::Logout, "QUIT");
        } else {
            self.say(net, Step::Retr(n), &format!("RETR {n}"));
        }
    }
}

/// `n` from a reply's `* n EXISTS` line.
fn count_in(reply: &str, what: &str) -> usize {
    reply
        .lines()
        .find_map(|line| line.strip_suffix(what)?.strip_prefix("* ")?.parse().ok())
        .unwrap_or(0)
}

/// The subjects a reply carries.
fn subjects(reply: &str) -> Vec<String> {
    reply
        .split("\r\n")
        .filter_map(|line| {
            let subject = line.split("Subject: ").nth(1)?;
            Some(subject.trim_end_matches(')').to_string())
        })
        .collect()
}

impl NetApp for MailReader {
    fn start(&mut self, net: &mut Net) {
        net.set_timer(self.start_after, 0);
    }

    fn on_timer(&mut self, net: &mut Net, _token: u64) {
        self.conn = Some(net.tcp.connect(net.ctx, self.server, self.reading.port()));
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match ev {
            TcpEvent::Connected(conn) => {
                let (session, hello) = TlsSession::client();
                self.tls = Some(session);
                send_tls(net, conn, &[hello]);
            }
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => {
                if let Some(tls) = &mut self.tls
                    && let Some(connected) = take_handshake(net, conn, tls, &msg)
                {
                    if connected {
                        self.step = Step::Greeting;
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
