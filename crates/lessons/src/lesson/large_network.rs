//! A generated large network for the animation benchmark: a grid of core
//! routers joined by long-haul links, and a few hundred hosts around the
//! stage's edge, each on an access link to its nearest router. Every host
//! streams packets at a steady rate to the host across the stage, so the core
//! carries thousands of packets at once: on the wire, in queues, dropped
//! where a queue is full.

use super::run::LessonRun;
use cslab_scene::geometry::ICON_CENTRE_DY;
use cslab_scene::topology::{
    LinkSpec as StageLink, NodeRole, NodeSpec, STAGE_HEIGHT, STAGE_WIDTH, Topology,
};
use cslab_sim::net::{Addr, App, Ctx, LinkSpec, NodeId, NodeKind, Outgoing, Packet, Proto, World};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;

/// The port every stream sends to and from.
const STREAM_PORT: u16 = 9000;
/// Core routers in a grid, `COLUMNS` × `ROWS`, this far apart on the stage:
/// long enough that the stage shows packets travelling along each link.
const COLUMNS: u32 = 4;
const ROWS: u32 = 2;
const COLUMN_SPACING: u32 = 160;
const ROW_SPACING: u32 = 140;
/// Hosts keep this far from the stage's edge.
const MARGIN: u32 = 20;

/// The network's size and load.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LargeNetworkParams {
    pub hosts: u32,
    /// Packets per second each host sends.
    pub packets_per_s: u32,
    pub payload_bytes: u32,
    pub access: LinkSpec,
    pub core: LinkSpec,
    pub seed: u64,
    pub trace: TraceMode,
}

impl Default for LargeNetworkParams {
    /// 240 hosts sending 1,250 packets of 300 bytes a second (3.3 Mbit/s
    /// with their headers) each, over 10 Mbit/s access links of 4 ms and
    /// 312.5 Mbit/s core links of 20 ms (the busiest near 90 % busy, as at
    /// 400 packets a second over 100 Mbit/s) with 100 places of queue:
    /// about 20,000 packets in flight; the trace keeps its last 300,000
    /// records (about 90 ms of the run).
    fn default() -> Self {
        LargeNetworkParams {
            hosts: 240,
            packets_per_s: 1_250,
            payload_bytes: 300,
            access: LinkSpec::new(10_000_000, SimTime::from_millis(4)).with_queue(50),
            core: LinkSpec::new(312_500_000, SimTime::from_millis(20)).with_queue(100),
            seed: 1,
            trace: TraceMode::Last(300_000),
        }
    }
}

/// The running network.
pub struct LargeNetwork {
    world: World,
}

impl LargeNetwork {
    /// The network laid out for the stage, and its simulation.
    pub fn build(params: &LargeNetworkParams) -> (Topology, LargeNetwork) {
        let mut world = World::new(params.seed, params.trace);
        let mut nodes = Vec::new();
        let mut links = Vec::new();
        let mut connect = |world: &mut World, a: NodeId, b: NodeId, spec: LinkSpec| {
            world.connect(a, b, spec);
            links.push(StageLink {
                a: a.index(),
                b: b.index(),
            });
        };
        let routers: Vec<(NodeId, (u32, u32))> = router_places()
            .map(|place| {
                let id = world.add_node(format!("router-{}", nodes.len()), NodeKind::Router);
                nodes.push(node_spec(NodeRole::Router, id, place));
                (id, place)
            })
            .collect();
        for (i, &(router, _)) in routers.iter().enumerate() {
            let (column, row) = (i as u32 % COLUMNS, i as u32 / COLUMNS);
            if column + 1 < COLUMNS {
                connect(&mut world, router, routers[i + 1].0, params.core);
            }
            if row + 1 < ROWS {
                connect(
                    &mut world,
                    router,
                    routers[i + COLUMNS as usize].0,
                    params.core,
                );
            }
        }
        let hosts: Vec<NodeId> = (0..params.hosts)
            .map(|i| {
                let place = edge_place(i, params.hosts);
                let id = world.add_node(format!("host-{i}"), NodeKind::Host);
                nodes.push(node_spec(NodeRole::Client, id, place));
                let nearest = routers
                    .iter()
                    .min_by_key(|(_, at)| squared_distance(*at, place))
                    .expect("the grid has routers");
                connect(&mut world, id, nearest.0, params.access);
                id
            })
            .collect();
        let mean_gap_ns = 1e9 / params.packets_per_s.max(1) as f64;
        for (i, &host) in hosts.iter().enumerate() {
            let stream = Stream {
                to: Addr::of_node(hosts[peer(i as u32, params.hosts) as usize]),
                mean_gap_ns,
                payload_bytes: params.payload_bytes,
            };
            let app = world.add_app(host, Box::new(stream));
            world.bind(host, Proto::Udp, STREAM_PORT, app);
        }
        (Topology { nodes, links }, LargeNetwork { world })
    }
}

impl LessonRun for LargeNetwork {
    fn world(&self) -> &World {
        &self.world
    }
    fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }
}

/// The routers' centres: a grid in the middle of the stage.
fn router_places() -> impl Iterator<Item = (u32, u32)> {
    let left = (STAGE_WIDTH - (COLUMNS - 1) * COLUMN_SPACING) / 2;
    let top = (STAGE_HEIGHT - (ROWS - 1) * ROW_SPACING) / 2;
    (0..ROWS * COLUMNS).map(move |i| {
        (
            left + (i % COLUMNS) * COLUMN_SPACING,
            top + (i / COLUMNS) * ROW_SPACING,
        )
    })
}

/// The centre of host `i` of `count`, evenly spaced clockwise around a
/// rectangle `MARGIN` inside the stage, from its top-left corner.
fn edge_place(i: u32, count: u32) -> (u32, u32) {
    let (width, height) = (STAGE_WIDTH - 2 * MARGIN, STAGE_HEIGHT - 2 * MARGIN);
    let perimeter = 2 * (width + height);
    let along = (i as u64 * perimeter as u64 / count.max(1) as u64) as u32;
    let (x, y) = if along < width {
        (along, 0)
    } else if along < width + height {
        (width, along - width)
    } else if along < 2 * width + height {
        (2 * width + height - along, height)
    } else {
        (0, perimeter - along)
    };
    (MARGIN + x, MARGIN + y)
}

/// Whom host `i` of `count` streams to: every other host to the host
/// mirrored across the stage's middle (so each row of the core carries its
/// own side's traffic), the rest to the host diagonally opposite.
fn peer(i: u32, count: u32) -> u32 {
    if i % 2 == 1 {
        return (i + count / 2) % count;
    }
    let (x, y) = edge_place(i, count);
    let mirrored = (STAGE_WIDTH - x, y);
    (0..count)
        .filter(|&j| j != i)
        .min_by_key(|&j| squared_distance(edge_place(j, count), mirrored))
        .unwrap_or(i)
}

fn squared_distance(a: (u32, u32), b: (u32, u32)) -> u64 {
    let dx = a.0.abs_diff(b.0) as u64;
    let dy = a.1.abs_diff(b.1) as u64;
    dx * dx + dy * dy
}

/// A node drawn with its centre at `centre` (the stage draws a node's icon
/// and links `ICON_CENTRE_DY` above its point).
fn node_spec(role: NodeRole, id: NodeId, centre: (u32, u32)) -> NodeSpec {
    let (name_key, description_key) = match role {
        NodeRole::Router => ("node-router", "role-router"),
        _ => ("node-client", "role-client"),
    };
    NodeSpec {
        role,
        name_key,
        number: Some(id.0 + 1),
        given_name: None,
        description_key,
        address: Addr::of_node(id).to_string(),
        x: centre.0,
        y: (centre.1 as f64 - ICON_CENTRE_DY) as u32,
        loopback: false,
    }
}

/// A host sending to `to` for ever, at random (Poisson) times, so queues
/// in the core grow and drain as they would under real traffic.
struct Stream {
    to: Addr,
    mean_gap_ns: f64,
    payload_bytes: u32,
}

impl Stream {
    fn wait(&self, ctx: &mut Ctx) {
        let gap = ctx.rng().exponential(self.mean_gap_ns);
        ctx.set_timer(SimTime::from_nanos(gap as u64), 0);
    }
}

impl App for Stream {
    fn start(&mut self, ctx: &mut Ctx) {
        self.wait(ctx);
    }

    fn on_timer(&mut self, ctx: &mut Ctx, _token: u64) {
        ctx.send(Outgoing::udp(
            self.to,
            STREAM_PORT,
            STREAM_PORT,
            self.payload_bytes,
        ));
        self.wait(ctx);
    }

    /// The far host's stream arriving: nothing to answer.
    fn on_packet(&mut self, _ctx: &mut Ctx, _pkt: &Packet) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_scene::geometry::{lanes, shape, shape_among};
    use cslab_scene::packets::{PacketCursor, PacketState};

    #[test]
    fn every_host_is_on_the_stage_and_every_link_long_enough_to_show_travel() {
        let (topology, network) = LargeNetwork::build(&LargeNetworkParams::default());
        assert_eq!(topology.nodes.len(), 248);
        assert_eq!(topology.links.len(), network.world().links().len());
        for node in &topology.nodes {
            let centre_y = node.y as f64 + ICON_CENTRE_DY;
            assert!(node.x <= STAGE_WIDTH, "{node:?}");
            assert!((0.0..=STAGE_HEIGHT as f64).contains(&centre_y), "{node:?}");
        }
        for link in &topology.links {
            let (a, b) = (&topology.nodes[link.a], &topology.nodes[link.b]);
            let length = squared_distance((a.x, a.y), (b.x, b.y));
            assert!(length >= 120 * 120, "{a:?} – {b:?}");
        }
    }

    #[test]
    fn thousands_of_packets_are_in_flight_once_the_network_has_filled() {
        let (topology, mut network) = LargeNetwork::build(&LargeNetworkParams::default());
        let propagation: Vec<SimTime> = network
            .world()
            .links()
            .iter()
            .map(|link| link.spec.propagation)
            .collect();
        let mut cursor = PacketCursor::new();
        let mut t = SimTime::from_millis(200);
        let mut queued = 0;
        for _ in 0..10 {
            network.world_mut().run_until(t);
            let packets = cursor.packets_at(
                network.world().trace(),
                |link| propagation[link.index()],
                |_| Default::default(),
                t,
                SimTime::from_millis(60),
            );
            let on_wire = packets
                .iter()
                .filter(|packet| matches!(packet.state, PacketState::OnWire { .. }))
                .count();
            queued += packets
                .iter()
                .filter(|packet| matches!(packet.state, PacketState::Queued { .. }))
                .count();
            assert!(packets.len() >= 18_000, "{} at {t:?}", packets.len());
            // The cursor's memory: the packets it draws, no more (a packet
            // arriving at this very instant may still be held).
            assert!(cursor.tracked() <= packets.len() + packets.len() / 100);
            assert!(on_wire >= 9_000, "{on_wire} on the wire at {t:?}");
            // Every packet has a shape, the same whether its lane is
            // worked out for it or looked up among the frame's.
            let lanes = lanes(&topology);
            for packet in &packets {
                let shape = shape(&topology, packet);
                assert!(shape.is_some());
                assert_eq!(shape_among(&topology, &lanes, packet), shape);
            }
            t += SimTime::from_millis(10);
        }
        assert!(queued > 0, "the busiest core links queue");
        assert!(network.world().check_packet_conservation().is_ok());
    }
}
