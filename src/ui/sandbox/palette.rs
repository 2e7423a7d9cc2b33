//! The palette: every kind of machine the lab knows, each with the lessons'
//! drawing for its role. A machine is placed three ways:
//! - click a kind, then click the stage where it goes;
//! - press on a kind and release over the stage (dragging it there);
//! - from the keyboard, Enter or Space on a kind places one at a free spot
//!   and selects it.

use yew::prelude::*;

use super::editor::{Editor, EditorAction, Tool};
use super::geometry::{free_spot, view_box};
use super::node::role;
use crate::ui::stage_node::icon;
use cslab_sandbox::Kind;
use cslab_scene::i18n::{Lang, Tr};

#[derive(Properties, PartialEq)]
pub struct PaletteProps {
    pub lang: Lang,
    pub editor: UseReducerHandle<Editor>,
}

#[function_component(Palette)]
pub fn palette(props: &PaletteProps) -> Html {
    let tr = Tr(props.lang);
    let item = |kind: Kind| {
        let label = tr.t(kind.label_key());
        let armed = props.editor.tool == Tool::Place(kind);
        // A press arms the kind, so releasing it over the stage places it.
        let onpointerdown = {
            let editor = props.editor.clone();
            move |event: PointerEvent| {
                if event.button() != 0 {
                    return;
                }
                // A finger's press is held by what it touched: let the
                // stage hear the release.
                if let Some(target) = event.target_dyn_into::<web_sys::Element>() {
                    let _ = target.release_pointer_capture(event.pointer_id());
                }
                editor.dispatch(EditorAction::SetTool(Tool::Place(kind)));
            }
        };
        let onclick = {
            let (editor, label) = (props.editor.clone(), label.clone());
            move |event: MouseEvent| {
                // A click from the keyboard (Enter, Space) has no pointer
                // behind it (`detail` 0): the machine goes to a free spot.
                if event.detail() == 0 {
                    let net = editor.network();
                    let at = free_spot(net, view_box(net).0);
                    let label = label.clone();
                    editor.dispatch(EditorAction::Place { kind, at, label });
                } else {
                    editor.dispatch(EditorAction::SetTool(Tool::Place(kind)));
                }
            }
        };
        html! {
            <li>
                <button type="button" class={classes!("palette-item", role(kind).css_class())} data-kind={kind.code()}
                        aria-pressed={armed.to_string()} {onpointerdown} {onclick}>
                    <svg viewBox="-46 -52 92 72" aria-hidden="true">{ icon(role(kind)) }</svg>
                    <span>{ label }</span>
                </button>
            </li>
        }
    };
    html! {
        <nav class="sandbox-palette" aria-labelledby="sandbox-palette-heading">
            <h3 id="sandbox-palette-heading">{ tr.t("sandbox-palette") }</h3>
            <p class="hint">{ tr.t("sandbox-palette-hint") }</p>
            <ul>{ for Kind::ALL.into_iter().map(item) }</ul>
        </nav>
    }
}
