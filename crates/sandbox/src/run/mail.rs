//! Mail, as the e-mail lesson runs it (`cslab_mail`): a mail program
//! submits its message to its provider's server (port 587, STARTTLS,
//! AUTH), which keeps mail for its own domain and relays the rest to the
//! recipient's domain, found by its MX record (RFC 5321 §5.1).
//!
//! A mail program reading its mail (`read-mail`) logs in to Dovecot on its
//! domain's server over IMAPS or POP3S, as Bob's does in the lesson, at
//! the lesson's moment ([`BOB_READS_AT`], once a message sent at the start
//! has had time to arrive), and reads every message there.
//!
//! A mail server of domain D is `mail.D` in the DNS (`mail2.D`... for more
//! than one), with `D MX 10 mail.D`; a mail program's account `alice@D`
//! is a user of D's first mail server, with the lesson's password.

use cslab_mail::dovecot::{MailReader, Reading};
use cslab_mail::journey::{ALICE_PASSWORD, BOB_READS_AT};
use cslab_mail::mta::Mta;
use cslab_mail::relay::Relay;
use cslab_mail::smtp::{Mail, MailServerConfig, SUBMISSION_PORT, Sent, SmtpClient, SmtpServer};
use cslab_sim::net::{Addr, AppId, Proto, World};
use cslab_sim::proto::dns::{RetryPolicy, STUB_PORT, StubResolver, ZoneData, ZoneRecord};
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::{TcpConfig, TcpStack};
use cslab_sim::runs::web_world::add_tcp_server;

use super::Client;
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

/// The account of mail program `m`, split into its user and domain, and
/// the address of its domain's first mail server (a machine nobody has if
/// there is none).
fn account(net: &Network, m: &Machine) -> (String, String, Addr) {
    let account = m.settings.get("account").cloned().unwrap_or_default();
    let (user, at) = split(&account);
    let server = (net.machines.iter())
        .find(|s| s.kind == Kind::MailServer && domain(s) == at)
        .map_or(Addr::new(127, 0, 0, 1), |s| s.address);
    (user.to_string(), at.to_string(), server)
}

/// A mail program sending one message from its account to `to`, through
/// its domain's first mail server.
pub fn add_client(built: &mut Built, net: &Network, m: &Machine, to: &str) -> AppId {
    let (user, at, server) = account(net, m);
    let mail = Mail {
        from: format!("{user}@{at}"),
        to: to.to_string(),
        subject: "Hello from the sandbox".into(),
        bytes: MAIL_BYTES,
    };
    // A mail program names itself by its address in EHLO (RFC 5321 §4.1.3).
    let ehlo = format!("[{}]", m.address);
    let login = Some((user, ALICE_PASSWORD.to_string()));
    let client = SmtpClient::new(server, SUBMISSION_PORT, &ehlo, login, mail);
    let node = built.node(m.id);
    add_tcp_server(&mut built.world, node, client, TcpConfig::default())
}

/// A mail program reading its account's mailbox `how` (`imap` or `pop3`)
/// on its domain's first mail server.
pub fn add_reader(built: &mut Built, net: &Network, m: &Machine, how: &str) -> AppId {
    let (user, _, server) = account(net, m);
    let reading = match how {
        "pop3" => Reading::Pop3,
        _ => Reading::Imap,
    };
    let reader =
        MailReader::new(server, reading, &user, ALICE_PASSWORD).starting_after(BOB_READS_AT);
    let node = built.node(m.id);
    add_tcp_server(&mut built.world, node, reader, TcpConfig::default())
}

/// A message sent: `queued`, `refused` or `unfinished`; a mailbox read:
/// `read`, `refused` or `unfinished`; and the messages read.
pub fn outcome(world: &World, client: &Client) -> (&'static str, Option<usize>) {
    if client.task == TaskKind::ReadMail {
        let reader = &world
            .app::<Host<MailReader>>(client.app)
            .expect("a mail program")
            .app;
        let outcome = match (reader.refused.is_some(), reader.done()) {
            (true, _) => "refused",
            (false, true) => "read",
            (false, false) => "unfinished",
        };
        return (outcome, Some(reader.read.len()));
    }
    let sent = &world
        .app::<Host<SmtpClient>>(client.app)
        .expect("a mail program")
        .app;
    let outcome = match &sent.outcome {
        Some(Sent::Queued(_)) => "queued",
        Some(Sent::Refused(_)) => "refused",
        None => "unfinished",
    };
    (outcome, None)
}
