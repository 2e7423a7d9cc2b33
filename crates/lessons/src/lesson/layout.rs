//! How a lesson lays its world out on the stage: each node placed by the
//! lesson, with its address, and every link.

use crate::scene::topology::{LinkSpec, NodeRole, NodeSpec, STAGE_HEIGHT, Topology};
use cslab_sim::net::{NodeInfo, World};

/// Where the `n`th (from 1) of `count` nodes in a column stands: spaced so a
/// name and address (66 units below a node's point, its icon 40 above) never
/// reach the next icon, the column centred on the stage.
pub fn column_y(n: u32, count: u32) -> u32 {
    let spacing = if count > 1 {
        ((STAGE_HEIGHT - 110) / (count - 1)).min(110)
    } else {
        0
    };
    let top = (STAGE_HEIGHT - spacing * (count - 1) - 106) / 2 + 40;
    top + spacing * (n - 1)
}

/// Where and how a lesson draws one node.
pub struct Place {
    pub role: NodeRole,
    pub name_key: &'static str,
    pub number: Option<u32>,
    pub description_key: &'static str,
    pub x: u32,
    pub y: u32,
}

/// Every node of `world`, placed by `place`, with its address, and every
/// link; nodes keep the world's order, so link ends index both.
pub fn world_topology(world: &World, mut place: impl FnMut(&NodeInfo) -> Place) -> Topology {
    let nodes = world
        .nodes()
        .iter()
        .map(|node| {
            let Place {
                role,
                name_key,
                number,
                description_key,
                x,
                y,
            } = place(node);
            NodeSpec {
                role,
                name_key,
                number,
                description_key,
                address: node.addr.to_string(),
                x,
                y,
            }
        })
        .collect();
    let links = world
        .links()
        .iter()
        .map(|link| LinkSpec {
            a: link.a.index(),
            b: link.b.index(),
        })
        .collect();
    Topology { nodes, links }
}
