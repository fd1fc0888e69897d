"""Recurring series (RRULE, RDATE, EXDATE) expanded within the window, with caps.

At most `MAX_OCCURRENCES_PER_SERIES` occurrences are examined per series, over at most
`EXPANSION_WINDOW_YEARS` years before the window's end; a cut series is named in a note.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from infoview_analysis.importers.calendar.values import (
    STORABLE,
    Skip,
    as_list,
    checked,
    raw_text,
    to_datetime,
)

#: Occurrences examined per recurring series (before and inside the window) at most.
MAX_OCCURRENCES_PER_SERIES = 5000
#: Recurrences are expanded over at most this many years before the window's end.
EXPANSION_WINDOW_YEARS = 30


_SUB_DAILY = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400}


@dataclass
class Expansion:
    """The occurrences of one event.

    Attributes
    ----------
    occurrences : list of (datetime, timedelta or None)
        Start, and an RDATE period's own length.
    notes : list of str
        Limits hit.
    recurring : bool
        Whether the event is a series.
    """

    occurrences: list[tuple[dt.datetime, dt.timedelta | None]]
    notes: list[str]
    recurring: bool


def _candidate_days(parts: dict, first: dt.date, last: dt.date) -> np.ndarray:
    """Days in [first, last] that pass the rule's day filters (a superset of its days)."""
    days = pd.date_range(first, last, freq="D")
    keep = np.ones(len(days), dtype=bool)
    if "BYMONTH" in parts:
        keep &= np.isin(days.month, [int(m) for m in parts["BYMONTH"]])
    if "BYMONTHDAY" in parts:
        wanted = [int(d) for d in parts["BYMONTHDAY"]]
        from_end = days.day - days.days_in_month - 1
        keep &= np.isin(days.day, wanted) | np.isin(from_end, wanted)
    if "BYYEARDAY" in parts:
        wanted = [int(d) for d in parts["BYYEARDAY"]]
        length = np.where(days.is_leap_year, 366, 365)
        keep &= np.isin(days.day_of_year, wanted) | np.isin(days.day_of_year - length - 1, wanted)
    if "BYDAY" in parts:
        names = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        wanted = [
            names.index(str(d)[-2:].upper()) for d in parts["BYDAY"] if str(d)[-2:].upper() in names
        ]
        keep &= np.isin(days.day_of_week, wanted)
    return days[keep].to_pydatetime()


def rule_occurrences(
    parts: dict,
    text: str,
    wall: dt.datetime,
    stop: dt.datetime,
    budget: list[int],
    first: dt.datetime | None = None,
) -> tuple[list[dt.datetime], bool]:
    """Occurrences of one RRULE from `wall` to `stop`; `budget[0]` counts down examined ones.

    Daily and finer rules are iterated one candidate day at a time (dateutil would
    otherwise crawl second by second through days its filters exclude); without a
    COUNT, their days before `first` are skipped, not examined.

    Parameters
    ----------
    parts : dict
        The rule's parts, each a list (FREQ, INTERVAL, BYDAY, ...).
    text : str
        The rule as text.
    wall : datetime
        The series' start, naive wall time.
    stop : datetime
        The last time wanted.
    budget : list of int
        One counter shared by the series' rules.
    first : datetime, optional
        The first time wanted.

    Returns
    -------
    (list of datetime, bool)
        The occurrences, and whether the budget cut them.

    Raises
    ------
    Skip
        A rule dateutil cannot expand.

    Examples
    --------
    >>> found, cut = rule_occurrences({"FREQ": ["DAILY"]}, "FREQ=DAILY;COUNT=3",
    ...     dt.datetime(2026, 1, 5, 9), dt.datetime(2027, 1, 1), [100])
    >>> [f"{d:%m-%d %H}" for d in found], cut
    (['01-05 09', '01-06 09', '01-07 09'], False)
    """
    from dateutil.rrule import rrulestr

    try:
        rule = rrulestr(text, dtstart=wall)
    except (ValueError, TypeError, OverflowError) as exc:
        raise Skip(f"RRULE '{text}' cannot be expanded ({exc})") from None
    count = rule._count  # noqa: SLF001 - dateutil keeps COUNT only here
    until = rule._until  # noqa: SLF001
    end = min(until, stop) if until is not None else stop
    freq = str(parts.get("FREQ", [""])[0])
    if freq in _SUB_DAILY:
        unit = dt.timedelta(seconds=_SUB_DAILY[freq])
        step = unit * int(parts.get("INTERVAL", [1])[0])
        # The start of the interval period holding DTSTART (its day, hour or minute).
        origin = dt.datetime.min + ((wall - dt.datetime.min) // unit) * unit
        # The times of day dateutil derived from DTSTART, kept when DTSTART moves.
        fixed = {
            "byhour": rule._byhour,  # noqa: SLF001
            "byminute": rule._byminute,  # noqa: SLF001
            "bysecond": rule._bysecond,  # noqa: SLF001
        }

        for key, top in (("byhour", 23), ("byminute", 59), ("bysecond", 59)):
            outside = [v for v in fixed[key] or () if not 0 <= int(v) <= top]
            if outside:
                raise Skip(f"RRULE {key.upper()} {outside[0]} is outside 0-{top}")
        # Hourly and finer: the times of a day are the BYHOUR x BYMINUTE x BYSECOND grid
        # on the interval, computed with numpy (dateutil walks second by second).
        unit_s, step_s = int(unit.total_seconds()), int(step.total_seconds())
        grid = (
            np.asarray(sorted(fixed["byhour"] or range(24)), dtype=np.int64)[:, None, None] * 3600
            + np.asarray(sorted(fixed["byminute"] or range(60)), dtype=np.int64)[None, :, None] * 60
            + np.asarray(sorted(fixed["bysecond"] or range(60)), dtype=np.int64)[None, None, :]
        ).ravel()
        grid.sort()
        lowest = int((wall - origin).total_seconds())
        highest = int((end - origin).total_seconds())

        def iterate():
            skip_to = wall.date() if count is not None or first is None else first.date()
            for day in _candidate_days(parts, max(wall.date(), skip_to), end.date()):
                if freq != "DAILY":
                    offsets = int((day - origin).total_seconds()) + grid
                    periods = offsets - offsets % unit_s
                    ok = (periods % step_s == 0) & (offsets >= lowest) & (offsets <= highest)
                    for seconds in grid[ok].tolist():
                        yield day + dt.timedelta(seconds=seconds)
                    continue
                # The first period on the rule's interval grid that starts that day.
                periods = -(-(day - origin) // step) if day > origin else 0
                begin = max(wall, origin + periods * step)
                if begin.date() != day.date() or begin > end:
                    continue
                day_end = min(end, day + dt.timedelta(days=1) - dt.timedelta(microseconds=1))
                yield from rule.replace(dtstart=begin, count=None, until=day_end, **fixed)

        stream = iterate()
    else:
        stream = iter(rule.replace(count=None, until=end))
    if count is not None:
        stream = itertools.islice(stream, count)
    found: list[dt.datetime] = []
    for occurrence in stream:
        if budget[0] <= 0:
            return found, True
        budget[0] -= 1
        found.append(occurrence)
    return found, False


def expand_series(
    event, raw: dict, start: dt.datetime, lo: dt.datetime, hi: dt.datetime
) -> Expansion:
    """(start, own duration or None) of every occurrence that may fall in [lo, hi).

    Parameters
    ----------
    event : icalendar.Event
    raw : dict
        The event's values as written (for reasons' text).
    start : datetime
        DTSTART.
    lo, hi : datetime
        The window, naive local time.

    Returns
    -------
    Expansion

    Raises
    ------
    Skip
        An unreadable RRULE, RDATE or EXDATE.

    Examples
    --------
    >>> import icalendar
    >>> ev = icalendar.Event.from_ical("BEGIN:VEVENT\\nDTSTART:20260105T090000\\n"
    ...     "RRULE:FREQ=WEEKLY;COUNT=2\\nEND:VEVENT\\n")
    >>> x = expand_series(ev, {}, ev["DTSTART"].dt, dt.datetime(2026, 1, 1), dt.datetime(2026, 2, 1))
    >>> [f"{s:%Y-%m-%d}" for s, _ in x.occurrences], x.recurring
    (['2026-01-05', '2026-01-12'], True)
    """
    from icalendar import vRecur

    tz = start.tzinfo
    wall = start.replace(tzinfo=None)

    def wall_of(value) -> dt.datetime:
        stamp, _ = to_datetime(value)
        if stamp.tzinfo is not None and tz is not None:
            return stamp.astimezone(tz).replace(tzinfo=None)
        return stamp.replace(tzinfo=None)

    rules = as_list(checked(event, raw, "RRULE"))
    rdates = as_list(checked(event, raw, "RDATE"))
    exdates = as_list(checked(event, raw, "EXDATE"))
    if not rules and not rdates:
        return Expansion([(start, None)], [], False)
    notes: list[str] = []
    window_lo = max(lo, hi - dt.timedelta(days=365 * EXPANSION_WINDOW_YEARS))
    # Window bounds in the series' wall time: widen by a day, filter exactly later.
    day = dt.timedelta(days=1)
    first = max(window_lo, STORABLE[0]) - day
    last = min(hi, STORABLE[1]) + day
    walls: set[dt.datetime] = set()
    if first <= wall <= last:
        walls.add(wall)
    budget = [MAX_OCCURRENCES_PER_SERIES]
    for rule in rules:
        parts = {k: list(v) for k, v in dict(rule).items()}
        if "UNTIL" in parts:
            parts["UNTIL"] = [wall_of(parts["UNTIL"][0])]
        text = vRecur(parts).to_ical().decode()
        found, cut = rule_occurrences(parts, text, wall, last, budget, first)
        if cut:
            notes.append(
                f"series cut after {MAX_OCCURRENCES_PER_SERIES} occurrences "
                f"(MAX_OCCURRENCES_PER_SERIES; last one read {found[-1]:%Y-%m-%d %H:%M:%S})"
            )
        if wall < window_lo and window_lo > lo:
            notes.append(
                f"occurrences before {window_lo:%Y-%m-%d} not imported "
                f"(EXPANSION_WINDOW_YEARS = {EXPANSION_WINDOW_YEARS} years before the window's end)"
            )
        walls.update(w for w in found if first <= w <= last)
    periods: dict[dt.datetime, dt.timedelta] = {}
    for prop in rdates:
        for item in prop.dts:
            value = item.dt
            if isinstance(value, tuple):
                begin = wall_of(value[0])
                end = value[1]
                length = end if isinstance(end, dt.timedelta) else wall_of(end) - begin
                if length < dt.timedelta(0):
                    raise Skip(f"RDATE period '{raw_text(raw, 'RDATE')}' ends before it starts")
                periods[begin] = length
            else:
                begin = wall_of(value)
            if first <= begin <= last:
                walls.add(begin)
    for prop in exdates:
        for item in prop.dts:
            walls.discard(wall_of(item.dt))
    found = sorted(walls)
    return Expansion(
        [(w.replace(tzinfo=tz) if tz else w, periods.get(w)) for w in found], notes, True
    )


__all__ = [
    "MAX_OCCURRENCES_PER_SERIES",
    "EXPANSION_WINDOW_YEARS",
    "Expansion",
    "rule_occurrences",
    "expand_series",
]
