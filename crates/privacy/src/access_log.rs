//! The web server's access log, as nginx writes it by default: its
//! `combined` format (ngx_http_log_module),
//!
//! ```text
//! $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"
//! ```
//!
//! one line per answer, from the messages the server received and sent:
//! `$remote_addr` is the address the request came from, which beyond the
//! home router is its public one; `$remote_user` is `-` (no HTTP
//! authentication), and so is `$http_referer` (the lab's browser sends no
//! `Referer`). The clock starts at the `Date` the server's answers carry.

use crate::findings::{addresses_at, starts_message, translations};
use crate::observer::{Observer, Post};
use cslab_sim::net::{Addr, World};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::http::{HttpKind, Method, USER_AGENT};
use cslab_sim::runs::pageload::PageLoadNodes;
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceEvent;
use std::collections::{BTreeMap, VecDeque};

/// `$time_local` for a time of the run: the run starts on 1 January 2024
/// at midnight UTC, the `Date` of the lab's answers.
fn time_local(t: SimTime) -> String {
    let s = t.as_nanos() / 1_000_000_000;
    format!(
        "01/Jan/2024:{:02}:{:02}:{:02} +0000",
        s / 3600 % 24,
        s / 60 % 60,
        s % 60
    )
}

/// One line per HTTP answer the web server sent so far. Answers pair with
/// requests in order on each connection (HTTP/1.1 answers in order).
pub fn access_log(world: &World, nodes: &PageLoadNodes) -> Vec<String> {
    let server = nodes.server;
    let post = Post::of(world, nodes, Observer::Server);
    let nat = translations(world);
    // Requests waiting for their answer, by (client address, client port).
    let mut asked: BTreeMap<(Addr, u16), VecDeque<(Method, String)>> = BTreeMap::new();
    let mut lines = Vec::new();
    let sent_at = |pkt: u64| {
        world.trace().records().find_map(|record| match record.ev {
            TraceEvent::PacketSent { pkt: p, .. } if p == pkt => Some(record.t),
            _ => None,
        })
    };
    for header in world.trace().headers() {
        let AppMsg::Http(http) = header.msg.app else {
            continue;
        };
        if !starts_message(header) {
            continue;
        }
        let (src, dst) = addresses_at(&nat, &post, header);
        match http.kind {
            HttpKind::Request { method } if header.dst_node == server => {
                let path = world.names().text(http.path).to_owned();
                asked
                    .entry((src, header.src_port))
                    .or_default()
                    .push_back((method, path));
            }
            HttpKind::Response { status } if header.src_node == server => {
                let Some((method, path)) = asked
                    .get_mut(&(dst, header.dst_port))
                    .and_then(VecDeque::pop_front)
                else {
                    continue;
                };
                let t = sent_at(header.pkt).unwrap_or_default();
                lines.push(format!(
                    "{dst} - - [{}] \"{} {path} HTTP/1.1\" {} {} \"-\" \"{USER_AGENT}\"",
                    time_local(t),
                    method.as_str(),
                    status.code(),
                    http.body_bytes,
                ));
            }
            _ => {}
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_is_written_as_nginx_writes_it() {
        assert_eq!(time_local(SimTime::ZERO), "01/Jan/2024:00:00:00 +0000");
        // 1 h 2 min 3.5 s = 3723.5 s.
        assert_eq!(
            time_local(SimTime::from_millis(3_723_500)),
            "01/Jan/2024:01:02:03 +0000"
        );
    }
}
