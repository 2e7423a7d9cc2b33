//! The settings of "An e-mail's journey": how Bob reads his mail (IMAP or
//! POP3), whether Alice mistypes her password, what the mail servers run
//! (Postfix or Exim, with a sentence on its design), and whether mx1 is off
//! for a while.

use yew::prelude::*;

use super::fields::{check_field, select_field};
use super::state::{Action, State};
use cslab_lessons::lesson::email::{
    EmailSettings, READINGS, mta_design_key, mta_label_key, reading_label_key,
};
use cslab_mail::mta::Mta;
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
    let on_wrong = {
        let set = set.clone();
        Callback::from(move |wrong_password: bool| {
            set(EmailSettings {
                wrong_password,
                ..current
            })
        })
    };
    let mtas = (Mta::ALL.iter())
        .map(|&mta| (tr.t(mta_label_key(mta)), mta == current.mta))
        .collect();
    let on_mta = {
        let set = set.clone();
        Callback::from(move |index: usize| {
            set(EmailSettings {
                mta: Mta::ALL[index],
                ..current
            })
        })
    };
    let on_down = Callback::from(move |mx1_down: bool| {
        set(EmailSettings {
            mx1_down,
            ..current
        })
    });
    html! {
        <section class="card settings" aria-labelledby="email-settings-heading">
            <h2 id="email-settings-heading">{ tr.t("settings-title") }</h2>
            { select_field(tr.t("setting-reading"), readings, on_reading) }
            { check_field(tr.t("setting-wrong-password"), current.wrong_password, on_wrong) }
            { select_field(tr.t("setting-mta"), mtas, on_mta) }
            <p class="hint">{ tr.t(mta_design_key(current.mta)) }</p>
            { check_field(tr.t("setting-mx1-down"), current.mx1_down, on_down) }
        </section>
    }
}
