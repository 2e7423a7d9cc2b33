//! A network in an address (`#net=`): the examples, every kind and a
//! network of 500 machines come back as they went; a damaged, cut, foreign
//! or oversized fragment is refused with its own message, and a fragment
//! that unpacks to a file that does not fit is refused as the file is.

mod common;

use common::{add, connect, every_kind_and_task};
use cslab_sandbox::schema::{MAX_BYTES, MAX_MACHINES, STAGE_SIZE};
use cslab_sandbox::share::{fragment_of_deflated, from_url_fragment, to_url_fragment};
use cslab_sandbox::{Kind, Network, Refusal};
use cslab_scene::i18n::Lang;
use cslab_sim::proto::base64;
use miniz_oxide::deflate::compress_to_vec;
use serde_json::{Value, json};

fn examples() -> Vec<(String, Network)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/sandbox");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    (files.into_iter())
        .map(|path| {
            let net = Network::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
            (path.file_name().unwrap().to_string_lossy().into(), net)
        })
        .collect()
}

/// [`MAX_MACHINES`] machines, every kind in turn, on a grid, each linked to
/// the one before: the largest network the sandbox holds.
fn five_hundred() -> Network {
    let mut net = Network::default();
    let mut before = None;
    for i in 0..MAX_MACHINES as i64 {
        let kind = Kind::ALL[i as usize % Kind::ALL.len()];
        let at = (i % 25 * 400, i / 25 * 400);
        assert!(at.0 <= STAGE_SIZE && at.1 <= STAGE_SIZE);
        let id = add(&mut net, kind, at);
        if let Some(before) = before {
            connect(&mut net, before, id);
        }
        before = Some(id);
    }
    net
}

/// The address a learner copies, as the page writes it.
fn address(fragment: &str) -> String {
    format!("https://lab.example/?lesson=sandbox#net={fragment}")
}

#[test]
fn the_examples_every_kind_and_500_machines_come_back() {
    let mut nets = examples();
    nets.push(("every kind and task".into(), every_kind_and_task()));
    nets.push(("500 machines".into(), five_hundred()));
    for (name, net) in nets {
        let fragment = to_url_fragment(&net);
        assert_eq!(from_url_fragment(&fragment), Ok(net.clone()), "{name}");
        let json = net.to_json().len();
        println!(
            "{name}: {} machines, {} links, file {json} bytes, address {} characters",
            net.machines.len(),
            net.links.len(),
            address(&fragment).len()
        );
        // Compression earns its place: the address is shorter than the file.
        assert!(fragment.len() < json / 2, "{name}");
    }
}

#[test]
fn the_compact_json_reads_as_the_file() {
    let net = every_kind_and_task();
    let compact = net.to_compact_json();
    assert!(!compact.contains('\n') && compact.len() < net.to_json().len());
    assert_eq!(Network::from_json(&compact), Ok(net));
}

/// The key and English message refusing `fragment`.
fn refusal(fragment: &str) -> (&'static str, String) {
    let refusal = from_url_fragment(fragment).unwrap_err();
    (refusal.key, refusal.english())
}

fn deflated(text: &[u8]) -> String {
    fragment_of_deflated(&compress_to_vec(text, 9))
}

#[test]
fn a_damaged_fragment_says_what_is_wrong() {
    let good = to_url_fragment(&examples()[0].1);
    assert_eq!(
        refusal(""),
        (
            "sandbox-share-empty",
            "The shared address has no network after “#net=”.".into()
        )
    );
    // A chat program that turned part of it into "+" (base64, not base64url).
    let plus = format!("{}+{}", &good[..10], &good[11..]);
    assert_eq!(
        refusal(&plus),
        (
            "sandbox-share-bad-character",
            "The shared address is damaged: “+”, character 11 of its network, cannot be part \
             of it (only letters, digits, “-” and “_” can). Copy the whole address again."
                .into()
        )
    );
    // A length of 4n + 1 characters holds no whole number of bytes.
    let cut = &good[..(good.len() - 2) / 4 * 4 + 1];
    assert_eq!(
        refusal(cut).1,
        format!(
            "The shared address is damaged: its network is {} characters long, one too many or \
             one too few. Copy the whole address again.",
            cut.len()
        )
    );
    // Bytes that are not deflate: 0xff starts a block of type 3, reserved
    // (RFC 1951 §3.2.3).
    assert_eq!(
        refusal(&base64::encode_url(&[0xff; 12])),
        (
            "sandbox-share-not-deflate",
            "The shared address is damaged: its network cannot be unpacked (it is not \
             compressed with deflate). Copy the whole address again."
                .into()
        )
    );
}

#[test]
fn a_fragment_cut_short_says_so() {
    let good = to_url_fragment(&examples()[0].1);
    let bytes = base64::decode_url(&good).unwrap();
    for keep in [1, bytes.len() / 2, bytes.len() - 1] {
        let cut = base64::encode_url(&bytes[..keep]);
        assert_eq!(
            refusal(&cut),
            (
                "sandbox-share-cut-short",
                "The shared address is cut short: its network stops before its end. Copy the \
                 whole address again."
                    .into()
            ),
            "{keep} of {} bytes",
            bytes.len()
        );
    }
}

#[test]
fn a_fragment_that_unpacks_too_far_stops_at_the_files_limit() {
    // 64 MiB of spaces pack into about 64 KB: inflating it all would take
    // the memory of 64 files; it stops one byte past the limit.
    let bomb = deflated(&vec![b' '; 64 << 20]);
    assert!(bomb.len() < 100_000, "{}", bomb.len());
    assert_eq!(
        refusal(&bomb),
        (
            "sandbox-share-too-large",
            "The shared address unpacks to more than 1048576 bytes; a network file may be at \
             most 1048576 bytes."
                .into()
        )
    );
    // Exactly the limit unpacks and is read as a file: spaces around a
    // network are JSON's whitespace.
    let json = every_kind_and_task().to_compact_json();
    let padded = format!("{json}{}", " ".repeat(MAX_BYTES - json.len()));
    assert_eq!(
        from_url_fragment(&deflated(padded.as_bytes())),
        Ok(every_kind_and_task())
    );
    let over = format!("{padded} ");
    assert_eq!(
        refusal(&deflated(over.as_bytes())).0,
        "sandbox-share-too-large"
    );
}

#[test]
fn what_unpacks_is_refused_as_a_file_is() {
    let file: Value = serde_json::from_str(&examples()[0].1.to_json()).unwrap();
    let changed = |change: fn(&mut Value)| {
        let mut file = file.clone();
        change(&mut file);
        file.to_string()
    };
    let cases = [
        (
            changed(|f| f["version"] = json!(2)),
            "sandbox-wrong-version",
        ),
        (
            changed(|f| f["machines"][0]["kind"] = json!("mainframe")),
            "sandbox-unknown-kind",
        ),
        (
            changed(|f| f["links"][0]["b"] = json!(99)),
            "sandbox-missing-machine",
        ),
        (
            changed(|f| f["links"][0]["delay_ms"] = json!(5000)),
            "sandbox-out-of-range",
        ),
        ("{\"version\": 1,,}".to_string(), "sandbox-bad-json"),
    ];
    for (text, key) in cases {
        let as_file = Network::from_json(&text).unwrap_err();
        assert_eq!(as_file.key, key);
        assert_eq!(from_url_fragment(&deflated(text.as_bytes())), Err(as_file));
    }
}

#[test]
fn the_refusals_speak_spanish_and_italian() {
    let refusal: Refusal = from_url_fragment("AAAAA").unwrap_err();
    assert_eq!(
        refusal.text(Lang::Es),
        "La dirección compartida está dañada: su red tiene 5 caracteres, uno de más o uno de \
         menos. Vuelve a copiar la dirección completa."
    );
    assert_eq!(
        refusal.text(Lang::It),
        "L’indirizzo condiviso è danneggiato: la sua rete è lunga 5 caratteri, uno di troppo o \
         uno di meno. Copia di nuovo l’indirizzo completo."
    );
}
