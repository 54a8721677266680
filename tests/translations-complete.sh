#!/usr/bin/env bash
# Every user-visible string has a German translation: lupdate over the sources
# into a copy of nestdeck_de.ts must leave nothing unfinished. -I as the build's
# lupdate has it: classes in namespaces get their qualified names as contexts,
# which is what tr() looks up at run time.
#   translations-complete.sh SOURCE_DIR LUPDATE
set -euo pipefail
src=$1 lupdate=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src/translations/nestdeck_de.ts" "$tmp/"
"$lupdate" -silent -no-obsolete -locations none -I "$src" "$src/core" "$src/qml" "$src/app" -ts "$tmp/nestdeck_de.ts"
missing=$(grep -c 'type="unfinished"' "$tmp/nestdeck_de.ts" || true)
if [ "$missing" != 0 ]; then
    echo "translations: $missing strings have no German translation:" >&2
    grep -B2 'type="unfinished"' "$tmp/nestdeck_de.ts" | grep '<source>' >&2
    exit 1
fi
echo "translations: German complete ($(grep -c '<message' "$tmp/nestdeck_de.ts") strings)"
