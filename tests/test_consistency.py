"""Every figure shown twice is the same number; a past period re-run later is unchanged.

Two layers: the metric functions on generated logs (hypothesis: each headline figure
equals the table row that shows it again), and the three personal report notebooks
run through papermill on the shipped sample, once on all of it and once on the data
cut at the period's end (their `metrics.json` files must be equal and agree with
themselves).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from test_asof_properties import MONTHS, SETTINGS, cut_by_hand, logs

from infoview_analysis import load_log
from infoview_analysis.cli import main
from infoview_analysis.core.periods import history_start, parse_period
from infoview_analysis.metrics import conversion, growth, referrals
from infoview_analysis.sample import write_log
from infoview_analysis.views import headlines

PERSONAL = Path(__file__).resolve().parents[1] / "data" / "sample" / "personal"
REPORTS = ("network_growth", "referral_chains", "followup_conversion")
PERIOD = "2026-10"


# ----------------------------------------------------------------------------- functions


@SETTINGS
@given(logs(), st.sampled_from(MONTHS))
def test_headlines_equal_their_tables(log, label):
    period = parse_period(label)
    end = period.end
    cut = log.as_of(end)

    g = headlines.growth_headline(cut, period).set_index("metric")
    history = growth.network_growth(cut, "M", history_start(period, "M", 3), end)
    now, before = history.iloc[-1], history.iloc[-2]
    for metric in ("new_contacts", "new_via_referral", "outreach", "meetings", "active_contacts"):
        assert g.loc[metric, "current"] == now[metric], metric
        assert g.loc[metric, "previous"] == before[metric], metric
    assert g.loc["total_contacts", "current"] == now["cumulative_contacts"]
    by_source = growth.network_growth(cut, "M", period.start, end, by="source")
    assert by_source["new_contacts"].sum() == now["new_contacts"]

    r = headlines.referral_headline(cut, period).set_index("metric")
    assert r.loc["introductions", "current"] == now["new_via_referral"]  # one figure, two names
    chains = referrals.referral_chains(cut)
    dated = (cut.contacts["added_on"] < end).to_numpy()
    deepest = chains.loc[dated, "depth"].max()
    assert r.loc["deepest_chain", "current"] == (0 if pd.isna(deepest) else deepest)
    roots = referrals.referral_roots(cut)
    assert roots["descendants"].sum() == ((chains["depth"] > 1) & ~chains["cycle"]).sum()

    c = headlines.conversion_headline(cut, period).set_index("metric")
    f = conversion.funnel(cut, start=period.start, end=end).iloc[0]
    for stage in ("contacted", "replied", "met"):
        assert c.loc[stage, "current"] == f[stage], stage
    for metric, column in (("reply_rate", "replied_rate"), ("thanked_rate", "thanked_rate")):
        assert (
            pd.isna(c.loc[metric, "current"])
            and pd.isna(f[column])
            or (c.loc[metric, "current"] == pytest.approx(f[column]))
        )
    todo = conversion.overdue(cut, as_of=end)
    assert c.loc["overdue_thank_you", "current"] == (todo["owed"] == "thank_you").sum()
    assert c.loc["overdue_follow_up", "current"] == (todo["owed"] == "follow_up").sum()
    # "met" and "converted" mean one thing in the sources and the follow-up tables
    sources = conversion.funnel(cut, by="source", end=end)
    effect = conversion.followup_effect(cut, end=end)
    threads = conversion.threads(cut, end=end)
    assert effect["threads"].sum() == sources["met"].sum() == threads["met"].sum()
    assert effect["converted"].sum() == (threads["met"] & threads["converted"]).sum()
    assert sources["converted"].sum() == threads["converted"].sum()


# ----------------------------------------------------------------------------- reports


def run_reports(data: Path, out: Path) -> dict[str, dict]:
    metrics = {}
    for report in REPORTS:
        result = CliRunner().invoke(
            main,
            ["report", report, "--data", str(data), "--owner", "me", "--period", PERIOD]
            + ["--out", str(out)],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        folder = out / report / PERIOD / "me"
        metrics[report] = json.loads((folder / "metrics.json").read_text())
    return metrics


@pytest.fixture(scope="module")
def sample_metrics(tmp_path_factory) -> dict[str, dict[str, dict]]:
    if not PERSONAL.exists():
        pytest.skip(f"no sample data at {PERSONAL}")
    root = tmp_path_factory.mktemp("consistency")
    cut_folder = root / "cut"
    write_log(cut_by_hand(load_log(PERSONAL), parse_period(PERIOD).end), cut_folder, roster=False)
    return {
        "full": run_reports(PERSONAL, root / "full"),
        "cut": run_reports(cut_folder, root / "cut-out"),
    }


@pytest.mark.notebook
def test_past_period_rerun_with_more_data_gives_the_same_metrics(sample_metrics):
    full, cut = sample_metrics["full"], sample_metrics["cut"]
    for report in REPORTS:
        assert full[report] == cut[report], report
        assert len(full[report]) > 20, "metrics.json holds the tables' figures too"


@pytest.mark.notebook
def test_metrics_file_agrees_with_itself(sample_metrics):
    g = sample_metrics["full"]["network_growth"]
    for metric in ("new_contacts", "new_via_referral", "outreach", "meetings", "active_contacts"):
        assert g[metric] == g[f"history.{PERIOD}.{metric}"], metric
        assert g[f"previous.{metric}"] == g[f"history.2026-09.{metric}"], metric
    assert g["total_contacts"] == g[f"history.{PERIOD}.cumulative_contacts"]
    by_source = [
        v for k, v in g.items() if k.startswith("new_by_source.") and k.endswith(".new_contacts")
    ]
    assert sum(by_source) == g["new_contacts"]

    r = sample_metrics["full"]["referral_chains"]
    assert r["introductions"] == g["new_via_referral"]

    c = sample_metrics["full"]["followup_conversion"]
    for stage in ("contacted", "replied", "met"):
        assert c[stage] == c[f"funnel.0.{stage}"], stage
    assert c["reply_rate"] == pytest.approx(c["funnel.0.replied_rate"])
    assert c["thanked_rate"] == pytest.approx(c["funnel.0.thanked_rate"])
    assert c["overdue_thank_you"] == c["to_do.thank_you"]
    assert c["overdue_follow_up"] == c["to_do.follow_up"]

    def total(prefix: str, suffix: str) -> float:
        return sum(v for k, v in c.items() if k.startswith(prefix) and k.endswith(suffix))

    met = total("by_source.", ".met")
    assert met == total("followup.", ".threads") > 0
    # everyone who converted had met on this sample; both tables say so with one number
    assert total("by_source.", ".converted") == total("followup.", ".converted") > 0
