//! The runner: a network document becomes a simulator [`World`] and runs
//! with the machines the lessons use (their protocol crates' apps), so its
//! transcript shows the same dialogue a lesson does.
//!
//! Where the document is silent, the world does what a real network does:
//! - every node forwards along the shortest path in hops
//!   ([`cslab_sim::net`]'s routing), the routes a link-state protocol such
//!   as OSPF (RFC 2328) converges to when every link costs the same; each
//!   machine's address is a host route, so the longest matching prefix is
//!   the machine itself;
//! - a home router is the gateway of its /24 and translates it to its
//!   public address (NAT, RFC 3022), as [`world`] says;
//! - each client uses the resolver DHCP would hand it ([`clients`]);
//! - the DNS servers' zones follow from the machines ([`dns_zones`]);
//! - a load balancer shares out the web servers linked to it
//!   ([`balancer`]);
//! - a game server is a small studio's one host: login, presence and
//!   matchmaking beside the game ([`game`]);
//! - the first seed's client runs the swarm's tracker ([`swarm`]);
//! - a Bitcoin node knows the network's other nodes ([`bitcoin`]).
//!
//! Every kind of machine runs (a server no client talks to runs idle), and
//! every task.

pub mod balancer;
pub mod bitcoin;
pub mod clients;
pub mod database;
pub mod dns_zones;
pub mod files;
pub mod game;
pub mod mail;
pub mod stream;
pub mod swarm;
pub mod web_apps;
pub mod world;

use cslab_sim::net::{AppId, NodeId, World};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;

use crate::schema::Network;
use crate::tasks::TaskKind;

/// How long a run goes on at most, if nothing stops it sooner: as the
/// page-load lesson's limit, an hour of simulated time.
pub const MAX_RUN: SimTime = SimTime::from_secs(3_600);

/// A client of the run and the app that does its task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    pub name: String,
    /// Its machine's node in the world.
    pub node: NodeId,
    pub task: TaskKind,
    pub app: AppId,
}

/// A network, built and ready to run.
pub struct SandboxRun {
    pub world: World,
    /// Each node's machine name, by node index (the transcript's names).
    pub names: Vec<String>,
    pub clients: Vec<Client>,
}

impl SandboxRun {
    /// The world of `net`, seeded with `seed`, keeping every trace record.
    pub fn new(net: &Network, seed: u64) -> SandboxRun {
        SandboxRun::traced(net, seed, TraceMode::Full)
    }

    /// [`SandboxRun::new`], keeping the trace records `trace` says (the
    /// page keeps a bounded window of a long run's).
    pub fn traced(net: &Network, seed: u64, trace: TraceMode) -> SandboxRun {
        let mut built = world::Built::new(net, seed, trace);
        dns_zones::add_servers(&mut built, net);
        let clients = clients::add(&mut built, net);
        let names = net.machines.iter().map(|m| m.name.clone()).collect();
        SandboxRun {
            world: built.world,
            names,
            clients,
        }
    }

    /// Runs every event up to `until` (at most [`MAX_RUN`]).
    pub fn run_until(&mut self, until: SimTime) {
        let until = until.min(MAX_RUN);
        while let Some(t) = self.world.next_event_time().filter(|&t| t <= until) {
            self.world.run_until(t);
        }
    }

    /// What each client achieved, in the document's order.
    pub fn report(&self) -> Vec<clients::ClientReport> {
        (self.clients.iter())
            .map(|client| clients::report(&self.world, client))
            .collect()
    }
}
