#!/usr/bin/env bash
# manpage.sh NAME SUMMARY VERSION OUT BINARY: a man page (section 1) from the
# binary's --help, so the page never drifts from the program.
set -euo pipefail
name=$1 summary=$2 version=$3 out=$4 bin=$5
# The usage line names the binary as run here (a build path): name it as installed.
help=$(QT_QPA_PLATFORM=offscreen "$bin" --help | sed "1s|^Usage: [^ ]*|Usage: $name|")
# roff: a line may not start with "." or "'", and backslashes must be doubled.
escape() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/" -e 's/-/\\-/g'; }
{
    printf '.TH %s 1 "%s" "Nestdeck %s" "User Commands"\n' "$(echo "$name" | tr '[:lower:]' '[:upper:]')" "$(date -u -d "@${SOURCE_DATE_EPOCH:-0}" +%Y-%m-%d)" "$version"
    printf '.SH NAME\n%s \\- %s\n' "$name" "$summary"
    printf '.SH SYNOPSIS\n.B %s\n[\\fIOPTIONS\\fR]%s\n' "$name" "$( [ "$name" = nestdeck-cli ] && echo ' \fICOMMAND\fR [\fIARGS\fR]' || true)"
    printf '.SH DESCRIPTION\n.nf\n'
    printf '%s\n' "$help" | escape
    printf '.fi\n.SH SEE ALSO\n'
    if [ "$name" = nestdeck ]; then printf '.BR nestdeck\\-cli (1)\n'; else printf '.BR nestdeck (1),\n.BR kubectl (1)\n'; fi
} | gzip -9n > "$out"
