"""`infoview cohort`: the advisor's tables outside the notebooks.

- `export`: every published table of a cohort report to an Excel workbook.
- `compare`: two cohorts, two programmes or two terms side by side, with the change.
- `actions`: the confidential action list (names and e-mails from the roster), as a
  workbook and an HTML page marked CONFIDENTIAL, written where `--out` says and
  linked from nowhere.

All three see the data as of the period's end and apply the same disclosure rules as
the cohort report (`metrics.disclosure`).
"""

from __future__ import annotations

import re
from pathlib import Path

import click

__all__ = ["cohort_group"]

SAFE_STEM = re.compile(r"[^A-Za-z0-9_.-]+")


def _period(period, class_year, start, end, last_date):
    from infoview_analysis.core.periods import latest_full_period, parse_period, window
    from infoview_analysis.metrics.cohort import class_year as nace_class_year

    chosen = [bool(period), bool(class_year), bool(start or end)]
    if sum(chosen) > 1:
        raise click.UsageError("give one of --period, --class-year, or --start with --end")
    try:
        if class_year:
            return nace_class_year(class_year)
        if period:
            return parse_period(period)
        if start or end:
            if not (start and end):
                raise click.UsageError("--start and --end go together (the window is [start, end))")
            return window(start, end)
        return latest_full_period("M", last_date)
    except ValueError as err:
        raise click.UsageError(str(err)) from None


def _load(data: str):
    from infoview_analysis.cli.common import fail_with
    from infoview_analysis.core.problems import LogError
    from infoview_analysis.loading.snapshot import load_snapshot

    try:
        log = load_snapshot(data)
    except LogError as err:
        fail_with(err)
        raise
    if not len(log.events):
        raise click.UsageError(f"{data} has no events to report on")
    return log


def _when(f):
    f = click.option("--end", help="Window end date, not included.")(f)
    f = click.option("--start", help="Window start date (with --end).")(f)
    f = click.option("--class-year", help="NACE class year: 2026 is July 1 2025 to June 30 2026.")(
        f
    )
    f = click.option("--period", help="2026-10, 2026-W44, 2026-Q3 or 2026.")(f)
    f = click.option(
        "--data", required=True, type=click.Path(exists=True), help="Log file or folder."
    )(f)
    return f


def _rules(f):
    f = click.option(
        "--disclosure",
        type=click.Choice(["standard", "rounded"]),
        default="standard",
        show_default=True,
        help="rounded: counts to the nearest 5, rates on bases under 23 withheld.",
    )(f)
    f = click.option(
        "--min-group",
        type=int,
        default=5,
        show_default=True,
        help="Smallest group shown (never below 3).",
    )(f)
    return f


@click.group("cohort")
def cohort_group() -> None:
    """Cohort tables for advisors: Excel export, comparisons, confidential action list."""


@cohort_group.command("export")
@_when
@_rules
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help=".xlsx file")
def export_command(data, period, class_year, start, end, min_group, disclosure, output) -> None:
    """Write every published table of the cohort report to an Excel workbook."""
    from infoview_analysis.views.cohort import cohort_report
    from infoview_analysis.views.workbook import write_workbook

    if output.suffix.lower() != ".xlsx":
        raise click.UsageError(f"{output.name}: the workbook's name must end in .xlsx")
    log = _load(data)
    when = _period(period, class_year, start, end, log.events["date"].max())
    try:
        report = cohort_report(log, when, min_group, disclosure)
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    path = write_workbook(report.named_tables(), output, f"Cohort outcomes {when.label}")
    click.echo(f"{len(report.tables) + 1} tables written to {path}")


@cohort_group.command("compare")
@_when
@_rules
@click.option(
    "--by",
    type=click.Choice(["cohort", "program", "term"]),
    required=True,
    help="What the two sides are: two cohorts, two programmes, or two periods.",
)
@click.argument("left")
@click.argument("right")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Also write an .xlsx.")
def compare_command(
    data, period, class_year, start, end, min_group, disclosure, by, left, right, output
) -> None:
    """Two cohorts, programmes or terms (LEFT, RIGHT) side by side, with the change.

    With --by term, LEFT and RIGHT are periods (2025-Q3, 2026-Q3, class-2025 or a year
    such as 2025 for a class year) and the table is by cohort and program; otherwise
    they are two groups of one report's period.
    """
    from infoview_analysis.core.periods import parse_period
    from infoview_analysis.metrics.cohort import class_year as nace_class_year
    from infoview_analysis.views.cohort import cohort_report, compare_side_by_side
    from infoview_analysis.views.workbook import write_workbook

    log = _load(data)
    figures = (
        "n_owners",
        "knowledge_rate",
        "career_outcomes_rate",
        "median_meetings",
        "reply_rate",
    )
    try:
        if by == "term":

            def term(text: str):
                text = text.strip()
                if text.lower().startswith("class-"):
                    return nace_class_year(text[6:])
                return nace_class_year(text) if re.fullmatch(r"\d{4}", text) else parse_period(text)

            a, b = term(left), term(right)
            tables = [cohort_report(log, p, min_group, disclosure).tables for p in (a, b)]
            parts = {}
            for g in ((), ("cohort",), ("program",)):
                parts[" x ".join(g) or "everyone"] = compare_side_by_side(
                    tables[0][g], tables[1][g], list(g), (a.label, b.label), figures
                )
        else:
            when = _period(period, class_year, start, end, log.events["date"].max())
            table = cohort_report(log, when, min_group, disclosure).tables[(by,)]
            missing = [v for v in (left, right) if v not in set(table[by].astype(str))]
            if missing:
                known = ", ".join(table[by].astype(str))
                raise click.UsageError(f"no {by} {missing[0]!r} in the data (there are: {known})")
            one, two = (table[table[by].astype(str) == v] for v in (left, right))
            side = compare_side_by_side(one, two, [], (left, right), figures)
            parts = {f"{by} {left} vs {right}": side}
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    for name, frame in parts.items():
        shown = frame.T if len(frame) == 1 else frame  # one row reads better as a column
        text = shown.to_string(header=len(frame) != 1, index=len(frame) == 1)
        click.echo(f"\n{name}\n{text}")
    if output:
        write_workbook(parts, output, f"Comparison {left} / {right}")
        click.echo(f"\nwritten to {output}")


@cohort_group.command("actions")
@_when
@click.option(
    "--roster",
    type=click.Path(exists=True, path_type=Path),
    help="Roster with the students' names and e-mails (Student ID, Name, E-mail).",
)
@click.option("--quiet-days", type=int, default=30, show_default=True)
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for the confidential files (keep it out of published folders).",
)
def actions_command(data, period, class_year, start, end, roster, quiet_days, out) -> None:
    """The advisor's CONFIDENTIAL action list: students to reach out to, with names.

    Writes action_list_<period>.xlsx and .html into --out; neither is linked from any
    report or index page.
    """
    from infoview_analysis.core.problems import LogError
    from infoview_analysis.views.action_list import (
        action_list,
        student_directory,
        write_action_list,
    )

    log = _load(data)
    when = _period(period, class_year, start, end, log.events["date"].max())
    directory = None
    if roster is not None:
        try:
            directory = student_directory(roster)
        except LogError as err:
            from infoview_analysis.cli.common import fail_with

            fail_with(err)
    tables = action_list(log, when.end, quiet_days, directory)
    stem = "action_list_" + SAFE_STEM.sub("_", when.label)
    title = f"Advisor action list, {when.label} (as of {when.end:%Y-%m-%d})"
    paths = write_action_list(tables, out, stem, title)
    click.echo(
        f"CONFIDENTIAL: {len(tables['Reach out'])} student(s) to reach out to; written to "
        + " and ".join(str(p) for p in paths)
    )
