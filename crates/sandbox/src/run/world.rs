//! The machines and links of a document as simulator nodes and links, and
//! the home routers' address translation.

use std::collections::BTreeMap;

use cslab_sim::net::{Addr, LinkSpec, NodeId, NodeKind, Prefix, World};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;

use crate::addressing::{free_public_address, taken};
use crate::fields::parse_address;
use crate::kinds::Kind;
use crate::schema::{Link, MachineId, Network};

/// A world being built, and which node each machine became.
pub struct Built {
    pub world: World,
    nodes: BTreeMap<MachineId, NodeId>,
}

impl Built {
    /// A node for each machine (in the document's order, so node `i` is
    /// machine `i`), a link for each link, and a translator on each home
    /// router; its trace keeps the records `trace` says.
    pub fn new(net: &Network, seed: u64, trace: TraceMode) -> Built {
        let mut world = World::new(seed, trace);
        let mut nodes = BTreeMap::new();
        for m in &net.machines {
            let node = world.add_node(m.name.clone(), node_kind(m.kind));
            world.set_addr(node, m.address);
            nodes.insert(m.id, node);
        }
        for link in &net.links {
            world.connect(nodes[&link.a], nodes[&link.b], spec(link));
        }
        let mut taken = taken(net);
        for m in net.machines.iter().filter(|m| m.kind == Kind::HomeRouter) {
            let public = (m.settings.get("public-address"))
                .and_then(|text| parse_address(text, "").ok())
                .or_else(|| free_public_address(&taken));
            if let Some(public) = public {
                taken.insert(public);
                world.add_nat(nodes[&m.id], public, home_network(m.address));
            }
        }
        Built { world, nodes }
    }

    /// The node of machine `id` (it is in the document).
    pub fn node(&self, id: MachineId) -> NodeId {
        self.nodes[&id]
    }
}

/// A home router serves the /24 its own address is in (192.168.1.1 serves
/// 192.168.1.0/24, as home routers ship configured) and translates it to
/// its public address: the addresses inside are private (RFC 1918 §3) and
/// the Internet does not route to them.
fn home_network(router: Addr) -> Prefix {
    let [a, b, c, _] = router.0.to_be_bytes();
    Prefix::new(Addr::new(a, b, c, 0), 24)
}

fn node_kind(kind: Kind) -> NodeKind {
    match kind {
        Kind::Router | Kind::HomeRouter => NodeKind::Router,
        _ if kind.is_client() => NodeKind::Host,
        _ => NodeKind::Server,
    }
}

/// A link's numbers: bandwidth in Mbit/s, one-way delay in ms and loss in
/// percent, the same both ways; its queues unbounded, as the lessons' are.
fn spec(link: &Link) -> LinkSpec {
    let n = link.numbers;
    LinkSpec::new(
        n.bandwidth_mbps * 1_000_000,
        SimTime::from_millis(n.delay_ms),
    )
    .with_loss(n.loss_percent as f64 / 100.0)
}

impl Built {
    /// The round trip from `a` to `b` along the route packets take, in
    /// propagation alone (`None`: no route).
    pub fn round_trip(&mut self, a: NodeId, b: NodeId) -> Option<SimTime> {
        let links = self.world.links();
        let path = self.world.path(a, b)?;
        let one_way = (path.iter()).fold(SimTime::ZERO, |t, (link, _)| {
            t + links[link.index()].spec.propagation
        });
        Some(one_way + one_way)
    }
}
