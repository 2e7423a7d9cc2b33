//! `cslab-cli lesson NAME --sandbox`: the lesson's network as a sandbox
//! file on stdout, the same the page opens, which `cslab-cli sandbox` runs.

mod common;

use common::{json, stdout};
use cslab_lessons::lesson::Lesson;
use cslab_lessons::lesson::settings::Settings;
use cslab_lessons::open_in_sandbox::from_lesson;
use cslab_sandbox::Network;
use cslab_scene::i18n::Lang;

#[test]
fn the_file_is_the_lessons_network_with_its_settings() {
    let text = stdout(&["lesson", "web-page", "--set", "bandwidth=10", "--sandbox"]);
    let written = Network::from_json(&text).unwrap_or_else(|r| panic!("{}", r.english()));
    let lesson = Lesson::from_code("web-page").unwrap();
    let mut settings = Settings::default();
    lesson.set_from_query(&mut settings, "bandwidth", "10");
    assert_eq!(
        Some(written.clone()),
        from_lesson(lesson, &settings, Lang::En)
    );
    assert_eq!(written.links[0].numbers.bandwidth_mbps, 10);
    let default = stdout(&["lesson", "web-page", "--sandbox"]);
    assert_ne!(default, text, "the setting changed the file");
}

#[test]
fn cslab_cli_sandbox_runs_the_written_file() {
    let text = stdout(&["lesson", "web-page", "--sandbox"]);
    let file = std::env::temp_dir().join(format!("cslab-open-{}.json", std::process::id()));
    std::fs::write(&file, text).unwrap();
    let out = json(&["sandbox", file.to_str().unwrap(), "--until-s", "60"]);
    std::fs::remove_file(&file).unwrap();
    let report = out["report"].as_array().unwrap();
    assert_eq!(report.len(), 1, "{out}");
    assert_eq!(report[0]["machine"], "Browser");
    assert_eq!(report[0]["outcome"], "complete", "{out}");
    // The lesson's names in the transcript: the browser asks its resolver.
    let first = &out["messages"][0];
    assert_eq!(
        (
            first["from"].as_str(),
            first["to"].as_str(),
            first["protocol"].as_str()
        ),
        (Some("Browser"), Some("Local DNS server"), Some("DNS")),
        "{first}"
    );
}

#[test]
fn the_gossip_told_in_rounds_opens_as_bitcoin_nodes_that_relay_its_block() {
    let file = stdout(&["lesson", "gossip", "--set", "nodes=50", "--sandbox"]);
    let net = Network::from_json(&file).unwrap();
    let peers = net.machines.iter().filter(|m| m.task.is_some()).count();
    assert_eq!(peers, 19);
    let out = sandbox_of(&file, "gossip");
    let messages = all_complete(&out, 19);
    assert!(messages.iter().any(|m| m["protocol"] == "Bitcoin"));
}

#[test]
fn the_comparison_opens_as_a_file_server_and_a_swarm_that_runs() {
    let file = stdout(&["lesson", "cs-vs-p2p", "--set", "peers=50", "--sandbox"]);
    let net = Network::from_json(&file).unwrap();
    let kinds = |code: &str| {
        (net.machines.iter())
            .filter(|m| m.kind.code() == code)
            .count()
    };
    // 50 peers in the lesson; ten a side in the sandbox, and the seed.
    assert_eq!(
        (kinds("browser"), kinds("peer"), kinds("file-server")),
        (10, 11, 1)
    );
    let out = sandbox_of(&file, "cs-vs-p2p");
    let messages = all_complete(&out, 21);
    assert!(messages.iter().any(|m| m["protocol"] == "BitTorrent"));
    assert!(
        messages
            .iter()
            .any(|m| m["summary"] == "GET /report.pdf HTTP/1.1")
    );
}

/// What `cslab-cli sandbox` prints for the sandbox file `file` (written
/// to a temporary file named after `name`).
fn sandbox_of(file: &str, name: &str) -> serde_json::Value {
    let path = std::env::temp_dir().join(format!("{name}-{}.json", std::process::id()));
    std::fs::write(&path, file).unwrap();
    let out = json(&["sandbox", path.to_str().unwrap()]);
    std::fs::remove_file(&path).unwrap();
    out
}

/// The messages of a run whose `clients` clients all completed their
/// task.
fn all_complete(out: &serde_json::Value, clients: usize) -> &Vec<serde_json::Value> {
    let reports = out["report"].as_array().unwrap();
    assert_eq!(reports.len(), clients);
    assert!(
        reports.iter().all(|r| r["outcome"] == "complete"),
        "{reports:#?}"
    );
    out["messages"].as_array().unwrap()
}
