//! One machine on the sandbox's stage, drawn as the lessons draw theirs.
//! Its props are plain data (the stage handles its pointer and keys), so
//! an edit re-renders only the machines it changed.

use yew::prelude::*;

use crate::ui::stage_node::icon;
use cslab_sandbox::{Kind, MachineId};
use cslab_scene::topology::NodeRole;

/// The lessons' drawing that fits a kind: a window for a browser, a tower
/// for any server, a cylinder for a database...
pub fn role(kind: Kind) -> NodeRole {
    match kind {
        Kind::Browser => NodeRole::Browser,
        Kind::MailClient => NodeRole::Laptop,
        Kind::Peer => NodeRole::Client,
        Kind::DnsRoot | Kind::DnsTld | Kind::DnsAuthoritative | Kind::DnsResolver => {
            NodeRole::DnsServer
        }
        Kind::WebServer
        | Kind::MailServer
        | Kind::FileServer
        | Kind::StreamServer
        | Kind::GameServer => NodeRole::WebServer,
        Kind::Database => NodeRole::Database,
        Kind::LoadBalancer => NodeRole::Balancer,
        Kind::Router | Kind::HomeRouter => NodeRole::Router,
    }
}

#[derive(Properties, PartialEq)]
pub struct MachineNodeProps {
    pub id: MachineId,
    pub kind: Kind,
    pub x: i64,
    pub y: i64,
    pub name: AttrValue,
    pub address: AttrValue,
    /// The kind's name, in the learner's language, for its label.
    pub kind_label: AttrValue,
    pub selected: bool,
    /// The linking tool's first end.
    pub linking: bool,
}

#[function_component(MachineNode)]
pub fn machine_node(props: &MachineNodeProps) -> Html {
    let role = role(props.kind);
    // The name says what the drawing's words say, in their order (WCAG
    // 2.5.3), then the kind.
    let label = format!("{}, {}, {}", props.name, props.address, props.kind_label);
    html! {
        <g
            class={classes!("node", role.css_class(), props.selected.then_some("selected"), props.linking.then_some("linking"))}
            transform={format!("translate({} {})", props.x, props.y)}
            data-machine={props.id.0.to_string()}
            role="button"
            tabindex="0"
            aria-pressed={props.selected.to_string()}
            aria-label={label}
        >
            <rect class="halo" x="-62" y="-50" width="124" height="122" rx="14" />
            { icon(role) }
            <text class="name" y="44">{ props.name.clone() }</text>{ " " }
            <text class="address" y="62">{ props.address.clone() }</text>
        </g>
    }
}
