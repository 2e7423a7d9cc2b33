//! The page-load lesson's side controls (round trip, bandwidth, loss, HTTP
//! mode, parallel connections, TCP's initial window, HTTPS, DNS cache) and,
//! once the page is in, its phase timings as a bar beside the textbook's
//! count, with what made the run longer than the count.

use yew::prelude::*;

use super::fields::{check_field, numbers, select_field};
use super::live::LiveLesson;
use super::state::{Action, State};
use cslab_lessons::lesson::web_page::{
    BANDWIDTH_CHOICES_MBPS, HTTP_MODES, INIT_CWND_CHOICES, LOSS_CHOICES_PERCENT, PARALLEL_CHOICES,
    RTT_CHOICES_MS, WebPageSettings, mode_key, web_page_params,
};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::proto::tcp::InitialWindow;
use cslab_sim::runs::pageload::PageLoadReport;
use cslab_sim::runs::pageload_gap::{Baselines, Gap};
use cslab_sim::time::SimTime;

#[derive(Properties, PartialEq)]
pub struct WebPageSettingsProps {
    pub lang: Lang,
    pub web: WebPageSettings,
    pub live: LiveLesson,
    /// The clock, so the timings appear when the page is complete.
    pub now: SimTime,
    pub dispatch: UseReducerDispatcher<State>,
}

fn init_cwnd_key(iw: InitialWindow) -> &'static str {
    match iw {
        InitialWindow::Rfc5681 => "setting-init-cwnd-3",
        _ => "setting-init-cwnd-10",
    }
}

#[function_component(WebPageSettingsCard)]
pub fn web_page_settings_card(props: &WebPageSettingsProps) -> Html {
    let tr = Tr(props.lang);
    let web = props.web;
    // A field that writes the learner's choice into a copy of the settings
    // with `apply`, and runs the lesson again with them.
    let select = |label_key: &'static str,
                  choices: Vec<(String, bool)>,
                  apply: fn(&mut WebPageSettings, usize)| {
        let dispatch = props.dispatch.clone();
        select_field(
            tr.t(label_key),
            choices,
            Callback::from(move |index| {
                let mut next = web;
                apply(&mut next, index);
                dispatch.dispatch(Action::SetWeb(next));
            }),
        )
    };
    let checkbox =
        |label_key: &'static str, checked: bool, apply: fn(&mut WebPageSettings, bool)| {
            let dispatch = props.dispatch.clone();
            check_field(
                tr.t(label_key),
                checked,
                Callback::from(move |on| {
                    let mut next = web;
                    apply(&mut next, on);
                    dispatch.dispatch(Action::SetWeb(next));
                }),
            )
        };
    let report = props
        .live
        .playback
        .borrow()
        .run()
        .and_then(|run| run.page_load());
    // The runs without losses, slow start and sending time depend on the
    // settings only: made once per settings, not at every frame.
    let baselines = use_memo(web, |web| Baselines::measure(&web_page_params(web)).ok());
    let gap = report
        .as_ref()
        .zip(baselines.as_ref().as_ref())
        .map(|(report, base)| Gap::new(&web_page_params(&web), report, base));
    html! {
        <section class="card settings" aria-labelledby="settings-heading">
            <h2 id="settings-heading">{ tr.t("settings-title") }</h2>
            <div class="settings-grid">
                { select("setting-rtt", numbers(props.lang, &RTT_CHOICES_MS, "ms", web.rtt_ms),
                         |web, i| web.rtt_ms = RTT_CHOICES_MS[i]) }
                { select("setting-bandwidth", numbers(props.lang, &BANDWIDTH_CHOICES_MBPS, "Mbit/s", web.bandwidth_mbps),
                         |web, i| web.bandwidth_mbps = BANDWIDTH_CHOICES_MBPS[i]) }
                { select("setting-loss", numbers(props.lang, &LOSS_CHOICES_PERCENT, "%", web.loss_percent),
                         |web, i| web.loss_percent = LOSS_CHOICES_PERCENT[i]) }
                { select("setting-parallel", numbers(props.lang, &PARALLEL_CHOICES, "", web.parallel),
                         |web, i| web.parallel = PARALLEL_CHOICES[i]) }
                { select("setting-mode",
                         HTTP_MODES.iter().map(|&mode| (tr.t(mode_key(mode)), mode == web.mode)).collect(),
                         |web, i| web.mode = HTTP_MODES[i]) }
                { select("setting-init-cwnd",
                         INIT_CWND_CHOICES.iter().map(|&iw| (tr.t(init_cwnd_key(iw)), iw == web.init_cwnd)).collect(),
                         |web, i| web.init_cwnd = INIT_CWND_CHOICES[i]) }
            </div>
            { checkbox("setting-https", web.https, |web, on| web.https = on) }
            { checkbox("setting-dns-cached", web.dns_cached, |web, on| web.dns_cached = on) }
            { timings(props.lang, web, report.as_ref(), gap.as_ref()) }
        </section>
    }
}

/// The phases of the finished load as one bar, with the total, the
/// textbook's prediction and why the run took longer; a hint while the page
/// is still loading.
fn timings(
    lang: Lang,
    web: WebPageSettings,
    report: Option<&PageLoadReport>,
    gap: Option<&Gap>,
) -> Html {
    let tr = Tr(lang);
    let Some(report) = report else {
        return html! { <p class="hint timing">{ tr.t("timing-waiting") }</p> };
    };
    let ms = |seconds: f64| lang.decimal(seconds * 1e3, 1);
    let waiting = (report.transfer_s - report.sending_s).max(0.0);
    let phases = [
        ("phase-dns", report.dns_s),
        ("phase-connect", report.connect_s),
        ("phase-tls", report.tls_s),
        ("phase-first-byte", report.first_byte_s),
        ("phase-objects", waiting),
        ("phase-sending", report.transfer_s - waiting),
    ];
    let total: f64 = phases
        .iter()
        .map(|(_, seconds)| seconds)
        .sum::<f64>()
        .max(f64::MIN_POSITIVE);
    let theory_ms = (report.textbook_rtts * web.rtt_ms) as f64 / 1e3;
    html! {
        <div class="timing">
            <p class="total">{ tr.t_args("timing-total", &[("ms", &ms(report.page_load_s))]) }</p>
            // An SVG, not flex boxes: each phase's share is an attribute, where
            // a `style` attribute would be refused by the page's
            // Content-Security-Policy (scripts/finish-dist.mjs).
            <svg class="phase-bar" viewBox="0 0 1 1" preserveAspectRatio="none" role="img" aria-label={tr.t("timing-bar")}>
                { for phases.iter().filter(|(_, seconds)| *seconds > 0.0).scan(0.0, |x, (key, seconds)| {
                    // At least 0.5 % wide, so a short phase still shows.
                    let width = (seconds / total).max(0.005);
                    *x += width;
                    Some(html! {
                        <rect class={classes!("phase", *key)} x={format!("{:.4}", *x - width)} width={format!("{width:.4}")} height="1">
                            <title>{ format!("{} {} ms", tr.t(key), ms(*seconds)) }</title>
                        </rect>
                    })
                }) }
            </svg>
            <dl class="phases">
                { for phases.iter().map(|(key, seconds)| html! {
                    <><dt><span class={classes!("swatch", *key)}></span>{ tr.t(key) }</dt><dd>{ format!("{} ms", ms(*seconds)) }</dd></>
                }) }
            </dl>
            <p class="theory">{ tr.t_args("timing-theory", &[
                ("rtts", &report.textbook_rtts.to_string()),
                ("ms", &ms(theory_ms)),
            ]) }</p>
            if let Some(gap) = gap {
                { why_longer(lang, web, gap) }
            }
            if let Some(seconds) = report.second_visit_s {
                <p class="second-visit">{ tr.t_args("timing-second-visit", &[("ms", &ms(seconds))]) }</p>
            }
        </div>
    }
}

/// What the run spent beyond the textbook's round trips, part by part, in
/// sentences built from the run's numbers.
fn why_longer(lang: Lang, web: WebPageSettings, gap: &Gap) -> Html {
    let tr = Tr(lang);
    let ms = |seconds: f64| lang.decimal(seconds * 1e3, 1);
    let rtts = |n: f64| lang.decimal(n, 1);
    let rtt_s = web.rtt_ms as f64 / 1e3;
    // Parts under 0.05 ms are rounding, not a cause worth a sentence.
    let shows = |seconds: f64| seconds >= 5e-5;
    let segments = gap.init_cwnd_segments.to_string();
    let kb = lang.decimal(gap.page_bytes as f64 / 1e3, 0);
    let mut lines = vec![tr.t_args(
        "timing-measured",
        &[
            ("rtts", &rtts(gap.measured_rtts)),
            ("textbook", &gap.textbook_rtts.to_string()),
        ],
    )];
    lines.push(if shows(gap.slow_start_rtts * rtt_s) {
        tr.t_args(
            "timing-slow-start",
            &[
                ("segments", &segments),
                ("kb", &kb),
                ("rtts", &rtts(gap.slow_start_rtts)),
            ],
        )
    } else {
        tr.t_args(
            "timing-no-slow-start",
            &[("segments", &segments), ("kb", &kb)],
        )
    });
    if shows(gap.sending_s) {
        lines.push(tr.t_args(
            "timing-sending",
            &[
                ("mbps", &web.bandwidth_mbps.to_string()),
                ("ms", &ms(gap.sending_s)),
                ("rtts", &rtts(gap.sending_s / rtt_s)),
            ],
        ));
    }
    if shows(gap.loss_s) {
        lines.push(tr.t_args(
            "timing-loss",
            &[("ms", &ms(gap.loss_s)), ("rtts", &rtts(gap.loss_s / rtt_s))],
        ));
    }
    html! {
        <ul class="why-longer">
            { for lines.into_iter().map(|line| html! { <li>{ line }</li> }) }
        </ul>
    }
}
