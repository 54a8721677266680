#!/usr/bin/env bash
# Installs what Nestdeck needs to build and test. Idempotent: a second run with
# nothing changed does nothing and takes well under a second.
#
# - Debian 13 host: apt-get installs the packages natively.
# - Older host (Debian 12 has Qt 6.4 and no KF6): a Debian 13 root is built with
#   mmdebstrap from Debian's packages into the cache directory; scripts/in-root
#   runs commands inside it.
set -euo pipefail
. "$(dirname "$0")/root-env.sh"

# Two targets may run setup at once (make build and make sandbox side by side):
# the second waits for the first instead of bootstrapping into the same folder.
mkdir -p "$NESTDECK_CACHE"
exec 9>"$NESTDECK_CACHE/setup.lock"
flock 9

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "this step needs root (run as root or install sudo): $*"; fi
}

apt_updated=
apt_install() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing with apt: ${missing[*]}"
    if [ -z "$apt_updated" ]; then
        as_root apt-get update -q >/dev/null || die "apt-get update failed: is Debian's package mirror reachable?"
        apt_updated=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
        || die "apt-get install failed for: ${missing[*]}"
}

check_go() {
    command -v go >/dev/null || die "Go is not installed: the sandbox (sandbox/) needs Go >= 1.24 on the host (https://go.dev/dl, or Debian 13's golang-go)"
    local v; v=$(go env GOVERSION 2>/dev/null | sed 's/^go//')
    local major=${v%%.*} rest=${v#*.}; local minor=${rest%%.*}
    if [ "${major:-0}" -lt 1 ] || { [ "$major" = 1 ] && [ "${minor:-0}" -lt 21 ]; }; then
        die "Go $v is too old: the sandbox needs Go >= 1.21 (it then fetches the 1.24 toolchain go.mod asks for through the module proxy)"
    fi
}

native_setup() {
    # shellcheck disable=SC2046
    apt_install $(nestdeck_packages)
}

root_setup() {
    if [ -f "$NESTDECK_ROOT_STAMP" ]; then
        return 0
    fi
    apt_install mmdebstrap bubblewrap debian-archive-keyring
    mkdir -p "$NESTDECK_CACHE"
    local free_kb; free_kb=$(df -Pk "$NESTDECK_CACHE" | awk 'NR==2 {print $4}')
    [ "${free_kb:-0}" -ge $((3 * 1024 * 1024)) ] \
        || die "not enough disk space in $NESTDECK_CACHE: $((free_kb / 1024)) MiB free, the Debian 13 root needs about 3 GiB while it is built"
    [ "$(id -u)" = 0 ] || die "building the Debian 13 root needs root (mmdebstrap root mode); run 'sudo make setup' once"

    local tmp="$NESTDECK_ROOT.partial"
    # A partial root whose mmdebstrap finished is only re-checked; anything else
    # left by an interrupted run is thrown away.
    if [ -f "$tmp/.nestdeck-bootstrapped" ]; then check_and_stamp "$tmp"; return; fi
    rm -rf "$tmp"
    say "building the Debian 13 root in $NESTDECK_ROOT (about a minute, ~1.5 GB)"
    local pkgs; pkgs=$(nestdeck_packages | paste -sd, -)
    local log="$NESTDECK_CACHE/mmdebstrap.log"
    if ! mmdebstrap --variant=apt --mode=root --components=main \
            --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
            --aptopt='Acquire::Retries "3"' \
            --dpkgopt='path-exclude=/usr/share/man/*' \
            --dpkgopt='path-exclude=/usr/share/doc/*' \
            --dpkgopt='path-include=/usr/share/doc/*/copyright' \
            --include="$pkgs" \
            "$NESTDECK_SUITE" "$tmp" \
            "deb http://deb.debian.org/debian $NESTDECK_SUITE main" \
            "deb http://deb.debian.org/debian $NESTDECK_SUITE-updates main" \
            "deb http://deb.debian.org/debian-security $NESTDECK_SUITE-security main" \
            >"$log" 2>&1; then
        rm -rf "$tmp"
        tail -n 25 "$log" >&2
        if grep -q 'No space left' "$log"; then die "disk full while building the root (see $log)"; fi
        if grep -qiE 'Could not resolve|Failed to fetch|Temporary failure' "$log"; then
            die "could not download from Debian's package mirror (deb.debian.org); see $log"
        fi
        die "mmdebstrap failed; the full log is $log"
    fi
    touch "$tmp/.nestdeck-bootstrapped"
    check_and_stamp "$tmp"
}

check_and_stamp() {
    local tmp=$1 out
    # A root that cannot run its own Qt tools is not a root: check before stamping.
    if ! out=$("$NESTDECK_TOP/scripts/in-root" --root "$tmp" qtpaths6 --qt-version 2>&1); then
        printf '%s\n' "$out" >&2
        die "the new root at $tmp does not run commands (is bubblewrap allowed here? try: bwrap --ro-bind / / true)"
    fi
    say "Qt in the root: $out"
    date -u +%FT%TZ >"$tmp/.nestdeck-root-ok"
    mv "$tmp" "$NESTDECK_ROOT"
    # Older roots (other package lists) are dead weight: remove them.
    find "$NESTDECK_CACHE" -mindepth 1 -maxdepth 1 -name "root-*" ! -path "$NESTDECK_ROOT" -exec rm -rf {} +
    say "root ready: $NESTDECK_ROOT ($(du -sh "$NESTDECK_ROOT" | cut -f1))"
}

check_go
# Host tools the benchmarks and GUI checks call from outside the root.
apt_install time bc
if nestdeck_host_is_native; then native_setup; else root_setup; fi
