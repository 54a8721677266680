#!/usr/bin/env bash
# make run: open Nestdeck. With NESTDECK_KUBECONFIG (and optionally CONTEXT) set,
# on that cluster; otherwise on the local sandbox, started here if it is not
# running. (Not $KUBECONFIG: many shells export it, and make run means the sandbox.)
set -euo pipefail
build=$1 dir=$2
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

args=()
if [ -n "${NESTDECK_KUBECONFIG:-}" ]; then
    echo "run: opening Nestdeck on $NESTDECK_KUBECONFIG"
    args+=(--kubeconfig "$NESTDECK_KUBECONFIG")
    [ -n "${CONTEXT:-}" ] && args+=(--context "$CONTEXT")
else
    sandbox/bin/nestdeck-sandbox status --dir "$dir" >/dev/null 2>&1 \
        || sandbox/bin/nestdeck-sandbox up --dir "$dir" --seed demo
    args+=(--kubeconfig "$dir/kubeconfig" --context "${CONTEXT:-admin@sandbox}")
    echo "run: sandbox at $dir (stop it with: sandbox/bin/nestdeck-sandbox down --dir $dir)"
fi
exec scripts/in-root "$build/bin/nestdeck" "${args[@]}"
