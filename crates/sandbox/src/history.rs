//! The network being built with its history: undo and redo, as an editor
//! does it (a new edit forgets what was undone). What a Yew reducer holds.

use crate::edit::{Edit, Undo};
use crate::refusal::Refusal;
use crate::schema::Network;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    network: Network,
    /// The edits done, oldest first, each with what undoes it.
    done: Vec<(Edit, Undo)>,
    /// The edits undone, the last undone last.
    undone: Vec<Edit>,
}

impl History {
    /// Starts from `network` (a loaded file, or an empty stage).
    pub fn new(network: Network) -> History {
        History {
            network,
            done: Vec::new(),
            undone: Vec::new(),
        }
    }

    pub fn network(&self) -> &Network {
        &self.network
    }

    /// Does `edit` and remembers it; a refused edit changes nothing, the
    /// redo list included.
    pub fn apply(&mut self, edit: Edit) -> Result<(), Refusal> {
        let undo = self.network.apply(&edit)?;
        self.done.push((edit, undo));
        self.undone.clear();
        Ok(())
    }

    /// Undoes the last edit; false if there is none.
    pub fn undo(&mut self) -> bool {
        let Some((edit, undo)) = self.done.pop() else {
            return false;
        };
        self.network.undo(undo);
        self.undone.push(edit);
        true
    }

    /// Does again the last edit undone; `Ok(false)` if there is none.
    pub fn redo(&mut self) -> Result<bool, Refusal> {
        let Some(edit) = self.undone.pop() else {
            return Ok(false);
        };
        match self.network.apply(&edit) {
            Ok(undo) => {
                self.done.push((edit, undo));
                Ok(true)
            }
            Err(refusal) => {
                self.undone.push(edit);
                Err(refusal)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }
}
