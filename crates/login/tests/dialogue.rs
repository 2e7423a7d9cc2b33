//! The login dialogue, run natively: its order and status codes for each
//! way of logging in, the lockout, what the wire shows of the password,
//! what the site stores, and its timers against values computed by hand.

use cslab_login::django::{Auth, FAILURE_LIMIT};
use cslab_login::pbkdf2::{CHECK_TIME, DJANGO_ITERATIONS, django_check};
use cslab_login::world::{ALICE_PASSWORD, LoginParams, LoginSim};
use cslab_sim::proto::http::{HttpKind, HttpMsg, Method};
use cslab_sim::proto::{AppMsg, Header};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceEvent;

fn run(auth: Auth, https: bool, wrong_passwords: u32) -> LoginSim {
    let mut sim = LoginSim::new(&LoginParams {
        auth,
        https,
        wrong_passwords,
        ..LoginParams::default()
    });
    sim.world_mut().run_until(SimTime::from_secs(30));
    sim
}

fn answers(sim: &LoginSim) -> Vec<(&str, u16)> {
    sim.alice()
        .app
        .answers
        .iter()
        .map(|(line, status)| (line.as_str(), *status))
        .collect()
}

/// Every HTTP message's header (the packet that starts it), in order.
fn http(sim: &LoginSim) -> Vec<(Header, HttpMsg)> {
    sim.world()
        .trace()
        .headers()
        .filter_map(|header| match header.msg.app {
            AppMsg::Http(msg) if header.msg.tcp.is_some_and(|s| s.rec_off == 0 && s.len > 0) => {
                Some((*header, msg))
            }
            _ => None,
        })
        .collect()
}

fn sent_at(sim: &LoginSim, pkt: u64) -> SimTime {
    sim.world()
        .trace()
        .records()
        .find(|r| matches!(r.ev, TraceEvent::PacketSent { pkt: p, .. } if p == pkt))
        .unwrap()
        .t
}

fn delivered_at(sim: &LoginSim, pkt: u64) -> SimTime {
    sim.world()
        .trace()
        .records()
        .find(|r| matches!(r.ev, TraceEvent::Delivered { pkt: p, .. } if p == pkt))
        .unwrap()
        .t
}

#[test]
fn a_session_cookie_from_the_redirect_to_the_logout() {
    let sim = run(Auth::Cookie, true, 0);
    assert_eq!(
        answers(&sim),
        [
            // login_required: 302 to LOGIN_URL?next=.
            ("GET /notes/alice/", 302),
            ("GET /accounts/login/?next=/notes/alice/", 200),
            // A good password: 302 back to `next`, with the session.
            ("POST /accounts/login/", 302),
            ("GET /notes/alice/", 200),
            ("GET /notes/bob/", 403),
            ("POST /accounts/logout/", 200),
            // The old cookie, sent again: the site has no such session.
            ("GET /notes/alice/", 302),
        ]
    );
    let messages = http(&sim);
    let names = sim.world().names();
    let login = messages
        .iter()
        .find(|(_, m)| {
            m.kind
                == HttpKind::Response {
                    status: cslab_sim::proto::http::Status::Found,
                }
                && names.text(m.head).contains("sessionid=")
        })
        .map(|(_, m)| names.text(m.head))
        .unwrap();
    let set = login
        .lines()
        .find(|l| l.starts_with("Set-Cookie: sessionid="))
        .unwrap();
    // 32 characters of VALID_KEY_CHARS, then Django's attributes, sorted.
    let key = &set["Set-Cookie: sessionid=".len()..set.find(';').unwrap()];
    assert_eq!(key.len(), 32);
    assert!(
        key.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    );
    assert!(set.ends_with("; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax"));
    // Every later request carries it, until the logout deletes it.
    let carrying = messages
        .iter()
        .filter(|(_, m)| {
            matches!(m.kind, HttpKind::Request { .. }) && names.text(m.head).contains(key)
        })
        .count();
    assert_eq!(carrying, 4);
    assert_eq!(sim.report().sessions_left, 0);
}

#[test]
fn a_bearer_token_from_the_401_to_its_revocation() {
    let sim = run(Auth::Bearer, true, 0);
    assert_eq!(
        answers(&sim),
        [
            ("GET /api/notes/alice/", 401),
            ("POST /api/token/", 200),
            ("GET /api/notes/alice/", 200),
            ("GET /api/notes/bob/", 403),
            ("POST /api/logout/", 204),
            ("GET /api/notes/alice/", 401),
        ]
    );
    let messages = http(&sim);
    let names = sim.world().names();
    let heads: Vec<&str> = messages.iter().map(|(_, m)| names.text(m.head)).collect();
    assert!(heads[1].contains("\r\nWWW-Authenticate: Bearer\r\n"));
    let token = names.text(messages[3].1.body);
    let key = &token["{\"token\":\"".len()..token.len() - 2];
    assert_eq!(key.len(), 40, "binascii.hexlify(os.urandom(20))");
    let bearer = format!("\r\nAuthorization: Bearer {key}\r\n");
    assert_eq!(heads.iter().filter(|h| h.contains(&bearer)).count(), 4);
    // The replayed token is unknown: DRF says so.
    assert_eq!(
        names.text(messages.last().unwrap().1.body),
        "{\"detail\":\"Invalid token.\"}"
    );
    assert_eq!(sim.report().sessions_left, 0);
}

#[test]
fn the_third_failure_is_locked_out_and_the_right_password_too() {
    assert_eq!(FAILURE_LIMIT, 3);
    let sim = run(Auth::Cookie, false, 3);
    assert_eq!(
        answers(&sim),
        [
            ("GET /notes/alice/", 302),
            ("GET /accounts/login/?next=/notes/alice/", 200),
            ("POST /accounts/login/", 200),
            ("POST /accounts/login/", 200),
            ("POST /accounts/login/", 429),
            ("POST /accounts/login/", 429),
        ]
    );
    assert_eq!(sim.report().failed_logins, 3);
    // Two failures stay below the limit: she gets in.
    let sim = run(Auth::Bearer, false, 2);
    let statuses: Vec<u16> = answers(&sim).iter().map(|(_, s)| *s).collect();
    assert_eq!(statuses, [401, 400, 400, 200, 200, 403, 204, 401]);
}

/// The site answers a login 233 ms (CHECK_TIME, the measured cost of
/// Django's PBKDF2) after the POST reaches it; a locked-out login at once,
/// as axes refuses it before any check. Alice types for 1 s after each
/// form or refusal reaches her.
#[test]
fn the_password_check_and_the_typing_take_their_time() {
    assert_eq!(CHECK_TIME, SimTime::from_millis(233));
    let sim = run(Auth::Cookie, false, 3);
    let messages = http(&sim);
    let posts: Vec<usize> = (0..messages.len())
        .filter(|&i| {
            messages[i].1.kind
                == HttpKind::Request {
                    method: Method::Post,
                }
        })
        .collect();
    assert_eq!(posts.len(), 4);
    for (n, &i) in posts.iter().enumerate() {
        let (request, answer) = (&messages[i].0, &messages[i + 1].0);
        let waited = sent_at(&sim, answer.pkt) - delivered_at(&sim, request.pkt);
        let checked = if n < 3 { CHECK_TIME } else { SimTime::ZERO };
        assert_eq!(waited, checked, "login {n}");
        // The answer before it reached Alice 1 s before she sent it.
        let before = &messages[i - 1].0;
        assert_eq!(
            sent_at(&sim, request.pkt) - delivered_at(&sim, before.pkt),
            SimTime::from_secs(1)
        );
    }
    // One way from Alice to the site: 5 + 5 + 10 ms of links, and three
    // times the request's frame at 100 Mbit/s (80 ns a byte). The first
    // login, sent alone after the typing (the first GET waits behind the
    // handshake's last ACK on Alice's link).
    let (get, _) = &messages[posts[0]];
    let one_way = delivered_at(&sim, get.pkt) - sent_at(&sim, get.pkt);
    let frame = SimTime::from_nanos(u64::from(get.wire_bytes) * 80);
    assert_eq!(one_way, SimTime::from_millis(20) + frame + frame + frame);
}

#[test]
fn the_password_is_readable_over_http_and_sealed_over_https() {
    for https in [false, true] {
        let sim = run(Auth::Cookie, https, 0);
        let names = sim.world().names();
        let (post, msg) = http(&sim)
            .into_iter()
            .find(|(_, m)| {
                m.kind
                    == HttpKind::Request {
                        method: Method::Post,
                    }
            })
            .unwrap();
        assert!(names.text(msg.body).contains("&password=secret&"));
        assert_eq!(post.msg.encrypted(), https);
        assert_eq!(post.dst_port, if https { 443 } else { 80 });
        // What an observer on the wire gets.
        assert_eq!(
            matches!(post.msg.on_the_wire().app, AppMsg::Http(_)),
            !https
        );
    }
}

#[test]
fn the_site_keeps_a_salted_hash_never_the_password() {
    let sim = run(Auth::Cookie, true, 0);
    let stored = sim.report().stored;
    assert_eq!(stored.len(), 2);
    let (user, hash) = &stored[0];
    assert_eq!(user, "alice");
    let parts: Vec<&str> = hash.split('$').collect();
    assert_eq!(
        parts[..2],
        ["pbkdf2_sha256", &DJANGO_ITERATIONS.to_string()]
    );
    assert_eq!(parts[2].len(), 22, "ceil(128 / log2 62) salt characters");
    assert_eq!(parts[3].len(), 44, "32 bytes in base64");
    assert!(!hash.contains(ALICE_PASSWORD));
    assert!(django_check(ALICE_PASSWORD, hash));
    // Bob's salt differs: the same password would hash differently.
    assert_ne!(stored[1].1.split('$').nth(2), Some(parts[2]));
}

/// What a page computes before the run starts is every hash the run needs:
/// once those jobs are done, building and running it hashes nothing more.
#[test]
fn the_hashes_prepared_are_every_hash_the_run_needs() {
    use cslab_login::pbkdf2::hashes_computed;
    use cslab_login::world::hashes_to_compute;
    let p = LoginParams {
        wrong_passwords: 3,
        ..LoginParams::default()
    };
    let jobs = hashes_to_compute(&p);
    // Alice's and Bob's accounts, and the mistyped password with Alice's
    // salt (her own, typed right, is her account's hash).
    assert_eq!(jobs.len(), 3);
    for mut job in jobs {
        while !job.work(100_000) {}
    }
    let before = hashes_computed();
    let mut sim = LoginSim::new(&p);
    sim.world_mut().run_until(SimTime::from_secs(60));
    assert_eq!(hashes_computed(), before);
    assert!(hashes_to_compute(&p).is_empty());
}
