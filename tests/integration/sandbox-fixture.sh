#!/usr/bin/env bash
# ctest fixture: start (up) or stop (down) the sandbox the integration tests use.
#   sandbox-fixture.sh up|down DIR BIN_DIR
set -euo pipefail
action=$1 dir=$2 bin=$3
case $action in
up)
    "$bin/nestdeck-sandbox" down --dir "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
    exec "$bin/nestdeck-sandbox" up --dir "$dir" --seed demo --speed 5
    ;;
down)
    "$bin/nestdeck-sandbox" down --dir "$dir" || true
    ;;
esac
