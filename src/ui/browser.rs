//! The only place that reads the real page: its address, the browser's
//! language, and `<html lang>`. Compiled for wasm only.

use wasm_bindgen::JsValue;

use super::app::{App, AppProps};
use super::languages::start_page;
use super::panic_panel;
use super::url_params::{UrlParams, with_param};
use cslab_scene::i18n::{Lang, Tr};

/// Mounts the app into `#app` once English and the language it opens in are
/// here; `#app` shows a loading state until then (or an error, see
/// [`start_page`]).
pub fn start() {
    panic_panel::install();
    let window = web_sys::window().expect("the app runs in a browser window");
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let params = UrlParams::parse(&search);
    if params.bench.is_some() {
        // The benchmark pages are a page of their own (`bench/`), so the
        // learner's bundle does not carry them; old addresses still work.
        let _ = location.replace(&format!("bench/{search}"));
        return;
    }
    let lang = params
        .lang
        .or_else(|| browser_language(&window))
        .unwrap_or_default();
    let full_app_href = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        with_param(&search, "embed", None),
        location.hash().unwrap_or_default()
    );
    let root = window
        .document()
        .and_then(|document| document.get_element_by_id("app"))
        .expect("index.html has a #app element");
    super::course_api::browser::set_parent_origin(params.parent_origin.clone());
    let page = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    start_page(root.clone(), lang, move |lang, notice| {
        let mut notices = params.notices;
        notices.extend(notice);
        let props = AppProps {
            lang,
            lesson: params.lesson,
            sandbox: params.sandbox,
            settings: params.settings,
            embed: params.embed,
            pause_at_steps: params.pause_at_steps.unwrap_or(true),
            notices,
            full_app_href: full_app_href.into(),
            debug_panic: params.debug_panic,
            autoplay: params.autoplay.unwrap_or(true),
            panels: params.panels,
            page: page.into(),
        };
        yew::Renderer::<App>::with_root_and_props(root, props).render();
    });
}

/// The first of the browser's preferred languages that we speak.
pub(super) fn browser_language(window: &web_sys::Window) -> Option<Lang> {
    let navigator = window.navigator();
    navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .chain(navigator.language())
        .find_map(|tag| Lang::from_browser_tag(&tag))
}

/// Writes `params` into the address, replacing the old values of `names`
/// and dropping those of them `params` leaves out (the ones at their
/// default), so the page can be shared as it is.
pub fn show_query(names: &[&str], params: &[(&'static str, String)]) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let mut search = location.search().unwrap_or_default();
    for &name in names {
        let value = params
            .iter()
            .find(|(param, _)| *param == name)
            .map(|(_, value)| value.as_str());
        search = with_param(&search, name, value);
    }
    let url = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        search,
        location.hash().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Makes the page speak `lang`: `<html lang>`, the title, the panic panel,
/// and, once the learner has switched, `?lang=` in the address so a reload or
/// a shared link keeps it.
pub fn show_language(lang: Lang, remember_in_url: bool) {
    panic_panel::set_lang(lang);
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(document) = window.document() {
        if let Some(html) = document.document_element() {
            let _ = html.set_attribute("lang", lang.code());
        }
        document.set_title(&Tr(lang).t("app-title"));
    }
    if remember_in_url {
        let location = window.location();
        let search = with_param(
            &location.search().unwrap_or_default(),
            "lang",
            Some(lang.code()),
        );
        let url = format!(
            "{}{}{}",
            location.pathname().unwrap_or_default(),
            search,
            location.hash().unwrap_or_default()
        );
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
}
