#!/usr/bin/env bash
# Benchmarks, on one seeded sandbox in one run:
#  1. Nestdeck's client core (nestdeck-cli sync) against kubectl get -o json / --watch;
#  2. the dashboard's models at that scale (bench_ui): load, filter, sort, event storm.
#   bench/run.sh BUILD_DIR
# Seeds BENCH_TENANTS x BENCH_CLUSTERS ready clusters (default 100 x 100 =
# 10,000, each with its whole object tree), waits until the simulator is done,
# then measures each client cold, BENCH_RUNS times, and prints medians.
set -euo pipefail
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tenants=${BENCH_TENANTS:-100}
per=${BENCH_CLUSTERS:-100}
runs=${BENCH_RUNS:-3}
bin=sandbox/bin
dir=${BENCH_DIR:-$(mktemp -d /tmp/nestdeck-bench.XXXXXX)}
cli=("$top/scripts/in-root" "$top/$build/bin/nestdeck-cli" --kubeconfig "$dir/kubeconfig")
kubectl=("$top/$bin/kubectl" --kubeconfig "$dir/kubeconfig")
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }

# A sandbox given in BENCH_DIR is reused and left running; our own is removed.
cleanup() { [ -n "${BENCH_DIR:-}" ] || { "$bin/nestdeck-sandbox" down --dir "$dir" >/dev/null 2>&1; rm -rf "$dir"; }; }
trap cleanup EXIT

if ! "$bin/nestdeck-sandbox" status --dir "$dir" >/dev/null 2>&1; then
    "$bin/nestdeck-sandbox" up --dir "$dir" --seed none --speed 10
    echo "== seeding $tenants tenants x $per clusters (ready)"
    "$bin/nestdeck-sandbox" seed --dir "$dir" --tenants "$tenants" --clusters-per-tenant "$per" --ready --wait
fi
count=$("${kubectl[@]}" get kuberneteses -A --no-headers | wc -l)
echo "== $count Kubernetes apps; $("${kubectl[@]}" get helmreleases -A --no-headers | wc -l) HelmReleases; $("${kubectl[@]}" get machines -A --no-headers | wc -l) Machines"

# measure NAME CMD...: wall seconds and peak RSS (KiB) of CMD, median of $runs.
declare -A WALL RSS
measure() {
    local name=$1; shift
    local walls=() rsss=() i
    local tf; tf=$(mktemp)
    for ((i = 0; i < runs; i++)); do
        local out
        /usr/bin/time -o "$tf" -f 'TIME %e %M' "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; cat "$tf" >&2; exit 1; }
        out=$(grep '^TIME' "$tf" | tail -1)
        walls+=("$(echo "$out" | cut -d' ' -f2)")
        rsss+=("$(echo "$out" | cut -d' ' -f3)")
    done
    rm -f "$tf"
    WALL[$name]=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    RSS[$name]=$(printf '%s\n' "${rsss[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    printf '  %-44s %8.2f s %9.1f MiB\n' "$name" "${WALL[$name]}" "$(echo "${RSS[$name]} / 1024" | bc -l)"
}

# kubectl get --watch has no "synced" signal: count its initial lines, then stop it.
watch_until() {
    local want=$1 n=0; shift
    coproc W { exec "$@" 2>/dev/null; }
    while IFS= read -r _ <&"${W[0]}"; do
        n=$((n + 1))
        [ "$n" -ge "$want" ] && break
    done
    kill "$W_PID" 2>/dev/null
    wait "$W_PID" 2>/dev/null || true
}

# Measure on a quiet server: wait (up to 15 min) until the API server uses
# under a fifth of a core, so a sandbox still settling does not skew figures.
wait_quiet() {
    local pid; pid=$(sed -n 's/.*"apiserverPid": *\([0-9]*\).*/\1/p' "$dir/state.json" 2>/dev/null)
    [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 0
    local hz; hz=$(getconf CLK_TCK)
    local deadline=$((SECONDS + 900)) a b
    while [ $SECONDS -lt $deadline ]; do
        a=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        sleep 5 # sampling interval of the CPU probe, not a wait for an event
        b=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        [ $(( (b - a) * 100 / (5 * hz) )) -lt 20 ] && return 0
    done
    echo "bench: the API server is still busy after 15 min; measuring anyway" >&2
}
"$bin/nestdeck-sandbox" status --dir "$dir" >/dev/null
echo "== waiting for a quiet API server"
wait_quiet

echo "== one resource: kuberneteses (all namespaces), median of $runs runs"
measure "kubectl get -o json" "${kubectl[@]}" get kuberneteses -A -o json
measure "kubectl get --watch (until listed)" bash -c "$(declare -f watch_until); watch_until $count ${kubectl[*]} get kuberneteses -A --watch -o name"
measure "nestdeck-cli sync (streaming list + watch)" "${cli[@]}" sync kuberneteses -A
measure "nestdeck-cli sync --no-watch-list (paged)" "${cli[@]}" sync kuberneteses -A --no-watch-list

echo "== the dashboard's working set: kuberneteses, helmreleases, machines, machinedeployments, tenantcontrolplanes"
set5=(kuberneteses helmreleases machines machinedeployments tenantcontrolplanes)
measure "kubectl get -o json (5 resources)" bash -c "for r in ${set5[*]}; do ${kubectl[*]} get \$r -A -o json >/dev/null; done"
measure "nestdeck-cli sync (5 resources)" "${cli[@]}" sync "${set5[@]}" -A

echo "== nestdeck-cli's own report (5 resources)"
"${cli[@]}" sync "${set5[@]}" -A | sed 's/^/  /'

ratio() { echo "scale=2; $1 / $2" | bc -l; }
echo "== ratios (kubectl / nestdeck-cli; above 1 means Nestdeck is ahead)"
printf '  %-44s time %5sx  peak RSS %5sx\n' "get -o json vs sync, 1 resource" \
    "$(ratio "${WALL[kubectl get -o json]}" "${WALL[nestdeck-cli sync (streaming list + watch)]}")" \
    "$(ratio "${RSS[kubectl get -o json]}" "${RSS[nestdeck-cli sync (streaming list + watch)]}")"
printf '  %-44s time %5sx  peak RSS %5sx\n' "get --watch vs sync, 1 resource" \
    "$(ratio "${WALL[kubectl get --watch (until listed)]}" "${WALL[nestdeck-cli sync (streaming list + watch)]}")" \
    "$(ratio "${RSS[kubectl get --watch (until listed)]}" "${RSS[nestdeck-cli sync (streaming list + watch)]}")"
printf '  %-44s time %5sx  peak RSS %5sx\n' "get -o json vs sync, 5 resources" \
    "$(ratio "${WALL[kubectl get -o json (5 resources)]}" "${WALL[nestdeck-cli sync (5 resources)]}")" \
    "$(ratio "${RSS[kubectl get -o json (5 resources)]}" "${RSS[nestdeck-cli sync (5 resources)]}")"

echo "== the dashboard's models (bench_ui, no window; GUI stall = longest busy stretch of the event loop)"
"$top/scripts/in-root" "$top/$build/bin/bench_ui" --kubeconfig "$dir/kubeconfig" --storm "${BENCH_STORM:-1000}"

echo "== the schema engine (bench_schema): a form's verdict, locally and from the server"
mkdir -p "$top/$build/bench"
"$top/scripts/in-root" "$top/$build/bin/bench_schema" --kubeconfig "$dir/kubeconfig" \
    --json "$top/$build/bench/schema.json" --manifest "$dir/bench-schema.yaml"
measure "kubectl create --dry-run=server (same object)" "${kubectl[@]}" create --dry-run=server -f "$dir/bench-schema.yaml"
