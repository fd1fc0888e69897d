"""`infoview import linkedin|google|vcard|ics|tracker PATH... --owner ID --out DIR`.

Every subcommand adds to what is already in DIR: the contacts and events of earlier
imports are read back, everything is merged again (one person, one contact; ids of
existing contacts are kept; an event imported twice is counted, not doubled), and
DIR/contacts.csv, DIR/events.csv and DIR/merge_report.json are rewritten, each under
a temporary name and then renamed. `infoview validate DIR` (or `load_log(DIR)`)
reads the result. A record that cannot be read is listed and skipped; exit 0 when
something was imported, 1 when nothing was (then nothing is written), never a
traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import click

from infoview_analysis.core.problem_text import format_problems
from infoview_analysis.core.problems import LogError
from infoview_analysis.importers.batch import Batch, combine

OUT_HELP = "Folder for contacts.csv, events.csv and merge_report.json (added to if present)."


def _run(owner_id: str, out: Path, read: Callable[[object], Batch]) -> None:
    """Read, merge, check and write; exit 0 when something was imported, else 1.

    Records left out are listed either way. Nothing is written when nothing was
    imported. Library warnings are printed as one-line notes, and an unexpected
    failure as one line naming the input (never a traceback).
    """
    from infoview_analysis.cli.common import fail_with

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            from infoview_analysis.importers.import_result import read_existing
            from infoview_analysis.importers.merge import merge_people

            existing = read_existing(out)
            batch = read(existing)
            result = merge_people(batch, owner_id, existing)
            nothing = len(batch.people) == 0 and len(batch.events) == 0
            log = None if nothing else result.log()
            written = [] if nothing else result.write(out)
        except LogError as err:
            fail_with(err)
            return
        except Exception as exc:  # noqa: BLE001 - the user gets one line, not a traceback
            where = ", ".join(str(p) for p in getattr(read, "paths", ())) or str(out)
            click.echo(
                f"error: {where}: could not be imported ({type(exc).__name__}: {exc})", err=True
            )
            sys.exit(1)
    for message in dict.fromkeys(str(w.message).splitlines()[0] for w in caught):
        click.echo(f"note: {message}", err=True)
    click.echo(result.summary_text())
    if nothing:
        click.echo(
            f"nothing imported: every record was left out (see above); {out} is unchanged",
            err=True,
        )
        sys.exit(1)
    if log.warnings:
        click.echo(format_problems(log.warnings))
    click.echo(f"OK: {log.summary_line()}")
    for path in written:
        click.echo(f"wrote {path}")


def _common(func):
    func = click.option(
        "--out", "out", required=True, type=click.Path(path_type=Path), help=OUT_HELP
    )(func)
    func = click.option(
        "--owner", "owner_id", default="me", show_default=True, help="Owner id of this network."
    )(func)
    func = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))(func)
    return func


@click.group(name="import")
def import_group() -> None:
    """Import a network: LinkedIn export, Google Contacts, vCard, calendar, own tracker."""


@import_group.command("linkedin")
@_common
@click.option(
    "--owner-name",
    default=None,
    help="Your name as LinkedIn writes it (else: the participant in most conversations).",
)
@click.option("--tz", default=None, help="Time zone for message times (default: this machine's).")
def linkedin_command(
    paths: tuple[Path, ...], owner_id: str, out: Path, owner_name: str | None, tz: str | None
) -> None:
    """A LinkedIn data export: folders or Connections / Invitations / messages CSVs."""
    from infoview_analysis.importers.linkedin import read_linkedin

    _run(owner_id, out, lambda _existing: read_linkedin(list(paths), owner_name=owner_name, tz=tz))


_source_option = click.option(
    "--source",
    default="other",
    show_default=True,
    help="Source of these contacts (friend, family, ...).",
)


def _address_book(paths: tuple[Path, ...], owner_id: str, out: Path, source: str, reader) -> None:
    """Import address-book files one by one with `reader(path, source=...)`."""
    _run(owner_id, out, lambda _existing: _each(paths, lambda p: reader(p, source=_source(source))))


@import_group.command("google")
@_common
@_source_option
def google_command(paths: tuple[Path, ...], owner_id: str, out: Path, source: str) -> None:
    """Google Contacts CSV exports (legacy "Google CSV" or current)."""
    from infoview_analysis.importers.google import read_google_contacts

    _address_book(paths, owner_id, out, source, read_google_contacts)


@import_group.command("vcard")
@_common
@_source_option
def vcard_command(paths: tuple[Path, ...], owner_id: str, out: Path, source: str) -> None:
    """vCard (.vcf) address books, versions 2.1, 3.0 and 4.0."""
    from infoview_analysis.importers.vcard import read_vcard

    _address_book(paths, owner_id, out, source, read_vcard)


@import_group.command("ics")
@_common
@click.option(
    "--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Window start (local date)."
)
@click.option(
    "--until",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Window end, exclusive (default: tomorrow).",
)
@click.option("--tz", default=None, help="Local time zone (default: this machine's).")
@click.option(
    "--contacts",
    "contacts",
    multiple=True,
    type=click.Path(path_type=Path),
    help="More contacts to match attendees against.",
)
def ics_command(
    paths: tuple[Path, ...],
    owner_id: str,
    out: Path,
    since: dt.datetime | None,
    until: dt.datetime | None,
    tz: str | None,
    contacts: tuple[Path, ...],
) -> None:
    """Calendar meetings (.ics) with people already in DIR (by e-mail, else exact name).

    Each event is read on its own: a broken one is listed with its reason and the
    others are imported. Exit 0 when some meeting was imported, 1 when none was.
    """
    import pandas as pd

    from infoview_analysis.importers.calendar import read_ics

    def read(existing) -> Batch:
        known = existing[0]
        known = known[known["owner_id"].astype(str) == owner_id] if len(known) else known
        columns = ["email", "name", "contact_id"]
        frames = [known[columns]] if len(known) else []
        if contacts:
            from infoview_analysis.loading.load import load_log

            more = load_log(list(contacts), owner_id=owner_id).contacts
            # Their ids are not in DIR: matched by name, they become contacts of their own.
            frames.append(
                pd.DataFrame(
                    {
                        "email": more["email"].astype(object),
                        "name": more["name"].astype(object),
                        "contact_id": None,
                    }
                )
            )
        table = (
            pd.concat(frames, ignore_index=True)
            if frames
            else pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
        )
        if table["email"].notna().sum() == 0 and table["name"].notna().sum() == 0:
            click.echo(
                "note: no contacts in the output folder yet: import contacts first", err=True
            )
        return _each(paths, lambda p: read_ics(p, table, since=since, until=until, tz=tz))

    _run(owner_id, out, read)


@import_group.command("tracker")
@_common
@click.option("--dayfirst", is_flag=True, help="Read 03/04 as 3 April (default: March 4).")
def tracker_command(paths: tuple[Path, ...], owner_id: str, out: Path, dayfirst: bool) -> None:
    """A hand-kept tracker (spreadsheet or CSV, one row per contact or per event).

    Read as `infoview validate` reads it, then merged into the same owner as the
    LinkedIn, address-book and calendar imports of DIR (by e-mail, profile URL, or
    name + organization), with the merge report.
    """
    from infoview_analysis.importers.tracker import read_tracker

    _run(
        owner_id,
        out,
        lambda _existing: _each(paths, lambda p: read_tracker(p, owner_id, dayfirst=dayfirst)),
    )


def _each(paths: tuple[Path, ...], reader: Callable[[Path], Batch]) -> Batch:
    batches, problems = [], []
    for path in paths:
        try:
            batches.append(reader(path))
        except LogError as err:
            problems.extend(err.problems)
    if problems:
        raise LogError(problems)
    return combine(batches)


def _source(text: str) -> str:
    from infoview_analysis.core.problem import Problem
    from infoview_analysis.core.vocabulary import SOURCES, normalize_value

    value = normalize_value("source", text)
    if value is None:
        raise LogError(
            [
                Problem(
                    "(option --source)",
                    None,
                    None,
                    text,
                    "one of " + ", ".join(SOURCES),
                    kind="bad_option",
                )
            ]
        )
    return value


__all__ = ["import_group"]
