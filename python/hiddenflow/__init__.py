"""hiddenflow from Python: the Monte Carlo engine for the total material requirement (TMR) of
vehicle supply chains, with results as pandas DataFrames.

Every function calls the same Rust library functions the ``hiddenflow`` command line calls, so
a run folder written from Python holds the command line's files, byte for byte::

    import hiddenflow as hf
    r = hf.run("baseline", samples=100_000, seed=1)   # the bundled spec and dataset
    r.summary                                        # summary.csv as a DataFrame

The bundled dataset (``distributions/``) and run specs (``runs/*.toml``) ship inside the
package: ``hf.DATA`` and ``hf.RUNS`` are their folders.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Union

from . import _native
from ._engine import call
from .errors import Diagnostic, HiddenflowError, InputError, Interrupted
from .result import Result

__version__: str = _native.__version__

PathLike = Union[str, "os.PathLike[str]"]

_PACKAGE = Path(__file__).resolve().parent
#: The bundled dataset (the repository's ``distributions/`` tables and README).
DATA: Path = _PACKAGE / "_data" / "distributions"
#: The bundled run specs (the repository's ``runs/*.toml``).
RUNS: Path = _PACKAGE / "_data" / "runs"
#: Where runs of a bundled spec go by default: ``./hiddenflow-runs/<name>``.
DEFAULT_OUT_ROOT = "hiddenflow-runs"

__all__ = [
    "DATA",
    "RUNS",
    "Diagnostic",
    "HiddenflowError",
    "InputError",
    "Interrupted",
    "Result",
    "check",
    "params",
    "point",
    "run",
    "sensitivity",
    "specs",
    "to_brightway",
    "two_d",
    "version",
]


def version() -> str:
    """The text of ``hiddenflow --version`` for the bundled dataset: the version, and the
    dataset's sha256 fingerprint (cite both with results)."""
    return _native.version_text(str(DATA))


def specs() -> list:
    """The names of the bundled run specs (``hf.run(name)`` runs one)."""
    return sorted(p.stem for p in RUNS.glob("*.toml"))


def _data(data: Optional[PathLike]) -> str:
    """A dataset folder: the given one (relative to the working directory), else the bundled."""
    return os.fspath(data) if data is not None else str(DATA)


def _bundled_spec(spec: PathLike) -> Optional[Path]:
    """The bundled spec a name means: ``"baseline"``, ``"baseline.toml"`` or
    ``"runs/baseline.toml"`` when no such file exists here."""
    p = Path(spec)
    if p.parent not in (Path("."), Path("runs")):
        return None
    candidate = RUNS / (p.name if p.suffix == ".toml" else p.name + ".toml")
    return candidate if candidate.is_file() else None


def _spec(
    spec: Optional[PathLike], default: str, data: Optional[PathLike], out: Optional[PathLike]
):
    """The spec path to run, and the ``data`` and ``out`` to pass with it.

    A spec that exists as a file is used as the command line would use it: its ``data`` and
    ``out`` relative to it, its results beside it by default. A bundled spec (a name, or a
    path that does not exist here but names one) reads the bundled dataset and writes to
    ``./hiddenflow-runs/<name>`` by default, never into the installed package. A spec without
    ``data`` reads the bundled dataset unless ``data`` is given.
    """
    if spec is None:
        spec = default
    path = Path(spec)
    bundled = None if path.is_file() else _bundled_spec(path)
    if bundled is None and not path.is_file():
        raise InputError(
            f"error: {os.fspath(spec)}: the run spec does not exist\n"
            f"    fix: give the path of a TOML run spec, or the name of a bundled one: "
            f"{', '.join(specs())}",
            [
                Diagnostic(
                    file=os.fspath(spec),
                    line=None,
                    column=None,
                    value=None,
                    message="the run spec does not exist",
                    fix="give the path of a TOML run spec, or the name of a bundled one: "
                    + ", ".join(specs()),
                )
            ],
        )
    path = bundled or path
    name, spec_data, _spec_out = _native.spec_info(str(path))
    if data is None and spec_data is None:
        data = DATA
    if out is None and bundled is not None:
        out = Path(DEFAULT_OUT_ROOT) / name
    return (
        str(path),
        None if data is None else os.fspath(data),
        None if out is None else os.fspath(out),
    )


def check(
    data: Optional[PathLike] = None,
    *,
    markdown: bool = False,
    allocation: str = "economic",
    default_shape: str = "uniform",
    allow_implausible: bool = False,
) -> str:
    """Validates a dataset (default: the bundled one) and returns what ``hiddenflow check``
    prints: its coverage, residual producers and consistency flags. Raises ``InputError``
    naming file, line, column and the fix for bad input."""
    return call(
        _native.check,
        _data(data),
        markdown=markdown,
        allocation=allocation,
        default_shape=default_shape,
        allow_implausible=allow_implausible,
    )


def point(
    data: Optional[PathLike] = None,
    *,
    out: Optional[PathLike] = None,
    force: bool = True,
    allocation: str = "economic",
    default_shape: str = "uniform",
    allow_implausible: bool = False,
):
    """The deterministic coefficients at best estimates (``hiddenflow point``) as a DataFrame:
    ``coefficients.csv``'s rows (``level, item, stage, value, unit``). With ``out``, the file
    also stays in that folder. ``df.attrs["text"]`` is the table the command prints."""
    import tempfile

    import pandas as pd

    with tempfile.TemporaryDirectory(prefix="hiddenflow-point-") as tmp:
        folder = os.fspath(out) if out is not None else os.path.join(tmp, "point")
        text = call(
            _native.point,
            _data(data),
            out=folder,
            force=force,
            allocation=allocation,
            default_shape=default_shape,
            allow_implausible=allow_implausible,
        )
        df = pd.read_csv(os.path.join(folder, "coefficients.csv"))
    df.attrs["text"] = text
    return df


def params(
    data: Optional[PathLike] = None,
    *,
    filter: Optional[str] = None,
    uncertain: bool = False,
    allocation: str = "economic",
    default_shape: str = "uniform",
    allow_implausible: bool = False,
):
    """Every parameter of the model with its distribution and source (``hiddenflow params``)
    as a DataFrame; ``filter`` keeps names matching a pattern (``*`` matches any run of
    characters), ``uncertain`` only uncertain ones. Its names are those scenarios override."""
    import io

    import pandas as pd

    text = call(
        _native.params,
        _data(data),
        filter=filter,
        uncertain=uncertain,
        allocation=allocation,
        default_shape=default_shape,
        allow_implausible=allow_implausible,
    )
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[])


def run(
    spec: Optional[PathLike] = "baseline",
    samples: Optional[int] = None,
    seed: Optional[int] = None,
    method: Optional[str] = None,
    threads: Optional[int] = None,
    out: Optional[PathLike] = None,
    data: Optional[PathLike] = None,
    force: bool = True,
    progress: bool = True,
    *,
    precision: Optional[float] = None,
    block_size: Optional[int] = None,
    keep_samples: bool = False,
    variance_budget: bool = False,
    rank_correlation: bool = False,
    allocation: Optional[str] = None,
    default_shape: Optional[str] = None,
    allow_implausible: bool = False,
    independent: bool = False,
    shard: Optional[str] = None,
    resume: Optional[PathLike] = None,
) -> Result:
    """A Monte Carlo run (``hiddenflow run``); returns its results (``Result``).

    ``spec`` is a run spec's path, or the name of a bundled one (``hf.specs()``); the other
    arguments are the command line's flags and override the spec: ``samples``, ``seed``,
    ``method`` (``"mc"``, ``"lhs"``, ``"sobol"``), ``threads`` (0: all cores), ``out``,
    ``data``, ``precision``, ``block_size``, ``keep_samples``, ``variance_budget``,
    ``rank_correlation`` (``--sensitivity``: ``sensitivity.csv``), ``allocation``,
    ``default_shape``, ``allow_implausible``, ``independent`` (ignore declared correlations),
    ``shard`` (``"I/N"``). ``force`` (default on,
    unlike the command line) replaces the results in ``out``. ``progress`` draws a progress bar
    (tqdm: a widget in notebooks, text in terminals).

    A bundled spec writes to ``./hiddenflow-runs/<name>`` unless ``out`` says otherwise; a spec
    file of your own writes where the command line would (its ``out``, else beside it).

    Ctrl-C stops the run at its next block of samples with a checkpoint and raises
    ``KeyboardInterrupt``; ``hf.run(resume=r_out)`` continues it (only ``threads`` and
    ``block_size`` may change).
    """
    if resume is not None:
        text, folder = call(
            _native.run,
            threads=threads,
            block_size=block_size,
            resume=os.fspath(resume),
            progress=progress,
        )
        return Result(folder, text)
    spec_path, data_arg, out_arg = _spec(spec, "baseline", data, out)
    text, folder = call(
        _native.run,
        spec_path,
        samples=samples,
        seed=seed,
        threads=threads,
        method=method,
        data=data_arg,
        out=out_arg,
        force=force,
        shard=shard,
        block_size=block_size,
        precision=precision,
        keep_samples=keep_samples,
        variance_budget=variance_budget,
        sensitivity=rank_correlation,
        allocation=allocation,
        default_shape=default_shape,
        allow_implausible=allow_implausible,
        independent=independent,
        progress=progress,
    )
    return Result(folder, text)


def sensitivity(
    spec: Optional[PathLike] = None,
    method: Optional[str] = None,
    groups: Optional[str] = None,
    samples: Optional[int] = None,
    seed: Optional[int] = None,
    threads: Optional[int] = None,
    out: Optional[PathLike] = None,
    data: Optional[PathLike] = None,
    force: bool = True,
    *,
    design: Optional[str] = None,
    allow_implausible: bool = False,
    independent: bool = False,
) -> Result:
    """A sensitivity analysis (``hiddenflow sensitivity``): Sobol' indices (``method="sobol"``),
    Morris screening (``"morris"``) or a tornado (``"tornado"``) per parameter group
    (``groups``: ``"commodity"``, ``"mine"``, ``"country"``, ``"kind"``, ``"parameter"``).
    ``spec`` defaults to the bundled ``sensitivity`` spec; ``samples`` is the base sample size
    (Sobol') or the trajectories (Morris); ``design`` the Sobol' analysis's base design
    (``"sobol"``, ``"mc"``, ``"lhs"``). Returns a ``Result`` whose ``sensitivity`` is
    ``sensitivity.csv`` (and ``summary`` the uncertainty the indices apportion)."""
    spec_path, data_arg, out_arg = _spec(spec, "sensitivity", data, out)
    text, folder = call(
        _native.sensitivity,
        spec_path,
        method=method,
        groups=groups,
        design=design,
        samples=samples,
        seed=seed,
        threads=threads,
        data=data_arg,
        out=out_arg,
        force=force,
        allow_implausible=allow_implausible,
        independent=independent,
    )
    return Result(folder, text)


def two_d(
    spec: Optional[PathLike] = None,
    outer: Optional[int] = None,
    inner: Optional[int] = None,
    method: Optional[str] = None,
    seed: Optional[int] = None,
    threads: Optional[int] = None,
    out: Optional[PathLike] = None,
    data: Optional[PathLike] = None,
    force: bool = True,
    *,
    allow_implausible: bool = False,
    independent: bool = False,
    progress: bool = True,
) -> Result:
    """A two-dimensional Monte Carlo run (``hiddenflow two-d``): ``outer`` draws of the
    epistemic parameters (default 1,000), each with ``inner`` draws of the variability
    (default 10,000). Returns a ``Result`` whose ``table("two_d")`` is ``two_d.csv`` (each
    percentile of the variability with its median and epistemic interval) and
    ``table("two_d_parameters")`` the parameters' kinds. A bundled spec writes to
    ``./hiddenflow-runs/<name>_two_d``."""
    spec_path, data_arg, out_arg = _spec(spec, "baseline", data, out)
    if out is None and out_arg is not None:
        out_arg = out_arg + "_two_d"
    text, folder = call(
        _native.two_d,
        spec_path,
        outer=outer,
        inner=inner,
        method=method,
        seed=seed,
        threads=threads,
        data=data_arg,
        out=out_arg,
        force=force,
        allow_implausible=allow_implausible,
        independent=independent,
        progress=progress,
    )
    return Result(folder, text)


def to_brightway(*args, **kwargs):
    """The model as a Brightway database: ``hiddenflow.brightway.to_brightway(project,
    database="hiddenflow", export_dir=None, data=None, samples=None, seed=None)`` (see
    docs/BRIGHTWAY.md). Imported on first use: it needs bw2data, which hiddenflow does not."""
    from .brightway import to_brightway as f

    return f(*args, **kwargs)
