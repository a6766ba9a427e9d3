#!/usr/bin/env bash
# Smoke test of the FROZEN app, run as the attorney's machine would run it: from a
# folder outside the repository, with a fresh data folder, a clean environment and
# no Python of ours on the path.
#
#   packaging/smoke.sh [APP_DIR]      # default: build/dist/reunify (packaging/build.sh)
#
# APP_DIR is the one-folder build (with reunify and reunify-gui in it) or, on macOS,
# reunify.app. Checks: --version, demo vault, case list in Spanish and English, an
# export in each bundle language with a generated share passphrase, verify with the
# manifest hash (and a wrong hash refused), and the GUI starting offscreen and staying
# up. Exits non-zero with a message at the first failure.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP="${1:-$REPO/build/dist/reunify}"
GUI_SECONDS="${GUI_SECONDS:-6}"  # how long the GUI must stay up once it has started
GUI_LIMIT="${GUI_LIMIT:-90}"     # how long it may take to build the demo vault and start

fail() { echo "SMOKE FAIL: $*" >&2; exit 1; }
step() { echo "--- $*"; }

[ -d "$APP" ] || fail "no build at $APP (run packaging/build.sh first)"
APP="$(cd "$APP" && pwd)"
if [ -d "$APP/Contents/MacOS" ]; then BIN="$APP/Contents/MacOS"; else BIN="$APP"; fi
EXT=""
case "$(uname -s)" in MINGW* | MSYS* | CYGWIN*) EXT=".exe" ;; esac
CLI="$BIN/reunify$EXT"
GUI="$BIN/reunify-gui$EXT"
[ -x "$CLI" ] || fail "missing executable $CLI"
[ -x "$GUI" ] || fail "missing executable $GUI"

WORKDIR="$(mktemp -d "${TMPDIR:-/tmp}/reunify-smoke.XXXXXX")"
GUI_PID=""
cleanup() {
    if [ -n "$GUI_PID" ] && kill -0 "$GUI_PID" 2>/dev/null; then kill "$GUI_PID" 2>/dev/null || true; fi
    rm -rf "$WORKDIR"
}
trap cleanup EXIT
cd "$WORKDIR"
case "$WORKDIR" in "$REPO"/*) fail "the smoke test must run outside the repository" ;; esac

# A clean environment: nothing of the developer's Python, venv or reunify settings.
# Arguments: optional NAME=VALUE pairs, then the command (as for env).
run() {
    env -i PATH=/usr/bin:/bin HOME="$WORKDIR/home" LANG=C.UTF-8 TMPDIR="$WORKDIR" \
        REUNIFY_HOME="$WORKDIR/data" "$@"
}
DEMO_SECRET=""
with_vault() { run "REUNIFY_PASSPHRASE=$DEMO_SECRET" "$@"; }
mkdir -p "$WORKDIR/home"

step "version"
if out="$(run "$CLI" --version 2>&1)"; then
    echo "$out"
    case "$out" in reunify\ [0-9]*) ;; *) fail "--version printed: $out" ;; esac
else
    echo "note: --version failed ($out); checking --help instead"
    run "$CLI" --help >/dev/null || fail "--help failed"
fi

step "demo vault"
out="$(run "$CLI" --lang en demo --vault demo.reunify 2>&1)" || fail "demo: $out"
echo "$out"
DEMO_SECRET="$(printf '%s\n' "$out" | sed -n 's/^Its passphrase is: //p')"
[ -n "$DEMO_SECRET" ] || fail "demo did not print its passphrase"
[ -f demo.reunify ] || fail "demo did not write demo.reunify"

step "cases, in Spanish and in English"
es="$(with_vault "$CLI" cases --vault demo.reunify --lang es 2>&1)" || fail "cases --lang es: $es"
en="$(with_vault "$CLI" cases --vault demo.reunify --lang en 2>&1)" || fail "cases --lang en: $en"
printf '%s\n' "$es" | head -3
[ "$(printf '%s\n' "$es" | wc -l)" -ge 3 ] || fail "the demo vault lists fewer than 3 cases"
[ "$es" != "$en" ] || fail "cases --lang es printed the same as --lang en: the Spanish catalog is missing"
help_es="$(run "$CLI" --help --lang es 2>&1)" || fail "--help --lang es"
case "$help_es" in uso:*) ;; *) fail "--help --lang es is not in Spanish: $(printf '%s' "$help_es" | head -1)" ;; esac

step "export and verify (share passphrase generated, bundles in Spanish and English)"
FILES=0
export_verify() {  # $1 case, $2 bundle language; sets FILES; returns 1 if the export is refused
    local ref="$1" lang="$2" pdf="$WORKDIR/$1-$2.pdf" out phrase hash checked rc=0
    out="$(with_vault "$CLI" --lang en export "$ref" --vault demo.reunify --to "$pdf" \
        --bundle-lang "$lang" --generate-share-passphrase 2>&1)" || rc=$?
    if [ "$rc" -ne 0 ]; then
        # 2 with a message is a refusal (no consent valid today); anything else is a bug.
        [ "$rc" -eq 2 ] && ! printf '%s' "$out" | grep -q Traceback || fail "export $ref: $out"
        return 1
    fi
    phrase="$(printf '%s\n' "$out" | sed -n 's/^Share passphrase.*: //p')"
    hash="$(printf '%s\n' "$out" | sed -n 's/^Manifest SHA-256.*: //p')"
    [ -n "$phrase" ] && [ "${#hash}" -eq 64 ] || fail "export $ref printed no passphrase or hash: $out"
    [ -s "$pdf" ] || fail "export $ref reported success but wrote no PDF"
    (umask 077 && printf '%s\n' "$phrase" >"$WORKDIR/share.txt")
    checked="$(run "$CLI" --lang en verify "$pdf" --expect "$hash" \
        --share-passphrase-file "$WORKDIR/share.txt" 2>&1)" || fail "verify $ref ($lang): $checked"
    case "$checked" in *Verified:*) ;; *) fail "verify $ref ($lang) said: $checked" ;; esac
    if run "$CLI" --lang en verify "$pdf" --expect "$(printf '0%.0s' $(seq 64))" \
        --share-passphrase-file "$WORKDIR/share.txt" >/dev/null 2>&1; then
        fail "verify accepted a wrong manifest hash for $ref"
    fi
    FILES="$(printf '%s\n' "$out" | sed -n 's/^Bundle written to .* (\([0-9]*\) attached.*/\1/p')"
}
# Not every demo case has a consent valid today: take the first that exports with
# attachments (the embedded-files path), or else the first that exports at all.
chosen="" fallback=""
for ref in $(printf '%s\n' "$en" | cut -f1); do
    if export_verify "$ref" es; then
        [ -n "$fallback" ] || fallback="$ref"
        if [ "${FILES:-0}" -gt 0 ]; then chosen="$ref"; break; fi
    fi
done
[ -n "$fallback" ] || fail "no demo case could be exported"
if [ -z "$chosen" ]; then chosen="$fallback" && export_verify "$chosen" es; fi
echo "exported and verified $chosen (Spanish bundle, ${FILES:-0} attached files)"
export_verify "$chosen" en || fail "export $chosen --bundle-lang en was refused"
echo "exported and verified $chosen (English bundle)"

step "GUI (offscreen, --demo): starts and stays up"
GUI_HOME="$WORKDIR/gui-data"
run REUNIFY_HOME="$GUI_HOME" QT_QPA_PLATFORM=offscreen "$GUI" --demo >"$WORKDIR/gui.out" 2>"$WORKDIR/gui.err" &
GUI_PID=$!
gui_dead() {
    wait "$GUI_PID" && rc=0 || rc=$?
    GUI_PID=""
    fail "reunify-gui exited with $rc $1; its stderr:
$(tail -n 30 "$WORKDIR/gui.err")"
}
# Up means: the demo vault it builds on first start is complete (no .building file
# left), then the event loop keeps running for GUI_SECONDS.
waited=0
until [ -f "$GUI_HOME/demo.reunify" ] && ! ls "$GUI_HOME"/*.building >/dev/null 2>&1; do
    kill -0 "$GUI_PID" 2>/dev/null || gui_dead "while starting"
    [ "$waited" -lt "$GUI_LIMIT" ] || fail "reunify-gui did not build its demo vault in ${GUI_LIMIT}s"
    sleep 1
    waited=$((waited + 1))
done
sleep "$GUI_SECONDS"
kill -0 "$GUI_PID" 2>/dev/null || gui_dead "after starting"
if grep -q -e Traceback -e "Could not load the Qt platform plugin" "$WORKDIR/gui.err"; then
    fail "reunify-gui is running but reported an error:
$(tail -n 30 "$WORKDIR/gui.err")"
fi
kill "$GUI_PID"
wait "$GUI_PID" 2>/dev/null || true
GUI_PID=""
echo "reunify-gui ran for $((waited + GUI_SECONDS))s without an error"

if [ "$(uname -s)" = Linux ]; then
    step "shared libraries the folder leaves to the system (ldd)"
    # Informational: what a Linux desktop must provide (Qt's xcb plugin needs some
    # libxcb-* packages that minimal installs lack); the offscreen checks above passed.
    missing="$(find "$APP/_internal" -name '*.so*' -type f -print0 |
        LD_LIBRARY_PATH="$APP/_internal" xargs -0 -n 50 ldd 2>/dev/null |
        sed -n 's/^[[:space:]]*\([^ ]*\) => not found$/\1/p' | sort -u)"
    if [ -n "$missing" ]; then
        echo "not bundled and not on this machine (needed only by the plugins that use them):"
        printf '  %s\n' $missing
    else
        echo "none missing"
    fi
fi

echo "SMOKE OK: $APP"
