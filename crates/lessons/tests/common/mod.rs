//! What the command line's tests share: running `cslab-cli`, and reading the
//! one JSON object it prints.

use serde_json::Value;
use std::process::{Command, Output};

/// Runs `cslab-cli` with `args`.
pub fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cslab-cli"))
        .args(args)
        .output()
        .expect("run cslab-cli")
}

/// Runs `cslab-cli` with `args`, which must succeed; what it prints on
/// stdout. (Each test crate compiles this module on its own, and not every
/// one reads stdout through it.)
#[allow(dead_code)]
pub fn stdout(args: &[&str]) -> String {
    let out = cli(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `cslab-cli` with `args`, which must succeed and print one line of
/// JSON; that JSON.
#[allow(dead_code)]
pub fn json(args: &[&str]) -> serde_json::Value {
    let text = stdout(args);
    assert_eq!(text.trim().lines().count(), 1, "one line of JSON");
    serde_json::from_str(&text).unwrap()
}

/// The run's one question, with its settings, the transcript's messages
/// and the report. (Only the question tests read it.)
#[allow(dead_code)]
pub fn question(lesson: &str, set: &[&str]) -> Value {
    let mut args = vec!["lesson", lesson];
    for setting in set {
        args.extend(["--set", setting]);
    }
    let out = json(&args);
    let questions = out["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 1, "{lesson} {set:?}: {questions:?}");
    let mut question = questions[0].clone();
    question["messages"] = out["messages"].clone();
    question["report"] = out["report"].clone();
    question
}

/// The messages sent by the time the answer showed.
#[allow(dead_code)]
pub fn before_answer(question: &Value) -> Vec<&Value> {
    let revealed = question["revealed_s"].as_f64().unwrap();
    (question["messages"].as_array().unwrap().iter())
        .filter(|m| m["t_s"].as_f64().unwrap() <= revealed)
        .collect()
}
