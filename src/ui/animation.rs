//! A `requestAnimationFrame` loop as a hook: while `active`, `on_frame` gets
//! the real milliseconds since the previous frame. The pending frame's handle
//! lives in the effect and is dropped (cancelled) by its cleanup. The loop
//! restarts when `on_frame` changes, so build it with `use_callback`.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{AnimationFrame, request_animation_frame};
use yew::prelude::*;

type Slot = Rc<RefCell<Option<AnimationFrame>>>;

#[hook]
pub fn use_animation_frames(active: bool, on_frame: Callback<f64>) {
    use_effect_with((active, on_frame), move |(active, on_frame)| {
        let slot: Slot = Rc::default();
        if *active {
            request_next(slot.clone(), on_frame.clone(), None);
        }
        move || drop(slot.borrow_mut().take())
    });
}

fn request_next(slot: Slot, on_frame: Callback<f64>, previous: Option<f64>) {
    let next_slot = slot.clone();
    let handle = request_animation_frame(move |now| {
        if let Some(previous) = previous {
            on_frame.emit(now - previous);
        }
        request_next(next_slot, on_frame, Some(now));
    });
    *slot.borrow_mut() = Some(handle);
}
