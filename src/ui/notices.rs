//! The banner listing what was ignored in the address, with a dismiss button.

use yew::prelude::*;

use super::url_params::Notice;
use cslab_scene::i18n::{Lang, Tr};

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    pub lang: Lang,
    pub notices: Vec<Notice>,
    pub on_dismiss: Callback<()>,
}

#[function_component(Notices)]
pub fn notices(props: &NoticesProps) -> Html {
    if props.notices.is_empty() {
        return html! {};
    }
    let tr = Tr(props.lang);
    let on_dismiss = props.on_dismiss.clone();
    html! {
        <div class="notices" role="status">
            <ul>
                { for props.notices.iter().map(|notice| html! { <li>{ notice.message(tr) }</li> }) }
            </ul>
            <button type="button" class="dismiss" onclick={move |_| on_dismiss.emit(())}>
                { tr.t("notice-dismiss") }
            </button>
        </div>
    }
}
