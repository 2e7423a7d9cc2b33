//! The app shell: header, notices, the stage with its controls, and the side
//! panel. It owns the state; everything below it gets props and a dispatcher.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::compare_view::CompareView;
use super::controls::Controls;
use super::gossip_view::GossipView;
use super::header::{Header, share_button};
use super::live::LiveLesson;
use super::load_charts::LoadCharts;
use super::notices::Notices;
use super::panels::Panels;
use super::preparing::{Preparing, Shared};
use super::sandbox::SandboxPage;
use super::sequence_view::SequenceView;
use super::share::Setup;
use super::share_dialog::ShareDialog;
use super::shortcuts::ShortcutHelp;
use super::side_panel::SidePanel;
use super::stage::Stage;
use super::stage_description::stage_description;
use super::state::{Action, State, View};
use super::step_caption::StepCaption;
use super::sweep_chart::SweepChart;
use super::url_params::Notice;
use cslab_lessons::lesson::settings::Settings;
use cslab_lessons::lesson::under_load::DURATION_S;
use cslab_lessons::lesson::{Lesson, LessonView};
use cslab_scene::i18n::{Lang, Tr};

#[derive(Properties, PartialEq, Clone, Debug)]
pub struct AppProps {
    pub lang: Lang,
    #[prop_or_default]
    pub lesson: Lesson,
    /// `?lesson=sandbox`: the sandbox opens instead of `lesson`.
    #[prop_or_default]
    pub sandbox: bool,
    pub embed: bool,
    /// The run stops at each step of the story (`?pause-at-steps=0` not).
    #[prop_or(true)]
    pub pause_at_steps: bool,
    pub notices: Vec<Notice>,
    /// This page without `embed`, for the "open the full app" link.
    pub full_app_href: AttrValue,
    #[prop_or_default]
    pub debug_panic: bool,
    /// Every lesson's settings, from the address.
    #[prop_or_default]
    pub settings: Settings,
    /// Each run plays at once (`?autoplay=0`: it waits for Play).
    #[prop_or(true)]
    pub autoplay: bool,
    /// The panels beside the stage that show (`?panels=`).
    #[prop_or_default]
    pub panels: Panels,
    /// The app's address without its query, for the links it shares.
    #[prop_or_default]
    pub page: AttrValue,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(|| {
        let mut state = State::new(props.lang, props.lesson, props.notices.clone());
        state.settings = props.settings;
        state.sandbox = props.sandbox;
        state.pause_at_steps = props.pause_at_steps;
        state
    });
    let dispatch = state.dispatcher();
    // A run that needs long computing first (the login's password hashes)
    // gets it done a slice per frame; it is built once nothing is left.
    let prepared = use_state(|| 0u32);
    let preparation = use_memo(
        (state.lesson, state.settings, *prepared),
        |(lesson, settings, _)| {
            (lesson.preparation(settings))
                .map(|preparation| Shared(Rc::new(RefCell::new(preparation))))
        },
    );
    let waiting = preparation.is_some();
    let on_prepared = use_callback(prepared.clone(), |(), prepared| {
        prepared.set(**prepared + 1)
    });
    // A new lesson is a new run: its own topology and clock.
    // The sandbox runs no lesson: nothing plays under it.
    let live = use_memo(
        (
            state.lesson,
            state.settings,
            state.seed,
            waiting || state.sandbox,
        ),
        |(lesson, settings, seed, waiting)| match waiting {
            true => LiveLesson::waiting(),
            false => LiveLesson::start(*lesson, settings, *seed),
        },
    );
    // The sandbox's network while it plays: the clock, the keys and the
    // course page's events follow it as they follow a lesson's run.
    let sandbox_run = use_state(|| None::<LiveLesson>);
    let on_sandbox_run = use_callback(sandbox_run.clone(), |run, sandbox_run| sandbox_run.set(run));
    let live = match (state.sandbox, &*sandbox_run) {
        (true, Some(run)) => run.clone(),
        _ => (*live).clone(),
    };
    // What only a lesson on the stage has: its machines, packets, events.
    let stage_live =
        (!waiting && matches!(state.lesson.view(), LessonView::Stage { .. })).then(|| live.clone());
    let on_status = use_callback(dispatch.clone(), |status, dispatch| {
        dispatch.dispatch(Action::Sync(status))
    });
    let on_restart = use_callback(dispatch.clone(), |(), dispatch| {
        dispatch.dispatch(Action::Restart)
    });
    let on_help = use_callback(dispatch.clone(), |(), dispatch| {
        dispatch.dispatch(Action::ToggleHelp)
    });
    // A new run, or the switch turned: the clock stops at the story's steps
    // or not, and the controls show its status.
    use_effect_with((live.clone(), state.pause_at_steps), {
        let on_status = on_status.clone();
        move |(live, pause_at_steps): &(LiveLesson, bool)| {
            let mut playback = live.playback.borrow_mut();
            playback.set_pause_at_steps(*pause_at_steps);
            on_status.emit(playback.status())
        }
    });

    // `?autoplay=0`: each new run waits for Play.
    use_effect_with(live.clone(), {
        let (autoplay, on_status) = (props.autoplay, on_status.clone());
        move |live: &LiveLesson| {
            if !autoplay {
                let mut playback = live.playback.borrow_mut();
                playback.set_playing(false);
                on_status.emit(playback.status());
            }
        }
    });

    #[cfg(target_arch = "wasm32")]
    {
        super::course_api::browser::use_course_events(
            live.clone(),
            state.lesson,
            state.lesson.plot(&state.settings),
            state.lang,
            state.status.now,
            !waiting,
        );
        super::course_api::browser::use_course_commands(
            live.clone(),
            on_status.clone(),
            dispatch.clone(),
        );
        super::shortcuts::listener::use_shortcuts(
            live.clone(),
            on_status.clone(),
            dispatch.clone(),
        );
        // The address always names the lesson on screen, so a reload or a
        // shared link opens it.
        use_effect_with((state.lesson, state.sandbox), |(lesson, sandbox)| {
            let code = match sandbox {
                true => super::lesson_picker::SANDBOX,
                false => lesson.code(),
            };
            super::browser::show_query(&["lesson"], &[("lesson", code.to_string())]);
        });
        // Every lesson's settings, as far as they differ from the defaults,
        // so the address opens the lesson as it is set up.
        use_effect_with(state.settings, |settings| {
            super::browser::show_query(&Settings::names(), &settings.to_query());
        });
        use_effect_with(state.pause_at_steps, |&on| {
            let off = (!on).then(|| ("pause-at-steps", "0".to_string()));
            super::browser::show_query(&["pause-at-steps"], &Vec::from_iter(off));
        });
        let language_changed = use_mut_ref(|| false);
        use_effect_with(state.lang, move |&lang| {
            super::browser::show_language(lang, *language_changed.borrow());
            *language_changed.borrow_mut() = true;
        });
    }

    let debug_panic = props.debug_panic;
    use_effect_with((), move |_| {
        if debug_panic {
            panic!("debug=panic asked for a deliberate failure");
        }
    });

    let on_dismiss = {
        let dispatch = dispatch.clone();
        Callback::from(move |()| dispatch.dispatch(Action::DismissNotices))
    };
    let tr = Tr(state.lang);
    let panels = props.panels;
    let show_share = |open: bool| {
        let dispatch = dispatch.clone();
        Callback::from(move |()| dispatch.dispatch(Action::ShowShare(open)))
    };
    let on_share = use_memo((), |_| show_share(true));
    let setup = Setup {
        lang: state.lang,
        lesson: state.lesson,
        settings: state.settings,
        autoplay: props.autoplay,
        pause_at_steps: state.pause_at_steps,
        panels,
    };
    // The same controls in every lesson, under its stage or its view.
    let controls = html! {
        <>
            <StepCaption lang={state.lang} lesson={state.lesson} settings={state.settings} live={live.clone()}
                         status={state.status} on_status={on_status.clone()} dispatch={dispatch.clone()} />
            <Controls lang={state.lang} status={state.status} live={live.clone()}
                      on_status={on_status.clone()} on_help={on_help.clone()} on_restart={on_restart.clone()} restarted={state.restarted} />
            if state.help_open {
                <ShortcutHelp lang={state.lang} dispatch={dispatch.clone()} />
            }
        </>
    };
    html! {
        <div class={classes!("app", props.embed.then_some("embed"))}>
            if !props.embed {
                <Header lang={state.lang} dispatch={dispatch.clone()} on_share={(*on_share).clone()} />
            }
            <Notices lang={state.lang} notices={state.notices.clone()} {on_dismiss} />
            if state.sandbox {
                <main class="workspace sandbox-workspace">
                    <SandboxPage lang={state.lang} dispatch={dispatch.clone()} on_run={on_sandbox_run}
                                 live={(*sandbox_run).clone()} status={state.status} selected={state.selected}
                                 packet={state.packet} view={state.view} on_status={on_status.clone()} seed={state.seed}
                                 page={props.page.clone()}>
                        <Controls lang={state.lang} status={state.status} live={live.clone()} on_status={on_status.clone()}
                                  on_help={on_help.clone()} on_restart={on_restart.clone()} restarted={false} />
                    </SandboxPage>
                </main>
            } else {
            <main class={classes!("workspace", (!panels.any()).then_some("stage-only"))}>
                if let Some(preparation) = &*preparation {
                    <div class="stage-column">
                        <Preparing lang={state.lang} preparation={preparation.clone()} on_done={on_prepared} />
                    </div>
                } else if let Some(live) = &stage_live {
                    <div class="stage-column">
                        if panels.events {
                            { view_tabs(tr, state.view, &dispatch) }
                        }
                        // The network stays mounted under the sequence view: its
                        // frame loop is what moves the clock.
                        <Stage lang={state.lang} live={live.clone()} legend={state.lesson.legend(&state.settings)} selected={state.selected}
                               dispatch={dispatch.clone()} on_status={on_status.clone()} hidden={state.view != View::Network}
                               gauge={state.lesson.server_gauge(&state.settings)} now={state.status.now} />
                        { stage_description(tr, state.lesson, &state.settings, live, state.status.now) }
                        if state.view == View::Sequence {
                            <SequenceView lang={state.lang} live={live.clone()} now={state.status.now} packet={state.packet}
                                          dispatch={dispatch.clone()} />
                        }
                        { controls }
                        if state.lesson.view() == (LessonView::Stage { load_charts: true }) {
                            <LoadCharts lang={state.lang} live={live.clone()} now={state.status.now} duration_s={DURATION_S} />
                            <SweepChart key={format!("{:?}", state.settings.load)} lang={state.lang} load={state.settings.load} />
                        }
                    </div>
                } else if state.lesson.view() == LessonView::Gossip {
                    <GossipView key={format!("{:?}", state.settings.gossip)} lang={state.lang} settings={state.settings.gossip}
                                live={live.clone()} on_status={on_status.clone()}>{ controls }</GossipView>
                } else {
                    <CompareView key={format!("{:?}", state.settings.compare)} lang={state.lang} settings={state.settings.compare}
                                 live={live.clone()} on_status={on_status.clone()}>{ controls }</CompareView>
                }
                if panels.any() {
                    <SidePanel lang={state.lang} lesson={state.lesson} settings={state.settings} seed={state.seed} live={stage_live.clone()} now={state.status.now}
                               selected={state.selected} packet={state.packet} dispatch={dispatch.clone()} {panels} />
                }
            </main>
            }
            if props.embed {
                <div class="embed-corner">
                    { share_button(tr, &on_share) }
                    <a class="open-full" href={props.full_app_href.clone()} target="_blank" rel="noopener">
                        { tr.t("open-full-app") }<span aria-hidden="true">{ " ↗" }</span>
                    </a>
                </div>
            }
            // An `if`, not a `for` over an Option: it keeps its place among
            // the children whether open or not, so opening it does not
            // rebuild the page around it.
            if state.share_open {
                <ShareDialog lang={state.lang} {setup} page={props.page.clone()} on_close={show_share(false)} />
            }
        </div>
    }
}

/// The switch between the network and the sequence chart.
pub fn view_tabs(tr: Tr, current: View, dispatch: &UseReducerDispatcher<State>) -> Html {
    let tab = |view: View, key: &str| {
        let dispatch = dispatch.clone();
        html! {
            <button type="button" role="tab" aria-selected={(view == current).to_string()}
                    onclick={move |_| dispatch.dispatch(Action::SetView(view))}>
                { tr.t(key) }
            </button>
        }
    };
    html! {
        <div class="view-tabs" role="tablist" aria-label={tr.t("view-label")}>
            { tab(View::Network, "view-network") }
            { tab(View::Sequence, "view-sequence") }
        </div>
    }
}
