//! Events the lab tells the page that embeds it, as DOM events on its own
//! `window` (a `CustomEvent` whose `detail` is a plain object: DOM
//! Standard §2.4): the postMessage API forwards them to the course page.

use cslab_lessons::lesson::Lesson;
use cslab_lessons::lesson::questions::{Choice, Revealed, Said};
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// `cslab-question-answered`: the learner's prediction to a question met
/// the run's answer. `detail`: `lesson`, `question` (its id), `chosen` (a
/// number, the choice's id, or null when skipped), `answer` (the run's, the
/// same way) and `right`.
pub fn question_answered(lesson: Lesson, shown: &Revealed) {
    let detail = Object::new();
    let chosen = match shown.said {
        Said::Chose(choice) => choice_value(choice),
        Said::Skipped => JsValue::NULL,
    };
    for (name, value) in [
        ("lesson", JsValue::from_str(lesson.code())),
        ("question", JsValue::from_str(shown.question.key)),
        ("chosen", chosen),
        ("answer", choice_value(shown.observed.answer)),
        ("right", JsValue::from_bool(shown.right())),
    ] {
        let _ = Reflect::set(&detail, &JsValue::from_str(name), &value);
    }
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    let event = web_sys::CustomEvent::new_with_event_init_dict("cslab-question-answered", &init);
    if let (Some(window), Ok(event)) = (web_sys::window(), event) {
        let _ = window.dispatch_event(&event);
    }
}

fn choice_value(choice: Choice) -> JsValue {
    match choice {
        Choice::Words(key) => JsValue::from_str(key),
        Choice::Number(n) => JsValue::from_f64(n as f64),
    }
}
