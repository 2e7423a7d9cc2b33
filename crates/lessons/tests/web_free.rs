//! The simulator, the scene and the lessons stay pure Rust: no web crate
//! anywhere in their dependency trees, so the command line and their tests
//! build without Yew, and a run is the same natively and in the page. The
//! compiler keeps each crate from importing the ones above it (sim → scene
//! → lessons → page); these tests keep the page's crates out.

use std::process::Command;

const WEB_CRATES: [&str; 6] = ["yew", "gloo", "web-sys", "js-sys", "wasm-bindgen", "trunk"];

/// The names of every crate `package` depends on (normal and build
/// dependencies) when built for the page, as `cargo tree` lists them.
fn dependencies(package: &str) -> Vec<String> {
    let out = Command::new(env!("CARGO"))
        .args(["tree", "--locked", "--package", package])
        .args([
            "--edges",
            "normal,build",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args(["--prefix", "none", "--format", "{p}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo tree");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_simulator_the_mail_the_logins_the_apis_the_chat_the_database_the_game_the_files_the_streams_the_scene_and_the_lessons_depend_on_no_web_crate()
 {
    for package in [
        "cslab-sim",
        "cslab-mail",
        "cslab-login",
        "cslab-api",
        "cslab-chat",
        "cslab-db",
        "cslab-game",
        "cslab-files",
        "cslab-stream",
        "cslab-scene",
        "cslab-lessons",
    ] {
        let names = dependencies(package);
        assert!(names.iter().any(|name| name == package), "{names:?}");
        for web in WEB_CRATES {
            assert!(
                !names.iter().any(|name| name == web),
                "{package} depends on {web}"
            );
        }
    }
}

#[test]
fn the_page_does_depend_on_them() {
    // So the test above reads cargo's answer, not an empty list.
    let names = dependencies("client-server-lab");
    for name in [
        "yew",
        "cslab-sim",
        "cslab-mail",
        "cslab-login",
        "cslab-api",
        "cslab-chat",
        "cslab-db",
        "cslab-game",
        "cslab-files",
        "cslab-stream",
        "cslab-scene",
        "cslab-lessons",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} missing: {names:?}");
    }
}
