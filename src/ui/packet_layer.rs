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
                draw(&canvas, &playback.packets(), &live.topology);
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
/// scales them (`xMidYMid meet`).
fn draw(canvas: &HtmlCanvasElement, packets: &[PacketView], topology: &Topology) {
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
    for packet in packets {
        let Some(Shape { from, to }) = shape(topology, packet) else {
            continue;
        };
        match packet.state {
            PacketState::OnWire { .. } => {
                stroke(&ctx, colour(packet.look.kind), 1.0, from, to);
                if packet.look.encrypted {
                    // Sealed: an observer sees a packet, not what is inside.
                    seal(&ctx, from, to);
                }
            }
            PacketState::Queued { .. } => stroke(&ctx, QUEUED, 1.0, from, to),
            PacketState::Falling { progress, .. } => {
                stroke(&ctx, DROPPED, 1.0 - progress, from, to)
            }
        }
    }
}

/// A dashed white line along an encrypted packet.
fn seal(ctx: &CanvasRenderingContext2d, a: (f64, f64), b: (f64, f64)) {
    let dashes = js_sys::Array::of2(&3.0.into(), &3.0.into());
    let _ = ctx.set_line_dash(&dashes);
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_line_width(2.5);
    ctx.begin_path();
    ctx.move_to(a.0, a.1);
    ctx.line_to(b.0, b.1);
    ctx.stroke();
    let _ = ctx.set_line_dash(&js_sys::Array::new());
}

fn stroke(ctx: &CanvasRenderingContext2d, colour: &str, alpha: f64, a: (f64, f64), b: (f64, f64)) {
    ctx.set_global_alpha(alpha);
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(PACKET_WIDTH);
    ctx.begin_path();
    ctx.move_to(a.0, a.1);
    ctx.line_to(b.0, b.1);
    ctx.stroke();
    ctx.set_global_alpha(1.0);
}
