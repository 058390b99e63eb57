#!/usr/bin/env bash
# Times the real ffiec-data-connect 0.2.7 against the embedded-style mock and
# the benchmarks' own facsimiles; writes target/bench-python/rates.json,
# which bench-report sets beside the Rust figures.
#
# Needs a Python with ffiec-data-connect==0.2.7 installed: $PYTHON, else the
# interoperability run's venv (target/interop/venv-v027), which interop/run.sh
# creates.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="$TARGET_DIR/bench-python"
PYTHON="${PYTHON:-$TARGET_DIR/interop/venv-v027/bin/python}"
USER_NAME="bench"
# A throwaway token for the local mock, not a secret.
TOKEN="bench-token-0123456789"

if ! "$PYTHON" -c "import ffiec_data_connect" 2>/dev/null; then
    echo "run.sh: $PYTHON has no ffiec-data-connect; set PYTHON or run interop/run.sh first" >&2
    exit 1
fi

mkdir -p "$OUT"
cargo build --quiet --release -p ffiec-mock -p ffiec-benches --manifest-path "$ROOT/Cargo.toml"
"$TARGET_DIR/release/write-facsimiles" "$OUT"

"$TARGET_DIR/release/ffiec-mock" --listen 127.0.0.1:0 --user "$USER_NAME:$TOKEN" \
    --quota 1000000 >"$OUT/mock.stdout" 2>"$OUT/mock.stderr" &
MOCK_PID=$!
trap 'kill "$MOCK_PID" 2>/dev/null || true; wait "$MOCK_PID" 2>/dev/null || true' EXIT

for _ in $(seq 100); do
    grep -q '^WSDL:' "$OUT/mock.stdout" && break
    kill -0 "$MOCK_PID" 2>/dev/null || { echo "run.sh: ffiec-mock exited at start" >&2; exit 1; }
    sleep 0.1
done
WSDL_URL="$(awk '/^WSDL:/ {print $2}' "$OUT/mock.stdout")"
[[ -n "$WSDL_URL" ]] || { echo "run.sh: ffiec-mock printed no WSDL address" >&2; exit 1; }

"$PYTHON" "$ROOT/benches/python/measure_v027.py" "$OUT" "$WSDL_URL" "$USER_NAME" "$TOKEN" \
    "$OUT/rates.json"
