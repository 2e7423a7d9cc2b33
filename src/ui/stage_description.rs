//! The stage in words, for those who cannot see the drawing (WCAG 1.1.1): the
//! machines with their kind and address, the story's current step, and the
//! packets on their way while the clock is stopped, grouped by the
//! machines they go between. The stage
//! points at it with `aria-describedby`; it is not a live region, so it is
//! read when asked for, never announced as the clock moves.

use yew::prelude::*;

use super::live::LiveLesson;
use super::step_caption::current_steps;
use cslab_lessons::lesson::Lesson;
use cslab_lessons::lesson::settings::Settings;
use cslab_scene::i18n::Tr;
use cslab_scene::packets::{PacketState, PacketView, Path};
use cslab_scene::topology::Topology;
use cslab_sim::time::SimTime;

/// The id the stage's `aria-describedby` names.
pub const STAGE_DESCRIPTION_ID: &str = "stage-description";

/// At most this many pairs of machines are named; the rest are counted.
const PAIRS_AT_MOST: usize = 6;

/// The description, drawn as the page's clock moves (a function, not a
/// component: the shell re-renders with the clock anyway).
pub fn stage_description(
    tr: Tr,
    lesson: Lesson,
    settings: &Settings,
    live: &LiveLesson,
    now: SimTime,
) -> Html {
    let topology = &live.topology;
    let machines = topology
        .nodes
        .iter()
        .map(|node| {
            format!(
                "{} ({}, {})",
                node.name(tr),
                tr.t(node.role.kind_key()),
                node.address
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let playback = live.playback.borrow();
    let step = (lesson.plot(settings))
        .and_then(|plot| current_steps(tr, plot, &playback, now))
        .unwrap_or_default()
        .into_iter()
        .map(|(number, text)| format!("{number} {text}"))
        .collect::<Vec<_>>()
        .join(" ");
    // The packets only while the clock stands still: playing, they change
    // every frame, no listener could follow them, and the packet layer has
    // already worked them out once for this frame.
    let in_flight =
        (!playback.status().playing).then(|| in_flight(tr, topology, &playback.packets()));
    html! {
        <div id={STAGE_DESCRIPTION_ID} class="visually-hidden">
            <p>{ tr.t("stage-machines") }{ " " }{ machines }{ "." }</p>
            if !step.is_empty() {
                <p>{ step }</p>
            }
            if let Some(in_flight) = in_flight {
                <p>{ in_flight }</p>
            }
        </div>
    }
}

/// "Packets on their way: Browser → Router (2), …", or that none are.
fn in_flight(tr: Tr, topology: &Topology, packets: &[PacketView]) -> String {
    // The pairs in the order their first packet is listed (a run's packets
    // come in a fixed order, so the sentence is the same every time).
    let mut pairs: Vec<((usize, usize), u32)> = Vec::new();
    for packet in packets {
        let ends = match (packet.path, packet.state) {
            (_, PacketState::Queued { .. } | PacketState::Falling { .. }) => None,
            (Path::Loopback(node), _) => Some((node.index(), node.index())),
            (Path::Link { link, dir }, _) => topology.links.get(link.index()).map(|link| {
                if dir == 0 {
                    (link.a, link.b)
                } else {
                    (link.b, link.a)
                }
            }),
        };
        match (ends, pairs.iter_mut().find(|(pair, _)| Some(*pair) == ends)) {
            (_, Some((_, count))) => *count += 1,
            (Some(ends), None) => pairs.push((ends, 1)),
            (None, None) => {}
        }
    }
    if pairs.is_empty() {
        return tr.t("stage-no-packets");
    }
    let mut named: Vec<String> = (pairs.iter().take(PAIRS_AT_MOST))
        .map(|&((from, to), count)| format!("{} ({count})", topology.route(tr, from, to)))
        .collect();
    let rest: u32 = pairs
        .iter()
        .skip(PAIRS_AT_MOST)
        .map(|(_, count)| count)
        .sum();
    if rest > 0 {
        named.push(tr.t_args(
            "stage-packets-more",
            &[("count", &tr.0.integer(rest as u64))],
        ));
    }
    format!("{} {}.", tr.t("stage-packets"), named.join(", "))
}
