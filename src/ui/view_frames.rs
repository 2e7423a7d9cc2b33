//! The frame loop of a lesson told in a view of its own (the comparison,
//! gossip): each frame the view moves its playback on and draws the run on
//! its canvases; a few times a second it renders again (its text, its
//! charts) and the controls hear the clock.

use std::cell::Cell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::animation::{same_frame, use_animation_frames};
use super::live::LiveLesson;
use cslab_lessons::lesson::playback::{Playback, PlaybackStatus};

/// How often the view and the controls' clock are refreshed, in real
/// milliseconds.
const REFRESH_MS: f64 = 200.0;

/// A view's work in a frame: moving its playback on by the real
/// milliseconds since the last frame, then drawing it on its canvases.
pub type FrameWork = (fn(&mut Playback, f64), fn(&Playback, &[NodeRef]));

/// Calls `play` and `draw` every animation frame, then refreshes the view
/// and the controls every [`REFRESH_MS`]. A run whose clock, status and
/// canvases have not changed since it was drawn is not drawn again (paused,
/// or playing while its worker has not answered yet: 10,000 peers took 4 ms
/// to draw): the page's thread stays free for the rest of the page.
///
/// While the run plays, a refresh renders in a task of its own after the
/// frame, and the next frame, which lays the page out again, leaves its
/// canvases as they are: drawing 10,000 peers, rendering the view and
/// laying it out in one frame held the 2-core machine's main thread for
/// 17 ms (a Chromium trace), each alone for under 7 ms.
#[hook]
pub fn use_view_frames(
    live: LiveLesson,
    on_status: Callback<PlaybackStatus>,
    canvases: Vec<NodeRef>,
    work: FrameWork,
) {
    let (play, draw) = work;
    let refresh = use_force_update();
    let since_refresh = use_mut_ref(|| 0.0);
    let drawn = use_mut_ref(|| None);
    let laying_out = use_mut_ref(|| Rc::new(Cell::new(false)));
    let rendering = use_mut_ref(|| None::<Timeout>);
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
            play(&mut playback, real_ms);
            let laying_out = laying_out.borrow().clone();
            let after = (still.0, (playback.status(), still.1.1));
            // A clock still waiting on a worker's frame: nothing new to draw.
            let changed = !same_frame(&drawn.borrow(), &after);
            if !(status.playing && laying_out.replace(false)) && changed {
                draw(&playback, canvases);
                *drawn.borrow_mut() = Some(after);
            }
            let mut since = since_refresh.borrow_mut();
            *since += real_ms;
            let status = playback.status();
            // Paused, the view is drawn once: its words too, at once.
            if !status.playing {
                *since = 0.0;
                on_status.emit(status);
                refresh.force_update();
            } else if *since >= REFRESH_MS {
                *since = 0.0;
                let (on_status, refresh) = (on_status.clone(), refresh.clone());
                *rendering.borrow_mut() = Some(Timeout::new(0, move || {
                    on_status.emit(status);
                    refresh.force_update();
                    laying_out.set(true);
                }));
            }
        },
    );
    use_animation_frames(true, on_frame);
}
