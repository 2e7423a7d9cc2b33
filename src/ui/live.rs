//! The lesson being played: its drawing and its clock, shared by the
//! components that show and drive it.

use std::cell::RefCell;
use std::rc::Rc;

use cslab_lessons::lesson::playback::Playback;
use cslab_lessons::lesson::settings::Settings;
use cslab_lessons::lesson::{Built, Lesson};
use cslab_scene::topology::Topology;

/// A lesson's topology and playback. Two handles are equal when they are the
/// same lesson run, so props that carry one compare cheaply.
#[derive(Clone)]
pub struct LiveLesson {
    pub topology: Rc<Topology>,
    pub playback: Rc<RefCell<Playback>>,
}

impl LiveLesson {
    /// The lesson's run and its playback: on its stage, or under a view of
    /// its own (with an empty topology).
    pub fn start(lesson: Lesson, settings: &Settings, seed: u64) -> LiveLesson {
        let (topology, playback) = lesson.playback(settings, seed);
        // The page asks the lesson's questions; a run without a learner
        // (the command line, tests) never waits on one.
        let playback = playback.with_questions(lesson.questions());
        LiveLesson {
            topology: Rc::new(topology),
            playback: Rc::new(RefCell::new(playback)),
        }
    }
}

impl LiveLesson {
    /// A sandbox network's run ([`cslab_lessons::sandbox::built`]), at
    /// speed stop `speed` ([`cslab_lessons::sandbox::start_speed`]).
    pub fn played((topology, run): Built, speed: usize) -> LiveLesson {
        LiveLesson {
            topology: Rc::new(topology),
            playback: Rc::new(RefCell::new(Playback::new(Some(run), speed))),
        }
    }

    /// Nothing on the stage and a clock over nothing, while the lesson's
    /// run is being prepared.
    pub fn waiting() -> LiveLesson {
        LiveLesson {
            topology: Rc::default(),
            playback: Rc::new(RefCell::new(Playback::new(None, 0))),
        }
    }
}

impl PartialEq for LiveLesson {
    fn eq(&self, other: &LiveLesson) -> bool {
        Rc::ptr_eq(&self.playback, &other.playback)
    }
}
