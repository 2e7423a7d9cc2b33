//! One HTTPS server for a host that runs both the login and the
//! matchmaking (a small studio's one machine): one listener on port 443
//! whose requests go to the service their path names, as an nginx
//! `server` block with `location = /login` and `location /` does (its
//! `location` "sets configuration depending on a request URI":
//! http://nginx.org/en/docs/http/ngx_http_core_module.html#location). A
//! TLS connection carries either service's requests; the services are the
//! lesson's own.

use crate::login::{self, LoginServer};
use crate::matchmaking::Matchmaker;
use crate::tls_server::{Arrived, TlsConns};
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::Method;
use cslab_sim::proto::tcp::TcpEvent;

pub struct Front {
    conns: TlsConns,
    pub login: LoginServer,
    pub matchmaker: Matchmaker,
}

impl Front {
    pub fn new(login: LoginServer, matchmaker: Matchmaker) -> Front {
        Front {
            conns: TlsConns::default(),
            login,
            matchmaker,
        }
    }
}

impl NetApp for Front {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(443, 128);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match self.conns.on_tcp(net, ev) {
            Some(Arrived::Request {
                conn,
                method: Method::Post,
                path,
                body,
                ..
            }) if path == login::PATH => self.login.answer(net, conn, &path, &body),
            Some(arrived) => self.matchmaker.arrived(net, arrived),
            None => {}
        }
    }
}
