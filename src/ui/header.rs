//! The top bar: the product's name, the "Share / embed" button and the
//! language switch.

use yew::prelude::*;

use super::languages::switch_to;
use super::state::State;
use cslab_scene::i18n::{Lang, Tr};

/// The button that opens the "Share / embed" dialog: in the header, and in
/// the corner of an embedded lab.
pub fn share_button(tr: Tr, on_share: &Callback<()>) -> Html {
    html! {
        <button type="button" class="share-open" onclick={on_share.reform(|_| ())}>
            { tr.t("share-open") }
        </button>
    }
}

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub lang: Lang,
    pub dispatch: UseReducerDispatcher<State>,
    /// Opens the "Share / embed" dialog.
    pub on_share: Callback<()>,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let tr = Tr(props.lang);
    html! {
        <header class="topbar">
            <div class="brand">
                <svg class="logo" viewBox="0 0 32 32" aria-hidden="true">
                    <rect x="2" y="9" width="10" height="14" rx="2" />
                    <rect x="20" y="5" width="10" height="22" rx="2" />
                    <path d="M12 14 H20 M12 18 H20" />
                </svg>
                <h1>{ tr.t("app-title") }</h1>
                <span class="tagline">{ tr.t("app-tagline") }</span>
            </div>
            { share_button(tr, &props.on_share) }
            <div class="lang-switch" role="group" aria-label={tr.t("lang-switch-label")}>
                { for Lang::ALL.into_iter().map(|lang| {
                    let dispatch = props.dispatch.clone();
                    html! {
                        <button
                            type="button"
                            lang={lang.code()}
                            aria-pressed={(lang == props.lang).to_string()}
                            onclick={move |_| switch_to(lang, dispatch.clone())}
                        >
                            { lang.native_name() }
                        </button>
                    }
                }) }
            </div>
        </header>
    }
}
