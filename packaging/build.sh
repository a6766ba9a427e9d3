#!/usr/bin/env bash
# Build the one-folder app with PyInstaller (Linux and macOS; Windows: packaging/README.md).
#
#   packaging/build.sh            # -> build/dist/reunify/ (+ build/dist/reunify.app on macOS)
#
# Uses the project's venv (PY=.venv/bin/python unless set), which needs the `package`
# extra: pip install -e '.[package]'. Output and PyInstaller's work files stay under
# build/, which git ignores. Prints the folder's size and the build time.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
PY="${PY:-.venv/bin/python}"
DIST="${DIST:-build/dist}"
WORK="${WORK:-build/pyinstaller}"

"$PY" -m PyInstaller --version >/dev/null 2>&1 ||
    { echo "PyInstaller is not installed in $PY: pip install -e '.[package]'" >&2; exit 2; }

# Compiled catalogs (build output, not in git); the app could compile the .po files
# at each start, but a release should not.
for po in reunify/locales/*/LC_MESSAGES/reunify.po; do
    mo="${po%.po}.mo"
    if [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; then
        "$PY" -m babel.messages.frontend compile --statistics -D reunify -i "$po" -o "$mo"
    fi
done

start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --log-level "${LOG_LEVEL:-WARN}" \
    --distpath "$DIST" --workpath "$WORK" packaging/reunify.spec
seconds=$(( $(date +%s) - start ))

out="$DIST/reunify"
[ -x "$out/reunify" ] || { echo "build failed: no $out/reunify" >&2; exit 1; }
size=$(du -sk "$out" | cut -f1)
files=$(find "$out" -type f | wc -l | tr -d ' ')
echo "built $out: $((size / 1024)) MB in $files files, ${seconds}s (PyInstaller $("$PY" -m PyInstaller --version))"
if [ -d "$DIST/reunify.app" ]; then
    echo "built $DIST/reunify.app: $(( $(du -sk "$DIST/reunify.app" | cut -f1) / 1024 )) MB"
fi
