//! The switch of "The server says no": whose server it is, and so how it
//! refuses (dropped SYNs, RST, or HTTP 503).

use yew::prelude::*;

use super::fields::select_field;
use super::state::{Action, State};
use cslab_lessons::lesson::server_says_no::{Refusal, RefusalSettings};
use cslab_scene::i18n::{Lang, Tr};

#[derive(Properties, PartialEq)]
pub struct RefusalSettingsProps {
    pub lang: Lang,
    pub refusal: RefusalSettings,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(RefusalSettingsCard)]
pub fn refusal_settings_card(props: &RefusalSettingsProps) -> Html {
    let tr = Tr(props.lang);
    let current = props.refusal.refusal;
    let choices = Refusal::ALL
        .iter()
        .map(|&refusal| (tr.t(refusal.label_key()), refusal == current))
        .collect();
    let on_pick = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |index: usize| {
            dispatch.dispatch(Action::SetRefusal(RefusalSettings {
                refusal: Refusal::ALL[index],
            }))
        })
    };
    html! {
        <section class="card settings" aria-labelledby="refusal-settings-heading">
            <h2 id="refusal-settings-heading">{ tr.t("settings-title") }</h2>
            { select_field(tr.t("setting-refusal"), choices, on_pick) }
        </section>
    }
}
