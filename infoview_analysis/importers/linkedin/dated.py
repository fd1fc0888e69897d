"""Dates of LinkedIn rows: unreadable ones left out as written, '... UTC' message
dates as local time, and people added on the date of their row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd

from infoview_analysis.importers.linkedin.detection import header_as_written
from infoview_analysis.importers.records import (
    Batch,
    Columns,
    clean_text,
    kept_people,
    left_out,
    utc_to_local,
)
from infoview_analysis.loading.dates import DATE_EXPECTED, parse_dates


def unreadable_dates(
    table: Columns, header: str, raw: pd.Series, parsed: pd.Series, required: bool
) -> tuple[np.ndarray, pd.DataFrame]:
    """Rows whose date cannot be read, left out with the value as written.

    Returns the mask of rows that are fine, and the left-out lines of the others.
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
    """'2021-05-04 17:35:08 UTC' and '2022/07/27 01:50:25 UTC' as local naive time."""
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
    no date is kept without one. Returns the batch and the mask of rows kept.
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
