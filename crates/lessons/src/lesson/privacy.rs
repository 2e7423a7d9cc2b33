//! The lesson "What others can see": the web page lesson's page load,
//! watched in turn by someone on the same Wi-Fi, the Internet provider,
//! the DNS resolver and the web server's log. Switches turn HTTPS and DNS
//! over HTTPS on; what the chosen observer learns is read from the packets
//! that reached it ([`cslab_privacy`]), and the inspector greys out what it
//! cannot read.

use super::address::{InAddress, Param, Values, place, switch_param};
use super::machine_state::{cache_rows, nat_rows, socket_rows};
use super::playback::SPEEDS_NS_PER_MS;
use super::questions::{Arg, Observed, Question, word_choices};
use super::run::LessonRun;
use super::settings::Field;
use super::web_page::web_page_topology;
use super::{LessonSpec, LessonView, SettingsCard, none};
use cslab_privacy::access_log::access_log;
pub use cslab_privacy::findings::Findings;
use cslab_privacy::findings::findings;
pub use cslab_privacy::observer::Observer;
use cslab_privacy::observer::Post;
use cslab_privacy::page::params;
use cslab_scene::capture::Reader;
use cslab_scene::i18n::Lang;
use cslab_scene::kind::PacketKind;
use cslab_scene::story::{Plot, StoryStep, first_host};
use cslab_sim::net::{NodeId, World};
use cslab_sim::proto::http::HttpKind;
use cslab_sim::proto::tls::TlsContent;
use cslab_sim::proto::{AppMsg, Header};
use cslab_sim::runs::pageload::PageLoadSim;
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceEvent;
use serde::Serialize;

pub const LESSON: LessonSpec = LessonSpec {
    code: "privacy",
    title_key: "lesson-privacy-title",
    intro_keys: &["lesson-privacy-intro-1", "lesson-privacy-intro-2"],
    view: LessonView::Stage { load_charts: false },
    card: SettingsCard::Privacy,
    speeds: &SPEEDS_NS_PER_MS,
    default_speed: 1,
    settings: &Field {
        get: |settings| &settings.privacy,
        get_mut: |settings| &mut settings.privacy,
    },
    legend: |settings| {
        let privacy = settings.privacy;
        (&PacketKind::WEB, privacy.https || privacy.doh)
    },
    plot: |settings| {
        Some(Plot::Privacy {
            done_key: done_key(settings.privacy.observer),
        })
    },
    try_next_key: "lesson-privacy-try",
    server_gauge: none,
    build: |settings, seed, _| {
        let privacy = settings.privacy;
        let sim = PageLoadSim::new(&params(privacy.https, privacy.doh, seed))
            .expect("every choice the learner has is valid");
        let topology = web_page_topology(&sim);
        Some((
            topology,
            Box::new(PrivacyRun {
                sim,
                observer: privacy.observer,
            }),
        ))
    },
    off_stage_run: None,
    prepare: none,
    questions: &[ON_THE_PATH],
};

/// What anyone on the path (the Wi-Fi, the provider) can read of the
/// visit, asked where the browser connects to the site and shown where
/// its request leaves: in the clear, or sealed by TLS.
const ON_THE_PATH: Question = Question {
    key: "ask-privacy-path",
    args: |settings| {
        let way = if settings.privacy.https {
            "privacy-way-https"
        } else {
            "privacy-way-http"
        };
        vec![("way", Arg::Words(way))]
    },
    ask: StoryStep::PrivConnect,
    reveal: &[StoryStep::PrivRequestClear, StoryStep::PrivRequestSealed],
    choices: |_| word_choices(&[NOTHING, ADDRESS, NAME, PAGE]),
    observe: read_on_the_path,
};

/// The choices, each with the sentence that explains it when the run shows
/// it. The packets' addresses always show: "nothing" is never the run's.
const NOTHING: (&str, &str) = ("choice-privacy-nothing", "");
const ADDRESS: (&str, &str) = ("choice-privacy-address", "explain-privacy-address");
const NAME: (&str, &str) = ("choice-privacy-name", "explain-privacy-name-dns");
/// The site's name seen only in the ClientHello (DNS over HTTPS).
const NAME_IN_HELLO: (&str, &str) = ("choice-privacy-name", "explain-privacy-name-hello");
const PAGE: (&str, &str) = ("choice-privacy-page", "explain-privacy-page");

/// What the browser's packets sent by `until` show to anyone who carries
/// them, each read as it is on the wire (what TLS seals is hidden): the
/// request's path if the request is readable; else the site's name if a
/// DNS question on UDP 53 (RFC 1035 §4.2.1) or a ClientHello's
/// `server_name` (SNI, RFC 6066 §3: sent in the clear, RFC 8446 §2) names
/// it; else only the server's address. DNS over HTTPS seals the question
/// (RFC 8484), not the ClientHello.
fn read_on_the_path(world: &World, until: SimTime) -> Option<Observed> {
    let browser = first_host(world)?;
    let (trace, names) = (world.trace(), world.names());
    let (mut in_dns, mut in_hello) = (Vec::new(), Vec::new());
    for record in trace.records().take_while(|record| record.t <= until) {
        let TraceEvent::PacketSent { pkt, src, .. } = record.ev else {
            continue;
        };
        let Some(header) = trace.header(pkt).filter(|_| src == browser) else {
            continue;
        };
        let wire = header.msg.on_the_wire();
        match (wire.app, wire.tls) {
            (AppMsg::Dns(dns), _) if !dns.response => in_dns.push(names.text(dns.qname)),
            (_, Some(hello)) if hello.content == TlsContent::ClientHello => {
                in_hello.push(names.text(hello.server_name))
            }
            _ => {}
        }
        let AppMsg::Http(http) = header.msg.app else {
            continue;
        };
        if !matches!(http.kind, HttpKind::Request { .. }) {
            continue;
        }
        let site = names.text(http.host);
        let path = ("path", Arg::Text(names.text(http.path).to_owned()));
        let (answer, args) = if wire.app.http().is_some() {
            (PAGE, vec![path, ("site", Arg::Text(site.to_owned()))])
        } else if in_dns.contains(&site) {
            (NAME, vec![path, ("site", Arg::Text(site.to_owned()))])
        } else if in_hello.contains(&site) {
            (
                NAME_IN_HELLO,
                vec![path, ("site", Arg::Text(site.to_owned()))],
            )
        } else {
            (
                ADDRESS,
                vec![("address", Arg::Text(header.dst.to_string()))],
            )
        };
        return Some(Observed::words(answer, args));
    }
    None
}

/// HTTPS and DNS over HTTPS on or off, and whose view the lesson takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PrivacySettings {
    pub https: bool,
    pub doh: bool,
    pub observer: Observer,
}

/// An observer as the address names it.
pub fn observer_code(observer: Observer) -> &'static str {
    match observer {
        Observer::Wifi => "wifi",
        Observer::Isp => "isp",
        Observer::Resolver => "resolver",
        Observer::Server => "server",
    }
}

/// The message id of an observer's name.
pub fn observer_label_key(observer: Observer) -> &'static str {
    match observer {
        Observer::Wifi => "observer-wifi",
        Observer::Isp => "observer-isp",
        Observer::Resolver => "observer-resolver",
        Observer::Server => "observer-server",
    }
}

/// The message id of where an observer sits and what it can read.
pub fn observer_post_key(observer: Observer) -> &'static str {
    match observer {
        Observer::Wifi => "privacy-post-wifi",
        Observer::Isp => "privacy-post-isp",
        Observer::Resolver => "privacy-post-resolver",
        Observer::Server => "privacy-post-server",
    }
}

/// The story's last sentence: what the chosen observer ends up with.
fn done_key(observer: Observer) -> &'static str {
    match observer {
        Observer::Wifi => "story-priv-done-wifi",
        Observer::Isp => "story-priv-done-isp",
        Observer::Resolver => "story-priv-done-resolver",
        Observer::Server => "story-priv-done-server",
    }
}

impl InAddress for PrivacySettings {
    const PARAMS: &'static [Param<Self>] = &[
        // Not `https`: the web page lesson's switch has that name, and the
        // address names each setting once.
        switch_param!("site-https", https),
        switch_param!("doh", doh),
        Param {
            name: "observer",
            values: Values::Words(Observer::ALL.len(), |i| observer_code(Observer::ALL[i])),
            get: |s| place(&Observer::ALL, &s.observer),
            set: |s, i| s.observer = Observer::ALL[i],
        },
    ];
}

/// What `cslab-cli lesson privacy` reports: whose view the page takes,
/// what each observer learnt, and the web server's log.
#[derive(Clone, Debug, Serialize)]
pub struct PrivacyReport {
    pub observer: Observer,
    pub complete: bool,
    pub wifi: Findings,
    pub isp: Findings,
    pub resolver: Findings,
    pub server: Findings,
    pub access_log: Vec<String>,
}

/// The page load, watched by one observer.
pub struct PrivacyRun {
    pub sim: PageLoadSim,
    pub observer: Observer,
}

impl PrivacyRun {
    /// What `observer` had learnt by `until`.
    pub fn findings(&self, observer: Observer, until: SimTime) -> Findings {
        findings(self.sim.world(), &self.sim.nodes(), observer, until)
    }

    /// The web server's access log so far.
    pub fn access_log(&self) -> Vec<String> {
        access_log(self.sim.world(), &self.sim.nodes())
    }

    pub fn report(&self) -> PrivacyReport {
        PrivacyReport {
            observer: self.observer,
            complete: self.sim.browser().timeline.complete_at.is_some(),
            wifi: self.findings(Observer::Wifi, SimTime::MAX),
            isp: self.findings(Observer::Isp, SimTime::MAX),
            resolver: self.findings(Observer::Resolver, SimTime::MAX),
            server: self.findings(Observer::Server, SimTime::MAX),
            access_log: self.access_log(),
        }
    }
}

impl LessonRun for PrivacyRun {
    fn world(&self) -> &World {
        self.sim.world()
    }
    fn world_mut(&mut self) -> &mut World {
        self.sim.world_mut()
    }
    /// Sockets, caches and the NAT table as in the web page lesson; the
    /// web server also shows its access log.
    fn node_state(&self, node: NodeId, _lang: Lang) -> Vec<(&'static str, String)> {
        let ids = self.sim.nodes();
        let world = self.sim.world();
        match node {
            id if id == ids.client => {
                let mut facts = socket_rows(world, &self.sim.browser_host().tcp, id, &[]);
                facts.extend(cache_rows(world, &self.sim.browser_host().app.stub.cache));
                facts
            }
            id if id == ids.server => {
                let mut facts: Vec<_> = self
                    .access_log()
                    .into_iter()
                    .map(|line| ("state-access-log", line))
                    .collect();
                facts.extend(socket_rows(world, &self.sim.server_host().tcp, id, &[]));
                facts
            }
            id if id == ids.resolver => {
                let mut facts = socket_rows(world, &self.sim.resolver_host().tcp, id, &[]);
                facts.extend(cache_rows(world, &self.sim.resolver().cache));
                facts
            }
            id if id == ids.router => nat_rows(world, id),
            _ => Vec::new(),
        }
    }
    fn reader(&self, header: &Header) -> Option<(Reader, &'static str)> {
        let world = self.sim.world();
        let post = Post::of(world, &self.sim.nodes(), self.observer);
        Some((
            post.reader(world, header),
            observer_label_key(self.observer),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Lesson;
    use crate::lesson::settings::Settings;
    use cslab_scene::story::{StoryStep, StoryStep::*};

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<PrivacySettings>();
    }

    fn told(https: bool, doh: bool) -> Vec<StoryStep> {
        let settings = Settings {
            privacy: PrivacySettings {
                https,
                doh,
                observer: Observer::Isp,
            },
            ..Settings::default()
        };
        crate::lesson::told(&LESSON, &settings, SimTime::from_secs(10))
    }

    /// The question leaves in the clear or sealed; the resolver walks the
    /// hierarchy; the browser connects, says hello with the site's name
    /// (HTTPS only), asks in the clear or sealed; the server answers and
    /// logs; the page is complete.
    #[test]
    fn the_page_load_is_told_as_each_setting_sends_it() {
        assert_eq!(
            told(false, false),
            [
                PrivDnsClear,
                PrivHierarchy,
                PrivConnect,
                PrivRequestClear,
                PrivLogged,
                PrivDone
            ]
        );
        assert_eq!(
            told(true, false),
            [
                PrivDnsClear,
                PrivHierarchy,
                PrivConnect,
                PrivHello,
                PrivRequestSealed,
                PrivLogged,
                PrivDone
            ]
        );
        assert_eq!(
            told(true, true),
            [
                PrivDnsSealed,
                PrivHierarchy,
                PrivConnect,
                PrivHello,
                PrivRequestSealed,
                PrivLogged,
                PrivDone
            ]
        );
        assert_eq!(
            told(false, true),
            [
                PrivDnsSealed,
                PrivHierarchy,
                PrivConnect,
                PrivRequestClear,
                PrivLogged,
                PrivDone
            ]
        );
        let plot = Plot::Privacy {
            done_key: done_key(Observer::Isp),
        };
        assert_eq!(plot.key(PrivDone), "story-priv-done-isp");
    }

    #[test]
    fn the_server_shows_its_log_and_the_inspector_reads_as_the_observer() {
        let settings = Settings {
            privacy: PrivacySettings {
                https: true,
                doh: false,
                observer: Observer::Resolver,
            },
            ..Settings::default()
        };
        let (_, mut run) = Lesson(&LESSON).build(&settings, 1).unwrap();
        run.world_mut().run_until(SimTime::from_secs(10));
        let server = NodeId(2);
        let facts = run.node_state(server, Lang::En);
        let logged: Vec<_> = facts
            .iter()
            .filter(|(key, _)| *key == "state-access-log")
            .map(|(_, line)| line.as_str())
            .collect();
        assert_eq!(logged.len(), 2, "{facts:?}");
        assert!(logged[0].starts_with("198.51.100.23 - - ["));
        // The resolver never sees the page's request: all of it is greyed.
        let world = run.world();
        let get = world
            .trace()
            .headers()
            .find(|h| matches!(h.msg.app, cslab_sim::proto::AppMsg::Http(_)))
            .unwrap();
        assert_eq!(run.reader(get), Some((Reader::Absent, "observer-resolver")));
    }
}
