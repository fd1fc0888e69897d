"""Report periods: half-open windows [start, end) made by one function.

A period is written the way people say it: `2026-10` (a month), `2026-W44` (an ISO
week), `2026-Q3` (a quarter), `2026` (a year), or an explicit start and end.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "FREQ_OF_EVERY",
    "Period",
    "parse_period",
    "window",
    "periods_between",
    "latest_full_period",
    "report_period",
    "history_start",
]

FREQ_OF_EVERY = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}


@dataclass(frozen=True)
class Period:
    """A half-open window [start, end) with the label reports are filed under.

    >>> p = parse_period("2026-10")
    >>> (p.label, str(p.start.date()), str(p.end.date()), p.freq)
    ('2026-10', '2026-10-01', '2026-11-01', 'M')
    """

    label: str
    start: pd.Timestamp
    end: pd.Timestamp
    freq: str | None = None

    def previous(self) -> Period:
        """The period just before, of the same kind (or the same length).

        Returns
        -------
        Period
            Same kind for a calendar period; same length, just before, for a window.

        Examples
        --------
        >>> parse_period("2026-W01").previous().label
        '2025-W52'
        """
        if self.freq in ("W", "M", "Q", "Y"):
            return _calendar(self.freq, self.start - pd.Timedelta(days=1))
        length = self.end - self.start
        return window(self.start - length, self.start)

    def contains(self, when: pd.Series) -> pd.Series:
        """Which timestamps fall inside the period.

        Parameters
        ----------
        when : pandas.Series
            Timestamps.

        Returns
        -------
        pandas.Series
            True where `start <= when < end`.

        Examples
        --------
        >>> p = parse_period("2026-10")
        >>> p.contains(pd.Series(pd.to_datetime(["2026-10-31", "2026-11-01"]))).tolist()
        [True, False]
        """
        return (when >= self.start) & (when < self.end)


def _calendar(freq: str, inside: pd.Timestamp) -> Period:
    inside = pd.Timestamp(inside).normalize()
    if freq == "W":
        start = inside - pd.Timedelta(days=inside.weekday())
        year, week, _ = start.isocalendar()
        return Period(f"{year}-W{week:02d}", start, start + pd.Timedelta(days=7), "W")
    if freq == "M":
        start = inside.replace(day=1)
        return Period(f"{start:%Y-%m}", start, start + pd.offsets.MonthBegin(1), "M")
    if freq == "Q":
        quarter = (inside.month - 1) // 3 + 1
        start = pd.Timestamp(inside.year, 3 * quarter - 2, 1)
        return Period(f"{inside.year}-Q{quarter}", start, start + pd.offsets.MonthBegin(3), "Q")
    if freq == "Y":
        start = pd.Timestamp(inside.year, 1, 1)
        return Period(f"{inside.year}", start, pd.Timestamp(inside.year + 1, 1, 1), "Y")
    raise ValueError(f"unknown period kind {freq!r}: expected W, M, Q or Y")


def parse_period(text: str) -> Period:
    """The period a label names: 2026-10, 2026-W44, 2026-Q3 or 2026.

    Parameters
    ----------
    text : str
        A month (2026-10), ISO week (2026-W44), quarter (2026-Q3) or year (2026).

    Returns
    -------
    Period

    Raises
    ------
    ValueError
        For any other text, with the forms expected.

    Examples
    --------
    >>> parse_period("2026-W44").start.date(), parse_period("2026-Q3").end.date()
    (datetime.date(2026, 10, 26), datetime.date(2026, 10, 1))
    """
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})-W(\d{1,2})", text, re.IGNORECASE):
        try:
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            raise ValueError(
                f"{text!r} is not a week: {m[1]} has ISO weeks W01 to "
                f"W{dt.date(int(m[1]), 12, 28).isocalendar()[1]}"
            ) from None
        return _calendar("W", pd.Timestamp(monday))
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text, re.IGNORECASE):
        return _calendar("Q", pd.Timestamp(int(m[1]), 3 * int(m[2]) - 2, 1))
    if (m := re.fullmatch(r"(\d{4})-(\d{1,2})", text)) and 1 <= int(m[2]) <= 12:
        return _calendar("M", pd.Timestamp(int(m[1]), int(m[2]), 1))
    if re.fullmatch(r"\d{4}", text):
        return _calendar("Y", pd.Timestamp(int(text), 1, 1))
    raise ValueError(
        f"{text!r} is not a period: expected a month (2026-10), an ISO week (2026-W44), "
        "a quarter (2026-Q3) or a year (2026)"
    )


def window(start: str | dt.date | pd.Timestamp, end: str | dt.date | pd.Timestamp) -> Period:
    """An explicit window [start, end), labelled by its dates.

    Parameters
    ----------
    start, end : str, datetime.date or pandas.Timestamp
        The first day, and the day after the last (the end is excluded).

    Returns
    -------
    Period
        Labelled `first_last` by days; `freq` is None.

    Examples
    --------
    >>> window("2026-10-01", "2026-10-15").label
    '2026-10-01_2026-10-14'
    """
    start_ts, end_ts = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    if end_ts <= start_ts:
        raise ValueError(f"the end ({end_ts.date()}) must come after the start ({start_ts.date()})")
    last_day = end_ts - pd.Timedelta(days=1)
    return Period(f"{start_ts:%Y-%m-%d}_{last_day:%Y-%m-%d}", start_ts, end_ts, None)


def periods_between(every: str, first: str | dt.date, last: str | dt.date) -> list[Period]:
    """Every week, month or quarter from the one holding `first` to the one holding `last`.

    Parameters
    ----------
    every : str
        'week', 'month', 'quarter' or 'year' (or W, M, Q, Y).
    first, last : str or datetime.date
        Days inside the first and the last period.

    Returns
    -------
    list of Period
        In order, each ending where the next starts.

    Examples
    --------
    >>> [p.label for p in periods_between("month", "2026-08-15", "2026-10-02")]
    ['2026-08', '2026-09', '2026-10']
    """
    freq = FREQ_OF_EVERY.get(every, every)
    current = _calendar(freq, pd.Timestamp(first))
    stop = pd.Timestamp(last)
    out = []
    while current.start <= stop:
        out.append(current)
        current = _calendar(freq, current.end)
    return out


def latest_full_period(freq: str, as_of: str | dt.date | pd.Timestamp) -> Period:
    """The last whole week/month/quarter that ended on or before `as_of`.

    Parameters
    ----------
    freq : str
        W, M, Q or Y.
    as_of : str, datetime.date or pandas.Timestamp
        The day of asking.

    Returns
    -------
    Period

    Examples
    --------
    >>> latest_full_period("M", "2026-11-14").label
    '2026-10'
    """
    return _calendar(freq, pd.Timestamp(as_of).normalize()).previous()


def report_period(start: str, end: str, label: str | None = None) -> Period:
    """The period a report's parameters describe: a calendar period when the label names
    one with the same dates (so "previous" means the previous month), else a window.

    Parameters
    ----------
    start, end : str
        The window [start, end) a report covers.
    label : str, optional
        The label the report is filed under.

    Returns
    -------
    Period

    Examples
    --------
    >>> report_period("2026-10-01", "2026-11-01", "2026-10").previous().label
    '2026-09'
    >>> report_period("2026-10-01", "2026-10-15").previous().label
    '2026-09-17_2026-09-30'
    """
    if label:
        try:
            named = parse_period(label)
        except ValueError:
            named = None
        if named and named.start == pd.Timestamp(start) and named.end == pd.Timestamp(end):
            return named
    return window(start, end)


def history_start(period: Period, freq: str, count: int) -> pd.Timestamp:
    """Start of the `count` periods of kind `freq` that end with `period`.

    Parameters
    ----------
    period : Period
        The last period of the history.
    freq : str
        W, M, Q or Y.
    count : int
        How many periods the history shows (at least 1).

    Returns
    -------
    pandas.Timestamp
        The start of the first of them.

    Examples
    --------
    >>> history_start(parse_period("2026-10"), "M", 6).date()
    datetime.date(2026, 5, 1)
    """
    current = _calendar(freq, period.end - pd.Timedelta(days=1))
    for _ in range(max(count, 1) - 1):
        current = current.previous()
    return current.start
