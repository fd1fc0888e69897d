"""The `infoview` command line: validate logs, make sample data, import, report, export.

Bad input never shows a traceback: a `LogError` is printed as a table of problems
and the command exits 1.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from .errors import LogError, problems_table

# Commands that live in their own modules (importers, graph export, reports).
PLUGIN_COMMANDS = (
    ("infoview_analysis.importers.commands", "import_group"),
    ("infoview_analysis.export_cli", "graph_command"),
    ("infoview_analysis.reports.commands", "report_command"),
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="infoview-analysis")
def main() -> None:
    """infoview: analytics for informational interviews (coffee chats)."""


def fail_with(err: LogError) -> None:
    """Print every problem readably and exit 1 (no traceback)."""
    click.echo(problems_table(err.problems), err=True)
    n = len(err.errors)
    click.echo(
        f"\n{n} error{'s' if n != 1 else ''}, {len(err.warnings)} warning(s): nothing was loaded.",
        err=True,
    )
    sys.exit(1)


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
def validate(
    paths: tuple[Path, ...],
    contacts: tuple[Path, ...],
    roster: tuple[Path, ...],
    owner_id: str | None,
    dayfirst: bool,
) -> None:
    """Check interview logs: print every problem, or a one-line summary.

    PATHS are files or folders (CSV, TSV, XLSX, Parquet). Exits 1 when there are errors.
    """
    from .loader import load_log

    try:
        log = load_log(
            list(paths),
            contacts=list(contacts) or None,
            owners=list(roster) or None,
            owner_id=owner_id,
            dayfirst=dayfirst,
            progress=True,
        )
    except LogError as err:
        fail_with(err)
        return
    if log.warnings:
        click.echo(problems_table(log.warnings))
    click.echo(f"OK: {log.summary_line()}")


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
    from . import sample as sample_module

    if owners is None:
        written = sample_module.write_samples(out)
        for kind, paths in written.items():
            click.echo(f"{kind}: " + ", ".join(str(p) for p in paths))
        return
    log = sample_module.generate(owners=owners, contacts_per_owner=contacts_per_owner, seed=seed)
    for path in sample_module.write_log(log, out):
        click.echo(str(path))


def _register_plugins() -> None:
    for module_name, attribute in PLUGIN_COMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue  # that part is not built yet
            raise
        main.add_command(getattr(module, attribute))


_register_plugins()

if __name__ == "__main__":
    main()
