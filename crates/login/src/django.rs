//! A notes site on Django 5.2 behind its own rules, each as Django (or the
//! package named) documents its default:
//!
//! - Passwords are stored as `make_password` encodes them ([`pbkdf2`]):
//!   the site never keeps a password, and checking one costs
//!   [`CHECK_TIME`].
//! - A session cookie (`?auth=cookie`): `@login_required` answers a
//!   visitor without a session `302 Found` to `LOGIN_URL`
//!   (`/accounts/login/`) with `?next=` the page; `LoginView` shows its
//!   form (setting the `csrftoken` cookie its CSRF protection checks) and,
//!   on a good password, stores a new row in `django_session` and answers
//!   `302` to `next` with `Set-Cookie: sessionid=...; HttpOnly;
//!   Max-Age=1209600; Path=/; SameSite=Lax` (`SESSION_COOKIE_AGE` two
//!   weeks, `SESSION_COOKIE_HTTPONLY`, `SESSION_COOKIE_SAMESITE`; no
//!   `Secure`, as `SESSION_COOKIE_SECURE` is `False` by default); a wrong
//!   one shows the form again (`200`). `LogoutView` takes POST only (since
//!   Django 5.0), deletes the session row and the cookie, and shows
//!   `logged_out.html` (`200`, no `LOGOUT_REDIRECT_URL` set).
//! - A bearer token (`?auth=token`): Django REST framework's
//!   `TokenAuthentication` with `keyword = "Bearer"` (its documentation:
//!   "subclass TokenAuthentication and set the keyword class variable"),
//!   so requests carry `Authorization: Bearer <key>` (RFC 6750 §2.1).
//!   Without one: `401` with `WWW-Authenticate: Bearer`; `obtain_auth_token`
//!   answers a good password with `{"token": "<40 hex digits>"}` (a row of
//!   `authtoken_token`), a wrong one `400`; the site's logout view deletes
//!   the row (`204`; DRF ships no logout view).
//! - A page of another user: `PermissionDenied`, `403 Forbidden`.
//! - django-axes counts failed logins by client IP address
//!   (`AXES_LOCKOUT_PARAMETERS = ["ip_address"]`): at `AXES_FAILURE_LIMIT`
//!   (3) the failing attempt itself is answered `429 Too Many Requests`
//!   (`AXES_HTTP_RESPONSE_CODE`, since axes 6.0), and so is every later one,
//!   the right password too, without checking it: `AXES_COOLOFF_TIME` is
//!   `None`, the lock stays until an administrator resets it.

use crate::message::{self, cookie, form_field, header_values};
use crate::pbkdf2::{CHECK_TIME, django_check};
use cslab_sim::apps::web::take_handshake;
use cslab_sim::net::Addr;
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::{HttpKind, Method, Status};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::tls::TlsSession;
use cslab_sim::rng::Rng;
use serde::Serialize;
use std::collections::BTreeMap;

/// How the site knows who is asking.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Auth {
    #[default]
    Cookie,
    Bearer,
}

/// django-axes' `AXES_FAILURE_LIMIT`.
pub const FAILURE_LIMIT: u32 = 3;
/// `LOGIN_URL`.
pub const LOGIN_URL: &str = "/accounts/login/";
pub const LOGOUT_URL: &str = "/accounts/logout/";
/// The API's paths (the site's `urls.py`).
pub const TOKEN_URL: &str = "/api/token/";
pub const API_LOGOUT_URL: &str = "/api/logout/";
/// Where users' notes are: `/notes/<name>/`, or `/api/notes/<name>/`.
fn notes_prefix(auth: Auth) -> &'static str {
    match auth {
        Auth::Cookie => "/notes/",
        Auth::Bearer => "/api/notes/",
    }
}

pub fn notes_path(auth: Auth, user: &str) -> String {
    format!("{}{user}/", notes_prefix(auth))
}

/// `get_random_string`'s alphabet (django/utils/crypto.py).
pub const RANDOM_STRING_CHARS: &str =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// A session key's alphabet (`VALID_KEY_CHARS`, sessions/backends/base.py).
const SESSION_KEY_CHARS: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

/// `get_random_string(length, chars)`, drawn from the world's PRNG.
pub fn random_string(net: &mut Net, length: usize, chars: &str) -> String {
    random_string_from(net.ctx.rng(), length, chars)
}

/// `get_random_string(length, chars)`, drawn from `rng`.
pub fn random_string_from(rng: &mut Rng, length: usize, chars: &str) -> String {
    let chars = chars.as_bytes();
    (0..length)
        .map(|_| chars[rng.below(chars.len() as u64) as usize] as char)
        .collect()
}

/// A CSRF secret (the `csrftoken` cookie) masked for a form, as
/// `_mask_cipher_secret` does: a random mask, then each secret character
/// shifted by the mask's, so that the form's token differs on every page.
fn mask(secret: &str, mask: &str) -> String {
    let chars = RANDOM_STRING_CHARS.as_bytes();
    let at = |c: u8| chars.iter().position(|&x| x == c).unwrap_or(0);
    let cipher: String = secret
        .bytes()
        .zip(mask.bytes())
        .map(|(s, m)| chars[(at(s) + at(m)) % chars.len()] as char)
        .collect();
    format!("{mask}{cipher}")
}

/// The secret a masked token hides (`_unmask_cipher_token`).
fn unmask(token: &str) -> String {
    let chars = RANDOM_STRING_CHARS.as_bytes();
    let at = |c: u8| chars.iter().position(|&x| x == c).unwrap_or(0);
    let (mask, cipher) = token.split_at(token.len() / 2);
    cipher
        .bytes()
        .zip(mask.bytes())
        .map(|(c, m)| chars[(at(c) + chars.len() - at(m)) % chars.len()] as char)
        .collect()
}

/// A row of `auth_user`: a name and the stored hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Account {
    pub username: String,
    pub password: String,
}

/// A request as the site reads it.
struct Request {
    conn: ConnId,
    client: Addr,
    method: Method,
    path: String,
    head: String,
    body: String,
}

/// A login waiting for its password check.
struct Checking {
    conn: ConnId,
    client: Addr,
    username: String,
    password: String,
    next: String,
    /// The `csrftoken` cookie the form is shown again with.
    csrf_secret: String,
}

pub struct NotesSite {
    pub host: String,
    pub auth: Auth,
    pub tls: bool,
    /// `auth_user`.
    pub users: Vec<Account>,
    /// `django_session` (key, user), or `authtoken_token` (key, user).
    pub sessions: Vec<(String, String)>,
    /// django-axes' `AccessAttempt.failures_since_start`, by client address.
    pub failures: Vec<(Addr, u32)>,
    conns: BTreeMap<ConnId, (Option<TlsSession>, Addr)>,
    checking: Vec<(u64, Checking)>,
    next_check: u64,
}

impl NotesSite {
    /// The site with its `users`, created before the story (`manage.py
    /// createsuperuser` was given each password and kept its hash).
    pub fn new(host: &str, auth: Auth, tls: bool, users: Vec<Account>) -> NotesSite {
        NotesSite {
            host: host.into(),
            auth,
            tls,
            users,
            sessions: Vec::new(),
            failures: Vec::new(),
            conns: BTreeMap::new(),
            checking: Vec::new(),
            next_check: 0,
        }
    }

    pub fn port(&self) -> u16 {
        if self.tls { 443 } else { 80 }
    }

    fn failures_of(&self, client: Addr) -> u32 {
        self.failures
            .iter()
            .find(|(addr, _)| *addr == client)
            .map_or(0, |(_, n)| *n)
    }

    /// The user a request's session cookie or token names, if the site
    /// still has that session.
    fn user_of(&self, head: &str) -> Option<&str> {
        let key = match self.auth {
            Auth::Cookie => cookie(head, "sessionid"),
            Auth::Bearer => {
                header_values(head, "Authorization").find_map(|value| value.strip_prefix("Bearer "))
            }
        }?;
        self.sessions
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, user)| user.as_str())
    }

    fn answer(&mut self, net: &mut Net, request: Request) {
        let Request {
            conn,
            client,
            method,
            path,
            head,
            body,
        } = request;
        let (path, head, body) = (path.as_str(), head.as_str(), body.as_str());
        let tls = self.tls;
        let host = self.host.clone();
        let mut out = message::response(Status::Ok, &host, path);
        let user = self.user_of(head).map(str::to_owned);
        // Django routes by the path; the query (`?next=`) is the view's.
        let route = path.split('?').next().unwrap_or(path);
        let status = match (self.auth, method, route) {
            (Auth::Cookie, Method::Get, LOGIN_URL) => {
                let secret = match cookie(head, "csrftoken") {
                    Some(secret) => secret.to_owned(),
                    None => {
                        let secret = random_string(net, 32, RANDOM_STRING_CHARS);
                        out.headers.push(csrf_cookie(&secret));
                        secret
                    }
                };
                out.content_type = Some("text/html; charset=utf-8");
                out.body = login_form(net, &secret, "");
                Status::Ok
            }
            (_, Method::Post, LOGIN_URL | TOKEN_URL) => {
                let csrf_ok = self.auth == Auth::Bearer
                    || form_field(body, "csrfmiddlewaretoken").is_some_and(|token| {
                        Some(unmask(&token).as_str()) == cookie(head, "csrftoken")
                    });
                if !csrf_ok {
                    Status::Forbidden
                } else if self.failures_of(client) >= FAILURE_LIMIT {
                    // AxesBackend refuses before any password is checked.
                    locked_out(&mut out)
                } else {
                    let id = self.next_check;
                    self.next_check += 1;
                    self.checking.push((
                        id,
                        Checking {
                            conn,
                            client,
                            username: form_field(body, "username").unwrap_or_default(),
                            password: form_field(body, "password").unwrap_or_default(),
                            next: form_field(body, "next").unwrap_or_else(|| "/".into()),
                            csrf_secret: cookie(head, "csrftoken").unwrap_or_default().into(),
                        },
                    ));
                    net.set_timer(CHECK_TIME, id);
                    return;
                }
            }
            (Auth::Cookie, Method::Post, LOGOUT_URL)
            | (Auth::Bearer, Method::Post, API_LOGOUT_URL) => {
                match self.auth {
                    Auth::Cookie => {
                        // `flush()`: the row goes, and the cookie with it.
                        if let Some(key) = cookie(head, "sessionid") {
                            self.sessions.retain(|(k, _)| k != key);
                        }
                        out.headers.push(
                            "Set-Cookie: sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax".into(),
                        );
                        out.content_type = Some("text/html; charset=utf-8");
                        out.body = "<p>Logged out</p>".into();
                        Status::Ok
                    }
                    Auth::Bearer if user.is_some() => {
                        let key = self.key_in(head);
                        self.sessions
                            .retain(|(k, _)| Some(k.as_str()) != key.as_deref());
                        Status::NoContent
                    }
                    Auth::Bearer => self.unauthorized(&mut out, head),
                }
            }
            (_, Method::Get, _) => match (path.strip_prefix(notes_prefix(self.auth)), &user) {
                (Some(_), None) if self.auth == Auth::Cookie => {
                    // `redirect_to_login`: `next` percent-encoded but for `/`.
                    out.headers
                        .push(format!("Location: {LOGIN_URL}?next={path}"));
                    out.content_type = Some("text/html; charset=utf-8");
                    Status::Found
                }
                (Some(_), None) => self.unauthorized(&mut out, head),
                (Some(owner), Some(user)) if owner.trim_end_matches('/') == user => {
                    match self.auth {
                        Auth::Cookie => {
                            out.content_type = Some("text/html; charset=utf-8");
                            let secret = cookie(head, "csrftoken").unwrap_or_default().to_owned();
                            out.body = notes_page(net, user, &secret);
                        }
                        Auth::Bearer => {
                            out.content_type = Some("application/json");
                            out.body = format!(
                                "{{\"owner\":\"{user}\",\"notes\":[\"Buy milk\",\"Call Bob\"]}}"
                            );
                        }
                    }
                    Status::Ok
                }
                (Some(_), Some(_)) => {
                    if self.auth == Auth::Bearer {
                        out.content_type = Some("application/json");
                        out.body =
                            "{\"detail\":\"You do not have permission to perform this action.\"}"
                                .into();
                    } else {
                        out.content_type = Some("text/html; charset=utf-8");
                        out.body = "<h1>403 Forbidden</h1>".into();
                    }
                    Status::Forbidden
                }
                (None, _) => Status::NotFound,
            },
            _ => Status::NotFound,
        };
        out.kind = HttpKind::Response { status };
        message::send(net, conn, out, tls);
    }

    fn key_in(&self, head: &str) -> Option<String> {
        header_values(head, "Authorization")
            .find_map(|value| value.strip_prefix("Bearer "))
            .map(str::to_owned)
    }

    /// DRF's answer without valid credentials: `401` naming its scheme.
    fn unauthorized(&self, out: &mut message::Outgoing, head: &str) -> Status {
        out.headers.push("WWW-Authenticate: Bearer".into());
        out.content_type = Some("application/json");
        out.body = if self.key_in(head).is_some() {
            "{\"detail\":\"Invalid token.\"}"
        } else {
            "{\"detail\":\"Authentication credentials were not provided.\"}"
        }
        .into();
        Status::Unauthorized
    }

    /// The password check is done: answer the login.
    fn checked(&mut self, net: &mut Net, login: Checking) {
        let stored = self
            .users
            .iter()
            .find(|account| account.username == login.username)
            .map(|account| account.password.clone());
        let right = stored.is_some_and(|stored| django_check(&login.password, &stored));
        let path = match self.auth {
            Auth::Cookie => LOGIN_URL,
            Auth::Bearer => TOKEN_URL,
        };
        let host = self.host.clone();
        let mut out = message::response(Status::Ok, &host, path);
        let status = if right {
            let (length, chars) = match self.auth {
                Auth::Cookie => (32, SESSION_KEY_CHARS),
                // `Token.generate_key`: `binascii.hexlify(os.urandom(20))`.
                Auth::Bearer => (40, "0123456789abcdef"),
            };
            let key = random_string(net, length, chars);
            self.sessions.push((key.clone(), login.username.clone()));
            match self.auth {
                Auth::Cookie => {
                    // `login()` rotates the CSRF secret and sets the session.
                    let secret = random_string(net, 32, RANDOM_STRING_CHARS);
                    out.headers.push(format!("Location: {}", login.next));
                    out.headers.push(csrf_cookie(&secret));
                    // Expires: 2024-01-01 plus 1,209,600 s (14 days).
                    out.headers.push(format!(
                        "Set-Cookie: sessionid={key}; expires=Mon, 15 Jan 2024 00:00:00 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax"
                    ));
                    out.content_type = Some("text/html; charset=utf-8");
                    Status::Found
                }
                Auth::Bearer => {
                    out.content_type = Some("application/json");
                    out.body = format!("{{\"token\":\"{key}\"}}");
                    Status::Ok
                }
            }
        } else {
            let failures = match self
                .failures
                .iter_mut()
                .find(|(addr, _)| *addr == login.client)
            {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    self.failures.push((login.client, 1));
                    1
                }
            };
            if failures >= FAILURE_LIMIT {
                locked_out(&mut out)
            } else if self.auth == Auth::Cookie {
                out.content_type = Some("text/html; charset=utf-8");
                out.body = login_form(
                    net,
                    &login.csrf_secret,
                    "Please enter a correct username and password.",
                );
                Status::Ok
            } else {
                out.content_type = Some("application/json");
                out.body =
                    "{\"non_field_errors\":[\"Unable to log in with provided credentials.\"]}"
                        .into();
                Status::BadRequest
            }
        };
        out.kind = HttpKind::Response { status };
        message::send(net, login.conn, out, self.tls);
    }
}

/// `Set-Cookie` for the CSRF secret: `CSRF_COOKIE_AGE` is 31,449,600 s
/// (52 weeks): 2024-01-01 plus 364 days is Monday 30 December 2024.
fn csrf_cookie(secret: &str) -> String {
    format!(
        "Set-Cookie: csrftoken={secret}; expires=Mon, 30 Dec 2024 00:00:00 GMT; Max-Age=31449600; Path=/; SameSite=Lax"
    )
}

/// django-axes' lockout answer (`AXES_COOLOFF_TIME` is `None`).
fn locked_out(out: &mut message::Outgoing) -> Status {
    out.content_type = Some("text/html; charset=utf-8");
    out.body =
        "Account locked: too many login attempts. Contact an admin to unlock your account.".into();
    Status::TooManyRequests
}

/// `registration/login.html` with its CSRF token, and an error if any.
fn login_form(net: &mut Net, secret: &str, error: &str) -> String {
    let token = mask(secret, &random_string(net, 32, RANDOM_STRING_CHARS));
    format!(
        "<form method=\"post\"><p>{error}</p><input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"{token}\"><input name=\"username\"><input type=\"password\" name=\"password\"><button>Log in</button></form>"
    )
}

/// A user's notes, with the form that logs out.
fn notes_page(net: &mut Net, user: &str, secret: &str) -> String {
    let token = mask(secret, &random_string(net, 32, RANDOM_STRING_CHARS));
    format!(
        "<h1>{user}'s notes</h1><ul><li>Buy milk</li><li>Call Bob</li></ul><form method=\"post\" action=\"{LOGOUT_URL}\"><input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"{token}\"><button>Log out</button></form>"
    )
}

/// The value of the form's hidden `csrfmiddlewaretoken` in `html`.
pub fn csrf_token_in(html: &str) -> Option<&str> {
    let at = html.find("name=\"csrfmiddlewaretoken\" value=\"")?;
    let rest = &html[at + "name=\"csrfmiddlewaretoken\" value=\"".len()..];
    rest.split('"').next()
}

impl NetApp for NotesSite {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(self.port(), 128);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match ev {
            TcpEvent::Accepted { conn, .. } => {
                let client = net.tcp.conn(conn).remote;
                self.conns
                    .insert(conn, (self.tls.then(TlsSession::server), client));
            }
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => {
                let Some((tls, client)) = self.conns.get_mut(&conn) else {
                    return;
                };
                let client = *client;
                if let Some(session) = tls.as_mut()
                    && take_handshake(net, conn, session, &msg).is_some()
                {
                    return;
                }
                if let AppMsg::Http(request) = msg.app
                    && let HttpKind::Request { method } = request.kind
                {
                    let request = Request {
                        conn,
                        client,
                        method,
                        path: net.ctx.name(request.path).to_owned(),
                        head: net.ctx.name(request.head).to_owned(),
                        body: net.ctx.name(request.body).to_owned(),
                    };
                    self.answer(net, request);
                }
            }
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            TcpEvent::Closed(conn) | TcpEvent::TimedOut(conn) | TcpEvent::Reset { conn, .. } => {
                self.conns.remove(&conn);
            }
            _ => {}
        }
    }

    fn on_timer(&mut self, net: &mut Net, token: u64) {
        if let Some(at) = self.checking.iter().position(|(id, _)| *id == token) {
            let (_, login) = self.checking.remove(at);
            self.checked(net, login);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masked_csrf_token_unmasks_to_its_secret() {
        let secret = "aB3".repeat(10) + "zZ";
        let token = mask(
            &secret,
            &"Q9x"
                .repeat(10)
                .chars()
                .chain("01".chars())
                .collect::<String>(),
        );
        assert_eq!(token.len(), 64);
        assert_ne!(&token[32..], secret);
        assert_eq!(unmask(&token), secret);
    }
}
