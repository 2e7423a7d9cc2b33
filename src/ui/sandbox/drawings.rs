//! The stage's drawings of its machines and links, kept from one render to
//! the next: an edit builds again only the drawings it changed (a machine
//! moved: its own and its links'). Building all of them on every edit (each
//! machine's name, address and kind in the learner's words, each link's
//! name) was most of an edit's work at 500 machines.

use std::collections::HashMap;

use yew::prelude::*;

use super::editor::{Editor, Selection, Tool};
use super::node::MachineNode;
use cslab_sandbox::{Kind, LinkId, Machine, MachineId, Point};
use cslab_scene::geometry::ICON_CENTRE_DY;
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::net::Addr;

/// What a machine's drawing shows.
struct MachineLook {
    kind: Kind,
    at: Point,
    name: String,
    address: Addr,
    selected: bool,
    linking: bool,
}

impl MachineLook {
    fn of(m: &Machine, at: Point, selected: bool, linking: bool) -> MachineLook {
        MachineLook {
            kind: m.kind,
            at,
            name: m.name.clone(),
            address: m.address,
            selected,
            linking,
        }
    }

    /// Whether `m` drawn so looks as this (compared without copying its name).
    fn is(&self, m: &Machine, at: Point, selected: bool, linking: bool) -> bool {
        (
            self.kind,
            self.at,
            self.address,
            self.selected,
            self.linking,
        ) == (m.kind, at, m.address, selected, linking)
            && self.name == m.name
    }

    fn draw(&self, tr: Tr, id: MachineId) -> Html {
        html! {
            <MachineNode key={id.0} {id} kind={self.kind} x={self.at.x} y={self.at.y}
                         name={AttrValue::from(self.name.clone())} address={AttrValue::from(self.address.to_string())}
                         kind_label={AttrValue::from(tr.t(self.kind.label_key()))}
                         selected={self.selected} linking={self.linking} />
        }
    }
}

/// What a link's drawing shows: where its ends are, their machines' names.
#[derive(PartialEq)]
struct LinkLook<'a> {
    a: Point,
    b: Point,
    names: (&'a str, &'a str),
    selected: bool,
}

/// A [`LinkLook`] kept: its names owned.
struct KeptLink {
    a: Point,
    b: Point,
    names: (String, String),
    selected: bool,
}

impl KeptLink {
    fn is(&self, look: &LinkLook) -> bool {
        *look
            == LinkLook {
                a: self.a,
                b: self.b,
                names: (&self.names.0, &self.names.1),
                selected: self.selected,
            }
    }
}

/// The drawings made for the last render, by id, with what each shows.
#[derive(Default)]
pub struct Drawings {
    lang: Option<Lang>,
    machines: HashMap<MachineId, (MachineLook, Html)>,
    links: HashMap<LinkId, (KeptLink, Html)>,
}

impl Drawings {
    /// The links' drawings and the machines', in the network's order, for
    /// `editor` with the machine `dragged` (if any) where the pointer has it.
    pub fn draw(
        &mut self,
        tr: Tr,
        editor: &Editor,
        dragged: Option<(MachineId, Point)>,
    ) -> (Vec<Html>, Vec<Html>) {
        if self.lang != Some(tr.0) {
            *self = Drawings {
                lang: Some(tr.0),
                ..Drawings::default()
            };
        }
        let net = editor.network();
        let linking = match editor.tool {
            Tool::Link(from) => from,
            _ => None,
        };
        let placed: HashMap<MachineId, (&Machine, Point)> = (net.machines.iter())
            .map(|m| match dragged {
                Some((id, to)) if id == m.id => (m.id, (m, to)),
                _ => (m.id, (m, m.at)),
            })
            .collect();
        let mut kept = std::mem::take(&mut self.machines);
        let machines = (net.machines.iter())
            .map(|m| {
                let (at, id) = (placed[&m.id].1, m.id);
                let selected = editor.selected == Selection::Machine(id);
                let linking = linking == Some(id);
                let drawn = match kept.remove(&id) {
                    Some(drawn) if drawn.0.is(m, at, selected, linking) => drawn,
                    _ => {
                        let look = MachineLook::of(m, at, selected, linking);
                        let html = look.draw(tr, id);
                        (look, html)
                    }
                };
                let html = drawn.1.clone();
                self.machines.insert(id, drawn);
                html
            })
            .collect();
        let mut kept = std::mem::take(&mut self.links);
        let links = (net.links.iter())
            .map(|link| {
                let ((a, at_a), (b, at_b)) = (placed[&link.a], placed[&link.b]);
                let look = LinkLook {
                    a: at_a,
                    b: at_b,
                    names: (&a.name, &b.name),
                    selected: editor.selected == Selection::Link(link.id),
                };
                let drawn = match kept.remove(&link.id) {
                    Some(drawn) if drawn.0.is(&look) => drawn,
                    _ => {
                        let html = html! {
                            <LinkLine key={link.id.0} id={link.id} a={look.a} b={look.b} selected={look.selected}
                                      label={tr.t_args("sandbox-link-label", &[("a", look.names.0), ("b", look.names.1)])} />
                        };
                        let kept = KeptLink {
                            a: look.a,
                            b: look.b,
                            names: (a.name.clone(), b.name.clone()),
                            selected: look.selected,
                        };
                        (kept, html)
                    }
                };
                let html = drawn.1.clone();
                self.links.insert(link.id, drawn);
                html
            })
            .collect();
        (links, machines)
    }
}

#[derive(Properties, PartialEq)]
struct LinkLineProps {
    id: LinkId,
    a: Point,
    b: Point,
    selected: bool,
    label: AttrValue,
}

/// A link: the lessons' line, with a wider invisible one over it that
/// takes the pointer.
#[function_component(LinkLine)]
fn link_line(props: &LinkLineProps) -> Html {
    let (x1, y1) = (
        props.a.x.to_string(),
        (props.a.y as f64 + ICON_CENTRE_DY).to_string(),
    );
    let (x2, y2) = (
        props.b.x.to_string(),
        (props.b.y as f64 + ICON_CENTRE_DY).to_string(),
    );
    html! {
        <g class={classes!("sandbox-link", props.selected.then_some("selected"))} data-link={props.id.0.to_string()}
           role="button" tabindex="0" aria-pressed={props.selected.to_string()} aria-label={props.label.clone()}>
            <line class="link" x1={x1.clone()} y1={y1.clone()} x2={x2.clone()} y2={y2.clone()} />
            <line class="hit" {x1} {y1} {x2} {y2} />
        </g>
    }
}
