#!/usr/bin/env bash
# Trunk post_build hook: writes the app shell's file list and version into the built sw.js.
#
# The version is a hash of every shell file's name and content and of the service worker itself,
# so any change to the build gives a new cache name, and an unchanged build keeps the old one (no
# needless update prompt). Needs only bash, find, sort and sha256sum.
set -euo pipefail

dir="${TRUNK_STAGING_DIR:?run this as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)}"
cd "$dir"
[ -f sw.js ] || { echo "sw-precache: no sw.js in $dir (is it copied by index.html?)" >&2; exit 1; }
grep -q '^const BUILD = ' sw.js || { echo "sw-precache: sw.js has no 'const BUILD = ' line" >&2; exit 1; }

# Every file Trunk wrote, except the worker itself and precompressed siblings (the server picks
# those by Accept-Encoding; the cache stores what the browser decoded).
mapfile -t files < <(find . -type f ! -path ./sw.js ! -name '*.br' ! -name '*.gz' -printf '%P\n' | LC_ALL=C sort)
[ "${#files[@]}" -gt 0 ] || { echo "sw-precache: $dir is empty" >&2; exit 1; }

shell=""
for f in "${files[@]}"; do
  # The names go into a JavaScript string literal: allow only what Trunk produces.
  [[ "$f" =~ ^[A-Za-z0-9._/-]+$ ]] || { echo "sw-precache: unexpected file name '$f'" >&2; exit 1; }
  shell+="\"/$f\","
done
shell="[${shell%,}]"

version="$(
  {
    for f in "${files[@]}"; do
      printf '%s ' "$f"
      sha256sum <"$f"
    done
    sha256sum <sw.js
  } | sha256sum | cut -c1-16
)"

line="const BUILD = { version: \"$version\", shell: $shell };"
tmp="$(mktemp sw.js.XXXXXX)"
awk -v line="$line" '/^const BUILD = / { print line; next } { print }' sw.js >"$tmp"
cat "$tmp" >sw.js # keeps sw.js's mode; mktemp's file is private
rm -f "$tmp"
echo "sw-precache: version $version, ${#files[@]} shell files"
