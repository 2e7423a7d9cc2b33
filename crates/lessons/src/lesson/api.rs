//! The lesson "One API, three styles": a school's app asks an API for a
//! course and its students, as REST resources, in one GraphQL query or in a
//! SOAP envelope (`?style=`), then shows what else the style does; the
//! three styles' cost for that question is compared side by side.

use super::address::{InAddress, Param, Values, place};
use super::layout::world_topology;
use super::machine_state::{nat_rows, socket_rows};
use super::playback::SPEEDS_NS_PER_MS;
use super::questions::{Arg, Choice, Observed, Question};
use super::run::LessonRun;
use super::settings::Field;
use super::{LessonSpec, LessonView, SettingsCard, none};
use cslab_api::client::Style;
use cslab_api::world::{ApiParams, ApiSim};
use cslab_api::{graphql, rest, soap};
use cslab_scene::i18n::Lang;
use cslab_scene::kind::PacketKind;
use cslab_scene::story::{Plot, StoryStep};
use cslab_scene::topology::{NodeRole, Topology};
use cslab_sim::net::{NodeId, NodeKind, World};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::http::HttpKind;
use cslab_sim::time::SimTime;
use cslab_sim::trace::{TraceEvent, TraceMode};

pub const LESSON: LessonSpec = LessonSpec {
    code: "api",
    title_key: "lesson-api-title",
    intro_keys: &["lesson-api-intro-1", "lesson-api-intro-2"],
    view: LessonView::Stage { load_charts: false },
    card: SettingsCard::Api,
    speeds: &SPEEDS_NS_PER_MS,
    default_speed: 2,
    settings: &Field {
        get: |settings| &settings.api,
        get_mut: |settings| &mut settings.api,
    },
    legend: |_| (&API_LEGEND, false),
    plot: |_| Some(Plot::Api),
    try_next_key: "lesson-api-try",
    server_gauge: none,
    build: |settings, seed, _| {
        let sim = ApiSim::new(&ApiParams {
            style: settings.api.style,
            seed,
            trace: TraceMode::Full,
        });
        Some((api_topology(&sim), Box::new(sim)))
    },
    off_stage_run: None,
    prepare: none,
    questions: &[REQUESTS],
};

/// How many requests the app sends for a course and its students' names,
/// asked where the API accepts the connection and shown where the answer
/// is plain: REST's second request for the question (a resource's URL
/// each, the students a resource of their own), GraphQL's or SOAP's one
/// answer with everything (one POST naming the fields, GraphQL over
/// HTTP; one operation in one envelope, SOAP 1.1 §6).
const REQUESTS: Question = Question {
    key: "ask-api-requests",
    args: |settings| vec![("style", Arg::Words(style_label_key(settings.api.style)))],
    ask: StoryStep::ApiAccepted,
    reveal: &[
        StoryStep::RestStudents,
        StoryStep::GqlData,
        StoryStep::SoapResult,
    ],
    choices: |_| (1..=4).map(Choice::Number).collect(),
    observe: requests_for_the_course,
};

/// The app's requests sent by `until`, but for REST's list of courses
/// (which only told it where the course is), and the style they were in,
/// read from where they went.
fn requests_for_the_course(world: &World, until: SimTime) -> Option<Observed> {
    let app = (world.nodes().iter())
        .find(|node| node.kind == NodeKind::Host)?
        .id;
    let (trace, names) = (world.trace(), world.names());
    let mut sent = Vec::new();
    for record in trace.records().take_while(|record| record.t <= until) {
        let TraceEvent::PacketSent { pkt, src, .. } = record.ev else {
            continue;
        };
        let Some(header) = trace.header(pkt).filter(|_| src == app) else {
            continue;
        };
        let first_segment = header.msg.tcp.is_some_and(|segment| segment.rec_off == 0);
        if let AppMsg::Http(http) = header.msg.app
            && matches!(http.kind, HttpKind::Request { .. })
            && first_segment
        {
            sent.push(names.text(http.path));
        }
    }
    sent.retain(|&path| path != rest::COURSES);
    let explain_key = match *sent.first()? {
        graphql::ENDPOINT => "explain-api-graphql",
        soap::ENDPOINT => "explain-api-soap",
        _ => "explain-api-rest",
    };
    Some(Observed {
        answer: Choice::Number(sent.len() as u64),
        explain_key,
        args: vec![("requests", Arg::Number(sent.len() as u64))],
    })
}

/// What crosses: TCP's handshake and goodbye, HTTP messages, and the rest
/// of a body longer than a segment; nothing is sealed.
const API_LEGEND: [PacketKind; 3] = [PacketKind::TcpControl, PacketKind::Http, PacketKind::Data];

/// Which style the app asks in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ApiSettings {
    pub style: Style,
}

/// A style as the address names it.
pub fn style_code(style: Style) -> &'static str {
    match style {
        Style::Rest => "rest",
        Style::Graphql => "graphql",
        Style::Soap => "soap",
    }
}

/// The message id of a style's name.
pub fn style_label_key(style: Style) -> &'static str {
    match style {
        Style::Rest => "style-rest",
        Style::Graphql => "style-graphql",
        Style::Soap => "style-soap",
    }
}

impl InAddress for ApiSettings {
    const PARAMS: &'static [Param<Self>] = &[Param {
        name: "style",
        values: Values::Words(Style::ALL.len(), |i| style_code(Style::ALL[i])),
        get: |s| place(&Style::ALL, &s.style),
        set: |s, i| s.style = Style::ALL[i],
    }];
}

/// The laptop on the left, the API on the right.
fn api_topology(sim: &ApiSim) -> Topology {
    let ids = sim.nodes();
    world_topology(sim.world(), |node| match node.id {
        id if id == ids.laptop => (
            NodeRole::Laptop,
            "node-school-app",
            "role-school-app",
            90,
            220,
        ),
        id if id == ids.router => (
            NodeRole::Router,
            "node-home-router",
            "role-router",
            270,
            220,
        ),
        id if id == ids.internet => (NodeRole::Router, "node-internet", "role-internet", 450, 220),
        _ => (NodeRole::WebServer, "node-api", "role-api", 640, 220),
    })
}

impl LessonRun for ApiSim {
    fn world(&self) -> &World {
        ApiSim::world(self)
    }
    fn world_mut(&mut self) -> &mut World {
        ApiSim::world_mut(self)
    }
    /// The API's courses (with their students) and sockets.
    fn node_state(&self, node: NodeId, _lang: Lang) -> Vec<(&'static str, String)> {
        let ids = self.nodes();
        let world = self.world();
        match node {
            id if id == ids.laptop => socket_rows(world, &self.client().tcp, node, &[]),
            id if id == ids.router => nat_rows(world, id),
            id if id == ids.api => {
                let mut facts: Vec<(&'static str, String)> = (self.server().app.catalogue.courses)
                    .iter()
                    .map(|course| {
                        let students: Vec<&str> = course
                            .students
                            .iter()
                            .map(|(_, name)| name.as_str())
                            .collect();
                        (
                            "state-course",
                            format!("{} {}: {}", course.id, course.title, students.join(", ")),
                        )
                    })
                    .collect();
                facts.extend(socket_rows(world, &self.server().tcp, node, &[]));
                facts
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Lesson;
    use crate::lesson::settings::Settings;
    use cslab_scene::story::StoryStep::*;
    use cslab_sim::time::SimTime;

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<ApiSettings>();
    }

    fn told(style: Style) -> Vec<cslab_scene::story::StoryStep> {
        let settings = Settings {
            api: ApiSettings { style },
            ..Settings::default()
        };
        crate::lesson::told(&LESSON, &settings, SimTime::from_secs(10))
    }

    #[test]
    fn each_style_is_told_in_the_order_it_happens() {
        assert_eq!(
            told(Style::Rest),
            [
                ApiConnect,
                ApiAccepted,
                RestList,
                RestItem,
                RestStudents,
                RestCreate,
                RestCreated,
                RestReplace,
                RestDelete,
                RestDeleted,
                RestMissing,
                ApiDone
            ]
        );
        assert_eq!(
            told(Style::Graphql),
            [
                ApiConnect,
                ApiAccepted,
                GqlQuery,
                GqlData,
                GqlMutation,
                GqlNull,
                ApiDone
            ]
        );
        assert_eq!(
            told(Style::Soap),
            [
                ApiConnect,
                ApiAccepted,
                SoapCall,
                SoapResult,
                SoapAdd,
                SoapFault,
                ApiDone
            ]
        );
    }

    #[test]
    fn the_api_shows_its_courses_as_they_change() {
        let settings = Settings::default();
        let (_, mut run) = Lesson(&LESSON).build(&settings, 1).unwrap();
        let courses = |run: &dyn LessonRun| -> Vec<String> {
            run.node_state(NodeId(3), Lang::En)
                .into_iter()
                .filter(|(key, _)| *key == "state-course")
                .map(|(_, fact)| fact)
                .collect()
        };
        assert_eq!(
            courses(&*run),
            ["1 Networks: Ana, Luca, Marta", "2 Databases: Bruno"]
        );
        // A round trip is 40 ms (5 + 5 + 10 ms each way): after the
        // handshake and four requests, the PUT is sent at 0.20 s and
        // reaches the API at 0.22 s; the DELETE reaches it at 0.26 s.
        run.world_mut().run_until(SimTime::from_millis(230));
        assert_eq!(courses(&*run)[2], "3 Web APIs and JSON: ");
        run.world_mut().run_until(SimTime::from_secs(10));
        assert_eq!(courses(&*run).len(), 2, "the course created was deleted");
    }
}
