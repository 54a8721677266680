#!/usr/bin/env bash
# GUI smoke test: start nestdeck in a real X server (Xvfb), wait until it has
# drawn its first frame, check the window is there, save a screenshot and fail
# if the window never appeared, the screen is blank or the process crashed.
#   smoke.sh APP OUTDIR [APP ARGS...]
set -euo pipefail
app=$1 out=$2; shift 2
mkdir -p "$out"

if [ -z "${NESTDECK_SMOKE_IN_XVFB:-}" ]; then
    # -a picks a free display, so parallel tests and a user's X don't collide.
    exec env NESTDECK_SMOKE_IN_XVFB=1 xvfb-run -a -s "-screen 0 1400x900x24 -nolisten tcp" "$0" "$app" "$out" "$@"
fi

fail() { echo "gui smoke: FAIL: $*" >&2; exit 1; }

home=$(mktemp -d)
trap 'rm -rf "$home"; [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null || true' EXIT
unset QT_QPA_PLATFORM  # a real xcb window, not offscreen

# The app prints "nestdeck: window ready" after its first frame; read its
# stdout until then (or until it exits, or 60 s pass).
coproc APP { HOME=$home XDG_CONFIG_HOME=$home/.config exec "$app" "$@" 2>"$out/stderr.log"; }
ready=
while IFS= read -r -t 60 line <&"${APP[0]}"; do
    echo "$line" >>"$out/stdout.log"
    if [[ $line == *"window ready"* ]]; then ready=1; break; fi
done
if [ -z "$ready" ]; then
    cat "$out/stderr.log" >&2 || true
    fail "no window within 60 s, or the process exited first"
fi
kill -0 "$APP_PID" 2>/dev/null || fail "process died right after showing its window"

wid=$(xdotool search --onlyvisible --name '^Nestdeck' | head -n1)
[ -n "$wid" ] || fail "no visible X window titled Nestdeck"
geometry=$(xwininfo -id "$wid" | awk '/Width:/ {w=$2} /Height:/ {h=$2} END {print w "x" h}')

shot="$out/smoke.png"
import -window root "$shot"
# A window that drew nothing leaves a flat image: its standard deviation is ~0.
spread=$(convert "$shot" -colorspace Gray -format '%[fx:standard_deviation]' info:)
awk -v s="$spread" 'BEGIN { exit !(s > 0.02) }' || fail "screenshot is blank (stddev $spread)"

kill -TERM "$APP_PID"
status=0; wait "$APP_PID" || status=$?
# 143 = ended by our SIGTERM; anything else non-zero is a crash or an error exit.
[ "$status" = 0 ] || [ "$status" = 143 ] || fail "exit status $status (crash?); stderr in $out/stderr.log"
APP_PID=
echo "gui smoke: window $wid ${geometry}, screenshot $shot (stddev $spread)"
