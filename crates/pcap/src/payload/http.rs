//! An HTTP/1.1 message as text (RFC 9112 §2.1): the head the lab kept, or
//! the one its browser and web server render ([`request_head`],
//! [`response_head`]) from the fields it kept; then the body: the text the
//! lab kept (markup, a form, JSON) and filler up to `Content-Length`.

use super::{Filler, png};
use cslab_sim::apps::bittorrent::tracker::unescaped;
use cslab_sim::names::{Name, Names};
use cslab_sim::proto::http::{HttpKind, HttpMsg, request_head, response_head};
use cslab_sim::proto::http_message::header_values;

/// The whole message, `body` standing in for the body if given (DNS over
/// HTTPS carries a DNS message).
pub fn message(m: &HttpMsg, names: &Names, body: Option<Vec<u8>>, fill: &mut Filler) -> Vec<u8> {
    let head = head(m, names);
    let n = m.body_bytes as usize;
    let kept = body.unwrap_or_else(|| kept_body(names.text(m.body), n));
    let rest = n.saturating_sub(kept.len());
    let ty = header_values(&head, "Content-Type").next().unwrap_or("");
    let mut out = head.as_bytes().to_vec();
    out.extend(&kept[..kept.len().min(n)]);
    if ty.starts_with("text/")
        || ty.contains("json")
        || ty.contains("xml")
        || ty.contains("mpegurl")
    {
        out.extend(fill.text(rest));
    } else if let Some(png) = (ty == "image/png").then(|| png::file(rest, fill)).flatten() {
        out.extend(png);
    } else if ty == "video/mp2t" {
        out.extend(null_ts_packets(rest));
    } else {
        out.extend(fill.bytes(rest));
    }
    out
}

/// The bytes of a body kept as text: a binary one (a tracker's bencoded
/// answer) is kept with its bytes written `\xNN`, longer than it is.
fn kept_body(text: &str, n: usize) -> Vec<u8> {
    match text.len() > n {
        true => unescaped(text),
        false => text.as_bytes().to_vec(),
    }
}

/// `n` bytes of MPEG transport stream null packets (ISO/IEC 13818-1: sync
/// byte 0x47, PID 0x1FFF, payload only, stuffed with 0xFF), which a TS
/// reader skips: a video segment's size without its pictures.
fn null_ts_packets(n: usize) -> Vec<u8> {
    const PACKET: usize = 188;
    let mut out = Vec::with_capacity(n + PACKET);
    while out.len() < n {
        let counter = (out.len() / PACKET) as u8 & 0x0F;
        out.extend([0x47, 0x1F, 0xFF, 0x10 | counter]);
        out.resize(out.len() + PACKET - 4, 0xFF);
    }
    out.truncate(n);
    out
}

/// The head, `head_bytes` long.
fn head(m: &HttpMsg, names: &Names) -> String {
    if m.head != Name(0) {
        return names.text(m.head).to_string();
    }
    let path = names.text(m.path);
    let rendered = match m.kind {
        HttpKind::Request { method } => request_head(
            method,
            names.text(m.host),
            path,
            m.keep_alive,
            m.conditional.then_some(m.etag),
            m.authorized,
            m.body_bytes,
        ),
        HttpKind::Response { status } => response_head(
            status,
            m.body_bytes,
            m.keep_alive,
            content_type(path),
            (m.location != Name(0)).then(|| names.text(m.location)),
            (m.etag != 0).then_some(m.etag),
        ),
    };
    fit(rendered, m.head_bytes as usize)
}

/// The content type the lab's sites serve a path as (`runs::pageload`).
fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("png") => "image/png",
        Some("json") => "application/json",
        _ => "text/html",
    }
}

/// `head` made exactly `len` bytes where the lab counted a head it did not
/// keep with other headers: header lines dropped from the end while too
/// long, then the last line's value padded with spaces (RFC 9112 §5: a
/// field line may end in optional whitespace).
fn fit(head: String, len: usize) -> String {
    let mut lines: Vec<&str> = head.trim_end_matches("\r\n").split("\r\n").collect();
    let size = |lines: &[&str]| lines.iter().map(|l| l.len() + 2).sum::<usize>() + 2;
    while lines.len() > 1 && size(&lines) > len {
        lines.pop();
    }
    let pad = len.saturating_sub(size(&lines));
    let mut out = lines.join("\r\n");
    out.push_str(&" ".repeat(pad));
    out.push_str("\r\n\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_is_fitted_by_padding_or_dropping_lines() {
        let head = "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n\r\n".to_string();
        assert_eq!(fit(head.clone(), head.len()), head);
        assert_eq!(
            fit(head.clone(), head.len() + 3),
            "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2   \r\n\r\n"
        );
        assert_eq!(
            fit(head.clone(), head.len() - 4),
            "HTTP/1.1 200 OK\r\nA: 1  \r\n\r\n"
        );
    }
}
