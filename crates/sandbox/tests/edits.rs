//! Edits: each is checked with the file's messages, a refused one changes
//! nothing, and undoing every edit of a random sequence gives back the
//! first network (redoing them, the last one).

mod common;

use common::{add, connect};
use cslab_sandbox::{
    Edit, History, Kind, LinkId, LinkNumbers, MachineId, Network, Point, Task, TaskKind,
};
use cslab_scene::i18n::{Lang, Tr};
use proptest::prelude::*;

fn example() -> Network {
    let text = include_str!("../../../examples/sandbox/web-page.json");
    Network::from_json(text).unwrap()
}

#[test]
fn a_new_machine_gets_a_free_name_and_address() {
    let mut net = example();
    let web = add(&mut net, Kind::WebServer, (900, 800));
    let web = net.machine(web).unwrap();
    assert_eq!(web.name, "Web server 2");
    assert_eq!(web.address.to_string(), "203.0.113.1");
    let label = Tr(Lang::Es).t(Kind::WebServer.label_key());
    let spanish = net
        .new_machine(Kind::WebServer, Point::default(), &label)
        .unwrap();
    assert_eq!(spanish.name, "Servidor web 1");
    assert_eq!(spanish.id, MachineId(10));
}

#[test]
fn removing_a_machine_removes_its_links_and_undo_puts_them_back() {
    let mut history = History::new(example());
    let router = MachineId(3);
    history.apply(Edit::RemoveMachine(router)).unwrap();
    assert_eq!(history.network().machines.len(), 7);
    assert!(history.network().links.iter().all(|l| !l.touches(router)));
    assert_eq!(history.network().links.len(), 1);
    assert!(history.undo());
    assert_eq!(history.network(), &example());
    assert_eq!(history.redo(), Ok(true));
    assert_eq!(history.network().links.len(), 1);
}

#[test]
fn a_refused_edit_changes_nothing_and_says_why() {
    let mut history = History::new(example());
    history
        .apply(Edit::MoveMachine {
            id: MachineId(1),
            to: Point { x: 5, y: 5 },
        })
        .unwrap();
    history.undo();
    let before = history.clone();
    let refused = [
        (
            Edit::Rename {
                id: MachineId(1),
                name: "Router 1".into(),
            },
            "Browser 1.name: another machine is already called “Router 1”.",
        ),
        (
            Edit::Readdress {
                id: MachineId(1),
                address: "203.0.113.80".into(),
            },
            "Browser 1.address: 203.0.113.80 is already the address of “Web server 1”; two \
             machines cannot share an address.",
        ),
        (
            Edit::Readdress {
                id: MachineId(1),
                address: "10.0.0".into(),
            },
            "Browser 1.address: “10.0.0” is not an IPv4 address (four numbers from 0 to 255 \
             with dots between them, such as 192.168.1.10).",
        ),
        (
            Edit::MoveMachine {
                id: MachineId(1),
                to: Point { x: 10_001, y: 0 },
            },
            "Browser 1.x: 10001 is out of range: it goes from 0 to 10000.",
        ),
        (
            Edit::SetSetting {
                id: MachineId(8),
                key: "preset".into(),
                value: "lighttpd".into(),
            },
            "Web server 1.settings.preset: “lighttpd” is not one of apache-prefork, \
             apache-event, nginx, iis, tomcat, glassfish, webrick, nodejs, flask-dev.",
        ),
        (
            Edit::SetSetting {
                id: MachineId(8),
                key: "colour".into(),
                value: "red".into(),
            },
            "Web server 1.settings: “colour” is not part of the network format here.",
        ),
        (
            Edit::SetTask {
                id: MachineId(1),
                task: Task::new(TaskKind::JoinSwarm),
            },
            "Browser 1.task.do: “join-swarm” is not one of open-page, call-api, chat, \
             download-file, watch-stream, play-game.",
        ),
        (
            Edit::SetLink {
                id: LinkId(1),
                numbers: LinkNumbers {
                    bandwidth_mbps: 100,
                    delay_ms: 5,
                    loss_percent: 50,
                },
            },
            "Browser 1–Home router 1.loss_percent: 50 is out of range: it goes from 0 to 10.",
        ),
        (
            Edit::Connect(example().new_link(MachineId(2), MachineId(1))),
            "Home router 1–Browser 1: “Home router 1” and “Browser 1” are already linked.",
        ),
        (
            Edit::Connect(example().new_link(MachineId(1), MachineId(42))),
            "Browser 1–#42.b: there is no machine with the id 42 to link to.",
        ),
        (
            Edit::RemoveMachine(MachineId(42)),
            "There is no machine with the id 42.",
        ),
        (
            Edit::Disconnect(LinkId(42)),
            "There is no link with the id 42.",
        ),
    ];
    for (edit, message) in refused {
        let mut tried = history.clone();
        assert_eq!(
            tried.apply(edit.clone()).unwrap_err().english(),
            message,
            "{edit:?}"
        );
        assert_eq!(tried, before, "{edit:?} changed something");
    }
    assert!(
        history.can_redo(),
        "a refused edit keeps what can be redone"
    );
}

#[test]
fn a_new_edit_forgets_what_was_undone() {
    let mut history = History::new(example());
    let to = Point { x: 1, y: 2 };
    history
        .apply(Edit::MoveMachine {
            id: MachineId(1),
            to,
        })
        .unwrap();
    assert!(history.undo());
    assert!(history.can_redo());
    history
        .apply(Edit::Rename {
            id: MachineId(1),
            name: "Alice’s laptop".into(),
        })
        .unwrap();
    assert!(!history.can_redo());
    assert_eq!(history.redo(), Ok(false));
    assert!(history.undo());
    assert!(!history.undo());
    assert_eq!(history.network(), &example());
}

#[test]
fn the_sandbox_holds_500_machines_and_refuses_the_501st() {
    let mut net = Network::default();
    let mut last = add(&mut net, Kind::Router, (0, 0));
    for i in 1..500 {
        let kind = Kind::ALL[i % Kind::ALL.len()];
        let id = add(
            &mut net,
            kind,
            ((i % 50) as i64 * 150, (i / 50) as i64 * 150),
        );
        connect(&mut net, id, last);
        last = id;
    }
    assert_eq!(net.machines.len(), 500);
    let refusal = net
        .new_machine(Kind::Peer, Point::default(), "Peer")
        .unwrap_err();
    assert_eq!(
        refusal.english(),
        "The network would have 501 machines; the sandbox holds at most 500."
    );
    assert_eq!(Network::from_json(&net.to_json()), Ok(net));
}

/// An edit drawn at random, its machines and links picked among those
/// there are when it is applied (some of them refused).
#[derive(Clone, Debug)]
enum Draw {
    Add(usize, i64, i64),
    Move(usize, i64, i64),
    Remove(usize),
    Connect(usize, usize),
    Disconnect(usize),
    SetLink(usize, u64, u64, u64),
    Rename(usize, usize),
    Readdress(usize, usize),
    SetTask(usize, usize),
    SetSetting(usize, usize, usize),
}

const NAMES: [&str; 4] = ["Alice’s laptop", "Router 1", "", "Web server 9"];
const ADDRESSES: [&str; 4] = ["10.1.2.3", "192.168.1.10", "300.1.1.1", "198.51.100.99"];
const VALUES: [&str; 5] = ["nginx", "iis", "recursive", "example.net", "exim"];

fn draw() -> impl Strategy<Value = Draw> {
    let coord = -100i64..10_200;
    prop_oneof![
        (any::<usize>(), coord.clone(), coord.clone()).prop_map(|(k, x, y)| Draw::Add(k, x, y)),
        (any::<usize>(), coord.clone(), coord).prop_map(|(i, x, y)| Draw::Move(i, x, y)),
        any::<usize>().prop_map(Draw::Remove),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Draw::Connect(a, b)),
        any::<usize>().prop_map(Draw::Disconnect),
        (any::<usize>(), 0u64..12_000, 0u64..600, 0u64..12)
            .prop_map(|(i, b, d, l)| Draw::SetLink(i, b, d, l)),
        (any::<usize>(), 0..NAMES.len()).prop_map(|(i, n)| Draw::Rename(i, n)),
        (any::<usize>(), 0..ADDRESSES.len()).prop_map(|(i, a)| Draw::Readdress(i, a)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, t)| Draw::SetTask(i, t)),
        (any::<usize>(), any::<usize>(), 0..VALUES.len())
            .prop_map(|(i, k, v)| Draw::SetSetting(i, k, v)),
    ]
}

/// The edit `draw` stands for in `net`.
fn edit(net: &Network, draw: &Draw) -> Option<Edit> {
    let machine = |i: usize| net.machines.get(i % net.machines.len().max(1));
    let link = |i: usize| net.links.get(i % net.links.len().max(1));
    Some(match *draw {
        Draw::Add(k, x, y) => {
            let kind = Kind::ALL[k % Kind::ALL.len()];
            Edit::AddMachine(net.new_machine(kind, Point { x, y }, "Machine").ok()?)
        }
        Draw::Move(i, x, y) => Edit::MoveMachine {
            id: machine(i)?.id,
            to: Point { x, y },
        },
        Draw::Remove(i) => Edit::RemoveMachine(machine(i)?.id),
        Draw::Connect(a, b) => Edit::Connect(net.new_link(machine(a)?.id, machine(b)?.id)),
        Draw::Disconnect(i) => Edit::Disconnect(link(i)?.id),
        Draw::SetLink(i, bandwidth_mbps, delay_ms, loss_percent) => Edit::SetLink {
            id: link(i)?.id,
            numbers: LinkNumbers {
                bandwidth_mbps,
                delay_ms,
                loss_percent,
            },
        },
        Draw::Rename(i, n) => Edit::Rename {
            id: machine(i)?.id,
            name: NAMES[n].into(),
        },
        Draw::Readdress(i, a) => Edit::Readdress {
            id: machine(i)?.id,
            address: ADDRESSES[a].into(),
        },
        Draw::SetTask(i, t) => Edit::SetTask {
            id: machine(i)?.id,
            task: Task::new(TaskKind::ALL[t % TaskKind::ALL.len()]),
        },
        Draw::SetSetting(i, k, v) => {
            let m = machine(i)?;
            let keys = m.kind.settings();
            let key = keys.get(k % keys.len().max(1)).map_or("colour", |f| f.key);
            Edit::SetSetting {
                id: m.id,
                key: key.into(),
                value: VALUES[v].into(),
            }
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn undoing_every_edit_gives_back_the_first_network(draws in prop::collection::vec(draw(), 1..40)) {
        let first = example();
        let mut history = History::new(first.clone());
        let mut done = 0;
        for draw in &draws {
            let Some(edit) = edit(history.network(), draw) else { continue };
            let before = history.network().clone();
            match history.apply(edit) {
                Ok(()) => done += 1,
                Err(_) => prop_assert_eq!(history.network(), &before, "a refused edit changed it"),
            }
            // Whatever was done, the network is one a file can hold.
            let json = history.network().to_json();
            prop_assert_eq!(&Network::from_json(&json).unwrap(), history.network());
        }
        let last = history.network().clone();
        for _ in 0..done {
            prop_assert!(history.undo());
        }
        prop_assert!(!history.undo());
        prop_assert_eq!(history.network(), &first);
        for _ in 0..done {
            prop_assert_eq!(history.redo(), Ok(true));
        }
        prop_assert_eq!(history.redo(), Ok(false));
        prop_assert_eq!(history.network(), &last);
    }
}
