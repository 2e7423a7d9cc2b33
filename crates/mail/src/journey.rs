//! An e-mail's journey: Alice's mail program submits a message to her
//! provider's server (port 587, STARTTLS, AUTH), which asks DNS for
//! bob.example's MX records and relays it to the lowest-preference exchange
//! on port 25; a few seconds later Bob's mail program reads it over IMAPS or
//! POP3S. Every mail server runs Postfix or Exim ([`Mta`]).
//!
//! When mx1 is switched off for its first 20 minutes, Alice's server gives
//! it up and hands the message to mx2, bob.example's backup MX, which
//! keeps it in its queue and tries mx1 again on its own schedule until mx1
//! is back; Bob reads his mail at 35 minutes.
//!
//! ```text
//! Alice's laptop ── home router ── Internet ─┬─ smtp.alice.example (Postfix)
//!                                            ├─ DNS server
//!                                            ├─ mx1.bob.example (Postfix, Dovecot)
//!                                            ├─ mx2.bob.example (Postfix, Dovecot)
//!                                            └─ Bob's laptop
//! ```

use crate::dovecot::{MailReader, Reading};
use crate::mta::Mta;
use crate::relay::{Relay, Relayed};
use crate::smtp::{Mail, MailServerConfig, SUBMISSION_PORT, Sent, SmtpClient, SmtpServer};
use cslab_sim::net::{Addr, App, AppId, Ctx, LinkSpec, NodeId, NodeKind, Packet, Proto, World};
use cslab_sim::proto::dns::{
    DNS_PORT, DnsServer, RetryPolicy, STUB_PORT, StubResolver, ZoneData, ZoneRecord,
};
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::{TcpConfig, TcpStack};
use cslab_sim::proto::text::mail_trace;
use cslab_sim::runs::addresses::{Home, add_home};
use cslab_sim::time::SimTime;
use cslab_sim::trace::{TraceEvent, TraceMode};
use serde::Serialize;

/// Alice's password, and the one she types when the learner makes her
/// mistype it.
pub const ALICE_PASSWORD: &str = "secret";
const MISTYPED: &str = "secert";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmailParams {
    pub reading: Reading,
    /// Alice mistypes her password.
    pub wrong_password: bool,
    /// What every mail server runs.
    pub mta: Mta,
    /// mx1 is switched off until [`MX1_BACK_AT`].
    pub mx1_down: bool,
    pub seed: u64,
    pub trace: TraceMode,
}

impl Default for EmailParams {
    fn default() -> Self {
        EmailParams {
            reading: Reading::Imap,
            wrong_password: false,
            mta: Mta::Postfix,
            mx1_down: false,
            seed: 1,
            trace: TraceMode::Full,
        }
    }
}

/// The machines, by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmailNodes {
    pub alice: NodeId,
    pub router: NodeId,
    pub internet: NodeId,
    pub dns: NodeId,
    pub submission: NodeId,
    pub mx: [NodeId; 2],
    pub bob: NodeId,
}

pub struct EmailSim {
    world: World,
    nodes: EmailNodes,
    alice_app: AppId,
    submission_app: AppId,
    mx_apps: [AppId; 2],
    bob_app: AppId,
}

/// The exchanges of bob.example, and their MX preferences.
pub const MX: [(&str, u16); 2] = [("mx1.bob.example", 10), ("mx2.bob.example", 20)];
/// When Bob's mail program checks his mailbox.
pub const BOB_READS_AT: SimTime = SimTime::from_secs(2);
/// When mx1, switched off, is back; and when Bob reads his mail then.
pub const MX1_BACK_AT: SimTime = SimTime::from_secs(20 * 60);
pub const BOB_READS_AFTER_OUTAGE: SimTime = SimTime::from_secs(35 * 60);

/// Keeps its machine switched off from the start until `until`
/// ([`cslab_sim::net::Ctx::set_powered`]: whatever reaches it meanwhile is
/// dropped, and nothing answers).
struct Outage {
    until: SimTime,
}

impl App for Outage {
    fn start(&mut self, ctx: &mut Ctx) {
        ctx.set_powered(false);
        ctx.set_timer(self.until, 0);
    }
    fn on_packet(&mut self, _ctx: &mut Ctx, _pkt: &Packet) {}
    fn on_timer(&mut self, ctx: &mut Ctx, _token: u64) {
        ctx.set_powered(true);
        let (node, app) = (ctx.node(), ctx.app());
        ctx.trace(TraceEvent::App {
            node,
            app,
            code: mail_trace::BACK_ON,
            value: 0,
        });
    }
}

impl EmailSim {
    pub fn new(p: &EmailParams) -> EmailSim {
        let mut w = World::new(p.seed, p.trace);
        let Home {
            laptop: alice,
            router,
            internet,
        } = add_home(&mut w, "alice");
        let dns = w.add_node("dns", NodeKind::Server);
        let submission = w.add_node("smtp.alice.example", NodeKind::Server);
        let mx = [
            w.add_node(MX[0].0, NodeKind::Server),
            w.add_node(MX[1].0, NodeKind::Server),
        ];
        let bob = w.add_node("bob", NodeKind::Host);
        let link = |ms| LinkSpec::new(100_000_000, SimTime::from_millis(ms));
        for (node, ms) in [
            (dns, 2),
            (submission, 5),
            (mx[0], 10),
            (mx[1], 15),
            (bob, 10),
        ] {
            w.connect(node, internet, link(ms));
        }
        let addr = |a, b, c, d| Addr::new(a, b, c, d);
        for (node, address) in [
            (dns, addr(198, 51, 100, 53)),
            (submission, addr(198, 51, 100, 25)),
            (mx[0], addr(203, 0, 113, 25)),
            (mx[1], addr(203, 0, 113, 26)),
            (bob, addr(192, 0, 2, 44)),
        ] {
            w.set_addr(node, address);
        }
        let a = |node: NodeId| w.nodes()[node.index()].addr;
        let zone = vec![
            ZoneRecord::new("bob.example", 3600, ZoneData::Mx(MX[0].1, MX[0].0.into())),
            ZoneRecord::new("bob.example", 3600, ZoneData::Mx(MX[1].1, MX[1].0.into())),
            ZoneRecord::new(MX[0].0, 3600, ZoneData::A(a(mx[0]))),
            ZoneRecord::new(MX[1].0, 3600, ZoneData::A(a(mx[1]))),
            ZoneRecord::new("smtp.alice.example", 3600, ZoneData::A(a(submission))),
        ];
        let retry = RetryPolicy {
            timeout: SimTime::from_secs(5),
            retries: 1,
        };
        let (dns_addr, submission_addr, mx1_addr) = (a(dns), a(submission), a(mx[0]));
        let d = w.add_app(dns, Box::new(DnsServer::new("example", zone, false, retry)));
        w.bind(dns, Proto::Udp, DNS_PORT, d);

        let stack = || TcpStack::new(TcpConfig::default());
        let relay = |hostname| Relay::new(p.mta, hostname, StubResolver::new(dns_addr, retry));
        let alices = SmtpServer::new(MailServerConfig {
            mta: p.mta,
            hostname: "smtp.alice.example".into(),
            domains: vec!["alice.example".into()],
            relay_domains: Vec::new(),
            users: vec![("alice".into(), ALICE_PASSWORD.into())],
        })
        .relaying(relay("smtp.alice.example"));
        let submission_app = w.add_app(submission, Box::new(Host::new(stack(), alices)));
        w.bind_any_port(submission, Proto::Tcp, submission_app);
        w.bind(submission, Proto::Udp, STUB_PORT, submission_app);
        let mut mx_apps = [submission_app; 2];
        // mx1 keeps bob.example's mailboxes; mx2 is its backup, which takes
        // mail for bob.example when mx1 does not answer and passes it on.
        let bobs = SmtpServer::new(MailServerConfig {
            mta: p.mta,
            hostname: MX[0].0.into(),
            domains: vec!["bob.example".into()],
            relay_domains: Vec::new(),
            users: vec![("bob".into(), "hunter2".into())],
        })
        .serving_mailboxes();
        let backup = SmtpServer::new(MailServerConfig {
            mta: p.mta,
            hostname: MX[1].0.into(),
            domains: Vec::new(),
            relay_domains: vec!["bob.example".into()],
            users: Vec::new(),
        })
        .relaying(relay(MX[1].0));
        mx_apps[0] = w.add_app(mx[0], Box::new(Host::new(stack(), bobs)));
        mx_apps[1] = w.add_app(mx[1], Box::new(Host::new(stack(), backup)));
        for (node, app) in mx.into_iter().zip(mx_apps) {
            w.bind_any_port(node, Proto::Tcp, app);
        }
        w.bind(mx[1], Proto::Udp, STUB_PORT, mx_apps[1]);
        if p.mx1_down {
            w.add_app(mx[0], Box::new(Outage { until: MX1_BACK_AT }));
        }
        let password = if p.wrong_password {
            MISTYPED
        } else {
            ALICE_PASSWORD
        };
        let mail = Mail {
            from: "alice@alice.example".into(),
            to: "bob@bob.example".into(),
            subject: "Lunch on Friday?".into(),
            bytes: 1_200,
        };
        let client = SmtpClient::new(
            submission_addr,
            SUBMISSION_PORT,
            "[192.168.1.10]",
            Some(("alice".into(), password.into())),
            mail,
        );
        let alice_app = w.add_app(alice, Box::new(Host::new(stack(), client)));
        w.bind_any_port(alice, Proto::Tcp, alice_app);
        let reads_at = if p.mx1_down {
            BOB_READS_AFTER_OUTAGE
        } else {
            BOB_READS_AT
        };
        let reader =
            MailReader::new(mx1_addr, p.reading, "bob", "hunter2").starting_after(reads_at);
        let bob_app = w.add_app(bob, Box::new(Host::new(stack(), reader)));
        w.bind_any_port(bob, Proto::Tcp, bob_app);
        EmailSim {
            world: w,
            nodes: EmailNodes {
                alice,
                router,
                internet,
                dns,
                submission,
                mx,
                bob,
            },
            alice_app,
            submission_app,
            mx_apps,
            bob_app,
        }
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    pub fn nodes(&self) -> EmailNodes {
        self.nodes
    }

    pub fn alice(&self) -> &Host<SmtpClient> {
        self.world
            .app(self.alice_app)
            .expect("Alice's mail program")
    }

    pub fn submission(&self) -> &Host<SmtpServer> {
        self.world
            .app(self.submission_app)
            .expect("Alice's mail server")
    }

    /// Each mail server's queue runs that took a deferred message to try
    /// it again, with the time: (server, time).
    pub fn retries(&self) -> Vec<(NodeId, SimTime)> {
        (self.world.trace().records())
            .filter_map(|record| match record.ev {
                TraceEvent::App {
                    node,
                    code: mail_trace::RETRY,
                    ..
                } => Some((node, record.t)),
                _ => None,
            })
            .collect()
    }

    pub fn mx(&self, i: usize) -> &Host<SmtpServer> {
        self.world.app(self.mx_apps[i]).expect("Bob's mail server")
    }

    pub fn bob(&self) -> &Host<MailReader> {
        self.world.app(self.bob_app).expect("Bob's mail program")
    }

    /// Where the message got to: the submission server's last reply to
    /// Alice, the exchange that took it, and what Bob read.
    pub fn report(&self) -> EmailReport {
        let submitted = self.alice().app.outcome.as_ref().map(|sent| match sent {
            Sent::Queued(reply) | Sent::Refused(reply) => reply.clone(),
        });
        let delivered_by = |server: &Host<SmtpServer>| {
            let relay = server.app.relay.as_ref()?;
            relay.relayed.iter().find_map(|(_, relayed)| match relayed {
                Relayed::Delivered { exchange, .. } => Some(exchange.clone()),
                Relayed::Bounced(_) => None,
            })
        };
        let seconds = |t: SimTime| t.as_nanos() / 1_000_000_000;
        EmailReport {
            submitted,
            delivered_by: delivered_by(self.submission()),
            passed_on_by_backup: delivered_by(self.mx(1)),
            retries_s: (self.retries().into_iter())
                .map(|(_, t)| seconds(t))
                .collect(),
            read: self.bob().app.read.clone(),
            left_on_server: self.mx(0).app.mailboxes.len(),
        }
    }
}

/// What [`EmailSim::report`] says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EmailReport {
    pub submitted: Option<String>,
    /// The exchange that took the message from Alice's server.
    pub delivered_by: Option<String>,
    /// The exchange the backup MX passed it on to, if it had it.
    pub passed_on_by_backup: Option<String>,
    /// When a queue run tried a deferred message again, seconds.
    pub retries_s: Vec<u64>,
    pub read: Vec<String>,
    pub left_on_server: usize,
}
