//! What the command line's tests share: running `cslab-cli`, and reading the
//! one JSON object it prints.

use std::process::{Command, Output};

/// Runs `cslab-cli` with `args`.
pub fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cslab-cli"))
        .args(args)
        .output()
        .expect("run cslab-cli")
}

/// Runs `cslab-cli` with `args`, which must succeed and print one line of
/// JSON; that JSON. (Each test crate compiles this module on its own, and
/// not every one reads JSON through it.)
#[allow(dead_code)]
pub fn json(args: &[&str]) -> serde_json::Value {
    let out = cli(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.trim().lines().count(), 1, "one line of JSON");
    serde_json::from_str(&text).unwrap()
}
