"""Dates of LinkedIn rows: unreadable ones left out as written, '... UTC' message
dates as local time, and people added on the date of their row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd

from infoview_analysis.importers.batch import Batch, kept_people, left_out
from infoview_analysis.importers.exports import Columns
from infoview_analysis.importers.linkedin.detection import header_as_written
from infoview_analysis.importers.local_time import utc_to_local
from infoview_analysis.importers.records import clean_text
from infoview_analysis.loading.dates import DATE_EXPECTED, parse_dates


def unreadable_dates(
    table: Columns, header: str, raw: pd.Series, parsed: pd.Series, required: bool
) -> tuple[np.ndarray, pd.DataFrame]:
    """Rows whose date cannot be read, left out with the value as written.

    Parameters
    ----------
    table : Columns
    header : str
        The date's header, as named in the reason.
    raw : pandas.Series
        The dates as written.
    parsed : pandas.Series
        The dates read (NaT where unreadable).
    required : bool
        Whether a row without a date is left out too.

    Returns
    -------
    (numpy.ndarray, pandas.DataFrame or None)
        The mask of rows that are fine, and the left-out lines of the others.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "Connections.csv"
    >>> _ = f.write_text("First Name,Last Name,URL,Company,Position,connected on\\n"
    ...     "Ana,Ruiz,,Acme,CTO,06 Feb 2026\\nBo,Li,,,,someday\\n")
    >>> from infoview_analysis.importers.linkedin.detection import CONNECTIONS, open_table
    >>> from infoview_analysis.loading.dates import parse_dates
    >>> table = open_table(f, "connections", CONNECTIONS)
    >>> raw = clean_text(table.col("Connected On"))
    >>> ok, bad = unreadable_dates(table, "Connected On", raw, parse_dates(raw), True)
    >>> ok.tolist(), bad["reason"].str.split(";").str[0].tolist(), bad["rows"].tolist()
    ([True, False], ["Connected On is not a date ('someday')"], ['3'])
    """
    missing_raw = raw.isna().to_numpy()
    bad = parsed.isna().to_numpy() & (~missing_raw | required)
    wrong = bad & ~missing_raw
    frames = []
    if wrong.any():
        values = pd.unique(raw.to_numpy(dtype=object)[wrong])
        shown = ", ".join(repr(str(v)[:40]) for v in values[:5]) + (
            " ..." if len(values) > 5 else ""
        )
        frames.append(
            left_out(
                table.file,
                f"{header} is not a date ({shown}); expected {DATE_EXPECTED}",
                table.rows[wrong],
            )
        )
    if (bad & missing_raw).any():
        frames.append(
            left_out(table.file, f"no {header} (a date is needed)", table.rows[bad & missing_raw])
        )
    frame = pd.concat(frames, ignore_index=True) if frames else None
    return ~bad, frame


def utc_dates(raw: pd.Series, tz: dt.tzinfo) -> pd.Series:
    """Dates ending in UTC/GMT/Z as local naive time in `tz`; others as written.

    '2021-05-04 17:35:08 UTC' and '2022/07/27 01:50:25 UTC' are the forms LinkedIn's
    messages use.

    Parameters
    ----------
    raw : pandas.Series
        Dates as written.
    tz : tzinfo
        The local time zone.

    Returns
    -------
    pandas.Series
        Naive datetimes (NaT where unreadable).

    Examples
    --------
    >>> import zoneinfo
    >>> utc_dates(pd.Series(["2021-05-04 17:35:08 UTC", "2022/07/27 01:50:25"]),
    ...     zoneinfo.ZoneInfo("Europe/Berlin")).astype(str).tolist()
    ['2021-05-04 19:35:08', '2022-07-27 01:50:25']
    """
    text = clean_text(raw)
    is_utc = text.str.contains(r"(?i)\s(?:UTC|GMT|Z)$", regex=True).fillna(False).to_numpy()
    stripped = text.str.replace(r"(?i)\s*(?:UTC|GMT|Z)$", "", regex=True)
    parsed = parse_dates(stripped)
    if is_utc.any():
        local = utc_to_local(parsed[is_utc], tz)
        parsed = parsed.copy()
        parsed[is_utc] = local.to_numpy()
    return parsed


def dated_people(
    table: Columns,
    date_header: str,
    read_dates: Callable[[pd.Series], pd.Series],
    named: np.ndarray,
    reason: str,
    what: str,
    **columns: object,
) -> tuple[Batch, np.ndarray]:
    """People of the rows that are named and dated, added on the day of `date_header`.

    A row whose date cannot be read is left out with the value as written; a row with
    no date is kept without one.

    Parameters
    ----------
    table : Columns
    date_header : str
    read_dates : callable
        Series of dates as written -> parsed dates.
    named : numpy.ndarray
        The mask of rows that name a person.
    reason : str
        Why the other rows are left out.
    what : str
        What the rows are (for the counts).
    **columns
        The people's columns (`name`, `organization`, ...).

    Returns
    -------
    (Batch, numpy.ndarray)
        The batch (source `linkedin`) and the mask of rows kept.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "Connections.csv"
    >>> _ = f.write_text("First Name,Last Name,URL,Company,Position,connected on\\n"
    ...     "Ana,Ruiz,,Acme,CTO,06 Feb 2026\\nBo,Li,,,,someday\\n")
    >>> from infoview_analysis.importers.linkedin.detection import CONNECTIONS, open_table
    >>> from infoview_analysis.loading.dates import parse_dates
    >>> table = open_table(f, "connections", CONNECTIONS)
    >>> batch, keep = dated_people(table, "Connected On", parse_dates, np.array([True, True]),
    ...     "no name", "connections", name=table.col("First Name"))
    >>> batch.people[["name", "added_on"]].astype(str).values.tolist(), keep.tolist()
    ([['Ana', '2026-02-06']], [True, False])
    """
    raw_date = clean_text(table.col(date_header))
    date = read_dates(raw_date)
    ok, bad = unreadable_dates(table, header_as_written(table, date_header), raw_date, date, False)
    keep = named & ok
    batch = kept_people(
        table.file,
        table.rows,
        keep,
        reason,
        what,
        listed=bad,
        **columns,
        source="linkedin",
        added_on=date.dt.normalize(),
    )
    return batch, keep


__all__ = [
    "unreadable_dates",
    "utc_dates",
    "dated_people",
]
