"""From paths to prepared tables: expand folders, read each file, map its headers,
tell its role, and give each table its owner and contact ids.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from infoview_analysis.core.problems import LogError, ProblemCollector, file_error
from infoview_analysis.core.vocabulary import CONTACT_COLUMNS, EVENT_COLUMNS, OWNER_COLUMNS
from infoview_analysis.loading.headers import (
    REQUIRED_COLUMNS,
    classify,
    dictionary_column,
    export_kind,
    infer_owner,
    map_headers,
    recognize,
    sheet_role,
    typed_column,
)
from infoview_analysis.loading.prepare import NAME_PARTS, prepare_common
from infoview_analysis.loading.raw_table import RawTable
from infoview_analysis.loading.reading import TABLE_SUFFIXES, read_any
from infoview_analysis.loading.table import Table, table_frame

__all__ = ["PathLike", "USED_COLUMNS", "expand_sources", "read_tables", "join_single_owner"]

PathLike = str | Path
# A progress bar is worth showing from this many files on.
PROGRESS_FROM_FILES = 20
# The canonical columns each role reads; any other column is named as unused.
USED_COLUMNS: dict[str, frozenset[str]] = {
    "events": frozenset({*EVENT_COLUMNS, *CONTACT_COLUMNS, *NAME_PARTS}),
    "contacts": frozenset({*CONTACT_COLUMNS, *NAME_PARTS}),
    "wide": frozenset(
        {*CONTACT_COLUMNS, *NAME_PARTS, "channel", "duration_min", "notes", "outcome"}
    ),
    "owners": frozenset(OWNER_COLUMNS),
}


def _warn_unused(
    raw: RawTable,
    used: dict[str, str],
    wide: dict[str, str],
    duplicated: list[str],
    out: ProblemCollector,
) -> None:
    """One warning naming every column of the table that is not read."""
    taken = {*used.values(), *wide.values()}
    unused: list[str] = []
    for position, header in enumerate(raw.headers):
        name = f"c{position}"
        if name in taken or header in duplicated:
            continue
        if header.strip():
            unused.append(header)
        elif name in raw.frame and raw.frame[name].notna().any():
            unused.append(f"(column {position + 1}, no header)")
    if unused:
        out.file(
            raw.where,
            "a column infoview reads: these are left out (README lists the headers it "
            "knows; rename one to use it)",
            "unused_columns",
            value=", ".join(unused)[:300],
            severity="warning",
        )


def expand_sources(source: PathLike | Sequence[PathLike]) -> list[tuple[Path, Path | None]]:
    """The table files named by paths: files as given, folders searched recursively.

    Hidden files and folders and Excel lock files (~$...) are skipped.

    Parameters
    ----------
    source : path or list of paths

    Returns
    -------
    list of (path, root)
        root is the folder a file was found in, None for a file named directly.

    Raises
    ------
    LogError
        For a folder without any table file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "ana.csv").write_text("Date,Type\\n")
    >>> [(p.name, r == folder) for p, r in expand_sources(folder)]
    [('ana.csv', True)]
    """
    items = [source] if isinstance(source, str | Path) else list(source)
    files: list[tuple[Path, Path | None]] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in TABLE_SUFFIXES
                and not p.name.startswith((".", "~$"))
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise file_error(
                    str(path), "a folder holding CSV, TSV, Excel or Parquet logs", "empty_folder"
                )
            files.extend((p, path) for p in found)
        else:
            files.append((path, None))
    return files


def read_tables(
    files: Iterable[tuple[Path, Path | None]],
    forced: str | None,
    owner_id: str | None,
    out: ProblemCollector,
    progress: bool = False,
) -> list[tuple[Table, dict[str, str]]]:
    """Read every file, map headers, tell each table's role and prepare its ids.

    Tables that cannot be used are reported to `out` and skipped, so that one
    pass reports the problems of every file.

    Parameters
    ----------
    files : iterable of (path, root)
        From `expand_sources`.
    forced : str or None
        The role of every table ('contacts', 'owners'), or None to tell it from columns.
    owner_id : str or None
        The owner of every table without an owner column.
    out : ProblemCollector
    progress : bool, default False
        A progress bar on stderr from `PROGRESS_FROM_FILES` files on.

    Returns
    -------
    list of (Table, dict)
        Each table with its tracker step columns (event type -> positional name).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from infoview_analysis.core.problems import ProblemCollector
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "log.csv"
    >>> _ = path.write_text("Name,Date met\\nAna,2026-10-01\\n")
    >>> [(t.role, wide) for t, wide in read_tables([(path, None)], None, None, ProblemCollector())]
    [('wide', {'meeting': 'c1'})]
    """
    files = list(files)
    tables: list[tuple[Table, dict[str, str]]] = []
    bar: Iterable[tuple[Path, Path | None]] = files
    if progress and len(files) >= PROGRESS_FROM_FILES:
        from tqdm import tqdm  # imported only when shown (25 ms)

        bar = tqdm(files, unit="file", desc="reading", file=sys.stderr, leave=False)
    for path, root in bar:
        try:
            raws = read_any(path, recognize, dictionary_column, typed_columns=typed_column)
        except LogError as err:
            out.extend(err.problems)
            continue
        for raw in raws:
            columns, wide, duplicated = map_headers(raw)
            for header in duplicated:
                out.file(
                    raw.where,
                    "each column once (this header repeats a column already present; the first is used)",
                    "duplicate_column",
                    column=header,
                    severity="warning",
                    row=int(raw.rows[0]) - 1 if len(raw.rows) else 1,
                )
            export = export_kind(raw.headers)
            if export is not None and forced is None:
                out.file(
                    raw.where,
                    f"an interview log, not a {export[0]} export: bring it in with "
                    f"`infoview import {export[1]} {path} --out DIR`, then validate DIR",
                    "export_file",
                    value=", ".join(raw.headers)[:60],
                )
                continue
            role = classify(columns, wide, forced or sheet_role(raw.sheet), path.stem)
            if role is None:
                out.file(
                    raw.where,
                    "an interview log (columns such as Date, Type, Contact), a contacts list (Name, Company, Source), a tracker (Name, Date Contacted, Date Met, ...) or a roster (Owner, Cohort, Program, Outcome)",
                    "unrecognized_table",
                    value=", ".join(raw.headers)[:200],
                )
                continue
            if len(raw.frame) == 0:
                # A header with nothing below yet (an import with no events so far) is
                # not wrong; `load_log` makes it an error only when no table has rows.
                out.file(
                    raw.where,
                    "no interactions logged yet: the file has its header only (fine for a "
                    "network just imported; add rows as they happen)"
                    if role == "events"
                    else "data rows below the header (the file has a header only: nothing read)",
                    "empty_file",
                    severity="warning",
                )
                continue
            absent = [
                (column, expected)
                for needed_by, column, expected in REQUIRED_COLUMNS
                if role == needed_by and column not in columns
            ]
            if absent:
                column, expected = absent[0]
                out.file(
                    raw.where,
                    expected,
                    "missing_column",
                    column=column,
                    value=", ".join(raw.headers)[:200],
                    row=int(raw.rows[0]) - 1,
                )
                continue
            used = {c: n for c, n in columns.items() if c in USED_COLUMNS[role]}
            wide = wide if role == "wide" else {}
            _warn_unused(raw, used, wide, duplicated, out)
            frame = table_frame(raw, used)
            header_of = {c: raw.headers[int(n[1:])] for c, n in used.items()}
            header_of.update({n: raw.headers[int(n[1:])] for n in wide.values()})
            table = Table(role, frame, raw, header_of)
            # A file named on its own belongs to "me"; inside a folder, to its stem.
            owner = owner_id or (infer_owner(path, root) if root is not None else None)
            if owner is None and "owner_id" not in columns and role != "owners":
                owner = "me"
            fills_owner = "owner_id" not in columns or owner_id
            if owner_id:
                table.owner_from = "option"
            elif "owner_id" not in columns:
                table.owner_from = "default" if owner == "me" else "file"
            if not prepare_common(table, owner if fills_owner else None, out):
                continue
            if role != "wide":
                # Only a tracker goes back to its raw cells; elsewhere they would keep
                # every column that preparation replaces alive until the log is built.
                table.raw = dataclasses.replace(raw, frame=raw.frame.iloc[:0])
            tables.append((table, wide))
    return tables


def join_single_owner(tables: list[tuple[Table, dict[str, str]]], out: ProblemCollector) -> None:
    """Files without an owner column join the one owner that the other files name.

    A tracker copied into a folder that `infoview import` wrote for owner 'me' belongs
    to 'me', not to an owner named after the tracker's file. Only when the owner
    columns of all other tables (rosters aside) name exactly one owner; said in a
    warning per file.

    Parameters
    ----------
    tables : list of (Table, dict)
        From `read_tables`.
    out : ProblemCollector

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "contacts.csv").write_text("owner_id,contact_id\\nme,ana\\n")
    >>> _ = (folder / "Priya job search.csv").write_text("Name,Date met\\nBo,2026-10-01\\n")
    >>> out = ProblemCollector()
    >>> tables = read_tables(expand_sources(folder), None, None, out)
    >>> join_single_owner(tables, out)
    >>> sorted(str(t.frame["owner_id"].iat[0]) for t, _ in tables)
    ['me', 'me']
    """
    if not any(table.owner_from == "file" for table, _ in tables):
        return
    named: set[str] = set()
    for table, _ in tables:
        if table.owner_from == "column" and table.role != "owners":
            owners = table.frame["owner_id"]
            codes = owners.array.codes
            used = np.flatnonzero(np.bincount(codes.astype(np.int64) + 1)[1:])
            named.update(str(o) for o in owners.cat.categories[used])
    if len(named) != 1:
        return
    (owner,) = named
    for table, _ in tables:
        if table.owner_from != "file":
            continue
        before = str(table.frame["owner_id"].iat[0]) if len(table.frame) else owner
        table.frame["owner_id"] = pd.Categorical([owner] * len(table.frame))
        table.owner_from = "column"
        out.file(
            table.raw.where,
            f"an owner column: the file has none, so its rows belong to '{owner}', the one "
            f"owner of the other files (not '{before}' from the file's name; add an Owner "
            "column or use --owner to choose)",
            "missing_column",
            column="owner_id",
            severity="warning",
        )
