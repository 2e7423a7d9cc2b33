#!/usr/bin/env bash
# Sets up what is missing, then serves the app on http://127.0.0.1:8080 and
# rebuilds it on every change.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
step "Serving on http://127.0.0.1:8080"
exec trunk serve
