"""Python's overhead against the command line: wall time of a 1,000,000-sample run of the
bundled baseline spec (same seed, 2 threads), run alternately from Python and as the binary.

    HIDDENFLOW_BIN=target/release/hiddenflow python python/bench/overhead.py [REPEATS]

Prints each run's wall time and the engine's own `elapsed_seconds` (manifest.json), then the
medians. Python's time is `hf.run(...)` in an interpreter that has imported hiddenflow; the
command line's is the process's, start to exit.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import hiddenflow as hf

SAMPLES = 1_000_000
SEED = 20190101
THREADS = 2


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    cli = os.environ["HIDDENFLOW_BIN"]
    spec = hf.RUNS / "baseline.toml"
    rows = {"cli": [], "python": [], "python+bar": []}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeats):
            out = Path(tmp) / f"cli{i}"
            t = time.perf_counter()
            subprocess.run(
                [cli, "run", str(spec), "--samples", str(SAMPLES), "--seed", str(SEED),
                 "--threads", str(THREADS), "--out", str(out)],
                check=True, capture_output=True,
            )
            wall = time.perf_counter() - t
            rows["cli"].append((wall, json.loads((out / "manifest.json").read_text())["elapsed_seconds"]))
            for key, bar in (("python", False), ("python+bar", True)):
                out = Path(tmp) / f"{key}{i}"
                t = time.perf_counter()
                r = hf.run(spec, samples=SAMPLES, seed=SEED, threads=THREADS, out=out, progress=bar)
                wall = time.perf_counter() - t
                rows[key].append((wall, r.manifest["elapsed_seconds"]))
                assert (r.out / "summary.csv").read_bytes() == (
                    Path(tmp) / f"cli{i}" / "summary.csv"
                ).read_bytes()
    for key, values in rows.items():
        walls = ", ".join(f"{w:.2f}" for w, _ in values)
        engines = ", ".join(f"{e:.2f}" for _, e in values)
        print(f"{key:11s} wall {walls} s (median {statistics.median(w for w, _ in values):.2f}); "
              f"engine {engines} s (median {statistics.median(e for _, e in values):.2f})")


if __name__ == "__main__":
    main()
