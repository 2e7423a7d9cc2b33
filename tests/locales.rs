//! Every message exists in every language, with the same placeholders; every
//! message is used by the code, and every message the code asks for exists.

use std::fs;
use std::path::Path;

use cslab_scene::i18n::{Catalog, Lang, add_page_messages, placeholders};

/// `lang`'s messages with the benchmark page's too, as that page has them
/// (every test asks through here, so they are added before any is built).
fn catalog(lang: Lang) -> &'static Catalog {
    add_page_messages(cslab::ui::bench::BENCH_MESSAGES);
    lang.catalog()
}

fn rust_sources(dir: &Path, out: &mut String) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_sources(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = fs::read_to_string(&path).unwrap();
            // Comments may show example calls; only code counts.
            for line in text
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
            {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
}

fn all_sources() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = String::new();
    for dir in [
        "src",
        "crates/sim/src",
        "crates/scene/src",
        "crates/lessons/src",
        "crates/sandbox/src",
    ] {
        rust_sources(&root.join(dir), &mut sources);
    }
    sources
}

#[test]
fn every_language_has_every_key_with_the_same_placeholders() {
    let english = catalog(Lang::En);
    for lang in Lang::ALL {
        let catalog = catalog(lang);
        let missing: Vec<_> = english
            .keys()
            .filter(|key| catalog.get(key).is_none())
            .collect();
        let extra: Vec<_> = catalog
            .keys()
            .filter(|key| english.get(key).is_none())
            .collect();
        assert!(missing.is_empty(), "{}: missing {missing:?}", lang.code());
        assert!(extra.is_empty(), "{}: unknown keys {extra:?}", lang.code());
        for key in english.keys() {
            let mut expected = placeholders(english.get(key).unwrap());
            let mut found = placeholders(catalog.get(key).unwrap());
            expected.sort();
            found.sort();
            assert_eq!(expected, found, "{}: placeholders of `{key}`", lang.code());
            assert!(
                !catalog.get(key).unwrap().is_empty(),
                "{}: `{key}` is empty",
                lang.code()
            );
        }
    }
}

#[test]
fn every_key_is_used_in_the_code() {
    let sources = all_sources();
    let unused: Vec<_> = catalog(Lang::En)
        .keys()
        .filter(|key| !sources.contains(&format!("\"{key}\"")))
        .collect();
    assert!(unused.is_empty(), "messages no code uses: {unused:?}");
}

#[test]
fn every_key_the_code_asks_for_exists() {
    let sources = all_sources();
    let english = catalog(Lang::En);
    for call in [".t(\"", ".t_args(\""] {
        for (start, _) in sources.match_indices(call) {
            let rest = &sources[start + call.len()..];
            let key = &rest[..rest.find('"').unwrap()];
            assert!(
                english.get(key).is_some(),
                "code asks for unknown message `{key}`"
            );
        }
    }
}

/// Each preset's English description is its variant's doc comment in
/// `presets.rs` (so the code reads as the lab speaks): the two must agree.
#[test]
fn preset_doc_comments_are_the_english_descriptions() {
    use cslab_sim::apps::presets::Preset;
    let source = include_str!("../crates/sim/src/apps/presets.rs");
    let body = &source[source.find("pub enum Preset {").unwrap()..];
    let body = &body[..body.find("\n}\n").unwrap()];
    let mut docs = Vec::new();
    let mut doc = Vec::new();
    for line in body.lines().skip(1).map(str::trim) {
        if let Some(text) = line.strip_prefix("///") {
            doc.push(text.trim());
        } else if line.ends_with(',') {
            docs.push((line.trim_end_matches(',').to_owned(), doc.join(" ")));
            doc.clear();
        }
    }
    assert_eq!(docs.len(), Preset::ALL.len());
    for (preset, (variant, doc)) in Preset::ALL.into_iter().zip(docs) {
        assert_eq!(
            format!("{preset:?}"),
            variant,
            "Preset::ALL follows the enum"
        );
        assert_eq!(
            Some(doc.as_str()),
            catalog(Lang::En).get(preset.description_key()),
            "the doc comment of Preset::{variant} differs from en.ftl"
        );
    }
}
