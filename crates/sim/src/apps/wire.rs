//! What a packet of the compact load protocol ([`super::concurrency::conn`])
//! stands for on a real wire: the TCP segment and HTTP message a real client,
//! balancer or server would send at that moment. The apps act on the tag;
//! this description rides with the packet so the capture, the inspector and
//! the animation show SYN, RST, `GET /` and `503 Service Unavailable` as
//! they would for the full stack. Sequence numbers are relative, as a packet
//! capture tool shows them (each connection starts at 0).

use super::concurrency::{FailReason, conn, reason_of};
use crate::names::Name;
use crate::net::{Ctx, NodeId, Outgoing};
use crate::proto::http::{HttpKind, HttpMsg, Method, Status};
use crate::proto::tcp::{TcpSeg, flags};
use crate::proto::{AppMsg, Message};

/// The host name the load protocol's requests name.
pub const HOST: &str = "www.example.com";
/// The path every request of the load protocol asks for.
pub const PATH: &str = "/";
/// Bytes of an error answer's status line and headers.
const ERROR_HEAD_BYTES: u32 = 150;
/// The receive window every segment advertises.
const WINDOW: u32 = 65_535;

/// The interned [`HOST`] and [`PATH`], looked up once per app (in its
/// `start`) rather than for every packet it sends.
#[derive(Clone, Copy, Debug, Default)]
pub struct Labels {
    host: Name,
    path: Name,
}

impl Labels {
    pub fn intern(ctx: &mut Ctx) -> Labels {
        Labels {
            host: ctx.intern(HOST),
            path: ctx.intern(PATH),
        }
    }
}

/// The bytes a slow client's first part of a request holds.
pub const PART_BYTES: u32 = 100;

/// Where a packet sits on its connection, beyond what its tag says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// Bytes its sender sent on the connection before it (the first part
    /// of a slow request): its sequence number comes after them.
    pub after: u32,
    /// The connection already carried it (a SYN-ACK resent, a request sent
    /// again after its first copy was dropped): a retransmission, as
    /// Wireshark finds one where a segment takes sequence space again.
    pub again: bool,
}

/// Sends `out` from `node` with the real packet it stands for.
pub fn send(ctx: &mut Ctx, node: NodeId, out: Outgoing, labels: Labels) -> u64 {
    send_at(ctx, node, out, labels, Place::default())
}

/// [`send`] for a packet at `place` on its connection.
pub fn send_at(ctx: &mut Ctx, node: NodeId, out: Outgoing, labels: Labels, place: Place) -> u64 {
    let mut msg = describe(&out, (labels.host, labels.path));
    if let Some(tcp) = &mut msg.tcp {
        tcp.seq += place.after;
        tcp.retransmission |= place.again && (tcp.len > 0 || tcp.flags & flags::SYN != 0);
    }
    ctx.send_msg_from(node, out, msg)
}

/// The TCP segment (and HTTP message) a load-protocol packet stands for;
/// `names` are the interned [`HOST`] and [`PATH`].
pub fn describe(out: &Outgoing, names: (Name, Name)) -> Message {
    let bytes = out.payload_bytes;
    let segment = |seq: u32, ack: u32, bits: u8| TcpSeg {
        seq,
        ack,
        flags: bits,
        window: WINDOW,
        len: bytes,
        rec_off: 0,
        rec_len: bytes,
        retransmission: out.tag == conn::SYN_AGAIN,
    };
    let http = |kind: HttpKind, head_bytes: u32| HttpMsg {
        kind,
        host: names.0,
        path: names.1,
        head_bytes: head_bytes.min(bytes),
        body_bytes: bytes.saturating_sub(head_bytes),
        keep_alive: false,
        conditional: false,
        authorized: false,
        refs: 0,
        location: Name::default(),
        etag: 0,
        body: Name::default(),
        head: Name::default(),
    };
    let request = HttpKind::Request {
        method: Method::Get,
    };
    let ack = flags::ACK;
    let (tcp, app) = match out.tag {
        conn::SYN | conn::SYN_AGAIN | conn::PROBE => (segment(0, 0, flags::SYN), AppMsg::None),
        conn::SYN_ACK | conn::PROBE_OK => (segment(0, 1, flags::SYN | ack), AppMsg::None),
        conn::RST => (segment(1, 1, flags::RST | ack), AppMsg::None),
        conn::FIN => (segment(1, 1, flags::FIN | ack), AppMsg::None),
        conn::REQ | conn::REQ_PART => (
            segment(1, 1, flags::PSH | ack),
            AppMsg::Http(http(request, bytes)),
        ),
        // The server answers and closes: the last segment carries the FIN.
        conn::RESP => (
            segment(1, 1, flags::PSH | flags::FIN | ack),
            AppMsg::Http(http(HttpKind::Response { status: Status::Ok }, 200)),
        ),
        conn::FAIL => {
            let status = match reason_of(out.words) {
                FailReason::NoHealthyReplica
                | FailReason::DbUnavailable
                | FailReason::Overloaded => Status::ServiceUnavailable,
                FailReason::RetriesExhausted => Status::BadGateway,
                FailReason::GatewayTimeout => Status::GatewayTimeout,
            };
            (
                segment(1, 1, flags::PSH | flags::FIN | ack),
                AppMsg::Http(http(HttpKind::Response { status }, ERROR_HEAD_BYTES)),
            )
        }
        _ => (segment(1, 1, ack), AppMsg::None),
    };
    Message {
        tcp: Some(tcp),
        tls: None,
        app,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::concurrency::fail_words;
    use crate::net::{Addr, Proto};

    fn out(tag: u32, bytes: u32, words: [u64; 3]) -> Outgoing {
        Outgoing {
            dst: Addr(0),
            proto: Proto::Tcp,
            src_port: 1,
            dst_port: 80,
            payload_bytes: bytes,
            tag,
            words,
        }
    }

    #[test]
    fn each_tag_is_the_segment_a_real_stack_sends() {
        let names = (Name(1), Name(2));
        let flags_of = |tag| describe(&out(tag, 0, [0; 3]), names).tcp.unwrap().flags;
        assert_eq!(flags_of(conn::SYN), flags::SYN);
        assert_eq!(flags_of(conn::SYN_ACK), flags::SYN | flags::ACK);
        assert_eq!(flags_of(conn::RST), flags::RST | flags::ACK);
        let request = describe(&out(conn::REQ, 300, [0; 3]), names);
        let AppMsg::Http(http) = request.app else {
            panic!("a request is HTTP: {request:?}")
        };
        assert_eq!(
            http.kind,
            HttpKind::Request {
                method: Method::Get
            }
        );
        assert_eq!((http.total_bytes(), request.tcp.unwrap().len), (300, 300));
        let failed = fail_words([0; 3], FailReason::NoHealthyReplica);
        let answer = describe(&out(conn::FAIL, 150, failed), names);
        let AppMsg::Http(http) = answer.app else {
            panic!("a failure is an HTTP answer: {answer:?}")
        };
        assert_eq!(http.status(), Some(Status::ServiceUnavailable));
    }
}
