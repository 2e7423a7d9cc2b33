//! One machine on the stage: an icon for its role, its name and its address.
//! It is a button: clicking it (or Enter / Space) shows its details.

use yew::prelude::*;

use super::state::{Action, State};
use cslab_scene::geometry::{ICON_CENTRE_DY, LOOP_RADIUS, LOOP_RIGHT};
use cslab_scene::topology::NodeRole;

#[derive(Properties, PartialEq)]
pub struct StageNodeProps {
    pub index: usize,
    pub role: NodeRole,
    pub x: u32,
    pub y: u32,
    pub name: AttrValue,
    pub address: AttrValue,
    /// Draw the machine's loopback beside it.
    pub loopback: bool,
    /// The machine is switched off: greyed, with this word under it.
    pub off: Option<AttrValue>,
    /// What it holds, in a few words: a badge by its icon (a block).
    #[prop_or_default]
    pub note: Option<AttrValue>,
    pub selected: bool,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(StageNode)]
pub fn stage_node(props: &StageNodeProps) -> Html {
    let select = {
        let (dispatch, index, selected) = (props.dispatch.clone(), props.index, props.selected);
        // A second click on the selected node deselects it.
        move || dispatch.dispatch(Action::Select((!selected).then_some(index)))
    };
    let onclick = {
        let select = select.clone();
        move |_: MouseEvent| select()
    };
    let onkeydown = move |event: KeyboardEvent| {
        if event.key() == "Enter" || event.key() == " " {
            event.prevent_default();
            select();
        }
    };
    // The name says what the drawing's words say, in their order (WCAG
    // 2.5.3, label in name); the spaces between the words are not drawn (SVG
    // draws only its <text>) but keep them apart for assistive technology.
    let mut label = format!("{}, {}", props.name, props.address);
    let note = props
        .off
        .is_none()
        .then_some(props.note.as_deref())
        .flatten();
    for part in [
        props.off.as_deref(),
        note,
        props.loopback.then_some(LOOPBACK),
    ]
    .into_iter()
    .flatten()
    {
        label.push_str(", ");
        label.push_str(part);
    }
    html! {
        <g
            class={classes!("node", props.role.css_class(), props.selected.then_some("selected"), props.off.is_some().then_some("off"))}
            transform={format!("translate({} {})", props.x, props.y)}
            role="button"
            tabindex="0"
            aria-pressed={props.selected.to_string()}
            aria-label={label}
            {onclick}
            {onkeydown}
        >
            <rect class="halo" x="-62" y="-50" width="124" height="122" rx="14" />
            { icon(props.role) }
            <text class="name" y="44">{ props.name.clone() }</text>{ " " }
            <text class="address" y="62">{ props.address.clone() }</text>
            if let Some(off) = &props.off {
                { " " }<text class="off-label" y="80">{ off.clone() }</text>
            } else if let Some(note) = &props.note {
                // A badge by the icon, its words its title: in a crowded
                // network a line of text more would run into the next.
                <g class="note-badge"><title>{ note.clone() }</title><rect x="34" y="-42" width="18" height="18" rx="4" /></g>
            }
            if props.loopback {
                { " " }{ loopback() }
            }
        </g>
    }
}

/// The loopback interface's name, as Linux calls it.
const LOOPBACK: &str = "lo";

/// The loop a machine's packets to itself go round (`lo`, 127.0.0.1), where
/// the packet layer draws them (`cslab_scene::geometry::around_the_loop`).
fn loopback() -> Html {
    html! {
        <g class="loopback" transform={format!("translate({LOOP_RIGHT} {ICON_CENTRE_DY})")}>
            <circle r={LOOP_RADIUS.to_string()} />
            <text y="4">{ LOOPBACK }</text>
        </g>
    }
}

/// Simple line drawings centred a little above the node's point (the
/// sandbox's machines and palette draw them too).
pub fn icon(role: NodeRole) -> Html {
    match role {
        NodeRole::Browser | NodeRole::Client => html! {
            <g class="icon">
                <rect x="-34" y="-40" width="68" height="50" rx="5" />
                <path class="bar" d="M-34 -30 H34" />
                <circle class="dot" cx="-27" cy="-35" r="2" />
                <circle class="dot" cx="-20" cy="-35" r="2" />
                <circle class="dot" cx="-13" cy="-35" r="2" />
                <path class="content" d="M-24 -18 H24 M-24 -9 H14 M-24 0 H18" />
            </g>
        },
        NodeRole::Phone => html! {
            <g class="icon">
                <rect x="-17" y="-46" width="34" height="60" rx="6" />
                <path class="content" d="M-6 -40 H6 M-17 5 H17" />
                <circle class="dot" cx="0" cy="9.5" r="2" />
            </g>
        },
        NodeRole::Laptop => html! {
            <g class="icon">
                <rect x="-28" y="-40" width="56" height="38" rx="4" />
                <path class="content" d="M-40 8 H40 L34 0 H-34 Z M-18 -28 H18 M-18 -20 H10" />
            </g>
        },
        NodeRole::Router => html! {
            <g class="icon">
                <circle cx="0" cy="-15" r="26" />
                <path class="content" d="M-15 -15 H15 M0 -30 V0 M9 -21 L15 -15 L9 -9 M-9 -21 L-15 -15 L-9 -9 \
                                         M-6 -24 L0 -30 L6 -24 M-6 -6 L0 0 L6 -6" />
            </g>
        },
        NodeRole::Balancer => html! {
            <g class="icon">
                <rect x="-30" y="-38" width="60" height="46" rx="8" />
                <path class="content" d="M-20 -15 H-4 M-4 -15 L14 -29 M-4 -15 H14 M-4 -15 L14 -1 \
                                         M9 -31 L14 -29 L12 -24 M10 -19 L14 -15 L10 -11 M12 -6 L14 -1 L9 1" />
            </g>
        },
        // A cylinder: the usual drawing of a database.
        NodeRole::Database => html! {
            <g class="icon">
                <path d="M-24 -36 V6 A24 8 0 0 0 24 6 V-36" />
                <ellipse cx="0" cy="-36" rx="24" ry="8" />
                <path class="content" d="M-24 -22 A24 8 0 0 0 24 -22 M-24 -8 A24 8 0 0 0 24 -8" />
            </g>
        },
        NodeRole::DnsServer | NodeRole::WebServer => html! {
            <g class="icon">
                <rect x="-24" y="-44" width="48" height="58" rx="4" />
                <path class="content" d="M-24 -25 H24 M-24 -6 H24" />
                <circle class="dot" cx="14" cy="-35" r="2.5" />
                <circle class="dot" cx="14" cy="-16" r="2.5" />
                <circle class="dot" cx="14" cy="4" r="2.5" />
            </g>
        },
    }
}
