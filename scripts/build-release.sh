#!/usr/bin/env bash
# The release build: the lab in dist/ (what learners download), then the
# benchmark page, a bundle of its own, in dist/bench/ (trunk empties its
# dist directory first, so the lab goes first); then finish-dist.mjs moves
# Trunk's inline loaders into files, adds the Content-Security-Policy and
# writes the service worker that keeps the lab offline (README, "How to
# host it").
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
trunk build --release
trunk build bench.html --release --dist dist/bench
node scripts/finish-dist.mjs dist
