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
            // On a phone only the glyph shows, beside the title (styles/app.css).
            <svg class="glyph" viewBox="0 0 16 16" aria-hidden="true">
                <circle cx="12" cy="3.5" r="2" /><circle cx="4" cy="8" r="2" /><circle cx="12" cy="12.5" r="2" />
                <path d="M5.8 7 10.2 4.5M5.8 9 10.2 11.5" />
            </svg>
            <span class="label">{ tr.t("share-open") }</span>
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
