//! The inspector: one packet, layer by layer, with its fields.

use yew::prelude::*;

use super::focus::use_focus_return;
use super::live::LiveLesson;
use super::state::{Action, State};
use cslab_scene::capture::{Reader, layers, rewrite};
use cslab_scene::i18n::{Lang, Tr};

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub lang: Lang,
    pub live: LiveLesson,
    pub pkt: u64,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let tr = Tr(props.lang);
    // Closed by its button, it gives the focus back to the row or arrow
    // that opened it.
    let root = use_node_ref();
    use_focus_return(root.clone(), None);
    let playback = props.live.playback.borrow();
    let Some(world) = playback.world() else {
        return html! {};
    };
    let Some(header) = world.trace().header(props.pkt) else {
        return html! { <p class="hint">{ tr.t("inspector-plain") }</p> };
    };
    let dispatch = props.dispatch.clone();
    let topology = &props.live.topology;
    let sender = topology.node_name(tr, header.src_node.index());
    let nat = rewrite(world, header);
    // Whose view the lesson takes, if it takes one: what it cannot read is
    // greyed out.
    let view = playback.run().and_then(|run| run.reader(header));
    let reader = view.map_or(Reader::Wire, |(reader, _)| reader);
    let view_note = view.map(|(reader, observer_key)| {
        let key = if reader == Reader::Absent {
            "inspector-absent"
        } else {
            "inspector-read-as"
        };
        tr.t_args(key, &[("observer", &tr.t(observer_key))])
    });
    html! {
        <div class="inspector" ref={root}>
            <h3>{ tr.t_args("inspector-title", &[("number", &props.pkt.to_string())]) }</h3>
            <p class="route">{ topology.route(tr, header.src_node.index(), header.dst_node.index()) }</p>
            <p class="hint">{ tr.t_args("inspector-seen", &[("node", &sender)]) }</p>
            if let Some(note) = view_note {
                <p class="hint observer-view">{ note }</p>
            }
            { for reader.read(layers(world, header)).into_iter().map(|layer| html! {
                <section class={classes!("layer", layer.hidden.then_some("hidden"))}>
                    <h4>{ tr.t(layer.name_key) }</h4>
                    if layer.hidden && reader != Reader::Absent {
                        <p class="sealed">{ tr.t(layer.hidden_key) }</p>
                    }
                    <dl>
                        { for layer.fields.iter().map(|(label, value)| html! {
                            <><dt>{ tr.t(label) }</dt><dd>{ value.clone() }</dd></>
                        }) }
                    </dl>
                </section>
            }) }
            if let Some(nat) = nat {
                <section class="layer nat">
                    <h4>{ tr.t_args("layer-nat", &[("router", &topology.node_name(tr, nat.router.index()))]) }</h4>
                    <dl>
                        <dt>{ tr.t(nat.field_key) }</dt>
                        <dd>{ format!("{} → {}", nat.before, nat.after) }</dd>
                    </dl>
                    <p class="hint">{ tr.t(nat.hint_key) }</p>
                </section>
            }
            <button type="button" class="close" onclick={move |_| dispatch.dispatch(Action::SelectPacket(None))}>
                { tr.t("help-close") }
            </button>
        </div>
    }
}
