//! The settings of "What is a server?": the device that asks (its access
//! network's figures, and where they come from), whether it is the server
//! machine itself, and a card on each kind of server the course names.

use yew::prelude::*;

use super::fields::{check_field, select_field};
use super::state::{Action, State};
use cslab_lessons::lesson::what_is_a_server::{ServersSettings, device_label_key};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::runs::servers::Device;

/// The kinds of server the course names: the message ids of each one's
/// name, and of what it serves, on which ports, and where the lab shows it.
const KINDS: [(&str, &str); 7] = [
    ("kinds-web-name", "kinds-web"),
    ("kinds-mail-name", "kinds-mail"),
    ("kinds-file-name", "kinds-file"),
    ("kinds-database-name", "kinds-database"),
    ("kinds-print-name", "kinds-print"),
    ("kinds-game-name", "kinds-game"),
    ("kinds-application-name", "kinds-application"),
];

#[derive(Properties, PartialEq)]
pub struct ServersSettingsProps {
    pub lang: Lang,
    pub servers: ServersSettings,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(ServersSettingsCard)]
pub fn servers_settings_card(props: &ServersSettingsProps) -> Html {
    let tr = Tr(props.lang);
    let current = props.servers;
    let set = {
        let dispatch = props.dispatch.clone();
        move |servers: ServersSettings| dispatch.dispatch(Action::SetServers(servers))
    };
    let devices = Device::ALL
        .iter()
        .map(|&device| (tr.t(device_label_key(device)), device == current.device))
        .collect();
    let on_device = {
        let set = set.clone();
        Callback::from(move |index: usize| {
            set(ServersSettings {
                device: Device::ALL[index],
                ..current
            })
        })
    };
    let on_same_machine = Callback::from(move |same_machine: bool| {
        set(ServersSettings {
            same_machine,
            ..current
        })
    });
    html! {
        <>
            <section class="card settings" aria-labelledby="servers-settings-heading">
                <h2 id="servers-settings-heading">{ tr.t("settings-title") }</h2>
                { select_field(tr.t("servers-device"), devices, on_device) }
                <p class="hint">{ tr.t("servers-sources") }</p>
                { check_field(tr.t("servers-same-machine"), current.same_machine, on_same_machine) }
            </section>
            <section class="card kinds" aria-labelledby="kinds-heading">
                <h2 id="kinds-heading">{ tr.t("kinds-title") }</h2>
                <dl>
                    { for KINDS.iter().map(|(name, text)| html! {
                        <>
                            <dt>{ tr.t(name) }</dt>
                            <dd>{ tr.t(text) }</dd>
                        </>
                    }) }
                </dl>
            </section>
        </>
    }
}
