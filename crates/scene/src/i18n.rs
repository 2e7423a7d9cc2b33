//! Translations. Every user-visible string lives in `locales/<lang>.ftl`, a
//! small subset of Fluent: one `key = value` per line, `#` comments, and
//! `{ $name }` placeholders. Natively (tests, command line) every language
//! is compiled in, so a missing file is a build error and a missing key is
//! caught by `tests/locales.rs`. The page (wasm32) carries none: it fetches
//! English before it shows anything, and Spanish or Italian when the page
//! speaks it or the learner picks it ([`Lang::provide`]), which keeps them
//! (10 to 12 KB each, gzipped) out of the bundle. A message a language
//! lacks is read in English.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The languages the interface speaks, in the order the switch shows them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    #[default]
    En,
    Es,
    It,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Es, Lang::It];

    /// The BCP 47 code used in URLs and in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::It => "it",
        }
    }

    /// The language's own name, shown in the switch whatever the current
    /// language is, so a reader can always find theirs.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::It => "Italiano",
        }
    }

    /// Exactly `en`, `es` or `it` (any case): the form `?lang=` accepts.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code().eq_ignore_ascii_case(code))
    }

    /// A browser language tag such as `es-AR` or `it`, matched on its primary
    /// subtag; anything else is not ours.
    pub fn from_browser_tag(tag: &str) -> Option<Lang> {
        Lang::from_code(tag.split(['-', '_']).next().unwrap_or(""))
    }

    /// The messages compiled into this build, if this language's are:
    /// every language's natively, none in the page.
    #[cfg(not(target_arch = "wasm32"))]
    fn compiled_source(self) -> Option<&'static str> {
        Some(match self {
            Lang::En => include_str!("../../../locales/en.ftl"),
            Lang::Es => include_str!("../../../locales/es.ftl"),
            Lang::It => include_str!("../../../locales/it.ftl"),
        })
    }

    /// The page fetches every language's messages (see the top of this file).
    #[cfg(target_arch = "wasm32")]
    fn compiled_source(self) -> Option<&'static str> {
        None
    }

    /// The file of this language's messages, relative to the page:
    /// `locales/es.ftl`.
    pub fn file(self) -> String {
        format!("locales/{}.ftl", self.code())
    }

    fn source(self) -> Option<&'static str> {
        self.compiled_source()
            .or_else(|| PROVIDED[self as usize].get().map(String::as_str))
    }

    /// Whether this language's messages are here: compiled in, or provided
    /// after a fetch. The page shows a language only once it is.
    pub fn is_available(self) -> bool {
        self.source().is_some()
    }

    /// Gives this language the text of its `.ftl` file, fetched by the page.
    /// A file that does not parse is refused, naming its line; a language
    /// already here keeps what it has.
    pub fn provide(self, source: String) -> Result<(), String> {
        Catalog::parse(&source).map_err(|err| format!("{}: {err}", self.file()))?;
        let _ = PROVIDED[self as usize].set(source);
        Ok(())
    }

    /// The parsed message table of this language, built once, with the
    /// page's own messages if it added them first ([`add_page_messages`]).
    /// A language not yet here reads English's, and English not yet here
    /// an empty table (nothing is kept, so the fetched file is read once it
    /// comes): the page waits for its languages' files before it shows
    /// anything, so these are only fallbacks.
    pub fn catalog(self) -> &'static Catalog {
        static CATALOGS: [OnceLock<Catalog>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        static EMPTY: Catalog = Catalog {
            messages: BTreeMap::new(),
        };
        let Some(source) = self.source() else {
            return if self == Lang::En {
                &EMPTY
            } else {
                Lang::En.catalog()
            };
        };
        CATALOGS[self as usize].get_or_init(|| {
            let parse = |source, file: &str| {
                Catalog::parse(source).unwrap_or_else(|err| panic!("{file}: {err}"))
            };
            let mut catalog = parse(source, &self.file());
            if let Some(sources) = PAGE_MESSAGES.get() {
                let page = parse(sources[self as usize], "the page's messages");
                catalog.merge(page).unwrap_or_else(|err| panic!("{err}"));
            }
            catalog
        })
    }

    /// A number as the language writes it, with `decimals` digits after
    /// the decimal sign: the one helper for every number the learner reads.
    /// Symbols and grouping follow CLDR 48 (what browsers' `Intl` uses):
    /// en `22,255.202`, es and it `22.255,202`; es and it group only from
    /// five whole digits (`minimumGroupingDigits` 2: `1500`, `15.000`), as
    /// the RAE's Ortografía (2010) writes four-digit numbers without one.
    pub fn decimal(self, value: f64, decimals: usize) -> String {
        let text = format!("{:.decimals$}", value.abs());
        let (whole, fraction) = text.split_once('.').unwrap_or((text.as_str(), ""));
        let (group, point, min_grouping) = match self {
            Lang::En => (',', '.', 1),
            Lang::Es | Lang::It => ('.', ',', 2),
        };
        // No "-0" for a value that rounds to zero.
        let negative = value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
        let mut out = String::from(if negative { "-" } else { "" });
        let grouped = whole.len() >= 3 + min_grouping;
        for (index, digit) in whole.chars().enumerate() {
            let left = whole.len() - index;
            if grouped && index > 0 && left % 3 == 0 {
                out.push(group);
            }
            out.push(digit);
        }
        if !fraction.is_empty() {
            out.push(point);
            out.push_str(fraction);
        }
        out
    }

    /// A whole count, grouped as [`Lang::decimal`] groups it.
    pub fn integer(self, value: u64) -> String {
        self.decimal(value as f64, 0)
    }

    /// A fraction (0.8) as a percentage: CLDR writes en and it `80%`, es
    /// `80 %` with a no-break space (as the RAE's Ortografía asks).
    pub fn percent(self, fraction: f64, decimals: usize) -> String {
        let number = self.decimal(fraction * 100.0, decimals);
        match self {
            Lang::Es => format!("{number}\u{a0}%"),
            Lang::En | Lang::It => format!("{number}%"),
        }
    }
}

/// The text of the languages the page fetched (see [`Lang::provide`]).
static PROVIDED: [OnceLock<String>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];

/// Messages only another page of the site needs, in en, es and it (the
/// benchmark page's, `locales/bench/`): its binary adds them before it
/// renders anything, so the lab's bundle does not carry them.
static PAGE_MESSAGES: OnceLock<[&'static str; 3]> = OnceLock::new();

/// Adds a page's own messages (en, es, it) to every language's catalog;
/// call it before the first translation. A second call changes nothing.
pub fn add_page_messages(sources: [&'static str; 3]) {
    let _ = PAGE_MESSAGES.set(sources);
}

/// One language's messages, keyed by message id.
#[derive(Debug, Default)]
pub struct Catalog {
    messages: BTreeMap<String, String>,
}

impl Catalog {
    /// Parses the Fluent subset described at the top of this file; a line that
    /// is not a comment, blank or `key = value` is an error naming the line.
    pub fn parse(source: &str) -> Result<Catalog, String> {
        let mut messages = BTreeMap::new();
        for (index, line) in source.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let Some((key, value)) = trimmed.split_once(" = ") else {
                return Err(format!("line {}: expected `key = value`", index + 1));
            };
            let key = key.trim();
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(format!("line {}: bad message id `{key}`", index + 1));
            }
            if messages
                .insert(key.to_owned(), value.trim().to_owned())
                .is_some()
            {
                return Err(format!("line {}: duplicate message id `{key}`", index + 1));
            }
        }
        Ok(Catalog { messages })
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.messages.keys().map(String::as_str)
    }

    /// Adds `other`'s messages; a message id both have is an error.
    fn merge(&mut self, other: Catalog) -> Result<(), String> {
        for (key, value) in other.messages {
            if self.messages.insert(key.clone(), value).is_some() {
                return Err(format!(
                    "duplicate message id `{key}` in the page's messages"
                ));
            }
        }
        Ok(())
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.messages.get(key).map(String::as_str)
    }
}

/// The names of the `{ $name }` placeholders in a message, in order.
pub fn placeholders(message: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = message;
    while let Some(start) = rest.find("{ $") {
        let after = &rest[start + 3..];
        let Some(end) = after.find(" }") else { break };
        names.push(&after[..end]);
        rest = &after[end + 2..];
    }
    names
}

/// `key` in `own`, else in `english` (the fallback for every language).
fn message<'a>(own: &'a Catalog, english: &'a Catalog, key: &str) -> Option<&'a str> {
    own.get(key).or_else(|| english.get(key))
}

/// A translator for one language: `Tr(lang).t("key")`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tr(pub Lang);

impl Tr {
    /// The message for `key`, in English if this language lacks it; an
    /// unknown key shows itself, bracketed, so a slip is visible on screen
    /// instead of an empty label.
    pub fn t(self, key: &str) -> String {
        message(self.0.catalog(), Lang::En.catalog(), key)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("[{key}]"))
    }

    /// The message for `key` with each `{ $name }` replaced by its value.
    pub fn t_args(self, key: &str, args: &[(&str, &str)]) -> String {
        args.iter().fold(self.t(key), |text, (name, value)| {
            text.replace(&format!("{{ ${name} }}"), value)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_messages_and_rejects_garbage() {
        let catalog = Catalog::parse("# c\n\nhello = Hola { $name }\n").unwrap();
        assert_eq!(catalog.get("hello"), Some("Hola { $name }"));
        assert!(
            Catalog::parse("no equals sign")
                .unwrap_err()
                .contains("line 1")
        );
        assert!(
            Catalog::parse("a = 1\na = 2")
                .unwrap_err()
                .contains("duplicate")
        );
    }

    #[test]
    fn substitutes_placeholders() {
        assert_eq!(placeholders("a { $x } b { $y }"), vec!["x", "y"]);
        let tr = Tr(Lang::En);
        let unknown = "no-such-key";
        assert_eq!(tr.t(unknown), "[no-such-key]");
    }

    #[test]
    fn a_message_a_language_lacks_is_read_in_english() {
        let english = Catalog::parse("greeting = Hello\nfarewell = Goodbye").unwrap();
        let spanish = Catalog::parse("greeting = Hola").unwrap();
        assert_eq!(message(&spanish, &english, "greeting"), Some("Hola"));
        assert_eq!(message(&spanish, &english, "farewell"), Some("Goodbye"));
        assert_eq!(message(&spanish, &english, "nothing"), None);
    }

    #[test]
    fn every_language_is_compiled_in_natively_and_refuses_a_bad_file() {
        for lang in Lang::ALL {
            assert!(lang.is_available(), "{lang:?}");
            assert!(lang.catalog().get("lang-switch-label").is_some());
        }
        assert_eq!(Lang::It.file(), "locales/it.ftl");
        let err = Lang::Es.provide("not a message".into()).unwrap_err();
        assert_eq!(err, "locales/es.ftl: line 1: expected `key = value`");
        // A language already here keeps its messages.
        Lang::Es.provide("lang-switch-label = x".into()).unwrap();
        assert_ne!(Tr(Lang::Es).t("lang-switch-label"), "x");
    }

    #[test]
    fn matches_codes_and_browser_tags() {
        assert_eq!(Lang::from_code("ES"), Some(Lang::Es));
        assert_eq!(Lang::from_code("de"), None);
        assert_eq!(Lang::from_browser_tag("it-CH"), Some(Lang::It));
        assert_eq!(Lang::from_browser_tag("pt-BR"), None);
    }

    #[test]
    fn formats_decimals_per_language() {
        assert_eq!(Lang::En.decimal(1.5, 2), "1.50");
        assert_eq!(Lang::It.decimal(1.5, 2), "1,50");
    }

    /// Hand-written expectations: the clock at 22 255.202 ms, the review's
    /// 6 709 970 ms, four-digit numbers (grouped in English only), axes.
    #[test]
    fn groups_thousands_per_language() {
        let cases: [(f64, usize, [&str; 3]); 8] = [
            (22_255.202, 3, ["22,255.202", "22.255,202", "22.255,202"]),
            (6_709_970.0, 0, ["6,709,970", "6.709.970", "6.709.970"]),
            (1_716.0, 0, ["1,716", "1716", "1716"]),
            (10_000.0, 0, ["10,000", "10.000", "10.000"]),
            (999.0, 0, ["999", "999", "999"]),
            (0.5, 1, ["0.5", "0,5", "0,5"]),
            (
                -1_234_567.891,
                2,
                ["-1,234,567.89", "-1.234.567,89", "-1.234.567,89"],
            ),
            // Rounds to zero: no minus sign.
            (-0.04, 1, ["0.0", "0,0", "0,0"]),
        ];
        for (value, decimals, expected) in cases {
            for (lang, text) in Lang::ALL.into_iter().zip(expected) {
                assert_eq!(lang.decimal(value, decimals), text, "{value} in {lang:?}");
            }
        }
        assert_eq!(Lang::Es.integer(1_000_000), "1.000.000");
        assert_eq!(Lang::En.integer(4_096), "4,096");
    }

    #[test]
    fn writes_percentages_per_language() {
        // 0.8 × 100 = 80; 0.125 × 100 = 12.5.
        assert_eq!(Lang::En.percent(0.8, 0), "80%");
        assert_eq!(Lang::Es.percent(0.8, 0), "80\u{a0}%");
        assert_eq!(Lang::It.percent(0.125, 1), "12,5%");
    }
}
