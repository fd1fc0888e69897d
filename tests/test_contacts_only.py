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
