//! The settings of "What others can see": HTTPS and DNS over HTTPS on or
//! off, whose view to take, and what that observer has learnt by the
//! clock (read from the packets that reached it).

use yew::prelude::*;

use super::fields::{check_field, select_field};
use super::live::LiveLesson;
use super::state::{Action, State};
use cslab_lessons::lesson::privacy::{
    Findings, Observer, PrivacyRun, PrivacySettings, observer_label_key, observer_post_key,
};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::time::SimTime;

#[derive(Properties, PartialEq)]
pub struct PrivacySettingsProps {
    pub lang: Lang,
    pub privacy: PrivacySettings,
    pub live: LiveLesson,
    pub now: SimTime,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(PrivacySettingsCard)]
pub fn privacy_settings_card(props: &PrivacySettingsProps) -> Html {
    let tr = Tr(props.lang);
    let current = props.privacy;
    let set = {
        let dispatch = props.dispatch.clone();
        move |privacy: PrivacySettings| dispatch.dispatch(Action::SetPrivacy(privacy))
    };
    let observers = Observer::ALL
        .iter()
        .map(|&observer| {
            (
                tr.t(observer_label_key(observer)),
                observer == current.observer,
            )
        })
        .collect();
    let on_observer = {
        let set = set.clone();
        Callback::from(move |index: usize| {
            set(PrivacySettings {
                observer: Observer::ALL[index],
                ..current
            })
        })
    };
    let on_https = {
        let set = set.clone();
        Callback::from(move |https: bool| set(PrivacySettings { https, ..current }))
    };
    let on_doh = Callback::from(move |doh: bool| set(PrivacySettings { doh, ..current }));
    let learnt = {
        let playback = props.live.playback.borrow();
        playback
            .run()
            .and_then(|run| run.as_any().downcast_ref::<PrivacyRun>())
            .map(|run| run.findings(current.observer, props.now))
            .unwrap_or_default()
    };
    let observer = tr.t(observer_label_key(current.observer));
    html! {
        <section class="card settings" aria-labelledby="privacy-settings-heading">
            <h2 id="privacy-settings-heading">{ tr.t("settings-title") }</h2>
            { select_field(tr.t("setting-observer"), observers, on_observer) }
            { check_field(tr.t("setting-https"), current.https, on_https) }
            { check_field(tr.t("setting-doh"), current.doh, on_doh) }
            <p class="hint">{ tr.t(observer_post_key(current.observer)) }</p>
            <h3>{ tr.t_args("privacy-learnt-title", &[("observer", &observer)]) }</h3>
            { learnt_list(tr, &learnt) }
        </section>
    }
}

/// What was learnt, by kind; "nothing" where the list is empty.
fn learnt_list(tr: Tr, learnt: &Findings) -> Html {
    let kinds = [
        ("privacy-names", &learnt.names),
        ("privacy-addresses", &learnt.addresses),
        ("privacy-server-names", &learnt.server_names),
        ("privacy-requests", &learnt.requests),
        ("privacy-content", &learnt.content),
    ];
    html! {
        <dl class="learnt">
            { for kinds.into_iter().map(|(key, items)| html! {
                <>
                    <dt>{ tr.t(key) }</dt>
                    if items.is_empty() {
                        <dd class="none">{ tr.t("privacy-none") }</dd>
                    } else {
                        { for items.iter().map(|item| html! { <dd><code>{ item.clone() }</code></dd> }) }
                    }
                </>
            }) }
        </dl>
    }
}
