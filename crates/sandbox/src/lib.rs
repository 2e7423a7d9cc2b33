//! The sandbox's model: the network a learner builds from every kind of
//! machine the lab knows ([`kinds`]), what each client does ([`tasks`]),
//! the links between them ([`schema`]), written and read as a versioned
//! JSON file ([`json`], [`json_text`]) whose every value is checked ([`validate`],
//! [`fields`]) with a message that names what is wrong and where
//! ([`refusal`]); new machines get a name and an address of their own
//! ([`create`], [`addressing`]); edits are data with an inverse ([`edit`])
//! and a history undoes and redoes them ([`history`]); a network travels
//! packed into an address ([`share`]). Pure Rust, no web
//! crate: the page's reducer and the command line drive the same API.

pub mod addressing;
pub mod create;
pub mod edit;
pub mod fields;
pub mod history;
pub mod json;
pub mod json_text;
pub mod kinds;
pub mod refusal;
pub mod run;
pub mod schema;
pub mod share;
pub mod tasks;
pub mod validate;

pub use edit::{Edit, Undo};
pub use history::History;
pub use kinds::Kind;
pub use refusal::Refusal;
pub use schema::{Link, LinkId, LinkNumbers, Machine, MachineId, Network, Point, Task};
pub use tasks::TaskKind;
