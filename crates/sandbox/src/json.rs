//! The network as a JSON file (version [`VERSION`]), written and read
//! back. Reading checks every value on the way in and refuses the first
//! that does not fit, naming where it is as a JSON path
//! (`machines[2].address`): what it expected there is in the message.
//!
//! ```json
//! { "version": 1,
//!   "machines": [ { "id": 1, "kind": "browser", "name": "Browser 1",
//!                   "address": "192.168.1.10", "x": 100, "y": 200,
//!                   "settings": {},
//!                   "task": { "do": "open-page", "host": "www.example.com" } } ],
//!   "links": [ { "id": 1, "a": 1, "b": 2, "bandwidth_mbps": 100,
//!                "delay_ms": 5, "loss_percent": 0 } ] }
//! ```

use std::collections::BTreeMap;

use crate::json_text::{self, Value};

use crate::create::{too_many_links, too_many_machines};
use crate::fields::{Field, parse_address};
use crate::kinds::Kind;
use crate::refusal::Refusal;
use crate::schema::{
    BANDWIDTH_MBPS, DELAY_MS, LOSS_PERCENT, Link, LinkId, LinkNumbers, MAX_BYTES, MAX_LINKS,
    MAX_MACHINES, Machine, MachineId, Network, Point, STAGE_SIZE, Task, VERSION,
};
use crate::tasks::TaskKind;
use crate::validate::{check_link, check_machine, check_range, join, missing, unknown_field};

const IDS: (u64, u64) = (1, u32::MAX as u64);

impl Network {
    /// The network as its file says it, indented.
    pub fn to_json(&self) -> String {
        let [machines, links] = self
            .lists()
            .map(|values| Value::List(values).pretty().replace('\n', "\n  "));
        format!(
            "{{\n  \"version\": {VERSION},\n  \"machines\": {machines},\n  \"links\": {links}\n}}\n"
        )
    }

    /// The same on one line, without spaces: what a shared address packs.
    pub fn to_compact_json(&self) -> String {
        let [machines, links] = self.lists().map(|values| Value::List(values).compact());
        format!("{{\"version\":{VERSION},\"machines\":{machines},\"links\":{links}}}")
    }

    /// The machines and the links as their file writes them.
    fn lists(&self) -> [Vec<Value>; 2] {
        [
            self.machines.iter().map(machine_value).collect(),
            self.links.iter().map(link_value).collect(),
        ]
    }

    /// Refuses a file of `bytes` bytes if it is over [`MAX_BYTES`]: what
    /// the page asks before it reads a file at all.
    pub fn check_file_size(bytes: u64) -> Result<(), Refusal> {
        match bytes > MAX_BYTES as u64 {
            true => Err(Refusal::new(
                "sandbox-too-large",
                &[("bytes", &bytes), ("max", &MAX_BYTES)],
            )),
            false => Ok(()),
        }
    }

    /// Reads a network file, or says the first thing in it that does not
    /// fit, and where.
    pub fn from_json(text: &str) -> Result<Network, Refusal> {
        Network::from_bytes(text.as_bytes())
    }

    /// Reads a network file's bytes as a browser reads a file's text (UTF-8,
    /// a byte that is not replaced by U+FFFD): [`Network::from_json`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Network, Refusal> {
        Network::check_file_size(bytes.len() as u64)?;
        let text = String::from_utf8_lossy(bytes);
        let root = json_text::parse(&text).map_err(|fault| {
            let key = match fault.ends_early {
                true => "sandbox-json-ends-early",
                false => "sandbox-bad-json",
            };
            Refusal::new(key, &[("line", &fault.line), ("column", &fault.column)])
        })?;
        let Value::Object(root) = root else {
            return Err(Refusal::new("sandbox-not-a-network", &[]));
        };
        read_version(&root)?;
        if let Some(key) =
            (root.keys()).find(|k| !["version", "machines", "links"].contains(&k.as_str()))
        {
            return Err(Refusal::new("sandbox-unknown-top-field", &[("field", key)]));
        }
        let mut net = Network::default();
        let machines = top_list(&root, "machines", MAX_MACHINES, too_many_machines)?;
        for (i, value) in machines.iter().enumerate() {
            let place = format!("machines[{i}]");
            let machine = read_machine(value, &place)?;
            if net.machine(machine.id).is_some() {
                return Err(duplicate_id(&place, machine.id.0));
            }
            check_machine(&net, &machine, &place)?;
            net.machines.push(machine);
        }
        let links = top_list(&root, "links", MAX_LINKS, too_many_links)?;
        for (i, value) in links.iter().enumerate() {
            let place = format!("links[{i}]");
            let link = read_link(value, &place)?;
            if net.link(link.id).is_some() {
                return Err(duplicate_id(&place, link.id.0));
            }
            check_link(&net, &link, &place)?;
            net.links.push(link);
        }
        Ok(net)
    }
}

/// An object of these fields (written in their keys' order).
fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Object(fields.map(|(key, value)| (key.to_owned(), value)).into())
}

/// An object of text values.
fn texts(values: &BTreeMap<&'static str, String>) -> BTreeMap<String, Value> {
    (values.iter())
        .map(|(key, value)| (key.to_string(), value.as_str().into()))
        .collect()
}

fn machine_value(m: &Machine) -> Value {
    let mut value = object([
        ("id", u64::from(m.id.0).into()),
        ("kind", m.kind.code().into()),
        ("name", m.name.as_str().into()),
        ("address", m.address.to_string().as_str().into()),
        ("x", m.at.x.into()),
        ("y", m.at.y.into()),
        ("settings", Value::Object(texts(&m.settings))),
    ]);
    if let (Some(task), Value::Object(fields)) = (&m.task, &mut value) {
        let mut params = texts(&task.params);
        params.insert("do".into(), task.what.code().into());
        fields.insert("task".into(), Value::Object(params));
    }
    value
}

fn link_value(l: &Link) -> Value {
    object([
        ("id", u64::from(l.id.0).into()),
        ("a", u64::from(l.a.0).into()),
        ("b", u64::from(l.b.0).into()),
        ("bandwidth_mbps", l.numbers.bandwidth_mbps.into()),
        ("delay_ms", l.numbers.delay_ms.into()),
        ("loss_percent", l.numbers.loss_percent.into()),
    ])
}

fn read_version(root: &BTreeMap<String, Value>) -> Result<(), Refusal> {
    match root.get("version") {
        None => Err(Refusal::new("sandbox-no-version", &[])),
        Some(v) if v.as_u64() == Some(VERSION) => Ok(()),
        Some(v) => Err(Refusal::new(
            "sandbox-wrong-version",
            &[("found", v), ("expected", &VERSION)],
        )),
    }
}

/// The top-level list `key`, of at most `max` items.
fn top_list<'a>(
    root: &'a BTreeMap<String, Value>,
    key: &str,
    max: usize,
    too_many: fn(usize) -> Refusal,
) -> Result<&'a Vec<Value>, Refusal> {
    let list = match root.get(key) {
        None => return Err(Refusal::new("sandbox-missing-list", &[("field", &key)])),
        Some(Value::List(list)) => list,
        Some(_) => return Err(Refusal::new("sandbox-not-list", &[("where", &key)])),
    };
    match list.len() > max {
        true => Err(too_many(list.len())),
        false => Ok(list),
    }
}

fn duplicate_id(place: &str, id: u32) -> Refusal {
    Refusal::new(
        "sandbox-duplicate-id",
        &[("where", &join(place, "id")), ("value", &id)],
    )
}

/// An object's fields, read by name; any left unread is unknown.
struct Fields<'a> {
    map: &'a BTreeMap<String, Value>,
    place: &'a str,
}

impl<'a> Fields<'a> {
    fn of(value: &'a Value, place: &'a str) -> Result<Fields<'a>, Refusal> {
        match value {
            Value::Object(map) => Ok(Fields { map, place }),
            _ => Err(Refusal::new("sandbox-not-object", &[("where", &place)])),
        }
    }

    fn get(&self, key: &str) -> Result<&'a Value, Refusal> {
        self.map.get(key).ok_or_else(|| missing(self.place, key))
    }

    fn text(&self, key: &str) -> Result<&'a str, Refusal> {
        text(self.get(key)?, &join(self.place, key))
    }

    /// A whole number in `range`.
    fn whole(&self, key: &str, range: (u64, u64)) -> Result<u64, Refusal> {
        let place = join(self.place, key);
        let value = self.get(key)?;
        let number = (value.as_u64().map(i128::from))
            .or(value.as_i64().map(i128::from))
            .ok_or_else(|| {
                Refusal::new(
                    "sandbox-not-whole-number",
                    &[("where", &place), ("value", value)],
                )
            })?;
        check_range(&place, number, range)?;
        Ok(number as u64)
    }

    /// Refuses a field not among `known`.
    fn only(&self, known: &[&str]) -> Result<(), Refusal> {
        match self.map.keys().find(|key| !known.contains(&key.as_str())) {
            Some(key) => Err(unknown_field(self.place, key)),
            None => Ok(()),
        }
    }
}

fn text<'a>(value: &'a Value, place: &str) -> Result<&'a str, Refusal> {
    value
        .as_str()
        .ok_or_else(|| Refusal::new("sandbox-not-text", &[("where", &place)]))
}

fn read_machine(value: &Value, place: &str) -> Result<Machine, Refusal> {
    let fields = Fields::of(value, place)?;
    fields.only(&[
        "id", "kind", "name", "address", "x", "y", "settings", "task",
    ])?;
    let id = MachineId(fields.whole("id", IDS)? as u32);
    let code = fields.text("kind")?;
    let kind = Kind::from_code(code).ok_or_else(|| unknown_kind(place, code))?;
    let name = fields.text("name")?.to_owned();
    let address = parse_address(fields.text("address")?, &join(place, "address"))?;
    let stage = (0, STAGE_SIZE as u64);
    let at = Point {
        x: fields.whole("x", stage)? as i64,
        y: fields.whole("y", stage)? as i64,
    };
    let settings_place = join(place, "settings");
    let settings = read_values(
        fields.get("settings")?,
        &settings_place,
        kind.settings(),
        &[],
    )?;
    let task = match fields.map.get("task") {
        None => None,
        Some(task) => Some(read_task(task, &join(place, "task"))?),
    };
    Ok(Machine {
        id,
        kind,
        name,
        address,
        at,
        settings,
        task,
    })
}

/// An object of text values, each one of `fields` (but those `skip`ped),
/// with the default of each field added later that it lacks; their values
/// are checked with the machine.
fn read_values(
    value: &Value,
    place: &str,
    fields: &[Field],
    skip: &[&str],
) -> Result<BTreeMap<&'static str, String>, Refusal> {
    let object = Fields::of(value, place)?;
    let mut values = BTreeMap::new();
    for (key, value) in object
        .map
        .iter()
        .filter(|(key, _)| !skip.contains(&key.as_str()))
    {
        let field = (fields.iter())
            .find(|f| f.key == key)
            .ok_or_else(|| unknown_field(place, key))?;
        values.insert(field.key, text(value, &join(place, key))?.to_owned());
    }
    for field in fields.iter().filter(|f| f.added_later) {
        (values.entry(field.key)).or_insert_with(|| field.default.to_owned());
    }
    Ok(values)
}

fn read_task(value: &Value, place: &str) -> Result<Task, Refusal> {
    let code = Fields::of(value, place)?.text("do")?;
    let what = TaskKind::from_code(code).ok_or_else(|| unknown_task(place, code))?;
    let params = read_values(value, place, what.params(), &["do"])?;
    Ok(Task { what, params })
}

fn read_link(value: &Value, place: &str) -> Result<Link, Refusal> {
    let fields = Fields::of(value, place)?;
    fields.only(&["id", "a", "b", "bandwidth_mbps", "delay_ms", "loss_percent"])?;
    Ok(Link {
        id: LinkId(fields.whole("id", IDS)? as u32),
        a: MachineId(fields.whole("a", IDS)? as u32),
        b: MachineId(fields.whole("b", IDS)? as u32),
        numbers: LinkNumbers {
            bandwidth_mbps: fields.whole("bandwidth_mbps", BANDWIDTH_MBPS)?,
            delay_ms: fields.whole("delay_ms", DELAY_MS)?,
            loss_percent: fields.whole("loss_percent", LOSS_PERCENT)?,
        },
    })
}

fn unknown_kind(place: &str, code: &str) -> Refusal {
    let codes: Vec<&str> = Kind::ALL.iter().map(|k| k.code()).collect();
    Refusal::new(
        "sandbox-unknown-kind",
        &[
            ("where", &join(place, "kind")),
            ("value", &code),
            ("choices", &codes.join(", ")),
        ],
    )
}

fn unknown_task(place: &str, code: &str) -> Refusal {
    let codes: Vec<&str> = TaskKind::ALL.iter().map(|t| t.code()).collect();
    Refusal::new(
        "sandbox-unknown-task",
        &[
            ("where", &join(place, "do")),
            ("value", &code),
            ("choices", &codes.join(", ")),
        ],
    )
}
