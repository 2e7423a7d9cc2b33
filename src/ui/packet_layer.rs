//! Packets drawn on a `<canvas>` over the SVG stage. Its own animation-frame
//! loop advances the lesson's clock and draws straight from the trace, with no
//! Yew re-render per frame; the controls hear about the clock a few times a
//! second.

use std::cell::RefCell;

use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};
use yew::prelude::*;

use super::animation::use_animation_frames;
use super::live::LiveLesson;
use super::motion::use_reduced_motion;
use super::stage::meet;
use cslab_lessons::lesson::playback::{Playback, PlaybackStatus};
use cslab_scene::capture::stage_label;
use cslab_scene::geometry::{Shape, shape};
use cslab_scene::i18n::{Lang, Tr};
use cslab_scene::kind::PacketKind;
use cslab_scene::packets::{PacketState, PacketView};
use cslab_scene::raster::{Pixels, rgb};
use cslab_scene::topology::Topology;

/// How often the controls' clock is refreshed, in real milliseconds.
const STATUS_EVERY_MS: f64 = 100.0;
const PACKET_WIDTH: f64 = 9.0;
/// Yellow, not orange: TLS packets are orange (review C.8 found the two
/// alike), and every colour on the stage stays apart (see the test).
pub const QUEUED: &str = "#eab308";
pub const DROPPED: &str = "#d92d20";

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

#[derive(Properties, PartialEq)]
pub struct PacketLayerProps {
    pub lang: Lang,
    pub live: LiveLesson,
    pub on_status: Callback<PlaybackStatus>,
}

#[function_component(PacketLayer)]
pub fn packet_layer(props: &PacketLayerProps) -> Html {
    let canvas = use_node_ref();
    let since_status = use_mut_ref(|| f64::INFINITY);
    let still = use_reduced_motion();
    let on_frame = use_callback(
        (
            props.live.clone(),
            canvas.clone(),
            props.on_status.clone(),
            props.lang,
            still,
        ),
        move |real_ms: f64, (live, canvas, on_status, lang, still)| {
            let mut playback = live.playback.borrow_mut();
            playback.advance(real_ms);
            if let Some(canvas) = canvas.cast::<HtmlCanvasElement>() {
                let mut packets = playback.packets();
                if *still {
                    packets
                        .iter_mut()
                        .for_each(|packet| *packet = packet.at_rest());
                }
                let labels = labels(&playback, &packets, Tr(*lang));
                draw_packets(&canvas, &packets, &live.topology, &labels);
            }
            let mut since_status = since_status.borrow_mut();
            *since_status += real_ms;
            if *since_status >= STATUS_EVERY_MS {
                *since_status = 0.0;
                on_status.emit(playback.status());
            }
        },
    );
    use_animation_frames(true, on_frame);
    html! { <canvas class="packets" ref={canvas} aria-hidden="true" /> }
}

/// Packets are labelled at a lesson's speeds, up to 100 ms of network time
/// a second (faster, a label would not stay long enough to read) ...
const LABEL_SPEEDS_UP_TO: usize = 2;
/// ... and while few are on the stage.
const LABEL_AT_MOST: usize = 24;

/// The words by each packet on the wire (SYN, Query A, GET, 200 OK, RST),
/// when the stage is slow and clear enough to read them.
fn labels(playback: &Playback, packets: &[PacketView], tr: Tr) -> Vec<(u64, String)> {
    let Some(world) = playback.world() else {
        return Vec::new();
    };
    if playback.status().speed > LABEL_SPEEDS_UP_TO || packets.len() > LABEL_AT_MOST {
        return Vec::new();
    }
    packets
        .iter()
        .filter(|packet| match packet.state {
            PacketState::OnWire { .. } => true,
            // Packets round a loop follow a quarter lap apart: one label at
            // a time, the newest's.
            PacketState::Looping { progress } => progress < 0.25,
            _ => false,
        })
        .filter_map(|packet| {
            let label = stage_label(world, world.trace().header(packet.pkt)?)?;
            let args: Vec<(&str, &str)> = label
                .args
                .iter()
                .map(|(name, value)| (*name, value.as_str()))
                .collect();
            Some((packet.pkt, tr.t_args(label.key, &args)))
        })
        .collect()
}

/// On its way: on a wire, or round a machine's loopback.
fn moving(packet: &PacketView) -> bool {
    matches!(
        packet.state,
        PacketState::OnWire { .. } | PacketState::Looping { .. }
    )
}

/// More packets than this are rasterised by us into pixels, put on the canvas
/// at once; fewer are stroked by the canvas (the lessons).
const PIXELS_ABOVE: usize = 300;

thread_local! {
    /// The pixel buffer, kept between frames so it is allocated once.
    static PIXELS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Packets drawn alike: one colour, width, dash and opacity each.
struct Layer<'a> {
    colour: &'static str,
    width: f64,
    dashed: bool,
    shapes: Vec<(&'a PacketView, Shape)>,
}

/// What is drawn, bottom first: packets on the wire by kind, the queued ones,
/// the seals of encrypted ones, then the falling ones (each at its opacity).
fn layers<'a>(shapes: &[(&'a PacketView, Shape)]) -> Vec<Layer<'a>> {
    let on_wire = moving;
    let pick = |keep: &dyn Fn(&PacketView) -> bool| {
        shapes
            .iter()
            .filter(|(packet, _)| keep(packet))
            .copied()
            .collect()
    };
    let plain = |colour, shapes| Layer {
        colour,
        width: PACKET_WIDTH,
        dashed: false,
        shapes,
    };
    let mut layers: Vec<Layer> = PacketKind::ALL
        .into_iter()
        .chain([PacketKind::Plain])
        .map(|kind| {
            plain(
                colour(kind),
                pick(&|packet| on_wire(packet) && packet.look.kind == kind),
            )
        })
        .collect();
    layers.push(plain(
        QUEUED,
        pick(&|packet| matches!(packet.state, PacketState::Queued { .. })),
    ));
    // Sealed: an observer sees a packet, not what is inside.
    layers.push(Layer {
        colour: "#ffffff",
        width: SEAL_WIDTH,
        dashed: true,
        shapes: pick(&|packet| on_wire(packet) && packet.look.encrypted),
    });
    layers.push(plain(
        DROPPED,
        pick(&|packet| matches!(packet.state, PacketState::Falling { .. })),
    ));
    layers
}

/// How opaque a packet is drawn: a falling one fades as it falls.
fn opacity(packet: &PacketView) -> f64 {
    match packet.state {
        PacketState::Falling { progress, .. } => 1.0 - progress,
        _ => 1.0,
    }
}

const SEAL_WIDTH: f64 = 2.5;
/// The seal's dashes and the gaps between them, in stage units.
const SEAL_DASHES: (f64, f64) = (3.0, 3.0);

/// Clears the canvas and draws every packet, in stage units scaled as the SVG
/// scales them (`xMidYMid meet`). A few packets are stroked by the canvas,
/// packets of one colour in one path and one stroke. Thousands are
/// rasterised here into a pixel buffer put on the canvas in one call: a
/// browser without a GPU spends far longer rasterising thousands of strokes
/// than our own loop does.
pub fn draw_packets(
    canvas: &HtmlCanvasElement,
    packets: &[PacketView],
    topology: &Topology,
    labels: &[(u64, String)],
) {
    let ratio = web_sys::window().map_or(1.0, |window| window.device_pixel_ratio());
    let (width, height) = (
        canvas.client_width() as f64 * ratio,
        canvas.client_height() as f64 * ratio,
    );
    if canvas.width() != width as u32 || canvas.height() != height as u32 {
        canvas.set_width(width as u32);
        canvas.set_height(height as u32);
    }
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|context| context.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    let shapes: Vec<(&PacketView, Shape)> = packets
        .iter()
        .filter_map(|packet| Some((packet, shape(topology, packet)?)))
        .collect();
    let transform = meet((width, height));
    let layers = layers(&shapes);
    if shapes.len() > PIXELS_ABOVE {
        put_pixels(&ctx, &layers, transform, (canvas.width(), canvas.height()));
        return;
    }
    ctx.clear_rect(0.0, 0.0, width, height);
    let (scale, left, top) = transform;
    let _ = ctx.set_transform(scale, 0.0, 0.0, scale, left, top);
    ctx.set_line_cap("round");
    for layer in &layers {
        ctx.set_line_width(layer.width);
        let dashes = if layer.dashed {
            js_sys::Array::of2(&SEAL_DASHES.0.into(), &SEAL_DASHES.1.into())
        } else {
            js_sys::Array::new()
        };
        let _ = ctx.set_line_dash(&dashes);
        let (opaque, fading): (Vec<_>, Vec<_>) = layer
            .shapes
            .iter()
            .partition(|(packet, _)| opacity(packet) >= 1.0);
        stroke_all(
            &ctx,
            layer.colour,
            opaque.into_iter().map(|(_, shape)| shape),
        );
        // Falling packets fade, each at its own pace: one stroke each.
        for (packet, shape) in fading {
            ctx.set_global_alpha(opacity(packet));
            stroke_all(&ctx, layer.colour, [shape]);
        }
        ctx.set_global_alpha(1.0);
    }
    let _ = ctx.set_line_dash(&js_sys::Array::new());
    draw_labels(&ctx, &shapes, labels);
}

/// Writes each label above its packet, dark on a white halo so it reads over
/// links and icons.
fn draw_labels(
    ctx: &CanvasRenderingContext2d,
    shapes: &[(&PacketView, Shape)],
    labels: &[(u64, String)],
) {
    ctx.set_font("600 12px system-ui, sans-serif");
    ctx.set_text_align("center");
    ctx.set_text_baseline("bottom");
    ctx.set_line_width(3.0);
    ctx.set_line_join("round");
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_fill_style_str("#1d2433");
    let mut drawn: Vec<LabelBox> = Vec::new();
    for (packet, Shape { from, to }) in shapes {
        let Some((_, text)) = labels.iter().find(|(pkt, _)| *pkt == packet.pkt) else {
            continue;
        };
        let (x, y) = ((from.0 + to.0) / 2.0, from.1.min(to.1) - PACKET_WIDTH);
        // Packets close behind each other (a burst of ACKs) would write
        // their words over one another: the first one's stand.
        let label = LabelBox::around(x, y, text);
        if drawn.iter().any(|other| other.overlaps(&label)) {
            continue;
        }
        drawn.push(label);
        let _ = ctx.stroke_text(text, x, y);
        let _ = ctx.fill_text(text, x, y);
    }
}

/// Where a label is written, roughly: 12 px type is about 7 px a character.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LabelBox {
    x: f64,
    y: f64,
    half_width: f64,
}

impl LabelBox {
    const HEIGHT: f64 = 14.0;

    fn around(x: f64, y: f64, text: &str) -> LabelBox {
        LabelBox {
            x,
            y,
            half_width: (text.chars().count() as f64 * 7.0 + 6.0) / 2.0,
        }
    }

    fn overlaps(&self, other: &LabelBox) -> bool {
        (self.x - other.x).abs() < self.half_width + other.half_width
            && (self.y - other.y).abs() < Self::HEIGHT
    }
}

/// Rasterises `layers` into the kept pixel buffer the size of the canvas and
/// puts it on the canvas.
fn put_pixels(
    ctx: &CanvasRenderingContext2d,
    layers: &[Layer],
    (scale, left, top): (f64, f64, f64),
    (width, height): (u32, u32),
) {
    PIXELS.with_borrow_mut(|buffer| {
        let size = width as usize * height as usize * 4;
        buffer.resize(size, 0);
        let mut pixels = Pixels::new(buffer, width as usize, height as usize);
        pixels.clear();
        let at = |(x, y): (f64, f64)| (left + x * scale, top + y * scale);
        for layer in layers {
            let (colour, radius) = (rgb(layer.colour), layer.width / 2.0 * scale);
            let dashes = (SEAL_DASHES.0 * scale, SEAL_DASHES.1 * scale);
            for (packet, Shape { from, to }) in &layer.shapes {
                if layer.dashed {
                    pixels.dashed(at(*from), at(*to), radius, dashes, colour);
                } else {
                    pixels.capsule(at(*from), at(*to), radius, colour, opacity(packet));
                }
            }
        }
        if let Ok(image) =
            ImageData::new_with_u8_clamped_array_and_sh(Clamped(buffer), width, height)
        {
            let _ = ctx.put_image_data(&image, 0.0, 0.0);
        }
    });
}

/// One path of every shape, stroked once in `colour`.
fn stroke_all(
    ctx: &CanvasRenderingContext2d,
    colour: &str,
    shapes: impl IntoIterator<Item = Shape>,
) {
    ctx.begin_path();
    for Shape { from, to } in shapes {
        ctx.move_to(from.0, from.1);
        ctx.line_to(to.0, to.1);
    }
    ctx.set_stroke_style_str(colour);
    ctx.stroke();
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_lessons::lesson::Lesson;
    use cslab_lessons::lesson::settings::Settings;

    /// The web page's handshake, labelled at the lesson's speed in the
    /// learner's words and the wire's; at ten times real time, nothing.
    #[test]
    fn packets_are_labelled_at_a_lessons_speed_only() {
        let lesson = Lesson::default();
        let (_, run) = lesson.build(&Settings::default(), 1).unwrap();
        let mut playback = Playback::new(Some(run), lesson.default_speed());
        playback.set_pause_at_steps(false);
        let mut seen = Vec::new();
        for _ in 0..20_000 {
            playback.advance(16.0);
            let packets = playback.packets();
            seen.extend(
                labels(&playback, &packets, Tr(Lang::Es))
                    .into_iter()
                    .map(|(_, text)| text),
            );
            if seen.iter().any(|text| text == "GET /index.html") {
                break;
            }
        }
        for text in [
            "Consulta A",
            "Remisión",
            "Respuesta A",
            "SYN",
            "SYN, ACK",
            "GET /index.html",
        ] {
            assert!(
                seen.iter().any(|seen| seen == text),
                "{text} missing from {seen:?}"
            );
        }
        // The same packets (the GET is on the wire), faster: no labels.
        playback.set_speed(5);
        let packets = playback.packets();
        assert!(!packets.is_empty());
        assert!(labels(&playback, &packets, Tr(Lang::En)).is_empty());
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

    /// A burst of ACKs a few pixels apart is labelled once, not written
    /// over itself ("ACKKKK"); a label on another link stands.
    #[test]
    fn labels_that_would_overlap_are_left_out() {
        let first = LabelBox::around(400.0, 440.0, "ACK");
        assert!(first.overlaps(&LabelBox::around(404.0, 440.0, "ACK")));
        assert!(!first.overlaps(&LabelBox::around(460.0, 440.0, "ACK")));
        assert!(!first.overlaps(&LabelBox::around(402.0, 300.0, "ACK")));
    }
}
