//! The app shell: header, notices, the stage with its controls, and the side
//! panel. It owns the state; everything below it gets props and a dispatcher.

use yew::prelude::*;

use super::animation::use_animation_frames;
use super::controls::Controls;
use super::header::Header;
use super::notices::Notices;
use super::side_panel::SidePanel;
use super::stage::Stage;
use super::state::{Action, State};
use super::url_params::Notice;
use crate::i18n::{Lang, Tr};
use crate::scenario::lessons::web_page_topology;

#[derive(Properties, PartialEq, Clone, Debug)]
pub struct AppProps {
    pub lang: Lang,
    pub embed: bool,
    pub notices: Vec<Notice>,
    /// This page without `embed`, for the "open the full app" link.
    pub full_app_href: AttrValue,
    #[prop_or_default]
    pub debug_panic: bool,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(|| State::new(props.lang, props.notices.clone()));
    let topology = use_memo((), |_| web_page_topology());
    let dispatch = state.dispatcher();

    let on_frame = {
        let dispatch = dispatch.clone();
        Callback::from(move |real_ms| dispatch.dispatch(Action::Frame(real_ms)))
    };
    use_animation_frames(state.playing, on_frame);

    #[cfg(target_arch = "wasm32")]
    {
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
    html! {
        <div class={classes!("app", props.embed.then_some("embed"))}>
            if !props.embed {
                <Header lang={state.lang} dispatch={dispatch.clone()} />
            }
            <Notices lang={state.lang} notices={state.notices.clone()} {on_dismiss} />
            <main class="workspace">
                <div class="stage-column">
                    <Stage lang={state.lang} topology={topology.clone()} selected={state.selected}
                           dispatch={dispatch.clone()} />
                    <Controls lang={state.lang} playing={state.playing} speed={state.speed} now={state.now}
                              dispatch={dispatch.clone()} />
                </div>
                <SidePanel lang={state.lang} topology={topology.clone()} selected={state.selected} />
            </main>
            if props.embed {
                <a class="open-full" href={props.full_app_href.clone()} target="_blank" rel="noopener">
                    { tr.t("open-full-app") }<span aria-hidden="true">{ " ↗" }</span>
                </a>
            }
        </div>
    }
}
