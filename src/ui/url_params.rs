//! Reading the page's query string. Pure Rust, so every case is tested
//! natively. A parameter we do not know, or a value we cannot use, is ignored
//! and reported as a notice; it never stops the page.

use std::str::FromStr;

use crate::ui::bench::AnimationParams;
use crate::ui::lesson_picker::SANDBOX;
use crate::ui::panels::Panels;
use cslab_lessons::lesson::Lesson;
use cslab_lessons::lesson::settings::Settings;
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::runs::queue::QueueParams;

/// What the query string asks for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UrlParams {
    /// `?lang=en|es|it`; `None` means "follow the browser".
    pub lang: Option<Lang>,
    /// `?embed=1`: no header, for an iframe in a course page.
    pub embed: bool,
    /// `?pause-at-steps=0`: the run plays on through the story's steps.
    pub pause_at_steps: Option<bool>,
    /// `?autoplay=0`: each run waits for Play instead of opening moving.
    pub autoplay: Option<bool>,
    /// `?panels=story,events`: the panels beside the stage that show.
    pub panels: Panels,
    /// `?parent-origin=https://school.example`: the only origin the course
    /// page's events go to (else any, `"*"`: they carry nothing private).
    pub parent_origin: Option<String>,
    /// `?lesson=web-page|server-says-no|server-under-load|cs-vs-p2p`: the
    /// lesson to open on; `?lesson=sandbox` opens the sandbox instead.
    pub lesson: Lesson,
    pub sandbox: bool,
    /// `?debug=panic`: fail on purpose after start-up, so the error panel can
    /// be seen and tested.
    pub debug_panic: bool,
    /// Every lesson's settings (`rtt`, `refusal`, `server`, `peers`,
    /// `nodes`...: see [`cslab_lessons::lesson::address`]), so a shared address
    /// opens a lesson as it was set up.
    pub settings: Settings,
    /// `?bench=queue|animation|load`: a benchmark page instead of the lab.
    pub bench: Option<Bench>,
    pub notices: Vec<Notice>,
}

/// The benchmark page asked for, with its parameters.
#[derive(Clone, Debug, PartialEq)]
pub enum Bench {
    /// `?bench=queue`: the engine benchmark, running the queue scenario with
    /// the same parameter names as `cslab-cli queue` (`servers`,
    /// `arrival-rate`, `service-rate`, `requests`, `queue-capacity`, `seed`,
    /// `rtt-ms`, `clients`), so a run in the page and on the command line can
    /// be compared.
    Queue(QueueParams),
    /// `?bench=animation`: the stage's frame loop on a large network, with
    /// `frames` to measure and the speed slider's stop `speed`.
    Animation(AnimationParams),
    /// `?bench=load`: 10 000 users on 8 servers, the run `cargo bench` times.
    Load,
    /// `?bench=sandbox`: a 500-machine sandbox network playing, with
    /// `frames` to measure and the speed slider's stop `speed`.
    Sandbox(AnimationParams),
    /// `?bench=run&kind=COMMAND&flag=value&switch`: `cslab-cli COMMAND
    /// --flag=value --switch`, run by the command line's own code.
    Run(Vec<String>),
}

/// Which page `?bench=` names, before its parameters are read.
#[derive(Clone, Copy)]
enum BenchKind {
    Queue,
    Animation,
    Load,
    Sandbox,
}

/// Something in the URL that was ignored, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    UnknownParam {
        name: String,
    },
    BadValue {
        name: String,
        value: String,
        expected: String,
    },
    NotANumber {
        name: String,
        value: String,
    },
    /// A language's messages could not be fetched (see `ui::languages`).
    LanguageUnavailable {
        lang: Lang,
        reason: String,
    },
}

impl Notice {
    pub fn message(&self, tr: Tr) -> String {
        match self {
            Notice::UnknownParam { name } => tr.t_args("notice-unknown-param", &[("name", name)]),
            Notice::BadValue {
                name,
                value,
                expected,
            } => tr.t_args(
                "notice-bad-value",
                &[("name", name), ("value", value), ("expected", expected)],
            ),
            Notice::NotANumber { name, value } => {
                tr.t_args("notice-not-number", &[("name", name), ("value", value)])
            }
            Notice::LanguageUnavailable { lang, reason } => tr.t_args(
                "notice-language-unavailable",
                &[("language", lang.native_name()), ("reason", reason)],
            ),
        }
    }
}

impl UrlParams {
    /// Parses `search`, with or without its leading `?`.
    pub fn parse(search: &str) -> UrlParams {
        let query = search.strip_prefix('?').unwrap_or(search);
        if query.split('&').any(|pair| pair == "bench=run") {
            return UrlParams::parse_run(query);
        }
        let mut params = UrlParams::default();
        let mut queue = QueueParams::benchmark(1_000_000);
        let mut animation = AnimationParams::default();
        let mut bench = None;
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = percent_decode(raw_name);
            let value = percent_decode(raw_value);
            let bad = |expected: &str| Notice::BadValue {
                name: name.clone(),
                value: value.clone(),
                expected: expected.to_string(),
            };
            match name.as_str() {
                "lang" => match Lang::from_code(&value) {
                    Some(lang) => params.lang = Some(lang),
                    None => params.notices.push(bad("en, es, it")),
                },
                "lesson" => match Lesson::from_code(&value) {
                    Some(lesson) => params.lesson = lesson,
                    None if value == SANDBOX => params.sandbox = true,
                    None => {
                        let mut codes = Lesson::codes();
                        codes.push(SANDBOX);
                        params.notices.push(bad(&codes.join(", ")))
                    }
                },
                // The lesson whose network the sandbox opens: read by the
                // sandbox page (`sandbox_from`), which says why if it cannot.
                "from" => {}
                "pause-at-steps" => match value.as_str() {
                    "1" => params.pause_at_steps = Some(true),
                    "0" => params.pause_at_steps = Some(false),
                    _ => params.notices.push(bad("0, 1")),
                },
                "autoplay" => match value.as_str() {
                    "1" => params.autoplay = Some(true),
                    "0" => params.autoplay = Some(false),
                    _ => params.notices.push(bad("0, 1")),
                },
                "panels" => match Panels::parse(&value) {
                    Ok(panels) => params.panels = panels,
                    Err(expected) => params.notices.push(bad(&expected)),
                },
                "parent-origin" => match is_origin(&value) {
                    true => params.parent_origin = Some(value.clone()),
                    false => params.notices.push(bad("https://school.example")),
                },
                "embed" => match value.as_str() {
                    "1" | "true" => params.embed = true,
                    "0" | "false" => params.embed = false,
                    _ => params.notices.push(bad("1, 0")),
                },
                "debug" => match value.as_str() {
                    "panic" => params.debug_panic = true,
                    _ => params.notices.push(bad("panic")),
                },
                "bench" => match value.as_str() {
                    "queue" => bench = Some(BenchKind::Queue),
                    "animation" => bench = Some(BenchKind::Animation),
                    "load" => bench = Some(BenchKind::Load),
                    "sandbox" => bench = Some(BenchKind::Sandbox),
                    _ => params
                        .notices
                        .push(bad("queue, animation, load, sandbox, run")),
                },
                "frames" => set_number(&mut animation.frames, &name, &value, &mut params.notices),
                "speed" => set_number(&mut animation.speed, &name, &value, &mut params.notices),
                "servers" => set_number(&mut queue.servers, &name, &value, &mut params.notices),
                "arrival-rate" => {
                    set_number(&mut queue.arrival_rate, &name, &value, &mut params.notices)
                }
                "service-rate" => {
                    set_number(&mut queue.service_rate, &name, &value, &mut params.notices)
                }
                "requests" => set_number(&mut queue.requests, &name, &value, &mut params.notices),
                "seed" => set_number(&mut queue.seed, &name, &value, &mut params.notices),
                "rtt-ms" => set_number(&mut queue.rtt_ms, &name, &value, &mut params.notices),
                "clients" => set_number(&mut queue.clients, &name, &value, &mut params.notices),
                "queue-capacity" => {
                    let mut capacity = 0;
                    set_number(&mut capacity, &name, &value, &mut params.notices);
                    queue.queue_capacity = Some(capacity);
                }
                _ => match params.settings.set_from_query(&name, &value) {
                    Some(Ok(())) => {}
                    Some(Err(expected)) => params.notices.push(bad(&expected)),
                    None => params.notices.push(Notice::UnknownParam { name }),
                },
            }
        }
        params.bench = bench.map(|kind| match kind {
            BenchKind::Queue => Bench::Queue(queue),
            BenchKind::Animation => Bench::Animation(animation),
            BenchKind::Load => Bench::Load,
            BenchKind::Sandbox => Bench::Sandbox(animation),
        });
        params
    }
}

impl UrlParams {
    /// `?bench=run`: `lang` as usual, `kind` the command, every other
    /// parameter a flag for it, in the order given.
    fn parse_run(query: &str) -> UrlParams {
        let mut params = UrlParams::default();
        let (mut command, mut flags) = (String::new(), Vec::new());
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let (name, value) = (percent_decode(raw_name), percent_decode(raw_value));
            match name.as_str() {
                "bench" => {}
                "lang" => params.lang = Lang::from_code(&value),
                "kind" => command = value,
                _ if value.is_empty() => flags.push(format!("--{name}")),
                _ => flags.push(format!("--{name}={value}")),
            }
        }
        params.bench = Some(Bench::Run(std::iter::once(command).chain(flags).collect()));
        params
    }
}

/// Whether `text` is an origin as `MessageEvent.origin` spells it: a
/// scheme, `://`, a host and perhaps a port, with no path (HTML's
/// serialization of an origin), so it can be compared with `==`.
fn is_origin(text: &str) -> bool {
    let host = ["https://", "http://"]
        .iter()
        .find_map(|scheme| text.strip_prefix(scheme));
    host.is_some_and(|host| {
        !host.is_empty() && !host.contains(['/', '?', '#', '@', ' ']) && !host.ends_with(':')
    })
}

/// Parses `value` into `slot`, or leaves `slot` as it was and says why.
fn set_number<T: FromStr>(slot: &mut T, name: &str, value: &str, notices: &mut Vec<Notice>) {
    match value.parse() {
        Ok(number) => *slot = number,
        Err(_) => notices.push(Notice::NotANumber {
            name: name.to_owned(),
            value: value.to_owned(),
        }),
    }
}

/// `search` with `name` set to `value` (or removed when `value` is `None`),
/// keeping every other parameter as it was, in order.
pub fn with_param(search: &str, name: &str, value: Option<&str>) -> String {
    let query = search.strip_prefix('?').unwrap_or(search);
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|pair| {
            !pair.is_empty() && percent_decode(pair.split('=').next().unwrap_or("")) != name
        })
        .map(str::to_owned)
        .collect();
    if let Some(value) = value {
        pairs.push(format!("{name}={value}"));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// The value of the parameter `name` in `search`, decoded (the first, if
/// it is given twice).
pub fn param(search: &str, name: &str) -> Option<String> {
    let query = search.strip_prefix('?').unwrap_or(search);
    (query.split('&'))
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .find(|(raw_name, _)| percent_decode(raw_name) == name)
        .map(|(_, raw_value)| percent_decode(raw_value))
}

/// Decodes `%XX` escapes and `+` (a space in form encoding). A broken escape
/// is kept as written rather than rejected: the value is then simply unknown.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_refusal_switch_is_read_and_a_bad_value_named() {
        use cslab_lessons::lesson::server_says_no::Refusal;
        let params = UrlParams::parse("?lesson=server-says-no&refusal=windows");
        assert_eq!(params.settings.refusal.refusal, Refusal::Windows);
        assert!(params.notices.is_empty());
        let params = UrlParams::parse("?refusal=bsd");
        assert_eq!(params.settings.refusal.refusal, Refusal::Linux);
        assert_eq!(
            params.notices,
            vec![Notice::BadValue {
                name: "refusal".into(),
                value: "bsd".into(),
                expected: "linux, linux-abort, windows, iis, proxy, closed-port".into(),
            }]
        );
    }

    use super::*;

    #[test]
    fn the_sandbox_opens_by_its_code_and_a_bad_lesson_still_gets_its_notice() {
        let params = UrlParams::parse("?lesson=sandbox");
        assert!(params.sandbox);
        assert!(params.notices.is_empty());
        let params = UrlParams::parse("?lesson=sandpit");
        assert!(!params.sandbox);
        let Notice::BadValue { expected, .. } = &params.notices[0] else {
            panic!("{:?}", params.notices);
        };
        assert!(expected.ends_with(", sandbox"), "{expected}");
    }

    #[test]
    fn reads_known_parameters() {
        let params = UrlParams::parse("?lang=it&embed=1&lesson=server-says-no");
        assert_eq!(params.lang, Some(Lang::It));
        assert_eq!(params.lesson.code(), "server-says-no");
        assert!(params.embed);
        assert!(params.notices.is_empty());
        assert_eq!(UrlParams::parse(""), UrlParams::default());
        assert_eq!(UrlParams::parse("?"), UrlParams::default());
    }

    #[test]
    fn reports_unknown_and_malformed_parameters_and_keeps_the_rest() {
        let params = UrlParams::parse("?lang=de&zoom=3&embed=maybe&lang%3D=x&%ZZ");
        assert_eq!(params.lang, None);
        assert!(!params.embed);
        assert_eq!(
            params.notices,
            vec![
                Notice::BadValue {
                    name: "lang".into(),
                    value: "de".into(),
                    expected: "en, es, it".into()
                },
                Notice::UnknownParam {
                    name: "zoom".into()
                },
                Notice::BadValue {
                    name: "embed".into(),
                    value: "maybe".into(),
                    expected: "1, 0".into()
                },
                Notice::UnknownParam {
                    name: "lang=".into()
                },
                Notice::UnknownParam { name: "%ZZ".into() },
            ]
        );
    }

    #[test]
    fn bench_takes_the_command_lines_queue_parameters() {
        let params = UrlParams::parse(
            "?bench=queue&servers=3&arrival-rate=2.5&requests=500&queue-capacity=4&seed=9",
        );
        let Some(Bench::Queue(queue)) = params.bench else {
            panic!("the queue benchmark: {:?}", params.bench);
        };
        assert_eq!(
            (queue.servers, queue.arrival_rate, queue.requests),
            (3, 2.5, 500)
        );
        assert_eq!((queue.queue_capacity, queue.seed), (Some(4), 9));
        assert_eq!(queue.service_rate, QueueParams::benchmark(1).service_rate);
        assert!(params.notices.is_empty());

        let params = UrlParams::parse("?bench=queue&requests=lots");
        let Some(Bench::Queue(queue)) = params.bench else {
            panic!("the queue benchmark: {:?}", params.bench);
        };
        assert_eq!(queue.requests, 1_000_000);
        assert_eq!(
            params.notices,
            vec![Notice::NotANumber {
                name: "requests".into(),
                value: "lots".into()
            }]
        );
        assert_eq!(UrlParams::parse("?requests=5").bench, None);
    }

    #[test]
    fn bench_animation_takes_frames_and_speed() {
        let params = UrlParams::parse("?bench=animation&frames=120&speed=3");
        assert_eq!(
            params.bench,
            Some(Bench::Animation(AnimationParams {
                frames: 120,
                speed: 3
            }))
        );
        assert!(params.notices.is_empty());
        assert_eq!(
            UrlParams::parse("?frames=9&bench=animation").bench,
            Some(Bench::Animation(AnimationParams {
                frames: 9,
                ..AnimationParams::default()
            }))
        );
        assert_eq!(UrlParams::parse("?bench=load").bench, Some(Bench::Load));
        assert_eq!(
            UrlParams::parse("?bench=sandbox&frames=60").bench,
            Some(Bench::Sandbox(AnimationParams {
                frames: 60,
                ..AnimationParams::default()
            }))
        );
        assert_eq!(
            UrlParams::parse("?bench=film").notices,
            vec![Notice::BadValue {
                name: "bench".into(),
                value: "film".into(),
                expected: "queue, animation, load, sandbox, run".into()
            }]
        );
    }

    #[test]
    fn bench_run_turns_the_query_into_a_command_line() {
        let params =
            UrlParams::parse("?kind=pageload&objects=4&tls&loss=0.02&bench=run&lang=es&seed=3");
        assert_eq!(params.lang, Some(Lang::Es));
        assert_eq!(
            params.bench,
            Some(Bench::Run(
                [
                    "pageload",
                    "--objects=4",
                    "--tls",
                    "--loss=0.02",
                    "--seed=3"
                ]
                .map(String::from)
                .to_vec()
            ))
        );
        assert!(params.notices.is_empty());
    }

    #[test]
    fn reads_the_teachers_parameters_and_names_bad_ones() {
        let params = UrlParams::parse(
            "?autoplay=0&panels=story,events&parent-origin=https%3A%2F%2Fschool.example%3A8443",
        );
        assert_eq!(params.autoplay, Some(false));
        assert_eq!(params.panels, Panels::parse("story,events").unwrap());
        assert_eq!(
            params.parent_origin.as_deref(),
            Some("https://school.example:8443")
        );
        assert!(params.notices.is_empty());
        let params = UrlParams::parse("?autoplay=yes&panels=chart&parent-origin=https://a.b/page");
        assert_eq!(
            (params.autoplay, params.panels, params.parent_origin),
            (None, Panels::ALL, None)
        );
        let named: Vec<_> = params
            .notices
            .iter()
            .map(|notice| match notice {
                Notice::BadValue { name, .. } => name.as_str(),
                _ => "other",
            })
            .collect();
        assert_eq!(named, ["autoplay", "panels", "parent-origin"]);
        for origin in ["https://school.example", "http://127.0.0.1:8080"] {
            assert!(is_origin(origin), "{origin}");
        }
        for origin in [
            "*",
            "school.example",
            "https://",
            "https://a.b/",
            "ftp://a.b",
        ] {
            assert!(!is_origin(origin), "{origin}");
        }
    }

    #[test]
    fn decodes_escapes() {
        assert_eq!(percent_decode("a%20b+c"), "a b c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%e2%9c%93"), "✓");
    }

    #[test]
    fn reads_one_parameters_value() {
        let search = "?lesson=sandbox&from=web%2Dpage&rtt=100&from=email&flag";
        assert_eq!(param(search, "from").as_deref(), Some("web-page"));
        assert_eq!(param(search, "rtt").as_deref(), Some("100"));
        assert_eq!(param(search, "flag").as_deref(), Some(""));
        assert_eq!(param(search, "lang"), None);
    }

    #[test]
    fn rewrites_one_parameter() {
        assert_eq!(
            with_param("?embed=1&lang=es", "lang", Some("it")),
            "?embed=1&lang=it"
        );
        assert_eq!(with_param("?embed=1&lang=es", "embed", None), "?lang=es");
        assert_eq!(with_param("?embed=1", "embed", None), "");
        assert_eq!(with_param("", "lang", Some("en")), "?lang=en");
    }

    #[test]
    fn notices_are_translated() {
        let notice = Notice::UnknownParam {
            name: "zoom".into(),
        };
        assert_ne!(notice.message(Tr(Lang::En)), notice.message(Tr(Lang::Es)));
        assert!(notice.message(Tr(Lang::It)).contains("zoom"));
    }
}
