//! A file over HTTP/1.1 that survives a broken line: nginx serves it with
//! its `ETag` and `Accept-Ranges: bytes`; when the download stalls, the
//! client keeps what it has, connects again and asks for the rest with
//! `Range: bytes=N-` and `If-Range` (RFC 9110 §14.2, §13.1.5): if the file
//! is still the same one, the answer is `206 Partial Content` with
//! `Content-Range: bytes N-(len-1)/len` (§14.4, §15.3.7), else the whole
//! file again with 200.
//!
//! The client gives a connection up when no byte has come for
//! [`STALL`], as `curl --speed-time 5 --speed-limit 1` does, and starts
//! again at once: its SYNs are then sent again by TCP's own timers until
//! the line is back.

use crate::file::{ETAG, LAST_MODIFIED, NAME, SIZE};
use cslab_sim::net::Addr;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::{HttpKind, Method, Status};
use cslab_sim::proto::http_message::{self as message, header_values, request, response};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::files_trace;
use cslab_sim::proto::{AppMsg, Message};
use cslab_sim::time::SimTime;

pub const HTTP_PORT: u16 = 80;
/// How long the client waits for a byte before it gives a connection up.
pub const STALL: SimTime = SimTime::from_secs(5);
/// How often it looks.
const TICK: SimTime = SimTime::from_secs(1);

/// The path of the file on the server.
pub fn path() -> String {
    format!("/{NAME}")
}

/// `Content-Range` for the bytes from `first` to the end of a file of
/// `size` bytes (RFC 9110 §14.4: first and last byte positions, inclusive,
/// then the complete length).
pub fn content_range(first: u32, size: u32) -> String {
    format!("bytes {first}-{}/{size}", size - 1)
}

/// The first byte a `Range: bytes=N-` asks for (§14.1.2), if it is one.
pub fn range_start(head: &str) -> Option<u32> {
    let value = header_values(head, "Range").next()?;
    value
        .strip_prefix("bytes=")?
        .strip_suffix('-')?
        .parse()
        .ok()
}

/// nginx 1.24.0 (Ubuntu 24.04) serving [`NAME`].
#[derive(Default)]
pub struct Nginx {
    /// The answers' status codes, in order.
    pub statuses: Vec<u16>,
}

impl Nginx {
    fn answer(&mut self, net: &mut Net, conn: ConnId, path: &str, head: &str) {
        if path != self::path() {
            message::send(
                net,
                conn,
                response(Status::NotFound, crate::file::HOST, path),
                false,
            );
            self.statuses.push(404);
            return;
        }
        // If-Range with another tag means the file changed: all of it.
        let same = header_values(head, "If-Range").all(|tag| tag == ETAG);
        let from = range_start(head).filter(|&first| same && first < SIZE);
        let status = if from.is_some() {
            Status::PartialContent
        } else {
            Status::Ok
        };
        let mut out = response(status, crate::file::HOST, path);
        out.headers = vec![
            "Server: nginx/1.24.0 (Ubuntu)".into(),
            format!("Last-Modified: {LAST_MODIFIED}"),
            format!("ETag: {ETAG}"),
        ];
        match from {
            Some(first) => out
                .headers
                .push(format!("Content-Range: {}", content_range(first, SIZE))),
            None => out.headers.push("Accept-Ranges: bytes".into()),
        }
        out.content_type = Some("application/pdf");
        out.binary = SIZE - from.unwrap_or(0);
        message::send(net, conn, out, false);
        self.statuses.push(status.code());
    }
}

impl NetApp for Nginx {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(HTTP_PORT, 511);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        if let Some((conn, msg)) = net.whole_message(ev)
            && let AppMsg::Http(http) = msg.app
            && let HttpKind::Request {
                method: Method::Get,
            } = http.kind
        {
            let path = net.ctx.name(http.path).to_owned();
            let head = net.ctx.name(http.head).to_owned();
            self.answer(net, conn, &path, &head);
        }
    }
}

/// One attempt: its connection, the bytes of the answer it has had, and
/// the answer's head's length once known.
struct Attempt {
    conn: ConnId,
    got: u64,
    head_bytes: Option<u64>,
    last_byte: SimTime,
}

/// A download program fetching [`NAME`], resuming when it stalls.
pub struct Downloader {
    server: Addr,
    /// The server's name, in `Host`.
    host: String,
    attempt: Option<Attempt>,
    /// Bytes of the file it has, from the start, in order.
    pub kept: u64,
    /// The file's tag, from the first answer.
    etag: Option<String>,
    /// What it asked and what came back: (first byte asked, status).
    pub answers: Vec<(u32, u16)>,
    pub stalls: u32,
    pub done: bool,
    /// Bytes of the file the answer in progress started at.
    base: u64,
}

impl Downloader {
    pub fn new(server: Addr) -> Downloader {
        Downloader {
            server,
            host: crate::file::HOST.into(),
            attempt: None,
            kept: 0,
            etag: None,
            answers: Vec::new(),
            stalls: 0,
            done: false,
            base: 0,
        }
    }

    /// The same program, asking for the file by the server's name `host`.
    pub fn naming(self, host: &str) -> Downloader {
        Downloader {
            host: host.into(),
            ..self
        }
    }

    fn connect(&mut self, net: &mut Net) {
        let conn = net.tcp.connect(net.ctx, self.server, HTTP_PORT);
        self.attempt = Some(Attempt {
            conn,
            got: 0,
            head_bytes: None,
            last_byte: net.ctx.now(),
        });
    }

    fn ask(&mut self, net: &mut Net, conn: ConnId) {
        let path = path();
        let mut out = request(Method::Get, &self.host, &path);
        if self.kept > 0 {
            out.headers.push(format!("Range: bytes={}-", self.kept));
            if let Some(tag) = &self.etag {
                out.headers.push(format!("If-Range: {tag}"));
            }
        }
        message::send(net, conn, out, false);
    }

    /// New bytes of the answer on `conn`.
    fn on_bytes(&mut self, net: &mut Net, bytes: u32, msg: &Message) {
        let Some(attempt) = self.attempt.as_mut() else {
            return;
        };
        attempt.got += u64::from(bytes);
        attempt.last_byte = net.ctx.now();
        let AppMsg::Http(http) = msg.app else {
            return;
        };
        let HttpKind::Response { status } = http.kind else {
            return;
        };
        let head_bytes = *attempt.head_bytes.get_or_insert_with(|| {
            let head = net.ctx.name(http.head).to_owned();
            self.base = match status {
                // The rest: from where it stopped (Content-Range says so).
                Status::PartialContent => self.kept,
                _ => 0,
            };
            self.answers.push((self.kept as u32, status.code()));
            if let Some(tag) = header_values(&head, "ETag").next() {
                self.etag = Some(tag.to_owned());
            }
            u64::from(http.head_bytes)
        });
        let body = attempt.got.saturating_sub(head_bytes);
        self.kept = self.base + body;
        if self.kept == u64::from(SIZE) && !self.done {
            self.done = true;
            net.note(files_trace::COMPLETE, self.kept);
            let conn = attempt.conn;
            net.tcp.close(net.ctx, conn);
        }
    }
}

impl NetApp for Downloader {
    fn start(&mut self, net: &mut Net) {
        self.connect(net);
        net.set_timer(TICK, 0);
    }

    fn on_timer(&mut self, net: &mut Net, _token: u64) {
        if self.done {
            return;
        }
        net.set_timer(TICK, 0);
        let Some(attempt) = &self.attempt else {
            return;
        };
        let connected = net.tcp.conn(attempt.conn).established_at.is_some();
        if connected && net.ctx.now() - attempt.last_byte >= STALL {
            // Nothing for a while: give the connection up, keep the bytes.
            self.stalls += 1;
            net.note(files_trace::STALLED, self.kept);
            let conn = attempt.conn;
            net.tcp.abort(net.ctx, conn);
            self.connect(net);
        }
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        let current = self.attempt.as_ref().map(|attempt| attempt.conn);
        match ev {
            TcpEvent::Connected(conn) if Some(conn) == current => self.ask(net, conn),
            TcpEvent::Data {
                conn, bytes, msg, ..
            } if Some(conn) == current => self.on_bytes(net, bytes, &msg),
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_from_n_ends_at_the_last_byte() {
        // 262,144 bytes, from 131,072: the last byte is 262,143.
        assert_eq!(
            content_range(131_072, 262_144),
            "bytes 131072-262143/262144"
        );
        let head = "GET /report.pdf HTTP/1.1\r\nHost: files.example\r\nRange: bytes=1000-\r\n\r\n";
        assert_eq!(range_start(head), Some(1000));
        assert_eq!(range_start("GET / HTTP/1.1\r\n\r\n"), None);
    }
}
