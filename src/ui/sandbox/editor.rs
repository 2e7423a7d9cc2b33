//! The sandbox editor's state, as its reducer holds it: the network with
//! its history, what is selected, the tool in hand and the last refusal.
//! Every change to the network is an [`Edit`] done through [`History`], so
//! each one undoes; a refused edit changes nothing and leaves its message.

use std::rc::Rc;

use yew::Reducible;

use cslab_sandbox::{Edit, History, Kind, LinkId, MachineId, Network, Point, Refusal};

/// What the properties panel shows and the keys act on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Selection {
    #[default]
    Nothing,
    Machine(MachineId),
    Link(LinkId),
}

/// What a click on the stage does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tool {
    /// Clicks select.
    #[default]
    Select,
    /// A click on the stage places a machine of this kind there.
    Place(Kind),
    /// Linking: the first click picks one end (`None` until then), the next
    /// the other.
    Link(Option<MachineId>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Editor {
    pub history: History,
    pub selected: Selection,
    pub tool: Tool,
    /// Why the last edit was refused, until the next one is done.
    pub refusal: Option<Refusal>,
    /// Counts the network's changes: what the autosave watches.
    pub changes: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum EditorAction {
    Edit(Edit),
    /// A new machine of `kind` at `at`, named from `label` (the kind's name
    /// in the learner's language), then selected.
    Place {
        kind: Kind,
        at: Point,
        label: String,
    },
    /// Links the linking tool's first end, or the selected machine, to this
    /// one; with no first end yet, this one becomes it.
    LinkTo(MachineId),
    /// Links these two machines (the linking tool dragged from one to the
    /// other).
    LinkBetween(MachineId, MachineId),
    Undo,
    Redo,
    Select(Selection),
    SetTool(Tool),
    /// Removes what is selected.
    RemoveSelected,
    DismissRefusal,
    /// Puts a whole network on the stage (a file or a shared address
    /// opened), with a history of its own; the page keeps the one it
    /// replaced to go back to (super::opening).
    Load(Network),
    /// A value the page could not even make an edit of (a number field
    /// left empty): refused with this.
    Refuse(Refusal),
}

impl Editor {
    pub fn new(network: Network) -> Editor {
        Editor {
            history: History::new(network),
            selected: Selection::Nothing,
            tool: Tool::Select,
            refusal: None,
            changes: 0,
        }
    }

    pub fn network(&self) -> &Network {
        self.history.network()
    }

    /// Does `edit`, or keeps its refusal; true if it was done.
    fn apply(&mut self, edit: Edit) -> bool {
        match self.history.apply(edit) {
            Ok(()) => {
                self.refusal = None;
                self.changes += 1;
                true
            }
            Err(refusal) => {
                self.refusal = Some(refusal);
                false
            }
        }
    }

    /// Links `from` to `to` with the default numbers and selects the link;
    /// the tool is put down either way.
    fn link(&mut self, from: MachineId, to: MachineId) {
        let link = self.network().new_link(from, to);
        if self.apply(Edit::Connect(link)) {
            self.selected = Selection::Link(link.id);
        }
        self.tool = Tool::Select;
    }

    /// The selection, dropped if what it names is gone (after an undo).
    fn keep_selection_valid(&mut self) {
        let net = self.history.network();
        let exists = match self.selected {
            Selection::Nothing => true,
            Selection::Machine(id) => net.machine(id).is_some(),
            Selection::Link(id) => net.link(id).is_some(),
        };
        if !exists {
            self.selected = Selection::Nothing;
        }
        if let Tool::Link(Some(from)) = self.tool
            && net.machine(from).is_none()
        {
            self.tool = Tool::Link(None);
        }
    }
}

impl Reducible for Editor {
    type Action = EditorAction;

    fn reduce(self: Rc<Self>, action: EditorAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            EditorAction::Edit(edit) => {
                let removed = matches!(edit, Edit::RemoveMachine(_) | Edit::Disconnect(_));
                if next.apply(edit) && removed {
                    next.keep_selection_valid();
                }
            }
            EditorAction::Place { kind, at, label } => {
                match next.network().new_machine(kind, at, &label) {
                    Ok(machine) => {
                        let id = machine.id;
                        if next.apply(Edit::AddMachine(machine)) {
                            next.selected = Selection::Machine(id);
                            next.tool = Tool::Select;
                        }
                    }
                    Err(refusal) => next.refusal = Some(refusal),
                }
            }
            EditorAction::LinkTo(to) => {
                let from = match (next.tool, next.selected) {
                    (Tool::Link(Some(from)), _) => Some(from),
                    (Tool::Link(None), _) => None,
                    (_, Selection::Machine(from)) => Some(from),
                    _ => None,
                };
                match from {
                    None => {
                        next.tool = Tool::Link(Some(to));
                        next.selected = Selection::Machine(to);
                    }
                    Some(from) => next.link(from, to),
                }
            }
            EditorAction::LinkBetween(from, to) => next.link(from, to),
            EditorAction::Undo => {
                if next.history.undo() {
                    next.refusal = None;
                    next.changes += 1;
                    next.keep_selection_valid();
                }
            }
            EditorAction::Redo => match next.history.redo() {
                Ok(true) => {
                    next.refusal = None;
                    next.changes += 1;
                    next.keep_selection_valid();
                }
                Ok(false) => return self,
                Err(refusal) => next.refusal = Some(refusal),
            },
            EditorAction::Select(selection) => {
                if selection == self.selected && self.tool == Tool::Select {
                    return self;
                }
                next.selected = selection;
            }
            EditorAction::SetTool(tool) => {
                next.tool = tool;
                // The linking tool starts from the machine selected, if any,
                // and its first end is selected.
                match (tool, next.selected) {
                    (Tool::Link(None), Selection::Machine(id)) => next.tool = Tool::Link(Some(id)),
                    (Tool::Link(Some(id)), _) => next.selected = Selection::Machine(id),
                    _ => {}
                }
            }
            EditorAction::RemoveSelected => {
                let edit = match next.selected {
                    Selection::Nothing => return self,
                    Selection::Machine(id) => Edit::RemoveMachine(id),
                    Selection::Link(id) => Edit::Disconnect(id),
                };
                if next.apply(edit) {
                    next.keep_selection_valid();
                }
            }
            EditorAction::DismissRefusal => next.refusal = None,
            EditorAction::Load(network) => {
                next = Editor {
                    changes: self.changes + 1,
                    ..Editor::new(network)
                }
            }
            EditorAction::Refuse(refusal) => next.refusal = Some(refusal),
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_sandbox::MachineId;

    fn editor() -> Rc<Editor> {
        Rc::new(Editor::new(Network::default()))
    }

    fn place(editor: Rc<Editor>, kind: Kind, x: i64) -> Rc<Editor> {
        editor.reduce(EditorAction::Place {
            kind,
            at: Point { x, y: 100 },
            label: "Thing".into(),
        })
    }

    #[test]
    fn a_placed_machine_is_named_selected_and_undoes() {
        let ed = place(editor(), Kind::Browser, 100);
        let machine = &ed.network().machines[0];
        assert_eq!(machine.name, "Thing 1");
        assert_eq!(ed.selected, Selection::Machine(machine.id));
        let ed = ed.reduce(EditorAction::Undo);
        assert!(ed.network().machines.is_empty());
        assert_eq!(ed.selected, Selection::Nothing, "nothing left to select");
        let ed = ed.reduce(EditorAction::Redo);
        assert_eq!(ed.network().machines.len(), 1);
    }

    #[test]
    fn the_link_tool_joins_the_first_end_to_the_second() {
        let ed = place(editor(), Kind::Browser, 100);
        let ed = place(ed, Kind::WebServer, 400);
        let (a, b) = (MachineId(1), MachineId(2));
        let ed = ed.reduce(EditorAction::Select(Selection::Nothing));
        let ed = ed.reduce(EditorAction::SetTool(Tool::Link(None)));
        let ed = ed.reduce(EditorAction::LinkTo(a));
        assert_eq!(ed.tool, Tool::Link(Some(a)));
        let ed = ed.reduce(EditorAction::LinkTo(b));
        assert_eq!(ed.tool, Tool::Select);
        let link = ed.network().links[0];
        assert!(link.joins(a, b));
        assert_eq!(ed.selected, Selection::Link(link.id));
    }

    #[test]
    fn a_refused_edit_changes_nothing_and_says_why() {
        let ed = place(editor(), Kind::Browser, 100);
        let before = ed.network().clone();
        let ed = ed.reduce(EditorAction::LinkTo(MachineId(1)));
        let ed = ed.reduce(EditorAction::LinkTo(MachineId(1)));
        assert_eq!(ed.network(), &before);
        assert_eq!(
            ed.refusal.as_ref().map(|r| r.key),
            Some("sandbox-self-link")
        );
        let ed = ed.reduce(EditorAction::Edit(Edit::Readdress {
            id: MachineId(1),
            address: "300.1.1.1".into(),
        }));
        assert_eq!(ed.network(), &before);
        assert_eq!(
            ed.refusal.as_ref().map(|r| r.key),
            Some("sandbox-bad-address")
        );
        let changes = ed.changes;
        let ed = ed.reduce(EditorAction::Edit(Edit::Rename {
            id: MachineId(1),
            name: "Alice's PC".into(),
        }));
        assert_eq!(ed.refusal, None, "a done edit clears the message");
        assert_eq!(ed.changes, changes + 1);
    }

    #[test]
    fn removing_the_selection_removes_its_links_and_undoes_in_one_step() {
        let ed = place(editor(), Kind::Browser, 100);
        let ed = place(ed, Kind::WebServer, 400);
        let ed = ed.reduce(EditorAction::LinkTo(MachineId(1)));
        let linked = ed.network().clone();
        let ed = ed.reduce(EditorAction::Select(Selection::Machine(MachineId(2))));
        let ed = ed.reduce(EditorAction::RemoveSelected);
        assert_eq!(ed.network().machines.len(), 1);
        assert!(ed.network().links.is_empty());
        assert_eq!(ed.selected, Selection::Nothing);
        let ed = ed.reduce(EditorAction::Undo);
        assert_eq!(ed.network(), &linked);
    }
}
