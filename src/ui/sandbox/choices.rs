//! A setting's choices as the properties panel shows them: in the
//! learner's words where they are words (a balancer's "Least
//! connections"), and as their makers write them where they are names of
//! software or protocols ("PostgreSQL", "HTTP"): never the file's codes
//! ("least-connections", "postgresql"). The lessons' own words are used
//! where a lesson offers the same choice, so both say it alike.

use cslab_scene::i18n::Tr;
use cslab_sim::apps::presets::{DisplayName, Preset};

/// How `word`, one of a field's choices in the file, reads on screen.
pub fn choice_text(tr: Tr, word: &str) -> String {
    if let Some(preset) = Preset::from_name(word) {
        return match preset.display_name() {
            DisplayName::Product(name) => name.to_string(),
            DisplayName::Message(key) => tr.t(key),
        };
    }
    match choice_key(word) {
        Some(key) => tr.t(key),
        // A tick rate: a number reads as itself.
        None => word.to_string(),
    }
}

/// The message that names `word`, for the choices that are not presets.
fn choice_key(word: &str) -> Option<&'static str> {
    Some(match word {
        // The mail lesson's servers and ways of reading.
        "postfix" => "mta-postfix",
        "exim" => "mta-exim",
        "imap" => "reading-imap",
        "pop3" => "reading-pop3",
        // The load lesson's policies.
        "round-robin" => "spread-rr",
        "least-connections" => "spread-lc",
        "power-of-two" => "spread-p2c",
        "random" => "spread-random",
        // The API, WebSocket, files and streaming lessons'.
        "rest" => "style-rest",
        "graphql" => "style-graphql",
        "soap" => "style-soap",
        "websocket" => "push-websocket",
        "polling" => "push-polling",
        "long-polling" => "push-long-polling",
        "http" => "how-http",
        "ftp" => "how-ftp",
        "sftp" => "how-sftp",
        "hls" => "stream-kind-hls",
        "rtsp" => "stream-kind-rtsp",
        // A resolver's: no lesson offers this choice.
        "iterative" => "sandbox-choice-iterative",
        "recursive" => "sandbox-choice-recursive",
        // A peer's start in the swarm.
        "downloader" => "sandbox-choice-downloader",
        "seed" => "sandbox-choice-seed",
        // A Bitcoin node's part in the relay.
        "node" => "sandbox-choice-node",
        "miner" => "sandbox-choice-miner",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_sandbox::fields::{Field, Takes};
    use cslab_sandbox::{Kind, TaskKind};
    use cslab_scene::i18n::Lang;

    /// Every choice of every kind's settings and every task's parameters.
    fn every_choice() -> Vec<&'static str> {
        let fields = (Kind::ALL.iter().flat_map(|kind| kind.settings()))
            .chain(TaskKind::ALL.iter().flat_map(|task| task.params()));
        (fields.filter_map(|field: &Field| match field.takes {
            Takes::Choice(words) => Some(words),
            _ => None,
        }))
        .flatten()
        .copied()
        .collect()
    }

    #[test]
    fn every_choice_reads_as_words_or_a_name_never_as_its_code() {
        for lang in Lang::ALL {
            for word in every_choice() {
                let text = choice_text(Tr(lang), word);
                let is_number = word.bytes().all(|b| b.is_ascii_digit());
                assert!(
                    is_number || (text != word && !text.starts_with('[')),
                    "{word} in {lang:?}: {text}"
                );
            }
        }
    }

    #[test]
    fn english_says_the_words_and_writes_the_names_as_their_makers_do() {
        let en = |word| choice_text(Tr(Lang::En), word);
        assert_eq!(en("least-connections"), "Least connections");
        assert_eq!(en("round-robin"), "Round robin");
        assert_eq!(en("long-polling"), "Long polling");
        assert_eq!(en("iterative"), "Iteratively: it asks each server itself");
        assert_eq!(en("postgresql"), "PostgreSQL");
        assert_eq!(en("nginx"), "Nginx");
        assert_eq!(en("http"), "HTTP");
        assert_eq!(en("flask-dev"), "Flask development server");
        assert_eq!(en("64"), "64");
    }

    #[test]
    fn spanish_says_the_words_in_spanish_and_keeps_the_names() {
        let es = |word| choice_text(Tr(Lang::Es), word);
        assert_eq!(es("least-connections"), "Menos conexiones");
        assert_eq!(es("long-polling"), "Sondeo largo (long polling)");
        assert_eq!(
            es("recursive"),
            "De forma recursiva: la raíz y los servidores que siguen buscan la respuesta por él"
        );
        assert_eq!(es("mysql"), "MySQL");
        assert_eq!(es("ftp"), "FTP");
    }

    #[test]
    fn italian_says_the_words_in_italian_and_keeps_the_names() {
        let it = |word| choice_text(Tr(Lang::It), word);
        assert_eq!(it("random"), "A caso");
        assert_eq!(
            it("iterative"),
            "In modo iterativo: interroga da sé ogni server"
        );
        assert_eq!(it("imap"), "IMAP (la posta resta sul server)");
        assert_eq!(it("mongodb"), "MongoDB");
        assert_eq!(it("flask-dev"), "Server di sviluppo di Flask");
    }
}
