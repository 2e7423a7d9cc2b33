//! The sandbox run's charts (`cslab_lessons::sandbox_charts`) over the
//! example networks, played as the page plays them (its bounded trace, a
//! frame's events at a time): what they add up to is what the simulator's
//! own counters say.

use cslab_lessons::sandbox::SandboxLesson;
use cslab_lessons::sandbox::built;
use cslab_sandbox::Network;
use cslab_sim::net::NodeId;
use cslab_sim::time::SimTime;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/sandbox");

fn example(file: &str) -> Network {
    let text = std::fs::read_to_string(format!("{EXAMPLES}/{file}")).unwrap();
    Network::from_json(&text).unwrap()
}

/// `net`'s run as the page plays it, to its end or `until`: a frame's
/// 4,000 events at a time.
fn played(net: &Network, until: SimTime) -> Box<dyn cslab_lessons::lesson::run::LessonRun> {
    let (_, mut run) = built(net, 1, None);
    while run.world().next_event_time().is_some_and(|t| t <= until) {
        run.run_within(until, 4_000);
    }
    run
}

fn charted(run: &dyn cslab_lessons::lesson::run::LessonRun) -> &SandboxLesson {
    run.as_any()
        .downcast_ref()
        .expect("the page's run has its charts")
}

/// Bits each chart line of a link says it carried: its rates times the
/// window.
fn bits(points: &[(f64, f64)], window: SimTime) -> f64 {
    points
        .iter()
        .map(|&(_, bps)| bps * window.as_secs_f64())
        .sum()
}

#[test]
fn each_links_load_adds_up_to_the_time_it_spent_sending() {
    for file in ["download-file.json", "web-page.json", "watch-stream.json"] {
        let net = example(file);
        let run = played(&net, SimTime::from_secs(70));
        let charts = &charted(&*run).charts;
        let world = run.world();
        assert_eq!(charts.missed(), 0, "{file}: every record read in time");
        // At the end, past the last window that holds anything.
        let end = world.now() + charts.window();
        let links = world.links();
        let loads = charts.busiest_links(end, links.len());
        assert!(!loads.is_empty(), "{file}");
        for link in &links {
            let name = |node: NodeId| net.machines[node.index()].name.clone();
            let load = loads.iter().find(|load| {
                (load.ends.a.clone(), load.ends.b.clone()) == (name(link.a), name(link.b))
            });
            for (dir, line) in [(0, load.map(|l| &l.there)), (1, load.map(|l| &l.back))] {
                let sent = world.chan_stats(link.id, dir).busy.as_nanos() as f64
                    * link.spec.bandwidth_bps as f64
                    / 1e9;
                let charted = line.map_or(0.0, |points| bits(points, charts.window()));
                assert!(
                    (charted - sent).abs() <= 1e-6 * sent.max(1.0),
                    "{file}: {} – {} way {dir}: charted {charted} bits, sent {sent}",
                    name(link.a),
                    name(link.b)
                );
            }
        }
        // The busiest first.
        let carried: Vec<f64> = (loads.iter())
            .map(|l| bits(&l.there, charts.window()) + bits(&l.back, charts.window()))
            .collect();
        assert!(
            carried.windows(2).all(|w| w[0] >= w[1]),
            "{file}: {carried:?}"
        );
    }
}

#[test]
fn each_client_receives_what_its_only_link_carried_to_it() {
    // The downloads: three browsers, each on one link to the home router,
    // none lossy. Every byte that link carried towards a browser was for
    // it, and reached it.
    let net = example("download-file.json");
    let run = played(&net, SimTime::from_secs(70));
    let charts = &charted(&*run).charts;
    let world = run.world();
    let received = charts.received(world.now() + charts.window(), 8);
    assert_eq!(received.len(), 3);
    for curve in &received {
        let node = net
            .machines
            .iter()
            .position(|m| m.name == curve.name)
            .unwrap();
        let [link] = &world
            .links()
            .into_iter()
            .filter(|l| l.a.index() == node || l.b.index() == node)
            .collect::<Vec<_>>()[..]
        else {
            panic!("{}: one link", curve.name);
        };
        let towards = if link.b.index() == node { 0 } else { 1 };
        let carried = world.chan_stats(link.id, towards).tx_bytes as f64;
        let (_, got) = *curve.points.last().unwrap();
        assert_eq!(got, carried, "{}", curve.name);
        // A file of the files lesson's size, and then some headers.
        assert!(got > 100_000.0, "{}: {got}", curve.name);
        // Bytes only add up.
        assert!(
            curve
                .points
                .windows(2)
                .all(|w| w[0].1 <= w[1].1 && w[0].0 < w[1].0)
        );
    }
}

#[test]
fn the_charts_show_the_run_up_to_the_clock() {
    let net = example("web-page.json");
    let run = played(&net, SimTime::from_millis(200));
    let charts = &charted(&*run).charts;
    let window = charts.window();
    assert_eq!(window, SimTime::from_millis(10));
    let received = charts.received(SimTime::from_millis(125), 8);
    // From zero, then the 12 windows that ended by 125 ms.
    assert_eq!(received[0].points.len(), 13);
    assert_eq!(received[0].points.last().unwrap().0, 0.12);
}
