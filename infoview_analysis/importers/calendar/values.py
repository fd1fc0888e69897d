"""One property value of a VEVENT: dates, durations, the reason to leave an event out.

`Skip` carries the reason an event (or occurrence) is left out; `checked` turns
icalendar's parse errors into one; the rest turn values into comparable datetimes.
"""

from __future__ import annotations

import datetime as dt

EXPECTED = {
    "DTSTART": "a date or date-time (e.g. 20260105T150000Z)",
    "DTEND": "a date or date-time (e.g. 20260105T153000Z)",
    "RECURRENCE-ID": "a date or date-time",
    "DURATION": "a duration (e.g. PT30M)",
    "RDATE": "dates, date-times or periods (start/end or start/duration)",
    "EXDATE": "dates or date-times",
    "RRULE": "a recurrence rule (FREQ=...;...)",
}
# Pandas stores nanosecond timestamps: the years it can hold, a day inside each end.
STORABLE = (dt.datetime(1678, 1, 1), dt.datetime(2261, 12, 31))


class Skip(Exception):  # noqa: N818 - a reason to leave one event out, not a failure
    """An event (or occurrence) that cannot be imported, with the reason to list."""


def as_list(value) -> list:
    """A property's value as a list (icalendar gives one value, or a list for repeats).

    Parameters
    ----------
    value : object
        None, one value or a list.

    Returns
    -------
    list

    Examples
    --------
    >>> as_list(None), as_list("a"), as_list(["a", "b"])
    ([], ['a'], ['a', 'b'])
    """
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def to_datetime(value) -> tuple[dt.datetime, bool]:
    """A DTSTART-like value as a datetime, and whether it was a date (all-day).

    Parameters
    ----------
    value : date or datetime
        A parsed value (the `.dt` of an icalendar property).

    Returns
    -------
    (datetime, bool)

    Raises
    ------
    Skip
        For anything else.

    Examples
    --------
    >>> to_datetime(dt.date(2026, 1, 5))
    (datetime.datetime(2026, 1, 5, 0, 0), True)
    """
    if isinstance(value, dt.datetime):
        return value, False
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time()), True
    raise Skip(f"'{value}' is not a date or date-time")


def to_local(stamp: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """An aware time as naive local time in `zone`; a floating (naive) time as written.

    Parameters
    ----------
    stamp : datetime
    zone : tzinfo

    Returns
    -------
    datetime
        Naive.

    Examples
    --------
    >>> import zoneinfo
    >>> to_local(dt.datetime(2026, 1, 5, 15, tzinfo=dt.UTC), zoneinfo.ZoneInfo("Europe/Berlin"))
    datetime.datetime(2026, 1, 5, 16, 0)
    """
    if stamp.tzinfo is None:
        return stamp
    return stamp.astimezone(zone).replace(tzinfo=None)


def instant(stamp: dt.datetime) -> dt.datetime:
    """A comparable instant: aware as UTC naive, floating as is.

    Parameters
    ----------
    stamp : datetime

    Returns
    -------
    datetime
        Naive.

    Examples
    --------
    >>> import zoneinfo
    >>> instant(dt.datetime(2026, 1, 5, 16, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")))
    datetime.datetime(2026, 1, 5, 15, 0)
    """
    if stamp.tzinfo is None:
        return stamp
    return stamp.astimezone(dt.UTC).replace(tzinfo=None)


def raw_text(raw: dict, name: str) -> str:
    """A property's first value as written, shortened to 60 characters for a reason's text.

    Parameters
    ----------
    raw : dict
        Property name -> list of (head, value), as `repair.prepare` returns them.
    name : str

    Returns
    -------
    str
        Empty when the property is absent.

    Examples
    --------
    >>> raw_text({"DTSTART": [("DTSTART", "2026-01-05")]}, "DTSTART"), raw_text({}, "DTEND")
    ('2026-01-05', '')
    """
    values = raw.get(name)
    text = values[0][1] if values else ""
    return text if len(text) <= 60 else text[:57] + "..."


def checked(event, raw: dict, name: str):
    """A property's parsed value; an unreadable one leaves the event out.

    Parameters
    ----------
    event : icalendar.Event
    raw : dict
        The event's values as written (for the reason's text).
    name : str
        A property named in `EXPECTED`.

    Returns
    -------
    object
        The property, or None when absent.

    Raises
    ------
    Skip
        When icalendar could not read the value.

    Examples
    --------
    >>> import icalendar
    >>> ev = icalendar.Event.from_ical("BEGIN:VEVENT\\nDTSTART:soon\\nEND:VEVENT\\n")
    >>> checked(ev, {"DTSTART": [("DTSTART", "soon")]}, "DTSTART")
    Traceback (most recent call last):
    ...
    infoview_analysis.importers.calendar.values.Skip: DTSTART 'soon' is not a date or date-time (e.g. 20260105T150000Z) (Expected datetime, date, or time. Got: 'soon')
    """
    for prop, message in getattr(event, "errors", []):
        if prop == name:
            raise Skip(f"{name} '{raw_text(raw, name)}' is not {EXPECTED[name]} ({message[:80]})")
    return event.get(name)


def duration_of(event, raw: dict, start: dt.datetime, notes: list[str]) -> dt.timedelta | None:
    """DTEND - DTSTART, else DURATION, else None; odd combinations are noted.

    Parameters
    ----------
    event : icalendar.Event
    raw : dict
        The event's values as written (for the reason's text).
    start : datetime
        The event's (or occurrence's) start.
    notes : list of str
        Notes are appended here.

    Returns
    -------
    timedelta or None

    Raises
    ------
    Skip
        An unreadable DTEND/DURATION, an end before the start, a negative DURATION.

    Examples
    --------
    >>> import icalendar
    >>> ev = icalendar.Event.from_ical("BEGIN:VEVENT\\nDTSTART:20260105T150000Z\\nDURATION:PT30M\\nEND:VEVENT\\n")
    >>> duration_of(ev, {}, ev["DTSTART"].dt, [])
    datetime.timedelta(seconds=1800)
    """
    end = checked(event, raw, "DTEND")
    length = checked(event, raw, "DURATION")
    if end is not None:
        if length is not None:
            notes.append("DTEND and DURATION both given: DTEND is used")
        stop, _ = to_datetime(end.dt)
        if (stop.tzinfo is None) != (start.tzinfo is None):
            notes.append("DTEND and DTSTART differ in time-zone form: no duration")
            return None
        if instant(stop) < instant(start):
            raise Skip(
                f"DTEND '{raw_text(raw, 'DTEND')}' is before DTSTART '{raw_text(raw, 'DTSTART')}'"
            )
        return stop - start
    if length is None:
        return None
    value = length.dt
    if not isinstance(value, dt.timedelta):
        raise Skip(f"DURATION '{raw_text(raw, 'DURATION')}' is not {EXPECTED['DURATION']}")
    if value < dt.timedelta(0):
        raise Skip(f"DURATION '{raw_text(raw, 'DURATION')}' is negative (it ends before it starts)")
    return value


__all__ = [
    "EXPECTED",
    "STORABLE",
    "Skip",
    "as_list",
    "to_datetime",
    "to_local",
    "instant",
    "raw_text",
    "checked",
    "duration_of",
]
