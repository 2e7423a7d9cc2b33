//! The key to the packets' colours, in the stage's corner.

use yew::prelude::*;

use cslab_scene::i18n::{Lang, Tr};
use cslab_scene::kind::PacketKind;
use cslab_scene::paint::{DROPPED, QUEUED, colour};

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub lang: Lang,
    pub kinds: &'static [PacketKind],
    pub encryption: bool,
}

#[function_component(Legend)]
pub fn legend(props: &LegendProps) -> Html {
    let tr = Tr(props.lang);
    let entry = |colour: &'static str, class: &'static str, label: String| {
        html! { <li>{ swatch(colour, class) }{ label }</li> }
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

/// A colour's key: a small SVG whose colour is its `fill` attribute, which
/// the page's Content-Security-Policy allows where it refuses a `style`
/// attribute (scripts/finish-dist.mjs). CSS gives it its size and shape; a
/// "sealed" key (encrypted traffic) is crossed by a dashed white line.
pub fn swatch(colour: &'static str, class: &'static str) -> Html {
    html! {
        <svg class={classes!("swatch", class)} viewBox="0 0 2 2" preserveAspectRatio="none" aria-hidden="true">
            <rect width="2" height="2" fill={colour} />
            if class == "sealed" {
                <line class="seal" x1="0" y1="1" x2="2" y2="1" />
            }
        </svg>
    }
}
