"""The date columns of one table, read the way people fill them in.

`read_dates` reads every date column of a table together, because one column's
dates help read another's:

- a date without a year (``8/3``, ``Aug 10``) takes the year that puts it on or
  before the latest full date of the same file and nearest to it (or the year the
  caller gives, ``--year``); one warning per file says how many were completed;
- in a tracker's step columns (Replied?, Thank you sent) a tick (``yes``, ``x``,
  ``Y``, ``✓``) means the step happened on an unknown date, and ``no`` / ``TBD``
  mean it has not (happened yet); elsewhere a tick is an error with plain advice;
- other words in a step column ("need to follow up") leave that step out, with a
  warning listing each cell; in any other date column they are errors;
- a time written with a UTC offset (``2026-06-04 10:30+05:30``) is read as the
  wall-clock time written, the offset dropped, with one warning per column;
- event dates after tomorrow or before 1970 are warned about, shown as typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from infoview_analysis.core.dtypes import DATETIME
from infoview_analysis.core.problems import ProblemCollector
from infoview_analysis.loading.dates import (
    DATE_EXPECTED,
    date_in_text,
    has_utc_offset,
    month_days,
    parse_dates,
    with_year,
)
from infoview_analysis.loading.table import Table, report_cells

__all__ = [
    "ReadOptions",
    "TICK_WORDS",
    "NOT_DONE_WORDS",
    "DateCells",
    "read_dates",
    "cell_words",
]


@dataclass(frozen=True)
class ReadOptions:
    """How to read what people type.

    Attributes
    ----------
    dayfirst : bool
        Read 03/04/2026 as 3 April.
    year : int or None
        The year of every date written without one (default: from the file).
    today : datetime.date
        Dates the "in the future" warning, and completes years in a file without
        any full date.

    Examples
    --------
    >>> ReadOptions(year=2026).dayfirst
    False
    """

    dayfirst: bool = False
    year: int | None = None
    today: dt.date = field(default_factory=dt.date.today)


# Cells of a step column that say "it happened" / "it has not (yet)".
TICK_WORDS = frozenset(
    {"yes", "y", "x", "done", "true", "sent", "✓", "✔", "✔️", "✅", "1", "yep", "yes!", "ok"}
)
NOT_DONE_WORDS = frozenset(
    {"no", "n", "false", "0", "not yet", "nope", "tbd", "tba", "pending", "soon", "?", "later"}
)


def cell_words(values: pd.Series) -> pd.Series:
    """Each cell folded for comparing with word lists (stripped, lowercase).

    Parameters
    ----------
    values : pandas.Series
        Cells as typed.

    Returns
    -------
    pandas.Series of str (empty for missing cells)

    Examples
    --------
    >>> cell_words(pd.Series([" Yes ", None, "X"])).tolist()
    ['yes', '', 'x']
    """
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    folded = [str(u).strip().casefold() for u in uniques]
    lookup = np.array([*folded, ""], dtype=object)
    return pd.Series(lookup[np.where(codes < 0, len(folded), codes)], index=values.index)


@dataclass
class DateCells:
    """One date column as read: the dates, and where a tick stood instead of a date.

    Examples
    --------
    >>> DateCells(pd.Series([pd.NaT]), np.array([True])).ticked.tolist()
    [True]
    """

    dates: pd.Series
    ticked: np.ndarray


def _date_hint(value: object) -> str | None:
    """Plain advice for what people type into date columns."""
    word = str(value).strip().casefold()
    if word in TICK_WORDS:
        return "write the date it happened instead of a tick"
    if word in NOT_DONE_WORDS:
        return "leave the cell empty until it happens"
    year = re.match(r"^\s*(\d{4})\b", str(value))
    if year and not 1678 <= int(year.group(1)) <= 2261:
        return "a year between 1678 and 2261: write the real date, or leave the cell empty"
    return None


def _latest(parsed: Mapping[str, pd.Series], options: ReadOptions) -> pd.Timestamp:
    """The latest full date of the table (typos in the future aside), else today."""
    horizon = pd.Timestamp(options.today) + pd.Timedelta(days=2)
    # The plain maximum when it is before the horizon (the usual case): no filtered copy.
    latest = [_before(d, horizon) for d in parsed.values() if len(d)]
    latest = [d for d in latest if pd.notna(d)]
    return max(latest).normalize() if latest else pd.Timestamp(options.today)


def _extremes(dates: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The earliest and latest date (NaT when there is none).

    On the nanoseconds as integers when no cell is empty (a quarter of the time of
    pandas' reductions, which mask missing cells first).
    """
    stamps = dates.to_numpy()
    if stamps.dtype == np.dtype(DATETIME) and len(stamps):
        ns = stamps.view(np.int64)
        earliest = ns.min()
        if earliest != np.iinfo(np.int64).min:  # NaT is the smallest integer: none here
            latest = ns.max()
            return pd.Timestamp(int(earliest), unit="ns"), pd.Timestamp(int(latest), unit="ns")
    return dates.min(), dates.max()


def _before(dates: pd.Series, horizon: pd.Timestamp) -> pd.Timestamp:
    """The latest date before `horizon` (NaT if none); the plain maximum when it is."""
    latest = _extremes(dates)[1]
    return latest if not latest >= horizon else dates[dates < horizon].max()


def _complete_years(
    table: Table,
    columns: Mapping[str, pd.Series],
    parsed: dict[str, pd.Series],
    out: ProblemCollector,
    options: ReadOptions,
) -> pd.Timestamp:
    """Give dates written without a year their year; one warning for the table."""
    reference = _latest(parsed, options)
    completed = 0
    example: tuple[str, object, pd.Timestamp] | None = None
    for key, raw in columns.items():
        if pd.api.types.is_datetime64_any_dtype(raw.dtype):
            continue  # read as dates already (by the file reader): nothing left pending
        pending = parsed[key].isna().to_numpy() & raw.notna().to_numpy()
        if not pending.any():
            continue
        md = month_days(raw[pending], options.dayfirst)
        dates = with_year(md, reference, options.year)
        found = dates.notna()
        if not found.any():
            continue
        filled = parsed[key].copy()
        filled[dates.index[found]] = dates[found]
        parsed[key] = filled
        completed += int(found.sum())
        if example is None:
            first = dates.index[found][0]
            example = (table.header(key), raw[first], dates[first])
    if completed and example is not None:
        header, typed, date = example
        if options.year is not None:
            rule = f"were given the year {options.year} (--year)"
        else:
            rule = (
                f"were given the year that puts them on or before {reference:%Y-%m-%d}, "
                "the latest date in this file"
            )
        out.file(
            table.raw.where,
            f"dates with a year: {completed} date(s) written without one {rule} "
            f"(such as {typed!r} in '{header}' -> {date:%Y-%m-%d}); write the year to "
            "choose another, or pass --year",
            "year_completed",
            severity="warning",
        )
    return reference


def _warn_offsets(table: Table, key: str, raw: pd.Series, out: ProblemCollector) -> None:
    with_offset = has_utc_offset(raw)
    if with_offset.any():
        first = int(np.flatnonzero(with_offset)[0])
        out.file(
            table.raw.where,
            f"a local time: {int(with_offset.sum())} time(s) with a UTC offset were read as "
            "the wall-clock time written, the offset dropped (see README, Input)",
            "time_zone",
            column=table.header(key),
            value=raw.iloc[first],
            severity="warning",
            row=int(table.frame["_row"].iat[first]),
        )


def _warn_improbable(
    table: Table, key: str, dates: pd.Series, raw: pd.Series, out: ProblemCollector, today: dt.date
) -> None:
    """Dates after tomorrow are probably typos; so are dates before 1970."""
    horizon, epoch = pd.Timestamp(today) + pd.Timedelta(days=2), pd.Timestamp("1970-01-01")
    earliest, latest = _extremes(dates)
    if not (latest >= horizon or earliest < epoch):  # NaT compares False
        return  # two reductions instead of two masks of every row
    checks = (
        (dates >= horizon, "a date no later than tomorrow"),
        (dates < epoch, "a date after 1970 (a typo in the year?)"),
    )
    for (mask, expected), kind in zip(checks, ("future_date", "old_date"), strict=True):
        report_cells(
            out, table, mask.to_numpy(), key, expected, kind, values=raw, severity="warning"
        )


def _read_inside(texts: pd.Series, reference: pd.Timestamp, options: ReadOptions) -> pd.Series:
    present = texts.dropna()
    out = pd.Series(pd.NaT, index=texts.index, dtype=DATETIME)
    if present.empty:
        return out
    parsed = parse_dates(present.astype(object), options.dayfirst)
    missing = parsed.isna()
    if missing.any():
        md = month_days(present[missing], options.dayfirst)
        parsed[missing] = with_year(md, reference, options.year)
    out[parsed.index] = parsed
    return out


def read_dates(
    table: Table,
    columns: Mapping[str, pd.Series],
    out: ProblemCollector,
    options: ReadOptions,
    *,
    steps: frozenset[str] = frozenset(),
    events: frozenset[str] = frozenset(),
) -> tuple[dict[str, DateCells], pd.Timestamp]:
    """Read the date columns of one table together (see the module's description).

    Parameters
    ----------
    table : Table
        Problems name its file, rows and the user's headers (`table.header(key)`).
    columns : mapping
        key -> the column's cells as typed.
    out : ProblemCollector
    options : ReadOptions
    steps : frozenset of str
        Keys of tracker step columns, where ticks and "no" are read.
    events : frozenset of str
        Keys of event dates (checked for dates in the future or before 1970).

    Returns
    -------
    cells : dict
        key -> `DateCells`.
    reference : pandas.Timestamp
        The latest date of the table, that dates without a year were placed before.

    Examples
    --------
    >>> from infoview_analysis.loading.raw_table import RawTable
    >>> frame = pd.DataFrame({"c1": ["2026-10-01", "8/3", "yes"], "_row": [2, 3, 4]})
    >>> raw = RawTable(frame, ["Name", "Date met"], np.array([2, 3, 4]), "t.csv")
    >>> table = Table("wide", frame, raw, {"c1": "Date met"})
    >>> out = ProblemCollector()
    >>> cells, ref = read_dates(table, {"c1": frame["c1"]}, out, ReadOptions(), steps=frozenset({"c1"}))
    >>> cells["c1"].dates.dt.strftime("%m-%d").tolist(), cells["c1"].ticked.tolist()
    (['10-01', '08-03', nan], [False, False, True])
    >>> [p.kind for p in out.problems]
    ['year_completed']
    """
    parsed = {key: parse_dates(raw, options.dayfirst) for key, raw in columns.items()}
    reference = _complete_years(table, columns, parsed, out, options)
    cells: dict[str, DateCells] = {}
    for key, raw in columns.items():
        dates = parsed[key]
        if pd.api.types.is_datetime64_any_dtype(raw.dtype):
            unread = np.zeros(len(raw), dtype=bool)  # dates already: every cell read
        else:
            unread = dates.isna().to_numpy() & raw.notna().to_numpy()
        ticked = np.zeros(len(raw), dtype=bool)
        _warn_offsets(table, key, raw, out)
        if unread.any() and key in steps:
            # "yes 8/5", "sent Sept 3": the date inside the words counts.
            inside = date_in_text(raw[unread])
            found = _read_inside(inside, reference, options)
            if found.notna().any():
                dates = dates.copy()
                dates[found.index[found.notna()]] = found[found.notna()]
                unread = dates.isna().to_numpy() & raw.notna().to_numpy()
        if unread.any():
            if key in steps:
                words = cell_words(raw[unread])
                at = np.flatnonzero(unread)
                ticked[at[words.isin(TICK_WORDS).to_numpy()]] = True
                unread[at[words.isin(NOT_DONE_WORDS).to_numpy()]] = False
                unread &= ~ticked
            # In a tracker's step column, words that are neither a date nor a tick ("need
            # to follow up") leave the step out, with a warning; elsewhere they are errors.
            step = key in steps
            report_cells(
                out,
                table,
                unread,
                key,
                DATE_EXPECTED + (" (not read: left out of this step)" if step else ""),
                "bad_date",
                values=raw,
                hint=_date_hint,
                severity="warning" if step else "error",
            )
        if key in events:
            _warn_improbable(table, key, dates, raw, out, options.today)
        cells[key] = DateCells(dates.astype(DATETIME), ticked)
    return cells, reference
