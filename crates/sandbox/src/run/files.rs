//! Files, as the files lesson moves them (`cslab_files`): a file server
//! runs what the lesson's does, vsftpd (FTP, port 21, and its passive data
//! ports), sshd (SFTP, port 22) and nginx (HTTP, port 80), each serving
//! the lesson's file (`report.pdf`, 256 KiB); a browser downloading a file
//! (`download-file`) fetches it the way its task says, with the lesson's
//! program: FileZilla's FTP in passive mode, OpenSSH's sftp, or a download
//! that resumes with `Range` when it stalls.
//!
//! As in the lesson, the program is given the server's address (the file
//! server whose `host` is the task's), not its name: no DNS lookup goes on
//! the wire; HTTP names the host in `Host`. A name no file server has
//! leaves the program knocking at its own machine, where nothing answers.

use cslab_files::download::{Downloader, HTTP_PORT, Nginx};
use cslab_files::ftp::{FtpClient, FtpMode, Outcome, Vsftpd};
use cslab_files::sftp::{SSH_PORT, SftpClient, SftpServer};
use cslab_sim::net::{Addr, AppId, Proto, World};
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::{TcpConfig, TcpStack};
use cslab_sim::runs::web_world::add_tcp_server;

use super::Client;
use super::world::Built;
use crate::kinds::Kind;
use crate::schema::{Machine, Network};

/// Adds every file server: vsftpd takes every TCP port but sshd's and
/// nginx's, each program its own stack, as separate daemons on one
/// machine.
pub fn add_servers(built: &mut Built, net: &Network) {
    let tcp = TcpConfig::default();
    for m in net.machines.iter().filter(|m| m.kind == Kind::FileServer) {
        let node = built.node(m.id);
        let world = &mut built.world;
        add_tcp_server(world, node, Vsftpd::new(m.address), tcp);
        let sshd = world.add_app(
            node,
            Box::new(Host::new(TcpStack::new(tcp), SftpServer::default())),
        );
        world.bind(node, Proto::Tcp, SSH_PORT, sshd);
        let nginx = world.add_app(
            node,
            Box::new(Host::new(TcpStack::new(tcp), Nginx::default())),
        );
        world.bind(node, Proto::Tcp, HTTP_PORT, nginx);
    }
}

/// A program on `m` fetching the file from `server` `how` (`http`, `ftp`
/// or `sftp`); by HTTP, naming it `host`.
pub fn add_client(built: &mut Built, m: &Machine, server: Addr, host: &str, how: &str) -> AppId {
    let node = built.node(m.id);
    let (world, tcp) = (&mut built.world, TcpConfig::default());
    match how {
        // Passive mode (FileZilla's default): the client opens both
        // connections, so no PORT address has to cross a NAT.
        "ftp" => add_tcp_server(
            world,
            node,
            FtpClient::new(server, FtpMode::Passive, m.address),
            tcp,
        ),
        "sftp" => add_tcp_server(world, node, SftpClient::new(server), tcp),
        _ => add_tcp_server(world, node, Downloader::new(server).naming(host), tcp),
    }
}

/// `complete` (it has the whole file), `failed` (FTP's server could not
/// open the data connection) or `unfinished`; and the file's bytes it has.
pub fn outcome(world: &World, client: &Client) -> (&'static str, u64) {
    let done = |done| if done { "complete" } else { "unfinished" };
    if let Some(ftp) = world.app::<Host<FtpClient>>(client.app) {
        let outcome = match ftp.app.outcome {
            Outcome::Done => "complete",
            Outcome::Failed => "failed",
            Outcome::Working => "unfinished",
        };
        return (outcome, ftp.app.received);
    }
    if let Some(sftp) = world.app::<Host<SftpClient>>(client.app) {
        return (done(sftp.app.done), sftp.app.received);
    }
    let http = &world
        .app::<Host<Downloader>>(client.app)
        .expect("a download program")
        .app;
    (done(http.done), http.kept)
}
