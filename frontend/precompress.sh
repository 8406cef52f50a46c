#!/usr/bin/env bash
# Trunk post_build hook (after sw-precache.sh): writes .gz (and, where the brotli tool is installed,
# .br) siblings of the text and wasm files, so the bridge can send them compressed without spending
# CPU per request: the first visit downloads about 40% of the raw size. The .gz files come from
# zopfli where it is installed (.ci/posthorn installs it): the same gzip format any browser reads,
# about 5% smaller than gzip -9 for the wasm, at a few seconds per build.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run this as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)}"
cd "$dir"
while IFS= read -r -d '' f; do
  if command -v zopfli >/dev/null; then
    zopfli -- "$f"
  else
    gzip -9 -k -f -n -- "$f"
  fi
  if command -v brotli >/dev/null; then
    brotli -q 11 -k -f -- "$f"
  fi
done < <(find . -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.webmanifest' \) -print0)
