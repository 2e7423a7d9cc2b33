//! The sandbox editor's keys, as a pure mapping from a key on a machine, a
//! link or the stage to what it does (tested natively):
//! - the arrows move the machine (Shift: a bigger step);
//! - Delete or Backspace removes the machine or link;
//! - L starts a link from the machine; Enter or Space on another ends it;
//! - Enter or Space selects; Escape puts the tool down;
//! - Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (⌘ on a Mac).

use cslab_sandbox::{Edit, LinkId, MachineId, Point};

use super::editor::{EditorAction, Selection, Tool};
use super::geometry::nudged;

/// What a key was pressed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyTarget {
    /// A machine, at its place.
    Machine(MachineId, Point),
    Link(LinkId),
    /// The stage itself.
    Stage,
}

/// What `key` (with Shift or not) does on `on` while `tool` is in hand.
pub fn stage_key(key: &str, shift: bool, on: KeyTarget, tool: Tool) -> Option<EditorAction> {
    if key == "Escape" {
        return (tool != Tool::Select).then_some(EditorAction::SetTool(Tool::Select));
    }
    let activate = matches!(key, "Enter" | " ");
    match on {
        KeyTarget::Machine(id, at) => match key {
            "Delete" | "Backspace" => Some(EditorAction::Edit(Edit::RemoveMachine(id))),
            "l" | "L" => Some(EditorAction::SetTool(Tool::Link(Some(id)))),
            _ if activate => Some(match tool {
                Tool::Link(_) => EditorAction::LinkTo(id),
                _ => EditorAction::Select(Selection::Machine(id)),
            }),
            _ => nudged(at, key, shift).map(|to| EditorAction::Edit(Edit::MoveMachine { id, to })),
        },
        KeyTarget::Link(id) => match key {
            "Delete" | "Backspace" => Some(EditorAction::Edit(Edit::Disconnect(id))),
            _ if activate => Some(EditorAction::Select(Selection::Link(id))),
            _ => None,
        },
        KeyTarget::Stage => None,
    }
}

/// Undo and redo: Ctrl (or ⌘) with Z, Shift+Z or Y. The key is as the
/// browser reports it ("Z" with Shift held).
pub fn history_key(key: &str, ctrl: bool, shift: bool) -> Option<EditorAction> {
    if !ctrl {
        return None;
    }
    match (key.to_ascii_lowercase().as_str(), shift) {
        ("z", false) => Some(EditorAction::Undo),
        ("z", true) | ("y", false) => Some(EditorAction::Redo),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: Point = Point { x: 300, y: 200 };
    const ON_MACHINE: KeyTarget = KeyTarget::Machine(MachineId(4), AT);

    #[test]
    fn arrows_move_the_machine_the_key_is_on() {
        let moved = |to| {
            Some(EditorAction::Edit(Edit::MoveMachine {
                id: MachineId(4),
                to,
            }))
        };
        assert_eq!(
            stage_key("ArrowDown", false, ON_MACHINE, Tool::Select),
            moved(Point { x: 300, y: 210 })
        );
        assert_eq!(
            stage_key("ArrowLeft", true, ON_MACHINE, Tool::Select),
            moved(Point { x: 220, y: 200 })
        );
        assert_eq!(
            stage_key("ArrowDown", false, KeyTarget::Link(LinkId(1)), Tool::Select),
            None
        );
    }

    #[test]
    fn delete_removes_what_the_key_is_on() {
        for key in ["Delete", "Backspace"] {
            assert_eq!(
                stage_key(key, false, ON_MACHINE, Tool::Select),
                Some(EditorAction::Edit(Edit::RemoveMachine(MachineId(4))))
            );
            assert_eq!(
                stage_key(key, false, KeyTarget::Link(LinkId(2)), Tool::Select),
                Some(EditorAction::Edit(Edit::Disconnect(LinkId(2))))
            );
        }
    }

    #[test]
    fn l_starts_a_link_and_enter_on_another_machine_ends_it() {
        assert_eq!(
            stage_key("l", false, ON_MACHINE, Tool::Select),
            Some(EditorAction::SetTool(Tool::Link(Some(MachineId(4)))))
        );
        let other = KeyTarget::Machine(MachineId(7), AT);
        assert_eq!(
            stage_key("Enter", false, other, Tool::Link(Some(MachineId(4)))),
            Some(EditorAction::LinkTo(MachineId(7)))
        );
        assert_eq!(
            stage_key(" ", false, other, Tool::Select),
            Some(EditorAction::Select(Selection::Machine(MachineId(7))))
        );
        assert_eq!(
            stage_key("Escape", false, other, Tool::Link(Some(MachineId(4)))),
            Some(EditorAction::SetTool(Tool::Select))
        );
        assert_eq!(
            stage_key("Escape", false, KeyTarget::Stage, Tool::Select),
            None
        );
    }

    #[test]
    fn ctrl_z_undoes_and_ctrl_shift_z_or_ctrl_y_redo() {
        assert_eq!(history_key("z", true, false), Some(EditorAction::Undo));
        assert_eq!(history_key("Z", true, true), Some(EditorAction::Redo));
        assert_eq!(history_key("y", true, false), Some(EditorAction::Redo));
        assert_eq!(history_key("z", false, false), None);
        assert_eq!(history_key("x", true, false), None);
    }
}
