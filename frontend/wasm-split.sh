#!/usr/bin/env bash
# Trunk post_build hook (first): splits the app's module so that the parts declared with
# `lazy_part!` (frontend/src/lazy.rs) load when first shown instead of with the first screen.
#
# Trunk 0.21 runs wasm-bindgen and wasm-opt on the whole module and has no step between cargo and
# wasm-bindgen, where the split must happen. So this hook does the three again on cargo's output
# (built with `--emit-relocs`, .cargo/config.toml) and puts the results where Trunk's were:
#   1. wasm-split-cli (the tool behind Leptos's `#[lazy]`) moves the code only a part reaches into
#      `split_<part>.wasm`, code several parts share into `chunk_<n>.wasm`, and writes the loader
#      `__wasm_split.js`, which the main module imports;
#   2. wasm-bindgen, with the flags the split needs (`--keep-lld-exports`: the parts import the
#      main module's memory, table and functions by their linker names);
#   3. wasm-opt on every module (Trunk's own wasm-opt step is off in index.html).
# The main module and its glue keep Trunk's names; each part and the loader get their own content's
# hash in their names, so the bridge may let browsers cache them for good
# (bridge/src/static_files.rs), and index.html's integrity hashes are recomputed for the two files
# it preloads.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run this as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)}"
for tool in wasm-split-cli wasm-bindgen wasm-opt openssl; do
  command -v "$tool" >/dev/null || { echo "wasm-split: $tool is not installed (bash .ci/posthorn test installs it)" >&2; exit 1; }
done

case "${TRUNK_PROFILE:-release}" in
  release) profile=wasm-release ;; # index.html: data-cargo-profile-release
  *) profile=debug ;;
esac
metadata="$(cargo metadata --format-version 1 --no-deps --offline)"
target="$(printf '%s' "$metadata" | grep -o '"target_directory":"[^"]*"' | cut -d'"' -f4)"
input="$target/wasm32-unknown-unknown/$profile/posthorn-app.wasm"
[ -f "$input" ] || { echo "wasm-split: cargo's module $input is missing" >&2; exit 1; }

cd "$dir"
mapfile -t modules < <(find . -maxdepth 1 -type f -name '*_bg.wasm' -printf '%P\n')
[ "${#modules[@]}" -eq 1 ] || { echo "wasm-split: expected one *_bg.wasm in $dir, found ${#modules[@]}" >&2; exit 1; }
stem="${modules[0]%_bg.wasm}"
[[ "$stem" =~ ^[A-Za-z0-9_-]+$ ]] || { echo "wasm-split: unexpected file name '${modules[0]}'" >&2; exit 1; }
[ -f "$stem.js" ] || { echo "wasm-split: no $stem.js beside ${modules[0]}" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
wasm-split-cli "$input" "$work/split" --out-name "$stem"
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript \
  --out-name "$stem" --out-dir "$work/bound" "$work/split/$stem.wasm"

# Size first, for the features every browser Posthorn supports has (Trunk's own wasm-opt step is
# off in index.html: its result would be replaced here).
optimize() {
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue "$1" -o "$2" \
    2> >(grep -v 'unknown name subsection' >&2) # wasm-split-cli writes a names subsection binaryen skips
}
hash16() { sha256sum "$1" | cut -c1-16; }
optimize "$work/bound/${stem}_bg.wasm" "${stem}_bg.wasm"
# The loader fetches the parts relative to itself, by the names wasm-split-cli gave them; the glue
# imports the loader by its name. Each gets its content's hash in its name.
loader_text="$work/split/__wasm_split.js"
parts=0
for part in "$work"/split/*.wasm; do
  name="$(basename "$part")"
  [ "$name" = "$stem.wasm" ] && continue
  optimize "$part" "$work/part.wasm"
  hashed="${name%.wasm}-$(hash16 "$work/part.wasm").wasm"
  mv "$work/part.wasm" "$hashed"
  sed -i "s#\"\\./$name\"#\"./$hashed\"#" "$loader_text"
  parts=$((parts + 1))
done
# A part that does not load is the app's to explain (frontend/src/lazy.rs shows why and offers
# Retry; a background preload simply tries again when the part is shown), and a reload aborts
# whatever is being fetched: the loader's `console.error` of the failure becomes a warning.
grep -q '^ *console\.error(e);$' "$loader_text" || { echo "wasm-split: the loader no longer logs a failed load as expected" >&2; exit 1; }
sed -i 's/^\( *\)console\.error(e);$/\1console.warn(e);/' "$loader_text"
loader="wasm_split-$(hash16 "$loader_text").js"
cp "$loader_text" "$loader"
# (The import object's key stays the module name the wasm imports from.)
sed "s#from \"\\./__wasm_split\\.js\"#from \"./$loader\"#g" "$work/bound/$stem.js" >"$stem.js"
grep -q "from \"./$loader\"" "$stem.js" || { echo "wasm-split: the glue imports no loader (was the split feature on?)" >&2; exit 1; }
if grep -Eq '"\./(split|chunk)_[A-Za-z0-9_]*\.wasm"' "$loader"; then
  echo "wasm-split: $loader names a part that was not renamed" >&2
  exit 1
fi

# Subresource integrity for the two files Trunk's index.html preloads.
for f in "$stem.js" "${stem}_bg.wasm"; do
  sri="sha384-$(openssl dgst -sha384 -binary "$f" | openssl base64 -A)"
  pattern="(href=\"[^\"]*/${f//./\\.}\"[^>]*integrity=\")sha384-[A-Za-z0-9+/=]+"
  grep -Eq "$pattern" index.html || { echo "wasm-split: no integrity attribute for $f in index.html" >&2; exit 1; }
  sed -E -i "s#$pattern#\\1$sri#" index.html
done
echo "wasm-split: ${stem}_bg.wasm is $(stat -c %s "${stem}_bg.wasm") bytes, with $parts parts loaded when needed"
