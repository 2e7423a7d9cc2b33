//! The frame loop of a lesson told in a view of its own (the comparison,
//! gossip): each frame the view moves its playback on and draws the run on
//! its canvases; a few times a second it renders again (its text, its
//! charts) and the controls hear the clock.

use std::rc::Rc;

use yew::prelude::*;

use super::animation::{same_frame, use_animation_frames};
use super::live::LiveLesson;
use cslab_lessons::lesson::playback::{Playback, PlaybackStatus};

/// How often the view and the controls' clock are refreshed, in real
/// milliseconds.
const REFRESH_MS: f64 = 200.0;

/// Calls `frame(playback, canvases, real_ms)` every animation frame, then
/// refreshes the view and the controls every [`REFRESH_MS`]. A paused run
/// whose clock and canvases have not changed since it was drawn is not
/// drawn again: the page's thread stays free for the rest of the page.
#[hook]
pub fn use_view_frames(
    live: LiveLesson,
    on_status: Callback<PlaybackStatus>,
    canvases: Vec<NodeRef>,
    frame: fn(&mut Playback, &[NodeRef], f64),
) {
    let refresh = use_force_update();
    let since_refresh = use_mut_ref(|| 0.0);
    let drawn = use_mut_ref(|| None);
    let on_frame = use_callback(
        (live, on_status, canvases),
        move |real_ms: f64, (live, on_status, canvases)| {
            let mut playback = live.playback.borrow_mut();
            let sizes: Vec<_> = (canvases.iter())
                .filter_map(|canvas| canvas.cast::<web_sys::Element>())
                .map(|canvas| (canvas.client_width(), canvas.client_height()))
                .collect();
            let status = playback.status();
            let still = (Rc::downgrade(&live.playback), (status, sizes));
            // A clock waiting on a worker's frame looks still, but is not.
            let waiting = playback.catching_up();
            if !status.playing && !waiting && same_frame(&drawn.borrow(), &still) {
                return;
            }
            frame(&mut playback, canvases, real_ms);
            *drawn.borrow_mut() = Some(still);
            let mut since = since_refresh.borrow_mut();
            *since += real_ms;
            // Paused, the view is drawn once: its words too.
            if *since >= REFRESH_MS || !playback.status().playing {
                *since = 0.0;
                on_status.emit(playback.status());
                refresh.force_update();
            }
        },
    );
    use_animation_frames(true, on_frame);
}
