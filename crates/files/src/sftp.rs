//! SFTP over one SSH connection on port 22, as OpenSSH 9.6's `sftp` and
//! `sshd` (with its `sftp-server`) speak it to fetch one file.
//!
//! In clear: the identification strings, each side's KEXINIT, the key
//! exchange (SSH_MSG_KEX_ECDH_INIT and _REPLY) and NEWKEYS (RFC 4253 §7).
//! Encrypted from then on: the server's EXT_INFO (RFC 8308), the
//! `ssh-userauth` service (RFC 4252: OpenSSH asks with method `none` first,
//! §5.2, learns which methods may continue, then sends the password), a
//! `session` channel and its `subsystem sftp` request (RFC 4254 §6.1,
//! §6.5), then SFTP version 3 (draft-ietf-secsh-filexfer-02) in the
//! channel's data: INIT and VERSION, STAT, OPEN, READs of 32 KiB, CLOSE.
//!
//! `sftp`'s download (`sftp-client.c`, `do_download`) starts with one
//! READ outstanding and allows one more each time a full block comes back,
//! up to 64; it reads until the server says SSH_FX_EOF. `sshd` passes what
//! `sftp-server` writes on in CHANNEL_DATA messages of at most the
//! client's maximum packet, 32,768 bytes (`CHAN_SES_PACKET_DEFAULT`): a
//! DATA reply of 32 KiB plus its 13 bytes of header takes two.
//!
//! OpenSSH's own extensions past EXT_INFO (its global requests, the SFTP
//! extensions listed in VERSION) are left out: the lab's server offers
//! none, so the client asks for none.

use crate::file::{NAME, PASSWORD, SIZE, USER};
use crate::ssh::{
    CLIENT_PROPOSAL, ECDH_INIT_PAYLOAD, ECDH_REPLY_PAYLOAD, KEX_NAME, NEWKEYS_PAYLOAD,
    SERVER_PROPOSAL, Transport, string,
};
use cslab_sim::apps::programs::{SSH_CLIENT_ID, SSH_SERVER_ID};
use cslab_sim::net::Addr;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::files_trace;
use cslab_sim::proto::text::{TextProtocol, line_in};

pub const SSH_PORT: u16 = 22;
/// `sftp`'s block (`-B`, 32,768 by default) and most reads outstanding
/// (`-R`, 64).
pub const BLOCK: u32 = 32_768;
pub const MOST_REQUESTS: u32 = 64;
/// The largest CHANNEL_DATA the client accepts (its maximum packet).
pub const CHANNEL_MAX_PACKET: u32 = 32_768;

const SERVER_SIG_ALGS: &str = "ssh-ed25519,sk-ssh-ed25519@openssh.com,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ecdsa-sha2-nistp256@openssh.com,webauthn-sk-ecdsa-sha2-nistp256@openssh.com,ssh-dss,ssh-rsa,rsa-sha2-256,rsa-sha2-512";

/// SSH_MSG_EXT_INFO as sshd 9.6 sends it: `server-sig-algs`,
/// `publickey-hostbound@openssh.com` and `ping@openssh.com`, each a name
/// and a value.
fn ext_info_payload() -> u32 {
    let pairs = [
        ("server-sig-algs", SERVER_SIG_ALGS),
        ("publickey-hostbound@openssh.com", "0"),
        ("ping@openssh.com", "0"),
    ];
    1 + 4
        + (pairs.iter())
            .map(|(name, value)| string(name.len()) + string(value.len()))
            .sum::<u32>()
}

/// The bytes of an SFTP packet of `body` bytes after its length and type
/// (draft-02 §3: `uint32 length`, `byte type`, then the body).
const fn sftp(body: u32) -> u32 {
    4 + 1 + body
}

/// A channel message carrying `data` bytes: its number, the recipient
/// channel, the data as a string (RFC 4254 §5.2).
const fn channel_data(data: u32) -> u32 {
    1 + 4 + string(data as usize)
}

/// OpenSSH's handles are 4 bytes (`sftp-server.c`, `handle_to_string`).
const HANDLE: usize = 4;
/// STATUS: id, code, message and an empty language tag.
fn status(message: &str) -> u32 {
    sftp(4 + 4 + string(message.len()) + string(0))
}

/// The server end: sshd and its sftp-server.
#[derive(Default)]
pub struct SftpServer {
    conn: Option<ConnId>,
    ssh: Transport,
    /// Files sent whole.
    pub sent: u32,
}

impl SftpServer {
    fn send(&mut self, net: &mut Net, protocol: TextProtocol, line: &str, payload: u32) {
        if let Some(conn) = self.conn {
            self.ssh.send(net, conn, protocol, line, payload);
        }
    }

    /// An SFTP reply in the channel: one CHANNEL_DATA, or two when it is
    /// longer than the client's maximum packet.
    fn reply(&mut self, net: &mut Net, line: &str, bytes: u32) {
        if bytes <= CHANNEL_MAX_PACKET {
            self.send(net, TextProtocol::Sftp, line, channel_data(bytes));
        } else {
            let first = format!("{line} (1/2)");
            self.send(
                net,
                TextProtocol::Sftp,
                &first,
                channel_data(CHANNEL_MAX_PACKET),
            );
            let rest = format!(
                "{} (2/2)",
                line.split(" ").take(2).collect::<Vec<_>>().join(" ")
            );
            self.send(
                net,
                TextProtocol::Sftp,
                &rest,
                channel_data(bytes - CHANNEL_MAX_PACKET),
            );
        }
    }

    fn on_line(&mut self, net: &mut Net, line: &str) {
        let id = field(line, "id=");
        let ssh = TextProtocol::Ssh;
        match line.split(' ').next().unwrap_or_default() {
            _ if line.starts_with("SSH-2.0-") => {
                let payload = SERVER_PROPOSAL.kexinit_payload();
                self.send(net, ssh, "SSH_MSG_KEXINIT", payload);
            }
            "SSH_MSG_KEX_ECDH_INIT" => {
                let reply = format!("SSH_MSG_KEX_ECDH_REPLY {KEX_NAME} ssh-ed25519");
                self.send(net, ssh, &reply, ECDH_REPLY_PAYLOAD);
                self.send(net, ssh, "SSH_MSG_NEWKEYS", NEWKEYS_PAYLOAD);
            }
            "SSH_MSG_NEWKEYS" => {
                self.send(
                    net,
                    ssh,
                    "SSH_MSG_EXT_INFO server-sig-algs",
                    ext_info_payload(),
                );
            }
            "SSH_MSG_SERVICE_REQUEST" => {
                let accept = "SSH_MSG_SERVICE_ACCEPT ssh-userauth";
                self.send(net, ssh, accept, 1 + string(12));
            }
            "SSH_MSG_USERAUTH_REQUEST" if line.ends_with(" none") => {
                let methods = "publickey,password";
                let failure = format!("SSH_MSG_USERAUTH_FAILURE {methods}");
                self.send(net, ssh, &failure, 1 + string(methods.len()) + 1);
            }
            "SSH_MSG_USERAUTH_REQUEST" => self.send(net, ssh, "SSH_MSG_USERAUTH_SUCCESS", 1),
            "SSH_MSG_CHANNEL_OPEN" => {
                let confirm = "SSH_MSG_CHANNEL_OPEN_CONFIRMATION 0";
                self.send(net, ssh, confirm, 1 + 4 * 4);
            }
            "SSH_MSG_CHANNEL_REQUEST" => self.send(net, ssh, "SSH_MSG_CHANNEL_SUCCESS 0", 1 + 4),
            "SSH_MSG_CHANNEL_CLOSE" => {
                self.send(net, ssh, "SSH_MSG_CHANNEL_CLOSE 0", 1 + 4);
            }
            "SSH_FXP_INIT" => self.reply(net, "SSH_FXP_VERSION version=3", sftp(4)),
            "SSH_FXP_STAT" => {
                // flags, size, uid and gid, permissions, atime and mtime.
                let attrs = format!("SSH_FXP_ATTRS id={id} size={SIZE}");
                self.reply(net, &attrs, sftp(4 + 4 + 8 + 8 + 4 + 8));
            }
            "SSH_FXP_OPEN" => {
                let handle = format!("SSH_FXP_HANDLE id={id}");
                self.reply(net, &handle, sftp(4 + string(HANDLE)));
            }
            "SSH_FXP_READ" => {
                let offset: u32 = field(line, "offset=").parse().unwrap_or(SIZE);
                let len: u32 = field(line, "len=").parse().unwrap_or(0);
                let n = len.min(SIZE.saturating_sub(offset));
                if n == 0 {
                    let eof = format!("SSH_FXP_STATUS id={id} SSH_FX_EOF");
                    self.reply(net, &eof, status("End of file"));
                } else {
                    let data = format!("SSH_FXP_DATA id={id} {n} bytes");
                    self.reply(net, &data, sftp(4 + string(n as usize)));
                    if offset + n == SIZE {
                        self.sent += 1;
                    }
                }
            }
            "SSH_FXP_CLOSE" => {
                let ok = format!("SSH_FXP_STATUS id={id} SSH_FX_OK");
                self.reply(net, &ok, status("Success"));
            }
            _ => {}
        }
    }
}

/// The value after `key` in `line`, up to the next space.
fn field<'l>(line: &'l str, key: &str) -> &'l str {
    (line.split(' '))
        .find_map(|word| word.strip_prefix(key))
        .unwrap_or_default()
}

impl NetApp for SftpServer {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(SSH_PORT, 128);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        if let Some(line) = line_in(net, &ev) {
            return self.on_line(net, &line);
        }
        match ev {
            TcpEvent::Accepted { conn, .. } => {
                (self.conn, self.ssh) = (Some(conn), Transport::default());
                Transport::identify(net, conn, SSH_SERVER_ID);
            }
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            _ => {}
        }
    }
}

/// The client end: `sftp alice@files.example`, then `get report.pdf`.
pub struct SftpClient {
    server: Addr,
    conn: Option<ConnId>,
    ssh: Transport,
    next_id: u32,
    /// READs sent and not answered: (id, offset).
    outstanding: Vec<(u32, u32)>,
    /// How many READs may be outstanding now.
    most: u32,
    next_offset: u32,
    eof: bool,
    pub received: u64,
    /// The most READs it had outstanding at once.
    pub widest: u32,
    pub done: bool,
}

impl SftpClient {
    pub fn new(server: Addr) -> SftpClient {
        SftpClient {
            server,
            conn: None,
            ssh: Transport::default(),
            next_id: 1,
            outstanding: Vec::new(),
            most: 1,
            next_offset: 0,
            eof: false,
            received: 0,
            widest: 0,
            done: false,
        }
    }

    fn send(&mut self, net: &mut Net, protocol: TextProtocol, line: &str, payload: u32) {
        if let Some(conn) = self.conn {
            self.ssh.send(net, conn, protocol, line, payload);
        }
    }

    /// An SFTP request in one CHANNEL_DATA, with the next request id.
    fn request(&mut self, net: &mut Net, verb: &str, rest: &str, body: u32) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        let line = format!("{verb} id={id}{rest}");
        self.send(net, TextProtocol::Sftp, &line, channel_data(sftp(4 + body)));
        id
    }

    /// Sends READs while fewer than allowed are outstanding, up to one at
    /// the end of the file (which the server answers with EOF).
    fn read_more(&mut self, net: &mut Net) {
        while !self.eof && (self.outstanding.len() as u32) < self.most && self.next_offset <= SIZE {
            let offset = self.next_offset;
            let rest = format!(" offset={offset} len={BLOCK}");
            let id = self.request(net, "SSH_FXP_READ", &rest, string(HANDLE) + 8 + 4);
            self.outstanding.push((id, offset));
            self.next_offset += BLOCK;
        }
        self.widest = self.widest.max(self.outstanding.len() as u32);
    }

    fn answered(&mut self, id: &str) -> Option<(u32, u32)> {
        let id: u32 = id.parse().ok()?;
        let at = self.outstanding.iter().position(|&(sent, _)| sent == id)?;
        Some(self.outstanding.remove(at))
    }

    fn on_line(&mut self, net: &mut Net, line: &str) {
        let ssh = TextProtocol::Ssh;
        let id = field(line, "id=");
        match line.split(' ').next().unwrap_or_default() {
            _ if line.starts_with("SSH-2.0-") => {
                let payload = CLIENT_PROPOSAL.kexinit_payload();
                self.send(net, ssh, "SSH_MSG_KEXINIT", payload);
            }
            "SSH_MSG_KEXINIT" => {
                let init = format!("SSH_MSG_KEX_ECDH_INIT {KEX_NAME}");
                self.send(net, ssh, &init, ECDH_INIT_PAYLOAD);
            }
            "SSH_MSG_KEX_ECDH_REPLY" => self.send(net, ssh, "SSH_MSG_NEWKEYS", NEWKEYS_PAYLOAD),
            "SSH_MSG_NEWKEYS" => {
                let request = "SSH_MSG_SERVICE_REQUEST ssh-userauth";
                self.send(net, ssh, request, 1 + string(12));
            }
            "SSH_MSG_SERVICE_ACCEPT" => {
                let none = format!("SSH_MSG_USERAUTH_REQUEST {USER} ssh-connection none");
                self.send(
                    net,
                    ssh,
                    &none,
                    1 + string(USER.len()) + string(14) + string(4),
                );
            }
            "SSH_MSG_USERAUTH_FAILURE" => {
                let request =
                    format!("SSH_MSG_USERAUTH_REQUEST {USER} ssh-connection password {PASSWORD}");
                let payload =
                    1 + string(USER.len()) + string(14) + string(8) + 1 + string(PASSWORD.len());
                self.send(net, ssh, &request, payload);
            }
            "SSH_MSG_USERAUTH_SUCCESS" => {
                // "session", its sender channel, initial window, most packet.
                let open = "SSH_MSG_CHANNEL_OPEN session 0";
                self.send(net, ssh, open, 1 + string(7) + 4 + 4 + 4);
            }
            "SSH_MSG_CHANNEL_OPEN_CONFIRMATION" => {
                let request = "SSH_MSG_CHANNEL_REQUEST 0 subsystem sftp";
                self.send(net, ssh, request, 1 + 4 + string(9) + 1 + string(4));
            }
            "SSH_MSG_CHANNEL_SUCCESS" => {
                let init = "SSH_FXP_INIT version=3";
                self.send(net, TextProtocol::Sftp, init, channel_data(sftp(4)));
            }
            "SSH_FXP_VERSION" => {
                let rest = format!(" {NAME}");
                self.request(net, "SSH_FXP_STAT", &rest, string(NAME.len()));
            }
            "SSH_FXP_ATTRS" => {
                // The name, the flags (READ), attributes with no flags.
                let rest = format!(" {NAME} READ");
                self.request(net, "SSH_FXP_OPEN", &rest, string(NAME.len()) + 4 + 4);
            }
            "SSH_FXP_HANDLE" => self.read_more(net),
            "SSH_FXP_DATA" if !line.ends_with("(1/2)") => {
                if let Some((_, offset)) = self.answered(id) {
                    let n = BLOCK.min(SIZE - offset);
                    self.received += u64::from(n);
                    if n == BLOCK {
                        self.most = (self.most + 1).min(MOST_REQUESTS);
                    }
                }
                self.read_more(net);
            }
            "SSH_FXP_STATUS" if line.ends_with("SSH_FX_EOF") => {
                self.answered(id);
                self.eof = true;
                if self.outstanding.is_empty() {
                    let rest = "";
                    self.request(net, "SSH_FXP_CLOSE", rest, string(HANDLE));
                }
            }
            "SSH_FXP_STATUS" if line.ends_with("SSH_FX_OK") => {
                self.send(net, ssh, "SSH_MSG_CHANNEL_CLOSE 0", 1 + 4);
            }
            "SSH_MSG_CHANNEL_CLOSE" => {
                if self.received == u64::from(SIZE) {
                    self.done = true;
                    net.note(files_trace::COMPLETE, self.received);
                }
                if let Some(conn) = self.conn {
                    net.tcp.close(net.ctx, conn);
                }
            }
            _ => {}
        }
    }
}

impl NetApp for SftpClient {
    fn start(&mut self, net: &mut Net) {
        self.conn = Some(net.tcp.connect(net.ctx, self.server, SSH_PORT));
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        if let Some(line) = line_in(net, &ev) {
            return self.on_line(net, &line);
        }
        match ev {
            TcpEvent::Connected(conn) => Transport::identify(net, conn, SSH_CLIENT_ID),
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            _ => {}
        }
    }
}
