//! What the page shows before its messages are here: a word while they load
//! and, if English cannot be fetched, the one error it can tell without any
//! file. These few sentences, in each language, are the only words the
//! bundle carries (see `cslab_scene::i18n`); the page writes them straight
//! into `#app`, which the app replaces once it mounts.

use cslab_scene::i18n::Lang;

use super::panic_panel::escape;

/// The words of the loading state and of the error, in one language.
struct Words {
    loading: &'static str,
    title: &'static str,
    /// `{reason}` is the file and what went wrong.
    body: &'static str,
    retry: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            loading: "Loading…",
            title: "The lab could not start",
            body: "Its English messages could not be loaded ({reason}), and every language \
                   needs them. Check the connection and try again: the address keeps the \
                   lesson and its settings.",
            retry: "Try again",
        },
        Lang::Es => Words {
            loading: "Cargando…",
            title: "El laboratorio no ha podido arrancar",
            body: "No se han podido cargar sus mensajes en inglés ({reason}), que todos los \
                   idiomas necesitan. Comprueba la conexión y vuelve a intentarlo: la \
                   dirección conserva la lección y sus ajustes.",
            retry: "Reintentar",
        },
        Lang::It => Words {
            loading: "Caricamento…",
            title: "Il laboratorio non è riuscito a partire",
            body: "Non è stato possibile caricare i suoi messaggi in inglese ({reason}), che \
                   servono a ogni lingua. Controlla la connessione e riprova: l’indirizzo \
                   conserva la lezione e le sue impostazioni.",
            retry: "Riprova",
        },
    }
}

/// The loading state: a spinner and the word, in `lang`.
pub fn loading_html(lang: Lang) -> String {
    format!(
        r#"<div class="app-loading" lang="{code}"><span class="spinner" aria-hidden="true"></span><p>{loading}</p></div>"#,
        code = lang.code(),
        loading = words(lang).loading,
    )
}

/// The error when English cannot be fetched, in `lang`, naming the file
/// and what went wrong (`reason`), with a button to try again.
pub fn load_error_html(lang: Lang, reason: &str) -> String {
    let words = words(lang);
    format!(
        r#"<div class="app-load-error" role="alert" lang="{code}"><h1>{title}</h1><p>{body}</p><button type="button">{retry}</button></div>"#,
        code = lang.code(),
        title = words.title,
        body = words.body.replace("{reason}", &escape(reason)),
        retry = words.retry,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loading_state_and_the_error_speak_each_language() {
        assert!(loading_html(Lang::Es).contains(r#"lang="es""#));
        assert!(loading_html(Lang::Es).contains("Cargando…"));
        let reasons: Vec<String> = Lang::ALL
            .into_iter()
            .map(|lang| load_error_html(lang, "locales/en.ftl: HTTP <404>"))
            .collect();
        for (lang, html) in Lang::ALL.into_iter().zip(&reasons) {
            assert!(
                html.contains("locales/en.ftl: HTTP &lt;404&gt;"),
                "{lang:?}"
            );
            assert!(html.contains(r#"role="alert""#), "{lang:?}");
            assert!(html.contains("<button"), "{lang:?}");
            assert!(!html.contains("{reason}"), "{lang:?}");
        }
        assert_ne!(reasons[0], reasons[1]);
        assert_ne!(reasons[1], reasons[2]);
        assert!(reasons[2].contains("Riprova"));
    }
}
