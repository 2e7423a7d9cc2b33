//! The settings of "Who are you, and what may you do?": a session cookie or
//! a bearer token, HTTPS on or off, and how many times Alice mistypes her
//! password.

use yew::prelude::*;

use super::fields::{check_field, select_field};
use super::state::{Action, State};
use cslab_lessons::lesson::login::{AUTHS, LoginSettings, TYPO_CHOICES, auth_label_key};
use cslab_scene::i18n::{Lang, Tr};

#[derive(Properties, PartialEq)]
pub struct LoginSettingsProps {
    pub lang: Lang,
    pub login: LoginSettings,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(LoginSettingsCard)]
pub fn login_settings_card(props: &LoginSettingsProps) -> Html {
    let tr = Tr(props.lang);
    let current = props.login;
    let set = {
        let dispatch = props.dispatch.clone();
        move |login: LoginSettings| dispatch.dispatch(Action::SetLogin(login))
    };
    let auths = AUTHS
        .iter()
        .map(|&auth| (tr.t(auth_label_key(auth)), auth == current.auth))
        .collect();
    let typos = TYPO_CHOICES
        .iter()
        .map(|&typos| (typos.to_string(), typos == current.typos))
        .collect();
    let on_auth = {
        let set = set.clone();
        Callback::from(move |index: usize| {
            set(LoginSettings {
                auth: AUTHS[index],
                ..current
            })
        })
    };
    let on_tls = {
        let set = set.clone();
        Callback::from(move |tls: bool| set(LoginSettings { tls, ..current }))
    };
    let on_typos = Callback::from(move |index: usize| {
        set(LoginSettings {
            typos: TYPO_CHOICES[index],
            ..current
        })
    });
    html! {
        <section class="card settings" aria-labelledby="login-settings-heading">
            <h2 id="login-settings-heading">{ tr.t("settings-title") }</h2>
            { select_field(tr.t("setting-auth"), auths, on_auth) }
            { check_field(tr.t("setting-tls"), current.tls, on_tls) }
            { select_field(tr.t("setting-typos"), typos, on_typos) }
        </section>
    }
}
