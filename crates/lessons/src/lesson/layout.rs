//! How a lesson lays its world out on the stage: each node placed by the
//! lesson, with its address, and every link.

use cslab_scene::topology::{LinkSpec, NodeRole, NodeSpec, STAGE_HEIGHT, STAGE_WIDTH, Topology};
use cslab_sim::net::{NodeInfo, World};

/// A node's tallest icon (the phone's) rises 46 units above its point, and
/// its address, on a baseline 62 below (`ui::stage_node`), ends 66 below
/// with its font's descent: what Chromium measures, and what the browser
/// test of every lesson's stage checks (e2e/fit.test.mjs).
const ABOVE: u32 = 46;
const BELOW: u32 = 66;
/// Room kept between a node and the stage's edge.
const MARGIN: u32 = 8;
/// Nodes one column holds before a second opens beside it.
const PER_COLUMN: u32 = 4;
/// Half the distance between a group's two columns: an address (about 100
/// units wide) never reaches the other column's.
const COLUMN_HALF_GAP: u32 = 60;

/// Half a node's width on the stage: its address, about 100 units wide,
/// centred under its icon.
const HALF_WIDTH: u32 = 50;

/// Where a point of the sandbox's plan stands on the stage, the plan's
/// `view` (the part of it the editor shows, from its origin) drawn as the
/// editor draws it: scaled alike both ways to fit the stage, from its top
/// left corner; a point is kept far enough from the edges for the node's
/// icon above it, its name and address below and half its width each side.
pub fn scaled_place(x: u32, y: u32, view: (u32, u32)) -> (u32, u32) {
    let (num, den) = view_scale(view);
    let scale = |v: u32| (u64::from(v) * num + den / 2) / den;
    let keep = |v: u64, low: u32, high: u32| v.clamp(low.into(), high.into()) as u32;
    (
        keep(
            scale(x),
            MARGIN + HALF_WIDTH,
            STAGE_WIDTH - MARGIN - HALF_WIDTH,
        ),
        keep(scale(y), MARGIN + ABOVE, STAGE_HEIGHT - MARGIN - BELOW),
    )
}

/// Where a point of the stage stands on a plan whose `view` the stage
/// shows: [`scaled_place`] undone (but for its keeping off the edges).
pub fn plan_place(x: u32, y: u32, view: (u32, u32)) -> (u32, u32) {
    let (num, den) = view_scale(view);
    let unscale = |v: u32| ((u64::from(v) * den + num / 2) / num) as u32;
    (unscale(x), unscale(y))
}

/// Stage units per plan unit, as a fraction: the smaller of the stage's
/// width over the view's and its height over the view's.
fn view_scale((width, height): (u32, u32)) -> (u64, u64) {
    let (width, height) = (u64::from(width.max(1)), u64::from(height.max(1)));
    let (stage_width, stage_height) = (u64::from(STAGE_WIDTH), u64::from(STAGE_HEIGHT));
    match stage_width * height <= stage_height * width {
        true => (stage_width, width),
        false => (stage_height, height),
    }
}

/// Where the `n`th (from 1) of `count` nodes in a column stands: spaced so a
/// node's name and address never reach the next icon (review C.11 found
/// them on it), the column centred on the stage, clear of its edges.
pub fn column_y(n: u32, count: u32) -> u32 {
    let tall = ABOVE + BELOW;
    let spacing = if count > 1 {
        ((STAGE_HEIGHT - 2 * MARGIN - tall) / (count - 1)).min(tall)
    } else {
        0
    };
    let top = (STAGE_HEIGHT - spacing * (count - 1) - tall) / 2 + ABOVE;
    top + spacing * (n - 1)
}

/// Where the `n`th (from 1) of `count` nodes of a group centred on `x`
/// stands: up to four in one column, more in two side by side, the first
/// half on the left.
pub fn column_place(n: u32, count: u32, x: u32) -> (u32, u32) {
    if count <= PER_COLUMN {
        return (x, column_y(n, count));
    }
    let left = count.div_ceil(2);
    if n <= left {
        (x - COLUMN_HALF_GAP, column_y(n, left))
    } else {
        (x + COLUMN_HALF_GAP, column_y(n - left, count - left))
    }
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

/// A machine of its own, unnumbered: (role, name, what it does, x, y).
impl From<(NodeRole, &'static str, &'static str, u32, u32)> for Place {
    fn from(
        (role, name_key, description_key, x, y): (NodeRole, &'static str, &'static str, u32, u32),
    ) -> Place {
        Place {
            role,
            name_key,
            number: None,
            description_key,
            x,
            y,
        }
    }
}

/// Every node of `world`, placed by `place`, with its address, and every
/// link; nodes keep the world's order, so link ends index both.
pub fn world_topology<P: Into<Place>>(
    world: &World,
    mut place: impl FnMut(&NodeInfo) -> P,
) -> Topology {
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
            } = place(node).into();
            NodeSpec {
                role,
                name_key,
                number,
                given_name: None,
                description_key,
                address: node.addr.to_string(),
                x,
                y,
                loopback: false,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A node's box: its icon's width (about 100 units with its address)
    /// and from the icon's top to the address's baseline.
    fn node_box((x, y): (u32, u32)) -> (i64, i64, i64, i64) {
        let (x, y) = (x as i64, y as i64);
        let half = HALF_WIDTH as i64;
        (x - half, y - ABOVE as i64, x + half, y + BELOW as i64)
    }

    /// Review C.11: Client 1 clipped at the stage's top, a client's label on
    /// the next client's icon. Up to eight nodes, on either side, stay on
    /// the stage and apart.
    #[test]
    fn columns_keep_every_node_on_the_stage_and_apart() {
        for count in 1..=8 {
            for x in [130, 670] {
                let boxes: Vec<_> = (1..=count)
                    .map(|n| node_box(column_place(n, count, x)))
                    .collect();
                for (i, &(left, top, right, bottom)) in boxes.iter().enumerate() {
                    assert!(
                        left >= 0 && right <= STAGE_WIDTH as i64,
                        "{count} at {x}: {i}"
                    );
                    assert!(top >= MARGIN as i64 && bottom <= (STAGE_HEIGHT - MARGIN) as i64);
                    for &(l, t, r, b) in &boxes[i + 1..] {
                        let apart = r <= left || right <= l || b <= top || bottom <= t;
                        assert!(apart, "{count} nodes at {x}: {i} meets another");
                    }
                }
            }
        }
    }

    /// A plan is drawn as the editor shows it: 1,100 by 600 fills the
    /// stage's 800 across (800/1,100 < 464/600), scaled by 8/11 both ways;
    /// its corners are kept where a node's box just fits.
    #[test]
    fn a_plan_scales_onto_the_stage_as_the_editor_shows_it() {
        let view = (1_100, 600);
        for (x, y) in [(0, 0), (1_100, 600), (0, 600), (1_100, 0), (10_000, 0)] {
            let (left, top, right, bottom) = node_box(scaled_place(x, y, view));
            let margin = MARGIN as i64;
            assert!(
                left >= margin && right <= (STAGE_WIDTH - MARGIN) as i64,
                "{x}"
            );
            assert!(
                top >= margin && bottom <= (STAGE_HEIGHT - MARGIN) as i64,
                "{y}"
            );
        }
        assert_eq!(scaled_place(0, 0, view), (58, 54));
        assert_eq!(scaled_place(550, 300, view), (400, 218));
        assert_eq!(scaled_place(1_100, 600, view), (742, 390));
        // A tall plan: its height decides (464/2,000 < 800/1,100).
        assert_eq!(scaled_place(550, 1_000, (1_100, 2_000)), (128, 232));
        // A stage's point goes back to the same place through the plan.
        for (x, y) in [(58, 54), (100, 350), (742, 390), (400, 222), (613, 77)] {
            let (px, py) = plan_place(x, y, view);
            assert_eq!(scaled_place(px, py, view), (x, y));
        }
        assert_eq!(plan_place(400, 218, view), (550, 300));
    }
}
