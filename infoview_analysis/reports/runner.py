"""Run parameterized notebooks with papermill's Python API and file them as reports.

Each report lands in `reports/<report>/<period>[/<owner>]/` as `report.ipynb`,
`report.html` (no code, images embedded, opens offline), `metrics.json` (headline
numbers, written by the notebook through `save_metrics`) and `run.json` (parameters,
version, git revision, timing, status and, on failure, the failing cell and error).
Everything is written in a temporary folder beside the target and renamed into
place: a failed run leaves no new `report.html` and keeps an earlier good one.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import json
import keyword
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from infoview_analysis import __version__
from infoview_analysis.core.files import write_text_atomically
from infoview_analysis.core.periods import Period

# jsonschema (under nbformat, under papermill) treats `rfc3987_syntax` as optional, for
# checking IRI formats that notebooks never use; importing it costs about 1.5 s in every
# process that runs reports. Mark it absent unless something imported it already.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = PROJECT_ROOT / "notebooks"
TEMPLATES = Path(__file__).resolve().parent / "templates"
KERNEL_NAME = "infoview"
KERNEL_DISPLAY = "Python (infoview)"
REPORT_NAMES = (
    "network_growth",
    "referral_chains",
    "followup_conversion",
    "cohort_outcomes",
    "explore_network",
)
# Parameters the runner fills in itself when a notebook declares them.
STANDARD_PARAMETERS = ("data", "owner", "start", "end", "period_label", "as_of", "metrics_path")


class ReportError(ValueError):
    """A report request that cannot run (unknown report, refused parameter, ...)."""


@dataclass
class ReportJob:
    """One notebook to run for one period (and maybe one owner)."""

    name: str
    period: Period
    data: str
    owner: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    out_root: Path = Path("reports")

    @property
    def notebook(self) -> Path:
        return NOTEBOOKS / f"{self.name}.ipynb"

    @property
    def out_dir(self) -> Path:
        folder = self.out_root / self.name / self.period.label
        return folder / self.owner if self.owner else folder


@dataclass
class RunResult:
    """What happened to one job."""

    name: str
    period: str
    owner: str | None
    status: str  # ok | failed | skipped | prepared
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


# ----------------------------------------------------------------------------- parameters


@cache
def notebook_parameters(name: str) -> dict[str, dict[str, Any]]:
    """The notebook's parameters cell, as papermill reads it (name -> type, default, help)."""
    import papermill

    path = NOTEBOOKS / f"{name}.ipynb"
    if not path.exists():
        known = ", ".join(available_reports())
        raise ReportError(f"there is no report {name!r}: expected one of {known}, or 'all'")
    return dict(papermill.inspect_notebook(str(path)))


def available_reports() -> list[str]:
    return [n for n in REPORT_NAMES if (NOTEBOOKS / f"{n}.ipynb").exists()]


def parse_value(text: str, inferred_type: str | None = None) -> Any:
    """A command-line value as a typed Python value, guided by the notebook's type.

    >>> parse_value("3", "int"), parse_value("0.5", "float"), parse_value("yes", "bool")
    (3, 0.5, True)
    >>> parse_value("2026-10-01", "str"), parse_value("None", "str"), parse_value("[1, 2]")
    ('2026-10-01', None, [1, 2])
    """
    stripped = text.strip()
    if stripped in ("None", "null"):
        return None
    kind = (inferred_type or "").lower().strip("\"'")
    if kind.startswith("optional[") and kind.endswith("]"):
        kind = kind[len("optional[") : -1]
    if kind == "bool":
        lowered = stripped.lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise ReportError(f"{text!r} is not a yes/no value (expected true or false)")
    if kind == "int":
        try:
            return int(stripped)
        except ValueError:
            raise ReportError(f"{text!r} is not a whole number") from None
    if kind == "float":
        try:
            return float(stripped)
        except ValueError:
            raise ReportError(f"{text!r} is not a number") from None
    if kind == "str":
        return text
    if kind in ("list", "tuple"):
        try:
            value = ast.literal_eval(stripped)
        except (ValueError, SyntaxError):
            value = None
        if isinstance(value, list | tuple):
            return list(value)
        return [part.strip() for part in stripped.split(",") if part.strip()]
    try:
        return ast.literal_eval(stripped)
    except (ValueError, SyntaxError):
        return text


def check_parameters(name: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Refuse names that are not identifiers or not in the notebook's parameters cell.

    papermill writes parameter names into code unescaped, so this runs before anything.
    String values from the command line are typed by the notebook's declared type.
    """
    declared = notebook_parameters(name)
    typed: dict[str, Any] = {}
    for key, value in values.items():
        if not key.isidentifier() or keyword.iskeyword(key):
            raise ReportError(f"parameter name {key!r} is not a Python identifier: refused")
        if key not in declared:
            allowed = ", ".join(sorted(declared))
            raise ReportError(
                f"report {name!r} has no parameter {key!r}: refused (its parameters: {allowed})"
            )
        if isinstance(value, str):
            value = parse_value(value, declared[key].get("inferred_type_name"))
        typed[key] = value
    return typed


def parse_param_options(pairs: Iterable[str]) -> dict[str, str]:
    """`key=value` strings from `--param` into a dict (values still strings).

    >>> parse_param_options(["thank_days=3", "anonymize=true"])
    {'thank_days': '3', 'anonymize': 'true'}
    """
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise ReportError(f"--param {pair!r}: expected key=value")
        out[key.strip()] = value
    return out


# ----------------------------------------------------------------------------- kernel


def ensure_kernel() -> str:
    """Register this environment's Python as the named kernel `infoview`, once.

    The spec runs the kernel with its log at CRITICAL: its start-up and shutdown notices would
    otherwise land in every report run's output.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    manager = KernelSpecManager()
    argv = [
        sys.executable,
        "-m",
        "ipykernel_launcher",
        "-f",
        "{connection_file}",
        "--IPKernelApp.log_level=CRITICAL",
    ]
    try:
        if manager.get_kernel_spec(KERNEL_NAME).argv == argv:
            return KERNEL_NAME
    except NoSuchKernel:
        pass
    spec = {
        "argv": argv,
        "display_name": KERNEL_DISPLAY,
        "language": "python",
        "metadata": {"debugger": True},
    }
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "kernel.json").write_text(json.dumps(spec, indent=1))
        manager.install_kernel_spec(folder, KERNEL_NAME, prefix=sys.prefix)
    return KERNEL_NAME


# ----------------------------------------------------------------------------- running


def git_revision() -> str | None:
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
    """Standard parameters (those the notebook declares) plus the user's own."""
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
    params.update(check_parameters(job.name, job.parameters))
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


class WarmKernel:
    """One running kernel that the reports of a batch share, reset between reports.

    Starting a kernel and importing pandas, matplotlib and networkx in it costs more
    than most reports' own work; a batch pays it once per worker. Before each report the
    user namespace is cleared (`%reset -f`) and figures are closed, so no variable leaks
    from one report into the next; a kernel that died is replaced.
    """

    def __init__(self) -> None:
        self.km = None

    def manager(self, cwd: str):
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        if self.km is not None and run_sync(self.km.is_alive)() and self._reset():
            return self.km
        self.shutdown()
        km = AsyncKernelManager(kernel_name=ensure_kernel())
        run_sync(km.start_kernel)(cwd=cwd)
        self.km = km
        return km

    def _reset(self) -> bool:
        from jupyter_client.blocking import BlockingKernelClient

        client = BlockingKernelClient()
        client.load_connection_info(self.km.get_connection_info())
        client.start_channels()
        try:
            client.wait_for_ready(timeout=30)
            reply = client.execute_interactive(
                "%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt",
                timeout=60,
                output_hook=lambda _msg: None,
            )
            return reply["content"]["status"] == "ok"
        except Exception:  # a kernel that cannot be reset is replaced
            return False
        finally:
            client.stop_channels()

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        if self.km is not None:
            with contextlib.suppress(Exception):  # already gone
                run_sync(self.km.shutdown_kernel)(now=True)
            self.km = None


_WARM: WarmKernel | None = None


def _warm_kernel() -> WarmKernel:
    """This process's shared kernel (pool workers get one each), shut down at exit."""
    global _WARM
    if _WARM is None:
        import atexit
        from multiprocessing import util

        _WARM = WarmKernel()
        atexit.register(_WARM.shutdown)
        util.Finalize(_WARM, _WARM.shutdown, exitpriority=10)  # pool workers skip atexit
    return _WARM


def run_job(
    job: ReportJob, force: bool = False, dry_run: bool = False, reuse_kernel: bool = False
) -> RunResult:
    """Run one notebook; write its files atomically; never raise for a notebook failure.

    `reuse_kernel` runs it in this process's shared kernel (see `WarmKernel`).
    """
    import papermill

    check_parameters(job.name, job.parameters)  # refuse bad names before any folder exists
    out_dir = job.out_dir
    if (out_dir / "report.html").exists() and not force and not dry_run:
        return RunResult(job.name, job.period.label, job.owner, "skipped", 0.0, str(out_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".run-", dir=out_dir))
    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    params: dict[str, Any] = {}
    error = None
    try:
        params = job_parameters(job, work / "metrics.json")
        shared = {}
        if reuse_kernel and not dry_run:
            shared["km"] = _warm_kernel().manager(cwd=str(Path.cwd()))
        papermill.execute_notebook(
            str(job.notebook),
            str(work / "report.ipynb"),
            parameters=params,
            kernel_name=ensure_kernel(),
            prepare_only=dry_run,
            progress_bar=False,
            log_output=False,
            cwd=str(Path.cwd()),
            **shared,
        )
        status = "prepared" if dry_run else "ok"
        if status == "ok":
            export_html(work / "report.ipynb", work / "report.html", _title(job), started)
    except ReportError:
        shutil.rmtree(work, ignore_errors=True)
        raise
    except Exception as exc:  # papermill raises for any failing cell; the run must go on
        status, error = "failed", _error_from(exc)
    seconds = time.perf_counter() - t0
    record = {
        "report": job.name,
        "period": job.period.label,
        "start": f"{job.period.start:%Y-%m-%d}",
        "end": f"{job.period.end:%Y-%m-%d}",
        "owner": job.owner,
        "status": status,
        "parameters": {k: v for k, v in params.items() if k != "metrics_path"},
        "package_version": __version__,
        "git_revision": git_revision(),
        "started_at": started.isoformat(timespec="seconds"),
        "duration_seconds": round(seconds, 3),
        "error": error,
    }
    (work / "run.json").write_text(json.dumps(record, indent=2, default=str) + "\n")
    try:
        if status == "failed":
            if (work / "report.ipynb").exists():
                os.replace(work / "report.ipynb", out_dir / "failed.ipynb")
        else:
            for name in ("report.ipynb", "metrics.json", "report.html"):
                if (work / name).exists():
                    os.replace(work / name, out_dir / name)
            (out_dir / "failed.ipynb").unlink(missing_ok=True)
        os.replace(work / "run.json", out_dir / "run.json")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return RunResult(job.name, job.period.label, job.owner, status, seconds, str(out_dir), error)


def _title(job: ReportJob) -> str:
    title = job.name.replace("_", " ").capitalize() + f" — {job.period.label}"
    return title + (f" — {job.owner}" if job.owner else "")


def export_html(notebook: Path, html: Path, title: str, generated: dt.datetime) -> None:
    """The executed notebook as HTML without code, stderr or prompts; images inline."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = [o for o in cell.get("outputs", []) if o.get("name") != "stderr"]
    nb.metadata["title"] = title
    nb.metadata["infoview"] = {
        "version": __version__,
        "generated": generated.strftime("%Y-%m-%d %H:%M UTC"),
    }
    exporter = HTMLExporter(
        template_name="infoview",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    write_text_atomically(html, body)


def run_jobs(
    jobs: list[ReportJob],
    workers: int = 1,
    force: bool = False,
    dry_run: bool = False,
    progress: bool = True,
) -> list[RunResult]:
    """Run jobs, `workers` at a time in a process pool, with a tqdm progress bar."""
    from tqdm import tqdm

    if not jobs:
        return []
    for job in jobs:  # refuse bad parameters before anything runs
        check_parameters(job.name, job.parameters)
    ensure_kernel()
    results: list[RunResult] = []
    bar = tqdm(total=len(jobs), unit="report", disable=not progress, file=sys.stderr)
    reuse = len(jobs) > 1  # one kernel start per worker, not per report
    workers = min(workers, len(jobs))
    if workers <= 1:
        try:
            for job in jobs:
                bar.set_postfix_str(f"{job.name} {job.period.label} {job.owner or ''}".strip())
                results.append(run_job(job, force=force, dry_run=dry_run, reuse_kernel=reuse))
                bar.update()
        finally:
            _warm_kernel().shutdown()
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(run_job, job, force, dry_run, reuse) for job in jobs]
            for future in as_completed(futures):
                results.append(future.result())
                bar.update()
    bar.close()
    return results
