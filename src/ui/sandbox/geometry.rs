//! Where things are on the sandbox's stage: the part of it the drawing
//! shows, a pointer's place on it, a free spot for a machine placed from
//! the keyboard, and where an arrow key moves a machine. Pure, so it is
//! tested natively.

pub use cslab_sandbox::schema::{MIN_VIEW, view_box};
use cslab_sandbox::schema::{STAGE_SIZE, VIEW_MARGIN as MARGIN};
use cslab_sandbox::{MachineId, Network, Point};

/// The grid free spots are sought on, and how far apart two machines'
/// points must be for neither to cover the other.
pub const SPOT: (i64, i64) = (160, 150);
/// An arrow key moves a machine this far; with Shift, [`BIG_STEP`].
pub const STEP: i64 = 10;
pub const BIG_STEP: i64 = 80;

/// How much larger than it needs to be the stage's view may stay.
pub const VIEW_SLACK: i64 = 200;

/// The view the stage keeps while it is edited, given the one it kept and
/// the one its machines `need` ([`view_box`]): it grows at once to show
/// every machine, but shrinks only once it is more than [`VIEW_SLACK`] too
/// large. So nudging the farthest machine back and forth leaves the
/// drawing's `viewBox` alone: a new one makes the browser lay out and paint
/// every machine again (21 ms at 500 machines on the 2-core machine, where
/// moving one machine costs 0.2 ms).
pub fn steady_view(kept: (i64, i64), need: (i64, i64)) -> (i64, i64) {
    let steady = |kept: i64, need: i64| {
        if need > kept || kept - need > VIEW_SLACK {
            need
        } else {
            kept
        }
    };
    (steady(kept.0, need.0), steady(kept.1, need.1))
}

/// The stage point under a pointer at `(x, y)` pixels from the drawing's
/// top left, the drawing being `size` pixels and showing `view` from its
/// top left corner, scaled to fit (`preserveAspectRatio="xMinYMin meet"`).
pub fn stage_point(view: (i64, i64), size: (f64, f64), (x, y): (f64, f64)) -> Point {
    let scale = (view.0 as f64 / size.0.max(1.0)).max(view.1 as f64 / size.1.max(1.0));
    Point {
        x: clamp((x * scale).round() as i64),
        y: clamp((y * scale).round() as i64),
    }
}

fn clamp(value: i64) -> i64 {
    value.clamp(0, STAGE_SIZE)
}

/// Whether a machine at `point` would cover, or be covered by, one already
/// there.
fn is_free(net: &Network, point: Point) -> bool {
    (net.machines.iter())
        .all(|m| (m.at.x - point.x).abs() >= SPOT.0 || (m.at.y - point.y).abs() >= SPOT.1)
}

/// The first free spot, row by row, on a grid across `width` of the
/// stage: where a machine placed from the keyboard goes.
pub fn free_spot(net: &Network, width: i64) -> Point {
    let columns = ((width - MARGIN.0) / SPOT.0).max(1);
    (0..)
        .map(|i| Point {
            x: MARGIN.0 / 2 + 60 + (i % columns) * SPOT.0,
            y: MARGIN.1 / 2 + 60 + (i / columns) * SPOT.1,
        })
        .take_while(|point| point.y <= STAGE_SIZE)
        .find(|&point| is_free(net, point))
        .unwrap_or(Point {
            x: STAGE_SIZE / 2,
            y: STAGE_SIZE / 2,
        })
}

/// How far a machine's drawing reaches from its point: the lessons' node's
/// halo (`stage_node.rs`), 62 each side, 50 up and 72 down.
const REACH: (i64, i64, i64) = (62, 50, 72);

/// The machine drawn at `point`: the one on top (placed last) if several
/// overlap.
pub fn machine_at(net: &Network, point: Point) -> Option<MachineId> {
    (net.machines.iter().rev())
        .find(|m| {
            (m.at.x - point.x).abs() <= REACH.0
                && (m.at.y - REACH.1..=m.at.y + REACH.2).contains(&point.y)
        })
        .map(|m| m.id)
}

/// Where an arrow key moves a machine at `from` (`None` for another key).
pub fn nudged(from: Point, key: &str, big: bool) -> Option<Point> {
    let step = if big { BIG_STEP } else { STEP };
    let (dx, dy) = match key {
        "ArrowLeft" => (-step, 0),
        "ArrowRight" => (step, 0),
        "ArrowUp" => (0, -step),
        "ArrowDown" => (0, step),
        _ => return None,
    };
    Some(Point {
        x: clamp(from.x + dx),
        y: clamp(from.y + dy),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_sandbox::Kind;
    use cslab_sandbox::edit::Edit;

    fn with_machines_at(points: &[(i64, i64)]) -> Network {
        let mut net = Network::default();
        for &(x, y) in points {
            let machine = net.new_machine(Kind::Router, Point { x, y }, "R").unwrap();
            net.apply(&Edit::AddMachine(machine)).unwrap();
        }
        net
    }

    #[test]
    fn the_view_grows_with_the_machines_from_a_minimum() {
        assert_eq!(view_box(&Network::default()), MIN_VIEW);
        let net = with_machines_at(&[(2_000, 300)]);
        assert_eq!(view_box(&net), (2_140, 600));
        let net = with_machines_at(&[(STAGE_SIZE, STAGE_SIZE)]);
        assert_eq!(view_box(&net), (STAGE_SIZE, STAGE_SIZE));
    }

    #[test]
    fn the_kept_view_grows_at_once_and_shrinks_only_past_the_slack() {
        let kept = (2_000, 1_000);
        assert_eq!(steady_view(kept, (2_010, 1_000)), (2_010, 1_000));
        assert_eq!(
            steady_view(kept, (1_990, 1_000)),
            kept,
            "a step back keeps it"
        );
        assert_eq!(steady_view(kept, (2_000 - VIEW_SLACK, 900)), kept);
        assert_eq!(
            steady_view(kept, (1_700, 1_100)),
            (1_700, 1_100),
            "far too wide shrinks, too short grows"
        );
    }

    #[test]
    fn a_pointer_maps_to_the_stage_point_under_it() {
        // 1100 x 600 shown in 550 x 300 pixels: half size.
        let at = stage_point((1_100, 600), (550.0, 300.0), (100.0, 50.0));
        assert_eq!(at, Point { x: 200, y: 100 });
        // A wide drawing: the height decides the scale, the rest is blank
        // on the right.
        let at = stage_point((1_100, 600), (2_200.0, 600.0), (1_000.0, 300.0));
        assert_eq!(at, Point { x: 1_000, y: 300 });
        // Off the drawing: held to the stage.
        let at = stage_point((1_100, 600), (550.0, 300.0), (-10.0, 99_999.0));
        assert_eq!(
            at,
            Point {
                x: 0,
                y: STAGE_SIZE
            }
        );
    }

    #[test]
    fn a_free_spot_covers_no_machine() {
        let empty = Network::default();
        let first = free_spot(&empty, 1_100);
        assert_eq!(first, Point { x: 130, y: 120 });
        let net = with_machines_at(&[(first.x, first.y), (first.x + 170, first.y + 20)]);
        let spot = free_spot(&net, 1_100);
        assert!(is_free(&net, spot));
        // The machine off the grid covers the two grid points beside it.
        assert_eq!(
            spot,
            Point {
                x: first.x + 3 * SPOT.0,
                y: first.y
            }
        );
        // A full row: the next row down.
        let row: Vec<(i64, i64)> = (0..6).map(|i| (first.x + i * SPOT.0, first.y)).collect();
        let spot = free_spot(&with_machines_at(&row), 1_100);
        assert_eq!(
            spot,
            Point {
                x: first.x,
                y: first.y + SPOT.1
            }
        );
    }

    #[test]
    fn a_point_hits_the_machine_drawn_there_the_top_one_first() {
        let net = with_machines_at(&[(200, 200), (250, 200)]);
        let (under, top) = (MachineId(1), MachineId(2));
        assert_eq!(machine_at(&net, Point { x: 140, y: 200 }), Some(under));
        assert_eq!(machine_at(&net, Point { x: 220, y: 200 }), Some(top));
        // Its words hang below the point; above the icon is empty stage.
        assert_eq!(machine_at(&net, Point { x: 150, y: 270 }), Some(under));
        assert_eq!(machine_at(&net, Point { x: 200, y: 140 }), None);
        assert_eq!(machine_at(&net, Point { x: 400, y: 200 }), None);
    }

    #[test]
    fn arrows_move_a_step_or_with_shift_a_big_one_and_stay_on_the_stage() {
        let at = Point { x: 100, y: 100 };
        assert_eq!(
            nudged(at, "ArrowRight", false),
            Some(Point { x: 110, y: 100 })
        );
        assert_eq!(nudged(at, "ArrowUp", true), Some(Point { x: 100, y: 20 }));
        assert_eq!(nudged(at, "ArrowLeft", true), Some(Point { x: 20, y: 100 }));
        assert_eq!(
            nudged(Point { x: 5, y: 0 }, "ArrowLeft", true),
            Some(Point { x: 0, y: 0 })
        );
        assert_eq!(nudged(at, "a", false), None);
    }
}
