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

Modules, one job each: `lines` (content lines, the file split into components),
`repair` (values with one obvious reading), `zones` (VTIMEZONE names), `values`
(dates, durations, `Skip`), `recurrence` (series expansion and its caps), `events`
(one VEVENT: parse, start, channel), `attendees` (matching participants),
`reporting` (left-out list and notes), `read` (`read_ics`: the file to a Batch).
"""

from infoview_analysis.importers.calendar.attendees import participants
from infoview_analysis.importers.calendar.lines import split_line, unfold
from infoview_analysis.importers.calendar.read import read_ics
from infoview_analysis.importers.calendar.recurrence import (
    EXPANSION_WINDOW_YEARS,
    MAX_OCCURRENCES_PER_SERIES,
)

__all__ = [
    "read_ics",
    "participants",
    "unfold",
    "split_line",
    "MAX_OCCURRENCES_PER_SERIES",
    "EXPANSION_WINDOW_YEARS",
]
