//! Where a packet is drawn on the stage, in stage units: the one place that
//! turns a packet's state into a shape, so drawing it and clicking it agree.

use super::packets::{PacketState, PacketView, Path};
use crate::topology::Topology;
use cslab_sim::net::LinkId;

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

/// The part of a link packets travel one way: from the clearance around
/// the sending node's icon to the one around the receiver's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lane {
    /// The sending node's centre.
    from: Point,
    /// The way to the receiver, as a unit vector.
    u: Point,
    /// The length between the two clearances.
    span: f64,
}

impl Lane {
    /// The point `fraction` (0 to 1) of the way along.
    fn at(&self, fraction: f64) -> Point {
        let along = NODE_CLEARANCE + fraction * self.span;
        (
            self.from.0 + self.u.0 * along,
            self.from.1 + self.u.1 * along,
        )
    }
}

/// Where a node's icon is centred on the stage.
fn centre(topology: &Topology, index: usize) -> Option<Point> {
    (topology.nodes.get(index)).map(|node| (node.x as f64, node.y as f64 + ICON_CENTRE_DY))
}

/// The lane of `link` going way `dir` (0 from its `a` end).
fn lane(topology: &Topology, link: LinkId, dir: u8) -> Option<Lane> {
    let link = topology.links.get(link.index())?;
    let (from, to) = if dir == 0 {
        (link.a, link.b)
    } else {
        (link.b, link.a)
    };
    let (from, to) = (centre(topology, from)?, centre(topology, to)?);
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    // Not `hypot`: a library call, slow in WebAssembly.
    let length = (dx * dx + dy * dy).sqrt().max(1.0);
    Some(Lane {
        from,
        u: (dx / length, dy / length),
        span: (length - 2.0 * NODE_CLEARANCE).max(1.0),
    })
}

/// Both lanes of every link, by link index: worked out once a frame rather
/// than once a packet when thousands are on the stage.
pub fn lanes(topology: &Topology) -> Vec<[Option<Lane>; 2]> {
    (0..topology.links.len())
        .map(|i| [0, 1].map(|dir| lane(topology, LinkId(i as u32), dir)))
        .collect()
}

/// The shape of `packet` on `topology`'s stage (none for an unknown link).
pub fn shape(topology: &Topology, packet: &PacketView) -> Option<Shape> {
    shape_in(topology, packet, &|link, dir| lane(topology, link, dir))
}

/// The shape of `packet`, its link's lanes found in `lanes` (see [`lanes`]).
pub fn shape_among(
    topology: &Topology,
    lanes: &[[Option<Lane>; 2]],
    packet: &PacketView,
) -> Option<Shape> {
    shape_in(topology, packet, &|link, dir| {
        *lanes.get(link.index())?.get(dir as usize)?
    })
}

/// The shape of `packet`, its lane from `lane` (a `dyn`, so the page
/// carries this body once for both ways of finding lanes).
fn shape_in(
    topology: &Topology,
    packet: &PacketView,
    lane: &dyn Fn(LinkId, u8) -> Option<Lane>,
) -> Option<Shape> {
    let (link, dir) = match (packet.path, packet.state) {
        (Path::Link { link, dir }, _) => (link, dir),
        (Path::Loopback(node), PacketState::Looping { progress }) => {
            return Some(around_the_loop(centre(topology, node.index())?, progress));
        }
        (Path::Loopback(_), _) => return None,
    };
    let lane = lane(link, dir)?;
    let (ux, uy) = lane.u;
    let at = |fraction: f64| lane.at(fraction);
    let around = |centre: Point, (hx, hy): Point| Shape {
        from: (centre.0 - hx, centre.1 - hy),
        to: (centre.0 + hx, centre.1 + hy),
    };
    Some(match packet.state {
        PacketState::OnWire { head, tail } => {
            let (head, mut tail) = (at(head), at(tail));
            let (lx, ly) = (head.0 - tail.0, head.1 - tail.1);
            if lx * lx + ly * ly < MIN_PACKET_LENGTH * MIN_PACKET_LENGTH {
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

/// A point `turn` (0 to 1) of the way round the unit circle, anticlockwise
/// from (1, 0), without trigonometry (the page would carry libm's sine and
/// cosine for it): each quarter is the rational arc `((1 − u²), 2u) / (1 +
/// u²)` for u from 0 to 1, which runs a little faster at its end than at
/// its start, unseen on a loop that small.
fn on_circle(turn: f64) -> (f64, f64) {
    let quarters = turn.rem_euclid(1.0) * 4.0;
    let quarter = quarters.floor();
    let u = quarters - quarter;
    let (x, y) = ((1.0 - u * u) / (1.0 + u * u), 2.0 * u / (1.0 + u * u));
    match quarter as u8 {
        0 => (x, y),
        1 => (-y, x),
        2 => (-x, -y),
        _ => (y, -x),
    }
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
        let (x, y) = on_circle(turn);
        (centre.0 - LOOP_RADIUS * x, centre.1 - LOOP_RADIUS * y)
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
            given_name: None,
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

    /// A packet round the loop starts on the icon's side, goes up first
    /// (clockwise on the screen) and stays on the circle all the way.
    #[test]
    fn a_looping_packet_goes_round_the_circle_beside_the_icon() {
        let icon = (100.0, 200.0);
        let centre = (icon.0 + LOOP_RIGHT, icon.1);
        let head = |progress| around_the_loop(icon, progress).to;
        let near = |a: Point, b: Point| (a.0 - b.0).hypot(a.1 - b.1) < 1e-9;
        assert!(near(head(0.0), (centre.0 - LOOP_RADIUS, centre.1)));
        assert!(near(head(0.25), (centre.0, centre.1 - LOOP_RADIUS)));
        assert!(near(head(0.5), (centre.0 + LOOP_RADIUS, centre.1)));
        assert!(near(head(0.75), (centre.0, centre.1 + LOOP_RADIUS)));
        for step in 0..=100 {
            let at = head(step as f64 / 100.0);
            let radius = (at.0 - centre.0).hypot(at.1 - centre.1);
            assert!((radius - LOOP_RADIUS).abs() < 1e-9, "{step}: {radius}");
        }
    }
}
