//! Packets drawn on a `<canvas>` over the SVG stage. Its own animation-frame
//! loop advances the lesson's clock and draws straight from the trace, with no
//! Yew re-render per frame; the controls hear about the clock a few times a
//! second.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use super::animation::use_animation_frames;
use super::live::LiveLesson;
use super::stage::meet;
use crate::scenario::topology::Topology;
use crate::scene::geometry::{Shape, shape};
use crate::scene::kind::PacketKind;
use crate::scene::packets::{PacketState, PacketView};
use crate::scene::playback::PlaybackStatus;

/// How often the controls' clock is refreshed, in real milliseconds.
const STATUS_EVERY_MS: f64 = 100.0;
const PACKET_WIDTH: f64 = 9.0;
pub const QUEUED: &str = "#e08a00";
pub const DROPPED: &str = "#d92d20";

/// A packet's colour, by kind (the legend uses the same).
pub fn colour(kind: PacketKind) -> &'static str {
    match kind {
        PacketKind::Dns => "#8a4fd6",
        PacketKind::TcpControl => "#5f6f89",
        PacketKind::Tls => "#d97706",
        PacketKind::Http => "#2f6fed",
        PacketKind::Data => "#0f9b74",
        PacketKind::Plain => "#2f6fed",
    }
}

#[derive(Properties, PartialEq)]
pub struct PacketLayerProps {
    pub live: LiveLesson,
    pub on_status: Callback<PlaybackStatus>,
}

#[function_component(PacketLayer)]
pub fn packet_layer(props: &PacketLayerProps) -> Html {
    let canvas = use_node_ref();
    let since_status = use_mut_ref(|| f64::INFINITY);
    let on_frame = use_callback(
        (props.live.clone(), canvas.clone(), props.on_status.clone()),
        move |real_ms: f64, (live, canvas, on_status)| {
            let mut playback = live.playback.borrow_mut();
            playback.advance(real_ms);
            if let Some(canvas) = canvas.cast::<HtmlCanvasElement>() {
                draw_packets(&canvas, &playback.packets(), &live.topology);
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

/// Clears the canvas and draws every packet, in stage units scaled as the SVG
/// scales them (`xMidYMid meet`). Packets of one colour go in one path and
/// one stroke: a stroke per packet is what makes thousands of packets slow.
pub fn draw_packets(canvas: &HtmlCanvasElement, packets: &[PacketView], topology: &Topology) {
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
    ctx.clear_rect(0.0, 0.0, width, height);
    let (scale, left, top) = meet((width, height));
    let _ = ctx.set_transform(scale, 0.0, 0.0, scale, left, top);
    ctx.set_line_cap("round");
    ctx.set_line_width(PACKET_WIDTH);
    let shapes: Vec<(&PacketView, Shape)> = packets
        .iter()
        .filter_map(|packet| Some((packet, shape(topology, packet)?)))
        .collect();
    let on_wire = |packet: &PacketView| matches!(packet.state, PacketState::OnWire { .. });
    for kind in PacketKind::ALL.into_iter().chain([PacketKind::Plain]) {
        stroke_all(
            &ctx,
            colour(kind),
            shapes
                .iter()
                .filter(|(packet, _)| on_wire(packet) && packet.look.kind == kind),
        );
    }
    let queued = |packet: &PacketView| matches!(packet.state, PacketState::Queued { .. });
    stroke_all(
        &ctx,
        QUEUED,
        shapes.iter().filter(|(packet, _)| queued(packet)),
    );
    // Sealed: an observer sees a packet, not what is inside.
    let dashes = js_sys::Array::of2(&3.0.into(), &3.0.into());
    let _ = ctx.set_line_dash(&dashes);
    ctx.set_line_width(2.5);
    stroke_all(
        &ctx,
        "#ffffff",
        shapes
            .iter()
            .filter(|(packet, _)| on_wire(packet) && packet.look.encrypted),
    );
    let _ = ctx.set_line_dash(&js_sys::Array::new());
    ctx.set_line_width(PACKET_WIDTH);
    // Falling packets fade, each at its own pace: one stroke each.
    for (packet, shape) in &shapes {
        if let PacketState::Falling { progress, .. } = packet.state {
            ctx.set_global_alpha(1.0 - progress);
            stroke_all(&ctx, DROPPED, [&(*packet, *shape)]);
        }
    }
    ctx.set_global_alpha(1.0);
}

/// One path of every shape, stroked once in `colour`.
fn stroke_all<'a>(
    ctx: &CanvasRenderingContext2d,
    colour: &str,
    shapes: impl IntoIterator<Item = &'a (&'a PacketView, Shape)>,
) {
    ctx.begin_path();
    for (_, Shape { from, to }) in shapes {
        ctx.move_to(from.0, from.1);
        ctx.line_to(to.0, to.1);
    }
    ctx.set_stroke_style_str(colour);
    ctx.stroke();
}
