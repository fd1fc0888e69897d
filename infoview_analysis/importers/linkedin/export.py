"""A whole LinkedIn export: its CSV files sorted by kind, each read, merged."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from infoview_analysis.core.problem import Problem
from infoview_analysis.core.problems import LogError
from infoview_analysis.importers.batch import Batch, combine
from infoview_analysis.importers.exports import read_table, unrecognized
from infoview_analysis.importers.linkedin.connections import read_connections
from infoview_analysis.importers.linkedin.detection import (
    ALL_HEADERS,
    EXPECTED,
    kind_of,
)
from infoview_analysis.importers.linkedin.endorsements import (
    read_endorsements,
    read_recommendations,
)
from infoview_analysis.importers.linkedin.invitations import read_invitations
from infoview_analysis.importers.linkedin.messages import read_messages

LINKEDIN_STEMS = {
    "connections": "connections",
    "invitations": "invitations",
    "messages": "messages",
}


@dataclass
class ExportFiles:
    """The LinkedIn tables found among paths, by kind; and files that are none."""

    tables: list[tuple[str, Path]]
    skipped: list[Path]


def find_export_files(paths: Path | str | Sequence[Path | str]) -> ExportFiles:
    """Sort the CSV files of an export (folders searched) into LinkedIn tables.

    A file named Connections/Invitations/messages that is not recognized is an error;
    any other unrecognized CSV (Profile.csv, Positions.csv, ...) is skipped and listed.

    Parameters
    ----------
    paths : path or sequence of paths
        Files and export folders.

    Returns
    -------
    ExportFiles
        The LinkedIn tables by kind, and the files skipped.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "Connections.csv").write_text("First Name,Last Name,URL,Company,Position,Connected On\\n")
    >>> _ = (d / "Profile.csv").write_text("First Name,Headline\\n")
    >>> found = find_export_files(d)
    >>> [k for k, _ in found.tables], [p.name for p in found.skipped]
    (['connections'], ['Profile.csv'])
    """
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    found: list[tuple[str, Path]] = []
    skipped: list[Path] = []
    problems: list[Problem] = []
    for item in items:
        item = Path(item)
        explicit = not item.is_dir()
        files = [item] if explicit else sorted(p for p in item.rglob("*.csv") if p.is_file())
        if not explicit and not files:
            problems.append(
                Problem(
                    str(item),
                    None,
                    None,
                    None,
                    "a folder holding a LinkedIn export (CSV files)",
                    kind="empty_folder",
                )
            )
        for file in files:
            try:
                table = read_table(file, ALL_HEADERS)
            except LogError as err:
                if explicit:
                    problems.extend(err.problems)
                else:
                    skipped.append(file)
                continue
            kind = kind_of(table)
            stem = re.sub(r"[^a-z]", "", file.stem.casefold())
            named = next((k for s, k in LINKEDIN_STEMS.items() if s in stem), None)
            if kind is None and (explicit or named):
                problems.extend(
                    unrecognized(
                        table,
                        EXPECTED[named]
                        if named
                        else "the columns of a LinkedIn Connections, Invitations or messages table",
                    ).problems
                )
            elif kind is None:
                skipped.append(file)
            else:
                found.append((kind, file))
    if problems:
        raise LogError(problems)
    return ExportFiles(found, skipped)


def read_linkedin(
    paths: Path | str | Sequence[Path | str],
    owner_name: str | None = None,
    tz: str | dt.tzinfo | None = None,
) -> Batch:
    """Every LinkedIn table among `paths` (files or export folders), as one batch.

    Parameters
    ----------
    paths : path or sequence of paths
        Files and export folders.
    owner_name, tz
        As for `read_messages`.

    Returns
    -------
    Batch
        Every table's people and events; the files skipped are counted.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "Connections.csv").write_text("First Name,Last Name,URL,Company,Position,Connected On\\n"
    ...     "Ana,Ruiz,,Acme,CTO,06 Feb 2026\\n")
    >>> read_linkedin(d).summary_line()
    '1 people, 0 events, 0 rows left out'
    """
    files = find_export_files(paths)
    batches: list[Batch] = []
    problems: list[Problem] = []
    for kind, file in files.tables:
        try:
            if kind == "connections":
                batches.append(read_connections(file))
            elif kind == "invitations":
                batches.append(read_invitations(file))
            elif kind == "messages":
                batches.append(read_messages(file, owner_name=owner_name, tz=tz))
            elif kind == "endorsements":
                batches.append(read_endorsements(file, tz=tz))
            else:
                batches.append(read_recommendations(file))
        except LogError as err:
            problems.extend(err.problems)
    if problems:
        raise LogError(problems)
    batch = combine(batches)
    for file in files.skipped:
        batch.counts[f"skipped (not a network table): {file.name}"] = 1
    return batch


def read_export(
    folder_or_files: Path | str | Sequence[Path | str],
    owner_id: str,
    *,
    owner_name: str | None = None,
    tz: str | dt.tzinfo | None = None,
):
    """A LinkedIn export as merged contacts and events of `owner_id` (an `ImportResult`).

    Parameters
    ----------
    folder_or_files : path or sequence of paths
        An export folder, or its files.
    owner_id : str
        The owner the contacts and events belong to.
    owner_name, tz
        As for `read_messages`.

    Returns
    -------
    ImportResult

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "Connections.csv").write_text('First Name,Last Name,URL,Email Address,'
    ...     'Company,Position,Connected On\\nAna,Ruiz,https://linkedin.com/in/ana,,Acme,CTO,06 Feb 2026\\n')
    >>> _ = (d / "Invitations.csv").write_text('From,To,Sent At,Message,Direction,inviterProfileUrl,'
    ...     'inviteeProfileUrl\\nMe,Ana Ruiz,"2/1/26, 9:00 AM",,OUTGOING,x,https://www.linkedin.com/in/ANA/\\n')
    >>> result = read_export(d, "me")
    >>> len(result.contacts), result.events["type"].tolist()
    (1, ['outreach'])
    """
    from infoview_analysis.importers.merge import merge_people

    return merge_people(read_linkedin(folder_or_files, owner_name=owner_name, tz=tz), owner_id)


__all__ = [
    "LINKEDIN_STEMS",
    "ExportFiles",
    "find_export_files",
    "read_linkedin",
    "read_export",
]
