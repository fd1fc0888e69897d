"""A network with contacts and no events yet: what `infoview import linkedin` writes.

Every personal report runs on it through the CLI, says plainly that there are no
interactions yet, and skips the sections that need them with one sentence each.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from infoview_analysis.cli import main
from infoview_analysis.core.periods import parse_period
from infoview_analysis.loading.snapshot import load_snapshot
from infoview_analysis.views import headlines

FIXTURE = Path(__file__).parent / "fixtures" / "contacts_only"
LINKEDIN = Path("/work/shared/fixtures/linkedin_2024-10_Connections_raw_excerpt.csv")
PERIOD = "2024-10"
PERSONAL_REPORTS = ("network_growth", "referral_chains", "followup_conversion", "explore_network")


def test_the_conversion_headline_of_a_contacts_only_log_is_all_zero():
    log = load_snapshot(str(FIXTURE))
    headline = headlines.conversion_headline(log, parse_period(PERIOD)).set_index("metric")
    assert headline.loc["contacted", "current"] == 0
    assert headline.loc["overdue_thank_you", "current"] == 0
    assert headline["current"].isna().sum() == 2  # reply rate, thanked rate: no base


def _report_all(data: Path, out: Path, *extra: str):
    return CliRunner().invoke(
        main,
        ["report", "all", "--data", str(data), "--owner", "me", "--out", str(out), *extra],
        catch_exceptions=False,
    )


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """The shared LinkedIn excerpt through `infoview import linkedin` (the real flow)."""
    if not LINKEDIN.exists():
        pytest.skip(f"{LINKEDIN} is absent (shared real-export fixtures not mounted)")
    out = tmp_path_factory.mktemp("linkedin") / "my_network"
    result = CliRunner().invoke(
        main,
        ["import", "linkedin", str(LINKEDIN), "--owner", "me", "--out", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.notebook
def test_report_all_without_a_period_reports_the_latest_full_month_of_contacts(imported, tmp_path):
    # The runner used to refuse: "has no events to report on".
    result = _report_all(imported, tmp_path, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "no events" not in result.output
    assert (tmp_path / "network_growth" / "2024-09" / "me").is_dir()


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    """The four personal reports of October 2024 on the hand-made contacts-only folder."""
    out = tmp_path_factory.mktemp("contacts-only-reports")
    result = _report_all(FIXTURE, out, "--period", PERIOD)
    assert result.exit_code == 0, result.output
    assert "4 report(s) written" in result.output
    return {name: out / name / PERIOD / "me" / "report.html" for name in PERSONAL_REPORTS}


@pytest.mark.notebook
@pytest.mark.parametrize("name", PERSONAL_REPORTS)
def test_each_report_says_there_are_no_interactions_yet(reports, name):
    html = reports[name].read_text()
    assert "no interactions logged yet" in html
    assert "5 contacts" in html


def _text(html: str) -> str:
    """The report's visible words (tags and scripts removed, spaces collapsed)."""
    import re

    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.notebook
def test_followup_conversion_skips_every_section_in_one_sentence(reports):
    html = reports["followup_conversion"].read_text()
    text = _text(html)
    assert "<img" not in html  # no empty charts
    assert "<table" not in html  # no tables of zeros and dashes
    assert "No interactions logged before the end of 2024-10" in text
    assert "Nobody was first contacted in 2024-10, so this period has no funnel." in text
    assert "Nobody has been contacted yet, so there are no sources to compare." in text


@pytest.mark.notebook
def test_network_growth_counts_contacts_without_columns_of_zeros(reports):
    html = reports["network_growth"].read_text()
    text = _text(html)
    # 3 contacts added in October against 2 in September, none introduced
    assert "growing faster than in 2024-09: 3 new contacts against 2. None came through" in text
    assert "Outreach messages sent" not in text  # headline rows of zeros left out
    assert "the table leaves out outreach, meetings and active contacts" in text
    # one source used, so one legend entry in the one chart; no other source is named
    assert html.count("<img") == 1
    for unused in ("alumni", "industry leader", "former employer", "career advisor"):
        assert unused not in text


@pytest.mark.notebook
def test_referral_chains_and_explore_list_no_rows_of_zeros(reports):
    chains = _text(reports["referral_chains"].read_text())
    assert "nothing to rank" in chains
    assert "Descendants" not in chains
    explore = _text(reports["explore_network"].read_text())
    assert "everyone is linked to you alone: no bridges or hubs to list" in explore
    assert "Degree" not in explore
    assert "no strong or dormant ties to list" in explore
    assert "No dormant ties" not in explore
    company = explore.split("Everyone at a company")[1].split("Your strongest")[0]
    assert "Interactions" not in company
    assert "Role" in company and ("Recruiter" in company or "Analyst" in company)  # job titles


@pytest.mark.notebook
def test_the_index_counts_contacts_as_every_report_does(reports):
    index = _text((reports["explore_network"].parents[3] / "index.html").read_text())
    assert "contacts 5 · links 5" in index  # was "people 6": the graph's nodes, you included
    assert "contacts 5" in index.split("Network growth")[1]


def test_a_network_with_no_dates_at_all_is_refused_in_one_line(tmp_path):
    data = tmp_path / "undated"
    data.mkdir()
    (data / "contacts.csv").write_text(
        "owner_id,contact_id,name,source,added_on\nme,ana,Ana Ruiz,linkedin,\n"
    )
    (data / "events.csv").write_text((FIXTURE / "events.csv").read_text())
    result = CliRunner().invoke(
        main, ["report", "all", "--data", str(data), "--owner", "me", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2, result.output
    assert "has no events or dated contacts to report on" in result.output
    assert "Traceback" not in result.output
