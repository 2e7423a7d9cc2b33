//! The page's messages are fetched, English first: the bundle carries none
//! (see `cslab_scene::i18n`), and each language is a file of its own beside
//! the page (`locales/en.ftl`), which Trunk copies into `dist/`. The page
//! starts by fetching English (`index.html` preloads it while the wasm
//! downloads) and, if it speaks Spanish or Italian, that file too; another
//! language is fetched the first time the learner picks it.

use std::future::Future;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use yew::UseReducerDispatcher;

use super::loading::{load_error_html, loading_html};
use super::state::{Action, State};
use super::url_params::Notice;
use cslab_scene::i18n::Lang;

/// Fetches `lang`'s messages unless they are here already; the error says
/// which file and what went wrong. The request goes out at once, before the
/// returned future is awaited, so two languages load side by side.
fn fetch_language(lang: Lang) -> impl Future<Output = Result<(), String>> {
    let file = lang.file();
    let failed = move |what: &str| format!("{file}: {what}");
    let request = (!lang.is_available()).then(|| {
        web_sys::window()
            .map(|window| window.fetch_with_str(&lang.file()))
            .ok_or_else(|| failed("no window"))
    });
    async move {
        let Some(request) = request else {
            return Ok(());
        };
        let response = JsFuture::from(request?)
            .await
            .map_err(|_| failed("no answer"))?;
        let response: web_sys::Response = response.dyn_into().map_err(|_| failed("no answer"))?;
        if !response.ok() {
            return Err(failed(&format!("HTTP {}", response.status())));
        }
        let text = response.text().map_err(|_| failed("unreadable"))?;
        let text = JsFuture::from(text)
            .await
            .map_err(|_| failed("unreadable"))?;
        lang.provide(text.as_string().unwrap_or_default())
    }
}

/// Starts a page in `root`: shows the loading state in `lang`, fetches
/// English and `lang` side by side, then calls `mount` with `lang`, or with
/// English and a notice saying why `lang` is not here. If English cannot be
/// fetched, `root` shows the error, in `lang`, with a button that tries
/// again: the page has not started, so nothing is lost.
pub fn start_page<F>(root: web_sys::Element, lang: Lang, mount: F)
where
    F: FnOnce(Lang, Option<Notice>) + 'static,
{
    let english = fetch_language(Lang::En);
    let chosen = (lang != Lang::En).then(|| fetch_language(lang));
    if !Lang::En.is_available() {
        root.set_inner_html(&loading_html(lang));
    }
    spawn_local(async move {
        if let Err(reason) = english.await {
            web_sys::console::warn_1(&reason.clone().into());
            root.set_inner_html(&load_error_html(lang, &reason));
            if let Ok(Some(button)) = root.query_selector("button") {
                let again = root.clone();
                gloo::events::EventListener::once(&button, "click", move |_| {
                    start_page(again, lang, mount)
                })
                .forget();
            }
            return;
        }
        let chosen = match chosen {
            Some(chosen) => chosen.await,
            None => Ok(()),
        };
        match chosen {
            Ok(()) => mount(lang, None),
            Err(reason) => mount(Lang::En, Some(Notice::LanguageUnavailable { lang, reason })),
        }
    });
}

/// Calls `then` with `lang` once its messages are here, or with English and
/// a notice saying why `lang` is not.
pub fn when_ready(lang: Lang, then: impl FnOnce(Lang, Option<Notice>) + 'static) {
    if lang.is_available() {
        return then(lang, None);
    }
    spawn_local(async move {
        match fetch_language(lang).await {
            Ok(()) => then(lang, None),
            Err(reason) => then(Lang::En, Some(Notice::LanguageUnavailable { lang, reason })),
        }
    });
}

/// The language switch: the page speaks `lang` once its messages are here,
/// and keeps its language, with a notice, if they cannot be fetched.
pub fn switch_to(lang: Lang, dispatch: UseReducerDispatcher<State>) {
    when_ready(lang, move |lang, notice| match notice {
        None => dispatch.dispatch(Action::SetLang(lang)),
        Some(notice) => dispatch.dispatch(Action::AddNotice(notice)),
    });
}
