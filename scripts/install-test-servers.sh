#!/usr/bin/env bash
# Installs the official MCP reference servers that mcpctl's real-server tests
# (tests/e2e/real_servers.rs) and docs/testing.md use, into one cache folder:
#
#   CACHE/npm  @modelcontextprotocol/server-everything, server-memory, server-filesystem (npm)
#   CACHE/py   a Python venv with mcp-server-time (PyPI)
#   xmllint    Debian's libxml2-utils, system-wide (validates JUnit reports)
#
# Usage: scripts/install-test-servers.sh [CACHE_DIR]   (default target/test-servers)
# Then:  MCPCTL_TEST_SERVERS=CACHE_DIR cargo test
#
# Idempotent: a second run with the same pins only checks and returns.
# A runtime that is truly absent (no node/npm, no python >= 3.10) is a loud
# SKIP, not a failure; a failed install with the runtime present exits 1.
set -euo pipefail

# Pinned versions (bump together with the snapshots of tests/e2e/real_servers.rs).
EVERYTHING_VERSION="2026.8.31"
MEMORY_VERSION="2026.8.31"
# Its 14 tools declare draft-07 `$schema` on inputSchema and outputSchema:
# the cowork lane refuses them (tests/e2e/lanes.rs).
FILESYSTEM_VERSION="2026.8.31"
TIME_VERSION="2026.10.19"

CACHE="${1:-target/test-servers}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"

say() { printf 'install-test-servers: %s\n' "$*" >&2; }
skip() {
    printf '\n!!! install-test-servers: SKIP: %s\n!!! the tests that need it will print SKIPPED (and fail when CI is set and the runtime exists)\n\n' "$*" >&2
}

status=0

install_npm() {
    local dir="$CACHE/npm"
    local stamp="$dir/.mcpctl-installed"
    local want="server-everything@$EVERYTHING_VERSION server-memory@$MEMORY_VERSION server-filesystem@$FILESYSTEM_VERSION"
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        skip "node/npm not found on PATH: the npm reference servers (server-everything, server-memory, server-filesystem) are not installed"
        return 0
    fi
    local bin="$dir/node_modules/.bin"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$bin/mcp-server-everything" && -x "$bin/mcp-server-memory" && -x "$bin/mcp-server-filesystem" ]]; then
        say "npm servers already installed in $dir ($want)"
        return 0
    fi
    say "installing $want with npm $(npm --version) / node $(node --version) into $dir ..."
    mkdir -p "$dir"
    if npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
        "@modelcontextprotocol/server-everything@$EVERYTHING_VERSION" \
        "@modelcontextprotocol/server-memory@$MEMORY_VERSION" \
        "@modelcontextprotocol/server-filesystem@$FILESYSTEM_VERSION" >&2; then
        printf '%s' "$want" >"$stamp"
        say "installed: $bin/mcp-server-everything, $bin/mcp-server-memory, $bin/mcp-server-filesystem"
    else
        say "FAILED: npm install into $dir (node is present, so this is an error). hint: check the npm registry is reachable and re-run"
        status=1
    fi
}

# The first python >= 3.10 on PATH (mcp-server-time needs 3.10+).
find_python() {
    local cand
    for cand in python3 python3.13 python3.12 python3.11 python3.10; do
        if command -v "$cand" >/dev/null &&
            "$cand" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
            echo "$cand"
            return 0
        fi
    done
    return 1
}

install_python() {
    local dir="$CACHE/py"
    local stamp="$dir/.mcpctl-installed"
    local want="mcp-server-time==$TIME_VERSION"
    local python
    if ! python="$(find_python)"; then
        skip "no python >= 3.10 on PATH: the PyPI reference server (mcp-server-time) is not installed"
        return 0
    fi
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$dir/bin/mcp-server-time" ]]; then
        say "python server already installed in $dir ($want)"
        return 0
    fi
    say "installing $want with $($python --version 2>&1) into $dir ..."
    if ! "$python" -m venv "$dir" >&2; then
        say "FAILED: '$python -m venv $dir'. hint: install the venv module (Debian: apt-get install python3-venv)"
        status=1
        return 0
    fi
    if "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$want" >&2; then
        printf '%s' "$want" >"$stamp"
        say "installed: $dir/bin/mcp-server-time"
    else
        say "FAILED: pip install $want into $dir. hint: check PyPI is reachable and re-run"
        status=1
    fi
}

# xmllint (Debian's libxml2-utils): tests/e2e/ci.rs validates every JUnit
# report against tests/fixtures/junit/junit.xsd with it.
install_xmllint() {
    if command -v xmllint >/dev/null; then
        say "xmllint present ($(command -v xmllint))"
        return 0
    fi
    if ! command -v apt-get >/dev/null; then
        skip "xmllint not found and no apt-get to install it (libxml2-utils): JUnit reports are not validated against the XSD"
        return 0
    fi
    local sudo_=()
    ((EUID == 0)) || sudo_=(sudo)
    say "installing libxml2-utils (xmllint) with apt-get ..."
    if DEBIAN_FRONTEND=noninteractive "${sudo_[@]}" apt-get install -y -qq libxml2-utils >/dev/null 2>&1 ||
        { "${sudo_[@]}" apt-get update -qq >/dev/null 2>&1 &&
            DEBIAN_FRONTEND=noninteractive "${sudo_[@]}" apt-get install -y -qq libxml2-utils >/dev/null 2>&1; }; then
        say "installed: $(command -v xmllint)"
    else
        say "FAILED: apt-get install libxml2-utils. hint: check the Debian package mirror is reachable and re-run"
        status=1
    fi
}

install_npm
install_python
install_xmllint
if [[ $status -eq 0 ]]; then
    say "done; run the tests with: MCPCTL_TEST_SERVERS=$CACHE cargo test"
fi
exit $status
