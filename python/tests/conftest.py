"""Shared fixtures: the repository's test fixtures, and the command-line binary to compare with.

The tests run against the installed package (``python/ci.sh`` installs the wheel into a fresh
virtual environment and runs pytest from outside the repository), so the bundled data they use
is the wheel's copy. The command line is ``$HIDDENFLOW_BIN`` (``ci.sh`` builds it), else
``target/release/hiddenflow`` of the repository; without one the comparisons are skipped,
except under CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "fixtures" / "tiny"


@pytest.fixture(scope="session")
def cli() -> str:
    candidates = [
        os.environ.get("HIDDENFLOW_BIN"),
        str(REPO / "target" / "release" / "hiddenflow"),
        shutil.which("hiddenflow"),
    ]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    message = "no hiddenflow binary: set HIDDENFLOW_BIN (python/ci.sh does)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def run_cli(cli: str, *args, cwd=None, env=None) -> subprocess.CompletedProcess:
    """The command line with `args`, its output as text."""
    return subprocess.run(
        [cli, *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Path:
    """A private copy of the tiny fixture's tables, to corrupt."""
    d = tmp_path / "tiny"
    d.mkdir()
    for f in TINY.iterdir():
        if f.is_file():
            shutil.copy(f, d / f.name)
    return d


@pytest.fixture
def tiny_spec(tmp_path: Path) -> Path:
    """A run spec of the tiny fixture: 20,000 samples, seed 7."""
    spec = tmp_path / "tiny.toml"
    spec.write_text(
        f'name = "tiny"\ndata = "{TINY.as_posix()}"\nsamples = 20_000\nseed = 7\n',
        encoding="utf-8",
    )
    return spec
