//! The shape of a network as a lesson draws it: nodes with a role, an address
//! and a place on the stage, and the links between them.

use crate::i18n::Tr;

/// What a machine is for; it picks the icon and the description.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeRole {
    Browser,
    /// The learner's phone or laptop (a desktop is drawn as a browser's
    /// window, like the page-load lesson's computer).
    Phone,
    Laptop,
    Router,
    DnsServer,
    WebServer,
    /// A client that is not a browser: a load generator's user.
    Client,
    /// Spreads connections over several servers.
    Balancer,
    /// A database server.
    Database,
}

impl NodeRole {
    /// The CSS class that colours the role's icon.
    pub fn css_class(self) -> &'static str {
        match self {
            NodeRole::Browser | NodeRole::Phone | NodeRole::Laptop => "role-browser",
            NodeRole::Router => "role-router",
            NodeRole::DnsServer => "role-dns",
            NodeRole::WebServer => "role-web",
            NodeRole::Client => "role-client",
            NodeRole::Balancer => "role-balancer",
            NodeRole::Database => "role-database",
        }
    }

    /// The message id of the role's name in a sentence ("server", "router"),
    /// for the stage's description in words.
    pub fn kind_key(self) -> &'static str {
        match self {
            NodeRole::Browser | NodeRole::Client => "machine-computer",
            NodeRole::Phone => "machine-phone",
            NodeRole::Laptop => "machine-laptop",
            NodeRole::Router => "machine-router",
            NodeRole::Balancer => "machine-balancer",
            NodeRole::Database => "machine-database",
            NodeRole::DnsServer | NodeRole::WebServer => "machine-server",
        }
    }
}

/// A machine on the stage. Positions are in stage units (the stage is
/// `STAGE_WIDTH` × `STAGE_HEIGHT`), so the drawing scales to any screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeSpec {
    pub role: NodeRole,
    /// The message id of the node's name, translated by the UI; `{ $n }` in
    /// it is replaced by `number`.
    pub name_key: &'static str,
    pub number: Option<u32>,
    /// The name a learner gave the machine (the sandbox's), shown as it is
    /// in every language in place of `name_key`'s.
    pub given_name: Option<String>,
    /// The message id of what the node does, for the details panel.
    pub description_key: &'static str,
    pub address: String,
    pub x: u32,
    pub y: u32,
    /// The machine talks to itself in this lesson: the stage draws its
    /// loopback, the loop its packets to 127.0.0.1 go round.
    pub loopback: bool,
}

impl NodeSpec {
    pub fn name(&self, tr: Tr) -> String {
        if let Some(name) = &self.given_name {
            return name.clone();
        }
        match self.number {
            Some(n) => tr.t_args(self.name_key, &[("n", &n.to_string())]),
            None => tr.t(self.name_key),
        }
    }
}

/// A cable between two nodes, by index into `Topology::nodes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkSpec {
    pub a: usize,
    pub b: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Topology {
    pub nodes: Vec<NodeSpec>,
    pub links: Vec<LinkSpec>,
}

impl Topology {
    /// The translated name of the node at `index` (empty if there is none).
    pub fn node_name(&self, tr: Tr, index: usize) -> String {
        self.nodes
            .get(index)
            .map(|node| node.name(tr))
            .unwrap_or_default()
    }

    /// `Browser → Web server`: a packet's route by its end nodes.
    pub fn route(&self, tr: Tr, from: usize, to: usize) -> String {
        format!("{} → {}", self.node_name(tr, from), self.node_name(tr, to))
    }
}

pub const STAGE_WIDTH: u32 = 800;
/// Tall enough for four machines in a column, each with its name and
/// address clear of the next one's icon (`lesson::layout`).
pub const STAGE_HEIGHT: u32 = 464;
