//! The comparison's runs in a Web Worker, so that 10,000 peers never hold
//! the page's thread: the page's own wasm, in the sweeps' worker script
//! (`assets/sweep-worker.js`), answers the comparison's jobs with frames
//! (`cslab_lessons::lesson::compare::Runner`). Should the worker fail, the
//! runs go on in the page, as they do where no worker can start.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use super::sweep_workers::{reason, spawn_workers};
use cslab_lessons::lesson::compare::{Here, Runner};
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::{Closure, JsValue};
use web_sys::MessageEvent;

pub struct CompareWorker {
    worker: web_sys::Worker,
    /// What the worker said, in order: frames, or why it failed.
    said: Rc<RefCell<VecDeque<JsValue>>>,
    _listeners: [Closure<dyn FnMut(JsValue)>; 2],
    /// The jobs sent and not answered yet, in order (the worker answers
    /// in order); the last is sent here if the worker fails.
    unanswered: VecDeque<String>,
    /// The jobs answered in the page instead, once the worker failed.
    here: Option<Here>,
}

impl CompareWorker {
    /// A worker for the runs, if one starts.
    pub fn start() -> Option<Box<dyn Runner>> {
        let worker = spawn_workers(1).ok()?.pop()?;
        let said = Rc::new(RefCell::new(VecDeque::new()));
        let listen = |read: fn(JsValue) -> JsValue| {
            let said = said.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event| {
                said.borrow_mut().push_back(read(event))
            })
        };
        let on_message = listen(|event| event.unchecked_into::<MessageEvent>().data());
        // The script or the glue failed to load, or the wasm trapped.
        let on_error = listen(|event| Reflect::get(&event, &"message".into()).unwrap_or_default());
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Box::new(CompareWorker {
            worker,
            said,
            _listeners: [on_message, on_error],
            unanswered: VecDeque::new(),
            here: None,
        }))
    }

    /// The worker failed: it stops, and the runs go on here.
    fn fail(&mut self, why: &JsValue) -> &mut Here {
        web_sys::console::error_2(
            &"The comparison's worker failed:".into(),
            &reason(why).into(),
        );
        self.worker.terminate();
        let here = self.here.insert(Here::default());
        if let Some(job) = self.unanswered.pop_back() {
            here.post(job);
        }
        here
    }
}

impl Drop for CompareWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl Runner for CompareWorker {
    fn post(&mut self, job: String) {
        if let Some(here) = &mut self.here {
            return here.post(job);
        }
        let message = js_sys::Object::new();
        let sent = Reflect::set(&message, &"compare".into(), &job.as_str().into())
            .and_then(|_| self.worker.post_message(&message));
        self.unanswered.push_back(job);
        if let Err(why) = sent {
            self.fail(&why);
        }
    }

    fn take(&mut self) -> Option<Vec<u8>> {
        if let Some(here) = &mut self.here {
            return here.take();
        }
        let said = self.said.borrow_mut().pop_front()?;
        match said.dyn_ref::<Uint8Array>() {
            Some(frame) => {
                self.unanswered.pop_front();
                Some(frame.to_vec())
            }
            None => self.fail(&said).take(),
        }
    }

    fn fit_frame(&mut self, spent_ms: f64, budget_ms: f64) {
        if let Some(here) = &mut self.here {
            here.fit_frame(spent_ms, budget_ms);
        }
    }

    fn in_background(&self) -> bool {
        self.here.is_none()
    }
}
