#!/usr/bin/env bash
# The release build: the lab in dist/ (what learners download), then the
# benchmark page, a bundle of its own, in dist/bench/ (trunk empties its
# dist directory first, so the lab goes first).
set -euo pipefail
cd "$(dirname "$0")/.."
trunk build --release
trunk build bench.html --release --dist dist/bench
