"""Per-figure seconds of the per-student reports' figures, drawn as the notebooks draw them.

    .venv/bin/python benchmarks/bench_figures.py                 # sample cohort, owner s0001
    .venv/bin/python benchmarks/bench_figures.py --repeat 20 --owner s0002

    .venv/bin/python benchmarks/bench_figures.py --plots-at 00bbb20 --tight   # as before

Each figure of a per-student notebook (followup_conversion's to-do timeline and funnel,
network_growth's growth by source, referral_chains' forest, explore_network's
neighbourhood) is built and rendered to PNG exactly as the inline backend of its notebook
does it (`IPython.core.pylabtools.print_figure` with `InlineBackend.print_figure_kwargs`
as that notebook's `%config` line sets them, or IPython's default `bbox_inches="tight"`
with `--tight`). `--plots-at REV` draws with views/plots as of a git revision, to
compare before and after in one run (the neighbourhood is views/explore.py's). Printed:
fastest of `--repeat` CPU seconds (of this process: a busy neighbour barely changes them)
to build and to render, and PNG size, after one warm-up.
"""

from __future__ import annotations

import argparse
import ast
import importlib
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
    parser.add_argument("--plots-at", help="git revision of views/plots to draw with")
    args = parser.parse_args()

    from IPython.core.pylabtools import print_figure
    from matplotlib_inline.config import InlineBackend

    from infoview_analysis.core.periods import history_start, parse_period
    from infoview_analysis.loading.snapshot import load_snapshot
    from infoview_analysis.metrics import conversion, graph, growth, referrals
    from infoview_analysis.views import explore, plots

    if args.plots_at:
        plots = plots_at(args.plots_at)
    default = dict(InlineBackend.instance().print_figure_kwargs)
    period = parse_period(args.period)
    cohort = load_snapshot(args.data)
    log = cohort.for_owner(args.owner)
    todo = conversion.overdue(log, as_of=period.end)
    log = log.as_of(period.end)
    stages = conversion.funnel(log, start=period.start, end=period.end)
    start = history_start(period, "M", 6)
    by_source = growth.network_growth(log, start=start, end=period.end, by="source")
    chains = referrals.referral_chains(log)
    G = graph.build_graph(log, include_personal=True)
    figures = {  # name: (notebook, build)
        "overdue_timeline": (
            "followup_conversion",
            lambda: plots.overdue_timeline(todo, as_of=period.end),
        ),
        "funnel_chart": (
            "followup_conversion",
            lambda: plots.funnel_chart(stages, title="Follow-up conversion"),
        ),
        "growth_by_source": ("network_growth", lambda: plots.growth_by_source(by_source)),
        "referral_forest": (
            "referral_chains",
            lambda: plots.referral_forest(chains, log.contacts, log.events, owner=args.owner),
        ),
        "neighbourhood": (
            "explore_network",
            lambda: explore.draw_neighbourhood(explore.neighbourhood(G)),
        ),
    }
    print(f"owner {args.owner}: {len(todo)} to-dos, {len(log.contacts)} contacts")
    print(f"{'figure':18s} {'build s':>8s} {'render s':>9s} {'total s':>8s} {'PNG kB':>7s}  print")
    for name, (notebook, build) in figures.items():
        kwargs = dict(default)
        if not args.tight:
            kwargs.update(notebook_print_kwargs(notebook))
        print_figure(build(), "png", **kwargs)  # warm-up
        built, drawn, size = [], [], 0
        for _ in range(args.repeat):
            t0 = time.process_time()
            fig = build()
            t1 = time.process_time()
            size = len(print_figure(fig, "png", **kwargs))
            t2 = time.process_time()
            built.append(t1 - t0)
            drawn.append(t2 - t1)
        b, d = min(built), min(drawn)  # least disturbed by other work on the machine
        print(f"{name:18s} {b:8.3f} {d:9.3f} {b + d:8.3f} {size / 1000:7.1f}  {kwargs}")


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def plots_at(rev: str):
    """views/plots as of git revision `rev`, imported beside today's as `plots_at`: a
    module before plots.py was split into a package, the package after."""
    where = Path(tempfile.mkdtemp())
    names = git("ls-tree", "--name-only", rev, "infoview_analysis/views/plots/").split()
    for name in names or ["infoview_analysis/views/plots.py"]:
        # the package's own modules import each other by their full name
        source = git("show", f"{rev}:{name}").replace("infoview_analysis.views.plots", "plots_at")
        target = where / "plots_at" / Path(name).name if names else where / "plots_at.py"
        target.parent.mkdir(exist_ok=True)
        target.write_text(source)
    sys.path.insert(0, str(where))
    return importlib.import_module("plots_at")


def notebook_print_kwargs(notebook: str) -> dict:
    """The `%config InlineBackend.print_figure_kwargs = {...}` of a notebook ({}: none)."""
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / f"{notebook}.ipynb", as_version=4)
    prefix = "%config InlineBackend.print_figure_kwargs ="
    for cell in nb.cells:
        for line in cell.source.splitlines():
            if line.startswith(prefix):
                return ast.literal_eval(line[len(prefix) :].split("#")[0].strip())
    return {}


if __name__ == "__main__":
    main()
