//! How far a long piece of work has got: a bar drawn as an SVG rectangle
//! with the role `progressbar`, not a `<progress>` element. Chromium styles
//! `<progress>` from a part of its own style sheet that it loads when a page
//! shows its first one: on the 2-core machine that was 4.4 ms of style work
//! in the click that started a sweep (Chromium's trace, 2026-12-06), a
//! quarter of the main thread's 16 ms (issue 19).

use yew::prelude::*;

/// A bar `fraction` (0 to 1) full, named `label` for screen readers.
pub fn progress_bar(class: &'static str, fraction: f64, label: String) -> Html {
    let percent = (fraction.clamp(0.0, 1.0) * 100.0).round() as u32;
    html! {
        <svg class={classes!("progress-bar", class)} role="progressbar" aria-label={label}
             aria-valuemin="0" aria-valuemax="100" aria-valuenow={percent.to_string()}
             viewBox="0 0 100 1" preserveAspectRatio="none">
            <rect width={percent.to_string()} height="1" />
        </svg>
    }
}
