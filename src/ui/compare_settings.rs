//! The settings of "Client-server or peer-to-peer?": N, the file, the
//! capacities, the pieces and upload slots, and the stress switches. Each
//! change runs both sides again and is written into the address.

use yew::prelude::*;

use super::fields::{check_field, numbers, select_field};
use super::state::{Action, State};
use cslab_lessons::lesson::compare::{
    CompareSettings, FILE_MB_CHOICES, PEER_CHOICES, PEER_DOWN_CHOICES_MBPS, PEER_UP_CHOICES_MBPS,
    PIECE_KB_CHOICES, SCHEDULERS, SERVER_UP_CHOICES_MBPS, SLOT_CHOICES,
};
use cslab_scene::i18n::{Lang, Tr};

#[derive(Properties, PartialEq)]
pub struct CompareSettingsProps {
    pub lang: Lang,
    pub compare: CompareSettings,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(CompareSettingsCard)]
pub fn compare_settings_card(props: &CompareSettingsProps) -> Html {
    let tr = Tr(props.lang);
    let compare = props.compare;
    let select = |key: &str,
                  choices: &[u32],
                  unit: &str,
                  current: u32,
                  apply: fn(&mut CompareSettings, usize)| {
        let dispatch = props.dispatch.clone();
        select_field(
            tr.t(key),
            numbers(tr.0, choices, unit, current),
            Callback::from(move |index| {
                let mut next = compare;
                apply(&mut next, index);
                dispatch.dispatch(Action::SetCompare(next));
            }),
        )
    };
    let check = |key: &str, on: bool, apply: fn(&mut CompareSettings, bool)| {
        let dispatch = props.dispatch.clone();
        check_field(
            tr.t(key),
            on,
            Callback::from(move |on| {
                let mut next = compare;
                apply(&mut next, on);
                dispatch.dispatch(Action::SetCompare(next));
            }),
        )
    };
    let scheduler = {
        let dispatch = props.dispatch.clone();
        let keys = ["compare-scheduler-bittorrent", "compare-scheduler-ideal"];
        let choices = SCHEDULERS
            .iter()
            .zip(keys)
            .map(|(&(_, s), key)| (tr.t(key), s == compare.scheduler))
            .collect();
        select_field(
            tr.t("compare-scheduler"),
            choices,
            Callback::from(move |index: usize| {
                let mut next = compare;
                next.scheduler = SCHEDULERS[index.min(SCHEDULERS.len() - 1)].1;
                dispatch.dispatch(Action::SetCompare(next));
            }),
        )
    };
    html! {
        <section class="card settings" aria-labelledby="compare-settings-heading">
            <h2 id="compare-settings-heading">{ tr.t("settings-title") }</h2>
            <div class="settings-grid">
                { select("setting-peers", &PEER_CHOICES, "", compare.peers, |c, i| c.peers = PEER_CHOICES[i]) }
                { select("setting-file", &FILE_MB_CHOICES, "MB", compare.file_mb, |c, i| c.file_mb = FILE_MB_CHOICES[i]) }
                { select("setting-server-up", &SERVER_UP_CHOICES_MBPS, "Mbit/s", compare.server_up_mbps,
                         |c, i| c.server_up_mbps = SERVER_UP_CHOICES_MBPS[i]) }
                { select("setting-peer-up", &PEER_UP_CHOICES_MBPS, "Mbit/s", compare.peer_up_mbps,
                         |c, i| c.peer_up_mbps = PEER_UP_CHOICES_MBPS[i]) }
                { select("setting-peer-down", &PEER_DOWN_CHOICES_MBPS, "Mbit/s", compare.peer_down_mbps,
                         |c, i| c.peer_down_mbps = PEER_DOWN_CHOICES_MBPS[i]) }
                { select("setting-piece", &PIECE_KB_CHOICES, "KiB", compare.piece_kb, |c, i| c.piece_kb = PIECE_KB_CHOICES[i]) }
                { select("setting-slots", &SLOT_CHOICES, "", compare.upload_slots, |c, i| c.upload_slots = SLOT_CHOICES[i]) }
            </div>
            // Its choices are long: a row of its own.
            { scheduler }
            { check("setting-seeding", compare.stay_to_seed, |c, on| c.stay_to_seed = on) }
            { check("setting-churn", compare.churn, |c, on| c.churn = on) }
            { check("setting-flash-crowd", compare.flash_crowd, |c, on| c.flash_crowd = on) }
            { check("setting-server-fails", compare.server_fails, |c, on| c.server_fails = on) }
        </section>
    }
}
