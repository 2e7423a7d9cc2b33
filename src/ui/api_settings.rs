//! The settings of "One API, three styles": the style the app asks in, and
//! the three styles side by side for the question they all ask (a course
//! and its students): round trips and bytes, in a table and a bar chart.

use yew::prelude::*;

use super::chart::{Bar, PALETTE, bar_chart};
use super::fields::select_field;
use super::state::{Action, State};
use cslab_api::client::Style;
use cslab_api::world::compare_styles;
use cslab_lessons::lesson::api::{ApiSettings, style_label_key};
use cslab_scene::i18n::{Lang, Tr};

#[derive(Properties, PartialEq)]
pub struct ApiSettingsProps {
    pub lang: Lang,
    pub api: ApiSettings,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(ApiSettingsCard)]
pub fn api_settings_card(props: &ApiSettingsProps) -> Html {
    let tr = Tr(props.lang);
    let current = props.api.style;
    // A small run of each style (a few hundred events, well under a frame).
    let compared = use_memo((), |_| compare_styles());
    let styles = Style::ALL
        .iter()
        .map(|&style| (tr.t(style_label_key(style)), style == current))
        .collect();
    let on_style = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |index: usize| {
            dispatch.dispatch(Action::SetApi(ApiSettings {
                style: Style::ALL[index],
            }))
        })
    };
    let bars: Vec<Bar> = compared
        .iter()
        .zip(PALETTE)
        .map(|(&(style, cost), colour)| Bar {
            label: tr.t(style_label_key(style)),
            value: f64::from(cost.bytes()),
            colour,
            current: style == current,
        })
        .collect();
    html! {
        <section class="card settings" aria-labelledby="api-settings-heading">
            <h2 id="api-settings-heading">{ tr.t("settings-title") }</h2>
            { select_field(tr.t("setting-style"), styles, on_style) }
            <h3>{ tr.t("api-compare-title") }</h3>
            <p class="hint">{ tr.t("api-compare-question") }</p>
            <table class="compare-table">
                <thead>
                    <tr>
                        <th>{ tr.t("api-compare-style") }</th>
                        <th>{ tr.t("api-compare-trips") }</th>
                        <th>{ tr.t("api-compare-bytes") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for compared.iter().map(|&(style, cost)| html! {
                        <tr class={classes!((style == current).then_some("current"))}>
                            <td>{ tr.t(style_label_key(style)) }</td>
                            <td>{ cost.round_trips }</td>
                            <td>{ props.lang.decimal(f64::from(cost.bytes()), 0) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            { bar_chart(props.lang, &tr.t("api-compare-chart"), &bars) }
        </section>
    }
}
