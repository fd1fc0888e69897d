"""The `infoview` command line: validate logs, make sample data, import, report, export.

Bad input never shows a traceback: a `LogError` is printed as a table of problems
and the command exits 1.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from infoview_analysis.cli.cohort import cohort_group
from infoview_analysis.cli.common import fail_with
from infoview_analysis.cli.graph import graph_command
from infoview_analysis.cli.imports import import_group
from infoview_analysis.cli.report import report_command
from infoview_analysis.core.problem import Problem
from infoview_analysis.core.problem_text import (
    SHOWN_PER_KIND,
    problems_table,
    write_problems_csv,
)
from infoview_analysis.core.problems import LogError

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="infoview-analysis")
def main() -> None:
    """infoview: analytics for informational interviews (coffee chats)."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--contacts",
    "contacts",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Contacts file(s).",
)
@click.option(
    "--roster",
    "roster",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Roster file(s) of owners.",
)
@click.option(
    "--owner", "owner_id", default=None, help="Owner id for files without an owner column."
)
@click.option("--dayfirst", is_flag=True, help="Read 03/04/2026 as 3 April 2026.")
@click.option(
    "--year",
    type=click.IntRange(1678, 2261),
    default=None,
    help="Year of dates written without one (8/3, Aug 10); default: from each file's dates.",
)
@click.option(
    "--problems",
    "problems_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write every problem to this CSV file (all of them, not only those shown).",
)
def validate(
    paths: tuple[Path, ...],
    contacts: tuple[Path, ...],
    roster: tuple[Path, ...],
    owner_id: str | None,
    dayfirst: bool,
    year: int | None,
    problems_path: Path | None,
) -> None:
    """Check interview logs: print every problem, or a one-line summary.

    PATHS are files or folders (CSV, TSV, XLSX, Parquet). Exits 1 when there are errors.
    """
    from infoview_analysis.loading.load import load_log

    try:
        log = load_log(
            list(paths),
            contacts=list(contacts) or None,
            owners=list(roster) or None,
            owner_id=owner_id,
            dayfirst=dayfirst,
            year=year,
            progress=True,
        )
    except LogError as err:
        _problems_file(err.problems, problems_path)
        fail_with(err)
        return
    if log.warnings:
        click.echo(problems_table(log.warnings))
    _problems_file(log.warnings, problems_path)
    click.echo(f"OK: {log.summary_line()}")


def _problems_file(problems: list[Problem], path: Path | None) -> None:
    """Write every problem to `path`, or say how when more exist than were shown."""
    if path is not None:
        try:
            write_problems_csv(problems, path)
        except OSError as exc:
            click.echo(f"could not write {path}: {exc.strerror or exc}", err=True)
            return
        click.echo(f"{len(problems)} problem(s) written to {path}", err=True)
    elif max(Counter(p.kind for p in problems).values(), default=0) > SHOWN_PER_KIND:
        click.echo(
            "More problems than shown: add --problems problems.csv to list them all.", err=True
        )


@main.command()
@click.option(
    "--out",
    "out",
    default="data/sample",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder to write the personal and cohort samples into.",
)
@click.option(
    "--owners", type=int, default=None, help="Write one cohort of this many owners instead."
)
@click.option("--contacts-per-owner", type=float, default=30.0, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
def sample(out: Path, owners: int | None, contacts_per_owner: float, seed: int) -> None:
    """Write synthetic sample data (byte-identical for the same options)."""
    from infoview_analysis import sample as sample_module

    if owners is None:
        written = sample_module.write_samples(out)
        for kind, paths in written.items():
            click.echo(f"{kind}: " + ", ".join(str(p) for p in paths))
        return
    log = sample_module.generate(owners=owners, contacts_per_owner=contacts_per_owner, seed=seed)
    for path in sample_module.write_log(log, out):
        click.echo(str(path))


main.add_command(import_group)
main.add_command(graph_command)
main.add_command(report_command)
main.add_command(cohort_group)

if __name__ == "__main__":
    main()
