#!/usr/bin/env bash
# Installs what building Client-Server Lab needs, and with --for-tests what
# testing it needs too. Idempotent: whatever is already there at the right
# version is skipped. Versions and their reasons: ../shared/TOOLCHAIN.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

TRUNK_VERSION=0.21.14
# The CLI must equal the wasm-bindgen crate that Cargo.lock pins.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)

need() {
  command -v "$1" >/dev/null || { echo "error: $1 is missing. $2" >&2; exit 1; }
}
need cargo "Install Rust with rustup (https://rustup.rs), then run this again."
need rustup "Install Rust with rustup (https://rustup.rs), then run this again."
need npm "Install Node.js 20 or newer with npm, then run this again."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  step "Installing Trunk $TRUNK_VERSION (takes several minutes, once)"
  # --locked: without it Trunk's dependencies resolve to versions that do not compile.
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  step "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes a few minutes, once)"
  # Not --locked: its lockfile names a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# wasm-opt (npm binaryen; Debian's is too old), the browser-test driver and
# axe-core (the browser tests' accessibility check), as package-lock.json pins them.
if ! npm ls --depth=0 >/dev/null 2>&1 || [ ! -x node_modules/.bin/wasm-opt ]; then
  step "Installing the Node tools (wasm-opt, playwright-core, axe-core)"
  npm ci --no-audit --no-fund
fi

# A test tool from the system's packages, or the reason it cannot be had.
apt_install() {
  local package=$1 missing=$2
  if command -v apt-get >/dev/null; then
    step "Installing $package from the system's packages"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package"
  else
    echo "error: $missing" >&2
    exit 1
  fi
}

if [ "${1:-}" = "--for-tests" ] && [ -z "${CHROMIUM_PATH:-}" ]; then
  apt_install chromium "no Chromium found. Install Chromium or Google Chrome, or set CHROMIUM_PATH."
fi

# Wireshark's dissector, which reads back the lessons' capture files
# (crates/lessons/tests/pcap_tshark.rs).
if [ "${1:-}" = "--for-tests" ] && ! command -v tshark >/dev/null; then
  apt_install tshark "no tshark found. Install Wireshark's tshark, then run this again."
fi
