//! SMTP as Postfix speaks it, over the lab's TCP and TLS: submission on 587
//! with STARTTLS and AUTH, a wrong password, relaying refused, local mail
//! accepted on 25.

use cslab_sim::apps::smtp::{
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
        hostname: "mail.alice.example".into(),
        domains: vec!["alice.example".into()],
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
