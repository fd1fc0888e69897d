"""Run parameterized notebooks with papermill's Python API and file them as reports.

Each report lands in `reports/<report>/<period>[/<owner>]/` as `report.ipynb`,
`report.html` (no code, images embedded, opens offline), `metrics.json` (headline
numbers, written by the notebook through `save_metrics`) and `run.json` (parameters,
version, git revision, timing, status and, on failure, the failing cell and error).
Everything is written in a private work folder and swapped in as one set (see
`publish`): a failed run leaves no new `report.html` and keeps an earlier good one.
Owner ids never become paths as they are (see `paths.owner_folder`).

A batch checks its parameters once, reads the git revision once, builds the log's
validated snapshot once (the notebooks read it, see `loading.snapshot`) and shares one
warm kernel and one HTML exporter per worker.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from infoview_analysis import __version__
from infoview_analysis.core.periods import Period
from infoview_analysis.reports.html import export_html
from infoview_analysis.reports.kernel import ensure_kernel, execute, warm_kernel
from infoview_analysis.reports.parameters import (
    NOTEBOOKS,
    PROJECT_ROOT,
    ReportError,
    check_parameters,
    notebook_parameters,
)
from infoview_analysis.reports.paths import report_folder
from infoview_analysis.reports.publish import WorkFolder, publish, tidy

__all__ = [
    "ReportJob",
    "RunResult",
    "git_revision",
    "job_parameters",
    "run_job",
    "prepare_jobs",
    "run_jobs",
]

# jsonschema (under nbformat, under papermill) treats `rfc3987_syntax` as optional, for
# checking IRI formats that notebooks never use; importing it costs about 1.5 s in every
# process that runs reports. Mark it absent unless something imported it already.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


@dataclass
class ReportJob:
    """One notebook to run for one period (and maybe one owner)."""

    name: str
    period: Period
    data: str
    owner: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    out_root: Path = Path("reports")
    checked: bool = False  # parameters already typed and checked for the batch

    @property
    def notebook(self) -> Path:
        return NOTEBOOKS / f"{self.name}.ipynb"

    @property
    def out_dir(self) -> Path:
        """`out_root/<report>/<period>[/<owner folder>]`: a safe name, never the raw id."""
        return report_folder(self.out_root, self.name, self.period.label, self.owner)


@dataclass
class RunResult:
    """What happened to one job."""

    name: str
    period: str
    owner: str | None
    status: str  # ok | failed | skipped (a good report kept) | prepared | kept (dry run)
    seconds: float
    out_dir: str
    error: dict[str, Any] | None = None

    def describe_failure(self) -> str:
        """The failing cell and error in one readable block."""
        if not self.error:
            return ""
        e = self.error
        where = f"cell {e.get('cell_index')}" if e.get("cell_index") is not None else "the run"
        lines = [
            f"Report '{self.name}' for {self.period}"
            + (f" (owner {self.owner})" if self.owner else "")
            + f" failed in {where}:",
        ]
        if e.get("source"):
            lines += ["", "    " + "\n    ".join(str(e["source"]).splitlines()[-8:]), ""]
        lines.append(f"{e.get('ename', 'Error')}: {e.get('evalue', '')}")
        lines.append(f"(details: {Path(self.out_dir) / 'run.json'})")
        return "\n".join(lines)


# ----------------------------------------------------------------------------- running


@cache
def git_revision() -> str | None:
    """The checkout's short git revision (once per process); None when installed.

    >>> git_revision() is None or len(git_revision()) >= 7
    True
    """
    if not (PROJECT_ROOT / ".git").exists():
        return None  # an installed package: whatever repository holds the venv is not ours
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=5,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def job_parameters(job: ReportJob, metrics_path: Path) -> dict[str, Any]:
    """Runner parameters (those the notebook declares) plus the user's own.

    A user's `as_of` after the period's end is refused: a report sees only what was
    known before its end.
    """
    import pandas as pd

    declared = notebook_parameters(job.name)
    as_of = min(job.period.end, _today_end())
    standard = {
        "data": str(Path(job.data).resolve()),
        "owner": job.owner,
        "start": f"{job.period.start:%Y-%m-%d}",
        "end": f"{job.period.end:%Y-%m-%d}",
        "period_label": job.period.label,
        "as_of": f"{as_of:%Y-%m-%d}",
        "metrics_path": str(metrics_path),
    }
    params = {k: v for k, v in standard.items() if k in declared}
    user = job.parameters if job.checked else check_parameters(job.name, job.parameters)
    if user.get("as_of") is not None:
        try:
            wanted = pd.Timestamp(user["as_of"])
        except (TypeError, ValueError):
            raise ReportError(f"as_of={user['as_of']!r} is not a date (e.g. 2026-10-31)") from None
        if wanted > job.period.end:
            raise ReportError(
                f"as_of={user['as_of']} is after the end of {job.period.label} "
                f"({job.period.end:%Y-%m-%d}): a report sees only what was known by its end"
            )
    params.update(user)
    return params


def _today_end():
    import pandas as pd

    return pd.Timestamp(dt.date.today()) + pd.Timedelta(days=1)


def _error_from(exc: BaseException) -> dict[str, Any]:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return {
            "cell_index": exc.cell_index,
            "execution_count": exc.exec_count,
            "source": exc.source,
            "ename": exc.ename,
            "evalue": exc.evalue,
        }
    return {"cell_index": None, "ename": type(exc).__name__, "evalue": str(exc)}


def _status_of(folder: Path) -> str | None:
    """The status in a report folder's run.json (ok, failed, prepared), or None."""
    try:
        return json.loads((folder / "run.json").read_text()).get("status")
    except (OSError, ValueError, AttributeError):
        return None


def run_job(
    job: ReportJob,
    force: bool = False,
    dry_run: bool = False,
    reuse_kernel: bool = False,
    *,
    revision: str | None = None,
) -> RunResult:
    """Run one notebook; publish its files as one set; never raise for a notebook failure.

    A finished report (status ok) is kept unless `force`; a failed one runs again. A dry
    run prepares the notebook without executing it and never writes into a folder that
    holds a finished or failed report. `reuse_kernel` runs it in this process's shared
    kernel (see `WarmKernel`). `revision` is the git revision to record (read once per
    batch by `run_jobs`; read here when not given).
    """
    if not job.checked:  # refuse bad names before any folder exists
        job = dataclasses.replace(
            job, parameters=check_parameters(job.name, job.parameters), checked=True
        )
    out_dir = job.out_dir
    before = _status_of(out_dir)
    if dry_run and before in ("ok", "failed"):
        return RunResult(job.name, job.period.label, job.owner, "kept", 0.0, str(out_dir))
    if before == "ok" and (out_dir / "report.html").exists() and not force:
        return RunResult(job.name, job.period.label, job.owner, "skipped", 0.0, str(out_dir))
    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    with WorkFolder(job.out_root) as folder:
        work = folder.path
        params = job_parameters(job, out_dir / "metrics.json")
        params_here = {**params, "metrics_path": str(work / "metrics.json")}
        error = None
        try:
            executed = execute(
                job.notebook,
                work / "report.ipynb",
                params_here,
                cwd=str(Path.cwd()),
                warm=warm_kernel() if reuse_kernel else None,
                prepare_only=dry_run,
            )
            status = "prepared" if dry_run else "ok"
            if status == "ok":
                export_html(executed, work / "report.html", _title(job), started)
        except Exception as exc:  # papermill raises for any failing cell; the run must go on
            status, error = "failed", _error_from(exc)
        if status == "prepared" and "metrics_path" in params:
            # the prepared notebook names where the real run will write its metrics
            _set_metrics_path(work / "report.ipynb", params_here["metrics_path"], params)
        seconds = time.perf_counter() - t0
        record = {
            "report": job.name,
            "period": job.period.label,
            "start": f"{job.period.start:%Y-%m-%d}",
            "end": f"{job.period.end:%Y-%m-%d}",
            "owner": job.owner,
            "folder": out_dir.name,
            "status": status,
            "parameters": {k: v for k, v in params.items() if k != "metrics_path"},
            "package_version": __version__,
            "git_revision": revision if revision is not None else git_revision(),
            "started_at": started.isoformat(timespec="seconds"),
            "duration_seconds": round(seconds, 3),
            "error": error,
        }
        (work / "run.json").write_text(json.dumps(record, indent=2, default=str) + "\n")
        if status == "failed":
            (work / "metrics.json").unlink(missing_ok=True)
            (work / "report.html").unlink(missing_ok=True)
            if (work / "report.ipynb").exists():
                os.replace(work / "report.ipynb", work / "failed.ipynb")
        publish(work, out_dir, job.out_root, keep_good=status == "failed")
    return RunResult(job.name, job.period.label, job.owner, status, seconds, str(out_dir), error)


def _set_metrics_path(notebook: Path, written: str, params: dict[str, Any]) -> None:
    """In a prepared notebook, the metrics path of the real run, not the work folder's."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = cell.source.replace(repr(written)[1:-1], str(params["metrics_path"]))
    nbformat.write(nb, notebook)


def _title(job: ReportJob) -> str:
    title = job.name.replace("_", " ").capitalize() + f" — {job.period.label}"
    return title + (f" — {job.owner}" if job.owner else "")


def prepare_jobs(jobs: list[ReportJob]) -> list[ReportJob]:
    """The jobs with their parameters typed and checked, once per distinct set.

    Raises `ReportError` for the first refused parameter (bad name, a runner's
    parameter, a value of the wrong type, min_group under the floor, an as_of after
    the period's end) before anything runs.
    """
    typed: dict[str, dict[str, Any]] = {}
    ready = []
    for job in jobs:
        if job.checked:
            ready.append(job)
            continue
        key = job.name + "\0" + json.dumps(job.parameters, sort_keys=True, default=str)
        if key not in typed:
            typed[key] = check_parameters(job.name, job.parameters)
        ready.append(dataclasses.replace(job, parameters=typed[key], checked=True))
    owners_of: dict[Path, str | None] = {}
    for job in ready:
        if "as_of" in job.parameters:
            job_parameters(job, Path("metrics.json"))
        # two ids may not share a folder (a hash collision, or an id spelled like
        # another's folder name): refuse rather than mix two owners' reports
        if owners_of.setdefault(job.out_dir, job.owner) != job.owner:
            raise ReportError(
                f"owners {owners_of[job.out_dir]!r} and {job.owner!r} would share the folder "
                f"{job.out_dir}: rename one of them"
            )
    return ready


def run_jobs(
    jobs: list[ReportJob],
    workers: int = 1,
    force: bool = False,
    dry_run: bool = False,
    progress: bool = True,
    scheduler: str | None = None,
) -> list[RunResult]:
    """Run jobs, `workers` at a time in a process pool, with a tqdm progress bar.

    Parameters are checked once for the batch, dead runs' leftovers are tidied, and
    the git revision is read once. With `scheduler` (a Dask scheduler address such as
    `tcp://host:8786`, or a `distributed.Client`) the jobs run on that Dask cluster
    instead (see `reports.dask_batch`); results are the same.
    """
    from tqdm import tqdm

    if not jobs:
        return []
    jobs = prepare_jobs(jobs)
    for root in {job.out_root for job in jobs}:
        tidy(root)
    revision = git_revision()
    if scheduler is not None:
        from infoview_analysis.reports.dask_batch import run_on_dask

        return run_on_dask(jobs, scheduler, force=force, dry_run=dry_run, revision=revision)
    ensure_kernel()
    results: list[RunResult] = []
    bar = tqdm(total=len(jobs), unit="report", disable=not progress, file=sys.stderr)
    reuse = len(jobs) > 1  # one kernel start per worker, not per report
    workers = min(workers, len(jobs))
    if workers <= 1:
        try:
            for job in jobs:
                bar.set_postfix_str(f"{job.name} {job.period.label} {job.owner or ''}".strip())
                results.append(
                    run_job(
                        job, force=force, dry_run=dry_run, reuse_kernel=reuse, revision=revision
                    )
                )
                bar.update()
        finally:
            warm_kernel().shutdown()
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [
                pool.submit(run_job, job, force, dry_run, reuse, revision=revision) for job in jobs
            ]
            for future in as_completed(futures):
                results.append(future.result())
                bar.update()
    bar.close()
    return results
