//! FTP (RFC 959) as vsftpd 3.0.5 (Ubuntu 24.04's package) serves it, and
//! a client that fetches one file.
//!
//! Two connections: the control connection on port 21 carries commands and
//! their replies, a line each; a data connection carries the file. In
//! active mode the client listens and announces where with `PORT h1,h2,h3,
//! h4,p1,p2` (RFC 959 §4.1.2: the address's four bytes, the port's two),
//! and the server connects to it from port 20 (§3.2; Ubuntu's vsftpd.conf
//! sets `connect_from_port_20=YES`); in passive mode the server listens and
//! says where in its `227` reply, and the client connects.
//!
//! vsftpd's words are its own (`ftpcodes.h`, `postlogin.c`): `220
//! (vsFTPd 3.0.5)`, `331 Please specify the password.`, `200 PORT command
//! successful. Consider using PASV.`, `425 Failed to establish
//! connection.`, `226 Transfer complete.`, `221 Goodbye.` It refuses a
//! PORT naming another address than the control connection's
//! (`port_promiscuous=NO`: `500 Illegal PORT command.`), and gives up a
//! data connection it cannot open after `connect_timeout`, 60 s by default
//! (vsftpd.conf(5)).

use crate::file::{NAME, PASSWORD, SIZE, USER};
use cslab_sim::net::Addr;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::files_trace;
use cslab_sim::proto::text::{TextProtocol, line_in, send_text};
use cslab_sim::time::SimTime;

pub const CONTROL_PORT: u16 = 21;
/// Where an active-mode data connection leaves the server from.
pub const DATA_PORT: u16 = 20;
/// vsftpd's `connect_timeout` (and `accept_timeout`), 60 s by default.
pub const CONNECT_TIMEOUT: SimTime = SimTime::from_secs(60);

/// Who opens the data connection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FtpMode {
    /// The server connects to the client (`PORT`).
    Active,
    /// The client connects to the server (`PASV`).
    #[default]
    Passive,
}

/// `h1,h2,h3,h4,p1,p2`: an address and port as PORT and 227 write them.
pub fn host_port(addr: Addr, port: u16) -> String {
    let [a, b, c, d] = addr.0.to_be_bytes();
    format!("{a},{b},{c},{d},{},{}", port >> 8, port & 0xff)
}

/// The address and port in `h1,h2,h3,h4,p1,p2` (inside a 227's
/// parentheses, or after PORT).
pub fn parse_host_port(text: &str) -> Option<(Addr, u16)> {
    let numbers: Vec<u8> = (text.split(','))
        .map(|n| n.trim().parse().ok())
        .collect::<Option<_>>()?;
    let [a, b, c, d, p1, p2] = numbers[..] else {
        return None;
    };
    Some((Addr::new(a, b, c, d), u16::from(p1) * 256 + u16::from(p2)))
}

/// The line a data connection carries the file as, as a capture names it.
pub fn data_line(name: &str, bytes: u32) -> String {
    format!("{name}, {bytes} bytes")
}

/// One client's session on the server.
struct Session {
    control: ConnId,
    /// The client's address as the server sees it (its router's, behind a
    /// NAT).
    peer: Addr,
    /// Active mode: where PORT said to connect.
    port_to: Option<(Addr, u16)>,
    /// Passive mode: the port the server listens on.
    pasv_port: Option<u16>,
    data: Option<ConnId>,
    /// RETR came and waits for the data connection.
    retr_waiting: bool,
    /// Which connect attempt the timer is for.
    attempt: u64,
}

/// vsftpd with one file and one user.
pub struct Vsftpd {
    /// Its own address, for the 227 reply.
    pub addr: Addr,
    sessions: Vec<Session>,
    attempts: u64,
    /// Files sent whole.
    pub sent: u32,
}

impl Vsftpd {
    pub fn new(addr: Addr) -> Vsftpd {
        Vsftpd {
            addr,
            sessions: Vec::new(),
            attempts: 0,
            sent: 0,
        }
    }

    fn reply(net: &mut Net, conn: ConnId, line: &str) {
        send_text(net, conn, TextProtocol::Ftp, line, None, false);
    }

    fn session(&mut self, conn: ConnId) -> Option<&mut Session> {
        (self.sessions.iter_mut()).find(|s| s.control == conn || s.data == Some(conn))
    }

    fn on_command(&mut self, net: &mut Net, conn: ConnId, line: &str) {
        let (verb, arg) = line.split_once(' ').unwrap_or((line, ""));
        let Some(session) = self.session(conn) else {
            return;
        };
        let answer: String = match verb {
            "USER" => "331 Please specify the password.".into(),
            "PASS" => "230 Login successful.".into(),
            "TYPE" if arg == "I" => "200 Switching to Binary mode.".into(),
            "PASV" => {
                // vsftpd listens on a port of its choosing (any unprivileged
                // one unless pasv_min_port/pasv_max_port say otherwise).
                let port = net.tcp.listen_any(1);
                session.pasv_port = Some(port);
                format!(
                    "227 Entering Passive Mode ({}).",
                    host_port(self.addr, port)
                )
            }
            "PORT" => match parse_host_port(arg) {
                Some((addr, port)) if addr == session.peer => {
                    session.port_to = Some((addr, port));
                    "200 PORT command successful. Consider using PASV.".into()
                }
                _ => "500 Illegal PORT command.".into(),
            },
            "RETR" if arg == NAME => {
                if let Some((addr, port)) = session.port_to {
                    self.attempts += 1;
                    let attempt = self.attempts;
                    let session = self.session(conn).expect("the session");
                    session.attempt = attempt;
                    session.retr_waiting = true;
                    session.data = Some(net.tcp.connect_from(net.ctx, DATA_PORT, addr, port));
                    net.set_timer(CONNECT_TIMEOUT, attempt);
                    return;
                }
                if session.pasv_port.is_none() {
                    "425 Use PORT or PASV first.".into()
                } else {
                    session.retr_waiting = true;
                    if let Some(data) = session.data {
                        self.send_file(net, conn, data);
                    }
                    return;
                }
            }
            "RETR" => "550 Failed to open file.".into(),
            "QUIT" => {
                Self::reply(net, conn, "221 Goodbye.");
                net.tcp.close(net.ctx, conn);
                return;
            }
            _ => "500 Unknown command.".into(),
        };
        Self::reply(net, conn, &answer);
    }

    /// The data connection is open and RETR waits: 150, the file, close.
    fn send_file(&mut self, net: &mut Net, control: ConnId, data: ConnId) {
        let Some(session) = self.session(control) else {
            return;
        };
        if !session.retr_waiting {
            return;
        }
        session.retr_waiting = false;
        let opening = format!("150 Opening BINARY mode data connection for {NAME} ({SIZE} bytes).");
        Self::reply(net, control, &opening);
        let line = data_line(NAME, SIZE);
        send_text(net, data, TextProtocol::FtpData, &line, Some(SIZE), false);
        net.tcp.close(net.ctx, data);
    }

    /// The data connection is over: the file went whole.
    fn data_closed(&mut self, net: &mut Net, data: ConnId) {
        let Some(session) = self.sessions.iter_mut().find(|s| s.data == Some(data)) else {
            return;
        };
        session.data = None;
        session.port_to = None;
        session.pasv_port = None;
        let control = session.control;
        self.sent += 1;
        Self::reply(net, control, "226 Transfer complete.");
    }
}

impl NetApp for Vsftpd {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(CONTROL_PORT, 32);
    }

    fn on_timer(&mut self, net: &mut Net, attempt: u64) {
        let Some(session) = (self.sessions.iter_mut())
            .find(|s| s.attempt == attempt && s.retr_waiting && s.data.is_some())
        else {
            return;
        };
        // Still not connected: vsftpd gives the data connection up.
        let (control, data) = (session.control, session.data.take());
        session.retr_waiting = false;
        session.port_to = None;
        if let Some(data) = data {
            net.tcp.close(net.ctx, data);
        }
        net.note(
            files_trace::NO_DATA_CONNECTION,
            CONNECT_TIMEOUT.as_nanos() / 1_000_000_000,
        );
        Self::reply(net, control, "425 Failed to establish connection.");
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        if let Some(line) = line_in(net, &ev) {
            return self.on_command(net, ev.conn(), &line);
        }
        match ev {
            TcpEvent::Accepted { conn, port } if port == CONTROL_PORT => {
                let peer = net.tcp.conn(conn).remote;
                self.sessions.push(Session {
                    control: conn,
                    peer,
                    port_to: None,
                    pasv_port: None,
                    data: None,
                    retr_waiting: false,
                    attempt: 0,
                });
                Self::reply(net, conn, "220 (vsFTPd 3.0.5)");
            }
            TcpEvent::Accepted { conn, port } => {
                let Some(session) = self.sessions.iter_mut().find(|s| s.pasv_port == Some(port))
                else {
                    return;
                };
                session.data = Some(conn);
                let control = session.control;
                self.send_file(net, control, conn);
            }
            TcpEvent::Connected(data) => {
                if let Some(session) = self.sessions.iter().find(|s| s.data == Some(data)) {
                    let control = session.control;
                    self.send_file(net, control, data);
                }
            }
            TcpEvent::PeerClosed(conn) => {
                if self.sessions.iter().any(|s| s.data == Some(conn)) {
                    self.data_closed(net, conn);
                } else {
                    net.tcp.close(net.ctx, conn);
                    self.sessions.retain(|s| s.control != conn);
                }
            }
            _ => {}
        }
    }
}

/// Where the client stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    #[default]
    Working,
    /// It has the whole file.
    Done,
    /// The server could not open the data connection (425) or refused the
    /// address (500).
    Failed,
}

/// A client that logs in and fetches [`NAME`] in binary.
pub struct FtpClient {
    server: Addr,
    mode: FtpMode,
    /// The address it writes in PORT: its own, or its router's public one
    /// where it has been told it (FileZilla's "Get external IP address"
    /// setting does this).
    announce: Addr,
    control: Option<ConnId>,
    data: Option<ConnId>,
    pub received: u64,
    /// The reply codes it got, in order.
    pub codes: Vec<u16>,
    pub outcome: Outcome,
}

impl FtpClient {
    pub fn new(server: Addr, mode: FtpMode, announce: Addr) -> FtpClient {
        FtpClient {
            server,
            mode,
            announce,
            control: None,
            data: None,
            received: 0,
            codes: Vec::new(),
            outcome: Outcome::Working,
        }
    }

    fn say(&self, net: &mut Net, line: &str) {
        if let Some(control) = self.control {
            send_text(net, control, TextProtocol::Ftp, line, None, false);
        }
    }

    fn on_reply(&mut self, net: &mut Net, line: &str) {
        let code: u16 = line.get(..3).and_then(|c| c.parse().ok()).unwrap_or(0);
        self.codes.push(code);
        match code {
            220 => self.say(net, &format!("USER {USER}")),
            331 => self.say(net, &format!("PASS {PASSWORD}")),
            230 => self.say(net, "TYPE I"),
            200 if line.contains("Binary") => match self.mode {
                FtpMode::Passive => self.say(net, "PASV"),
                FtpMode::Active => {
                    let port = net.tcp.listen_any(1);
                    let port_line = format!("PORT {}", host_port(self.announce, port));
                    self.say(net, &port_line);
                }
            },
            200 => self.say(net, &format!("RETR {NAME}")),
            227 => {
                let inside = line
                    .split_once('(')
                    .and_then(|(_, rest)| rest.split_once(')'));
                if let Some((addr, port)) = inside.and_then(|(hp, _)| parse_host_port(hp)) {
                    self.data = Some(net.tcp.connect(net.ctx, addr, port));
                }
            }
            226 => {
                if self.received == u64::from(SIZE) {
                    self.outcome = Outcome::Done;
                    net.note(files_trace::COMPLETE, self.received);
                }
                self.say(net, "QUIT");
            }
            425 | 500 => {
                self.outcome = Outcome::Failed;
                self.say(net, "QUIT");
            }
            221 => {
                if let Some(control) = self.control {
                    net.tcp.close(net.ctx, control);
                }
            }
            _ => {}
        }
    }
}

impl NetApp for FtpClient {
    fn start(&mut self, net: &mut Net) {
        self.control = Some(net.tcp.connect(net.ctx, self.server, CONTROL_PORT));
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match ev {
            // Passive: the data connection is open; ask for the file.
            TcpEvent::Connected(conn) if Some(conn) == self.data => {
                self.say(net, &format!("RETR {NAME}"));
            }
            // Active: the server's connection from port 20.
            TcpEvent::Accepted { conn, .. } => self.data = Some(conn),
            TcpEvent::Data { conn, bytes, .. } if Some(conn) == self.data => {
                self.received += u64::from(bytes);
            }
            TcpEvent::Data { .. } => {
                if let Some(line) = line_in(net, &ev) {
                    self.on_reply(net, &line);
                }
            }
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            _ => {}
        }
    }
}
