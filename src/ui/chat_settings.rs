//! The settings of "A live connection": how the browser hears of new
//! messages, polling's period and TLS; under them, the same chat run the
//! three ways, side by side (messages, bytes, delays).

use yew::prelude::*;

use super::fields::{check_field, select_field};
use super::state::{Action, State};
use cslab_chat::mode::Mode;
use cslab_chat::world::ChatReport;
use cslab_lessons::lesson::websocket::{ChatSettings, EVERY_CHOICES, PUSHES, push_label_key};
use cslab_scene::i18n::{Lang, Tr};

#[derive(Properties, PartialEq)]
pub struct ChatSettingsProps {
    pub lang: Lang,
    pub chat: ChatSettings,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(ChatSettingsCard)]
pub fn chat_settings_card(props: &ChatSettingsProps) -> Html {
    let tr = Tr(props.lang);
    let current = props.chat;
    // The three runs depend on the period and TLS only (a few ms).
    let compared = use_memo((current.every, current.tls), move |_| current.compared());
    let set = {
        let dispatch = props.dispatch.clone();
        move |chat: ChatSettings| dispatch.dispatch(Action::SetChat(chat))
    };
    let pushes = PUSHES
        .iter()
        .map(|&push| (tr.t(push_label_key(push)), push == current.push))
        .collect();
    let everies = EVERY_CHOICES
        .iter()
        .map(|&every| (every.to_string(), every == current.every))
        .collect();
    let on_push = {
        let set = set.clone();
        Callback::from(move |index: usize| {
            set(ChatSettings {
                push: PUSHES[index],
                ..current
            })
        })
    };
    let on_every = {
        let set = set.clone();
        Callback::from(move |index: usize| {
            set(ChatSettings {
                every: EVERY_CHOICES[index],
                ..current
            })
        })
    };
    let on_tls = Callback::from(move |tls: bool| set(ChatSettings { tls, ..current }));
    html! {
        <section class="card settings chat" aria-labelledby="chat-settings-heading">
            <h2 id="chat-settings-heading">{ tr.t("settings-title") }</h2>
            { select_field(tr.t("setting-push"), pushes, on_push) }
            { select_field(tr.t("setting-every"), everies, on_every) }
            { check_field(tr.t("setting-chat-tls"), current.tls, on_tls) }
            { comparison(props.lang, &compared) }
        </section>
    }
}

/// The table: one row a way, this lesson's runs' figures.
fn comparison(lang: Lang, reports: &[ChatReport]) -> Html {
    let tr = Tr(lang);
    // Milliseconds below a second, else seconds: narrow enough for the card.
    let delay = |us: u64| match us {
        0..1_000_000 => format!("{} ms", lang.decimal(us as f64 / 1e3, 0)),
        _ => format!("{} s", lang.decimal(us as f64 / 1e6, 2)),
    };
    let row = |report: &ChatReport| {
        let key = match report.mode {
            Mode::WebSocket => "push-websocket",
            Mode::Polling { .. } => "push-polling",
            Mode::LongPolling => "push-long-polling",
        };
        html! {
            <tr>
                <th scope="row">{ tr.t(key) }</th>
                <td>{ lang.integer(report.messages.into()) }</td>
                <td>{ lang.integer(report.bytes) }</td>
                <td class="mean">
                    { delay(report.mean_delay_us()) }
                    <small>{ tr.t_args("chat-table-max", &[("d", &delay(report.max_delay_us()))]) }</small>
                </td>
            </tr>
        }
    };
    html! {
        <div class="chat-compare">
            <h3>{ tr.t("chat-table-title") }</h3>
            <table>
                <thead><tr>
                    <th>{ tr.t("chat-table-way") }</th>
                    <th>{ tr.t("chat-table-messages") }</th>
                    <th>{ tr.t("chat-table-bytes") }</th>
                    <th>{ tr.t("chat-table-delay") }</th>
                </tr></thead>
                <tbody>{ for reports.iter().map(row) }</tbody>
            </table>
            <p class="hint">{ tr.t("chat-table-note") }</p>
        </div>
    }
}
