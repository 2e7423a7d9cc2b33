//! The stage in words, for those who cannot see the drawing (WCAG 1.1.1): the
//! machines with their kind and address, the story's current step, and the
//! packets on their way, grouped by the machines they go between. The stage
//! points at it with `aria-describedby`; it is not a live region, so it is
//! read when asked for, never announced as the clock moves.

use std::collections::BTreeMap;

use yew::prelude::*;

use super::live::LiveLesson;
use super::step_caption::current_steps;
use cslab_lessons::lesson::Lesson;
use cslab_lessons::lesson::settings::Settings;
use cslab_scene::i18n::{Lang, Tr};
use cslab_scene::packets::{PacketState, PacketView, Path};
use cslab_scene::topology::Topology;
use cslab_sim::time::SimTime;

/// The id the stage's `aria-describedby` names.
pub const STAGE_DESCRIPTION_ID: &str = "stage-description";

/// At most this many pairs of machines are named; the rest are counted.
const PAIRS_AT_MOST: usize = 6;

#[derive(Properties, PartialEq)]
pub struct StageDescriptionProps {
    pub lang: Lang,
    pub lesson: Lesson,
    pub settings: Settings,
    pub live: LiveLesson,
    pub now: SimTime,
}

#[function_component(StageDescription)]
pub fn stage_description(props: &StageDescriptionProps) -> Html {
    let tr = Tr(props.lang);
    let topology = &props.live.topology;
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
    let playback = props.live.playback.borrow();
    let step = (props.lesson.plot(&props.settings))
        .and_then(|plot| current_steps(tr, plot, &playback, props.now))
        .unwrap_or_default()
        .into_iter()
        .map(|(number, text)| format!("{number} {text}"))
        .collect::<Vec<_>>()
        .join(" ");
    let in_flight = in_flight(tr, topology, &playback.packets());
    html! {
        <div id={STAGE_DESCRIPTION_ID} class="visually-hidden">
            <p>{ tr.t("stage-machines") }{ " " }{ machines }{ "." }</p>
            if !step.is_empty() {
                <p>{ step }</p>
            }
            <p>{ in_flight }</p>
        </div>
    }
}

/// "Packets on their way: Browser → Router (2), …", or that none are.
fn in_flight(tr: Tr, topology: &Topology, packets: &[PacketView]) -> String {
    let mut pairs = BTreeMap::<(usize, usize), u32>::new();
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
        if let Some(ends) = ends {
            *pairs.entry(ends).or_default() += 1;
        }
    }
    if pairs.is_empty() {
        return tr.t("stage-no-packets");
    }
    let mut named: Vec<String> = (pairs.iter().take(PAIRS_AT_MOST))
        .map(|(&(from, to), count)| format!("{} ({count})", topology.route(tr, from, to)))
        .collect();
    let rest: u32 = pairs.values().skip(PAIRS_AT_MOST).sum();
    if rest > 0 {
        named.push(tr.t_args(
            "stage-packets-more",
            &[("count", &tr.0.integer(rest as u64))],
        ));
    }
    format!("{} {}.", tr.t("stage-packets"), named.join(", "))
}
