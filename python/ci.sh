#!/usr/bin/env bash
# CI of the Python package (called by .ci/run): format and lints of the python crate, the
# wheel built with maturin into a fresh virtual environment, and pytest run from outside the
# repository against the installed wheel (so the bundled data is the wheel's copy). The
# command line the tests compare with is the root package's release build.
#
# Target folder: $CARGO_TARGET_DIR if set, else the repository's target/ (shared with the root
# package: the dependencies compiled for `cargo build --release` are reused, and target/ is
# ignored by git and by `cargo fmt`).
set -euo pipefail
start=$(date +%s)
PY_DIR="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$PY_DIR")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
case "$CARGO_TARGET_DIR" in /*) ;; *) CARGO_TARGET_DIR="$REPO/$CARGO_TARGET_DIR" ;; esac
PYTHON="${PYTHON:-python3}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/hiddenflow-python-ci.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "== python crate: cargo fmt, cargo clippy"
(cd "$PY_DIR" && cargo fmt -- --check)
(cd "$PY_DIR" && cargo clippy --quiet -- -D warnings)

echo "== the command line to compare with: cargo build --release"
(cd "$REPO" && cargo build --release --quiet)
export HIDDENFLOW_BIN="$CARGO_TARGET_DIR/release/hiddenflow"

echo "== a fresh virtual environment: maturin, pytest, pandas, tqdm"
"$PYTHON" -m venv "$WORK/venv"
VPY="$WORK/venv/bin/python"
"$VPY" -m pip install --quiet --disable-pip-version-check \
    "maturin>=1.7,<2" "pytest>=8,<9" "pandas>=2,<3" "tqdm>=4,<5"

echo "== the wheel: maturin build --release"
(cd "$PY_DIR" && "$WORK/venv/bin/maturin" build --release --quiet -i "$VPY" -o "$WORK/wheels")
"$VPY" -m pip install --quiet --disable-pip-version-check "$WORK"/wheels/hiddenflow-*.whl

echo "== pytest, from outside the repository"
mkdir "$WORK/run"
(cd "$WORK/run" && PYTHONDONTWRITEBYTECODE=1 "$VPY" -m pytest -p no:cacheprovider -q "$PY_DIR/tests")

echo "python/ci.sh: done in $(($(date +%s) - start)) s"
