#!/usr/bin/env bash
# The end of a test run (scripts/test): the tests that skipped for a missing
# runtime, from the log they wrote (one RUNTIME<TAB>TEST<TAB>WHY line each;
# cargo showed them as `ok`), and a last line counting them. Under CI (CI
# set, not "false"/"0") a skip whose runtime is installed here fails the
# run (exit 1): CI must run those tests.
#
#   scripts/skip-report.sh target/test-skips.log
set -uo pipefail
skip_log=${1:?usage: scripts/skip-report.sh SKIP_LOG}
status=0
# Whether a runtime a test asked for is installed: node, python3, python3>=3.10, xmllint.
runtime_present() {
    case "$1" in
        node) command -v node >/dev/null 2>&1 ;;
        python3) command -v python3 >/dev/null 2>&1 ;;
        'python3>=3.10')
            command -v python3 >/dev/null 2>&1 &&
                python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' ;;
        xmllint) command -v xmllint >/dev/null 2>&1 ;;
        *) return 1 ;;
    esac
}

is_ci() { [[ -n "${CI:-}" && "${CI}" != "false" && "${CI}" != "0" ]]; }

skipped=$( { grep -c . "$skip_log" 2>/dev/null || true; } | head -n1)
skipped=${skipped:-0}
if [[ "$skipped" -gt 0 ]]; then
    echo
    echo "Tests skipped for a missing runtime (cargo showed them as ok):"
    while IFS=$'\t' read -r runtime test why; do
        echo "  $test  [needs $runtime]  $why"
    done < "$skip_log"
    if is_ci; then
        while read -r runtime; do
            if runtime_present "$runtime"; then
                echo "error: CI=$CI and $runtime is installed here, yet tests that need it were skipped: CI must run them" >&2
                status=1
            fi
        done < <(cut -f1 "$skip_log" | sort -u)
    fi
    by_runtime=$(cut -f1 "$skip_log" | sort | uniq -c | awk '{printf "%s%s: %s", (NR>1 ? ", " : ""), $2, $1}')
    echo "tests skipped for a missing runtime: $skipped ($by_runtime)"
else
    echo "tests skipped for a missing runtime: 0"
fi
exit "$status"
