//! The settings of "An e-mail's journey": how Bob reads his mail (IMAP or
//! POP3), and whether Alice mistypes her password.

use yew::prelude::*;

use super::fields::{check_field, select_field};
use super::state::{Action, State};
use cslab_lessons::lesson::email::{EmailSettings, READINGS, reading_label_key};
use cslab_scene::i18n::{Lang, Tr};

#[derive(Properties, PartialEq)]
pub struct EmailSettingsProps {
    pub lang: Lang,
    pub email: EmailSettings,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(EmailSettingsCard)]
pub fn email_settings_card(props: &EmailSettingsProps) -> Html {
    let tr = Tr(props.lang);
    let current = props.email;
    let set = {
        let dispatch = props.dispatch.clone();
        move |email: EmailSettings| dispatch.dispatch(Action::SetEmail(email))
    };
    let readings = READINGS
        .iter()
        .map(|&reading| (tr.t(reading_label_key(reading)), reading == current.reading))
        .collect();
    let on_reading = {
        let set = set.clone();
        Callback::from(move |index: usize| {
            set(EmailSettings {
                reading: READINGS[index],
                ..current
            })
        })
    };
    let on_wrong = Callback::from(move |wrong_password: bool| {
        set(EmailSettings {
            wrong_password,
            ..current
        })
    });
    html! {
        <section class="card settings" aria-labelledby="email-settings-heading">
            <h2 id="email-settings-heading">{ tr.t("settings-title") }</h2>
            { select_field(tr.t("setting-reading"), readings, on_reading) }
            { check_field(tr.t("setting-wrong-password"), current.wrong_password, on_wrong) }
        </section>
    }
}
