//! The key to the packets' colours, in the stage's corner.

use yew::prelude::*;

use super::packet_layer::{DROPPED, QUEUED, colour};
use cslab_scene::i18n::{Lang, Tr};
use cslab_scene::kind::PacketKind;

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub lang: Lang,
    pub kinds: &'static [PacketKind],
    pub encryption: bool,
}

#[function_component(Legend)]
pub fn legend(props: &LegendProps) -> Html {
    let tr = Tr(props.lang);
    let entry = |colour: &str, class: &'static str, label: String| {
        html! {
            <li><span class={classes!("swatch", class)} style={format!("background:{colour}")}></span>{ label }</li>
        }
    };
    html! {
        <ul class="legend" aria-label={tr.t("legend-label")}>
            { for props.kinds.iter().map(|&kind| entry(colour(kind), "", tr.t(kind.label_key()))) }
            if props.encryption {
                { entry(colour(PacketKind::Http), "sealed", tr.t("kind-encrypted")) }
            }
            { entry(QUEUED, "short", tr.t("kind-queued")) }
            { entry(DROPPED, "short", tr.t("kind-dropped")) }
        </ul>
    }
}
