//! The form fields of the lessons' settings cards: a labelled select and a
//! labelled checkbox, each reporting the learner's choice.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use cslab_scene::i18n::Lang;

/// A select of `choices` (text, selected) under `label`; `on_pick` hears the
/// index chosen.
pub fn select_field(label: String, choices: Vec<(String, bool)>, on_pick: Callback<usize>) -> Html {
    let onchange = move |event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        on_pick.emit(select.selected_index().max(0) as usize);
    };
    html! {
        <label>
            <span>{ label }</span>
            <select {onchange}>
                { for choices.into_iter().map(|(text, selected)| html! { <option {selected}>{ text }</option> }) }
            </select>
        </label>
    }
}

/// A checkbox beside `label`; `on_toggle` hears its new state.
pub fn check_field(label: String, checked: bool, on_toggle: Callback<bool>) -> Html {
    let onchange = move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        on_toggle.emit(input.checked());
    };
    html! {
        <label class="check"><input type="checkbox" {checked} {onchange} /><span>{ label }</span></label>
    }
}

/// `choices` written in `lang` with `unit`, the `current` one selected.
pub fn numbers(lang: Lang, choices: &[u32], unit: &str, current: u32) -> Vec<(String, bool)> {
    choices
        .iter()
        .map(|&choice| {
            // A percentage is spaced as the language spaces it (80% / 80 %).
            let text = match unit {
                "%" => lang.percent(f64::from(choice) / 100.0, 0),
                _ => format!("{} {unit}", lang.integer(choice.into())),
            };
            (text.trim_end().to_string(), choice == current)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_written_in_the_language() {
        // 10000 peers, 2 % loss, 50 ms: as each language writes them.
        assert_eq!(numbers(Lang::En, &[10_000], "", 0)[0].0, "10,000");
        assert_eq!(numbers(Lang::Es, &[2], "%", 0)[0].0, "2\u{a0}%");
        assert_eq!(
            numbers(Lang::It, &[2, 50], "ms", 50),
            [("2 ms".to_string(), false), ("50 ms".to_string(), true)]
        );
    }
}
