#!/usr/bin/env bash
# Packs mcpctl for PyPI and npm from one build, then proves each package
# installs and runs with no registry to fall back on:
#
#   1. maturin builds the wheel (bindings = "bin", pyproject.toml); the mcpctl
#      binary inside it is the one binary every other package gets
#   2. npm/stage.js stages the launcher `mcpctl` and `@mcpctl/<this platform>`
#      around that binary; `npm pack` makes the tarballs
#   3. npm installs the two tarballs into an empty folder with the registry set
#      to a closed port and an empty cache; `npx mcpctl --version` and
#      `npx mcpctl doctor` on the example config must work; the launcher says
#      clearly when its platform package is missing or the platform has none
#   4. pip installs the wheel into a fresh venv with --no-index, and uvx runs it
#      --offline; the same two commands must work
#
# Usage: scripts/pack-check.sh [--profile P] [--target TRIPLE] [--out DIR] [-- MATURIN_ARGS...]
#   --profile  cargo profile (default dev: reuses the test build, no LTO)
#   --out      where the wheel, tarballs and binary go (default target/pack-check/dist)
# The release workflow (.github/workflows/release.yml) runs it with
# --profile release on each native runner and publishes what it leaves in --out.
#
# maturin and uv come from PyPI into target/pack-check/tools (once). A runtime
# that is truly absent (no node/npm, no python >= 3.8) is a loud SKIP of that
# half; any other failure exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"

# Pinned tools (bump deliberately; pyproject.toml's build-system allows >=1.9).
MATURIN_VERSION="1.16.0"
UV_VERSION="0.13.8"

profile=dev
target=""
out=target/pack-check/dist
maturin_args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --target) target="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --) shift; maturin_args=("$@"); break ;;
    *) echo "pack-check: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
    esac
done

say() { printf 'pack-check: %s\n' "$*" >&2; }
skip() { printf '\n!!! pack-check: SKIP: %s\n\n' "$*" >&2; }
fail() { printf 'pack-check: FAILED: %s\n' "$*" >&2; exit 1; }
started=$SECONDS
step() { say "[$((SECONDS - started))s] $*"; }

# The first python >= 3.8 on PATH (maturin and uv need 3.8+).
find_python() {
    local cand
    for cand in python3 python; do
        if command -v "$cand" >/dev/null &&
            "$cand" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)' 2>/dev/null; then
            echo "$cand"
            return 0
        fi
    done
    return 1
}
# A venv's scripts folder: bin/ on Unix, Scripts/ on Windows.
venv_bin() { if [[ -d "$1/Scripts" ]]; then echo "$1/Scripts"; else echo "$1/bin"; fi; }

have_node=1
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    have_node=0
    skip "node/npm not found on PATH: the npm packages are neither staged nor checked"
fi
if ! python="$(find_python)"; then
    skip "no python >= 3.8 on PATH: maturin cannot build the wheel, so nothing is packed or checked"
    exit 0
fi

exe=""
case "$(uname -s)" in MINGW* | MSYS* | CYGWIN*) exe=".exe" ;; esac
version="$(cargo metadata --no-deps --format-version 1 --manifest-path Cargo.toml |
    "$python" -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "claude-mcpctl"))')"
profile_dir="$profile"
[[ "$profile" == dev ]] && profile_dir=debug
bin_dir="target/${target:+$target/}$profile_dir"

# --- tools ---------------------------------------------------------------
tools="target/pack-check/tools"
want="maturin==$MATURIN_VERSION uv==$UV_VERSION"
if [[ "$(cat "$tools/.mcpctl-installed" 2>/dev/null)" != "$want" ]]; then
    step "installing $want into $tools ..."
    rm -rf "$tools"
    "$python" -m venv "$tools" >&2 || fail "'$python -m venv $tools'. hint: install the venv module (Debian: apt-get install python3-venv)"
    "$(venv_bin "$tools")/python" -m pip install --quiet --disable-pip-version-check \
        "maturin==$MATURIN_VERSION" "uv==$UV_VERSION" >&2 ||
        fail "pip install $want. hint: check PyPI is reachable and re-run"
    printf '%s' "$want" >"$tools/.mcpctl-installed"
fi
tools_bin="$(venv_bin "$tools")"

# --- build: one wheel, one binary -----------------------------------------
rm -rf "$out"
mkdir -p "$out/wheels" "$out/npm" "$out/bin"
out="$(cd "$out" && pwd)"
step "maturin $MATURIN_VERSION: wheel from the $profile profile${target:+ for $target}"
"$tools_bin/maturin" build --locked --strip --profile "$profile" ${target:+--target "$target"} \
    --out "$out/wheels" "${maturin_args[@]}" >&2
wheels=("$out"/wheels/*.whl)
[[ ${#wheels[@]} -eq 1 && -f "${wheels[0]}" ]] || fail "expected one wheel in $out/wheels, found: ${wheels[*]}"
wheel="${wheels[0]}"
binary="$out/bin/mcpctl$exe"
"$python" - "$wheel" "$binary" <<'PY'
import os, sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
names = [n for n in zipfile.ZipFile(wheel).namelist() if "/scripts/" in n]
want = [n for n in names if os.path.basename(n) == os.path.basename(dest)]
if names != want or len(want) != 1:
    sys.exit(f"pack-check: FAILED: the wheel must hold exactly one script, {os.path.basename(dest)}; it holds {names}")
with open(dest, "wb") as f:
    f.write(zipfile.ZipFile(wheel).read(want[0]))
os.chmod(dest, 0o755)
PY
say "wheel: $wheel"

# The example config launches mcpctl-example-server by name: a test fixture,
# shipped in no package; the doctor checks find the locally built one on PATH.
cargo build --locked --profile "$profile" ${target:+--target "$target"} --bin mcpctl-example-server >&2
example_bin="$out/example-bin"
mkdir -p "$example_bin"
cp "$bin_dir/mcpctl-example-server$exe" "$example_bin/"
example_config="$REPO/examples/claude_desktop_config.json"

sha256() { "$python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"; }

# --- checks shared by both packages ---------------------------------------
# check_runs LABEL CMD...: CMD --version, then doctor on the teaching example
# (exit 1 by design: one healthy server beside eight classic mistakes).
check_runs() {
    local label="$1"
    shift
    local got rc
    got="$("$@" --version)" || fail "$label: '$* --version' exited $?"
    [[ "$got" == "mcpctl $version" ]] || fail "$label: --version printed '$got', expected 'mcpctl $version'"
    if [[ -n "$exe" ]]; then
        say "$label: --version ok; doctor on the example is checked on Linux and macOS only (the example's bare command names are the Windows pitfall it teaches)"
        return 0
    fi
    set +e
    got="$(PATH="$example_bin:$PATH" MCPCTL_APP_PATH="$example_bin:/usr/bin:/bin" "$@" doctor --config "$example_config" 2>&1)"
    rc=$?
    set -e
    [[ $rc -eq 1 ]] || fail "$label: doctor on the example exited $rc, expected 1 (problems found). Output:"$'\n'"$got"
    local want
    for want in '^1\. Where' '^2\. The file' '^3\. The machine' '^4\. Servers' '^5\. What the app recorded' '^6\. Summary' \
        '^  -- +example +mcpctl-example-server' '^        launch ok: mcpctl-example-server' '^  FAIL +dotenv-banner' \
        '[0-9]+ servers, none started by the app until the file parses: 1 would be healthy, [0-9]+ with problems'; do
        grep -Eq "$want" <<<"$got" || fail "$label: doctor output lacks /$want/. Output:"$'\n'"$got"
    done
    set +e
    got="$(PATH="$example_bin:$PATH" MCPCTL_APP_PATH="$example_bin:/usr/bin:/bin" "$@" doctor --json --config "$example_config")"
    rc=$?
    set -e
    [[ $rc -eq 1 ]] || fail "$label: doctor --json exited $rc, expected 1"
    # shellcheck disable=SC2016 # Python, not shell
    "$python" -c '
import json, sys
doc = json.loads(sys.stdin.read())
healthy = [s["name"] for s in doc["servers"] if s["healthy"]]
if healthy != ["example"] or doc["summary"]["healthy"] != 1 or doc["file"]["strict_json"]:
    sys.exit("pack-check: FAILED: doctor --json: expected only `example` healthy and a file that is not strict JSON, got healthy=%r" % healthy)
' <<<"$got" || fail "$label: doctor --json shape"
    say "$label: --version and doctor (text and --json) ok"
}

# --- npm ------------------------------------------------------------------
npm_binary=""
if [[ $have_node -eq 1 ]]; then
    platform="$(node -p 'process.platform + "-" + process.arch')"
    step "npm: staging mcpctl and @mcpctl/$platform (node $(node --version), npm $(npm --version))"
    while IFS= read -r dir; do
        (cd "$dir" && npm pack --silent --pack-destination "$out/npm" >/dev/null)
    done < <(node npm/stage.js --out "$out/npm-stage" --platform "$platform" --binary "$binary")
    launcher_tgz="$out/npm/mcpctl-$version.tgz"
    platform_tgz="$out/npm/mcpctl-$platform-$version.tgz"
    [[ -f "$launcher_tgz" && -f "$platform_tgz" ]] || fail "npm pack left: $(ls "$out/npm")"

    # No registry: a closed port, no retries, an empty cache of our own.
    npm_offline() {
        npm_config_registry="http://127.0.0.1:9/" npm_config_fetch_retries=0 \
            npm_config_cache="$out/npm-cache" npm_config_audit=false npm_config_fund=false \
            npm_config_update_notifier=false "$@"
    }
    # npx from the install folder, registry still unreachable.
    npm_offline_npx() { local dir="$1"; shift; (cd "$dir" && npm_offline npx mcpctl "$@"); }
    install_dir="$out/npm-install"
    mkdir -p "$install_dir"
    step "npm: installing both tarballs into an empty folder, registry unreachable"
    (cd "$install_dir" && npm_offline npm install --loglevel=error "$launcher_tgz" "$platform_tgz" >&2) ||
        fail "npm install of the tarballs with no registry"
    check_runs "npm" npm_offline_npx "$install_dir"
    npm_binary="$install_dir/node_modules/@mcpctl/$platform/bin/mcpctl$exe"

    # A platform without a package, as the launcher sees it: a clear message, exit 2.
    set +e
    got="$(cd "$install_dir" && node -e \
        "Object.defineProperty(process, 'platform', { value: 'aix' }); require('./node_modules/mcpctl/bin/mcpctl.js')" 2>&1)"
    rc=$?
    set -e
    [[ $rc -eq 2 && "$got" == *"no prebuilt mcpctl binary for this platform (aix-"* && "$got" == *"cargo install claude-mcpctl --locked"* ]] ||
        fail "npm: unsupported platform: exit $rc, output: $got"

    # The launcher without its optional platform package: names it, says how to fix.
    bare="$out/npm-no-optional"
    mkdir -p "$bare"
    (cd "$bare" && npm_offline npm install --loglevel=error --omit=optional "$launcher_tgz" >&2) ||
        fail "npm install --omit=optional of the launcher with no registry"
    set +e
    got="$(cd "$bare" && npm_offline npx mcpctl --version 2>&1)"
    rc=$?
    set -e
    [[ $rc -eq 2 && "$got" == *"@mcpctl/$platform"*"is not installed"* && "$got" == *"--omit=optional"* ]] ||
        fail "npm: missing platform package: exit $rc, output: $got"
    say "npm: unsupported platform and missing platform package give a clear error (exit 2)"

    # SIGTERM to the launcher alone (a process manager, a CI timeout) reaches
    # mcpctl, which stops the server it launched; the launcher dies of it too.
    if [[ -z "$exe" ]]; then
        marker="29999"
        # What this check started, found by paths only this run uses.
        server="$example_bin/mcpctl-example-server --slow-ms $marker"
        leftovers() { pgrep -f -- "$out/slow.json|$server"; }
        cleanup_fail() {
            local pids
            pids="$(leftovers || true)"
            # shellcheck disable=SC2086 # one pid a word
            [[ -z "$pids" ]] || kill -KILL $pids 2>/dev/null || true
            fail "$@"
        }
        printf '{"mcpServers": {"slow": {"command": "%s", "args": ["--slow-ms", "%s"]}}}\n' \
            "$example_bin/mcpctl-example-server" "$marker" >"$out/slow.json"
        (cd "$install_dir" && exec node node_modules/mcpctl/bin/mcpctl.js test-launch --config "$out/slow.json" >/dev/null 2>&1) &
        launcher=$!
        for _ in $(seq 100); do
            pgrep -f -- "$server" >/dev/null && break
            sleep 0.1
        done
        pgrep -f -- "$server" >/dev/null || cleanup_fail "npm: the slow server never started under the launcher"
        kill -TERM "$launcher"
        set +e
        wait "$launcher"
        rc=$?
        set -e
        [[ $rc -eq 143 ]] || cleanup_fail "npm: after SIGTERM the launcher exited $rc, expected 143 (killed by SIGTERM, like mcpctl)"
        for _ in $(seq 20); do
            leftovers >/dev/null || break
            sleep 0.1
        done
        ! leftovers >&2 || cleanup_fail "npm: mcpctl or its server is still running after SIGTERM to the launcher"
        say "npm: SIGTERM to the launcher stops mcpctl and its server (exit 143, no process left)"
    fi
fi

# --- wheel ----------------------------------------------------------------
step "wheel: fresh venv, pip install --no-index"
venv="$out/venv"
# A venv without its own pip (seconds saved); the tools' pip installs into it.
"$python" -m venv --without-pip "$venv" >&2
venv_dir="$(venv_bin "$venv")"
"$tools_bin/python" -m pip --python "$venv_dir/python" install --quiet --disable-pip-version-check \
    --no-index --no-deps "$wheel" >&2 || fail "pip install --no-index of $wheel"
check_runs "pip" "$venv_dir/mcpctl$exe"
got="$(UV_CACHE_DIR="$out/uv-cache" "$tools_bin/uvx" --offline --no-config --quiet --from "$wheel" mcpctl --version)" ||
    fail "uvx --offline --from the wheel"
[[ "$got" == "mcpctl $version" ]] || fail "uvx: --version printed '$got'"
say "uvx: --version ok"

# --- one binary everywhere --------------------------------------------------
sum="$(sha256 "$binary")"
for copy in "$venv_dir/mcpctl$exe" ${npm_binary:+"$npm_binary"}; do
    [[ "$(sha256 "$copy")" == "$sum" ]] || fail "$copy differs from the binary in the wheel"
done
step "ok: mcpctl $version, sha256 $sum, in the wheel${npm_binary:+, the npm package} and $out/bin"
