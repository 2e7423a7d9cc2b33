//! The sandbox's "Share" dialog: the address that carries the network
//! (`?lesson=sandbox#net=…`, crates/sandbox/src/share.rs), to copy as the
//! lessons' share dialog copies its link; and reading that address when the
//! page opens.

use yew::prelude::*;

use crate::ui::share_dialog::{Copied, copy_button, use_modal};
use cslab_sandbox::share::{FRAGMENT_KEY, fragment_of_deflated, from_url_fragment};
use cslab_sandbox::{Network, Refusal};
use cslab_scene::i18n::{Lang, Tr};

/// Above this many characters the dialog warns that a program may cut the
/// address: RFC 9110 §4.1 asks every sender and recipient to take 8,000.
pub const LONG_ADDRESS: usize = 8_000;

/// The address as the dialog shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum SharedAddress {
    /// The browser is deflating the network.
    Packing,
    Ready(String),
    /// The browser has no CompressionStream.
    NoDeflate,
}

/// The address of the sandbox at `page` with the network whose JSON the
/// browser deflated into `deflated`.
pub fn address(page: &str, deflated: &[u8]) -> String {
    format!(
        "{page}?lesson=sandbox#{FRAGMENT_KEY}{}",
        fragment_of_deflated(deflated)
    )
}

/// The network an address's fragment (`location.hash`, `#` included)
/// carries, or why it cannot; `None` when it carries none.
pub fn network_in_hash(hash: &str) -> Option<Result<Network, Refusal>> {
    let fragment = hash.strip_prefix('#')?.strip_prefix(FRAGMENT_KEY)?;
    Some(from_url_fragment(fragment))
}

#[derive(Properties, PartialEq)]
pub struct ShareAddressProps {
    pub lang: Lang,
    pub address: SharedAddress,
    pub on_close: Callback<()>,
}

/// A modal `<dialog>` as the lessons' (src/ui/share_dialog.rs): focus moves
/// in, Escape closes it and focus goes back to the Share button.
#[function_component(ShareAddress)]
pub fn share_address(props: &ShareAddressProps) -> Html {
    let tr = Tr(props.lang);
    let (dialog_ref, close) = use_modal();
    let text_ref = use_node_ref();
    let copied = use_state(|| None::<Copied>);
    let body = match &props.address {
        SharedAddress::Packing => html! { <p role="status">{ tr.t("sandbox-share-packing") }</p> },
        SharedAddress::NoDeflate => {
            html! { <p role="alert">{ tr.t("sandbox-share-no-deflate") }</p> }
        }
        SharedAddress::Ready(address) => {
            let status = match *copied {
                Some(Copied::Done(_)) => tr.t("share-copied"),
                Some(Copied::Selected(_)) => tr.t("share-copy-selected"),
                None => String::new(),
            };
            let length = address.chars().count();
            let onclick = copy_button(0, address.clone(), text_ref.clone(), copied.clone());
            html! {
                <div class="share-output">
                    <label for="sandbox-share-address">{ tr.t("sandbox-share-address") }</label>
                    <textarea id="sandbox-share-address" ref={text_ref.clone()} readonly=true rows="4"
                              spellcheck="false" value={address.clone()} />
                    <p class="hint">
                        { tr.t_args("sandbox-share-length", &[("length", &length.to_string())]) }
                        if length > LONG_ADDRESS {
                            { " " }{ tr.t("sandbox-share-long") }
                        }
                    </p>
                    <div class="share-copy">
                        <button type="button" {onclick}>{ tr.t("share-copy") }</button>
                        <span role="status">{ status }</span>
                    </div>
                </div>
            }
        }
    };
    html! {
        <dialog class="share-dialog sandbox-share" ref={dialog_ref} aria-labelledby="sandbox-share-heading"
                onclose={props.on_close.reform(|_| ())}>
            <div class="share-head">
                <h2 id="sandbox-share-heading">{ tr.t("sandbox-share-heading") }</h2>
                <button type="button" class="close" onclick={close}>{ tr.t("share-close") }</button>
            </div>
            <p class="hint">{ tr.t("sandbox-share-intro") }</p>
            { body }
        </dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_sandbox::share::to_url_fragment;

    fn example() -> Network {
        Network::from_json(include_str!("../../../examples/sandbox/web-page.json")).unwrap()
    }

    #[test]
    fn the_address_carries_the_network_after_net() {
        let fragment = to_url_fragment(&example());
        let hash = format!("#net={fragment}");
        assert_eq!(network_in_hash(&hash), Some(Ok(example())));
        // What the dialog writes starts at the page and opens the sandbox.
        let written = address("https://school.example/lab/", &[0x03, 0x00]);
        assert_eq!(
            written,
            "https://school.example/lab/?lesson=sandbox#net=AwA"
        );
    }

    #[test]
    fn another_fragment_is_not_a_network_and_a_damaged_one_is_refused() {
        assert_eq!(network_in_hash(""), None);
        assert_eq!(network_in_hash("#events"), None);
        let refused = network_in_hash("#net=%%%").unwrap().unwrap_err();
        assert_eq!(refused.key, "sandbox-share-bad-character");
        assert_eq!(
            network_in_hash("#net=").unwrap().unwrap_err().key,
            "sandbox-share-empty"
        );
    }
}
