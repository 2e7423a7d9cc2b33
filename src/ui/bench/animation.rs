//! The animation benchmark (`?bench=animation`): the generated large network
//! on a stage, animated by the same frame work as a lesson (advance the
//! playback, read the packets through its cursor, draw them on a canvas).
//! After the network has filled and a warm-up, it measures a fixed number of
//! frames: how long our frame callback takes, how far apart the browser's
//! animation frames come, how many packets are drawn, and the memory used.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::spread::Spread;
use super::{back_to_lab, now_ms};
use crate::ui::animation::use_animation_frames;
use crate::ui::notices::Notices;
use crate::ui::packet_layer::draw_packets;
use crate::ui::url_params::Notice;
use cslab_lessons::lesson::large_network::{LargeNetwork, LargeNetworkParams};
use cslab_lessons::lesson::playback::{Playback, SPEEDS_NS_PER_MS};
use cslab_scene::geometry::ICON_CENTRE_DY;
use cslab_scene::i18n::{Lang, Tr};
use cslab_scene::topology::{NodeRole, STAGE_HEIGHT, STAGE_WIDTH, Topology};
use cslab_sim::time::SimTime;

/// Network time simulated in one go before the animation starts: longer
/// than any path's delay, so the network is full when frames are measured.
const FILL: SimTime = SimTime::from_millis(250);
/// Frames animated, not measured, after the fill (the browser and the
/// caches settle): a tenth of the measured ones, within these bounds.
const WARM_UP_FRAMES: (u32, u32) = (5, 60);
/// The page's status line is refreshed every this many frames, so Yew
/// re-renders the text a few times a second, as a lesson's controls do.
const STATUS_EVERY_FRAMES: u32 = 15;

/// What `?bench=animation` takes: `frames` to measure, and the speed slider's
/// stop (`speed`, as in a lesson: 2 is a tenth of real time, 3 real time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnimationParams {
    pub frames: u32,
    pub speed: usize,
}

impl Default for AnimationParams {
    fn default() -> Self {
        AnimationParams {
            frames: 600,
            speed: 2,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct AnimationBenchProps {
    pub lang: Lang,
    pub params: AnimationParams,
    pub notices: Vec<Notice>,
}

/// Where the run is, as the status line says it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum Phase {
    #[default]
    Filling,
    WarmingUp,
    Measuring {
        frame: u32,
        packets: usize,
    },
    Done,
}

/// Memory and work at one moment, to compare the start of the measured
/// frames with their end.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Snapshot {
    js_heap: Option<f64>,
    wasm_memory: f64,
    events: u64,
    now: SimTime,
}

/// The figures the page reports once every frame is measured.
#[derive(Clone, Debug, PartialEq)]
struct Results {
    callback_ms: Spread,
    interval_ms: Spread,
    packets: Spread,
    start: Snapshot,
    end: Snapshot,
}

/// The per-frame samples of the measured frames.
#[derive(Default)]
struct Samples {
    callback_ms: Vec<f64>,
    interval_ms: Vec<f64>,
    packets: Vec<f64>,
}

struct Run {
    playback: Playback,
    topology: Rc<Topology>,
    frames: u32,
    warm_up: u32,
    /// Frames animated since the fill.
    animated: u32,
    samples: Samples,
    start: Option<Snapshot>,
}

impl Run {
    fn new(params: &AnimationParams) -> Run {
        let (topology, network) = LargeNetwork::build(&LargeNetworkParams::default());
        Run {
            playback: Playback::new(Some(Box::new(network)), params.speed),
            topology: Rc::new(topology),
            frames: params.frames.max(1),
            warm_up: (params.frames / 10).clamp(WARM_UP_FRAMES.0, WARM_UP_FRAMES.1),
            animated: 0,
            samples: Samples::default(),
            start: None,
        }
    }

    /// One animation frame, `real_ms` after the previous one.
    fn frame(
        &mut self,
        real_ms: f64,
        canvas: Option<HtmlCanvasElement>,
    ) -> (Phase, Option<Results>) {
        if self.playback.status().now < FILL {
            self.playback.seek(FILL);
            return (Phase::WarmingUp, None);
        }
        let started = now_ms();
        self.playback.advance(real_ms);
        let packets = self.playback.packets();
        if let Some(canvas) = canvas {
            draw_packets(&canvas, &packets, &self.topology, &[]);
        }
        let callback_ms = now_ms() - started;
        self.animated += 1;
        if self.animated <= self.warm_up {
            if self.animated == self.warm_up {
                self.start = Some(self.snapshot());
            }
            return (Phase::WarmingUp, None);
        }
        self.samples.callback_ms.push(callback_ms);
        self.samples.interval_ms.push(real_ms);
        self.samples.packets.push(packets.len() as f64);
        let frame = self.samples.packets.len() as u32;
        if frame < self.frames {
            let packets = packets.len();
            return (Phase::Measuring { frame, packets }, None);
        }
        let results = Results {
            callback_ms: Spread::of(&self.samples.callback_ms),
            interval_ms: Spread::of(&self.samples.interval_ms),
            packets: Spread::of(&self.samples.packets),
            start: self.start.unwrap_or_else(|| self.snapshot()),
            end: self.snapshot(),
        };
        (Phase::Done, Some(results))
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            js_heap: js_heap_bytes(),
            wasm_memory: wasm_memory_bytes(),
            events: self
                .playback
                .world()
                .map_or(0, |world| world.events_processed()),
            now: self.playback.status().now,
        }
    }
}

/// What the page shows: the phase, and the results at the end.
#[derive(Clone, Default, PartialEq)]
struct Progress {
    phase: Phase,
    results: Option<Rc<Results>>,
}

#[function_component(AnimationBenchPage)]
pub fn animation_bench_page(props: &AnimationBenchProps) -> Html {
    let tr = Tr(props.lang);
    let run = use_mut_ref(|| Run::new(&props.params));
    let topology = run.borrow().topology.clone();
    let canvas = use_node_ref();
    let progress = use_state(Progress::default);
    let notices = use_state(|| props.notices.clone());

    // The phase the status line shows, to refresh it only when it changes.
    let last_shown = use_mut_ref(|| None::<Phase>);
    // The run, the canvas and the setter never change: made once.
    let on_frame = {
        let (run, canvas, progress) = (run.clone(), canvas.clone(), progress.setter());
        use_callback((), move |real_ms: f64, ()| {
            let (phase, results) = run
                .borrow_mut()
                .frame(real_ms, canvas.cast::<HtmlCanvasElement>());
            let mut shown = last_shown.borrow_mut();
            let due = match phase {
                Phase::Measuring { frame, .. } => frame % STATUS_EVERY_FRAMES == 1,
                _ => *shown != Some(phase),
            };
            if due {
                *shown = Some(phase);
                progress.set(Progress {
                    phase,
                    results: results.map(Rc::new),
                });
            }
        })
    };
    use_animation_frames(progress.phase != Phase::Done, on_frame);

    let on_dismiss = {
        let notices = notices.setter();
        Callback::from(move |()| notices.set(Vec::new()))
    };
    let params = LargeNetworkParams::default();
    let routers = topology
        .nodes
        .iter()
        .filter(|node| node.role == NodeRole::Router)
        .count();
    let ratio = SPEEDS_NS_PER_MS[props.params.speed.min(SPEEDS_NS_PER_MS.len() - 1)] as f64 / 1e6;
    html! {
        <div class="bench-page bench-animation">
            <Notices lang={props.lang} notices={(*notices).clone()} {on_dismiss} />
            <section class="card bench">
                <h1>{ tr.t("bench-anim-title") }</h1>
                <p>{ tr.t_args("bench-anim-workload", &[
                    ("routers", &routers.to_string()),
                    ("hosts", &params.hosts.to_string()),
                    ("ratio", &props.lang.decimal(ratio, 1)),
                    ("frames", &props.params.frames.max(1).to_string()),
                ]) }</p>
                <div class="bench-stage" aria-label={tr.t("bench-anim-stage")} role="img">
                    <NetworkDrawing topology={topology} />
                    <canvas class="packets" ref={canvas} />
                </div>
                <p class="bench-status" role="status">{ status(tr, progress.phase, props.params.frames.max(1)) }</p>
                if let Some(results) = &progress.results {
                    { results_list(props.lang, results) }
                }
                { back_to_lab(props.lang) }
            </section>
        </div>
    }
}

fn status(tr: Tr, phase: Phase, frames: u32) -> String {
    match phase {
        Phase::Filling => tr.t("bench-anim-filling"),
        Phase::WarmingUp => tr.t("bench-anim-warming-up"),
        Phase::Measuring { frame, packets } => tr.t_args(
            "bench-anim-measuring",
            &[
                ("frame", &frame.to_string()),
                ("frames", &frames.to_string()),
                ("packets", &packets.to_string()),
            ],
        ),
        Phase::Done => tr.t("bench-done"),
    }
}

/// The results as a list; each figure also sits raw in `data-` attributes
/// for the browser tests.
fn results_list(lang: Lang, results: &Results) -> Html {
    let tr = Tr(lang);
    let ms = |value: f64| lang.decimal(value, 2);
    let times = |class: &'static str, label: &str, spread: &Spread| {
        html! {
            <>
                <dt>{ tr.t(label) }</dt>
                <dd class={class} data-p50={spread.p50.to_string()} data-p95={spread.p95.to_string()}
                    data-max={spread.max.to_string()}>
                    { format!("{} / {} / {} ms", ms(spread.p50), ms(spread.p95), ms(spread.max)) }
                </dd>
            </>
        }
    };
    let mib = |bytes: f64| format!("{} MiB", lang.decimal(bytes / (1024.0 * 1024.0), 1));
    let memory = |class: &'static str, label: &str, start: f64, end: f64| {
        html! {
            <>
                <dt>{ tr.t(label) }</dt>
                <dd class={class} data-start={start.to_string()} data-end={end.to_string()}>
                    { format!("{} → {}", mib(start), mib(end)) }
                </dd>
            </>
        }
    };
    let (start, end) = (&results.start, &results.end);
    let simulated_ms = (end.now.as_nanos() - start.now.as_nanos()) as f64 / 1e6;
    html! {
        <dl class="bench-results">
            { times("callback", "bench-anim-callback", &results.callback_ms) }
            { times("interval", "bench-anim-interval", &results.interval_ms) }
            <dt>{ tr.t("bench-anim-packets") }</dt>
            <dd class="packets" data-min={results.packets.min.to_string()} data-median={results.packets.p50.to_string()}>
                { format!("{} / {}", results.packets.min, results.packets.p50) }
            </dd>
            <dt>{ tr.t("bench-anim-events") }</dt>
            <dd class="events" data-events={(end.events - start.events).to_string()}>
                { tr.t_args("bench-anim-events-value", &[
                    ("events", &(end.events - start.events).to_string()),
                    ("ms", &lang.decimal(simulated_ms, 1)),
                ]) }
            </dd>
            if let (Some(heap_start), Some(heap_end)) = (start.js_heap, end.js_heap) {
                { memory("js-heap", "bench-anim-js-heap", heap_start, heap_end) }
            }
            { memory("wasm-memory", "bench-anim-wasm-memory", start.wasm_memory, end.wasm_memory) }
        </dl>
    }
}

#[derive(Properties)]
struct NetworkDrawingProps {
    topology: Rc<Topology>,
}

impl PartialEq for NetworkDrawingProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.topology, &other.topology)
    }
}

/// The network as small dots and thin lines: hundreds of lesson icons would
/// cover the stage. Drawn once; the status line's updates do not touch it.
#[function_component(NetworkDrawing)]
fn network_drawing(props: &NetworkDrawingProps) -> Html {
    let nodes = &props.topology.nodes;
    let centre = |index: usize| {
        let node = &nodes[index];
        (node.x as f64, node.y as f64 + ICON_CENTRE_DY)
    };
    html! {
        <svg viewBox={format!("0 0 {STAGE_WIDTH} {STAGE_HEIGHT}")} preserveAspectRatio="xMidYMid meet">
            <g class="links">
                { for props.topology.links.iter().map(|link| {
                    let (a, b) = (centre(link.a), centre(link.b));
                    html! {
                        <line class="link" x1={a.0.to_string()} y1={a.1.to_string()}
                              x2={b.0.to_string()} y2={b.1.to_string()} />
                    }
                }) }
            </g>
            <g class="bench-nodes">
                { for nodes.iter().enumerate().map(|(index, node)| {
                    let (x, y) = centre(index);
                    let r = if node.role == NodeRole::Router { "9" } else { "3.5" };
                    html! {
                        <circle class={node.role.css_class()} cx={x.to_string()} cy={y.to_string()} {r} />
                    }
                }) }
            </g>
        </svg>
    }
}

/// Bytes of JavaScript heap in use, where the browser tells
/// (`performance.memory` is Chromium's own).
fn js_heap_bytes() -> Option<f64> {
    let performance = web_sys::window()?.performance()?;
    let memory = js_sys::Reflect::get(&performance, &"memory".into()).ok()?;
    js_sys::Reflect::get(&memory, &"usedJSHeapSize".into())
        .ok()?
        .as_f64()
}

/// Bytes of the WebAssembly memory: the simulator, the trace and the
/// cursor live there, not in the JavaScript heap.
fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}
