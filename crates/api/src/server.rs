//! The API's machine: one web server answering the three styles at their
//! addresses (REST under `/courses/`, GraphQL at `/graphql`, SOAP at
//! `/soap`), from one catalogue, on keep-alive connections on port 80.

use crate::catalogue::Catalogue;
use crate::{graphql, rest, soap};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::{HttpKind, Method};
use cslab_sim::proto::http_message::{self, header_values};
use cslab_sim::proto::tcp::TcpEvent;

pub const PORT: u16 = 80;

#[derive(Default)]
pub struct ApiServer {
    pub catalogue: Catalogue,
}

impl NetApp for ApiServer {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(PORT, 128);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        let Some((conn, msg)) = net.whole_message(ev) else {
            return;
        };
        let AppMsg::Http(request) = msg.app else {
            return;
        };
        let HttpKind::Request { method } = request.kind else {
            return;
        };
        let host = net.ctx.name(request.host).to_owned();
        let path = net.ctx.name(request.path).to_owned();
        let head = net.ctx.name(request.head).to_owned();
        let body = net.ctx.name(request.body).to_owned();
        let reply = match (method, path.as_str()) {
            (Method::Post, graphql::ENDPOINT) => graphql::answer(&mut self.catalogue, &body),
            (Method::Post, soap::ENDPOINT) => {
                let action = header_values(&head, "SOAPAction").next().unwrap_or("");
                soap::answer(&mut self.catalogue, action, &body)
            }
            _ => rest::answer(&mut self.catalogue, &host, method, &path, &body),
        };
        let mut out = http_message::response(reply.status, &host, &path);
        out.headers = reply.headers;
        out.content_type = reply.content_type;
        out.body = reply.body;
        http_message::send(net, conn, out, false);
    }
}
