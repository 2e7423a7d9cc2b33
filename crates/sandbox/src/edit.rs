//! What the learner does to the network, as data: each edit is checked
//! with the file's own checks before anything changes (a refused edit
//! leaves the network as it was) and, once done, gives what undoes it.

use crate::create::{too_many_links, too_many_machines};
use crate::fields::parse_address;
use crate::refusal::Refusal;
use crate::schema::{
    Link, LinkId, LinkNumbers, MAX_LINKS, MAX_MACHINES, Machine, MachineId, Network, Point, Task,
};
use crate::validate::{check_link, check_machine, check_numbers, join, unknown_field};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Places a machine ([`Network::new_machine`] makes one).
    AddMachine(Machine),
    MoveMachine {
        id: MachineId,
        to: Point,
    },
    /// Removes a machine and its links.
    RemoveMachine(MachineId),
    /// Links two machines ([`Network::new_link`] makes the link).
    Connect(Link),
    Disconnect(LinkId),
    SetLink {
        id: LinkId,
        numbers: LinkNumbers,
    },
    Rename {
        id: MachineId,
        name: String,
    },
    /// A new address, as the learner typed it.
    Readdress {
        id: MachineId,
        address: String,
    },
    /// What a client does.
    SetTask {
        id: MachineId,
        task: Task,
    },
    /// One of the kind's settings ([`crate::Kind::settings`]).
    SetSetting {
        id: MachineId,
        key: String,
        value: String,
    },
}

/// What puts the network back as it was before an edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undo(Inverse);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Inverse {
    /// Puts this machine back in place of the one with its id.
    PutMachine(Machine),
    /// Removes the machine added last.
    RemoveMachine(MachineId),
    /// Puts back a removed machine at its place, and its links at theirs.
    Restore {
        index: usize,
        machine: Machine,
        links: Vec<(usize, Link)>,
    },
    PutLink(Link),
    RemoveLink(LinkId),
    RestoreLink(usize, Link),
}

impl Network {
    /// Does `edit`, or refuses it and changes nothing.
    pub fn apply(&mut self, edit: &Edit) -> Result<Undo, Refusal> {
        let inverse = match edit {
            Edit::AddMachine(machine) => {
                if self.machines.len() >= MAX_MACHINES {
                    return Err(too_many_machines(self.machines.len() + 1));
                }
                if self.machine(machine.id).is_some() {
                    return Err(Refusal::new(
                        "sandbox-duplicate-id",
                        &[
                            ("where", &join(&machine.name, "id")),
                            ("value", &machine.id.0),
                        ],
                    ));
                }
                check_machine(self, machine, &machine.name)?;
                self.machines.push(machine.clone());
                Inverse::RemoveMachine(machine.id)
            }
            Edit::RemoveMachine(id) => {
                let index = self.machine_index(*id)?;
                let links = (self.links.iter().enumerate())
                    .filter(|(_, link)| link.touches(*id))
                    .map(|(i, link)| (i, *link))
                    .collect();
                self.links.retain(|link| !link.touches(*id));
                let machine = self.machines.remove(index);
                Inverse::Restore {
                    index,
                    machine,
                    links,
                }
            }
            Edit::Connect(link) => {
                if self.links.len() >= MAX_LINKS {
                    return Err(too_many_links(self.links.len() + 1));
                }
                let place = self.link_place(link);
                if self.link(link.id).is_some() {
                    return Err(Refusal::new(
                        "sandbox-duplicate-id",
                        &[("where", &join(&place, "id")), ("value", &link.id.0)],
                    ));
                }
                check_link(self, link, &place)?;
                self.links.push(*link);
                Inverse::RemoveLink(link.id)
            }
            Edit::Disconnect(id) => {
                let index = self.link_index(*id)?;
                Inverse::RestoreLink(index, self.links.remove(index))
            }
            Edit::SetLink { id, numbers } => {
                let index = self.link_index(*id)?;
                let old = self.links[index];
                check_numbers(numbers, &self.link_place(&old))?;
                self.links[index].numbers = *numbers;
                Inverse::PutLink(old)
            }
            Edit::MoveMachine { id, to } => self.change(*id, |m| {
                m.at = *to;
                Ok(())
            })?,
            Edit::Rename { id, name } => self.change(*id, |m| {
                m.name = name.clone();
                Ok(())
            })?,
            Edit::Readdress { id, address } => self.change(*id, |m| {
                m.address = parse_address(address, &join(&m.name, "address"))?;
                Ok(())
            })?,
            Edit::SetTask { id, task } => self.change(*id, |m| {
                m.task = Some(task.clone());
                Ok(())
            })?,
            Edit::SetSetting { id, key, value } => self.change(*id, |m| {
                let place = join(&m.name, "settings");
                let field = m
                    .kind
                    .setting(key)
                    .ok_or_else(|| unknown_field(&place, key))?;
                m.settings.insert(field.key, value.clone());
                Ok(())
            })?,
        };
        Ok(Undo(inverse))
    }

    /// Undoes an edit: the network is back as it was before it. `undo`
    /// must be the last edit's (as [`crate::History`] keeps them).
    pub fn undo(&mut self, undo: Undo) {
        match undo.0 {
            Inverse::PutMachine(machine) => {
                if let Some(m) = self.machines.iter_mut().find(|m| m.id == machine.id) {
                    *m = machine;
                }
            }
            Inverse::RemoveMachine(id) => self.machines.retain(|m| m.id != id),
            Inverse::Restore {
                index,
                machine,
                links,
            } => {
                self.machines
                    .insert(index.min(self.machines.len()), machine);
                for (i, link) in links {
                    self.links.insert(i.min(self.links.len()), link);
                }
            }
            Inverse::PutLink(link) => {
                if let Some(l) = self.links.iter_mut().find(|l| l.id == link.id) {
                    *l = link;
                }
            }
            Inverse::RemoveLink(id) => self.links.retain(|l| l.id != id),
            Inverse::RestoreLink(index, link) => {
                self.links.insert(index.min(self.links.len()), link)
            }
        }
    }

    /// Changes a copy of machine `id` with `change`, checks it, and puts it
    /// in place of the machine; the inverse puts the machine back.
    fn change(
        &mut self,
        id: MachineId,
        change: impl FnOnce(&mut Machine) -> Result<(), Refusal>,
    ) -> Result<Inverse, Refusal> {
        let index = self.machine_index(id)?;
        let place = self.machines[index].name.clone();
        let mut changed = self.machines[index].clone();
        change(&mut changed)?;
        check_machine(self, &changed, &place)?;
        Ok(Inverse::PutMachine(std::mem::replace(
            &mut self.machines[index],
            changed,
        )))
    }

    fn machine_index(&self, id: MachineId) -> Result<usize, Refusal> {
        (self.machines.iter().position(|m| m.id == id))
            .ok_or_else(|| Refusal::new("sandbox-no-such-machine", &[("id", &id.0)]))
    }

    fn link_index(&self, id: LinkId) -> Result<usize, Refusal> {
        (self.links.iter().position(|l| l.id == id))
            .ok_or_else(|| Refusal::new("sandbox-no-such-link", &[("id", &id.0)]))
    }

    /// A link's name for a message: its two machines' ("Browser 1–Router 1").
    fn link_place(&self, link: &Link) -> String {
        let name = |id| {
            self.machine(id)
                .map_or_else(|| format!("#{}", id.0), |m| m.name.clone())
        };
        format!("{}–{}", name(link.a), name(link.b))
    }
}
