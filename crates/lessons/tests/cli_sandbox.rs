//! `cslab-cli sandbox FILE.json`: a file that does not fit exits with
//! status 2 and the page's message in English, never a panic; a valid one
//! says plainly which machines the sandbox cannot run yet.

mod common;

use common::cli;
use cslab_sandbox::Network;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sandbox");

/// What `cslab-cli sandbox FILE` says on stderr, and its status; it
/// prints nothing on stdout.
fn run(file: &str) -> (String, Option<i32>) {
    let out = cli(&["sandbox", file, "--seed", "3", "--until-s", "10"]);
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    (String::from_utf8(out.stderr).unwrap(), out.status.code())
}

#[test]
fn a_bad_file_exits_2_with_the_pages_message() {
    for (name, message) in [
        (
            "wrong-version.json",
            "The file is in version 2 of the network format; this lab reads version 1.",
        ),
        (
            "unknown-kind.json",
            "machines[7].kind: “mainframe” is not a kind of machine the lab knows (it knows \
             browser, mail-client, peer, dns-root, dns-tld, dns-authoritative, dns-resolver, \
             web-server, mail-server, database, file-server, stream-server, game-server, \
             load-balancer, router, home-router).",
        ),
        (
            "missing-machine.json",
            "links[6].b: there is no machine with the id 42 to link to.",
        ),
        (
            "out-of-range.json",
            "links[1].delay_ms: 900 is out of range: it goes from 0 to 500.",
        ),
        (
            "broken.json",
            "The file is not valid JSON: the problem is at line 5, column 3.",
        ),
    ] {
        let file = format!("{DIR}/{name}");
        let (stderr, status) = run(&file);
        assert_eq!(status, Some(2), "{name}: {stderr}");
        assert_eq!(stderr, format!("cslab-cli: {message}\n"), "{name}");
        let page = Network::from_json(&std::fs::read_to_string(&file).unwrap()).unwrap_err();
        assert_eq!(page.english(), message, "{name}: the page says the same");
    }
}

#[test]
fn a_valid_file_says_what_it_cannot_run_yet() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/sandbox/web-page.json"
    );
    let (stderr, status) = run(file);
    assert_eq!(status, Some(1), "{stderr}");
    assert_eq!(
        stderr,
        "cslab-cli: The network is valid, but the sandbox cannot run these machines yet: \
         Browser, Root DNS server, TLD DNS server, Authoritative DNS server, DNS resolver, \
         Web server, Router, Home router. Nothing was simulated.\n"
    );
}

#[test]
fn a_missing_file_or_flag_is_a_usage_error() {
    let out = cli(&["sandbox", "/no/such/file.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("cslab-cli: cannot read /no/such/file.json")
    );
    let out = cli(&["sandbox"]);
    assert_eq!(out.status.code(), Some(2));
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/sandbox/web-page.json"
    );
    let out = cli(&["sandbox", example, "--seed", "minus one"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--seed expects a whole number"));
}
