"""iCalendar (`.ics`) meetings, read event by event with the `icalendar` library.

Each occurrence of a VEVENT with an ATTENDEE or ORGANIZER who is a known contact
becomes a `meeting` with that contact (one per matching person). A participant is a
known contact when their e-mail matches one; without a matching e-mail, when their
CN is exactly (after `normalize_name`) the name of one contact; a name shared by
several contacts is listed, never guessed, and placeholders ("Unknown", "LinkedIn
Member") never match. Channel: `video` when the event names a video link or
conference, else `in_person` when it has a LOCATION, else `other`. Times are
converted to local naive time in `tz` (default: this machine's zone; floating times
are kept as written); `duration_min` is DTEND - DTSTART (or DURATION; an RDATE
period's own length); all-day events get no duration. Recurring series (RRULE, RDATE,
EXDATE) are expanded within the window `[since, until)`; an instance overridden by a
RECURRENCE-ID component takes the override's times (and its attendees, or the
series' when it lists none). ATTENDEEs inside VALARM (alarm recipients) are not
participants; a DECLINED attendee did not meet.

Calendars as they are found: the file is split into its VEVENTs and each is read on
its own, so one broken event is left out (listed with its reason, line, UID and
SUMMARY) and every other one is imported. What has one obvious reading is repaired
and said so in the report's notes: spaces inside date values, lists and RRULE parts
(`DTEND: 20240812T223000Z`, Exchange's `BYDAY=MO, TU`), RSCALE=GREGORIAN (RFC 7529;
Gregorian is the default), an identical property given twice, a missing END:VEVENT,
a TZID defined after its first use or defined twice (the first definition is used).
Left out, each with its reason: no or unreadable DTSTART, an unreadable DTEND,
DURATION, RRULE (unknown FREQ, other RSCALE), RDATE or EXDATE, an end before the
start, dates outside what can be stored; cancelled events, events without a matching
person, occurrences outside the window. A series counts as one entry in the
left-out list ("1 series (174 occurrences)"). Limits: `MAX_OCCURRENCES_PER_SERIES`
occurrences are examined per series and `EXPANSION_WINDOW_YEARS` years before the
window's end are expanded; a series cut by either is named in the notes. Only a file
with no calendar in it at all is an error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from infoview_analysis.core.identity import email_key, normalize_email, normalize_name
from infoview_analysis.core.problems import LogError, file_error
from infoview_analysis.importers.records import (
    Batch,
    event_frame,
    left_out,
    local_zone,
    people_frame,
    read_text_export,
)

#: Occurrences examined per recurring series (before and inside the window) at most.
MAX_OCCURRENCES_PER_SERIES = 5000
#: Recurrences are expanded over at most this many years before the window's end.
EXPANSION_WINDOW_YEARS = 30

VIDEO_WORDS = (
    "zoom.us",
    "meet.google",
    "teams.microsoft",
    "webex",
    "whereby",
    "skype",
    "video call",
)
FREQS = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_SUB_DAILY = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400}
DATE_PROPS = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "RDATE", "EXDATE")
RULE_PROPS = ("RRULE",)
# Properties read once: an identical repeat is dropped, a different one is a problem.
SINGLE_PROPS = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "UID", "SUMMARY", "STATUS")
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
_STORABLE = (dt.datetime(1678, 1, 1), dt.datetime(2261, 12, 31))


class _Skip(Exception):  # noqa: N818 - a reason to leave one event out, not a failure
    """An event (or occurrence) that cannot be imported, with the reason to list."""


# ----------------------------------------------------------------------------- lines


def unfold(text: str) -> list[tuple[int, str]]:
    """Logical content lines with the physical line number each starts on.

    Parameters
    ----------
    text : str
        An iCalendar text.

    Returns
    -------
    list of (int, str)

    Examples
    --------
    >>> unfold("BEGIN:VEVENT\\r\\nSUMMARY:Coffee\\r\\n  with Ana\\r\\nEND:VEVENT")
    [(1, 'BEGIN:VEVENT'), (2, 'SUMMARY:Coffee with Ana'), (4, 'END:VEVENT')]
    """
    out: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if out and line[:1] in (" ", "\t"):
            out[-1] = (out[-1][0], out[-1][1] + line[1:])
        elif line.strip():
            out.append((number, line))
    return out


def split_line(line: str) -> tuple[str, str, str] | None:
    """(NAME, head with parameters, value) of a content line; quotes respected.

    Parameters
    ----------
    line : str
        One unfolded content line.

    Returns
    -------
    tuple of str, or None
        None for a line without a colon.

    Examples
    --------
    >>> split_line('ATTENDEE;CN="Ruiz: Ana":mailto:a@x.org')
    ('ATTENDEE', 'ATTENDEE;CN="Ruiz: Ana"', 'mailto:a@x.org')
    """
    quoted = False
    fast = line.find(":") if '"' not in line else -2  # no quotes: the first colon
    if fast == -1:
        return None
    for i, ch in enumerate(line) if fast < 0 else [(fast, ":")]:
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            head = line[:i]
            name = head.split(";", 1)[0].strip().upper()
            if not name or not re.fullmatch(r"[A-Z0-9-]+", name):
                return None
            return name, head, line[i + 1 :]
    return None


def _param(head: str, key: str) -> str | None:
    match = re.search(rf'(?i);{key}=("[^"]*"|[^;:]*)', head)
    return match.group(1).strip('"') if match else None


@dataclass
class _Block:
    """The lines of one top-level component (VEVENT or VTIMEZONE)."""

    kind: str
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)
    stack: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Split:
    events: list[_Block]
    zones: dict[str, _Block]
    notes: list[str]
    is_calendar: bool


def _split(text: str) -> _Split:
    """The VEVENTs and VTIMEZONEs of a calendar text, whatever their order."""
    events: list[_Block] = []
    zones: dict[str, _Block] = {}
    notes: list[str] = []
    is_calendar = False
    current: _Block | None = None

    def close(block: _Block, why: str | None) -> None:
        if why:
            block.notes.append(why)
        for name in reversed(block.stack):
            block.lines.append((block.lines[-1][0], f"END:{name}"))
        block.stack.clear()
        if block.kind == "VEVENT":
            events.append(block)
        elif block.kind == "VTIMEZONE":
            tzid = None
            for _, text_line in block.lines:
                parts = split_line(text_line)
                if parts and parts[0] == "TZID":
                    tzid = parts[2].strip()
                    break
            if tzid is None:
                notes.append(f"VTIMEZONE at line {block.line} has no TZID: ignored")
            elif tzid in zones:
                same = [ln for _, ln in zones[tzid].lines] == [ln for _, ln in block.lines]
                notes.append(
                    f"VTIMEZONE '{tzid}' defined again at line {block.line}"
                    + ("" if same else " with other rules")
                    + f": the first definition (line {zones[tzid].line}) is used"
                )
            else:
                zones[tzid] = block

    for number, line in unfold(text):
        parts = split_line(line)
        name = parts[0] if parts else None
        value = parts[2].strip().upper() if parts else ""
        if name == "BEGIN" and value == "VCALENDAR":
            is_calendar = True
            if current is not None:
                close(current, f"END:{current.kind} missing: it ends at line {number}")
                current = None
            continue
        if current is None:
            if name == "BEGIN":
                current = _Block(value, number, [(number, line)], [value])
            continue  # calendar properties and stray END lines outside components
        if name == "BEGIN":
            if value in ("VEVENT", "VTIMEZONE") and current.kind == "VEVENT":
                close(current, f"END:VEVENT missing: the event ends where line {number} begins")
                current = _Block(value, number, [(number, line)], [value])
                continue
            current.stack.append(value)
            current.lines.append((number, line))
            continue
        if name == "END":
            if value == "VCALENDAR":
                close(current, f"END:{current.kind} missing: it ends at line {number}")
                current = None
            elif value in current.stack:
                while current.stack[-1] != value:
                    current.notes.append(f"END:{current.stack[-1]} missing before line {number}")
                    current.lines.append((number, f"END:{current.stack.pop()}"))
                current.stack.pop()
                current.lines.append((number, line))
                if not current.stack:
                    close(current, None)
                    current = None
            else:
                current.notes.append(f"line {number} '{line[:40]}' closes nothing: ignored")
            continue
        if parts is None:
            current.notes.append(f"line {number} '{line[:40]}' is no NAME:value line: ignored")
            continue
        current.lines.append((number, line))
    if current is not None:
        close(current, f"END:{current.kind} missing at the end of the file")
    blocks = [b for b in events if b.kind == "VEVENT"]
    return _Split(blocks, zones, notes, is_calendar or bool(blocks))


# ----------------------------------------------------------------------------- repairs


def _repair_rule(value: str) -> tuple[str, list[str]]:
    """An RRULE value with spaces and RSCALE=GREGORIAN repaired; unknown FREQ refused.

    >>> _repair_rule("FREQ=WEEKLY;BYDAY=MO, TU")
    ('FREQ=WEEKLY;BYDAY=MO,TU', ["RRULE BYDAY 'MO, TU' read as MO,TU"])
    """
    notes: list[str] = []
    parts: list[tuple[str, str]] = []
    for piece in value.strip().split(";"):
        if not piece.strip():
            continue
        key, eq, val = piece.partition("=")
        key_c, val_c = re.sub(r"\s+", "", key).upper(), re.sub(r"\s+", "", val)
        if not eq or not key_c:
            raise _Skip(f"RRULE '{value}' has a part without KEY=value ('{piece}')")
        if val_c != val:
            notes.append(f"RRULE {key_c} '{val}' read as {val_c}")
        parts.append((key_c, val_c.upper() if key_c != "UNTIL" else val_c))
    rules = dict(parts)
    rscale = rules.pop("RSCALE", None)
    if rscale is not None:
        if rscale != "GREGORIAN":
            raise _Skip(f"RRULE RSCALE '{rscale}' (a non-Gregorian calendar) cannot be expanded")
        skip = rules.pop("SKIP", "OMIT")
        notes.append(
            "RRULE RSCALE=GREGORIAN dropped (Gregorian is the default)"
            + (f"; SKIP={skip} ignored" if skip != "OMIT" else "")
        )
    freq = rules.get("FREQ")
    if freq not in FREQS:
        raise _Skip(
            f"RRULE FREQ '{freq}' is not one of {', '.join(FREQS)}"
            if freq
            else f"RRULE '{value}' has no FREQ"
        )
    if freq in ("SECONDLY", "MINUTELY", "HOURLY"):
        # RFC 5545: BYWEEKNO only with YEARLY, BYDAY ordinals only with MONTHLY/YEARLY;
        # BYSETPOS picks within one second, minute or hour: nothing meaningful.
        for key in ("BYSETPOS", "BYWEEKNO"):
            if key in rules:
                raise _Skip(f"RRULE {key} cannot be used with FREQ={freq}")
        if re.search(r"[0-9]", rules.get("BYDAY", "")):
            raise _Skip(
                f"RRULE BYDAY '{rules['BYDAY']}' (numbered days) cannot be used with FREQ={freq}"
            )
    return ";".join(f"{k}={v}" for k, v in rules.items()), notes


def _prepare(block: _Block, zone_names: dict[str, str]) -> tuple[str, dict, list[str]]:
    """The event's text for icalendar (repaired), its raw values, and repair notes."""
    notes = list(block.notes)
    raw: dict[str, list[tuple[str, str]]] = defaultdict(list)
    out: list[str] = []
    depth = 0
    for _number, line in block.lines:
        name, head, value = split_line(line) or ("", "", "")
        if name == "BEGIN":
            depth += 1
        if name == "END":
            depth -= 1
        if depth != 1 or name in ("BEGIN", "END"):
            out.append(line)  # nested alarms and the BEGIN/END lines are kept as written
            continue
        tzid = _param(head, "TZID")
        if tzid is not None and tzid in zone_names:
            head = re.sub(r'(?i);TZID=("[^"]*"|[^;:]*)', f';TZID="{zone_names[tzid]}"', head)
        if name in DATE_PROPS:
            fixed = re.sub(r"\s+", "", value)
            if fixed != value:
                notes.append(f"{name} '{value}' read as {fixed}")
            value = fixed
        elif name in RULE_PROPS:
            value, more = _repair_rule(value)
            notes.extend(more)
        if name in SINGLE_PROPS and raw.get(name):
            if raw[name][0][1] == value:
                notes.append(f"{name} given twice with the same value: read once")
                continue
            if name in ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID"):
                raise _Skip(
                    f"{name} given {len(raw[name]) + 1} times with different values "
                    f"('{raw[name][0][1]}', '{value}')"
                )
            notes.append(f"{name} given again ('{value[:40]}'): the first is used")
            continue
        raw[name].append((head, value))
        out.append(f"{head}:{value}")
    return "\r\n".join(out) + "\r\n", raw, notes


def _iana(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name.strip("/"))
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True


def _zone_names(zones: dict[str, _Block]) -> tuple[dict[str, str], str]:
    """A name per file-defined time zone that cannot collide with another file's.

    icalendar caches VTIMEZONE definitions by TZID for the whole process; a name that
    includes a digest of the definition keeps two files' "Eastern" zones apart. An
    IANA name (Europe/Berlin) keeps meaning the IANA zone, whose history is complete
    (exporters often write only the current rules).
    """
    names: dict[str, str] = {}
    texts: list[str] = []
    for tzid, block in zones.items():
        if _iana(tzid):
            continue
        body = "\r\n".join(ln for _, ln in block.lines)
        digest = hashlib.sha1(body.encode(), usedforsecurity=False).hexdigest()[:10]
        names[tzid] = f"{tzid} [{digest}]"
        lines = []
        for _, ln in block.lines:
            parts = split_line(ln)
            lines.append(f"TZID:{names[tzid]}" if parts and parts[0] == "TZID" else ln)
        texts.append("\r\n".join(lines))
    return names, "\r\n".join(texts)


# ----------------------------------------------------------------------------- values


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def participants(component) -> list[tuple[str | None, str | None, str]]:
    """(e-mail, CN, role) of the ORGANIZER and ATTENDEEs directly on `component`.

    A participant needs an e-mail address or a CN; DECLINED attendees are left out.

    Parameters
    ----------
    component : icalendar.Component
        A VEVENT.

    Returns
    -------
    list of (str or None, str or None, str)

    Examples
    --------
    >>> import icalendar
    >>> ev = icalendar.Event.from_ical('BEGIN:VEVENT\\r\\nORGANIZER;CN="acme, Ädmin":mailto:A@x.de\\r\\nEND:VEVENT\\r\\n')
    >>> participants(ev)
    [('a@x.de', 'acme, Ädmin', 'organizer')]
    """
    out = []
    for role, prop in (("organizer", "ORGANIZER"), ("attendee", "ATTENDEE")):
        for value in _as_list(component.get(prop)):
            params = getattr(value, "params", {})
            if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
                continue
            email = email_key(str(value))
            cn = params.get("CN")
            cn = str(cn).strip() if cn else None
            if email is None and not cn:
                continue
            out.append((email, cn or None, role))
    return out


def _to_datetime(value) -> tuple[dt.datetime, bool]:
    """A DTSTART-like value as a datetime, and whether it was a date (all-day)."""
    if isinstance(value, dt.datetime):
        return value, False
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time()), True
    raise _Skip(f"'{value}' is not a date or date-time")


def _local(stamp: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    if stamp.tzinfo is None:
        return stamp
    return stamp.astimezone(zone).replace(tzinfo=None)


def _key(stamp: dt.datetime) -> dt.datetime:
    """A comparable instant: aware as UTC naive, floating as is."""
    if stamp.tzinfo is None:
        return stamp
    return stamp.astimezone(dt.UTC).replace(tzinfo=None)


def _raw(raw: dict, name: str) -> str:
    values = raw.get(name)
    text = values[0][1] if values else ""
    return text if len(text) <= 60 else text[:57] + "..."


def _printable(text: str) -> str:
    """Report text without control characters (a terminal escape in a SUMMARY is data)."""
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f\x9b]", "?", text)
    return text if len(text) <= 400 else text[:397] + "..."


def _checked(event, raw: dict, name: str):
    """A property's parsed value; an unreadable one leaves the event out."""
    for prop, message in getattr(event, "errors", []):
        if prop == name:
            raise _Skip(f"{name} '{_raw(raw, name)}' is not {EXPECTED[name]} ({message[:80]})")
    return event.get(name)


def _duration(event, raw: dict, start: dt.datetime, notes: list[str]) -> dt.timedelta | None:
    end = _checked(event, raw, "DTEND")
    length = _checked(event, raw, "DURATION")
    if end is not None:
        if length is not None:
            notes.append("DTEND and DURATION both given: DTEND is used")
        stop, _ = _to_datetime(end.dt)
        if (stop.tzinfo is None) != (start.tzinfo is None):
            notes.append("DTEND and DTSTART differ in time-zone form: no duration")
            return None
        if _key(stop) < _key(start):
            raise _Skip(f"DTEND '{_raw(raw, 'DTEND')}' is before DTSTART '{_raw(raw, 'DTSTART')}'")
        return stop - start
    if length is None:
        return None
    value = length.dt
    if not isinstance(value, dt.timedelta):
        raise _Skip(f"DURATION '{_raw(raw, 'DURATION')}' is not {EXPECTED['DURATION']}")
    if value < dt.timedelta(0):
        raise _Skip(f"DURATION '{_raw(raw, 'DURATION')}' is negative (it ends before it starts)")
    return value


# ----------------------------------------------------------------------------- recurrence


@dataclass
class _Expansion:
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


def _rule_occurrences(
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
    """
    from dateutil.rrule import rrulestr

    try:
        rule = rrulestr(text, dtstart=wall)
    except (ValueError, TypeError, OverflowError) as exc:
        raise _Skip(f"RRULE '{text}' cannot be expanded ({exc})") from None
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
                raise _Skip(f"RRULE {key.upper()} {outside[0]} is outside 0-{top}")
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


def _occurrences(
    event, raw: dict, start: dt.datetime, lo: dt.datetime, hi: dt.datetime
) -> _Expansion:
    """(start, own duration or None) of every occurrence that may fall in [lo, hi)."""
    from icalendar import vRecur

    tz = start.tzinfo
    wall = start.replace(tzinfo=None)

    def wall_of(value) -> dt.datetime:
        stamp, _ = _to_datetime(value)
        if stamp.tzinfo is not None and tz is not None:
            return stamp.astimezone(tz).replace(tzinfo=None)
        return stamp.replace(tzinfo=None)

    rules = _as_list(_checked(event, raw, "RRULE"))
    rdates = _as_list(_checked(event, raw, "RDATE"))
    exdates = _as_list(_checked(event, raw, "EXDATE"))
    if not rules and not rdates:
        return _Expansion([(start, None)], [], False)
    notes: list[str] = []
    window_lo = max(lo, hi - dt.timedelta(days=365 * EXPANSION_WINDOW_YEARS))
    # Window bounds in the series' wall time: widen by a day, filter exactly later.
    day = dt.timedelta(days=1)
    first = max(window_lo, _STORABLE[0]) - day
    last = min(hi, _STORABLE[1]) + day
    walls: set[dt.datetime] = set()
    if first <= wall <= last:
        walls.add(wall)
    budget = [MAX_OCCURRENCES_PER_SERIES]
    for rule in rules:
        parts = {k: list(v) for k, v in dict(rule).items()}
        if "UNTIL" in parts:
            parts["UNTIL"] = [wall_of(parts["UNTIL"][0])]
        text = vRecur(parts).to_ical().decode()
        found, cut = _rule_occurrences(parts, text, wall, last, budget, first)
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
                    raise _Skip(f"RDATE period '{_raw(raw, 'RDATE')}' ends before it starts")
                periods[begin] = length
            else:
                begin = wall_of(value)
            if first <= begin <= last:
                walls.add(begin)
    for prop in exdates:
        for item in prop.dts:
            walls.discard(wall_of(item.dt))
    found = sorted(walls)
    return _Expansion(
        [(w.replace(tzinfo=tz) if tz else w, periods.get(w)) for w in found], notes, True
    )


# ----------------------------------------------------------------------------- reading


@dataclass
class _Event:
    number: int
    line: int
    uid: str | None
    summary: str | None
    component: object = None
    raw: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def label(self) -> str:
        text = f"VEVENT {self.number} (line {self.line})"
        if self.uid:
            text += f" UID '{self.uid[:60]}'"
        if self.summary:
            text += f" '{self.summary[:60]}'"
        return text


def _identity(block: _Block) -> tuple[str | None, str | None]:
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


CALENDAR_EXPECTED = "an iCalendar file (BEGIN:VCALENDAR ... BEGIN:VEVENT ... END:VCALENDAR)"


def _not_calendar(file: str) -> LogError:
    return file_error(file, CALENDAR_EXPECTED, "not_a_table")


class _Names:
    """Contacts by exact normalized name, for attendees without a matching e-mail."""

    def __init__(self, contacts: pd.DataFrame) -> None:
        self.index: dict[str, list[tuple[str | None, str]]] = {}
        if "name" not in contacts or not len(contacts):
            return
        keys = normalize_name(contacts["name"])
        ids = contacts["contact_id"] if "contact_id" in contacts else [None] * len(keys)
        for key, cid, name in zip(keys, ids, contacts["name"], strict=True):
            if pd.isna(key):
                continue
            entry = (None if pd.isna(cid) else str(cid), str(name))
            bucket = self.index.setdefault(str(key), [])
            if entry not in bucket:
                bucket.append(entry)

    def find(self, cn: str | None) -> list[tuple[str | None, str]]:
        if not cn:
            return []
        key = normalize_name(pd.Series([cn])).iloc[0]
        return [] if pd.isna(key) else self.index.get(str(key), [])


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
    split = _split(text)
    if not split.is_calendar:
        raise _not_calendar(file)
    lo = max(_bound(since, dt.datetime.min), _STORABLE[0])
    default_hi = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time())
    hi = min(_bound(until, default_hi), _STORABLE[1])

    known: set[str] = set()
    if "email" in contacts:
        known |= set(normalize_email(contacts["email"]).dropna())
    if "other_emails" in contacts:
        more = contacts["other_emails"].astype("string").str.split(";").explode()
        known |= set(normalize_email(more).dropna())
    by_name = _Names(contacts)

    zone_names, zone_text = _zone_names(split.zones)
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
    events: dict[int, _Event] = {}
    overrides: dict[str, dict[dt.datetime, _Event]] = defaultdict(dict)
    masters: list[_Event] = []

    for number, block in enumerate(split.events, start=1):
        uid, summary = _identity(block)
        event = _Event(number, block.line, uid, summary)
        events[number] = event
        try:
            body, event.raw, event.notes = _prepare(block, zone_names)
            component = icalendar.Event.from_ical(body)
            for prop, message in getattr(component, "errors", []):
                if prop is None:
                    event.notes.append(f"a line icalendar cannot read was ignored ({message})")
            for name in ("DTSTART", "RECURRENCE-ID"):
                value = _checked(component, event.raw, name)
                if value is not None:
                    _to_datetime(value.dt)
            event.component = component
            tzid = _param(event.raw["DTSTART"][0][0], "TZID") if event.raw.get("DTSTART") else None
            start = component.get("DTSTART")
            if tzid and start is not None and getattr(start.dt, "tzinfo", 1) is None:
                event.notes.append(
                    f"TZID '{tzid}' is neither defined in the file nor a known time zone: "
                    "times read as local time"
                )
        except _Skip as skip:
            dropped[str(skip)][number] += 1
            continue
        except Exception as exc:  # noqa: BLE001 - one unreadable event never sinks the file
            dropped[f"unreadable event ({type(exc).__name__}: {exc})"][number] += 1
            continue
        for note in event.notes:
            notes[note].append(number)
        rid = component.get("RECURRENCE-ID")
        if rid is not None and uid is not None:
            overrides[uid][_key(_to_datetime(rid.dt)[0])] = event
        else:
            masters.append(event)

    people: list[dict[str, object]] = []
    rows: list[dict[str, object]] = []

    def emit(event: _Event, start: dt.datetime, all_day: bool, duration, series) -> None:
        component = event.component
        try:
            local = _local(start, zone)
        except (OverflowError, ValueError):
            dropped["date outside the years that can be stored"][event.number] += 1
            return
        if not (_STORABLE[0] <= local <= _STORABLE[1]):
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
                    "channel": channel_of(event, series),
                    "notes": event.summary,
                    "_row": event.number,
                }
            )

    matches: dict[tuple[int, int], tuple[dict, list[str]]] = {}

    def match(event: _Event, series: _Event | None) -> tuple[dict, list[str]]:
        """Known contacts among the event's participants (computed once per event)."""
        cache_key = (event.number, series.number if series is not None else 0)
        if cache_key in matches:
            return matches[cache_key]
        component = event.component
        who = participants(component)
        if series is not None and component.get("ATTENDEE") is None:
            who += [w for w in participants(series.component) if w[2] == "attendee"]
        matched: dict[str, dict[str, object]] = {}
        unsure: list[str] = []
        for email, cn, _role in who:
            if email is not None and email in known:
                matched.setdefault(f"{file}#ics:{email}", {"email": email, "name": cn})
                continue
            hits = by_name.find(cn)
            if len(hits) == 1:
                cid, name = hits[0]
                matched.setdefault(
                    f"{file}#ics-name:{cid or normalize_name(pd.Series([cn])).iloc[0]}",
                    {"email": email, "name": name, "_same_as": cid},
                )
            elif len(hits) > 1:
                ids = ", ".join(str(c) for c, _ in hits)
                unsure.append(f"attendee '{cn}' has the name of {len(hits)} contacts ({ids})")
        matches[cache_key] = (matched, unsure)
        return matched, unsure

    channels: dict[tuple[int, int], str] = {}

    def channel_of(event: _Event, series: _Event | None) -> str:
        cache_key = (event.number, series.number if series is not None else 0)
        if cache_key in channels:
            return channels[cache_key]
        component = event.component
        where = [component] + ([series.component] if series is not None else [])
        text = " ".join(
            str(c.get(k, ""))
            for c in where
            for k in ("LOCATION", "DESCRIPTION", "URL", "X-GOOGLE-CONFERENCE")
        ).casefold()
        has_place = any(c.get("LOCATION") for c in where)
        channel = (
            "video"
            if any(w in text for w in VIDEO_WORDS)
            else ("in_person" if has_place else "other")
        )
        channels[cache_key] = channel
        return channel

    def start_of(event: _Event) -> tuple[dt.datetime, bool, dt.timedelta | None]:
        value = event.component.get("DTSTART")
        if value is None:
            raise _Skip("no DTSTART (not a dated event)")
        start, all_day = _to_datetime(value.dt)
        return start, all_day, _duration(event.component, event.raw, start, event.notes)

    def emit_overrides(moved: dict, duration: dt.timedelta | None, series: _Event | None) -> None:
        """Each moved occurrence at its own time; its series' duration if it has none."""
        for other in moved.values():
            try:
                o_start, o_all_day, o_duration = start_of(other)
            except _Skip as skip:
                dropped[str(skip)][other.number] += 1
                continue
            own = o_duration if series is None else o_duration or duration
            emit(other, o_start, o_all_day, own, series)

    for event in masters:
        moved = overrides.pop(event.uid, {}) if event.uid is not None else {}
        try:
            start, all_day, duration = start_of(event)
            expansion = _occurrences(event.component, event.raw, start, lo, hi)
        except _Skip as skip:
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
                if _key(occurrence) in moved:
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
    batch.left_out = _left_out_frame(file, dropped, emitted, recurring, events)
    batch.notes = _notes_frame(file, split.notes, notes, events)
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


def _left_out_frame(
    file: str,
    dropped: dict[str, dict[int, int]],
    emitted: set[int],
    recurring: set[int],
    events: dict[int, _Event],
) -> pd.DataFrame:
    """One line per reason: events never imported, a series counted once.

    Occurrences of events that were imported (other occurrences were) are counted in
    the reason's text, not as events left out.
    """
    frames = []
    for reason, per_event in dropped.items():
        whole = [n for n in per_event if n not in emitted]
        partial = [n for n in per_event if n in emitted]
        parts = []
        series = [n for n in whole if n in recurring]
        single = [n for n in whole if n not in recurring]
        if series:
            occurrences = sum(per_event[n] for n in series)
            parts.append(f"{len(series)} series ({occurrences} occurrences)")
        if single:
            parts.append(f"{len(single)} event" + ("s" if len(single) > 1 else ""))
        if partial:
            occurrences = sum(per_event[n] for n in partial)
            parts.append(
                f"{occurrences} occurrence{'s' if occurrences > 1 else ''} of "
                f"{len(partial)} imported series"
            )
        shown = []
        for n in (whole + partial)[:12]:
            label = events[n].label()
            if n in recurring:
                label += f" (series, {per_event[n]} occurrence{'s' if per_event[n] > 1 else ''})"
            shown.append(label)
        more = len(whole) + len(partial) - len(shown)
        frame = left_out(file, f"{', '.join(parts)} left out: {reason}", np.array(whole or partial))
        frame["count"] = len(whole)
        frame["rows"] = "; ".join(shown) + (f"; ... and {more} more" if more > 0 else "")
        frame["items"] = [np.asarray(whole, dtype=np.int64)]
        frames.append(frame)
    if not frames:
        return left_out(file, "", np.array([], dtype=np.int64))
    out = pd.concat(frames, ignore_index=True)
    out["reason"] = out["reason"].map(_printable)
    out["rows"] = out["rows"].map(_printable)
    return out


def _notes_frame(
    file: str, file_notes: list[str], notes: dict[str, list[int]], events: dict[int, _Event]
) -> pd.DataFrame:
    rows = [{"file": file, "reason": n, "count": 0, "rows": ""} for n in file_notes]
    for note, numbers in notes.items():
        unique = sorted(set(numbers))
        shown = "; ".join(events[n].label() for n in unique[:12])
        rows.append(
            {
                "file": file,
                "reason": note,
                "count": len(unique),
                "rows": shown + (f"; ... and {len(unique) - 12} more" if len(unique) > 12 else ""),
            }
        )
    frame = pd.DataFrame(rows, columns=["file", "reason", "count", "rows"])
    frame["reason"] = frame["reason"].map(_printable)
    frame["rows"] = frame["rows"].map(_printable)
    return frame.astype({"count": "int64"})


def _bound(value: dt.date | dt.datetime | None, default: dt.datetime) -> dt.datetime:
    if value is None:
        return default
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time())


__all__ = [
    "read_ics",
    "participants",
    "unfold",
    "split_line",
    "MAX_OCCURRENCES_PER_SERIES",
    "EXPANSION_WINDOW_YEARS",
]
