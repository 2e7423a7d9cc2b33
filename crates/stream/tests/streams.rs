//! The three streams run to their end, against figures worked out by hand.

use cslab_sim::runs::addresses::{HomeAddrs, page};
use cslab_stream::webrtc::sdp::Kind as Candidate;
use cslab_stream::world::*;

fn run(p: StreamParams) -> (StreamSim, StreamReport) {
    let mut sim = StreamSim::new(&p);
    let end = sim.length();
    sim.world_mut().run_until(end);
    let report = sim.report();
    sim.world().check_packet_conservation().unwrap();
    (sim, report)
}

#[test]
fn hls_goes_down_when_the_line_drops_and_back_up_when_it_recovers() {
    let (_, report) = run(StreamParams::default());
    // It starts at 240p (0.7 × the default 500 kbit/s = 350k ≥ 300k), then
    // the first segment (150,000 B in ~0.37 s: ~3.3 Mbit/s; 0.7 × 3.3M ≥
    // 1.6M) sends it to 720p.
    let (first, to) = report.switches[0];
    assert!(first < 600 && to == 2, "{:?}", report.switches);
    // The segment asked after the drop (20 s) carries 800,000 B at 1 Mbit/s:
    // 6.4 s at least; its throughput, under 1 Mbit/s, times 0.95 fits
    // 480p's 800 kbit/s, not 720p's 1.6M.
    let (down_at, to) = report.switches[1];
    assert_eq!(to, 1);
    let slow = report
        .segments
        .iter()
        .find(|s| s.asked_ns > 20_000_000_000)
        .unwrap();
    assert!(slow.done_ns - slow.asked_ns >= 6_400_000_000, "{slow:?}");
    assert!(
        (800_000 * 100 / 95..1_000_000).contains(&slow.bits_per_s),
        "{slow:?}"
    );
    assert_eq!(down_at, slow.done_ns / 1_000_000);
    // The line is back at 40 s: the segment under way then finishes fast,
    // and 0.7 × its throughput ≥ 1.6M takes it back to 720p, before 42 s.
    let (up_at, to) = report.switches[2];
    assert!((40_000..42_000).contains(&up_at) && to == 2, "{up_at}");
    assert_eq!(report.switches.len(), 3);
    assert_eq!(report.stalls, 0);
    // Live: it starts at segment 12 (of 9–14 listed at 60.1 s of the
    // channel, three target durations from the end: 48 s), once that is
    // in, at ~0.49 s: 60.49 − 48 = 12.49 s behind live, and stays there.
    assert_eq!(report.segments[0].n, 12);
    let behind = report.glass_to_glass_ms.unwrap();
    assert!((12_000..13_000).contains(&behind), "{behind}");
}

#[test]
fn rtp_sends_a_packet_a_frame_and_a_loss_is_a_gap() {
    for fps in [15, 25, 30] {
        let (_, report) = run(StreamParams {
            kind: Kind::Rtsp,
            fps,
            loss: 5,
            ..StreamParams::default()
        });
        // fps × 10 s, one packet a frame.
        assert_eq!(report.rtp_sent, fps * RTSP_S as u32);
        // What did not arrive is counted as missing, not sent again (a
        // loss at the very end leaves no gap behind it).
        let accounted = report.rtp_received + report.rtp_lost;
        assert!(report.rtp_sent - accounted <= 2, "{report:?}");
        assert!(report.rtp_lost > 0 && report.glitches > 0, "{report:?}");
        // Glass to glass: a frame (1/fps) + 1 ms and 5 ms of links (+ ~0.2
        // ms on the wires) + VLC's 1000 ms.
        let frame = 1_000 / u64::from(fps);
        let expected = frame + 6 + VLC_CACHING_MS;
        let g2g = report.glass_to_glass_ms.unwrap();
        assert!(
            (expected..=expected + 1).contains(&g2g),
            "{g2g} against {expected}"
        );
    }
    let (_, clean) = run(StreamParams {
        kind: Kind::Rtsp,
        loss: 0,
        ..StreamParams::default()
    });
    assert_eq!(
        (clean.rtp_received, clean.rtp_lost, clean.glitches),
        (300, 0, 0)
    );
}

#[test]
fn stun_tells_each_side_its_routers_public_address() {
    let (sim, report) = run(StreamParams {
        kind: Kind::WebRtc,
        ..StreamParams::default()
    });
    let alice = sim.agent(false).unwrap();
    let srflx = alice
        .local
        .iter()
        .find(|c| c.kind == Candidate::ServerReflexive)
        .unwrap();
    assert_eq!((srflx.addr, srflx.port), (page::ROUTER_PUBLIC, 50_000));
    let bob = sim.agent(true).unwrap();
    let srflx = bob
        .local
        .iter()
        .find(|c| c.kind == Candidate::ServerReflexive)
        .unwrap();
    assert_eq!(srflx.addr, HomeAddrs::OTHER.public);
    // Behind two home routers the call is direct.
    assert_eq!(report.relayed, Some(false));
    // 30 frames a second from when media starts to the hang-up at 8 s.
    assert!(
        report.media[0] > 30 * 7 && report.media[0] == report.media[1],
        "{report:?}"
    );
    // Glass to glass: a frame (33 ms) + 5 + 5 + 5 + 5 ms of links (+ the
    // wires' time): about 53 ms.
    let g2g = report.glass_to_glass_ms.unwrap();
    assert!((53..60).contains(&g2g), "{g2g}");
}

#[test]
fn two_symmetric_nats_send_the_call_through_turn() {
    // Bob's symmetric alone: Bob's checks reach Alice from a new port
    // (her router lets in any port of an address she has sent to), she
    // learns it as peer-reflexive and the call stays direct.
    let (_, one) = run(StreamParams {
        kind: Kind::WebRtc,
        nats: Nats::Symmetric,
        ..StreamParams::default()
    });
    assert_eq!(one.relayed, Some(false));
    // Both symmetric: no direct check gets in; media goes by TURN.
    let (sim, both) = run(StreamParams {
        kind: Kind::WebRtc,
        nats: Nats::Both,
        ..StreamParams::default()
    });
    assert_eq!(both.relayed, Some(true));
    assert!(both.media[1] > 30 * 7, "{both:?}");
    let alice = sim.agent(false).unwrap();
    assert!(
        alice
            .pairs
            .iter()
            .filter(|p| p.succeeded)
            .all(|p| p.relayed())
    );
}

#[test]
fn the_table_worked_a_slice_at_a_time_is_the_one_worked_at_once() {
    let p = StreamParams::default();
    let mut comparison = Comparison::new(&p);
    let mut slices = 1;
    while !comparison.work(500) {
        slices += 1;
        assert!(comparison.done() < 1.0);
    }
    // (60 + 1) + (10 + 1) + (8 + 1) = 81 s watched, in slices of 500 ms.
    assert_eq!(slices, 162);
    assert_eq!(comparison.reports, compare(&p));
}
