#!/usr/bin/env bash
# Sets up what is missing, then runs every test: formatting, lints (native and
# wasm32), native tests, a release build with its size, and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --for-tests
source scripts/env.sh
# A clean clone builds everything once: incremental state would only fill the
# disk (5 GB of the test build's 11 GB).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy (native)"
cargo clippy --locked --workspace --all-targets -- -D warnings
step "cargo clippy (wasm32)"
cargo clippy --locked --workspace --target wasm32-unknown-unknown -- -D warnings
step "cargo test"
# The capture files' test must not skip for want of tshark (setup installs it).
CSLAB_REQUIRE_TSHARK=1 cargo test --locked --workspace
step "trunk build --release (the lab, then the benchmark page in dist/bench)"
scripts/build-release.sh
step "Release size (gzipped), against the budget"
scripts/size-report.sh dist --budget
step "Browser tests (Chromium: $CHROMIUM_PATH)"
node --test --test-concurrency=1 e2e/*.test.mjs
