"""Per-figure seconds of the per-student report's figures, drawn as the notebooks draw them.

    .venv/bin/python benchmarks/bench_figures.py                 # sample cohort, owner s0001
    .venv/bin/python benchmarks/bench_figures.py --repeat 20 --owner s0002

Each figure is built (`plots.*`) and rendered to PNG exactly as the inline backend of a
notebook does it (`IPython.core.pylabtools.print_figure` with `InlineBackend`'s
`print_figure_kwargs`, by default `bbox_inches="tight"`). Printed: median seconds to
build, to render, and PNG bytes, after one warm-up (font cache, imports).
"""

from __future__ import annotations

import argparse
import statistics
import sys
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
    args = parser.parse_args()

    from IPython.core.pylabtools import print_figure
    from matplotlib_inline.config import InlineBackend

    from infoview_analysis.core.periods import parse_period
    from infoview_analysis.loading.snapshot import load_snapshot
    from infoview_analysis.metrics import conversion
    from infoview_analysis.views import plots

    kwargs = dict(InlineBackend.instance().print_figure_kwargs)
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
        b, d = statistics.median(built), statistics.median(drawn)
        print(f"{name:18s} {b:8.3f} {d:9.3f} {b + d:8.3f} {size / 1000:7.1f}")


if __name__ == "__main__":
    main()
