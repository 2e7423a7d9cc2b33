//! The login server: `POST /login` over HTTPS with the account and its
//! password in JSON; a right password is answered `200` with a signed
//! token and the presence servers to try, a wrong one `401`.

use crate::accounts::{ACCOUNTS, presence_for, token};
use crate::json;
use crate::tls_server::{Arrived, TlsConns};
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::{Method, Status};
use cslab_sim::proto::http_message::{self as message, response};
use cslab_sim::proto::tcp::TcpEvent;

pub const HOST: &str = "login.game.example";
pub const PATH: &str = "/login";

#[derive(Default)]
pub struct LoginServer {
    conns: TlsConns,
    /// The accounts it gave a token to.
    pub logged_in: Vec<&'static str>,
}

impl NetApp for LoginServer {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(443, 128);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        let Some(Arrived::Request {
            conn,
            method: Method::Post,
            path,
            body,
            ..
        }) = self.conns.on_tcp(net, ev)
        else {
            return;
        };
        let account = (ACCOUNTS.iter()).find(|account| {
            json::string(&body, "account") == Some(account.name)
                && json::string(&body, "password") == Some(account.password)
        });
        let out = match account {
            Some(account) if path == PATH => {
                self.logged_in.push(account.name);
                let servers: Vec<String> = (presence_for(account.id).iter())
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
