"""Every bad-input case gives one LogError naming file, row, column, value and expectation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from infoview_analysis.cli import main
from infoview_analysis.core.problems import LogError
from infoview_analysis.loading.load import load_log

TODAY = dt.date(2026, 11, 27)
HEADER = "Owner,Contact ID,Name,How Found,Referred By,Date,Type,Channel,Duration\n"


def write(tmp_path: Path, text: str, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path, **kwargs) -> list[tuple]:
    with pytest.raises(LogError) as info:
        load_log(path, today=TODAY, **kwargs)
    return sorted(
        (p.kind, p.row, p.column, p.value, p.hint)
        for p in info.value.problems
        if p.severity == "error"
    )


def test_every_problem_at_once_with_rows_columns_values_and_hints(tmp_path):
    path = write(
        tmp_path,
        HEADER
        + "me,c1,Ana,alumnni,,2026-10-01,Outreach,Email,\n"  # row 2: misspelt source
        + "me,c1,Ana,Alum,,soon,Reply,email,\n"  # row 3: bad date
        + "me,,,Alum,,2026-10-08,Coffe chat,Zoom,-5\n"  # row 4: no id, bad type, bad duration
        + "me,c2,Bo,friend,,2026-10-10,outreach,pigeon,abc\n"  # row 5: bad channel and number
        + ",c3,Cy,friend,,,meeting,,\n",  # row 6: no owner, no date
    )
    assert problems_of(path) == [
        ("bad_date", 3, "Date", "soon", "leave the cell empty until it happens"),
        ("bad_number", 4, "Duration", -5.0, None),
        ("bad_number", 5, "Duration", "abc", None),
        ("missing_value", 4, "Contact ID", None, None),
        ("missing_value", 6, "Date", None, None),
        ("missing_value", 6, "Owner", None, None),
        ("unknown_value", 2, "How Found", "alumnni", "did you mean 'alumni'?"),
        ("unknown_value", 4, "Type", "Coffe chat", "did you mean 'meeting'?"),
        ("unknown_value", 5, "Channel", "pigeon", None),
    ]


def test_error_text_reads_like_a_sentence(tmp_path):
    path = write(tmp_path, "Name,Date,Type,Source\nAna,2026-10-01,outreach,alumnni\n")
    with pytest.raises(LogError) as info:
        load_log(path, today=TODAY)
    text = str(info.value)
    assert f"{path}, row 2, column 'Source': 'alumnni' is not a source (" in text
    assert "did you mean 'alumni'?" in text


def test_missing_required_column(tmp_path):
    path = write(tmp_path, "Name,Date,Channel\nAna,2026-10-01,email\n")
    with pytest.raises(LogError) as info:
        load_log(path, today=TODAY)
    (problem,) = info.value.problems
    assert problem.kind == "unrecognized_table"  # no type column: not a log, not contacts
    path = write(tmp_path, "Name,Type\nAna,outreach\n", "nodate.csv")
    with pytest.raises(LogError) as info:
        load_log(path, today=TODAY)
    (problem,) = info.value.problems
    assert (problem.kind, problem.column, problem.row) == ("missing_column", "date", 1)
    assert "Date" in problem.expected


def test_duplicate_contact_ids(tmp_path):
    path = write(tmp_path, "Owner,Contact ID,Name\nme,c1,Ana\nme,c2,Bo\nme,c1,Ann\nyou,c1,Al\n")
    with pytest.raises(LogError) as info:
        load_log(path, today=TODAY)
    (problem,) = info.value.problems
    assert (problem.kind, problem.row, problem.value) == ("duplicate_id", 4, "c1")
    assert "row 2" in problem.expected and "'me'" in problem.expected


def test_unknown_referrer_is_kept_with_a_warning(tmp_path):
    path = write(
        tmp_path, "Contact ID,Name,Referred By\nc1,Ana,\nc2,Bo,Zed Unknown\n", "contacts.csv"
    )
    events = write(tmp_path, "Contact ID,Date,Type\nc1,2026-10-01,outreach\n", "events.csv")
    log = load_log(events, contacts=path, today=TODAY)
    (warning,) = log.warnings
    assert (warning.kind, warning.row, warning.column, warning.value) == (
        "unknown_referrer",
        3,
        "Referred By",  # the header as the user wrote it
        "Zed Unknown",
    )
    assert log.contacts.set_index("contact_id").loc["c2", "referred_by"] == "Zed Unknown"


def test_future_dates_are_a_warning(tmp_path):
    path = write(tmp_path, "Name,Date,Type\nAna,2026-11-28,outreach\nBo,2026-11-29,outreach\n")
    log = load_log(path, today=TODAY)
    (warning,) = log.warnings
    assert (warning.kind, warning.row, warning.column, warning.value) == (
        "future_date",
        3,
        "Date",
        "2026-11-29",  # as typed, not 2026-11-29 00:00:00
    )


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"", "empty_file"),
        (b"   \r\n\r\n", "empty_file"),
        (b"Name,Date,Type\n", "empty_file"),
        (b"%PDF-1.4\x00\x01\x02 binary stuff", "not_a_table"),
        (b"just one line of prose without any separators", "not_a_table"),
        (b"PK\x03\x04garbage that is not really a workbook", "not_a_table"),
    ],
)
def test_files_that_are_not_logs(tmp_path, content, kind):
    path = tmp_path / "log.csv"
    path.write_bytes(content)
    with pytest.raises(LogError) as info:
        load_log(path, today=TODAY)
    (problem,) = info.value.problems
    assert problem.kind == kind
    assert problem.file == str(path)


def test_missing_path(tmp_path):
    with pytest.raises(LogError) as info:
        load_log(tmp_path / "nope.csv", today=TODAY)
    assert info.value.problems[0].kind == "missing_file"


def test_row_too_long(tmp_path):
    path = write(tmp_path, "Name,Date,Type\nAna,2026-10-01,outreach\nBo, Jr,2026-10-02,reply\n")
    with pytest.raises(LogError) as info:
        load_log(path, today=TODAY)
    (problem,) = info.value.problems
    assert (problem.kind, problem.row) == ("row_too_long", 3)


def test_many_bad_rows_are_counted_not_all_listed(tmp_path):
    rows = "".join(f"Person {i},not a date,outreach\n" for i in range(250))
    path = write(tmp_path, "Name,Date,Type\n" + rows)
    with pytest.raises(LogError) as info:
        load_log(path, today=TODAY)
    listed = [p for p in info.value.problems if p.row is not None]
    summary = [p for p in info.value.problems if p.row is None]
    assert len(listed) == 200
    assert "50 more rows" in summary[0].expected


def test_cli_validate_prints_table_and_exits_1_without_traceback(tmp_path):
    path = write(tmp_path, "Name,Date,Type,Source\nAna,2026-10-01,outreach,alumnni\n")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "severity" in result.output and "alumnni" in result.output
    assert "1 error" in result.output


def test_cli_validate_ok_summary(tmp_path):
    path = write(tmp_path, "Name,Date,Type\nAna,2026-10-01,outreach\nBo,2026-10-03,reply\n")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(
        "OK: 1 owner(s), 2 contacts, 2 events, 2026-10-01 to 2026-10-03, 0 warning(s)"
    )


def test_a_linkedin_export_is_pointed_to_the_importer(tmp_path):
    path = write(
        tmp_path,
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Ana,Ruiz,,Acme,Analyst,01 Oct 2026\n",
        "Connections.csv",
    )
    with pytest.raises(LogError) as info:
        load_log(path, today=TODAY)
    (problem,) = info.value.problems
    assert problem.kind == "export_file"
    assert "infoview import linkedin" in problem.expected


def test_rows_without_ids_are_missing_values_not_duplicates(tmp_path):
    path = write(tmp_path, "Owner,Contact ID,Name\nme,,\nme,,\nme,c1,Ana\n", "contacts.csv")
    with pytest.raises(LogError) as info:
        load_log(path, today=TODAY)
    kinds = sorted(p.kind for p in info.value.problems)
    assert kinds == ["missing_value", "missing_value"]


def test_ticks_in_a_tracker_step_mean_it_happened_and_placeholders_that_it_did_not(tmp_path):
    path = write(
        tmp_path,
        "Name,Date Contacted,Thank You Sent,Follow Up Date\nAna,10/01/2026,yes,TBD\n",
        "tracker.csv",
    )
    log = load_log(path, today=TODAY)
    # the tick is dated by the row's nearest earlier date; TBD is "not yet": no event
    assert log.events[["type", "date"]].values.tolist() == [
        ["outreach", pd.Timestamp("2026-10-01")],
        ["thank_you", pd.Timestamp("2026-10-01")],
    ]
    (guess,) = log.warnings
    assert (guess.kind, guess.column, guess.value) == ("guessed_date", "Thank You Sent", "yes")
    assert "rows 2" in guess.expected


def test_ticks_in_an_event_log_date_column_get_plain_advice(tmp_path):
    path = write(tmp_path, "Name,Date,Type\nAna,yes,outreach\nBo,TBD,reply\n")
    assert problems_of(path) == [
        ("bad_date", 2, "Date", "yes", "write the date it happened instead of a tick"),
        ("bad_date", 3, "Date", "TBD", "leave the cell empty until it happens"),
    ]


def test_tracker_without_a_name_column(tmp_path):
    path = write(tmp_path, "Company,Date Contacted,Interview Date\nAcme,10/01/2026,\n", "t.csv")
    with pytest.raises(LogError) as info:
        load_log(path, today=TODAY)
    (problem,) = info.value.problems
    assert (problem.kind, problem.column) == ("missing_column", "contact_id")
    assert "Name" in problem.expected
