#!/usr/bin/env bash
# Runs the real Python ffiec-data-connect (0.2.7 over SOAP, 3.x over REST)
# against ffiec-mock and writes target/interop/results.json.
#
#   interop/run.sh            # from anywhere; needs cargo and python3.11
#   PYTHON=/path/to/python3.11 interop/run.sh
#
# Exits non-zero if any check fails. See interop/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INTEROP="$ROOT/interop"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="$TARGET_DIR/interop"
PYTHON="${PYTHON:-python3.11}"
DRIVER_TIMEOUT=180
mkdir -p "$OUT"

say() { printf '[interop] %4ss %s\n' "$SECONDS" "$*"; }

if ! command -v "$PYTHON" >/dev/null; then
    say "needs Python 3.11 ($PYTHON not found; set PYTHON=...)" >&2
    exit 2
fi

# One virtual environment per library version: 0.2.7 and 3.x cannot share
# one. A stamp of the requirements file skips pip when nothing changed.
make_venv() {
    local name="$1" requirements="$INTEROP/requirements-$1.txt"
    local venv="$OUT/venv-$name" stamp
    stamp="$(sha256sum "$requirements" | cut -d' ' -f1)"
    if [[ -f "$venv/.stamp" && "$(cat "$venv/.stamp")" == "$stamp" ]]; then
        return
    fi
    say "creating $venv from $(basename "$requirements")"
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps \
        --requirement "$requirements" >"$OUT/pip-$name.log" 2>&1 || {
        say "pip install failed; see $OUT/pip-$name.log" >&2
        tail -n 20 "$OUT/pip-$name.log" >&2
        return 1
    }
    echo "$stamp" >"$venv/.stamp"
}
make_venv v027
make_venv v3

say "building ffiec-mock (release)"
# The whole workspace, as CI builds it, so features unify the same way in
# every run and race-audit reuses this build.
cargo build --quiet --release --workspace --bins --manifest-path "$ROOT/Cargo.toml"

# Two accounts (unsigned JWTs valid until 2100, minted by mockenv.py) and
# two recording proxies with different credentials. Tokens and passwords
# are throwaway test values, never real secrets.
user_args="$("$PYTHON" "$INTEROP/mockenv.py" user-args)"
proxy_args="$("$PYTHON" "$INTEROP/mockenv.py" proxy-args)"
fingerprint_key="$("$PYTHON" "$INTEROP/mockenv.py" fingerprint-key)"
read -r -a USER_ARGS <<<"$user_args"
read -r -a PROXY_ARGS <<<"$proxy_args"
MOCK_STDOUT="$OUT/mock.stdout"
"$TARGET_DIR/release/ffiec-mock" --listen 127.0.0.1:0 "${USER_ARGS[@]}" "${PROXY_ARGS[@]}" \
    --fingerprint-key "$fingerprint_key" \
    >"$MOCK_STDOUT" 2>"$OUT/mock.stderr" &
MOCK_PID=$!
stop_mock() {
    kill "$MOCK_PID" 2>/dev/null || true
    wait "$MOCK_PID" 2>/dev/null || true
}
trap stop_mock EXIT
# A signal ends the script through exit, so the EXIT trap stops the mock.
trap 'exit 130' INT
trap 'exit 143' TERM

# The mock prints its URL first and the proxy lines last.
for _ in $(seq 1 200); do
    if [[ "$(grep -c '^proxy:' "$MOCK_STDOUT" || true)" -ge 2 ]]; then
        break
    fi
    if ! kill -0 "$MOCK_PID" 2>/dev/null; then
        say "ffiec-mock exited at start:" >&2
        cat "$OUT/mock.stderr" >&2
        exit 1
    fi
    sleep 0.05
done
MOCK_URL="$(head -n 1 "$MOCK_STDOUT")"
if [[ "$(grep -c '^proxy:' "$MOCK_STDOUT" || true)" -lt 2 ]]; then
    say "ffiec-mock did not report its proxies in 10 s" >&2
    exit 1
fi
say "mock at $MOCK_URL"

# The drivers reach the mock on loopback; a proxy named by the environment
# (CI runners often set one) must not sit in between.
run_driver() {
    local venv="$1" script="$2" part="$3"
    say "running $script (log: $OUT/${part%.json}.log)" >&3
    env -u http_proxy -u https_proxy -u HTTP_PROXY -u HTTPS_PROXY -u all_proxy -u ALL_PROXY \
        NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost \
        FFIEC_MOCK_URL="$MOCK_URL" FFIEC_MOCK_STDOUT="$MOCK_STDOUT" \
        PYTHONPATH="$INTEROP" PYTHONDONTWRITEBYTECODE=1 \
        timeout "$DRIVER_TIMEOUT" "$OUT/venv-$venv/bin/python" "$INTEROP/$script" "$OUT/$part"
}

rm -f "$OUT/drive_v027.json" "$OUT/drive_v3.json" "$OUT/race_v027.json" "$OUT/results.json"
status=0
exec 3>&1
run_driver v027 drive_v027.py drive_v027.json >"$OUT/drive_v027.log" 2>&1 || status=1
run_driver v3 drive_v3.py drive_v3.json >"$OUT/drive_v3.log" 2>&1 || status=1
run_driver v027 race_v027.py race_v027.json >"$OUT/race_v027.log" 2>&1 || status=1

say "done with the drivers"
"$PYTHON" "$INTEROP/summarize.py" "$OUT" "$MOCK_URL" || status=1
exit "$status"
