//! Mail, as the e-mail lesson runs it (`cslab_mail`): a mail program
//! submits its message to its provider's server (port 587, STARTTLS,
//! AUTH), which keeps mail for its own domain and relays the rest to the
//! recipient's domain, found by its MX record (RFC 5321 §5.1).
//!
//! A mail server of domain D is `mail.D` in the DNS (`mail2.D`... for more
//! than one), with `D MX 10 mail.D`; a mail program's account `alice@D`
//! is a user of D's first mail server, with the lesson's password.

use cslab_mail::journey::ALICE_PASSWORD;
use cslab_mail::mta::Mta;
use cslab_mail::relay::Relay;
use cslab_mail::smtp::{Mail, MailServerConfig, SUBMISSION_PORT, Sent, SmtpClient, SmtpServer};
use cslab_sim::net::{Addr, AppId, Proto, World};
use cslab_sim::proto::dns::{RetryPolicy, STUB_PORT, StubResolver, ZoneData, ZoneRecord};
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::{TcpConfig, TcpStack};

use super::world::Built;
use crate::kinds::Kind;
use crate::schema::{Machine, Network};
use crate::tasks::TaskKind;

/// The preference of every MX record (the lesson's first exchange's).
const PREFERENCE: u16 = 10;
/// A message's size, as the lesson's.
const MAIL_BYTES: u32 = 1_200;

fn domain(m: &Machine) -> &str {
    m.settings.get("domain").map_or("", String::as_str)
}

/// The mail servers of `net`, each with its host name.
fn servers(net: &Network) -> Vec<(&Machine, String)> {
    let mut seen: Vec<&str> = Vec::new();
    (net.machines.iter())
        .filter(|m| m.kind == Kind::MailServer)
        .map(|m| {
            let d = domain(m);
            let k = seen.iter().filter(|&&other| other == d).count();
            seen.push(d);
            let name = match k {
                0 => format!("mail.{d}"),
                _ => format!("mail{}.{d}", k + 1),
            };
            (m, name)
        })
        .collect()
}

/// The MX and A records of the mail servers whose domain `covers` takes.
pub fn records(net: &Network, covers: impl Fn(&str) -> bool) -> Vec<ZoneRecord> {
    (servers(net).into_iter())
        .filter(|(m, _)| covers(domain(m)))
        .flat_map(|(m, name)| {
            [
                ZoneRecord::new(
                    domain(m),
                    super::dns_zones::HOST_TTL,
                    ZoneData::Mx(PREFERENCE, name.clone()),
                ),
                ZoneRecord::new(&name, super::dns_zones::HOST_TTL, ZoneData::A(m.address)),
            ]
        })
        .collect()
}

/// The part of an address after `@`, and before it.
fn split(address: &str) -> (&str, &str) {
    address.split_once('@').unwrap_or((address, ""))
}

/// Adds the mail servers; `resolver` gives the resolver each asks, and
/// `stub` how its relay's stub waits.
pub fn add_servers(
    built: &mut Built,
    net: &Network,
    resolver: impl Fn(&mut Built, &Machine) -> Addr,
    stub: RetryPolicy,
) {
    for (m, hostname) in servers(net) {
        let mta = match m.settings.get("mta").map(String::as_str) {
            Some("exim") => Mta::Exim,
            _ => Mta::Postfix,
        };
        let users = (net.machines.iter())
            .filter_map(|c| {
                let (user, at) = split(c.settings.get("account")?);
                (c.kind == Kind::MailClient && at == domain(m))
                    .then(|| (user.to_string(), ALICE_PASSWORD.to_string()))
            })
            .collect();
        let server = SmtpServer::new(MailServerConfig {
            mta,
            hostname: hostname.clone(),
            domains: vec![domain(m).to_string()],
            relay_domains: Vec::new(),
            users,
        })
        .serving_mailboxes();
        let stub = StubResolver::new(resolver(built, m), stub);
        let server = server.relaying(Relay::new(mta, &hostname, stub));
        let node = built.node(m.id);
        let app = built.world.add_app(
            node,
            Box::new(Host::new(TcpStack::new(TcpConfig::default()), server)),
        );
        built.world.bind_any_port(node, Proto::Tcp, app);
        built.world.bind(node, Proto::Udp, STUB_PORT, app);
    }
}

/// A mail program sending one message from its account to `to`, through
/// its domain's first mail server (a machine nobody has if there is none).
pub fn add_client(built: &mut Built, net: &Network, m: &Machine, to: &str) -> AppId {
    let account = m.settings.get("account").cloned().unwrap_or_default();
    let (user, at) = split(&account);
    let server = (net.machines.iter())
        .find(|s| s.kind == Kind::MailServer && domain(s) == at)
        .map_or(Addr::new(127, 0, 0, 1), |s| s.address);
    let mail = Mail {
        from: account.clone(),
        to: to.to_string(),
        subject: "Hello from the sandbox".into(),
        bytes: MAIL_BYTES,
    };
    // A mail program names itself by its address in EHLO (RFC 5321 §4.1.3).
    let ehlo = format!("[{}]", m.address);
    let login = Some((user.to_string(), ALICE_PASSWORD.to_string()));
    let client = SmtpClient::new(server, SUBMISSION_PORT, &ehlo, login, mail);
    let node = built.node(m.id);
    let app = (built.world).add_app(
        node,
        Box::new(Host::new(TcpStack::new(TcpConfig::default()), client)),
    );
    built.world.bind_any_port(node, Proto::Tcp, app);
    app
}

/// `queued`, `refused` or `unfinished`.
pub fn outcome(world: &World, app: AppId) -> &'static str {
    match &world
        .app::<Host<SmtpClient>>(app)
        .expect("a mail program")
        .app
        .outcome
    {
        Some(Sent::Queued(_)) => "queued",
        Some(Sent::Refused(_)) => "refused",
        None => "unfinished",
    }
}

pub fn does(task: TaskKind) -> bool {
    task == TaskKind::SendMail
}
