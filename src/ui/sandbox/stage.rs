//! The sandbox's stage: the network drawn as the lessons draw theirs, and
//! where the learner edits it with the pointer (select, drag, place, link)
//! and the keys ([`super::keys`]). The stage handles every machine's and
//! link's events itself, so the machines are plain memoised drawings, kept
//! between renders ([`super::drawings`]).

use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use super::drawings::Drawings;
use super::editor::{Editor, EditorAction, Selection, Tool};
use super::geometry::{machine_at, stage_point, steady_view, view_box};
use super::keys::{KeyTarget, stage_key};
use cslab_sandbox::{Edit, LinkId, MachineId, Network, Point};
use cslab_scene::i18n::{Lang, Tr};

#[derive(Properties, PartialEq)]
pub struct SandboxStageProps {
    pub lang: Lang,
    pub editor: UseReducerHandle<Editor>,
    /// The stage's `<svg>`: the page's, so the file bar can export it.
    pub svg: NodeRef,
}

/// A pointer pressed on the stage, until it is released.
#[derive(Clone, Copy, Debug)]
struct Press {
    on: Pressed,
    start: Point,
}

#[derive(Clone, Copy, Debug)]
enum Pressed {
    /// A machine, which was at `from`.
    Machine(MachineId, Point),
    Link(LinkId),
    Stage,
}

/// A press moves a machine only once the pointer has gone this far (in
/// stage units), so a click that shakes a little stays a click.
const DRAG_SLOP: i64 = 6;

#[function_component(SandboxStage)]
pub fn sandbox_stage(props: &SandboxStageProps) -> Html {
    let tr = Tr(props.lang);
    let editor = &props.editor;
    let net = editor.network();
    let kept_view = use_mut_ref(|| view_box(net));
    let view = steady_view(*kept_view.borrow(), view_box(net));
    *kept_view.borrow_mut() = view;
    let drawings = use_mut_ref(Drawings::default);
    let svg = props.svg.clone();
    let press = use_mut_ref(|| None::<Press>);
    // The machine being dragged and where it is now: drawn there, moved
    // for good (one edit) when the pointer is released.
    let dragged = use_state_eq(|| None::<(MachineId, Point)>);

    let point_of = {
        let svg = svg.clone();
        move |event: &MouseEvent| {
            let svg = svg.cast::<Element>()?;
            let rect = svg.get_bounding_client_rect();
            Some(stage_point(
                view,
                (rect.width(), rect.height()),
                (
                    event.client_x() as f64 - rect.left(),
                    event.client_y() as f64 - rect.top(),
                ),
            ))
        }
    };
    let onpointerdown = {
        let (editor, press, point_of, svg) =
            (editor.clone(), press.clone(), point_of.clone(), svg.clone());
        move |event: PointerEvent| {
            if event.button() != 0 {
                return;
            }
            let Some(at) = point_of(&event) else { return };
            let on = match (link_of(event.target()), machine_at(editor.network(), at)) {
                (Some(link), _) => Pressed::Link(link),
                (None, Some(id)) => {
                    Pressed::Machine(id, editor.network().machine(id).map_or(at, |m| m.at))
                }
                (None, None) => Pressed::Stage,
            };
            // Moves and the release come to the drawing even off it (the
            // event's own current target is the page's root: Yew listens
            // there).
            if let Some(svg) = svg.cast::<Element>() {
                let _ = svg.set_pointer_capture(event.pointer_id());
            }
            *press.borrow_mut() = Some(Press { on, start: at });
        }
    };
    let onpointermove = {
        let (editor, press, dragged, point_of) = (
            editor.clone(),
            press.clone(),
            dragged.clone(),
            point_of.clone(),
        );
        move |event: PointerEvent| {
            let Some(Press {
                on: Pressed::Machine(id, from),
                start,
            }) = *press.borrow()
            else {
                return;
            };
            let Some(at) = point_of(&event) else { return };
            let moved = (at.x - start.x).abs().max((at.y - start.y).abs()) >= DRAG_SLOP;
            if editor.tool == Tool::Select && (moved || dragged.is_some()) {
                dragged.set(Some((id, moved_by(from, start, at))));
            }
        }
    };
    let onpointerup = {
        let (editor, press, dragged) = (editor.clone(), press.clone(), dragged.clone());
        move |event: PointerEvent| {
            let pressed = press.borrow_mut().take();
            let Some(at) = point_of(&event) else { return };
            let drag = *dragged;
            dragged.set(None);
            if let Some(action) = released(tr, editor.network(), editor.tool, pressed, drag, at) {
                editor.dispatch(action);
            }
        }
    };
    let onpointercancel = {
        let (press, dragged) = (press.clone(), dragged.clone());
        move |_: PointerEvent| {
            press.borrow_mut().take();
            dragged.set(None);
        }
    };
    let onkeydown = {
        let (editor, svg) = (editor.clone(), svg.clone());
        move |event: KeyboardEvent| {
            let on = key_target(editor.network(), event.target());
            let Some(action) = stage_key(&event.key(), event.shift_key(), on, editor.tool) else {
                return;
            };
            // The page's own keys (Space plays, the arrows step a lesson's
            // run) are not this stage's: nor does the page scroll.
            event.prevent_default();
            event.stop_propagation();
            let removes = matches!(
                action,
                EditorAction::Edit(Edit::RemoveMachine(_) | Edit::Disconnect(_))
            );
            editor.dispatch(action);
            // What had the focus is gone: the stage keeps it.
            if removes && let Some(svg) = svg.cast::<web_sys::HtmlElement>() {
                let _ = svg.focus();
            }
        }
    };

    let (links, machines) = drawings.borrow_mut().draw(tr, editor, *dragged);
    html! {
        <section class={classes!("sandbox-stage", tool_class(editor.tool))} aria-label={tr.t("sandbox-stage-label")}>
            <svg ref={svg} viewBox={format!("0 0 {} {}", view.0, view.1)} preserveAspectRatio="xMinYMin meet"
                 tabindex="-1" {onpointerdown} {onpointermove} {onpointerup} {onpointercancel} {onkeydown}>
                <g class="links">{ for links }</g>
                { for machines }
            </svg>
        </section>
    }
}

/// Where a machine pressed at `start` while it was at `from` goes when the
/// pointer is at `at`.
fn moved_by(from: Point, start: Point, at: Point) -> Point {
    Point {
        x: (from.x + at.x - start.x).max(0),
        y: (from.y + at.y - start.y).max(0),
    }
}

/// What releasing the pointer at `at` does, after a press (or none: the
/// press began on the palette, dragging a machine in).
fn released(
    tr: Tr,
    net: &Network,
    tool: Tool,
    pressed: Option<Press>,
    dragged: Option<(MachineId, Point)>,
    at: Point,
) -> Option<EditorAction> {
    if let Tool::Place(kind) = tool {
        let label = tr.t(kind.label_key());
        return Some(EditorAction::Place { kind, at, label });
    }
    let pressed = pressed?;
    match (tool, pressed.on) {
        (Tool::Link(_), Pressed::Machine(id, _)) => match machine_at(net, at) {
            // Dragged from one machine to another.
            Some(to) if to != id => Some(EditorAction::LinkBetween(id, to)),
            _ => Some(EditorAction::LinkTo(id)),
        },
        (_, Pressed::Machine(id, _)) => Some(match dragged {
            Some((moved, to)) if moved == id => EditorAction::Edit(Edit::MoveMachine { id, to }),
            _ => EditorAction::Select(Selection::Machine(id)),
        }),
        (_, Pressed::Link(id)) => Some(EditorAction::Select(Selection::Link(id))),
        (Tool::Link(_), Pressed::Stage) => Some(EditorAction::SetTool(Tool::Select)),
        (_, Pressed::Stage) => Some(EditorAction::Select(Selection::Nothing)),
    }
}

fn tool_class(tool: Tool) -> &'static str {
    match tool {
        Tool::Select => "tool-select",
        Tool::Place(_) => "tool-place",
        Tool::Link(_) => "tool-link",
    }
}

/// The link a pointer or key event happened on, if any.
fn link_of(target: Option<web_sys::EventTarget>) -> Option<LinkId> {
    data_id(target, "data-link").map(LinkId)
}

fn data_id(target: Option<web_sys::EventTarget>, attribute: &str) -> Option<u32> {
    let element = target?.dyn_into::<Element>().ok()?;
    let holder = element.closest(&format!("[{attribute}]")).ok()??;
    holder.get_attribute(attribute)?.parse().ok()
}

fn key_target(net: &Network, target: Option<web_sys::EventTarget>) -> KeyTarget {
    if let Some(link) = link_of(target.clone()) {
        return KeyTarget::Link(link);
    }
    (data_id(target, "data-machine"))
        .and_then(|id| net.machine(MachineId(id)))
        .map_or(KeyTarget::Stage, |m| KeyTarget::Machine(m.id, m.at))
}
