"""What every importer shares: the `Batch` it returns, table reading, left-out rows."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from infoview_analysis.core.dtypes import DATETIME, STRING, empty_frame
from infoview_analysis.core.problems import LogError, Problem, file_error
from infoview_analysis.core.vocabulary import header_key
from infoview_analysis.loading.reading import RawTable, decode_bytes, looks_binary, read_delimited

__all__ = [
    "PERSON_COLUMNS",
    "EVENT_RECORD_COLUMNS",
    "Batch",
    "Columns",
    "empty_people",
    "empty_event_records",
    "empty_left_out",
    "combine",
    "left_out",
    "people_frame",
    "event_frame",
    "kept_people",
    "clean_text",
    "join_name",
    "read_table",
    "read_text_export",
    "unrecognized",
    "register_known",
    "local_zone",
    "utc_to_local",
]

# Columns of a batch's person records (before merging into contacts).
PERSON_COLUMNS = (
    "_key",
    "name",
    "organization",
    "role",
    "location",
    "email",
    "other_emails",
    "linkedin_url",
    "source",
    "added_on",
    "industry",
    "_same_as",
    "_referred_key",
    "_file",
    "_row",
)
EVENT_RECORD_COLUMNS = (
    "_key",
    "date",
    "type",
    "channel",
    "duration_min",
    "notes",
    "_file",
    "_row",
)


def empty_people() -> pd.DataFrame:
    """No person records, with the columns and dtypes of `people_frame`.

    Returns
    -------
    pandas.DataFrame
        Columns `PERSON_COLUMNS`.

    Examples
    --------
    >>> len(empty_people()), str(empty_people()["added_on"].dtype)
    (0, 'datetime64[ns]')
    """
    return empty_frame(PERSON_COLUMNS, {"added_on": DATETIME, "_row": "int64"})


def empty_event_records() -> pd.DataFrame:
    """No event records, with the columns and dtypes of `event_frame`.

    Returns
    -------
    pandas.DataFrame
        Columns `EVENT_RECORD_COLUMNS`.

    Examples
    --------
    >>> len(empty_event_records()), str(empty_event_records()["duration_min"].dtype)
    (0, 'float64')
    """
    return empty_frame(
        EVENT_RECORD_COLUMNS, {"date": DATETIME, "duration_min": "float64", "_row": "int64"}
    )


def empty_left_out() -> pd.DataFrame:
    """No left-out lines, with the columns of `left_out`.

    Returns
    -------
    pandas.DataFrame
        Columns file, reason, count, rows, items.

    Examples
    --------
    >>> list(empty_left_out().columns)
    ['file', 'reason', 'count', 'rows', 'items']
    """
    columns = ("file", "reason", "count", "rows", "items")
    return empty_frame(columns, {c: "int64" if c == "count" else object for c in columns})


@dataclass
class Batch:
    """What one importer read from one file, before people are merged.

    `people`: one record per person mention (`_key` ties events to it; `_file` and
    `_row` say where it came from). `events`: interactions with those people.
    `left_out`: rows not imported, counted per (file, reason), with row numbers.
    `notes`: what was repaired or limited while reading (same columns: the note in
    `reason`, how many records it concerns in `count`, which in `rows`).
    `counts`: extra tallies for the import summary.

    Person records may name `_same_as` (the `contact_id` of a contact already in the
    output folder that the record is known to be) and `_referred_key` (the `_key` of
    the record of whoever introduced them).

    >>> Batch().summary_line()
    '0 people, 0 events, 0 rows left out'
    """

    people: pd.DataFrame = field(default_factory=empty_people)
    events: pd.DataFrame = field(default_factory=empty_event_records)
    left_out: pd.DataFrame = field(default_factory=empty_left_out)
    counts: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    notes: pd.DataFrame = field(default_factory=empty_left_out)

    def summary_line(self) -> str:
        """People, events and rows left out, counted in one line.

        Returns
        -------
        str
            For the import summary, one line per reader.

        Examples
        --------
        >>> Batch(people=people_frame("a.csv", np.array([2]), name=["Ana"])).summary_line()
        '1 people, 0 events, 0 rows left out'
        """
        dropped = int(self.left_out["count"].sum()) if len(self.left_out) else 0
        return f"{len(self.people)} people, {len(self.events)} events, {dropped} rows left out"

    def __add__(self, other: Batch) -> Batch:
        return Batch(
            _concat([self.people, other.people], empty_people()),
            _concat([self.events, other.events], empty_event_records()),
            _concat([self.left_out, other.left_out], empty_left_out()),
            {
                k: self.counts.get(k, 0) + other.counts.get(k, 0)
                for k in {**self.counts, **other.counts}
            },
            self.files + other.files,
            _concat([self.notes, other.notes], empty_left_out()),
        )


def _concat(frames: list[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty
    return pd.concat(frames, ignore_index=True)


def combine(batches: Sequence[Batch]) -> Batch:
    """All batches as one.

    Parameters
    ----------
    batches : sequence of Batch

    Returns
    -------
    Batch
        People, events, left-out lines and notes concatenated; counts added up.

    Examples
    --------
    >>> combine([Batch(), Batch()]).summary_line()
    '0 people, 0 events, 0 rows left out'
    """
    out = Batch()
    for batch in batches:
        out = out + batch
    return out


def left_out(file: str, reason: str, rows: np.ndarray | Sequence[int]) -> pd.DataFrame:
    """One left-out line: how many rows of `file` were not imported, and why.

    `rows` shows the first 20 row numbers; `items` holds them all.

    Parameters
    ----------
    file : str
        The file as problems name it.
    reason : str
        Why the rows were not imported.
    rows : array of int
        Their spreadsheet row numbers.

    Returns
    -------
    pandas.DataFrame
        One line, or none when `rows` is empty.

    Examples
    --------
    >>> left_out("a.csv", "no name", [3, 5])[["reason", "count", "rows"]].values.tolist()
    [['no name', 2, '3, 5']]
    """
    rows = np.asarray(rows, dtype=np.int64)
    if rows.size == 0:
        return empty_left_out()
    shown = ", ".join(str(r) for r in rows[:20]) + (" ..." if rows.size > 20 else "")
    return pd.DataFrame(
        {
            "file": [file],
            "reason": [reason],
            "count": [int(rows.size)],
            "rows": [shown],
            "items": [rows],
        }
    )


def _record_frame(
    file: str,
    rows: np.ndarray,
    columns: dict[str, object],
    names: Sequence[str],
    dates: frozenset[str] = frozenset(),
    numbers: frozenset[str] = frozenset(),
    cleaned: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """A typed frame with every column of `names`; `_key` defaults to "file#row"."""
    n = len(rows)
    frame = pd.DataFrame(index=range(n))
    for column in names:
        value = columns.get(column)
        if column == "_row":
            frame[column] = np.asarray(rows, dtype=np.int64)
        elif column == "_file":
            frame[column] = pd.Series([file] * n, dtype=STRING)
        elif column == "_key" and value is None:
            frame[column] = pd.Series(np.asarray(rows).astype(str), dtype=STRING).radd(f"{file}#")
        elif column in dates:
            stamps = np.full(n, np.datetime64("NaT"), "datetime64[ns]") if value is None else value
            frame[column] = pd.Series(np.asarray(stamps, dtype="datetime64[ns]"), index=frame.index)
        elif column in numbers:
            frame[column] = np.full(n, np.nan) if value is None else np.asarray(value, "float64")
        elif value is None:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype=STRING)
        elif isinstance(value, str):
            frame[column] = pd.Series([value] * n, index=frame.index, dtype=STRING)
        else:
            text = pd.Series(np.asarray(value, dtype=object), dtype=STRING)
            frame[column] = clean_text(text) if column in cleaned else text
    return frame


def people_frame(file: str, rows: np.ndarray, **columns: object) -> pd.DataFrame:
    """Person records with every PERSON_COLUMNS column, typed; text cleaned.

    Parameters
    ----------
    file : str
        The file the records come from.
    rows : numpy.ndarray
        The spreadsheet row of each record.
    **columns
        Column -> values (one per row) or one string for every row.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> people_frame("a.csv", np.array([2]), name=[" Ana "], source="linkedin")[["name", "source", "_key"]].values.tolist()
    [['Ana', 'linkedin', 'a.csv#2']]
    """
    cleaned = frozenset(PERSON_COLUMNS) - {"_key", "_row", "_file", "added_on"}
    return _record_frame(
        file, rows, columns, PERSON_COLUMNS, dates=frozenset({"added_on"}), cleaned=cleaned
    )


def event_frame(file: str, rows: np.ndarray, **columns: object) -> pd.DataFrame:
    """Event records with every EVENT_RECORD_COLUMNS column, typed.

    Parameters
    ----------
    file, rows, **columns
        As for `people_frame`.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> event_frame("a.ics", np.array([3]), type="meeting", duration_min=[30])[["type", "duration_min"]].values.tolist()
    [['meeting', 30.0]]
    """
    return _record_frame(
        file,
        rows,
        columns,
        EVENT_RECORD_COLUMNS,
        dates=frozenset({"date"}),
        numbers=frozenset({"duration_min"}),
    )


def kept_people(
    file: str,
    rows: np.ndarray,
    keep: np.ndarray,
    reason: str,
    count: str,
    listed: pd.DataFrame | None = None,
    **columns: object,
) -> Batch:
    """A batch of the person rows to `keep`; the others are counted as left out for `reason`.

    Column values are positional (arrays or Series) and filtered by `keep`; a string is
    one value for every row. `count` names the tally of kept rows in the summary.
    `listed`: rows already left out for another reason (a left-out frame with `items`);
    they are not counted again under `reason`.

    Parameters
    ----------
    file : str
        The file the rows come from.
    rows : numpy.ndarray
        Their spreadsheet row numbers.
    keep : numpy.ndarray of bool
        The rows that are people.
    reason : str
        Why the other rows are left out.
    count : str
        The summary tally of kept rows.
    listed : pandas.DataFrame, optional
        Rows already left out for another reason.
    **columns
        As for `people_frame`, one value per row of `rows`.

    Returns
    -------
    Batch

    Examples
    --------
    >>> b = kept_people("a.csv", np.array([2, 3]), np.array([True, False]), "no name", "people",
    ...                 name=np.array(["Ana", None], dtype=object))
    >>> b.people["name"].tolist(), b.left_out[["reason", "rows"]].values.tolist(), b.counts
    (['Ana'], [['no name', '3']], {'people': 1})
    """
    batch = Batch(files=[file])
    again = np.zeros(len(rows), dtype=bool)
    if listed is not None and len(listed):
        again = np.isin(rows, np.concatenate([np.asarray(i) for i in listed["items"]]))
    batch.left_out = pd.concat(
        [
            f
            for f in (listed, left_out(file, reason, rows[~keep & ~again]))
            if f is not None and len(f)
        ]
        or [empty_left_out()],
        ignore_index=True,
    )
    batch.people = people_frame(
        file,
        rows[keep],
        **{k: v if v is None or isinstance(v, str) else v[keep] for k, v in columns.items()},
    )
    batch.counts[count] = int(keep.sum())
    return batch


def clean_text(values: pd.Series) -> pd.Series:
    """Trim whitespace (TABs included); empty becomes missing.

    Parameters
    ----------
    values : pandas.Series

    Returns
    -------
    pandas.Series
        Strings, stripped; empty cells missing.

    Examples
    --------
    >>> clean_text(pd.Series([" a\\t", "", None])).tolist()
    ['a', <NA>, <NA>]
    """
    text = values.astype(STRING).str.replace(r"\s+", " ", regex=True).str.strip()
    return text.mask(text == "").astype(STRING)


def join_name(first: pd.Series, last: pd.Series) -> pd.Series:
    """'First Last' from two columns, either of which may be missing.

    Parameters
    ----------
    first, last : pandas.Series
        First and last names.

    Returns
    -------
    pandas.Series
        The full names; missing where both parts are.

    Examples
    --------
    >>> join_name(pd.Series(["Ana", None, None]), pd.Series(["Ruiz", "Li", None])).tolist()
    ['Ana Ruiz', 'Li', <NA>]
    """
    first = clean_text(first).fillna("")
    last = clean_text(last).fillna("")
    return clean_text(first.str.cat(last, sep=" "))


# ----------------------------------------------------------------------------- tables


@dataclass
class Columns:
    """A table read by header names: `col(name)` is the column for a folded header."""

    raw: RawTable
    index: dict[str, str]

    def has(self, *names: str) -> bool:
        """True when every header of `names` is in the table (case and spacing aside).

        Parameters
        ----------
        *names : str
            Headers as the export writes them.

        Returns
        -------
        bool

        Examples
        --------
        >>> t = Columns(RawTable(pd.DataFrame({"c0": ["Acme"]}), ["Company"], np.array([2]), "c.csv"),
        ...             {header_key("Company"): "c0"})
        >>> t.has("company"), t.has("Company", "URL")
        (True, False)
        """
        return all(header_key(n) in self.index for n in names)

    def col(self, name: str) -> pd.Series:
        """The column under header `name` as strings; all missing when there is none.

        Parameters
        ----------
        name : str
            A header as the export writes it.

        Returns
        -------
        pandas.Series
            dtype `STRING`, one cell per row.

        Examples
        --------
        >>> t = Columns(RawTable(pd.DataFrame({"c0": ["Acme"]}), ["Company"], np.array([2]), "c.csv"),
        ...             {header_key("Company"): "c0"})
        >>> t.col("Company").tolist(), t.col("URL").tolist()
        (['Acme'], [<NA>])
        """
        key = header_key(name)
        if key not in self.index:
            return pd.Series(pd.NA, index=self.raw.frame.index, dtype=STRING)
        return self.raw.frame[self.index[key]].astype(STRING)

    @property
    def rows(self) -> np.ndarray:
        """The spreadsheet row number of each row.

        Returns
        -------
        numpy.ndarray of int64
            As `RawTable.rows`, as a plain array.

        Examples
        --------
        >>> t = Columns(RawTable(pd.DataFrame({"c0": ["Acme"]}), ["Company"], np.array([2]), "c.csv"),
        ...             {header_key("Company"): "c0"})
        >>> t.rows.tolist()
        [2]
        """
        return np.asarray(self.raw.rows, dtype=np.int64)

    @property
    def file(self) -> str:
        """The file (and sheet) as problems name it.

        Returns
        -------
        str

        Examples
        --------
        >>> t = Columns(RawTable(pd.DataFrame({"c0": ["Acme"]}), ["Company"], np.array([2]), "c.csv"),
        ...             {header_key("Company"): "c0"})
        >>> t.file
        'c.csv'
        """
        return self.raw.where

    def __len__(self) -> int:
        return len(self.raw.frame)


def read_table(path: Path, known_headers: set[str]) -> Columns:
    """Read a CSV/TSV export, header found by scanning for known header names.

    Parameters
    ----------
    path : pathlib.Path
        The export.
    known_headers : set of str
        Headers that mark the header row (the export may have a preamble).

    Returns
    -------
    Columns

    Raises
    ------
    LogError
        The file is missing or is no table.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "Connections.csv"
    >>> _ = f.write_text("First Name,Company\\nAna,Acme\\n")
    >>> len(read_table(f, {"First Name"}))
    1
    """
    keys = {header_key(h) for h in known_headers}
    path = Path(path)
    _must_exist(path)
    raw = read_delimited(path, lambda cell: header_key(cell) in keys, display=str(path))
    index: dict[str, str] = {}
    for position, header in enumerate(raw.headers):
        index.setdefault(header_key(header), f"c{position}")
    return Columns(raw, index)


def _must_exist(path: Path) -> None:
    if not path.exists():
        raise file_error(str(path), "an existing file", "missing_file")


def read_text_export(path: Path | str, expected: str) -> str:
    """The text of a vCard or iCalendar export, in any encoding, as one string.

    Parameters
    ----------
    path : pathlib.Path or str
    expected : str
        What the file should be, for the error when it is binary.

    Returns
    -------
    str
        The text, undecodable bytes replaced.

    Raises
    ------
    LogError
        The file does not exist (`missing_file`) or is binary (`not_a_table`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.vcf"
    >>> _ = f.write_bytes("BEGIN:VCARD\\nFN:José\\n".encode("cp1252"))
    >>> read_text_export(f, "a vCard file").splitlines()[1]
    'FN:José'
    """
    path = Path(path)
    _must_exist(path)
    data = path.read_bytes()
    if looks_binary(data):
        raise file_error(str(path), expected, "not_a_table")
    return decode_bytes(data)[0].decode("utf-8", errors="replace")


def unrecognized(table: Columns, expected: str, kind: str = "unrecognized_table") -> LogError:
    """The one error for a file that is not the export it should be.

    Parameters
    ----------
    table : Columns
        The table read.
    expected : str
        The headers the export should have.
    kind : str
        The problem kind.

    Returns
    -------
    LogError
        To be raised; it says when the header row looks like data.

    Examples
    --------
    >>> t = Columns(RawTable(pd.DataFrame({"c0": ["Acme"]}), ["Acme Inc"], np.array([2]), "c.csv"), {})
    >>> unrecognized(t, "First Name, Company").problems[0].expected
    'a header row: First Name, Company (the first row looks like data: was the header removed?)'
    """
    header_row = int(table.rows[0]) - 1 if len(table) else 1
    first = ", ".join(h for h in table.raw.headers)[:160]
    return LogError(
        [
            Problem(
                table.file,
                header_row,
                None,
                first,
                f"a header row: {expected} (the first row looks like data: was the header removed?)"
                if not any(header_key(h) in _ALL_KNOWN for h in table.raw.headers)
                else f"a header row: {expected}",
                kind=kind,
            )
        ]
    )


_ALL_KNOWN: set[str] = set()


def register_known(headers: set[str]) -> None:
    """Add an export's headers to those `unrecognized` looks for in a header row.

    Parameters
    ----------
    headers : set of str
        An export's headers.

    Examples
    --------
    >>> register_known({"Connected On"})
    """
    _ALL_KNOWN.update(header_key(h) for h in headers)


# ----------------------------------------------------------------------------- time


def local_zone(tz: str | dt.tzinfo | None = None) -> dt.tzinfo:
    """The time zone that 'local naive time' means: `tz` when given, else the
    machine's (the TZ variable, /etc/timezone, /etc/localtime), else UTC.

    Parameters
    ----------
    tz : str or datetime.tzinfo, optional
        An IANA name or a zone.

    Returns
    -------
    datetime.tzinfo

    Raises
    ------
    LogError
        `tz` names no zone.

    Examples
    --------
    >>> str(local_zone("Europe/Berlin"))
    'Europe/Berlin'
    """
    if isinstance(tz, dt.tzinfo):
        return tz
    names = [tz] if tz else []
    if not tz:
        env = os.environ.get("TZ", "").lstrip(":")
        if env:
            names.append(env)
        with contextlib.suppress(OSError):
            names.append(Path("/etc/timezone").read_text().strip())
        try:
            target = os.path.realpath("/etc/localtime")
            if "zoneinfo/" in target:
                names.append(target.split("zoneinfo/", 1)[1])
        except OSError:
            pass
    for name in names:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            if tz:
                raise file_error(
                    "(option --tz)",
                    "an IANA time zone such as Europe/Berlin",
                    "bad_option",
                    value=name,
                ) from None
    return dt.UTC


def utc_to_local(stamps: pd.Series, tz: dt.tzinfo) -> pd.Series:
    """UTC naive (or aware) timestamps as local naive time in `tz`.

    Parameters
    ----------
    stamps : pandas.Series
        UTC timestamps, naive or aware.
    tz : datetime.tzinfo
        The local zone.

    Returns
    -------
    pandas.Series
        Naive local times, datetime64[ns].

    Examples
    --------
    >>> import zoneinfo
    >>> utc_to_local(pd.Series(pd.to_datetime(["2026-07-01 12:00"])), zoneinfo.ZoneInfo("Europe/Berlin")).tolist()
    [Timestamp('2026-07-01 14:00:00')]
    """
    stamps = pd.to_datetime(stamps)
    if getattr(stamps.dt, "tz", None) is None:
        stamps = stamps.dt.tz_localize("UTC")
    return stamps.dt.tz_convert(tz).dt.tz_localize(None).astype("datetime64[ns]")
