//! The app shell rendered natively (Yew server-side rendering): what a user
//! would read, in each language and layout.

use cslab::ui::app::{App, AppProps};
use cslab::ui::url_params::UrlParams;
use cslab_scene::i18n::{Lang, Tr};

async fn render(search: &str) -> String {
    let params = UrlParams::parse(search);
    let props = AppProps {
        lang: params.lang.unwrap_or_default(),
        lesson: params.lesson,
        sandbox: params.sandbox,
        settings: params.settings,
        embed: params.embed,
        pause_at_steps: params.pause_at_steps.unwrap_or(true),
        notices: params.notices,
        full_app_href: "/lab/?lang=es".into(),
        debug_panic: false,
        autoplay: params.autoplay.unwrap_or(true),
        panels: params.panels,
        page: "https://school.example/lab/".into(),
    };
    yew::LocalServerRenderer::<App>::with_props(props)
        .render()
        .await
}

#[tokio::test]
async fn the_shell_shows_header_stage_controls_and_narration() {
    let html = render("").await;
    let tr = Tr(Lang::En);
    for key in [
        "app-title",
        "node-browser",
        "node-dns",
        "node-root-dns",
        "node-web",
        "control-pause",
        "control-step",
        "lesson-web-title",
        "kind-dns",
    ] {
        assert!(html.contains(&tr.t(key)), "missing `{key}` in {html}");
    }
    assert!(html.contains("<header"), "the full app has a header");
    assert!(
        html.contains("203.0.113.80"),
        "the web server shows its address"
    );
    // Browser–router–server, router–local DNS–Internet, and the Internet to
    // the root, .com and example.com DNS servers.
    assert_eq!(html.matches("class=\"link\"").count(), 7);
}

#[tokio::test]
async fn the_address_chooses_the_panels_beside_the_stage() {
    let tr = Tr(Lang::En);
    let (narration, events) = (tr.t("panel-narration"), tr.t("events-title"));
    let html = render("?panels=story").await;
    assert!(html.contains(&narration) && !html.contains(&events));
    assert!(!html.contains("role=\"tablist\""), "no sequence tab");
    let html = render("?panels=events").await;
    assert!(!html.contains(&narration) && html.contains(&events));
    let html = render("?panels=none").await;
    assert!(!html.contains("side-panel") && html.contains("stage-only"));
    assert!(render("").await.contains(&narration));
}

#[tokio::test]
async fn each_language_renders_its_own_words() {
    for lang in [Lang::Es, Lang::It] {
        let html = render(&format!("?lang={}", lang.code())).await;
        let tr = Tr(lang);
        assert!(html.contains(&tr.t("lesson-web-title")));
        assert!(html.contains(&tr.t("control-step")));
        assert!(!html.contains(&Tr(Lang::En).t("lesson-web-title")));
    }
}

#[tokio::test]
async fn embed_hides_the_header_and_links_to_the_full_app() {
    let html = render("?embed=1&lang=es").await;
    assert!(!html.contains("<header"));
    assert!(html.contains(&Tr(Lang::Es).t("open-full-app")));
    assert!(html.contains("href=\"/lab/?lang=es\""));
}

#[tokio::test]
async fn the_refusal_lesson_draws_its_clients_and_narrates() {
    let html = render("?lesson=server-says-no&lang=es").await;
    let tr = Tr(Lang::Es);
    assert!(html.contains(&tr.t("lesson-refuse-title")));
    assert!(html.contains(&tr.t_args("node-client", &[("n", "4")])));
    assert!(html.contains(&tr.t("node-web")));
}

#[tokio::test]
async fn ignored_parameters_are_announced_in_the_users_language() {
    let html = render("?lang=it&zoom=3").await;
    assert!(html.contains("role=\"status\""));
    assert!(html.contains("zoom"));
    assert!(html.contains(&Tr(Lang::It).t("notice-dismiss")));
}

#[tokio::test]
async fn a_lesson_on_the_stage_links_to_itself_in_the_sandbox() {
    let html = render("?lesson=web-page&lang=es&rtt=100&https=1").await;
    assert!(
        html.contains(&Tr(Lang::Es).t("sandbox-open-lesson")),
        "{html}"
    );
    assert!(
        html.contains(
            "href=\"?lesson=sandbox&amp;from=web-page&amp;lang=es&amp;rtt=100&amp;https=1\""
        ),
        "{html}"
    );
    let html = render("?lesson=email&lang=it&mta=exim").await;
    assert!(html.contains(&Tr(Lang::It).t("sandbox-open-lesson")));
    assert!(html.contains("href=\"?lesson=sandbox&amp;from=email&amp;lang=it&amp;mta=exim\""));
    // Told in rounds, it opens as Bitcoin nodes relaying a block.
    let html = render("?lesson=gossip").await;
    assert!(html.contains("href=\"?lesson=sandbox&amp;from=gossip&amp;lang=en\""));
}

#[tokio::test]
async fn the_sandbox_shows_every_kind_and_the_example_network_in_each_language() {
    use cslab::ui::sandbox::storage::example;
    use cslab_sandbox::Kind;
    let net = example();
    for lang in Lang::ALL {
        let html = render(&format!("?lesson=sandbox&lang={}", lang.code())).await;
        let tr = Tr(lang);
        for key in [
            "sandbox-title",
            "sandbox-palette",
            "sandbox-undo",
            "sandbox-properties",
        ] {
            assert!(html.contains(&tr.t(key)), "{lang:?}: missing `{key}`");
        }
        for kind in Kind::ALL {
            let label = tr.t(kind.label_key());
            assert!(
                html.contains(&format!("<span>{label}</span>")),
                "{lang:?}: the palette lacks {label}"
            );
        }
        assert_eq!(html.matches("data-machine=").count(), net.machines.len());
        assert_eq!(html.matches("data-link=").count(), net.links.len());
        assert!(html.contains(&net.machines[0].name));
        assert!(
            !html.contains("[sandbox-"),
            "{lang:?}: a key without its message"
        );
        // No lesson plays under the sandbox.
        assert!(!html.contains(&tr.t("control-step")), "{lang:?}");
    }
}

#[tokio::test]
async fn a_sandbox_runs_charts_show_its_clients_and_busiest_links_up_to_the_clock() {
    use cslab::ui::sandbox::played;
    use cslab::ui::sandbox::run::charts::{RunChartsProps, SandboxCharts, Shown};
    use cslab::ui::sandbox::storage::example;
    use cslab_sim::time::SimTime;
    // The example: one browser opening a page; at 300 ms it is loading.
    let net = example();
    let live = played(&net, 1);
    let now = SimTime::from_millis(300);
    while live.playback.borrow().status().now < now {
        live.playback.borrow_mut().scrub(now);
    }
    for lang in Lang::ALL {
        let tr = Tr(lang);
        let props = RunChartsProps {
            lang,
            live: live.clone(),
            shown: Shown::at(&live, now).unwrap(),
        };
        let html = yew::LocalServerRenderer::<SandboxCharts>::with_props(props)
            .render()
            .await;
        assert!(html.contains(&tr.t("sandbox-charts-heading")), "{html}");
        assert!(html.contains(&tr.t("sandbox-chart-received")), "{lang:?}");
        assert!(
            !html.contains("[sandbox-"),
            "{lang:?}: a key without its message"
        );
        // The browser's line, and three links' charts with a line each way.
        assert!(html.contains(&format!("</svg>{}</li>", net.machines[0].name)));
        assert_eq!(
            html.matches("<figure class=\"chart\"").count(),
            4,
            "{lang:?}"
        );
        assert_eq!(html.matches("<polyline").count(), 1 + 3 * 2, "{lang:?}");
        assert_eq!(html.matches(" → ").count(), 3 * 2, "{lang:?}");
        // A point every 10 ms from zero to 300 ms: 31 on each line.
        let first = html.split("points=\"").nth(1).unwrap();
        let points = first[..first.find('"').unwrap()].split(' ').count();
        assert_eq!(points, 31, "{lang:?}");
        let window = tr.t_args("sandbox-charts-window", &[("ms", "10")]);
        assert!(html.contains(&window), "{lang:?}: {html}");
    }
}
