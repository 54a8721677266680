#!/usr/bin/env bash
# make bench: every benchmark in bench/, against a sandbox each starts itself.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
for b in bench/*.sh; do
    echo "#### $b"
    "$b" "$build"
done
