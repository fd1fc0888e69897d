"""Benchmark the report runner against a bare papermill run, in the same run.

    .venv/bin/python benchmarks/bench_reports.py               # everything (~5 minutes)
    .venv/bin/python benchmarks/bench_reports.py --owners 10   # a smaller batch
    .venv/bin/python benchmarks/bench_reports.py --skip-batch  # the single report only

(a) One report, `network_growth` for owner "me" on the shipped personal sample:
    - through `infoview report ... --force` in a subprocess (what a user runs), and
    - through `run_job` in this process (the runner alone),
    beside a bare papermill run of a notebook that only imports pandas, networkx,
    matplotlib(.pyplot) and infoview_analysis with the same "infoview" kernel, both in
    this process (papermill's API) and in a subprocess (to compare with the CLI).
    Each is repeated (`--repeat`, median shown) after one warm-up of each.
(b) A batch: `followup_conversion --per-owner` on a 40-owner cohort made with
    `sample.generate(owners=40)` + `sample.write_log`, with `--jobs 1` and `--jobs 2`.
(c) The cohort goals (issue 14): a 3,000-student cohort, loaded and checked once (its
    snapshot, as `infoview report` does before a batch), then per-student reports with 2
    local worker processes: `--cohort-run N` students' `followup_conversion` (goal: 3,000
    reports within 15 minutes), `--dask-run N` the same on a 2-worker
    `distributed.LocalCluster`, and `--five-run N` students through each of the four
    per-student notebooks plus `cohort_outcomes` once (goal: all five for the cohort
    within an hour). When N is under the cohort size the total is extrapolated from the
    measured seconds per report, and says so; each worker's first report pays its kernel
    start and snapshot load, so a short run slightly overstates the per-report time.

    .venv/bin/python benchmarks/bench_reports.py --skip-single --skip-batch \\
        --cohort-run 3000 --dask-run 600 --five-run 300

Goals (issue 4): per-report time within 1.2x of the bare run; 2 jobs at least 1.7x
faster than 1. The profile section splits one in-process report into kernel start,
cell time (imports + data load + analysis + figures) and HTML export.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

BARE_SOURCE = """%matplotlib inline
import matplotlib
import matplotlib.pyplot
import networkx
import pandas

import infoview_analysis"""


def bare_notebook(folder: Path) -> Path:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from infoview_analysis.reports.kernel import KERNEL_DISPLAY, KERNEL_NAME

    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": KERNEL_NAME,
        "display_name": KERNEL_DISPLAY,
        "language": "python",
    }
    nb.cells = [new_code_cell(BARE_SOURCE)]
    path = folder / "bare.ipynb"
    nbformat.write(nb, path)
    return path


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def run_cli(*args: str) -> None:
    cmd = [str(ROOT / ".venv" / "bin" / "infoview"), "report", *args]
    if not Path(cmd[0]).exists():
        cmd = [sys.executable, "-m", "infoview_analysis.cli", "report", *args]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")


def bare_inprocess(nb: Path) -> None:
    import papermill

    papermill.execute_notebook(
        str(nb), str(nb.with_name("bare-out.ipynb")), kernel_name="infoview", progress_bar=False
    )


def bare_subprocess(nb: Path) -> None:
    code = (
        "import papermill, sys; papermill.execute_notebook(sys.argv[1], sys.argv[2], "
        "kernel_name='infoview', progress_bar=False)"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(nb), str(nb.with_name("bare-sub.ipynb"))],
        check=True,
        capture_output=True,
    )


def single_report(work: Path, repeat: int) -> dict[str, float]:
    from infoview_analysis.core.periods import parse_period
    from infoview_analysis.reports.kernel import ensure_kernel
    from infoview_analysis.reports.runner import ReportJob, run_job

    ensure_kernel()
    nb = bare_notebook(work)
    personal = str(ROOT / "data" / "sample" / "personal")
    out = work / "single"
    job = ReportJob("network_growth", parse_period("2026-10"), personal, "me", {}, out)
    cli_args = ("network_growth", "--data", personal, "--owner", "me", "--period", "2026-10")
    cli = (*cli_args, "--out", str(out / "cli"), "--force", "--jobs", "1")

    def in_process() -> None:
        result = run_job(job, force=True)
        if result.status != "ok":
            raise SystemExit(result.describe_failure())

    steps = {
        "bare papermill (API, this process)": lambda: bare_inprocess(nb),
        "bare papermill (subprocess)": lambda: bare_subprocess(nb),
        "run_job (this process)": in_process,
        "infoview report CLI (subprocess)": lambda: run_cli(*cli),
    }
    for step in steps.values():  # warm-up: disk caches, font cache, kernelspec
        step()
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(repeat):  # interleaved so drift hits every step alike
        for name, step in steps.items():
            times[name].append(timed(step))
    return {name: statistics.median(values) for name, values in times.items()}


def profile_one(work: Path) -> dict[str, float]:
    """Where one in-process report's time goes (papermill's own per-cell durations)."""
    import nbformat

    from infoview_analysis.core.periods import parse_period
    from infoview_analysis.reports import runner

    exported: list[float] = []
    original = runner.export_html

    def export(*args, **kwargs):
        t0 = time.perf_counter()
        original(*args, **kwargs)
        exported.append(time.perf_counter() - t0)

    job = runner.ReportJob(
        "network_growth",
        parse_period("2026-10"),
        str(ROOT / "data" / "sample" / "personal"),
        "me",
        {},
        work / "profile",
    )
    runner.export_html = export
    try:
        t0 = time.perf_counter()
        result = runner.run_job(job, force=True)
        total = time.perf_counter() - t0
    finally:
        runner.export_html = original
    nb = nbformat.read(Path(result.out_dir) / "report.ipynb", as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    durations = [float(c.metadata.get("papermill", {}).get("duration") or 0) for c in cells]
    executed = float(nb.metadata["papermill"]["duration"])
    setup = next(i for i, c in enumerate(cells) if "load_snapshot" in c.source)
    return {
        "total run_job": total,
        "papermill total": executed,
        "kernel start + papermill overhead": executed - sum(durations),
        "setup cell (imports + snapshot)": durations[setup],
        "other cells (analysis + figures)": sum(durations) - durations[setup],
        "HTML export": exported[0] if exported else float("nan"),
        "rest (parameters, files, run.json)": total - executed - (exported[0] if exported else 0),
    }


def batch(work: Path, owners: int) -> dict[int, float]:
    from infoview_analysis import sample

    folder = work / f"cohort{owners}"
    sample.write_log(sample.generate(owners=owners, contacts_per_owner=30, seed=4040), folder)
    out = work / "batch"
    times = {}
    args = ("followup_conversion", "--data", str(folder), "--per-owner", "--period", "2026-10")
    for jobs in (1, 2):
        times[jobs] = timed(
            lambda jobs=jobs: run_cli(*args, "--jobs", str(jobs), "--out", str(out), "--force")
        )
    reports = list(out.glob("followup_conversion/2026-10/*/report.html"))
    if len(reports) != owners:
        raise SystemExit(f"expected {owners} reports, found {len(reports)}")
    return times


PER_STUDENT = ("followup_conversion", "network_growth", "referral_chains", "explore_network")


def cohort_goal(
    work: Path, students: int, run: int, dask_run: int, five_run: int
) -> dict[str, tuple[float, int]]:
    """Seconds for the cohort batches: generate, load once, then the reports.

    Returns name -> (seconds, reports run); "events" and the one-off steps have 0 reports.
    """
    from infoview_analysis import sample
    from infoview_analysis.core.periods import parse_period
    from infoview_analysis.loading.snapshot import SNAPSHOT_ENV, load_snapshot
    from infoview_analysis.reports.runner import ReportJob, run_jobs

    folder = work / f"cohort{students}"
    t0 = time.perf_counter()
    sample.write_log(sample.generate(owners=students, contacts_per_owner=30, seed=4040), folder)
    figures = {"generate and write the cohort": (time.perf_counter() - t0, 0)}
    os.environ[SNAPSHOT_ENV] = str(work / "snapshots")
    t0 = time.perf_counter()
    log = load_snapshot(folder)  # what `infoview report` does once per batch
    figures["load and check once (snapshot)"] = (time.perf_counter() - t0, 0)
    figures["events"] = (float(len(log.events)), 0)
    owners = log.owners["owner_id"].astype(str).tolist()
    period = parse_period("2026-10")

    def jobs(out: Path, names: tuple[str, ...], count: int) -> list:
        # as `infoview report --per-owner` runs them: contact names hidden
        return [
            ReportJob(n, period, str(folder), o, _anonymized(n), out)
            for n in names
            for o in owners[:count]
        ]

    def check(results: list) -> None:
        bad = [r for r in results if r.status != "ok"]
        if bad:
            raise SystemExit(bad[0].describe_failure())

    if run:
        t0 = time.perf_counter()
        check(
            run_jobs(jobs(work / "cohort-local", PER_STUDENT[:1], run), workers=2, progress=False)
        )
        figures["followup_conversion, 2 local workers"] = (time.perf_counter() - t0, run)
    if dask_run:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            batch = jobs(work / "cohort-dask", PER_STUDENT[:1], dask_run)
            t0 = time.perf_counter()
            check(run_jobs(batch, scheduler=client, progress=False))
            figures["followup_conversion, Dask LocalCluster 2 workers"] = (
                time.perf_counter() - t0,
                dask_run,
            )
    if five_run:
        # one batch, as `infoview report all --per-owner` runs it; each notebook's share
        # of the wall time is its share of the reports' own durations
        t0 = time.perf_counter()
        results = run_jobs(
            jobs(work / "cohort-five", PER_STUDENT, five_run), workers=2, progress=False
        )
        wall = time.perf_counter() - t0
        check(results)
        spent = {n: sum(r.seconds for r in results if r.name == n) for n in PER_STUDENT}
        for name in PER_STUDENT:
            share = spent[name] / sum(spent.values())
            figures[f"five notebooks: {name}, 2 local workers"] = (wall * share, five_run)
        cohort = ReportJob("cohort_outcomes", period, str(folder), None, {}, work / "cohort-five")
        t0 = time.perf_counter()
        check(run_jobs([cohort], workers=1, progress=False))
        figures["five notebooks: cohort_outcomes (once)"] = (time.perf_counter() - t0, 0)
    return figures


def _anonymized(name: str) -> dict:
    from infoview_analysis.reports.parameters import notebook_parameters

    return {"anonymize": True} if "anonymize" in notebook_parameters(name) else {}


def print_cohort(figures: dict[str, tuple[float, int]], students: int) -> None:
    print(f"\n(c) per-student reports, {students:,} students")
    print(f"  events in the cohort: {figures.pop('events')[0]:,.0f}")
    load = figures["load and check once (snapshot)"][0]
    five_total = load
    for name, (seconds, run) in figures.items():
        if not run:
            print(f"  {name:52s} {seconds:7.1f} s")
            if name.startswith("five"):
                five_total += seconds
            continue
        per = seconds / run
        total = load + per * students
        how = "measured" if run == students else f"extrapolated from {run}"
        line = (
            f"  {name:52s} {seconds:7.1f} s for {run} reports, {per:5.3f} s/report "
            f"({2 * per:5.3f} s/report/core); all {students:,}: {total / 60:5.1f} min ({how})"
        )
        if name.startswith("five"):
            five_total += per * students
            print(line)
        else:
            print(f"{line}  {_ok(total <= 15 * 60)} (goal 15 min)")
    if any(name.startswith("five") for name in figures):
        print(
            f"  {'all five notebooks for every student':52s} {five_total / 60:7.1f} min  "
            f"{_ok(five_total <= 60 * 60)} (goal 60 min)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each single step")
    parser.add_argument("--owners", type=int, default=40, help="reports in the batch")
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--skip-single", action="store_true")
    parser.add_argument("--cohort", type=int, default=3000, help="students in the cohort goal")
    parser.add_argument(
        "--cohort-run", type=int, default=0, help="students reported in (c); 0 skips (c)"
    )
    parser.add_argument(
        "--dask-run", type=int, default=0, help="students reported on a Dask LocalCluster in (c)"
    )
    parser.add_argument(
        "--five-run",
        type=int,
        default=0,
        help="students reported by each of the four per-student notebooks in (c), "
        "plus cohort_outcomes once",
    )
    args = parser.parse_args()
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

    print(
        f"bench_reports  {dt.datetime.now():%Y-%m-%d %H:%M}  cores: {os.cpu_count()}  "
        f"load average before: {os.getloadavg()[0]:.2f} (other work skews the figures)"
    )
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        work = Path(tmp)
        if args.cohort_run or args.dask_run or args.five_run:
            figures = cohort_goal(
                work,
                args.cohort,
                min(args.cohort_run, args.cohort),
                min(args.dask_run, args.cohort),
                min(args.five_run, args.cohort),
            )
            print_cohort(figures, args.cohort)
        if args.skip_single:
            print(f"\nload average after: {os.getloadavg()[0]:.2f}")
            return
        single = single_report(work, args.repeat)
        bare_api = single["bare papermill (API, this process)"]
        bare_sub = single["bare papermill (subprocess)"]
        print(f"\n(a) one report (median of {args.repeat})")
        for name, seconds in single.items():
            base = bare_sub if "subprocess" in name else bare_api
            print(f"  {name:38s} {seconds:6.2f} s   {seconds / base:4.2f}x bare")
        ratio = single["run_job (this process)"] / bare_api
        cli_ratio = single["infoview report CLI (subprocess)"] / bare_sub

        print("\n    where one run_job's time goes")
        for name, seconds in profile_one(work).items():
            print(f"  {name:38s} {seconds:6.2f} s")

        if not args.skip_batch:
            times = batch(work, args.owners)
            n = args.owners
            print(f"\n(b) followup_conversion --per-owner, {n} owners")
            for jobs, seconds in times.items():
                per = seconds / n
                print(
                    f"  --jobs {jobs}  {seconds:7.1f} s   {per:5.2f} s/report   "
                    f"{per / bare_api:4.2f}x bare   ({per * jobs:5.2f} s/report/worker)"
                )
            speedup = times[1] / times[2]
            print(f"  2 jobs vs 1: {speedup:.2f}x faster")
            batch_ratio = times[1] / n / bare_api

        print(f"\nload average after: {os.getloadavg()[0]:.2f}")
        print("\nGoals")
        print(f"  run_job within 1.2x of bare run:       {ratio:4.2f}x  {_ok(ratio <= 1.2)}")
        print(
            f"  CLI within 1.2x of bare subprocess:    {cli_ratio:4.2f}x  {_ok(cli_ratio <= 1.2)}"
        )
        if not args.skip_batch:
            print(
                f"  batch --jobs 1 per report within 1.2x: {batch_ratio:4.2f}x  "
                f"{_ok(batch_ratio <= 1.2)}"
            )
            print(f"  2 jobs >= 1.7x faster than 1:         {speedup:4.2f}x  {_ok(speedup >= 1.7)}")


def _ok(met: bool) -> str:
    return "met" if met else "MISSED"


if __name__ == "__main__":
    main()
