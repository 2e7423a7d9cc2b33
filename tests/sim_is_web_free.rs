//! The simulator must stay pure Rust: no web crate anywhere under `src/sim/`
//! or `src/scenario/`, so it runs the same natively and in the page.

use std::fs;
use std::path::Path;

fn check(dir: &Path) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            check(&path);
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for web_crate in ["yew", "web_sys", "js_sys", "wasm_bindgen", "gloo"] {
            for line in text
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
            {
                assert!(
                    !line.contains(&format!("{web_crate}::"))
                        && !line.contains(&format!("use {web_crate}")),
                    "{} uses {web_crate}: {line}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn simulator_and_scenarios_use_no_web_crate() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    check(&src.join("sim"));
    check(&src.join("scenario"));
    check(&src.join("scene"));
}
