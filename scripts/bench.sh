#!/usr/bin/env bash
# Engine speed, natively (cargo bench) and as wasm in Chromium, on the same
# one-million-request M/M/1 workload, so the two compare in one sitting.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --for-tests
source scripts/env.sh
native=$(mktemp)
trap 'rm -f "$native"' EXIT

step "Native (cargo bench)"
cargo bench --locked -p cslab-lessons --bench engine | tee "$native"
step "SimPy 4 on the same M/M/1 workload"
python3 -c 'import simpy, sys; sys.exit(simpy.__version__[0] != "4")' 2>/dev/null ||
  python3 -m pip install --user --quiet 'simpy>=4,<5'
python3 scripts/bench_simpy.py | tee -a "$native"
# Requests per second, each the best of three: ours simulates more per
# request (its packets, client -> router -> server and back: ten events).
awk '/^engine\/mm1/ { for (i = 1; i < NF; i++) if ($(i + 1) == "requests/s,") ours = $i }
     /^simpy\/mm1/ { for (i = 1; i < NF; i++) if ($(i + 1) == "requests/s,") simpy = $i }
     END { if (!ours || !simpy) exit 1
           printf "engine/simpy: %.1f times SimPy (%d against %d requests/s)\n", ours / simpy, ours, simpy }' "$native"
step "trunk build --release"
scripts/build-release.sh
step "WebAssembly in Chromium"
node e2e/bench.mjs
