//! HTTP/1.1 messages sent with their heads kept as text (RFC 9112 §2.1:
//! start line, header lines, an empty line, the body), since what this
//! lesson teaches travels in headers: `Cookie`, `Set-Cookie`,
//! `Authorization`, `WWW-Authenticate`, `Location`.

use cslab_sim::proto::AppMsg;
use cslab_sim::proto::host::Net;
use cslab_sim::proto::http::{HttpKind, HttpMsg, Method, Status};
use cslab_sim::proto::tcp::ConnId;

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
}

/// Sends `out` on `conn`, sealed in TLS if `tls`.
pub fn send(net: &mut Net, conn: ConnId, out: Outgoing, tls: bool) {
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
    let has_body = !out.body.is_empty() || out.content_type.is_some();
    if has_body {
        head.push_str(&format!("Content-Length: {}\r\n", out.body.len()));
    }
    head.push_str("\r\n");
    let msg = HttpMsg {
        kind: out.kind,
        host: net.ctx.intern(out.host),
        path: net.ctx.intern(out.path),
        head_bytes: head.len() as u32,
        body_bytes: out.body.len() as u32,
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

/// The cookie `name` a request's `Cookie` header carries (RFC 6265 §4.2).
pub fn cookie<'h>(head: &'h str, name: &str) -> Option<&'h str> {
    header_values(head, "Cookie")
        .flat_map(|value| value.split("; "))
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

/// `application/x-www-form-urlencoded` (the WHATWG URL standard): names
/// and values percent-encoded, except letters, digits and `*-._`.
pub fn form_encode(fields: &[(&str, &str)]) -> String {
    let encode = |text: &str| -> String {
        text.bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                    (b as char).to_string()
                }
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    fields
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of field `name` in a form body.
pub fn form_field(body: &str, name: &str) -> Option<String> {
    let raw = body
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))?;
    let mut bytes = Vec::new();
    let mut rest = raw.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        match b {
            b'%' if tail.len() >= 2 => {
                let hex = std::str::from_utf8(&tail[..2]).ok()?;
                bytes.push(u8::from_str_radix(hex, 16).ok()?);
                rest = &tail[2..];
                continue;
            }
            b'+' => bytes.push(b' '),
            _ => bytes.push(b),
        }
        rest = tail;
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_cookies_read_back() {
        let body = form_encode(&[("username", "alice"), ("next", "/notes/alice/")]);
        assert_eq!(body, "username=alice&next=%2Fnotes%2Falice%2F");
        assert_eq!(form_field(&body, "next").as_deref(), Some("/notes/alice/"));
        assert_eq!(form_field(&body, "password"), None);
        let head = "GET / HTTP/1.1\r\nHost: h\r\ncookie: csrftoken=abc; sessionid=xyz\r\n\r\n";
        assert_eq!(cookie(head, "sessionid"), Some("xyz"));
        assert_eq!(cookie(head, "csrftoken"), Some("abc"));
        assert_eq!(cookie(head, "session"), None);
    }
}
