//! The checks a machine and a link must pass to be in a network: the same
//! for a file being loaded and for an edit, so both refuse with the same
//! message. `place` names where the thing is (a JSON path, or a machine's
//! name for an edit); a field's place is `place.field`.

use std::collections::{BTreeMap, BTreeSet};

use cslab_sim::net::Addr;

use crate::fields::{Field, Takes, parse_address, unknown_word};
use crate::refusal::Refusal;
use crate::schema::{
    BANDWIDTH_MBPS, DELAY_MS, LOSS_PERCENT, Link, LinkNumbers, MAX_NAME_CHARS, Machine, Network,
    STAGE_SIZE,
};

/// `place.field`.
pub fn join(place: &str, field: &str) -> String {
    format!("{place}.{field}")
}

/// `value` is outside `min..=max`.
pub fn check_range(place: &str, value: i128, (min, max): (u64, u64)) -> Result<(), Refusal> {
    match (i128::from(min)..=i128::from(max)).contains(&value) {
        true => Ok(()),
        false => Err(Refusal::new(
            "sandbox-out-of-range",
            &[
                ("where", &place),
                ("value", &value),
                ("min", &min),
                ("max", &max),
            ],
        )),
    }
}

/// Checks `m` as it would be in `net`, in place of the machine with its id
/// if there is one: its own values, and that its name and addresses are no
/// other machine's.
pub fn check_machine(net: &Network, m: &Machine, place: &str) -> Result<(), Refusal> {
    check_name(&m.name, &join(place, "name"))?;
    let others = || net.machines.iter().filter(|other| other.id != m.id);
    if others().any(|other| other.name == m.name) {
        return Err(Refusal::new(
            "sandbox-duplicate-name",
            &[("where", &join(place, "name")), ("value", &m.name)],
        ));
    }
    check_not_reserved(m.address, &join(place, "address"))?;
    let stage = (0, STAGE_SIZE as u64);
    check_range(&join(place, "x"), i128::from(m.at.x), stage)?;
    check_range(&join(place, "y"), i128::from(m.at.y), stage)?;
    let settings = join(place, "settings");
    check_fields(m.kind.settings(), &m.settings, &settings)?;
    check_task(m, place)?;
    let mut own = vec![(join(place, "address"), m.address)];
    own.extend(addresses_in_settings(m).map(|(key, addr)| (join(&settings, key), addr)));
    let theirs: BTreeMap<Addr, &str> = others()
        .flat_map(|other| {
            let name = other.name.as_str();
            addresses_in_settings(other)
                .map(move |(_, addr)| (addr, name))
                .chain([(other.address, name)])
        })
        .collect();
    let mut seen = BTreeSet::new();
    for (where_, addr) in own {
        let holder = theirs
            .get(&addr)
            .copied()
            .or((!seen.insert(addr)).then_some(m.name.as_str()));
        if let Some(holder) = holder {
            return Err(Refusal::new(
                "sandbox-duplicate-address",
                &[("where", &where_), ("value", &addr), ("other", &holder)],
            ));
        }
    }
    Ok(())
}

/// A name shows on the stage: some text, not too long, no spaces around.
pub fn check_name(name: &str, place: &str) -> Result<(), Refusal> {
    if name.trim().is_empty() {
        return Err(Refusal::new("sandbox-empty-name", &[("where", &place)]));
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS || name.trim() != name {
        return Err(Refusal::new(
            "sandbox-bad-machine-name",
            &[
                ("where", &place),
                ("value", &name),
                ("max", &MAX_NAME_CHARS),
            ],
        ));
    }
    Ok(())
}

/// An address a machine can have ([`parse_address`]'s rules).
fn check_not_reserved(addr: Addr, place: &str) -> Result<(), Refusal> {
    parse_address(&addr.to_string(), place).map(|_| ())
}

/// The addresses among a machine's settings (a home router's public one).
fn addresses_in_settings(m: &Machine) -> impl Iterator<Item = (&'static str, Addr)> + '_ {
    (m.kind.settings().iter())
        .filter(|field| field.takes == Takes::Address)
        .filter_map(|field| {
            let addr = parse_address(m.settings.get(field.key)?, "").ok()?;
            Some((field.key, addr))
        })
}

/// Exactly `fields`, each with a value it takes.
fn check_fields(
    fields: &[Field],
    values: &BTreeMap<&'static str, String>,
    place: &str,
) -> Result<(), Refusal> {
    for field in fields {
        let Some(value) = values.get(field.key) else {
            return Err(missing(place, field.key));
        };
        field.check(value, &join(place, field.key))?;
    }
    match values
        .keys()
        .find(|key| !fields.iter().any(|f| f.key == **key))
    {
        Some(key) => Err(unknown_field(place, key)),
        None => Ok(()),
    }
}

/// A client does one of its kind's tasks; any other machine none.
fn check_task(m: &Machine, place: &str) -> Result<(), Refusal> {
    match &m.task {
        None if !m.kind.is_client() => Ok(()),
        None => Err(missing(place, "task")),
        Some(_) if !m.kind.is_client() => Err(unknown_field(place, "task")),
        Some(task) => {
            let tasks = m.kind.tasks();
            let place = join(place, "task");
            if !tasks.contains(&task.what) {
                let codes: Vec<&str> = tasks.iter().map(|t| t.code()).collect();
                return Err(unknown_word(&join(&place, "do"), task.what.code(), &codes));
            }
            check_fields(task.what.params(), &task.params, &place)
        }
    }
}

pub fn missing(place: &str, field: &str) -> Refusal {
    Refusal::new("sandbox-missing", &[("where", &place), ("field", &field)])
}

pub fn unknown_field(place: &str, field: &str) -> Refusal {
    Refusal::new(
        "sandbox-unknown-field",
        &[("where", &place), ("field", &field)],
    )
}

/// Checks `link` as it would be in `net`, in place of the link with its id
/// if there is one: two machines that are there, not the same, not already
/// linked, and numbers in range.
pub fn check_link(net: &Network, link: &Link, place: &str) -> Result<(), Refusal> {
    for (end, id) in [("a", link.a), ("b", link.b)] {
        if net.machine(id).is_none() {
            return Err(Refusal::new(
                "sandbox-missing-machine",
                &[("where", &join(place, end)), ("id", &id.0)],
            ));
        }
    }
    let name = |id| net.machine(id).map_or("", |m| m.name.as_str());
    if link.a == link.b {
        return Err(Refusal::new(
            "sandbox-self-link",
            &[("where", &place), ("name", &name(link.a))],
        ));
    }
    if (net.links.iter()).any(|other| other.id != link.id && other.joins(link.a, link.b)) {
        return Err(Refusal::new(
            "sandbox-duplicate-link",
            &[
                ("where", &place),
                ("a", &name(link.a)),
                ("b", &name(link.b)),
            ],
        ));
    }
    check_numbers(&link.numbers, place)
}

pub fn check_numbers(numbers: &LinkNumbers, place: &str) -> Result<(), Refusal> {
    check_range(
        &join(place, "bandwidth_mbps"),
        numbers.bandwidth_mbps.into(),
        BANDWIDTH_MBPS,
    )?;
    check_range(&join(place, "delay_ms"), numbers.delay_ms.into(), DELAY_MS)?;
    check_range(
        &join(place, "loss_percent"),
        numbers.loss_percent.into(),
        LOSS_PERCENT,
    )
}
