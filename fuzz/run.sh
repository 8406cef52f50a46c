#!/usr/bin/env bash
# A short run of every fuzz target, for CI and for a quick local check:
#
#   bash fuzz/run.sh [TOTAL_SECONDS]        (default 60, shared evenly by the targets)
#
# cargo-fuzz with libFuzzer's coverage feedback, without a sanitizer (`-s none`: the engine forbids
# unsafe code, and ASan needs a nightly toolchain), with overflow checks and debug assertions on
# (set in fuzz/Cargo.toml's release profile; `-O` keeps cargo-fuzz from forcing debug assertions
# onto every crate, which would override that profile). Works on a stable toolchain. Each target starts
# from the committed seeds (fuzz/seeds/<target>/) and keeps what it finds in
# fuzz/corpus/<target>/ (not committed); a crash lands in fuzz/artifacts/<target>/ and fails the run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

total="${1:-60}"
targets=(imap_client pop3_client smtp_client smtp_reply smtp_data message_read html_sanitize)
per=$((total / ${#targets[@]}))
[ "$per" -ge 1 ] || per=1

# Stable rustc accepts every flag cargo-fuzz passes with `-s none`; RUSTC_BOOTSTRAP is not needed.
for target in "${targets[@]}"; do
  cargo fuzz build -O -s none "$target"
done
log="$(mktemp)"
started="$(mktemp)"
trap 'rm -f "$log" "$started"' EXIT
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  touch "$started"
  # -timeout: one input taking longer is a finding (a stalled client); -rss_limit_mb: so is a
  # memory blow-up, since the engine must never allocate what the peer merely announces.
  if ! cargo fuzz run -O -s none "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$per" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 80 "$log" >&2
    # The input itself, last, so that a CI log that keeps only its end still holds it:
    # `base64 -d > fuzz/seeds/<target>/<name>` turns it back into a file to replay and to keep.
    find "artifacts/$target" -type f -newer "$started" | while read -r input; do
      echo "$input (base64): $(base64 -w0 "$input")" >&2
    done
    echo "fuzz target $target failed: the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
  rss="$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")"
  echo "$target: ${runs:-?} inputs in ${per}s, no crash (peak RSS ${rss:-?} MB, corpus $(ls "corpus/$target" | wc -l) files)"
done
