"""Dates as people write them: ISO, US and European numbers, month names, Excel serials.

`parse_dates` turns a column into timezone-naive datetime64[ns]; anything it cannot
read becomes NaT, which the caller reports with the cell as typed.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from infoview_analysis.core.dtypes import DATETIME

__all__ = ["DATE_EXPECTED", "parse_dates"]

DATE_FORMATS_MONTH_FIRST = [
    "%m/%d/%Y",
    "%m/%d/%y",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%y, %I:%M %p",
    "%m/%d/%Y, %I:%M %p",
    "%m-%d-%Y",
]


DATE_FORMATS_DAY_FIRST = [
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%d.%m.%Y %H:%M",
    "%d-%m-%Y",
]


DATE_FORMATS_NAMED = [
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S UTC",
    "%Y-%m-%d %H:%M:%S UTC",
    "%Y-%m-%d %H:%M",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%a, %b %d, %Y",
    "%A, %B %d, %Y",
]


_ISO_OFFSET = r"^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|[+-]\d{2}:?\d{2})$"


DATE_EXPECTED = "a date such as 2026-10-14, 10/14/2026 or Oct 14, 2026"


NS_FIRST, NS_LAST = pd.Timestamp.min.ceil("s"), pd.Timestamp.max.floor("s")


def _nanoseconds(stamps: pd.Series) -> pd.Series:
    """Parsed dates as datetime64[ns]; years pandas cannot hold (year 0, 9999) become NaT,
    which the caller reports as a bad date."""
    inside = (stamps >= NS_FIRST) & (stamps <= NS_LAST)
    return stamps.where(inside).astype(DATETIME) if not inside.all() else stamps.astype(DATETIME)


def _excel_serial(numbers: pd.Series) -> pd.Series:
    return pd.to_datetime(numbers, unit="D", origin="1899-12-30", errors="coerce")


def _parse_unique_dates(uniques: pd.Series, dayfirst: bool) -> pd.Series:
    """Parse distinct date values of any type; NaT where nothing fits."""
    out = pd.Series(pd.NaT, index=uniques.index, dtype=DATETIME)
    if uniques.empty:
        return out
    kind = pd.api.types.infer_dtype(uniques, skipna=True)
    if kind not in ("string", "empty"):
        is_stamp = uniques.map(lambda v: isinstance(v, dt.date | pd.Timestamp)).astype(bool)
        if is_stamp.any():
            stamps = pd.to_datetime(
                uniques[is_stamp].map(lambda v: pd.Timestamp(v) if v.year > 1677 else pd.NaT),
                errors="coerce",
            )
            out[is_stamp] = _nanoseconds(stamps)
        is_number = uniques.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
        is_number = is_number.astype(bool) & ~is_stamp
        if is_number.any():
            numbers = pd.to_numeric(uniques[is_number], errors="coerce")
            serial = numbers.where((numbers > 10000) & (numbers < 80000))
            out[is_number] = _excel_serial(serial)
        text = uniques[~(is_stamp | is_number)].astype(str)
    else:
        text = uniques.astype(str)
    text = text.str.strip()
    # Logs hold local wall-clock time: a UTC offset written after an ISO time is dropped,
    # not converted (and mixed offsets would make one parse impossible).
    text = text.str.replace(_ISO_OFFSET, r"\1", regex=True)
    left = text
    if not left.empty:
        try:
            iso = pd.to_datetime(left, format="ISO8601", errors="coerce")
        except ValueError:  # anything pandas cannot parse in one go: one value at a time
            iso = left.map(lambda v: pd.to_datetime(v, format="ISO8601", errors="coerce"))
            iso = pd.to_datetime(iso, errors="coerce")
        if getattr(iso.dt, "tz", None) is not None:
            iso = iso.dt.tz_localize(None)
        good = iso.notna()
        out[good[good].index] = _nanoseconds(iso[good])
        left = left[~good]
    numeric = pd.to_numeric(left, errors="coerce")
    serial = numeric[(numeric > 10000) & (numeric < 80000)]
    if not serial.empty:
        out[serial.index] = _excel_serial(serial)
        left = left.drop(serial.index)
    formats = (
        DATE_FORMATS_DAY_FIRST + DATE_FORMATS_MONTH_FIRST
        if dayfirst
        else DATE_FORMATS_MONTH_FIRST + DATE_FORMATS_DAY_FIRST
    ) + DATE_FORMATS_NAMED
    for fmt in formats:
        if left.empty:
            break
        parsed = pd.to_datetime(left, format=fmt, errors="coerce")
        good = parsed.notna()
        if good.any():
            out[good[good].index] = _nanoseconds(parsed[good])
            left = left[~good]
    return out


def parse_dates(values: pd.Series, dayfirst: bool = False) -> pd.Series:
    """Parse a column of dates written in any common way, to datetime64[ns] (naive).

    ISO strings go through pyarrow's parser in one pass; anything else is parsed once
    per distinct value. Unparseable values become NaT (the caller reports them).

    >>> parse_dates(pd.Series(["2026-10-14", "10/15/2026", "Oct 16, 2026", None])).dt.day.tolist()
    [14.0, 15.0, 16.0, nan]
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        if getattr(values.dt, "tz", None) is not None:
            values = values.dt.tz_localize(None)
        return values.astype(DATETIME)
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        try:
            arrow = pa.chunked_array(values.array._pa_array)  # noqa: SLF001 - zero-copy view
            try:
                stamps = pc.cast(arrow, pa.timestamp("ns"))
            except pa.ArrowInvalid:
                stamps = pc.cast(pc.utf8_trim_whitespace(arrow), pa.timestamp("ns"))
            return pd.Series(stamps.to_numpy(), index=values.index, dtype=DATETIME)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, AttributeError):
            pass
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        uniques = pd.Series(values.cat.categories.astype(object))
    else:
        codes, unique_values = pd.factorize(values, use_na_sentinel=True)
        uniques = pd.Series(np.asarray(unique_values, dtype=object))
    parsed = _parse_unique_dates(uniques.reset_index(drop=True), dayfirst).to_numpy()
    result = np.append(parsed, np.datetime64("NaT", "ns"))[np.where(codes < 0, len(parsed), codes)]
    return pd.Series(result, index=values.index, dtype=DATETIME)
