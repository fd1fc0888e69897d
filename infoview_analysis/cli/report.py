"""`infoview report`: run report notebooks for periods and owners, then update the index.

Usage mistakes (a bad period, an unknown owner or report, a refused parameter, an
`--out` that is a file) are click usage errors: one `Error:` line, exit 2. Bad data is
a `LogError`, printed by `fail_with`, exit 1. Neither shows a traceback.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from infoview_analysis.core.periods import (
    Period,
    latest_full_period,
    parse_period,
    periods_between,
    window,
)
from infoview_analysis.reports.parameters import (
    REPORT_NAMES,
    ReportError,
    available_reports,
    notebook_parameters,
    parse_param_options,
    split_parameters,
)
from infoview_analysis.reports.runner import ReportJob, run_jobs

__all__ = ["report_command", "PERSONAL_ONLY", "COHORT_ONLY"]

PERSONAL_ONLY = {"explore_network"}
COHORT_ONLY = {"cohort_outcomes"}
# Ids and paths quoted in messages are cut to this length (an id may be any text).
SHOWN_CHARS = 60


def _shown(text: object) -> str:
    """A value as quoted in a message: repr, cut to `SHOWN_CHARS`.

    >>> _shown("me"), _shown("x" * 100)[-5:]
    ("'me'", 'xx...')
    """
    quoted = repr(str(text))
    return quoted if len(quoted) <= SHOWN_CHARS else quoted[: SHOWN_CHARS - 3] + "..."


def _periods(period, start, end, every, first, last, data_last_date) -> list[Period]:
    if every:
        if not (first and last):
            raise ReportError("--every needs --from and --to (the first and last dates to cover)")
        return periods_between(every, first, last)
    if period:
        return [parse_period(period)]
    if start or end:
        if not (start and end):
            raise ReportError("--start and --end go together (the window is [start, end))")
        return [window(start, end)]
    return [latest_full_period("M", data_last_date)]


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise click.BadParameter(f"{str(out)!r} is a file; give a folder", param_hint="'--out'")


def _output_root(out: Path) -> Path:
    """`--out` made ready (created when missing), or one clear line saying why not."""
    _check_out(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        # a probe of its own: concurrent runs into one folder must not remove each other's
        handle, probe = tempfile.mkstemp(prefix=".write-check-", dir=out)
        os.close(handle)
        os.unlink(probe)
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise click.ClickException(f"cannot write reports into {str(out)!r}: {reason}") from None
    return out


def _load(data: str):
    """The log, from its validated snapshot (made here when missing, reused by every
    report of the batch and by later runs until a file changes)."""
    from infoview_analysis.cli.common import fail_with
    from infoview_analysis.core.problems import LogError
    from infoview_analysis.loading.snapshot import load_snapshot

    try:
        return load_snapshot(data)
    except LogError as err:
        fail_with(err)
        raise  # fail_with exits; this line is never reached


def _report_names(name: str, single: bool) -> list[str]:
    if name == "all":
        names = available_reports()
        names = [n for n in names if not (n in COHORT_ONLY and single)]
        return [n for n in names if not (n in PERSONAL_ONLY and not single)]
    if name in REPORT_NAMES:
        notebook_parameters(name)  # a clear error when the notebook is missing
        return [name]
    raise ReportError(
        f"there is no report {_shown(name)}: expected one of {', '.join(REPORT_NAMES)}, or all"
    )


@click.command("report")
@click.argument("name")
@click.option("--data", required=True, type=click.Path(exists=True), help="Log file or folder.")
@click.option("--period", help="2026-10 (month), 2026-W44 (ISO week), 2026-Q3, or 2026.")
@click.option("--start", help="Window start date (with --end); the window is [start, end).")
@click.option("--end", help="Window end date, not included.")
@click.option("--every", type=click.Choice(["week", "month", "quarter"]), help="Backfill a series.")
@click.option("--from", "first", help="With --every: first date to cover.")
@click.option("--to", "last", help="With --every: last date to cover.")
@click.option("--owner", help="One owner's report (filed under the owner's folder).")
@click.option("--per-owner", is_flag=True, help="One report per owner of the roster.")
@click.option("--param", "params", multiple=True, help="key=value for the notebook (repeatable).")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Reports run at once.")
@click.option(
    "--scheduler",
    default=None,
    help="Run the batch on this Dask cluster (tcp://HOST:8786) instead of local processes.",
)
@click.option("--out", default="reports", show_default=True, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Run again even where a report exists.")
@click.option("--dry-run", is_flag=True, help="Prepare the notebooks without executing them.")
@click.option("--class-year", help="NACE class year: 2026 is July 1 2025 to June 30 2026.")
@click.option("--xlsx", is_flag=True, help="cohort_outcomes: also write its tables to tables.xlsx.")
def report_command(
    name,
    data,
    period,
    start,
    end,
    every,
    first,
    last,
    owner,
    per_owner,
    params,
    jobs,
    scheduler,
    out,
    force,
    dry_run,
    class_year=None,
    xlsx=False,
) -> None:
    """Run report NAME (or 'all') for a period; write HTML, metrics and run records.

    Without a period, the latest full month of the data is reported. Without --owner,
    cohort-level reports cover every owner together. Reports already written are kept
    unless --force; a failed report runs again. Exits 1 if any report failed, printing
    the failing cell and error.
    """
    from infoview_analysis.reports.index import write_index

    if owner is not None and per_owner:
        raise click.UsageError("--owner and --per-owner do not go together")
    try:
        user_params = parse_param_options(params)
        if class_year and (period or start or end or every):
            raise ReportError(
                "--class-year is a period of its own: leave out --period/--start/--every"
            )
        if class_year:  # a window [July 1, July 1) like --start/--end (issue 12)
            from infoview_analysis.metrics.cohort import class_year as nace_class_year

            year = nace_class_year(class_year)
            start, end = f"{year.start:%Y-%m-%d}", f"{year.end:%Y-%m-%d}"
        if xlsx:
            user_params["xlsx"] = "true"
        _check_out(out)
        log = _load(data)
        owners = log.owners["owner_id"].astype(str).tolist()
        # A contacts-only network (a LinkedIn import) is reported too: its latest date
        # is the latest contact added (issue 10).
        dates = log.events["date"] if len(log.events) else log.contacts["added_on"]
        if dates.isna().all():
            raise ReportError(f"{data} has no events or dated contacts to report on")
        periods = _periods(period, start, end, every, first, last, dates.max())
        single = owner is not None or per_owner or len(owners) == 1
        names = _report_names(name, single)
        if owner is not None and owner not in owners:
            listed = ", ".join(_shown(o) for o in owners[:10])
            raise ReportError(f"owner {_shown(owner)} is not in {data} (owners: {listed})")
        typed = split_parameters(names, user_params)
        if per_owner:  # per-student batches hide contact names unless asked (issue 12)
            for n in names:
                if "anonymize" in notebook_parameters(n):
                    typed[n].setdefault("anonymize", True)
        targets = owners if per_owner else [owner]
        job_list = [
            ReportJob(n, p, data, who, typed[n], out, checked=True)
            for n in names
            for p in periods
            for who in targets
        ]
        workers = jobs or os.cpu_count() or 1
        out = _output_root(out)
        results = run_jobs(
            job_list, workers=workers, force=force, dry_run=dry_run, scheduler=scheduler
        )
        index = write_index(out)
    except ReportError as err:
        raise click.UsageError(str(err)) from None
    except ValueError as err:  # a bad period label or date
        raise click.UsageError(str(err)) from None
    except OSError as err:
        where = f" ({err.filename})" if err.filename else ""
        raise click.ClickException(f"{err.strerror or err}{where}") from None
    failed = [r for r in results if r.status == "failed"]
    counts = {s: sum(r.status == s for r in results) for s in ("ok", "skipped", "prepared", "kept")}
    click.echo(
        f"{counts['ok']} report(s) written, {counts['skipped']} already there (use --force), "
        f"{counts['prepared']} prepared, {len(failed)} failed."
    )
    if counts["kept"]:
        click.echo(
            f"{counts['kept']} finished report(s) left as they are: a dry run never writes there."
        )
    for result in failed:
        click.echo("\n" + result.describe_failure(), err=True)
    click.echo(f"Index: {index.resolve()}")
    if failed:
        raise SystemExit(1)
