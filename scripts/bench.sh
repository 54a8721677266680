#!/usr/bin/env bash
# make bench: the benchmarks in bench/, against a sandbox they seed themselves.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
exec bench/run.sh "$build"
