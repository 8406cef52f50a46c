#!/usr/bin/env bash
# Trunk post_build hook (first, before sw-precache.sh hashes index.html): puts the shipped module's
# size into the loader in index.html. Trunk 0.21 passes its initializer (frontend/assets/boot.js)
# the module's size from before wasm-opt, about 1.5 times what arrives, so the loading screen's
# progress would stop two thirds of the way. Fails the build if the loader's call is not found, so
# a Trunk that writes it differently is noticed.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run this as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)}"
cd "$dir"
mapfile -t modules < <(find . -maxdepth 1 -type f -name '*_bg.wasm' -printf '%P\n')
[ "${#modules[@]}" -eq 1 ] || { echo "wasm-size: expected one *_bg.wasm in $dir, found ${#modules[@]}" >&2; exit 1; }
module="${modules[0]}"
[[ "$module" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "wasm-size: unexpected file name '$module'" >&2; exit 1; }
size="$(stat -c %s "$module")"
pattern="(__trunkInitializer\\(init, '[^']*\\/${module//./\\.}', )[0-9]+(, )"
grep -Eq "$pattern" index.html || { echo "wasm-size: no __trunkInitializer call for $module in index.html" >&2; exit 1; }
sed -E -i "s/$pattern/\\1$size\\2/" index.html
echo "wasm-size: $module is $size bytes"
