//! The course page's API: messages between the lab in an iframe and the
//! page that embeds it (`window.postMessage`). Every message is an object
//! `{ source: "cslab", version: 1, type, ... }`. Events go out to the
//! parent only when the lab is in a frame; commands come in from the parent
//! only. The messages are read and written here, natively tested; the
//! browser's side is `browser` below. README, "Embedding in a course page",
//! documents both.

use cslab_lessons::lesson::Lesson;
use cslab_lessons::lesson::settings::Settings;
use cslab_scene::i18n::Lang;

/// Every message names the lab, so a course page that talks to other
/// frames tells ours apart.
pub const SOURCE: &str = "cslab";
/// The messages' version: a later change that breaks a field raises it.
pub const VERSION: u32 = 1;

/// What the course page asks of the lab.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Play,
    Pause,
    SetLanguage(Lang),
    /// The lesson with its defaults, changed by the given settings (the
    /// address's parameters, `{ https: "1" }`).
    LoadLesson(Lesson, Settings),
}

/// A message's fields as the browser hands them over: text, with numbers
/// written as text; `settings` as name and value pairs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Incoming {
    pub source: Option<String>,
    pub version: Option<String>,
    pub kind: Option<String>,
    pub lang: Option<String>,
    pub lesson: Option<String>,
    pub settings: Vec<(String, String)>,
}

impl Command {
    /// The command `message` asks for: `Ok(None)` if it is not the lab's
    /// (another script's message, left alone), an error saying what is
    /// wrong if it is ours but unusable (it is then ignored with a warning).
    pub fn read(message: &Incoming) -> Result<Option<Command>, String> {
        if message.source.as_deref() != Some(SOURCE) {
            return Ok(None);
        }
        if message.version.as_deref() != Some(&VERSION.to_string()) {
            return Err(format!("its version is not {VERSION}"));
        }
        let field =
            |value: &Option<String>, name: &str| value.clone().ok_or_else(|| format!("no {name}"));
        let command = match message.kind.as_deref() {
            Some("play") => Command::Play,
            Some("pause") => Command::Pause,
            Some("set-language") => {
                let lang = field(&message.lang, "lang")?;
                Command::SetLanguage(
                    Lang::from_code(&lang).ok_or(format!("lang {lang} is not en, es or it"))?,
                )
            }
            Some("load-lesson") => {
                let code = field(&message.lesson, "lesson")?;
                let lesson = Lesson::from_code(&code).ok_or(format!(
                    "lesson {code} is not one of {}",
                    Lesson::codes().join(", ")
                ))?;
                let mut settings = Settings::default();
                for (name, value) in &message.settings {
                    match settings.set_from_query(name, value) {
                        Some(Ok(())) => {}
                        Some(Err(expected)) => {
                            return Err(format!("setting {name}={value} is not one of {expected}"));
                        }
                        None => return Err(format!("no setting is called {name}")),
                    }
                }
                Command::LoadLesson(lesson, settings)
            }
            other => return Err(format!("unknown type {}", other.unwrap_or_default())),
        };
        Ok(Some(command))
    }
}

/// What the lab tells the course page.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A run of `lesson` began: when the page opens, and after each new
    /// lesson or settings (its steps count from 0 again).
    LessonLoaded { lesson: Lesson, lang: Lang },
    /// The run reached step `index` (from 0) of the lesson's story: `key`
    /// names the step whatever the language, `text` is what the learner
    /// reads.
    StepReached {
        lesson: Lesson,
        index: usize,
        key: &'static str,
        text: String,
    },
    /// The learner answered a predict-then-observe question: `question`
    /// names it, `answer` is the choice made, `correct` whether the run
    /// bore it out.
    QuestionAnswered {
        lesson: Lesson,
        question: String,
        answer: String,
        correct: bool,
    },
}

/// A field's value in an outgoing message.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Number(u32),
    Yes(bool),
}

impl Event {
    /// The message's fields, `source`, `version` and `type` first.
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        let text = |text: &str| Value::Text(text.to_string());
        let (kind, lesson) = match self {
            Event::LessonLoaded { lesson, .. } => ("lesson-loaded", lesson),
            Event::StepReached { lesson, .. } => ("step-reached", lesson),
            Event::QuestionAnswered { lesson, .. } => ("question-answered", lesson),
        };
        let mut fields = vec![
            ("source", text(SOURCE)),
            ("version", Value::Number(VERSION)),
            ("type", text(kind)),
            ("lesson", text(lesson.code())),
        ];
        match self {
            Event::LessonLoaded { lang, .. } => fields.push(("lang", text(lang.code()))),
            Event::StepReached {
                index,
                key,
                text: said,
                ..
            } => fields.extend([
                ("index", Value::Number(*index as u32)),
                ("key", text(key)),
                ("text", text(said)),
            ]),
            Event::QuestionAnswered {
                question,
                answer,
                correct,
                ..
            } => fields.extend([
                ("question", text(question)),
                ("answer", text(answer)),
                ("correct", Value::Yes(*correct)),
            ]),
        }
        fields
    }
}

/// The browser's side: posting events to the parent and listening for its
/// commands.
#[cfg(target_arch = "wasm32")]
pub mod browser {
    use std::cell::RefCell;

    use js_sys::{Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};

    use gloo::events::EventListener;
    use yew::prelude::*;

    use super::{Command, Event, Incoming, Value};
    use crate::ui::languages::switch_to;
    use crate::ui::live::LiveLesson;
    use crate::ui::side_panel::step_text;
    use crate::ui::state::{Action, State};
    use cslab_lessons::lesson::Lesson;
    use cslab_lessons::lesson::playback::PlaybackStatus;
    use cslab_scene::i18n::{Lang, Tr};
    use cslab_scene::story::Plot;
    use cslab_sim::time::SimTime;

    thread_local! {
        /// `?parent-origin=`, set once as the page starts; events then go
        /// to that origin only, else to any (`"*"`).
        static PARENT_ORIGIN: RefCell<Option<String>> = const { RefCell::new(None) };
    }

    pub fn set_parent_origin(origin: Option<String>) {
        PARENT_ORIGIN.with(|slot| *slot.borrow_mut() = origin);
    }

    /// The window that embeds the lab, if it is in a frame (a page's own
    /// `parent` is itself).
    pub fn parent() -> Option<web_sys::Window> {
        let window = web_sys::window()?;
        let parent = window.parent().ok().flatten()?;
        (!Object::is(&parent, &window)).then_some(parent)
    }

    /// Posts `event` to the embedding page, if there is one. MDN: name the
    /// receiver's origin when the message is private; ours are not (a
    /// lesson's name, a step's sentence, an answer to a quiz), so `"*"`
    /// unless the teacher named the course page's origin.
    pub fn send(event: &Event) {
        let Some(parent) = parent() else {
            return;
        };
        let message = Object::new();
        for (name, value) in event.fields() {
            let value = match value {
                Value::Text(text) => JsValue::from_str(&text),
                Value::Number(number) => JsValue::from(number),
                Value::Yes(yes) => JsValue::from_bool(yes),
            };
            let _ = Reflect::set(&message, &name.into(), &value);
        }
        let origin = PARENT_ORIGIN.with(|slot| slot.borrow().clone());
        let _ = parent.post_message(&message, origin.as_deref().unwrap_or("*"));
    }

    /// Tells the course page that the learner answered `question` with
    /// `answer`, once the run has shown whether it is `correct`.
    pub fn send_question_answered(lesson: Lesson, question: &str, answer: &str, correct: bool) {
        send(&Event::QuestionAnswered {
            lesson,
            question: question.to_string(),
            answer: answer.to_string(),
            correct,
        });
    }

    /// Tells the course page when a run begins (`lesson-loaded`) and each
    /// step of its story as the clock reaches it (`step-reached`, in order;
    /// stepping back and on again reaches a step again).
    #[hook]
    pub fn use_course_events(
        live: LiveLesson,
        lesson: Lesson,
        plot: Option<Plot>,
        lang: Lang,
        now: SimTime,
        ready: bool,
    ) {
        let reached = use_mut_ref(|| 0usize);
        use_effect_with((live.clone(), ready), {
            let reached = reached.clone();
            move |&(_, ready): &(LiveLesson, bool)| {
                if ready {
                    *reached.borrow_mut() = 0;
                    send(&Event::LessonLoaded { lesson, lang });
                }
            }
        });
        use_effect_with((live, now), move |(live, now): &(LiveLesson, SimTime)| {
            let (Some(plot), true, Some(_)) = (plot, ready, parent()) else {
                return;
            };
            let playback = live.playback.borrow();
            let Some(world) = playback.world() else {
                return;
            };
            let steps = playback.story_until(*now);
            let mut reached = reached.borrow_mut();
            for (index, &(_, step)) in steps.iter().enumerate().skip(*reached) {
                send(&Event::StepReached {
                    lesson,
                    index,
                    key: plot.key(step),
                    text: step_text(Tr(lang), plot, world, &steps, step),
                });
            }
            *reached = steps.len();
        });
    }

    /// Obeys the course page's commands while `live` is the run on screen.
    /// A command with an unknown type or bad fields is ignored with a
    /// warning in the console.
    #[hook]
    pub fn use_course_commands(
        live: LiveLesson,
        on_status: Callback<PlaybackStatus>,
        dispatch: UseReducerDispatcher<State>,
    ) {
        use_effect_with(live, move |live| {
            let live = live.clone();
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "message", move |event| {
                    let Some(incoming) = event.dyn_ref().and_then(incoming) else {
                        return;
                    };
                    match Command::read(&incoming) {
                        Ok(None) => {}
                        Err(why) => web_sys::console::warn_1(
                            &format!("Client-Server Lab ignored a course page's message: {why}")
                                .into(),
                        ),
                        Ok(Some(Command::Play | Command::Pause)) => {
                            let mut playback = live.playback.borrow_mut();
                            // Playing past a question would skip it: it is
                            // the learner's to answer.
                            if playback.status().question.is_none() {
                                playback.set_playing(incoming.kind.as_deref() == Some("play"));
                            }
                            on_status.emit(playback.status());
                        }
                        Ok(Some(Command::SetLanguage(lang))) => switch_to(lang, dispatch.clone()),
                        Ok(Some(Command::LoadLesson(lesson, settings))) => {
                            dispatch.dispatch(Action::LoadLesson(lesson, settings))
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    /// The fields of a message from the parent, or `None` if it is not
    /// from the parent (MDN: check who sent a message before acting on it;
    /// with `?parent-origin=` its origin must be that one too).
    pub fn incoming(event: &web_sys::MessageEvent) -> Option<Incoming> {
        let parent = parent()?;
        let from_parent = event
            .source()
            .is_some_and(|source| Object::is(&source, &parent));
        let origin = PARENT_ORIGIN.with(|slot| slot.borrow().clone());
        if !from_parent || origin.is_some_and(|origin| origin != event.origin()) {
            return None;
        }
        let data = event.data();
        if !data.is_object() {
            return None;
        }
        let text = |value: JsValue| {
            value
                .as_string()
                .or_else(|| value.as_f64().map(|number| number.to_string()))
        };
        let field = |name: &str| Reflect::get(&data, &name.into()).ok().and_then(text);
        let settings = Reflect::get(&data, &"settings".into())
            .ok()
            .and_then(|settings| settings.dyn_into::<Object>().ok())
            .map(|settings| {
                Object::entries(&settings)
                    .iter()
                    .filter_map(|entry| {
                        let entry: js_sys::Array = entry.dyn_into().ok()?;
                        Some((entry.get(0).as_string()?, text(entry.get(1))?))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Incoming {
            source: field("source"),
            version: field("version"),
            kind: field("type"),
            lang: field("lang"),
            lesson: field("lesson"),
            settings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(kind: &str) -> Incoming {
        Incoming {
            source: Some(SOURCE.into()),
            version: Some("1".into()),
            kind: Some(kind.into()),
            ..Incoming::default()
        }
    }

    #[test]
    fn commands_are_read() {
        assert_eq!(Command::read(&ours("play")), Ok(Some(Command::Play)));
        assert_eq!(Command::read(&ours("pause")), Ok(Some(Command::Pause)));
        let lang = Incoming {
            lang: Some("it".into()),
            ..ours("set-language")
        };
        assert_eq!(
            Command::read(&lang),
            Ok(Some(Command::SetLanguage(Lang::It)))
        );
        let load = Incoming {
            lesson: Some("web-page".into()),
            settings: vec![("https".into(), "1".into()), ("rtt".into(), "100".into())],
            ..ours("load-lesson")
        };
        let mut settings = Settings::default();
        settings.web.https = true;
        settings.web.rtt_ms = 100;
        assert_eq!(
            Command::read(&load),
            Ok(Some(Command::LoadLesson(
                Lesson::from_code("web-page").unwrap(),
                settings
            )))
        );
    }

    #[test]
    fn anothers_message_is_left_alone_and_a_bad_one_of_ours_is_refused() {
        let theirs = Incoming {
            source: Some("other-widget".into()),
            ..ours("play")
        };
        assert_eq!(Command::read(&theirs), Ok(None));
        assert_eq!(Command::read(&Incoming::default()), Ok(None));
        let refused = [
            ours("dance"),
            Incoming {
                version: Some("2".into()),
                ..ours("play")
            },
            Incoming {
                version: None,
                ..ours("play")
            },
            ours("set-language"),
            Incoming {
                lang: Some("de".into()),
                ..ours("set-language")
            },
            Incoming {
                lesson: Some("chess".into()),
                ..ours("load-lesson")
            },
            Incoming {
                lesson: Some("web-page".into()),
                settings: vec![("https".into(), "maybe".into())],
                ..ours("load-lesson")
            },
            Incoming {
                lesson: Some("web-page".into()),
                settings: vec![("zoom".into(), "2".into())],
                ..ours("load-lesson")
            },
        ];
        for message in refused {
            assert!(Command::read(&message).is_err(), "{message:?}");
        }
    }

    #[test]
    fn events_carry_the_source_the_version_and_their_fields() {
        let lesson = Lesson::from_code("email").unwrap();
        let text = |text: &str| Value::Text(text.into());
        let answered = Event::QuestionAnswered {
            lesson,
            question: "mx-down-wait".into(),
            answer: "20 min".into(),
            correct: true,
        };
        assert_eq!(
            answered.fields(),
            vec![
                ("source", text("cslab")),
                ("version", Value::Number(1)),
                ("type", text("question-answered")),
                ("lesson", text("email")),
                ("question", text("mx-down-wait")),
                ("answer", text("20 min")),
                ("correct", Value::Yes(true)),
            ]
        );
        let step = Event::StepReached {
            lesson,
            index: 2,
            key: "step-key",
            text: "Alice writes".into(),
        };
        let names: Vec<_> = step.fields().into_iter().map(|(name, _)| name).collect();
        assert_eq!(
            names,
            [
                "source", "version", "type", "lesson", "index", "key", "text"
            ]
        );
        let loaded = Event::LessonLoaded {
            lesson,
            lang: Lang::Es,
        };
        assert_eq!(loaded.fields()[2], ("type", text("lesson-loaded")));
        assert_eq!(loaded.fields()[4], ("lang", text("es")));
    }
}
