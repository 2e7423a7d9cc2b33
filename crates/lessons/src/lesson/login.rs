//! The lesson "Who are you, and what may you do?": Alice asks a Django site
//! for her notes, is sent to log in, sends her password (readable over
//! HTTP, sealed over HTTPS), which the site checks against its salted hash;
//! she gets a session cookie or a bearer token, reads her notes, is refused
//! Bob's (403) and logs out. A setting makes her mistype her password,
//! until django-axes locks her out.

use super::address::{InAddress, Param, Values, number_param, place, switch_param};
use super::layout::world_topology;
use super::machine_state::{nat_rows, socket_rows};
use super::playback::SPEEDS_NS_PER_MS;
use super::prepare::Preparation;
use super::questions::{Arg, Choice, Observed, Question, words};
use super::run::LessonRun;
use super::settings::{Field, Settings};
use super::{LessonSpec, LessonView, SettingsCard, none};
use cslab_login::django::Auth;
use cslab_login::pbkdf2::HashJob;
use cslab_login::world::{LoginParams, LoginSim, hashes_to_compute};
use cslab_scene::i18n::Lang;
use cslab_scene::kind::PacketKind;
use cslab_scene::story::{Plot, StoryStep};
use cslab_scene::topology::{NodeRole, Topology};
use cslab_sim::net::{NodeId, World};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::http::{HttpKind, Status};
use cslab_sim::time::SimTime;
use cslab_sim::trace::{TraceEvent, TraceMode};

pub const LESSON: LessonSpec = LessonSpec {
    code: "login",
    title_key: "lesson-login-title",
    intro_keys: &["lesson-login-intro-1", "lesson-login-intro-2"],
    view: LessonView::Stage { load_charts: false },
    card: SettingsCard::Login,
    speeds: &SPEEDS_NS_PER_MS,
    default_speed: 2,
    settings: &Field {
        get: |settings| &settings.login,
        get_mut: |settings| &mut settings.login,
    },
    legend: |_| (&PacketKind::ALL, true),
    plot: |settings| {
        Some(Plot::Login {
            token: settings.login.auth == Auth::Bearer,
            https: settings.login.tls,
        })
    },
    try_next_key: "lesson-login-try",
    server_gauge: none,
    build: |settings, seed, _| {
        let sim = LoginSim::new(&params(settings, seed));
        Some((login_topology(&sim), Box::new(sim)))
    },
    off_stage_run: None,
    prepare: login_hashes,
    questions: &[OTHERS_NOTES],
};

/// What the site answers when Alice, logged in, asks for Bob's notes:
/// asked where her own notes come back, shown where the answer to Bob's
/// is sent. The site knows who she is and refuses: 403, not 401, which
/// asks the client to authenticate (RFC 9110 §15.5.2, §15.5.4; the site
/// raises Django's `PermissionDenied`, which Django and DRF answer 403).
const OTHERS_NOTES: Question = Question {
    key: "ask-login-others",
    args: |_| Vec::new(),
    ask: StoryStep::LoginCarried,
    reveal: &[StoryStep::LoginForbidden],
    choices: |_| words(&[SHOWN, LOG_IN_AGAIN, FORBIDDEN, NOT_FOUND]),
    observe: answer_for_others_notes,
};

const SHOWN: &str = "choice-login-shown";
const LOG_IN_AGAIN: &str = "choice-login-again";
const FORBIDDEN: &str = "choice-login-forbidden";
const NOT_FOUND: &str = "choice-login-missing";

/// The answer, by `until`, to the first request for notes other than the
/// first ones asked for (hers), and what that request carried to say who
/// sent it: the session cookie or the bearer token.
fn answer_for_others_notes(world: &World, until: SimTime) -> Option<Observed> {
    let (trace, names) = (world.trace(), world.names());
    let mut hers = None;
    let mut carried = None;
    for record in trace.records().take_while(|record| record.t <= until) {
        let TraceEvent::PacketSent { pkt, .. } = record.ev else {
            continue;
        };
        let Some(header) = trace.header(pkt) else {
            continue;
        };
        let AppMsg::Http(http) = header.msg.app else {
            continue;
        };
        if header.msg.tcp.is_some_and(|segment| segment.rec_off > 0) {
            continue; // the rest of a message already read
        }
        match (http.kind, carried) {
            (HttpKind::Request { .. }, None) => {
                let path = names.text(http.path);
                let notes = path.starts_with("/notes/") || path.starts_with("/api/notes/");
                if !notes || *hers.get_or_insert(path) == path {
                    continue;
                }
                carried = Some(if names.text(http.head).contains("sessionid=") {
                    "explain-login-cookie"
                } else if http.authorized {
                    "explain-login-token"
                } else {
                    return None; // nobody logged in asked
                });
            }
            (HttpKind::Response { status }, Some(explain_key)) => {
                let answer = match status {
                    Status::Ok => SHOWN,
                    Status::Found | Status::Unauthorized => LOG_IN_AGAIN,
                    Status::Forbidden => FORBIDDEN,
                    Status::NotFound => NOT_FOUND,
                    _ => return None,
                };
                return Some(Observed {
                    answer: Choice::Words(answer),
                    explain_key,
                    args: vec![("status", Arg::Number(status.code().into()))],
                });
            }
            _ => {}
        }
    }
    None
}

fn params(settings: &Settings, seed: u64) -> LoginParams {
    LoginParams {
        auth: settings.login.auth,
        https: settings.login.tls,
        wrong_passwords: settings.login.typos,
        seed,
        trace: TraceMode::Full,
    }
}

/// The password hashes the run needs that this page has not computed yet
/// (Django's million rounds each: too long for one frame).
fn login_hashes(settings: &Settings) -> Option<Box<dyn Preparation>> {
    let jobs = hashes_to_compute(&params(settings, 0));
    let rounds = jobs.iter().map(|job| u64::from(job.left())).sum();
    (!jobs.is_empty()).then(|| Box::new(Hashing { jobs, rounds }) as Box<dyn Preparation>)
}

/// Hashes to compute, a slice of rounds at a time.
struct Hashing {
    jobs: Vec<HashJob>,
    /// All their rounds, at the start.
    rounds: u64,
}

impl Preparation for Hashing {
    fn work(&mut self, mut units: u32) -> bool {
        while let Some(job) = self.jobs.last_mut() {
            let left = job.left();
            if !job.work(units) {
                return false;
            }
            units -= left.min(units);
            self.jobs.pop();
        }
        true
    }

    fn done(&self) -> f64 {
        let left: u64 = self.jobs.iter().map(|job| u64::from(job.left())).sum();
        1.0 - left as f64 / self.rounds.max(1) as f64
    }

    fn what_key(&self) -> &'static str {
        "prepare-hashing"
    }
}

/// A session cookie or a bearer token, HTTPS or not, and how many times
/// Alice mistypes her password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginSettings {
    pub auth: Auth,
    pub tls: bool,
    pub typos: u32,
}

impl Default for LoginSettings {
    fn default() -> Self {
        LoginSettings {
            auth: Auth::Cookie,
            tls: true,
            typos: 0,
        }
    }
}

pub const AUTHS: [Auth; 2] = [Auth::Cookie, Auth::Bearer];
/// Mistyped passwords: none, fewer than django-axes' limit of 3, and 3.
pub const TYPO_CHOICES: [u32; 4] = [0, 1, 2, 3];

/// A way of logging in as the address names it.
pub fn auth_code(auth: Auth) -> &'static str {
    match auth {
        Auth::Cookie => "cookie",
        Auth::Bearer => "token",
    }
}

/// The message id of a way of logging in in the settings.
pub fn auth_label_key(auth: Auth) -> &'static str {
    match auth {
        Auth::Cookie => "auth-cookie",
        Auth::Bearer => "auth-token",
    }
}

impl InAddress for LoginSettings {
    const PARAMS: &'static [Param<Self>] = &[
        Param {
            name: "auth",
            values: Values::Words(AUTHS.len(), |i| auth_code(AUTHS[i])),
            get: |s| place(&AUTHS, &s.auth),
            set: |s, i| s.auth = AUTHS[i],
        },
        switch_param!("tls", tls),
        number_param!("typos", TYPO_CHOICES, typos),
    ];
}

/// Alice's home on the left, the site on the right.
fn login_topology(sim: &LoginSim) -> Topology {
    let ids = sim.nodes();
    world_topology(sim.world(), |node| match node.id {
        id if id == ids.alice => (NodeRole::Laptop, "node-alice", "role-alice-login", 90, 300),
        id if id == ids.router => (
            NodeRole::Router,
            "node-home-router",
            "role-router",
            250,
            300,
        ),
        id if id == ids.internet => (NodeRole::Router, "node-internet", "role-internet", 420, 220),
        id if id == ids.dns => (NodeRole::DnsServer, "node-dns", "role-dns-login", 420, 80),
        _ => (NodeRole::WebServer, "node-notes", "role-notes", 640, 220),
    })
}

impl LessonRun for LoginSim {
    fn world(&self) -> &World {
        LoginSim::world(self)
    }
    fn world_mut(&mut self) -> &mut World {
        LoginSim::world_mut(self)
    }
    /// The site's tables (`auth_user` with its hashes, the sessions or
    /// tokens, django-axes' failures) and sockets as `ss -tan` lists them.
    fn node_state(&self, node: NodeId, _lang: Lang) -> Vec<(&'static str, String)> {
        let ids = self.nodes();
        let world = self.world();
        match node {
            id if id == ids.alice => socket_rows(world, &self.alice().tcp, node, &[]),
            id if id == ids.router => nat_rows(world, id),
            id if id == ids.site => {
                let site = &self.site().app;
                let mut facts: Vec<(&'static str, String)> = site
                    .users
                    .iter()
                    .map(|account| {
                        (
                            "state-user",
                            format!("{}: {}", account.username, account.password),
                        )
                    })
                    .collect();
                let table = match site.auth {
                    Auth::Cookie => "state-session",
                    Auth::Bearer => "state-token",
                };
                facts.extend(
                    site.sessions
                        .iter()
                        .map(|(key, user)| (table, format!("{key} → {user}"))),
                );
                facts.extend(
                    site.failures
                        .iter()
                        .map(|(addr, n)| ("state-failures", format!("{addr}: {n}"))),
                );
                facts.extend(socket_rows(world, &self.site().tcp, node, &[]));
                facts
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Lesson;
    use crate::lesson::settings::Settings;
    use cslab_scene::story::StoryStep::*;
    use cslab_sim::time::SimTime;

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<LoginSettings>();
    }

    fn told(login: LoginSettings) -> Vec<cslab_scene::story::StoryStep> {
        let settings = Settings {
            login,
            ..Settings::default()
        };
        crate::lesson::told(&LESSON, &settings, SimTime::from_secs(30))
    }

    #[test]
    fn the_login_is_told_in_the_order_it_happens() {
        let cookie = LoginSettings::default();
        assert_eq!(
            told(cookie),
            [
                LoginAsk,
                LoginChallenge,
                LoginForm,
                LoginPassword,
                LoginSession,
                LoginCarried,
                LoginForbidden,
                LoginLogout,
                LoginEnded
            ]
        );
        let token = LoginSettings {
            auth: Auth::Bearer,
            typos: 1,
            ..cookie
        };
        assert_eq!(
            told(token),
            [
                LoginAsk,
                LoginChallenge,
                LoginPassword,
                LoginWrong,
                LoginSession,
                LoginCarried,
                LoginForbidden,
                LoginLogout,
                LoginEnded
            ]
        );
        let locked = LoginSettings { typos: 3, ..cookie };
        assert_eq!(
            told(locked),
            [
                LoginAsk,
                LoginChallenge,
                LoginForm,
                LoginPassword,
                LoginWrong,
                LoginLocked
            ]
        );
        let plot = |token, https| Plot::Login { token, https };
        assert_eq!(
            plot(false, false).key(LoginPassword),
            "story-login-password"
        );
        assert_eq!(
            plot(false, true).key(LoginPassword),
            "story-login-password-sealed"
        );
        assert_eq!(
            plot(true, false).key(LoginSession),
            "story-login-session-token"
        );
    }

    #[test]
    fn the_site_shows_hashes_sessions_and_failures() {
        let settings = Settings {
            login: LoginSettings {
                typos: 1,
                ..LoginSettings::default()
            },
            ..Settings::default()
        };
        let (_, mut run) = Lesson(&LESSON).build(&settings, 1).unwrap();
        // After the login (about 3.5 s: DNS, TCP, TLS, two forms typed for
        // 1 s each, two checks), before the logout.
        run.world_mut().run_until(SimTime::from_millis(2_700));
        let facts = run.node_state(NodeId(4), Lang::En);
        let user = facts.iter().find(|(key, _)| *key == "state-user").unwrap();
        assert!(
            user.1.starts_with("alice: pbkdf2_sha256$1000000$"),
            "{facts:?}"
        );
        assert!(!user.1.contains("secret"));
        assert!(
            facts
                .iter()
                .any(|(key, fact)| *key == "state-failures" && fact == "198.51.100.23: 1"),
            "{facts:?}"
        );
        run.world_mut().run_until(SimTime::from_secs(30));
        let facts = run.node_state(NodeId(4), Lang::En);
        assert!(
            !facts.iter().any(|(key, _)| *key == "state-session"),
            "the logout ended it: {facts:?}"
        );
    }
}
