#!/usr/bin/env bash
# The Brightway round trip, checked against hiddenflow (see check.py): a fresh virtual
# environment with the pinned bw2data/bw2calc, the release binary, the tiny fixture exported,
# imported with python/hiddenflow/brightway.py and compared with point, run and breakdown.csv.
# Needs Python 3.10+ with venv and pip, and the package registry; prints its time.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PYTHON:-python3}
start=$(date +%s)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$PY" -m venv "$TMP/venv"
"$TMP/venv/bin/pip" install -q --disable-pip-version-check \
    "bw2data>=4.8,<5" "bw2calc>=3.1,<4" numpy
(cd "$ROOT" && cargo build --release --quiet)
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/hiddenflow
case "$BIN" in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
mkdir "$TMP/brightway"
BRIGHTWAY2_DIR="$TMP/brightway" "$TMP/venv/bin/python" -W ignore \
    "$ROOT/tests/brightway/check.py" --bin "$BIN" --data "$ROOT/tests/fixtures/tiny" \
    --work "$TMP/work" --samples 2000 --seed 7 --seed2 8 ${BRIGHTWAY_REPORT:+--report "$BRIGHTWAY_REPORT"}
echo "tests/brightway/run.sh: $(( $(date +%s) - start )) s"
