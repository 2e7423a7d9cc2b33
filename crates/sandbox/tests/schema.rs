//! The network file: every kind and every task round-trips through JSON,
//! and the example file loads.

mod common;

use common::every_kind_and_task;
use cslab_sandbox::schema::VERSION;
use cslab_sandbox::{Kind, Network};

#[test]
fn every_kind_and_every_task_round_trip() {
    let net = every_kind_and_task();
    let kinds: Vec<Kind> = net.machines.iter().map(|m| m.kind).collect();
    assert!(Kind::ALL.iter().all(|k| kinds.contains(k)));
    let json = net.to_json();
    assert_eq!(Network::from_json(&json), Ok(net.clone()));
    // The same file again, byte for byte: nothing is lost or reordered.
    assert_eq!(Network::from_json(&json).unwrap().to_json(), json);
}

#[test]
fn the_file_says_its_version_first_and_every_field() {
    let json = every_kind_and_task().to_json();
    assert!(json.starts_with(&format!("{{\n  \"version\": {VERSION},\n  \"machines\": [")));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let web = (value["machines"].as_array().unwrap().iter())
        .find(|m| m["kind"] == "web-server")
        .unwrap();
    assert_eq!(web["name"], "Web server 1");
    assert_eq!(web["address"], "203.0.113.80");
    assert_eq!(web["settings"]["preset"], "nginx");
    assert_eq!(web["settings"]["host"], "www.example.com");
    assert!(web.get("task").is_none());
    let browser = (value["machines"].as_array().unwrap().iter())
        .find(|m| m["kind"] == "browser")
        .unwrap();
    assert_eq!(browser["address"], "192.168.1.10");
    assert_eq!(browser["task"]["do"], "open-page");
    assert_eq!(browser["task"]["host"], "www.example.com");
    let home = (value["machines"].as_array().unwrap().iter())
        .find(|m| m["kind"] == "home-router")
        .unwrap();
    assert_eq!(home["address"], "192.168.1.1");
    assert_eq!(home["settings"]["public-address"], "198.51.100.23");
    let link = &value["links"][0];
    assert_eq!(link["bandwidth_mbps"], 100);
    assert_eq!(link["delay_ms"], 5);
    assert_eq!(link["loss_percent"], 0);
}

#[test]
fn the_example_loads() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/sandbox");
    let mut files = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let net = Network::from_json(&text)
            .unwrap_or_else(|refusal| panic!("{}: {}", path.display(), refusal.english()));
        // A client doing something over a link.
        assert!(
            net.machines.iter().any(|m| m.task.is_some()) && !net.links.is_empty(),
            "{}",
            path.display()
        );
        files += 1;
    }
    assert!(files >= 1);
}
