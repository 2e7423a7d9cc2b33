//! A sandbox network played as a lesson (`cslab_lessons::sandbox`): the
//! stage draws each machine where the learner put it, with its name and
//! address, node `i` of the stage is node `i` of the run's world, and the
//! run is the sandbox runner's, record for record.

use cslab_lessons::lesson::layout::scaled_place;
use cslab_lessons::sandbox::{PAGE_TRACE, built};
use cslab_sandbox::Network;
use cslab_sandbox::run::SandboxRun;
use cslab_sandbox::schema::view_box;
use cslab_scene::i18n::{Lang, Tr};
use cslab_scene::topology::NodeRole;
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/sandbox");

/// Every example network, by file name.
fn examples() -> Vec<(String, Network)> {
    let mut files: Vec<_> = std::fs::read_dir(EXAMPLES)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "{files:?}");
    (files.into_iter())
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let net = Network::from_json(&text).unwrap_or_else(|r| panic!("{name}: {r:?}"));
            (name, net)
        })
        .collect()
}

#[test]
fn every_machine_is_drawn_at_its_scaled_place_with_its_name_and_address() {
    for (file, net) in examples() {
        let (topology, run) = built(&net, 1, Some(TraceMode::Full));
        let world = run.world();
        assert_eq!(topology.nodes.len(), net.machines.len(), "{file}");
        assert_eq!(world.nodes().len(), net.machines.len(), "{file}");
        for (i, (node, m)) in topology.nodes.iter().zip(&net.machines).enumerate() {
            let view = view_box(&net);
            let at = scaled_place(m.at.x as u32, m.at.y as u32, (view.0 as u32, view.1 as u32));
            assert_eq!((node.x, node.y), at, "{file}: {}", m.name);
            for lang in Lang::ALL {
                assert_eq!(node.name(Tr(lang)), m.name, "{file}");
            }
            assert_eq!(node.address, m.address.to_string(), "{file}");
            // The world's node i is the same machine.
            assert_eq!(world.nodes()[i].addr, m.address, "{file}: {}", m.name);
        }
        // The links are the document's, between the same nodes as the world's.
        let ends: Vec<(usize, usize)> = topology.links.iter().map(|l| (l.a, l.b)).collect();
        let index = |id| net.machines.iter().position(|m| m.id == id).unwrap();
        let document: Vec<(usize, usize)> =
            net.links.iter().map(|l| (index(l.a), index(l.b))).collect();
        let in_world: Vec<(usize, usize)> = (world.links().iter())
            .map(|l| (l.a.index(), l.b.index()))
            .collect();
        assert_eq!(ends, document, "{file}");
        assert_eq!(ends, in_world, "{file}");
    }
}

#[test]
fn each_kind_has_its_icon() {
    use cslab_lessons::sandbox::role;
    use cslab_sandbox::Kind;
    assert_eq!(role(Kind::Browser), NodeRole::Browser);
    assert_eq!(role(Kind::DnsResolver), NodeRole::DnsServer);
    assert_eq!(role(Kind::MailServer), NodeRole::WebServer);
    assert_eq!(role(Kind::Database), NodeRole::Database);
    assert_eq!(role(Kind::LoadBalancer), NodeRole::Balancer);
    assert_eq!(role(Kind::HomeRouter), NodeRole::Router);
}

#[test]
fn the_run_is_the_sandbox_runners_record_for_record() {
    let until = SimTime::from_secs(20);
    for (file, net) in examples() {
        let mut runner = SandboxRun::new(&net, 7);
        runner.run_until(until);
        let (_, mut run) = built(&net, 7, Some(TraceMode::Full));
        run.run_until(until);
        let (ours, theirs) = (run.world().trace(), runner.world.trace());
        assert!(theirs.total() > 20, "{file}: the example does something");
        assert_eq!(ours.total(), theirs.total(), "{file}");
        assert_eq!(ours.hash(), theirs.hash(), "{file}");
    }
}

#[test]
fn the_page_keeps_a_bounded_window_of_the_trace() {
    for (file, net) in examples() {
        let (_, page) = built(&net, 1, None);
        assert_eq!(page.world().trace().mode(), PAGE_TRACE, "{file}");
        let (_, cli) = built(&net, 1, Some(TraceMode::Full));
        assert_eq!(cli.world().trace().mode(), TraceMode::Full, "{file}");
    }
}

/// A network of block-relaying peers starts at 100 ms of network time a
/// second: its block is found at 5 s, and the relay's ~100 ms hops still
/// take a second each; every other example at the lessons' 10 ms a second.
#[test]
fn a_relay_of_blocks_starts_faster_than_other_networks() {
    use cslab_lessons::lesson::playback::SPEEDS_NS_PER_MS;
    use cslab_lessons::sandbox::start_speed;
    for (file, net) in examples() {
        let ns_per_ms = SPEEDS_NS_PER_MS[start_speed(&net)];
        let expected = if file == "gossip.json" {
            100_000
        } else {
            10_000
        };
        assert_eq!(ns_per_ms, expected, "{file}");
    }
}
