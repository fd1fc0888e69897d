"""Per-figure seconds of the per-student report's figures, drawn as the notebooks draw them.

    .venv/bin/python benchmarks/bench_figures.py                 # sample cohort, owner s0001
    .venv/bin/python benchmarks/bench_figures.py --repeat 20 --owner s0002

    .venv/bin/python benchmarks/bench_figures.py --plots-at 00bbb20 --tight   # as before

Each figure is built (`plots.*`) and rendered to PNG exactly as the inline backend of
notebooks/followup_conversion.ipynb does it (`IPython.core.pylabtools.print_figure` with
`InlineBackend.print_figure_kwargs` as the notebook's `%config` line sets them, or
IPython's default `bbox_inches="tight"` with `--tight`). `--plots-at REV` draws with
views/plots.py as of a git revision, to compare before and after in one run. Printed:
fastest of `--repeat` seconds to build and to render, and PNG size, after one warm-up.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "data" / "sample" / "cohort"))
    parser.add_argument("--owner", default="s0001")
    parser.add_argument("--period", default="2026-10")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--tight", action="store_true", help='print with bbox_inches="tight"')
    parser.add_argument("--plots-at", help="git revision of views/plots.py to draw with")
    args = parser.parse_args()

    from IPython.core.pylabtools import print_figure
    from matplotlib_inline.config import InlineBackend

    from infoview_analysis.core.periods import parse_period
    from infoview_analysis.loading.snapshot import load_snapshot
    from infoview_analysis.metrics import conversion
    from infoview_analysis.views import plots

    if args.plots_at:
        source = subprocess.run(
            ["git", "show", f"{args.plots_at}:infoview_analysis/views/plots.py"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        path = Path(tempfile.mkdtemp()) / "plots_at.py"
        path.write_text(source)
        spec = importlib.util.spec_from_file_location("plots_at", path)
        plots = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(plots)
    kwargs = dict(InlineBackend.instance().print_figure_kwargs)
    if not args.tight:
        kwargs.update(notebook_print_kwargs())
    period = parse_period(args.period)
    log = load_snapshot(args.data).for_owner(args.owner)
    todo = conversion.overdue(log, as_of=period.end)
    stages = conversion.funnel(log, start=period.start, end=period.end)
    log = log.as_of(period.end)
    figures = {
        "overdue_timeline": lambda: plots.overdue_timeline(todo, as_of=period.end),
        "funnel_chart": lambda: plots.funnel_chart(stages, title="Follow-up conversion"),
    }
    print(f"owner {args.owner}: {len(todo)} to-dos; print_figure kwargs {kwargs}")
    print(f"{'figure':18s} {'build s':>8s} {'render s':>9s} {'total s':>8s} {'PNG kB':>7s}")
    for name, build in figures.items():
        print_figure(build(), "png", **kwargs)  # warm-up
        built, drawn, size = [], [], 0
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fig = build()
            t1 = time.perf_counter()
            size = len(print_figure(fig, "png", **kwargs))
            t2 = time.perf_counter()
            built.append(t1 - t0)
            drawn.append(t2 - t1)
        b, d = min(built), min(drawn)  # least disturbed by other work on the machine
        print(f"{name:18s} {b:8.3f} {d:9.3f} {b + d:8.3f} {size / 1000:7.1f}")


def notebook_print_kwargs() -> dict:
    """The `%config InlineBackend.print_figure_kwargs = {...}` of followup_conversion."""
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / "followup_conversion.ipynb", as_version=4)
    prefix = "%config InlineBackend.print_figure_kwargs ="
    for cell in nb.cells:
        for line in cell.source.splitlines():
            if line.startswith(prefix):
                return ast.literal_eval(line[len(prefix) :].split("#")[0].strip())
    return {}


if __name__ == "__main__":
    main()
