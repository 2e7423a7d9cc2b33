//! How the stage paints its packets: the colour of each kind, the layers they
//! are drawn in (bottom first), how opaque each is, and, for thousands of
//! packets, their rasterising into one pixel buffer. Pure, so it is tested
//! and benchmarked natively; the page strokes a few packets on its canvas
//! and puts the buffer there when there are many.

use super::geometry::{Point, Shape, lanes, shape_among};
use super::kind::PacketKind;
use super::packets::{PacketState, PacketView, Path};
use super::raster::{Pixels, rgb};
use super::topology::{STAGE_HEIGHT, STAGE_WIDTH, Topology};

/// A packet's stroke width, in stage units.
pub const PACKET_WIDTH: f64 = 9.0;
/// Yellow, not orange: TLS packets are orange (review C.8 found the two
/// alike), and every colour on the stage stays apart (see the test).
pub const QUEUED: &str = "#eab308";
pub const DROPPED: &str = "#d92d20";
/// The white dashes over an encrypted packet.
pub const SEAL_WIDTH: f64 = 2.5;
/// The seal's dashes and the gaps between them, in stage units.
pub const SEAL_DASHES: (f64, f64) = (3.0, 3.0);

/// A packet's colour, by kind (the legend uses the same).
pub fn colour(kind: PacketKind) -> &'static str {
    match kind {
        PacketKind::Dns => "#8a4fd6",
        PacketKind::TcpControl => "#5f6f89",
        PacketKind::Tls => "#d97706",
        PacketKind::Http => "#2f6fed",
        PacketKind::Data => "#0f9b74",
        PacketKind::Text => "#db2777",
        PacketKind::Plain => "#2f6fed",
    }
}

/// Packets drawn alike: one colour, width and dash each.
pub struct Layer<'a> {
    pub colour: &'static str,
    pub width: f64,
    pub dashed: bool,
    pub shapes: Vec<(&'a PacketView, Shape)>,
}

/// The packets that have a shape on `topology`'s stage, with it.
pub fn shapes<'a>(topology: &Topology, packets: &'a [PacketView]) -> Vec<(&'a PacketView, Shape)> {
    let lanes = lanes(topology);
    packets
        .iter()
        .filter_map(|packet| Some((packet, shape_among(topology, &lanes, packet)?)))
        .collect()
}

/// On its way: on a wire, or round a machine's loopback.
fn moving(packet: &PacketView) -> bool {
    matches!(
        packet.state,
        PacketState::OnWire { .. } | PacketState::Looping { .. }
    )
}

/// What is drawn, bottom first: packets on the wire by kind, the queued ones,
/// the seals of encrypted ones, then the falling ones (each at its opacity).
/// One pass over the packets, each put in its layers in the order given.
pub fn layers<'a>(shapes: &[(&'a PacketView, Shape)]) -> Vec<Layer<'a>> {
    let plain = |colour| Layer {
        colour,
        width: PACKET_WIDTH,
        dashed: false,
        shapes: Vec::new(),
    };
    let kinds = PacketKind::ALL.into_iter().chain([PacketKind::Plain]);
    let mut layers: Vec<Layer> = kinds.clone().map(|kind| plain(colour(kind))).collect();
    let queued = layers.len();
    layers.push(plain(QUEUED));
    // Sealed: an observer sees a packet, not what is inside.
    let sealed = layers.len();
    layers.push(Layer {
        colour: "#ffffff",
        width: SEAL_WIDTH,
        dashed: true,
        shapes: Vec::new(),
    });
    let falling = layers.len();
    layers.push(plain(DROPPED));
    let kind_layer = |kind: PacketKind| kinds.clone().position(|k| k == kind);
    for &(packet, shape) in shapes {
        let mut put = |layer: usize| layers[layer].shapes.push((packet, shape));
        match packet.state {
            PacketState::Queued { .. } => put(queued),
            PacketState::Falling { .. } => put(falling),
            _ if moving(packet) => {
                if let Some(layer) = kind_layer(packet.look.kind) {
                    put(layer);
                }
                if packet.look.encrypted {
                    put(sealed);
                }
            }
            _ => {}
        }
    }
    layers
}

/// How opaque a packet is drawn: a falling one fades as it falls.
pub fn opacity(packet: &PacketView) -> f64 {
    match packet.state {
        PacketState::Falling { progress, .. } => 1.0 - progress,
        _ => 1.0,
    }
}

/// How the SVG's `xMidYMid meet` fits the stage into a box of `size`: the
/// scale, and the left and top offsets of the stage's origin.
pub fn meet(size: (f64, f64)) -> (f64, f64, f64) {
    let scale = (size.0 / STAGE_WIDTH as f64)
        .min(size.1 / STAGE_HEIGHT as f64)
        .max(f64::MIN_POSITIVE);
    (
        scale,
        (size.0 - STAGE_WIDTH as f64 * scale) / 2.0,
        (size.1 - STAGE_HEIGHT as f64 * scale) / 2.0,
    )
}

/// Clears `pixels` and rasterises `layers` into them, bottom first, in
/// stage units mapped by `transform` (see [`meet`]).
pub fn rasterise(pixels: &mut Pixels, layers: &[Layer], (scale, left, top): (f64, f64, f64)) {
    pixels.clear();
    let at = |(x, y): (f64, f64)| (left + x * scale, top + y * scale);
    for layer in layers {
        let (colour, radius) = (rgb(layer.colour), layer.width / 2.0 * scale);
        if layer.dashed {
            let dashes = (SEAL_DASHES.0 * scale, SEAL_DASHES.1 * scale);
            for (_, Shape { from, to }) in &layer.shapes {
                pixels.dashed(at(*from), at(*to), radius, dashes, colour);
            }
            continue;
        }
        let (on_wire, others): (Vec<_>, Vec<_>) =
            (layer.shapes.iter()).partition(|(packet, _)| on_a_link(packet).is_some());
        for Shape { from, to } in merged(&on_wire) {
            pixels.capsule(at(from), at(to), radius, colour, 1.0);
        }
        for (packet, Shape { from, to }) in others {
            pixels.capsule(at(*from), at(*to), radius, colour, opacity(packet));
        }
    }
}

/// The link and direction of an opaque packet on a wire.
fn on_a_link(packet: &PacketView) -> Option<(usize, u8)> {
    match (packet.path, packet.state) {
        (Path::Link { link, dir }, PacketState::OnWire { .. }) => Some((link.index(), dir)),
        _ => None,
    }
}

/// The strokes of packets on wires, those that overlap made one. Packets on
/// one link going one way lie on one line, and two round-capped strokes of
/// one width on a line that overlap cover exactly what one stroke from the
/// first's tail to the last's head covers: the same picture, and on a busy
/// link hundreds of packets, nose to tail, become one bar to fill instead of
/// hundreds of strokes over the same pixels.
fn merged(shapes: &[&(&PacketView, Shape)]) -> Vec<Shape> {
    // How far along its line a point is: every stroke of a link and
    // direction points the same way, from tail to head.
    let along = |(x, y): (f64, f64), u: (f64, f64)| x * u.0 + y * u.1;
    let runs: Vec<(usize, f64, f64, Shape)> = shapes
        .iter()
        .filter_map(|(packet, shape)| {
            let (link, dir) = on_a_link(packet)?;
            let (dx, dy) = (shape.to.0 - shape.from.0, shape.to.1 - shape.from.1);
            let length = (dx * dx + dy * dy).sqrt();
            let u = if length > 0.0 {
                (dx / length, dy / length)
            } else {
                (1.0, 0.0)
            };
            Some((
                link * 2 + dir as usize,
                along(shape.from, u),
                along(shape.to, u),
                *shape,
            ))
        })
        .collect();
    // Grouped by line (a counting sort: one pass to count, one to place),
    // then each line sorted by where its strokes start. Within a line the
    // packets come in the order they were sent, which on a link is mostly
    // the order they travel in: a run the stable sort finds and keeps.
    let lines = runs.iter().map(|run| run.0 + 1).max().unwrap_or(0);
    let mut first = vec![0usize; lines + 1];
    for run in &runs {
        first[run.0 + 1] += 1;
    }
    for line in 0..lines {
        first[line + 1] += first[line];
    }
    let mut next = first.clone();
    let mut order = vec![0u32; runs.len()];
    for (i, run) in runs.iter().enumerate() {
        order[next[run.0]] = i as u32;
        next[run.0] += 1;
    }
    for line in 0..lines {
        order[first[line]..first[line + 1]]
            .sort_by(|&a, &b| runs[a as usize].1.total_cmp(&runs[b as usize].1));
    }
    let mut strokes: Vec<Shape> = Vec::new();
    // The stroke being grown: its line, and its tail and head (how far
    // along the line, and the point there).
    type End = (f64, Point);
    let mut current: Option<(usize, End, End)> = None;
    for &i in &order {
        let (line, start, end, shape) = runs[i as usize];
        match &mut current {
            Some((on, tail, head)) if *on == line && start <= head.0 => {
                if start < tail.0 {
                    *tail = (start, shape.from);
                }
                if end > head.0 {
                    *head = (end, shape.to);
                }
            }
            _ => {
                strokes.extend(current.map(|(_, tail, head)| Shape {
                    from: tail.1,
                    to: head.1,
                }));
                current = Some((line, (start, shape.from), (end, shape.to)));
            }
        }
    }
    strokes.extend(current.map(|(_, tail, head)| Shape {
        from: tail.1,
        to: head.1,
    }));
    strokes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::Look;
    use cslab_sim::net::LinkId;

    /// Packets nose to tail and apart on two links, both ways, and one
    /// falling: drawn with the overlapping strokes made one, the picture is
    /// the one each stroke drawn alone gives, to the pixel; and the busy
    /// link's packets are a handful of strokes.
    #[test]
    fn overlapping_strokes_on_a_link_are_drawn_as_one_and_look_the_same() {
        let point = |from: (f64, f64), to: (f64, f64), t: f64| {
            (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t)
        };
        let lines = [
            ((40.0, 60.0), (700.0, 300.0)),
            ((760.0, 20.0), (90.0, 420.0)),
        ];
        let mut views = Vec::new();
        let mut strokes = Vec::new();
        let mut state = 11u64;
        for pkt in 0..600u64 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let (link, dir) = ((pkt % 2) as usize, ((pkt / 2) % 2) as u8);
            let (a, b) = lines[link];
            let (from, to) = if dir == 0 { (a, b) } else { (b, a) };
            // Link 0 is busy: its packets overlap; link 1's are spread out.
            let span = if link == 0 { 0.3 } else { 1.0 };
            let tail = (state >> 40) as f64 / (1u64 << 24) as f64 * span;
            let head = tail + 0.012;
            let falling = pkt == 7;
            views.push(PacketView {
                pkt,
                path: Path::Link {
                    link: LinkId(link as u32),
                    dir,
                },
                state: if falling {
                    PacketState::Falling {
                        at: 0.5,
                        progress: 0.5,
                        reason: cslab_sim::trace::DropReason::QueueFull,
                    }
                } else {
                    PacketState::OnWire { head, tail }
                },
                look: Look::default(),
            });
            strokes.push(Shape {
                from: point(from, to, tail),
                to: point(from, to, head),
            });
        }
        let shapes: Vec<(&PacketView, Shape)> = views.iter().zip(strokes.iter().copied()).collect();
        let (width, height) = (800, 464);
        let mut drawn = vec![0u8; width * height * 4];
        rasterise(
            &mut Pixels::new(&mut drawn, width, height),
            &layers(&shapes),
            (1.0, 0.0, 0.0),
        );
        let mut alone = vec![0u8; width * height * 4];
        let mut pixels = Pixels::new(&mut alone, width, height);
        for layer in layers(&shapes) {
            for (packet, shape) in &layer.shapes {
                let radius = layer.width / 2.0;
                pixels.capsule(
                    shape.from,
                    shape.to,
                    radius,
                    rgb(layer.colour),
                    opacity(packet),
                );
            }
        }
        let differing = drawn
            .chunks(4)
            .zip(alone.chunks(4))
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(differing, 0);
        assert!(drawn.chunks(4).filter(|px| px[3] > 0).count() > 10_000);
        let on_wire: Vec<_> = shapes
            .iter()
            .filter(|(packet, _)| on_a_link(packet).is_some())
            .collect();
        let busy = merged(&on_wire).len();
        assert!(busy < 160, "{busy} strokes for 599 packets");
    }

    /// Every colour the legend names is at least 60 apart from every other
    /// (straight-line distance in RGB, 0 to 441): TLS #d97706 and the old
    /// queue #e08a00 were 21 apart. `Plain` shares HTTP's blue on purpose:
    /// the two never meet in one lesson.
    #[test]
    fn the_stage_colours_are_told_apart() {
        let kinds = PacketKind::ALL
            .into_iter()
            .filter(|&kind| kind != PacketKind::Plain);
        let colours: Vec<&str> = kinds.map(colour).chain([QUEUED, DROPPED]).collect();
        for (i, a) in colours.iter().enumerate() {
            for b in &colours[i + 1..] {
                let (a_rgb, b_rgb) = (rgb(a), rgb(b));
                let distance = (0..3)
                    .map(|c| (a_rgb[c] as f64 - b_rgb[c] as f64).powi(2))
                    .sum::<f64>()
                    .sqrt();
                assert!(distance >= 60.0, "{a} and {b} are {distance:.0} apart");
            }
        }
    }
}
