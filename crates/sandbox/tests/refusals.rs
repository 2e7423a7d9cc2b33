//! Each kind of file that does not fit is refused with its message, in
//! English as the command line prints it, naming what is wrong and where.

mod common;

use common::{add, connect};
use cslab_sandbox::schema::{MAX_BYTES, MAX_MACHINES};
use cslab_sandbox::{Kind, Network};
use serde_json::{Value, json};

/// A browser (id 1) at home behind its router (2), the provider's router
/// (3) and a web server (4), in a line.
fn small() -> Network {
    let mut net = Network::default();
    let ids: Vec<_> = [
        Kind::Browser,
        Kind::HomeRouter,
        Kind::Router,
        Kind::WebServer,
    ]
    .into_iter()
    .enumerate()
    .map(|(i, kind)| add(&mut net, kind, (100 * i as i64, 100)))
    .collect();
    for pair in ids.windows(2) {
        connect(&mut net, pair[0], pair[1]);
    }
    net
}

fn file() -> Value {
    serde_json::from_str(&small().to_json()).unwrap()
}

/// The English message refusing `text`.
fn refusal(text: &str) -> String {
    Network::from_json(text).unwrap_err().english()
}

/// The message refusing the small network changed by `change`.
fn refused(change: impl FnOnce(&mut Value)) -> String {
    let mut value = file();
    change(&mut value);
    refusal(&value.to_string())
}

#[test]
fn the_small_network_loads() {
    assert_eq!(Network::from_json(&file().to_string()), Ok(small()));
}

#[test]
fn malformed_json_names_line_and_column() {
    assert_eq!(
        refusal("{\n  \"version\": 1,,\n}"),
        "The file is not valid JSON: the problem is at line 2, column 16."
    );
    assert_eq!(
        refusal("{\"version\": 1, \"machines\": ["),
        "The file is not valid JSON: it ends too early, at line 1, column 28."
    );
    assert_eq!(
        refusal("[1, 2]"),
        "The file is JSON, but not a network: it should be an object with “version”, “machines” and “links”."
    );
}

#[test]
fn a_wrong_or_missing_version() {
    assert_eq!(
        refused(|f| f["version"] = json!(2)),
        "The file is in version 2 of the network format; this lab reads version 1."
    );
    assert_eq!(
        refused(|f| f["version"] = json!("1")),
        "The file is in version \"1\" of the network format; this lab reads version 1."
    );
    assert_eq!(
        refused(|f| {
            f.as_object_mut().unwrap().remove("version");
        }),
        "The file does not say which version of the network format it is in (“version”)."
    );
}

#[test]
fn an_unknown_kind_or_task() {
    assert_eq!(
        refused(|f| f["machines"][3]["kind"] = json!("mainframe")),
        "machines[3].kind: “mainframe” is not a kind of machine the lab knows (it knows \
         browser, mail-client, peer, dns-root, dns-tld, dns-authoritative, dns-resolver, \
         web-server, mail-server, database, file-server, stream-server, game-server, \
         load-balancer, router, home-router)."
    );
    assert_eq!(
        refused(|f| f["machines"][0]["task"]["do"] = json!("mine-bitcoin")),
        "machines[0].task.do: “mine-bitcoin” is not something a client does (a client can: \
         open-page, call-api, chat, download-file, watch-stream, play-game, send-mail, \
         read-mail, join-swarm, relay-blocks)."
    );
    // A task another kind of client does.
    assert_eq!(
        refused(|f| f["machines"][0]["task"] = json!({"do": "send-mail", "to": "bob@example.org"})),
        "machines[0].task.do: “send-mail” is not one of open-page, call-api, chat, \
         download-file, watch-stream, play-game."
    );
    assert_eq!(
        refused(|f| f["machines"][3]["settings"]["preset"] = json!("lighttpd")),
        "machines[3].settings.preset: “lighttpd” is not one of apache-prefork, apache-event, \
         nginx, iis, tomcat, glassfish, webrick, nodejs, flask-dev."
    );
    assert_eq!(
        refused(|f| f["machines"][3]["task"] = json!({"do": "open-page", "host": "x.example"})),
        "machines[3]: “task” is not part of the network format here."
    );
}

#[test]
fn a_link_to_a_missing_machine_or_to_itself_or_twice() {
    assert_eq!(
        refused(|f| f["links"][2]["b"] = json!(99)),
        "links[2].b: there is no machine with the id 99 to link to."
    );
    assert_eq!(
        refused(|f| f["links"][0]["b"] = json!(1)),
        "links[0]: a link joins two machines; this one goes from “Browser 1” back to itself."
    );
    assert_eq!(
        refused(|f| {
            f["links"][1]["a"] = json!(2);
            f["links"][1]["b"] = json!(1);
        }),
        "links[1]: “Home router 1” and “Browser 1” are already linked."
    );
}

#[test]
fn duplicate_ids_names_and_addresses() {
    assert_eq!(
        refused(|f| f["machines"][2]["id"] = json!(1)),
        "machines[2].id: another one already has the id 1."
    );
    assert_eq!(
        refused(|f| f["links"][1]["id"] = json!(1)),
        "links[1].id: another one already has the id 1."
    );
    assert_eq!(
        refused(|f| f["machines"][2]["name"] = json!("Browser 1")),
        "machines[2].name: another machine is already called “Browser 1”."
    );
    assert_eq!(
        refused(|f| f["machines"][3]["address"] = json!("192.168.1.10")),
        "machines[3].address: 192.168.1.10 is already the address of “Browser 1”; two \
         machines cannot share an address."
    );
    // A home router's public address counts too.
    assert_eq!(
        refused(|f| f["machines"][2]["address"] = json!("198.51.100.23")),
        "machines[2].address: 198.51.100.23 is already the address of “Home router 1”; two \
         machines cannot share an address."
    );
}

#[test]
fn numbers_out_of_range() {
    assert_eq!(
        refused(|f| f["links"][0]["bandwidth_mbps"] = json!(0)),
        "links[0].bandwidth_mbps: 0 is out of range: it goes from 1 to 10000."
    );
    assert_eq!(
        refused(|f| f["links"][0]["delay_ms"] = json!(501)),
        "links[0].delay_ms: 501 is out of range: it goes from 0 to 500."
    );
    assert_eq!(
        refused(|f| f["links"][0]["loss_percent"] = json!(11)),
        "links[0].loss_percent: 11 is out of range: it goes from 0 to 10."
    );
    assert_eq!(
        refused(|f| f["machines"][1]["x"] = json!(-5)),
        "machines[1].x: -5 is out of range: it goes from 0 to 10000."
    );
    assert_eq!(
        refused(|f| f["machines"][1]["id"] = json!(0)),
        "machines[1].id: 0 is out of range: it goes from 1 to 4294967295."
    );
    assert_eq!(
        refused(|f| f["links"][0]["delay_ms"] = json!(2.5)),
        "links[0].delay_ms: 2.5 is not a whole number."
    );
}

#[test]
fn a_file_too_large_or_with_too_many_machines() {
    let padded = format!("{}{}", small().to_json(), " ".repeat(MAX_BYTES));
    assert_eq!(
        refusal(&padded),
        format!(
            "The file is {} bytes long; a network file may be at most 1048576 bytes.",
            padded.len()
        )
    );
    let crowd = refused(|f| {
        let one = f["machines"][0].clone();
        f["machines"] = Value::Array(vec![one; MAX_MACHINES + 1]);
    });
    assert_eq!(
        crowd,
        "The network would have 501 machines; the sandbox holds at most 500."
    );
}

#[test]
fn wrong_values_and_shapes() {
    assert_eq!(
        refused(|f| f["machines"][0]["address"] = json!("192.168.1.300")),
        "machines[0].address: “192.168.1.300” is not an IPv4 address (four numbers from 0 to \
         255 with dots between them, such as 192.168.1.10)."
    );
    assert_eq!(
        refused(|f| f["machines"][0]["address"] = json!("127.0.0.1")),
        "machines[0].address: 127.0.0.1 is reserved (this network, loopback, multicast or \
         broadcast); a machine cannot have it."
    );
    assert_eq!(
        refused(|f| f["machines"][0]["task"]["host"] = json!("www..example")),
        "machines[0].task.host: “www..example” is not a name: letters, digits and hyphens, \
         with dots between the parts, such as www.example.com."
    );
    assert_eq!(
        refused(|f| f["machines"][0]["name"] = json!(" ")),
        "machines[0].name: a machine needs a name."
    );
    assert_eq!(
        refused(|f| f["machines"][0]["name"] = json!("x".repeat(41))),
        format!(
            "machines[0].name: “{}” cannot be a machine’s name: at most 40 characters, with \
             no spaces at either end.",
            "x".repeat(41)
        )
    );
    assert_eq!(
        refused(|f| {
            f["machines"][0].as_object_mut().unwrap().remove("address");
        }),
        "machines[0]: “address” is missing."
    );
    assert_eq!(
        refused(|f| f["machines"][0]["colour"] = json!("red")),
        "machines[0]: “colour” is not part of the network format here."
    );
    assert_eq!(
        refused(|f| f["machines"][0]["name"] = json!(7)),
        "machines[0].name: this should be text, in quotes."
    );
    assert_eq!(
        refused(|f| f["machines"][0] = json!("Browser 1")),
        "machines[0]: this should be an object, in curly brackets."
    );
    assert_eq!(
        refused(|f| f["links"] = json!({})),
        "links: this should be a list, in square brackets."
    );
    assert_eq!(
        refused(|f| {
            f.as_object_mut().unwrap().remove("links");
        }),
        "The file has no “links” list."
    );
    assert_eq!(
        refused(|f| f["comment"] = json!("mine")),
        "“comment” is not part of a network file (it has “version”, “machines” and “links”)."
    );
}

#[test]
fn every_language_says_it() {
    use cslab_scene::i18n::Lang;
    let refusal = Network::from_json("{\"version\": 3}").unwrap_err();
    assert_eq!(
        refusal.text(Lang::Es),
        "El archivo está en la versión 3 del formato de red; este laboratorio lee la versión 1."
    );
    assert_eq!(
        refusal.text(Lang::It),
        "Il file è nella versione 3 del formato di rete; questo laboratorio legge la versione 1."
    );
}
