//! Zooming the stage: on a phone the whole network is a few centimetres
//! wide and the machines' names about 5 px tall (review E). Buttons and a
//! two-finger pinch make the drawing larger inside a window that scrolls, so
//! one finger pans it as it pans any page (`touch-action: pan-x pan-y` leaves
//! the pinch to us and the panning to the browser).

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{Element, TouchEvent};
use yew::prelude::*;

use cslab_scene::i18n::{Lang, Tr};

/// The drawing's width and height, in percent of the window: the classes
/// `zoom-0` … `zoom-3` of styles/app.css. At 250 % on a 390 px phone a
/// machine's name is about 15 px tall.
pub const LEVELS: [u32; 4] = [100, 150, 200, 250];

/// How far two fingers must spread (or close) to go up (or down) a level.
const PINCH_STEP: f64 = 1.3;

/// The stage's zoom: its level, a change by a number of levels, and the
/// pinch's touch handlers, for the window `viewport`.
pub struct Zoom {
    pub level: usize,
    pub change: Callback<i32>,
    pub on_touch_move: Callback<TouchEvent>,
    pub on_touch_end: Callback<TouchEvent>,
}

/// A zoom level, changed a number of levels at a time within `LEVELS`: a
/// reducer, so two changes a pinch asks for before a render both count.
#[derive(PartialEq)]
struct Level(usize);

impl Reducible for Level {
    type Action = i32;

    fn reduce(self: Rc<Self>, by: i32) -> Rc<Self> {
        let next = (self.0 as i32 + by).clamp(0, LEVELS.len() as i32 - 1);
        Rc::new(Level(next as usize))
    }
}

#[hook]
pub fn use_zoom(viewport: NodeRef) -> Zoom {
    let level = use_reducer_eq(|| Level(0));
    // Where the window's centre was, as fractions of the drawing, so a zoom
    // keeps in view what the learner was looking at.
    let centre = use_mut_ref(|| (0.5, 0.5));
    let change = {
        let (level, centre, viewport) = (level.dispatcher(), centre.clone(), viewport.clone());
        Callback::from(move |by: i32| {
            if let Some(window) = viewport.cast::<Element>() {
                *centre.borrow_mut() = centre_of(&window);
            }
            level.dispatch(by);
        })
    };
    use_effect_with((level.0, viewport), move |(_, viewport)| {
        if let Some(window) = viewport.cast::<Element>() {
            let (x, y) = *centre.borrow();
            window.set_scroll_left(
                (x * window.scroll_width() as f64 - window.client_width() as f64 / 2.0) as i32,
            );
            window.set_scroll_top(
                (y * window.scroll_height() as f64 - window.client_height() as f64 / 2.0) as i32,
            );
        }
    });
    let spread_at_start = use_mut_ref(|| None);
    let (on_touch_move, on_touch_end) = pinch(change.clone(), spread_at_start);
    Zoom {
        level: level.0,
        change,
        on_touch_move,
        on_touch_end,
    }
}

fn centre_of(window: &Element) -> (f64, f64) {
    let fraction = |scroll: i32, seen: i32, whole: i32| {
        (scroll as f64 + seen as f64 / 2.0) / (whole.max(1) as f64)
    };
    (
        fraction(
            window.scroll_left(),
            window.client_width(),
            window.scroll_width(),
        ),
        fraction(
            window.scroll_top(),
            window.client_height(),
            window.scroll_height(),
        ),
    )
}

/// Two fingers that spread by `PINCH_STEP` zoom in a level, and start
/// measuring again from there; closing by as much zooms out.
/// `start` is the spread the fingers are measured from, kept across renders.
fn pinch(
    change: Callback<i32>,
    start: Rc<RefCell<Option<f64>>>,
) -> (Callback<TouchEvent>, Callback<TouchEvent>) {
    let on_move = {
        let start = start.clone();
        Callback::from(move |event: TouchEvent| {
            let spread = spread(&event);
            let mut start = start.borrow_mut();
            let (Some(spread), Some(from)) = (spread, *start) else {
                *start = spread;
                return;
            };
            let by = if spread >= from * PINCH_STEP {
                1
            } else if spread * PINCH_STEP <= from {
                -1
            } else {
                return;
            };
            *start = Some(spread);
            drop(start);
            change.emit(by);
        })
    };
    let on_end = Callback::from(move |_: TouchEvent| *start.borrow_mut() = None);
    (on_move, on_end)
}

/// The distance between the first two fingers on the screen, if two are.
fn spread(event: &TouchEvent) -> Option<f64> {
    let touches = event.touches();
    let (a, b) = (touches.get(0)?, touches.get(1)?);
    let (dx, dy) = (
        (a.client_x() - b.client_x()) as f64,
        (a.client_y() - b.client_y()) as f64,
    );
    Some((dx * dx + dy * dy).sqrt())
}

/// The two buttons in the stage's corner.
pub fn zoom_buttons(lang: Lang, level: usize, change: &Callback<i32>) -> Html {
    let tr = Tr(lang);
    let button = |by: i32, key: &'static str, glyph: &'static str, enabled: bool| {
        let change = change.clone();
        html! {
            <button type="button" aria-label={tr.t(key)} title={tr.t(key)} disabled={!enabled}
                    onclick={move |_| change.emit(by)}>{ glyph }</button>
        }
    };
    html! {
        <div class="zoom" role="group" aria-label={tr.t("zoom-label")}>
            { button(-1, "zoom-out", "−", level > 0) }
            { button(1, "zoom-in", "+", level + 1 < LEVELS.len()) }
        </div>
    }
}
