"""The Python package writes what the command line writes: the same files, byte for byte, for
the same spec and seed (both call `hiddenflow::commands` of the same library)."""

from __future__ import annotations

import json
import os

import pytest

import hiddenflow as hf
from conftest import TINY, run_cli

# Result files that depend only on the spec, the data and the seed.
RESULT_FILES = ["summary.csv", "breakdown.csv", "comparisons.csv", "convergence.csv", "coefficients.csv"]

# Manifest keys that record when, where and how fast a run went, or paths as given.
VOLATILE = {
    "command_line",
    "elapsed_seconds",
    "start_time",
    "end_time",
    "peak_memory_bytes",
    "samples_per_second",
    "parameter_draws_per_second",
    "timings",
    "flags",
    "inputs",
    "host",
}


def assert_same_files(py_dir, cli_dir, names):
    for name in names:
        a = (py_dir / name).read_bytes()
        b = (cli_dir / name).read_bytes()
        assert len(a) > 100, f"{name} is (nearly) empty"
        assert a == b, f"{name} differs between Python and the command line"


def stable(manifest: dict) -> dict:
    return {k: v for k, v in manifest.items() if k not in VOLATILE}


@pytest.mark.parametrize("method", ["mc", "sobol"])
def test_tiny_run_is_byte_identical_to_the_cli(cli, tiny_spec, tmp_path, method):
    r = hf.run(tiny_spec, method=method, out=tmp_path / "py", progress=False)
    p = run_cli(cli, "run", tiny_spec, "--method", method, "--out", tmp_path / "cli")
    assert p.returncode == 0, p.stderr
    assert r.out == tmp_path / "py"
    assert_same_files(r.out, tmp_path / "cli", RESULT_FILES)
    cli_manifest = json.loads((tmp_path / "cli" / "manifest.json").read_text())
    assert stable(r.manifest) == stable(cli_manifest)
    assert r.manifest["samples"] == 20_000 and r.manifest["seed"] == 7
    assert r.manifest["method"] == method
    # What the command printed is what the command line printed, but for the timings line.
    assert r.text.splitlines()[0] == p.stdout.splitlines()[0]


def test_bundled_baseline_is_byte_identical_to_the_cli(cli, tmp_path):
    r = hf.run("baseline", samples=50_000, seed=3, threads=2, out=tmp_path / "py", progress=False)
    spec = hf.RUNS / "baseline.toml"
    p = run_cli(
        cli, "run", spec, "--samples", 50_000, "--seed", 3, "--threads", 2, "--out", tmp_path / "cli"
    )
    assert p.returncode == 0, p.stderr
    assert_same_files(r.out, tmp_path / "cli", RESULT_FILES)
    assert stable(r.manifest) == stable(json.loads((tmp_path / "cli" / "manifest.json").read_text()))
    # Different seeds give different files: the comparison could fail.
    other = hf.run("baseline", samples=50_000, seed=4, threads=2, out=tmp_path / "py4", progress=False)
    assert (other.out / "summary.csv").read_bytes() != (r.out / "summary.csv").read_bytes()


def test_sensitivity_is_byte_identical_to_the_cli(cli, tmp_path):
    r = hf.sensitivity("sensitivity", method="morris", groups="commodity", samples=20,
                       out=tmp_path / "py")
    p = run_cli(cli, "sensitivity", hf.RUNS / "sensitivity.toml", "--method", "morris",
                "--groups", "commodity", "--samples", 20, "--out", tmp_path / "cli")
    assert p.returncode == 0, p.stderr
    assert_same_files(r.out, tmp_path / "cli", ["sensitivity.csv", "summary.csv"])
    assert set(r.sensitivity["method"]) == {"morris"}
    assert set(r.sensitivity["group"]) == {"commodity"}


def test_check_and_point_and_params_match_the_cli(cli, tmp_path):
    p = run_cli(cli, "check", "--data", hf.DATA)
    assert p.returncode == 0, p.stderr
    assert hf.check() == p.stdout
    p = run_cli(cli, "check", "--data", TINY, "--markdown")
    assert hf.check(TINY, markdown=True) == p.stdout

    p = run_cli(cli, "point", "--data", hf.DATA, "--out", tmp_path / "cli")
    assert p.returncode == 0, p.stderr
    df = hf.point(out=tmp_path / "py")
    assert (tmp_path / "py" / "coefficients.csv").read_bytes() == (
        tmp_path / "cli" / "coefficients.csv"
    ).read_bytes()
    # The text names the folder it wrote to.
    assert df.attrs["text"].replace(str(tmp_path / "py"), str(tmp_path / "cli")) == p.stdout
    assert len(df) == len((tmp_path / "cli" / "coefficients.csv").read_text().splitlines()) - 1

    p = run_cli(cli, "params", "--data", TINY, "--uncertain")
    params = hf.params(TINY, uncertain=True)
    assert len(params) == len(p.stdout.strip().splitlines()) - 1
    assert list(params.columns) == p.stdout.splitlines()[0].split(",")


def test_version_is_the_cli_version_with_the_bundled_data(cli):
    env = dict(os.environ, HIDDENFLOW_DATA=str(hf.DATA))
    p = run_cli(cli, "--version", env=env)
    assert hf.version() == p.stdout
    assert hf.__version__ in hf.version()
    assert "sha256 " in hf.version()


def test_two_d_is_byte_identical_to_the_cli(cli, tiny_spec, tmp_path):
    r = hf.two_d(tiny_spec, outer=40, inner=500, out=tmp_path / "py", progress=False)
    p = run_cli(
        cli, "two-d", tiny_spec, "--outer", "40", "--inner", "500", "--out", tmp_path / "cli"
    )
    assert p.returncode == 0, p.stderr
    assert_same_files(r.out, tmp_path / "cli", ["two_d.csv", "two_d_parameters.csv"])
    t = r.table("two_d")
    assert list(t.columns) == [
        "vehicle", "quantity", "statistic", "outer", "inner", "ci_level",
        "median", "ci_low", "ci_high", "mean", "sd", "pooled",
    ]
    assert (t.outer == 40).all() and (t.inner == 500).all()
    assert r.manifest["two_d"]["outer"] == 40
