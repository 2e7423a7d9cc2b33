//! Where a packet is drawn on the stage, in stage units: the one place that
//! turns a packet's state into a shape, so drawing it and clicking it agree.

use super::packets::{PacketState, PacketView, Path};
use crate::topology::Topology;

pub type Point = (f64, f64);

/// Icons are drawn centred this far above a node's point; links meet there.
pub const ICON_CENTRE_DY: f64 = -15.0;
/// Packets leave and enter a node this far from its centre.
const NODE_CLEARANCE: f64 = 44.0;
const MIN_PACKET_LENGTH: f64 = 8.0;

/// A packet's shape: a stroke from one point to another.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shape {
    pub from: Point,
    pub to: Point,
}

/// The shape of `packet` on `topology`'s stage (none for an unknown link).
pub fn shape(topology: &Topology, packet: &PacketView) -> Option<Shape> {
    let centre = |index: usize| {
        topology
            .nodes
            .get(index)
            .map(|node| (node.x as f64, node.y as f64 + ICON_CENTRE_DY))
    };
    let (link, dir) = match (packet.path, packet.state) {
        (Path::Link { link, dir }, _) => (link, dir),
        (Path::Loopback(node), PacketState::Looping { progress }) => {
            return Some(around_the_loop(centre(node.index())?, progress));
        }
        (Path::Loopback(_), _) => return None,
    };
    let link = topology.links.get(link.index())?;
    let (from, to) = if dir == 0 {
        (link.a, link.b)
    } else {
        (link.b, link.a)
    };
    let (from, to) = (centre(from)?, centre(to)?);
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let length = dx.hypot(dy).max(1.0);
    let (ux, uy) = (dx / length, dy / length);
    // The part of the link between the two nodes' icons.
    let span = (length - 2.0 * NODE_CLEARANCE).max(1.0);
    let at = |fraction: f64| {
        let along = NODE_CLEARANCE + fraction * span;
        (from.0 + ux * along, from.1 + uy * along)
    };
    let around = |centre: Point, (hx, hy): Point| Shape {
        from: (centre.0 - hx, centre.1 - hy),
        to: (centre.0 + hx, centre.1 + hy),
    };
    Some(match packet.state {
        PacketState::OnWire { head, tail } => {
            let (head, mut tail) = (at(head), at(tail));
            if (head.0 - tail.0).hypot(head.1 - tail.1) < MIN_PACKET_LENGTH {
                tail = (
                    head.0 - ux * MIN_PACKET_LENGTH,
                    head.1 - uy * MIN_PACKET_LENGTH,
                );
            }
            Shape {
                from: tail,
                to: head,
            }
        }
        // Waiting packets line up beside the sender, the next one nearest.
        PacketState::Queued { place } => {
            let base = at(0.0);
            let offset = 16.0 + place as f64 * 13.0;
            around(
                (base.0 - uy * offset, base.1 + ux * offset),
                (ux * 4.0, uy * 4.0),
            )
        }
        // A dropped packet falls from where it was lost.
        PacketState::Falling {
            at: fraction,
            progress,
            ..
        } => {
            let start = at(fraction);
            around((start.0, start.1 + progress * 70.0), (5.0, 3.0))
        }
        PacketState::Looping { .. } => return None,
    })
}

/// The loopback is a circle of LOOP_RADIUS beside the machine's icon, its
/// centre LOOP_RIGHT to the right of the icon's; a packet goes round it
/// clockwise from the side that touches the icon.
pub const LOOP_RADIUS: f64 = 28.0;
pub const LOOP_RIGHT: f64 = 30.0 + LOOP_RADIUS;
/// A packet covers this much of the loop, in radians.
const LOOP_PACKET: f64 = 0.6;

/// Where a packet `progress` of the way round a machine's loopback is: a
/// short chord of the circle beside the icon centred at `icon`.
pub fn around_the_loop(icon: Point, progress: f64) -> Shape {
    let centre = (icon.0 + LOOP_RIGHT, icon.1);
    // From the left (the icon's side), then up: clockwise on the screen,
    // whose y grows downwards.
    let at = |turn: f64| {
        let angle = std::f64::consts::PI + turn * std::f64::consts::TAU;
        (
            centre.0 + LOOP_RADIUS * angle.cos(),
            centre.1 + LOOP_RADIUS * angle.sin(),
        )
    };
    let head = progress.clamp(0.0, 1.0);
    let tail = (head - LOOP_PACKET / std::f64::consts::TAU).max(0.0);
    Shape {
        from: at(tail),
        to: at(head),
    }
}

/// The packet drawn nearest to `point`, if one is within `radius`.
pub fn pick(topology: &Topology, packets: &[PacketView], point: Point, radius: f64) -> Option<u64> {
    packets
        .iter()
        .filter_map(|packet| Some((packet.pkt, distance(point, shape(topology, packet)?))))
        .filter(|&(_, d)| d <= radius)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(pkt, _)| pkt)
}

/// Distance from a point to a shape's stroke.
fn distance(p: Point, shape: Shape) -> f64 {
    let (a, b) = (shape.from, shape.to);
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    let t = if length2 == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2).clamp(0.0, 1.0)
    };
    (p.0 - (a.0 + t * dx)).hypot(p.1 - (a.1 + t * dy))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::Look;
    use crate::topology::{LinkSpec, NodeRole, NodeSpec};
    use cslab_sim::net::LinkId;

    fn two_nodes() -> Topology {
        let node = |x| NodeSpec {
            role: NodeRole::Client,
            name_key: "node-client",
            number: Some(1),
            description_key: "role-client",
            address: String::new(),
            x,
            y: 215,
            loopback: false,
        };
        Topology {
            nodes: vec![node(100), node(500)],
            links: vec![LinkSpec { a: 0, b: 1 }],
        }
    }

    fn on_wire(pkt: u64, dir: u8, head: f64, tail: f64) -> PacketView {
        PacketView {
            pkt,
            path: Path::Link {
                link: LinkId(0),
                dir,
            },
            state: PacketState::OnWire { head, tail },
            look: Look::default(),
        }
    }

    #[test]
    fn a_packet_on_the_wire_runs_between_the_icons_in_its_direction() {
        let topology = two_nodes();
        // The link runs from x = 144 to 456 at y = 200 (icon centres, less
        // the clearance); half way along, 0.1 long.
        let shape = shape(&topology, &on_wire(1, 0, 0.6, 0.5)).unwrap();
        assert_eq!(
            shape,
            Shape {
                from: (300.0, 200.0),
                to: (331.2, 200.0)
            }
        );
        let back = super::shape(&topology, &on_wire(1, 1, 0.6, 0.5)).unwrap();
        assert_eq!(
            back,
            Shape {
                from: (300.0, 200.0),
                to: (268.8, 200.0)
            }
        );
        // A tiny packet still has a visible length.
        let tiny = super::shape(&topology, &on_wire(1, 0, 0.5, 0.5)).unwrap();
        assert_eq!(tiny.from, (292.0, 200.0));
    }

    #[test]
    fn a_click_picks_the_nearest_packet_within_reach() {
        let topology = two_nodes();
        let packets = [on_wire(1, 0, 0.2, 0.1), on_wire(2, 0, 0.8, 0.7)];
        assert_eq!(pick(&topology, &packets, (200.0, 204.0), 8.0), Some(1));
        assert_eq!(pick(&topology, &packets, (380.0, 196.0), 8.0), Some(2));
        assert_eq!(pick(&topology, &packets, (300.0, 200.0), 8.0), None);
    }
}
