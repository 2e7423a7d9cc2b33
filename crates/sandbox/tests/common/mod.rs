//! Networks the tests build as the palette does.

use cslab_sandbox::{Edit, Kind, Link, MachineId, Network, Point, Task, TaskKind};
use cslab_scene::i18n::{Lang, Tr};

/// Adds a machine of `kind` at `at`, named in English; returns its id.
pub fn add(net: &mut Network, kind: Kind, at: (i64, i64)) -> MachineId {
    let at = Point { x: at.0, y: at.1 };
    let machine = net
        .new_machine(kind, at, &Tr(Lang::En).t(kind.label_key()))
        .unwrap();
    let id = machine.id;
    net.apply(&Edit::AddMachine(machine)).unwrap();
    id
}

pub fn connect(net: &mut Network, a: MachineId, b: MachineId) -> Link {
    let link = net.new_link(a, b);
    net.apply(&Edit::Connect(link)).unwrap();
    link
}

#[allow(dead_code)] // The refusals do not use it.
/// Every kind of machine, and a browser, mail program and peer for each
/// task, each linked to one router.
pub fn every_kind_and_task() -> Network {
    let mut net = Network::default();
    let router = add(&mut net, Kind::Router, (500, 500));
    let mut x = 0;
    let mut place = |net: &mut Network, kind| {
        x += 100;
        let id = add(net, kind, (x, 100));
        connect(net, id, router);
        id
    };
    for kind in Kind::ALL.into_iter().filter(|&k| k != Kind::Router) {
        place(&mut net, kind);
    }
    for kind in [Kind::Browser, Kind::MailClient, Kind::Peer] {
        for &what in kind.tasks() {
            let id = place(&mut net, kind);
            let task = Task::new(what);
            net.apply(&Edit::SetTask { id, task }).unwrap();
        }
    }
    let tasks: Vec<TaskKind> = (net.machines.iter())
        .filter_map(|m| m.task.as_ref().map(|t| t.what))
        .collect();
    assert!(TaskKind::ALL.iter().all(|t| tasks.contains(t)));
    net
}
