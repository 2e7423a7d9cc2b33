#!/usr/bin/env bash
# Prints the gzipped size of what a visitor downloads from a built dist/.
set -euo pipefail
dist=${1:-dist}
total=0
for file in "$dist"/*.wasm "$dist"/*.js "$dist"/*.css; do
  [ -e "$file" ] || continue
  raw=$(wc -c <"$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  total=$((total + gz))
  printf '%-48s %8d B  %8d B gzipped\n' "$(basename "$file")" "$raw" "$gz"
done
printf '%-48s %8s    %8d B gzipped (%d KiB)\n' "total (wasm + js + css)" "" "$total" $((total / 1024))
