#!/usr/bin/env bash
# make run: open Nestdeck. With KUBECONFIG (and optionally CONTEXT) set, on that
# cluster; otherwise on the local sandbox, started here if it is not running.
set -euo pipefail
build=$1 dir=$2
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

args=()
if [ -n "${KUBECONFIG:-}" ]; then
    echo "run: opening Nestdeck on KUBECONFIG=$KUBECONFIG"
else
    sandbox/bin/nestdeck-sandbox status --dir "$dir" >/dev/null 2>&1 \
        || sandbox/bin/nestdeck-sandbox up --dir "$dir" --seed demo
    args+=(--kubeconfig "$dir/kubeconfig")
    echo "run: sandbox at $dir (stop it with: sandbox/bin/nestdeck-sandbox down --dir $dir)"
fi
[ -n "${CONTEXT:-}" ] && args+=(--context "$CONTEXT")
exec scripts/in-root "$build/bin/nestdeck" "${args[@]}"
