//! The lesson "What is a server?": one machine runs several server programs,
//! each listening on its own port; a client (a phone, a laptop or a
//! desktop, each on its own access network) asks DNS for the machine's
//! address and knocks on each door in turn: the programs answer in their
//! protocols, a port nobody listens on refuses, a port the firewall closes
//! stays silent until the connect gives up. Two more clients use the web
//! server at the same time, each with its own connection to port 80. A
//! switch runs the client on the server itself, over 127.0.0.1.

use super::address::{InAddress, Param, Values, place, switch_param};
use super::layout::{Place, world_topology};
use super::machine_state::{cache_rows, nat_rows, socket_rows};
use super::playback::SPEEDS_NS_PER_MS;
use super::questions::{Arg, Choice, Observed, Question, words};
use super::run::LessonRun;
use super::settings::Field;
use super::{LessonSpec, LessonView, SettingsCard, none};
use cslab_scene::i18n::Lang;
use cslab_scene::kind::PacketKind;
use cslab_scene::story::{Plot, StoryStep};
use cslab_scene::topology::{NodeRole, Topology};
use cslab_sim::net::{NodeId, World};
use cslab_sim::proto::tcp::flags;
use cslab_sim::runs::servers::{Device, FILTERED_PORT, PROGRAMS, ServersParams, ServersSim};
use cslab_sim::time::SimTime;
use cslab_sim::trace::{TraceEvent, TraceMode};

pub const LESSON: LessonSpec = LessonSpec {
    code: "what-is-a-server",
    title_key: "lesson-servers-title",
    intro_keys: &["lesson-servers-intro-1", "lesson-servers-intro-2"],
    view: LessonView::Stage { load_charts: false },
    card: SettingsCard::Servers,
    speeds: &SPEEDS_NS_PER_MS,
    default_speed: 2,
    settings: &Field {
        get: |settings| &settings.servers,
        get_mut: |settings| &mut settings.servers,
    },
    legend: |_| (&PacketKind::ALL, true),
    plot: |settings| {
        Some(Plot::Doors {
            same_machine: settings.servers.same_machine,
        })
    },
    try_next_key: "lesson-servers-try",
    server_gauge: none,
    build: |settings, seed, _| {
        // A few thousand records: the event list shows all of them.
        let sim = ServersSim::new(&ServersParams {
            device: settings.servers.device,
            same_machine: settings.servers.same_machine,
            seed,
            trace: TraceMode::Full,
        });
        let mut topology = servers_topology(&sim, settings.servers.device);
        topology.nodes[sim.nodes().server.index()].loopback = settings.servers.same_machine;
        Some((topology, Box::new(sim)))
    },
    off_stage_run: None,
    prepare: none,
    questions: &[FIREWALL],
};

/// What the client sees at the door the firewall closes, asked where the
/// closed door's refusal is told (a RST, RFC 9293 §3.10.7.1: the learner
/// has just seen one) and shown where the client sends its SYN again, or,
/// on the machine itself, where the tour ends. A firewall that drops
/// (iptables/nftables `DROP`) sends nothing back, so the client's
/// retransmission timer runs out (1 s at first, RFC 6298 §2.1; Linux
/// `TCP_TIMEOUT_INIT`); a machine's packets to itself cross the loopback
/// interface, which firewalls accept (ufw's before.rules: `-i lo -j
/// ACCEPT`), so there sshd answers.
const FIREWALL: Question = Question {
    key: "ask-servers-firewall",
    args: |_| vec![("port", Arg::Number(FILTERED_PORT.into()))],
    ask: StoryStep::DoorRefused,
    reveal: &[StoryStep::KnockAgain, StoryStep::TourDone],
    choices: |_| {
        words(&[
            "choice-servers-refused",
            SILENCE,
            ANSWERED,
            "choice-servers-warning",
        ])
    },
    observe: filtered_door,
};

const SILENCE: &str = "choice-servers-silence";
const ANSWERED: &str = "choice-servers-answers";

/// What came back for the first SYN sent to the filtered port by `until`:
/// the same SYN sent again (nothing came back), or the program's SYN-ACK.
fn filtered_door(world: &World, until: SimTime) -> Option<Observed> {
    let trace = world.trace();
    let mut knocked = None;
    for record in trace.records().take_while(|record| record.t <= until) {
        let TraceEvent::PacketSent { pkt, .. } = record.ev else {
            continue;
        };
        let Some((header, tcp)) = trace
            .header(pkt)
            .and_then(|header| Some((header, header.msg.tcp?)))
        else {
            continue;
        };
        let port = u64::from(FILTERED_PORT);
        match knocked {
            None if header.dst_port == FILTERED_PORT && tcp.flags == flags::SYN => {
                knocked = Some(record.t);
            }
            Some(at) if header.dst_port == FILTERED_PORT && tcp.retransmission => {
                return Some(Observed {
                    answer: Choice::Words(SILENCE),
                    explain_key: "explain-servers-silence",
                    args: vec![
                        ("port", Arg::Number(port)),
                        ("wait", Arg::Millis(record.t - at)),
                    ],
                });
            }
            Some(_) if header.src_port == FILTERED_PORT && tcp.flags == flags::SYN | flags::ACK => {
                return Some(Observed {
                    answer: Choice::Words(ANSWERED),
                    explain_key: "explain-servers-answers",
                    args: vec![("port", Arg::Number(port))],
                });
            }
            _ => {}
        }
    }
    None
}

/// What the learner chooses: the device that asks, and whether it is the
/// server machine itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ServersSettings {
    pub device: Device,
    pub same_machine: bool,
}

/// A device as the address names it.
pub fn device_code(device: Device) -> &'static str {
    match device {
        Device::Phone => "phone",
        Device::Laptop => "laptop",
        Device::Desktop => "desktop",
    }
}

/// The message id of a device's choice, with its access network's figures.
pub fn device_label_key(device: Device) -> &'static str {
    match device {
        Device::Phone => "device-phone",
        Device::Laptop => "device-laptop",
        Device::Desktop => "device-desktop",
    }
}

impl InAddress for ServersSettings {
    const PARAMS: &'static [Param<Self>] = &[
        Param {
            name: "device",
            values: Values::Words(Device::ALL.len(), |i| device_code(Device::ALL[i])),
            get: |s| place(&Device::ALL, &s.device),
            set: |s, i| s.device = Device::ALL[i],
        },
        switch_param!("same-machine", same_machine),
    ];
}

/// The device and its gateway on the left, the Internet in the middle, the
/// server machine on the right; the DNS server and the two other clients
/// above.
fn servers_topology(sim: &ServersSim, device: Device) -> Topology {
    let ids = sim.nodes();
    let (icon, device_key, device_role, gateway_key) = match device {
        Device::Phone => (NodeRole::Phone, "node-phone", "role-phone", "node-carrier"),
        Device::Laptop => (
            NodeRole::Laptop,
            "node-laptop",
            "role-laptop",
            "node-home-router",
        ),
        Device::Desktop => (
            NodeRole::Browser,
            "node-desktop",
            "role-desktop",
            "node-home-router",
        ),
    };
    world_topology(sim.world(), |node| {
        let (role, name_key, number, description_key, x, y) = match node.id {
            id if id == ids.device => (icon, device_key, None, device_role, 90, 330),
            id if id == ids.gateway => {
                (NodeRole::Router, gateway_key, None, "role-router", 260, 330)
            }
            id if id == ids.internet => (
                NodeRole::Router,
                "node-internet",
                None,
                "role-internet",
                440,
                250,
            ),
            id if id == ids.dns => (
                NodeRole::DnsServer,
                "node-dns",
                None,
                "role-dns-server",
                440,
                95,
            ),
            id if id == ids.server => (
                NodeRole::WebServer,
                "node-server-machine",
                None,
                "role-server-machine",
                700,
                300,
            ),
            id if id == ids.others[0] => (
                NodeRole::Client,
                "node-client",
                Some(2),
                "role-other-client",
                610,
                95,
            ),
            _ => (
                NodeRole::Client,
                "node-client",
                Some(3),
                "role-other-client",
                750,
                165,
            ),
        };
        Place {
            role,
            name_key,
            number,
            description_key,
            x,
            y,
        }
    })
}

impl LessonRun for ServersSim {
    fn world(&self) -> &World {
        ServersSim::world(self)
    }
    fn world_mut(&mut self) -> &mut World {
        ServersSim::world_mut(self)
    }
    /// Addresses, ports and names are the protocols' own text.
    fn node_state(&self, node: NodeId, _lang: Lang) -> Vec<(&'static str, String)> {
        let ids = self.nodes();
        let world = self.world();
        match node {
            id if id == ids.server => socket_rows(world, &self.server().tcp, id, &PROGRAMS),
            id if id == ids.device => {
                let mut facts = socket_rows(world, self.knocker_stack(), id, &[]);
                if let Some(cache) = self.device_dns_cache() {
                    facts.extend(cache_rows(world, cache));
                }
                facts
            }
            id if id == ids.gateway => nat_rows(world, id),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Lesson;
    use crate::lesson::settings::Settings;
    use cslab_scene::story::{StoryStep::*, story};
    use cslab_sim::time::SimTime;

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<ServersSettings>();
    }

    fn told(servers: ServersSettings) -> Vec<cslab_scene::story::StoryStep> {
        let settings = Settings {
            servers,
            ..Settings::default()
        };
        let lesson = Lesson(&LESSON);
        let (_, mut run) = lesson.build(&settings, 1).unwrap();
        run.world_mut().run();
        story(run.world(), SimTime::MAX, lesson.plot(&settings).unwrap())
            .into_iter()
            .map(|(_, step)| step)
            .collect()
    }

    #[test]
    fn the_tour_is_told_door_by_door() {
        assert_eq!(
            told(ServersSettings::default()),
            [
                AskServerName,
                KnockWeb,
                SharedPort,
                KnockHttps,
                KnockMail,
                KnockDatabase,
                KnockApp,
                KnockPrint,
                KnockClosed,
                DoorRefused,
                KnockFiltered,
                KnockAgain,
                DoorTimedOut,
                TourDone
            ]
        );
        let same_machine = told(ServersSettings {
            same_machine: true,
            ..ServersSettings::default()
        });
        assert_eq!(same_machine[0], KnockWeb, "no DNS for 127.0.0.1");
        assert!(same_machine.contains(&KnockFiltered) && !same_machine.contains(&DoorTimedOut));
        assert_eq!(
            Lesson(&LESSON)
                .plot(&Settings {
                    servers: ServersSettings {
                        same_machine: true,
                        ..ServersSettings::default()
                    },
                    ..Settings::default()
                })
                .unwrap()
                .key(KnockFiltered),
            "story-knock-filtered-loopback"
        );
    }

    #[test]
    fn the_server_names_the_program_behind_each_socket() {
        let (_, mut run) = Lesson(&LESSON).build(&Settings::default(), 1).unwrap();
        run.world_mut().run_until(SimTime::from_secs(2));
        let facts = run.node_state(NodeId(4), Lang::En);
        for line in [
            "LISTEN 0 511 0.0.0.0:80 0.0.0.0:* users:((\"nginx\"))",
            "LISTEN 0 4096 0.0.0.0:25 0.0.0.0:* users:((\"master\"))",
        ] {
            assert!(
                facts.iter().any(|(_, fact)| fact == line),
                "{line} in {facts:?}"
            );
        }
        let device = run.node_state(NodeId(0), Lang::En);
        assert!(
            device.iter().any(|(key, fact)| *key == "state-cache"
                && fact.starts_with("server.example.com A 203.0.113.10")),
            "{device:?}"
        );
    }
}
