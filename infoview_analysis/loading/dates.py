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

__all__ = [
    "DATE_EXPECTED",
    "parse_dates",
    "month_days",
    "with_year",
    "has_utc_offset",
    "tidy_date_text",
    "date_in_text",
]

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
    "%b %d %Y",
    "%b %d,%Y",
    "%d %b %Y",
    "%d %b, %Y",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y %H:%M",
]
# Month words as people write them (Sept, Sept., September, sep) -> the 3 letters %b reads;
# weekday names in front of a date and ordinal suffixes (3rd) are dropped.
_MONTH_WORD = (
    r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"(?:uary|ruary|ch|il|e|y|ust|t|tember|ober|ember)?\.?(?=[\s,\-/\d]|$)"
)
_WEEKDAY = r"(?i)^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+"
_ORDINAL = r"(?i)\b(\d{1,2})(?:st|nd|rd|th)\b"
# Dates without a year: 8/3, 08-03, Aug 10, 10 Aug (with dayfirst also 3.8).
_NUMERIC_MONTH_DAY = r"^(\d{1,2})\s*[/-]\s*(\d{1,2})$"
_DOTTED_MONTH_DAY = r"^(\d{1,2})\.(\d{1,2})\.?$"
_NAMED_MONTH_DAY = r"^([A-Z][a-z]{2})[ -](\d{1,2}),?$"
_DAY_NAMED_MONTH = r"^(\d{1,2})[ -]([A-Z][a-z]{2})$"
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}


_OFFSET_AFTER_TIME = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})$"
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
    # Logs hold local wall-clock time: a UTC offset written after an ISO time is dropped,
    # not converted (and mixed offsets would make one parse impossible); the caller warns.
    text = text.str.strip().str.replace(_ISO_OFFSET, r"\1", regex=True)
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
    left = tidy_date_text(left)
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

    Parameters
    ----------
    values : pandas.Series
        Date cells as typed.
    dayfirst : bool
        Read 03/04/2026 as 3 April.

    Returns
    -------
    pandas.Series
        datetime64[ns]; NaT where a cell is no date.

    Examples
    --------
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
        codes = values.array.codes
        uniques = pd.Series(values.cat.categories.astype(object))
    else:
        codes, unique_values = pd.factorize(values, use_na_sentinel=True)
        uniques = pd.Series(np.asarray(unique_values, dtype=object))
    parsed = _parse_unique_dates(uniques.reset_index(drop=True), dayfirst).to_numpy()
    result = np.append(parsed, np.datetime64("NaT", "ns"))[np.where(codes < 0, len(parsed), codes)]
    return pd.Series(result, index=values.index, dtype=DATETIME)


def tidy_date_text(text: pd.Series) -> pd.Series:
    """Date text with month words as 3 letters, no weekday in front, no ordinal suffixes.

    Parameters
    ----------
    text : pandas.Series
        Strings.

    Returns
    -------
    pandas.Series

    Examples
    --------
    >>> tidy_date_text(pd.Series(["Sept. 3, 2026", "Thursday, august 6th", "SEP 3"])).tolist()
    ['Sep 3, 2026', 'Aug 6', 'Sep 3']
    """
    text = text.astype(str).str.strip().str.replace(r"\s+", " ", regex=True)
    text = text.str.replace(_WEEKDAY, "", regex=True)
    text = text.str.replace(_MONTH_WORD, lambda m: m.group(1).title(), regex=True)
    return text.str.replace(_ORDINAL, r"\1", regex=True)


def month_days(values: pd.Series, dayfirst: bool = False) -> pd.DataFrame:
    """Month and day of the values written without a year (8/3, Aug 10); NaN elsewhere.

    Parameters
    ----------
    values : pandas.Series
        The cells as typed.
    dayfirst : bool, default False
        Read 8/3 as 8 March (and accept 8.3).

    Returns
    -------
    pandas.DataFrame
        Columns `month` and `day` (floats; NaN where the value is not a month and day).

    Examples
    --------
    >>> month_days(pd.Series(["8/3", "Aug 10", "10 Sept", "3-Aug", "2026-08-03", "13/13"])).values.tolist()
    [[8.0, 3.0], [8.0, 10.0], [9.0, 10.0], [8.0, 3.0], [nan, nan], [nan, nan]]
    """
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    text = tidy_date_text(pd.Series(uniques, dtype=object))
    month = pd.Series(np.nan, index=text.index)
    day = pd.Series(np.nan, index=text.index)
    numeric = text.str.extract(_NUMERIC_MONTH_DAY).astype(float)
    if dayfirst:
        dotted = text.str.extract(_DOTTED_MONTH_DAY).astype(float)
        numeric = numeric.fillna(dotted)
        numeric = numeric[[1, 0]].set_axis([0, 1], axis=1)
    month, day = month.fillna(numeric[0]), day.fillna(numeric[1])
    named = text.str.extract(_NAMED_MONTH_DAY)
    month = month.fillna(named[0].map(_MONTHS).astype(float))
    day = day.fillna(named[1].astype(float))
    reverse = text.str.extract(_DAY_NAMED_MONTH)
    month = month.fillna(reverse[1].map(_MONTHS).astype(float))
    day = day.fillna(reverse[0].astype(float))
    valid = month.between(1, 12) & day.between(1, 31)
    table = pd.DataFrame({"month": month.where(valid), "day": day.where(valid)})
    taken = np.append(table.to_numpy(), [[np.nan, np.nan]], axis=0)[
        np.where(codes < 0, len(table), codes)
    ]
    return pd.DataFrame(taken, columns=["month", "day"], index=values.index)


def with_year(
    month_day: pd.DataFrame, reference: pd.Timestamp, year: int | None = None
) -> pd.Series:
    """Dates from months and days: in `year` when given, else in the year that puts each
    on or before `reference` and nearest to it.

    Parameters
    ----------
    month_day : pandas.DataFrame
        From `month_days`.
    reference : pandas.Timestamp
        The latest date the file holds.
    year : int, optional
        The year every date gets (`--year`).

    Returns
    -------
    pandas.Series
        datetime64[ns]; NaT where the day does not exist (Feb 30).

    Examples
    --------
    >>> md = pd.DataFrame({"month": [8.0, 12.0], "day": [3.0, 20.0]})
    >>> with_year(md, pd.Timestamp("2026-10-14")).dt.strftime("%Y-%m-%d").tolist()
    ['2026-08-03', '2025-12-20']
    """
    month = month_day["month"]
    day = month_day["day"]
    if year is not None:
        years = pd.Series(float(year), index=month.index)
    else:
        later = (month > reference.month) | ((month == reference.month) & (day > reference.day))
        years = pd.Series(np.where(later, reference.year - 1, reference.year), index=month.index)
    parts = pd.DataFrame({"year": years, "month": month, "day": day})
    ok = parts.notna().all(axis=1)
    out = pd.Series(pd.NaT, index=month.index, dtype=DATETIME)
    if ok.any():
        out[ok] = pd.to_datetime(parts[ok].astype(int), errors="coerce")
    return out


def has_utc_offset(values: pd.Series) -> np.ndarray:
    """True for text cells that give a time with a UTC offset (10:30+05:30, 10:30Z).

    Parameters
    ----------
    values : pandas.Series
        Date cells as typed.

    Returns
    -------
    numpy.ndarray of bool

    Examples
    --------
    >>> has_utc_offset(pd.Series(["2026-06-04 10:30+05:30", "2026-06-04 10:30", None])).tolist()
    [True, False, False]
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return np.zeros(len(values), dtype=bool)
    if pd.api.types.is_numeric_dtype(values.dtype):
        return np.zeros(len(values), dtype=bool)
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    found = (
        pd.Series(uniques, dtype=object)
        .astype(str)
        .str.strip()
        .str.contains(_OFFSET_AFTER_TIME, regex=True)
    )
    lookup = np.append(found.to_numpy(dtype=bool), False)
    return lookup[np.where(codes < 0, len(lookup) - 1, codes)]


_DATE_INSIDE = (
    r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}(?:,? \d{4})?"
    r"|\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?: \d{4})?)"
)


def date_in_text(values: pd.Series) -> pd.Series:
    """The date written inside a longer cell ("yes 8/5", "sent Sept 3"), else missing.

    Parameters
    ----------
    values : pandas.Series
        Free-text cells that may hold a date.

    Returns
    -------
    pandas.Series of str

    Examples
    --------
    >>> date_in_text(pd.Series(["yes (8/5)", "sent Sept 3, 2026", "yes"])).tolist()
    ['8/5', 'Sep 3, 2026', nan]
    """
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    found = tidy_date_text(pd.Series(uniques, dtype=object)).str.extract(_DATE_INSIDE)[0]
    lookup = np.append(found.to_numpy(dtype=object), np.nan)
    return pd.Series(lookup[np.where(codes < 0, len(lookup) - 1, codes)], index=values.index)
