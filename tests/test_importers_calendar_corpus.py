"""Calendars as found in the wild (issue 15, issue 11 row 5): our own corpus of broken
files in tests/fixtures/calendars, one per kind, each beside a good event; a property
test that mutates valid calendars; the exit codes of `infoview import ics`."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview_analysis.cli.main import main as cli
from infoview_analysis.core.problems import LogError
from infoview_analysis.importers.calendar import MAX_OCCURRENCES_PER_SERIES, read_ics

CORPUS = Path(__file__).parent / "fixtures" / "calendars"
ANA = pd.DataFrame({"email": ["ana@x.org"], "name": ["Ana Ruiz"], "contact_id": ["ana-ruiz"]})
GOOD = pd.Timestamp("2026-01-05 15:00")  # the good event beside each broken one


def read(name: str, **kwargs):
    kwargs.setdefault("since", dt.date(2000, 1, 1))
    kwargs.setdefault("until", dt.date(2027, 1, 1))
    return read_ics(CORPUS / name, ANA, tz="UTC", **kwargs)


def out_uids(batch) -> list[str]:
    """UIDs of the events listed as left out, in order."""
    return (
        batch.left_out.loc[batch.left_out["count"] > 0, "rows"]
        .str.extract(r"UID '([^']+)'")[0]
        .tolist()
    )


def notes(batch) -> str:
    return " | ".join(batch.notes["reason"])


# One broken kind per file: (file, UIDs left out, words of the reason, dates imported)
LEFT_OUT = [
    ("invalid_dtstart.ics", ["bad-1"], "DTSTART 'INVALID-DATE' is not a date", [GOOD]),
    ("invalid_duration.ics", ["bad-dur"], "DURATION 'P1X' is not a duration", [GOOD]),
    (
        "start_after_end.ics",
        ["bad-order"],
        "DTEND '20260109T100000Z' is before DTSTART '20260109T110000Z'",
        [GOOD],
    ),
    ("unknown_freq.ics", ["bad-freq"], "RRULE FREQ 'FORTNIGHTLY' is not one of", [GOOD]),
    (
        "invalid_rdate_period.ics",
        ["bad-rdate"],
        "RDATE '20260112T090000Z/NOT-A-TIME' is not dates, date-times or periods",
        [GOOD],
    ),
]


@pytest.mark.parametrize(("name", "uids", "reason", "dates"), LEFT_OUT)
def test_one_broken_event_is_listed_and_the_others_imported(name, uids, reason, dates):
    b = read(name)
    assert sorted(b.events["date"]) == dates
    assert out_uids(b) == uids
    assert reason in b.left_out["reason"].iloc[0]
    assert b.left_out["reason"].iloc[0].startswith("1 event left out: ")
    assert b.counts["calendar events imported"] == 1
    assert b.counts["calendar events left out"] == 1


def test_leading_space_in_dtend_is_repaired_and_said():
    b = read("dtend_leading_space.ics")
    bank = b.events[b.events["notes"] == "Bank appointment"]
    assert bank["date"].tolist() == [pd.Timestamp("2026-01-07 10:00")]
    assert bank["duration_min"].tolist() == [30.0]
    assert "DTEND ' 20260107T103000Z' read as 20260107T103000Z" in notes(b)
    assert len(b.left_out) == 0


def test_exchange_byday_with_spaces_is_repaired_and_said():
    b = read("byday_spaces_exchange.ics")
    sync = sorted(b.events.loc[b.events["notes"] == "Weekly sync", "date"])
    assert sync == [
        pd.Timestamp(d)
        for d in ("2026-01-05 09:00", "2026-01-06 09:00", "2026-01-12 09:00", "2026-01-13 09:00")
    ]
    assert "RRULE BYDAY 'MO, TU' read as MO,TU" in notes(b)


def test_rscale_gregorian_is_dropped_other_calendars_left_out():
    b = read("rscale.ics")
    yearly = sorted(b.events.loc[b.events["notes"] == "Yearly catch-up", "date"])
    assert yearly == [pd.Timestamp(f"{y}-01-10 09:00") for y in (2024, 2025, 2026)]
    assert out_uids(b) == ["rscale-chinese"]
    assert "RSCALE 'CHINESE'" in b.left_out["reason"].iloc[0]
    assert "RRULE RSCALE=GREGORIAN dropped" in notes(b)


def test_exdate_and_rdate_on_several_lines():
    b = read("exdate_rdate_several_lines.ics")
    # DAILY COUNT=5 from Jan 5, minus Jan 6 and Jan 8, plus Jan 10, 11, 12
    assert sorted(b.events["date"].dt.day) == [5, 7, 9, 10, 11, 12]
    assert (b.events["duration_min"] == 15).all()


def test_time_zone_defined_after_its_use():
    b = read("tzid_before_definition.ics")
    assert b.events["date"].tolist() == [pd.Timestamp("2026-01-05 14:00")]  # 09:00 at -05:00
    assert b.events["duration_min"].tolist() == [60.0]


def test_several_vtimezones_for_one_tzid_first_wins_and_is_said():
    b = read("several_vtimezones_one_tzid.ics")
    assert b.events["date"].tolist() == [pd.Timestamp("2026-01-05 07:00")]  # 09:00 at +02:00
    assert "VTIMEZONE 'My Zone' defined again at line 12 with other rules" in notes(b)


def test_dates_beyond_pythons_range_are_listed():
    b = read("date_overflow.ics")
    assert out_uids(b) == ["too-far", "far-future"]
    reasons = " ".join(b.left_out["reason"])
    assert "DTSTART '100000101T000000Z' is not a date" in reasons
    assert "date outside the years that can be stored" in reasons
    # the year-1 yearly series imports its occurrences inside the window (2000-2026)
    ancient = b.events[b.events["notes"] == "Year 1"]
    assert len(ancient) == 27 and ancient["date"].min() == pd.Timestamp("2000-01-01")


def test_missing_end_vevent_is_repaired():
    b = read("missing_end_vevent.ics")
    assert sorted(b.events["notes"]) == ["Coffee with Ana", "Unclosed"]
    assert "END:VEVENT missing" in notes(b)


def test_secondly_without_end_is_capped_and_reported():
    b = read("secondly_no_end.ics")
    assert len(b.events) == MAX_OCCURRENCES_PER_SERIES
    assert f"series cut after {MAX_OCCURRENCES_PER_SERIES} occurrences" in notes(b)


def test_a_rule_that_never_matches_costs_nothing():
    b = read("impossible_rule.ics")  # every second of 30 February: only DTSTART itself
    assert sorted(b.events["date"]) == [pd.Timestamp("2026-01-05 09:00"), GOOD]


def test_nothing_calendar_in_the_file_is_one_error():
    with pytest.raises(LogError) as err:
        read("not_a_calendar.ics")
    assert len(err.value.problems) == 1
    assert "an iCalendar file" in err.value.problems[0].expected


def test_recurring_series_left_out_counts_once(tmp_path):
    f = tmp_path / "standup.ics"
    f.write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:s1\r\nSUMMARY:Standup\r\n"
        "DTSTART:20250101T090000Z\r\nRRULE:FREQ=DAILY;COUNT=174\r\n"
        "ATTENDEE:mailto:someone@else.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    b = read_ics(f, ANA, until=dt.date(2027, 1, 1), tz="UTC")
    assert b.left_out["count"].tolist() == [1]
    assert (
        b.left_out["reason"].iloc[0].startswith("1 series (174 occurrences) left out: no attendee")
    )
    assert "(series, 174 occurrences)" in b.left_out["rows"].iloc[0]


def test_attendees_match_by_exact_name_and_shared_names_are_not_guessed(tmp_path):
    f = tmp_path / "names.ics"
    f.write_text(
        "BEGIN:VCALENDAR\r\n"
        "BEGIN:VEVENT\r\nUID:n1\r\nDTSTART:20260105T090000Z\r\n"
        'ATTENDEE;CN="Ruiz, Ana":mailto:ana.private@gmail.com\r\n'
        "ATTENDEE;CN=José O'Neil:mailto:jo@elsewhere.org\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:n2\r\nDTSTART:20260106T090000Z\r\n"
        "ATTENDEE;CN=Kim Lee:mailto:kim@x.org\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:n3\r\nDTSTART:20260107T090000Z\r\n"
        "ATTENDEE;CN=LinkedIn Member:mailto:lm@x.org\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    contacts = pd.DataFrame(
        {
            "email": [None, None, None, None],
            "name": ["Jose ONeil", "Kim Lee", "Kim Lee", "LinkedIn Member"],
            "contact_id": ["jose-oneil", "kim-lee", "kim-lee-2", "linkedin-member"],
        }
    )
    b = read_ics(f, contacts, until=dt.date(2027, 1, 1), tz="UTC")
    # "Ruiz, Ana" is not "Jose ONeil"; José O'Neil is, exactly after normalizing
    assert b.people[["name", "email", "_same_as"]].values.tolist() == [
        ["Jose ONeil", "jo@elsewhere.org", "jose-oneil"]
    ]
    assert (
        "attendee 'Kim Lee' has the name of 2 contacts (kim-lee, kim-lee-2): not guessed"
        in notes(b)
    )
    assert out_uids(b) == ["n2", "n3"]


# ----------------------------------------------------------------------------- property

VALID = [
    CORPUS / "exdate_rdate_several_lines.ics",
    CORPUS / "byday_spaces_exchange.ics",
    CORPUS / "tzid_before_definition.ics",
    CORPUS / "rscale.ics",
]
JUNK = ["", ":", ";", "X", "INVALID", "99999999T999999Z", "-P1D", "FREQ=", "TZID=", '"', " , "]


def mutate(text: str, seed: int, n: int) -> str:
    rng = random.Random(seed)
    lines = text.split("\r\n")
    for _ in range(n):
        i = rng.randrange(len(lines))
        action = rng.choice(["drop", "duplicate", "value", "param", "name", "swap"])
        line = lines[i]
        if action == "drop":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, line)
        elif action == "value" and ":" in line:
            head = line.split(":", 1)[0]
            lines[i] = f"{head}:{rng.choice(JUNK)}"
        elif action == "param":
            name, _, rest = line.partition(":")
            lines[i] = (
                f"{name};{rng.choice(['TZID', 'VALUE', 'CN', 'X'])}={rng.choice(JUNK)}:{rest}"
            )
        elif action == "name":
            lines[i] = rng.choice(JUNK) + line[rng.randrange(len(line) + 1) :]
        elif action == "swap" and len(lines) > 1:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], line
        if not lines:
            lines = [""]
    return "\r\n".join(lines)


@settings(
    max_examples=60,
    deadline=dt.timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(source=st.sampled_from(VALID), seed=st.integers(0, 10**9), n=st.integers(1, 6))
def test_mutated_calendars_never_raise_and_account_for_every_event(tmp_path, source, seed, n):
    f = tmp_path / "m.ics"
    f.write_bytes(mutate(source.read_text(), seed, n).encode())
    try:
        b = read_ics(f, ANA, since=dt.date(2000, 1, 1), until=dt.date(2027, 1, 1), tz="UTC")
    except LogError as err:  # only when nothing in the file is a calendar any more
        assert [p.kind for p in err.problems] == ["not_a_table"]
        return
    total = b.counts["calendar VEVENTs"]
    imported = set(b.events["_row"].tolist())
    listed = {int(i) for items in b.left_out.get("items", []) for i in items}
    assert imported.isdisjoint(listed)
    assert imported | listed == set(range(1, total + 1))
    assert b.counts["calendar events left out"] == len(listed)
    assert int(b.left_out["count"].sum()) == len(listed)


# ----------------------------------------------------------------------------- CLI


def _folder_with_ana(tmp_path) -> Path:
    out = tmp_path / "net"
    out.mkdir()
    (out / "contacts.csv").write_text(
        "owner_id,contact_id,name,email,source\nme,ana-ruiz,Ana Ruiz,ana@x.org,friend\n"
    )
    return out


@pytest.mark.parametrize("name", [row[0] for row in LEFT_OUT] + ["date_overflow.ics"])
def test_cli_exits_0_with_the_left_out_list_and_no_traceback(tmp_path, name):
    out = _folder_with_ana(tmp_path)
    r = CliRunner().invoke(
        cli,
        [
            "import",
            "ics",
            str(CORPUS / name),
            "--owner",
            "me",
            "--out",
            str(out),
            "--since",
            "2000-01-01",
            "--until",
            "2027-01-01",
            "--tz",
            "UTC",
        ],
    )
    text = r.output + (r.stderr if r.stderr_bytes is not None else "")
    assert r.exit_code == 0, text
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert "Traceback" not in text
    assert "left out:" in text and "UID '" in text
    assert "OK:" in text


def test_cli_exits_1_when_nothing_could_be_imported(tmp_path):
    out = _folder_with_ana(tmp_path)
    before = (out / "contacts.csv").read_bytes()
    f = tmp_path / "only_broken.ics"
    f.write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Broken\r\nDTSTART:INVALID-DATE\r\n"
        "ATTENDEE:mailto:ana@x.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    r = CliRunner().invoke(cli, ["import", "ics", str(f), "--owner", "me", "--out", str(out)])
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    assert "DTSTART 'INVALID-DATE' is not a date" in r.output
    assert "nothing imported" in r.output
    assert (out / "contacts.csv").read_bytes() == before
    assert not (out / "events.csv").exists()


def test_cli_not_a_calendar_is_one_clear_error(tmp_path):
    out = _folder_with_ana(tmp_path)
    r = CliRunner().invoke(
        cli,
        ["import", "ics", str(CORPUS / "not_a_calendar.ics"), "--owner", "me", "--out", str(out)],
    )
    assert r.exit_code == 1
    assert "not_a_calendar.ics" in r.output and "an iCalendar file" in r.output
    assert "Traceback" not in r.output


@settings(max_examples=40, deadline=dt.timedelta(seconds=5))
@given(
    freq=st.sampled_from(["DAILY", "HOURLY", "MINUTELY"]),
    interval=st.sampled_from([1, 2, 3]),
    hours=st.lists(st.integers(0, 23), min_size=0, max_size=2, unique=True),
    days=st.lists(
        st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), max_size=2, unique=True
    ),
    count=st.sampled_from([None, 3, 20]),
    start=st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2026, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
)
def test_day_by_day_expansion_equals_dateutil(freq, interval, hours, days, count, start):
    """Daily and finer rules are expanded one candidate day at a time (so that a rule
    whose filters skip most days stays fast); the occurrences are dateutil's own."""
    import itertools

    from dateutil.rrule import rrulestr

    from infoview_analysis.importers.calendar.recurrence import rule_occurrences
    from infoview_analysis.importers.calendar.values import Skip

    parts = {"FREQ": [freq], "INTERVAL": [interval]}
    if hours:
        parts["BYHOUR"] = sorted(hours)
    if days:
        parts["BYDAY"] = days
    if count:
        parts["COUNT"] = [count]
    text = ";".join(f"{k}={','.join(str(x) for x in v)}" for k, v in parts.items())
    stop = start + dt.timedelta(days=4)  # dateutil itself, the reference, is slow on long spans
    try:
        rule = rrulestr(text, dtstart=start)
    except ValueError:  # a rule that can generate nothing: the event is left out, said why
        with pytest.raises(Skip, match="cannot be expanded"):
            rule_occurrences(parts, text, start, start + dt.timedelta(days=1), [300])
        return
    expected = [o for o in itertools.islice(rule if count else rule.replace(until=stop), 300)]
    expected = [o for o in expected if o <= stop]
    got, cut = rule_occurrences(parts, text, start, stop, [300])
    assert got == expected[: len(got)]
    assert cut or got == expected


def test_expansion_window_is_named_when_it_cuts_a_series(tmp_path):
    f = tmp_path / "old.ics"
    f.write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:w\r\nSUMMARY:Weekly since 1980\r\n"
        "DTSTART:19800107T090000Z\r\nRRULE:FREQ=WEEKLY\r\n"
        "ATTENDEE:mailto:ana@x.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    b = read_ics(f, ANA, until=dt.date(2026, 1, 1), tz="UTC")
    dates = b.events["date"]
    assert dates.min() >= pd.Timestamp("1995-12-31") and dates.max() == pd.Timestamp(
        "2025-12-29 09:00"
    )
    assert "occurrences before 1996-01-09 not imported (EXPANSION_WINDOW_YEARS = 30" in notes(b)


def test_report_text_has_no_control_characters_and_long_values_are_cut(tmp_path):
    f = tmp_path / "esc.ics"
    f.write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:\x1b[31mred\r\nSUMMARY:\x1b]0;pwned\x07\r\n"
        f"DTSTART:{'9' * 500}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    b = read_ics(f, ANA, tz="UTC")
    text = " ".join(b.left_out["reason"]) + " ".join(b.left_out["rows"])
    assert "\x1b" not in text and "\x07" not in text
    assert "UID '?[31mred'" in text
    assert f"DTSTART '{'9' * 57}...' is not a date" in text
    assert "9" * 100 not in text


def test_an_iana_tzid_keeps_meaning_the_iana_zone(tmp_path):
    f = tmp_path / "berlin.ics"
    f.write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\n"
        "DTSTART:19700101T000000\r\nTZOFFSETFROM:+0500\r\nTZOFFSETTO:+0500\r\nEND:STANDARD\r\n"
        "END:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART;TZID=Europe/Berlin:20260105T090000\r\n"
        "ATTENDEE:mailto:ana@x.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    b = read_ics(f, ANA, until=dt.date(2027, 1, 1), tz="UTC")
    assert b.events["date"].tolist() == [pd.Timestamp("2026-01-05 08:00")]  # CET, not +05:00


def test_two_files_defining_one_tzid_differently_each_keep_their_own(tmp_path):
    def write(name: str, offset: str) -> Path:
        f = tmp_path / name
        f.write_text(
            "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Office Time\r\nBEGIN:STANDARD\r\n"
            f"DTSTART:19700101T000000\r\nTZOFFSETFROM:{offset}\r\nTZOFFSETTO:{offset}\r\n"
            "END:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:o\r\n"
            "DTSTART;TZID=Office Time:20260105T090000\r\n"
            "ATTENDEE:mailto:ana@x.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        return f

    first = read_ics(write("a.ics", "+0100"), ANA, until=dt.date(2027, 1, 1), tz="UTC")
    second = read_ics(write("b.ics", "-0300"), ANA, until=dt.date(2027, 1, 1), tz="UTC")
    assert first.events["date"].tolist() == [pd.Timestamp("2026-01-05 08:00")]
    assert second.events["date"].tolist() == [pd.Timestamp("2026-01-05 12:00")]
