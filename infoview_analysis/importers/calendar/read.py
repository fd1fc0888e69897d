"""`read_ics`: an iCalendar file to a Batch of meetings with known contacts.

Splits the file, reads each VEVENT on its own, expands series, matches participants
and builds the records; everything left out or repaired is reported.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pandas as pd

from infoview_analysis.core.problems import LogError, file_error
from infoview_analysis.importers.batch import Batch
from infoview_analysis.importers.calendar.attendees import (
    ContactNames,
    known_emails,
    match_participants,
    participants,
)
from infoview_analysis.importers.calendar.events import (
    Event,
    channel_of,
    event_identity,
    parse_event,
    start_of,
)
from infoview_analysis.importers.calendar.lines import split_components
from infoview_analysis.importers.calendar.recurrence import expand_series
from infoview_analysis.importers.calendar.reporting import left_out_frame, notes_frame
from infoview_analysis.importers.calendar.values import (
    STORABLE,
    Skip,
    instant,
    to_datetime,
    to_local,
)
from infoview_analysis.importers.calendar.zones import unique_zone_names
from infoview_analysis.importers.exports import read_text_export
from infoview_analysis.importers.local_time import local_zone
from infoview_analysis.importers.records import event_frame, people_frame

CALENDAR_EXPECTED = "an iCalendar file (BEGIN:VCALENDAR ... BEGIN:VEVENT ... END:VCALENDAR)"


def not_calendar(file: str) -> LogError:
    """The error for a file with no calendar in it.

    Parameters
    ----------
    file : str

    Returns
    -------
    LogError

    Examples
    --------
    >>> print(not_calendar("x.ics"))  # doctest: +NORMALIZE_WHITESPACE
    1 problem in the input:
    error   x.ics: expected an iCalendar file (BEGIN:VCALENDAR ... BEGIN:VEVENT ... END:VCALENDAR)
    """
    return file_error(file, CALENDAR_EXPECTED, "not_a_table")


def read_ics(
    path: Path | str,
    contacts: pd.DataFrame,
    *,
    since: dt.date | dt.datetime | None = None,
    until: dt.date | dt.datetime | None = None,
    tz: str | dt.tzinfo | None = None,
) -> Batch:
    """Meetings with known contacts from an iCalendar file, one event at a time.

    `contacts` needs an `email` column (and may have `other_emails`, ';'-joined, and
    `name` and `contact_id` for matching attendees by name). The window is
    `[since, until)` in local time; `until` defaults to tomorrow. Events that cannot
    be read are in `left_out` (with `items`, their VEVENT numbers); repairs and limits
    hit are in `notes`.

    Parameters
    ----------
    path : Path or str
        The `.ics` file.
    contacts : pandas.DataFrame
        Known contacts to match participants against.
    since, until : date or datetime, optional
        The window of occurrences to import.
    tz : str or tzinfo, optional
        Local time zone.

    Returns
    -------
    Batch
        People, meeting events, left-out events and notes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.ics"
    >>> _ = f.write_text("BEGIN:VCALENDAR\\r\\nBEGIN:VEVENT\\r\\nUID:1\\r\\nDTSTART:20260105T150000Z\\r\\n"
    ...     "DTEND:20260105T153000Z\\r\\nRRULE:FREQ=WEEKLY;COUNT=3\\r\\n"
    ...     "ATTENDEE;CN=Ana:mailto:ana@x.org\\r\\nEND:VEVENT\\r\\n"
    ...     "BEGIN:VEVENT\\r\\nUID:2\\r\\nSUMMARY:Broken\\r\\nDTSTART:INVALID-DATE\\r\\nEND:VEVENT\\r\\nEND:VCALENDAR\\r\\n")
    >>> b = read_ics(f, pd.DataFrame({"email": ["ANA@x.org"]}), until=dt.date(2026, 2, 1), tz="UTC")
    >>> b.events[["date", "duration_min"]].astype(str).values.tolist()
    [['2026-01-05 15:00:00', '30.0'], ['2026-01-12 15:00:00', '30.0'], ['2026-01-19 15:00:00', '30.0']]
    >>> b.left_out["rows"].tolist()
    ["VEVENT 2 (line 9) UID '2' 'Broken'"]
    """
    import icalendar

    path = Path(path)
    file = str(path)
    zone = local_zone(tz)
    text = read_text_export(path, CALENDAR_EXPECTED)
    split = split_components(text)
    if not split.is_calendar:
        raise not_calendar(file)
    lo = max(window_bound(since, dt.datetime.min), STORABLE[0])
    default_hi = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time())
    hi = min(window_bound(until, default_hi), STORABLE[1])

    known = known_emails(contacts)
    by_name = ContactNames(contacts)

    zone_names, zone_text = unique_zone_names(split.zones)
    if zone_text:
        try:  # registers the file's zones under their unique names
            icalendar.Calendar.from_ical(f"BEGIN:VCALENDAR\r\n{zone_text}\r\nEND:VCALENDAR\r\n")
        except Exception as exc:  # noqa: BLE001 - a bad zone only costs the events using it
            split.notes.append(f"VTIMEZONE definitions unreadable ({exc}): their TZIDs are unknown")

    # dropped[reason][number] = occurrences left out for that reason
    dropped: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    notes: dict[str, list[int]] = defaultdict(list)
    recurring: set[int] = set()
    emitted: set[int] = set()
    events: dict[int, Event] = {}
    overrides: dict[str, dict[dt.datetime, Event]] = defaultdict(dict)
    masters: list[Event] = []

    for number, block in enumerate(split.events, start=1):
        uid, summary = event_identity(block)
        event = Event(number, block.line, uid, summary)
        events[number] = event
        try:
            parse_event(event, block, zone_names)
        except Skip as skip:
            dropped[str(skip)][number] += 1
            continue
        except Exception as exc:  # noqa: BLE001 - one unreadable event never sinks the file
            dropped[f"unreadable event ({type(exc).__name__}: {exc})"][number] += 1
            continue
        component = event.component
        for note in event.notes:
            notes[note].append(number)
        rid = component.get("RECURRENCE-ID")
        if rid is not None and uid is not None:
            overrides[uid][instant(to_datetime(rid.dt)[0])] = event
        else:
            masters.append(event)

    people: list[dict[str, object]] = []
    rows: list[dict[str, object]] = []

    def emit(event: Event, start: dt.datetime, all_day: bool, duration, series) -> None:
        component = event.component
        try:
            local = to_local(start, zone)
        except (OverflowError, ValueError):
            dropped["date outside the years that can be stored"][event.number] += 1
            return
        if not (STORABLE[0] <= local <= STORABLE[1]):
            dropped["date outside the years that can be stored"][event.number] += 1
            return
        if not (lo <= local < hi):
            dropped["occurrence outside the requested window"][event.number] += 1
            return
        if str(component.get("STATUS", "")).upper() == "CANCELLED":
            dropped["cancelled"][event.number] += 1
            return
        matched, unsure = match(event, series)
        for text in unsure:
            notes[f"{text}: not guessed"].append(event.number)
        if not matched:
            reason = (
                "no attendee or organizer matches a contact (by e-mail or exact name)"
                if not unsure
                else "the only attendee names that match are shared by several contacts"
            )
            dropped[reason][event.number] += 1
            return
        minutes = None if all_day or duration is None else duration.total_seconds() / 60
        emitted.add(event.number)
        for key, person in matched.items():
            people.append({"_key": key, "_row": event.number, **person})
            rows.append(
                {
                    "_key": key,
                    "date": local,
                    "duration": minutes,
                    "channel": channel(event, series),
                    "notes": event.summary,
                    "_row": event.number,
                }
            )

    matches: dict[tuple[int, int], tuple[dict, list[str]]] = {}

    def match(event: Event, series: Event | None) -> tuple[dict, list[str]]:
        """Known contacts among the event's participants (computed once per event)."""
        cache_key = (event.number, series.number if series is not None else 0)
        if cache_key in matches:
            return matches[cache_key]
        component = event.component
        who = participants(component)
        if series is not None and component.get("ATTENDEE") is None:
            who += [w for w in participants(series.component) if w[2] == "attendee"]
        matched, unsure = match_participants(who, known, by_name, file)
        matches[cache_key] = (matched, unsure)
        return matched, unsure

    channels: dict[tuple[int, int], str] = {}

    def channel(event: Event, series: Event | None) -> str:
        """The event's channel (computed once per event and series)."""
        cache_key = (event.number, series.number if series is not None else 0)
        if cache_key not in channels:
            channels[cache_key] = channel_of(event, series)
        return channels[cache_key]

    def emit_overrides(moved: dict, duration: dt.timedelta | None, series: Event | None) -> None:
        """Each moved occurrence at its own time; its series' duration if it has none."""
        for other in moved.values():
            try:
                o_start, o_all_day, o_duration = start_of(other)
            except Skip as skip:
                dropped[str(skip)][other.number] += 1
                continue
            own = o_duration if series is None else o_duration or duration
            emit(other, o_start, o_all_day, own, series)

    for event in masters:
        moved = overrides.pop(event.uid, {}) if event.uid is not None else {}
        try:
            start, all_day, duration = start_of(event)
            expansion = expand_series(event.component, event.raw, start, lo, hi)
        except Skip as skip:
            dropped[str(skip)][event.number] += 1
            for other in moved.values():
                dropped["its series was left out (see that event)"][other.number] += 1
            continue
        except Exception as exc:  # noqa: BLE001 - one unreadable event never sinks the file
            dropped[f"unreadable event ({type(exc).__name__}: {exc})"][event.number] += 1
            continue
        if expansion.recurring:
            recurring.add(event.number)
        for note in expansion.notes:
            notes[note].append(event.number)
        for occurrence, own in expansion.occurrences:
            try:
                if instant(occurrence) in moved:
                    continue  # replaced by its override, emitted below
            except (OverflowError, ValueError):
                pass
            emit(event, occurrence, all_day, own or duration, None)
        emit_overrides(moved, duration, event)
    for moved in overrides.values():  # overrides of a series not in this file
        emit_overrides(moved, None, None)

    accounted = emitted | {n for per in dropped.values() for n in per}
    for number in events:
        if number not in accounted:
            dropped["no occurrence left (all excluded by EXDATE or moved by overrides)"][
                number
            ] += 1

    batch = Batch(files=[file])
    batch.left_out = left_out_frame(file, dropped, emitted, recurring, events)
    batch.notes = notes_frame(file, split.notes, notes, events)
    if people:
        p = pd.DataFrame(people).drop_duplicates("_key")
        batch.people = people_frame(
            file,
            p["_row"].to_numpy(),
            _key=p["_key"],
            email=p["email"].to_numpy(object),
            name=p["name"].to_numpy(object),
            _same_as=p["_same_as"].to_numpy(object) if "_same_as" in p else None,
        )
        e = pd.DataFrame(rows)
        batch.events = event_frame(
            file,
            e["_row"].to_numpy(),
            _key=e["_key"],
            date=pd.to_datetime(e["date"]),
            type="meeting",
            channel=e["channel"].to_numpy(object),
            duration_min=e["duration"].astype(float).to_numpy(),
            notes=e["notes"].to_numpy(object),
        )
    batch.counts["calendar VEVENTs"] = len(events)
    batch.counts["calendar events imported"] = len(emitted)
    batch.counts["calendar events left out"] = len(set(events) - emitted)
    batch.counts["meetings"] = len(rows)
    return batch


def window_bound(value: dt.date | dt.datetime | None, default: dt.datetime) -> dt.datetime:
    """A window bound as a naive datetime (a date is its midnight); `default` for None.

    Parameters
    ----------
    value : date or datetime or None
    default : datetime

    Returns
    -------
    datetime

    Examples
    --------
    >>> window_bound(dt.date(2026, 1, 5), dt.datetime.max)
    datetime.datetime(2026, 1, 5, 0, 0)
    """
    if value is None:
        return default
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time())


__all__ = [
    "CALENDAR_EXPECTED",
    "not_calendar",
    "read_ics",
    "window_bound",
]
