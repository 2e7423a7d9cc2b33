//! "Open in the sandbox" from a lesson: the link a lesson with a network
//! shows (`?lesson=sandbox&from=LESSON` and the lesson's settings as its
//! own address writes them), and the network the sandbox page reads back
//! from that address. Pure, so both are tested natively; the settings are
//! read by the lesson's own address parsing ([`UrlParams`]).

use cslab_lessons::lesson::Lesson;
use cslab_lessons::lesson::settings::Settings;
use cslab_lessons::open_in_sandbox::{self, from_lesson};
use cslab_sandbox::{Network, Refusal};
use cslab_scene::i18n::Lang;

use super::url_params::{UrlParams, param};

/// The address of the sandbox holding `lesson`'s network as `settings` set
/// it up, in `lang`; `None` for a lesson with no network to open.
pub fn sandbox_href(lesson: Lesson, settings: &Settings, lang: Lang) -> Option<String> {
    if !open_in_sandbox::opens(lesson) {
        return None;
    }
    let mut pairs = vec![
        ("lesson", "sandbox".to_string()),
        ("from", lesson.code().to_string()),
        ("lang", lang.code().to_string()),
    ];
    pairs.extend(lesson.spec().settings.to_query(settings));
    let pairs: Vec<String> = (pairs.into_iter())
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    Some(format!("?{}", pairs.join("&")))
}

/// The network the sandbox page's address `search` asks it to open: none
/// if it names no lesson (`from`), the lesson with its network (with the
/// address's settings, its machines named in `lang`), or why it cannot be
/// opened.
pub fn network_from_address(
    search: &str,
    lang: Lang,
) -> Option<Result<(Lesson, Network), Refusal>> {
    let code = param(search, "from")?;
    let Some(lesson) = Lesson::from_code(&code) else {
        let choices = Lesson::codes().join(", ");
        return Some(Err(Refusal::new(
            "sandbox-from-unknown-lesson",
            &[("value", &code), ("choices", &choices)],
        )));
    };
    let settings = UrlParams::parse(search).settings;
    Some(
        from_lesson(lesson, &settings, lang)
            .map(|net| (lesson, net))
            .ok_or_else(|| Refusal::new("sandbox-from-off-stage", &[("value", &code)])),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_lessons::lesson::web_page::WebPageSettings;

    #[test]
    fn the_link_names_the_lesson_its_language_and_what_differs_in_its_settings() {
        let lesson = Lesson::from_code("web-page").unwrap();
        let mut settings = Settings::default();
        assert_eq!(
            sandbox_href(lesson, &settings, Lang::Es).as_deref(),
            Some("?lesson=sandbox&from=web-page&lang=es")
        );
        settings.web = WebPageSettings {
            rtt_ms: 100,
            https: true,
            ..Default::default()
        };
        assert_eq!(
            sandbox_href(lesson, &settings, Lang::It).as_deref(),
            Some("?lesson=sandbox&from=web-page&lang=it&rtt=100&https=1")
        );
        // Told in rounds, it opens as Bitcoin nodes.
        let gossip = Lesson::from_code("gossip").unwrap();
        assert_eq!(
            sandbox_href(gossip, &settings, Lang::En).as_deref(),
            Some("?lesson=sandbox&from=gossip&lang=en")
        );
    }

    /// The link of every lesson on the stage, with settings of its own,
    /// opens that lesson's network with those settings.
    #[test]
    fn the_address_gives_back_the_lessons_network() {
        for (code, pairs) in [
            ("web-page", &[("rtt", "300"), ("bandwidth", "1")][..]),
            ("email", &[("mta", "exim"), ("read", "pop3")]),
            ("server-under-load", &[("replicas", "4"), ("spread", "lc")]),
            ("streaming", &[("kind", "rtsp")]),
        ] {
            let lesson = Lesson::from_code(code).unwrap();
            let mut settings = Settings::default();
            for (name, value) in pairs {
                assert_eq!(settings.set_from_query(name, value), Some(Ok(())));
            }
            let href = sandbox_href(lesson, &settings, Lang::Es).unwrap();
            let (opened_lesson, opened) = network_from_address(&href, Lang::Es).unwrap().unwrap();
            assert_eq!(opened_lesson, lesson);
            assert_eq!(
                Some(&opened),
                from_lesson(lesson, &settings, Lang::Es).as_ref()
            );
            assert_ne!(
                Some(&opened),
                from_lesson(lesson, &Settings::default(), Lang::Es).as_ref(),
                "{code}: the settings changed the network"
            );
        }
        for &lesson in Lesson::ALL {
            if let Some(href) = sandbox_href(lesson, &Settings::default(), Lang::En) {
                assert!(matches!(network_from_address(&href, Lang::En), Some(Ok(_))));
            }
        }
    }

    #[test]
    fn an_address_without_a_lesson_opens_nothing_and_a_bad_one_says_why() {
        assert_eq!(network_from_address("?lesson=sandbox", Lang::En), None);
        let unknown = network_from_address("?lesson=sandbox&from=mainframe", Lang::En);
        let message = unknown.unwrap().unwrap_err().english();
        assert!(
            message.starts_with(
                "from: “mainframe” is not a lesson (the lessons: what-is-a-server, web-page,"
            ),
            "{message}"
        );
    }
}
