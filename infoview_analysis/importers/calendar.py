"""iCalendar (`.ics`) meetings, read with the `icalendar` library.

Each occurrence of a VEVENT with an ATTENDEE or ORGANIZER whose e-mail matches a
known contact becomes a `meeting` with that contact (one per matching person),
channel `video` when the event names a video link or conference, else `in_person`
when it has a LOCATION, else `other`. Times are converted to local naive time in `tz`
(default: this machine's zone; floating times are kept as written); `duration_min`
is DTEND - DTSTART (or DURATION; an RDATE period's own length); all-day events get
no duration. Recurring series (RRULE, RDATE, EXDATE) are expanded within the window
`[since, until)` with dateutil's rrule; an instance overridden by a RECURRENCE-ID
component takes the override's times (and its attendees, or the series' when it
lists none). ATTENDEEs inside VALARM (alarm recipients) are not participants; a
DECLINED attendee did not meet. Left out, counted: cancelled events, events
without a matching person, occurrences outside the window.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from infoview_analysis.core.identity import normalize_email
from infoview_analysis.core.problems import LogError, Problem
from infoview_analysis.importers.records import (
    Batch,
    event_frame,
    left_out,
    local_zone,
    people_frame,
)

VIDEO_WORDS = (
    "zoom.us",
    "meet.google",
    "teams.microsoft",
    "webex",
    "whereby",
    "skype",
    "video call",
)


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def participants(component) -> list[tuple[str, str | None, str]]:
    """(e-mail, CN, role) of the ORGANIZER and ATTENDEEs directly on `component`.

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
            email = normalize_email(pd.Series([str(value)])).iloc[0]
            if pd.isna(email):
                continue
            cn = params.get("CN")
            out.append((str(email), str(cn) if cn else None, role))
    return out


def _to_datetime(value) -> tuple[dt.datetime, bool]:
    """A DTSTART-like value as a datetime, and whether it was a date (all-day)."""
    if isinstance(value, dt.datetime):
        return value, False
    return dt.datetime.combine(value, dt.time()), True


def _local(stamp: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    if stamp.tzinfo is None:
        return stamp
    return stamp.astimezone(zone).replace(tzinfo=None)


def _key(stamp: dt.datetime) -> dt.datetime:
    """A comparable instant: aware as UTC naive, floating as is."""
    if stamp.tzinfo is None:
        return stamp
    return stamp.astimezone(dt.UTC).replace(tzinfo=None)


def _occurrences(event, start: dt.datetime, lo: dt.datetime, hi: dt.datetime):
    """(start, own duration or None) of every occurrence in [lo, hi) (lo/hi local naive)."""
    from dateutil.rrule import rruleset, rrulestr
    from icalendar import vRecur

    tz = start.tzinfo
    wall = start.replace(tzinfo=None)

    def wall_of(value) -> dt.datetime:
        stamp, _ = _to_datetime(value)
        if stamp.tzinfo is not None and tz is not None:
            return stamp.astimezone(tz).replace(tzinfo=None)
        return stamp.replace(tzinfo=None)

    rules = _as_list(event.get("RRULE"))
    rdates = _as_list(event.get("RDATE"))
    if not rules and not rdates:
        return [(start, None)]
    rs = rruleset()
    rs.rdate(wall)
    for rule in rules:
        parts = dict(rule)
        if "UNTIL" in parts:
            parts["UNTIL"] = [wall_of(parts["UNTIL"][0])]
        rs.rrule(rrulestr(vRecur(parts).to_ical().decode(), dtstart=wall))
    periods: dict[dt.datetime, dt.timedelta] = {}
    for prop in rdates:
        for item in prop.dts:
            value = item.dt
            if isinstance(value, tuple):
                begin = wall_of(value[0])
                end = value[1]
                periods[begin] = end if isinstance(end, dt.timedelta) else wall_of(end) - begin
                rs.rdate(begin)
            else:
                rs.rdate(wall_of(value))
    for prop in _as_list(event.get("EXDATE")):
        for item in prop.dts:
            rs.exdate(wall_of(item.dt))
    # Window bounds in the series' wall time: widen by a day, filter exactly later.
    day = dt.timedelta(days=1)
    first = max(lo, dt.datetime(1900, 1, 1)) - day
    last = min(hi, dt.datetime(2200, 1, 1)) + day
    found = rs.between(first, last, inc=True)
    return [(w.replace(tzinfo=tz) if tz else w, periods.get(w)) for w in found]


def read_ics(
    path: Path | str,
    contacts: pd.DataFrame,
    *,
    since: dt.date | dt.datetime | None = None,
    until: dt.date | dt.datetime | None = None,
    tz: str | dt.tzinfo | None = None,
) -> Batch:
    """Meetings with known contacts from an iCalendar file.

    `contacts` needs an `email` column (and may have `other_emails`, ';'-joined).
    The window is `[since, until)` in local time; `until` defaults to tomorrow.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.ics"
    >>> _ = f.write_text("BEGIN:VCALENDAR\\r\\nBEGIN:VEVENT\\r\\nUID:1\\r\\nDTSTART:20260105T150000Z\\r\\n"
    ...     "DTEND:20260105T153000Z\\r\\nRRULE:FREQ=WEEKLY;COUNT=3\\r\\n"
    ...     "ATTENDEE;CN=Ana:mailto:ana@x.org\\r\\nEND:VEVENT\\r\\nEND:VCALENDAR\\r\\n")
    >>> b = read_ics(f, pd.DataFrame({"email": ["ANA@x.org"]}), until=dt.date(2026, 2, 1), tz="UTC")
    >>> b.events[["date", "duration_min"]].astype(str).values.tolist()
    [['2026-01-05 15:00:00', '30.0'], ['2026-01-12 15:00:00', '30.0'], ['2026-01-19 15:00:00', '30.0']]
    """
    import icalendar

    path = Path(path)
    file = str(path)
    zone = local_zone(tz)
    if not path.exists():
        raise LogError([Problem(file, None, None, None, "an existing file", kind="missing_file")])
    data = path.read_bytes()
    try:
        cal = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        raise LogError(
            [
                Problem(
                    file,
                    None,
                    None,
                    None,
                    f"an iCalendar file (BEGIN:VCALENDAR ... END:VCALENDAR; {exc})",
                    kind="not_a_table",
                )
            ]
        ) from None
    lo = _bound(since, dt.datetime.min)
    hi = _bound(until, dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time()))

    known: set[str] = set()
    if "email" in contacts:
        known |= set(normalize_email(contacts["email"]).dropna())
    if "other_emails" in contacts:
        more = contacts["other_emails"].astype("string").str.split(";").explode()
        known |= set(normalize_email(more).dropna())

    vevents = list(cal.walk("VEVENT"))
    overrides: dict[str, dict[dt.datetime, tuple[int, object]]] = defaultdict(dict)
    masters: list[tuple[int, object]] = []
    for number, event in enumerate(vevents, start=1):
        rid = event.get("RECURRENCE-ID")
        if rid is not None and event.get("UID") is not None:
            overrides[str(event.get("UID"))][_key(_to_datetime(rid.dt)[0])] = (number, event)
        else:
            masters.append((number, event))

    people: list[dict[str, object]] = []
    rows: list[dict[str, object]] = []
    dropped: dict[str, list[int]] = defaultdict(list)

    def emit(number: int, event, start: dt.datetime, all_day: bool, duration, series) -> None:
        local = _local(start, zone)
        if not (lo <= local < hi):
            dropped["occurrence outside the requested window"].append(number)
            return
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            dropped["cancelled"].append(number)
            return
        who = participants(event)
        if series is not None and event.get("ATTENDEE") is None:
            who += [w for w in participants(series) if w[2] == "attendee"]
        matched = {}
        for email, cn, _role in who:
            if email in known and email not in matched:
                matched[email] = cn
        if not matched:
            dropped["no attendee or organizer matches a contact (by e-mail)"].append(number)
            return
        minutes = None if all_day or duration is None else duration.total_seconds() / 60
        where = [event] + ([series] if series is not None else [])
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
        summary = str(event.get("SUMMARY", "")).strip() or None
        for email, cn in matched.items():
            key = f"{file}#ics:{email}"
            people.append({"_key": key, "email": email, "name": cn, "_row": number})
            rows.append(
                {
                    "_key": key,
                    "date": local,
                    "duration": minutes,
                    "channel": channel,
                    "notes": summary,
                    "_row": number,
                }
            )

    for number, event in masters:
        if event.get("DTSTART") is None:
            dropped["no DTSTART (not a dated event)"].append(number)
            continue
        start, all_day = _to_datetime(event.get("DTSTART").dt)
        duration = _duration(event, start)
        moved = overrides.pop(str(event.get("UID")), {}) if event.get("UID") is not None else {}
        for occurrence, own in _occurrences(event, start, lo, hi):
            if _key(occurrence) in moved:
                continue  # replaced by its override, emitted below
            emit(number, event, occurrence, all_day, own or duration, None)
        for o_number, o_event in moved.values():
            if o_event.get("DTSTART") is None:
                continue
            o_start, o_all_day = _to_datetime(o_event.get("DTSTART").dt)
            emit(
                o_number,
                o_event,
                o_start,
                o_all_day,
                _duration(o_event, o_start) or duration,
                event,
            )
    for moved in overrides.values():  # overrides of a series not in this file
        for o_number, o_event in moved.values():
            o_start, o_all_day = _to_datetime(o_event.get("DTSTART").dt)
            emit(o_number, o_event, o_start, o_all_day, _duration(o_event, o_start), None)

    batch = Batch(files=[file])
    batch.left_out = pd.concat(
        [
            left_out(file, f"{reason} (row = VEVENT number)", np.array(nums))
            for reason, nums in dropped.items()
        ]
        or [left_out(file, "", np.array([], dtype=np.int64))],
        ignore_index=True,
    )
    if people:
        p = pd.DataFrame(people).drop_duplicates("_key")
        batch.people = people_frame(
            file,
            p["_row"].to_numpy(),
            _key=p["_key"],
            email=p["email"],
            name=p["name"].to_numpy(object),
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
    batch.counts["calendar VEVENTs"] = batch.counts.get("calendar VEVENTs", 0) + len(vevents)
    batch.counts["meetings"] = len(rows)
    return batch


def _duration(event, start: dt.datetime) -> dt.timedelta | None:
    end = event.get("DTEND")
    if end is not None:
        stop, _ = _to_datetime(end.dt)
        if (stop.tzinfo is None) == (start.tzinfo is None):
            return stop - start
        return None
    length = event.get("DURATION")
    return length.dt if length is not None else None


def _bound(value: dt.date | dt.datetime | None, default: dt.datetime) -> dt.datetime:
    if value is None:
        return default
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time())


__all__ = ["read_ics", "participants"]
