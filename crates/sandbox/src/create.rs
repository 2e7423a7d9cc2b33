//! New machines and links as the palette places them: a fresh id, a name
//! and an address of their own, and every setting at its default.

use std::collections::BTreeMap;

use crate::addressing::{free_address, free_public_address, taken};
use crate::fields::{Field, Takes};
use crate::kinds::Kind;
use crate::refusal::Refusal;
use crate::schema::{
    Link, LinkNumbers, MAX_LINKS, MAX_MACHINES, MAX_NAME_CHARS, Machine, MachineId, Network, Point,
    Task,
};
use crate::tasks::TaskKind;

impl Network {
    /// A machine of `kind` at `at`, not yet in the network (add it with
    /// `Edit::AddMachine`): named `label` and the first number that makes
    /// the name unique ("Web server 2"; `label` is the kind's name in the
    /// learner's language, [`Kind::label_key`]), at the first free address
    /// of its kind.
    pub fn new_machine(&self, kind: Kind, at: Point, label: &str) -> Result<Machine, Refusal> {
        if self.machines.len() >= MAX_MACHINES {
            return Err(too_many_machines(self.machines.len() + 1));
        }
        let mut taken = taken(self);
        let address = free_address(kind, &taken).ok_or_else(no_free_address)?;
        taken.insert(address);
        let mut settings = BTreeMap::new();
        for field in kind.settings() {
            let value = match field.takes {
                Takes::Address => {
                    let public = free_public_address(&taken).ok_or_else(no_free_address)?;
                    taken.insert(public);
                    public.to_string()
                }
                _ => field.default.to_owned(),
            };
            settings.insert(field.key, value);
        }
        Ok(Machine {
            id: self.next_machine_id(),
            kind,
            name: self.free_name(label),
            address,
            at,
            settings,
            task: kind.tasks().first().map(|&what| Task::new(what)),
        })
    }

    /// `label` and the smallest number from 1 no machine's name has.
    fn free_name(&self, label: &str) -> String {
        let label: String = label.chars().take(MAX_NAME_CHARS - 4).collect();
        (1..)
            .map(|n| format!("{} {n}", label.trim()))
            .find(|name| !self.machines.iter().any(|m| &m.name == name))
            .unwrap_or_default()
    }

    /// A link from `a` to `b` with the lessons' home line's numbers, not
    /// yet in the network (add it with `Edit::Connect`).
    pub fn new_link(&self, a: MachineId, b: MachineId) -> Link {
        Link {
            id: self.next_link_id(),
            a,
            b,
            numbers: LinkNumbers::default(),
        }
    }
}

impl Task {
    /// `what` with every parameter at its default.
    pub fn new(what: TaskKind) -> Task {
        Task {
            what,
            params: defaults(what.params()),
        }
    }
}

fn defaults(fields: &[Field]) -> BTreeMap<&'static str, String> {
    (fields.iter())
        .map(|field| (field.key, field.default.to_owned()))
        .collect()
}

pub fn too_many_machines(count: usize) -> Refusal {
    Refusal::new(
        "sandbox-too-many-machines",
        &[("count", &count), ("max", &MAX_MACHINES)],
    )
}

pub fn too_many_links(count: usize) -> Refusal {
    Refusal::new(
        "sandbox-too-many-links",
        &[("count", &count), ("max", &MAX_LINKS)],
    )
}

fn no_free_address() -> Refusal {
    Refusal::new("sandbox-no-free-address", &[])
}
