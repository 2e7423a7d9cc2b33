//! Why a file, an address or an edit was refused, as data: a message key of
//! `locales/*.ftl` and its arguments, so the page says it in the learner's
//! language and the command line in English ([`Refusal::english`]).

use cslab_scene::i18n::{Lang, Tr};

/// A refusal: the message's key and the values of its placeholders
/// (`where` names the place: a JSON path such as `machines[2].address`, or a
/// machine's name for an edit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Refusal {
    pub fn new(key: &'static str, args: &[(&'static str, &dyn ToString)]) -> Refusal {
        Refusal {
            key,
            args: args
                .iter()
                .map(|(name, value)| (*name, value.to_string()))
                .collect(),
        }
    }

    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let args: Vec<(&str, &str)> = (self.args.iter())
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        Tr(lang).t_args(self.key, &args)
    }

    /// The message in English: what `cslab-cli` prints.
    pub fn english(&self) -> String {
        self.text(Lang::En)
    }
}
