//! HTTP/1.1 messages and the rules a web server answers by.
//!
//! A message is a request line or status line, header lines and an optional
//! body. The simulator renders the head as real text ([`request_head`],
//! [`response_head`]) to know its size; the packet carries an [`HttpMsg`]
//! with the fields the inspector shows. Paths and hosts are interned
//! [`Name`]s (read them with `World::names()`).
//!
//! Connections: non-persistent (`Connection: close`, the server closes after
//! its answer), persistent (`keep-alive`, one request at a time) and
//! pipelined (several requests sent back to back, answered in order). The
//! browser model that uses them is `apps::browser`.

use crate::sim::names::Name;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get = 1,
    Post = 2,
    Put = 3,
    Delete = 4,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// The status codes the lessons use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Status {
    Ok = 200,
    MovedPermanently = 301,
    NotModified = 304,
    Unauthorized = 401,
    Forbidden = 403,
    NotFound = 404,
    InternalServerError = 500,
    ServiceUnavailable = 503,
}

impl Status {
    pub fn code(self) -> u16 {
        self as u16
    }
    pub fn reason(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::MovedPermanently => "Moved Permanently",
            Status::NotModified => "Not Modified",
            Status::Unauthorized => "Unauthorized",
            Status::Forbidden => "Forbidden",
            Status::NotFound => "Not Found",
            Status::InternalServerError => "Internal Server Error",
            Status::ServiceUnavailable => "Service Unavailable",
        }
    }
}

/// Request or response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HttpKind {
    Request { method: Method },
    Response { status: Status },
}

/// The fields of an HTTP message the inspector shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct HttpMsg {
    pub kind: HttpKind,
    /// `Host:` of the request (also set on the response, for reading).
    pub host: Name,
    /// Request target (also set on the response it answers).
    pub path: Name,
    /// Bytes of request/status line and headers, blank line included.
    pub head_bytes: u32,
    /// `Content-Length`.
    pub body_bytes: u32,
    /// `Connection: keep-alive` (else `close`).
    pub keep_alive: bool,
    /// Request: `If-None-Match` with the cached version.
    pub conditional: bool,
    /// Request: carries `Authorization`.
    pub authorized: bool,
    /// Response: objects an HTML body references (the browser fetches them).
    pub refs: u16,
    /// Response 301: `Location`.
    pub location: Name,
}

impl HttpMsg {
    pub fn total_bytes(&self) -> u32 {
        self.head_bytes + self.body_bytes
    }

    pub fn status(&self) -> Option<Status> {
        match self.kind {
            HttpKind::Response { status } => Some(status),
            HttpKind::Request { .. } => None,
        }
    }

    pub(crate) fn hash_words(&self, f: &mut dyn FnMut(u64)) {
        let k = match self.kind {
            HttpKind::Request { method } => method as u64,
            HttpKind::Response { status } => (status as u64) << 8,
        };
        f(k | ((self.refs as u64) << 24)
            | ((self.keep_alive as u64) << 40)
            | ((self.conditional as u64) << 41)
            | ((self.authorized as u64) << 42));
        f(((self.host.0 as u64) << 32) | self.path.0 as u64);
        f(((self.head_bytes as u64) << 32) | self.body_bytes as u64);
        f(self.location.0 as u64);
    }
}

/// The request head as text.
pub fn request_head(
    method: Method,
    host: &str,
    path: &str,
    keep_alive: bool,
    conditional: bool,
    authorized: bool,
    body_bytes: u32,
) -> String {
    let mut s = format!(
        "{} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: cslab-browser/1.0\r\nAccept: */*\r\nAccept-Language: en\r\nAccept-Encoding: gzip, deflate\r\nConnection: {}\r\n",
        method.as_str(),
        path,
        host,
        if keep_alive { "keep-alive" } else { "close" }
    );
    if conditional {
        s.push_str("If-None-Match: \"v1\"\r\n");
    }
    if authorized {
        s.push_str("Authorization: Basic YWxpY2U6c2VjcmV0\r\n");
    }
    if body_bytes > 0 {
        s.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {body_bytes}\r\n"
        ));
    }
    s.push_str("\r\n");
    s
}

/// The response head as text.
pub fn response_head(
    status: Status,
    body_bytes: u32,
    keep_alive: bool,
    content_type: &str,
    location: Option<&str>,
) -> String {
    let mut s = format!(
        "HTTP/1.1 {} {}\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nServer: cslab-server/1.0\r\nConnection: {}\r\n",
        status.code(),
        status.reason(),
        if keep_alive { "keep-alive" } else { "close" }
    );
    if status == Status::Ok {
        s.push_str(&format!("Content-Type: {content_type}\r\nETag: \"v1\"\r\n"));
    }
    if let Some(l) = location {
        s.push_str(&format!("Location: {l}\r\n"));
    }
    if status == Status::Unauthorized {
        s.push_str("WWW-Authenticate: Basic realm=\"lab\"\r\n");
    }
    if status != Status::NotModified {
        s.push_str(&format!("Content-Length: {body_bytes}\r\n"));
    }
    s.push_str("\r\n");
    s
}

/// Who may read a resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    Public,
    /// 401 without `Authorization`.
    NeedsLogin,
    /// 403 for everybody (authenticated or not).
    Forbidden,
}

/// One resource of a site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub path: String,
    pub body_bytes: u32,
    pub content_type: String,
    /// Objects the (HTML) body references.
    pub refs: u16,
    pub access: Access,
    /// Answer 301 to this path.
    pub moved_to: Option<String>,
    /// A fixed failure (500 or 503) instead of the content.
    pub fails_with: Option<Status>,
}

impl Resource {
    pub fn new(path: &str, body_bytes: u32, content_type: &str) -> Resource {
        Resource {
            path: path.to_string(),
            body_bytes,
            content_type: content_type.to_string(),
            refs: 0,
            access: Access::Public,
            moved_to: None,
            fails_with: None,
        }
    }
}

/// The resources a web server holds, and how it answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub resources: Vec<Resource>,
}

/// A server's decision on one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: Status,
    pub body_bytes: u32,
    pub refs: u16,
    pub content_type: String,
    pub location: Option<String>,
}

/// Size of the small HTML body of an error or a write confirmation.
pub const SMALL_BODY: u32 = 120;

impl Site {
    pub fn find(&self, path: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.path == path)
    }

    /// How the server answers `method path` (RFC 9110 semantics, reduced).
    pub fn answer(
        &self,
        method: Method,
        path: &str,
        conditional: bool,
        authorized: bool,
    ) -> Answer {
        let small = |status| Answer {
            status,
            body_bytes: SMALL_BODY,
            refs: 0,
            content_type: "text/html".into(),
            location: None,
        };
        let Some(r) = self.find(path) else {
            return small(Status::NotFound);
        };
        if let Some(s) = r.fails_with {
            return small(s);
        }
        match r.access {
            Access::NeedsLogin if !authorized => return small(Status::Unauthorized),
            Access::Forbidden => return small(Status::Forbidden),
            _ => {}
        }
        if let Some(to) = &r.moved_to {
            return Answer {
                location: Some(to.clone()),
                ..small(Status::MovedPermanently)
            };
        }
        match method {
            Method::Get if conditional => Answer {
                body_bytes: 0,
                ..small(Status::NotModified)
            },
            Method::Get => Answer {
                status: Status::Ok,
                body_bytes: r.body_bytes,
                refs: r.refs,
                content_type: r.content_type.clone(),
                location: None,
            },
            Method::Post | Method::Put | Method::Delete => Answer {
                content_type: "application/json".into(),
                ..small(Status::Ok)
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_render_as_text() {
        let h = request_head(Method::Get, "www.example.com", "/", true, false, false, 0);
        assert!(h.starts_with("GET / HTTP/1.1\r\nHost: www.example.com\r\n"));
        assert!(h.ends_with("\r\n\r\n"));
        let r = response_head(Status::NotModified, 0, false, "text/html", None);
        assert!(r.starts_with("HTTP/1.1 304 Not Modified\r\n"));
        assert!(!r.contains("Content-Length"));
    }

    #[test]
    fn every_status_has_its_rule() {
        let mut site = Site::default();
        site.resources.push(Resource::new("/", 1000, "text/html"));
        let mut p = Resource::new("/private", 10, "text/html");
        p.access = Access::NeedsLogin;
        site.resources.push(p);
        let mut a = Resource::new("/admin", 10, "text/html");
        a.access = Access::Forbidden;
        site.resources.push(a);
        let mut o = Resource::new("/old", 0, "text/html");
        o.moved_to = Some("/".into());
        site.resources.push(o);
        let mut e = Resource::new("/error", 0, "text/html");
        e.fails_with = Some(Status::InternalServerError);
        site.resources.push(e);
        let mut b = Resource::new("/busy", 0, "text/html");
        b.fails_with = Some(Status::ServiceUnavailable);
        site.resources.push(b);
        let s = |m, p, c, a| site.answer(m, p, c, a).status.code();
        assert_eq!(s(Method::Get, "/", false, false), 200);
        assert_eq!(s(Method::Get, "/", true, false), 304);
        assert_eq!(s(Method::Get, "/old", false, false), 301);
        assert_eq!(s(Method::Get, "/private", false, false), 401);
        assert_eq!(s(Method::Get, "/private", false, true), 200);
        assert_eq!(s(Method::Get, "/admin", false, true), 403);
        assert_eq!(s(Method::Get, "/nope", false, false), 404);
        assert_eq!(s(Method::Get, "/error", false, false), 500);
        assert_eq!(s(Method::Get, "/busy", false, false), 503);
        assert_eq!(s(Method::Post, "/", false, false), 200);
        assert_eq!(s(Method::Put, "/", false, false), 200);
        assert_eq!(s(Method::Delete, "/", false, false), 200);
    }
}
