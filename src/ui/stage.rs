//! The stage: the lesson's network drawn as SVG. Links change rarely and nodes
//! are memoised components, so a clock tick re-renders none of this.

use yew::prelude::*;

use super::legend::Legend;
use super::live::LiveLesson;
use super::packet_layer::PacketLayer;
use super::stage_node::StageNode;
use super::state::State;
use crate::i18n::{Lang, Tr};
use crate::scenario::topology::{STAGE_HEIGHT, STAGE_WIDTH};
use crate::scene::kind::PacketKind;
use crate::scene::playback::PlaybackStatus;

/// Icons are drawn centred this far above a node's point; links meet there.
pub const ICON_CENTRE_DY: i64 = -15;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub lang: Lang,
    pub live: LiveLesson,
    /// The packet kinds to explain, and whether encryption shows.
    pub legend: (&'static [PacketKind], bool),
    pub selected: Option<usize>,
    pub dispatch: UseReducerDispatcher<State>,
    pub on_status: Callback<PlaybackStatus>,
    /// Kept mounted but not shown (another view is on top).
    #[prop_or_default]
    pub hidden: bool,
}

#[function_component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let tr = Tr(props.lang);
    let topology = &props.live.topology;
    let nodes = &topology.nodes;
    html! {
        <section class={classes!("stage", props.hidden.then_some("hidden"))} aria-label={tr.t("stage-label")}>
            <svg viewBox={format!("0 0 {STAGE_WIDTH} {STAGE_HEIGHT}")} preserveAspectRatio="xMidYMid meet">
                <g class="links">
                    { for topology.links.iter().map(|link| {
                        let (a, b) = (&nodes[link.a], &nodes[link.b]);
                        html! {
                            <line class="link"
                                  x1={a.x.to_string()} y1={(a.y as i64 + ICON_CENTRE_DY).to_string()}
                                  x2={b.x.to_string()} y2={(b.y as i64 + ICON_CENTRE_DY).to_string()} />
                        }
                    }) }
                </g>
                { for nodes.iter().enumerate().map(|(index, node)| html! {
                    <StageNode
                        key={index}
                        {index}
                        role={node.role}
                        x={node.x}
                        y={node.y}
                        name={AttrValue::from(node.name(tr))}
                        address={AttrValue::from(node.address.clone())}
                        selected={props.selected == Some(index)}
                        dispatch={props.dispatch.clone()}
                    />
                }) }
            </svg>
            <PacketLayer live={props.live.clone()} on_status={props.on_status.clone()} />
            <Legend lang={props.lang} kinds={props.legend.0} encryption={props.legend.1} />
        </section>
    }
}
