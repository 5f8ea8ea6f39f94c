"""Import a hiddenflow model into Brightway (bw2data 4 / bw2calc 2.5 generation).

Pure Python: it reads the folder ``hiddenflow export brightway OUT`` writes (``database.json``,
and ``samples.npy`` with ``--samples``), and needs neither the compiled extension nor
hiddenflow's Python package beyond this file::

    from hiddenflow.brightway import to_brightway
    info = to_brightway("tmr", "hiddenflow", export_dir="bw_export")

    import bw2data as bd, bw2calc as bc
    fu, data_objs, _ = bd.prepare_lca_inputs({info["vehicles"]["bev_nmc811"]: 1},
                                             method=info["methods"][0])
    lca = bc.LCA(fu, data_objs=data_objs + [info["exact_datapackage"]])
    lca.lci(); lca.lcia(); lca.score        # t of TMR per vehicle, = `hiddenflow point`

bw2data stores amounts as float32; ``info["exact_datapackage"]`` puts back the exported
float64 amounts (without it the score is within about 1e-7 relative). With
``info["array_datapackage"]`` (an export with ``--samples``),
``bc.LCA(fu, data_objs=data_objs + [info["exact_datapackage"], info["array_datapackage"]],
use_arrays=True)`` replays hiddenflow's own draws, one per iteration (``next(lca)``), in
sample order.
See docs/BRIGHTWAY.md.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["to_brightway", "export", "load_export", "exact_datapackage", "array_datapackage"]

FORMAT = "hiddenflow-brightway/1"
UNCERTAINTY_FIELDS = ("uncertainty type", "loc", "scale", "shape", "minimum", "maximum")


def _binary() -> str:
    exe = os.environ.get("HIDDENFLOW_BIN") or shutil.which("hiddenflow")
    if not exe:
        raise FileNotFoundError(
            "no hiddenflow binary: put `hiddenflow` on PATH (cargo install --path .) or set "
            "HIDDENFLOW_BIN, or pass export_dir= a folder of `hiddenflow export brightway`"
        )
    return exe


def export(out, data=None, samples=None, seed=None, allocation=None, force=False) -> Path:
    """Runs ``hiddenflow export brightway OUT`` (the binary on PATH or ``HIDDENFLOW_BIN``)."""
    cmd = [_binary(), "export", "brightway", str(out)]
    if data is not None:
        cmd += ["--data", str(data)]
    if samples is not None:
        cmd += ["--samples", str(int(samples))]
    if seed is not None:
        cmd += ["--seed", str(int(seed))]
    if allocation is not None:
        cmd += ["--allocation", str(allocation)]
    if force:
        cmd.append("--force")
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(
            f"`{' '.join(cmd)}` failed (exit {proc.returncode}):\n{proc.stderr.strip()}"
        )
    return Path(out)


def load_export(export_dir) -> dict:
    """The parsed ``database.json`` of an export folder."""
    path = Path(export_dir) / "database.json"
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if doc.get("format") != FORMAT:
        raise ValueError(f"{path}: not a hiddenflow Brightway export (format {doc.get('format')!r})")
    return doc


def to_brightway(project, database="hiddenflow", export_dir=None, data=None, samples=None,
                 seed=None) -> dict:
    """Creates (or overwrites) in bw2data project ``project`` the biosphere database
    ``f"{database}-biosphere"`` (one flow per flow type), the database ``database`` and the
    methods ``(database, "total material requirement")`` and ``(database, "hidden flows")``
    from an export folder. Without ``export_dir`` it exports first with the hiddenflow binary
    (``data``, ``samples``, ``seed`` are passed on).

    Returns a dict: ``vehicles`` (vehicle id → activity key), ``methods``, ``biosphere``,
    ``database``, ``export`` (the parsed database.json), ``exact_datapackage`` (every amount
    in float64: bw2data keeps float32; pass it after bw2data's ``data_objs``) and, when the
    export has per-draw arrays, ``array_datapackage`` (for ``use_arrays=True``, after
    ``exact_datapackage``), with their paths (``*_path``).
    """
    import bw2data as bd

    tmp = None
    if export_dir is None:
        tmp = tempfile.mkdtemp(prefix="hiddenflow-bw-")
        export_dir = export(Path(tmp) / "export", data=data, samples=samples, seed=seed)
    try:
        doc = load_export(export_dir)
        bd.projects.set_current(project)
        bio = f"{database}-biosphere"
        names = {doc["database"]: database, doc["biosphere_database"]: bio}
        for name in (database, bio):
            if name in bd.databases:
                del bd.databases[name]
        bd.Database(bio).write(
            {
                (bio, f["code"]): {
                    "name": f["name"],
                    "unit": f["unit"],
                    "type": f["type"],
                    "categories": tuple(f["categories"]),
                    "code": f["code"],
                    "database": bio,
                }
                for f in doc["biosphere"]
            }
        )
        data_ = {}
        for a in doc["activities"]:
            exchanges = []
            for e in a["exchanges"]:
                x = {
                    "input": (names[e["input"][0]], e["input"][1]),
                    "amount": e["amount"],
                    "type": e["type"],
                }
                for k in UNCERTAINTY_FIELDS:
                    if k in e:
                        x[k] = e[k]
                if "hiddenflow" in e:
                    x["hiddenflow"] = e["hiddenflow"]
                exchanges.append(x)
            data_[(database, a["code"])] = {
                "name": a["name"],
                "reference product": a["reference product"],
                "unit": a["unit"],
                "location": a["location"],
                "type": a["type"],
                "code": a["code"],
                "database": database,
                "hiddenflow": a["hiddenflow"],
                "exchanges": exchanges,
            }
        bd.Database(database).write(data_)
        methods = []
        for m in doc["methods"]:
            name = (database,) + tuple(m["name"][1:])
            if name in bd.methods:
                bd.Method(name).deregister()
            method = bd.Method(name)
            method.register(unit=m["unit"], description="hiddenflow: factor 1 per flow type")
            method.write([((bio, f), 1.0) for f in m["flows"]])
            methods.append(name)
        info = {
            "project": project,
            "database": database,
            "biosphere": bio,
            "methods": methods,
            "vehicles": {v["vehicle"]: (database, v["code"]) for v in doc["vehicles"]},
            "export": doc,
        }
        path = Path(bd.projects.dir) / "hiddenflow" / f"{database}-amounts.zip"
        info["exact_datapackage"] = exact_datapackage(doc, database, bio, path)
        info["exact_datapackage_path"] = path
        if doc.get("samples"):
            path = Path(bd.projects.dir) / "hiddenflow" / f"{database}-draws.zip"
            info["array_datapackage"] = array_datapackage(doc, export_dir, database, bio, path)
            info["array_datapackage_path"] = path
        return info
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _matrix_entries(doc, database, biosphere, only_sampled):
    """(matrix, row id, column id, exchange) of every technosphere and biosphere exchange
    (with ``only_sampled``: those with per-draw amounts)."""
    import bw2data as bd

    names = {doc["database"]: database, doc["biosphere_database"]: biosphere}
    ids = {}

    def node_id(db, code):
        key = (names[db], code)
        if key not in ids:
            ids[key] = bd.get_node(database=key[0], code=key[1]).id
        return ids[key]

    out = []
    for a in doc["activities"]:
        col = node_id(doc["database"], a["code"])
        for e in a["exchanges"]:
            if e["type"] == "production":
                continue
            if only_sampled and e.get("hiddenflow", {}).get("sample_row") is None:
                continue
            matrix = "technosphere_matrix" if e["type"] == "technosphere" else "biosphere_matrix"
            out.append((matrix, node_id(*e["input"]), col, e))
    return out


def _write_package(name, groups, path, sequential):
    """A bw_processing datapackage of ``groups``: (matrix, indices, data, flip) each; ``data``
    a vector (static amounts) or a 2-d array (one column per draw)."""
    import bw_processing as bwp

    fs = None
    if path is not None:
        from fsspec.implementations.zip import ZipFileSystem

        Path(path).parent.mkdir(parents=True, exist_ok=True)
        if Path(path).exists():
            Path(path).unlink()
        fs = ZipFileSystem(str(path), mode="w")
    dp = bwp.create_datapackage(fs=fs, name=name, sequential=sequential)
    for matrix, indices, data, flip in groups:
        add = dp.add_persistent_array if data.ndim == 2 else dp.add_persistent_vector
        add(matrix=matrix, data_array=data, indices_array=indices, flip_array=flip,
            name=f"{name}-{matrix}")
    if path is None:
        return dp
    dp.finalize_serialization()
    fs.close()
    from fsspec.implementations.zip import ZipFileSystem

    return bwp.load_datapackage(ZipFileSystem(str(path)))


def _groups(entries, values):
    import bw_processing as bwp
    import numpy as np

    groups = []
    for matrix in ("technosphere_matrix", "biosphere_matrix"):
        pick = [i for i, x in enumerate(entries) if x[0] == matrix]
        if not pick:
            continue
        indices = np.array([(entries[i][1], entries[i][2]) for i in pick], dtype=bwp.INDICES_DTYPE)
        data = np.ascontiguousarray(values[pick], dtype=np.float64)
        # technosphere inputs enter the matrix negated, as bw2data's own exchanges do
        flip = np.full(len(pick), matrix == "technosphere_matrix", dtype=bool)
        groups.append((matrix, indices, data, flip))
    return groups


def exact_datapackage(doc, database, biosphere, path=None):
    """Every exchange amount at best estimates in float64, as a bw_processing datapackage.

    bw2data (4.x) stores processed amounts as float32 (bw_processing's structured arrays), a
    relative rounding of up to 6e-8; given after bw2data's own datapackages in ``data_objs``,
    this one replaces them with the exported float64 amounts."""
    import numpy as np

    entries = _matrix_entries(doc, database, biosphere, only_sampled=False)
    values = np.array([x[3]["amount"] for x in entries], dtype=np.float64)
    return _write_package(f"{database}-amounts", _groups(entries, values), path, False)


def array_datapackage(doc, export_dir, database, biosphere, path=None):
    """The export's per-draw amounts as a bw_processing datapackage (sequential: iteration
    ``i`` of a ``use_arrays=True`` LCA uses draw ``i``). Written to ``path`` (a .zip) when
    given, else kept in memory. Use it after :func:`exact_datapackage`, which gives the
    exchanges without draws their float64 amounts."""
    import numpy as np

    draws = np.load(Path(export_dir) / doc["samples"]["file"])  # draws × exchanges
    entries = _matrix_entries(doc, database, biosphere, only_sampled=True)
    rows = [x[3]["hiddenflow"]["sample_row"] for x in entries]
    values = draws[:, rows].T  # exchanges × draws
    return _write_package(f"{database}-draws", _groups(entries, values), path, True)
