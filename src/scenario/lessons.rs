//! The built-in lessons: what each puts on the stage, the simulation it runs,
//! and the messages that narrate it.

use super::topology::{LinkSpec, NodeRole, NodeSpec, STAGE_HEIGHT, Topology};
use crate::sim::net::{NodeKind, World};
use crate::sim::scenarios::queue::{QueueParams, QueueSim};
use crate::sim::trace::TraceMode;

/// A running simulation a lesson animates.
pub trait LessonRun {
    fn world(&self) -> &World;
    fn world_mut(&mut self) -> &mut World;
}

impl LessonRun for QueueSim {
    fn world(&self) -> &World {
        QueueSim::world(self)
    }
    fn world_mut(&mut self) -> &mut World {
        QueueSim::world_mut(self)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lesson {
    /// "What happens when you open a web page".
    #[default]
    WebPage,
    /// "The server says no": a full accept queue refuses requests.
    ServerSaysNo,
}

impl Lesson {
    pub const ALL: [Lesson; 2] = [Lesson::WebPage, Lesson::ServerSaysNo];

    /// The form `?lesson=` takes.
    pub fn code(self) -> &'static str {
        match self {
            Lesson::WebPage => "web-page",
            Lesson::ServerSaysNo => "server-says-no",
        }
    }

    pub fn from_code(code: &str) -> Option<Lesson> {
        Lesson::ALL.into_iter().find(|lesson| lesson.code() == code)
    }

    pub fn title_key(self) -> &'static str {
        match self {
            Lesson::WebPage => "lesson-web-title",
            Lesson::ServerSaysNo => "lesson-refuse-title",
        }
    }

    /// The paragraphs that introduce the lesson.
    pub fn intro_keys(self) -> &'static [&'static str] {
        match self {
            Lesson::WebPage => &["lesson-web-intro-1", "lesson-web-intro-2"],
            Lesson::ServerSaysNo => &["lesson-refuse-intro-1", "lesson-refuse-intro-2"],
        }
    }

    /// The speed slider's stop the lesson opens at: its events are
    /// microseconds apart for a page load, tenths of a second for a server.
    pub fn default_speed(self) -> usize {
        match self {
            Lesson::WebPage => 3,
            Lesson::ServerSaysNo => 5,
        }
    }

    /// The network to draw and the simulation that runs on it.
    pub fn build(self) -> (Topology, Option<Box<dyn LessonRun>>) {
        match self {
            Lesson::WebPage => (web_page_topology(), None),
            Lesson::ServerSaysNo => {
                let sim = QueueSim::new(&server_says_no_params())
                    .expect("the lesson's parameters are valid");
                (queue_topology(sim.world()), Some(Box::new(sim)))
            }
        }
    }
}

/// A browser, the local DNS server and the web server, joined by a router.
/// Addresses come from the ranges reserved for documentation (RFC 5737), so
/// none of them is a real host.
pub fn web_page_topology() -> Topology {
    let node = |role, name_key, address: &str, x, y| NodeSpec {
        role,
        name_key,
        number: None,
        address: address.into(),
        x,
        y,
    };
    Topology {
        nodes: vec![
            node(NodeRole::Browser, "node-browser", "192.0.2.10", 130, 220),
            node(NodeRole::Router, "node-router", "192.0.2.1", 400, 220),
            node(NodeRole::DnsServer, "node-dns", "198.51.100.53", 670, 100),
            node(NodeRole::WebServer, "node-web", "203.0.113.80", 670, 340),
        ],
        links: vec![
            LinkSpec { a: 0, b: 1 },
            LinkSpec { a: 1, b: 2 },
            LinkSpec { a: 1, b: 3 },
        ],
    }
}

/// Four clients send to one server that answers one request at a time
/// (about 200 ms each) and has two places in its accept queue; they ask three
/// times faster than it can answer, so the queue fills and the server refuses.
pub fn server_says_no_params() -> QueueParams {
    QueueParams {
        servers: 1,
        service_rate: 5.0,
        arrival_rate: 15.0,
        queue_capacity: Some(2),
        clients: 4,
        requests: 40,
        rtt_ms: 40.0,
        access_bandwidth_bps: 2_000_000,
        server_bandwidth_bps: 10_000_000,
        seed: 7,
        trace: TraceMode::Full,
        ..QueueParams::default()
    }
}

/// The queue world laid out for the stage: clients in a column on the left,
/// the router in the middle, the server on the right; nodes keep the world's
/// order so link ends index both.
fn queue_topology(world: &World) -> Topology {
    let nodes = world.nodes();
    let clients = nodes
        .iter()
        .filter(|node| node.kind == NodeKind::Host)
        .count() as u32;
    let mut client_number = 0;
    let nodes = nodes
        .iter()
        .map(|node| {
            let (role, name_key, number, x, y) = match node.kind {
                NodeKind::Router => (NodeRole::Router, "node-router", None, 400, STAGE_HEIGHT / 2),
                NodeKind::Server => (NodeRole::WebServer, "node-web", None, 670, STAGE_HEIGHT / 2),
                NodeKind::Host => {
                    client_number += 1;
                    let y = STAGE_HEIGHT * (2 * client_number - 1) / (2 * clients);
                    (NodeRole::Client, "node-client", Some(client_number), 130, y)
                }
            };
            NodeSpec {
                role,
                name_key,
                number,
                address: node.addr.to_string(),
                x,
                y,
            }
        })
        .collect();
    let links = world
        .links()
        .iter()
        .map(|link| LinkSpec {
            a: link.a.index(),
            b: link.b.index(),
        })
        .collect();
    Topology { nodes, links }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::topology::STAGE_WIDTH;

    #[test]
    fn every_lesson_is_a_connected_drawable_network() {
        for lesson in Lesson::ALL {
            let (topology, _) = lesson.build();
            for node in &topology.nodes {
                assert!(
                    node.x < STAGE_WIDTH && node.y < STAGE_HEIGHT,
                    "{node:?} is off the stage"
                );
            }
            // Every node is reachable from the first over the links.
            let mut reached = vec![false; topology.nodes.len()];
            reached[0] = true;
            for _ in 0..topology.nodes.len() {
                for link in &topology.links {
                    if reached[link.a] || reached[link.b] {
                        reached[link.a] = true;
                        reached[link.b] = true;
                    }
                }
            }
            assert!(reached.iter().all(|&r| r), "{lesson:?} is not connected");
            assert_eq!(Lesson::from_code(lesson.code()), Some(lesson));
        }
    }

    #[test]
    fn the_server_says_no_lesson_refuses_requests() {
        let report = crate::sim::scenarios::queue::run_queue(&server_says_no_params()).unwrap();
        assert!(report.rejected > 0, "the queue fills and refuses");
        assert!(report.completed > 0, "and still serves");
    }
}
