//! Whether the learner's system asks for reduced motion
//! (`prefers-reduced-motion: reduce`, Media Queries Level 5; MDN: sites
//! should remove, reduce or replace movement then, WCAG 2.3.3). The stage
//! then draws packets standing still on their links
//! (`PacketView::at_rest`) and the controls say how to step instead. The
//! answer follows the setting if it changes while the page is open.

use yew::prelude::*;

const QUERY: &str = "(prefers-reduced-motion: reduce)";

#[hook]
pub fn use_reduced_motion() -> bool {
    let reduced = use_state(|| false);
    {
        let reduced = reduced.clone();
        use_effect_with((), move |_| {
            let list =
                web_sys::window().and_then(|window| window.match_media(QUERY).ok().flatten());
            let listener = list.map(|list| {
                reduced.set(list.matches());
                let changed = list.clone();
                gloo::events::EventListener::new(&list, "change", move |_| {
                    reduced.set(changed.matches())
                })
            });
            move || drop(listener)
        });
    }
    *reduced
}
