#!/usr/bin/env bash
# Engine speed, natively (cargo bench) and as wasm in Chromium, on the same
# one-million-request M/M/1 workload, so the two compare in one sitting.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --for-tests
source scripts/env.sh

step "Native (cargo bench)"
cargo bench --locked -p cslab-lessons --bench engine
step "trunk build --release"
scripts/build-release.sh
step "WebAssembly in Chromium"
node e2e/bench.mjs
