//! The sandbox's file bar: Save the network as `network.json`, Open a
//! network file (one that does not fit is refused with its message and the
//! network on the stage stays as it was: [`super::opening`]), Share it as
//! an address, and Export the stage as a PNG or an SVG picture.

use yew::prelude::*;

use super::editor::Editor;
use super::opening::{Opened, Source, open};
use super::share_address::{ShareAddress, SharedAddress, address};
use crate::ui::download;
use cslab_sandbox::{Network, Refusal};
use cslab_scene::i18n::{Lang, Tr};

#[derive(Properties, PartialEq)]
pub struct SandboxFileBarProps {
    pub lang: Lang,
    /// The page's editor: what is saved, and where an opened file goes.
    pub editor: UseReducerHandle<Editor>,
    /// What opening a file did, for the page to say.
    pub on_opened: Callback<Opened>,
    /// The stage's `<svg>`, which the pictures show.
    pub stage: NodeRef,
    /// The app's address without its query, which a shared address starts with.
    pub page: AttrValue,
}

/// The files' names: what the learner's browser saves.
const JSON_FILE: &str = "network.json";
const PNG_FILE: &str = "network.png";
const SVG_FILE: &str = "network.svg";

#[function_component(SandboxFileBar)]
pub fn sandbox_file_bar(props: &SandboxFileBarProps) -> Html {
    let tr = Tr(props.lang);
    let file_input = use_node_ref();
    let shared = use_state(|| None::<SharedAddress>);
    let on_save = {
        let editor = props.editor.clone();
        move |_: MouseEvent| {
            download::save_text(JSON_FILE, &editor.network().to_json(), "application/json")
        }
    };
    let on_open = {
        let file_input = file_input.clone();
        move |_: MouseEvent| {
            if let Some(input) = file_input.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        }
    };
    let on_file = {
        let (editor, on_opened) = (props.editor.clone(), props.on_opened.clone());
        move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let file = input.files().and_then(|files| files.get(0));
            // The same file chosen again is a change again.
            input.set_value("");
            if let Some(file) = file {
                let (editor, on_opened) = (editor.clone(), on_opened.clone());
                let from = Source::File(file.name());
                read_network(file, move |read| on_opened.emit(open(&editor, from, read)));
            }
        }
    };
    let on_share = {
        let (editor, shared, page) = (props.editor.clone(), shared.clone(), props.page.clone());
        move |_: MouseEvent| {
            shared.set(Some(SharedAddress::Packing));
            let shared = shared.clone();
            share_address(editor.network(), &page, move |address| {
                shared.set(Some(address))
            });
        }
    };
    let export = |save: fn(&web_sys::Element, &str), name: &'static str| {
        let stage = props.stage.clone();
        move |_: MouseEvent| {
            if let Some(svg) = stage.cast::<web_sys::Element>() {
                save(&svg, name);
            }
        }
    };
    let on_close = {
        let shared = shared.clone();
        Callback::from(move |()| shared.set(None))
    };
    html! {
        <div class="sandbox-file-bar" role="group" aria-label={tr.t("sandbox-file-bar")}>
            <button type="button" onclick={on_save} title={tr.t("sandbox-save-title")}>{ tr.t("sandbox-save") }</button>
            <button type="button" onclick={on_open} title={tr.t("sandbox-open-title")}>{ tr.t("sandbox-open") }</button>
            // Hidden: Open… is its button (a browser opens its chooser on a
            // hidden input's click), and it is no target of its own.
            <input type="file" ref={file_input} hidden={true} accept=".json,application/json" onchange={on_file} />
            <button type="button" onclick={on_share} title={tr.t("sandbox-share-title")}>{ tr.t("sandbox-share") }</button>
            <button type="button" onclick={export(download::save_svg_png, PNG_FILE)}
                    title={tr.t("sandbox-export-png-title")}>{ tr.t("sandbox-export-png") }</button>
            <button type="button" onclick={export(download::save_svg, SVG_FILE)}
                    title={tr.t("sandbox-export-svg-title")}>{ tr.t("sandbox-export-svg") }</button>
            if let Some(address) = (*shared).clone() {
                <ShareAddress lang={props.lang} {address} {on_close} />
            }
        </div>
    }
}

/// Reads a network file the learner chose, then gives it or its refusal.
/// A file over the limit is refused by its size, before it is read.
fn read_network(file: web_sys::File, then: impl FnOnce(Result<Network, Refusal>) + 'static) {
    if let Err(refusal) = Network::check_file_size(file.size() as u64) {
        return then(Err(refusal));
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer());
    wasm_bindgen_futures::spawn_local(async move {
        // A file the browser cannot read (removed meanwhile) reads as empty,
        // which the reader refuses as JSON that ends early.
        let bytes = match buffer.await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(_) => Vec::new(),
        };
        then(Network::from_bytes(&bytes));
    });
}

/// The address that carries `network`, packed by the browser's deflate.
fn share_address(network: &Network, page: &str, then: impl FnOnce(SharedAddress) + 'static) {
    let page = page.to_owned();
    let packing = wasm_bindgen_futures::JsFuture::from(deflate_raw(&network.to_compact_json()));
    wasm_bindgen_futures::spawn_local(async move {
        then(match packing.await {
            Ok(bytes) => {
                SharedAddress::Ready(address(&page, &js_sys::Uint8Array::new(&bytes).to_vec()))
            }
            Err(_) => SharedAddress::NoDeflate,
        });
    });
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/ui/sandbox/deflate.js")]
extern "C" {
    /// `text` deflated (raw) by the browser, as a `Uint8Array`.
    #[wasm_bindgen(js_name = deflateRaw)]
    fn deflate_raw(text: &str) -> js_sys::Promise;
}
