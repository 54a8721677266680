#!/usr/bin/env bash
# make test: every test — C++ unit, QML, packaging, GUI smoke and integration
# (ctest inside the Debian 13 root) and the sandbox's Go tests (host Go).
set -uo pipefail
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

status=0
echo "== ctest (C++, QML, GUI, integration)"
scripts/in-root ctest --test-dir "$build" --output-on-failure -j2 || status=1
echo "== package (.deb built, linted, installed into a clean Debian 13, run, purged)"
packaging/test-package.sh "$build" sandbox/bin || status=1
echo "== go test (sandbox)"
make --no-print-directory -C sandbox test || status=1
if [ $status = 0 ]; then echo "make test: all suites passed"; else echo "make test: FAILED" >&2; fi
exit $status
