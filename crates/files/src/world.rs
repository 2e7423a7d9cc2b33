//! The lesson's world: Alice's laptop behind her home router (or, without
//! the NAT, on a network that gives it a public address), and the file
//! server on the Internet running vsftpd, sshd and nginx.
//!
//! ```text
//! Alice's laptop ── home router ── Internet ── files.example
//!       5 ms             5 ms          10 ms, 10 Mbit/s
//! ```
//!
//! A round trip is 40 ms; the server's line, at 10 Mbit/s, takes the file
//! (262,144 bytes, about 270,000 with headers) in about a fifth of a second.

use crate::download::{Downloader, Nginx};
use crate::file::{HOST, SERVER};
use crate::ftp::{FtpClient, FtpMode, Outcome, Vsftpd};
use crate::sftp::{SftpClient, SftpServer};
use cslab_sim::net::{AppId, LinkId, LinkSpec, NodeId, NodeKind, World};
use cslab_sim::proto::host::{Host, NetApp};
use cslab_sim::proto::tcp::{TcpConfig, TcpStack};
use cslab_sim::runs::addresses::{Home, add_home, add_open_home, page};
use cslab_sim::runs::web_world::add_tcp_server;
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;

/// How the file moves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    #[default]
    Ftp,
    Sftp,
    Http,
}

impl How {
    pub const ALL: [How; 3] = [How::Ftp, How::Sftp, How::Http];
}

/// When the home router's line to the Internet breaks in an HTTP download,
/// and for how long: the server is about halfway through the file by then.
pub const BREAK_AT: SimTime = SimTime::from_millis(225);
pub const BREAK_FOR: SimTime = SimTime::from_secs(10);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FilesParams {
    pub how: How,
    pub ftp_mode: FtpMode,
    /// The laptop sits behind its home router's NAT.
    pub nat: bool,
    /// The home router's line breaks during an HTTP download.
    pub line_breaks: bool,
    pub seed: u64,
}

impl Default for FilesParams {
    fn default() -> Self {
        FilesParams {
            how: How::Ftp,
            ftp_mode: FtpMode::Passive,
            nat: true,
            line_breaks: true,
            seed: 1,
        }
    }
}

/// The machines, by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FilesNodes {
    pub alice: NodeId,
    pub router: NodeId,
    pub internet: NodeId,
    pub server: NodeId,
}

pub struct FilesSim {
    world: World,
    nodes: FilesNodes,
    params: FilesParams,
    client: AppId,
    server: AppId,
    /// The home router's line to the Internet.
    line: LinkId,
}

/// A program's TCP stack and itself, answering every port.
fn host<A: NetApp>(w: &mut World, node: NodeId, app: A) -> AppId {
    add_tcp_server(w, node, app, TcpConfig::default())
}

impl FilesSim {
    pub fn new(p: &FilesParams) -> FilesSim {
        let mut w = World::new(p.seed, TraceMode::Full);
        let Home {
            laptop: alice,
            router,
            internet,
        } = if p.nat {
            add_home(&mut w, "alice")
        } else {
            add_open_home(&mut w, "alice")
        };
        let server = w.add_node(HOST, NodeKind::Server);
        w.connect(
            server,
            internet,
            LinkSpec::new(10_000_000, SimTime::from_millis(10)),
        );
        w.set_addr(server, SERVER);
        // The link add_home made second: the router's line.
        let line = (w.links().into_iter())
            .find(|link| [link.a, link.b] == [router, internet])
            .expect("the home router's line")
            .id;
        let server_app = match p.how {
            How::Ftp => host(&mut w, server, Vsftpd::new(SERVER)),
            How::Sftp => host(&mut w, server, SftpServer::default()),
            How::Http => host(&mut w, server, Nginx::default()),
        };
        let client = match p.how {
            How::Ftp => {
                // Behind the NAT it announces the router's public address,
                // as told (FileZilla's "Get external IP address" setting):
                // its own private one would be refused outright (500).
                let announce = if p.nat {
                    page::ROUTER_PUBLIC
                } else {
                    w.addr(alice)
                };
                host(&mut w, alice, FtpClient::new(SERVER, p.ftp_mode, announce))
            }
            How::Sftp => host(&mut w, alice, SftpClient::new(SERVER)),
            How::Http => {
                if p.line_breaks {
                    w.cut_link(line, BREAK_AT, BREAK_AT + BREAK_FOR);
                }
                host(&mut w, alice, Downloader::new(SERVER))
            }
        };
        FilesSim {
            world: w,
            nodes: FilesNodes {
                alice,
                router,
                internet,
                server,
            },
            params: *p,
            client,
            server: server_app,
            line,
        }
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    pub fn nodes(&self) -> FilesNodes {
        self.nodes
    }

    pub fn params(&self) -> FilesParams {
        self.params
    }

    /// The home router's line to the Internet (the one that breaks).
    pub fn line(&self) -> LinkId {
        self.line
    }

    pub fn ftp_client(&self) -> Option<&Host<FtpClient>> {
        self.world.app(self.client)
    }

    pub fn vsftpd(&self) -> Option<&Host<Vsftpd>> {
        self.world.app(self.server)
    }

    pub fn sftp_client(&self) -> Option<&Host<SftpClient>> {
        self.world.app(self.client)
    }

    pub fn sftp_server(&self) -> Option<&Host<SftpServer>> {
        self.world.app(self.server)
    }

    pub fn downloader(&self) -> Option<&Host<Downloader>> {
        self.world.app(self.client)
    }

    pub fn nginx(&self) -> Option<&Host<Nginx>> {
        self.world.app(self.server)
    }

    /// Alice's TCP stack, whichever program runs on it.
    pub fn client_tcp(&self) -> &TcpStack {
        match self.params.how {
            How::Ftp => self.ftp_client().map(|host| &host.tcp),
            How::Sftp => self.sftp_client().map(|host| &host.tcp),
            How::Http => self.downloader().map(|host| &host.tcp),
        }
        .expect("Alice's program")
    }

    /// The server's TCP stack.
    pub fn server_tcp(&self) -> &TcpStack {
        match self.params.how {
            How::Ftp => self.vsftpd().map(|host| &host.tcp),
            How::Sftp => self.sftp_server().map(|host| &host.tcp),
            How::Http => self.nginx().map(|host| &host.tcp),
        }
        .expect("the server's program")
    }

    /// The bytes of the file Alice has, and whether she has it whole (or
    /// the transfer failed).
    pub fn received(&self) -> (u64, Outcome) {
        let done = |done: bool| {
            if done {
                Outcome::Done
            } else {
                Outcome::Working
            }
        };
        match self.params.how {
            How::Ftp => self
                .ftp_client()
                .map_or((0, Outcome::Working), |c| (c.app.received, c.app.outcome)),
            How::Sftp => self.sftp_client().map_or((0, Outcome::Working), |c| {
                (c.app.received, done(c.app.done))
            }),
            How::Http => self
                .downloader()
                .map_or((0, Outcome::Working), |c| (c.app.kept, done(c.app.done))),
        }
    }

    /// Runs until the transfer is over, and a few seconds more for the
    /// connections to close; at most `limit`.
    pub fn run_to_end(&mut self, limit: SimTime) {
        while self.world.now() < limit && self.received().1 == Outcome::Working {
            let next = self.world.now() + SimTime::from_secs(1);
            self.world.run_until(next.min(limit));
        }
        let tail = (self.world.now() + SimTime::from_secs(3)).min(limit);
        self.world.run_until(tail);
    }
}
