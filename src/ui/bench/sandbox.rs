//! The sandbox benchmark (`?bench=sandbox`): a network of 500 machines,
//! the sandbox's largest, built as a learner could ([`five_hundred`]),
//! played on the lessons' stage as the sandbox's Run plays it
//! ([`crate::ui::sandbox::played`], the stage re-rendered with the clock as
//! the page does), and the time between its animation frames measured:
//! the page holds 60 frames a second if they come 16.7 ms apart.

use yew::prelude::*;

use super::spread::Spread;
use super::{back_to_lab, now_ms};
use crate::ui::animation::use_animation_frames;
use crate::ui::stage::Stage;
use crate::ui::state::State;
use cslab_lessons::lesson::Lesson;
use cslab_lessons::lesson::playback::PlaybackStatus;
use cslab_sandbox::schema::MAX_MACHINES;
use cslab_sandbox::{Edit, Kind, MachineId, Network, Point};
use cslab_scene::i18n::{Lang, Tr};
use cslab_scene::kind::PacketKind;
use cslab_sim::net::Addr;
use cslab_sim::time::SimTime;

use super::animation::AnimationParams;

/// Machines a row, and the grid's steps, as the editor's browser test
/// lays out its 500 machines.
const ROW: usize = 25;
const STEP: (i64, i64) = (180, 160);
/// Each group of five machines in a row: a router, then four machines
/// linked to it.
const GROUP: usize = 5;

/// 500 machines in rows of 25: in each group of five, a router and four
/// browsers opening the web page lesson's page (`www.example.com`); the
/// routers linked in a grid (to the router before in their row and the one
/// above), so a page is a few hops away. The last two groups hold the web
/// server and the DNS the browsers need (a resolver, a root, `com`'s TLD
/// server and `example.com`'s authoritative server): 395 browsers in all.
/// The browsers' addresses are in 198.18.0.0/15, the network set aside
/// for benchmarks (RFC 2544, appendix C.2.2).
pub fn five_hundred() -> Network {
    let servers = [
        Kind::WebServer,
        Kind::Browser,
        Kind::Browser,
        Kind::Browser,
        Kind::DnsResolver,
        Kind::DnsRoot,
        Kind::DnsTld,
        Kind::DnsAuthoritative,
    ];
    let mut net = Network::default();
    let groups = MAX_MACHINES / GROUP;
    let mut browsers = 0_u32;
    for group in 0..groups {
        let mut router = None;
        for place in group * GROUP..(group + 1) * GROUP {
            let kind = match place % GROUP {
                0 => Kind::Router,
                n if group + 2 >= groups => servers[(group + 2 - groups) * 4 + n - 1],
                _ => Kind::Browser,
            };
            let at = Point {
                x: 100 + (place % ROW) as i64 * STEP.0,
                y: 100 + (place / ROW) as i64 * STEP.1,
            };
            let Ok(mut machine) = net.new_machine(kind, at, kind_name(kind)) else {
                continue;
            };
            if kind == Kind::Browser {
                browsers += 1;
                machine.address =
                    Addr::new(198, 18, (browsers / 250) as u8, (browsers % 250 + 1) as u8);
            }
            let id = machine.id;
            let _ = net.apply(&Edit::AddMachine(machine));
            match router {
                None => router = Some(id),
                Some(router) => link(&mut net, router, id),
            }
        }
        let router = router.unwrap_or(MachineId(0));
        let routers_a_row = (ROW / GROUP) as u32;
        if group % (ROW / GROUP) != 0 {
            link(&mut net, router, MachineId(router.0 - GROUP as u32));
        }
        if router.0 > routers_a_row * GROUP as u32 {
            link(&mut net, router, MachineId(router.0 - ROW as u32));
        }
    }
    net
}

fn link(net: &mut Network, a: MachineId, b: MachineId) {
    let link = net.new_link(a, b);
    let _ = net.apply(&Edit::Connect(link));
}

/// The machines' names, in English as the file keeps them.
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Router => "Router",
        Kind::Browser => "Browser",
        Kind::WebServer => "Web server",
        _ => "DNS",
    }
}

#[derive(Properties, PartialEq)]
pub struct SandboxBenchProps {
    pub lang: Lang,
    pub params: AnimationParams,
}

/// The figures at the end.
#[derive(Clone, Copy, PartialEq)]
struct Results {
    build_ms: f64,
    interval_ms: Spread,
    /// Network time the measured frames showed.
    shown: SimTime,
}

/// The frames so far: warm-up frames are not counted.
#[derive(Default)]
struct Frames {
    seen: u32,
    interval_ms: Vec<f64>,
    from: Option<SimTime>,
}

#[function_component(SandboxBenchPage)]
pub fn sandbox_bench_page(props: &SandboxBenchProps) -> Html {
    let tr = Tr(props.lang);
    let params = props.params;
    // Built as Run builds it, timed.
    let built = use_memo((), move |_| {
        let started = now_ms();
        let live = crate::ui::sandbox::played(&five_hundred(), 1);
        live.playback.borrow_mut().set_speed(params.speed);
        (live, now_ms() - started)
    });
    let state = use_reducer(|| State::new(props.lang, Lesson::default(), Vec::new()));
    let status = use_state(|| None::<PlaybackStatus>);
    let on_status = {
        let status = status.setter();
        Callback::from(move |now| status.set(Some(now)))
    };
    let frames = use_mut_ref(Frames::default);
    let results = use_state(|| None::<Results>);
    let warm_up = (params.frames / 10).clamp(5, 60);
    let on_frame = {
        let (frames, results, built) = (frames.clone(), results.setter(), built.clone());
        use_callback((), move |real_ms: f64, ()| {
            let live = &built.0;
            let now = live.playback.borrow().status().now;
            let mut frames = frames.borrow_mut();
            frames.seen += 1;
            if frames.seen <= warm_up {
                frames.from = Some(now);
                return;
            }
            frames.interval_ms.push(real_ms);
            if frames.interval_ms.len() as u32 == params.frames.max(1) {
                results.set(Some(Results {
                    build_ms: built.1,
                    interval_ms: Spread::of(&frames.interval_ms),
                    shown: now - frames.from.unwrap_or(now),
                }));
            }
        })
    };
    use_animation_frames(results.is_none(), on_frame);
    let now = (*status).map_or(SimTime::ZERO, |status| status.now);
    html! {
        <div class="bench-page bench-sandbox">
            <section class="card bench">
                <h1>{ tr.t("bench-sandbox-title") }</h1>
                <p>{ tr.t_args("bench-sandbox-workload", &[("frames", &params.frames.max(1).to_string())]) }</p>
                <Stage lang={props.lang} live={built.0.clone()} legend={(PacketKind::ALL.as_slice(), false)}
                       selected={None::<usize>} dispatch={state.dispatcher()} {on_status}
                       gauge={None::<(u32, u32)>} {now} />
                <p class="bench-status" role="status">
                    { if results.is_some() { tr.t("bench-done") } else { tr.t("bench-sandbox-measuring") } }
                </p>
                if let Some(results) = *results {
                    { results_list(props.lang, &results) }
                }
                { back_to_lab(props.lang) }
            </section>
        </div>
    }
}

fn results_list(lang: Lang, results: &Results) -> Html {
    let tr = Tr(lang);
    let ms = |value: f64| lang.decimal(value, 1);
    let spread = &results.interval_ms;
    html! {
        <dl class="bench-results">
            <dt>{ tr.t("bench-sandbox-build") }</dt>
            <dd class="build" data-ms={results.build_ms.to_string()}>{ format!("{} ms", ms(results.build_ms)) }</dd>
            <dt>{ tr.t("bench-anim-interval") }</dt>
            <dd class="interval" data-p50={spread.p50.to_string()} data-p95={spread.p95.to_string()}
                data-max={spread.max.to_string()}>
                { format!("{} / {} / {} ms", ms(spread.p50), ms(spread.p95), ms(spread.max)) }
            </dd>
            <dt>{ tr.t("bench-sandbox-shown") }</dt>
            <dd class="shown" data-ms={(results.shown.as_nanos() as f64 / 1e6).to_string()}>
                { format!("{} ms", lang.decimal(results.shown.as_nanos() as f64 / 1e6, 1)) }
            </dd>
        </dl>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_network_has_500_machines_that_run_395_browsers_opening_the_page() {
        let net = five_hundred();
        assert_eq!(net.machines.len(), 500);
        let browsers = (net.machines.iter()).filter(|m| m.kind == Kind::Browser);
        assert_eq!(browsers.count(), 395);
        // 495 machines linked to their group's router, the routers in a
        // grid 5 wide and 20 high.
        assert_eq!(net.links.len(), 400 + 4 * 20 + 5 * 19);
        // It is a file the sandbox takes.
        assert_eq!(Network::from_json(&net.to_json()), Ok(net.clone()));
    }
}
