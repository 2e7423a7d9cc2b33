//! What a database's dialogue is made of, whatever the database: messages
//! (as a capture summarises them, with their bytes on the wire) grouped in
//! turns, each side speaking in turn. [`Db`] says which database, and
//! where each one's messages are built.

use crate::{mongo, mysql, postgres};
use cslab_sim::apps::presets::Preset;
use cslab_sim::proto::text::TextProtocol;
use cslab_sim::time::SimTime;
use serde::Serialize;

/// One message: its summary and its bytes on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub text: String,
    pub bytes: u32,
}

pub fn msg(text: impl Into<String>, bytes: u32) -> Msg {
    Msg {
        text: text.into(),
        bytes,
    }
}

/// What one side says before the other answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Turn {
    pub client: bool,
    pub msgs: Vec<Msg>,
}

/// A connection's opening: connection and authentication, until the
/// server is ready for a query. The last turn is the server's; its first
/// `auth` messages end authentication, the rest say it is ready.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opening {
    pub turns: Vec<Turn>,
    pub auth: usize,
}

/// The database server behind the site.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Db {
    #[default]
    Postgresql,
    Mysql,
    Mongodb,
}

/// How long the database works on the page's query before it answers
/// (planning, reading and sorting a few rows; the same for the three, so
/// the protocols and the pool are what differ).
pub const QUERY_TIME: SimTime = SimTime::from_millis(5);

impl Db {
    pub const ALL: [Db; 3] = [Db::Postgresql, Db::Mysql, Db::Mongodb];

    /// Its preset in the load model: its name and connection limits.
    pub fn preset(self) -> Preset {
        match self {
            Db::Postgresql => Preset::Postgresql,
            Db::Mysql => Preset::Mysql,
            Db::Mongodb => Preset::Mongodb,
        }
    }

    /// Its default port: PostgreSQL 5432, MySQL 3306, MongoDB 27017.
    pub fn port(self) -> u16 {
        match self {
            Db::Postgresql => 5432,
            Db::Mysql => 3306,
            Db::Mongodb => 27017,
        }
    }

    pub fn protocol(self) -> TextProtocol {
        match self {
            Db::Postgresql => TextProtocol::Postgres,
            Db::Mysql => TextProtocol::Mysql,
            Db::Mongodb => TextProtocol::Mongo,
        }
    }

    /// (Connections an ordinary account may hold, connections at all),
    /// from the preset.
    pub fn slots(self) -> (u32, u32) {
        self.preset()
            .connection_slots()
            .expect("a database's preset")
    }

    /// The connection's opening.
    pub fn opening(self) -> Opening {
        match self {
            Db::Postgresql => postgres::opening(),
            Db::Mysql => mysql::opening(),
            Db::Mongodb => mongo::opening(),
        }
    }

    /// The page's question, and the answer's messages.
    pub fn query(self) -> (Msg, Vec<Msg>) {
        match self {
            Db::Postgresql => postgres::query(),
            Db::Mysql => mysql::query(),
            Db::Mongodb => mongo::query(),
        }
    }

    /// What the client says before it closes (MongoDB's drivers just
    /// close).
    pub fn goodbye(self) -> Option<Msg> {
        match self {
            Db::Postgresql => Some(postgres::terminate()),
            Db::Mysql => Some(mysql::quit()),
            Db::Mongodb => None,
        }
    }

    /// The server's error when it holds every connection it takes; `None`
    /// if it just closes (MongoDB).
    pub fn too_many(self) -> Option<Msg> {
        match self {
            Db::Postgresql => Some(postgres::too_many_clients()),
            Db::Mysql => Some(mysql::too_many_connections()),
            Db::Mongodb => None,
        }
    }

    /// The server's error, after authentication, to an ordinary account
    /// that would take a place kept for administrators.
    pub fn reserved(self) -> Option<Msg> {
        match self {
            Db::Postgresql => Some(postgres::reserved_for_superusers()),
            Db::Mysql => Some(mysql::too_many_connections()),
            Db::Mongodb => None,
        }
    }

    /// Whether `text` is one of this database's refusals.
    pub fn is_refusal(self, text: &str) -> bool {
        [self.too_many(), self.reserved()]
            .into_iter()
            .flatten()
            .any(|error| error.text == text)
    }
}
