//! The side panel: the lesson's narration, and the details of the selected
//! machine.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{Lang, Tr};
use crate::scenario::topology::Topology;

#[derive(Properties, PartialEq)]
pub struct SidePanelProps {
    pub lang: Lang,
    pub topology: Rc<Topology>,
    pub selected: Option<usize>,
}

#[function_component(SidePanel)]
pub fn side_panel(props: &SidePanelProps) -> Html {
    let tr = Tr(props.lang);
    let details = match props
        .selected
        .and_then(|index| props.topology.nodes.get(index))
    {
        Some(node) => html! {
            <>
                <h3>{ tr.t(node.name_key) }</h3>
                <p>{ tr.t(node.role.description_key()) }</p>
                <dl>
                    <dt>{ tr.t("details-address") }</dt>
                    <dd><code>{ node.address }</code></dd>
                </dl>
            </>
        },
        None => html! { <p class="hint">{ tr.t("details-hint") }</p> },
    };
    html! {
        <aside class="side-panel">
            <section class="card narration" aria-labelledby="narration-heading">
                <h2 id="narration-heading">{ tr.t("panel-narration") }</h2>
                <h3>{ tr.t("lesson-web-title") }</h3>
                <p>{ tr.t("lesson-web-intro-1") }</p>
                <p>{ tr.t("lesson-web-intro-2") }</p>
            </section>
            <section class="card details" aria-labelledby="details-heading" aria-live="polite">
                <h2 id="details-heading">{ tr.t("panel-details") }</h2>
                { details }
            </section>
        </aside>
    }
}
