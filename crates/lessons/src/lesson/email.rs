//! The lesson "An e-mail's journey": Alice's mail program submits a message
//! to her provider's server on port 587 (STARTTLS, then AUTH), the server
//! asks DNS for bob.example's MX records and relays the message on port 25
//! to the exchange with the lowest preference, and Bob's mail program reads
//! it over IMAP (it stays on the server) or POP3 (it is taken away). The
//! mail servers run Postfix or Exim; a switch makes Alice mistype her
//! password, another switches mx1 off for 20 minutes, so that the backup
//! MX keeps the message and tries again on its server's schedule.

use super::address::{InAddress, Param, Values, place, switch_param};
use super::layout::world_topology;
use super::machine_state::{nat_rows, socket_rows};
use super::playback::SPEEDS_NS_PER_MS;
use super::questions::{Arg, Choice, Observed, Question};
use super::run::LessonRun;
use super::settings::Field;
use super::wire::{opens_connection, sent_until};
use super::{LessonSpec, LessonView, SettingsCard, none};
use cslab_mail::dovecot::Reading;
use cslab_mail::journey::{EmailParams, EmailSim};
use cslab_mail::mta::Mta;
use cslab_scene::i18n::Lang;
use cslab_scene::kind::PacketKind;
use cslab_scene::story::{Plot, StoryStep};
use cslab_scene::topology::{NodeRole, Topology};
use cslab_sim::net::{NodeId, World};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::dns::{RData, RType};
use cslab_sim::proto::tcp::TcpStack;
use cslab_sim::proto::text::{SMTP_PORT, SUBMISSION_PORT};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;

pub const LESSON: LessonSpec = LessonSpec {
    code: "email",
    title_key: "lesson-email-title",
    intro_keys: &["lesson-email-intro-1", "lesson-email-intro-2"],
    view: LessonView::Stage { load_charts: false },
    card: SettingsCard::Email,
    speeds: &SPEEDS_NS_PER_MS,
    default_speed: 2,
    settings: &Field {
        get: |settings| &settings.email,
        get_mut: |settings| &mut settings.email,
    },
    legend: |_| (&PacketKind::ALL, true),
    plot: |settings| {
        let email = settings.email;
        Some(Plot::Email {
            pop3: email.reading == Reading::Pop3,
            exim: email.mta == Mta::Exim,
            mx1_down: email.mx1_down,
        })
    },
    try_next_key: "lesson-email-try",
    server_gauge: none,
    build: |settings, seed, _| {
        let sim = EmailSim::new(&EmailParams {
            reading: settings.email.reading,
            wrong_password: settings.email.wrong_password,
            mta: settings.email.mta,
            mx1_down: settings.email.mx1_down,
            seed,
            trace: TraceMode::Full,
        });
        Some((email_topology(&sim), Box::new(sim)))
    },
    off_stage_run: None,
    prepare: none,
    questions: &[RELAY],
};

/// Where Alice's server takes her message, asked once it has the message
/// in its queue and shown where it connects: it asks DNS for the
/// recipient domain's MX records and tries the exchange with the lowest
/// preference first (RFC 5321 §5.1), on port 25, where mail servers take
/// mail from each other (RFC 5321 Appendix A; 587 is for submission,
/// RFC 6409); never the recipient's own machine.
const RELAY: Question = Question {
    key: "ask-email-relay",
    args: |_| Vec::new(),
    ask: StoryStep::MailQueued,
    reveal: &[StoryStep::MailRelay],
    choices: |_| {
        [TO_BOB, EXCHANGES[0].1, EXCHANGES[1].1, TO_SUBMISSION]
            .map(Choice::Words)
            .to_vec()
    },
    observe: relayed_to,
};

const TO_BOB: &str = "choice-email-relay-bob";
const TO_SUBMISSION: &str = "choice-email-relay-submission";
/// bob.example's exchanges in order of preference: their names on the
/// stage, and the choice that names each on port 25.
const EXCHANGES: [(&str, &str); 2] = [
    ("node-mx1", "choice-email-relay-mx1"),
    ("node-mx2", "choice-email-relay-mx2"),
];

/// The machine Alice's server (the one that asked for MX records) first
/// connected to by `until`, placed in the MX records' order of preference
/// by the addresses DNS gave for their names; and its port.
fn relayed_to(world: &World, until: SimTime) -> Option<Observed> {
    let (mut sender, mut exchanges, mut addresses) = (None, Vec::new(), Vec::new());
    for header in sent_until(world, until) {
        match header.msg.app {
            AppMsg::Dns(dns) if !dns.response && dns.qtype == RType::Mx => {
                sender = Some(header.src_node);
            }
            AppMsg::Dns(dns) if dns.response => {
                for record in dns.answers() {
                    match record.data {
                        RData::Mx {
                            preference,
                            exchange,
                        } => exchanges.push((preference, exchange)),
                        RData::A(address) => addresses.push((record.name, address)),
                        _ => {}
                    }
                }
            }
            _ if Some(header.src_node) == sender && opens_connection(header) => {
                exchanges.sort_by_key(|&(preference, _)| preference);
                let rank = (exchanges.iter())
                    .position(|&(_, exchange)| addresses.contains(&(exchange, header.dst)))?;
                let (machine, on_25) = *EXCHANGES.get(rank)?;
                let answer = match header.dst_port {
                    SMTP_PORT => on_25,
                    SUBMISSION_PORT if rank == 0 => TO_SUBMISSION,
                    _ => return None,
                };
                return Some(Observed {
                    answer: Choice::Words(answer),
                    explain_key: "explain-email-relay",
                    args: vec![
                        ("exchanges", Arg::Number(exchanges.len() as u64)),
                        ("machine", Arg::Words(machine)),
                        ("preference", Arg::Number(exchanges[rank].0.into())),
                        ("port", Arg::Plain(header.dst_port.into())),
                    ],
                });
            }
            _ => {}
        }
    }
    None
}

/// How Bob reads his mail, whether Alice mistypes her password, what the
/// mail servers run, and whether mx1 is off for a while.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EmailSettings {
    pub reading: Reading,
    pub wrong_password: bool,
    pub mta: Mta,
    pub mx1_down: bool,
}

pub const READINGS: [Reading; 2] = [Reading::Imap, Reading::Pop3];

/// A way of reading as the address names it.
pub fn reading_code(reading: Reading) -> &'static str {
    match reading {
        Reading::Imap => "imap",
        Reading::Pop3 => "pop3",
    }
}

/// The message id of a way of reading in the settings.
pub fn reading_label_key(reading: Reading) -> &'static str {
    match reading {
        Reading::Imap => "reading-imap",
        Reading::Pop3 => "reading-pop3",
    }
}

/// A mail server as the address names it.
pub fn mta_code(mta: Mta) -> &'static str {
    match mta {
        Mta::Postfix => "postfix",
        Mta::Exim => "exim",
    }
}

/// The message id of a mail server's name in the settings.
pub fn mta_label_key(mta: Mta) -> &'static str {
    match mta {
        Mta::Postfix => "mta-postfix",
        Mta::Exim => "mta-exim",
    }
}

/// The message id of the sentence on a mail server's design.
pub fn mta_design_key(mta: Mta) -> &'static str {
    match mta {
        Mta::Postfix => "mta-design-postfix",
        Mta::Exim => "mta-design-exim",
    }
}

impl InAddress for EmailSettings {
    const PARAMS: &'static [Param<Self>] = &[
        Param {
            name: "read",
            values: Values::Words(READINGS.len(), |i| reading_code(READINGS[i])),
            get: |s| place(&READINGS, &s.reading),
            set: |s, i| s.reading = READINGS[i],
        },
        switch_param!("wrong-password", wrong_password),
        Param {
            name: "mta",
            values: Values::Words(Mta::ALL.len(), |i| mta_code(Mta::ALL[i])),
            get: |s| place(&Mta::ALL, &s.mta),
            set: |s, i| s.mta = Mta::ALL[i],
        },
        switch_param!("mx1-down", mx1_down),
    ];
}

/// Alice's side on the left, Bob's on the right, DNS and the Internet in
/// the middle.
fn email_topology(sim: &EmailSim) -> Topology {
    let ids = sim.nodes();
    world_topology(sim.world(), |node| match node.id {
        id if id == ids.alice => (NodeRole::Laptop, "node-alice", "role-alice", 80, 330),
        id if id == ids.router => (
            NodeRole::Router,
            "node-home-router",
            "role-router",
            230,
            330,
        ),
        id if id == ids.internet => (NodeRole::Router, "node-internet", "role-internet", 400, 250),
        id if id == ids.dns => (NodeRole::DnsServer, "node-dns", "role-dns-mail", 400, 90),
        id if id == ids.submission => (
            NodeRole::WebServer,
            "node-smtp-alice",
            "role-smtp-alice",
            200,
            120,
        ),
        id if id == ids.mx[0] => (NodeRole::WebServer, "node-mx1", "role-mx1", 600, 110),
        id if id == ids.mx[1] => (NodeRole::WebServer, "node-mx2", "role-mx2", 700, 200),
        _ => (NodeRole::Laptop, "node-bob", "role-bob", 640, 340),
    })
}

impl LessonRun for EmailSim {
    fn world(&self) -> &World {
        EmailSim::world(self)
    }
    fn world_mut(&mut self) -> &mut World {
        EmailSim::world_mut(self)
    }
    /// Sockets as `ss -tan` lists them, and what each mailbox holds.
    fn node_state(&self, node: NodeId, lang: Lang) -> Vec<(&'static str, String)> {
        let ids = self.nodes();
        let world = self.world();
        let socket_rows = |tcp: &TcpStack| socket_rows(world, tcp, node, &[]);
        match node {
            id if id == ids.alice => socket_rows(&self.alice().tcp),
            id if id == ids.bob => socket_rows(&self.bob().tcp),
            id if id == ids.submission => {
                let server = self.submission();
                let mut facts = mta_facts(server.app.config.mta, lang);
                facts.extend(socket_rows(&server.tcp));
                facts
            }
            id if id == ids.router => nat_rows(world, id),
            id if ids.mx.contains(&id) => {
                let mx = self.mx(usize::from(id == ids.mx[1]));
                let mut facts = mta_facts(mx.app.config.mta, lang);
                facts.extend(mx.app.relay.iter().flat_map(|relay| {
                    relay
                        .waiting()
                        .map(|mail| ("state-queue", format!("{}: {}", mail.to, mail.subject)))
                }));
                facts.extend(mx.app.mailboxes.iter().map(|stored| {
                    let seen = if stored.seen { " \\Seen" } else { "" };
                    let mail = &stored.mail;
                    let text = format!("{}: {} ({} B){seen}", mail.to, mail.subject, mail.bytes);
                    ("state-mailbox", text)
                }));
                facts.extend(socket_rows(&mx.tcp));
                facts
            }
            _ => Vec::new(),
        }
    }
}

/// A mail server's documented defaults, as its details show them: the
/// connections it takes, the largest message, how long it waits for a
/// silent exchange, its retry waits (from the first failure, as if each
/// attempt failed at once) and how often it runs its queue.
fn mta_facts(mta: Mta, lang: Lang) -> Vec<(&'static str, String)> {
    let secs = |t: SimTime| format!("{} s", lang.integer(t.as_nanos() / 1_000_000_000));
    let (mut waits, mut since, mut previous) = (Vec::<(u32, SimTime)>::new(), SimTime::ZERO, None);
    for _ in 0..12 {
        let wait = mta.next_wait(previous, since);
        match waits.last_mut() {
            Some((times, last)) if *last == wait => *times += 1,
            _ => waits.push((1, wait)),
        }
        (since, previous) = (since + wait, Some(wait));
    }
    let schedule: Vec<String> = (waits.iter())
        .map(|&(times, wait)| match times {
            1 => secs(wait),
            _ => format!("{times} × {}", secs(wait)),
        })
        .collect();
    let product = match mta {
        Mta::Postfix => "Postfix 3.8 (Ubuntu 24.04)",
        Mta::Exim => "Exim 4.96 (Debian 12)",
    };
    vec![
        ("state-mta", product.to_string()),
        (
            "state-max-connections",
            lang.integer(mta.max_connections() as u64),
        ),
        (
            "state-size-limit",
            format!("{} B", lang.integer(mta.size_limit().into())),
        ),
        ("state-connect-timeout", secs(mta.connect_timeout())),
        ("state-retry-waits", format!("{}…", schedule.join(", "))),
        ("state-queue-run", secs(mta.queue_run())),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Lesson;
    use crate::lesson::settings::Settings;
    use cslab_scene::story::StoryStep::*;

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<EmailSettings>();
    }

    fn told(email: EmailSettings) -> Vec<cslab_scene::story::StoryStep> {
        let settings = Settings {
            email,
            ..Settings::default()
        };
        crate::lesson::told(&LESSON, &settings, SimTime::from_secs(40 * 60))
    }

    #[test]
    fn the_journey_is_told_in_the_order_it_happens() {
        let journey = [
            MailSubmit,
            MailStartTls,
            MailAuth,
            MailEnvelope,
            MailQueued,
            MailAskMx,
            MailRelay,
            MailDelivered,
            MailRead,
            MailFetched,
        ];
        assert_eq!(told(EmailSettings::default()), journey);
        let pop3 = EmailSettings {
            reading: Reading::Pop3,
            ..EmailSettings::default()
        };
        assert_eq!(told(pop3), journey);
        let mistyped = told(EmailSettings {
            wrong_password: true,
            ..EmailSettings::default()
        });
        // Bob checks his mailbox all the same, and finds nothing.
        assert_eq!(
            mistyped,
            [
                MailSubmit,
                MailStartTls,
                MailAuth,
                MailAuthRefused,
                MailRead
            ]
        );
        let pop3 = Plot::Email {
            pop3: true,
            exim: false,
            mx1_down: false,
        };
        assert_eq!(pop3.key(MailFetched), "story-mail-fetched-pop3");
    }

    /// mx1 is off: Alice's server gives it up, mx2 takes the message and
    /// tries mx1 at its queue runs; mx1 comes back, a queue run delivers.
    #[test]
    fn with_mx1_off_the_backup_keeps_the_message_and_tries_again() {
        for mta in Mta::ALL {
            let told = told(EmailSettings {
                mta,
                mx1_down: true,
                ..EmailSettings::default()
            });
            let journey = [
                MailSubmit,
                MailStartTls,
                MailAuth,
                MailEnvelope,
                MailQueued,
                MailAskMx,
                MailRelay,
                MailSilent,
                MailBackup,
                MailDeferred,
            ];
            assert_eq!(told[..journey.len()], journey, "{mta:?}");
            // Postfix tries again at 600 s, before mx1 is back at 1200 s;
            // Exim's first queue run after its 15 minutes is at 1800 s.
            let rest: &[_] = match mta {
                Mta::Postfix => &[MailRetry, MailBackOn, MailDelivered, MailRead, MailFetched],
                Mta::Exim => &[MailBackOn, MailRetry, MailDelivered, MailRead, MailFetched],
            };
            assert_eq!(&told[journey.len()..], rest, "{mta:?}");
        }
    }

    /// The stage greys mx1 out while it is off, from the start until 20
    /// minutes in.
    #[test]
    fn mx1_is_drawn_off_until_it_is_back() {
        use cslab_scene::server_state::switched_off;
        let settings = Settings {
            email: EmailSettings {
                mx1_down: true,
                ..EmailSettings::default()
            },
            ..Settings::default()
        };
        let (_, mut run) = Lesson(&LESSON).build(&settings, 1).unwrap();
        run.world_mut().run_until(SimTime::from_secs(25 * 60));
        let mx1 = NodeId(5);
        assert_eq!(switched_off(run.world(), SimTime::from_secs(10)), [mx1]);
        assert_eq!(switched_off(run.world(), SimTime::from_secs(1199)), [mx1]);
        assert!(switched_off(run.world(), SimTime::from_secs(1200)).is_empty());
    }

    #[test]
    fn the_mail_servers_details_show_their_defaults() {
        let facts = mta_facts(Mta::Exim, Lang::En);
        let fact = |key| facts.iter().find(|(k, _)| *k == key).unwrap().1.as_str();
        assert_eq!(fact("state-size-limit"), "52,428,800 B");
        assert_eq!(fact("state-max-connections"), "20");
        // 8 waits of 15 minutes, then 1 h, 1.5 h, 2.25 h, 3.375 h.
        assert_eq!(
            fact("state-retry-waits"),
            "8 × 900 s, 3,600 s, 5,400 s, 8,100 s, 12,150 s…"
        );
        let postfix = mta_facts(Mta::Postfix, Lang::En);
        assert!(postfix.contains(&(
            "state-retry-waits",
            "300 s, 600 s, 1,200 s, 2,400 s, 8 × 4,000 s…".into()
        )));
    }

    #[test]
    fn bobs_server_shows_his_mailbox() {
        let (_, mut run) = Lesson(&LESSON).build(&Settings::default(), 1).unwrap();
        run.world_mut().run_until(SimTime::from_secs(10));
        let mx1 = NodeId(5);
        let facts = run.node_state(mx1, Lang::En);
        assert!(
            facts.iter().any(|(key, fact)| *key == "state-mailbox"
                && fact == "bob@bob.example: Lunch on Friday? (1200 B) \\Seen"),
            "{facts:?}"
        );
    }
}
