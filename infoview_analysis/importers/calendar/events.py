"""One VEVENT at a time: its identity, its parsed component, its start and its channel.

A VEVENT that cannot be read raises `Skip` with the reason it is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from infoview_analysis.importers.calendar.lines import Block, param, split_line
from infoview_analysis.importers.calendar.repair import prepare
from infoview_analysis.importers.calendar.values import Skip, checked, duration_of, to_datetime

VIDEO_WORDS = (
    "zoom.us",
    "meet.google",
    "teams.microsoft",
    "webex",
    "whereby",
    "skype",
    "video call",
)


@dataclass
class Event:
    """One VEVENT of the file, as read so far.

    Attributes
    ----------
    number : int
        Its position among the file's VEVENTs, from 1.
    line : int
        The line its BEGIN:VEVENT is on.
    uid, summary : str or None
    component : icalendar.Event or None
        Set by `parse_event`.
    raw : dict
        Property -> list of (head, value) as written (repaired).
    notes : list of str
        Repairs and oddities to report.

    Examples
    --------
    >>> Event(2, 9, "u2", "Coffee").label()
    "VEVENT 2 (line 9) UID 'u2' 'Coffee'"
    """

    number: int
    line: int
    uid: str | None
    summary: str | None
    component: object = None
    raw: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def label(self) -> str:
        """The event as named in the left-out list and the notes."""
        text = f"VEVENT {self.number} (line {self.line})"
        if self.uid:
            text += f" UID '{self.uid[:60]}'"
        if self.summary:
            text += f" '{self.summary[:60]}'"
        return text


def event_identity(block: Block) -> tuple[str | None, str | None]:
    """The UID and SUMMARY of a VEVENT, read from its lines (before any parsing).

    Parameters
    ----------
    block : Block

    Returns
    -------
    (str or None, str or None)

    Examples
    --------
    >>> from infoview_analysis.importers.calendar.lines import split_components
    >>> event_identity(split_components("BEGIN:VEVENT\\nUID:1\\nSUMMARY:Coffee\\nEND:VEVENT\\n").events[0])
    ('1', 'Coffee')
    """
    uid = summary = None
    depth = 0
    for _, line in block.lines:
        parts = split_line(line)
        if parts is None:
            continue
        depth += parts[0] == "BEGIN"
        depth -= parts[0] == "END"
        if depth == 1 and parts[0] == "UID" and uid is None:
            uid = parts[2].strip() or None
        if depth == 1 and parts[0] == "SUMMARY" and summary is None:
            summary = re.sub(r"\\([,;\\])", r"\1", parts[2]).replace("\\n", " ").strip() or None
    return uid, summary


def parse_event(event: Event, block: Block, zone_names: dict[str, str]) -> None:
    """Fill `event` with its raw values, repair notes and icalendar component.

    Parameters
    ----------
    event : Event
    block : Block
        The event's lines.
    zone_names : dict of str to str
        The file's unique zone names (`zones.unique_zone_names`).

    Raises
    ------
    Skip
        Or icalendar's own error, when the event cannot be read.

    Examples
    --------
    >>> from infoview_analysis.importers.calendar.lines import split_components
    >>> block = split_components("BEGIN:VEVENT\\nDTSTART:20260105T150000Z\\nDTEND:20260105T153000Z\\n"
    ...     "LOCATION:Cafe\\nEND:VEVENT\\n").events[0]
    >>> event = Event(1, block.line, None, None)
    >>> parse_event(event, block, {})
    >>> start_of(event)[1:], channel_of(event, None)
    ((False, datetime.timedelta(seconds=1800)), 'in_person')
    """
    import icalendar

    body, event.raw, event.notes = prepare(block, zone_names)
    component = icalendar.Event.from_ical(body)
    for prop, message in getattr(component, "errors", []):
        if prop is None:
            event.notes.append(f"a line icalendar cannot read was ignored ({message})")
    for name in ("DTSTART", "RECURRENCE-ID"):
        value = checked(component, event.raw, name)
        if value is not None:
            to_datetime(value.dt)
    event.component = component
    tzid = param(event.raw["DTSTART"][0][0], "TZID") if event.raw.get("DTSTART") else None
    start = component.get("DTSTART")
    if tzid and start is not None and getattr(start.dt, "tzinfo", 1) is None:
        event.notes.append(
            f"TZID '{tzid}' is neither defined in the file nor a known time zone: "
            "times read as local time"
        )


def start_of(event: Event) -> tuple[dt.datetime, bool, dt.timedelta | None]:
    """The event's start, whether it is all-day, and its duration (None if not given).

    Parameters
    ----------
    event : Event
        Parsed (`parse_event`).

    Returns
    -------
    (datetime, bool, timedelta or None)

    Raises
    ------
    Skip
        Without DTSTART, or with an unreadable end or duration.

    Examples
    --------
    >>> from infoview_analysis.importers.calendar.lines import split_components
    >>> block = split_components("BEGIN:VEVENT\\nDTSTART:20260105T150000Z\\nDTEND:20260105T153000Z\\n"
    ...     "LOCATION:Cafe\\nEND:VEVENT\\n").events[0]
    >>> event = Event(1, block.line, None, None)
    >>> parse_event(event, block, {})
    >>> start_of(event)[1:], channel_of(event, None)
    ((False, datetime.timedelta(seconds=1800)), 'in_person')
    """
    value = event.component.get("DTSTART")
    if value is None:
        raise Skip("no DTSTART (not a dated event)")
    start, all_day = to_datetime(value.dt)
    return start, all_day, duration_of(event.component, event.raw, start, event.notes)


def channel_of(event: Event, series: Event | None) -> str:
    """`video` when the event (or its series) names a video link, else `in_person`
    when it has a LOCATION, else `other`.

    Parameters
    ----------
    event : Event
        Parsed (`parse_event`).
    series : Event or None
        The series an override belongs to.

    Returns
    -------
    str

    Examples
    --------
    >>> from infoview_analysis.importers.calendar.lines import split_components
    >>> block = split_components("BEGIN:VEVENT\\nDTSTART:20260105T150000Z\\nDTEND:20260105T153000Z\\n"
    ...     "LOCATION:Cafe\\nEND:VEVENT\\n").events[0]
    >>> event = Event(1, block.line, None, None)
    >>> parse_event(event, block, {})
    >>> start_of(event)[1:], channel_of(event, None)
    ((False, datetime.timedelta(seconds=1800)), 'in_person')
    """
    component = event.component
    where = [component] + ([series.component] if series is not None else [])
    text = " ".join(
        str(c.get(k, ""))
        for c in where
        for k in ("LOCATION", "DESCRIPTION", "URL", "X-GOOGLE-CONFERENCE")
    ).casefold()
    has_place = any(c.get("LOCATION") for c in where)
    return (
        "video" if any(w in text for w in VIDEO_WORDS) else ("in_person" if has_place else "other")
    )


__all__ = [
    "VIDEO_WORDS",
    "Event",
    "event_identity",
    "parse_event",
    "start_of",
    "channel_of",
]
