"""Per-cell seconds of the per-student notebooks, run in one warm in-process IPython shell.

    .venv/bin/python benchmarks/bench_notebook_cells.py                  # 3,000-student cohort
    .venv/bin/python benchmarks/bench_notebook_cells.py --students 10 followup_conversion
    .venv/bin/python benchmarks/bench_notebook_cells.py --tree /tmp/before --tree .  # before/after
    .venv/bin/python benchmarks/bench_notebook_cells.py --profile 40 followup_conversion

Each notebook of `notebooks/` is run for `--students` owners of a generated cohort
(`sample.generate(owners=3000, contacts_per_owner=30)`, written once to a cache folder,
or `--data`), cell by cell as papermill runs it in a warm kernel: the parameters cell,
the injected parameters, then every code cell through `InteractiveShell.run_cell`, so
`%matplotlib inline`, the notebook's `%config` lines, `display()` and a cell's last
expression format their outputs (PNG through the inline backend, HTML, Markdown) exactly
as in a report. What a kernel does around the cells (papermill, nbconvert, the runner)
is not timed here: `bench_reports.py` times whole reports.

Printed: per notebook, the median seconds (`--clock cpu`, the default: CPU seconds of
the process, which a busy neighbour barely changes; or `wall`) of each cell over the students (after
`--warmup` students), and the median of the per-student sum of the analysis cells (every
cell after the set-up cell, which loads the cohort snapshot and picks the owner).
`--tree A --tree B` runs the same in a fresh process per checkout (package and notebooks
of each), side by side, the checkouts taking turns over `--rounds` processes each (so a busy spell
of a shared machine falls on all of them); `--profile N` prints the N costliest functions (cumulative).
The machine is often shared: say the load average (printed) with the figures.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# CPU seconds of this process by default: on a shared machine, wall time measures the
# neighbours as much as the notebook.
CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}
NOTEBOOKS = ("followup_conversion", "network_growth", "referral_chains", "explore_network")


def cohort(folder: Path, owners: int) -> Path:
    """The benchmark cohort, generated and written once."""
    if not (folder / "events.csv").exists():
        from infoview_analysis import sample

        folder.mkdir(parents=True, exist_ok=True)
        log = sample.generate(owners=owners, contacts_per_owner=30, seed=4040)
        sample.write_log(log, folder)
    return folder


def cells_of(path: Path) -> tuple[str, list[str]]:
    """The parameters cell and the other code cells of a notebook."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    rest = [c.source for c in code if c not in params]
    return (params[0].source if params else ""), rest


def shell(outputs: Counter):
    """A warm IPython shell whose outputs are formatted (as a kernel does), counted by
    MIME type and dropped."""
    from IPython.core.interactiveshell import InteractiveShell

    sh = InteractiveShell.instance()
    sh.enable_gui = lambda gui=None: None  # the inline backend needs no event loop
    sh.display_pub.publish = lambda data, *args, **kwargs: outputs.update(data.keys())
    sh.displayhook.write_format_data = lambda data, *args, **kwargs: outputs.update(data.keys())
    sh.displayhook.write_output_prompt = lambda *args, **kwargs: None
    return sh


def run_notebook(name: str, tree: Path, data: Path, owners: list[str], args) -> dict:
    params, cells = cells_of(tree / "notebooks" / f"{name}.ipynb")
    outputs: Counter = Counter()
    sh = shell(outputs)
    metrics = Path(tempfile.mkdtemp()) / "metrics.json"
    injected = {
        "data": str(data),
        "start": "2026-10-01",
        "end": "2026-11-01",
        "period_label": "2026-10",
        "metrics_path": str(metrics),
    }
    times: list[list[float]] = []
    profiler = None
    for i, owner in enumerate(owners):
        if args.profile and i == args.warmup:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        row = []
        sh.run_cell(params, store_history=False)
        sh.run_cell(
            "\n".join(f"{k} = {v!r}" for k, v in {**injected, "owner": owner}.items()),
            store_history=False,
        )
        for source in cells:
            t0 = CLOCKS[args.clock]()
            result = sh.run_cell(source, store_history=False)
            row.append(CLOCKS[args.clock]() - t0)
            if not result.success:
                raise RuntimeError(f"{name} failed for {owner}: {result.error_in_exec!r}")
        times.append(row)
        # as the report runner's warm kernel between reports: %reset (which ends with a full
        # collection), then the survivors (libraries, the loaded cohort) frozen
        sh.reset(new_session=False)
        gc.freeze()
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
    shown = ", ".join(f"{n} {mime}" for mime, n in sorted(outputs.items()) if mime != "text/plain")
    first_lines = [
        next((ln for ln in c.splitlines() if ln.strip() and not ln.startswith(("#", "%"))), "")
        for c in cells
    ]
    return {"times": times[args.warmup :], "lines": first_lines, "outputs": shown}


def summary(runs: list[dict]) -> dict:
    """Per-cell medians and the median per-student sum of the analysis cells."""
    timed = [row for run in runs for row in run["times"]]
    return {
        "cells": [statistics.median(col) for col in zip(*timed, strict=True)],
        "analysis": statistics.median(sum(row[1:]) for row in timed),
        "lines": runs[0]["lines"],
        "outputs": runs[0]["outputs"],
    }


def child(args) -> None:
    tree = Path(args.child_tree).resolve()
    sys.path.insert(0, str(tree))
    os.chdir(tree / "notebooks")
    import matplotlib

    matplotlib.use("agg")  # `%matplotlib inline` switches to the inline backend
    import pandas as pd

    data = cohort(Path(args.data), args.cohort)
    owners = pd.read_csv(data / "roster.csv", dtype=str)["owner_id"].tolist()
    step = max(1, len(owners) // (args.students + args.warmup))
    picked = owners[::step][: args.students + args.warmup]
    if args.round:  # this round's share of the timed students, after the same warm-up
        timed = picked[args.warmup :]
        picked = picked[: args.warmup] + timed[args.round - 1 :: args.rounds]
    out = {name: run_notebook(name, tree, data, picked, args) for name in args.notebooks}
    print("RESULT " + json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", default=list(NOTEBOOKS))
    parser.add_argument("--students", type=int, default=20, help="students timed per notebook")
    parser.add_argument("--warmup", type=int, default=3, help="students run first, not timed")
    parser.add_argument("--cohort", type=int, default=3000, help="students in the cohort")
    parser.add_argument("--data", help="cohort folder (default: generated into a cache)")
    parser.add_argument("--tree", action="append", dest="trees", help="a checkout (repeatable)")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest calls")
    parser.add_argument("--clock", choices=list(CLOCKS), default="cpu", help="seconds of")
    parser.add_argument("--rounds", type=int, default=2, help="turns the trees take")
    parser.add_argument("--child-tree", help=argparse.SUPPRESS)
    parser.add_argument("--round", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.trees = args.trees or [str(ROOT)]
    cache = Path(tempfile.gettempdir()) / "infoview-bench"
    args.data = args.data or str(cache / f"cohort{args.cohort}")
    os.environ.setdefault("INFOVIEW_SNAPSHOT_DIR", str(cache / "snapshots"))
    if args.child_tree:
        child(args)
        return
    print(f"load average {os.getloadavg()[0]:.2f}; {args.students} students of {args.cohort}")
    runs: dict[str, list[dict]] = {tree: [] for tree in args.trees}
    for round_ in range(1, args.rounds + 1):  # trees take turns: a busy spell hits all
        for tree in args.trees:
            command = [sys.executable, __file__, *args.notebooks, "--child-tree", tree]
            command += ["--students", str(args.students), "--warmup", str(args.warmup)]
            command += ["--cohort", str(args.cohort), "--data", args.data]
            command += ["--profile", str(args.profile), "--rounds", str(args.rounds)]
            command += ["--round", str(round_), "--clock", args.clock]
            done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
            if args.profile:
                print(done.stdout.split("RESULT ")[0])
            line = next(ln for ln in done.stdout.splitlines() if ln.startswith("RESULT "))
            runs[tree].append(json.loads(line.removeprefix("RESULT ")))
    results = {
        tree: {name: summary([run[name] for run in done]) for name in args.notebooks}
        for tree, done in runs.items()
    }
    trees = list(results)
    for name in args.notebooks:
        print(f"\n{name}: median {args.clock} seconds per student")
        print(" ".join(f"{Path(t).resolve().name[:10]:>10s}" for t in trees) + "  cell")
        first = results[trees[0]][name]
        for k, line in enumerate(first["lines"]):
            values = [results[t][name]["cells"] for t in trees]
            shown = " ".join(f"{v[k]:10.3f}" if k < len(v) else " " * 10 for v in values)
            print(f"{shown}  {'(set-up) ' if k == 0 else ''}{line[:60]}")
        total = " ".join(f"{results[t][name]['analysis']:10.3f}" for t in trees)
        print(f"{total}  analysis cells (all but set-up), sum per student")
        for t in trees:
            print(f"  outputs ({Path(t).resolve().name}): {results[t][name]['outputs']}")
    print(f"\nload average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
