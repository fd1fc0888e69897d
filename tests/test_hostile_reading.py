"""Hostile and broken files give one clear problem in bounded time (issue 11, reading rows).

Every file is built here, in tmp_path; limits are lowered with monkeypatch where the
real ones would need files of gigabytes.
"""

from __future__ import annotations

import datetime as dt
import zipfile

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from infoview_analysis.core import limits
from infoview_analysis.core.problems import LogError
from infoview_analysis.loading import delimited, reading, workbooks
from infoview_analysis.loading.load import load_log

TODAY = dt.date(2026, 11, 1)


def only_problem(path):
    with pytest.raises(LogError) as info:
        load_log(path, today=TODAY)
    (problem,) = info.value.problems
    return problem


def test_parquet_with_a_list_or_struct_column_names_the_column(tmp_path):
    path = tmp_path / "log.parquet"
    table = pa.table(
        {
            "Name": ["Ana"],
            "Date": ["2026-10-01"],
            "Type": ["outreach"],
            "Tags": pa.array([[1, 2]]),
            "Meta": pa.array([{"a": 1}]),
        }
    )
    pq.write_table(table, path)
    with pytest.raises(LogError) as info:
        load_log(path, today=TODAY)
    problems = {(p.kind, p.column) for p in info.value.problems}
    assert problems == {("nested_column", "Tags"), ("nested_column", "Meta")}
    assert "one value per cell" in info.value.problems[0].expected


def test_xlsx_that_unpacks_past_the_limit_is_refused_before_opening(tmp_path, monkeypatch):
    monkeypatch.setattr(workbooks, "MAX_XLSX_UNPACKED_BYTES", 1024**2)
    path = tmp_path / "bomb.xlsx"
    pd.DataFrame({"Name": ["Ana"], "Date": ["2026-10-01"], "Type": ["outreach"]}).to_excel(
        path, index=False
    )
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (2 * 1024**2))  # 2 MiB of zeros
    assert path.stat().st_size < 100_000  # small on disk, big unpacked
    problem = only_problem(path)
    assert problem.kind == "too_large"
    assert "unpacks to at most 1 MiB" in problem.expected


def test_a_workbook_within_the_limit_still_loads(tmp_path):
    path = tmp_path / "log.xlsx"
    pd.DataFrame({"Name": ["Ana"], "Date": ["2026-10-01"], "Type": ["outreach"]}).to_excel(
        path, index=False
    )
    assert len(load_log(path, today=TODAY).events) == 1


def test_unterminated_quote_names_its_row(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        "Name,Date,Type,Notes\n"
        "Ana,2026-10-01,outreach,fine\n"
        'Bo,2026-10-02,reply,"never closed\n'
        "Cy,2026-10-03,reply,ok\n"
        "Di,2026-10-04,reply,ok\n",
        encoding="utf-8",
    )
    problem = only_problem(path)
    assert (problem.kind, problem.row) == ("bad_quote", 3)
    assert problem.value.startswith("Bo,2026-10-02")


def test_quoted_line_breaks_that_close_are_fine(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        'Name,Date,Type,Notes\nAna,2026-10-01,outreach,"two\nlines"\nBo,2026-10-02,reply,"say ""hi"""\n',
        encoding="utf-8",
    )
    log = load_log(path, today=TODAY)
    assert log.events["notes"].tolist() == ["two\nlines", 'say "hi"']


def test_a_huge_field_is_named_with_its_row(tmp_path, monkeypatch):
    monkeypatch.setattr(delimited, "MAX_ROW_BYTES", 1024**2)
    path = tmp_path / "log.csv"
    path.write_text(
        "Name,Date,Type,Notes\nAna,2026-10-01,outreach,short\nBo,2026-10-02,reply,"
        + "x" * (3 * 1024**2)
        + "\n",
        encoding="utf-8",
    )
    problem = only_problem(path)
    assert (problem.kind, problem.row) == ("too_large", 3)
    assert "at most 1 MiB" in problem.expected and "3 MiB" in problem.expected
    assert "straddl" not in problem.expected


def test_a_million_column_header_gets_a_plain_message(tmp_path):
    path = tmp_path / "log.csv"
    header = "Name,Date,Type," + ",".join(f"c{i}" for i in range(1_000_000))
    path.write_text(header + "\nAna,2026-10-01,outreach\n", encoding="utf-8")
    problem = only_problem(path)
    assert problem.kind == "too_large"
    assert "header line of at most 1 MiB" in problem.expected
    assert "block size" not in problem.expected


def test_too_many_columns(tmp_path):
    path = tmp_path / "log.csv"
    header = "Name,Date,Type," + ",".join(f"c{i}" for i in range(limits.MAX_COLUMNS))
    path.write_text(header + "\nAna,2026-10-01,outreach\n", encoding="utf-8")
    problem = only_problem(path)
    assert problem.kind == "too_large" and "10,000 columns" in problem.expected


def test_a_file_past_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 100)
    path = tmp_path / "log.csv"
    path.write_text("Name,Date,Type\n" + "Ana,2026-10-01,outreach\n" * 10, encoding="utf-8")
    problem = only_problem(path)
    assert problem.kind == "too_large" and "at most 100 bytes" in problem.expected


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "Connections.csv",
            "First Name,Last Name,URL,Connected On\n" + "Ana,Ruiz,,01 Oct 2026\n" * 10,
        ),
        ("contacts.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Ruiz\nEND:VCARD\n" * 10),
        ("meetings.ics", "BEGIN:VCALENDAR\nVERSION:2.0\n" + "X-PAD:0123456789\n" * 10),
    ],
)
def test_an_export_past_the_size_limit_is_refused_before_it_is_read(
    tmp_path, monkeypatch, name, text
):
    """Exports (LinkedIn/Google CSV, vCard, iCalendar) go through the same size limit as
    logs: a hostile 10 GB file is never read whole into memory."""
    from infoview_analysis.importers.calendar import read_ics
    from infoview_analysis.importers.linkedin import read_connections
    from infoview_analysis.importers.vcard import read_vcard

    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 100)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    reader = {
        ".csv": read_connections,
        ".vcf": read_vcard,
        ".ics": lambda p: read_ics(p, pd.DataFrame()),  # contacts are not read yet
    }[path.suffix]
    with pytest.raises(LogError) as caught:
        reader(path)
    problem = caught.value.problems[0]
    assert problem.kind == "too_large" and "at most 100 bytes" in problem.expected


def test_year_9999_is_refused_with_advice(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Name,Date,Type\nAna,9999-12-31,outreach\n", encoding="utf-8")
    problem = only_problem(path)
    assert (problem.kind, problem.row, problem.value) == ("bad_date", 2, "9999-12-31")
    assert "1678 and 2261" in problem.hint


def test_time_zone_rule_wall_clock_as_written_offset_dropped_with_a_warning(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        "Name,Date,Type\nAna,2026-06-04 10:30+05:30,meeting\nBo,2026-06-05 09:00Z,meeting\n",
        encoding="utf-8",
    )
    log = load_log(path, today=TODAY)
    assert log.events["date"].tolist() == [
        pd.Timestamp("2026-06-04 10:30"),
        pd.Timestamp("2026-06-05 09:00"),
    ]
    (warning,) = log.warnings
    assert (warning.kind, warning.column, warning.row) == ("time_zone", "Date", 2)
    assert warning.value == "2026-06-04 10:30+05:30"
    assert "2 time(s)" in warning.expected


def test_time_zone_aware_parquet_keeps_its_wall_clock(tmp_path):
    path = tmp_path / "log.parquet"
    stamps = pd.Series(pd.to_datetime(["2026-06-04 10:30"])).dt.tz_localize("Asia/Kolkata")
    pd.DataFrame({"Name": ["Ana"], "Date": stamps, "Type": ["meeting"]}).to_parquet(path)
    log = load_log(path, today=TODAY)
    assert log.events["date"].tolist() == [pd.Timestamp("2026-06-04 10:30")]
