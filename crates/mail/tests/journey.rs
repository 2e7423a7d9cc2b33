//! An e-mail's journey, end to end: submitted, relayed by MX, read.

use cslab_mail::dovecot::Reading;
use cslab_mail::journey::{EmailParams, EmailSim};
use cslab_mail::relay::Relayed;
use cslab_mail::smtp::Sent;
use cslab_sim::time::SimTime;

fn run(params: EmailParams) -> EmailSim {
    let mut sim = EmailSim::new(&params);
    sim.world_mut().run_until(SimTime::from_secs(10));
    sim
}

#[test]
fn alices_message_reaches_bob_through_the_mx_with_the_lowest_preference() {
    for reading in [Reading::Imap, Reading::Pop3] {
        let sim = run(EmailParams {
            reading,
            ..EmailParams::default()
        });
        assert!(matches!(sim.alice().app.outcome, Some(Sent::Queued(_))));
        let relayed = &sim.submission().app.relay.as_ref().unwrap().relayed;
        assert!(
            matches!(&relayed[..], [(_, Relayed::Delivered { exchange, .. })] if exchange == "mx1.bob.example")
        );
        assert_eq!(sim.bob().app.read, ["Lunch on Friday?"]);
        // IMAP leaves it on the server, read; POP3 takes it away.
        let kept = &sim.mx(0).app.mailboxes;
        match reading {
            Reading::Imap => assert!(kept.len() == 1 && kept[0].seen),
            Reading::Pop3 => assert!(kept.is_empty()),
        }
        assert!(sim.mx(1).app.mailboxes.is_empty());
    }
}

#[test]
fn a_mistyped_password_sends_nothing() {
    let sim = run(EmailParams {
        wrong_password: true,
        ..EmailParams::default()
    });
    assert!(
        matches!(&sim.alice().app.outcome, Some(Sent::Refused(reply)) if reply.starts_with("535 5.7.8"))
    );
    assert!(
        sim.submission()
            .app
            .relay
            .as_ref()
            .unwrap()
            .relayed
            .is_empty()
    );
    assert!(sim.bob().app.read.is_empty());
}

/// mx1 is off for its first 20 minutes. Alice's server gives it up and
/// hands the message to mx2, the backup MX; mx2 asks DNS which exchanges
/// are better than itself (only mx1: RFC 5321 §5.1) and tries it at its
/// queue runs until mx1 is back. By hand:
/// - Postfix: mx2 fails at about 60 s (30 s on mx1 after Alice's server
///   spent 30 s on it too), waits 300 s, tried at the 600 s scan (mx1
///   still off), fails at 630 s, waits 600 s, tried at the 1500 s scan:
///   mx1 (back at 1200 s) takes it;
/// - Exim: Alice's server waits 127 s on mx1 (TCP gives up), mx2 127 s
///   more, waits 15 minutes (due at about 1154 s), tried at the 1800 s
///   queue run: mx1 takes it.
#[test]
fn the_backup_mx_keeps_the_message_until_mx1_is_back() {
    use cslab_mail::mta::Mta;
    for (mta, retried_at) in [(Mta::Postfix, vec![600, 1500]), (Mta::Exim, vec![1800])] {
        let mut sim = EmailSim::new(&EmailParams {
            mta,
            mx1_down: true,
            ..EmailParams::default()
        });
        sim.world_mut().run_until(SimTime::from_secs(40 * 60));
        let report = sim.report();
        assert_eq!(report.delivered_by.as_deref(), Some("mx2.bob.example"));
        assert_eq!(
            report.passed_on_by_backup.as_deref(),
            Some("mx1.bob.example")
        );
        let mx2 = sim.nodes().mx[1];
        let retries = sim.retries();
        assert!(retries.iter().all(|&(node, _)| node == mx2), "{mta:?}");
        let at: Vec<u64> = retries
            .iter()
            .map(|&(_, t)| t.as_nanos() / 1_000_000_000)
            .collect();
        assert_eq!(at, retried_at, "{mta:?}");
        assert_eq!(report.read, ["Lunch on Friday?"], "{mta:?}");
        assert!(sim.mx(1).app.mailboxes.is_empty());
        // mx2 never asks for its own address, nor Alice's server for
        // mx2's after it has taken the message.
        let asked_mx2 = sim
            .world()
            .trace()
            .headers()
            .filter(|h| {
                matches!(h.msg.app, cslab_sim::proto::AppMsg::Dns(d)
                    if !d.response && sim.world().names().text(d.qname) == "mx2.bob.example")
            })
            .count();
        assert_eq!(asked_mx2, 1, "{mta:?}");
    }
}

/// With Exim, the same dialogue in Exim's words.
#[test]
fn exim_says_its_own_words() {
    use cslab_mail::mta::Mta;
    use cslab_sim::proto::AppMsg;
    let sim = run(EmailParams {
        mta: Mta::Exim,
        ..EmailParams::default()
    });
    let names = sim.world().names();
    let said: Vec<&str> = (sim.world().trace().headers())
        .filter_map(|h| match h.msg.app {
            AppMsg::Text(text) => Some(names.text(text.line)),
            _ => None,
        })
        .collect();
    for expected in [
        "220 TLS go ahead",
        "235 Authentication succeeded",
        "250 Accepted",
        "354 Enter message, ending with \".\" on a line by itself",
        "221 smtp.alice.example closing connection",
    ] {
        assert!(said.contains(&expected), "{expected}: {said:?}");
    }
    assert!(said.iter().any(|line| {
        line.starts_with("220 smtp.alice.example ESMTP Exim 4.96 Thu, 03 Dec 2026 12:00:00")
    }));
    assert!(said.iter().any(|line| line.starts_with("250 OK id=1")));
    assert_eq!(sim.bob().app.read, ["Lunch on Friday?"]);
    let refused = run(EmailParams {
        mta: Mta::Exim,
        wrong_password: true,
        ..EmailParams::default()
    });
    assert!(
        matches!(&refused.alice().app.outcome, Some(Sent::Refused(reply)) if reply == "535 Incorrect authentication data")
    );
}
