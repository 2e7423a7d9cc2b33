//! Nothing the learner builds is lost: the network is kept in the
//! browser's localStorage after each edit, as the sandbox's JSON file, and
//! read back when the page opens. It is written after the edit's frame is
//! on screen (the first task after the next animation frame; one write for
//! all the edits before it), not in the edit's own effect: at 500 machines
//! writing the file took a frame's budget of its own. What is not written
//! yet is written when the page is hidden or left (`pagehide`, and
//! `visibilitychange` to hidden, the last event a mobile browser surely
//! fires: https://developer.mozilla.org/docs/Web/API/Document/visibilitychange_event)
//! and when the sandbox closes. A stored network this version cannot
//! read is moved aside under [`REFUSED_KEY`], never deleted, and the page
//! says why and starts from the example.

use cslab_sandbox::{Network, Refusal};

/// Where the network is kept.
pub const KEY: &str = "cslab-sandbox";
/// Where a stored network that no longer fits is kept aside.
pub const REFUSED_KEY: &str = "cslab-sandbox-refused";

/// The network the page starts from when nothing is stored: the web page
/// lesson's path, so the stage is alive from the first second.
pub fn example() -> Network {
    Network::from_json(include_str!("../../../examples/sandbox/web-page.json")).unwrap_or_default()
}

/// What the page opens with: the stored network, or the example with the
/// reason the stored one was not taken.
pub fn restored(stored: Option<&str>) -> (Network, Option<Refusal>) {
    match stored.map(Network::from_json) {
        None => (example(), None),
        Some(Ok(net)) => (net, None),
        Some(Err(refusal)) => (example(), Some(refusal)),
    }
}

/// Keeps the network after each change (in the browser), once the
/// change is drawn.
#[cfg(target_arch = "wasm32")]
pub use browser::use_autosave;

/// Natively (the tests) there is no storage to keep it in.
#[cfg(not(target_arch = "wasm32"))]
#[yew::hook]
pub fn use_autosave(_editor: &yew::UseReducerHandle<super::editor::Editor>) {}

#[cfg(target_arch = "wasm32")]
pub mod browser {
    use std::cell::RefCell;

    use gloo::events::EventListener;
    use gloo::render::{AnimationFrame, request_animation_frame};
    use gloo::storage::{LocalStorage, Storage};
    use gloo::timers::callback::Timeout;
    use yew::prelude::*;

    use super::{KEY, REFUSED_KEY, restored};
    use crate::ui::sandbox::editor::Editor;
    use cslab_sandbox::{Network, Refusal};

    /// The change not kept yet, and the frame and task that will keep it.
    #[derive(Default)]
    struct Unsaved {
        editor: Option<UseReducerHandle<Editor>>,
        frame: Option<AnimationFrame>,
        after_frame: Option<Timeout>,
    }

    /// Keeps what is not kept yet, and forgets the frame and task waiting
    /// to (which also breaks their closures' hold on `unsaved`).
    fn flush(unsaved: &RefCell<Unsaved>) {
        let taken = std::mem::take(&mut *unsaved.borrow_mut());
        if let Some(editor) = taken.editor {
            save(editor.network());
        }
    }

    #[hook]
    pub fn use_autosave(editor: &UseReducerHandle<Editor>) {
        let unsaved = use_mut_ref(Unsaved::default);
        use_effect_with(editor.changes, {
            let (editor, unsaved) = (editor.clone(), unsaved.clone());
            move |&changes| {
                if changes > 0 {
                    let waiting = unsaved.borrow().frame.is_some();
                    unsaved.borrow_mut().editor = Some(editor);
                    if !waiting {
                        let frame = request_animation_frame({
                            let unsaved = unsaved.clone();
                            move |_| {
                                // A timer set in the frame's callback runs
                                // once the frame is drawn.
                                let timeout = Timeout::new(0, {
                                    let unsaved = unsaved.clone();
                                    move || flush(&unsaved)
                                });
                                unsaved.borrow_mut().after_frame = Some(timeout);
                            }
                        });
                        unsaved.borrow_mut().frame = Some(frame);
                    }
                }
            }
        });
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let on_pagehide = EventListener::new(&window, "pagehide", {
                let unsaved = unsaved.clone();
                move |_| flush(&unsaved)
            });
            let on_hidden = EventListener::new(&gloo::utils::document(), "visibilitychange", {
                let unsaved = unsaved.clone();
                move |_| {
                    if gloo::utils::document().hidden() {
                        flush(&unsaved)
                    }
                }
            });
            move || {
                flush(&unsaved);
                drop((on_pagehide, on_hidden));
            }
        });
    }

    /// The network to open with; a stored one that is refused is moved
    /// aside first.
    pub fn load() -> (Network, Option<Refusal>) {
        let storage = LocalStorage::raw();
        let stored = storage.get_item(KEY).ok().flatten();
        let (net, refusal) = restored(stored.as_deref());
        if let (Some(stored), Some(_)) = (&stored, &refusal) {
            let _ = storage.set_item(REFUSED_KEY, stored);
        }
        (net, refusal)
    }

    /// Keeps `net` (a full or private browser may refuse: the page goes on).
    pub fn save(net: &Network) {
        let _ = LocalStorage::raw().set_item(KEY, &net.to_json());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_is_a_whole_network() {
        let net = example();
        assert!(net.machines.len() >= 8, "{}", net.machines.len());
        assert!(!net.links.is_empty());
    }

    #[test]
    fn a_stored_network_comes_back_and_a_bad_one_gives_the_example_and_why() {
        let mut net = example();
        net.machines.truncate(1);
        net.links.clear();
        assert_eq!(restored(Some(&net.to_json())), (net, None));
        assert_eq!(restored(None), (example(), None));
        let (opened, refusal) = restored(Some(r#"{"version": 99, "machines": [], "links": []}"#));
        assert_eq!(opened, example());
        assert_eq!(refusal.map(|r| r.key), Some("sandbox-wrong-version"));
    }
}
