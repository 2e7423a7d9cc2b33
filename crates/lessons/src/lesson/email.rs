//! The lesson "An e-mail's journey": Alice's mail program submits a message
//! to her provider's server on port 587 (STARTTLS, then AUTH), the server
//! asks DNS for bob.example's MX records and relays the message on port 25
//! to the exchange with the lowest preference, and Bob's mail program reads
//! it over IMAP (it stays on the server) or POP3 (it is taken away). A
//! switch makes Alice mistype her password.

use super::address::{InAddress, Param, Values, place, switch_param};
use super::layout::{Place, world_topology};
use super::machine_state::{nat_rows, socket_rows};
use super::playback::SPEEDS_NS_PER_MS;
use super::run::LessonRun;
use super::settings::Field;
use super::{LessonSpec, LessonView, SettingsCard, none};
use cslab_mail::dovecot::Reading;
use cslab_mail::journey::{EmailParams, EmailSim};
use cslab_scene::i18n::Lang;
use cslab_scene::kind::PacketKind;
use cslab_scene::story::Plot;
use cslab_scene::topology::{NodeRole, Topology};
use cslab_sim::net::{NodeId, World};
use cslab_sim::proto::tcp::TcpStack;
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
        Some(Plot::Email {
            pop3: settings.email.reading == Reading::Pop3,
        })
    },
    try_next_key: "lesson-email-try",
    server_gauge: none,
    build: |settings, seed, _| {
        let sim = EmailSim::new(&EmailParams {
            reading: settings.email.reading,
            wrong_password: settings.email.wrong_password,
            seed,
            trace: TraceMode::Full,
        });
        Some((email_topology(&sim), Box::new(sim)))
    },
    off_stage_run: None,
};

/// How Bob reads his mail, and whether Alice mistypes her password.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EmailSettings {
    pub reading: Reading,
    pub wrong_password: bool,
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

impl InAddress for EmailSettings {
    const PARAMS: &'static [Param<Self>] = &[
        Param {
            name: "read",
            values: Values::Words(READINGS.len(), |i| reading_code(READINGS[i])),
            get: |s| place(&READINGS, &s.reading),
            set: |s, i| s.reading = READINGS[i],
        },
        switch_param!("wrong-password", wrong_password),
    ];
}

/// Alice's side on the left, Bob's on the right, DNS and the Internet in
/// the middle.
fn email_topology(sim: &EmailSim) -> Topology {
    let ids = sim.nodes();
    world_topology(sim.world(), |node| {
        let (role, name_key, description_key, x, y) = match node.id {
            id if id == ids.alice => (NodeRole::Laptop, "node-alice", "role-alice", 80, 330),
            id if id == ids.router => (
                NodeRole::Router,
                "node-home-router",
                "role-router",
                230,
                330,
            ),
            id if id == ids.internet => {
                (NodeRole::Router, "node-internet", "role-internet", 400, 250)
            }
            id if id == ids.dns => (NodeRole::DnsServer, "node-dns", "role-dns-mail", 400, 90),
            id if id == ids.submission => (
                NodeRole::WebServer,
                "node-smtp-alice",
                "role-smtp-alice",
                200,
                120,
            ),
            id if id == ids.mx[0] => (NodeRole::WebServer, "node-mx1", "role-mx1", 600, 110),
            id if id == ids.mx[1] => (NodeRole::WebServer, "node-mx2", "role-mx2", 730, 200),
            _ => (NodeRole::Laptop, "node-bob", "role-bob", 640, 340),
        };
        Place {
            role,
            name_key,
            number: None,
            description_key,
            x,
            y,
        }
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
    fn node_state(&self, node: NodeId, _lang: Lang) -> Vec<(&'static str, String)> {
        let ids = self.nodes();
        let world = self.world();
        let socket_rows = |tcp: &TcpStack| socket_rows(world, tcp, node, &[]);
        match node {
            id if id == ids.alice => socket_rows(&self.alice().tcp),
            id if id == ids.bob => socket_rows(&self.bob().tcp),
            id if id == ids.submission => socket_rows(&self.submission().tcp),
            id if id == ids.router => nat_rows(world, id),
            id if ids.mx.contains(&id) => {
                let mx = self.mx(usize::from(id == ids.mx[1]));
                let mut facts: Vec<_> = mx
                    .app
                    .mailboxes
                    .iter()
                    .map(|stored| {
                        let seen = if stored.seen { " \\Seen" } else { "" };
                        let mail = &stored.mail;
                        let text =
                            format!("{}: {} ({} B){seen}", mail.to, mail.subject, mail.bytes);
                        ("state-mailbox", text)
                    })
                    .collect();
                facts.extend(socket_rows(&mx.tcp));
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
    use cslab_scene::story::{StoryStep::*, story};
    use cslab_sim::time::SimTime;

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<EmailSettings>();
    }

    fn told(email: EmailSettings) -> Vec<cslab_scene::story::StoryStep> {
        let settings = Settings {
            email,
            ..Settings::default()
        };
        let lesson = Lesson(&LESSON);
        let (_, mut run) = lesson.build(&settings, 1).unwrap();
        run.world_mut().run_until(SimTime::from_secs(10));
        story(run.world(), SimTime::MAX, lesson.plot(&settings).unwrap())
            .into_iter()
            .map(|(_, step)| step)
            .collect()
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
        assert_eq!(
            Plot::Email { pop3: true }.key(MailFetched),
            "story-mail-fetched-pop3"
        );
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
