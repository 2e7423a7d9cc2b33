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
//!
//! A [`Site`] is stateful: PUT creates or replaces a resource (and bumps its
//! version, the `ETag`), DELETE removes it, POST is handled by an existing
//! resource. GET of an HTML page answers a document generated from the
//! page's [`Resource::links`] (`<link href>`, `<script src>`, `<img src>`),
//! which the browser parses with [`referenced_paths`].

use crate::names::Name;
use serde::{Deserialize, Serialize};

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    #[default]
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
    /// RFC 9110 §15.2.2: the connection now speaks the protocol the
    /// request's `Upgrade` named (a WebSocket, RFC 6455 §4.2.2).
    SwitchingProtocols = 101,
    Ok = 200,
    Created = 201,
    NoContent = 204,
    /// RFC 9110 §15.3.7: the part of the representation a `Range` asked
    /// for, its place in `Content-Range`.
    PartialContent = 206,
    MovedPermanently = 301,
    Found = 302,
    NotModified = 304,
    BadRequest = 400,
    Unauthorized = 401,
    Forbidden = 403,
    NotFound = 404,
    /// RFC 6585 §4.
    TooManyRequests = 429,
    InternalServerError = 500,
    BadGateway = 502,
    ServiceUnavailable = 503,
    GatewayTimeout = 504,
}

impl Status {
    pub fn code(self) -> u16 {
        self as u16
    }
    pub fn reason(self) -> &'static str {
        match self {
            Status::SwitchingProtocols => "Switching Protocols",
            Status::Ok => "OK",
            Status::Created => "Created",
            Status::NoContent => "No Content",
            Status::PartialContent => "Partial Content",
            Status::MovedPermanently => "Moved Permanently",
            Status::Found => "Found",
            Status::NotModified => "Not Modified",
            Status::BadRequest => "Bad Request",
            Status::Unauthorized => "Unauthorized",
            Status::Forbidden => "Forbidden",
            Status::NotFound => "Not Found",
            Status::TooManyRequests => "Too Many Requests",
            Status::InternalServerError => "Internal Server Error",
            Status::BadGateway => "Bad Gateway",
            Status::ServiceUnavailable => "Service Unavailable",
            Status::GatewayTimeout => "Gateway Timeout",
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
    /// Response: objects the HTML body references (what the browser will
    /// find when it parses [`body`](Self::body)).
    pub refs: u16,
    /// Response 301: `Location`.
    pub location: Name,
    /// Request: the version in `If-None-Match` (0: none). Response: the
    /// version in `ETag` (0: none). Shown as `"v<n>"`.
    pub etag: u32,
    /// Response: the HTML document's markup (the body minus its filler
    /// text, which references nothing); a message whose [`head`](Self::head)
    /// is kept: its whole body (a form, JSON). [`Name`]`(0)` otherwise.
    pub body: Name,
    /// The head as sent, start line and header lines, where what a lesson
    /// teaches is in its headers (`Cookie`, `Set-Cookie`, `Authorization`);
    /// [`Name`]`(0)` where only its size is kept.
    pub head: Name,
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
        f(self.location.0 as u64 | ((self.etag as u64) << 32));
        f(self.body.0 as u64 | ((self.head.0 as u64) << 32));
    }
}

/// The browser's `User-Agent`.
pub const USER_AGENT: &str = "cslab-browser/1.0";

/// The request head as text.
#[allow(clippy::too_many_arguments)]
pub fn request_head(
    method: Method,
    host: &str,
    path: &str,
    keep_alive: bool,
    if_none_match: Option<u32>,
    authorized: bool,
    body_bytes: u32,
) -> String {
    let mut s = format!(
        "{} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: {USER_AGENT}\r\nAccept: */*\r\nAccept-Language: en\r\nAccept-Encoding: gzip, deflate\r\nConnection: {}\r\n",
        method.as_str(),
        path,
        host,
        if keep_alive { "keep-alive" } else { "close" }
    );
    if let Some(v) = if_none_match {
        s.push_str(&format!("If-None-Match: \"v{v}\"\r\n"));
    }
    if authorized {
        s.push_str("Authorization: Basic YWxpY2U6c2VjcmV0\r\n");
    }
    if body_bytes > 0 || matches!(method, Method::Post | Method::Put) {
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
    etag: Option<u32>,
) -> String {
    let mut s = format!(
        "HTTP/1.1 {} {}\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nServer: cslab-server/1.0\r\nConnection: {}\r\n",
        status.code(),
        status.reason(),
        if keep_alive { "keep-alive" } else { "close" }
    );
    if status != Status::NotModified {
        s.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    if let Some(v) = etag {
        s.push_str(&format!("ETag: \"v{v}\"\r\n"));
    }
    if let Some(l) = location {
        s.push_str(&format!("Location: {l}\r\n"));
    }
    if status == Status::Unauthorized {
        s.push_str("WWW-Authenticate: Basic realm=\"lab\"\r\n");
    }
    if status == Status::ServiceUnavailable {
        s.push_str("Retry-After: 1\r\n");
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
    /// Paths an HTML page references, in document order within `<head>`
    /// (stylesheets `.css`, scripts `.js`) and then `<body>` (images).
    pub links: Vec<String>,
    pub access: Access,
    /// Answer 301 to this path.
    pub moved_to: Option<String>,
    /// A fixed failure (500 or 503) instead of the content.
    pub fails_with: Option<Status>,
    /// The version the `ETag` names; a PUT bumps it.
    pub version: u32,
}

impl Resource {
    pub fn new(path: &str, body_bytes: u32, content_type: &str) -> Resource {
        Resource {
            path: path.to_string(),
            body_bytes,
            content_type: content_type.to_string(),
            links: Vec::new(),
            access: Access::Public,
            moved_to: None,
            fails_with: None,
            version: 1,
        }
    }

    /// An HTML page that references `links`.
    pub fn page(path: &str, body_bytes: u32, links: Vec<String>) -> Resource {
        Resource {
            links,
            ..Resource::new(path, body_bytes, "text/html")
        }
    }

    /// The page's markup: a document whose `<head>` links the stylesheets
    /// and scripts and whose `<body>` shows the images, in the order of
    /// [`links`](Self::links) within each. The served body is this markup
    /// plus filler text up to [`body_bytes`](Self::body_bytes).
    pub fn markup(&self) -> String {
        let mut head = String::new();
        let mut body = String::new();
        for l in &self.links {
            if l.ends_with(".css") {
                head.push_str(&format!("<link rel=\"stylesheet\" href=\"{l}\">\n"));
            } else if l.ends_with(".js") {
                head.push_str(&format!("<script src=\"{l}\"></script>\n"));
            } else {
                body.push_str(&format!("<img src=\"{l}\" alt=\"\">\n"));
            }
        }
        format!(
            "<!DOCTYPE html>\n<html>\n<head>\n<title>{}</title>\n{head}</head>\n<body>\n{body}<p></p>\n</body>\n</html>\n",
            self.path
        )
    }
}

/// The paths an HTML document makes a browser fetch, in document order,
/// each once: `<img src>`, `<script src>`, `<link href>` (links to other
/// pages, `<a href>`, are not fetched).
pub fn referenced_paths(html: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        let name_end = tag
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tag.len());
        let attr = match tag[..name_end].to_ascii_lowercase().as_str() {
            "img" | "script" => "src=",
            "link" => "href=",
            _ => continue,
        };
        let mut attrs = &tag[name_end..];
        while let Some(at) = attrs.find(attr) {
            let before = attrs[..at].chars().next_back();
            attrs = &attrs[at + attr.len()..];
            if before.is_some_and(|c| !c.is_whitespace()) {
                continue; // e.g. `data-src=`
            }
            let value = match attrs.chars().next() {
                Some(q @ ('"' | '\'')) => attrs[1..].split(q).next().unwrap_or(""),
                _ => attrs
                    .split(|c: char| c.is_whitespace())
                    .next()
                    .unwrap_or(""),
            };
            if !value.is_empty() && !out.iter().any(|p| p == value) {
                out.push(value.to_string());
            }
            break;
        }
    }
    out
}

/// The resources a web server holds, and how it answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub resources: Vec<Resource>,
}

/// A request as a server decides on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request<'a> {
    pub method: Method,
    pub path: &'a str,
    /// `If-None-Match`: the version the client holds.
    pub if_none_match: Option<u32>,
    pub authorized: bool,
    /// Body of a POST or PUT.
    pub body_bytes: u32,
}

impl<'a> Request<'a> {
    pub fn get(path: &'a str) -> Request<'a> {
        Request {
            method: Method::Get,
            path,
            if_none_match: None,
            authorized: false,
            body_bytes: 0,
        }
    }
}

/// A server's decision on one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: Status,
    pub body_bytes: u32,
    /// References in the HTML body.
    pub refs: u16,
    pub content_type: String,
    pub location: Option<String>,
    pub etag: Option<u32>,
    /// The HTML markup of a page (see [`Resource::markup`]).
    pub html: Option<String>,
}

/// Size of the small HTML body of an error or a write confirmation.
pub const SMALL_BODY: u32 = 120;

impl Site {
    pub fn find(&self, path: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.path == path)
    }

    /// How the server answers a request, changing the site for PUT and
    /// DELETE (RFC 9110 semantics, reduced), in this order: 404 for an
    /// unknown path (PUT creates it instead: 201), the resource's fixed
    /// failure (500, 503), 401 without credentials where a login is needed,
    /// 403 where access is forbidden, 301 for a moved resource, then the
    /// method: GET answers 304 if `If-None-Match` names the current
    /// version, else 200 with the content; PUT replaces it (200, new
    /// version), DELETE removes it (200), POST is processed (200).
    pub fn answer(&mut self, req: &Request) -> Answer {
        let small = |status| Answer {
            status,
            body_bytes: SMALL_BODY,
            refs: 0,
            content_type: "text/html".into(),
            location: None,
            etag: None,
            html: None,
        };
        let Some(i) = self.resources.iter().position(|r| r.path == req.path) else {
            if req.method == Method::Put {
                let mut r = Resource::new(req.path, req.body_bytes, "application/json");
                r.version = 1;
                self.resources.push(r);
                return Answer {
                    content_type: "application/json".into(),
                    location: Some(req.path.to_string()),
                    etag: Some(1),
                    ..small(Status::Created)
                };
            }
            return small(Status::NotFound);
        };
        let r = &mut self.resources[i];
        if let Some(s) = r.fails_with {
            return small(s);
        }
        match r.access {
            Access::NeedsLogin if !req.authorized => return small(Status::Unauthorized),
            Access::Forbidden => return small(Status::Forbidden),
            _ => {}
        }
        if let Some(to) = &r.moved_to {
            return Answer {
                location: Some(to.clone()),
                ..small(Status::MovedPermanently)
            };
        }
        let json = |status| Answer {
            content_type: "application/json".into(),
            ..small(status)
        };
        match req.method {
            Method::Get if req.if_none_match == Some(r.version) => Answer {
                body_bytes: 0,
                etag: Some(r.version),
                ..small(Status::NotModified)
            },
            Method::Get => {
                let html = (r.content_type == "text/html").then(|| r.markup());
                Answer {
                    status: Status::Ok,
                    body_bytes: r
                        .body_bytes
                        .max(html.as_ref().map_or(0, |h| h.len() as u32)),
                    refs: r.links.len() as u16,
                    content_type: r.content_type.clone(),
                    location: None,
                    etag: Some(r.version),
                    html,
                }
            }
            Method::Put => {
                r.body_bytes = req.body_bytes;
                r.version += 1;
                Answer {
                    etag: Some(r.version),
                    ..json(Status::Ok)
                }
            }
            Method::Delete => {
                self.resources.remove(i);
                json(Status::Ok)
            }
            Method::Post => json(Status::Ok),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_render_as_text() {
        let h = request_head(Method::Get, "www.example.com", "/", true, Some(3), false, 0);
        assert!(h.starts_with("GET / HTTP/1.1\r\nHost: www.example.com\r\n"));
        assert!(h.contains("If-None-Match: \"v3\"\r\n"));
        assert!(h.ends_with("\r\n\r\n"));
        let p = request_head(Method::Put, "h", "/n", true, None, true, 42);
        assert!(p.contains("Content-Length: 42\r\n") && p.contains("Authorization: "));
        let r = response_head(Status::NotModified, 0, false, "text/html", None, Some(1));
        assert!(r.starts_with("HTTP/1.1 304 Not Modified\r\n"));
        assert!(r.contains("ETag: \"v1\""));
        assert!(!r.contains("Content-Length"));
    }

    #[test]
    fn the_generated_page_parses_back_to_its_links() {
        let links: Vec<String> = ["/img/a.png", "/css/s.css", "/js/app.js", "/img/b.png"]
            .map(String::from)
            .to_vec();
        let page = Resource::page("/", 100, links);
        let html = page.markup();
        assert!(html.contains("<img src=\"/img/a.png\""));
        // Document order: head (CSS, JS) then body (images).
        assert_eq!(
            referenced_paths(&html),
            ["/css/s.css", "/js/app.js", "/img/a.png", "/img/b.png"]
        );
        let other = "<a href=\"/next.html\">x</a><IMG data-src=\"/no\" src='/yes.png'>\
            <script src=/x.js></script><img src=\"/yes.png\">";
        assert_eq!(referenced_paths(other), ["/yes.png", "/x.js"]);
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
        let mut s = |method, path, inm, authorized, body_bytes| {
            site.answer(&Request {
                method,
                path,
                if_none_match: inm,
                authorized,
                body_bytes,
            })
            .status
            .code()
        };
        assert_eq!(s(Method::Get, "/", None, false, 0), 200);
        assert_eq!(s(Method::Get, "/", Some(1), false, 0), 304);
        assert_eq!(s(Method::Get, "/", Some(7), false, 0), 200);
        assert_eq!(s(Method::Get, "/old", None, false, 0), 301);
        assert_eq!(s(Method::Get, "/private", None, false, 0), 401);
        assert_eq!(s(Method::Get, "/private", None, true, 0), 200);
        assert_eq!(s(Method::Get, "/admin", None, true, 0), 403);
        assert_eq!(s(Method::Get, "/nope", None, false, 0), 404);
        assert_eq!(s(Method::Get, "/error", None, false, 0), 500);
        assert_eq!(s(Method::Get, "/busy", None, false, 0), 503);
        assert_eq!(s(Method::Post, "/", None, false, 10), 200);
        assert_eq!(s(Method::Put, "/", None, false, 10), 200);
        // The PUT made version 2: the old ETag no longer matches.
        assert_eq!(s(Method::Get, "/", Some(1), false, 0), 200);
        assert_eq!(s(Method::Get, "/", Some(2), false, 0), 304);
        assert_eq!(s(Method::Put, "/new", None, false, 10), 201);
        assert_eq!(s(Method::Delete, "/", None, false, 0), 200);
        assert_eq!(s(Method::Get, "/", None, false, 0), 404);
        assert_eq!(s(Method::Delete, "/", None, false, 0), 404);
    }
}
