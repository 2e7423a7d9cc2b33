//! The lesson being played: its drawing and its clock, shared by the
//! components that show and drive it.

use std::cell::RefCell;
use std::rc::Rc;

use cslab_lessons::lesson::Lesson;
use cslab_lessons::lesson::playback::Playback;
use cslab_lessons::lesson::settings::Settings;
use cslab_scene::topology::Topology;

/// A lesson's topology and playback. Two handles are equal when they are the
/// same lesson run, so props that carry one compare cheaply.
#[derive(Clone)]
pub struct LiveLesson {
    pub topology: Rc<Topology>,
    pub playback: Rc<RefCell<Playback>>,
}

impl LiveLesson {
    /// The lesson's run on its stage (none for a lesson without a stage).
    pub fn start(lesson: Lesson, settings: &Settings, seed: u64) -> Option<LiveLesson> {
        let (topology, run) = lesson.build(settings, seed)?;
        Some(LiveLesson {
            topology: Rc::new(topology),
            playback: Rc::new(RefCell::new(
                Playback::new(Some(run), lesson.default_speed()).with_plot(lesson.plot(settings)),
            )),
        })
    }
}

impl PartialEq for LiveLesson {
    fn eq(&self, other: &LiveLesson) -> bool {
        Rc::ptr_eq(&self.playback, &other.playback)
    }
}
