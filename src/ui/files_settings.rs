//! The settings of "Moving a file": the way, FTP's mode, the home router's
//! NAT and the broken line; under them, the three ways run with these
//! settings, side by side (connections, round trips, bytes, and what an
//! eavesdropper reads).

use yew::prelude::*;

use super::fields::{check_field, select_field};
use super::state::{Action, State};
use cslab_files::compare::WayReport;
use cslab_files::ftp::Outcome;
use cslab_files::world::How;
use cslab_lessons::lesson::files::{FTP_MODES, FilesSettings, ftp_mode_label_key, how_label_key};
use cslab_scene::i18n::{Lang, Tr};

#[derive(Properties, PartialEq)]
pub struct FilesSettingsProps {
    pub lang: Lang,
    pub files: FilesSettings,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(FilesSettingsCard)]
pub fn files_settings_card(props: &FilesSettingsProps) -> Html {
    let tr = Tr(props.lang);
    let current = props.files;
    // Each way's run, again only when a setting it depends on changes, so
    // that a change costs one run: FTP on its mode and the NAT, HTTP on the
    // break, SFTP on none (the NAT changes neither's figures:
    // crates/files/tests/transfers.rs).
    let ftp = use_memo((current.ftp_mode, current.nat), move |_| {
        current.way(How::Ftp)
    });
    let sftp = use_memo((), move |_| current.way(How::Sftp));
    let http = use_memo(current.line_breaks, move |_| current.way(How::Http));
    let compared = [*ftp, *sftp, *http];
    let set = {
        let dispatch = props.dispatch.clone();
        move |files: FilesSettings| dispatch.dispatch(Action::SetFiles(files))
    };
    let hows = (How::ALL.iter())
        .map(|&how| (tr.t(how_label_key(how)), how == current.how))
        .collect();
    let modes = (FTP_MODES.iter())
        .map(|&mode| (tr.t(ftp_mode_label_key(mode)), mode == current.ftp_mode))
        .collect();
    let on_how = {
        let set = set.clone();
        Callback::from(move |i: usize| {
            set(FilesSettings {
                how: How::ALL[i],
                ..current
            })
        })
    };
    let on_mode = {
        let set = set.clone();
        Callback::from(move |i: usize| {
            set(FilesSettings {
                ftp_mode: FTP_MODES[i],
                ..current
            })
        })
    };
    let on_nat = {
        let set = set.clone();
        Callback::from(move |nat: bool| set(FilesSettings { nat, ..current }))
    };
    let on_break = Callback::from(move |line_breaks: bool| {
        set(FilesSettings {
            line_breaks,
            ..current
        })
    });
    html! {
        <section class="card settings files" aria-labelledby="files-settings-heading">
            <h2 id="files-settings-heading">{ tr.t("settings-title") }</h2>
            { select_field(tr.t("setting-how"), hows, on_how) }
            { select_field(tr.t("setting-ftp-mode"), modes, on_mode) }
            { check_field(tr.t("setting-nat"), current.nat, on_nat) }
            { check_field(tr.t("setting-break"), current.line_breaks, on_break) }
            { comparison(props.lang, &compared) }
        </section>
    }
}

/// What an eavesdropper reads of a way, in words.
fn readable(tr: Tr, report: &WayReport) -> String {
    let seen = report.readable;
    let words: Vec<String> = [
        (seen.commands, "files-read-commands"),
        (seen.password, "files-read-password"),
        (seen.file, "files-read-file"),
    ]
    .into_iter()
    .filter(|(shown, _)| *shown)
    .map(|(_, key)| tr.t(key))
    .collect();
    if words.is_empty() {
        tr.t("files-read-sizes")
    } else {
        words.join(", ")
    }
}

/// The table: one row a way, and under it what an eavesdropper reads (a
/// fifth column would not fit the card).
fn comparison(lang: Lang, reports: &[WayReport]) -> Html {
    let tr = Tr(lang);
    let row = |report: &WayReport| {
        let failed = report.outcome == Outcome::Failed;
        let reads = tr.t_args("files-table-readable", &[("what", &readable(tr, report))]);
        html! {
            <>
                <tr class={classes!(failed.then_some("failed"))}>
                    <th scope="row">
                        { tr.t(how_label_key(report.how)) }
                        if failed {
                            <small>{ tr.t("files-table-failed") }</small>
                        }
                    </th>
                    <td>{ lang.integer(report.connections.into()) }</td>
                    <td>{ lang.integer(report.round_trips.into()) }</td>
                    <td>{ lang.integer(report.wire_bytes) }</td>
                </tr>
                <tr class="readable"><td colspan="4">{ reads }</td></tr>
            </>
        }
    };
    html! {
        <div class="files-compare">
            <h3>{ tr.t("files-table-title") }</h3>
            <table>
                <thead><tr>
                    <th>{ tr.t("files-table-way") }</th>
                    <th>{ tr.t("files-table-connections") }</th>
                    <th>{ tr.t("files-table-round-trips") }</th>
                    <th>{ tr.t("files-table-bytes") }</th>
                </tr></thead>
                <tbody>{ for reports.iter().map(row) }</tbody>
            </table>
            <p class="hint">{ tr.t("files-table-note") }</p>
        </div>
    }
}
