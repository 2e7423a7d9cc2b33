//! SMTP as Postfix speaks it, over the lab's TCP and TLS: submission on 587
//! with STARTTLS and AUTH, a wrong password, relaying refused, local mail
//! accepted on 25.

use cslab_mail::mta::Mta;
use cslab_mail::smtp::{
    Mail, MailServerConfig, SMTP_PORT, SUBMISSION_PORT, Sent, SmtpClient, SmtpServer,
};
use cslab_sim::net::{Addr, AppId, LinkSpec, NodeKind, Proto, World};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::{TcpConfig, TcpStack};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;

fn mail(to: &str) -> Mail {
    Mail {
        from: "alice@alice.example".into(),
        to: to.into(),
        subject: "Lunch on Friday?".into(),
        bytes: 1_200,
    }
}

/// Alice's laptop, 20 ms from her provider's mail server, says `mail` on
/// `port`, logging in with `password` if given. The world (run), the
/// client's app and the server's.
fn submit(port: u16, password: Option<&str>, mail: Mail) -> (World, AppId, AppId) {
    let mut w = World::new(1, TraceMode::Full);
    let laptop = w.add_node("laptop", NodeKind::Host);
    let server = w.add_node("mail.alice.example", NodeKind::Server);
    w.connect(
        laptop,
        server,
        LinkSpec::new(100_000_000, SimTime::from_millis(10)),
    );
    let config = MailServerConfig {
        mta: Mta::Postfix,
        hostname: "mail.alice.example".into(),
        domains: vec!["alice.example".into()],
        relay_domains: Vec::new(),
        users: vec![("alice".into(), "secret".into())],
    };
    let stack = || TcpStack::new(TcpConfig::default());
    let s = w.add_app(
        server,
        Box::new(Host::new(stack(), SmtpServer::new(config))),
    );
    w.bind_any_port(server, Proto::Tcp, s);
    let login = password.map(|password| ("alice".to_string(), password.to_string()));
    let client = SmtpClient::new(Addr::of_node(server), port, "[192.168.1.10]", login, mail);
    let c = w.add_app(laptop, Box::new(Host::new(stack(), client)));
    w.bind_any_port(laptop, Proto::Tcp, c);
    w.run();
    (w, c, s)
}

/// Every SMTP line on the wire, in order, with whether TLS sealed it.
fn dialogue(w: &World) -> Vec<(String, bool)> {
    w.trace()
        .headers()
        .filter_map(|header| match header.msg.app {
            AppMsg::Text(text) => Some((
                w.names()
                    .text(text.line)
                    .split("\r\n")
                    .next()
                    .unwrap()
                    .to_string(),
                header.msg.encrypted(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn a_mail_program_submits_on_587_after_starttls_and_auth() {
    let (w, c, s) = submit(SUBMISSION_PORT, Some("secret"), mail("bob@bob.example"));
    let lines = dialogue(&w);
    let said: Vec<(&str, bool)> = lines.iter().map(|(l, e)| (l.as_str(), *e)).collect();
    let clear = |line| (line, false);
    let sealed = |line| (line, true);
    assert_eq!(
        said[..4],
        [
            clear("220 mail.alice.example ESMTP Postfix (Ubuntu)"),
            clear("EHLO [192.168.1.10]"),
            clear("250-mail.alice.example"),
            clear("STARTTLS"),
        ]
    );
    assert_eq!(said[4], clear("220 2.0.0 Ready to start TLS"));
    // After the TLS handshake everything is sealed, the password too.
    assert_eq!(
        said[5..],
        [
            sealed("EHLO [192.168.1.10]"),
            sealed("250-mail.alice.example"),
            sealed("AUTH PLAIN AGFsaWNlAHNlY3JldA=="),
            sealed("235 2.7.0 Authentication successful"),
            sealed("MAIL FROM:<alice@alice.example> SIZE=1200"),
            sealed("250 2.1.0 Ok"),
            sealed("RCPT TO:<bob@bob.example>"),
            sealed("250 2.1.5 Ok"),
            sealed("DATA"),
            sealed("354 End data with <CR><LF>.<CR><LF>"),
            sealed("From: <alice@alice.example>"),
            said[16],
            sealed("QUIT"),
            sealed("221 2.0.0 Bye"),
        ]
    );
    assert!(
        said[16].0.starts_with("250 2.0.0 Ok: queued as "),
        "{:?}",
        said[16]
    );
    let client = &w.app::<Host<SmtpClient>>(c).unwrap().app;
    assert!(matches!(client.outcome, Some(Sent::Queued(_))));
    let server = &w.app::<Host<SmtpServer>>(s).unwrap().app;
    assert_eq!(server.queue.len(), 1);
    let queued = &server.queue[0];
    assert_eq!(
        (
            queued.from.as_str(),
            queued.to.as_str(),
            queued.subject.as_str()
        ),
        ("alice@alice.example", "bob@bob.example", "Lunch on Friday?")
    );
    // The EHLO after TLS offers AUTH, the first one STARTTLS.
    let ehlo_replies: Vec<String> = w
        .trace()
        .headers()
        .filter_map(|header| match header.msg.app {
            AppMsg::Text(text) if w.names().text(text.line).starts_with("250-") => {
                Some(w.names().text(text.line).to_string())
            }
            _ => None,
        })
        .collect();
    assert!(ehlo_replies[0].contains("250-STARTTLS") && !ehlo_replies[0].contains("AUTH"));
    assert!(
        ehlo_replies[1].contains("250-AUTH PLAIN LOGIN") && !ehlo_replies[1].contains("STARTTLS")
    );
    assert!(
        ehlo_replies[0].contains("250-SIZE 10240000") && ehlo_replies[0].ends_with("250 CHUNKING")
    );
}

#[test]
fn a_wrong_password_is_refused_with_535() {
    let (w, c, s) = submit(SUBMISSION_PORT, Some("secreto"), mail("bob@bob.example"));
    let said: Vec<String> = dialogue(&w).into_iter().map(|(line, _)| line).collect();
    let refusal = "535 5.7.8 Error: authentication failed: authentication failure";
    assert_eq!(&said[said.len() - 3..], [refusal, "QUIT", "221 2.0.0 Bye"]);
    let client = &w.app::<Host<SmtpClient>>(c).unwrap().app;
    assert_eq!(client.outcome, Some(Sent::Refused(refusal.into())));
    let server = &w.app::<Host<SmtpServer>>(s).unwrap().app;
    assert_eq!((server.stats.failed_logins, server.queue.len()), (1, 0));
}

#[test]
fn port_25_takes_mail_for_its_domains_only() {
    let (w, _, s) = submit(SMTP_PORT, None, mail("bob@bob.example"));
    let said: Vec<String> = dialogue(&w).into_iter().map(|(line, _)| line).collect();
    assert!(
        said.contains(&"554 5.7.1 <bob@bob.example>: Relay access denied".to_string()),
        "{said:?}"
    );
    let server = &w.app::<Host<SmtpServer>>(s).unwrap().app;
    assert!(server.queue.is_empty() && server.mailboxes.is_empty());

    // Mail for alice.example is this server's to keep: no login needed.
    let (w, c, s) = submit(SMTP_PORT, None, mail("alice@alice.example"));
    let server = &w.app::<Host<SmtpServer>>(s).unwrap().app;
    assert_eq!((server.mailboxes.len(), server.queue.len()), (1, 0));
    let client = &w.app::<Host<SmtpClient>>(c).unwrap().app;
    assert!(matches!(client.outcome, Some(Sent::Queued(_))));
}

mod relay {
    use super::*;
    use cslab_mail::dovecot::{MailReader, Reading};
    use cslab_mail::relay::{Relay, Relayed};
    use cslab_sim::proto::dns::{
        DNS_PORT, DnsServer, RetryPolicy, STUB_PORT, StubResolver, ZoneData, ZoneRecord,
    };
    use cslab_sim::proto::text::mail_trace;
    use cslab_sim::trace::TraceEvent;

    const MX: [&str; 2] = ["mx1.bob.example", "mx2.bob.example"];

    /// Alice's laptop submits a message for bob@bob.example to her mail
    /// server, which relays it: bob.example's MX records name mx1
    /// (preference 10) and mx2 (20); `up` says which of them run a mail
    /// server (the others are machines that answer nothing). Every machine
    /// is 10 ms from the others. The world, run for `seconds`, Alice's
    /// server's app and the MX servers' apps (Alice's where none runs).
    fn relay_to_bob(up: [bool; 2], seconds: u64) -> (World, AppId, [AppId; 2]) {
        relay_and_read(Mta::Postfix, up, seconds, None).0
    }

    /// [`relay_to_bob`], and Bob's laptop reading his mail from mx1 at 5 s
    /// by `reading`, if given: also its app.
    fn relay_and_read(
        mta: Mta,
        up: [bool; 2],
        seconds: u64,
        reading: Option<Reading>,
    ) -> ((World, AppId, [AppId; 2]), Option<AppId>) {
        let mut w = World::new(1, TraceMode::Full);
        let laptop = w.add_node("laptop", NodeKind::Host);
        let alice = w.add_node("mail.alice.example", NodeKind::Server);
        let hub = w.add_node("internet", NodeKind::Router);
        let dns = w.add_node("dns", NodeKind::Server);
        let mx = [
            w.add_node(MX[0], NodeKind::Server),
            w.add_node(MX[1], NodeKind::Server),
        ];
        for node in [laptop, alice, dns, mx[0], mx[1]] {
            w.connect(
                node,
                hub,
                LinkSpec::new(100_000_000, SimTime::from_millis(5)),
            );
        }
        let a = Addr::of_node;
        let zone = vec![
            ZoneRecord::new("bob.example", 3600, ZoneData::Mx(20, MX[1].into())),
            ZoneRecord::new("bob.example", 3600, ZoneData::Mx(10, MX[0].into())),
            ZoneRecord::new(MX[0], 3600, ZoneData::A(a(mx[0]))),
            ZoneRecord::new(MX[1], 3600, ZoneData::A(a(mx[1]))),
        ];
        let retry = RetryPolicy {
            timeout: SimTime::from_secs(5),
            retries: 1,
        };
        let d = w.add_app(
            dns,
            Box::new(DnsServer::new("bob.example", zone, false, retry)),
        );
        w.bind(dns, Proto::Udp, DNS_PORT, d);
        let stack = || TcpStack::new(TcpConfig::default());
        let server = |hostname: &str, domain: &str| {
            SmtpServer::new(MailServerConfig {
                mta,
                hostname: hostname.into(),
                domains: vec![domain.into()],
                relay_domains: Vec::new(),
                users: vec![("alice".into(), "secret".into())],
            })
        };
        let relay = Relay::new(mta, "mail.alice.example", StubResolver::new(a(dns), retry));
        let sender = server("mail.alice.example", "alice.example").relaying(relay);
        let s = w.add_app(alice, Box::new(Host::new(stack(), sender)));
        w.bind_any_port(alice, Proto::Tcp, s);
        w.bind(alice, Proto::Udp, STUB_PORT, s);
        let mut apps = [s, s];
        for i in 0..2 {
            if up[i] {
                let bob = SmtpServer::new(MailServerConfig {
                    mta,
                    hostname: MX[i].into(),
                    domains: vec!["bob.example".into()],
                    relay_domains: Vec::new(),
                    users: vec![("bob".into(), "hunter2".into())],
                })
                .serving_mailboxes();
                let app = w.add_app(mx[i], Box::new(Host::new(stack(), bob)));
                w.bind_any_port(mx[i], Proto::Tcp, app);
                apps[i] = app;
            }
        }
        let login = Some(("alice".to_string(), "secret".to_string()));
        let client = SmtpClient::new(
            a(alice),
            SUBMISSION_PORT,
            "[192.168.1.10]",
            login,
            mail("bob@bob.example"),
        );
        let c = w.add_app(laptop, Box::new(Host::new(stack(), client)));
        w.bind_any_port(laptop, Proto::Tcp, c);
        let reader = reading.map(|reading| {
            let bobs = w.add_node("bob's laptop", NodeKind::Host);
            w.connect(
                bobs,
                hub,
                LinkSpec::new(100_000_000, SimTime::from_millis(5)),
            );
            let reader = MailReader::new(a(mx[0]), reading, "bob", "hunter2")
                .starting_after(SimTime::from_secs(5));
            let r = w.add_app(bobs, Box::new(Host::new(stack(), reader)));
            w.bind_any_port(bobs, Proto::Tcp, r);
            r
        });
        w.run_until(SimTime::from_secs(seconds));
        ((w, s, apps), reader)
    }

    fn relay(w: &World, s: AppId) -> &Relay {
        w.app::<Host<SmtpServer>>(s)
            .unwrap()
            .app
            .relay
            .as_ref()
            .unwrap()
    }

    /// The DNS questions Alice's server asks, in order.
    fn questions(w: &World) -> Vec<String> {
        w.trace()
            .headers()
            .filter_map(|header| match header.msg.app {
                AppMsg::Dns(dns) if !dns.response => {
                    Some(format!("{:?} {}", dns.qtype, w.names().text(dns.qname)))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_lowest_preference_mx_takes_the_message() {
        let (w, s, mx) = relay_to_bob([true, true], 10);
        assert_eq!(questions(&w), ["Mx bob.example", "A mx1.bob.example"]);
        let relayed = &relay(&w, s).relayed;
        assert!(
            matches!(&relayed[..], [(_, Relayed::Delivered { exchange, .. })] if exchange == MX[0]),
            "{relayed:?}"
        );
        let bob = &w.app::<Host<SmtpServer>>(mx[0]).unwrap().app;
        assert_eq!(bob.mailboxes.len(), 1);
        assert_eq!(bob.mailboxes[0].mail.subject, "Lunch on Friday?");
    }

    /// mx1 answers nothing: after Postfix's smtp_connect_timeout (30 s) the
    /// relay asks for mx2's address and gives it the message.
    #[test]
    fn a_silent_mx_is_given_up_after_30_s_and_the_next_takes_it() {
        let (w, s, mx) = relay_to_bob([false, true], 60);
        assert_eq!(
            questions(&w),
            ["Mx bob.example", "A mx1.bob.example", "A mx2.bob.example"]
        );
        let asked = |name: &str| {
            w.trace()
                .records()
                .find(|record| match record.ev {
                    cslab_sim::trace::TraceEvent::PacketSent { pkt, .. } => w
                        .trace()
                        .header(pkt)
                        .is_some_and(|h| matches!(h.msg.app, AppMsg::Dns(d) if !d.response && w.names().text(d.qname) == name)),
                    _ => false,
                })
                .map(|record| record.t)
                .unwrap()
        };
        // The SYN to mx1 leaves one DNS round trip (20 ms) after its A
        // question; 30 s later the relay asks for mx2.
        let gave_up = asked("mx2.bob.example") - asked("mx1.bob.example");
        let (dns_round_trip, timeout) = (SimTime::from_millis(20), SimTime::from_secs(30));
        assert!(
            gave_up >= timeout + dns_round_trip
                && gave_up < timeout + dns_round_trip + SimTime::from_millis(1),
            "{gave_up:?}"
        );
        let relayed = &relay(&w, s).relayed;
        assert!(
            matches!(&relayed[..], [(_, Relayed::Delivered { exchange, .. })] if exchange == MX[1])
        );
        assert_eq!(
            w.app::<Host<SmtpServer>>(mx[1])
                .unwrap()
                .app
                .mailboxes
                .len(),
            1
        );
    }

    /// When a queue run took the deferred message to try it again.
    fn retries(w: &World) -> Vec<u64> {
        (w.trace().records())
            .filter_map(|record| match record.ev {
                TraceEvent::App {
                    code: mail_trace::RETRY,
                    ..
                } => Some(record.t.as_nanos()),
                _ => None,
            })
            .collect()
    }

    /// Neither answers. Postfix gives each MX 30 s, so an attempt ends
    /// about 60 s after it began (plus DNS round trips of milliseconds);
    /// the message then waits 300 s, 600 s, 1200 s, 2400 s, 4000 s, each
    /// time until the next queue scan (every 300 s from the start):
    /// - fails at 60.x s, due at 360.x s: tried at 600 s;
    /// - fails at 660.x s, due at 1260.x s: tried at 1500 s;
    /// - fails at 1560.x s, due at 2760.x s: tried at 3000 s;
    /// - fails at 3060.x s, due at 5460.x s: tried at 5700 s;
    /// - fails at 5760.x s, due at 9760.x s: tried at 9900 s.
    #[test]
    fn with_every_mx_down_postfix_tries_again_after_doubling_waits() {
        let ((w, s, _), _) = relay_and_read(Mta::Postfix, [false, false], 10_000, None);
        let relay = relay(&w, s);
        assert!(relay.relayed.is_empty());
        assert_eq!(relay.queued(), 1);
        let at = |secs: &[u64]| secs.iter().map(|s| s * 1_000_000_000).collect::<Vec<_>>();
        assert_eq!(retries(&w), at(&[600, 1500, 3000, 5700, 9900]));
    }

    /// Neither answers, with Exim: its 5-minute connect timeout never
    /// acts, because Linux gives a connect up after 127 s; an attempt ends
    /// about 254 s after it began. Its retry rule waits 15 minutes for the
    /// first 2 hours after the first failure, then 1 hour (then 1.5 hours);
    /// a queue run comes every 30 minutes. The first failure is at s + 254
    /// s, where s (a fraction of a second) is when Alice's submission
    /// ended:
    /// - fails at s + 254 s, due at s + 1154 s: tried at 1800 s;
    /// - fails at 2054.x s, due at 2954.x s: tried at 3600 s;
    /// - fails at 3854.x s, due at 4754.x s: tried at 5400 s;
    /// - fails at 5654.x s, due at 6554.x s: tried at 7200 s;
    /// - fails at 7454.x s, 7200 s - s after the first failure: under 2
    ///   hours still, so 15 minutes: due at 8354.x s, tried at 9000 s;
    /// - fails at 9254.x s, past 2 hours: 1 hour, due at 12854.x s, tried
    ///   at 14400 s.
    #[test]
    fn with_every_mx_down_exim_tries_again_at_its_queue_runs() {
        let ((w, s, _), _) = relay_and_read(Mta::Exim, [false, false], 15_000, None);
        assert!(relay(&w, s).relayed.is_empty());
        let at = |secs: &[u64]| secs.iter().map(|s| s * 1_000_000_000).collect::<Vec<_>>();
        assert_eq!(retries(&w), at(&[1800, 3600, 5400, 7200, 9000, 14400]));
    }

    /// Bob reads his mail: over IMAP it stays on the server, marked \Seen;
    /// over POP3 his program downloads it, deletes it, and it is gone.
    #[test]
    fn imap_leaves_the_message_on_the_server_and_pop3_takes_it_away() {
        let ((w, _, mx), reader) =
            relay_and_read(Mta::Postfix, [true, true], 10, Some(Reading::Imap));
        let bob = &w.app::<Host<MailReader>>(reader.unwrap()).unwrap().app;
        assert_eq!(
            (bob.read.as_slice(), &bob.refused),
            (["Lunch on Friday?".to_string()].as_slice(), &None)
        );
        let server = &w.app::<Host<SmtpServer>>(mx[0]).unwrap().app;
        assert_eq!(server.mailboxes.len(), 1);
        assert!(server.mailboxes[0].seen);
        let said = dialogue(&w);
        let imap: Vec<&str> = said
            .iter()
            .filter(|(line, sealed)| *sealed && (line.starts_with("a") || line.starts_with("* ")))
            .map(|(line, _)| line.as_str())
            .collect();
        assert_eq!(
            imap,
            [
                "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN] Dovecot (Ubuntu) ready.",
                "a1 LOGIN bob hunter2",
                "a1 OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN] Logged in",
                "a2 SELECT INBOX",
                "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
                "a3 FETCH 1:1 (FLAGS BODY[])",
                "* 1 FETCH (FLAGS (\\Seen) BODY[] {1200} Subject: Lunch on Friday?)",
                "a4 LOGOUT",
                "* BYE Logging out",
            ]
        );

        let ((w, _, mx), reader) =
            relay_and_read(Mta::Postfix, [true, true], 10, Some(Reading::Pop3));
        let bob = &w.app::<Host<MailReader>>(reader.unwrap()).unwrap().app;
        assert_eq!(bob.read, ["Lunch on Friday?"]);
        assert!(
            w.app::<Host<SmtpServer>>(mx[0])
                .unwrap()
                .app
                .mailboxes
                .is_empty()
        );
        let said: Vec<String> = dialogue(&w).into_iter().map(|(line, _)| line).collect();
        let from = said
            .iter()
            .position(|line| line == "+OK Dovecot (Ubuntu) ready.")
            .unwrap();
        assert_eq!(
            said[from..],
            [
                "+OK Dovecot (Ubuntu) ready.",
                "USER bob",
                "+OK",
                "PASS hunter2",
                "+OK Logged in.",
                "STAT",
                "+OK 1 1200",
                "RETR 1",
                "+OK 1200 octets",
                "DELE 1",
                "+OK Marked to be deleted.",
                "QUIT",
                "+OK Logging out, messages deleted.",
            ]
        );
    }
}
