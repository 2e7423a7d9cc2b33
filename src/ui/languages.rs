//! Spanish and Italian are fetched the first time the page needs them: the
//! bundle carries English only (see `cslab_scene::i18n`), and each other
//! language is a file of its own beside the page (`locales/es.ftl`), which
//! Trunk copies into `dist/`.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use yew::UseReducerDispatcher;

use super::state::{Action, State};
use super::url_params::Notice;
use cslab_scene::i18n::Lang;

/// Fetches `lang`'s messages unless they are here already; the error says
/// which file and what went wrong.
async fn fetch_language(lang: Lang) -> Result<(), String> {
    if lang.is_available() {
        return Ok(());
    }
    let file = lang.file();
    let failed = |what: &str| format!("{file}: {what}");
    let window = web_sys::window().ok_or_else(|| failed("no window"))?;
    let response = JsFuture::from(window.fetch_with_str(&file))
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
