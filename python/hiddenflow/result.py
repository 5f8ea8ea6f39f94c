"""A run folder's results as pandas DataFrames, read from the files the engine wrote."""

from __future__ import annotations

import json
import os
from functools import cached_property
from pathlib import Path
from typing import Optional


class Result:
    """The results of ``hf.run`` or ``hf.sensitivity``, read from their folder ``out``.

    Each table is the CSV file of the same name in ``out`` (the command line's file), read
    with ``pandas.read_csv`` on first use: ``summary``, ``breakdown``, ``comparisons``,
    ``convergence``, ``coefficients``, and, when the run wrote them, ``sensitivity``,
    ``scenario_summary``, ``variance_budget`` and ``samples`` (``None`` otherwise).
    ``manifest`` is ``manifest.json`` as a dict; ``text`` what the command printed.
    ``Result(path)`` reads any run folder, e.g. one the command line wrote.
    """

    def __init__(self, out, text: str = ""):
        self.out = Path(out)
        self.text = text
        if not (self.out / "manifest.json").is_file():
            from .errors import HiddenflowError

            raise HiddenflowError(
                f"error: {self.out}: not a run folder (no manifest.json)\n"
                "    fix: give the output folder of a hiddenflow run"
            )

    def __repr__(self) -> str:
        status = self.manifest.get("status", "?")
        return f"<hiddenflow.Result {self.out} ({status}): {', '.join(self.tables())}>"

    def path(self, name: str) -> Path:
        """The path of one of the folder's files, e.g. ``r.path("report.html")``."""
        return self.out / name

    def tables(self) -> list:
        """The names of the CSV files in the folder, without ``.csv``."""
        return sorted(p.stem for p in self.out.glob("*.csv"))

    def table(self, name: str):
        """``name.csv`` of the folder as a DataFrame (``None`` if the run did not write it)."""
        path = self.out / f"{name}.csv"
        if not path.is_file():
            return None
        import pandas as pd

        return pd.read_csv(path)

    def _required(self, name: str):
        df = self.table(name)
        if df is None:
            from .errors import HiddenflowError

            raise HiddenflowError(
                f"error: {self.out / (name + '.csv')}: missing from the run folder\n"
                "    fix: run again with force=True to rewrite the folder"
            )
        return df

    @cached_property
    def manifest(self) -> dict:
        """``manifest.json``: settings, inputs' sha256, timings, status."""
        with open(self.out / "manifest.json", encoding="utf-8") as f:
            return json.load(f)

    @cached_property
    def summary(self):
        """``summary.csv``: per vehicle and quantity, the moments, percentiles, interval,
        their Monte Carlo standard errors and the value at best estimates."""
        return self._required("summary")

    @cached_property
    def breakdown(self):
        """``breakdown.csv``: each vehicle's TMR split by region, flow type, stage,
        commodity and country, each with its interval."""
        return self._required("breakdown")

    @cached_property
    def comparisons(self):
        """``comparisons.csv``: per-draw ratios and differences of vehicle pairs and of
        scenarios against the baseline, with P(a > b)."""
        return self.table("comparisons")

    @cached_property
    def convergence(self):
        """``convergence.csv``: the bands as the samples grew."""
        return self.table("convergence")

    @cached_property
    def coefficients(self):
        """``coefficients.csv``: the commodities' coefficients (TMR per tonne)."""
        return self.table("coefficients")

    @cached_property
    def sensitivity(self) -> Optional[object]:
        """``sensitivity.csv`` (``run(rank_correlation=True)`` or ``hf.sensitivity``), else
        ``None``."""
        return self.table("sensitivity")

    @cached_property
    def scenario_summary(self):
        """``scenario_summary.csv`` of a run with scenarios, else ``None``."""
        return self.table("scenario_summary")

    @cached_property
    def variance_budget(self):
        """``variance_budget.csv`` of ``run(variance_budget=True)``, else ``None``."""
        return self.table("variance_budget")

    @cached_property
    def samples(self):
        """``samples.csv`` of ``run(keep_samples=True)``, else ``None``."""
        return self.table("samples")

    def __fspath__(self) -> str:
        return os.fspath(self.out)
