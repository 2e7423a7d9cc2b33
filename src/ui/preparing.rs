//! What the page shows while a lesson's run is being prepared (the login
//! lesson's password hashes, a million rounds each): what is being done and
//! how far it got, while the work goes on a slice per frame, so that the
//! page never stops drawing. When nothing is left, `on_done`.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::animation::{now_ms, use_animation_frames};
use super::progress_bar::progress_bar;
use cslab_lessons::lesson::prepare::Preparation;
use cslab_scene::i18n::{Lang, Tr};

/// Work done in one call, and the share of a frame the work may take.
const UNITS_PER_CALL: u32 = 500;
const FRAME_BUDGET_MS: f64 = 10.0;

/// The work under way, the same one as long as it is the same allocation.
#[derive(Clone)]
pub struct Shared(pub Rc<RefCell<Box<dyn Preparation>>>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Works `preparation` for a frame's share of time: true when nothing is
/// left.
pub fn work_a_frame(preparation: &mut dyn Preparation) -> bool {
    let start = now_ms();
    while now_ms() - start < FRAME_BUDGET_MS {
        if preparation.work(UNITS_PER_CALL) {
            return true;
        }
    }
    false
}

#[derive(Properties, PartialEq)]
pub struct PreparingProps {
    pub lang: Lang,
    pub preparation: Shared,
    pub on_done: Callback<()>,
}

#[function_component(Preparing)]
pub fn preparing(props: &PreparingProps) -> Html {
    let tr = Tr(props.lang);
    let done = use_state_eq(|| 0.0);
    let on_frame = use_callback(
        (
            props.preparation.clone(),
            props.on_done.clone(),
            done.setter(),
        ),
        |_, (preparation, on_done, done)| {
            let mut preparation = preparation.0.borrow_mut();
            if work_a_frame(preparation.as_mut()) {
                return on_done.emit(());
            }
            done.set(preparation.done());
        },
    );
    use_animation_frames(true, on_frame);
    let what = props.preparation.0.borrow().what_key();
    html! {
        <section class="stage preparing" aria-busy="true" aria-label={tr.t("stage-label")}>
            <p>{ tr.t(what) }</p>
            { progress_bar("", *done, tr.t("prepare-progress")) }
            <p class="hint">{ props.lang.percent(*done, 0) }</p>
        </section>
    }
}
