"""load_log on small hand-written files: every accepted shape, with exact values."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from infoview_analysis.core.model import STRING
from infoview_analysis.loading.dates import parse_dates
from infoview_analysis.loading.load import load_log

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = pd.Timestamp("2026-11-27").date()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_long_log_values_and_dtypes():
    log = load_log(FIXTURES / "long_log.csv", today=TODAY)
    events, contacts = log.events, log.contacts
    assert len(events) == 7 and len(contacts) == 3 and list(log.owners["owner_id"]) == ["me"]
    assert events["type"].tolist() == [
        "outreach",
        "reply",
        "meeting",
        "thank_you",
        "outreach",
        "meeting",
        "outreach",
    ]
    assert events["channel"].tolist() == [
        "email",
        "email",
        "video",
        "email",
        "linkedin",
        "phone",
        "email",
    ]
    assert events["duration_min"].tolist()[2] == 30.0
    assert events["notes"].iloc[2] == "Great chat, knows Bo"
    assert events["date"].iloc[2] == pd.Timestamp("2026-10-08 10:00")
    by_id = contacts.set_index("contact_id")
    assert by_id.loc["c1", "organization"] == "Acme" and by_id.loc["c1", "role"] == "Analyst"
    assert by_id.loc["c1", "source"] == "alumni"
    assert by_id.loc["c3", "source"] == "cold"
    assert by_id.loc["c2", "source"] == "other"  # empty source
    assert by_id.loc["c2", "referred_by"] == "c1"
    # added_on defaults to the day of the first event with the contact
    assert by_id.loc["c2", "added_on"] == pd.Timestamp("2026-10-12")
    assert str(events["date"].dtype) == "datetime64[ns]"
    assert isinstance(events["type"].dtype, pd.CategoricalDtype)
    assert contacts["name"].dtype == STRING
    assert log.warnings == []


def test_contacts_events_roster_files_with_synonyms():
    log = load_log(
        FIXTURES / "events.csv",
        contacts=FIXTURES / "contacts.csv",
        owners=FIXTURES / "roster.csv",
        today=TODAY,
    )
    contacts = log.contacts.set_index("contact_id")
    assert contacts.loc["c1", "source"] == "alumni"
    assert contacts.loc["c2", "source"] == "industry_leader"
    # referred_by written as a name resolves to that contact's id
    assert contacts.loc["c2", "referred_by"] == "c1"
    assert contacts.loc["c1", "added_on"] == pd.Timestamp("2026-09-30")
    assert contacts.loc["c2", "added_on"] == pd.Timestamp("2026-10-05")
    assert pd.isna(contacts.loc["c3", "added_on"])  # no event, no date given
    # c4 has an event but is not in contacts: created, with a warning naming the row
    assert "c4" in contacts.index
    (warning,) = log.warnings
    assert (warning.kind, warning.row, warning.column, warning.value) == (
        "unknown_contact",
        5,
        "contact",  # the header as the user wrote it
        "c4",
    )
    owner = log.owners.iloc[0]
    assert owner["cohort"] == "2026" and owner["program"] == "Economics"
    assert owner["outcome"] == "employed_full_time"  # NACE category kept (issue 12)
    assert owner["outcome_date"] == pd.Timestamp("2026-08-01")


def test_wide_tracker_is_melted_into_events_and_contacts():
    log = load_log(FIXTURES / "wide_tracker.csv", today=TODAY)
    contacts = log.contacts.set_index("contact_id")
    assert sorted(contacts.index) == ["dana-kim", "eli-moss", "fay-wong"]
    assert contacts.loc["eli-moss", "referred_by"] == "dana-kim"
    assert contacts.loc["dana-kim", "source"] == "professor"
    assert contacts.loc["dana-kim", "role"] == "Analyst"
    dana = log.events[log.events["contact_id"] == "dana-kim"]
    assert dana["type"].tolist() == ["outreach", "reply", "meeting", "thank_you", "follow_up"]
    assert dana["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-10-01",
        "2026-10-03",
        "2026-10-10",
        "2026-10-10",
        "2026-11-02",
    ]
    meeting_notes = dana.loc[dana["type"] == "meeting", "notes"].tolist()
    assert meeting_notes == ["Met for coffee"]
    assert len(log.events) == 5 + 1 + 3
    assert contacts.loc["eli-moss", "added_on"] == pd.Timestamp("2026-10-12")


def test_folder_of_per_owner_files_uses_file_stems():
    log = load_log(FIXTURES / "per_owner", today=TODAY)
    assert log.owners["owner_id"].tolist() == ["alice", "bob"]
    assert log.contacts[["owner_id", "contact_id"]].values.tolist() == [
        ["alice", "gus-hall"],
        ["bob", "ivy-chen"],
    ]
    assert len(log.events) == 3


def test_single_file_without_owner_column_belongs_to_me(tmp_path):
    path = tmp_path / "coffee_chats_2026.csv"
    path.write_text("Name,Date,Type\nAna,2026-10-01,outreach\n")
    assert load_log(path, today=TODAY).owners["owner_id"].tolist() == ["me"]
    assert load_log(path, owner_id="s42", today=TODAY).owners["owner_id"].tolist() == ["s42"]


def test_xlsx_workbook_with_sheets_and_parquet(tmp_path):
    long = pd.read_csv(FIXTURES / "long_log.csv")
    contacts = pd.read_csv(FIXTURES / "contacts.csv")
    book = tmp_path / "tracker.xlsx"
    with pd.ExcelWriter(book) as writer:
        contacts.to_excel(writer, sheet_name="Contacts", index=False)
        long.drop(columns=["Name", "Company", "Title", "How Found", "Introduced By"]).to_excel(
            writer, sheet_name="Log", index=False
        )
    log = load_log(book, today=TODAY)
    assert len(log.contacts) == 3 and len(log.events) == 7
    assert log.contacts.set_index("contact_id").loc["c2", "referred_by"] == "c1"
    assert log.events["date"].iloc[2] == pd.Timestamp("2026-10-08 10:00")

    parquet = tmp_path / "log.parquet"
    long.to_parquet(parquet)
    from_parquet = load_log(parquet, today=TODAY)
    from_csv = load_log(FIXTURES / "long_log.csv", today=TODAY)
    pd.testing.assert_frame_equal(from_parquet.events, from_csv.events)


def test_xlsx_error_names_the_spreadsheet_row(tmp_path):
    book = tmp_path / "log.xlsx"
    frame = pd.DataFrame(
        {"Name": ["Ana", "Bo"], "Date": ["2026-10-01", "someday"], "Type": ["outreach", "reply"]}
    )
    with pd.ExcelWriter(book) as writer:
        frame.to_excel(writer, sheet_name="Log", index=False, startrow=2)  # two blank rows above
    with pytest.raises(Exception) as info:
        load_log(book, today=TODAY)
    (problem,) = info.value.problems
    assert (problem.row, problem.column, problem.value) == (5, "Date", "someday")


TEXT = "Name;Company;Date;Type\nRenée Dupré;Société Générale;2026-10-01;outreach\n"


@pytest.mark.parametrize(
    ("encoding", "delimiter", "newline"),
    [
        ("utf-8", ";", "\n"),
        ("utf-8-sig", ";", "\r\n"),
        ("utf-16", "\t", "\r\n"),
        ("cp1252", ";", "\r\n"),
        ("utf-8", ",", "\n"),
        ("utf-8", "\t", "\n"),
    ],
)
def test_encodings_delimiters_and_line_ends(tmp_path, encoding, delimiter, newline):
    path = tmp_path / "log.csv"
    text = TEXT.replace(";", delimiter).replace("\n", newline)
    path.write_bytes(text.encode(encoding))
    log = load_log(path, today=TODAY)
    row = log.contacts.iloc[0]
    assert (row["name"], row["organization"], row["contact_id"]) == (
        "Renée Dupré",
        "Société Générale",
        "renée-dupré",
    )


def test_preamble_lines_and_blank_rows_keep_spreadsheet_row_numbers(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        "My coffee chats\nexported 2026-11-01\n\nName,Date,Type\n"
        "Ana,2026-10-01,outreach\n\nBo,2026-13-45,outreach\n"
    )
    with pytest.raises(Exception) as info:
        load_log(path, today=TODAY)
    (problem,) = info.value.problems
    # header on spreadsheet row 4; Ana row 5; blank row 6; Bo row 7
    assert (problem.row, problem.column, problem.value, problem.kind) == (
        7,
        "Date",
        "2026-13-45",
        "bad_date",
    )


def test_dates_in_many_formats():
    values = pd.Series(
        [
            "2026-10-14",
            "10/15/2026",
            "Oct 16, 2026",
            "17 Oct 2026",
            "18-Oct-26",
            "2026/10/19",
            "10/20/26, 6:14 PM",
            "46315",
            None,
        ]
    )
    parsed = parse_dates(values)
    assert parsed.dt.strftime("%Y-%m-%d").tolist()[:8] == [
        "2026-10-14",
        "2026-10-15",
        "2026-10-16",
        "2026-10-17",
        "2026-10-18",
        "2026-10-19",
        "2026-10-20",
        "2026-10-20",  # Excel serial day number
    ]
    assert pd.isna(parsed.iloc[8])
    assert parse_dates(pd.Series(["03/04/2026"]), dayfirst=True).iloc[0] == pd.Timestamp(
        "2026-04-03"
    )


def test_loading_never_changes_input_files():
    paths = sorted(FIXTURES.rglob("*.csv"))
    before = {p: digest(p) for p in paths}
    load_log(FIXTURES / "long_log.csv", today=TODAY)
    load_log(FIXTURES / "wide_tracker.csv", today=TODAY)
    load_log(FIXTURES / "per_owner", today=TODAY)
    assert {p: digest(p) for p in paths} == before


def test_log_helpers():
    log = load_log(FIXTURES / "long_log.csv", today=TODAY)
    positions = log.event_contact_pos
    assert (log.contacts["contact_id"].to_numpy()[positions] == log.events["contact_id"]).all()
    assert log.referrer_pos.tolist() == [-1, 0, -1]
    assert log.summary()["events"] == 7
    assert log.summary_line().startswith("1 owner(s), 3 contacts, 7 events, 2026-10-01 to")
    assert len(log.for_owner("me").events) == 7


def test_false_utf16_byte_order_mark_is_read_as_legacy_text(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(b"\xff\xfeName,Date,Type\nAna,2026-10-01,outreach\n")
    # Not UTF-16 after all: read as cp1252, where the two bytes are letters the header
    # matching ignores, so the log loads.
    log = load_log(path, today=TODAY)
    assert log.contacts["name"].tolist() == ["Ana"]
    assert log.events["type"].tolist() == ["outreach"]


def test_line_breaks_inside_quoted_cells(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        'Name,Date,Type,Notes\nAna,2026-10-01,meeting,"Line one\nline two"\n'
        "Bo,2026-10-02,outreach,\nCy,2026-10-03,reply,x\n"
    )
    log = load_log(path, today=TODAY)
    assert log.events.set_index("contact_id").loc["ana", "notes"] == "Line one\nline two"
    assert len(log.events) == 3
    bad = tmp_path / "bad.csv"
    bad.write_text('Name,Date,Type,Notes\nAna,2026-10-01,meeting,"one\ntwo"\nBo,someday,reply,\n')
    with pytest.raises(Exception) as info:
        load_log(bad, today=TODAY)
    (problem,) = info.value.problems
    assert (problem.row, problem.value) == (3, "someday")


@pytest.mark.parametrize(
    "source",
    ["long_log.csv", "wide_tracker.csv", "per_owner", "events.csv"],
)
def test_every_loaded_log_meets_the_dtype_contract(source):
    from infoview_analysis.loading.rules import check_contract

    check_contract(load_log(FIXTURES / source, today=TODAY))


def test_generated_and_shipped_logs_meet_the_dtype_contract():
    from infoview_analysis.loading.rules import check_contract
    from infoview_analysis.sample import generate

    check_contract(generate(owners=5, seed=1))
    root = Path(__file__).resolve().parents[1] / "data" / "sample"
    check_contract(load_log(root / "cohort", today=TODAY))


def test_utc_offsets_keep_the_wall_clock_time(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        "Name,Date,Type\nAna,2026-10-01T10:00:00+02:00,outreach\n"
        "Bo,2026-10-01T10:00:00Z,reply\nCy,2026-10-02 09:30,reply\n"
    )
    log = load_log(path, today=TODAY)
    dates = log.events.set_index("contact_id")["date"]
    assert dates["ana"] == pd.Timestamp("2026-10-01 10:00")
    assert dates["bo"] == pd.Timestamp("2026-10-01 10:00")
    assert dates["cy"] == pd.Timestamp("2026-10-02 09:30")
