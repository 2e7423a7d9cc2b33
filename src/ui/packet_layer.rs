//! Packets drawn on a `<canvas>` over the SVG stage. Its own animation-frame
//! loop advances the lesson's clock and draws straight from the trace, with no
//! Yew re-render per frame; the controls hear about the clock a few times a
//! second.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};
use yew::prelude::*;

use super::animation::{same_frame, use_animation_frames};
use super::live::LiveLesson;
use super::motion::use_reduced_motion;
use cslab_lessons::lesson::playback::{Playback, PlaybackStatus};
use cslab_scene::capture::stage_label;
use cslab_scene::geometry::Shape;
use cslab_scene::i18n::{Lang, Tr};
use cslab_scene::packets::{PacketState, PacketView};
use cslab_scene::paint::{
    Layer, PACKET_WIDTH, SEAL_DASHES, layers, meet, opacity, rasterise, shapes,
};
use cslab_scene::raster::Pixels;
use cslab_scene::topology::Topology;

/// How often the controls' clock is refreshed, in real milliseconds.
const STATUS_EVERY_MS: f64 = 100.0;
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
    let drawn = use_mut_ref(|| None);
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
                // A paused stage is drawn once, not at every frame: the
                // page's thread stays free for the rest of the page.
                let size = (canvas.client_width(), canvas.client_height());
                let frame = (Rc::downgrade(&live.playback), (packets, labels, size));
                if !same_frame(&drawn.borrow(), &frame) {
                    let (packets, labels, _) = &frame.1;
                    draw_packets(&canvas, packets, &live.topology, labels);
                    *drawn.borrow_mut() = Some(frame);
                }
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

/// More packets than this are rasterised by us into pixels, put on the canvas
/// at once; fewer are stroked by the canvas (the lessons).
const PIXELS_ABOVE: usize = 300;

thread_local! {
    /// The pixel buffer, kept between frames so it is allocated once.
    static PIXELS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

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
    let shapes = shapes(topology, packets);
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
    transform: (f64, f64, f64),
    (width, height): (u32, u32),
) {
    PIXELS.with_borrow_mut(|buffer| {
        buffer.resize(width as usize * height as usize * 4, 0);
        rasterise(
            &mut Pixels::new(buffer, width as usize, height as usize),
            layers,
            transform,
        );
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
