"""The report runner: periods, typed and refused parameters, the five notebooks on the
sample data, atomic outputs on failure, the `infoview report` command and the index.

Tests marked `notebook` execute notebooks through papermill (a few seconds each); the
five sample reports run once per session (see `conftest.sample_reports`).
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import COHORT, PERIOD, PERSONAL, SAMPLE_REPORTS

from infoview_analysis import sample
from infoview_analysis.cli import main
from infoview_analysis.core.periods import (
    latest_full_period,
    parse_period,
    periods_between,
    report_period,
    window,
)
from infoview_analysis.reports.index import collect_runs, write_index
from infoview_analysis.reports.parameters import (
    NOTEBOOKS,
    ReportError,
    check_parameters,
    parse_value,
)
from infoview_analysis.reports.runner import ReportJob, run_job, run_jobs

OCT = parse_period(PERIOD)
START, END = pd.Timestamp("2026-10-01"), pd.Timestamp("2026-11-01")


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def invoke(*args: str):
    return CliRunner().invoke(main, ["report", *args], catch_exceptions=False)


# ----------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    "label, start, end, freq",
    [
        ("2026-10", "2026-10-01", "2026-11-01", "M"),
        ("2026-1", "2026-01-01", "2026-02-01", "M"),
        ("2026-12", "2026-12-01", "2027-01-01", "M"),
        ("2026-W44", "2026-10-26", "2026-11-02", "W"),
        ("2026-W01", "2025-12-29", "2026-01-05", "W"),  # ISO week 1 starts in December
        ("2026-W53", "2026-12-28", "2027-01-04", "W"),  # 2026 has 53 ISO weeks
        ("2026-Q3", "2026-07-01", "2026-10-01", "Q"),
        ("2026-q4", "2026-10-01", "2027-01-01", "Q"),
        ("2026", "2026-01-01", "2027-01-01", "Y"),
        (" 2026-10 ", "2026-10-01", "2026-11-01", "M"),
    ],
)
def test_parse_period(label, start, end, freq):
    p = parse_period(label)
    assert (p.start, p.end, p.freq) == (ts(start), ts(end), freq)
    assert p.contains(pd.Series([ts(start), ts(end) - pd.Timedelta("1s"), ts(end)])).tolist() == [
        True,
        True,
        False,
    ]


def test_period_labels_are_canonical():
    assert [parse_period(t).label for t in ("2026-1", "2026-w44", "2026-q3", "2026")] == [
        "2026-01",
        "2026-W44",
        "2026-Q3",
        "2026",
    ]


@pytest.mark.parametrize(
    "label, hint",
    [
        ("2026-13", "is not a period"),
        ("2026-00", "is not a period"),
        ("2026-Q5", "is not a period"),
        ("October", "is not a period"),
        ("", "is not a period"),
        ("2026-10-01", "is not a period"),
        ("2025-W53", "2025 has ISO weeks W01 to W52"),
        ("2026-W00", "2026 has ISO weeks W01 to W53"),
    ],
)
def test_bad_period_labels_raise_a_clear_value_error(label, hint):
    with pytest.raises(ValueError) as err:
        parse_period(label)
    message = str(err.value)
    assert repr(label) in message and hint in message
    if "period" in hint:
        assert "2026-10" in message and "2026-W44" in message and "2026-Q3" in message


def test_previous():
    assert parse_period("2026-01").previous().label == "2025-12"
    assert parse_period("2026-03").previous().start == ts("2026-02-01")
    assert parse_period("2026-W01").previous().label == "2025-W52"
    assert parse_period("2027-W01").previous().label == "2026-W53"
    assert parse_period("2026-Q1").previous().label == "2025-Q4"
    assert parse_period("2026").previous().label == "2025"
    w = window("2026-10-01", "2026-10-15").previous()
    assert (w.start, w.end, w.label) == (
        ts("2026-09-17"),
        ts("2026-10-01"),
        "2026-09-17_2026-09-30",
    )


def test_window_labels_and_order():
    w = window("2026-10-01", "2026-10-15")
    assert (w.label, w.start, w.end, w.freq) == (
        "2026-10-01_2026-10-14",
        START,
        ts("2026-10-15"),
        None,
    )
    assert window("2026-10-01", "2026-10-02").label == "2026-10-01_2026-10-01"
    with pytest.raises(ValueError, match="must come after the start"):
        window("2026-10-05", "2026-10-01")
    with pytest.raises(ValueError, match="must come after the start"):
        window("2026-10-05", "2026-10-05")


def test_periods_between_backfills_a_series():
    months = periods_between("month", "2026-08-01", "2026-10-31")
    assert [p.label for p in months] == ["2026-08", "2026-09", "2026-10"]
    assert all(a.end == b.start for a, b in zip(months, months[1:], strict=False))
    assert [p.label for p in periods_between("month", "2026-08-15", "2026-10-02")] == [
        "2026-08",
        "2026-09",
        "2026-10",
    ]
    weeks = periods_between("week", "2026-10-01", "2026-10-31")  # Thu 1 Oct .. Sat 31 Oct
    assert [p.label for p in weeks] == ["2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44"]
    assert weeks[0].start == ts("2026-09-28")
    assert [p.label for p in periods_between("quarter", "2026-02-10", "2026-07-01")] == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
    ]
    assert [p.label for p in periods_between("month", "2026-10-31", "2026-10-31")] == ["2026-10"]


def test_latest_full_period():
    assert latest_full_period("M", "2026-11-14").label == "2026-10"
    assert latest_full_period("M", "2026-11-01").label == "2026-10"
    assert latest_full_period("M", "2026-11-12 10:15").label == "2026-10"  # a timestamp
    assert latest_full_period("M", "2026-01-03").label == "2025-12"
    assert latest_full_period("W", "2026-11-12").label == "2026-W45"  # Thu of W46
    assert latest_full_period("Q", "2026-11-12").label == "2026-Q3"


def test_report_period():
    named = report_period("2026-10-01", "2026-11-01", "2026-10")
    assert (named.freq, named.previous().label) == ("M", "2026-09")
    # a label that does not match the dates is ignored: the dates rule
    other = report_period("2026-10-01", "2026-11-01", "2026-09")
    assert (other.freq, other.label) == (None, "2026-10-01_2026-10-31")
    assert report_period("2026-10-01", "2026-11-01", "not a label").freq is None
    assert report_period("2026-10-01", "2026-10-15").previous().label == "2026-09-17_2026-09-30"


# ----------------------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    "text, kind, expected",
    [
        ("3", "int", 3),
        (" 30 ", "int", 30),
        ("-2", "int", -2),
        ("0.5", "float", 0.5),
        ("2", "float", 2.0),
        ("yes", "bool", True),
        ("True", "bool", True),
        ("1", "bool", True),
        ("off", "bool", False),
        ("false", "bool", False),
        ("None", "Optional[str]", None),
        ("2026-10-05", "Optional[str]", "2026-10-05"),
        ("s0001", "Optional[str]", "s0001"),
        ("None", "str", None),
        ("3", "str", "3"),  # a string parameter stays a string
        ("M", "str", "M"),
        ('["cohort"]', "list", ["cohort"]),
        ("['cohort', 'program']", "list", ["cohort", "program"]),
        ("[1, 2]", None, [1, 2]),
        ("3", None, 3),
        ("hello", None, "hello"),
    ],
)
def test_parse_value_types_by_declared_type(text, kind, expected):
    value = parse_value(text, kind)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    "text, kind, message",
    [
        ("three", "int", "not a whole number"),
        ("2.5", "int", "not a whole number"),
        ("x", "float", "not a number"),
        ("maybe", "bool", "not a yes/no value"),
    ],
)
def test_parse_value_refuses_values_of_the_wrong_type(text, kind, message):
    with pytest.raises(ReportError, match=message):
        parse_value(text, kind)


def test_check_parameters_types_values_by_the_notebook():
    typed = check_parameters(
        "followup_conversion",
        {"thank_days": "3", "anonymize": "yes", "as_of": "None", "follow_days": 45},
    )
    assert typed == {"thank_days": 3, "anonymize": True, "as_of": None, "follow_days": 45}
    assert type(typed["thank_days"]) is int
    typed = check_parameters("cohort_outcomes", {"group_by": '["advisor"]', "min_group": "4"})
    assert typed == {"group_by": ["advisor"], "min_group": 4}
    assert check_parameters("network_growth", {"freq": "Q"}) == {"freq": "Q"}
    assert check_parameters("network_growth", {}) == {}


@pytest.mark.parametrize("name", ["x; import os", "1abc", "class", "", "a-b", "__import__('os')"])
def test_non_identifier_names_refused(name):
    with pytest.raises(ReportError, match="not a Python identifier: refused"):
        check_parameters("network_growth", {name: "1"})


def test_unknown_names_refused_with_the_known_ones():
    with pytest.raises(ReportError) as err:
        check_parameters("network_growth", {"nope": "1"})
    message = str(err.value)
    assert "has no parameter 'nope': refused" in message
    assert "active_days" in message and "history_periods" in message


def test_unknown_report_refused():
    with pytest.raises(ReportError, match="there is no report 'nope'"):
        check_parameters("nope", {})


@pytest.mark.parametrize("name", ["x; import os", "1abc", "class", "nope"])
def test_refused_before_anything_runs(tmp_path, name):
    out = tmp_path / "out"
    job = ReportJob("network_growth", OCT, str(PERSONAL), "me", {name: "1"}, out)
    with pytest.raises(ReportError, match="refused"):
        run_job(job)
    assert not out.exists()
    good = ReportJob("network_growth", OCT, str(PERSONAL), "me", {}, out)
    with pytest.raises(ReportError, match="refused"):
        run_jobs([good, job], workers=2, progress=False)  # the good one does not run either
    assert not out.exists()


@pytest.mark.parametrize("name", ["x; import os", "1abc", "class", "nope"])
def test_cli_refuses_parameter_names(tmp_path, name):
    out = tmp_path / "out"
    result = invoke(
        "network_growth", "--data", str(PERSONAL), "--owner", "me", "--period", PERIOD,
        "--param", f"{name}=1", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 2
    assert "refused" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_cli_bad_period_is_a_usage_error_not_a_traceback(tmp_path):
    out = tmp_path / "out"
    for args in (["--period", "October"], ["--start", "2026-10-05", "--end", "2026-10-01"]):
        result = invoke("network_growth", "--data", str(PERSONAL), *args, "--out", str(out))
        assert result.exit_code == 2, result.output
        assert "Error: " in result.output and "Traceback" not in result.output
    assert not out.exists()


# ----------------------------------------------------------------------------- expected numbers


def read_sample(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    contacts = pd.read_csv(folder / "contacts.csv", parse_dates=["added_on"])
    events = pd.read_csv(folder / "events.csv", parse_dates=["date"])
    return contacts, events


def expected_growth(contacts, events) -> dict:
    new = contacts[(contacts["added_on"] >= START) & (contacts["added_on"] < END)]
    month = events[(events["date"] >= START) & (events["date"] < END)]
    recent = events[(events["date"] >= END - pd.Timedelta(days=90)) & (events["date"] < END)]
    return {
        "new_contacts": len(new),
        "new_via_referral": int(new["referred_by"].notna().sum()),
        "outreach": int((month["type"] == "outreach").sum()),
        "meetings": int((month["type"] == "meeting").sum()),
        "active_contacts": len(recent[["owner_id", "contact_id"]].drop_duplicates()),
        "total_contacts": int((contacts["added_on"] < END).sum()),
    }


def expected_funnel(contacts, events) -> dict:
    """Threads first contacted in October; replied/met counted with what happened by 1 Nov."""
    before = events[events["date"] < END]
    key = ["owner_id", "contact_id"]
    first = before[before["type"] == "outreach"].groupby(key)["date"].min().rename("first")
    first = first[(first >= START) & (first < END)]
    threads = before.merge(first.reset_index(), on=key)
    answered = threads[
        threads["type"].isin(["reply", "scheduled", "meeting"])
        & (threads["date"] >= threads["first"])
    ]
    replied = set(map(tuple, answered[key].drop_duplicates().to_numpy()))
    met = set(
        map(tuple, threads.loc[threads["type"] == "meeting", key].drop_duplicates().to_numpy())
    )
    return {
        "contacted": float(len(first)),
        "replied": float(len(replied)),
        "met": float(len(replied & met)),
        "reply_rate": len(replied) / len(first),
    }


def expected_referrals(contacts) -> dict:
    new = contacts[(contacts["added_on"] >= START) & (contacts["added_on"] < END)]
    referrer = dict(zip(contacts["contact_id"], contacts["referred_by"], strict=True))

    def people_in_chain(contact: str) -> int:  # the contact and everyone above them
        depth = 1
        while isinstance(referrer.get(contact), str):
            contact, depth = referrer[contact], depth + 1
        return depth

    known = contacts.loc[contacts["added_on"] < END, "contact_id"]
    return {
        "introductions": float(new["referred_by"].notna().sum()),
        "introducers": float(new["referred_by"].dropna().nunique()),
        "deepest_chain": float(max(map(people_in_chain, known))),
    }


CAREER = {  # NACE: employed in any form, military, volunteer/service, continuing education
    "employed", "employed_full_time", "employed_part_time", "entrepreneur",
    "temporary_contract", "freelance", "military_service", "volunteer_service",
    "continuing_education",
}  # fmt: skip


def expected_cohort(folder: Path) -> dict:
    _, events = read_sample(folder)
    roster = pd.read_csv(folder / "roster.csv", parse_dates=["outcome_date"])
    month = events[(events["date"] >= START) & (events["date"] < END)]
    meetings = month[month["type"] == "meeting"]
    # as of the end: an outcome dated on or after it is not known yet
    outcome = roster["outcome"].where(
        roster["outcome_date"].isna() | (roster["outcome_date"] < END)
    )
    known = outcome.notna() & (outcome != "unknown")
    career = outcome.isin(CAREER)
    return {
        "owners": float(len(roster)),
        "active_owners": float(month["owner_id"].nunique()),
        "meetings": float(len(meetings)),
        # per student who met someone in the period
        "median_meetings": float(meetings["owner_id"].value_counts().median()),
        # NACE: career / (known - not seeking)
        "career_outcomes_rate": career.sum() / (known.sum() - (outcome == "not_seeking").sum()),
    }


def test_expected_numbers_are_not_trivial():
    """The independent computations above find real activity in the shipped sample's
    October 2026, so comparing the reports with them proves something."""
    contacts, events = read_sample(PERSONAL)
    growth = expected_growth(contacts, events)
    assert growth["new_contacts"] >= 5 and growth["meetings"] >= 5
    assert 0 < growth["new_via_referral"] < growth["new_contacts"] <= growth["total_contacts"]
    funnel = expected_funnel(contacts, events)
    assert funnel["contacted"] > funnel["replied"] > funnel["met"] > 0
    referrals = expected_referrals(contacts)
    assert referrals["introductions"] >= referrals["introducers"] > 0
    assert referrals["deepest_chain"] >= 3
    cohort = expected_cohort(COHORT)
    assert cohort["owners"] > cohort["active_owners"] > 0 and cohort["meetings"] > 0
    assert 0 < cohort["career_outcomes_rate"] < 1


# ----------------------------------------------------------------------------- the five reports


class _Html(HTMLParser):
    """Classes, <img> sources and every src/href of a page, and its visible text."""

    def __init__(self):
        super().__init__()
        self.classes: set[str] = set()
        self.images: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.classes.update((attrs.get("class") or "").split())
        if tag == "img":
            self.images.append(attrs.get("src") or "")
        self.links += [v for k, v in attrs.items() if k in ("src", "href") and v]
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def report_dir(root: Path, name: str) -> Path:
    owner = SAMPLE_REPORTS[name][1]
    folder = root / name / PERIOD
    return folder / owner if owner else folder


NAMES = list(SAMPLE_REPORTS)


@pytest.mark.notebook
@pytest.mark.parametrize("name", NAMES)
def test_report_files(sample_reports, name):
    run = sample_reports["results"][name]
    assert run["status"] == "ok", run["error"]
    folder = report_dir(sample_reports["root"], name)
    assert Path(run["out_dir"]) == folder
    for file in ("report.html", "report.ipynb", "metrics.json", "run.json"):
        assert (folder / file).is_file(), file
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]
    assert leftovers == [] and not (folder / "failed.ipynb").exists()

    record = json.loads((folder / "run.json").read_text())
    data, owner = SAMPLE_REPORTS[name]
    assert record["status"] == "ok" and record["error"] is None
    assert (record["report"], record["period"], record["owner"]) == (name, PERIOD, owner)
    assert (record["start"], record["end"]) == ("2026-10-01", "2026-11-01")
    assert record["parameters"]["data"] == str(data)
    assert record["parameters"]["period_label"] == PERIOD
    assert record["parameters"]["owner"] == owner
    assert record["package_version"] == "0.1.0"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", record["started_at"])
    assert 0 < record["duration_seconds"] < 300
    assert "git_revision" in record

    executed = nbformat.read(folder / "report.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and f'period_label = "{PERIOD}"' in injected[0].source
    assert all(c.execution_count is not None for c in executed.cells if c.cell_type == "code"), (
        "every cell ran"
    )


@pytest.mark.notebook
@pytest.mark.parametrize("name", NAMES)
def test_report_html_is_offline_and_shows_no_code(sample_reports, name):
    page = (report_dir(sample_reports["root"], name) / "report.html").read_text(encoding="utf-8")
    parsed = _Html()
    parsed.feed(page)
    text = "".join(parsed.text)
    body = page[page.index("<body") :]
    cells = re.split(r'(?=<div (?:id="[^"]*" )?class="jp-Cell )', body)[1:]
    code = [c for c in cells if 'class="jp-Cell jp-CodeCell' in c[: c.index(">")]]
    assert code and len(code) < len(cells)
    for cell in code:  # a code cell keeps its outputs, never its input
        head = cell[: cell.index(">")]
        assert "jp-mod-noInput" in head, head
        # (a code sample in an output's Markdown is highlighted too: not an input)
        for marker in ("jp-InputArea", "jp-Cell-inputWrapper", "jp-InputPrompt"):
            assert marker not in cell, f"{marker} in {head}"
    assert "jp-OutputPrompt" not in body
    assert "Traceback" not in text
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    for cell in notebook.cells:  # no line of code shows up as text
        if cell.cell_type == "code":
            first = cell.source.splitlines()[0].strip()
            assert first not in text, first
    assert "load_log(" not in text and "save_metrics(" not in text
    assert parsed.images, "every report has at least one figure"
    assert all(src.startswith("data:image/png;base64,") for src in parsed.images)
    assert all(" alt=" in tag for tag in re.findall(r"<img\b[^>]*>", page))  # screen readers
    remote = [link for link in parsed.links if re.match(r"(?i)\s*(https?:)?//", link)]
    assert remote == []
    assert not re.search(r"<link[^>]+stylesheet", page)  # styles are inline
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert PERIOD in title
    assert "Generated by infoview 0.1.0" in text


@pytest.mark.notebook
def test_network_growth_metrics(sample_reports):
    metrics = json.loads(
        (report_dir(sample_reports["root"], "network_growth") / "metrics.json").read_text()
    )
    expected = expected_growth(*read_sample(PERSONAL))
    assert {k: metrics[k] for k in expected} == expected  # the headline; tables follow


@pytest.mark.notebook
def test_followup_conversion_metrics(sample_reports):
    folder = report_dir(sample_reports["root"], "followup_conversion")
    metrics = json.loads((folder / "metrics.json").read_text())
    expected = expected_funnel(*read_sample(PERSONAL))
    assert {k: metrics[k] for k in expected} == pytest.approx(expected)
    assert {
        "contacted", "replied", "met", "reply_rate", "thanked_rate",
        "overdue_thank_you", "overdue_follow_up",
    } <= set(metrics)  # fmt: skip
    assert 0 <= metrics["thanked_rate"] <= 1
    assert metrics["overdue_thank_you"] >= 0 and metrics["overdue_follow_up"] >= 0


@pytest.mark.notebook
def test_referral_chains_metrics(sample_reports):
    folder = report_dir(sample_reports["root"], "referral_chains")
    metrics = json.loads((folder / "metrics.json").read_text())
    expected = expected_referrals(read_sample(PERSONAL)[0])
    assert {k: metrics[k] for k in expected} == expected
    assert metrics["outcomes_via_chains"] >= 0


@pytest.mark.notebook
def test_explore_network_metrics(sample_reports):
    folder = report_dir(sample_reports["root"], "explore_network")
    metrics = json.loads((folder / "metrics.json").read_text())
    contacts, _ = read_sample(PERSONAL)
    assert metrics["contacts"] == len(contacts)
    assert metrics["nodes"] == len(contacts) + 1  # the contacts and "me"
    assert metrics["referral_edges"] == contacts["referred_by"].notna().sum() > 0
    assert metrics["edges"] == len(contacts)  # a tree: one edge into every contact
    assert metrics["components"] == metrics["owners"] == 1


@pytest.mark.notebook
def test_cohort_outcomes_metrics(sample_reports):
    folder = report_dir(sample_reports["root"], "cohort_outcomes")
    metrics = json.loads((folder / "metrics.json").read_text())
    expected = expected_cohort(COHORT)
    assert {k: metrics[k] for k in expected} == pytest.approx(expected)  # headline; tables follow
    page = (folder / "report.html").read_text(encoding="utf-8")
    contacts, _ = read_sample(COHORT)
    names = contacts["name"].dropna().unique()
    assert not [n for n in names[:200] if n in page], "no contact names in the advisors' report"


@pytest.mark.notebook
def test_index_links_every_sample_report(sample_reports):
    root = sample_reports["root"]
    runs = collect_runs(root)
    assert sorted(runs["report"]) == sorted(NAMES)
    assert set(runs["status"]) == {"ok"} and set(runs["period"]) == {PERIOD}
    page = (root / "index.html").read_text(encoding="utf-8")
    for name in NAMES:
        link = report_dir(root, name).relative_to(root).as_posix() + "/report.html"
        assert f'href="{link}"' in page
    assert page.count(">ok</span>") == len(NAMES)


# ----------------------------------------------------------------------------- failures


def copy_report(sample_reports, name: str, out: Path) -> Path:
    source = report_dir(sample_reports["root"], name)
    target = report_dir(out, name)
    shutil.copytree(source, target)
    return target


def failing_cell_index(name: str, needle: str) -> int:
    """Index of the first cell containing `needle` in the executed notebook, which has
    papermill's injected-parameters cell right after the parameters cell."""
    cells = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4).cells
    return next(i for i, c in enumerate(cells) if needle in c.source) + 1


@pytest.mark.notebook
def test_failed_run_keeps_the_earlier_good_report(sample_reports, tmp_path):
    folder = copy_report(sample_reports, "network_growth", tmp_path)
    before = {f: (folder / f).read_bytes() for f in ("report.html", "metrics.json", "report.ipynb")}
    job = ReportJob("network_growth", OCT, str(PERSONAL), "me", {"freq": "X"}, tmp_path)
    result = run_job(job, force=True)
    assert result.status == "failed"
    for file, content in before.items():
        assert (folder / file).read_bytes() == content, f"{file} changed"
    record = json.loads((folder / "run.json").read_text())
    assert record["status"] == "failed"
    assert record["parameters"]["freq"] == "X"
    error = record["error"]
    assert error["cell_index"] == failing_cell_index("network_growth", "history_start(period, freq")
    assert error["ename"] == "ValueError"
    assert "unknown period kind 'X'" in error["evalue"]
    assert "history_start(period, freq" in error["source"]
    assert (folder / "failed.ipynb").exists()  # the executed notebook, for debugging
    assert sorted(p.name for p in folder.iterdir()) == [
        "failed.ipynb", "metrics.json", "report.html", "report.ipynb", "run.json",
    ]  # fmt: skip
    text = result.describe_failure()
    assert f"failed in cell {error['cell_index']}" in text
    assert "ValueError: unknown period kind 'X'" in text

    write_index(tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert ">failed</span>" in index and "the link shows the earlier good report" in index
    assert 'href="network_growth/2026-10/me/report.html"' in index


@pytest.mark.notebook
def test_failed_run_without_earlier_report_leaves_no_html(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n")
    job = ReportJob("network_growth", OCT, str(bad), None, {}, tmp_path / "out")
    result = run_job(job)
    assert result.status == "failed"
    folder = tmp_path / "out" / "network_growth" / PERIOD
    assert not (folder / "report.html").exists() and not (folder / "metrics.json").exists()
    assert not (folder / "report.ipynb").exists()
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []
    record = json.loads((folder / "run.json").read_text())
    assert record["status"] == "failed"
    assert record["error"]["ename"] == "LogError"
    assert record["error"]["cell_index"] == failing_cell_index(
        "network_growth", "load_snapshot(data)"
    )
    assert record["error"]["evalue"]


@pytest.mark.notebook
def test_cli_failure_is_one_readable_block_and_exits_nonzero(sample_reports, tmp_path):
    folder = copy_report(sample_reports, "network_growth", tmp_path)
    html = (folder / "report.html").read_bytes()
    result = invoke(
        "network_growth", "--data", str(PERSONAL), "--owner", "me", "--period", PERIOD,
        "--param", "freq=X", "--out", str(tmp_path), "--force", "--jobs", "1",
    )  # fmt: skip
    assert result.exit_code == 1
    out = result.output
    cell = failing_cell_index("network_growth", "history_start(period, freq")
    block = out[out.index("Report 'network_growth' for 2026-10 (owner me) failed in cell") :]
    assert block.startswith(
        f"Report 'network_growth' for 2026-10 (owner me) failed in cell {cell}:"
    )
    source = nbformat.read(NOTEBOOKS / "network_growth.ipynb", as_version=4).cells[cell - 1].source
    assert source.strip().splitlines()[-1].strip() in block  # the failing cell's code, shown
    assert "ValueError: unknown period kind 'X'" in block
    assert "run.json" in block
    assert "Traceback" not in out and 'File "' not in out
    assert "0 report(s) written" in out and "1 failed" in out
    assert (folder / "report.html").read_bytes() == html


# ----------------------------------------------------------------------------- the command


@pytest.mark.notebook
def test_dry_run_prepares_without_executing(tmp_path):
    out = tmp_path / "out"
    result = invoke(
        "followup_conversion", "--data", str(PERSONAL), "--owner", "me", "--period", "2026-W44",
        "--param", "thank_days=3", "--dry-run", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "0 report(s) written, 0 already there (use --force), 1 prepared, 0 failed." in result.output
    )
    folder = out / "followup_conversion" / "2026-W44" / "me"
    assert sorted(p.name for p in folder.iterdir()) == ["report.ipynb", "run.json"]
    nb = nbformat.read(folder / "report.ipynb", as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    for line in ('start = "2026-10-26"', 'end = "2026-11-02"', 'period_label = "2026-W44"',
                 'owner = "me"', "thank_days = 3", 'as_of = "2026-11-02"'):  # fmt: skip
        assert line in injected.source
    assert all(c.execution_count is None for c in nb.cells if c.cell_type == "code")
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert json.loads((folder / "run.json").read_text())["status"] == "prepared"
    assert ">prepared</span>" in (out / "index.html").read_text()


@pytest.mark.notebook
def test_every_month_backfills_three_periods(tmp_path):
    out = tmp_path / "out"
    result = invoke(
        "network_growth", "--data", str(PERSONAL), "--owner", "me", "--every", "month",
        "--from", "2026-08-01", "--to", "2026-10-31", "--dry-run", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "3 prepared" in result.output
    periods = sorted(p.name for p in (out / "network_growth").iterdir())
    assert periods == ["2026-08", "2026-09", "2026-10"]
    for label, start, end in [("2026-08", "2026-08-01", "2026-09-01"),
                              ("2026-09", "2026-09-01", "2026-10-01"),
                              ("2026-10", "2026-10-01", "2026-11-01")]:  # fmt: skip
        record = json.loads((out / "network_growth" / label / "me" / "run.json").read_text())
        assert (record["start"], record["end"], record["status"]) == (start, end, "prepared")
    needs_range = invoke("network_growth", "--data", str(PERSONAL), "--every", "month")
    assert needs_range.exit_code == 2 and "--every needs --from and --to" in needs_range.output


@pytest.mark.notebook
def test_existing_reports_skipped_unless_force(sample_reports, tmp_path):
    folder = copy_report(sample_reports, "network_growth", tmp_path)
    record = json.loads((folder / "run.json").read_text())
    record["started_at"] = "2000-01-01T00:00:00+00:00"  # a marker of the earlier run
    (folder / "run.json").write_text(json.dumps(record))
    html = (folder / "report.html").read_bytes()
    args = ["network_growth", "--data", str(PERSONAL), "--owner", "me", "--period", PERIOD,
            "--out", str(tmp_path), "--jobs", "1"]  # fmt: skip
    skipped = invoke(*args)
    assert skipped.exit_code == 0
    assert "0 report(s) written, 1 already there (use --force)" in skipped.output
    assert (folder / "report.html").read_bytes() == html
    assert json.loads((folder / "run.json").read_text())["started_at"].startswith("2000")

    forced = invoke(*args, "--force")
    assert forced.exit_code == 0, forced.output
    assert "1 report(s) written, 0 already there" in forced.output
    record = json.loads((folder / "run.json").read_text())
    assert record["status"] == "ok" and not record["started_at"].startswith("2000")
    metrics = json.loads((folder / "metrics.json").read_text())
    assert metrics["new_contacts"] == expected_growth(*read_sample(PERSONAL))["new_contacts"]


@pytest.fixture(scope="module")
def three_owners(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("three-owners")
    log = sample.generate(owners=3, contacts_per_owner=8, seed=11)
    sample.write_log(log, folder)
    return folder


@pytest.mark.notebook
def test_per_owner_makes_one_report_per_owner(three_owners, tmp_path):
    out = tmp_path / "out"
    result = invoke(
        "followup_conversion", "--data", str(three_owners), "--per-owner", "--period", PERIOD,
        "--jobs", "2", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "3 report(s) written, 0 already there (use --force), 0 prepared, 0 failed." in result.output
    )
    owners = ["s0001", "s0002", "s0003"]
    folder = out / "followup_conversion" / PERIOD
    assert sorted(p.name for p in folder.iterdir()) == owners
    contacts, events = read_sample(three_owners)
    for owner in owners:
        metrics = json.loads((folder / owner / "metrics.json").read_text())
        mine = events[events["owner_id"] == owner]
        expected = expected_funnel(contacts[contacts["owner_id"] == owner], mine)
        assert metrics["contacted"] == expected["contacted"], owner
        assert metrics["replied"] == expected["replied"], owner
        assert metrics["met"] == expected["met"], owner
        assert json.loads((folder / owner / "run.json").read_text())["owner"] == owner
    # the tiny log is not empty in October, or the check above would prove little
    assert (
        sum(json.loads((folder / o / "metrics.json").read_text())["contacted"] for o in owners) > 0
    )

    runs = collect_runs(out)
    assert sorted(zip(runs["owner"], runs["status"], runs["html"], strict=True)) == [
        (owner, "ok", f"followup_conversion/{PERIOD}/{owner}/report.html") for owner in owners
    ]
    index = (out / "index.html").read_text(encoding="utf-8")
    for owner in owners:  # one row per student, linking the report
        assert f'href="followup_conversion/{PERIOD}/{owner}/report.html"' in index
        assert f">{owner}</td>" in index


def test_cli_refuses_unknown_owner_and_report(tmp_path):
    out = tmp_path / "out"
    result = invoke(
        "network_growth", "--data", str(PERSONAL), "--owner", "nobody", "--out", str(out)
    )
    assert result.exit_code == 2 and "owner 'nobody' is not in" in result.output
    result = invoke("nope", "--data", str(PERSONAL), "--out", str(out))
    assert result.exit_code == 2 and "there is no report 'nope'" in result.output
    assert not out.exists()


@pytest.mark.notebook
def test_anonymized_followup_report_shows_no_contact_names(tmp_path):
    import pandas as pd

    from infoview_analysis.core.periods import parse_period
    from infoview_analysis.reports.runner import ReportJob, run_job

    root = Path(__file__).resolve().parents[1]
    job = ReportJob(
        "followup_conversion",
        parse_period("2026-10"),
        str(root / "data" / "sample" / "personal"),
        "me",
        {"anonymize": True},
        tmp_path,
    )
    assert run_job(job).status == "ok"
    html = (job.out_dir / "report.html").read_text()
    names = pd.read_csv(root / "data" / "sample" / "personal" / "contacts.csv")["name"].dropna()
    assert not [n for n in names.unique() if n in html]


@pytest.mark.notebook
def test_todo_advice_shows_a_markup_name_as_typed(tmp_path):
    """The to-do list's sentence names people in Markdown: a name full of markup is
    shown as its characters, never run (it used to reach the page as a live tag)."""
    log = tmp_path / "log.csv"
    name = "<script>alert(1)</script> Ana <img src=x onerror=alert(2)>"
    log.write_text(
        "Name,Date,Type\n"
        f'"{name}",2026-10-01,outreach\n"{name}",2026-10-03,reply\n"{name}",2026-10-05,meeting\n',
        encoding="utf-8",
    )
    result = run_job(ReportJob("followup_conversion", OCT, str(log), None, {}, tmp_path / "out"))
    assert result.status == "ok", result.describe_failure()
    page = (Path(result.out_dir) / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "<img src=x onerror" not in page
    assert "Send a thank-you to <strong>&lt;script&gt;alert(1)&lt;/script&gt; Ana" in page
