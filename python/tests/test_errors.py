"""Bad input raises `hf.InputError` (a ValueError) carrying file, line, column, value and fix,
with the command line's error text as its message; other failures raise `hf.HiddenflowError`."""

from __future__ import annotations

import pytest

import hiddenflow as hf
from conftest import run_cli


def corrupt_stripping_ratio(folder):
    """Writes `2x` for the first mine's stripping ratio (line 2 of mines.csv)."""
    path = folder / "mines.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    cells = lines[1].rstrip("\n").split(",")
    i = header.index("stripping_ratio")
    assert cells[i] != "2x"
    cells[i] = "2x"
    lines[1] = ",".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_a_corrupt_number_names_file_line_column_value_and_fix(tiny_copy, cli):
    path = corrupt_stripping_ratio(tiny_copy)
    with pytest.raises(hf.InputError) as info:
        hf.check(tiny_copy)
    e = info.value
    assert isinstance(e, ValueError) and isinstance(e, hf.HiddenflowError)
    assert e.file == str(path)
    assert e.line == 2
    assert e.column == "stripping_ratio"
    assert e.value == "2x"
    assert e.message == "not a number"
    assert "decimal number" in e.fix
    assert len(e.diagnostics) == 1 and e.diagnostics[0].line == 2
    p = run_cli(cli, "check", "--data", tiny_copy)
    assert p.returncode == 2
    assert str(e) == p.stderr.rstrip("\n")


def test_a_run_on_a_corrupt_dataset_raises_the_same(tiny_copy, tmp_path):
    corrupt_stripping_ratio(tiny_copy)
    with pytest.raises(hf.InputError) as info:
        hf.run("baseline", data=tiny_copy, samples=1000, out=tmp_path / "out", progress=False)
    assert (info.value.line, info.value.column, info.value.value) == (2, "stripping_ratio", "2x")
    with pytest.raises(hf.InputError):
        hf.point(tiny_copy)


def test_a_bad_spec_is_located_by_line_and_column(tmp_path, cli):
    spec = tmp_path / "bad.toml"
    spec.write_text('name = "bad"\nsamples = 10\nbogus = 3\n', encoding="utf-8")
    with pytest.raises(hf.InputError) as info:
        hf.run(spec, progress=False)
    e = info.value
    assert (e.file, e.line, e.column, e.value) == (str(spec), 3, "1", "bogus")
    assert "see runs/baseline.toml" in e.fix
    p = run_cli(cli, "run", spec)
    assert p.returncode == 2 and str(e) == p.stderr.rstrip("\n")


def test_a_bad_argument_names_the_flag():
    with pytest.raises(hf.InputError) as info:
        hf.run(method="nope", progress=False)
    assert info.value.column == "--method" and info.value.value == "nope"
    assert info.value.fix == "use mc, lhs or sobol"
    with pytest.raises(hf.InputError) as info:
        hf.run(samples=0, progress=False)
    assert info.value.column == "--samples"


def test_an_unknown_spec_lists_the_bundled_ones():
    with pytest.raises(hf.InputError) as info:
        hf.run("no_such_spec", progress=False)
    assert info.value.file == "no_such_spec"
    assert "baseline" in info.value.fix and "sensitivity" in info.value.fix


def test_an_output_path_that_is_a_file_is_refused(tmp_path):
    f = tmp_path / "a_file"
    f.write_text("x")
    with pytest.raises(hf.InputError) as info:
        hf.run(out=f, samples=1000, progress=False)
    assert "not a folder" in str(info.value)
    assert f.read_text() == "x"


def test_other_failures_are_hiddenflow_errors_not_input_errors(tmp_path):
    with pytest.raises(hf.HiddenflowError) as info:
        hf.Result(tmp_path)
    assert not isinstance(info.value, ValueError)
    assert "not a run folder" in str(info.value)
