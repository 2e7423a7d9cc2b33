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
