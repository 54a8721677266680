#!/usr/bin/env bash
# The .deb as a user meets it:
#   packaging/test-package.sh BUILD_DIR SANDBOX_BIN_DIR
# 1. builds it (cpack) and checks it with lintian, appstreamcli and
#    desktop-file-validate;
# 2. in a clean Debian 13 (mmdebstrap, no build dependencies), apt installs it
#    with everything it needs from Debian's archive;
# 3. runs nestdeck-cli and nestdeck, and under Xvfb lets nestdeck draw the
#    clusters table of a sandbox (screenshot kept in BUILD_DIR/package-test/);
# 4. apt purges it and checks that none of its files is left.
# Needs root (mmdebstrap, as for the build root) and Debian's mirror.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath "$1") sbin=$(realpath "$2")
. "$top/scripts/root-env.sh"
out="$build/package-test"
say() { printf 'package-test: %s\n' "$*"; }
fail() { printf 'package-test: FAILED: %s\n' "$*" >&2; exit 1; }
in_root() { "$top/scripts/in-root" "$@"; }

[ "$(id -u)" = 0 ] || { say "skipped: needs root (mmdebstrap builds the clean Debian 13 it installs into)"; exit 0; }
rm -rf "$out"
mkdir -p "$out"

# ---- 1. build and lint -------------------------------------------------------
rm -f "$build"/nestdeck_*.deb
in_root sh -c "cd '$build' && cpack -G DEB" >"$out/cpack.log" 2>&1 || { cat "$out/cpack.log" >&2; fail "cpack"; }
deb=$(ls "$build"/nestdeck_*.deb)
cp "$deb" "$out/"
deb="$out/$(basename "$deb")"
say "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"
in_root lintian --fail-on error --tag-display-limit 0 "$deb" >"$out/lintian.log" 2>&1 \
    || { cat "$out/lintian.log" >&2; fail "lintian reports errors"; }
say "lintian: no errors ($(grep -c '^W:' "$out/lintian.log" || true) warnings, see $out/lintian.log)"
in_root dpkg-deb -x "$deb" "$out/contents"
in_root appstreamcli validate --no-net --explain "$out/contents/usr/share/metainfo/${NESTDECK_APP_ID:-io.nestdeck.Nestdeck}.metainfo.xml" \
    >"$out/appstream.log" 2>&1 || { cat "$out/appstream.log" >&2; fail "appstreamcli validate"; }
grep -qE '^[EW]:|^I: .*(warning|error)' "$out/appstream.log" && { cat "$out/appstream.log" >&2; fail "appstreamcli reports warnings"; }
in_root desktop-file-validate "$out/contents/usr/share/applications/io.nestdeck.Nestdeck.desktop" \
    || fail "desktop-file-validate"
say "metadata valid (appstreamcli, desktop-file-validate)"

# ---- 2. a clean Debian 13, then apt install ----------------------------------
base="$NESTDECK_CACHE/pkgtest-$NESTDECK_SUITE"
if [ ! -f "$base/.nestdeck-pkgtest-ok" ]; then
    rm -rf "$base"
    say "building a clean Debian 13 in $base (once)"
    mmdebstrap --variant=apt --mode=root --components=main \
        --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
        "$NESTDECK_SUITE" "$base" \
        "deb http://deb.debian.org/debian $NESTDECK_SUITE main" \
        "deb http://deb.debian.org/debian $NESTDECK_SUITE-updates main" \
        "deb http://deb.debian.org/debian-security $NESTDECK_SUITE-security main" \
        >"$out/mmdebstrap.log" 2>&1 || { tail -20 "$out/mmdebstrap.log" >&2; fail "mmdebstrap"; }
    touch "$base/.nestdeck-pkgtest-ok"
fi
clean="$NESTDECK_CACHE/pkgtest-run"
rm -rf "$clean"
cp -a "$base" "$clean"
trap 'rm -rf "$clean"' EXIT
# The clean system, writable (apt runs in it), with loopback, /tmp (the X
# socket) and the test's folder shared.
in_clean() {
    bwrap --bind "$clean" / --dev-bind /dev /dev --proc /proc --ro-bind /sys /sys --tmpfs /run \
        --ro-bind /etc/resolv.conf /etc/resolv.conf --bind /tmp /tmp --bind "$out" "$out" \
        --setenv HOME /root --setenv PATH /usr/sbin:/usr/bin:/sbin:/bin --die-with-parent "$@"
}
in_clean sh -c 'test ! -e /usr/lib/x86_64-linux-gnu/libQt6Core.so.6' || fail "the clean system already has Qt"
in_clean apt-get update -q >"$out/apt.log" 2>&1 || { tail -20 "$out/apt.log" >&2; fail "apt-get update"; }
in_clean env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb" >>"$out/apt.log" 2>&1 \
    || { tail -30 "$out/apt.log" >&2; fail "apt-get install ./$(basename "$deb")"; }
say "apt installed it with $(grep -c '^Setting up' "$out/apt.log") packages from Debian's archive"
in_clean dpkg -L nestdeck >"$out/files.txt"

# ---- 3. run it ---------------------------------------------------------------
in_clean nestdeck-cli --version | tee "$out/cli-version.txt" | grep -q '^nestdeck-cli ' || fail "nestdeck-cli --version"
in_clean env QT_QPA_PLATFORM=offscreen nestdeck --version | grep -q '^Nestdeck ' || fail "nestdeck --version"
in_clean man -w nestdeck-cli >/dev/null 2>&1 || in_clean test -f /usr/share/man/man1/nestdeck-cli.1.gz || fail "no man page"
"$sbin/nestdeck-sandbox" down --dir "$out/sb" >/dev/null 2>&1 || true
"$sbin/nestdeck-sandbox" up --dir "$out/sb" --seed demo --speed 5 >"$out/sandbox.log" 2>&1 || { cat "$out/sandbox.log" >&2; fail "sandbox up"; }
stop() {
    [ -n "${app:-}" ] && kill "$app" 2>/dev/null
    [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null
    wait 2>/dev/null || true
    "$sbin/nestdeck-sandbox" down --dir "$out/sb" >/dev/null 2>&1 || true
    rm -rf "$clean"
}
trap stop EXIT
in_clean nestdeck-cli --kubeconfig "$out/sb/kubeconfig" version | grep -q 'Server Version: v' || fail "nestdeck-cli version against the sandbox"

# Xvfb from the build root; the installed app draws on it from the clean system.
display=90
while [ -e "/tmp/.X$display-lock" ] || [ -e "/tmp/.X11-unix/X$display" ]; do display=$((display + 1)); done
in_root Xvfb ":$display" -screen 0 1400x900x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 100); do [ -S "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
[ -S "/tmp/.X11-unix/X$display" ] || fail "Xvfb did not start"
in_clean env DISPLAY=":$display" QT_LOGGING_RULES="nestdeck.ui.info=true" \
    nestdeck --kubeconfig "$out/sb/kubeconfig" --context admin@sandbox >"$out/app.log" 2>&1 &
app=$!
# The app says when a frame with the table's rows is on screen; wait for that line (or its end).
for _ in $(seq 600); do
    grep -q 'clusters table drawn: [1-9]' "$out/app.log" && break
    kill -0 "$app" 2>/dev/null || { cat "$out/app.log" >&2; fail "nestdeck exited"; }
    sleep 0.1
done
grep -q 'clusters table drawn: [1-9]' "$out/app.log" || { cat "$out/app.log" >&2; fail "no clusters table within 60 s"; }
in_root import -display ":$display" -window root "$out/clusters.png"
say "nestdeck drew the clusters table ($(grep -o 'clusters table drawn: [0-9]* rows' "$out/app.log")); screenshot $out/clusters.png"
kill "$app"; wait "$app" 2>/dev/null || true; app=

# ---- 4. remove it --------------------------------------------------------------
in_clean env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q nestdeck >>"$out/apt.log" 2>&1 || fail "apt-get purge"
in_clean dpkg -s nestdeck >/dev/null 2>&1 && fail "dpkg still knows nestdeck"
left=0
while IFS= read -r f; do
    [ -n "$f" ] || continue
    if [ -f "$clean$f" ] || [ -L "$clean$f" ]; then echo "left behind: $f" >&2; left=1; fi
done <"$out/files.txt"
for d in /usr/share/doc/nestdeck; do [ -e "$clean$d" ] && { echo "left behind: $d" >&2; left=1; }; done
[ $left = 0 ] || fail "files left after apt-get purge"
say "apt-get purge left none of its $(wc -l <"$out/files.txt") paths behind"
say "passed"
