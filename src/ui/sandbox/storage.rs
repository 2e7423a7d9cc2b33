//! Nothing the learner builds is lost: the network is kept in the
//! browser's localStorage after each edit, as the sandbox's JSON file, and
//! read back when the page opens. A stored network this version cannot
//! read is moved aside under [`REFUSED_KEY`], never deleted, and the page
//! says why and starts from the example.

use yew::prelude::*;

use super::editor::Editor;
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

/// Keeps the network after each change (in the browser).
#[hook]
pub fn use_autosave(editor: &UseReducerHandle<Editor>) {
    let editor = editor.clone();
    use_effect_with(editor.changes, move |&changes| {
        #[cfg(target_arch = "wasm32")]
        if changes > 0 {
            browser::save(editor.network());
        }
        let _ = (changes, editor);
    });
}

#[cfg(target_arch = "wasm32")]
pub mod browser {
    use gloo::storage::{LocalStorage, Storage};

    use super::{KEY, REFUSED_KEY, restored};
    use cslab_sandbox::{Network, Refusal};

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
