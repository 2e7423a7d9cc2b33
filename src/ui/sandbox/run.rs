//! The sandbox's network playing: the lessons' stage, sequence view,
//! controls, event list and inspector over its run
//! ([`cslab_lessons::sandbox::built`]), and its [`charts`] under the
//! controls.

pub mod charts;

use yew::prelude::*;

use crate::ui::app::view_tabs;
use crate::ui::event_list::EventList;
use crate::ui::inspector::Inspector;
use crate::ui::live::LiveLesson;
use crate::ui::sequence_view::SequenceView;
use crate::ui::stage::Stage;
use crate::ui::state::{State, View};
use cslab_lessons::lesson::playback::PlaybackStatus;
use cslab_scene::i18n::{Lang, Tr};
use cslab_scene::kind::PacketKind;

/// What a run shows, from the app's state.
pub struct Shown<'a> {
    pub lang: Lang,
    pub live: &'a LiveLesson,
    pub status: PlaybackStatus,
    pub selected: Option<usize>,
    pub packet: Option<u64>,
    pub view: View,
    pub dispatch: &'a UseReducerDispatcher<State>,
    pub on_status: &'a Callback<PlaybackStatus>,
}

/// The run, laid out as a lesson's: the stage column with `controls` and
/// the charts under it, the event list and the inspector beside it.
pub fn run_view(shown: Shown, controls: Html) -> Html {
    let Shown {
        lang,
        live,
        status,
        selected,
        packet,
        view,
        dispatch,
        on_status,
    } = shown;
    let now = status.now;
    html! {
        <div class="sandbox-run">
            <div class="stage-column">
                { view_tabs(Tr(lang), view, dispatch) }
                <Stage {lang} live={live.clone()} legend={(PacketKind::ALL.as_slice(), false)} {selected}
                       dispatch={dispatch.clone()} on_status={on_status.clone()} hidden={view != View::Network}
                       gauge={None::<(u32, u32)>} {now} />
                if view == View::Sequence {
                    <SequenceView {lang} live={live.clone()} {now} {packet} dispatch={dispatch.clone()} />
                }
                { controls }
                { charts::run_charts(lang, live, now) }
            </div>
            <aside class="side-panel">
                <EventList {lang} live={live.clone()} {now} {packet} dispatch={dispatch.clone()}
                           file_name={AttrValue::from("sandbox")} />
                if let Some(pkt) = packet {
                    <Inspector {lang} live={live.clone()} {pkt} dispatch={dispatch.clone()} />
                }
            </aside>
        </div>
    }
}
