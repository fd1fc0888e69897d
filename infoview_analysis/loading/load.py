"""`load_log`: read interview logs in the shapes people keep them, check them, type them.

Accepted shapes (DESIGN.md "Input shapes"): a long event log (CSV, TSV, XLSX,
Parquet) with or without contacts and roster files; a wide tracker sheet (one row
per contact, a date column per step); a folder of per-owner files. Every problem in
every file is collected and raised together as one `LogError`; problems that do not
stop loading are kept on `log.warnings`. Input files are only ever read.

The steps live in their own modules: `tables` (paths to prepared tables), `prepare`
(per-role values and dates), `assemble` (tables to one `InterviewLog`). This module
also re-exports the names callers have always imported from here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

import pandas as pd
import pyarrow as pa

from infoview_analysis.core.model import InterviewLog
from infoview_analysis.core.problems import LogError, ProblemCollector
from infoview_analysis.core.vocabulary import CONTACT_COLUMNS
from infoview_analysis.loading.assemble import assemble, frames_to_log
from infoview_analysis.loading.date_cells import ReadOptions
from infoview_analysis.loading.frames import file_column
from infoview_analysis.loading.headers import Headers
from infoview_analysis.loading.prepare import (
    prepare_contacts,
    prepare_event_extras,
    prepare_events,
    prepare_owners,
    tracker_people,
)
from infoview_analysis.loading.table import Table
from infoview_analysis.loading.tables import (
    PathLike,
    expand_sources,
    join_single_owner,
    read_tables,
)
from infoview_analysis.loading.tracker import melt_wide

__all__ = ["load_log", "frames_to_log"]


def _frames_by_role(
    tables: list[tuple[Table, dict[str, str]]], out: ProblemCollector, options: ReadOptions
) -> tuple[dict[str, list[pd.DataFrame]], Headers]:
    """Prepare each table for its role; wide trackers give both events and contacts."""
    frames: dict[str, list[pd.DataFrame]] = {
        "events": [],
        "contacts": [],  # from contacts tables and wide trackers
        "attributes": [],  # contact columns carried by event rows
        "owners": [],
    }
    headers: dict[str, dict[str, str]] = {}
    for table, wide in tables:
        table.frame["_file"] = file_column(table.raw.where, len(table.frame))
        if table.role == "events":
            prepare_events(table, out, options)
            frames["events"].append(table.frame)
            attributes = [
                c
                for c in CONTACT_COLUMNS
                if c in table.frame and c not in ("owner_id", "contact_id")
            ]
            if attributes:
                frames["attributes"].append(
                    table.frame[["owner_id", "contact_id", *attributes, "_row", "_file"]]
                )
        elif table.role == "wide":
            prepare_event_extras(table, out)
            people = tracker_people(table, out).index  # a person listed twice: one contact
            melted = melt_wide(table, wide, out, options)
            melted["_file"] = file_column(table.raw.where, len(melted))
            frames["events"].append(melted)
            frames["contacts"].append(table.frame.loc[people])
        elif table.role == "contacts":
            prepare_contacts(table, out, options)
            frames["contacts"].append(table.frame)
        else:
            prepare_owners(table, out, options)
            frames["owners"].append(table.frame)
        headers[table.raw.where] = table.header_of
    return frames, headers


def load_log(
    source: PathLike | Sequence[PathLike],
    contacts: PathLike | Sequence[PathLike] | None = None,
    owners: PathLike | Sequence[PathLike] | None = None,
    *,
    owner_id: str | None = None,
    dayfirst: bool = False,
    year: int | None = None,
    today: dt.date | None = None,
    progress: bool = False,
) -> InterviewLog:
    """Load, check and type interview logs.

    Parameters
    ----------
    source : path or list of paths
        A file, a folder (every table inside; per-owner files are named after their
        owner) or a list of them; each table's role (events, wide tracker, contacts,
        roster) is told from its columns.
    contacts, owners : path or list of paths, optional
        Files whose role is fixed: contacts lists, rosters.
    owner_id : str, optional
        The owner of files without an owner column (default: the file name inside a
        folder, else 'me').
    dayfirst : bool, default False
        Read 03/04/2026 as 3 April.
    year : int, optional
        The year of dates written without one (8/3, Aug 10). Default: the year that
        puts each on or before the latest full date of its file, nearest to it.
    today : datetime.date, optional
        Dates the "in the future" warning (default: the date now).
    progress : bool, default False
        Show a progress bar on stderr while reading many files.

    Returns
    -------
    InterviewLog
        Problems that did not stop loading are on `log.warnings`.

    Raises
    ------
    LogError
        Listing every problem found, errors and warnings.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "log.csv").write_text("Name,Date,Type,How Found\\nAna Ruiz,2026-10-01,Coffee chat,Alum\\n")
    >>> log = load_log(folder / "log.csv")
    >>> log.events[["owner_id", "contact_id", "type"]].values.tolist(), log.contacts["source"].tolist()
    ([['me', 'ana-ruiz', 'meeting']], ['alumni'])
    """
    today = today or dt.date.today()
    options = ReadOptions(dayfirst=dayfirst, year=year, today=today)
    out = ProblemCollector()
    tables: list[tuple[Table, dict[str, str]]] = []
    files_seen: list[str] = []
    for paths, forced in ((source, None), (contacts, "contacts"), (owners, "owners")):
        if paths is None:
            continue
        try:
            files = expand_sources(paths)
        except LogError as err:
            out.extend(err.problems)
            continue
        files_seen.extend(str(p) for p, _ in files)
        tables.extend(read_tables(files, forced, owner_id, out, progress))

    join_single_owner(tables, out)
    if not tables and not out.problems:
        out.file(str(source), "at least one table", "empty_file")
    if not tables:
        # Header-only files are fine beside files with rows, not on their own.
        raise LogError(
            [
                dataclasses.replace(p, severity="error") if p.kind == "empty_file" else p
                for p in out.problems
            ]
        )
    frames, headers = _frames_by_role(tables, out, options)
    del tables  # `assemble` empties the lists of frames as it stacks them: memory freed early
    log = assemble(
        frames.pop("events"),
        frames.pop("contacts"),
        frames.pop("attributes"),
        frames.pop("owners"),
        out,
        today,
        headers,
    )
    # Arrow's pool keeps what the preparation's arrow passes freed; what comes next
    # (the metrics) allocates with numpy, which cannot reuse it: hand it back.
    pa.default_memory_pool().release_unused()
    if out.has_errors:
        raise LogError(out.problems)
    log.warnings = out.warnings
    log.files = files_seen
    return log
