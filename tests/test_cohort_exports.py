"""Advisor outputs: the confidential action list, Excel workbooks, class years,
side-by-side comparisons and the `infoview cohort` commands, on hand-checked data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from test_conversion import make_log

from infoview_analysis.cli.main import main
from infoview_analysis.metrics.cohort import class_year
from infoview_analysis.views.action_list import (
    CONFIDENTIAL,
    action_list,
    action_list_html,
    student_directory,
)
from infoview_analysis.views.cohort import compare_side_by_side
from infoview_analysis.views.workbook import SUPPRESSED_MARK, write_workbook

COHORT = Path(__file__).resolve().parents[1] / "data" / "sample" / "cohort"


def test_action_list_hand_checked(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        'Student ID,Full Name,E-mail\nsolo,Sam Solo,sam@uni.edu\nidle,=HYPERLINK("x"),\n'
    )
    t = action_list(make_log(), "2026-06-01", 30, student_directory(roster))
    reach = t["Reach out"].set_index("owner_id")
    # still seeking or not known, no meeting in 30 days; "me" is employed
    assert list(reach.index) == ["idle", "quiet", "solo"]
    assert reach.loc["solo", ["name", "email", "outcome"]].tolist() == [
        "Sam Solo",
        "sam@uni.edu",
        "seeking",
    ]
    assert reach.loc["idle", "outcome"] == "not known yet"
    everyone = t["All students"].set_index("owner_id")
    me = everyone.loc["me"]
    assert (me["meetings"], me["overdue_thank_you"], me["overdue_follow_up"]) == (4, 1, 3)
    assert me["last_meeting"] == pd.Timestamp("2026-03-20 15:00")
    assert me["days_since_meeting"] == 72
    assert list(everyone.index)[0] == "me"  # most overdue items first


def test_action_list_page_is_confidential_escaped_and_linkless(tmp_path):
    frame = pd.DataFrame({"owner_id": ["s1"], "name": ['<script>alert("x")</script>']})
    page = action_list_html({"Reach out": frame}, "List <2026>")
    assert CONFIDENTIAL.split(" —")[0] in page and "noindex" in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<a " not in page and "&lt;2026&gt;" in page


def test_workbook_marks_suppressed_and_neutralizes_formulas(tmp_path):
    t = pd.DataFrame(
        {
            "program": ["=1+1", "B"],
            "n_owners": pd.array([12, pd.NA], dtype="Int64"),
            "suppressed": [False, True],
            "note": ["", "small group"],
            "knowledge_rate": [0.75, float("nan")],
            "median_meetings": [2.5, float("nan")],
        }
    )
    t.attrs["rules"] = "Groups of fewer than 5 students are hidden."
    ws = load_workbook(write_workbook({"By program": t}, tmp_path / "t.xlsx", "X"))["By program"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert rows[0] == ["Program", "Students", "Note", "Knowledge rate", "Median meetings"]
    assert rows[1] == ["=1+1", 12, None, 0.75, 2.5]  # an empty note stays empty
    assert rows[2] == ["B", SUPPRESSED_MARK, "small group", SUPPRESSED_MARK, SUPPRESSED_MARK]
    assert ws["A5"].data_type == "s"  # text, never a formula
    assert (ws["B5"].number_format, ws["D5"].number_format, ws["E5"].number_format) == (
        "#,##0",
        "0%",
        "#,##0.0",
    )


def test_class_year_is_july_to_june():
    p = class_year(2026)
    assert (p.start, p.end) == (pd.Timestamp("2025-07-01"), pd.Timestamp("2026-07-01"))
    assert p.previous().start == pd.Timestamp("2024-07-01")
    with pytest.raises(ValueError, match="expected a year"):
        class_year("twenty")


def test_compare_side_by_side_keeps_hidden_hidden():
    a = pd.DataFrame(
        {"cohort": ["2025", "2026"], "n_owners": [10, None], "knowledge_rate": [0.5, None]}
    )
    b = pd.DataFrame(
        {"cohort": ["2025", "2026"], "n_owners": [10, 8], "knowledge_rate": [0.8, 0.5]}
    )
    t = compare_side_by_side(a, b, ["cohort"], ("Q2", "Q3"), ("n_owners", "knowledge_rate"))
    row = t.set_index("cohort")
    assert row.loc["2025", "knowledge_rate change"] == pytest.approx(0.3)
    assert pd.isna(row.loc["2026", "n_owners change"])  # hidden on one side: no change


@pytest.mark.skipif(not COHORT.exists(), reason="the shipped sample cohort is missing")
def test_cohort_commands_on_the_sample(tmp_path):
    runner = CliRunner()
    book = tmp_path / "tables.xlsx"
    result = runner.invoke(
        main, ["cohort", "export", "--data", str(COHORT), "--class-year", "2026", "-o", str(book)]
    )
    assert result.exit_code == 0, result.output
    sheets = load_workbook(book).sheetnames
    assert sheets[:3] == ["Headline", "Everyone", "By cohort"] and len(sheets) == 7
    out = tmp_path / "private"
    result = runner.invoke(
        main, ["cohort", "actions", "--data", str(COHORT), "--period", "2026-10", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "action_list_2026-10.html",
        "action_list_2026-10.xlsx",
    ]
    result = runner.invoke(
        main, ["cohort", "compare", "--data", str(COHORT), "--by", "cohort", "2025", "1999"]
    )
    assert result.exit_code == 2 and "no cohort '1999'" in result.output


@pytest.mark.skipif(not COHORT.exists(), reason="the shipped sample cohort is missing")
def test_report_class_year_is_its_own_period(tmp_path):
    args = ["report", "cohort_outcomes", "--data", str(COHORT), "--out", str(tmp_path)]
    result = CliRunner().invoke(main, [*args, "--class-year", "2026", "--period", "2026-10"])
    assert result.exit_code == 2 and "--class-year is a period of its own" in result.output
    result = CliRunner().invoke(main, [*args, "--class-year", "2026", "--xlsx", "--dry-run"])
    assert result.exit_code == 0, result.output
    run = next(tmp_path.glob("cohort_outcomes/*/run.json"))
    assert run.parent.name == "2025-07-01_2026-06-30"
