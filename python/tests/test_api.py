"""The package's API: DataFrames with the documented columns, the bundled data, default output
folders, the GIL released while the engine works, progress, and stopping and resuming a run."""

from __future__ import annotations

import _thread
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

import hiddenflow as hf
from hiddenflow import _native
from conftest import REPO, TINY

STATS = ["n", "mean", "sd", "p2_5", "p5", "p25", "p50", "p75", "p95", "p97_5",
         "ci_level", "ci_low", "ci_high",
         "se_mean", "se_p2_5", "se_p5", "se_p25", "se_p50", "se_p75", "se_p95", "se_p97_5",
         "non_finite", "point"]
# README.md "Outputs" and docs/MODEL.md: summary.csv, breakdown.csv, comparisons.csv.
SUMMARY = ["vehicle", "quantity", "unit", *STATS]
BREAKDOWN = ["vehicle", "dimension", "category", "unit", *STATS]
COMPARISONS = ["a", "b", "scenario", "quantity", "statistic", *STATS, "p_a_greater_b"]
CONVERGENCE = ["n", "vehicle", "quantity", "mean", "p2_5", "p50", "p97_5", "se_p2_5", "se_p97_5"]
SENSITIVITY = ["vehicle", "quantity", "method", "parameter", "group", "index", "value",
               "ci_low", "ci_high"]


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("tiny") / "run"
    return hf.run("baseline", data=TINY, samples=20_000, seed=11, out=out, progress=False)


def test_the_package_under_test_is_the_installed_one():
    assert REPO not in Path(hf.__file__).resolve().parents


def test_dataframes_have_the_documented_columns(tiny_run):
    r = tiny_run
    assert isinstance(r.summary, pd.DataFrame)
    assert list(r.summary.columns) == SUMMARY
    assert list(r.breakdown.columns) == BREAKDOWN
    assert list(r.comparisons.columns) == COMPARISONS
    assert list(r.convergence.columns) == CONVERGENCE
    assert set(r.breakdown["dimension"]) <= {
        "region", "flow", "stage", "commodity", "hidden_commodity", "country"
    }
    assert {"tmr", "hidden_flows", "material_efficiency", "used"} <= set(r.summary["quantity"])
    tmr = r.summary[r.summary["quantity"] == "tmr"]
    assert (tmr["n"] == 20_000).all()
    assert (tmr["p2_5"] <= tmr["p50"]).all() and (tmr["p50"] <= tmr["p97_5"]).all()
    assert r.sensitivity is None and r.samples is None
    assert r.manifest["status"] == "complete" and r.manifest["samples"] == 20_000
    # The frames are the files: the same rows and values as reading the CSV directly.
    pd.testing.assert_frame_equal(r.summary, pd.read_csv(r.out / "summary.csv"))


def test_the_documented_columns_are_in_the_docs():
    docs = (REPO / "README.md").read_text() + (REPO / "docs" / "MODEL.md").read_text()
    for col in ["p_a_greater_b", "non_finite", "se_mean", "hidden_commodity", "ci_low"]:
        assert f"`{col}`" in docs or col in docs, col
    assert "vehicle,quantity,unit,n,mean,sd,p2_5,p5,p25,p50,p75" in docs


def test_rank_correlation_and_sensitivity_tables(tmp_path):
    r = hf.run("baseline", data=TINY, samples=5_000, out=tmp_path / "rc", rank_correlation=True,
               progress=False)
    assert r.sensitivity is not None and len(r.sensitivity) > 0
    s = hf.sensitivity(data=TINY, samples=1024, out=tmp_path / "sobol")
    assert list(s.sensitivity.columns) == SENSITIVITY
    assert set(s.sensitivity["method"]) == {"sobol"}
    assert set(s.sensitivity["index"]) == {"S1", "ST"}
    # the Sobol' indices lie in [0, 1] up to their estimation error
    assert s.sensitivity["value"].between(-0.2, 1.2).all()


def test_bundled_data_is_the_repository_s_tables_without_derive():
    shipped = sorted(p.name for p in hf.DATA.iterdir())
    repo = sorted(p.name for p in (REPO / "distributions").iterdir()
                  if p.is_file() and (p.suffix == ".csv" or p.name == "README.md"))
    assert shipped == repo
    for name in shipped:
        assert (hf.DATA / name).read_bytes() == (REPO / "distributions" / name).read_bytes()
    assert not (hf.DATA / "derive").exists()
    assert hf.specs() == sorted(p.stem for p in (REPO / "runs").glob("*.toml"))
    assert "site-packages" in str(hf.DATA) or "dist-packages" in str(hf.DATA)


def test_a_bundled_spec_writes_into_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in hf.RUNS.parent.rglob("*"))
    r = hf.run("baseline", data=TINY, samples=2_000, progress=False)
    assert r.out == Path("hiddenflow-runs") / "baseline"
    assert (tmp_path / "hiddenflow-runs" / "baseline" / "summary.csv").is_file()
    assert sorted(p.name for p in hf.RUNS.parent.rglob("*")) == before
    # runs/<name>.toml names the bundled spec when no such file exists here
    r2 = hf.run("runs/baseline.toml", data=TINY, samples=2_000, progress=False)
    assert r2.out == r.out
    # force=True (the default) replaces the results; force=False refuses, as the CLI does
    with pytest.raises(hf.InputError):
        hf.run("baseline", data=TINY, samples=2_000, progress=False, force=False)


def test_a_spec_file_of_one_s_own_resolves_data_beside_it(tmp_path):
    (tmp_path / "specs").mkdir()
    spec = tmp_path / "specs" / "mine.toml"
    spec.write_text(f'data = "{Path("..") / "tinydata"}"\nsamples = 3000\n', encoding="utf-8")
    import shutil

    shutil.copytree(TINY, tmp_path / "tinydata")
    r = hf.run(spec, progress=False)
    # as the command line: named after the file, written beside it
    assert r.out == tmp_path / "specs" / "mine"
    assert r.manifest["run"] == "mine"
    assert set(r.summary["vehicle"]) == set(pd.read_csv(TINY / "vehicles.csv")["vehicle"])


def test_the_gil_is_released_while_the_engine_runs(tmp_path):
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        time.sleep(0.05)
        start = time.perf_counter()
        # The native function itself, in this thread: it must let the ticker run.
        _native.run(str(hf.RUNS / "baseline.toml"), data=str(TINY), samples=4_000_000,
                    threads=2, out=str(tmp_path / "gil"), force=True)
        end = time.perf_counter()
    finally:
        stop.set()
        t.join()
    assert end - start > 0.3, "the run was too short to tell"
    during = [x for x in ticks if start <= x <= end]
    gaps = [b - a for a, b in zip([start, *during], [*during, end])]
    # With the GIL held the ticker would stop for the whole run.
    assert len(during) > 50
    assert max(gaps) < 0.25 * (end - start)


def test_progress_off_prints_nothing_and_on_draws_a_bar(tmp_path, capsys):
    hf.run("baseline", data=TINY, samples=300_000, out=tmp_path / "a", progress=False)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""
    run, done, total = _native.progress()
    assert done == total == 300_000
    hf.run("baseline", data=TINY, samples=300_000, out=tmp_path / "b", progress=True)
    err = capsys.readouterr().err
    assert "hiddenflow" in err and "300k/300k" in err
    assert _native.progress()[0] == run + 1


def test_ctrl_c_stops_with_a_checkpoint_and_resume_finishes_identically(tmp_path):
    out = tmp_path / "stopped"
    n = 12_000_000
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    with pytest.raises(KeyboardInterrupt) as info:
        hf.run("baseline", data=TINY, samples=n, seed=5, threads=2, out=out, progress=False)
    timer.cancel()
    message = str(info.value)
    assert "interrupted by SIGINT" in message and "resume with" in message
    assert isinstance(info.value.__cause__, hf.Interrupted)
    assert (out / "checkpoint.bin").is_file()
    r = hf.run(resume=out, progress=False)
    assert r.manifest["status"] == "complete" and r.manifest["resumed"]["times"] == 1
    whole = hf.run("baseline", data=TINY, samples=n, seed=5, threads=2, out=tmp_path / "whole",
                   progress=False)
    for name in ["summary.csv", "breakdown.csv", "comparisons.csv"]:
        assert (r.out / name).read_bytes() == (whole.out / name).read_bytes(), name
    # The stop request is cleared: the next run is not stopped.
    again = hf.run("baseline", data=TINY, samples=100_000, out=tmp_path / "again", progress=False)
    assert again.manifest["status"] == "complete"


def test_to_brightway_is_exported_and_the_bridge_ships():
    import hiddenflow.brightway as bw

    assert callable(hf.to_brightway) and callable(bw.to_brightway)
    assert "to_brightway" in hf.__all__
    assert REPO not in Path(bw.__file__).resolve().parents


def test_independent_is_passed_on(tmp_path):
    a = hf.run("correlated", data=None, samples=5_000, out=tmp_path / "c", progress=False)
    b = hf.run("correlated", samples=5_000, out=tmp_path / "i", independent=True, progress=False)
    assert a.manifest["status"] == b.manifest["status"] == "complete"
    # the declared correlations change the draws: the files differ
    assert (a.out / "summary.csv").read_bytes() != (b.out / "summary.csv").read_bytes()
