//! HTTP/1.1 messages sent with their heads kept as text (RFC 9112 §2.1:
//! start line, header lines, an empty line, the body), for the lessons whose
//! teaching travels in headers and bodies (the login's `Cookie`,
//! `Set-Cookie`, `Authorization`; the API lesson's `Location`, `SOAPAction`,
//! JSON and XML bodies): the inspector shows them as sent.

use crate::proto::AppMsg;
use crate::proto::host::Net;
use crate::proto::http::{HttpKind, HttpMsg, Method, Status};
use crate::proto::tcp::ConnId;

/// The date every answer of the lab carries (as `http::response_head`).
const DATE: &str = "Mon, 01 Jan 2024 00:00:00 GMT";

/// One message: its start line's parts and its header lines (without
/// `Content-Length`, which [`send`] adds from the body).
pub struct Outgoing<'a> {
    pub kind: HttpKind,
    pub host: &'a str,
    pub path: &'a str,
    pub headers: Vec<String>,
    pub content_type: Option<&'a str>,
    pub body: String,
    /// A body of bytes not kept as text (a file, an image, a video
    /// segment): its length, sent and counted after `body`'s, not shown.
    pub binary: u32,
    /// `body`'s real length when it shows binary bytes escaped (`\xNN`, a
    /// tracker's bencoded answer); `None`: its text is its bytes.
    pub body_wire_bytes: Option<u32>,
}

/// Sends `out` on `conn`, sealed in TLS if `tls`; its bytes, head and body.
pub fn send(net: &mut Net, conn: ConnId, out: Outgoing, tls: bool) -> u32 {
    let mut head = match out.kind {
        HttpKind::Request { method } => format!(
            "{} {} HTTP/1.1\r\nHost: {}\r\n",
            method.as_str(),
            out.path,
            out.host
        ),
        HttpKind::Response { status } => format!(
            "HTTP/1.1 {} {}\r\nDate: {DATE}\r\n",
            status.code(),
            status.reason()
        ),
    };
    for line in &out.headers {
        head.push_str(line);
        head.push_str("\r\n");
    }
    if let Some(content_type) = out.content_type {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    // RFC 9110 §8.6: a 204 has no Content-Length; a GET without a body
    // sends none.
    let body_bytes = out.body_wire_bytes.unwrap_or(out.body.len() as u32) + out.binary;
    let has_body = body_bytes > 0 || out.content_type.is_some();
    if has_body {
        head.push_str(&format!("Content-Length: {body_bytes}\r\n"));
    }
    head.push_str("\r\n");
    let msg = HttpMsg {
        kind: out.kind,
        host: net.ctx.intern(out.host),
        path: net.ctx.intern(out.path),
        head_bytes: head.len() as u32,
        body_bytes,
        keep_alive: true,
        conditional: false,
        authorized: out.headers.iter().any(|h| h.starts_with("Authorization:")),
        refs: 0,
        location: Default::default(),
        etag: 0,
        body: net.ctx.intern(&out.body),
        head: net.ctx.intern(&head),
    };
    net.send_app(conn, AppMsg::Http(msg), msg.total_bytes(), tls);
    msg.total_bytes()
}

/// A request of `method` for `path` on `host`.
pub fn request<'a>(method: Method, host: &'a str, path: &'a str) -> Outgoing<'a> {
    Outgoing {
        kind: HttpKind::Request { method },
        host,
        path,
        headers: Vec::new(),
        content_type: None,
        body: String::new(),
        binary: 0,
        body_wire_bytes: None,
    }
}

/// An answer with `status` to a request for `path` on `host`.
pub fn response<'a>(status: Status, host: &'a str, path: &'a str) -> Outgoing<'a> {
    Outgoing {
        kind: HttpKind::Response { status },
        ..request(Method::Get, host, path)
    }
}

/// The values of header `name` in `head`, in order (names are
/// case-insensitive, RFC 9110 §5.1).
pub fn header_values<'h>(head: &'h str, name: &str) -> impl Iterator<Item = &'h str> {
    head.split("\r\n").skip(1).filter_map(move |line| {
        let (field, value) = line.split_once(':')?;
        field.eq_ignore_ascii_case(name).then_some(value.trim())
    })
}
