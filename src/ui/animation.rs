//! A `requestAnimationFrame` loop as a hook: while `active`, `on_frame` gets
//! the real milliseconds since the previous frame. The pending frame's handle
//! lives in the effect and is dropped (cancelled) by its cleanup. The loop
//! restarts when `on_frame` changes, so build it with `use_callback`.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use cslab_lessons::lesson::playback::Playback;
use gloo::render::{AnimationFrame, request_animation_frame};
use yew::prelude::*;

/// One run of the loop: its pending frame, and whether its effect has been
/// cleaned up. A frame's callback can itself cause the cleanup (it changes
/// state, the component re-renders with a new `on_frame`); the flag stops
/// that frame from asking for another, so two loops never run at once.
#[derive(Default)]
struct Loop {
    frame: Option<AnimationFrame>,
    stopped: bool,
}

type Slot = Rc<RefCell<Loop>>;

#[hook]
pub fn use_animation_frames(active: bool, on_frame: Callback<f64>) {
    use_effect_with((active, on_frame), move |(active, on_frame)| {
        let slot: Slot = Rc::default();
        if *active {
            request_next(slot.clone(), on_frame.clone(), None);
        }
        move || {
            let mut run = slot.borrow_mut();
            run.stopped = true;
            drop(run.frame.take());
        }
    });
}

fn request_next(slot: Slot, on_frame: Callback<f64>, previous: Option<f64>) {
    let next_slot = slot.clone();
    let handle = request_animation_frame(move |now| {
        if let Some(previous) = previous {
            on_frame.emit(now - previous);
        }
        if !next_slot.borrow().stopped {
            request_next(next_slot, on_frame, Some(now));
        }
    });
    slot.borrow_mut().frame = Some(handle);
}

/// Milliseconds from the page's high-resolution clock (`std::time` has none
/// on wasm32), for work measured against a frame's budget.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

/// Whether `frame` is the one `drawn` (the same run's, by its playback: a
/// `Weak` holds its address, so no new run can take it).
pub fn same_frame<T: PartialEq>(
    drawn: &Option<(Weak<RefCell<Playback>>, T)>,
    frame: &(Weak<RefCell<Playback>>, T),
) -> bool {
    drawn
        .as_ref()
        .is_some_and(|(run, key)| run.ptr_eq(&frame.0) && *key == frame.1)
}
