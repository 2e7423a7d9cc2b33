//! The login server: `POST /login` over HTTPS with the account and its
//! password in JSON; a right password is answered `200` with a signed
//! token and the presence servers to try, a wrong one `401`.

use crate::accounts::{ACCOUNTS, Account, PRESENCE, presence_for, token};
use crate::json;
use crate::tls_server::{Arrived, TlsConns};
use cslab_sim::net::Addr;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::{Method, Status};
use cslab_sim::proto::http_message::{self as message, response};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};

pub const HOST: &str = "login.game.example";
pub const PATH: &str = "/login";

pub struct LoginServer {
    conns: TlsConns,
    accounts: Vec<Account>,
    /// The presence cluster it sends players to.
    presence: Vec<Addr>,
    /// The accounts it gave a token to.
    pub logged_in: Vec<String>,
}

/// The lesson's: Alice's and Bob's accounts, the two presence servers.
impl Default for LoginServer {
    fn default() -> LoginServer {
        LoginServer::new(ACCOUNTS.to_vec(), PRESENCE.to_vec())
    }
}

impl LoginServer {
    /// A login server for `accounts`, sending them to the `presence`
    /// cluster.
    pub fn new(accounts: Vec<Account>, presence: Vec<Addr>) -> LoginServer {
        LoginServer {
            conns: TlsConns::default(),
            accounts,
            presence,
            logged_in: Vec::new(),
        }
    }

    /// Answers a `POST` for `path` carrying `body` on `conn`.
    pub fn answer(&mut self, net: &mut Net, conn: ConnId, path: &str, body: &str) {
        let account = (self.accounts.iter()).find(|account| {
            json::string(body, "account") == Some(&*account.name)
                && json::string(body, "password") == Some(&*account.password)
        });
        let out = match account {
            Some(account) if path == PATH => {
                self.logged_in.push(account.name.to_string());
                let servers: Vec<String> = (presence_for(account.id, &self.presence).iter())
                    .map(|addr| format!(r#""{addr}""#))
                    .collect();
                let mut out = response(Status::Ok, HOST, PATH);
                out.content_type = Some("application/json");
                out.body = format!(
                    r#"{{"id":{},"token":"{}","presence":[{}]}}"#,
                    account.id,
                    token(account),
                    servers.join(",")
                );
                out
            }
            _ => response(Status::Unauthorized, HOST, PATH),
        };
        message::send(net, conn, out, true);
    }
}

impl NetApp for LoginServer {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(443, 128);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        if let Some(Arrived::Request {
            conn,
            method: Method::Post,
            path,
            body,
            ..
        }) = self.conns.on_tcp(net, ev)
        {
            self.answer(net, conn, &path, &body);
        }
    }
}
