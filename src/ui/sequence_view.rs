//! The sequence view: the same run as a message-sequence chart, one lane per
//! end host, time flowing down to the clock's line; packets still in flight
//! are drawn bold and dashed up to it.

use yew::prelude::*;

use super::live::LiveLesson;
use super::state::{Action, State};
use cslab_scene::i18n::{Lang, Tr};
use cslab_scene::paint::{DROPPED, colour};
use cslab_scene::sequence::{lanes, latest_arrows};
use cslab_sim::time::SimTime;

const WIDTH: f64 = 800.0;
const TOP: f64 = 56.0;
const HEIGHT: f64 = 520.0;
/// The chart spans at least this much time, so the first arrows are not
/// stretched over the whole height.
const MIN_SPAN: SimTime = SimTime::from_millis(20);
/// The arrows drawn: the latest ones, so a busy run stays readable and the
/// chart follows the clock (a page load sends fewer, and shows them all).
const MAX_ARROWS: usize = 120;
/// How far a packet to the machine itself goes out of its lane and back.
const SELF_LOOP: f64 = 18.0;

#[derive(Properties, PartialEq)]
pub struct SequenceViewProps {
    pub lang: Lang,
    pub live: LiveLesson,
    pub now: SimTime,
    pub packet: Option<u64>,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(SequenceView)]
pub fn sequence_view(props: &SequenceViewProps) -> Html {
    let tr = Tr(props.lang);
    let playback = props.live.playback.borrow();
    let Some(world) = playback.world() else {
        return html! {};
    };
    // Lanes read left to right as the machines stand on the stage.
    let mut lanes = lanes(world);
    lanes.sort_by_key(|lane| {
        props
            .live
            .topology
            .nodes
            .get(lane.index())
            .map(|node| node.x)
    });
    let arrows = latest_arrows(world, props.now, MAX_ARROWS);
    // From the first arrow shown (or zero, while they all fit) to the clock.
    let from = if arrows.len() == MAX_ARROWS {
        arrows[0].sent
    } else {
        SimTime::ZERO
    };
    let span = props.now.saturating_sub(from).max(MIN_SPAN).as_nanos() as f64;
    let y = |t: SimTime| TOP + t.saturating_sub(from).as_nanos() as f64 / span * HEIGHT;
    let gap = WIDTH / lanes.len().max(1) as f64;
    let x = |node| {
        lanes
            .iter()
            .position(|&lane| lane == node)
            .map(|i| gap * (i as f64 + 0.5))
    };
    html! {
        // Focusable, so the keyboard scrolls it as a mouse wheel does (WCAG 2.1.1).
        <section class="sequence" aria-label={tr.t("view-sequence")} tabindex="0">
            <svg viewBox={format!("0 0 {WIDTH} {}", TOP + HEIGHT + 16.0)} preserveAspectRatio="xMidYMin meet">
                { for lanes.iter().map(|&lane| {
                    let lx = x(lane).unwrap_or_default();
                    html! {
                        <g class="lane">
                            { lane_name(&props.live.topology.node_name(tr, lane.index()), lx, gap) }
                            <line x1={lx.to_string()} y1="36" x2={lx.to_string()} y2={(TOP + HEIGHT).to_string()} />
                        </g>
                    }
                }) }
                <line class="now" x1="0" x2={WIDTH.to_string()} y1={y(props.now).to_string()} y2={y(props.now).to_string()} />
                { for arrows.iter().filter_map(|arrow| {
                    let (x1, x2) = (x(arrow.src)?, x(arrow.dst)?);
                    let moving = arrow.arrived.is_none() && !arrow.dropped;
                    let end = arrow.arrived.unwrap_or(props.now);
                    let (y1, y2) = (y(arrow.sent), y(end));
                    // A dropped packet stops half way, at the time it was sent:
                    // it never lands.
                    let (x_end, y_end) = if arrow.dropped { ((x1 + x2) / 2.0, y1 + 6.0) } else { (x2, y2) };
                    // A machine's packet to itself (127.0.0.1) leaves its lane
                    // and comes back to it, as sequence diagrams draw a call
                    // to oneself.
                    let path = if arrow.src == arrow.dst {
                        format!("M{x1} {y1} h{SELF_LOOP} V{} H{x_end}", y_end.max(y1 + SELF_LOOP / 2.0))
                    } else {
                        format!("M{x1} {y1} L{x_end} {y_end}")
                    };
                    let y_end = if arrow.src == arrow.dst { y_end.max(y1 + SELF_LOOP / 2.0) } else { y_end };
                    let pkt = arrow.pkt;
                    let dispatch = props.dispatch.clone();
                    let stroke = if arrow.dropped { DROPPED } else { colour(arrow.look.kind) };
                    Some(html! {
                        <g class={classes!("arrow", moving.then_some("moving"), (props.packet == Some(pkt)).then_some("selected"))}
                           onclick={move |_| dispatch.dispatch(Action::SelectPacket(Some(pkt)))}>
                            // In flight: dashed down to the clock's line, where it is not yet.
                            <path d={path} fill="none" stroke={stroke} stroke-dasharray={moving.then_some("5 4")} />
                            <circle cx={x_end.to_string()} cy={y_end.to_string()} r="2.5" fill={stroke} />
                        </g>
                    })
                }) }
            </svg>
        </section>
    }
}

/// About how wide a character of a lane's name is drawn (13 px, bold).
const CHAR_WIDTH: f64 = 8.8;

/// A lane's name above it, at `x`: on two lines when one would reach into
/// the next lane's (`gap` apart), split at the space nearest its middle.
/// The first line keeps its space, so the name reads whole as text.
fn lane_name(name: &str, x: f64, gap: f64) -> Html {
    let x = x.to_string();
    let fits = |text: &str| text.chars().count() as f64 * CHAR_WIDTH <= gap - 6.0;
    let middle = name.len() / 2;
    let split = (name.match_indices(' '))
        .map(|(at, _)| at)
        .min_by_key(|&at| at.abs_diff(middle));
    match split {
        Some(at) if !fits(name) => {
            let (first, second) = name.split_at(at + 1);
            html! {
                <text y="14">
                    <tspan x={x.clone()}>{ first }</tspan>
                    <tspan x={x} dy="15">{ second }</tspan>
                </text>
            }
        }
        _ => html! { <text x={x} y="24">{ name }</text> },
    }
}
