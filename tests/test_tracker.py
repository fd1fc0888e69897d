"""Hand-kept trackers read as the person who kept them would count them (issue 10).

The counts below were made by hand from tests/fixtures/trackers/*.csv.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from infoview_analysis.cli import main
from infoview_analysis.core.problems import LogError
from infoview_analysis.loading.load import load_log
from infoview_analysis.metrics import conversion, referrals

TRACKERS = Path(__file__).parent / "fixtures" / "trackers"
SHEET = TRACKERS / "google_sheets_tracker.csv"
TODAY = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def sheet_log():
    return load_log(SHEET, today=TODAY)


def kinds(log) -> list[str]:
    return sorted(p.kind for p in log.warnings)


def test_the_sheet_loads_with_warnings_and_no_errors(sheet_log):
    assert len(sheet_log.contacts) == 25
    assert kinds(sheet_log) == sorted(
        [
            "unused_columns",  # Priority
            "year_completed",
            "guessed_date",  # Replied?
            "guessed_date",  # Thank you sent
            "guessed_date",  # Outcome without a date
            "unknown_referrer",  # Priya Sha -> Priya Shah
            "unknown_referrer",  # Jenn Morales -> Jen Morales
            "unknown_referrer",  # Aunt Linda: not in the tracker
            "referrer_not_named",  # coworker intro
        ]
    )


def test_steps_counted_as_by_hand(sheet_log):
    counts = sheet_log.events["type"].value_counts()
    # 25 reached out; 21 replied (dates, yes, x, Y); 17 coffee chats; 16 thank-yous
    # (ticks and one date); 3 follow-ups
    assert counts["outreach"] == 25
    assert counts["reply"] == 21
    assert counts["meeting"] == 17
    assert counts["thank_you"] == 16
    assert counts["follow_up"] == 3
    # Outcome: job lead x3 + referral x2 -> 5 job leads; applied x2; interview x2; offer x1
    assert (counts["job_lead"], counts["application"], counts["interview"], counts["offer"]) == (
        5,
        2,
        2,
        1,
    )


def test_reply_rate_is_hers(sheet_log):
    threads = conversion.threads(sheet_log)
    assert threads["contacted"].sum() == 25
    assert threads["replied"].sum() == 21
    assert threads["replied"].sum() / threads["contacted"].sum() == pytest.approx(0.84)
    assert threads["met"].sum() == 17
    assert threads["thanked"].sum() == 16  # every tick dated by its coffee chat
    assert threads["followed_up"].sum() == 3
    # converted: Priya, Jen, Sam, Dana, Mei, Ana, Kate, Ben, Noah
    assert threads["converted"].sum() == 9


def test_dates_without_a_year_and_month_names(sheet_log):
    by = sheet_log.events.set_index(["contact_id", "type"])["date"]
    # latest full date in the file: Oct 20, 2026 -> every 8/3 ... 10/5 is in 2026
    assert by["priya-shah", "outreach"] == pd.Timestamp("2026-08-03")
    assert by["jen-morales", "meeting"] == pd.Timestamp("2026-08-12")  # Aug 12
    assert by["lea-park", "outreach"] == pd.Timestamp("2026-09-12")  # Sept 12
    assert by["lea-park", "meeting"] == pd.Timestamp("2026-09-19")  # Sept. 19
    assert by["dana-kim", "outreach"] == pd.Timestamp("2026-09-03")  # Sept 3, 2026
    # a written outcome date: "interview 10/2"
    assert by["sam-lee", "interview"] == pd.Timestamp("2026-10-02")
    # a tick takes the nearest earlier date of its row
    assert by["priya-shah", "reply"] == pd.Timestamp("2026-08-03")
    assert by["priya-shah", "thank_you"] == pd.Timestamp("2026-08-10")
    (completed,) = [w for w in sheet_log.warnings if w.kind == "year_completed"]
    assert "43 date(s)" in completed.expected and "2026-10-20" in completed.expected


def test_year_option_chooses_the_year():
    log = load_log(SHEET, today=dt.date(2027, 11, 1), year=2025)
    by = log.events.set_index(["contact_id", "type"])["date"]
    assert by["priya-shah", "outreach"] == pd.Timestamp("2025-08-03")
    assert by["dana-kim", "outreach"] == pd.Timestamp("2026-09-03")  # its year was written


def test_sources_and_referral_chains_as_by_hand(sheet_log):
    contacts = sheet_log.contacts.set_index("contact_id")
    # introductions take the source of whoever introduced them, or the relation named
    assert contacts.loc["sam-lee", "source"] == "alumni"  # via Priya (alumni)
    assert contacts.loc["iris-moon", "source"] == "alumni"  # via Sam, via Priya
    assert contacts.loc["ana-ruiz", "source"] == "linkedin"  # via Jen (LinkedIn)
    assert contacts.loc["omar-ali", "source"] == "family"  # Aunt Linda intro
    assert contacts.loc["mei-chen", "source"] == "coworker"  # coworker intro
    assert (contacts["source"] == "other").sum() == 0
    # misspelt referrers are read as the contact they nearly name, and said so
    assert contacts.loc["sam-lee", "referred_by"] == "priya-shah"
    assert contacts.loc["ana-ruiz", "referred_by"] == "jen-morales"
    assert contacts.loc["noah-fox", "referred_by"] == "ana-ruiz"  # "intro from Ana Ruiz"
    assert contacts.loc["omar-ali", "referred_by"] == "Aunt Linda"
    hints = {w.value: w.hint for w in sheet_log.warnings if w.kind == "unknown_referrer"}
    assert hints["Priya Sha"] == "did you mean 'Priya Shah'?"
    assert hints["Jenn Morales"] == "did you mean 'Jen Morales'?"
    (unnamed,) = [w for w in sheet_log.warnings if w.kind == "referrer_not_named"]
    assert (unnamed.row, unnamed.column, unnamed.value) == (7, "How we met", "coworker intro")

    chains = referrals.referral_chains(sheet_log).set_index("contact_id")
    assert chains.loc["iris-moon", "depth"] == 3  # Priya -> Sam -> Iris
    assert chains.loc["noah-fox", "root"] == "jen-morales"  # Jen -> Ana -> Noah
    assert bool(chains.loc["omar-ali", "referrer_missing"])
    roots = referrals.referral_roots(sheet_log).set_index("root")
    assert roots.loc["priya-shah", "descendants"] == 3  # Sam, Ben, Iris
    assert roots.loc["jen-morales", "descendants"] == 2  # Ana, Noah


def test_unused_columns_are_named_once(sheet_log):
    (unused,) = [w for w in sheet_log.warnings if w.kind == "unused_columns"]
    assert unused.value == "Priority"


def test_validate_accepts_the_sheet_and_writes_every_problem(tmp_path):
    target = tmp_path / "problems.csv"
    result = CliRunner().invoke(main, ["validate", str(SHEET), "--problems", str(target)])
    assert result.exit_code == 0, result.output
    assert "OK:" in result.output
    written = pd.read_csv(target)
    assert len(written) == 9
    assert set(written["kind"]) >= {"year_completed", "guessed_date", "unknown_referrer"}


def test_problems_file_neutralizes_formulas(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Name,Date,Type\nAna,=1+1,outreach\n", encoding="utf-8")
    target = tmp_path / "problems.csv"
    result = CliRunner().invoke(main, ["validate", str(path), "--problems", str(target)])
    assert result.exit_code == 1
    written = pd.read_csv(target)
    assert written["value"].tolist() == ["'=1+1"]  # the spreadsheet shows it as text


def test_a_folder_with_contacts_and_no_events_yet_loads(tmp_path):
    (tmp_path / "contacts.csv").write_text(
        "owner_id,contact_id,name,source,added_on\nme,ana,Ana Ruiz,linkedin,2026-10-01\n",
        encoding="utf-8",
    )
    (tmp_path / "events.csv").write_text(
        "owner_id,contact_id,date,type,channel,duration_min,notes\n", encoding="utf-8"
    )
    log = load_log(tmp_path, today=TODAY)
    assert (len(log.contacts), len(log.events)) == (1, 0)
    assert [w.kind for w in log.warnings] == ["empty_file"]


def test_a_header_only_file_alone_is_still_an_error(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("Name,Date,Type\n", encoding="utf-8")
    with pytest.raises(LogError) as info:
        load_log(path, today=TODAY)
    assert [(p.kind, p.severity) for p in info.value.problems] == [("empty_file", "error")]


@pytest.mark.parametrize(
    ("how", "source", "referrer", "warned"),
    [
        ("Referral", "other", None, True),
        ("intro", "other", None, True),
        ("coworker intro", "coworker", None, True),
        ("Aunt Linda intro", "family", "Aunt Linda", False),
        ("introduced by Sam Lee", "alumni", "sam-lee", False),
        ("Met at a career fair", "event", None, False),
        ("my old boss", "former_employer", None, False),
    ],
)
def test_how_we_met_phrasings(tmp_path, how, source, referrer, warned):
    path = tmp_path / "tracker.csv"
    path.write_text(
        f"Name,How we met,Date reached out\nSam Lee,alumni,2026-10-01\nBo Park,{how},2026-10-02\n",
        encoding="utf-8",
    )
    log = load_log(path, today=TODAY)
    bo = log.contacts.set_index("contact_id").loc["bo-park"]
    assert bo["source"] == source
    assert (None if pd.isna(bo["referred_by"]) else bo["referred_by"]) == referrer
    assert any(w.kind == "referrer_not_named" for w in log.warnings) == warned


def test_a_tick_in_a_row_without_any_date_is_listed_as_left_out(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Name,Date reached out,Replied?\nAna,2026-10-01,yes\nBo,,yes\n", encoding="utf-8"
    )
    log = load_log(path, today=TODAY)
    assert log.events["type"].tolist() == ["outreach", "reply"]
    (lost,) = [w for w in log.warnings if w.kind == "tick_without_date"]
    assert (lost.row, lost.column, lost.value) == (3, "Replied?", "yes")


def test_a_tracker_copied_into_an_imported_folder_joins_its_owner(tmp_path):
    (tmp_path / "contacts.csv").write_text(
        "owner_id,contact_id,name,source\nme,ana-ruiz,Ana Ruiz,linkedin\n", encoding="utf-8"
    )
    (tmp_path / "events.csv").write_text(
        "owner_id,contact_id,date,type\nme,ana-ruiz,2026-10-01,outreach\n", encoding="utf-8"
    )
    (tmp_path / "Job search 2026.csv").write_text(
        "Name,How we met,Date reached out\nBo Park,alumni,2026-10-02\n", encoding="utf-8"
    )
    log = load_log(tmp_path, today=TODAY)
    assert log.owners["owner_id"].tolist() == ["me"]
    assert sorted(log.contacts["contact_id"]) == ["ana-ruiz", "bo-park"]
    (moved,) = [w for w in log.warnings if w.kind == "missing_column"]
    assert "'me'" in moved.expected and "Job_search_2026" in moved.expected


def test_a_second_tracker_with_other_headers_counts_as_by_hand():
    log = load_log(TRACKERS / "notion_style_tracker.csv", today=TODAY)
    assert not any(w.kind == "unused_columns" for w in log.warnings)
    counts = log.events["type"].value_counts().to_dict()
    # Response?: Yes/yes/Y/x ticks (7); No and pending are not replies; Thank-you?: ✓/Y/x
    assert {k: counts.get(k, 0) for k in ("outreach", "reply", "meeting", "thank_you")} == {
        "outreach": 10,
        "reply": 7,
        "meeting": 6,
        "thank_you": 5,
    }
    # Status: Applied, Interview, "Job lead; offer 10/20", Referral
    assert {k: counts.get(k, 0) for k in ("job_lead", "application", "interview", "offer")} == {
        "job_lead": 2,
        "application": 1,
        "interview": 1,
        "offer": 1,
    }
    by = log.events.set_index(["contact_id", "type"])["date"]
    assert by["Dee Shah", "offer"] == pd.Timestamp("2026-10-20")
    assert by["Alex Kim", "outreach"] == pd.Timestamp("2026-09-07")  # "Mon, Sep 7"
    contacts = log.contacts.set_index("contact_id")
    assert contacts.loc["Hal Ng", "referred_by"] == "Alex Kim"  # "Alex Kimm"
    assert contacts.loc["Fay Wong", "referred_by"] == "Bea Lund"  # "Intro from Bea Lund"
    assert contacts.loc["Fay Wong", "source"] == "alumni"  # via Bea, via Alex (alumni)
    assert contacts.loc["Dee Shah", "source"] == "former_employer"  # "my old boss"
    assert contacts.loc["Bea Lund", "name"] == "Bea Lund"
    threads = conversion.threads(log)
    assert (threads["contacted"].sum(), threads["replied"].sum(), threads["met"].sum()) == (
        10,
        7,
        6,
    )
    assert threads["converted"].sum() == 4  # Alex, Bea, Dee, Hal


def test_the_sheet_as_an_excel_workbook_reads_the_same(tmp_path, sheet_log):
    workbook = tmp_path / "tracker.xlsx"
    pd.read_csv(SHEET, dtype=str).to_excel(workbook, index=False, sheet_name="Tracker")
    log = load_log(workbook, today=TODAY)
    assert log.events["type"].value_counts().to_dict() == (
        sheet_log.events["type"].value_counts().to_dict()
    )


def test_free_phrases_dates_inside_words_and_unlisted_step_headers(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Name,How we met,Date I first reached out,Heard back?,Thanked?\n"
        "Ana,Slack group,8/3,yes 8/5,x\n"
        "Bo,hackathon,8/4,sent Sept 3,\n"
        'Cy,alumnni,"Oct 1, 2026",no,\n',
        encoding="utf-8",
    )
    with pytest.raises(LogError) as info:  # a one-word typo is still asked about
        load_log(path, today=TODAY)
    (typo,) = info.value.errors
    assert (typo.kind, typo.value, typo.hint) == (
        "unknown_value",
        "alumnni",
        "did you mean 'alumni'?",
    )
    path.write_text(path.read_text(encoding="utf-8").replace("alumnni", "alumni"), encoding="utf-8")
    log = load_log(path, today=TODAY)
    by = log.events.set_index(["contact_id", "type"])["date"]
    assert by["ana", "reply"] == pd.Timestamp("2026-08-05")  # "yes 8/5"
    assert by["bo", "reply"] == pd.Timestamp("2026-09-03")  # "sent Sept 3"
    assert by["ana", "thank_you"] == pd.Timestamp("2026-08-05")  # tick: nearest earlier date
    assert ("cy", "reply") not in by.index  # "no"
    contacts = log.contacts.set_index("contact_id")["source"]
    assert contacts.to_dict() == {"ana": "other", "bo": "event", "cy": "alumni"}
    (phrase,) = [w for w in log.warnings if w.kind == "unknown_value"]
    assert (phrase.row, phrase.column, phrase.value) == (2, "How we met", "Slack group")


def test_rows_without_a_name_are_left_out_and_listed(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Name,Company,Date reached out,Replied?\n"
        "Ana,Acme,2026-10-01,yes\n"
        ",September,,\n"
        "Bo,Globex,2026-10-02,\n"
        ",,TOTAL 2,1\n",
        encoding="utf-8",
    )
    log = load_log(path, today=TODAY)
    assert sorted(log.contacts["contact_id"]) == ["ana", "bo"]
    assert log.events["type"].astype(str).value_counts().to_dict() == {"outreach": 2, "reply": 1}
    left = [(w.row, w.column, w.value) for w in log.warnings if w.kind == "left_out_row"]
    assert left == [(3, "Name", "September"), (5, "Name", "TOTAL 2, 1")]


def test_a_name_twice_is_one_person_or_two_by_organization(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Name,Company,Date reached out,Coffee chat date\n"
        "Ana Ruiz,Acme,2026-09-01,2026-09-08\n"
        "Ana Ruiz,Globex,2026-09-02,\n"
        "Bo Park,Initech,2026-09-03,\n"
        "Bo Park,Initech,,2026-10-01\n",
        encoding="utf-8",
    )
    log = load_log(path, today=TODAY)
    assert sorted(log.contacts["contact_id"]) == ["ana-ruiz-acme", "ana-ruiz-globex", "bo-park"]
    by = log.events.groupby("contact_id", observed=True)["type"].apply(
        lambda t: sorted(map(str, t))
    )
    assert by["bo-park"] == ["meeting", "outreach"]  # both rows of Bo count
    (repeat,) = [w for w in log.warnings if w.kind == "duplicate_id"]
    assert (repeat.row, repeat.value, repeat.hint) == (5, "Bo Park", "first listed in row 4")
