//! What the learner sees if the app panics: a translated panel with a reload
//! button, written straight into the DOM by the panic hook, because after a
//! panic the Yew app can no longer render anything.

use std::sync::atomic::{AtomicUsize, Ordering};

use cslab_scene::i18n::{Lang, Tr};

/// The language the panel speaks: the app keeps it current.
static PANEL_LANG: AtomicUsize = AtomicUsize::new(0);

pub fn set_lang(lang: Lang) {
    PANEL_LANG.store(lang as usize, Ordering::Relaxed);
}

pub fn current_lang() -> Lang {
    Lang::ALL[PANEL_LANG.load(Ordering::Relaxed).min(Lang::ALL.len() - 1)]
}

/// The panel's markup. `detail` is the panic message, kept for bug reports.
pub fn panel_html(lang: Lang, detail: &str) -> String {
    let tr = Tr(lang);
    format!(
        r#"<div class="fatal-error" role="alertdialog" aria-labelledby="fatal-title" lang="{code}">
<h2 id="fatal-title">{title}</h2><p>{body}</p>
<button type="button" data-reload>{reload}</button>
<details><summary>{details}</summary><pre>{detail}</pre></details></div>"#,
        code = lang.code(),
        title = escape(&tr.t("error-title")),
        body = escape(&tr.t("error-body")),
        reload = escape(&tr.t("error-reload")),
        details = escape(&tr.t("error-details")),
        detail = escape(detail),
    )
}

pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Installs the hook (through Yew, which would otherwise replace it with its
/// own): log the panic to the console, then cover the page with the panel.
/// The wasm module is dead after this, so the panel is plain DOM.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/ui/panic_panel.js")]
extern "C" {
    /// Makes the panel's `data-reload` button reload the page: no inline
    /// `onclick`, which the Content-Security-Policy refuses.
    #[wasm_bindgen(js_name = reloadOnClick)]
    fn reload_on_click();
}

#[cfg(target_arch = "wasm32")]
pub fn install() {
    reload_on_click();
    yew::set_custom_panic_hook(Box::new(|info| {
        let detail = info.to_string();
        web_sys::console::error_1(&detail.clone().into());
        let Some(document) = web_sys::window().and_then(|window| window.document()) else {
            return;
        };
        let Some(body) = document.body() else { return };
        if let Ok(panel) = document.create_element("div") {
            panel.set_class_name("fatal-backdrop");
            panel.set_inner_html(&panel_html(current_lang(), &detail));
            let _ = body.append_child(&panel);
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panel_is_translated_and_escapes_the_detail() {
        let english = panel_html(Lang::En, "index out of bounds: <1>");
        assert!(english.contains("&lt;1&gt;"));
        assert!(english.contains("<button type=\"button\" data-reload>"));
        let italian = panel_html(Lang::It, "x");
        assert!(italian.contains(&Tr(Lang::It).t("error-reload")));
        assert_ne!(Tr(Lang::It).t("error-title"), Tr(Lang::En).t("error-title"));
    }

    #[test]
    fn remembers_the_current_language() {
        set_lang(Lang::Es);
        assert_eq!(current_lang(), Lang::Es);
        set_lang(Lang::En);
    }
}
