//! The stage: the lesson's network drawn as SVG. Links change rarely and nodes
//! are memoised components, so a clock tick re-renders none of this.

use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use super::legend::Legend;
use super::live::LiveLesson;
use super::packet_layer::PacketLayer;
use super::stage_description::STAGE_DESCRIPTION_ID;
use super::stage_node::StageNode;
use super::stage_zoom::{use_zoom, zoom_buttons};
use super::state::{Action, State};
use cslab_lessons::lesson::playback::PlaybackStatus;
use cslab_scene::geometry::{ICON_CENTRE_DY, pick};
use cslab_scene::i18n::{Lang, Tr};
use cslab_scene::kind::PacketKind;
use cslab_scene::paint::meet;
use cslab_scene::server_state::{cut_links, server_state, switched_off};
use cslab_scene::topology::NodeRole;
use cslab_scene::topology::{STAGE_HEIGHT, STAGE_WIDTH};
use cslab_sim::net::NodeId;
use cslab_sim::time::SimTime;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub lang: Lang,
    pub live: LiveLesson,
    /// The packet kinds to explain, and whether encryption shows.
    pub legend: (&'static [PacketKind], bool),
    pub selected: Option<usize>,
    pub dispatch: UseReducerDispatcher<State>,
    pub on_status: Callback<PlaybackStatus>,
    /// A busy server's workers and queue places to show filling up.
    pub gauge: Option<(u32, u32)>,
    /// The clock, for the gauge.
    pub now: SimTime,
    /// Kept mounted but not shown (another view is on top).
    #[prop_or_default]
    pub hidden: bool,
}

#[function_component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let tr = Tr(props.lang);
    let topology = &props.live.topology;
    let nodes = &topology.nodes;
    let switched_off = (props.live.playback.borrow().world())
        .map(|world| switched_off(world, props.now))
        .unwrap_or_default();
    // What each machine holds (a sandbox's Bitcoin node that has the
    // block).
    let notes: Vec<Option<&'static str>> = {
        let playback = props.live.playback.borrow();
        (0..nodes.len())
            .map(|i| {
                playback
                    .run()
                    .and_then(|run| run.node_note(NodeId(i as u32), props.now))
            })
            .collect()
    };
    let cut = (props.live.playback.borrow().world())
        .map(|world| cut_links(world, props.now))
        .unwrap_or_default();
    // A click on a packet (not on a machine) opens it in the inspector. The
    // drawing is read through a ref: Yew delegates events, so the event's
    // current target is not the drawing.
    let drawing = use_node_ref();
    let viewport = use_node_ref();
    let zoom = use_zoom(viewport.clone());
    let onclick = {
        let (live, dispatch, drawing) =
            (props.live.clone(), props.dispatch.clone(), drawing.clone());
        move |event: MouseEvent| {
            let Some(drawing) = drawing.cast::<Element>() else {
                return;
            };
            let on_node = event
                .target()
                .and_then(|target| target.dyn_into::<Element>().ok())
                .and_then(|element| element.closest(".node").ok().flatten());
            if on_node.is_some() {
                return;
            }
            let rect = drawing.get_bounding_client_rect();
            let point = stage_point(
                (rect.width(), rect.height()),
                (
                    event.client_x() as f64 - rect.left(),
                    event.client_y() as f64 - rect.top(),
                ),
            );
            let packets = live.playback.borrow().packets();
            if let Some(pkt) = pick(&live.topology, &packets, point, PICK_RADIUS) {
                dispatch.dispatch(Action::SelectPacket(Some(pkt)));
            }
        }
    };
    html! {
        <section class={classes!("stage", props.hidden.then_some("hidden"))} aria-label={tr.t("stage-label")}
                 aria-describedby={STAGE_DESCRIPTION_ID}>
            <div class="viewport" ref={viewport} ontouchmove={zoom.on_touch_move} ontouchend={zoom.on_touch_end.clone()}
                 ontouchcancel={zoom.on_touch_end}>
            <div class={classes!("drawing", format!("zoom-{}", zoom.level))} ref={drawing} {onclick}>
            <svg viewBox={format!("0 0 {STAGE_WIDTH} {STAGE_HEIGHT}")} preserveAspectRatio="xMidYMid meet">
                <g class="links">
                    { for topology.links.iter().map(|link| {
                        let (a, b) = (&nodes[link.a], &nodes[link.b]);
                        let ends = |x: usize, y: usize| (NodeId(x as u32), NodeId(y as u32));
                        let broken = cut.contains(&ends(link.a, link.b)) || cut.contains(&ends(link.b, link.a));
                        html! {
                            <line class={classes!("link", broken.then_some("cut"))}
                                  x1={a.x.to_string()} y1={(a.y as f64 + ICON_CENTRE_DY).to_string()}
                                  x2={b.x.to_string()} y2={(b.y as f64 + ICON_CENTRE_DY).to_string()} />
                        }
                    }) }
                </g>
                { for nodes.iter().enumerate().map(|(index, node)| { let off = switched_off.contains(&NodeId(index as u32)); let note = notes[index]; html! {
                    <StageNode
                        key={index}
                        {index}
                        role={node.role}
                        x={node.x}
                        y={node.y}
                        name={AttrValue::from(node.name(tr))}
                        address={AttrValue::from(node.address.clone())}
                        loopback={node.loopback}
                        off={off.then(|| AttrValue::from(tr.t("node-off")))}
                        note={note.map(|key| AttrValue::from(tr.t(key)))}
                        selected={props.selected == Some(index)}
                        dispatch={props.dispatch.clone()}
                    />
                }}) }
                if let Some((workers, capacity)) = props.gauge {
                    { server_gauge(tr, &props.live, props.now, workers, capacity) }
                }
            </svg>
            <PacketLayer lang={props.lang} live={props.live.clone()} on_status={props.on_status.clone()} />
            </div>
            </div>
            <div class="stage-foot">
                <Legend lang={props.lang} kinds={props.legend.0} encryption={props.legend.1} />
                { zoom_buttons(props.lang, zoom.level, &zoom.change) }
            </div>
        </section>
    }
}

/// Under the server: a box per worker (filled while serving), a box per
/// accept-queue place (filled while waiting), and the refusals so far.
fn server_gauge(tr: Tr, live: &LiveLesson, now: SimTime, workers: u32, capacity: u32) -> Html {
    let Some(server) = live
        .topology
        .nodes
        .iter()
        .find(|node| node.role == NodeRole::WebServer)
    else {
        return html! {};
    };
    let state = live
        .playback
        .borrow()
        .world()
        .map(|world| server_state(world, now, workers as u64))
        .unwrap_or_default();
    let boxes = |count: u32, filled: u64, class: &'static str, y: i32| {
        html! {
            { for (0..count).map(|i| {
                let x = i as i32 * 18 - (count as i32 * 18) / 2;
                html! { <rect class={classes!(class, ((i as u64) < filled).then_some("filled"))}
                              x={x.to_string()} y={y.to_string()} width="14" height="14" rx="3" /> }
            }) }
        }
    };
    let full = state.queued >= capacity as u64;
    // Labels end just left of the wider row of boxes.
    let label_x = (-(workers.max(capacity) as i32) * 9 - 8).to_string();
    html! {
        <g class={classes!("gauge", full.then_some("full"))} transform={format!("translate({} {})", server.x, server.y + 78)}>
            <text class="label" x={label_x.clone()} y="11">{ tr.t("gauge-serving") }</text>
            { boxes(workers, state.busy, "worker", 0) }
            <text class="label" x={label_x} y="31">{ tr.t("gauge-queue") }</text>
            { boxes(capacity, state.queued, "place", 20) }
            <text class="refused" y="56">{ tr.t_args("gauge-refused", &[("n", &tr.0.integer(state.refused))]) }</text>
            if state.dropped > 0 {
                <text class="refused" y="74">{ tr.t_args("gauge-dropped", &[("n", &tr.0.integer(state.dropped))]) }</text>
            }
        </g>
    }
}

/// How near a click must be to a packet to pick it, in stage units.
const PICK_RADIUS: f64 = 10.0;

/// A point in a box of `size` (CSS pixels), in stage units.
fn stage_point(size: (f64, f64), at: (f64, f64)) -> (f64, f64) {
    let (scale, left, top) = meet(size);
    ((at.0 - left) / scale, (at.1 - top) / scale)
}
