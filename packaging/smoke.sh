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
# manifest hash (and a wrong hash refused), and the GUI's self-test offscreen (unlock
# the demo vault and quit; an error in the event loop reported without case data).
# Exits non-zero with a message at the first failure.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP="${1:-$REPO/build/dist/reunify}"
GUI_LIMIT="${GUI_LIMIT:-120}"  # seconds the GUI self-test may take (it builds a demo vault first)

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

# A clean environment: nothing of the developer's Python, venv or reunify settings
# (Windows keeps the two variables its runtime cannot start without).
# Arguments: optional NAME=VALUE pairs, then the command (as for env).
KEEP=()
for v in SYSTEMROOT WINDIR; do [ -z "${!v:-}" ] || KEEP+=("$v=${!v}"); done
run() {
    env -i PATH=/usr/bin:/bin HOME="$WORKDIR/home" LANG=C.UTF-8 \
        TMPDIR="$WORKDIR" TEMP="$WORKDIR" TMP="$WORKDIR" \
        REUNIFY_HOME="$WORKDIR/data" ${KEEP[@]+"${KEEP[@]}"} "$@"
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
sed -n 1,3p <<<"$es"
[ "$(printf '%s\n' "$es" | wc -l)" -ge 3 ] || fail "the demo vault lists fewer than 3 cases"
[ "$es" != "$en" ] || fail "cases --lang es printed the same as --lang en: the Spanish catalog is missing"
help_es="$(run "$CLI" --help --lang es 2>&1)" || fail "--help --lang es"
case "$help_es" in uso:*) ;; *) fail "--help --lang es is not in Spanish: $(sed -n 1p <<<"$help_es")" ;; esac

step "export and verify (share passphrase generated, bundles in Spanish and English)"
FILES=0
export_verify() {  # $1 case, $2 bundle language; sets FILES; returns 1 if the export is refused
    local ref="$1" lang="$2" pdf="$WORKDIR/$1-$2.pdf" out phrase hash checked rc=0
    out="$(with_vault "$CLI" --lang en export "$ref" --vault demo.reunify --to "$pdf" \
        --bundle-lang "$lang" --generate-share-passphrase 2>&1)" || rc=$?
    if [ "$rc" -ne 0 ]; then
        # 2 with a message is a refusal (no consent valid today); anything else is a bug.
        case "$rc:$out" in 2:*Traceback*) fail "export $ref: $out" ;; 2:*) return 1 ;; esac
        fail "export $ref exited with $rc: $out"
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
    # Dates in the report, formatted by Babel with the locale data the build kept
    # (es_MX, en_US): read back with poppler when it is installed.
    if command -v pdftotext >/dev/null; then
        local text pattern
        text="$(pdftotext -upw "$phrase" "$pdf" - 2>/dev/null)" || fail "pdftotext cannot read $pdf"
        if [ "$lang" = es ]; then
            pattern='[0-9]{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)[a-z.]* (de )?20[0-9]{2}'
        else
            pattern='(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* [0-9]{1,2}, 20[0-9]{2}'
        fi
        grep -Eq "$pattern" <<<"$text" || fail "no $lang-formatted date in the $lang bundle"
    fi
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

# The GUI's self-test (reunify.ui.app._self_test): REUNIFY_SELF_TEST=quit unlocks the
# demo vault it shows and quits after 3 s of event loop; =crash also raises an error
# with invented names in the event loop, which must end up in a crash report without
# the names. Offscreen: no display needed.
run_gui() {  # $1 mode, $2 data folder; waits up to GUI_LIMIT seconds; sets GUI_RC
    local mode="$1" data="$2" waited=0
    run REUNIFY_HOME="$data" QT_QPA_PLATFORM=offscreen REUNIFY_SELF_TEST="$mode" \
        "$GUI" --demo >"$WORKDIR/gui-$mode.out" 2>"$WORKDIR/gui-$mode.err" &
    GUI_PID=$!
    while kill -0 "$GUI_PID" 2>/dev/null; do
        if [ "$waited" -ge "$GUI_LIMIT" ]; then
            fail "reunify-gui (self-test $mode) still running after ${GUI_LIMIT}s; its stderr:
$(tail -n 20 "$WORKDIR/gui-$mode.err")"
        fi
        sleep 1
        waited=$((waited + 1))
    done
    wait "$GUI_PID" && GUI_RC=0 || GUI_RC=$?
    GUI_PID=""
    echo "reunify-gui self-test $mode: exit $GUI_RC after ${waited}s"
}
gui_log() { cat "$1"/logs/gui*.log 2>/dev/null || true; }

step "GUI (offscreen): starts, unlocks the demo vault, quits"
run_gui quit "$WORKDIR/gui-quit"
[ "$GUI_RC" -eq 0 ] || fail "reunify-gui exited with $GUI_RC; its stderr:
$(tail -n 30 "$WORKDIR/gui-quit.err")"
! grep -q Traceback "$WORKDIR/gui-quit.err" || fail "reunify-gui printed a traceback:
$(tail -n 30 "$WORKDIR/gui-quit.err")"
[ -f "$WORKDIR/gui-quit/demo.reunify" ] || fail "reunify-gui --demo did not build the demo vault"
grep -q "vault unlocked" <<<"$(gui_log "$WORKDIR/gui-quit")" || fail "the GUI did not unlock the demo vault; its log:
$(gui_log "$WORKDIR/gui-quit" | tail -n 20)"
! ls "$WORKDIR/gui-quit/logs"/crash-* >/dev/null 2>&1 || fail "reunify-gui wrote a crash report:
$(cat "$WORKDIR/gui-quit/logs"/crash-*)"

step "GUI (offscreen): an error in the event loop gives a crash report without case data"
run_gui crash "$WORKDIR/gui-crash"
report="$(cat "$WORKDIR/gui-crash/logs"/crash-gui-* 2>/dev/null)" || fail "no crash report in $WORKDIR/gui-crash/logs"
case "$report" in *RuntimeError*) ;; *) fail "the crash report does not name the error: $report" ;; esac
if grep -r -q -e Xóchitl -e Tepale -e Cuautle "$WORKDIR/gui-crash/logs" "$WORKDIR/gui-crash.err"; then
    fail "case-like text from the error reached the log, report or console"
fi
echo "crash report written, case text withheld"

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
