"""`infoview report`: run report notebooks for periods and owners, then update the index."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from infoview_analysis.core.periods import (
    Period,
    latest_full_period,
    parse_period,
    periods_between,
    window,
)
from infoview_analysis.reports.runner import (
    REPORT_NAMES,
    ReportError,
    ReportJob,
    available_reports,
    notebook_parameters,
    parse_param_options,
    run_jobs,
)

PERSONAL_ONLY = {"explore_network"}
COHORT_ONLY = {"cohort_outcomes"}


def _periods(period, start, end, every, first, last, data_last_date) -> list[Period]:
    try:
        return _parse_periods(period, start, end, every, first, last, data_last_date)
    except ValueError as err:  # a bad label or date: a usage error, not a traceback
        if isinstance(err, ReportError):
            raise
        raise ReportError(str(err)) from None


def _parse_periods(period, start, end, every, first, last, data_last_date) -> list[Period]:
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


def _owners_and_last_date(data: str) -> tuple[list[str], object]:
    from infoview_analysis.cli.common import fail_with
    from infoview_analysis.core.problems import LogError
    from infoview_analysis.loading.load import load_log

    try:
        log = load_log(data)
    except LogError as err:
        fail_with(err)
        raise
    last = log.events["date"].max() if len(log.events) else None
    return log.owners["owner_id"].astype(str).tolist(), last


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
@click.option("--jobs", type=int, default=None, help="Reports run at once (default: all cores).")
@click.option("--out", default="reports", show_default=True, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Run again even where a report exists.")
@click.option("--dry-run", is_flag=True, help="Prepare the notebooks without executing them.")
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
    out,
    force,
    dry_run,
) -> None:
    """Run report NAME (or 'all') for a period; write HTML, metrics and run records.

    Without a period, the latest full month of the data is reported. Without --owner,
    cohort-level reports cover every owner together. Reports already written are kept
    unless --force. Exits 1 if any report failed, printing the failing cell and error.
    """
    from infoview_analysis.reports.index import write_index

    try:
        owners, data_last = _owners_and_last_date(data)
        if data_last is None:
            raise ReportError(f"{data} has no events to report on")
        periods = _periods(period, start, end, every, first, last, data_last)
        if name == "all":
            names = available_reports()
            single = owner is not None or per_owner or len(owners) == 1
            names = [n for n in names if not (n in COHORT_ONLY and single)]
            names = [n for n in names if not (n in PERSONAL_ONLY and not single)]
        elif name in REPORT_NAMES:
            notebook_parameters(name)  # a clear error when the notebook is missing
            names = [name]
        else:
            raise ReportError(
                f"there is no report {name!r}: expected one of {', '.join(REPORT_NAMES)}, or all"
            )
        if owner and owner not in owners:
            raise ReportError(
                f"owner {owner!r} is not in {data} (owners: {', '.join(owners[:10])})"
            )
        targets = owners if per_owner else [owner]
        if per_owner and len(owners) == 1 and owner is None:
            targets = owners
        user_params = parse_param_options(params)
        job_list = [
            ReportJob(n, p, data, who, dict(user_params), out)
            for n in names
            for p in periods
            for who in targets
        ]
        workers = jobs or os.cpu_count() or 1
        results = run_jobs(job_list, workers=workers, force=force, dry_run=dry_run)
    except ReportError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(2)
    index = write_index(out)
    failed = [r for r in results if r.status == "failed"]
    counts = {s: sum(r.status == s for r in results) for s in ("ok", "skipped", "prepared")}
    click.echo(
        f"{counts['ok']} report(s) written, {counts['skipped']} already there (use --force), "
        f"{counts['prepared']} prepared, {len(failed)} failed."
    )
    for result in failed:
        click.echo("\n" + result.describe_failure(), err=True)
    click.echo(f"Index: {index.resolve()}")
    if failed:
        sys.exit(1)
