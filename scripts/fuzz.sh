#!/usr/bin/env bash
# Fuzzes Quire's parsers of outside input with libFuzzer (Fuzz/, docs/operations.md#fuzzing).
#
#   scripts/fuzz.sh [--seconds N] [--seed N] [--keep-new] [TARGET...]
#
# Builds the fuzz binary once (QUIRE_FUZZ=1, into .build-fuzz, with -sanitize=fuzzer,address),
# then runs each target (all by default) for N seconds (default 60) from its seed corpus in
# Fuzz/corpus/TARGET, one after the other, and prints for each: executions, executions per
# second, coverage (libFuzzer's cov: edges and ft: features), inputs in the corpus and crashes.
# A crashing input is kept in Fuzz/crashes/TARGET/ (not committed) and the script exits 1; run it
# again with
#   QUIRE_FUZZ_TARGET=TARGET SWIFT_BACKTRACE=enable=no .build-fuzz/debug/QuireFuzz Fuzz/crashes/TARGET/crash-…
# --keep-new merges the inputs that found new coverage into the committed corpus (minimised).
# --seed N fixes libFuzzer's random choices, so that a short run (CI's) mutates the same way
# each time; without it each run picks its own.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=60
seed=0
keep_new=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --keep-new) keep_new=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -eq 0 ] && targets=($(ls Fuzz/corpus))

# lld links it: the system's gold fails on AddressSanitizer's objects.
build=(env QUIRE_FUZZ=1 swift build --scratch-path .build-fuzz --product QuireFuzz
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld)
echo "fuzz: building the fuzz binary into .build-fuzz (the first build takes 10 to 15 minutes)"
"${build[@]}" 2>&1 | grep -E "error:|Build complete" | sort -u
build_status=${PIPESTATUS[0]}
binary=.build-fuzz/debug/QuireFuzz
[ "$build_status" -eq 0 ] && [ -x "$binary" ] || { echo "fuzz: the build failed; run ${build[*]} to see why"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
printf '%-12s %12s %10s %8s %8s %8s %8s\n' target executions "exec/s" cov ft corpus crashes
for target in "${targets[@]}"; do
  [ -d "Fuzz/corpus/$target" ] || { echo "fuzz: no corpus Fuzz/corpus/$target (targets: $(ls Fuzz/corpus | tr '\n' ' '))"; exit 2; }
  mkdir -p "$work/$target" "Fuzz/crashes/$target"
  touch "$work/$target.start"
  # Leaks are the soak's LeakSanitizer run's to find: Swift's runtime keeps caches for good.
  # Swift's own crash reporter would read memory AddressSanitizer forbids: libFuzzer reports.
  QUIRE_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no "$binary" "$work/$target" "Fuzz/corpus/$target" \
    -max_total_time="$seconds" -seed="$seed" -print_final_stats=1 -detect_leaks=0 -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="Fuzz/crashes/$target/" >"$work/$target.log" 2>&1
  status=$?
  executions=$(grep -o 'stat::number_of_executed_units:[[:space:]]*[0-9]*' "$work/$target.log" | grep -o '[0-9]*$')
  rate=$(grep -o 'stat::average_exec_per_sec:[[:space:]]*[0-9]*' "$work/$target.log" | grep -o '[0-9]*$')
  last=$(grep -E '^#[0-9]+.*cov: ' "$work/$target.log" | tail -1)
  cov=$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*$')
  ft=$(echo "$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*$')
  corpus=$(echo "$last" | grep -o 'corp: [0-9]*' | grep -o '[0-9]*$')
  crashes=$(find "Fuzz/crashes/$target" -type f -newer "$work/$target.start" | wc -l)
  printf '%-12s %12s %10s %8s %8s %8s %8s\n' "$target" "${executions:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corpus:-?}" "$crashes"
  if [ $status -ne 0 ] || [ "$crashes" -gt 0 ]; then
    failed=1
    echo "fuzz: $target failed (exit $status); its log:"
    grep -E "ERROR|SUMMARY|property failed|Fatal error|Test unit written|crash-|==[0-9]+==" "$work/$target.log" | head -20
  fi
  if [ $keep_new -eq 1 ]; then
    QUIRE_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 "$binary" -merge=1 -detect_leaks=0 "Fuzz/corpus/$target" "$work/$target" >/dev/null 2>&1
  fi
done
exit $failed
