//! The built-in lessons.

use super::topology::{LinkSpec, NodeRole, NodeSpec, Topology};

/// "What happens when you open a web page": a browser, the local DNS server
/// and the web server, joined by a router. Addresses come from the ranges
/// reserved for documentation (RFC 5737), so none of them is a real host.
pub fn web_page_topology() -> Topology {
    let node = |role, name_key, address, x, y| NodeSpec {
        role,
        name_key,
        address,
        x,
        y,
    };
    Topology {
        nodes: vec![
            node(NodeRole::Browser, "node-browser", "192.0.2.10", 130, 220),
            node(NodeRole::Router, "node-router", "192.0.2.1", 400, 220),
            node(NodeRole::DnsServer, "node-dns", "198.51.100.53", 670, 100),
            node(NodeRole::WebServer, "node-web", "203.0.113.80", 670, 340),
        ],
        links: vec![
            LinkSpec { a: 0, b: 1 },
            LinkSpec { a: 1, b: 2 },
            LinkSpec { a: 1, b: 3 },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::topology::{STAGE_HEIGHT, STAGE_WIDTH};

    #[test]
    fn web_page_lesson_is_a_connected_drawable_network() {
        let topology = web_page_topology();
        for node in &topology.nodes {
            assert!(
                node.x < STAGE_WIDTH && node.y < STAGE_HEIGHT,
                "{node:?} is off the stage"
            );
        }
        // Every node is reachable from the browser over the links.
        let mut reached = vec![false; topology.nodes.len()];
        reached[0] = true;
        for _ in 0..topology.nodes.len() {
            for link in &topology.links {
                if reached[link.a] || reached[link.b] {
                    reached[link.a] = true;
                    reached[link.b] = true;
                }
            }
        }
        assert!(reached.iter().all(|&r| r));
    }
}
