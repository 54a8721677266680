#!/usr/bin/env bash
# make fuzz: build the core and its libFuzzer harnesses with clang in their own
# tree (build-fuzz), run each for FUZZ_SECONDS (default 180), keep what they find:
#   build/fuzz/<harness>/corpus   new inputs (seeded from the test data; kept across runs)
#   build/fuzz/<harness>/crashes  crash, leak, timeout and OOM inputs (copy them to
#                                 tests/fuzz/regressions/<harness>/ once fixed)
#   build/fuzz/summary.json       executions, corpus size and crashes per harness
# FUZZ_ONLY="yaml schema" runs some; exits 1 when any harness found something.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-180}
build=build-fuzz
out=build/fuzz
harnesses=${FUZZ_ONLY:-kubeconfig execcredential watchstream decode yaml schema tree}

scripts/in-root cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 -DNESTDECK_FUZZ=ON >/dev/null
scripts/in-root cmake --build "$build"

seed() { # harness → the test data its corpus starts from
    case $1 in
    kubeconfig) echo tests/core/kubeconfigs ;;
    execcredential | watchstream | decode) echo tests/fuzz/regressions/$1 tests/core/trees ;;
    yaml) echo tests/core/kubeconfigs tests/fuzz/regressions/yaml ;;
    schema) echo tests/core/schemas tests/fuzz/regressions/schema ;;
    tree) echo tests/core/trees tests/fuzz/regressions/tree ;;
    esac
}
dict() { case $1 in kubeconfig | yaml) echo tests/fuzz/yaml.dict ;; *) echo tests/fuzz/json.dict ;; esac; }

mkdir -p "$out"
summary="$out/summary.json"
echo "[" >"$summary"
first=1 found=0
printf '%-16s %12s %10s %8s %8s\n' harness executions exec/s corpus crashes
for h in $harnesses; do
    dir="$out/$h"
    mkdir -p "$dir/corpus" "$dir/crashes"
    for s in $(seed "$h") "tests/fuzz/regressions/$h"; do
        [ -d "$s" ] && find "$s" -maxdepth 1 -type f -size -1024k -exec cp -n {} "$dir/corpus/" \;
    done
    # -rss_limit_mb: a parser that balloons on small input is a bug too.
    # timeout: a fuzzer wedged after reporting (seen once after an OOM report) must not stall the run.
    timeout --kill-after=10 $((secs + 120)) \
        scripts/in-root "$build/bin/fuzz_$h" "$dir/corpus" -dict="$(dict "$h")" \
        -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$dir/crashes/" -print_final_stats=1 -close_fd_mask=3 \
        >"$dir/log" 2>&1 || true
    execs=$(awk '/stat::number_of_executed_units/ {print $NF}' "$dir/log" | tail -1)
    rate=$(awk '/stat::average_exec_per_sec/ {print $NF}' "$dir/log" | tail -1)
    corpus=$(find "$dir/corpus" -type f | wc -l)
    crashes=$(find "$dir/crashes" -type f | wc -l)
    [ "$crashes" -gt 0 ] && found=1
    printf '%-16s %12s %10s %8s %8s\n' "$h" "${execs:-?}" "${rate:-?}" "$corpus" "$crashes"
    [ $first = 1 ] || echo "," >>"$summary"
    first=0
    printf '  {"harness": "%s", "seconds": %s, "executions": %s, "execPerSec": %s, "corpus": %s, "crashes": %s}' \
        "$h" "$secs" "${execs:-0}" "${rate:-0}" "$corpus" "$crashes" >>"$summary"
done
printf '\n]\n' >>"$summary"
echo "fuzz: figures in $summary; logs in $out/<harness>/log"
if [ $found = 1 ]; then
    echo "fuzz: crashes found: see $out/*/crashes/ (reproduce: $build/bin/fuzz_<harness> FILE)" >&2
    exit 1
fi
