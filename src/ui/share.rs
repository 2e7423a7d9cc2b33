//! What the "Share / embed" dialog hands a teacher: the link that opens the
//! lesson as it is set up now, and the iframe code for a course page. Pure,
//! so both are tested natively; the address is written by the same code
//! that keeps the page's own address (`lesson::address`), so it writes only
//! what differs from the defaults.

use super::panels::Panels;
use cslab_lessons::lesson::Lesson;
use cslab_lessons::lesson::settings::Settings;
use cslab_scene::i18n::Lang;

/// The iframe's size, the README's example: the stage and the side panel
/// side by side, the "open the full app" strip above.
const IFRAME_SIZE: (u32, u32) = (900, 560);

/// A lesson as a teacher wants it to open.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Setup {
    pub lang: Lang,
    pub lesson: Lesson,
    pub settings: Settings,
    /// The run plays at once (else it waits for Play).
    pub autoplay: bool,
    pub pause_at_steps: bool,
    pub panels: Panels,
}

impl Setup {
    /// The query string, lesson and language first, then only what differs
    /// from the defaults: the lesson's own settings (not those other lessons
    /// keep in the page's address), the stops, the start and the panels.
    pub fn query(&self) -> String {
        let mut pairs = vec![
            ("lesson", self.lesson.code().to_string()),
            ("lang", self.lang.code().to_string()),
        ];
        pairs.extend(self.lesson.spec().settings.to_query(&self.settings));
        pairs.extend((!self.pause_at_steps).then(|| ("pause-at-steps", "0".to_string())));
        pairs.extend((!self.autoplay).then(|| ("autoplay", "0".to_string())));
        pairs.extend(self.panels.to_query().map(|panels| ("panels", panels)));
        let pairs: Vec<String> = pairs
            .into_iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        format!("?{}", pairs.join("&"))
    }

    /// The link to the full page: `page` is the app's address without its
    /// query (`https://school.example/lab/`).
    pub fn link(&self, page: &str) -> String {
        format!("{page}{}", self.query())
    }

    /// The code for a course page: the lab in embed mode, titled for screen
    /// readers (WCAG 4.1.2 asks a frame for a name), at the README's size,
    /// and delegating no browser feature (`allow=""`: no camera, microphone
    /// or clipboard for the frame; the Permissions Policy's defaults then
    /// keep them from a frame of another origin).
    pub fn iframe(&self, page: &str, title: &str) -> String {
        let (width, height) = IFRAME_SIZE;
        format!(
            r#"<iframe src="{}" title="{}" width="{width}" height="{height}" allow=""></iframe>"#,
            attribute(&format!("{}&embed=1", self.link(page))),
            attribute(title),
        )
    }
}

/// `text` as a double-quoted HTML attribute's value.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_lessons::lesson::web_page::WebPageSettings;

    fn web_page() -> Setup {
        Setup {
            lang: Lang::Es,
            lesson: Lesson::from_code("web-page").unwrap(),
            settings: Settings::default(),
            autoplay: true,
            pause_at_steps: true,
            panels: Panels::ALL,
        }
    }

    #[test]
    fn the_link_says_only_what_differs_from_the_defaults() {
        let page = "https://school.example/lab/";
        assert_eq!(
            web_page().link(page),
            "https://school.example/lab/?lesson=web-page&lang=es"
        );
        let mut setup = web_page();
        setup.settings.web = WebPageSettings {
            https: true,
            ..WebPageSettings::default()
        };
        // Another lesson's setting stays out of this lesson's link.
        setup.settings.refusal.refusal = cslab_lessons::lesson::server_says_no::Refusal::Windows;
        setup.autoplay = false;
        setup.pause_at_steps = false;
        setup.panels = Panels::parse("story").unwrap();
        assert_eq!(
            setup.query(),
            "?lesson=web-page&lang=es&https=1&pause-at-steps=0&autoplay=0&panels=story"
        );
    }

    #[test]
    fn the_link_opens_the_setup_it_was_made_from() {
        use crate::ui::url_params::UrlParams;
        let mut setup = web_page();
        setup.settings.web.https = true;
        setup.autoplay = false;
        setup.panels = Panels::parse("none").unwrap();
        let read = UrlParams::parse(&setup.query());
        assert!(read.notices.is_empty(), "{:?}", read.notices);
        assert_eq!(
            (
                read.lang,
                read.lesson,
                read.settings,
                read.autoplay,
                read.panels
            ),
            (
                Some(Lang::Es),
                setup.lesson,
                setup.settings,
                Some(false),
                setup.panels
            )
        );
    }

    #[test]
    fn the_iframe_embeds_the_link_titled_and_escaped() {
        let code = web_page().iframe("https://school.example/lab/", r#"Lab: "A page""#);
        assert_eq!(
            code,
            r#"<iframe src="https://school.example/lab/?lesson=web-page&amp;lang=es&amp;embed=1" title="Lab: &quot;A page&quot;" width="900" height="560" allow=""></iframe>"#
        );
    }
}
