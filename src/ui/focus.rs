//! Focus that is not lost when a part of the page closes (WCAG 2.4.3, focus
//! order; the ARIA Authoring Practices' dialog pattern: focus moves into a
//! dialog as it opens and back to where it was when it closes).

use yew::prelude::*;

/// While the element behind `root` is on the page: on mount, remembers
/// what had the focus (and, with `focus_first`, moves the focus to
/// `focus_first`); on unmount, if the focus was inside `root` (or nowhere),
/// gives it back to what had it, if that is still on the page.
#[hook]
pub fn use_focus_return(root: NodeRef, focus_first: Option<NodeRef>) {
    use_effect_with((), move |_| {
        use wasm_bindgen::JsCast;
        let document = web_sys::window().and_then(|window| window.document());
        let before = document
            .as_ref()
            .and_then(|document| document.active_element());
        if let Some(first) = focus_first.and_then(|first| first.cast::<web_sys::HtmlElement>()) {
            let _ = first.focus();
        }
        move || {
            let now = document
                .as_ref()
                .and_then(|document| document.active_element());
            let inside = match (root.get(), &now) {
                (Some(root), Some(now)) => root.contains(Some(now)),
                _ => false,
            };
            let lost = now.is_none_or(|now| now.tag_name() == "BODY") || inside;
            if let Some(before) =
                before.and_then(|before| before.dyn_into::<web_sys::HtmlElement>().ok())
                && lost
                && before.is_connected()
            {
                let _ = before.focus();
            }
        }
    });
}
