# Sourced by setup and in-root: where the Debian 13 root lives and whether we need one.
# shellcheck shell=bash

NESTDECK_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NESTDECK_PACKAGES_FILE="$NESTDECK_TOP/scripts/root-packages.txt"
NESTDECK_SUITE=trixie

# Packages, one a line, comments and blanks dropped.
nestdeck_packages() {
    sed -e 's/#.*//' -e 's/[[:space:]]//g' "$NESTDECK_PACKAGES_FILE" | grep -v '^$'
}

# A host already on Debian 13 (or newer) needs no root: it installs natively.
nestdeck_host_is_native() {
    [ -r /etc/os-release ] || return 1
    # shellcheck disable=SC1091
    local id version
    id=$(. /etc/os-release && echo "${ID:-}")
    version=$(. /etc/os-release && echo "${VERSION_ID:-0}")
    [ "$id" = debian ] || return 1
    [ "${version%%.*}" -ge 13 ] 2>/dev/null
}

# The root is named by a hash of its package list and suite, so a changed list
# builds a new root instead of mutating a working one.
nestdeck_root_hash() {
    { echo "$NESTDECK_SUITE"; nestdeck_packages; } | sha256sum | cut -c1-12
}

NESTDECK_CACHE="${NESTDECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nestdeck}"
NESTDECK_ROOT="$NESTDECK_CACHE/root-$NESTDECK_SUITE-$(nestdeck_root_hash)"
# Written last, after the root was built and checked: its presence is what makes
# a root valid, so an interrupted build never looks finished.
NESTDECK_ROOT_STAMP="$NESTDECK_ROOT/.nestdeck-root-ok"
