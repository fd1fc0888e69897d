"""iCalendar meetings against the shared calendar test files."""

from __future__ import annotations

import datetime as dt

import icalendar
import pandas as pd
import pytest
from shared_fixtures import fx

from infoview_analysis.core.problems import LogError
from infoview_analysis.importers.calendar import participants, read_ics

ZIMBRA = "ics_meeting_organizer_attendees_zimbra.ics"


def contacts(*emails: str) -> pd.DataFrame:
    return pd.DataFrame({"email": list(emails)})


def left(batch, reason_start: str) -> int:
    lo = batch.left_out
    return int(lo.loc[lo["reason"].str.contains(reason_start, regex=False), "count"].sum())


def test_zimbra_recurring_series_expanded_with_overrides_and_exdates():
    b = read_ics(
        fx(ZIMBRA),
        contacts("calmozilla1@gmail.com"),
        since=dt.date(2012, 10, 1),
        until=dt.date(2013, 1, 1),
        tz="America/Los_Angeles",
    )
    # RRULE 1st Tuesdays (Oct 2 moved to 15:00 by its override; Dec 4 excluded), RDATEs
    # Nov 5 (moved to Nov 6 20:00), Nov 10, Nov 30; the attendee is inherited by overrides.
    assert sorted(b.events["date"]) == [
        pd.Timestamp("2012-10-02 15:00"),
        pd.Timestamp("2012-11-06 10:00"),
        pd.Timestamp("2012-11-06 20:00"),
        pd.Timestamp("2012-11-10 10:00"),
        pd.Timestamp("2012-11-30 10:00"),
    ]
    assert (b.events["type"] == "meeting").all()
    assert (b.events["duration_min"] == 30).all()
    assert b.people["name"].tolist() == ["Sahaja Lal"]
    assert b.counts["calendar VEVENTs"] == 3


def test_zimbra_rdate_period_duration_and_utc_conversion():
    b = read_ics(
        fx(ZIMBRA),
        contacts("jlal@mozilla.com"),
        since=dt.date(2023, 11, 1),
        until=dt.date(2023, 12, 1),
        tz="Europe/Berlin",
    )
    got = dict(zip(b.events["date"], b.events["duration_min"], strict=True))
    assert got[pd.Timestamp("2023-11-23 10:00")] == 30  # 09:00Z in Berlin
    assert got[pd.Timestamp("2023-11-25 10:00")] == 210  # PERIOD 09:00Z/12:30Z
    assert got[pd.Timestamp("2023-11-07 19:00")] == 30  # 1st Tuesday 10:00 PST
    assert len(got) == 3


def test_google_export_alarm_attendee_is_not_a_participant():
    b = read_ics(
        fx("ics_google_calendar_export_crlf.ics"),
        contacts("niccokunzmann@googlemail.com"),
        until=dt.date(2030, 1, 1),
        tz="UTC",
    )
    assert len(b.events) == 0
    assert left(b, "no attendee or organizer matches") == 1
    assert b.counts["calendar VEVENTs"] == 1


def test_bare_vevent_umlaut_organizer_quoted_cn():
    b = read_ics(
        fx("ics_vevent_umlaut_organizer.ics"),
        contacts("ADM-acme@mydomain.de"),
        until=dt.date(2030, 1, 1),
        tz="Europe/Berlin",
    )
    (row,) = b.events.to_dict("records")
    assert row["date"] == pd.Timestamp("2013-04-16 12:00")  # 10:00Z, CEST
    assert row["duration_min"] == 60 and row["channel"] == "in_person"
    assert row["notes"] == "wichtiger termin 1"
    assert b.people["name"].tolist() == ["acme, ädmin"]


def test_attendee_parameters_with_quotes_commas_semicolons():
    cal = icalendar.Calendar.from_ical(fx("ics_attendee_param_edge_cases.ics").read_bytes())
    raw = cal.get("ATTENDEE")
    assert [a.params.get("CN") for a in raw[:4]] == ["Foo, Bar", "Foo; Bar", "Foo, Bar", "Foo; Bar"]
    # addresses without a dotted domain (foo1@bar) are not e-mail and never match
    got = participants(cal)
    assert [e for e, _, _ in got if e] == ["foo@bar.com", "x@example.org", "y@example.org"]
    b = read_ics(fx("ics_attendee_param_edge_cases.ics"), contacts("foo@bar.com"), tz="UTC")
    assert len(b.events) == 0 and b.counts["calendar VEVENTs"] == 0  # no VEVENT in the file


def test_window_and_cancelled_and_declined(tmp_path):
    f = tmp_path / "c.ics"
    f.write_text(
        "BEGIN:VCALENDAR\r\n"
        "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260105T150000Z\r\nDURATION:PT45M\r\n"
        "RRULE:FREQ=WEEKLY\r\nATTENDEE:mailto:ana@x.org\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20260106T150000Z\r\nSTATUS:CANCELLED\r\n"
        "ATTENDEE:mailto:ana@x.org\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20260107T150000Z\r\n"
        "ATTENDEE;PARTSTAT=DECLINED:mailto:ana@x.org\r\nLOCATION:https://zoom.us/j/1\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    b = read_ics(
        f, contacts("ana@x.org"), since=dt.date(2026, 1, 1), until=dt.date(2026, 1, 20), tz="UTC"
    )
    assert b.events["date"].tolist() == [
        pd.Timestamp("2026-01-05 15:00"),
        pd.Timestamp("2026-01-12 15:00"),
        pd.Timestamp("2026-01-19 15:00"),
    ]
    assert (b.events["duration_min"] == 45).all()
    assert left(b, "cancelled") == 1
    assert left(b, "no attendee or organizer matches") == 1


def test_not_a_calendar_is_an_error(tmp_path):
    f = tmp_path / "x.ics"
    f.write_text("hello")
    with pytest.raises(LogError) as info:
        read_ics(f, contacts("a@b.org"))
    assert str(f) in str(info.value)
